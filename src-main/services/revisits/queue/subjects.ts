import { NO_CONTACT_REASON_LABELS, type NoContactReason } from '../../../../src-shared/domain/invitations';
import type { CallKind, RevisitSettings } from '../../../../src-shared/domain/revisits';
import { addDays } from '../../../../src-shared/validation/dates';
import type { Db } from '../../../db/database';
import { phoneOf } from '../../first-service/candidates';
import { chunks } from '../../invitations/vehicle-changes';

/**
 * The kinds a subject can be. A callback is mostly a call record's state (a booked callback_at),
 * except the complaint callback (二次回访, callback:complaint:N), a subject of its own.
 */
export type SubjectKind = CallKind;

/**
 * What a call is about, as a contributor reads it from the archive: one RO, vehicle, invitation
 * row or appointment, with the day the call is due. The customer's name, phone and 方便接听时间
 * are filled in afterwards for all subjects at once (see loadCustomers).
 */
export interface Subject {
  key: string;
  kind: SubjectKind;
  reason: string;
  dueOn: string;
  roId: number | null;
  roNumber: string | null;
  vehicleId: number | null;
  plate: string | null;
  model: string;
  customerId: number | null;
  /** The number an invitation row was listed with (its reminder calls use it); otherwise undefined. */
  listedPhone?: string | null;
  /** A reminder of an invitation is marketing: only for customers who agreed to it. */
  marketing: boolean;
  /** Retention anonymised the vehicle: nobody's to call. */
  anonymised: boolean;
  /** The customer as the contributor's query joined it (see CUSTOMER_COLUMNS); undefined: not joined. */
  joined?: { customer: CustomerRow | undefined; refusal: NoContactReason | null | undefined };
}

/**
 * The customer's columns and phone refusal, selected by each contributor with its subjects (one
 * statement: the customer by primary key, the refusal by contact_preference's key), aliased so they
 * do not clash with the subject's own. The query must join `customer as c` and the phone refusal as
 * `contact_preference as p` (see joinPhoneRefusal).
 */
export const CUSTOMER_COLUMNS = [
  'c.id as c_id',
  'c.name as c_name',
  'c.mobile as c_mobile',
  'c.other_phones as c_other_phones',
  'c.preferred_call_time as c_time',
  'c.is_do_not_contact as c_dnc',
  'c.is_marketing_consent as c_consent',
  'c.anonymised_at as c_anonymised',
  'p.reason as p_reason',
] as const;

export interface JoinedCustomerRow {
  c_id: number | null;
  c_name: string | null;
  c_mobile: string | null;
  c_other_phones: string | null;
  c_time: string | null;
  c_dnc: number | null;
  c_consent: number | null;
  c_anonymised: string | null;
  p_reason: string | null;
}

export function joinedCustomer(r: JoinedCustomerRow): NonNullable<Subject['joined']> {
  if (r.c_id === null) return { customer: undefined, refusal: undefined };
  return {
    customer: {
      id: r.c_id,
      name: r.c_name ?? '',
      mobile: r.c_mobile,
      other_phones: r.c_other_phones ?? '[]',
      preferred_call_time: r.c_time ?? '',
      is_do_not_contact: r.c_dnc ?? 0,
      is_marketing_consent: r.c_consent ?? 1,
      anonymised_at: r.c_anonymised,
    },
    // contact_preference: a refusal always has its reason (CHECK allowed = 1 OR reason IS NOT NULL).
    refusal: r.p_reason === null ? undefined : (r.p_reason as NoContactReason),
  };
}

/**
 * One kind of the day's calls (like the Today board's contributors). `dueBetween` is one range
 * query on an indexed column; `byIds` reads the same subjects by id (a call record whose subject
 * is outside the range, the call screen).
 */
export interface QueueContributor {
  readonly kind: SubjectKind;
  /** `followup7:ro`: the key is `${prefix}:${id}`. */
  readonly prefix: string;
  enabled(settings: RevisitSettings): boolean;
  dueBetween(db: Db, from: string, to: string, settings: RevisitSettings): Promise<Subject[]>;
  /** `date`: the day asked for (a subject without a due day of its own is due then). */
  byIds(db: Db, ids: readonly number[], settings: RevisitSettings, date: string): Promise<Subject[]>;
}

