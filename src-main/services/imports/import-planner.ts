/**
 * What one checked row does to the archive: a new repair order, a changed one, or nothing; the
 * vehicle (by VIN, else by plate among vehicles in use) and customer (the vehicle's owner, else by
 * mobile) it belongs to, created or filled in where empty — never overwritten; and the flags the
 * clerk must look at (plate with another VIN, another phone or owner name, mileage going backwards,
 * a status going backwards).
 *
 * The same code plans the preview (`write: false`: nothing is written, new records get temporary
 * negative ids in memory) and does the commit (`write: true`, inside the caller's transaction), so
 * the preview's counts are what the commit does. It speaks raw SQL through a small port
 * (import-sql.ts: prepared statements on the file, one pg client on a server): an import writes
 * tens of thousands of rows and Kysely's per-query cost would dominate. What needs no answer (search
 * terms, mileage readings, 健康档案 marks) is written in batches at the end of each chunk.
 */
import type { Selectable } from 'kysely';
import { type Payer, RO_STATUS_LABELS, type RoStatus, type RoType } from '../../../src-shared/domain/enums';
import type { ImportFlag } from '../../../src-shared/domain/imports';
import type { CustomerTable, RepairOrderTable, VehicleTable } from '../../db/schema';
import { toCustomer, toRepairOrder, toVehicle } from '../archive/mappers';
import { customerTerms, repairOrderTerms, type Term, vehicleTerms } from '../search/search-terms';
import type { ImportRow } from './import-rows';
import type { Maybe, PlannerSql } from './import-sql';

type CustomerRow = Selectable<CustomerTable>;
type VehicleRow = Selectable<VehicleTable>;
type RoRow = Selectable<RepairOrderTable>;

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
}

export type PlanKind = 'new' | 'changed' | 'unchanged';

const STATUS_RANK: Record<RoStatus, number> = { in_repair: 0, completed: 1, delivered: 2, settled: 3 };

function payerOf(type: RoType): Payer {
  return type === 'warranty' ? 'warranty' : type === 'insurance' ? 'insurance' : 'customer';
}

function termKey(t: Term): string {
  return `${t.term}\u0000${t.kind}\u0000${t.entity_id}\u0000${t.field}`;
}

/**
 * The planning of one row, as a generator: it runs straight through while every answer is known
 * (the chunk's lookups read ahead, the file's writes), and yields a promise only where it must wait
 * for the archive (a server's write, a lookup not read ahead). An `async` function would cost a
 * promise per call and a microtask per `await` even when nothing is pending: about a second of
 * the file's 100k-row check. `drive` runs it; `wait` is `await` for a value that may be known.
 */
type Step<T> = Generator<Promise<unknown>, T, unknown>;

function* wait<T>(value: Maybe<T>): Step<T> {
  return value instanceof Promise ? ((yield value) as T) : value;
}

async function finish<T>(step: Step<T>, first: IteratorResult<Promise<unknown>, T>): Promise<T> {
  let next = first;
  while (!next.done) {
    let value: unknown;
    try {
      value = await next.value;
    } catch (error) {
      next = step.throw(error);
      continue;
    }
    next = step.next(value);
  }
  return next.value;
}

/** Runs a step: its result now if it never waited, else a promise of it. */
function drive<T>(step: Step<T>): Maybe<T> {
  const next = step.next();
  return next.done ? next.value : finish(step, next);
}

/** The columns of a new repair order, in the order of orderValues(). */
const ORDER_COLUMNS = `ro_number, vehicle_id, customer_id, advisor_name, opened_at, mileage_in, type, status,
  completed_at, delivered_at, settled_at, payer, labor_fen, parts_fen, total_fen, complaint, declined_work,
  next_service_date, next_service_mileage, notes, source, created_at, updated_at`;
const ORDER_VALUE_COUNT = 23;
const INSERT_ORDER = `INSERT INTO repair_order (${ORDER_COLUMNS}) VALUES (${Array.from({ length: ORDER_VALUE_COUNT }, () => '?').join(', ')})`;

interface Reading {
  read_on: string;
  mileage: number;
  ro_id: number | null;
}

export class ImportPlanner {
  customersCreated = 0;
  vehiclesCreated = 0;
  /** Audit entries for records changed by the import (commit only); the caller writes them. */
  readonly audits: AuditEntry[] = [];
  /** Vehicles whose ROs, readings or fields this import wrote (commit only): their derived data is recomputed. */
  readonly touchedVehicles = new Set<number>();

