import { RO_TYPES, type RoType } from '../../../../src-shared/domain/enums';
import type { RoVolumeSection } from '../../../../src-shared/domain/reports';
import type { Db } from '../../../db/database';
import type { PeriodBounds } from '../report-period';

/** An RO without an advisor's name. */
export const NO_ADVISOR = '未填';

/**
 * 进厂台次: the ROs opened in the period (repair_order_opened), count and amount, per type (every
 * type, zeros included) and per advisor (most ROs first, then by name). One grouped statement.
 */
export async function roVolumeSection(db: Db, p: PeriodBounds): Promise<RoVolumeSection> {
  const rows = await db
    .selectFrom('repair_order')
    .select((eb) => [
      'type',
      'advisor_name',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('total_fen').as('fen'),
    ])
    .where('opened_at', '>=', p.from)
    .where('opened_at', '<', p.end)
    .groupBy(['type', 'advisor_name'])
    .execute();
  const total = { count: 0, totalFen: 0 };
  const byType = new Map<string, { count: number; totalFen: number }>();
  const byAdvisor = new Map<string, { count: number; totalFen: number }>();
  const add = (map: Map<string, { count: number; totalFen: number }>, key: string, n: number, fen: number) => {
    const t = map.get(key) ?? { count: 0, totalFen: 0 };
    t.count += n;
    t.totalFen += fen;
    map.set(key, t);
  };
  for (const r of rows) {
    const n = Number(r.n);
    const fen = Number(r.fen ?? 0);
    total.count += n;
    total.totalFen += fen;
    add(byType, r.type, n, fen);
    add(byAdvisor, r.advisor_name.trim() === '' ? NO_ADVISOR : r.advisor_name.trim(), n, fen);
  }
  return {
    total,
    byType: RO_TYPES.map((type: RoType) => ({ type, ...(byType.get(type) ?? { count: 0, totalFen: 0 }) })),
    byAdvisor: [...byAdvisor.entries()]
      .map(([advisor, t]) => ({ advisor, ...t }))
      .sort((a, b) => b.count - a.count || a.advisor.localeCompare(b.advisor, 'zh-CN')),
  };
}
