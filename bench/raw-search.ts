import type BetterSqlite3 from 'better-sqlite3';
import { rankTerms, type TermRow, withOwnedVehicles } from '../src-main/services/search/search.service';
import { KIND, normalizeQuery } from '../src-main/services/search/search-terms';
import { RO_TYPE_LABELS, type RoType } from '../src-shared/domain/enums';
import type { SearchHit, SearchHitKind, SearchMatchField } from '../src-shared/domain/records';

const KIND_NAME: Record<number, SearchHitKind> = { 1: 'customer', 2: 'vehicle', 3: 'repairOrder' };
const FIELD_NAME: Record<number, SearchMatchField> = {
  1: 'plate',
  2: 'vin',
  3: 'phone',
  4: 'name',
  5: 'pinyin',
  6: 'roNumber',
};
const SCAN_LIMIT = 200;
const PREFIX_END = '\u{10FFFF}';

/**
 * The quick search written by hand on better-sqlite3: the same range scan with the same LIMIT,
 * the same ranking code and the same hydration queries by id, with prepared statements
 * (the ids as one JSON parameter, so one statement per table).
 */
export class RawSearch {
  private readonly scan: BetterSqlite3.Statement;
  private readonly byKind = new Map<string, BetterSqlite3.Statement>();
  private readonly owned: BetterSqlite3.Statement;

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    this.scan = sqlite.prepare(
      'SELECT term, kind, entity_id, field FROM search_term WHERE term >= ? AND term < ? LIMIT ?',
    );
    this.owned = sqlite.prepare(
      'SELECT id, owner_id FROM vehicle WHERE owner_id IN (SELECT value FROM json_each(?)) ORDER BY owner_id, id',
    );
  }

  private statement(kind: 'c' | 'v' | 'r'): BetterSqlite3.Statement {
    let stmt = this.byKind.get(kind);
    if (!stmt) {
      const ids = 'IN (SELECT value FROM json_each(?))';
      const sql =
        kind === 'c'
          ? `SELECT id, name, mobile, address FROM customer WHERE id ${ids}`
          : kind === 'v'
            ? `SELECT vehicle.id, vehicle.plate, vehicle.vin, vehicle.model, customer.name AS owner FROM vehicle
               LEFT JOIN customer ON customer.id = vehicle.owner_id WHERE vehicle.id ${ids}`
            : `SELECT repair_order.id, repair_order.ro_number, repair_order.opened_at, repair_order.type, vehicle.plate
               FROM repair_order INNER JOIN vehicle ON vehicle.id = repair_order.vehicle_id WHERE repair_order.id ${ids}`;
      stmt = this.sqlite.prepare(sql);
      this.byKind.set(kind, stmt);
    }
    return stmt;
  }

  quick(text: string, limit = 50): SearchHit[] {
    const q = normalizeQuery(text);
    if (q.length === 0) return [];
    const rows = this.scan.all(q, q + PREFIX_END, SCAN_LIMIT) as TermRow[];
    let ranked: ReturnType<typeof withOwnedVehicles> = rankTerms(q, rows, limit);
    const owners = ranked.filter((r) => r.kind === KIND.customer).map((r) => r.id);
    if (owners.length > 0)
      ranked = withOwnedVehicles(
        ranked,
        this.owned.all(JSON.stringify(owners)) as { id: number; owner_id: number }[],
        limit,
      );
    if (ranked.length === 0) return [];
    const ids = (kind: number) => ranked.filter((r) => r.kind === kind).map((r) => r.id);
    const customerIds = ids(KIND.customer);
    const vehicleIds = ids(KIND.vehicle);
    const roIds = ids(KIND.repairOrder);
    const byKey = new Map<string, { title: string; subtitle: string }>();
    if (customerIds.length > 0) {
      const rows = this.statement('c').all(JSON.stringify(customerIds)) as {
        id: number;
        name: string;
        mobile: string | null;
        address: string;
      }[];
      for (const c of rows)
        byKey.set(`1:${c.id}`, {
          title: c.name,
          subtitle: [c.mobile ?? '无手机号', c.address].filter(Boolean).join(' · '),
        });
    }
    if (vehicleIds.length > 0) {
      const rows = this.statement('v').all(JSON.stringify(vehicleIds)) as {
        id: number;
        plate: string | null;
        vin: string | null;
        model: string;
        owner: string | null;
      }[];
      for (const v of rows)
        byKey.set(`2:${v.id}`, {
          title: v.plate ?? v.vin ?? '',
          subtitle: [v.model, v.owner, v.vin ? `VIN …${v.vin.slice(-8)}` : ''].filter(Boolean).join(' · '),
        });
    }
    if (roIds.length > 0) {
      const rows = this.statement('r').all(JSON.stringify(roIds)) as {
        id: number;
        ro_number: string;
        opened_at: string;
        type: string;
        plate: string | null;
      }[];
      for (const o of rows)
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
}
