import { type CompiledQuery, sql } from 'kysely';
import { RO_TYPE_LABELS, type RoType } from '../../../src-shared/domain/enums';
import type { SearchHit, SearchHitKind, SearchMatchField } from '../../../src-shared/domain/records';
import type { Db } from '../../db/database';
import { inList, inListParameter, isPostgres, preparedOnServer } from '../../db/dialect';
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

/** Characters, not UTF-16 units: a name with 𠮷 counts as the server's length() counts it. */
function characters(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) n--;
  }
  return n;
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
    const score =
      (exact ? 0 : 1000) + (FIELD_RANK[r.field] ?? 9) * 100 + Math.min(characters(r.term) - characters(q), 99);
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

type Shown = Map<string, { title: string; subtitle: string }>;

function showCustomer(
  shown: Shown,
  c: { id: number; name: string; mobile: string | null; address: string | null },
): void {
  shown.set(`1:${c.id}`, {
    title: c.name,
    subtitle: [c.mobile ?? '无手机号', c.address].filter(Boolean).join(' · '),
  });
}

function showVehicle(
  shown: Shown,
  v: { id: number; plate: string | null; vin: string | null; model: string | null; owner: string | null },
): void {
  shown.set(`2:${v.id}`, {
    title: v.plate ?? v.vin ?? '',
    subtitle: [v.model, v.owner, v.vin ? `VIN …${v.vin.slice(-8)}` : ''].filter(Boolean).join(' · '),
  });
}

function showOrder(
  shown: Shown,
  o: { id: number; ro_number: string; opened_at: string; type: string; plate: string | null },
): void {
  shown.set(`3:${o.id}`, {
    title: o.ro_number,
    subtitle: [o.opened_at.slice(0, 10), o.plate, RO_TYPE_LABELS[o.type as RoType]].filter(Boolean).join(' · '),
  });
}

/** One row of rankedHitsQuery: a ranked hit (src 0), or the shown columns of one (src 1; 2: a customer's vehicle). */
interface HydratedRow {
  src: number;
  kind: number;
  id: number;
  field: number | null;
  /** 1/0 as the archive's pool reads booleans. */
  exact: number | boolean | null;
  score: number | null;
  name: string | null;
  mobile: string | null;
  address: string | null;
  plate: string | null;
  vin: string | null;
  model: string | null;
  owner: string | null;
  owner_id: number | null;
  ro_number: string | null;
  opened_at: string | null;
  type: string | null;
}

/** rankTerms' score in SQL: the same numbers, so both dialects rank alike. */
const SCORE_SQL = `CASE WHEN term = $1 THEN 0 ELSE 1000 END
      + CASE field ${Object.entries(FIELD_RANK)
        .map(([field, rank]) => `WHEN ${Number(field)} THEN ${rank * 100}`)
        .join(' ')} ELSE 900 END
      + LEAST(length(term) - length($1), 99)`;

/**
 * On a server, the whole search in one round trip, prepared once per connection: the index scan,
 * rankTerms' ranking (one row per record, best score first), the shown columns of each hit and the
 * vehicles of every customer hit. Each kind is read in its own branch, so every lookup is by key.
 * Parameters: $1 the query, $2 the prefix's end, $3 how many hits.
 */
const RANKED_HITS_SQL = `WITH t AS (
  SELECT term, kind, entity_id, field FROM search_term
  WHERE term >= $1 AND term < $2
  ORDER BY term, kind, entity_id, field
  LIMIT ${SCAN_LIMIT}
), best AS (
  SELECT DISTINCT ON (kind, entity_id) kind, entity_id, field, term = $1 AS exact, ${SCORE_SQL} AS score
  FROM t ORDER BY kind, entity_id, score
), top AS MATERIALIZED (
  SELECT kind, entity_id, field, exact, score FROM best ORDER BY score, kind, entity_id DESC LIMIT $3
)
SELECT 0 AS src, kind, entity_id AS id, field, exact, score,
  NULL AS name, NULL AS mobile, NULL AS address, NULL AS plate, NULL AS vin, NULL AS model, NULL AS owner,
  NULL::bigint AS owner_id, NULL AS ro_number, NULL AS opened_at, NULL AS type
FROM top
UNION ALL
SELECT 1, ${KIND.customer}, c.id, NULL, NULL, NULL, c.name, c.mobile, c.address,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM customer c WHERE c.id IN (SELECT entity_id FROM top WHERE kind = ${KIND.customer})
UNION ALL
SELECT 1, ${KIND.vehicle}, v.id, NULL, NULL, NULL, NULL, NULL, NULL,
  v.plate, v.vin, v.model, vc.name, v.owner_id, NULL, NULL, NULL
FROM vehicle v LEFT JOIN customer vc ON vc.id = v.owner_id
WHERE v.id IN (SELECT entity_id FROM top WHERE kind = ${KIND.vehicle})
UNION ALL
SELECT 2, ${KIND.vehicle}, v.id, NULL, NULL, NULL, NULL, NULL, NULL,
  v.plate, v.vin, v.model, vc.name, v.owner_id, NULL, NULL, NULL
FROM vehicle v LEFT JOIN customer vc ON vc.id = v.owner_id
WHERE v.owner_id IN (SELECT entity_id FROM top WHERE kind = ${KIND.customer})
UNION ALL
SELECT 1, ${KIND.repairOrder}, o.id, NULL, NULL, NULL, NULL, NULL, NULL,
  ov.plate, NULL, NULL, NULL, NULL, o.ro_number, o.opened_at, o.type
FROM repair_order o JOIN vehicle ov ON ov.id = o.vehicle_id
WHERE o.id IN (SELECT entity_id FROM top WHERE kind = ${KIND.repairOrder})`;

