import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import { toCustomer, toMileageReading, toRepairOrder, toVehicle } from '../archive/mappers';

/** snake_case row → camelCase object, for the tables without a domain mapper. */
function camel(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  return out;
}

function parsed(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

const CHUNK = 500;

/**
 * Everything the archive holds about one customer (PIPL access right): the customer, contact
 * preferences, their vehicles with mileage readings and first-service vouchers, their ROs with
 * lines (ROs of their vehicles under another customer belong to that customer and are left out),
 * invitation rows with calls, letters sent, thank-you letters queued, and the audit entries about
 * any of these records.
 */
export async function customerData(db: Db, customerId: number, exportedAt: string): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('customer').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!row) throw AppError.notFound('客户', customerId);
  const vehicles = await db
    .selectFrom('vehicle')
    .selectAll()
    .where('owner_id', '=', customerId)
    .orderBy('id')
    .execute();
  const vehicleIds = vehicles.map((v) => v.id);
  const inVehicles = vehicleIds.length > 0 ? vehicleIds : [-1];
  const orders = await db
    .selectFrom('repair_order')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('customer_id', '=', customerId),
        eb.and([eb('customer_id', 'is', null), eb('vehicle_id', 'in', inVehicles)]),
      ]),
    )
    .orderBy('opened_at')
    .orderBy('id')
    .execute();
  const roIds = orders.map((o) => o.id);
  const labor = new Map<number, unknown[]>();
  const parts = new Map<number, unknown[]>();
  const add = (into: Map<number, unknown[]>, roId: number, line: object) => {
    const lines = into.get(roId);
    if (lines) lines.push(camel(line));
    else into.set(roId, [camel(line)]);
  };
  for (let i = 0; i < roIds.length; i += CHUNK) {
    const part = roIds.slice(i, i + CHUNK);
    for (const l of await db
      .selectFrom('ro_labor_line')
      .selectAll()
      .where('ro_id', 'in', part)
      .orderBy('line_no')
      .execute())
      add(labor, l.ro_id, l);
    for (const p of await db
      .selectFrom('ro_part_line')
      .selectAll()
      .where('ro_id', 'in', part)
      .orderBy('line_no')
      .execute())
      add(parts, p.ro_id, p);
  }
  const readings = await db
    .selectFrom('mileage_reading')
    .selectAll()
    .where('vehicle_id', 'in', inVehicles)
    .orderBy('read_on')
    .execute();
  const vouchers = await db
    .selectFrom('first_service_voucher')
    .selectAll()
    .where('vehicle_id', 'in', inVehicles)
    .orderBy('service_on')
    .execute();
  const preferences = await db
    .selectFrom('contact_preference')
    .selectAll()
    .where('customer_id', '=', customerId)
    .execute();
  const invitationRows = await db
    .selectFrom('invitation_row as r')
    .innerJoin('invitation_list as l', 'l.id', 'r.list_id')
    .selectAll('r')
    .select('l.title as list_title')
    .where((eb) => eb.or([eb('r.customer_id', '=', customerId), eb('r.vehicle_id', 'in', inVehicles)]))
    .orderBy('r.id')
    .execute();
  const rowIds = invitationRows.map((r) => r.id);
  const calls = rowIds.length
    ? await db.selectFrom('invitation_call').selectAll().where('row_id', 'in', rowIds).orderBy('at').execute()
    : [];
  const letters = await db
    .selectFrom('letter_batch_item as i')
    .innerJoin('letter_batch as b', 'b.id', 'i.batch_id')
    .selectAll('i')
    .select(['b.kind as letter_kind', 'b.title as batch_title', 'b.created_at as batch_created_at'])
    .where('i.customer_id', '=', customerId)
    .orderBy('i.id')
    .execute();
  const queued = await db.selectFrom('letter_queue').selectAll().where('customer_id', '=', customerId).execute();
  const audit = await db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('entity', '=', 'customer'), eb('entity_id', '=', customerId)]),
        eb.and([eb('entity', '=', 'vehicle'), eb('entity_id', 'in', inVehicles)]),
        eb.and([eb('entity', '=', 'repair_order'), eb('entity_id', 'in', roIds.length > 0 ? roIds : [-1])]),
        eb.and([eb('entity', '=', 'invitation_row'), eb('entity_id', 'in', rowIds.length > 0 ? rowIds : [-1])]),
      ]),
    )
    .orderBy('id')
    .execute();

  return {
    说明: '本文件是门店售后档案中关于该客户的全部个人信息（依《个人信息保护法》第四十五条应本人请求提供）。',
    exportedAt,
    customer: toCustomer(row),
    anonymisedAt: row.anonymised_at,
    contactPreferences: preferences.map(camel),
    vehicles: vehicles.map((v) => ({
      ...toVehicle(v),
      mileageReadings: readings.filter((m) => m.vehicle_id === v.id).map(toMileageReading),
      firstServiceVouchers: vouchers.filter((f) => f.vehicle_id === v.id).map(camel),
    })),
    repairOrders: orders.map((o) => ({
      ...toRepairOrder(o),
      laborLines: labor.get(o.id) ?? [],
      partLines: parts.get(o.id) ?? [],
    })),
    invitations: invitationRows.map((r) => ({
      ...camel(r),
      calls: calls.filter((c) => c.row_id === r.id).map(camel),
    })),
    lettersSent: letters.map(camel),
    lettersQueued: queued.map(camel),
    auditEntries: audit.map((a) => ({
      ...camel(a),
      beforeJson: undefined,
      afterJson: undefined,
      before: parsed(a.before_json),
      after: parsed(a.after_json),
    })),
  };
}
