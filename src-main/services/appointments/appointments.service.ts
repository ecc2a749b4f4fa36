import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import { VEHICLE_STATUS_LABELS, type VehicleStatus } from '../../../src-shared/domain/enums';
import {
  APPOINTMENT_PURPOSE_LABELS,
  type Appointment,
  type AppointmentPurpose,
  type AppointmentSource,
  type AppointmentState,
} from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import { addDays, daysBetween, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { AppointmentTable } from '../../db/schema';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock, Session } from '../context';
import { XLSX_MIME } from '../daily-report/daily-report.xlsx';
import { chunks, type VehicleChangeListener, type VehicleChanges } from '../invitations/vehicle-changes';
import { type Disclosure, disclosureFor } from '../privacy/disclosure';
import { type AppointmentSheetRow, appointmentsPrintHtml } from './appointments.print';
import { appointmentsWorkbook } from './appointments.xlsx';

/**
 * 预约登记: appointments booked from a call (a revisit call's or an invitation call's 已预约, through
 * `book` inside the caller's transaction) or typed for a customer who phones in (`create`).
 *
 * Rules decided here:
 * - Not in the past: the day not before the store's today, a time on today not already past; at
 *   most a year ahead. A scrapped vehicle cannot be booked (a sold or lost one can: it may come back).
 * - The customer: the one given, else the vehicle's owner. A phone-in booking for a vehicle with an
 *   owner must name that owner (the front desk calls the number on the customer's file); a call's
 *   booking keeps the customer the call was about (the RO's customer may differ from today's owner).
 * - One open booking per vehicle and day: a phone-in for a vehicle already booked that day is
 *   refused; a call's 已预约 for it updates that booking (new time, purpose…) instead of adding one.
 * - Arrival (a VehicleChangeListener, run inside the transaction that wrote the vehicle's ROs): the
 *   earliest RO of the vehicle opened on the appointment's day makes it 'arrived' (arrived_ro_id,
 *   arrived_at = the RO's opened_at); when that RO is moved to another vehicle or its day changes,
 *   the appointment goes back to 'booked' (or to another RO of the day). Cancelled ones are left alone.
 * - No-show is not stored: a 'booked' appointment whose day has passed (the call queue calls it).
 */

type AppointmentRecord = Selectable<AppointmentTable>;

/** What `book` takes: a call's or an invitation call's 已预约, or a phone-in. */
export interface Booking {
  vehicleId: number;
  customerId: number | null;
  date: string;
  time: string | null;
  purpose: AppointmentPurpose;
  advisor: string;
  note: string;
  source: AppointmentSource;
  callId: number | null;
  invitationRowId: number | null;
}

/** The automatic writes (arrival matched) are recorded as the system's. */
const SYSTEM: CallContext = { door: 'ipc', session: new Session() };

/** How far ahead a booking may be. */
const MAX_DAYS_AHEAD = 366;
/** The longest range `list` reads at once. */
const MAX_LIST_DAYS = 366;

function exported(fileName: string, mimeType: string, content: Buffer): ExportedFile {
  return { fileName, mimeType, contentBase64: content.toString('base64'), bytes: content.length };
}

