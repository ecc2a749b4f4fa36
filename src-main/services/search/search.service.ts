import { type CompiledQuery, sql } from 'kysely';
import { RO_TYPE_LABELS, type RoType } from '../../../src-shared/domain/enums';
import type { SearchHit, SearchHitKind, SearchMatchField } from '../../../src-shared/domain/records';
import type { Db } from '../../db/database';
import { inList, inListParameter } from '../../db/dialect';
import { FIELD, KIND, normalizeQuery } from './search-terms';

const KIND_NAME: Record<number, SearchHitKind> = { 1: 'customer', 2: 'vehicle', 3: 'repairOrder' };
const FIELD_NAME: Record<number, SearchMatchField> = {
  1: 'plate',
  2: 'vin',
  3: 'phone',
  4: 'name',
  5: 'pinyin',
  6: 'roNumber',
};
/** Lower is better: identifiers the clerk reads off paper beat names heard on the phone. */
const FIELD_RANK: Record<number, number> = {
  [FIELD.roNumber]: 0,
  [FIELD.plate]: 1,
  [FIELD.vin]: 2,
  [FIELD.phone]: 3,
  [FIELD.name]: 4,
  [FIELD.pinyin]: 5,
};
/** Candidates read from the index before ranking; enough to fill 50 results after de-duplication. */
const SCAN_LIMIT = 200;
const PREFIX_END = '\u{10FFFF}';

export interface TermRow {
  term: string;
  kind: number;
  entity_id: number;
  field: number;
}

/** Ranks index rows: exact before prefix, then by field, then by shorter (closer) term; one hit per record. */
export function rankTerms(
  q: string,
  rows: TermRow[],
  limit: number,
): { kind: number; id: number; field: number; exact: boolean }[] {
  const best = new Map<string, { kind: number; id: number; field: number; exact: boolean; score: number }>();
  for (const r of rows) {
    const exact = r.term === q;
    const score = (exact ? 0 : 1000) + (FIELD_RANK[r.field] ?? 9) * 100 + Math.min(r.term.length - q.length, 99);
    const key = `${r.kind}:${r.entity_id}`;
    const prev = best.get(key);
    if (!prev || score < prev.score) best.set(key, { kind: r.kind, id: r.entity_id, field: r.field, exact, score });
  }
  return [...best.values()]
    .sort((a, b) => a.score - b.score || a.kind - b.kind || b.id - a.id)
    .slice(0, limit)
    .map(({ kind, id, field, exact }) => ({ kind, id, field, exact }));
}

/** The ids to hydrate as one list parameter: one SQL text per table however many hits, so its statement is reused. */
function idsIn(db: Db, column: string) {
  return inList(db, column, []);
}

type Ranked = { kind: number; id: number; field: number; exact: boolean; viaOwner?: true }[];

/**
 * After each matching customer, their vehicles: the clerk who types the last 4 of a phone usually
 * wants the car. A vehicle already in the list keeps its own place.
 */
export function withOwnedVehicles(
  ranked: Ranked,
  owned: { id: number; owner_id: number | null }[],
  limit: number,
): Ranked {
  const byOwner = new Map<number, number[]>();
  for (const v of owned) {
    if (v.owner_id === null) continue;
    byOwner.set(v.owner_id, [...(byOwner.get(v.owner_id) ?? []), v.id]);
  }
  const direct = new Set(ranked.filter((r) => r.kind === KIND.vehicle).map((r) => r.id));
  const placed = new Set<number>();
  const out: Ranked = [];
  for (const r of ranked) {
    if (r.kind === KIND.vehicle) {
      if (placed.has(r.id)) continue;
      placed.add(r.id);
    }
    out.push(r);
    if (r.kind !== KIND.customer) continue;
    for (const id of byOwner.get(r.id) ?? []) {
      if (placed.has(id) || direct.has(id)) continue;
      placed.add(id);
      out.push({ kind: KIND.vehicle, id, field: r.field, exact: r.exact, viaOwner: true });
    }
  }
  return out.slice(0, limit);
}
const KIND_CODE: Record<SearchHitKind, number> = {
  customer: KIND.customer,
  vehicle: KIND.vehicle,
  repairOrder: KIND.repairOrder,
};

export class SearchService {
  // Compiled once: building and compiling a Kysely query costs more than running it on the index.
  private readonly scan;
  private readonly customers;
  private readonly vehicles;
  private readonly orders;
  private readonly owned;

  constructor(private readonly db: Db) {
    this.scan = db
      .selectFrom('search_term')
      .select(['term', 'kind', 'entity_id', 'field'])
      .where('term', '>=', '')
      .where('term', '<', '')
      .limit(SCAN_LIMIT)
      .compile();
    this.customers = db
      .selectFrom('customer')
      .select(['id', 'name', 'mobile', 'address'])
      .where(idsIn(db, 'customer.id'))
      .compile();
    this.vehicles = db
      .selectFrom('vehicle')
      .leftJoin('customer', 'customer.id', 'vehicle.owner_id')
      .select(['vehicle.id', 'vehicle.plate', 'vehicle.vin', 'vehicle.model', 'customer.name as owner'])
      .where(idsIn(db, 'vehicle.id'))
      .compile();
    this.owned = db
      .selectFrom('vehicle')
      .select(['id', 'owner_id'])
      .where(idsIn(db, 'vehicle.owner_id'))
      .orderBy('owner_id')
      .orderBy('id')
      .compile();
    this.orders = db
      .selectFrom('repair_order')
      .innerJoin('vehicle', 'vehicle.id', 'repair_order.vehicle_id')
      .select([
        'repair_order.id',
        'repair_order.ro_number',
        'repair_order.opened_at',
        'repair_order.type',
        'vehicle.plate',
      ])
      .where(idsIn(db, 'repair_order.id'))
      .compile();
  }

