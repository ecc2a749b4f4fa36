import type { ParsedInputOf } from '../../../src-shared/contract/index';
import {
  CUSTOMER_FILE_FIELD_LABELS,
  type CustomerFileField,
  type DocKind,
  type FilingSettings,
  type HealthUpload,
  type IncompleteFile,
  type MissingPaper,
  VEHICLE_FILE_FIELD_LABELS,
  type VehicleFileField,
} from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import { addDays, dateOf, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import { shiftMonth } from '../lost-customers/churn';
import { readFilingSettings } from './filing-settings';
import { requiredKindsForCustomer, requiredKindsForRo, requiredKindsForVehicle } from './required-papers';

/** Papers that count as there: handed in or filed (not removed, not destroyed). */
export const ACTIVE_PAPER_STATES = ['received', 'filed'] as const;

/** The first day of the month after `month` (YYYY-MM → YYYY-MM-01). */
export function nextMonthStart(month: string): string {
  return `${shiftMonth(month, 1)}-01`;
}

/**
 * Which subjects a missing-paper check looks at. Instants and dates are compared as text: the
 * archive keeps them in the store's offset, so `settled_at >= '2026-11-01'` is the store's day.
 */
interface Scope {
  /** ROs: settled in [from, to) (dates), and/or these filters. */
  ros: null | {
    from?: string;
    to?: string;
    roId?: number;
    vehicleId?: number;
    /** The customer's ROs: on the RO or owning the RO's vehicle. */
    customerId?: number;
  };
  vehicles: null | { from?: string; to?: string; vehicleId?: number; ownerId?: number };
  customers: null | { from?: string; to?: string; customerId?: number };
  /** Only these kinds (a series' binder); null: every kind. */
  kinds: ((k: DocKind) => boolean) | null;
}

const NO_SCOPE: Scope = { ros: null, vehicles: null, customers: null, kinds: null };

/** Days in the health-record check's look-back on the Today board (older ROs are the list's job). */
export const HEALTH_LOOKBACK_DAYS = 30;

/**
 * 缺失: the required papers not filed (by the kinds' rules in 归档设置), per month, per RO, vehicle
 * or customer, and per binder (its series and month); the 电子健康档案 uploads of settled ROs; the
 * new customer and vehicle files the advisors left incomplete.
 */
export class MissingService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  /** The month's: ROs settled, vehicles delivered, customers created in it (from checkFrom on). */
  async month(month: string): Promise<MissingPaper[]> {
    const from = `${month}-01`;
    const to = nextMonthStart(month);
    return this.find({ ros: { from, to }, vehicles: { from, to }, customers: { from, to }, kinds: null });
  }

  /** For one RO, vehicle (and its ROs) or customer (and their vehicles and ROs). */
  async forSubject(subject: {
    roId?: number | null;
    vehicleId?: number | null;
    customerId?: number | null;
  }): Promise<MissingPaper[]> {
    // Absent and null alike: never "no filter" (that would be every RO of the archive).
    const roId = subject.roId ?? null;
    const vehicleId = subject.vehicleId ?? null;
    const customerId = subject.customerId ?? null;
    if (roId !== null) return this.find({ ...NO_SCOPE, ros: { roId } });
    if (vehicleId !== null) return this.find({ ...NO_SCOPE, ros: { vehicleId }, vehicles: { vehicleId } });
    if (customerId !== null)
      return this.find({
        ros: { customerId },
        vehicles: { ownerId: customerId },
        customers: { customerId },
        kinds: null,
      });
    return [];
  }

  /** The required papers of a monthly series' month not filed (binder completeness). */
  async forSeriesMonth(series: string, month: string): Promise<MissingPaper[]> {
    const from = `${month}-01`;
    const to = nextMonthStart(month);
    return this.find({
      ros: { from, to },
      vehicles: { from, to },
      customers: { from, to },
      kinds: (k) => k.scheme === 'monthly' && k.series === series,
    });
  }

  /** ROs settled on the day whose required papers are not all filed (end-of-day). */
  async settledOn(date: string): Promise<MissingPaper[]> {
    return this.find({ ...NO_SCOPE, ros: { from: date, to: addDays(date, 1) } });
  }

  /**
   * The missing papers of the scope: one query for the subjects (ROs with their labour hours,
   * vehicles, customers) and one for the papers they have, per subject type; the rules in between.
   */
  private async find(scope: Scope): Promise<MissingPaper[]> {
    const settings = await readFilingSettings(this.db);
    const keep = (list: DocKind[]) => (scope.kinds ? list.filter(scope.kinds) : list);
    const out: MissingPaper[] = [];
    if (scope.ros) out.push(...(await this.missingForRos(settings, scope.ros, keep)));
    if (scope.vehicles) {
      const kinds = keep(requiredKindsForVehicle(settings));
      if (kinds.length > 0) out.push(...(await this.missingForVehicles(settings, scope.vehicles, kinds)));
    }
    if (scope.customers) {
      const kinds = keep(requiredKindsForCustomer(settings));
      if (kinds.length > 0) out.push(...(await this.missingForCustomers(settings, scope.customers, kinds)));
    }
    const order = new Map(settings.kinds.map((k, i) => [k.code, i]));
    return out.sort(
      (a, b) =>
        cmp(a.since, b.since) ||
        subjectRank(a) - subjectRank(b) ||
        cmp(a.roNumber ?? '', b.roNumber ?? '') ||
        cmp(a.plate ?? a.vin ?? '', b.plate ?? b.vin ?? '') ||
        (a.customerId ?? 0) - (b.customerId ?? 0) ||
        (order.get(a.kind) ?? 0) - (order.get(b.kind) ?? 0),
    );
  }

  private rosQuery(filter: NonNullable<Scope['ros']>, checkFrom: string | null) {
    let q = this.db.selectFrom('repair_order as r').where('r.settled_at', 'is not', null);
    if (filter.from !== undefined) q = q.where('r.settled_at', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('r.settled_at', '<', filter.to);
    if (checkFrom !== null) q = q.where('r.settled_at', '>=', checkFrom);
    if (filter.roId !== undefined) q = q.where('r.id', '=', filter.roId);
    if (filter.vehicleId !== undefined) q = q.where('r.vehicle_id', '=', filter.vehicleId);
    if (filter.customerId !== undefined) {
      const customerId = filter.customerId;
      q = q.where((eb) =>
        eb.or([
          eb('r.customer_id', '=', customerId),
          eb('r.vehicle_id', 'in', eb.selectFrom('vehicle').select('id').where('owner_id', '=', customerId)),
        ]),
      );
    }
    return q;
  }

  private async missingForRos(
    settings: FilingSettings,
    filter: NonNullable<Scope['ros']>,
    keep: (list: DocKind[]) => DocKind[],
  ): Promise<MissingPaper[]> {
    const anyRoKind = keep(settings.kinds.filter((k) => k.subject === 'ro' && k.required.on === 'ro_settled'));
    if (anyRoKind.length === 0) return [];
    const ros = await this.rosQuery(filter, settings.checkFrom)
      .innerJoin('vehicle as v', 'v.id', 'r.vehicle_id')
      .leftJoin('customer as c', 'c.id', 'r.customer_id')
      .select((eb) => [
        'r.id',
        'r.ro_number',
        'r.type',
        'r.settled_at',
        'r.customer_id',
        'v.id as vehicle_id',
        'v.plate',
        'v.vin',
        'c.name as customer_name',
        eb
          .selectFrom('ro_labor_line as l')
          .whereRef('l.ro_id', '=', 'r.id')
          .select((s) => s.fn.coalesce(s.fn.sum<number>('l.hours'), s.lit(0)).as('h'))
          .as('labor_hours'),
      ])
      .orderBy('r.settled_at')
      .orderBy('r.ro_number')
      .execute();
    if (ros.length === 0) return [];
    // The same ROs joined to their papers (one range scan, no IN list).
    const papers = await this.rosQuery(filter, settings.checkFrom)
      .innerJoin('paper as p', 'p.ro_id', 'r.id')
      .select(['p.ro_id', 'p.kind'])
      .where('p.state', 'in', ACTIVE_PAPER_STATES)
      .execute();
    const have = new Set(papers.map((p) => `${p.ro_id}:${p.kind}`));
    const out: MissingPaper[] = [];
    for (const ro of ros) {
      const since = dateOf(ro.settled_at as string);
      const kinds = keep(requiredKindsForRo(settings, { type: ro.type, laborHours: Number(ro.labor_hours ?? 0) }));
      for (const k of kinds) {
        if (have.has(`${ro.id}:${k.code}`)) continue;
        out.push({
          kind: k.code,
          kindLabel: k.label,
          roId: ro.id,
          roNumber: ro.ro_number,
          vehicleId: ro.vehicle_id,
          plate: ro.plate,
          vin: ro.vin,
          customerId: ro.customer_id,
          customerName: ro.customer_name,
          reason: `已结算 ${since}，${k.required.on === 'ro_settled' && k.required.majorOnly ? '大修须附' : '缺'}${k.label}`,
          since,
        });
      }
    }
    return out;
  }

  private vehiclesQuery(filter: NonNullable<Scope['vehicles']>, checkFrom: string | null) {
    let q = this.db.selectFrom('vehicle as v').where('v.delivery_date', 'is not', null);
    if (filter.from !== undefined) q = q.where('v.delivery_date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('v.delivery_date', '<', filter.to);
    if (checkFrom !== null) q = q.where('v.delivery_date', '>=', checkFrom);
    if (filter.vehicleId !== undefined) q = q.where('v.id', '=', filter.vehicleId);
    if (filter.ownerId !== undefined) q = q.where('v.owner_id', '=', filter.ownerId);
    return q;
  }

  private async missingForVehicles(
    settings: FilingSettings,
    filter: NonNullable<Scope['vehicles']>,
    kinds: DocKind[],
  ): Promise<MissingPaper[]> {
    const vehicles = await this.vehiclesQuery(filter, settings.checkFrom)
      .leftJoin('customer as c', 'c.id', 'v.owner_id')
      .select(['v.id', 'v.plate', 'v.vin', 'v.delivery_date', 'v.owner_id', 'c.name as customer_name'])
      .execute();
    if (vehicles.length === 0) return [];
    const papers = await this.vehiclesQuery(filter, settings.checkFrom)
      .innerJoin('paper as p', 'p.vehicle_id', 'v.id')
      .select(['p.vehicle_id', 'p.kind'])
      .where('p.state', 'in', ACTIVE_PAPER_STATES)
      .where('p.ro_id', 'is', null)
      .where(
        'p.kind',
        'in',
        kinds.map((k) => k.code),
      )
      .execute();
    const have = new Set(papers.map((p) => `${p.vehicle_id}:${p.kind}`));
    const out: MissingPaper[] = [];
    for (const v of vehicles) {
      const since = v.delivery_date as string;
      for (const k of kinds) {
        if (have.has(`${v.id}:${k.code}`)) continue;
        out.push({
          kind: k.code,
          kindLabel: k.label,
          roId: null,
          roNumber: null,
          vehicleId: v.id,
          plate: v.plate,
          vin: v.vin,
          customerId: v.owner_id,
          customerName: v.customer_name,
          reason: `新车交车 ${since}，缺${k.label}`,
          since,
        });
      }
    }
    return out;
  }

  private customersQuery(filter: NonNullable<Scope['customers']>, checkFrom: string | null) {
    let q = this.db.selectFrom('customer as c').where('c.anonymised_at', 'is', null);
    if (filter.from !== undefined) q = q.where('c.created_at', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('c.created_at', '<', filter.to);
    if (checkFrom !== null) q = q.where('c.created_at', '>=', checkFrom);
    if (filter.customerId !== undefined) q = q.where('c.id', '=', filter.customerId);
    return q;
  }

  private async missingForCustomers(
    settings: FilingSettings,
    filter: NonNullable<Scope['customers']>,
    kinds: DocKind[],
  ): Promise<MissingPaper[]> {
    const customers = await this.customersQuery(filter, settings.checkFrom)
      .select(['c.id', 'c.name', 'c.created_at'])
      .execute();
    if (customers.length === 0) return [];
    const papers = await this.customersQuery(filter, settings.checkFrom)
      .innerJoin('paper as p', 'p.customer_id', 'c.id')
      .select(['p.customer_id', 'p.kind'])
      .where('p.state', 'in', ACTIVE_PAPER_STATES)
      .where(
        'p.kind',
        'in',
        kinds.map((k) => k.code),
      )
      .execute();
    const have = new Set(papers.map((p) => `${p.customer_id}:${p.kind}`));
    const out: MissingPaper[] = [];
    for (const c of customers) {
      const since = dateOf(c.created_at);
      for (const k of kinds) {
        if (have.has(`${c.id}:${k.code}`)) continue;
        out.push({
          kind: k.code,
          kindLabel: k.label,
          roId: null,
          roNumber: null,
          vehicleId: null,
          plate: null,
          vin: null,
          customerId: c.id,
          customerName: c.name,
          reason: `新建客户 ${since}，缺${k.label}`,
          since,
        });
      }
    }
    return out;
  }

  // ---- 电子健康档案 ----

  /**
   * The settled ROs of the month or the day with their upload. `late`: not uploaded and settled
   * more than healthRecordHours before `at` ; never late when the check is off.
   */
  async healthUploads(input: ParsedInputOf<'healthUploads.list'>): Promise<HealthUpload[]> {
    const from = input.month !== undefined ? `${input.month}-01` : (input.date as string);
    const to = input.month !== undefined ? nextMonthStart(input.month) : addDays(input.date as string, 1);
    return this.uploadsBetween(from, to, input.state, this.clock.now().getTime());
  }

  /** The ROs settled in [from, to) with their upload; `late` judged at the moment `at` (ms). */
  async uploadsBetween(
    from: string,
    to: string,
    state: 'all' | 'missing' | 'late',
    at: number,
  ): Promise<HealthUpload[]> {
    const settings = await readFilingSettings(this.db);
    let q = this.db
      .selectFrom('repair_order as r')
      .innerJoin('vehicle as v', 'v.id', 'r.vehicle_id')
      .leftJoin('health_upload as h', 'h.ro_id', 'r.id')
      .select(['r.id', 'r.ro_number', 'r.settled_at', 'v.plate', 'h.uploaded_at', 'h.source'])
      .where('r.settled_at', 'is not', null)
      .where('r.settled_at', '>=', from)
      .where('r.settled_at', '<', to);
    if (state !== 'all') q = q.where('h.ro_id', 'is', null);
    const rows = await q.orderBy('r.settled_at').orderBy('r.ro_number').execute();
    const window = settings.healthRecordHours * 3_600_000;
    const list = rows.map(
      (r): HealthUpload => ({
        roId: r.id,
        roNumber: r.ro_number,
        plate: r.plate,
        settledAt: r.settled_at as string,
        uploadedAt: r.uploaded_at,
        source: (r.source as HealthUpload['source']) ?? null,
        late: settings.healthRecordCheck && r.uploaded_at === null && at - Date.parse(r.settled_at as string) > window,
      }),
    );
    return state === 'late' ? list.filter((u) => u.late) : list;
  }

  /** Marks settled ROs uploaded (the clerk, in bulk); an RO already marked keeps its first mark. */
  async markUploaded(input: ParsedInputOf<'healthUploads.mark'>, ctx: CallContext): Promise<{ marked: number }> {
    const now = nowInstant(this.clock.now());
    const uploadedAt = input.uploadedAt ?? now;
    if (Date.parse(uploadedAt) > Date.parse(now)) throw AppError.validation('uploadedAt', '上传时间', '不能晚于现在');
    const ids = [...new Set(input.roIds)];
    return this.db.transaction().execute(async (trx) => {
      const ros = await trx
        .selectFrom('repair_order as r')
        .leftJoin('health_upload as h', 'h.ro_id', 'r.id')
        .select(['r.id', 'r.ro_number', 'r.settled_at', 'h.ro_id as marked'])
        .where('r.id', 'in', ids)
        .execute();
      const found = new Map(ros.map((r) => [r.id, r]));
      const absent = ids.filter((id) => !found.has(id));
      if (absent.length > 0) throw AppError.notFound('修理单', absent.join('、'));
      const unsettled = ros.filter((r) => r.settled_at === null);
      if (unsettled.length > 0)
        throw AppError.validation(
          'roIds',
          '修理单',
          `${unsettled
            .slice(0, 5)
            .map((r) => r.ro_number)
            .join(
              '、',
            )}${unsettled.length > 5 ? ` 等 ${unsettled.length} 张` : ''} 还没有结算，结算后才能上传电子健康档案`,
        );
      const early = ros.filter((r) => Date.parse(uploadedAt) < Date.parse(r.settled_at as string));
      if (early.length > 0)
        throw AppError.validation(
          'uploadedAt',
          '上传时间',
          `早于 ${early
            .slice(0, 5)
            .map((r) => r.ro_number)
            .join('、')}${early.length > 5 ? ` 等 ${early.length} 张` : ''} 的结算时间，请核对`,
        );
      const fresh = ros.filter((r) => r.marked === null);
      if (fresh.length === 0) return { marked: 0 };
      const by = actorName(ctx);
      for (let i = 0; i < fresh.length; i += 500)
        await trx
          .insertInto('health_upload')
          .values(
            fresh
              .slice(i, i + 500)
              .map((r) => ({ ro_id: r.id, uploaded_at: uploadedAt, source: 'clerk', marked_by: by })),
          )
          .onConflict((oc) => oc.column('ro_id').doNothing())
          .execute();
      await writeAudit(trx, ctx, now, {
        action: 'healthUploads.mark',
        entity: 'health_upload',
        entityId: null,
        after: { uploadedAt, ros: fresh.map((r) => r.ro_number) },
      });
      return { marked: fresh.length };
    });
  }

  // ---- 新建档案不完整 ----

  /** The day's new customer and vehicle files without the fields the store requires, with their advisor. */
  async incompleteFiles(date: string | undefined): Promise<IncompleteFile[]> {
    const day = date ?? todayDate(this.clock.now());
    const next = addDays(day, 1);
    const settings = await readFilingSettings(this.db);
    const out: IncompleteFile[] = [];
    const customerFields = settings.requiredCustomerFields;
    if (customerFields.length > 0) {
      const rows = await this.db
        .selectFrom('customer as c')
        .select((eb) => [
          'c.id',
          'c.name',
          'c.mobile',
          'c.address',
          'c.postal_code',
          'c.birthday',
          'c.preferred_call_time',
          'c.created_at',
          eb
            .selectFrom('repair_order as r')
            .whereRef('r.customer_id', '=', 'c.id')
            .select('r.advisor_name')
            .orderBy('r.opened_at')
            .orderBy('r.id')
            .limit(1)
            .as('advisor'),
        ])
        .where('c.created_at', '>=', day)
        .where('c.created_at', '<', next)
        .where('c.anonymised_at', 'is', null)
        .orderBy('c.created_at')
        .orderBy('c.id')
        .execute();
      for (const c of rows) {
        const missing = customerFields.filter((f: CustomerFileField) => blank(c[f]));
        if (missing.length > 0)
          out.push({
            entity: 'customer',
            id: c.id,
            label: c.name,
            createdAt: c.created_at,
            advisor: advisorOf(c.advisor),
            missingFields: missing.map((f) => CUSTOMER_FILE_FIELD_LABELS[f]),
          });
      }
    }
    const vehicleFields = settings.requiredVehicleFields;
    if (vehicleFields.length > 0) {
      const rows = await this.db
        .selectFrom('vehicle as v')
        .select((eb) => [
          'v.id',
          'v.plate',
          'v.vin',
          'v.model',
          'v.color',
          'v.delivery_date',
          'v.owner_id',
          'v.created_at',
          eb
            .selectFrom('repair_order as r')
            .whereRef('r.vehicle_id', '=', 'v.id')
            .select('r.advisor_name')
            .orderBy('r.opened_at')
            .orderBy('r.id')
            .limit(1)
            .as('advisor'),
        ])
        .where('v.created_at', '>=', day)
        .where('v.created_at', '<', next)
        .where('v.anonymised_at', 'is', null)
        .orderBy('v.created_at')
        .orderBy('v.id')
        .execute();
      for (const v of rows) {
        const value = (f: VehicleFileField) => (f === 'owner' ? v.owner_id : v[f]);
        const missing = vehicleFields.filter((f) => blank(value(f)));
        if (missing.length > 0)
          out.push({
            entity: 'vehicle',
            id: v.id,
            label: v.plate ?? v.vin ?? `车辆 #${v.id}`,
            createdAt: v.created_at,
            advisor: advisorOf(v.advisor),
            missingFields: missing.map((f) => VEHICLE_FILE_FIELD_LABELS[f]),
          });
      }
    }
    // Per advisor (未知 last), then as created.
    const rank = (f: IncompleteFile) => (f.advisor === UNKNOWN_ADVISOR ? 1 : 0);
    return out.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.advisor.localeCompare(b.advisor, 'zh-CN') ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id - b.id,
    );
  }
}

/** Code-point order (dates, RO numbers, plates): cheaper than localeCompare over thousands of rows. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Within a day: ROs, then vehicles, then customers. */
function subjectRank(m: MissingPaper): number {
  return m.roId !== null ? 0 : m.vehicleId !== null ? 1 : 2;
}

function blank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

const UNKNOWN_ADVISOR = '未知';

function advisorOf(name: string | null | undefined): string {
  return name && name.trim() !== '' ? name.trim() : UNKNOWN_ADVISOR;
}