/** customer.other_phones is a JSON array of phones (older files may hold plain text). */
export function otherPhonesOf(stored: string | null): string[] {
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    if (Array.isArray(parsed)) return parsed.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  } catch {
    // plain text: split below
  }
  return stored
    .split(/[,，、;；/\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The number to ring: the mobile, else the first other phone on the file. */
export function phoneOf(mobile: string | null, otherPhones: string | null): string | null {
  if (mobile && mobile.trim() !== '') return mobile.trim();
  return otherPhonesOf(otherPhones)[0] ?? null;
}

/** The store's state of an appointment on `today`: a booked day that passed is a no-show. */
export function appointmentState(stored: string, date: string, today: string): AppointmentState {
  if (stored === 'booked' && date < today) return 'no_show';
  return stored as AppointmentState;
}

/** Brief, for the audit log. */
function brief(r: Pick<AppointmentRecord, 'vehicle_id' | 'customer_id' | 'date' | 'time' | 'purpose' | 'advisor'>) {
  return {
    vehicleId: r.vehicle_id,
    customerId: r.customer_id,
    date: r.date,
    time: r.time,
    purpose: r.purpose,
    advisor: r.advisor,
  };
}

export class AppointmentsService implements VehicleChangeListener {
  private changes: VehicleChanges | null = null;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  /** The hub that may defer arrival matching after a large import: reads catch up first. */
  attach(changes: VehicleChanges): this {
    this.changes = changes;
    return this;
  }

  private today(): string {
    return todayDate(this.clock.now());
  }

  // ---- arrival ----

  async vehiclesChanged(trx: Db, vehicleIds: readonly number[], at: string): Promise<void> {
    await this.matchArrivals(trx, vehicleIds, at);
  }

  /** For the appointments (not cancelled) of these vehicles: the earliest RO opened on the day, or none. */
  private async matchArrivals(trx: Db, vehicleIds: readonly number[], at: string): Promise<void> {
    for (const ids of chunks([...vehicleIds], 500)) {
      const appointments = await trx
        .selectFrom('appointment')
        .select(['id', 'vehicle_id', 'date', 'state', 'arrived_ro_id', 'arrived_at'])
        .where('vehicle_id', 'in', ids)
        .where('state', 'in', ['booked', 'arrived'])
        .execute();
      if (appointments.length === 0) continue;
      const first = appointments.reduce((m, a) => (a.date < m ? a.date : m), appointments[0]!.date);
      const last = appointments.reduce((m, a) => (a.date > m ? a.date : m), appointments[0]!.date);
      const orders = await trx
        .selectFrom('repair_order')
        .select(['id', 'vehicle_id', 'opened_at'])
        .where('vehicle_id', 'in', [...new Set(appointments.map((a) => a.vehicle_id))])
        .where('opened_at', '>=', first)
        .where('opened_at', '<', addDays(last, 1))
        .orderBy('vehicle_id')
        .orderBy('opened_at')
        .orderBy('id')
        .execute();
      for (const a of appointments) {
        const ro = orders.find((o) => o.vehicle_id === a.vehicle_id && o.opened_at.slice(0, 10) === a.date);
        const state = ro ? 'arrived' : 'booked';
        const roId = ro?.id ?? null;
        const arrivedAt = ro?.opened_at ?? null;
        if (state === a.state && roId === a.arrived_ro_id && arrivedAt === a.arrived_at) continue;
        await trx
          .updateTable('appointment')
          .set((eb) => ({
            state,
            arrived_ro_id: roId,
            arrived_at: arrivedAt,
            updated_at: at,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', a.id)
          .execute();
        await writeAudit(trx, SYSTEM, at, {
          action: ro ? 'appointment.arrived' : 'appointment.arrivalUndone',
          entity: 'appointment',
          entityId: a.id,
          before: { state: a.state, arrivedRoId: a.arrived_ro_id, arrivedAt: a.arrived_at },
          after: { vehicleId: a.vehicle_id, date: a.date, state, arrivedRoId: roId, arrivedAt },
        });
      }
    }
  }

  // ---- booking ----

  /** The day and time: not in the past (store clock), at most a year ahead. */
  private checkWhen(date: string, time: string | null, prefix: string): void {
    const now = nowInstant(this.clock.now());
    const today = now.slice(0, 10);
    if (date < today)
      throw AppError.validation(`${prefix}date`, '预约日期', `不能早于今天（${today}），请填写客户约定来店的日期`);
    if (daysBetween(today, date) > MAX_DAYS_AHEAD)
      throw AppError.validation(
        `${prefix}date`,
        '预约日期',
        `最多预约一年以内（${addDays(today, MAX_DAYS_AHEAD)} 以前）`,
      );
    const clockTime = now.slice(11, 16);
    if (date === today && time !== null && time < clockTime)
      throw AppError.validation(
        `${prefix}time`,
        '预约时间',
        `今天 ${time} 已经过了（现在 ${clockTime}），请填写稍后的时间或改天`,
      );
  }

  private async vehicleOf(trx: Db, vehicleId: number, prefix: string) {
    const vehicle = await trx
      .selectFrom('vehicle as v')
      .leftJoin('customer as c', 'c.id', 'v.owner_id')
      .select(['v.id', 'v.plate', 'v.vin', 'v.status', 'v.owner_id', 'c.name as owner_name'])
      .where('v.id', '=', vehicleId)
      .executeTakeFirst();
    if (!vehicle) throw AppError.validation(`${prefix}vehicleId`, '车辆', `找不到车辆 #${vehicleId}，请重新选择`);
    if (vehicle.status === 'scrapped')
      throw AppError.validation(
        `${prefix}vehicleId`,
        '车辆',
        `${vehicle.plate ?? vehicle.vin ?? `#${vehicle.id}`} 已${VEHICLE_STATUS_LABELS[vehicle.status as VehicleStatus]}，不能预约`,
      );
    return vehicle;
  }

  private openBookingOn(trx: Db, vehicleId: number, date: string) {
    return trx
      .selectFrom('appointment')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .where('date', '=', date)
      .where('state', '=', 'booked')
      .orderBy('id')
      .executeTakeFirst();
  }

  /**
   * Books an appointment inside the caller's transaction (a call's 已预约, an invitation call's
   * 已预约): validated (not in the past), audited; returns the appointment's id. A booking of the
   * same vehicle on the same day already open is updated instead (the customer gave a new time).
   * `fieldPrefix` names the caller's input in refusals (calls.record: 'appointment.').
   */
  async book(trx: Db, booking: Booking, ctx: CallContext, at: string, fieldPrefix = ''): Promise<number> {
    this.checkWhen(booking.date, booking.time, fieldPrefix);
    const vehicle = await this.vehicleOf(trx, booking.vehicleId, fieldPrefix);
    const customerId = booking.customerId ?? vehicle.owner_id;
    if (customerId !== null && booking.customerId !== null) {
      const customer = await trx.selectFrom('customer').select('id').where('id', '=', customerId).executeTakeFirst();
      if (!customer)
        throw AppError.validation(`${fieldPrefix}customerId`, '客户', `找不到客户 #${customerId}，请重新选择`);
    }
    const by = actorName(ctx);
    const existing = await this.openBookingOn(trx, vehicle.id, booking.date);
    if (existing) {
      const values = {
        time: booking.time ?? existing.time,
        purpose: booking.purpose,
        advisor: booking.advisor || existing.advisor,
        note: booking.note || existing.note,
        call_id: existing.call_id ?? booking.callId,
        invitation_row_id: existing.invitation_row_id ?? booking.invitationRowId,
        updated_at: at,
      };
      await trx
        .updateTable('appointment')
        .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
        .where('id', '=', existing.id)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'appointment.update',
        entity: 'appointment',
        entityId: existing.id,
        before: brief(existing),
        after: { ...brief({ ...existing, ...values }), source: booking.source, callId: booking.callId },
      });
      return existing.id;
    }
    const values = {
      customer_id: customerId,
      vehicle_id: vehicle.id,
      date: booking.date,
      time: booking.time,
      purpose: booking.purpose,
      advisor: booking.advisor,
      note: booking.note,
      source: booking.source,
      call_id: booking.callId,
      invitation_row_id: booking.invitationRowId,
      state: 'booked',
      arrived_ro_id: null,
      arrived_at: null,
      cancelled_reason: '',
      created_at: at,
      created_by: by,
      updated_at: at,
    };
    const { id } = await trx.insertInto('appointment').values(values).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, at, {
      action: 'appointment.create',
      entity: 'appointment',
      entityId: id,
      after: {
        ...brief(values),
        plate: vehicle.plate,
        purposeLabel: APPOINTMENT_PURPOSE_LABELS[booking.purpose],
        source: booking.source,
        callId: booking.callId,
        invitationRowId: booking.invitationRowId,
      },
    });
    // Booked for today after the car already came in: arrived at once.
    await this.matchArrivals(trx, [vehicle.id], at);
    return id;
  }

  async create(input: ParsedInputOf<'appointments.create'>, ctx: CallContext): Promise<Appointment> {
    const at = nowInstant(this.clock.now());
    this.checkWhen(input.date, input.time, '');
    const id = await this.db.transaction().execute(async (trx) => {
      const vehicle = await this.vehicleOf(trx, input.vehicleId, '');
      if (input.customerId !== null && vehicle.owner_id !== null && input.customerId !== vehicle.owner_id)
        throw AppError.validation(
          'customerId',
          '客户',
          `不是这辆车的车主（车主：${vehicle.owner_name ?? `#${vehicle.owner_id}`}），请选择车主，或先在车辆档案里修改车主`,
        );
      const existing = await this.openBookingOn(trx, vehicle.id, input.date);
      if (existing)
        throw AppError.validation(
          'date',
          '预约日期',
          `${vehicle.plate ?? vehicle.vin ?? '这辆车'} 在 ${input.date} 已有预约（${existing.time ?? '未定时间'} ${APPOINTMENT_PURPOSE_LABELS[existing.purpose as AppointmentPurpose]}），请勿重复登记；要改时间请先取消原预约`,
        );
      return this.book(
        trx,
        {
          vehicleId: input.vehicleId,
          customerId: input.customerId,
          date: input.date,
          time: input.time,
          purpose: input.purpose,
          advisor: input.advisor,
          note: input.note,
          source: 'phone_in',
          callId: null,
          invitationRowId: null,
        },
        ctx,
        at,
      );
    });
    return this.get(id);
  }

  /**
   * Inside the caller's transaction: cancels the open bookings (not arrived, not already cancelled,
   * today or later) an invitation row holds, except `keepId`. An invitation call's 不感兴趣/号码错误/
   * 车已卖/已在别处保养 ends its booking; a new 已预约 on another day replaces the old one (改约), so
   * the front desk never waits for a car the customer already called off.
   */
  async cancelForInvitationRow(
    trx: Db,
    invitationRowId: number,
    reason: string,
    ctx: CallContext,
    at: string,
    keepId: number | null = null,
  ): Promise<number> {
    let q = trx
      .selectFrom('appointment')
      .selectAll()
      .where('invitation_row_id', '=', invitationRowId)
      .where('state', '=', 'booked')
      .where('date', '>=', at.slice(0, 10));
    if (keepId !== null) q = q.where('id', '!=', keepId);
    const open = await q.execute();
    for (const row of open) {
      await trx
        .updateTable('appointment')
        .set((eb) => ({ state: 'cancelled', cancelled_reason: reason, updated_at: at, version: eb('version', '+', 1) }))
        .where('id', '=', row.id)
        .where('state', '=', 'booked')
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'appointment.cancel',
        entity: 'appointment',
        entityId: row.id,
        before: { state: 'booked' },
        after: { ...brief(row), reason },
      });
    }
    return open.length;
  }

  async cancel(input: ParsedInputOf<'appointments.cancel'>, ctx: CallContext): Promise<Appointment> {
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('appointment').selectAll().where('id', '=', input.id).executeTakeFirst();
      if (!row) throw AppError.notFound('预约', input.id);
      if (row.state === 'cancelled')
        throw new AppError('CONFLICT', `这条预约已经取消（${row.cancelled_reason}），不用再取消。`);
      if (row.state === 'arrived') {
        const ro = row.arrived_ro_id
          ? await trx
              .selectFrom('repair_order')
              .select('ro_number')
              .where('id', '=', row.arrived_ro_id)
              .executeTakeFirst()
          : undefined;
        throw new AppError('CONFLICT', `客户已到店（工单 ${ro?.ro_number ?? ''}），这条预约不能取消。`);
      }
      await trx
        .updateTable('appointment')
        .set((eb) => ({
          state: 'cancelled',
          cancelled_reason: input.reason,
          updated_at: at,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', row.id)
        .where('state', '=', 'booked')
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'appointment.cancel',
        entity: 'appointment',
        entityId: row.id,
        before: { state: appointmentState(row.state, row.date, at.slice(0, 10)) },
        after: { ...brief(row), reason: input.reason },
      });
    });
    return this.get(input.id);
  }

  // ---- reading ----

  private query(db: Db) {
    return db
      .selectFrom('appointment as a')
      .innerJoin('vehicle as v', 'v.id', 'a.vehicle_id')
      .leftJoin('customer as c', 'c.id', 'a.customer_id')
      .leftJoin('repair_order as r', 'r.id', 'a.arrived_ro_id')
      .selectAll('a')
      .select([
        'v.plate',
        'v.vin',
        'v.model',
        'c.name as customer_name',
        'c.mobile',
        'c.other_phones',
        'r.ro_number as arrived_ro_number',
      ]);
  }

  private toAppointment(
    r: AppointmentRecord & {
      plate: string | null;
      vin: string | null;
      model: string;
      customer_name: string | null;
      mobile: string | null;
      other_phones: string | null;
      arrived_ro_number: string | null;
    },
    today: string,
  ): Appointment {
    return {
      id: r.id,
      customerId: r.customer_id,
      customerName: r.customer_name,
      phone: phoneOf(r.mobile, r.other_phones),
      vehicleId: r.vehicle_id,
      plate: r.plate ?? r.vin,
      model: r.model,
      date: r.date,
      time: r.time,
      purpose: r.purpose as AppointmentPurpose,
      advisor: r.advisor,
      note: r.note,
      source: r.source as AppointmentSource,
      callId: r.call_id,
      invitationRowId: r.invitation_row_id,
      state: appointmentState(r.state, r.date, today),
      arrivedRoId: r.arrived_ro_id,
      arrivedRoNumber: r.arrived_ro_number,
      cancelledReason: r.cancelled_reason,
      createdAt: r.created_at,
      createdBy: r.created_by,
    };
  }

  /** One appointment as the lists show it (for a call screen that shows the one it booked). */
  async get(id: number): Promise<Appointment> {
    const row = await this.query(this.db).where('a.id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('预约', id);
    return this.toAppointment(row, this.today());
  }

  /** A day's (or a range's) appointments by day and time (those without a time after the timed ones). */
  async list(input: ParsedInputOf<'appointments.list'>): Promise<Appointment[]> {
    await this.changes?.catchUp();
    const today = this.today();
    const from = input.date ?? today;
    const to = input.to ?? from;
    if (to < from) throw AppError.validation('to', '结束日期', `不能早于开始日期 ${from}`);
    if (daysBetween(from, to) > MAX_LIST_DAYS) throw AppError.validation('to', '结束日期', '一次最多查看一年的预约');
    let q = this.query(this.db).where('a.date', '>=', from).where('a.date', '<=', to);
    if (input.state === 'booked') q = q.where('a.state', '=', 'booked').where('a.date', '>=', today);
    else if (input.state === 'no_show') q = q.where('a.state', '=', 'booked').where('a.date', '<', today);
    else if (input.state !== 'all') q = q.where('a.state', '=', input.state);
    const rows = await q.orderBy('a.date').orderBy(sql`a.time IS NULL`).orderBy('a.time').orderBy('a.id').execute();
    return rows.map((r) => this.toAppointment(r, today));
  }

  // ---- the front desk's sheet ----

  private async storeName(): Promise<string> {
    const row = await this.db.selectFrom('store_profile').select('name').executeTakeFirst();
    return row?.name ?? '';
  }

  /** The day's appointments as they leave the counter: not the cancelled ones; names and phones masked unless a manager unmasks. */
  private async sheetRows(date: string, disclosure: Disclosure): Promise<AppointmentSheetRow[]> {
    const list = await this.list({ date, state: 'all' });
    return list
      .filter((a) => a.state !== 'cancelled')
      .map((a) => ({
        time: a.time,
        plate: a.plate,
        model: a.model,
        customerName: disclosure.name(a.customerName),
        phone: disclosure.phone(a.phone),
        purpose: APPOINTMENT_PURPOSE_LABELS[a.purpose],
        advisor: a.advisor,
        note: a.note,
        state: a.state,
        arrivedRoNumber: a.arrivedRoNumber,
      }));
  }

  async sheetHtml(
    input: ParsedInputOf<'appointments.sheetHtml'>,
    ctx: CallContext,
  ): Promise<{ title: string; html: string }> {
    const date = input.date ?? this.today();
    const disclosure = await disclosureFor(this.db, this.clock, ctx, input.unmasked, {
      document: '今日预约打印',
      scope: { date },
    });
    return appointmentsPrintHtml(
      { date, rows: await this.sheetRows(date, disclosure) },
      { storeName: await this.storeName(), printedAt: nowInstant(this.clock.now()) },
    );
  }

  async sheetXlsx(input: ParsedInputOf<'appointments.sheetXlsx'>, ctx: CallContext): Promise<ExportedFile> {
    const date = input.date ?? this.today();
    const disclosure = await disclosureFor(this.db, this.clock, ctx, input.unmasked, {
      document: '今日预约 Excel',
      scope: { date },
    });
    const content = await appointmentsWorkbook(
      { date, rows: await this.sheetRows(date, disclosure) },
      { storeName: await this.storeName(), createdAt: this.clock.now() },
    );
    return exported(`预约登记_${date}.xlsx`, XLSX_MIME, content);
  }
}