  /** Writes that need no answer, sent at the end of the chunk (and search terms before any is deleted). */
  private pendingTerms: (readonly unknown[])[] = [];
  private pendingReadings: (readonly unknown[])[] = [];
  private pendingHealth: (readonly unknown[])[] = [];
  /**
   * New repair orders of the chunk with ids reserved ahead (a server: one round trip for the ids,
   * a few multi-row INSERTs at the end of the chunk); `orderIds` are the chunk's reserved ids left.
   * Null on the file, where each order is inserted as it is planned.
   */
  private orderIds: number[] | null = null;
  private pendingOrders: (readonly unknown[])[] = [];
  private readonly q: ReturnType<typeof statements>;
  private nextTempId = -1;
  private readonly vehicles = new Map<number, VehicleRow>();
  private readonly vehicleByVinIndex = new Map<string, number | null>();
  private readonly vehicleByPlateIndex = new Map<string, number | null>();
  private readonly customers = new Map<number, CustomerRow>();
  private readonly customerByMobileIndex = new Map<string, number | null>();
  /** Mileage readings by vehicle, loaded once per vehicle and kept up to date with what this import adds. */
  private readonly readings = new Map<number, Reading[]>();
  /** Repair orders of the chunk being planned, by number (null: not in the archive). */
  private orders = new Map<string, RoRow | null>();
  /** Name → its search terms (pinyin is the costly part and names repeat). */
  private readonly nameTerms = new Map<string, Term[]>();

  constructor(
    private readonly sql: PlannerSql,
    private readonly write: boolean,
    private readonly at: string,
  ) {
    this.q = statements(sql);
  }

  /**
   * Plans (and with `write`, applies) a chunk of accepted rows, each RO number once. What the chunk
   * needs from the archive is read first in a few set queries, not row by row.
   */
  async planChunk(rows: readonly ImportRow[]): Promise<{ kind: PlanKind; flags: ImportFlag[] }[]> {
    await this.prefetch(rows);
    if (this.write) {
      // Each RO number once per file: the chunk's numbers not in the archive are its new orders.
      const fresh = rows.reduce((n, r) => (this.orders.get(r.roNumber) === null ? n + 1 : n), 0);
      const reserved = fresh > 0 ? this.sql.reserveIds('repair_order', fresh) : null;
      this.orderIds = reserved ? await reserved : null;
    }
    const planned: { kind: PlanKind; flags: ImportFlag[] }[] = [];
    for (const row of rows) {
      const one = drive(this.planRow(row));
      planned.push(one instanceof Promise ? await one : one);
    }
    this.orderIds = null;
    await this.flush();
    return planned;
  }

  private *planRow(row: ImportRow): Step<{ kind: PlanKind; flags: ImportFlag[] }> {
    const flags: ImportFlag[] = [];
    const existing = yield* wait(this.orderByNumber(row.roNumber));
    if (existing) return { kind: yield* this.updateOrder(existing, row, flags), flags };
    yield* this.createOrder(row, flags);
    return { kind: 'new', flags };
  }

  /** Sends the batched writes of the chunk. */
  private async flush(): Promise<void> {
    // The orders first: their readings and 健康档案 marks refer to them.
    const orders = this.pendingOrders;
    this.pendingOrders = [];
    await this.sql.insertMany(`INSERT INTO repair_order (id, ${ORDER_COLUMNS})`, ORDER_VALUE_COUNT + 1, '', orders);
    await this.flushTerms();
    const readings = this.pendingReadings;
    this.pendingReadings = [];
    await this.sql.insertMany(
      'INSERT INTO mileage_reading (vehicle_id, read_on, mileage, source, ro_id, created_at)',
      6,
      '',
      readings,
    );
    const health = this.pendingHealth;
    this.pendingHealth = [];
    // An RO already marked (by an earlier import or the clerk) keeps its first mark.
    await this.sql.insertMany(
      'INSERT INTO health_upload (ro_id, uploaded_at, source, marked_by)',
      4,
      'ON CONFLICT (ro_id) DO NOTHING',
      health,
    );
  }

  private flushTerms(): Maybe<void> {
    const terms = this.pendingTerms;
    this.pendingTerms = [];
    return this.sql.insertMany(
      'INSERT INTO search_term (term, kind, entity_id, field)',
      4,
      'ON CONFLICT DO NOTHING',
      terms,
    );
  }

  // ---- reading ahead, one chunk at a time ----

  private async many<T>(sql: string, keys: Iterable<string | number>): Promise<T[]> {
    const list = [...new Set(keys)];
    if (list.length === 0) return [];
    return this.sql.all<T>(sql, [this.sql.list(list)]);
  }

