import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { ClaimSettings, OldPart, OldPartState } from '../../../src-shared/domain/claims';
import { AppError } from '../../../src-shared/errors';
import { addDays, dateOf, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import type { PrintService } from '../print/print.service';
import { toOldPart } from './claim-queries';
import { claimTypeLabel, readClaimSettings } from './claims-settings';
import { type OldPartTag, oldPartTagsHtml } from './old-part-tags.print';

/**
 * The old parts (not removed) with their claim and RO: the one query the list, the tags and the
 * Today board read.
 */
export function oldPartsQuery(db: Db) {
  return db
    .selectFrom('old_part as p')
    .innerJoin('claim as c', 'c.id', 'p.claim_id')
    .innerJoin('repair_order as r', 'r.id', 'c.ro_id')
    .selectAll('p')
    .select(['c.ro_id', 'c.claim_no', 'c.claim_type', 'r.ro_number', 'r.settled_at', 'r.vehicle_id'])
    .where('p.removed_at', 'is', null);
}
export type OldPartRow = Awaited<ReturnType<ReturnType<typeof oldPartsQuery>['executeTakeFirstOrThrow']>>;

/** An old part as the domain's, through claim-queries' one mapping. */
const asOldPart = (settings: ClaimSettings, r: OldPartRow): OldPart =>
  toOldPart(
    r,
    {
      roId: r.ro_id,
      roNumber: r.ro_number,
      claimNo: r.claim_no,
      settledOn: r.settled_at === null ? null : dateOf(r.settled_at),
    },
    settings,
  );

/**
 * The kept old parts due back on or before `day` (settled on or before day − oldPartReturnDays),
 * in the SQL so the Today board counts without reading every part.
 */
export function keptDueBy(db: Db, settings: ClaimSettings, day: string) {
  return oldPartsQuery(db)
    .where('p.state', '=', 'kept')
    .where('r.settled_at', 'is not', null)
    .where('r.settled_at', '<', addDays(day, 1 - settings.oldPartReturnDays));
}

const byDue = (a: OldPart, b: OldPart) =>
  (a.returnDueOn ?? '9999-12-31').localeCompare(b.returnDueOn ?? '9999-12-31') || a.tagNo.localeCompare(b.tagNo);

const DONE_AS: Record<Exclude<OldPartState, 'kept'>, string> = { returned: '已返厂', scrapped: '已报废' };

/** 旧件: the kept parts, due back when; returned (date, waybill) or scrapped (instruction); their tags. */
export class OldPartsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly print: PrintService,
  ) {}

  /** By due day (not settled last), then tag number. */
  async list(input: ParsedInputOf<'oldParts.list'>): Promise<OldPart[]> {
    const settings = await readClaimSettings(this.db);
    let q = input.dueBefore !== undefined ? keptDueBy(this.db, settings, input.dueBefore) : oldPartsQuery(this.db);
    if (input.dueBefore === undefined && input.state !== 'all') q = q.where('p.state', '=', input.state);
    const rows = await q.execute();
    return rows.map((r) => asOldPart(settings, r)).sort(byDue);
  }

  /** Returned to the manufacturer, several at once: every part kept, or nothing is written. */
  async returnParts(input: ParsedInputOf<'oldParts.return'>, ctx: CallContext): Promise<{ updated: number }> {
    const waybill = input.waybill.trim();
    return this.finish(
      ctx,
      input.ids,
      'returned',
      { path: 'returnedOn', label: '返厂日期', day: input.returnedOn },
      { returned_on: input.returnedOn, waybill },
      { returnedOn: input.returnedOn, waybill },
    );
  }

  /** Scrapped on the manufacturer's instruction, several at once; all or nothing. */
  async scrap(input: ParsedInputOf<'oldParts.scrap'>, ctx: CallContext): Promise<{ updated: number }> {
    const instruction = input.instruction.trim();
    return this.finish(
      ctx,
      input.ids,
      'scrapped',
      { path: 'scrappedOn', label: '报废日期', day: input.scrappedOn },
      { scrapped_on: input.scrappedOn, instruction },
      { scrappedOn: input.scrappedOn, instruction },
    );
  }

  private async finish(
    ctx: CallContext,
    ids: readonly number[],
    state: 'returned' | 'scrapped',
    when: { path: string; label: string; day: string },
    set: { returned_on: string; waybill: string } | { scrapped_on: string; instruction: string },
    audit: Record<string, string>,
  ): Promise<{ updated: number }> {
    const now = this.clock.now();
    const at = nowInstant(now);
    const today = todayDate(now);
    if (when.day > today) throw AppError.validation(when.path, when.label, `不能晚于今天（${today}）`);
    const unique = [...new Set(ids)];
    return this.db.transaction().execute(async (trx) => {
      const rows = await oldPartsQuery(trx).select('r.opened_at').where('p.id', 'in', unique).execute();
      const missing = unique.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length > 0) throw AppError.notFound('旧件', missing.join('、'));
      for (const r of rows) {
        if (r.state !== 'kept') {
          const done =
            r.state === 'returned'
              ? `${r.returned_on ?? ''} 已返厂（运单 ${r.waybill}）`
              : `${r.scrapped_on ?? ''} 已报废`;
          throw new AppError(
            'CONFLICT',
            `旧件 ${r.tag_no}（${r.name}）${done}，不能再登记${DONE_AS[state]}。请刷新后重新选择。`,
          );
        }
        if (when.day < dateOf(r.opened_at))
          throw AppError.validation(
            when.path,
            when.label,
            `不能早于修理单 ${r.ro_number} 的进厂日期（${dateOf(r.opened_at)}）`,
          );
      }
      for (const r of rows) {
        const u = await trx
          .updateTable('old_part')
          .set((eb) => ({ ...set, state, updated_at: at, version: eb('version', '+', 1) }))
          .where('id', '=', r.id)
          .where('state', '=', 'kept')
          .where('version', '=', r.version)
          .executeTakeFirst();
        if (Number(u.numUpdatedRows) !== 1)
          throw new AppError('CONFLICT', `旧件 ${r.tag_no} 刚被别人改过，请刷新后再试。`);
        await writeAudit(trx, ctx, at, {
          action: state === 'returned' ? 'oldParts.return' : 'oldParts.scrap',
          entity: 'old_part',
          entityId: r.id,
          before: { tagNo: r.tag_no, roNumber: r.ro_number, state: r.state },
          after: { state, ...audit },
        });
      }
      return { updated: rows.length };
    });
  }

  /** The tags in the order asked (a part removed or unknown: NOT_FOUND). */
  async tagsHtml(input: ParsedInputOf<'oldParts.tagsHtml'>, _ctx?: CallContext): Promise<PrintableHtml> {
    const settings = await readClaimSettings(this.db);
    const rows = await oldPartsQuery(this.db)
      .leftJoin('vehicle as v', 'v.id', 'r.vehicle_id')
      .select(['v.vin', 'v.plate', 'v.model'])
      .where('p.id', 'in', input.ids)
      .execute();
    const missing = input.ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0) throw AppError.notFound('旧件', missing.join('、'));
    const tags: OldPartTag[] = input.ids.map((id) => {
      const r = rows.find((row) => row.id === id) as (typeof rows)[number];
      return {
        tagNo: r.tag_no,
        partNumber: r.part_number,
        name: r.name,
        quantity: r.quantity,
        roNumber: r.ro_number,
        vin: r.vin ?? null,
        plate: r.plate ?? null,
        model: r.model ?? '',
        claimNo: r.claim_no,
        settledOn: r.settled_at === null ? null : dateOf(r.settled_at),
        claimTypeLabel: claimTypeLabel(settings, r.claim_type),
      };
    });
    const store = await this.db.selectFrom('store_profile').select('name').executeTakeFirst();
    return oldPartTagsHtml(tags, { storeName: store?.name ?? '' });
  }
}
