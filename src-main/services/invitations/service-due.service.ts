import { type Expression, type Selectable, type SqlBool, sql } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ServiceRule, VehicleServiceSummary } from '../../../src-shared/domain/invitations';
import {
  DEFAULT_SERVICE_RULE,
  DEFAULT_STORE_KM_PER_DAY,
  type DueBase,
  type DueKind,
  type DueResult,
  estimatePace,
  explainDue,
  nextDue,
  type PaceEstimate,
  type PaceSource,
  type Reading,
  type ServiceRuleValues,
  type ServiceVisit,
} from '../../../src-shared/domain/service-due';
import { AppError } from '../../../src-shared/errors';
import { daysBetween, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { ServiceRuleTable, VehicleServiceSummaryTable } from '../../db/schema';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import { chunks, type VehicleChangeListener, type VehicleChanges } from './vehicle-changes';

/**
 * Service rules (保养规则) and the per-vehicle service summary (vehicle_service_summary): each
 * vehicle's pace, believable readings, last visit and next first/periodic service, kept up to date
 * as ROs and readings arrive (this is a VehicleChangeListener), so a list over all vehicles is one
 * range scan on due_on. The due logic itself is src-shared/domain/service-due.ts.
 *
 * An archive that has no summary yet (built before this table, or filled by the demo seeder's raw
 * inserts) gets it on first use: the app_setting 'service_summary_version' says whether the table
 * is complete for the current logic; bumping SUMMARY_VERSION rebuilds it once everywhere.
 */
export const SUMMARY_VERSION = '1';
export const SUMMARY_SETTING = 'service_summary_version';

/** Vehicles per chunk of a bulk recompute (IN lists and id ranges). */
const CHUNK = 500;
const RANGE = 2000;
const SERVICE_TYPES = new Set(['first_service', 'periodic_service']);

type SummaryRow = Selectable<VehicleServiceSummaryTable>;

/** What the due logic needs of one vehicle, read from the archive. */
interface VehicleFacts {
  id: number;
  model: string;
  deliveryOn: string | null;
  readings: Reading[];
  lastService: ServiceVisit | null;
  hadFirstService: boolean;
  lastVisitOn: string | null;
  /** first_service and periodic_service ROs (vouchers without their RO are not counted). */
  serviceVisits: number;
}

/** Which vehicles a bulk load reads: an IN list, or an id range (rebuild: ordered index scans). */
type Scope = { ids: readonly number[] } | { lo: number; hi: number };

function scopeWhere(scope: Scope, column: string): Expression<SqlBool> {
  return 'ids' in scope
    ? sql<SqlBool>`${sql.ref(column)} in (${sql.join(scope.ids)})`
    : sql<SqlBool>`${sql.ref(column)} >= ${scope.lo} and ${sql.ref(column)} < ${scope.hi}`;
}

function toRule(r: Selectable<ServiceRuleTable>): ServiceRule {
  return {
    id: r.id,
    match: r.match,
    firstKm: r.first_km,
    firstMonths: r.first_months,
    intervalKm: r.interval_km,
    intervalMonths: r.interval_months,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

/** The pace as stored in the summary row (what explainDue and estimateKmOn need). */
export function paceOfRow(row: Omit<SummaryRow, 'vehicle_id' | 'computed_at' | 'service_visits'>): PaceEstimate {
  return {
    kmPerDay: row.pace_km_day,
    source: row.pace_source as PaceSource,
    points: row.pace_points,
    fromOn: row.pace_from,
    toOn: row.pace_to,
    last:
      row.last_reading_on !== null && row.last_reading_km !== null
        ? { id: row.last_reading_id, on: row.last_reading_on, km: row.last_reading_km }
        : null,
    outliers: JSON.parse(row.outliers_json) as Reading[],
  };
}

export function dueOfRow(
  row: Pick<
    SummaryRow,
    'due_on' | 'kind' | 'base' | 'base_on' | 'base_km' | 'time_due_on' | 'mileage_due_on' | 'due_km' | 'due_by'
  >,
): DueResult | null {
  if (row.due_on === null || row.kind === null || row.base_on === null || row.time_due_on === null) return null;
  return {
    kind: row.kind as DueKind,
    base: row.base as DueBase,
    baseOn: row.base_on,
    baseKm: row.base_km,
    timeDueOn: row.time_due_on,
    mileageDueOn: row.mileage_due_on,
    dueOn: row.due_on,
    dueKm: row.due_km,
    dueBy: row.due_by as 'time' | 'mileage',
    timeOnly: row.mileage_due_on === null,
  };
}

/** Estimated odometer on a date from the stored pace (same as estimateKmOn). */
export function estimatedKm(
  row: Pick<SummaryRow, 'last_reading_on' | 'last_reading_km' | 'pace_km_day'>,
  on: string,
): number | null {
  if (row.last_reading_on === null || row.last_reading_km === null) return null;
  const days = Math.max(0, daysBetween(row.last_reading_on, on));
  return Math.round(row.last_reading_km + row.pace_km_day * days);
}

export const NOTHING_KNOWN = '没有交车日期、保养记录和里程读数，无法计算下次保养；请在车辆档案补填交车日期或录入里程。';

/** Why due, in the clerk's words, plus the readings left out. */
export function explainRow(rule: ServiceRuleValues, due: DueResult | null, pace: PaceEstimate): string {
  if (!due) return NOTHING_KNOWN;
  let text = explainDue(rule, due, pace);
  if (pace.outliers.length > 0)
    text += `；已忽略 ${pace.outliers.length} 个不可信的里程读数（${pace.outliers
      .slice(0, 3)
      .map((r) => `${r.on} ${r.km.toLocaleString('en-US')} km`)
      .join('、')}${pace.outliers.length > 3 ? ' 等' : ''}），请核对`;
  return text;
}

export class ServiceDueService implements VehicleChangeListener {
  private changes: VehicleChanges | null = null;
  /** Longest match first; the store default ('') last. */
  private rules: ServiceRule[] | null = null;
  /** Average own pace of each model's vehicles; refreshed by rebuildAll, else read once from the summary. */
  private modelPace: Map<string, number> | null = null;
  private ready: Promise<void> | null = null;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  // ---- rules ----

  /**
   * The rules, creating the store default on first use by a write (`create`). A read on an archive
   * that has none yet shows the default unsaved, with id 0 (saving match '' without an id stores it).
   */
  private async loadRules(db: Db, create = true): Promise<ServiceRule[]> {
    if (this.rules) return this.rules;
    let rows = await db.selectFrom('service_rule').selectAll().execute();
    if (!rows.some((r) => r.match === '')) {
      if (!create)
        return [
          ...rows.map(toRule),
          { id: 0, match: '', ...DEFAULT_SERVICE_RULE, updatedAt: '', updatedBy: '系统' },
        ].sort((a, b) => b.match.length - a.match.length || a.match.localeCompare(b.match));
      await db
        .insertInto('service_rule')
        .values({
          match: '',
          first_km: DEFAULT_SERVICE_RULE.firstKm,
          first_months: DEFAULT_SERVICE_RULE.firstMonths,
          interval_km: DEFAULT_SERVICE_RULE.intervalKm,
          interval_months: DEFAULT_SERVICE_RULE.intervalMonths,
          updated_at: nowInstant(this.clock.now()),
          updated_by: '系统',
        })
        .onConflict((oc) => oc.column('match').doNothing())
        .execute();
      rows = await db.selectFrom('service_rule').selectAll().execute();
    }
    this.rules = rows.map(toRule).sort((a, b) => b.match.length - a.match.length || a.match.localeCompare(b.match));
    return this.rules;
  }

  /** The rule whose match is contained in the model (case-insensitive), longest wins; else the default. */
  ruleFor(rules: readonly ServiceRule[], model: string): ServiceRule {
    const m = model.toUpperCase();
    for (const rule of rules) if (rule.match === '' || m.includes(rule.match.toUpperCase())) return rule;
    return { id: 0, match: '', ...DEFAULT_SERVICE_RULE, updatedAt: '', updatedBy: '' };
  }

  /** The rule stored as `match` in a summary row (the default when it is gone). */
  async ruleByMatch(db: Db = this.db): Promise<(match: string) => ServiceRuleValues> {
    const rules = await this.loadRules(db, false);
    const byMatch = new Map(rules.map((r) => [r.match, r]));
    const fallback = byMatch.get('') ?? DEFAULT_SERVICE_RULE;
    return (match) => byMatch.get(match) ?? fallback;
  }

  async listRules(): Promise<ServiceRule[]> {
    const rules = await this.loadRules(this.db, false);
    // Store default first, then by match.
    return [...rules].sort((a, b) => (a.match === '' ? -1 : b.match === '' ? 1 : a.match.localeCompare(b.match)));
  }

  async saveRule(input: ParsedInputOf<'serviceRules.save'>, ctx: CallContext): Promise<ServiceRule> {
    await this.ensureSummary();
    const at = nowInstant(this.clock.now());
    const values = {
      first_km: input.firstKm,
      first_months: input.firstMonths,
      interval_km: input.intervalKm,
      interval_months: input.intervalMonths,
      updated_at: at,
      updated_by: actorName(ctx),
    };
    try {
      return await this.db.transaction().execute(async (trx) => {
        const rules = await this.loadRules(trx);
        const match = input.match;
        let before: ServiceRule | undefined;
        if (input.id !== undefined) {
          before = rules.find((r) => r.id === input.id);
          if (!before) throw AppError.notFound('保养规则', input.id);
          if (before.match === '' && match !== '')
            throw AppError.validation(
              'match',
              '适用车型',
              '门店默认规则的适用车型必须为空；要给某个车型单独设规则，请新建一条规则',
            );
        } else if (match === '') before = rules.find((r) => r.match === '');
        const duplicate = rules.find((r) => r.match.toUpperCase() === match.toUpperCase() && r.id !== before?.id);
        if (duplicate)
          throw new AppError('CONFLICT', `适用车型：“${match}”已有保养规则，请直接修改那条规则，不要重复添加。`, {
            fields: [{ path: 'match', label: '适用车型', message: '已有规则' }],
            existingId: duplicate.id,
          });
        let row: Selectable<ServiceRuleTable>;
        if (before)
          row = await trx
            .updateTable('service_rule')
            .set({ match, ...values })
            .where('id', '=', before.id)
            .returningAll()
            .executeTakeFirstOrThrow();
        else
          row = await trx
            .insertInto('service_rule')
            .values({ match, ...values })
            .returningAll()
            .executeTakeFirstOrThrow();
        const after = toRule(row);
        await writeAudit(trx, ctx, at, {
          action: 'serviceRule.save',
          entity: 'service_rule',
          entityId: after.id,
          before,
          after,
        });
        this.rules = null;
        await this.recomputeForRules(trx, [before?.match, after.match], at);
        return after;
      });
    } finally {
      // A rolled-back save must not leave the cache with its rules.
      this.rules = null;
    }
  }

  async removeRule(input: ParsedInputOf<'serviceRules.remove'>, ctx: CallContext): Promise<ServiceRule[]> {
    await this.ensureSummary();
    const at = nowInstant(this.clock.now());
    try {
      await this.db.transaction().execute(async (trx) => {
        const rules = await this.loadRules(trx);
        const rule = rules.find((r) => r.id === input.id);
        if (!rule) throw AppError.notFound('保养规则', input.id);
        if (rule.match === '') throw new AppError('CONFLICT', '门店默认保养规则不能删除；可以修改它的里程和月数。');
        await trx.deleteFrom('service_rule').where('id', '=', rule.id).execute();
        await writeAudit(trx, ctx, at, {
          action: 'serviceRule.remove',
          entity: 'service_rule',
          entityId: rule.id,
          before: rule,
        });
        this.rules = null;
        await this.recomputeForRules(trx, [rule.match], at);
      });
    } finally {
      this.rules = null;
    }
    return this.listRules();
  }

  /**
   * After a rule changed: every vehicle whose rule is (or was) one of `matches`, or whose rule
   * would now be another one, is recomputed.
   */
  private async recomputeForRules(trx: Db, matches: (string | undefined)[], at: string): Promise<void> {
    const rules = await this.loadRules(trx);
    const changed = new Set(matches.filter((m): m is string => m !== undefined));
    const rows = await trx
      .selectFrom('vehicle')
      .leftJoin('vehicle_service_summary as s', 's.vehicle_id', 'vehicle.id')
      .select(['vehicle.id', 'vehicle.model', 's.rule_match'])
      .execute();
    const affected: number[] = [];
    for (const r of rows) {
      const now = this.ruleFor(rules, r.model).match;
      if (r.rule_match === null || r.rule_match !== now || changed.has(now)) affected.push(r.id);
    }
    await this.recompute(trx, affected, at);
  }

  // ---- the summary ----

  /** Builds the summary once if this archive has none for the current logic (checked lazily before reads). */
  ensureSummary(): Promise<void> {
    return this.built().then(() => this.changes?.catchUp());
  }

  /** The hub that defers the refresh of large writes: reads catch up with it first. */
  attach(changes: VehicleChanges): void {
    this.changes = changes;
  }

  private built(): Promise<void> {
    if (!this.ready)
      this.ready = (async () => {
        const row = await this.db
          .selectFrom('app_setting')
          .select('value')
          .where('key', '=', SUMMARY_SETTING)
          .executeTakeFirst();
        if (row?.value === SUMMARY_VERSION) return;
        // An archive without vehicles has nothing to build (a read writes nothing); its vehicles
        // get their rows as they are written, or from a rebuild at a later first read.
        const any = await this.db.selectFrom('vehicle').select('id').limit(1).executeTakeFirst();
        if (any) await this.rebuildAll();
      })().catch((error) => {
        this.ready = null;
        throw error;
      });
    return this.ready;
  }

  /** The listener: the vehicles' ROs, readings, model or delivery date changed in `trx`. */
  async vehiclesChanged(trx: Db, vehicleIds: readonly number[], at: string): Promise<void> {
    await this.recompute(trx, vehicleIds, at);
  }

  /** Recomputes and stores the summary of these vehicles (IN lists of ≤ 500), inside the caller's transaction. */
  async recompute(trx: Db, vehicleIds: readonly number[], at: string = nowInstant(this.clock.now())): Promise<void> {
    if (vehicleIds.length === 0) return;
    const rules = await this.loadRules(trx);
    const modelPace = await this.loadModelPace(trx);
    for (const ids of chunks([...vehicleIds], CHUNK)) {
      const facts = await this.loadFacts(trx, { ids });
      const rows = facts.map((f) => this.compute(f, rules, modelPace.get(f.model) ?? null, at));
      await this.store(trx, rows);
      const found = new Set(facts.map((f) => f.id));
      const gone = ids.filter((id) => !found.has(id));
      if (gone.length > 0) await trx.deleteFrom('vehicle_service_summary').where('vehicle_id', 'in', gone).execute();
    }
  }

  /**
   * Rebuilds every vehicle's summary in one transaction, reading in ordered id ranges (index range
   * scans, not a query per vehicle). Own paces are computed first; the vehicles that need a fallback
   * wait for the models' averages, which become the cached model paces.
   */
  async rebuildAll(): Promise<{ vehicles: number; millis: number }> {
    const started = performance.now();
    const at = nowInstant(this.clock.now());
    const count = await this.db.transaction().execute(async (trx) => {
      const rules = await this.loadRules(trx);
      await trx.deleteFrom('vehicle_service_summary').execute();
      const bounds = await trx
        .selectFrom('vehicle')
        .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
        .executeTakeFirstOrThrow();
      const sums = new Map<string, { sum: number; n: number }>();
      const deferred: VehicleFacts[] = [];
      let n = 0;
      if (bounds.lo !== null && bounds.hi !== null) {
        for (let lo = Number(bounds.lo); lo <= Number(bounds.hi); lo += RANGE) {
          const facts = await this.loadFacts(trx, { lo, hi: lo + RANGE });
          const rows: Record<string, unknown>[] = [];
          for (const f of facts) {
            const pace = estimatePace(f.readings, f.deliveryOn, {
              modelKmPerDay: null,
              storeKmPerDay: DEFAULT_STORE_KM_PER_DAY,
            });
            if (pace.source !== 'own') {
              deferred.push(f);
              continue;
            }
            const s = sums.get(f.model) ?? { sum: 0, n: 0 };
            s.sum += pace.kmPerDay;
            s.n++;
            sums.set(f.model, s);
            rows.push(this.computeWith(f, rules, pace, at));
          }
          n += facts.length;
          for (const part of chunks(rows, CHUNK)) await this.store(trx, part);
        }
      }
      const modelPace = new Map([...sums].map(([model, s]) => [model, s.sum / s.n]));
      const rows = deferred.map((f) => this.compute(f, rules, modelPace.get(f.model) ?? null, at));
      for (const part of chunks(rows, CHUNK)) await this.store(trx, part);
      await trx
        .insertInto('app_setting')
        .values({ key: SUMMARY_SETTING, value: SUMMARY_VERSION })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: SUMMARY_VERSION }))
        .execute();
      this.modelPace = modelPace;
      return n;
    });
    this.ready = Promise.resolve();
    return { vehicles: count, millis: Math.round(performance.now() - started) };
  }

  /** Average own pace per model, read once from the summary (the same sums as rebuildAll, in the same order). */
  private async loadModelPace(db: Db): Promise<Map<string, number>> {
    if (this.modelPace) return this.modelPace;
    const rows = await db
      .selectFrom('vehicle_service_summary as s')
      .innerJoin('vehicle as v', 'v.id', 's.vehicle_id')
      .select(['v.model', 's.pace_km_day'])
      .where('s.pace_source', '=', 'own')
      .orderBy('s.vehicle_id')
      .execute();
    const sums = new Map<string, { sum: number; n: number }>();
    for (const r of rows) {
      const s = sums.get(r.model) ?? { sum: 0, n: 0 };
      s.sum += r.pace_km_day;
      s.n++;
      sums.set(r.model, s);
    }
    this.modelPace = new Map([...sums].map(([model, s]) => [model, s.sum / s.n]));
    return this.modelPace;
  }

  /** Vehicles, readings and ROs of a scope: three ordered queries, grouped in one pass. */
  private async loadFacts(db: Db, scope: Scope): Promise<VehicleFacts[]> {
    const vehicles = await db
      .selectFrom('vehicle')
      .select(['id', 'model', 'delivery_date'])
      .where(scopeWhere(scope, 'id'))
      .orderBy('id')
      .execute();
    if (vehicles.length === 0) return [];
    const readings = await db
      .selectFrom('mileage_reading')
      .select(['vehicle_id', 'id', 'read_on', 'mileage'])
      .where(scopeWhere(scope, 'vehicle_id'))
      .orderBy('vehicle_id')
      .orderBy('read_on')
      .orderBy('id')
      .execute();
    const orders = await db
      .selectFrom('repair_order')
      .select(['vehicle_id', 'opened_at', 'mileage_in', 'type'])
      .where(scopeWhere(scope, 'vehicle_id'))
      .orderBy('vehicle_id')
      .orderBy('opened_at')
      .execute();
    // A registered first-service voucher (首保登记) is a first service even before its RO arrives.
    const vouchers = await db
      .selectFrom('first_service_voucher')
      .select(['vehicle_id', 'service_on', 'mileage'])
      .where(scopeWhere(scope, 'vehicle_id'))
      .orderBy('vehicle_id')
      .execute();
    const byId = new Map<number, VehicleFacts>();
    const facts = vehicles.map((v) => {
      const f: VehicleFacts = {
        id: v.id,
        model: v.model,
        deliveryOn: v.delivery_date,
        readings: [],
        lastService: null,
        hadFirstService: false,
        lastVisitOn: null,
        serviceVisits: 0,
      };
      byId.set(v.id, f);
      return f;
    });
    for (const r of readings) byId.get(r.vehicle_id)?.readings.push({ id: r.id, on: r.read_on, km: r.mileage });
    for (const o of orders) {
      const f = byId.get(o.vehicle_id);
      if (!f) continue;
      const on = o.opened_at.slice(0, 10);
      f.lastVisitOn = on;
      if (SERVICE_TYPES.has(o.type)) {
        f.serviceVisits++;
        f.lastService = { on, km: o.mileage_in, type: o.type as ServiceVisit['type'] };
        if (o.type === 'first_service') f.hadFirstService = true;
      }
    }
    for (const v of vouchers) {
      const f = byId.get(v.vehicle_id);
      if (!f) continue;
      f.hadFirstService = true;
      if (!f.lastService || f.lastService.on < v.service_on)
        f.lastService = { on: v.service_on, km: v.mileage, type: 'first_service' };
    }
    return facts;
  }

  private compute(
    f: VehicleFacts,
    rules: readonly ServiceRule[],
    modelKmPerDay: number | null,
    at: string,
  ): Record<string, unknown> {
    const pace = estimatePace(f.readings, f.deliveryOn, { modelKmPerDay, storeKmPerDay: DEFAULT_STORE_KM_PER_DAY });
    return this.computeWith(f, rules, pace, at);
  }

  private computeWith(
    f: VehicleFacts,
    rules: readonly ServiceRule[],
    pace: PaceEstimate,
    at: string,
  ): Record<string, unknown> {
    const rule = this.ruleFor(rules, f.model);
    // A service RO whose own reading was left out as not believable: its km is estimated instead.
    let lastService = f.lastService;
    if (lastService && lastService.km !== null && pace.outliers.length > 0) {
      const s = lastService;
      if (pace.outliers.some((o) => o.on === s.on && o.km === s.km)) lastService = { ...s, km: null };
    }
    // The earliest believable reading (vehicles bought elsewhere are counted from their first visit).
    let firstVisit: Reading | null = null;
    if (f.readings.length > 0) {
      const out = new Set(pace.outliers.map((o) => o.id));
      firstVisit = f.readings.find((r) => !out.has(r.id)) ?? null;
    }
    const due = nextDue(
      rule,
      { deliveryOn: f.deliveryOn, lastService, hadFirstService: f.hadFirstService, firstVisit },
      pace,
    );
    return {
      vehicle_id: f.id,
      pace_km_day: pace.kmPerDay,
      pace_source: pace.source,
      pace_points: pace.points,
      pace_from: pace.fromOn,
      pace_to: pace.toOn,
      last_reading_id: pace.last?.id ?? null,
      last_reading_on: pace.last?.on ?? null,
      last_reading_km: pace.last?.km ?? null,
      outliers_json: JSON.stringify(pace.outliers),
      last_visit_on: f.lastVisitOn,
      service_visits: f.serviceVisits,
      rule_match: rule.match,
      kind: due?.kind ?? null,
      base: due?.base ?? null,
      base_on: due?.baseOn ?? null,
      base_km: due?.baseKm ?? null,
      time_due_on: due?.timeDueOn ?? null,
      mileage_due_on: due?.mileageDueOn ?? null,
      due_on: due?.dueOn ?? null,
      due_km: due?.dueKm ?? null,
      due_by: due?.dueBy ?? null,
      computed_at: at,
    };
  }

  private async store(trx: Db, rows: Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!).filter((c) => c !== 'vehicle_id');
    await trx
      .insertInto('vehicle_service_summary')
      .values(rows as never[])
      .onConflict((oc) =>
        oc
          .column('vehicle_id')
          .doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])) as Record<string, never>),
      )
      .execute();
  }

  /** The stored summary row of a vehicle (computed now if missing), or null when the vehicle is unknown. */
  async summaryRow(vehicleId: number, db: Db = this.db): Promise<SummaryRow | null> {
    const find = () =>
      db.selectFrom('vehicle_service_summary').selectAll().where('vehicle_id', '=', vehicleId).executeTakeFirst();
    const row = await find();
    if (row) return row;
    const exists = await db.selectFrom('vehicle').select('id').where('id', '=', vehicleId).executeTakeFirst();
    if (!exists) return null;
    if (db === this.db) await this.db.transaction().execute((trx) => this.recompute(trx, [vehicleId]));
    else await this.recompute(db, [vehicleId]);
    return (await find()) ?? null;
  }

  async vehicleSummary(vehicleId: number): Promise<VehicleServiceSummary | null> {
    await this.ensureSummary();
    const row = await this.summaryRow(vehicleId);
    if (!row) return null;
    const ruleOf = await this.ruleByMatch();
    const pace = paceOfRow(row);
    const due = dueOfRow(row);
    return {
      vehicleId: row.vehicle_id,
      pace: { kmPerDay: pace.kmPerDay, source: pace.source, points: pace.points, fromOn: pace.fromOn, toOn: pace.toOn },
      lastReading: pace.last,
      outliers: pace.outliers,
      lastVisitOn: row.last_visit_on,
      ruleMatch: row.rule_match,
      due,
      estimatedKmToday: estimatedKm(row, todayDate(this.clock.now())),
      explanation: explainRow(ruleOf(row.rule_match), due, pace),
      computedAt: row.computed_at,
    };
  }
}
