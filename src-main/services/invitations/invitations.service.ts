import type { Selectable } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { DueListPreview } from '../../../src-shared/contract/invitations.contract';
import type { VehicleStatus } from '../../../src-shared/domain/enums';
import {
  CALL_RESULT_LABELS,
  type CallResult,
  CONTACT_CHANNELS,
  type ContactChannel,
  type ContactPreference,
  type DueVehicle,
  type InvitationCall,
  type InvitationFunnel,
  type InvitationList,
  type InvitationListSummary,
  type InvitationRow,
  type NoContactReason,
} from '../../../src-shared/domain/invitations';
import type { Page } from '../../../src-shared/domain/records';
import type { DueKind } from '../../../src-shared/domain/service-due';
import { AppError } from '../../../src-shared/errors';
import { addDays, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { forUpdate } from '../../db/dialect';
import type { InvitationListTable, InvitationRowTable } from '../../db/schema';
import type { AppointmentsService } from '../appointments/appointments.service';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock, Session } from '../context';
import {
  dueOfRow,
  estimatedKm,
  explainRow,
  NOTHING_KNOWN,
  paceOfRow,
  type ServiceDueService,
} from './service-due.service';
import { chunks, type VehicleChangeListener } from './vehicle-changes';

/**
 * The invitation lists (定保招揽一览表): who is due in a period (from the per-vehicle summary),
 * the saved lists with their rows (facts as they were when listed), letters sent, reminder calls,
 * the call queue a week after the letter, 回厂 (marked automatically when a later service RO
 * arrives: this is a VehicleChangeListener) and contact preferences per channel.
 *
 * Call results that change what the store may do next (decided here, see recordCall):
 * - 车已卖 (sold): the customer's letter, phone and SMS channels are set to not-contact with reason
 *   'sold' (channels already refused keep their own reason); the vehicle file is not changed (the
 *   clerk confirms the sale on the vehicle page). The vehicle drops out of later lists as not contactable.
 * - 已在别处保养 (serviced elsewhere): the phone channel only is set to not-contact with reason
 *   'serviced_elsewhere': no more reminder calls, but a letter may still win the customer back.
 * - 不感兴趣, 号码错误, 已接通, 已预约 end the row's reminder calls (no longer in the call queue);
 *   无人接听 is tried again on a later day. 不感兴趣/号码错误/车已卖/已在别处保养 cancel a booking.
 * - 已预约 books the appointment (预约登记) through AppointmentsService.book in the same transaction,
 *   the record the front desk's 今日预约 and the arrival matching read (see writeCall).
 */

/** The call results after which the row is not called again. */
const FINAL_RESULTS: readonly CallResult[] = [
  'reached',
  'booked',
  'not_interested',
  'wrong_number',
  'sold',
  'serviced_elsewhere',
];
const CANCELS_BOOKING: readonly CallResult[] = ['not_interested', 'wrong_number', 'sold', 'serviced_elsewhere'];
const SERVICE_RO_TYPES = ['first_service', 'periodic_service'] as const;
const LETTER_KIND_LABELS: Record<string, string> = {
  invitation: '定期保养邀请信',
  first_service_reminder: '首保提醒信',
};

type RowRecord = Selectable<InvitationRowTable>;
type ListRecord = Selectable<InvitationListTable>;

/** The automatic writes (回厂) are recorded as the system's. */
const SYSTEM: CallContext = { door: 'ipc', session: new Session() };

interface Candidates {
  rows: DueVehicle[];
  excluded: DueListPreview['excluded'];
}

