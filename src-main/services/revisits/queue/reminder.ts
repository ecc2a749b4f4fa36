import type { RevisitSettings } from '../../../../src-shared/domain/revisits';
import { APPOINTMENT_PURPOSE_LABELS, type AppointmentPurpose } from '../../../../src-shared/domain/revisits';
import { addDays } from '../../../../src-shared/validation/dates';
import type { Db } from '../../../db/database';
import { reminderRowsQuery } from '../../invitations/invitations.service';
import { chunks } from '../../invitations/vehicle-changes';
import {
  CUSTOMER_COLUMNS,
  type JoinedCustomerRow,
  joinedCustomer,
  monthDay,
  type QueueContributor,
  type Subject,
  shiftDate,
} from './subjects';

const ROW_COLUMNS = [
  'r.id',
  'r.vehicle_id',
  'r.customer_id',
  'r.plate',
  'r.model',
  'r.phone',
  'r.kind',
  'r.letter_sent_on',
] as const;

interface RowFacts extends JoinedCustomerRow {
  id: number;
  vehicle_id: number;
  customer_id: number | null;
  plate: string | null;
  model: string;
  phone: string | null;
  kind: string;
  letter_sent_on: string | null;
}

/**
 * Invitation reminder calls (招揽提醒): the rows InvitationsService.callQueue selects — the same
 * query (reminderRowsQuery), so 招揽 → 今日电话 and this queue agree — bounded below by the
 * queue's look-back so the scan stays short. Customers who may not be phoned (or gave no marketing
 * consent) are not dropped as there but listed as skipped with the reason. Key reminder:row:<id>;
 * due `reminderAfterDays` after the letter; the number is the one the row was listed with.
 */
export const reminderContributor: QueueContributor = {
  kind: 'reminder',
  prefix: 'reminder:row',
  enabled: () => true,
  async dueBetween(db: Db, from: string, to: string, settings: RevisitSettings): Promise<Subject[]> {
    const rows = await reminderRowsQuery(db, to, settings.reminderAfterDays, addDays(from, -settings.reminderAfterDays))
      .leftJoin('contact_preference as p', (join) =>
        join.onRef('p.customer_id', '=', 'c.id').on('p.channel', '=', 'phone').on('p.allowed', '=', 0),
      )
      .select(CUSTOMER_COLUMNS)
      .select([...ROW_COLUMNS])
      .execute();
    return rows.map((r) => rowSubject(r, settings, to));
  },
  async byIds(db: Db, ids: readonly number[], settings: RevisitSettings, date: string): Promise<Subject[]> {
    const out: Subject[] = [];
    for (const part of chunks([...ids], 500)) {
      const rows = await db
        .selectFrom('invitation_row as r')
        .leftJoin('customer as c', 'c.id', 'r.customer_id')
        .leftJoin('contact_preference as p', (join) =>
          join.onRef('p.customer_id', '=', 'c.id').on('p.channel', '=', 'phone').on('p.allowed', '=', 0),
        )
        .select(CUSTOMER_COLUMNS)
        .select([...ROW_COLUMNS])
        .where('r.id', 'in', part)
        .execute();
      out.push(...rows.map((r) => rowSubject(r, settings, date)));
    }
    return out;
  },
};

function rowSubject(r: RowFacts, settings: RevisitSettings, date: string): Subject {
  const what = r.kind === 'first' ? '首保' : '定保';
  return {
    key: `reminder:row:${r.id}`,
    kind: 'reminder',
    reason: r.letter_sent_on ? `${what}邀请信 ${monthDay(r.letter_sent_on)} 寄出，提醒来店` : `${what}招揽提醒`,
    // A row without a letter is only ever opened by key: due the day it is looked at.
    dueOn: r.letter_sent_on ? shiftDate(r.letter_sent_on, settings.reminderAfterDays) : date,
    roId: null,
    roNumber: null,
    vehicleId: r.vehicle_id,
    plate: r.plate,
    model: r.model,
    customerId: r.customer_id,
    listedPhone: r.phone,
    marketing: true,
    anonymised: false,
    joined: joinedCustomer(r),
  };
}

const appointmentsQuery = (db: Db) =>
  db
    .selectFrom('appointment as a')
    .innerJoin('vehicle as v', 'v.id', 'a.vehicle_id')
    .leftJoin('customer as c', (join) =>
      join.on((eb) => eb('c.id', '=', eb.fn.coalesce('a.customer_id', 'v.owner_id'))),
    )
    .leftJoin('contact_preference as p', (join) =>
      join.onRef('p.customer_id', '=', 'c.id').on('p.channel', '=', 'phone').on('p.allowed', '=', 0),
    )
    .select(CUSTOMER_COLUMNS)
    .select([
      'a.id',
      'a.vehicle_id',
      'a.customer_id',
      'a.date',
      'a.time',
      'a.purpose',
      'v.plate',
      'v.model',
      'v.owner_id',
      'v.anonymised_at',
    ]);
type AppointmentRow = Awaited<ReturnType<ReturnType<typeof appointmentsQuery>['execute']>>[number];

function noShowSubject(a: AppointmentRow): Subject {
  const purpose = APPOINTMENT_PURPOSE_LABELS[a.purpose as AppointmentPurpose] ?? a.purpose;
  return {
    key: `reminder:appointment:${a.id}`,
    kind: 'reminder',
    reason: `预约未到店（${monthDay(a.date)}${a.time ? ` ${a.time}` : ''} ${purpose}）`,
    dueOn: shiftDate(a.date, 1),
    roId: null,
    roNumber: null,
    vehicleId: a.vehicle_id,
    plate: a.plate,
    model: a.model,
    customerId: a.customer_id ?? a.owner_id,
    // The customer booked the visit: asking why they did not come is service, not marketing.
    marketing: false,
    anonymised: a.anonymised_at !== null,
    joined: joinedCustomer(a),
  };
}

/**
 * Appointment no-shows (预约未到店): booked for a day that passed with no RO of the vehicle
 * (arrival sets the appointment's state), called the next morning. Key reminder:appointment:<id>.
 * One range on appointment_date.
 */
export const noShowContributor: QueueContributor = {
  kind: 'reminder',
  prefix: 'reminder:appointment',
  enabled: () => true,
  async dueBetween(db: Db, from: string, to: string): Promise<Subject[]> {
    const rows = await appointmentsQuery(db)
      .where('a.date', '>=', addDays(from, -1))
      .where('a.date', '<=', addDays(to, -1))
      .where('a.state', '=', 'booked')
      .where('a.arrived_ro_id', 'is', null)
      .execute();
    return rows.map(noShowSubject);
  },
  async byIds(db: Db, ids: readonly number[]): Promise<Subject[]> {
    const out: Subject[] = [];
    for (const part of chunks([...ids], 500))
      out.push(...(await appointmentsQuery(db).where('a.id', 'in', part).execute()).map(noShowSubject));
    return out;
  },
};