  private async prefetch(rows: readonly ImportRow[]): Promise<void> {
    this.orders = new Map(rows.map((r) => [r.roNumber, null]));
    const found = await this.many<RoRow>(
      this.q.ordersByNumber,
      rows.map((r) => r.roNumber),
    );
    for (const ro of found) this.orders.set(ro.ro_number, ro);

    const vins = rows.flatMap((r) => (r.vin && !this.vehicleByVinIndex.has(r.vin) ? [r.vin] : []));
    for (const vin of vins) this.vehicleByVinIndex.set(vin, null);
    for (const v of await this.many<VehicleRow>(this.q.vehiclesByVin, vins))
      this.vehicleByVinIndex.set(v.vin!, this.remember(this.vehicles, v).id);

    const plates = rows.flatMap((r) => (r.plate && !this.vehicleByPlateIndex.has(r.plate) ? [r.plate] : []));
    for (const plate of plates) this.vehicleByPlateIndex.set(plate, null);
    // Status and order are checked here: in SQL they can lead the planner to the status index, a scan.
    const byPlate = (await this.many<VehicleRow>(this.q.vehiclesByPlate, plates))
      .filter((v) => v.status === 'active')
      .sort((a, b) => a.id - b.id);
    for (const v of byPlate) {
      const known = this.remember(this.vehicles, v);
      if (this.vehicleByPlateIndex.get(v.plate!) === null) this.vehicleByPlateIndex.set(v.plate!, known.id);
    }

    const vehicleIds = found.map((ro) => ro.vehicle_id).filter((id) => !this.vehicles.has(id));
    for (const v of await this.many<VehicleRow>(this.q.vehiclesById, vehicleIds)) this.remember(this.vehicles, v);

    const mobiles = rows.flatMap((r) => (r.mobile && !this.customerByMobileIndex.has(r.mobile) ? [r.mobile] : []));
    for (const mobile of mobiles) this.customerByMobileIndex.set(mobile, null);
    const byMobile = (await this.many<CustomerRow>(this.q.customersByMobile, mobiles)).sort((a, b) => a.id - b.id);
    for (const c of byMobile) {
      const known = this.remember(this.customers, c);
      if (this.customerByMobileIndex.get(c.mobile!) === null) this.customerByMobileIndex.set(c.mobile!, known.id);
    }

    // The owners and readings of the vehicles this chunk touches.
    const touched = new Set<number>();
    for (const ro of found) touched.add(ro.vehicle_id);
    for (const r of rows) {
      const byVin = r.vin ? this.vehicleByVinIndex.get(r.vin) : null;
      const byPlateId = r.plate ? this.vehicleByPlateIndex.get(r.plate) : null;
      if (byVin) touched.add(byVin);
      if (byPlateId) touched.add(byPlateId);
    }
    const customerIds: number[] = found.flatMap((ro) => (ro.customer_id !== null ? [ro.customer_id] : []));
    const readingsFor: number[] = [];
    for (const id of touched) {
      const v = this.vehicles.get(id);
      if (v?.owner_id != null) customerIds.push(v.owner_id);
      if (id > 0 && !this.readings.has(id)) {
        readingsFor.push(id);
        this.readings.set(id, []);
      }
    }
    const missingCustomers = customerIds.filter((id) => id > 0 && !this.customers.has(id));
    for (const c of await this.many<CustomerRow>(this.q.customersById, missingCustomers))
      this.remember(this.customers, c);
    const readings = await this.many<Reading & { vehicle_id: number }>(this.q.readingsByVehicle, readingsFor);
    for (const r of readings)
      this.readings.get(r.vehicle_id)!.push({ read_on: r.read_on, mileage: r.mileage, ro_id: r.ro_id });
  }

  /*
   * The lookups below answer from what the chunk read ahead (nearly always) without a promise, and
   * ask the archive only for what is not known yet: `Maybe<T>` is the value, or a promise of it.
   * An import plans tens of thousands of rows, each with a dozen lookups: a promise and an await
   * for every one of them cost as much as the inserts themselves. Callers `await` only a promise.
   */

  private orderByNumber(roNumber: string): Maybe<RoRow | null> {
    const known = this.orders.get(roNumber);
    if (known !== undefined) return known;
    return this.sql.get<RoRow>('SELECT * FROM repair_order WHERE ro_number = ?', [roNumber]).then((r) => r ?? null);
  }

  // ---- lookups (cached: a vehicle comes back several times in one export) ----

  private remember<T extends { id: number }>(map: Map<number, T>, row: T): T {
    const known = map.get(row.id);
    if (known) return known;
    map.set(row.id, row);
    return row;
  }

  private vehicleById(id: number): Maybe<VehicleRow> {
    const known = this.vehicles.get(id);
    if (known) return known;
    return this.sql
      .get<VehicleRow>('SELECT * FROM vehicle WHERE id = ?', [id])
      .then((row) => this.remember(this.vehicles, row!));
  }

  private vehicleByVin(vin: string): Maybe<VehicleRow | null> {
    const id = this.vehicleByVinIndex.get(vin);
    if (id !== undefined) return id === null ? null : this.vehicleById(id);
    return this.sql.get<VehicleRow>('SELECT * FROM vehicle WHERE vin = ?', [vin]).then((row) => {
      const found = row ? this.remember(this.vehicles, row) : null;
      this.vehicleByVinIndex.set(vin, found?.id ?? null);
      return found;
    });
  }

  /** The vehicle in use that carries the plate (the oldest record if, wrongly, several do). */
  private vehicleByPlate(plate: string): Maybe<VehicleRow | null> {
    const id = this.vehicleByPlateIndex.get(plate);
    if (id !== undefined) return id === null ? null : this.vehicleById(id);
    return this.sql.get<VehicleRow>(this.q.activeVehicleByPlate, [plate]).then((row) => {
      const found = row ? this.remember(this.vehicles, row) : null;
      this.vehicleByPlateIndex.set(plate, found?.id ?? null);
      return found;
    });
  }