export class InvitationsService implements VehicleChangeListener {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly due: ServiceDueService,
    /** 已预约 makes the appointment (预约登记) in the same transaction. */
    readonly appointments: AppointmentsService | null = null,
  ) {}

  private today(): string {
    return todayDate(this.clock.now());
  }

  // ---- who is due ----

  async dueIn(input: ParsedInputOf<'invitations.due'>): Promise<DueListPreview> {
    await this.due.ensureSummary();
    const c = await this.candidates(this.db, input.from, input.to, this.today());
    return { from: input.from, to: input.to, rows: c.rows, excluded: c.excluded };
  }

  /**
   * One range scan on vehicle_service_summary_due, joined with the vehicle and its owner; the
   * exclusions are small sets read once. 首保 first, then by due date.
   */
  private async candidates(db: Db, from: string, to: string, today: string): Promise<Candidates> {
    const found = await db
      .selectFrom('vehicle_service_summary as s')
      .innerJoin('vehicle as v', 'v.id', 's.vehicle_id')
      .leftJoin('customer as c', 'c.id', 'v.owner_id')
      // Only what the rows and their explanation need: every column costs (~0.25 µs a value).
      .select([
        's.vehicle_id',
        's.pace_km_day',
        's.pace_source',
        's.last_reading_on',
        's.last_reading_km',
        's.outliers_json',
        's.last_visit_on',
        's.rule_match',
        's.kind',
        's.base',
        's.base_on',
        's.base_km',
        's.time_due_on',
        's.mileage_due_on',
        's.due_on',
        's.due_km',
        's.due_by',
      ])
      .select([
        'v.plate',
        'v.vin',
        'v.model',
        'v.status',
        'v.owner_id',
        'c.name as customer_name',
        'c.mobile',
        'c.is_do_not_contact',
        'c.is_marketing_consent',
      ])
      .where('s.due_on', '>=', from)
      .where('s.due_on', '<=', to)
      // An anonymised vehicle (retention, PIPL) is nobody's to invite.
      .where('v.anonymised_at', 'is', null)
      .execute();
    // The exclusions are small sets (refusals, bookings, overlapping lists): read once each rather
    // than a correlated subquery for every vehicle of the period.
    const [deniedRows, bookedRows, listedRows] = await Promise.all([
      db
        .selectFrom('contact_preference')
        .select('customer_id')
        .where('allowed', '=', 0)
        .where('channel', 'in', ['letter', 'phone'])
        .groupBy('customer_id')
        .having((eb) => eb.fn.countAll(), '>=', 2)
        .execute(),
      db.selectFrom('invitation_row').select('vehicle_id').where('booked_for', '>=', today).execute(),
      db
        .selectFrom('invitation_row as o')
        .innerJoin('invitation_list as l', 'l.id', 'o.list_id')
        .select('o.vehicle_id')
        .where('o.removed_at', 'is', null)
        .where('l.period_from', '<=', to)
        .where('l.period_to', '>=', from)
        .execute(),
    ]);
    const denied = new Set(deniedRows.map((r) => r.customer_id));
    const booked = new Set(bookedRows.map((r) => r.vehicle_id));
    const listed = new Set(listedRows.map((r) => r.vehicle_id));
    const excluded = { sold: 0, scrapped: 0, lost: 0, doNotContact: 0, noMarketingConsent: 0, booked: 0, listed: 0 };
    const ruleOf = await this.due.ruleByMatch(db);
    const rows: DueVehicle[] = [];
    for (const r of found) {
      const status = r.status as VehicleStatus;
      if (status === 'sold' || status === 'scrapped' || status === 'lost') {
        excluded[status]++;
        continue;
      }
      if (r.is_do_not_contact === 1 || (r.owner_id !== null && denied.has(r.owner_id))) {
        excluded.doNotContact++;
        continue;
      }
      // An invitation is marketing (PIPL): only for owners who agreed to it.
      if (r.is_marketing_consent === 0) {
        excluded.noMarketingConsent++;
        continue;
      }
      if (booked.has(r.vehicle_id)) {
        excluded.booked++;
        continue;
      }
      if (listed.has(r.vehicle_id)) {
        excluded.listed++;
        continue;
      }
      const pace = paceOfRow({ ...r, pace_points: 0, pace_from: null, pace_to: null, last_reading_id: null });
      const due = dueOfRow(r)!;
      rows.push({
        vehicleId: r.vehicle_id,
        customerId: r.owner_id,
        kind: due.kind,
        plate: r.plate,
        vin: r.vin,
        model: r.model,
        customerName: r.customer_name,
        phone: r.mobile,
        vehicleStatus: status,
        lastVisitOn: r.last_visit_on,
        lastKm: r.last_reading_km,
        estimatedKm: estimatedKm(r, today),
        dueOn: due.dueOn,
        dueKm: due.dueKm,
        dueBy: due.dueBy,
        timeOnly: due.timeOnly,
        explanation: explainRow(ruleOf(r.rule_match), due, pace),
      });
    }
    rows.sort(
      (a, b) =>
        (a.kind === b.kind ? 0 : a.kind === 'first' ? -1 : 1) ||
        (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0) ||
        a.vehicleId - b.vehicleId,
    );
    return { rows, excluded };
  }

  // ---- lists ----

  async create(input: ParsedInputOf<'invitations.create'>, ctx: CallContext): Promise<InvitationList> {
    await this.due.ensureSummary();
    const at = nowInstant(this.clock.now());
    const today = this.today();
    const title = input.title !== '' ? input.title : `${input.from} 至 ${input.to} 保养招揽`;
    const id = await this.db.transaction().execute(async (trx) => {
      const c = await this.candidates(trx, input.from, input.to, today);
      const list = await trx
        .insertInto('invitation_list')
        .values({
          title,
          period_from: input.from,
          period_to: input.to,
          created_at: at,
          created_by: actorName(ctx),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const part of chunks(c.rows, 400))
        await trx
          .insertInto('invitation_row')
          .values(
            part.map((r) => ({
              list_id: list.id,
              vehicle_id: r.vehicleId,
              customer_id: r.customerId,
              kind: r.kind,
              plate: r.plate,
              vin: r.vin,
              model: r.model,
              customer_name: r.customerName,
              phone: r.phone,
              last_visit_on: r.lastVisitOn,
              last_km: r.lastKm,
              estimated_km: r.estimatedKm,
              due_on: r.dueOn,
              due_km: r.dueKm,
              due_by: r.dueBy,
              explanation: r.explanation,
              created_at: at,
              updated_at: at,
            })),
          )
          .execute();
      await writeAudit(trx, ctx, at, {
        action: 'invitationList.create',
        entity: 'invitation_list',
        entityId: list.id,
        after: { title, from: input.from, to: input.to, rows: c.rows.length, excluded: c.excluded },
      });
      return list.id;
    });
    return this.get(id);
  }

  async lists(input: ParsedInputOf<'invitations.lists'>): Promise<Page<InvitationListSummary>> {
    await this.due.ensureSummary();
    const [lists, total] = await Promise.all([
      this.db
        .selectFrom('invitation_list')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(input.pageSize)
        .offset((input.page - 1) * input.pageSize)
        .execute(),
      this.db
        .selectFrom('invitation_list')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    const funnels = await this.funnels(
      this.db,
      lists.map((l) => l.id),
    );
    return {
      rows: lists.map((l) => this.summaryOf(l, funnels.get(l.id))),
      total: Number(total.n),
      page: input.page,
      pageSize: input.pageSize,
    };
  }

  /** sent → called → booked → came per list, over the rows not removed. */
  private async funnels(db: Db, listIds: number[]): Promise<Map<number, InvitationFunnel>> {
    const out = new Map<number, InvitationFunnel>();
    if (listIds.length === 0) return out;
    const rows = await db
      .selectFrom('invitation_row as r')
      .select((eb) => [
        'r.list_id',
        eb.fn.countAll<number>().as('rows'),
        eb.fn.count<number>('r.letter_sent_on').as('sent'),
        eb.fn.count<number>('r.came_on').as('came'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.exists(eb.selectFrom('invitation_call as k').select('k.id').whereRef('k.row_id', '=', 'r.id')))
              .then(1)
              .else(0)
              .end(),
          )
          .as('called'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(
                eb.exists(
                  eb
                    .selectFrom('invitation_call as k')
                    .select('k.id')
                    .whereRef('k.row_id', '=', 'r.id')
                    .where('k.result', '=', 'booked'),
                ),
              )
              .then(1)
              .else(0)
              .end(),
          )
          .as('booked'),
      ])
      .where('r.list_id', 'in', listIds)
      .where('r.removed_at', 'is', null)
      .groupBy('r.list_id')
      .execute();
    for (const r of rows)
      out.set(r.list_id, {
        rows: Number(r.rows),
        sent: Number(r.sent),
        called: Number(r.called),
        booked: Number(r.booked),
        came: Number(r.came),
      });
    return out;
  }

  private summaryOf(l: ListRecord, funnel: InvitationFunnel | undefined): InvitationListSummary {
    return {
      id: l.id,
      title: l.title,
      from: l.period_from,
      to: l.period_to,
      createdAt: l.created_at,
      createdBy: l.created_by,
      funnel: funnel ?? { rows: 0, sent: 0, called: 0, booked: 0, came: 0 },
    };
  }

  async get(id: number, db: Db = this.db): Promise<InvitationList> {
    if (db === this.db) await this.due.ensureSummary();
    const list = await db.selectFrom('invitation_list').selectAll().where('id', '=', id).executeTakeFirst();
    if (!list) throw AppError.notFound('招揽一览表', id);
    const records = await db
      .selectFrom('invitation_row')
      .selectAll()
      .where('list_id', '=', id)
      .orderBy('kind')
      .orderBy('due_on')
      .orderBy('id')
      .execute();
    // kind 'first' sorts before 'periodic' alphabetically: 首保 first.
    const rows = await this.toRows(db, records);
    const live = rows.filter((r) => !r.removed);
    const funnel: InvitationFunnel = {
      rows: live.length,
      sent: live.filter((r) => r.letterSentOn !== null).length,
      called: live.filter((r) => r.calls.length > 0).length,
      booked: live.filter((r) => r.calls.some((c) => c.result === 'booked')).length,
      came: live.filter((r) => r.cameOn !== null).length,
    };
    return { ...this.summaryOf(list, funnel), rows };
  }

  /** Rows with their calls and how many lists each vehicle has missed. */
  private async toRows(db: Db, records: RowRecord[]): Promise<InvitationRow[]> {
    const calls = new Map<number, InvitationCall[]>();
    const missed = new Map<number, number>();
    const today = this.today();
    for (const part of chunks(records, 500)) {
      const found = await db
        .selectFrom('invitation_call')
        .selectAll()
        .where(
          'row_id',
          'in',
          part.map((r) => r.id),
        )
        .orderBy('row_id')
        .orderBy('at')
        .orderBy('id')
        .execute();
      for (const k of found) {
        const list = calls.get(k.row_id) ?? [];
        list.push({
          id: k.id,
          at: k.at,
          result: k.result as CallResult,
          bookedFor: k.booked_for,
          words: k.words,
          by: k.by_name,
        });
        calls.set(k.row_id, list);
      }
      const counts = await db
        .selectFrom('invitation_row as r')
        .innerJoin('invitation_list as l', 'l.id', 'r.list_id')
        .select((eb) => ['r.vehicle_id', eb.fn.countAll<number>().as('n')])
        .where('r.vehicle_id', 'in', [...new Set(part.map((r) => r.vehicle_id))])
        .where('r.removed_at', 'is', null)
        .where('r.came_on', 'is', null)
        .where('l.period_to', '<', today)
        .groupBy('r.vehicle_id')
        .execute();
      for (const c of counts) missed.set(c.vehicle_id, Number(c.n));
    }
    return records.map((r) => ({
      id: r.id,
      listId: r.list_id,
      vehicleId: r.vehicle_id,
      customerId: r.customer_id,
      kind: r.kind as DueKind,
      plate: r.plate,
      vin: r.vin,
      model: r.model,
      customerName: r.customer_name,
      phone: r.phone,
      lastVisitOn: r.last_visit_on,
      lastKm: r.last_km,
      estimatedKm: r.estimated_km,
      dueOn: r.due_on,
      dueKm: r.due_km,
      dueBy: r.due_by as 'time' | 'mileage',
      explanation: r.explanation,
      addedManually: r.added_manually === 1,
      addReason: r.add_reason,
      removed: r.removed_at !== null,
      removedReason: r.removed_reason,
      letterSentOn: r.letter_sent_on,
      letterKind: r.letter_kind,
      calls: calls.get(r.id) ?? [],
      bookedFor: r.booked_for,
      cameRoId: r.came_ro_id,
      cameOn: r.came_on,
      missedLists: missed.get(r.vehicle_id) ?? 0,
    }));
  }

  /**
   * One row. `lock` inside a writing transaction: a second counter writing the same row waits for the
   * first and then reads what it wrote (PostgreSQL: FOR UPDATE), so a removal, a booking or a call
   * result of the other counter is seen, never overwritten unseen.
   */
  private async rowOf(db: Db, rowId: number, listId?: number, lock = false): Promise<RowRecord> {
    const q = db.selectFrom('invitation_row').selectAll().where('id', '=', rowId);
    const row = await (lock ? forUpdate(db, q) : q).executeTakeFirst();
    if (!row || (listId !== undefined && row.list_id !== listId)) throw AppError.notFound('一览表中的行', rowId);
    return row;
  }

  async addRow(input: ParsedInputOf<'invitations.addRow'>, ctx: CallContext): Promise<InvitationList> {
    await this.due.ensureSummary();
    const at = nowInstant(this.clock.now());
    const today = this.today();
    await this.db.transaction().execute(async (trx) => {
      const list = await trx
        .selectFrom('invitation_list')
        .selectAll()
        .where('id', '=', input.listId)
        .executeTakeFirst();
      if (!list) throw AppError.notFound('招揽一览表', input.listId);
      const vehicle = await trx
        .selectFrom('vehicle as v')
        .leftJoin('customer as c', 'c.id', 'v.owner_id')
        .select(['v.id', 'v.plate', 'v.vin', 'v.model', 'v.owner_id', 'c.name', 'c.mobile'])
        .where('v.id', '=', input.vehicleId)
        .executeTakeFirst();
      if (!vehicle)
        throw new AppError('VALIDATION', `车辆：找不到车辆 #${input.vehicleId}，请重新选择。`, {
          fields: [{ path: 'vehicleId', label: '车辆', message: '车辆不存在' }],
        });
      const existing = await trx
        .selectFrom('invitation_row')
        .select(['id', 'removed_at'])
        .where('list_id', '=', input.listId)
        .where('vehicle_id', '=', input.vehicleId)
        .executeTakeFirst();
      if (existing)
        throw new AppError(
          'CONFLICT',
          existing.removed_at !== null
            ? `车辆：${vehicle.plate ?? `#${vehicle.id}`} 已在这张表中但已移除，请在移除的行里点“恢复”。`
            : `车辆：${vehicle.plate ?? `#${vehicle.id}`} 已在这张表中，不用再加。`,
          { fields: [{ path: 'vehicleId', label: '车辆', message: '已在表中' }], rowId: existing.id },
        );
      const summary = await this.due.summaryRow(input.vehicleId, trx);
      const due = summary ? dueOfRow(summary) : null;
      const ruleOf = await this.due.ruleByMatch(trx);
      const explanation = summary ? explainRow(ruleOf(summary.rule_match), due, paceOfRow(summary)) : NOTHING_KNOWN;
      const inserted = await trx
        .insertInto('invitation_row')
        .values({
          list_id: input.listId,
          vehicle_id: vehicle.id,
          customer_id: vehicle.owner_id,
          kind: due?.kind ?? 'periodic',
          plate: vehicle.plate,
          vin: vehicle.vin,
          model: vehicle.model,
          customer_name: vehicle.name,
          phone: vehicle.mobile,
          last_visit_on: summary?.last_visit_on ?? null,
          last_km: summary?.last_reading_km ?? null,
          estimated_km: summary ? estimatedKm(summary, today) : null,
          // Nothing known to count from: due at the start of the list's period.
          due_on: due?.dueOn ?? list.period_from,
          due_km: due?.dueKm ?? null,
          due_by: due?.dueBy ?? 'time',
          explanation: `手工加入：${input.reason}。${explanation}`,
          added_manually: 1,
          add_reason: input.reason,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(trx, ctx, at, {
        action: 'invitationRow.add',
        entity: 'invitation_row',
        entityId: inserted.id,
        after: { listId: input.listId, vehicleId: vehicle.id, reason: input.reason },
      });
      // A vehicle that came in before it was added: 回厂 at once if the RO qualifies.
      await this.markCame(trx, [vehicle.id], at);
    });
    return this.get(input.listId);
  }

  async removeRow(input: ParsedInputOf<'invitations.removeRow'>, ctx: CallContext): Promise<InvitationList> {
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      const row = await this.rowOf(trx, input.rowId, input.listId, true);
      if (row.removed_at !== null) return;
      await trx
        .updateTable('invitation_row')
        .set({ removed_at: at, removed_reason: input.reason, removed_by: actorName(ctx), updated_at: at })
        .where('id', '=', row.id)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'invitationRow.remove',
        entity: 'invitation_row',
        entityId: row.id,
        after: { listId: row.list_id, vehicleId: row.vehicle_id, reason: input.reason },
      });
    });
    return this.get(input.listId);
  }

  async restoreRow(input: ParsedInputOf<'invitations.restoreRow'>, ctx: CallContext): Promise<InvitationList> {
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      const row = await this.rowOf(trx, input.rowId, input.listId, true);
      if (row.removed_at === null) return;
      await trx
        .updateTable('invitation_row')
        .set({ removed_at: null, removed_reason: '', removed_by: null, updated_at: at })
        .where('id', '=', row.id)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'invitationRow.restore',
        entity: 'invitation_row',
        entityId: row.id,
        before: { removedAt: row.removed_at, reason: row.removed_reason, by: row.removed_by },
      });
      await this.markCame(trx, [row.vehicle_id], at);
    });
    return this.get(input.listId);
  }

  // ---- calls and letters ----

  async recordCall(input: ParsedInputOf<'invitations.recordCall'>, ctx: CallContext): Promise<InvitationRow> {
    const at = nowInstant(this.clock.now());
    const today = this.today();
    if (input.result === 'booked' && input.bookedFor !== null && input.bookedFor < today)
      throw AppError.validation('bookedFor', '预约日期', `不能早于今天（${today}），请填写客户约定来店的日期`);
    const rowId = await this.db.transaction().execute(async (trx) => {
      await this.writeCall(trx, ctx, at, input, { book: true });
      return input.rowId;
    });
    const record = await this.rowOf(this.db, rowId);
    return (await this.toRows(this.db, [record]))[0]!;
  }

  /**
   * One reminder call's write inside the caller's transaction: the invitation_call, the row's
   * booking, the audit and what the result changes in the contact preferences. 已预约 also books
   * the appointment (预约登记, source 招揽电话) unless the caller booked it already (`book: false`:
   * the 回访 call screen books with its own call attached). Returns the invitation_call's id.
   */
  async writeCall(
    trx: Db,
    ctx: CallContext,
    at: string,
    input: {
      rowId: number;
      result: CallResult;
      bookedFor: string | null;
      bookedTime?: string | null;
      words: string;
    },
    options: { book: boolean },
  ): Promise<number> {
    const bookedFor = input.result === 'booked' ? input.bookedFor : null;
    const row = await this.rowOf(trx, input.rowId, undefined, true);
    if (row.removed_at !== null)
      throw new AppError(
        'CONFLICT',
        `这一行（${row.plate ?? `车辆 #${row.vehicle_id}`}）已从一览表移除，请先恢复再记录电话结果。`,
      );
    const user = ctx.session.user;
    const call = await trx
      .insertInto('invitation_call')
      .values({
        row_id: row.id,
        at,
        result: input.result,
        booked_for: bookedFor,
        words: input.words,
        by_user_id: user?.id ?? null,
        by_name: actorName(ctx),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const nextBooked =
      input.result === 'booked' ? bookedFor : CANCELS_BOOKING.includes(input.result) ? null : row.booked_for;
    await trx
      .updateTable('invitation_row')
      .set({ booked_for: nextBooked, updated_at: at })
      .where('id', '=', row.id)
      .execute();
    await writeAudit(trx, ctx, at, {
      action: 'invitationCall.record',
      entity: 'invitation_row',
      entityId: row.id,
      after: { callId: call.id, result: input.result, bookedFor, words: input.words },
    });
    if (this.appointments && CANCELS_BOOKING.includes(input.result))
      await this.appointments.cancelForInvitationRow(
        trx,
        row.id,
        `招揽提醒电话：${CALL_RESULT_LABELS[input.result]}`,
        ctx,
        at,
      );
    if (input.result === 'booked' && bookedFor !== null && options.book && this.appointments) {
      const appointmentId = await this.appointments.book(
        trx,
        {
          vehicleId: row.vehicle_id,
          customerId: row.customer_id,
          date: bookedFor,
          time: input.bookedTime ?? null,
          purpose: row.kind === 'first' ? 'first_service' : 'periodic_service',
          advisor: '',
          note: '',
          source: 'invitation',
          callId: null,
          invitationRowId: row.id,
        },
        ctx,
        at,
      );
      // 改约: a booking on another day replaces the row's earlier one.
      await this.appointments.cancelForInvitationRow(trx, row.id, `改约到 ${bookedFor}`, ctx, at, appointmentId);
    }
    if (row.customer_id !== null && (input.result === 'sold' || input.result === 'serviced_elsewhere')) {
      const channels: ContactChannel[] = input.result === 'sold' ? ['letter', 'phone', 'sms'] : ['phone'];
      const reason: NoContactReason = input.result;
      const note = `提醒电话：${input.result === 'sold' ? '车已卖' : '已在别处保养'}（${row.plate ?? `车辆 #${row.vehicle_id}`}）`;
      for (const channel of channels)
        await writeContactPref(trx, ctx, at, row.customer_id, channel, false, reason, note, true);
    }
    return call.id;
  }

  async markLetterSent(input: ParsedInputOf<'invitations.markLetterSent'>, ctx: CallContext): Promise<InvitationList> {
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute((trx) => this.recordLetterSent(trx, input, ctx, at));
    return this.get(input.listId);
  }

  /**
   * markLetterSent's write inside the caller's transaction (the letters' confirm marks a whole batch
   * in one): the rows locked, refused if not on the list or removed, marked, one audit line.
   */
  async recordLetterSent(
    trx: Db,
    input: ParsedInputOf<'invitations.markLetterSent'>,
    ctx: CallContext,
    at: string,
  ): Promise<void> {
    const ids = [...new Set(input.rowIds)];
    const list = await trx.selectFrom('invitation_list').select('id').where('id', '=', input.listId).executeTakeFirst();
    if (!list) throw AppError.notFound('招揽一览表', input.listId);
    const rows: Pick<RowRecord, 'id' | 'plate' | 'removed_at'>[] = [];
    for (const part of chunks(ids, 500))
      rows.push(
        ...(await forUpdate(
          trx,
          trx
            .selectFrom('invitation_row')
            .select(['id', 'plate', 'removed_at'])
            .where('list_id', '=', input.listId)
            .where('id', 'in', part),
        ).execute()),
      );
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw new AppError(
        'VALIDATION',
        `要标记的行：${missing.slice(0, 5).join('、')}${missing.length > 5 ? ' 等' : ''} 不在这张一览表中，请重新选择。`,
        { fields: [{ path: 'rowIds', label: '要标记的行', message: '不在这张一览表中' }] },
      );
    const removed = rows.filter((r) => r.removed_at !== null);
    if (removed.length > 0)
      throw new AppError(
        'VALIDATION',
        `要标记的行：${removed
          .slice(0, 5)
          .map((r) => r.plate ?? `#${r.id}`)
          .join('、')} 已移除，不能记为已寄信；请取消选择或先恢复。`,
        { fields: [{ path: 'rowIds', label: '要标记的行', message: '含已移除的行' }] },
      );
    for (const part of chunks(ids, 500))
      await trx
        .updateTable('invitation_row')
        .set({ letter_sent_on: input.sentOn, letter_kind: input.kind, letter_batch: input.batch, updated_at: at })
        .where('id', 'in', part)
        .execute();
    await writeAudit(trx, ctx, at, {
      action: 'invitationRow.letterSent',
      entity: 'invitation_list',
      entityId: input.listId,
      after: {
        rowIds: ids,
        sentOn: input.sentOn,
        kind: input.kind,
        kindLabel: LETTER_KIND_LABELS[input.kind],
        batch: input.batch,
      },
    });
  }

  /**
   * Rows whose letter went out at least `afterDays` days before `date`, not removed, not come in,
   * not booked, not called today and not ended by an earlier call (only 无人接听 is tried again),
   * whose customer may be phoned. Oldest letters first. The reminder call of an invitation is
   * marketing: not for customers who did not agree to it (is_marketing_consent = 0).
   */
  private callQueueQuery(db: Db, date: string, afterDays: number) {
    return reminderRowsQuery(db, date, afterDays)
      .where('r.phone', 'is not', null)
      .where((eb) => eb.or([eb('c.id', 'is', null), eb('c.is_do_not_contact', '=', 0)]))
      .where((eb) => eb.or([eb('c.id', 'is', null), eb('c.is_marketing_consent', '=', 1)]))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('contact_preference as p')
              .select('p.customer_id')
              .whereRef('p.customer_id', '=', 'r.customer_id')
              .where('p.channel', '=', 'phone')
              .where('p.allowed', '=', 0),
          ),
        ),
      );
  }

  async callQueue(input: ParsedInputOf<'invitations.callQueue'>): Promise<InvitationRow[]> {
    await this.due.ensureSummary();
    const date = input.date ?? this.today();
    const records = await this.callQueueQuery(this.db, date, input.afterDays)
      .selectAll('r')
      .orderBy('r.letter_sent_on')
      .orderBy('r.due_on')
      .orderBy('r.id')
      .execute();
    return this.toRows(this.db, records);
  }

  /** For the Today board: how many reminder calls are due on the day. */
  async callQueueCount(date: string, afterDays = 7): Promise<number> {
    const r = await this.callQueueQuery(this.db, date, afterDays)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Reminder calls recorded on the day (any result). */
  async callsMadeOn(date: string): Promise<number> {
    const r = await this.db
      .selectFrom('invitation_call')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('at', '>=', date)
      .where('at', '<', addDays(date, 1))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // ---- 回厂 ----

  /** The listener: a vehicle's ROs changed; mark (or correct) 回厂 on its rows. */
  async vehiclesChanged(trx: Db, vehicleIds: readonly number[], at: string): Promise<void> {
    await this.markCame(trx, vehicleIds, at);
  }

  /**
   * For each row (not removed) of these vehicles: the earliest RO of the right type (首保: first
   * service; 定保: first or periodic service) opened on or after the day the list was made. Rows
   * already marked are corrected when their RO changed type, date or was deleted.
   */
  private async markCame(trx: Db, vehicleIds: readonly number[], at: string): Promise<void> {
    for (const ids of chunks([...vehicleIds], 500)) {
      const rows = await trx
        .selectFrom('invitation_row as r')
        .innerJoin('invitation_list as l', 'l.id', 'r.list_id')
        .select(['r.id', 'r.vehicle_id', 'r.kind', 'r.came_ro_id', 'r.came_on', 'r.list_id', 'l.created_at'])
        .where('r.vehicle_id', 'in', ids)
        .where('r.removed_at', 'is', null)
        .execute();
      if (rows.length === 0) continue;
      const orders = await trx
        .selectFrom('repair_order')
        .select(['id', 'vehicle_id', 'opened_at', 'type'])
        .where('vehicle_id', 'in', [...new Set(rows.map((r) => r.vehicle_id))])
        .where('type', 'in', [...SERVICE_RO_TYPES])
        .orderBy('vehicle_id')
        .orderBy('opened_at')
        .orderBy('id')
        .execute();
      for (const row of rows) {
        const listedOn = row.created_at.slice(0, 10);
        const ro = orders.find(
          (o) =>
            o.vehicle_id === row.vehicle_id &&
            o.opened_at.slice(0, 10) >= listedOn &&
            (row.kind === 'periodic' || o.type === 'first_service'),
        );
        const cameRoId = ro?.id ?? null;
        const cameOn = ro ? ro.opened_at.slice(0, 10) : null;
        if (cameRoId === row.came_ro_id && cameOn === row.came_on) continue;
        await trx
          .updateTable('invitation_row')
          .set({ came_ro_id: cameRoId, came_on: cameOn, updated_at: at })
          .where('id', '=', row.id)
          .execute();
        await writeAudit(trx, SYSTEM, at, {
          action: 'invitationRow.came',
          entity: 'invitation_row',
          entityId: row.id,
          before: { cameRoId: row.came_ro_id, cameOn: row.came_on },
          after: { listId: row.list_id, vehicleId: row.vehicle_id, cameRoId, cameOn },
        });
      }
    }
  }

  // ---- contact preferences ----

  async contactPrefs(customerId: number, db: Db = this.db): Promise<ContactPreference[]> {
    const customer = await db.selectFrom('customer').select('id').where('id', '=', customerId).executeTakeFirst();
    if (!customer) throw AppError.notFound('客户', customerId);
    const rows = await db.selectFrom('contact_preference').selectAll().where('customer_id', '=', customerId).execute();
    return CONTACT_CHANNELS.map((channel) => {
      const r = rows.find((x) => x.channel === channel);
      return r
        ? {
            customerId,
            channel,
            allowed: r.allowed === 1,
            reason: r.reason as NoContactReason | null,
            note: r.note,
            updatedAt: r.updated_at,
            updatedBy: r.updated_by,
          }
        : { customerId, channel, allowed: true, reason: null, note: '', updatedAt: '', updatedBy: '' };
    });
  }

  async setContactPref(input: ParsedInputOf<'contactPrefs.set'>, ctx: CallContext): Promise<ContactPreference[]> {
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const customer = await trx
        .selectFrom('customer')
        .select('id')
        .where('id', '=', input.customerId)
        .executeTakeFirst();
      if (!customer)
        throw new AppError('VALIDATION', `客户：找不到客户 #${input.customerId}，请重新选择。`, {
          fields: [{ path: 'customerId', label: '客户', message: '客户不存在' }],
        });
      await writeContactPref(trx, ctx, at, input.customerId, input.channel, input.allowed, input.reason, input.note);
      return this.contactPrefs(input.customerId, trx);
    });
  }
}

