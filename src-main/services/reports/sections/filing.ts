import type { FilingSection } from '../../../../src-shared/domain/reports';
import type { Db } from '../../../db/database';
import { readFilingSettings } from '../../filing/filing-settings';
import { ACTIVE_PAPER_STATES, nextMonthStart } from '../../filing/missing.service';
import { requiredKindsForRo } from '../../filing/required-papers';

/**
 * 归档: the papers the month's ROs must have filed and those missing, counted as the filing area's
 * 缺失 list counts them for the month (ROs settled in it, from the store's first filing day on; the
 * kinds by the shared rules, requiredKindsForRo; a paper handed in or filed counts). Two statements:
 * the ROs with their labour hours, and their papers (repair_order_settled, then paper_ro probes). MissingService.month is not called: it also
 * reads the month's vehicles and customers and builds each missing paper's row (~0.5 s on the 10-year
 * archive), where the report needs four counts.
 */
export async function filingSection(db: Db, month: string): Promise<FilingSection> {
  const settings = await readFilingSettings(db);
  const settledIn = () => {
    let q = db
      .selectFrom('repair_order as r')
      .where('r.settled_at', 'is not', null)
      .where('r.settled_at', '>=', `${month}-01`)
      .where('r.settled_at', '<', nextMonthStart(month));
    if (settings.checkFrom !== null) q = q.where('r.settled_at', '>=', settings.checkFrom);
    return q;
  };
  const ros = await settledIn()
    .select((eb) => [
      'r.id',
      'r.type',
      eb
        .selectFrom('ro_labor_line as l')
        .whereRef('l.ro_id', '=', 'r.id')
        .select((s) => s.fn.coalesce(s.fn.sum<number>('l.hours'), s.lit(0)).as('h'))
        .as('labor_hours'),
    ])
    .execute();
  // The papers' state is checked here, not in SQL: with `state IN (...)` SQLite drives the join from
  // paper_received (every active paper of the archive) instead of the month's ROs (paper_ro probes).
  const papers = await settledIn()
    .innerJoin('paper as p', 'p.ro_id', 'r.id')
    .select(['p.ro_id', 'p.kind', 'p.state'])
    .execute();
  const active: readonly string[] = ACTIVE_PAPER_STATES;
  const have = new Set(papers.filter((p) => active.includes(p.state)).map((p) => `${p.ro_id}:${p.kind}`));
  let required = 0;
  let missing = 0;
  let rosIncomplete = 0;
  for (const ro of ros) {
    const kinds = requiredKindsForRo(settings, { type: ro.type, laborHours: Number(ro.labor_hours ?? 0) });
    const lacking = kinds.filter((k) => !have.has(`${ro.id}:${k.code}`)).length;
    required += kinds.length;
    missing += lacking;
    if (lacking > 0) rosIncomplete++;
  }
  return { required, filed: required - missing, missing, rosIncomplete };
}
