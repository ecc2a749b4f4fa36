import type { ParsedInputOf } from '../../../src-shared/contract/index';
import {
  BUILTIN_CLAIM_TYPES,
  CLAIM_STATUS_LABELS,
  type Claim,
  type ClaimRow,
  type ClaimSettings,
  type ClaimStatus,
  type ClaimType,
  EDITABLE_CLAIM_STATUSES,
  OLD_PART_STATE_LABELS,
  type OldPartState,
} from '../../../src-shared/domain/claims';
import { AppError } from '../../../src-shared/errors';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { lockForTransaction } from '../../db/dialect';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import { readClaim, readClaimRows } from './claim-queries';
import { readClaimSettings, writeClaimSettings } from './claims-settings';

const STALE = () => new AppError('CONFLICT', '其他人已修改了这张索赔单，请刷新后再试');
const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The claim columns a write sets (the row's bookkeeping columns are the writer's). */
interface ClaimSet {
  claim_type?: string;
  status?: ClaimStatus;
  claim_no?: string | null;
  deadline?: string | null;
  fault_description?: string;
  cause?: string;
  handling?: string;
  note?: string;
  reported_on?: string | null;
  approved_on?: string | null;
  approved_fen?: number | null;
  rejected_on?: string | null;
  reject_reason?: string;
}

/** The manufacturer's answer as the current round records it. */
interface RoundAnswer {
  result: 'approved' | 'rejected';
  result_on: string;
  approved_fen?: number;
  reject_reason?: string;
}

/**
 * The next `count` old-part tag numbers of a month: 'JJ' + YYMM + '-' + a 4-digit sequence
 * (the settlement's month, else today's). Unique (old_part.tag_no).
 */
