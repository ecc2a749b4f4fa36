import { sql } from 'kysely';
import type { z } from 'zod';
import type { smsRecipients } from '../../../src-shared/contract/sms.contract';
import { NO_CONTACT_REASON_LABELS, type NoContactReason } from '../../../src-shared/domain/invitations';
import { REASON_NO_MARKETING_CONSENT } from '../../../src-shared/domain/privacy';
import { AppError } from '../../../src-shared/errors';
import { addDays, daysBetween } from '../../../src-shared/validation/dates';
import { normalizePhone } from '../../../src-shared/validation/normalize';
import { isMobile } from '../../../src-shared/validation/vehicle-ids';
import type { Db } from '../../db/database';
import { otherPhonesOf } from '../appointments/appointments.service';
import { chunks } from '../invitations/vehicle-changes';

/**
 * Who an SMS batch goes to, per source, and who is left out and why.
 *
 * Sources:
 * - invitation_list: the rows of one saved list (not removed). Marketing: customers who did not
 *   agree to it are left out. A row whose car already came back, or that is booked, is left out too.
 * - unreached: the calls closed as 未接通 in the period whose customer was not offered a letter
 *   instead, and the ones offered an SMS in the period; not those a batch already messaged. Service follow-up, not marketing — except an
 *   invitation's reminder call, which is.
 * - deliveries: the ROs delivered in the period (delivered_at, or settled without a delivery time,
 *   as the daily report counts them). Service follow-up, not marketing.
 * - appointments: a day's open bookings (today or later): a reminder the customer asked for by
 *   booking, not marketing.
 *
 * Left out, with the reason (kept in the batch as skipped): no customer on file, an anonymised
 * customer, 勿扰 (is_do_not_contact), SMS refused (contact_preference sms allowed=0), no marketing
 * consent (marketing sources only), no mobile number, and a second message to the same number.
 */

export type SmsRecipientsInput = z.output<typeof smsRecipients>;

/** The longest period a batch reads at once. */
const MAX_PERIOD_DAYS = 366;

export const REASON_NO_CUSTOMER = '没有客户档案';
export const REASON_ANONYMISED = '客户已匿名';
export const REASON_DO_NOT_CONTACT = '客户要求勿扰';
export const REASON_NO_SMS = '客户不接收短信';
export const REASON_NO_MOBILE = '没有手机号';
export const REASON_DUPLICATE_PHONE = '同一手机号本批已有一条';

/** One possible message before the customer's own refusals are checked. */
export interface SmsCandidate {
  customerId: number | null;
  vehicleId: number | null;
  /** As written on the source (a list row's copy) when there is no customer file. */
  name: string | null;
  plate: string | null;
  model: string;
  nextServiceOn: string | null;
  nextServiceKm: number | null;
  advisor: string;
  /** Marketing: needs the customer's consent. */
  marketing: boolean;
  /** Left out for a reason of the source itself (已回厂, 已预约). */
  sourceReason: string | null;
  appointmentDate: string | null;
  appointmentTime: string | null;
}

/** A customer as the batch needs them. */
export interface SmsCustomer {
  id: number;
  name: string;
  mobile: string | null;
  otherPhones: string;
  doNotContact: boolean;
  marketingConsent: boolean;
  anonymised: boolean;
  /** SMS refused, with the label of the reason when known. */
  smsRefused: string | null;
}

function checkPeriod(from: string, to: string): void {
  if (to < from) throw AppError.validation('recipients.to', '结束日期', `不能早于开始日期 ${from}`);
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) throw AppError.validation('recipients.to', '结束日期', '一次最多选一年');
}

/** The latest RO's advisor of each vehicle. */
async function advisorsOf(db: Db, vehicleIds: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const part of chunks([...new Set(vehicleIds)])) {
    const rows = await db
      .selectFrom('repair_order')
      .select(['vehicle_id', 'advisor_name'])
      .where('vehicle_id', 'in', part)
      .orderBy('vehicle_id')
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    for (const r of rows) if (!out.has(r.vehicle_id)) out.set(r.vehicle_id, r.advisor_name);
  }
  return out;
}

