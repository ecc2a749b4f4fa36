import { type RawBuilder, sql } from 'kysely';
import type { RetentionCounts } from '../../../src-shared/domain/privacy';
import type { Db } from '../../db/database';
import { isPostgres } from '../../db/dialect';
import { customerTerms, type Term, vehicleTerms } from '../search/search-terms';

/**
 * Retention (PIPL: personal information is kept no longer than needed): customers with no visit for
 * N years, and their vehicles, are anonymised; the store keeps the ROs, their figures and lines,
 * mileage readings and vouchers for its accounts and statistics, linked to a record that no longer
 * names anyone.
 *
 * "Seen" is the latest of: the customer record's creation or last edit, an RO of the customer or of
 * a vehicle they own, a first-service voucher of such a vehicle, a vehicle's delivery or creation.
 * Ownerless vehicles follow the same rule on their own ROs and vouchers.
 */

/** The payload left in an audit entry about an anonymised record (see migration 202612030930_privacy). */
export const AUDIT_REDACTED_JSON = '{"redacted":"privacy.retention"}';

const CHUNK = 500;

function chunked<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The latest of several 'YYYY-MM-DD' texts, none NULL (SQLite's many-argument max, PostgreSQL's greatest). */
function latestOf(db: Db, dates: RawBuilder<unknown>[]): RawBuilder<string> {
  return isPostgres(db) ? sql<string>`greatest(${sql.join(dates)})` : sql<string>`max(${sql.join(dates)})`;
}

export interface IdleCustomer {
  id: number;
  name: string;
  mobile: string | null;
  lastSeenOn: string;
}

/** Customers not yet anonymised whose last sign of life is before `cutoff`, oldest first. */
export async function idleCustomers(db: Db, cutoff: string): Promise<IdleCustomer[]> {
  const rows = await sql<IdleCustomer>`
    SELECT id, name, mobile, last_seen_on AS "lastSeenOn" FROM (
      SELECT c.id, c.name, c.mobile, ${latestOf(db, [
        sql`substr(c.created_at, 1, 10)`,
        sql`substr(c.updated_at, 1, 10)`,
        sql`coalesce((SELECT substr(max(r.opened_at), 1, 10) FROM repair_order r WHERE r.customer_id = c.id), '')`,
        sql`coalesce((SELECT substr(max(r.opened_at), 1, 10) FROM vehicle v
                  JOIN repair_order r ON r.vehicle_id = v.id WHERE v.owner_id = c.id), '')`,
        sql`coalesce((SELECT max(f.service_on) FROM vehicle v
                  JOIN first_service_voucher f ON f.vehicle_id = v.id WHERE v.owner_id = c.id), '')`,
        sql`coalesce((SELECT max(${latestOf(db, [sql`coalesce(v.delivery_date, '')`, sql`substr(v.created_at, 1, 10)`])})
                  FROM vehicle v WHERE v.owner_id = c.id), '')`,
      ])} AS last_seen_on
      FROM customer c
      WHERE c.anonymised_at IS NULL
    ) AS seen
    WHERE last_seen_on < ${cutoff}
    ORDER BY last_seen_on, id`.execute(db);
  return rows.rows;
}

/** Vehicles to anonymise: those of the idle customers, and ownerless vehicles idle on their own. */
export async function idleVehicles(db: Db, cutoff: string, customerIds: readonly number[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const part of chunked(customerIds)) {
    const rows = await db
      .selectFrom('vehicle')
      .select('id')
      .where('owner_id', 'in', part)
      .where('anonymised_at', 'is', null)
      .execute();
    for (const r of rows) ids.add(r.id);
  }
  const ownerless = await sql<{ id: number }>`
    SELECT id FROM (
      SELECT v.id, ${latestOf(db, [
        sql`substr(v.created_at, 1, 10)`,
        sql`coalesce(v.delivery_date, '')`,
        sql`coalesce((SELECT substr(max(r.opened_at), 1, 10) FROM repair_order r WHERE r.vehicle_id = v.id), '')`,
        sql`coalesce((SELECT max(f.service_on) FROM first_service_voucher f WHERE f.vehicle_id = v.id), '')`,
      ])} AS last_seen_on
      FROM vehicle v
      WHERE v.owner_id IS NULL AND v.anonymised_at IS NULL
    ) AS seen
    WHERE last_seen_on < ${cutoff}`.execute(db);
  for (const r of ownerless.rows) ids.add(r.id);
  return [...ids].sort((a, b) => a - b);
}

export interface Affected {
  customerIds: number[];
  vehicleIds: number[];
  /** Invitation rows naming one of the customers or vehicles. */
  invitationRowIds: number[];
  letterItemIds: number[];
  /** Audit entries about them whose payload is not yet redacted. */
  auditEntryIds: number[];
}