/** `followup7:ro:12` → its contributor's prefix and the id. */
export function splitKey(key: string): { prefix: string; id: number } | null {
  const m = /^([a-z0-9]+:[a-z]+):(\d{1,12})$/.exec(key);
  return m ? { prefix: m[1]!, id: Number(m[2]) } : null;
}

const shifted = new Map<string, string>();
/** addDays, remembered: the queue shifts the same few dates for hundreds of subjects. */
export function shiftDate(date: string, days: number): string {
  const key = `${date}|${days}`;
  let out = shifted.get(key);
  if (out === undefined) {
    out = addDays(date, days);
    if (shifted.size > 10_000) shifted.clear();
    shifted.set(key, out);
  }
  return out;
}

/** `11-15` of `2026-11-15`. */
export const monthDay = (date: string) => date.slice(5, 10);

/** What the queue needs of a customer, and why they are not called (null: they may be). */
export interface CustomerFacts {
  name: string | null;
  phone: string | null;
  preferredTime: string;
  skipReason: string | null;
}

export interface CustomerRow {
  id: number;
  name: string;
  mobile: string | null;
  other_phones: string;
  preferred_call_time: string;
  is_do_not_contact: number;
  is_marketing_consent: number;
  anonymised_at: string | null;
}

/** The customers of subjects read without them (by key): two queries per 500 customers. */
export async function loadCustomers(
  db: Db,
  customerIds: Iterable<number>,
): Promise<{ customers: Map<number, CustomerRow>; phoneRefusals: Map<number, NoContactReason | null> }> {
  const ids = [...new Set(customerIds)];
  const customers = new Map<number, CustomerRow>();
  const phoneRefusals = new Map<number, NoContactReason | null>();
  for (const part of chunks(ids, 500)) {
    const rows = await db
      .selectFrom('customer')
      .select([
        'id',
        'name',
        'mobile',
        'other_phones',
        'preferred_call_time',
        'is_do_not_contact',
        'is_marketing_consent',
        'anonymised_at',
      ])
      .where('id', 'in', part)
      .execute();
    for (const r of rows) customers.set(r.id, r);
    const refusals = await db
      .selectFrom('contact_preference')
      .select(['customer_id', 'reason'])
      .where('customer_id', 'in', part)
      .where('channel', '=', 'phone')
      .where('allowed', '=', 0)
      .execute();
    for (const r of refusals) phoneRefusals.set(r.customer_id, r.reason as NoContactReason | null);
  }
  return { customers, phoneRefusals };
}

/**
 * The customer as the queue shows them, and why they are not called: 客户要求勿扰 (do not
 * contact), the phone channel refused (with its reason: 车已卖, 在别处保养…), a reminder without
 * marketing consent, or 没有电话号码.
 */
export function customerFacts(
  subject: Subject,
  customer: CustomerRow | undefined,
  phoneRefusal: NoContactReason | null | undefined,
): CustomerFacts {
  const live = customer && customer.anonymised_at === null ? customer : undefined;
  const phone =
    subject.listedPhone !== undefined ? subject.listedPhone : live ? phoneOf(live.mobile, live.other_phones) : null;
  const facts = { name: live?.name ?? null, phone, preferredTime: live?.preferred_call_time ?? '' };
  let skipReason: string | null = null;
  if (subject.anonymised || (customer && !live)) skipReason = '档案已匿名化';
  else if (live?.is_do_not_contact === 1) skipReason = '客户要求勿扰';
  else if (phoneRefusal !== undefined)
    skipReason = `客户不接电话：${phoneRefusal ? NO_CONTACT_REASON_LABELS[phoneRefusal] : '客户拒绝电话联系'}`;
  else if (subject.marketing && live && live.is_marketing_consent === 0) skipReason = '客户未同意营销联系';
  else if (phone === null || phone.trim() === '') skipReason = '没有电话号码';
  return { ...facts, skipReason };
}