  private customerById(id: number): Maybe<CustomerRow | null> {
    const known = this.customers.get(id);
    if (known) return known;
    return this.sql
      .get<CustomerRow>('SELECT * FROM customer WHERE id = ?', [id])
      .then((row) => (row ? this.remember(this.customers, row) : null));
  }

  private customerByMobile(mobile: string): Maybe<CustomerRow | null> {
    const id = this.customerByMobileIndex.get(mobile);
    if (id !== undefined) return id === null ? null : this.customerById(id);
    return this.sql
      .get<CustomerRow>('SELECT * FROM customer WHERE mobile = ? ORDER BY id LIMIT 1', [mobile])
      .then((row) => {
        const found = row ? this.remember(this.customers, row) : null;
        this.customerByMobileIndex.set(mobile, found?.id ?? null);
        return found;
      });
  }

  // ---- search terms ----

  private customerTermsOf(c: CustomerRow): Term[] {
    let named = this.nameTerms.get(c.name);
    if (!named) {
      named = customerTerms({ id: 0, name: c.name, mobile: null, otherPhones: [] });
      this.nameTerms.set(c.name, named);
    }
    const phones = customerTerms({ id: c.id, name: '', mobile: c.mobile, otherPhones: JSON.parse(c.other_phones) });
    return [...named.map((t) => ({ ...t, entity_id: c.id })), ...phones];
  }

  private insertTerms(terms: Term[]): void {
    for (const t of terms) this.pendingTerms.push([t.term, t.kind, t.entity_id, t.field]);
  }

  private *replaceTerms(before: Term[], after: Term[]): Step<void> {
    const keep = new Set(after.map(termKey));
    const had = new Set(before.map(termKey));
    const gone = before.filter((t) => !keep.has(termKey(t)));
    // A term still waiting in the batch must land before it can be deleted.
    if (gone.length > 0) yield* wait(this.flushTerms());
    for (const t of gone)
      yield* wait(
        this.sql.run('DELETE FROM search_term WHERE term = ? AND kind = ? AND entity_id = ? AND field = ?', [
          t.term,
          t.kind,
          t.entity_id,
          t.field,
        ]),
      );
    this.insertTerms(after.filter((t) => !had.has(termKey(t))));
  }

  // ---- customers ----

  private *createCustomer(row: ImportRow): Step<CustomerRow> {
    const customer: CustomerRow = {
      id: 0,
      name: row.customerName ?? '',
      mobile: row.mobile,
      other_phones: JSON.stringify(row.landline ? [row.landline] : []),
      address: row.address ?? '',
      postal_code: '',
      birthday: null,
      preferred_call_time: '',
      is_do_not_contact: 0,
      is_marketing_consent: 1,
      notes: '',
      anonymised_at: null,
      created_at: this.at,
      updated_at: this.at,
    };
    if (this.write) {
      customer.id = yield* wait(
        this.sql.insert(
          `INSERT INTO customer (name, mobile, other_phones, address, postal_code, birthday, preferred_call_time,
           is_do_not_contact, is_marketing_consent, notes, created_at, updated_at)
         VALUES (?, ?, ?, ?, '', NULL, '', 0, 1, '', ?, ?)`,
          [customer.name, customer.mobile, customer.other_phones, customer.address, this.at, this.at],
        ),
      );
      this.insertTerms(this.customerTermsOf(customer));
    } else {
      customer.id = this.nextTempId--;
    }
    this.customers.set(customer.id, customer);
    if (customer.mobile && !this.customerByMobileIndex.get(customer.mobile))
      this.customerByMobileIndex.set(customer.mobile, customer.id);
    this.customersCreated++;
    return customer;
  }

  private *saveCustomer(before: CustomerRow, after: CustomerRow): Step<void> {
    after.updated_at = this.at;
    if (this.write && before.id > 0) {
      yield* wait(
        this.sql.run(
          'UPDATE customer SET name = ?, mobile = ?, other_phones = ?, address = ?, updated_at = ? WHERE id = ?',
          [after.name, after.mobile, after.other_phones, after.address, this.at, after.id],
        ),
      );
      yield* this.replaceTerms(this.customerTermsOf(before), this.customerTermsOf(after));
      this.audits.push({
        action: 'customer.importUpdate',
        entity: 'customer',
        entityId: after.id,
        before: toCustomer(before),
        after: toCustomer(after),
      });
    }
    this.customers.set(after.id, after);
    if (after.mobile && !this.customerByMobileIndex.get(after.mobile))
      this.customerByMobileIndex.set(after.mobile, after.id);
  }