/** Each vehicle's next service (the per-vehicle summary), for 下次保养日期/里程. */
async function dueOf(
  db: Db,
  vehicleIds: readonly number[],
): Promise<Map<number, { on: string | null; km: number | null }>> {
  const out = new Map<number, { on: string | null; km: number | null }>();
  for (const part of chunks([...new Set(vehicleIds)])) {
    const rows = await db
      .selectFrom('vehicle_service_summary')
      .select(['vehicle_id', 'due_on', 'due_km'])
      .where('vehicle_id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.vehicle_id, { on: r.due_on, km: r.due_km });
  }
  return out;
}

interface VehicleRow {
  vehicle_id: number | null;
  customer_id: number | null;
  plate: string | null;
  model: string | null;
}

/** A source's row as a candidate: whoever the row names, else the vehicle's owner. */
function candidateRow(
  r: Omit<VehicleRow, 'customer_id'> & { customer_id: number | null; owner_id: number | null },
  advisor: string | null,
  marketing: boolean,
) {
  return {
    vehicle_id: r.vehicle_id,
    customer_id: r.customer_id ?? r.owner_id,
    plate: r.plate,
    model: r.model,
    advisor,
    marketing,
  };
}

/**
 * The calls closed as 未接通 in the period (no channel chosen, or 短信), and those offered an SMS in
 * the period; not those a batch already messaged. The unreached source reads them, and confirming
 * that batch as sent marks the same calls (sms.service.ts).
 */
export function unreachedCalls(db: Db, from: string, to: string) {
  const end = addDays(to, 1);
  return db
    .selectFrom('revisit_call as k')
    .where('k.state', '=', 'unreached')
    .where('k.follow_up_batch_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('k.closed_at', '>=', from),
          eb('k.closed_at', '<', end),
          eb.or([eb('k.follow_up_channel', 'is', null), eb('k.follow_up_channel', '=', 'sms')]),
        ]),
        eb.and([
          eb('k.follow_up_channel', '=', 'sms'),
          eb('k.follow_up_at', '>=', from),
          eb('k.follow_up_at', '<', end),
        ]),
      ]),
    );
}

/** Fills what every source shares: advisor (if the source has none) and the next service. */
async function withVehicleFacts(
  db: Db,
  rows: readonly (VehicleRow & { advisor?: string | null; marketing: boolean })[],
  extra: (i: number) => Partial<SmsCandidate> = () => ({}),
): Promise<SmsCandidate[]> {
  const vehicleIds = rows.map((r) => r.vehicle_id).filter((id): id is number => id !== null);
  const [advisors, due] = await Promise.all([advisorsOf(db, vehicleIds), dueOf(db, vehicleIds)]);
  return rows.map((r, i) => {
    const d = r.vehicle_id === null ? undefined : due.get(r.vehicle_id);
    return {
      customerId: r.customer_id,
      vehicleId: r.vehicle_id,
      name: null,
      plate: r.plate,
      model: r.model ?? '',
      nextServiceOn: d?.on ?? null,
      nextServiceKm: d?.km ?? null,
      advisor: r.advisor || (r.vehicle_id === null ? '' : (advisors.get(r.vehicle_id) ?? '')),
      marketing: r.marketing,
      sourceReason: null,
      appointmentDate: null,
      appointmentTime: null,
      ...extra(i),
    };
  });
}

async function fromInvitationList(db: Db, listId: number): Promise<SmsCandidate[]> {
  const list = await db.selectFrom('invitation_list').select('id').where('id', '=', listId).executeTakeFirst();
  if (!list) throw AppError.validation('recipients.listId', '招揽一览表', `找不到编号 ${listId} 的一览表，请重新选择`);
  const rows = await db
    .selectFrom('invitation_row as r')
    .innerJoin('vehicle as v', 'v.id', 'r.vehicle_id')
    .select([
      'r.vehicle_id',
      'r.customer_id',
      'v.owner_id',
      'r.customer_name',
      'r.plate',
      'r.model',
      'r.due_on',
      'r.due_km',
      'r.came_on',
      'r.booked_for',
    ])
    .where('r.list_id', '=', listId)
    .where('r.removed_at', 'is', null)
    .orderBy('r.id')
    .execute();
  const candidates = await withVehicleFacts(
    db,
    rows.map((r) => ({ ...r, customer_id: r.customer_id ?? r.owner_id, marketing: true })),
    (i) => {
      const r = rows[i]!;
      return {
        name: r.customer_name,
        // The list's own due facts, as the letter of the same list prints them.
        nextServiceOn: r.due_on,
        nextServiceKm: r.due_km,
        sourceReason: r.came_on ? `已回厂（${r.came_on}）` : r.booked_for ? `已预约（${r.booked_for}）` : null,
      };
    },
  );
  return candidates;
}

async function fromUnreached(db: Db, from: string, to: string): Promise<SmsCandidate[]> {
  checkPeriod(from, to);
  const rows = await unreachedCalls(db, from, to)
    .leftJoin('vehicle as v', 'v.id', 'k.vehicle_id')
    .leftJoin('repair_order as r', 'r.id', 'k.ro_id')
    .select([
      'k.kind',
      'k.invitation_row_id',
      'k.vehicle_id',
      'k.customer_id',
      'v.owner_id',
      'v.plate',
      'v.model',
      'r.advisor_name',
    ])
    .orderBy('k.closed_at')
    .orderBy('k.id')
    .execute();
  return withVehicleFacts(
    db,
    // An invitation's reminder call is marketing; a follow-up of the customer's own repair is not.
    rows.map((r) => candidateRow(r, r.advisor_name, r.kind === 'reminder' && r.invitation_row_id !== null)),
  );
}

