import type { ChurnMonth } from '../../../src-shared/domain/complaints';
import type { Db } from '../../db/database';

/** `month` moved by `n` months (YYYY-MM). */
export function shiftMonth(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months from `from` to `to`, inclusive. */
export function monthsFromTo(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = shiftMonth(m, 1)) out.push(m);
  return out;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);

/**
 * One month's churn (流失率) and retention from 首保 to the 2nd service, from the ROs' opening
 * times (ISO instants with the store's offset compare against `YYYY-MM-01` as text):
 * - base: distinct vehicles with an RO opened in month − 6; returned: of those, with an RO opened
 *   from month − 5 through the end of month (repair_order_vehicle_opened, one probe each);
 *   churn = 1 − returned / base.
 * - firstServiceBase: vehicles whose 首保 RO opened in month − 6; secondService: of those, with a
 *   定保 RO opened after that 首保 up to the end of month; retention = secondService / firstServiceBase.
 * Four statements, each one range on repair_order_opened plus index probes.
 */
export async function churnMonth(db: Db, month: string): Promise<ChurnMonth> {
  const baseMonth = shiftMonth(month, -6);
  const baseFrom = `${baseMonth}-01`;
  const baseTo = `${shiftMonth(baseMonth, 1)}-01`;
  const end = `${shiftMonth(month, 1)}-01`;
  const count = (q: { n: number | string | bigint } | undefined) => Number(q?.n ?? 0);

  const base = await db
    .selectFrom('repair_order')
    .select((eb) => eb.fn.count<number>('vehicle_id').distinct().as('n'))
    .where('opened_at', '>=', baseFrom)
    .where('opened_at', '<', baseTo)
    .executeTakeFirst();
  const returned = await db
    .selectFrom('repair_order as r')
    .select((eb) => eb.fn.count<number>('r.vehicle_id').distinct().as('n'))
    .where('r.opened_at', '>=', baseFrom)
    .where('r.opened_at', '<', baseTo)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('repair_order as n')
          .select('n.id')
          .whereRef('n.vehicle_id', '=', 'r.vehicle_id')
          .where('n.opened_at', '>=', baseTo)
          .where('n.opened_at', '<', end),
      ),
    )
    .executeTakeFirst();
  const firstBase = await db
    .selectFrom('repair_order')
    .select((eb) => eb.fn.count<number>('vehicle_id').distinct().as('n'))
    .where('opened_at', '>=', baseFrom)
    .where('opened_at', '<', baseTo)
    .where('type', '=', 'first_service')
    .executeTakeFirst();
  const second = await db
    .selectFrom('repair_order as r')
    .select((eb) => eb.fn.count<number>('r.vehicle_id').distinct().as('n'))
    .where('r.opened_at', '>=', baseFrom)
    .where('r.opened_at', '<', baseTo)
    .where('r.type', '=', 'first_service')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('repair_order as n')
          .select('n.id')
          .whereRef('n.vehicle_id', '=', 'r.vehicle_id')
          .whereRef('n.opened_at', '>', 'r.opened_at')
          .where('n.opened_at', '<', end)
          .where('n.type', '=', 'periodic_service'),
      ),
    )
    .executeTakeFirst();

  const b = count(base);
  const r = count(returned);
  const fb = count(firstBase);
  const s = count(second);
  const churn = b === 0 ? null : 1 - r / b;
  const retention = fb === 0 ? null : s / fb;
  const first = shiftMonth(baseMonth, 1);
  const formula =
    `流失率 = 1 − 第 N−6 月（${baseMonth}）进厂车辆中在 ${first} 至 ${month} 再次进厂的比例` +
    (b === 0 ? `；${baseMonth} 没有进厂车辆，无法计算` : ` = 1 − ${r} / ${b} = ${percent(churn)}`) +
    `；首保→二保保留率 = ${baseMonth} 做首保的车辆中到 ${month} 月底做了定保的比例` +
    (fb === 0 ? `（${baseMonth} 没有首保车辆）` : ` = ${s} / ${fb} = ${percent(retention)}`);
  return {
    month,
    baseMonth,
    base: b,
    returned: r,
    churn,
    firstServiceBase: fb,
    secondService: s,
    retention,
    formula,
  };
}