export async function nextOldPartTags(trx: Db, day: string, count: number): Promise<string[]> {
  const prefix = `JJ${day.slice(2, 4)}${day.slice(5, 7)}-`;
  // Two counters tagging old parts at once on a server take turns for the month's numbers.
  await lockForTransaction(trx, `old_part_tag:${prefix}`);
  const last = await trx
    .selectFrom('old_part')
    .select('tag_no')
    .where('tag_no', '>=', prefix)
    .where('tag_no', '<', `${prefix.slice(0, -1)}.`)
    .orderBy((eb) => eb.fn('length', ['tag_no']), 'desc')
    .orderBy('tag_no', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = last ? Number(last.tag_no.slice(prefix.length)) || 0 : 0;
  return Array.from({ length: count }, (_, i) => `${prefix}${String(seq + i + 1).padStart(4, '0')}`);
}

/** The audit's picture of a claim (its state and text, not the RO's lines). */
function auditView(c: Claim) {
  return {
    roNumber: c.roNumber,
    status: c.status,
    claimType: c.claimType,
    claimNo: c.claimNo,
    deadline: c.deadlineSet ? c.deadline : null,
    faultDescription: c.faultDescription,
    cause: c.cause,
    handling: c.handling,
    note: c.note,
    reportedOn: c.reportedOn,
    approvedOn: c.approvedOn,
    approvedFen: c.approvedFen,
    rejectedOn: c.rejectedOn,
    rejectReason: c.rejectReason,
    version: c.version,
  };
}

/**
 * 索赔单: a warranty RO's claim from 待填报 to 已结算 (see src-shared/domain/claims.ts, the model).
 * Every write is one transaction, audited, version-checked ("someone else changed it").
 */
export class ClaimsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  today(): string {
    return todayDate(this.clock.now());
  }

  async settings(): Promise<ClaimSettings> {
    return readClaimSettings(this.db);
  }

  async saveSettings(input: ParsedInputOf<'claimSettings.save'>, ctx: CallContext): Promise<ClaimSettings> {
    const at = nowInstant(this.clock.now());
    const claimTypes: ClaimType[] = input.claimTypes.map((t) => ({
      ...t,
      builtin: (BUILTIN_CLAIM_TYPES as readonly string[]).includes(t.code),
    }));
    const next: ClaimSettings = { ...input, claimTypes };
    return this.db.transaction().execute(async (trx) => {
      const before = await readClaimSettings(trx);
      for (const old of before.claimTypes)
        if (old.builtin && !claimTypes.some((t) => t.code === old.code))
          throw AppError.validation('claimTypes', '索赔类型', `内置类型“${old.label}”不能删除（可以改名）`);
      const used = await trx
        .selectFrom('claim')
        .select(['claim_type', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('claim_type')
        .execute();
      for (const u of used) {
        if (claimTypes.some((t) => t.code === u.claim_type)) continue;
        const label = before.claimTypes.find((t) => t.code === u.claim_type)?.label ?? u.claim_type;
        throw AppError.validation('claimTypes', '索赔类型', `“${label}”已有 ${Number(u.n)} 张索赔单，不能删除`);
      }
      await writeClaimSettings(trx, next);
      await writeAudit(trx, ctx, at, {
        action: 'claimSettings.save',
        entity: 'app_setting',
        entityId: null,
        before,
        after: next,
      });
      return readClaimSettings(trx);
    });
  }

  async list(input: ParsedInputOf<'claims.list'>): Promise<{ rows: ClaimRow[]; total: number }> {
    return readClaimRows(this.db, await this.settings(), {
      status: input.status,
      dueBefore: input.dueBefore,
      month: input.month,
      text: input.text,
      limit: input.limit,
      today: this.today(),
    });
  }

  async get(roId: number): Promise<Claim> {
    return readClaim(this.db, await this.settings(), roId, this.today());
  }

  // ---- writes ----

  /** One write: the claim read in the transaction, checked, changed, read back. */
  private change(
    roId: number,
    apply: (trx: Db, before: Claim, w: { at: string; today: string; settings: ClaimSettings }) => Promise<void>,
  ): Promise<Claim> {
    const at = nowInstant(this.clock.now());
    const today = todayDate(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const settings = await readClaimSettings(trx);
      const before = await readClaim(trx, settings, roId, today);
      await apply(trx, before, { at, today, settings });
      return readClaim(trx, settings, roId, today);
    });
  }

  /**
   * Writes the claim's row under its version: the first write (version 0) inserts it (version 1) with
   * its old parts from the RO's warranty part lines; later ones update it (version + 1). A version
   * that moved meanwhile (or a row that appeared) is the "someone else changed it" refusal.
   * Audited; answers the claim's id.
   */
  private async writeRow(
    trx: Db,
    ctx: CallContext,
    at: string,
    before: Claim,
    version: number,
    set: ClaimSet,
    action: string,
    today: string,
  ): Promise<number> {
    let claimId: number;
    if (before.version === 0) {
      if (version !== 0) throw STALE();
      const inserted = await trx
        .insertInto('claim')
        .values({
          ro_id: before.roId,
          claim_type: before.claimType,
          status: 'draft',
          ...set,
          created_at: at,
          created_by: actorName(ctx),
          updated_at: at,
          version: 1,
        })
        .onConflict((oc) => oc.column('ro_id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw STALE();
      claimId = inserted.id;
      await this.partsFromRo(trx, claimId, before, at, today);
    } else {
      if (version !== before.version) throw STALE();
      const r = await trx
        .updateTable('claim')
        .set((eb) => ({ ...set, updated_at: at, version: eb('version', '+', 1) }))
        .where('ro_id', '=', before.roId)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
      if (!r) throw STALE();
      claimId = r.id;
    }
    await writeAudit(trx, ctx, at, {
      action,
      entity: 'claim',
      entityId: claimId,
      before: auditView(before),
      after: set,
    });
    return claimId;
  }

  /** The claim's row, written with its defaults and old parts when it has none (no version: 旧件 only). */
  private async ensureRow(trx: Db, ctx: CallContext, at: string, before: Claim, today: string): Promise<number> {
    if (before.version > 0) {
      const row = await trx.selectFrom('claim').select('id').where('ro_id', '=', before.roId).executeTakeFirstOrThrow();
      return row.id;
    }
    return this.writeRow(trx, ctx, at, before, 0, {}, 'claims.create', today);
  }

  /** One old part per warranty part line of the RO (the first write of its claim). */
  private async partsFromRo(trx: Db, claimId: number, c: Claim, at: string, today: string): Promise<void> {
    const lines = c.parts.filter((p) => p.quantity > 0);
    if (lines.length === 0) return;
    const tags = await nextOldPartTags(trx, c.settledOn ?? today, lines.length);
    await trx
      .insertInto('old_part')
      .values(
        lines.map((p, i) => ({
          claim_id: claimId,
          tag_no: tags[i] ?? '',
          part_number: p.partNumber,
          name: p.name,
          quantity: p.quantity,
          state: 'kept',
          created_at: at,
          updated_at: at,
          version: 1,
        })),
      )
      .execute();
  }

  private static checkVersion(before: Claim, version: number): void {
    if (before.version !== version) throw STALE();
  }

  /** The deadline the clerk set: never before the RO's settlement (nor its opening while not settled). */
  private static checkDeadline(c: Claim, deadline: string | null): void {
    if (deadline === null) return;
    if (c.settledOn !== null && deadline < c.settledOn)
      throw AppError.validation('deadline', '上报期限', `不能早于修理单的结算日 ${c.settledOn}`);
    if (c.settledOn === null && deadline < c.openedOn)
      throw AppError.validation('deadline', '上报期限', `不能早于修理单的开单日 ${c.openedOn}`);
  }

  private static checkDay(
    path: string,
    label: string,
    day: string,
    from: { day: string; what: string },
    today: string,
  ) {
    if (day < from.day) throw AppError.validation(path, label, `不能早于${from.what} ${from.day}`);
    if (day > today) throw AppError.validation(path, label, `不能晚于今天（${today}）`);
  }

  async save(input: ParsedInputOf<'claims.save'>, ctx: CallContext): Promise<Claim> {
    return this.change(input.roId, async (trx, before, { at, today, settings }) => {
      ClaimsService.checkVersion(before, input.version);
      if (!EDITABLE_CLAIM_STATUSES.includes(before.status))
        throw new AppError(
          'CONFLICT',
          before.status === 'reported' || before.status === 'reviewing'
            ? `${CLAIM_STATUS_LABELS[before.status]}的索赔单不能修改，被驳回后可修改后重新上报`
            : `${CLAIM_STATUS_LABELS[before.status]}的索赔单不能修改`,
        );
      if (!settings.claimTypes.some((t) => t.code === input.claimType))
        throw AppError.validation('claimType', '索赔类型', `没有代码为“${input.claimType}”的索赔类型，请从列表中选择`);
      ClaimsService.checkDeadline(before, input.deadline);
      await this.writeRow(
        trx,
        ctx,
        at,
        before,
        input.version,
        {
          claim_type: input.claimType,
          deadline: input.deadline,
          fault_description: input.faultDescription,
          cause: input.cause,
          handling: input.handling,
          note: input.note,
        },
        'claims.save',
        today,
      );
    });
  }

  async report(input: ParsedInputOf<'claims.report'>, ctx: CallContext): Promise<Claim> {
    return this.change(input.roId, async (trx, before, { at, today }) => {
      ClaimsService.checkVersion(before, input.version);
      if (before.status === 'reported' || before.status === 'reviewing')
        throw new AppError('CONFLICT', `这张索赔单已上报（${CLAIM_STATUS_LABELS[before.status]}），不能重复上报`);
      if (before.status === 'approved' || before.status === 'settled')
        throw new AppError('CONFLICT', `这张索赔单${CLAIM_STATUS_LABELS[before.status]}，不能再上报`);
      if (before.faultDescription.trim() === '')
        throw AppError.validation('faultDescription', '故障描述', '上报前请先填写故障描述并保存');
      if (before.deadlineSet && before.deadline !== null) ClaimsService.checkDeadline(before, before.deadline);
      ClaimsService.checkDay(
        'reportedOn',
        '上报日期',
        input.reportedOn,
        { day: before.openedOn, what: '修理单的开单日' },
        today,
      );
      if (before.status === 'rejected' && before.rejectedOn !== null && input.reportedOn < before.rejectedOn)
        throw AppError.validation('reportedOn', '上报日期', `重新上报不能早于驳回日期 ${before.rejectedOn}`);
      const other = await trx
        .selectFrom('claim as c')
        .innerJoin('repair_order as ro', 'ro.id', 'c.ro_id')
        .select('ro.ro_number')
        .where('c.claim_no', '=', input.claimNo)
        .where('c.ro_id', '<>', before.roId)
        .executeTakeFirst();
      if (other)
        throw AppError.validation(
          'claimNo',
          '索赔单号',
          `“${input.claimNo}”已用于修理单 ${other.ro_number} 的索赔单，请核对`,
        );
      const claimId = await this.writeRow(
        trx,
        ctx,
        at,
        before,
        input.version,
        {
          status: 'reported',
          reported_on: input.reportedOn,
          claim_no: input.claimNo,
          rejected_on: null,
          reject_reason: '',
        },
        'claims.report',
        today,
      );
      await trx
        .insertInto('claim_round')
        .values({
          claim_id: claimId,
          round: before.rounds.length + 1,
          reported_on: input.reportedOn,
          reported_by: actorName(ctx),
          claim_no: input.claimNo,
          fault_description: before.faultDescription,
          cause: before.cause,
          handling: before.handling,
          result: 'pending',
        })
        .execute();
    });
  }

  /** The claim waiting for the manufacturer's answer (已上报 or 审核中), else the reason it is not. */
  private static checkAnswerable(before: Claim, what: string): void {
    if (before.status !== 'reported' && before.status !== 'reviewing')
      throw new AppError(
        'CONFLICT',
        `这张索赔单${CLAIM_STATUS_LABELS[before.status]}，只有已上报或审核中的索赔单可以${what}`,
      );
  }

  async review(input: ParsedInputOf<'claims.review'>, ctx: CallContext): Promise<Claim> {
    return this.change(input.roId, async (trx, before, { at, today }) => {
      ClaimsService.checkVersion(before, input.version);
      if (before.status !== 'reported')
        throw new AppError(
          'CONFLICT',
          `这张索赔单${CLAIM_STATUS_LABELS[before.status]}，只有已上报的索赔单可以登记审核中`,
        );
      await this.writeRow(trx, ctx, at, before, input.version, { status: 'reviewing' }, 'claims.review', today);
    });
  }

  async approve(input: ParsedInputOf<'claims.approve'>, ctx: CallContext): Promise<Claim> {
    return this.answer(input, ctx, {
      action: 'claims.approve',
      what: '登记审核通过',
      day: { path: 'approvedOn', label: '通过日期', value: input.approvedOn },
      check: (before) => {
        if (input.approvedFen < 0) throw AppError.validation('approvedFen', '审核金额', '不能为负数');
        if (input.approvedFen > before.warrantyFen)
          throw AppError.validation(
            'approvedFen',
            '审核金额',
            `不能超过修理单的保修金额 ${yuan(before.warrantyFen)} 元`,
          );
      },
      set: { status: 'approved', approved_on: input.approvedOn, approved_fen: input.approvedFen },
      round: { result: 'approved', result_on: input.approvedOn, approved_fen: input.approvedFen },
    });
  }

  async reject(input: ParsedInputOf<'claims.reject'>, ctx: CallContext): Promise<Claim> {
    return this.answer(input, ctx, {
      action: 'claims.reject',
      what: '登记驳回',
      day: { path: 'rejectedOn', label: '驳回日期', value: input.rejectedOn },
      set: { status: 'rejected', rejected_on: input.rejectedOn, reject_reason: input.reason },
      round: { result: 'rejected', result_on: input.rejectedOn, reject_reason: input.reason },
    });
  }

  /**
   * The manufacturer's answer (通过 or 驳回) to a claim waiting for it: the day not before it was
   * reported nor in the future, then the claim's columns and the current round's result.
   */
  private async answer(
    input: { roId: number; version: number },
    ctx: CallContext,
    answer: {
      action: string;
      /** What the clerk was doing, for the wrong-state message. */
      what: string;
      day: { path: string; label: string; value: string };
      check?(before: Claim): void;
      set: ClaimSet;
      round: RoundAnswer;
    },
  ): Promise<Claim> {
    return this.change(input.roId, async (trx, before, { at, today }) => {
      ClaimsService.checkVersion(before, input.version);
      ClaimsService.checkAnswerable(before, answer.what);
      answer.check?.(before);
      const { path, label, value } = answer.day;
      ClaimsService.checkDay(
        path,
        label,
        value,
        { day: before.reportedOn ?? before.openedOn, what: '上报日期' },
        today,
      );
      const claimId = await this.writeRow(trx, ctx, at, before, input.version, answer.set, answer.action, today);
      await this.answerRound(trx, claimId, before, answer.round);
    });
  }

  /** The manufacturer's answer on the current (last) round. */
  private async answerRound(trx: Db, claimId: number, before: Claim, set: RoundAnswer): Promise<void> {
    await trx
      .updateTable('claim_round')
      .set(set)
      .where('claim_id', '=', claimId)
      .where('round', '=', before.rounds.length)
      .execute();
  }

  // ---- old parts (旧件) of a claim ----

  async addOldPart(input: ParsedInputOf<'oldParts.add'>, ctx: CallContext): Promise<Claim> {
    return this.change(input.roId, async (trx, before, { at, today }) => {
      if (before.status === 'settled') throw new AppError('CONFLICT', '这张索赔单已结算，不能再添加旧件');
      const claimId = await this.ensureRow(trx, ctx, at, before, today);
      const [tag] = await nextOldPartTags(trx, before.settledOn ?? today, 1);
      const part = {
        claim_id: claimId,
        tag_no: tag ?? '',
        part_number: input.partNumber,
        name: input.name,
        quantity: input.quantity,
        state: 'kept',
        created_at: at,
        updated_at: at,
        version: 1,
      };
      const r = await trx.insertInto('old_part').values(part).returning('id').executeTakeFirstOrThrow();
      await writeAudit(trx, ctx, at, {
        action: 'oldParts.add',
        entity: 'claim',
        entityId: claimId,
        after: {
          oldPartId: r.id,
          tagNo: part.tag_no,
          partNumber: part.part_number,
          name: part.name,
          quantity: part.quantity,
        },
      });
    });
  }

  async removeOldPart(input: ParsedInputOf<'oldParts.remove'>, ctx: CallContext): Promise<Claim> {
    const part = await this.db
      .selectFrom('old_part as p')
      .innerJoin('claim as c', 'c.id', 'p.claim_id')
      .select(['c.ro_id'])
      .where('p.id', '=', input.id)
      .executeTakeFirst();
    if (!part) throw AppError.notFound('旧件', input.id);
    return this.change(part.ro_id, async (trx, _before, { at }) => {
      const p = await trx.selectFrom('old_part').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow();
      if (p.removed_at !== null) throw new AppError('CONFLICT', `旧件 ${p.tag_no} 已去掉`);
      if (p.version !== input.version) throw new AppError('CONFLICT', '其他人已修改了这个旧件，请刷新后再试');
      if (p.state !== 'kept')
        throw new AppError(
          'CONFLICT',
          `旧件 ${p.tag_no} ${OLD_PART_STATE_LABELS[p.state as OldPartState]}，只有在库的旧件可以去掉`,
        );
      const r = await trx
        .updateTable('old_part')
        .set((eb) => ({ removed_at: at, updated_at: at, version: eb('version', '+', 1) }))
        .where('id', '=', input.id)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '其他人已修改了这个旧件，请刷新后再试');
      await writeAudit(trx, ctx, at, {
        action: 'oldParts.remove',
        entity: 'claim',
        entityId: p.claim_id,
        before: { oldPartId: p.id, tagNo: p.tag_no, name: p.name, quantity: p.quantity },
        after: { removedAt: at },
      });
    });
  }
}