  private async run<R>(query: CompiledQuery<R>, parameters: readonly unknown[]): Promise<R[]> {
    return (await this.db.executeQuery<R>({ ...query, parameters })).rows;
  }

  private hydrate<R>(query: CompiledQuery<R>, ids: number[]): Promise<R[]> | R[] {
    return ids.length === 0 ? [] : this.run(query, [inListParameter(this.db, ids)]);
  }

  /**
   * Ranked hits of every kind, or, with `only`, of one kind: then a matching customer also brings
   * their vehicles (张三 finds 张三's car), a vehicle its owner, an order its vehicle or customer.
   */
  async quick(text: string, limit: number, only?: SearchHitKind): Promise<SearchHit[]> {
    const q = normalizeQuery(text);
    if (q.length === 0) return [];
    // Parameters only: FTS syntax, quotes or % in the text are plain characters here.
    const rows = await this.run(this.scan, [q, q + PREFIX_END, SCAN_LIMIT]);
    let ranked: Ranked;
    if (only === undefined) {
      ranked = rankTerms(q, rows, limit);
      const customerIds = ranked.filter((r) => r.kind === KIND.customer).map((r) => r.id);
      if (customerIds.length > 0)
        ranked = withOwnedVehicles(ranked, await this.run(this.owned, [inListParameter(this.db, customerIds)]), limit);
    } else {
      ranked = await this.onlyKind(rankTerms(q, rows, SCAN_LIMIT), only, limit);
    }
    if (ranked.length === 0) return [];
    const ids = (kind: number) => ranked.filter((r) => r.kind === kind).map((r) => r.id);
    const [customers, vehicles, orders] = await Promise.all([
      this.hydrate(this.customers, ids(KIND.customer)),
      this.hydrate(this.vehicles, ids(KIND.vehicle)),
      this.hydrate(this.orders, ids(KIND.repairOrder)),
    ]);
    const byKey = new Map<string, { title: string; subtitle: string }>();
    for (const c of customers) {
      byKey.set(`1:${c.id}`, {
        title: c.name,
        subtitle: [c.mobile ?? '无手机号', c.address].filter(Boolean).join(' · '),
      });
    }
    for (const v of vehicles) {
      byKey.set(`2:${v.id}`, {
        title: v.plate ?? v.vin ?? '',
        subtitle: [v.model, v.owner, v.vin ? `VIN …${v.vin.slice(-8)}` : ''].filter(Boolean).join(' · '),
      });
    }
    for (const o of orders) {
      byKey.set(`3:${o.id}`, {
        title: o.ro_number,
        subtitle: [o.opened_at.slice(0, 10), o.plate, RO_TYPE_LABELS[o.type as RoType]].filter(Boolean).join(' · '),
      });
    }
    const hits: SearchHit[] = [];
    for (const r of ranked) {
      const shown = byKey.get(`${r.kind}:${r.id}`);
      if (!shown) continue;
      hits.push({
        kind: KIND_NAME[r.kind]!,
        id: r.id,
        title: shown.title,
        subtitle: shown.subtitle,
        matchedOn: FIELD_NAME[r.field]!,
        exact: r.exact,
        ...(r.viaOwner ? { viaOwner: true } : {}),
      });
    }
    return hits;
  }

  /** Turns hits of any kind into hits of one kind, keeping the rank order of what matched. */
  private async onlyKind(ranked: Ranked, only: SearchHitKind, limit: number): Promise<Ranked> {
    const target = KIND_CODE[only];
    const idsOf = (kind: number) => ranked.filter((r) => r.kind === kind).map((r) => r.id);
    const related = new Map<string, number[]>();
    const relate = (kind: number, id: number, targetId: number | null) => {
      if (targetId === null) return;
      const key = `${kind}:${id}`;
      related.set(key, [...(related.get(key) ?? []), targetId]);
    };
    if (only === 'vehicle') {
      const owned = await this.related('vehicle', 'owner_id', 'id', idsOf(KIND.customer));
      for (const o of owned) relate(KIND.customer, o.key, o.value);
      const ofOrders = await this.related('repair_order', 'id', 'vehicle_id', idsOf(KIND.repairOrder));
      for (const o of ofOrders) relate(KIND.repairOrder, o.key, o.value);
    } else if (only === 'customer') {
      const owners = await this.related('vehicle', 'id', 'owner_id', idsOf(KIND.vehicle));
      for (const o of owners) relate(KIND.vehicle, o.key, o.value);
      const ofOrders = await this.related('repair_order', 'id', 'customer_id', idsOf(KIND.repairOrder));
      for (const o of ofOrders) relate(KIND.repairOrder, o.key, o.value);
    }
    const seen = new Set<number>();
    const out: Ranked = [];
    for (const r of ranked) {
      const ids = r.kind === target ? [r.id] : (related.get(`${r.kind}:${r.id}`) ?? []);
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ kind: target, id, field: r.field, exact: r.exact });
      }
      if (out.length >= limit) break;
    }
    return out.slice(0, limit);
  }

  private async related(
    table: 'vehicle' | 'repair_order',
    keyColumn: 'id' | 'owner_id',
    valueColumn: 'id' | 'owner_id' | 'vehicle_id' | 'customer_id',
    keys: number[],
  ): Promise<{ key: number; value: number | null }[]> {
    if (keys.length === 0) return [];
    const rows = await this.db
      .selectFrom(table)
      .select([sql<number>`${sql.ref(keyColumn)}`.as('key'), sql<number | null>`${sql.ref(valueColumn)}`.as('value')])
      .where(sql.ref(keyColumn), 'in', keys)
      .orderBy(sql.ref(keyColumn))
      .orderBy('id')
      .execute();
    return rows;
  }
}