async function idsIn(
  db: Db,
  table: 'invitation_row' | 'letter_batch_item',
  customerIds: readonly number[],
  vehicleIds: readonly number[],
): Promise<number[]> {
  const ids = new Set<number>();
  for (const part of chunked(customerIds))
    for (const r of await db.selectFrom(table).select('id').where('customer_id', 'in', part).execute()) ids.add(r.id);
  for (const part of chunked(vehicleIds))
    for (const r of await db.selectFrom(table).select('id').where('vehicle_id', 'in', part).execute()) ids.add(r.id);
  return [...ids].sort((a, b) => a - b);
}

async function repairOrdersOf(
  db: Db,
  customerIds: readonly number[],
  vehicleIds: readonly number[],
): Promise<number[]> {
  const ids = new Set<number>();
  for (const part of chunked(customerIds))
    for (const r of await db.selectFrom('repair_order').select('id').where('customer_id', 'in', part).execute())
      ids.add(r.id);
  for (const part of chunked(vehicleIds))
    for (const r of await db.selectFrom('repair_order').select('id').where('vehicle_id', 'in', part).execute())
      ids.add(r.id);
  return [...ids];
}

async function auditIds(db: Db, entity: string, entityIds: readonly number[]): Promise<number[]> {
  const ids: number[] = [];
  for (const part of chunked(entityIds)) {
    const rows = await db
      .selectFrom('audit_log')
      .select('id')
      .where('entity', '=', entity)
      .where('entity_id', 'in', part)
      .where((eb) =>
        eb.or([
          eb.and([eb('before_json', 'is not', null), eb('before_json', '!=', AUDIT_REDACTED_JSON)]),
          eb.and([eb('after_json', 'is not', null), eb('after_json', '!=', AUDIT_REDACTED_JSON)]),
        ]),
      )
      .execute();
    for (const r of rows) ids.push(r.id);
  }
  return ids;
}

/** Everything the rule would touch with `cutoff`, read in `db` (the caller's transaction when applying). */
export async function affectedBy(db: Db, cutoff: string): Promise<{ affected: Affected; idle: IdleCustomer[] }> {
  const idle = await idleCustomers(db, cutoff);
  const customerIds = idle.map((c) => c.id);
  const vehicleIds = await idleVehicles(db, cutoff, customerIds);
  const invitationRowIds = await idsIn(db, 'invitation_row', customerIds, vehicleIds);
  const letterItemIds = await idsIn(db, 'letter_batch_item', customerIds, vehicleIds);
  // An RO's audit entries carry its customer and vehicle as they were: theirs are redacted too
  // (the RO itself keeps its figures).
  const repairOrderIds = await repairOrdersOf(db, customerIds, vehicleIds);
  const auditEntryIds = [
    ...(await auditIds(db, 'customer', customerIds)),
    ...(await auditIds(db, 'vehicle', vehicleIds)),
    ...(await auditIds(db, 'invitation_row', invitationRowIds)),
    ...(await auditIds(db, 'repair_order', repairOrderIds)),
  ];
  return { affected: { customerIds, vehicleIds, invitationRowIds, letterItemIds, auditEntryIds }, idle };
}

export function countsOf(a: Affected): RetentionCounts {
  return {
    customers: a.customerIds.length,
    vehicles: a.vehicleIds.length,
    invitationRows: a.invitationRowIds.length,
    letterItems: a.letterItemIds.length,
    auditEntries: a.auditEntryIds.length,
  };
}

export async function vehicleCounts(db: Db, customerIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const part of chunked(customerIds)) {
    const rows = await db
      .selectFrom('vehicle')
      .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('owner_id', 'in', part)
      .groupBy('owner_id')
      .execute();
    for (const r of rows) if (r.owner_id !== null) out.set(r.owner_id, Number(r.n));
  }
  return out;
}

/**
 * Anonymises what `affectedBy` found, inside the caller's transaction. Names become
 * 已匿名客户#id, plates 匿名车辆#id; phones, addresses, birthdays, notes, VINs, contact
 * preferences, call notes and search keys go; copies on invitation lists and letter batches
 * follow; audit payloads about them are replaced by a marker (ids, actions and times stay).
 */
