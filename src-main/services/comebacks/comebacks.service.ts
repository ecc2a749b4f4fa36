import type { Updateable } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import {
  COMEBACK_STATE_LABELS,
  type Comeback,
  type ComebackRate,
  type ComebackSource,
  type ComebackState,
} from '../../../src-shared/domain/complaints';
import { USER_ROLE_LABELS } from '../../../src-shared/domain/enums';
import type { CallState } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import { addDays, daysBetween, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { ComebackTable } from '../../db/schema';
import { phoneOf } from '../appointments/appointments.service';
import { writeAudit } from '../audit/audit';
import { readComplaintSettings } from '../complaints/complaint-settings';
import { actorName, type CallContext, type Clock } from '../context';
import type { CallRecordedListener, CallRow } from '../revisits/calls.service';
import {
  type ComebackRow,
  candidateRows,
  comebackById,
  comebackOfRo,
  customersByIds,
  lastRepairRo,
  markedWithoutRo,
  type ProposalRow,
  proposalOf,
  repairedPerMonth,
  rosByIds,
  storedRows,
  vehiclesByIds,
  workOf,
} from './comeback-queries';

/** The list's default period: the last 90 days (today included). */
export const DEFAULT_LIST_DAYS = 90;
/** The longest period one list reads (proposals are computed per RO in it). */
const MAX_LIST_DAYS = 366;
const MAX_RATE_MONTHS = 60;

/** `ro:12` → { kind: 'ro', id: 12 } (the contract checked the form). */
function parseKey(key: string): { kind: 'ro' | 'comeback'; id: number } {
  const [kind, id] = key.split(':') as ['ro' | 'comeback', string];
  return { kind, id: Number(id) };
}

const stateLabel = (state: string) => COMEBACK_STATE_LABELS[state as ComebackState] ?? state;

/** The month after `YYYY-MM`. */
function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** What a comeback is made of before the facts around it are read: a stored row or a proposal. */
type Source = { stored: ComebackRow } | { proposal: ProposalRow; words: string };

/**
 * 返修: comebacks proposed from the ROs (a new RO of the same vehicle within N days of a repair RO,
 * or an RO of type 返修), confirmed or dismissed by the clerk, marked by hand from a call or a
 * complaint, handed to the service manager who records cause, action and result and closes it.
 *
 * Proposals are computed whenever they are read (nothing is written by looking): the ROs opened in
 * the period, each with the vehicle's latest earlier repair RO (one index probe each). A decision
 * stores a row (one per new RO, the unique index on comeback.ro_id), and the RO is no longer
 * proposed. A comeback marked before the vehicle came back (from a call) stands for the proposal
 * about the same earlier RO, so the manager does not get it twice.
 */
export class ComebacksService implements CallRecordedListener {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  // ---- reading ----

  private period(input: { from?: string; to?: string }): { from: string; to: string } {
    const today = todayDate(this.clock.now());
    const to = input.to ?? (input.from !== undefined && input.from > today ? input.from : today);
    const from = input.from ?? addDays(to, -(DEFAULT_LIST_DAYS - 1));
    if (from > to) throw AppError.validation('to', '结束日期', `不能早于开始日期（${from}）`);
    if (daysBetween(from, to) >= MAX_LIST_DAYS)
      throw AppError.validation('from', '开始日期', '一次最多查看一年的返修记录，请缩短时间段');
    return { from, to };
  }

  /** The proposals whose new RO opened in [from, to], newest first. */
  private async proposals(db: Db, from: string, to: string, comebackDays: number): Promise<ProposalRow[]> {
    const candidates = await candidateRows(db, { from, to }, comebackDays);
    const proposals = candidates.map((c) => proposalOf(c, comebackDays)).filter((p) => p !== null);
    return this.withoutMarked(db, proposals);
  }

  /** Leaves out the proposals a comeback marked before the vehicle came back already stands for. */
  private async withoutMarked(db: Db, proposals: ProposalRow[]): Promise<ProposalRow[]> {
    if (proposals.length === 0) return proposals;
    const marked = await markedWithoutRo(
      db,
      proposals.map((p) => p.vehicleId),
    );
    if (marked.length === 0) return proposals;
    const covered = new Set(marked.map((m) => `${m.vehicle_id}:${m.earlier_ro_id}`));
    return proposals.filter((p) => !covered.has(`${p.vehicleId}:${p.earlierRoId}`));
  }

  async list(input: ParsedInputOf<'comebacks.list'>): Promise<Comeback[]> {
    const { from, to } = this.period(input);
    const state = input.state;
    const settings = await readComplaintSettings(this.db);
    const wantProposals = state === 'all' || state === 'open' || state === 'proposed';
    const storedStates =
      state === 'all' ? undefined : state === 'open' ? ['confirmed'] : state === 'proposed' ? [] : [state];
    const [proposals, stored] = await Promise.all([
      wantProposals ? this.proposals(this.db, from, to, settings.comebackDays) : [],
      storedStates && storedStates.length === 0 ? [] : storedRows(this.db, from, to, storedStates),
    ]);
    const sources: Source[] = [
      ...stored.map((row) => ({ stored: row })),
      ...proposals.map((proposal) => ({ proposal, words: '' })),
    ];
    return sortNewestFirst(await this.hydrate(this.db, sources));
  }

  /** Stored comebacks in these states dated in [from, to] (no proposals computed), newest first: the printed register. */
  async stored(from: string, to: string, states: readonly ComebackState[]): Promise<Comeback[]> {
    const rows = await storedRows(this.db, from, to, states);
    return sortNewestFirst(
      await this.hydrate(
        this.db,
        rows.map((row) => ({ stored: row })),
      ),
    );
  }

  /** One comeback by key (stored or still proposed); NOT_FOUND when the key names nothing. */
  async get(key: string): Promise<Comeback> {
    const parsed = parseKey(key);
    if (parsed.kind === 'comeback') {
      const row = await comebackById(this.db, parsed.id);
      if (!row) throw AppError.notFound('返修记录', key);
      return (await this.hydrate(this.db, [{ stored: row }]))[0]!;
    }
    const row = await comebackOfRo(this.db, parsed.id);
    if (row) return (await this.hydrate(this.db, [{ stored: row }]))[0]!;
    const settings = await readComplaintSettings(this.db);
    const proposal = await this.proposalFor(this.db, parsed.id, settings.comebackDays);
    if (!proposal) throw AppError.notFound('待确认的返修', key);
    return (await this.hydrate(this.db, [{ proposal, words: '' }]))[0]!;
  }

  private async proposalFor(db: Db, roId: number, comebackDays: number): Promise<ProposalRow | null> {
    const [candidate] = await candidateRows(db, { roId }, comebackDays);
    if (!candidate) throw AppError.notFound('修理单', roId);
    const proposal = proposalOf(candidate, comebackDays);
    if (!proposal) return null;
    return (await this.withoutMarked(db, [proposal]))[0] ?? null;
  }

  /** The facts around each comeback (customer, vehicle, the earlier RO and its work, the new RO), read in batches. */
  private async hydrate(db: Db, sources: readonly Source[]): Promise<Comeback[]> {
    if (sources.length === 0) return [];
    const rowOf = (s: Source) =>
      'stored' in s
        ? {
            vehicleId: s.stored.vehicle_id,
            customerId: s.stored.customer_id,
            earlierRoId: s.stored.earlier_ro_id,
            roId: s.stored.ro_id,
          }
        : {
            vehicleId: s.proposal.vehicleId,
            customerId: s.proposal.customerId,
            earlierRoId: s.proposal.earlierRoId,
            roId: s.proposal.roId as number | null,
          };
    const facts = sources.map(rowOf);
    const roIds = facts.flatMap((f) => [f.earlierRoId, f.roId]).filter((id): id is number => id !== null);
    const earlierIds = facts.map((f) => f.earlierRoId).filter((id): id is number => id !== null);
    const [ros, vehicles, work] = await Promise.all([
      rosByIds(db, roIds),
      vehiclesByIds(
        db,
        facts.map((f) => f.vehicleId),
      ),
      workOf(db, earlierIds),
    ]);
    const roById = new Map(ros.map((r) => [r.id, r]));
    const vehicleById = new Map(vehicles.map((v) => [v.id, v]));
    // The customer: as stored, else the new RO's, else the vehicle's owner.
    const customerIdOf = (f: (typeof facts)[number]) =>
      f.customerId ??
      (f.roId !== null ? roById.get(f.roId)?.customer_id : null) ??
      vehicleById.get(f.vehicleId)?.owner_id ??
      null;
    const customers = await customersByIds(
      db,
      facts.map(customerIdOf).filter((id): id is number => id !== null),
    );
    const customerById = new Map(customers.map((c) => [c.id, c]));

    return sources.map((s, i): Comeback => {
      const f = facts[i]!;
      const vehicle = vehicleById.get(f.vehicleId);
      const earlier = f.earlierRoId !== null ? roById.get(f.earlierRoId) : undefined;
      const ro = f.roId !== null ? roById.get(f.roId) : undefined;
      const customerId = customerIdOf(f);
      const customer = customerId !== null ? customerById.get(customerId) : undefined;
      const date = 'stored' in s ? s.stored.date : s.proposal.date;
      const until = ro ? ro.opened_at.slice(0, 10) : date;
      const common = {
        customerId,
        customerName: customer?.name ?? null,
        phone: customer ? phoneOf(customer.mobile, customer.other_phones) : null,
        vehicleId: f.vehicleId,
        plate: vehicle?.plate ?? null,
        vin: vehicle?.vin ?? null,
        model: vehicle?.model ?? '',
        earlierRoId: earlier?.id ?? null,
        earlierRoNumber: earlier?.ro_number ?? null,
        earlierOpenedOn: earlier ? earlier.opened_at.slice(0, 10) : null,
        earlierAdvisor: earlier?.advisor_name ?? '',
        earlierWork: earlier ? (work.get(earlier.id) ?? []).join('；') : '',
        roId: ro?.id ?? null,
        roNumber: ro?.ro_number ?? null,
        roOpenedOn: ro ? ro.opened_at.slice(0, 10) : null,
        roType: ro?.type ?? null,
        daysBetween: earlier ? daysBetween(earlier.opened_at.slice(0, 10), until) : null,
        date,
      };
      if ('proposal' in s)
        return {
          ...common,
          id: null,
          key: `ro:${s.proposal.roId}`,
          source: s.proposal.source,
          state: 'proposed',
          // What the customer said when the vehicle came back, as the RO has it.
          words: s.words || (ro?.complaint ?? ''),
          dismissedReason: '',
          handedAt: null,
          handedBy: null,
          cause: '',
          action: '',
          result: '',
          closedAt: null,
          closedBy: null,
          callId: null,
          complaintId: null,
          version: null,
        };
      const r = s.stored;
      return {
        ...common,
        id: r.id,
        key: `comeback:${r.id}`,
        source: r.source as ComebackSource,
        state: r.state as ComebackState,
        words: r.words,
        dismissedReason: r.dismissed_reason,
        handedAt: r.handed_at,
        handedBy: r.handed_by,
        cause: r.cause,
        action: r.action,
        result: r.result,
        closedAt: r.closed_at,
        closedBy: r.closed_by,
        callId: r.call_id,
        complaintId: r.complaint_id,
        version: r.version,
      };
    });
  }

  private async storedById(db: Db, id: number): Promise<Comeback> {
    const row = await comebackById(db, id);
    if (!row) throw AppError.notFound('返修记录', `comeback:${id}`);
    return (await this.hydrate(db, [{ stored: row }]))[0]!;
  }

  // ---- the clerk's decisions ----

  /**
   * Re-reads the proposal inside the write: someone may have decided it meanwhile, or the RO may
   * have changed so it no longer is one (CONFLICT, saying which).
   */
  private async stillProposed(trx: Db, roId: number): Promise<ProposalRow> {
    const settings = await readComplaintSettings(trx);
    const decided = await comebackOfRo(trx, roId);
    if (decided)
      throw new AppError(
        'CONFLICT',
        `这张修理单已经处理过：返修记录 comeback:${decided.id}（${stateLabel(decided.state)}${decided.state === 'dismissed' ? `：${decided.dismissed_reason}` : ''}）。请刷新后再看。`,
      );
    const proposal = await this.proposalFor(trx, roId, settings.comebackDays);
    if (!proposal)
      throw new AppError(
        'CONFLICT',
        `这张修理单已不是待确认的返修（不在上一张维修单后 ${settings.comebackDays} 天内，或已登记过返修），请刷新后再看。`,
      );
    return proposal;
  }

  /** A proposed one (`ro:N`) is a comeback: stored and handed to the service manager now. */
  async confirm(input: ParsedInputOf<'comebacks.confirm'>, ctx: CallContext): Promise<Comeback> {
    const key = parseKey(input.key);
    if (key.kind === 'comeback') {
      const row = await comebackById(this.db, key.id);
      if (!row) throw AppError.notFound('返修记录', input.key);
      throw new AppError('CONFLICT', `这条返修已经登记过（${stateLabel(row.state)}），不用再确认。`);
    }
    const at = nowInstant(this.clock.now());
    const id = await this.db.transaction().execute(async (trx) => {
      const p = await this.stillProposed(trx, key.id);
      const [ro] = await rosByIds(trx, [p.roId]);
      const words = input.words.trim() !== '' ? input.words : (ro?.complaint ?? '');
      return storeHanded(
        trx,
        ctx,
        at,
        {
          source: p.source,
          date: p.date,
          vehicleId: p.vehicleId,
          customerId: await this.customerFor(trx, p.customerId, p.vehicleId),
          earlierRoId: p.earlierRoId,
          roId: p.roId,
          words,
        },
        {
          action: 'comeback.confirm',
          after: {
            key: input.key,
            source: p.source,
            vehicleId: p.vehicleId,
            earlierRoId: p.earlierRoId,
            roId: p.roId,
            words,
          },
        },
      );
    });
    return this.storedById(this.db, id);
  }

  private async customerFor(trx: Db, customerId: number | null, vehicleId: number): Promise<number | null> {
    if (customerId !== null) return customerId;
    const [vehicle] = await vehiclesByIds(trx, [vehicleId]);
    return vehicle?.owner_id ?? null;
  }

  /**
   * Not a comeback, with the reason: a proposal (stored as dismissed, so it is not proposed again)
   * or a confirmed one the manager has not closed. A closed one stays as the manager left it.
   */
  async dismiss(input: ParsedInputOf<'comebacks.dismiss'>, ctx: CallContext): Promise<Comeback> {
    const key = parseKey(input.key);
    const at = nowInstant(this.clock.now());
    const by = actorName(ctx);
    const reason = input.reason.trim();
    const id = await this.db.transaction().execute(async (trx) => {
      if (key.kind === 'ro') {
        const p = await this.stillProposed(trx, key.id);
        const inserted = await trx
          .insertInto('comeback')
          .values({
            source: p.source,
            state: 'dismissed',
            date: p.date,
            vehicle_id: p.vehicleId,
            customer_id: await this.customerFor(trx, p.customerId, p.vehicleId),
            earlier_ro_id: p.earlierRoId,
            ro_id: p.roId,
            dismissed_reason: reason,
            created_at: at,
            created_by: by,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeAudit(trx, ctx, at, {
          action: 'comeback.dismiss',
          entity: 'comeback',
          entityId: inserted.id,
          after: { key: input.key, source: p.source, roId: p.roId, earlierRoId: p.earlierRoId, reason },
        });
        return inserted.id;
      }
      const row = await comebackById(trx, key.id);
      if (!row) throw AppError.notFound('返修记录', input.key);
      if (row.state === 'closed')
        throw new AppError('CONFLICT', `这条返修服务经理已处理并关闭（${row.closed_by ?? ''}），不能再改为不算返修。`);
      if (row.state === 'dismissed')
        throw new AppError('CONFLICT', `这条返修已经标记为不算返修（${row.dismissed_reason}）。`);
      await leaveConfirmed(trx, ctx, at, row, {
        state: 'dismissed',
        set: { dismissed_reason: reason },
        action: 'comeback.dismiss',
        after: { reason },
        retry: '再操作',
      });
      return row.id;
    });
    return this.storedById(this.db, id);
  }

  /**
   * Marked by hand (from a complaint, the vehicle's page): confirmed and handed to the manager at
   * once. The earlier RO defaults to the vehicle's last repair RO (before the new RO, when given).
   */
  async mark(input: ParsedInputOf<'comebacks.mark'>, ctx: CallContext): Promise<Comeback> {
    const at = nowInstant(this.clock.now());
    const id = await this.db.transaction().execute(async (trx) => {
      const [vehicle] = await vehiclesByIds(trx, [input.vehicleId]);
      if (!vehicle)
        throw AppError.validation('vehicleId', '车辆', `找不到编号为 ${input.vehicleId} 的车辆，请重新选择`);
      const [ro] = input.roId !== null ? await rosByIds(trx, [input.roId]) : [];
      if (input.roId !== null) {
        if (!ro) throw AppError.validation('roId', '返修工单', `找不到编号为 ${input.roId} 的修理单`);
        if (ro.vehicle_id !== vehicle.id)
          throw AppError.validation(
            'roId',
            '返修工单',
            `修理单 ${ro.ro_number} 不是这辆车（${vehicle.plate ?? vehicle.vin ?? ''}）的`,
          );
        const existing = await comebackOfRo(trx, ro.id);
        if (existing)
          throw new AppError(
            'CONFLICT',
            `修理单 ${ro.ro_number} 已经登记过返修：comeback:${existing.id}（${existing.date}，${stateLabel(existing.state)}）`,
            { comebackId: existing.id },
          );
      }
      let earlierRoId = input.earlierRoId;
      if (earlierRoId !== null) {
        const [earlier] = await rosByIds(trx, [earlierRoId]);
        if (!earlier) throw AppError.validation('earlierRoId', '原修理单', `找不到编号为 ${earlierRoId} 的修理单`);
        if (earlier.vehicle_id !== vehicle.id)
          throw AppError.validation('earlierRoId', '原修理单', `修理单 ${earlier.ro_number} 不是这辆车的`);
        if (ro && (earlier.id === ro.id || earlier.opened_at > ro.opened_at))
          throw AppError.validation('earlierRoId', '原修理单', `应早于返修工单 ${ro.ro_number}`);
      } else earlierRoId = await lastRepairRo(trx, vehicle.id, ro ? ro.opened_at : null);
      let customerId = ro?.customer_id ?? vehicle.owner_id;
      if (input.complaintId !== null) {
        const complaint = await trx
          .selectFrom('complaint')
          .select(['id', 'no', 'vehicle_id', 'customer_id'])
          .where('id', '=', input.complaintId)
          .executeTakeFirst();
        if (!complaint) throw AppError.validation('complaintId', '投诉', `找不到编号为 ${input.complaintId} 的投诉`);
        if (complaint.vehicle_id !== null && complaint.vehicle_id !== vehicle.id)
          throw AppError.validation('complaintId', '投诉', `投诉 ${complaint.no} 说的是另一辆车`);
        customerId = complaint.customer_id;
      }
      const source = input.complaintId !== null ? 'complaint' : 'call';
      return storeHanded(
        trx,
        ctx,
        at,
        {
          source,
          date: at.slice(0, 10),
          vehicleId: vehicle.id,
          customerId,
          earlierRoId,
          roId: ro?.id ?? null,
          words: input.words,
          complaintId: input.complaintId,
        },
        {
          action: 'comeback.mark',
          after: {
            source,
            vehicleId: vehicle.id,
            earlierRoId,
            roId: ro?.id ?? null,
            complaintId: input.complaintId,
            words: input.words,
          },
        },
      );
    });
    return this.storedById(this.db, id);
  }

  // ---- the service manager ----

  /**
   * The service manager's part: cause, action, result; closes it. Checked here as well as by the
   * contract's roles, since the command line acts as admin and an admin is not a service manager.
   */
  async close(input: ParsedInputOf<'comebacks.close'>, ctx: CallContext): Promise<Comeback> {
    const user = ctx.session.user;
    if (user?.role !== 'manager')
      throw new AppError(
        'FORBIDDEN',
        user
          ? `只有服务经理才能处理返修（填写原因、措施、结果并关闭）：${user.name} 是${USER_ROLE_LABELS[user.role]}。请服务经理登录后处理。`
          : ctx.door === 'cli'
            ? '只有服务经理才能处理返修（填写原因、措施、结果并关闭）：命令行按管理员身份操作，不能代替服务经理，请在工作台由服务经理登录后处理。'
            : '只有服务经理才能处理返修（填写原因、措施、结果并关闭）：请服务经理先选择自己并输入 PIN。',
        { step: '返修处理' },
      );
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      const row = await comebackById(trx, input.id);
      if (!row) throw AppError.notFound('返修记录', `comeback:${input.id}`);
      if (row.version !== input.version) throw new AppError('CONFLICT', '这条返修刚被另一个窗口改过，请刷新后再处理。');
      if (row.state !== 'confirmed')
        throw new AppError(
          'CONFLICT',
          row.state === 'closed'
            ? `这条返修已经处理并关闭（${row.closed_by ?? ''} ${row.closed_at?.slice(0, 16).replace('T', ' ') ?? ''}）。`
            : `这条返修已标记为不算返修（${row.dismissed_reason}），不能处理关闭。`,
        );
      const values = { cause: input.cause, action: input.action, result: input.result };
      await leaveConfirmed(trx, ctx, at, row, {
        state: 'closed',
        set: { ...values, closed_at: at, closed_by: user.name },
        action: 'comeback.close',
        after: values,
        retry: '再处理',
      });
    });
    return this.storedById(this.db, input.id);
  }

  /** Confirmed comebacks dated up to `date` the manager has not closed: how many, and the day the oldest was handed over. */
  async waitingForManager(date: string): Promise<{ count: number; oldest: string | null }> {
    const row = await this.db
      .selectFrom('comeback')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<string | null>('handed_at').as('oldest')])
      .where('state', '=', 'confirmed')
      .where('date', '<=', date)
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), oldest: row.oldest ? row.oldest.slice(0, 10) : null };
  }

  // ---- the rate ----

  /**
   * 返修率 per month: distinct vehicles with a confirmed or closed comeback dated in the month over
   * distinct vehicles with a repair RO opened in the month.
   */
  async rate(input: ParsedInputOf<'comebacks.rate'>): Promise<ComebackRate[]> {
    if (input.to < input.from) throw AppError.validation('to', '结束月份', `不能早于开始月份（${input.from}）`);
    const months: string[] = [];
    for (let m = input.from; m <= input.to; m = nextMonth(m)) {
      months.push(m);
      if (months.length > MAX_RATE_MONTHS)
        throw AppError.validation('from', '开始月份', `一次最多统计 ${MAX_RATE_MONTHS} 个月`);
    }
    const after = nextMonth(input.to);
    const [repaired, comebacks] = await Promise.all([
      repairedPerMonth(this.db, input.from, after),
      this.db
        .selectFrom('comeback')
        .select(['date', 'vehicle_id'])
        .where('state', 'in', ['confirmed', 'closed'])
        .where('date', '>=', `${input.from}-01`)
        .where('date', '<', `${after}-01`)
        .execute(),
    ]);
    const vehicles = new Map<string, Set<number>>();
    for (const c of comebacks) {
      const month = c.date.slice(0, 7);
      const set = vehicles.get(month) ?? new Set<number>();
      set.add(c.vehicle_id);
      vehicles.set(month, set);
    }
    return months.map((month) => {
      const n = vehicles.get(month)?.size ?? 0;
      const base = repaired.get(month) ?? 0;
      return { month, comebacks: n, repaired: base, rate: base === 0 ? null : n / base };
    });
  }

  // ---- from a call ----

  /**
   * A reached call on which the customer says the vehicle must come back (input.comeback): marked
   * from the call and handed to the manager, in the call's transaction. The call's RO is the
   * earlier RO (else the vehicle's last repair RO). A call about the same earlier RO whose
   * comeback is still with the manager adds nothing (the words are on the call).
   */
  async callRecorded(
    trx: Db,
    ctx: CallContext,
    at: string,
    call: CallRow,
    input: ParsedInputOf<'calls.record'>,
    state: CallState,
  ): Promise<void> {
    if (input.comeback === null) return;
    if (input.outcome !== 'reached' || state !== 'done')
      throw AppError.validation('comeback', '返修', '只有“已接通”的电话才能登记返修');
    if (call.vehicle_id === null) throw AppError.validation('comeback', '返修', '这通电话没有对应的车辆');
    const earlierRoId = call.ro_id ?? (await lastRepairRo(trx, call.vehicle_id, at));
    let pending = trx
      .selectFrom('comeback')
      .select('id')
      .where('vehicle_id', '=', call.vehicle_id)
      .where('state', '=', 'confirmed')
      .where('ro_id', 'is', null);
    pending =
      earlierRoId === null
        ? pending.where('earlier_ro_id', 'is', null)
        : pending.where('earlier_ro_id', '=', earlierRoId);
    if (await pending.executeTakeFirst()) return;
    await storeHanded(
      trx,
      ctx,
      at,
      {
        source: 'call',
        date: at.slice(0, 10),
        vehicleId: call.vehicle_id,
        customerId: call.customer_id,
        earlierRoId,
        roId: null,
        words: input.comeback.words,
        callId: call.id,
      },
      {
        action: 'comeback.mark',
        after: {
          source: 'call',
          callId: call.id,
          callKey: call.call_key,
          vehicleId: call.vehicle_id,
          earlierRoId,
          words: input.comeback.words,
        },
      },
    );
  }
}