  /** New facts fill what is empty; a different name or phone is the clerk's to judge. */
  private *reconcileCustomer(
    c: CustomerRow,
    row: ImportRow,
    flags: ImportFlag[],
    vehicleLabel: string,
  ): Step<CustomerRow> {
    const next = { ...c };
    if (row.customerName && row.customerName !== c.name) {
      if (c.name === '') next.name = row.customerName;
      else
        flags.push({
          line: row.line,
          kind: 'ownerChanged',
          message: `车辆 ${vehicleLabel} 的客户在档案中为“${c.name}”，文件中为“${row.customerName}”：档案未改动。如已过户或登记有误，请在车辆/客户档案中修改。`,
        });
    }
    const others = JSON.parse(c.other_phones) as string[];
    if (row.mobile && row.mobile !== c.mobile && !others.includes(row.mobile)) {
      if (c.mobile === null) next.mobile = row.mobile;
      else
        flags.push({
          line: row.line,
          kind: 'phoneChanged',
          message: `客户“${c.name}”的手机在档案中为 ${c.mobile}，文件中为 ${row.mobile}：档案未改动。核实后请在客户档案中修改。`,
        });
    }
    if (row.landline && !others.includes(row.landline)) {
      if (others.length === 0) next.other_phones = JSON.stringify([row.landline]);
      else
        flags.push({
          line: row.line,
          kind: 'phoneChanged',
          message: `客户“${c.name}”的电话在档案中为 ${others.join('、')}，文件中为 ${row.landline}：档案未改动。核实后请在客户档案中修改。`,
        });
    }
    if (row.address && c.address === '') next.address = row.address;
    if (
      next.name !== c.name ||
      next.mobile !== c.mobile ||
      next.other_phones !== c.other_phones ||
      next.address !== c.address
    ) {
      yield* this.saveCustomer(c, next);
      return next;
    }
    return c;
  }

  /** The customer of a vehicle without a known owner: by mobile, else a new customer file. */
  private *findOrCreateCustomer(row: ImportRow, flags: ImportFlag[], vehicleLabel: string): Step<CustomerRow | null> {
    if (!row.customerName && !row.mobile && !row.landline) return null;
    if (row.mobile) {
      const known = yield* wait(this.customerByMobile(row.mobile));
      if (known) {
        if (row.customerName && known.name !== '' && known.name !== row.customerName) {
          flags.push({
            line: row.line,
            kind: 'ownerChanged',
            message: `手机 ${row.mobile} 在档案中属于客户“${known.name}”，文件中客户为“${row.customerName}”：车辆 ${vehicleLabel} 已关联到“${known.name}”，档案未改动，请核实。`,
          });
          return known;
        }
        return yield* this.reconcileCustomer(known, row, flags, vehicleLabel);
      }
    }
    return yield* this.createCustomer(row);
  }

  // ---- vehicles ----

  private label(v: { plate: string | null; vin: string | null; id: number }): string {
    return v.plate ?? v.vin ?? `#${v.id}`;
  }

  private *createVehicle(row: ImportRow, ownerId: number | null): Step<VehicleRow> {
    const vehicle: VehicleRow = {
      id: 0,
      plate: row.plate,
      vin: row.vin,
      model: row.model ?? '',
      color: row.color ?? '',
      delivery_date: null,
      owner_id: ownerId,
      status: 'active',
      notes: '',
      anonymised_at: null,
      created_at: this.at,
      updated_at: this.at,
    };
    if (this.write) {
      vehicle.id = yield* wait(
        this.sql.insert(
          `INSERT INTO vehicle (plate, vin, model, color, delivery_date, owner_id, status, notes, created_at, updated_at)
         VALUES (?, ?, ?, ?, NULL, ?, 'active', '', ?, ?)`,
          [vehicle.plate, vehicle.vin, vehicle.model, vehicle.color, ownerId, this.at, this.at],
        ),
      );
      this.insertTerms(vehicleTerms(vehicle));
    } else {
      vehicle.id = this.nextTempId--;
    }
    this.vehicles.set(vehicle.id, vehicle);
    this.readings.set(vehicle.id, []);
    if (vehicle.vin) this.vehicleByVinIndex.set(vehicle.vin, vehicle.id);
    if (vehicle.plate && !this.vehicleByPlateIndex.get(vehicle.plate))
      this.vehicleByPlateIndex.set(vehicle.plate, vehicle.id);
    this.vehiclesCreated++;
    return vehicle;
  }

  private *saveVehicle(before: VehicleRow, after: VehicleRow): Step<void> {
    after.updated_at = this.at;
    if (this.write && before.id > 0) {
      yield* wait(
        this.sql.run(
          'UPDATE vehicle SET plate = ?, vin = ?, model = ?, color = ?, owner_id = ?, updated_at = ? WHERE id = ?',
          [after.plate, after.vin, after.model, after.color, after.owner_id, this.at, after.id],
        ),
      );
      this.touchedVehicles.add(after.id);
      if (before.plate !== after.plate || before.vin !== after.vin)
        yield* this.replaceTerms(vehicleTerms(before), vehicleTerms(after));
      this.audits.push({
        action: 'vehicle.importUpdate',
        entity: 'vehicle',
        entityId: after.id,
        before: toVehicle(before),
        after: toVehicle(after),
      });
    }
    this.vehicles.set(after.id, after);
    if (after.vin) this.vehicleByVinIndex.set(after.vin, after.id);
    if (after.plate && after.status === 'active' && !this.vehicleByPlateIndex.get(after.plate))
      this.vehicleByPlateIndex.set(after.plate, after.id);
  }