async function fromDeliveries(db: Db, from: string, to: string): Promise<SmsCandidate[]> {
  checkPeriod(from, to);
  const end = addDays(to, 1);
  const rows = await db
    .selectFrom('repair_order as r')
    .innerJoin('vehicle as v', 'v.id', 'r.vehicle_id')
    .select(['r.vehicle_id', 'r.customer_id', 'v.owner_id', 'v.plate', 'v.model', 'r.advisor_name'])
    .where((eb) =>
      eb.or([
        eb.and([eb('r.delivered_at', '>=', from), eb('r.delivered_at', '<', end)]),
        eb.and([eb('r.delivered_at', 'is', null), eb('r.settled_at', '>=', from), eb('r.settled_at', '<', end)]),
      ]),
    )
    .orderBy((eb) => eb.fn.coalesce('r.delivered_at', 'r.settled_at'))
    .orderBy('r.id')
    .execute();
  return withVehicleFacts(
    db,
    rows.map((r) => candidateRow(r, r.advisor_name, false)),
  );
}

async function fromAppointments(db: Db, date: string, today: string): Promise<SmsCandidate[]> {
  if (date < today)
    throw AppError.validation('recipients.date', '预约日期', `不能早于今天（${today}）：提醒是在预约之前发的`);
  const rows = await db
    .selectFrom('appointment as a')
    .innerJoin('vehicle as v', 'v.id', 'a.vehicle_id')
    .select(['a.vehicle_id', 'a.customer_id', 'v.owner_id', 'v.plate', 'v.model', 'a.advisor', 'a.date', 'a.time'])
    .where('a.date', '=', date)
    .where('a.state', '=', 'booked')
    .orderBy(sql`a.time IS NULL`)
    .orderBy('a.time')
    .orderBy('a.id')
    .execute();
  return withVehicleFacts(
    db,
    rows.map((r) => candidateRow(r, r.advisor, false)),
    (i) => ({ appointmentDate: rows[i]!.date, appointmentTime: rows[i]!.time }),
  );
}

/** The candidates of a source, in the source's order. */
export function smsCandidates(db: Db, source: SmsRecipientsInput, today: string): Promise<SmsCandidate[]> {
  switch (source.kind) {
    case 'invitation_list':
      return fromInvitationList(db, source.listId);
    case 'unreached':
      return fromUnreached(db, source.from, source.to);
    case 'deliveries':
      return fromDeliveries(db, source.from, source.to);
    case 'appointments':
      return fromAppointments(db, source.date, today);
  }
}

/** The customers of the candidates, with what decides whether they may get an SMS. */
export async function smsCustomers(db: Db, ids: readonly (number | null)[]): Promise<Map<number, SmsCustomer>> {
  const out = new Map<number, SmsCustomer>();
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  for (const part of chunks(unique)) {
    const [customers, prefs] = await Promise.all([
      db
        .selectFrom('customer')
        .select(['id', 'name', 'mobile', 'other_phones', 'is_do_not_contact', 'is_marketing_consent', 'anonymised_at'])
        .where('id', 'in', part)
        .execute(),
      db
        .selectFrom('contact_preference')
        .select(['customer_id', 'reason'])
        .where('channel', '=', 'sms')
        .where('allowed', '=', 0)
        .where('customer_id', 'in', part)
        .execute(),
    ]);
    const refused = new Map(prefs.map((p) => [p.customer_id, p.reason]));
    for (const c of customers) {
      const reason = refused.get(c.id);
      out.set(c.id, {
        id: c.id,
        name: c.name.trim(),
        mobile: c.mobile,
        otherPhones: c.other_phones,
        doNotContact: c.is_do_not_contact === 1,
        marketingConsent: c.is_marketing_consent === 1,
        anonymised: c.anonymised_at !== null,
        smsRefused: refused.has(c.id)
          ? reason && reason in NO_CONTACT_REASON_LABELS
            ? NO_CONTACT_REASON_LABELS[reason as NoContactReason]
            : ''
          : null,
      });
    }
  }
  return out;
}

/** The customer's mobile: the mobile field, else the first mobile among the other phones. */
export function mobileOf(c: Pick<SmsCustomer, 'mobile' | 'otherPhones'>): string | null {
  const candidates = [c.mobile ?? '', ...otherPhonesOf(c.otherPhones)];
  for (const raw of candidates) {
    if (raw.trim() === '') continue;
    const phone = normalizePhone(raw);
    if (isMobile(phone)) return phone;
  }
  return null;
}

/** Why a candidate gets no SMS, or null (the mobile is checked by the caller). */
export function refusalOf(candidate: SmsCandidate, customer: SmsCustomer | undefined): string | null {
  if (!customer) return REASON_NO_CUSTOMER;
  if (customer.anonymised) return REASON_ANONYMISED;
  if (customer.doNotContact) return REASON_DO_NOT_CONTACT;
  if (customer.smsRefused !== null)
    return customer.smsRefused ? `${REASON_NO_SMS}（${customer.smsRefused}）` : REASON_NO_SMS;
  if (candidate.marketing && !customer.marketingConsent) return REASON_NO_MARKETING_CONSENT;
  return candidate.sourceReason;
}
