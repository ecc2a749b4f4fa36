import type { MailRecipient, MailRecipients, UnmailableRecipient } from '../../../src-shared/domain/printing';
import { REASON_NO_MARKETING_CONSENT } from '../../../src-shared/domain/privacy';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';

/**
 * Who a batch of letters and envelopes goes to (信件与打印): the rows of one saved invitation list,
 * or the rows of every list whose period overlaps a date range.
 *
 * - Customers who refuse letters (customer.is_do_not_contact, or contact_preference letter
 *   allowed=0) are left out entirely: they are neither mailed nor listed as "cannot be mailed".
 * - Customers who did not agree to marketing go to `cannotMail` with 不同意营销联系: every letter
 *   from a list (invitation, holiday and birthday greetings) is marketing.
 * - One envelope per customer: a customer with two due cars gets one letter naming both plates
 *   (`plate` is "京A12345、京B67890"; the first car gives model and due date/km).
 * - A customer without an address or without a 6-digit postcode goes to `cannotMail` with the
 *   reason in Chinese — never printed blank.
 * - The mailable are sorted by postcode, then name (Chinese collation), then customer id: letters
 *   and envelopes print in this same order.
 *
 * The archive has no gender: `salutation` is always '' and prints as "先生/女士"
 * (`addresseeLine`); a company name prints as it is.
 */

/** A mail recipient with every list row and vehicle it stands for (one envelope per customer). */
export interface GroupedMailRecipient extends MailRecipient {
  listRowIds: number[];
  vehicleIds: number[];
}
export interface GroupedUnmailableRecipient extends UnmailableRecipient {
  listRowIds: number[];
  vehicleIds: number[];
}

export type RecipientSource = { listId: number } | { from: string; to: string };

export const REASON_NO_ADDRESS = '没有地址';
export const REASON_NO_POSTCODE = '没有邮政编码';
export const REASON_BAD_POSTCODE = '邮政编码不是6位数字';
export const REASON_NO_OWNER = '没有车主';

/** Words that make a name a company's (printed as it is, without 先生/女士). */
const COMPANY_MARKERS = ['公司', '有限', '集团', '中心', '厂', '店'] as const;

export function isCompanyName(name: string): boolean {
  return COMPANY_MARKERS.some((m) => name.includes(m));
}

/** The addressee as printed: "张三 先生/女士", "李四 女士", or the company name as it is. */
export function addresseeLine(name: string, salutation: string): string {
  const n = name.trim();
  if (isCompanyName(n)) return n;
  return `${n} ${salutation.trim() || '先生/女士'}`;
}

export function isValidPostcode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

const collator = new Intl.Collator('zh-CN');
const IN_CHUNK = 500;

function chunked<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface SourceRow {
  id: number;
  vehicle_id: number;
  customer_id: number | null;
  plate: string | null;
  model: string;
  customer_name: string | null;
  due_on: string;
  due_km: number | null;
}

async function sourceRows(db: Db, source: RecipientSource): Promise<SourceRow[]> {
  const base = db
    .selectFrom('invitation_row as r')
    .innerJoin('invitation_list as l', 'l.id', 'r.list_id')
    .select(['r.id', 'r.vehicle_id', 'r.customer_id', 'r.plate', 'r.model', 'r.customer_name', 'r.due_on', 'r.due_km'])
    .where('r.removed_at', 'is', null);
  if ('listId' in source) {
    const list = await db.selectFrom('invitation_list').select('id').where('id', '=', source.listId).executeTakeFirst();
    if (!list) throw new AppError('NOT_FOUND', `找不到招揽名单（编号 ${source.listId}）。`, { listId: source.listId });
    return base.where('r.list_id', '=', source.listId).orderBy('r.id').execute();
  }
  if (source.from > source.to)
    throw new AppError('VALIDATION', `开始日期 ${source.from} 晚于结束日期 ${source.to}。`, { from: source.from });
  const rows = await base
    .where('l.period_from', '<=', source.to)
    .where('l.period_to', '>=', source.from)
    .orderBy('r.id')
    .execute();
  // The same vehicle on two overlapping lists is mailed once (its first row).
  const seen = new Set<number>();
  return rows.filter((r) => {
    if (seen.has(r.vehicle_id)) return false;
    seen.add(r.vehicle_id);
    return true;
  });
}