  /** Identity conflicts are flagged; model, colour, a missing plate/VIN and a missing owner are filled. */
  private *reconcileVehicle(
    v: VehicleRow,
    row: ImportRow,
    ownerId: number | null,
    flags: ImportFlag[],
  ): Step<VehicleRow> {
    const next = { ...v };
    if (row.vin && row.vin !== v.vin) {
      if (v.vin)
        flags.push({
          line: row.line,
          kind: 'plateVinConflict',
          message: `车辆 ${this.label(v)} 在档案中的车架号为 ${v.vin}，文件中为 ${row.vin}：档案未改动，请核对行驶证。`,
        });
      else if (yield* wait(this.vehicleByVin(row.vin))) {
        flags.push({
          line: row.line,
          kind: 'plateVinConflict',
          message: `车架号 ${row.vin} 已登记在另一辆车上，不能补到车辆 ${this.label(v)}：档案未改动，请核对。`,
        });
      } else next.vin = row.vin;
    }
    if (row.plate && row.plate !== v.plate) {
      if (v.plate)
        flags.push({
          line: row.line,
          kind: 'plateVinConflict',
          message: `车架号 ${v.vin ?? row.vin ?? ''} 的车辆在档案中车牌为 ${v.plate}，文件中为 ${row.plate}：档案未改动。如已换牌，请在车辆档案中修改。`,
        });
      else if (yield* wait(this.vehicleByPlate(row.plate))) {
        flags.push({
          line: row.line,
          kind: 'plateVinConflict',
          message: `车牌 ${row.plate} 已属于另一辆在用车辆，不能补到车架号 ${v.vin ?? ''} 的车辆：档案未改动，请核对。`,
        });
      } else next.plate = row.plate;
    }
    if (row.model && v.model === '') next.model = row.model;
    if (row.color && v.color === '') next.color = row.color;
    if (ownerId !== null && v.owner_id === null) next.owner_id = ownerId;
    if (
      next.vin !== v.vin ||
      next.plate !== v.plate ||
      next.model !== v.model ||
      next.color !== v.color ||
      next.owner_id !== v.owner_id
    ) {
      yield* this.saveVehicle(v, next);
      return next;
    }
    return v;
  }

  /** The vehicle a new order belongs to: by VIN, else by plate among vehicles in use; created if unknown. */
  private *vehicleFor(row: ImportRow, flags: ImportFlag[]): Step<{ vehicle: VehicleRow; customerId: number | null }> {
    let vehicle = row.vin ? yield* wait(this.vehicleByVin(row.vin)) : null;
    if (!vehicle && row.plate) {
      const byPlate = yield* wait(this.vehicleByPlate(row.plate));
      if (byPlate && row.vin && byPlate.vin && byPlate.vin !== row.vin) {
        flags.push({
          line: row.line,
          kind: 'plateVinConflict',
          message: `车牌 ${row.plate} 在档案中属于车架号 ${byPlate.vin} 的车辆，文件中车架号为 ${row.vin}：已按文件的车架号另建车辆档案，原车未改动。请核实；如原车已售出或报废，请修改其状态。`,
        });
      } else vehicle = byPlate;
    }
    if (vehicle) {
      const ownerId = vehicle.owner_id;
      let customer: CustomerRow | null = null;
      if (ownerId !== null) {
        const owner = yield* wait(this.customerById(ownerId));
        if (owner) customer = yield* this.reconcileCustomer(owner, row, flags, this.label(vehicle));
      } else {
        customer = yield* this.findOrCreateCustomer(row, flags, this.label(vehicle));
      }
      vehicle = yield* this.reconcileVehicle(vehicle, row, customer?.id ?? null, flags);
      return { vehicle, customerId: customer?.id ?? null };
    }
    const label = row.plate ?? row.vin ?? '';
    const customer = yield* this.findOrCreateCustomer(row, flags, label);
    return { vehicle: yield* this.createVehicle(row, customer?.id ?? null), customerId: customer?.id ?? null };
  }

  // ---- mileage ----

  private readingsOf(vehicleId: number): Maybe<Reading[]> {
    const known = this.readings.get(vehicleId);
    if (known) return known;
    if (vehicleId <= 0) {
      const none: Reading[] = [];
      this.readings.set(vehicleId, none);
      return none;
    }
    return this.sql
      .all<Reading>('SELECT read_on, mileage, ro_id FROM mileage_reading WHERE vehicle_id = ?', [vehicleId])
      .then((list) => {
        // Another lookup of the same vehicle may have answered meanwhile: the first list is kept.
        if (!this.readings.has(vehicleId)) this.readings.set(vehicleId, list);
        return this.readings.get(vehicleId)!;
      });
  }