export async function anonymise(trx: Db, a: Affected, at: string): Promise<void> {
  for (const part of chunked(a.customerIds)) {
    // The search keys are recomputed from the record (as every write does) and removed by key.
    const people = await trx
      .selectFrom('customer')
      .select(['id', 'name', 'mobile', 'other_phones'])
      .where('id', 'in', part)
      .execute();
    await deleteTerms(
      trx,
      people.flatMap((c) =>
        customerTerms({
          id: c.id,
          name: c.name,
          mobile: c.mobile,
          otherPhones: JSON.parse(c.other_phones) as string[],
        }),
      ),
    );
    await trx
      .updateTable('customer')
      .set({
        name: sql<string>`'已匿名客户#' || id`,
        mobile: null,
        other_phones: '[]',
        address: '',
        postal_code: '',
        birthday: null,
        preferred_call_time: '',
        notes: '',
        is_do_not_contact: 1,
        is_marketing_consent: 0,
        anonymised_at: at,
        updated_at: at,
      })
      .where('id', 'in', part)
      .execute();
    await trx.deleteFrom('contact_preference').where('customer_id', 'in', part).execute();
    await trx
      .updateTable('invitation_row')
      .set({ customer_name: sql<string>`'已匿名客户#' || customer_id`, phone: null, updated_at: at })
      .where('customer_id', 'in', part)
      .execute();
    await trx
      .updateTable('invitation_call')
      .set({ words: '' })
      .where('row_id', 'in', (eb) => eb.selectFrom('invitation_row').select('id').where('customer_id', 'in', part))
      .execute();
    await trx
      .updateTable('letter_batch_item')
      .set({
        name: sql<string>`'已匿名客户#' || customer_id`,
        salutation: '',
        address: '',
        postal_code: '',
        plate: null,
        updated_at: at,
      })
      .where('customer_id', 'in', part)
      .execute();
  }
  for (const part of chunked(a.vehicleIds)) {
    const cars = await trx.selectFrom('vehicle').select(['id', 'plate', 'vin']).where('id', 'in', part).execute();
    await deleteTerms(
      trx,
      cars.flatMap((v) => vehicleTerms(v)),
    );
    await trx
      .updateTable('vehicle')
      .set({ plate: sql<string>`'匿名车辆#' || id`, vin: null, notes: '', anonymised_at: at, updated_at: at })
      .where('id', 'in', part)
      .execute();
    await trx
      .updateTable('invitation_row')
      .set({ plate: sql<string>`'匿名车辆#' || vehicle_id`, vin: null, updated_at: at })
      .where('vehicle_id', 'in', part)
      .execute();
    await trx
      .updateTable('letter_batch_item')
      .set({ plate: null, updated_at: at })
      .where('vehicle_id', 'in', part)
      .execute();
  }
  await redactCannotMail(trx, new Set(a.customerIds));
  for (const part of chunked(a.auditEntryIds)) {
    await trx
      .updateTable('audit_log')
      .set({
        before_json: sql<string | null>`CASE WHEN before_json IS NULL THEN NULL ELSE ${AUDIT_REDACTED_JSON} END`,
        after_json: sql<string | null>`CASE WHEN after_json IS NULL THEN NULL ELSE ${AUDIT_REDACTED_JSON} END`,
      })
      .where('id', 'in', part)
      .execute();
  }
}

/**
 * Removes search keys by their full primary key, 200 to a statement. The numbers are cast: a
 * parameter in VALUES has no column to take its type from (PostgreSQL would read it as text).
 */
async function deleteTerms(trx: Db, terms: readonly Term[]): Promise<void> {
  for (let i = 0; i < terms.length; i += 200) {
    const part = terms.slice(i, i + 200);
    await sql`DELETE FROM search_term WHERE (term, kind, entity_id, field) IN (VALUES ${sql.join(
      part.map(
        (t) =>
          sql`(${t.term}, CAST(${t.kind} AS INTEGER), CAST(${t.entity_id} AS BIGINT), CAST(${t.field} AS INTEGER))`,
      ),
    )})`.execute(trx);
  }
}

/** A letter batch lists who could not be mailed, by name: those names go too. */
async function redactCannotMail(trx: Db, customerIds: ReadonlySet<number>): Promise<void> {
  if (customerIds.size === 0) return;
  const batches = await trx.selectFrom('letter_batch').select(['id', 'cannot_mail_json']).execute();
  for (const b of batches) {
    const rows = JSON.parse(b.cannot_mail_json) as Array<{ customerId: number; name: string; plate: string | null }>;
    let changed = false;
    for (const r of rows) {
      if (customerIds.has(r.customerId)) {
        r.name = `已匿名客户#${r.customerId}`;
        r.plate = null;
        changed = true;
      }
    }
    if (changed)
      await trx
        .updateTable('letter_batch')
        .set({ cannot_mail_json: JSON.stringify(rows) })
        .where('id', '=', b.id)
        .execute();
  }
}