export async function mailRecipients(db: Db, source: RecipientSource, today: string): Promise<MailRecipients> {
  const rows = await sourceRows(db, source);
  const vehicleIds = [...new Set(rows.map((r) => r.vehicle_id))];
  // Rows listed before the owner was known fall back to the vehicle's current owner.
  const owners = new Map<number, number | null>();
  const advisors = new Map<number, string>();
  for (const part of chunked(vehicleIds)) {
    for (const v of await db.selectFrom('vehicle').select(['id', 'owner_id']).where('id', 'in', part).execute())
      owners.set(v.id, v.owner_id);
    // The latest RO (opened on or before today) gives the advisor.
    const ros = await db
      .selectFrom('repair_order')
      .select(['vehicle_id', 'advisor_name', 'opened_at'])
      .where('vehicle_id', 'in', part)
      .where('opened_at', '<=', `${today} 23:59:59`)
      .orderBy('vehicle_id')
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    for (const ro of ros) if (!advisors.has(ro.vehicle_id)) advisors.set(ro.vehicle_id, ro.advisor_name);
  }
  const customerOf = (r: SourceRow) => r.customer_id ?? owners.get(r.vehicle_id) ?? null;
  const customerIds = [...new Set(rows.map(customerOf).filter((id): id is number => id !== null))];
  const customers = new Map<
    number,
    { name: string; address: string; postal_code: string; is_do_not_contact: number; is_marketing_consent: number }
  >();
  const refusesLetters = new Set<number>();
  for (const part of chunked(customerIds)) {
    for (const c of await db
      .selectFrom('customer')
      .select(['id', 'name', 'address', 'postal_code', 'is_do_not_contact', 'is_marketing_consent'])
      .where('id', 'in', part)
      .execute())
      customers.set(c.id, c);
    for (const p of await db
      .selectFrom('contact_preference')
      .select('customer_id')
      .where('channel', '=', 'letter')
      .where('allowed', '=', 0)
      .where('customer_id', 'in', part)
      .execute())
      refusesLetters.add(p.customer_id);
  }

  const mailable: GroupedMailRecipient[] = [];
  const cannotMail: GroupedUnmailableRecipient[] = [];
  const byCustomer = new Map<number, GroupedMailRecipient | GroupedUnmailableRecipient>();
  for (const r of rows) {
    const customerId = customerOf(r);
    const customer = customerId === null ? undefined : customers.get(customerId);
    if (customerId === null || !customer) {
      cannotMail.push({
        customerId: customerId ?? 0,
        vehicleId: r.vehicle_id,
        listRowId: r.id,
        name: r.customer_name ?? '',
        plate: r.plate,
        reason: REASON_NO_OWNER,
        listRowIds: [r.id],
        vehicleIds: [r.vehicle_id],
      });
      continue;
    }
    if (customer.is_do_not_contact === 1 || refusesLetters.has(customerId)) continue;
    const already = byCustomer.get(customerId);
    if (already) {
      already.listRowIds.push(r.id);
      already.vehicleIds.push(r.vehicle_id);
      if (r.plate && !(already.plate ?? '').split('、').includes(r.plate))
        already.plate = already.plate ? `${already.plate}、${r.plate}` : r.plate;
      continue;
    }
    const address = customer.address.trim();
    const postalCode = customer.postal_code.replace(/\s/g, '');
    const reasons: string[] = [];
    // Invitations and greetings are marketing (PIPL): listed with the reason, never printed.
    if (customer.is_marketing_consent === 0) reasons.push(REASON_NO_MARKETING_CONSENT);
    else {
      if (address === '') reasons.push(REASON_NO_ADDRESS);
      if (postalCode === '') reasons.push(REASON_NO_POSTCODE);
      else if (!isValidPostcode(postalCode)) reasons.push(`${REASON_BAD_POSTCODE}（${postalCode}）`);
    }
    const name = customer.name.trim();
    if (reasons.length > 0) {
      const u: GroupedUnmailableRecipient = {
        customerId,
        vehicleId: r.vehicle_id,
        listRowId: r.id,
        name,
        plate: r.plate,
        reason: reasons.join('，'),
        listRowIds: [r.id],
        vehicleIds: [r.vehicle_id],
      };
      cannotMail.push(u);
      byCustomer.set(customerId, u);
      continue;
    }
    const m: GroupedMailRecipient = {
      customerId,
      vehicleId: r.vehicle_id,
      listRowId: r.id,
      name,
      salutation: '',
      address,
      postalCode,
      plate: r.plate,
      model: r.model,
      nextServiceOn: r.due_on,
      nextServiceKm: r.due_km,
      advisor: advisors.get(r.vehicle_id) ?? '',
      listRowIds: [r.id],
      vehicleIds: [r.vehicle_id],
    };
    mailable.push(m);
    byCustomer.set(customerId, m);
  }
  mailable.sort(
    (a, b) =>
      (a.postalCode < b.postalCode ? -1 : a.postalCode > b.postalCode ? 1 : 0) ||
      collator.compare(a.name, b.name) ||
      a.customerId - b.customerId,
  );
  cannotMail.sort((a, b) => collator.compare(a.name, b.name) || a.customerId - b.customerId);
  return { mailable, cannotMail };
}