export class SearchService {
  // Compiled once: building and compiling a Kysely query costs more than running it on the index.
  private readonly scan;
  private readonly customers;
  private readonly vehicles;
  private readonly orders;
  private readonly owned;
  /** On a server, where every round trip costs more than the query: see RANKED_HITS_SQL. */
  private readonly rankedHits: CompiledQuery<HydratedRow> | null;

  constructor(private readonly db: Db) {
    this.scan = db
      .selectFrom('search_term')
      .select(['term', 'kind', 'entity_id', 'field'])
      .where('term', '>=', '')
      .where('term', '<', '')
      .orderBy('term')
      .orderBy('kind')
      .orderBy('entity_id')
      .orderBy('field')
      .limit(SCAN_LIMIT)
      .compile();
    this.rankedHits = isPostgres(db) ? preparedOnServer(sql.raw<HydratedRow>(RANKED_HITS_SQL).compile(db)) : null;
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
    const shown: Shown = new Map();
    let ranked: Ranked;
    if (this.rankedHits && only === undefined) {
      const rows = await this.run(this.rankedHits, [q, q + PREFIX_END, limit]);
      const hits: (Ranked[number] & { score: number })[] = [];
      const owned: { id: number; owner_id: number | null }[] = [];
      for (const r of rows) {
        if (r.src === 0)
          hits.push({ kind: r.kind, id: r.id, field: r.field!, exact: Boolean(r.exact), score: r.score! });
        else if (r.kind === KIND.customer) showCustomer(shown, { ...r, name: r.name ?? '' });
        else if (r.kind === KIND.vehicle) showVehicle(shown, r);
        else showOrder(shown, { ...r, ro_number: r.ro_number ?? '', opened_at: r.opened_at ?? '', type: r.type ?? '' });
        if (r.src === 2) owned.push({ id: r.id, owner_id: r.owner_id });
      }
      hits.sort((a, b) => a.score - b.score || a.kind - b.kind || b.id - a.id);
      owned.sort((a, b) => (a.owner_id ?? 0) - (b.owner_id ?? 0) || a.id - b.id);
      ranked = withOwnedVehicles(
        hits.map(({ kind, id, field, exact }) => ({ kind, id, field, exact })),
        owned,
        limit,
      );
    } else {
      const rows = await this.run(this.scan, [q, q + PREFIX_END, SCAN_LIMIT]);
      if (only === undefined) {
        ranked = rankTerms(q, rows, limit);
        const customerIds = ranked.filter((r) => r.kind === KIND.customer).map((r) => r.id);
        if (customerIds.length > 0)
          ranked = withOwnedVehicles(
            ranked,
            await this.run(this.owned, [inListParameter(this.db, customerIds)]),
            limit,
          );
      } else {
        ranked = await this.onlyKind(rankTerms(q, rows, SCAN_LIMIT), only, limit);
      }
    }
    if (ranked.length === 0) return [];
    // Only what the one statement did not bring (on a file: everything) is read here.
    const ids = (kind: number) =>
      ranked.filter((r) => r.kind === kind && !shown.has(`${r.kind}:${r.id}`)).map((r) => r.id);
    const [customers, vehicles, orders] = await Promise.all([
      this.hydrate(this.customers, ids(KIND.customer)),
      this.hydrate(this.vehicles, ids(KIND.vehicle)),
      this.hydrate(this.orders, ids(KIND.repairOrder)),
    ]);
    for (const c of customers) showCustomer(shown, c);
    for (const v of vehicles) showVehicle(shown, v);
    for (const o of orders) showOrder(shown, o);
    const hits: SearchHit[] = [];
    for (const r of ranked) {
      const line = shown.get(`${r.kind}:${r.id}`);
      if (!line) continue;
      hits.push({
        kind: KIND_NAME[r.kind]!,
        id: r.id,
        title: line.title,
        subtitle: line.subtitle,
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