/**
 * A confirmed comeback (`row`, as read in this transaction) dismissed or closed: updated only if
 * no other window changed it since (else a conflict, "请刷新后`retry`"), with its audit entry.
 */
async function leaveConfirmed(
  trx: Db,
  ctx: CallContext,
  at: string,
  row: ComebackRow,
  to: {
    state: 'dismissed' | 'closed';
    set: Omit<Updateable<ComebackTable>, 'state' | 'updated_at' | 'version'>;
    action: string;
    after: Record<string, unknown>;
    retry: string;
  },
): Promise<void> {
  const updated = await trx
    .updateTable('comeback')
    .set((eb) => ({ ...to.set, state: to.state, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .where('state', '=', 'confirmed')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw new AppError('CONFLICT', `这条返修刚被另一个窗口改过，请刷新后${to.retry}。`);
  await writeAudit(trx, ctx, at, {
    action: to.action,
    entity: 'comeback',
    entityId: row.id,
    before: { state: row.state, version: row.version },
    after: { state: to.state, ...to.after },
  });
}

/** A comeback confirmed now and handed to the service manager, as confirm, mark and a call store it. */
interface HandedComeback {
  source: ComebackSource;
  date: string;
  vehicleId: number;
  customerId: number | null;
  earlierRoId: number | null;
  roId: number | null;
  words: string;
  complaintId?: number | null;
  callId?: number | null;
}

/**
 * Stores a comeback confirmed and handed to the service manager at `at` (confirm, mark, from a
 * call), with its audit entry: `audit.after` plus the moment it was handed over. Its id.
 */
async function storeHanded(
  trx: Db,
  ctx: CallContext,
  at: string,
  c: HandedComeback,
  audit: { action: string; after: Record<string, unknown> },
): Promise<number> {
  const by = actorName(ctx);
  const inserted = await trx
    .insertInto('comeback')
    .values({
      source: c.source,
      state: 'confirmed',
      date: c.date,
      vehicle_id: c.vehicleId,
      customer_id: c.customerId,
      earlier_ro_id: c.earlierRoId,
      ro_id: c.roId,
      words: c.words,
      handed_at: at,
      handed_by: by,
      complaint_id: c.complaintId ?? null,
      call_id: c.callId ?? null,
      created_at: at,
      created_by: by,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, ctx, at, {
    action: audit.action,
    entity: 'comeback',
    entityId: inserted.id,
    after: { ...audit.after, handedAt: at },
  });
  return inserted.id;
}

/** Newest first: by the day, then the new RO's opening, then the stored ones by id. */
function sortNewestFirst(list: Comeback[]): Comeback[] {
  return list.sort(
    (a, b) =>
      b.date.localeCompare(a.date) ||
      (b.roOpenedOn ?? '').localeCompare(a.roOpenedOn ?? '') ||
      (b.id ?? 0) - (a.id ?? 0) ||
      (b.roId ?? 0) - (a.roId ?? 0),
  );
}