  /** Same rule as the RO form: lower than the highest reading before, or higher than the lowest after. */
  private *mileageFlag(
    vehicle: VehicleRow,
    row: ImportRow,
    mileage: number,
    roId: number | null,
  ): Step<ImportFlag | null> {
    const readOn = row.openedAt.slice(0, 10);
    let before: Reading | undefined;
    let after: Reading | undefined;
    for (const r of yield* wait(this.readingsOf(vehicle.id))) {
      if (roId !== null && r.ro_id === roId) continue;
      if (r.read_on <= readOn) {
        if (!before || r.mileage > before.mileage) before = r;
      } else if (!after || r.mileage < after.mileage) after = r;
    }
    const label = this.label(vehicle);
    if (before && before.mileage > mileage)
      return {
        line: row.line,
        kind: 'mileageBackwards',
        message: `车辆 ${label} 进厂里程 ${mileage} 公里低于 ${before.read_on} 记录的 ${before.mileage} 公里：已导入，请核对（可能是以前的读数有误）。`,
      };
    if (after && after.mileage < mileage)
      return {
        line: row.line,
        kind: 'mileageBackwards',
        message: `车辆 ${label} 进厂里程 ${mileage} 公里高于之后 ${after.read_on} 记录的 ${after.mileage} 公里：已导入，请核对。`,
      };
    return null;
  }

  private *recordMileage(
    vehicle: VehicleRow,
    row: ImportRow,
    mileage: number,
    roId: number,
    replace: boolean,
  ): Step<void> {
    const readOn = row.openedAt.slice(0, 10);
    const list = yield* wait(this.readingsOf(vehicle.id));
    const own = replace ? list.find((r) => r.ro_id === roId) : undefined;
    if (own) {
      own.mileage = mileage;
      own.read_on = readOn;
    } else list.push({ read_on: readOn, mileage, ro_id: roId });
    if (!this.write) return;
    // The reading of an order of an earlier chunk or import: written already (each RO number once per file).
    const updated = own
      ? yield* wait(
          this.sql.run('UPDATE mileage_reading SET mileage = ?, read_on = ? WHERE ro_id = ?', [mileage, readOn, roId]),
        )
      : 0;
    if (updated === 0) this.pendingReadings.push([vehicle.id, readOn, mileage, 'import', roId, this.at]);
  }

  // ---- repair orders ----

  private *createOrder(row: ImportRow, flags: ImportFlag[]): Step<void> {
    const { vehicle, customerId } = yield* this.vehicleFor(row, flags);
    const type = row.type ?? 'repair';
    const status = row.status ?? (row.settledAt ? 'settled' : row.deliveredAt ? 'delivered' : 'in_repair');
    const labor = row.laborFen ?? 0;
    const parts = row.partsFen ?? 0;
    const total = row.totalFen ?? labor + parts;
    if (row.mileage !== null) {
      const flag = yield* this.mileageFlag(vehicle, row, row.mileage, null);
      if (flag) flags.push(flag);
    }
    let roId = this.nextTempId--;
    if (this.write) {
      const values = [
        row.roNumber,
        vehicle.id,
        customerId,
        row.advisorName ?? '',
        row.openedAt,
        row.mileage,
        type,
        status,
        null,
        row.deliveredAt,
        row.settledAt,
        payerOf(type),
        labor,
        parts,
        total,
        row.complaint ?? '',
        '',
        null,
        null,
        '',
        'import',
        this.at,
        this.at,
      ];
      const reserved = this.orderIds?.shift();
      if (reserved !== undefined) {
        roId = reserved;
        this.pendingOrders.push([roId, ...values]);
      } else roId = yield* wait(this.sql.insert(INSERT_ORDER, values));
      this.insertTerms(repairOrderTerms({ id: roId, roNumber: row.roNumber }));
      this.touchedVehicles.add(vehicle.id);
      if (row.settledAt) this.recordHealthUpload(roId, row);
    }
    if (row.mileage !== null) yield* this.recordMileage(vehicle, row, row.mileage, roId, false);
  }