/**
 * The invitation rows due a reminder call on `date`, whoever their customer is: the letter went out
 * at least `afterDays` days before (and on or after `sentFrom`, when given), not removed, not come
 * in, not booked, not called that day and not ended by an earlier call (only 无人接听 is tried
 * again). Joined with the customer as `c`. InvitationsService.callQueue keeps the customers who may
 * be phoned for marketing; the 回访 queue (revisits/queue/reminder.ts) lists the others as skipped.
 */
export function reminderRowsQuery(db: Db, date: string, afterDays: number, sentFrom?: string) {
  const cutoff = addDays(date, -afterDays);
  let q = db
    .selectFrom('invitation_row as r')
    .leftJoin('customer as c', 'c.id', 'r.customer_id')
    .where('r.letter_sent_on', 'is not', null)
    .where('r.letter_sent_on', '<=', cutoff);
  if (sentFrom !== undefined) q = q.where('r.letter_sent_on', '>=', sentFrom);
  return q
    .where('r.removed_at', 'is', null)
    .where('r.came_on', 'is', null)
    .where('r.booked_for', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('invitation_call as k')
            .select('k.id')
            .whereRef('k.row_id', '=', 'r.id')
            .where((e) =>
              e.or([
                e('k.result', 'in', [...FINAL_RESULTS]),
                e.and([e('k.at', '>=', date), e('k.at', '<', addDays(date, 1))]),
              ]),
            ),
        ),
      ),
    );
}

/**
 * Upserts one channel of a customer's contact preference, audited. `keepRefusal`: an existing
 * refusal keeps its own reason (automatic writes: 回厂, a lost customer's 停止联系).
 */
export async function writeContactPref(
  trx: Db,
  ctx: CallContext,
  at: string,
  customerId: number,
  channel: ContactChannel,
  allowed: boolean,
  reason: NoContactReason | null,
  note: string,
  keepRefusal = false,
): Promise<void> {
  const before = await trx
    .selectFrom('contact_preference')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('channel', '=', channel)
    .executeTakeFirst();
  if (keepRefusal && before && before.allowed === 0) return;
  const values = {
    allowed: allowed ? 1 : 0,
    reason: allowed ? null : reason,
    note,
    updated_at: at,
    updated_by: actorName(ctx),
  };
  await trx
    .insertInto('contact_preference')
    .values({ customer_id: customerId, channel, ...values })
    .onConflict((oc) => oc.columns(['customer_id', 'channel']).doUpdateSet(values))
    .execute();
  await writeAudit(trx, ctx, at, {
    action: 'contactPreference.set',
    entity: 'customer',
    entityId: customerId,
    before: before ?? null,
    after: { channel, ...values },
  });
}