  /**
   * Compares the fields the file carries (empty cells never clear anything) and updates what moved
   * on, e.g. 在修 → 已结算 with the amounts filled in. A status never goes backwards: that is a flag.
   * The order's labour and parts lines are never touched.
   */
  private *updateOrder(ro: RoRow, row: ImportRow, flags: ImportFlag[]): Step<PlanKind> {
    const vehicle0 = yield* wait(this.vehicleById(ro.vehicle_id));
    const ownerId = ro.customer_id ?? vehicle0.owner_id;
    let customer: CustomerRow | null = null;
    if (ownerId !== null) {
      const owner = yield* wait(this.customerById(ownerId));
      if (owner) customer = yield* this.reconcileCustomer(owner, row, flags, this.label(vehicle0));
    } else {
      customer = yield* this.findOrCreateCustomer(row, flags, this.label(vehicle0));
    }
    const vehicle = yield* this.reconcileVehicle(vehicle0, row, customer?.id ?? null, flags);

    const next: RoRow = { ...ro };
    if (ro.customer_id === null && customer) next.customer_id = customer.id;
    if (row.openedAt !== ro.opened_at) next.opened_at = row.openedAt;
    if (row.mileage !== null) next.mileage_in = row.mileage;
    if (row.type) next.type = row.type;
    if (row.status && row.status !== ro.status) {
      if (STATUS_RANK[row.status] > STATUS_RANK[ro.status as RoStatus]) next.status = row.status;
      else
        flags.push({
          line: row.line,
          kind: 'statusBackwards',
          message: `工单 ${ro.ro_number} 在档案中已是“${RO_STATUS_LABELS[ro.status as RoStatus]}”，文件中为“${RO_STATUS_LABELS[row.status]}”（可能是较早的导出）：状态未改回。`,
        });
    }
    if (row.advisorName) next.advisor_name = row.advisorName;
    if (row.deliveredAt) next.delivered_at = row.deliveredAt;
    if (row.settledAt) next.settled_at = row.settledAt;
    if (row.laborFen !== null) next.labor_fen = row.laborFen;
    if (row.partsFen !== null) next.parts_fen = row.partsFen;
    if (row.totalFen !== null) next.total_fen = row.totalFen;
    else if (row.laborFen !== null || row.partsFen !== null) next.total_fen = next.labor_fen + next.parts_fen;
    if (row.complaint) next.complaint = row.complaint;

    if (row.mileage !== null && row.mileage !== ro.mileage_in) {
      const flag = yield* this.mileageFlag(vehicle, row, row.mileage, ro.id);
      if (flag) flags.push(flag);
    }
    if (this.write && next.settled_at) this.recordHealthUpload(ro.id, row);
    const changed = (Object.keys(next) as (keyof RoRow)[]).some((k) => next[k] !== ro[k]);
    if (!changed) return 'unchanged';
    next.updated_at = this.at;
    if (this.write) {
      yield* wait(
        this.sql.run(
          `UPDATE repair_order SET customer_id = ?, advisor_name = ?, opened_at = ?, mileage_in = ?, type = ?, status = ?,
           delivered_at = ?, settled_at = ?, labor_fen = ?, parts_fen = ?, total_fen = ?, complaint = ?, updated_at = ?
         WHERE id = ?`,
          [
            next.customer_id,
            next.advisor_name,
            next.opened_at,
            next.mileage_in,
            next.type,
            next.status,
            next.delivered_at,
            next.settled_at,
            next.labor_fen,
            next.parts_fen,
            next.total_fen,
            next.complaint,
            this.at,
            ro.id,
          ],
        ),
      );
      this.touchedVehicles.add(ro.vehicle_id);
      this.audits.push({
        action: 'repairOrder.importUpdate',
        entity: 'repair_order',
        entityId: ro.id,
        before: toRepairOrder(ro),
        after: toRepairOrder(next),
      });
    }
    if (next.mileage_in !== null && (next.mileage_in !== ro.mileage_in || next.opened_at !== ro.opened_at))
      yield* this.recordMileage(vehicle, row, next.mileage_in, ro.id, true);
    return 'changed';
  }

  /**
   * 电子健康档案 (归档): the file's upload time of a settled RO, as source 'import', in the import's
   * transaction. An RO already marked (by an earlier import or the clerk) keeps its first mark.
   */
  private recordHealthUpload(roId: number, row: ImportRow): void {
    if (!row.healthUploadedAt) return;
    this.pendingHealth.push([roId, row.healthUploadedAt, 'import', '导入']);
  }
}

/** The set reads of a chunk, built once per planner (the list parameter differs by dialect). */
function statements(sql: PlannerSql) {
  return {
    ordersByNumber: `SELECT * FROM repair_order WHERE ${sql.inList('ro_number')}`,
    vehiclesByVin: `SELECT * FROM vehicle WHERE ${sql.inList('vin')}`,
    vehiclesByPlate: `SELECT * FROM vehicle WHERE ${sql.inList('plate')}`,
    vehiclesById: `SELECT * FROM vehicle WHERE ${sql.inList('id')}`,
    customersByMobile: `SELECT * FROM customer WHERE ${sql.inList('mobile')}`,
    customersById: `SELECT * FROM customer WHERE ${sql.inList('id')}`,
    readingsByVehicle: `SELECT vehicle_id, read_on, mileage, ro_id FROM mileage_reading WHERE ${sql.inList('vehicle_id')}`,
    activeVehicleByPlate: `SELECT * FROM vehicle WHERE plate = ? AND ${sql.unindexed('status')} = 'active' ORDER BY id LIMIT 1`,
  };
}
