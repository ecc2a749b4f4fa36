import type { DailyReportFigures, PaperEntry, ReportCheck } from '../../../src-shared/domain/daily-report';
import { addDays, dateOf } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { ArchiveRo, DayRos } from './figures';

/**
 * The tally (核对): what is inconsistent in the day's report. `block` findings keep the report
 * from being confirmed; `warn` findings are shown and may be left.
 */

/** Keeps IN (...) lists well under every database's parameter limit. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function label(ro: { roNumber: string; plate: string | null }): string {
  return ro.plate ? `${ro.roNumber}（${ro.plate}）` : ro.roNumber;
}

const roEditLink = (id: number) => `/archive/repair-orders/${id}/edit`;

/** A higher mileage known before an RO was opened. */
interface Earlier {
  mileage: number;
  on: string;
}

/**
 * Mileage lower than the vehicle's highest known before the RO was opened: readings taken on an
 * earlier date (other than the RO's own; every RO's mileage is also a reading, see
 * repair-orders.service and the import) and the vehicle's ROs opened earlier, to the minute, since
 * the first opening day among the day's ROs (two ROs of one car on one day). Two queries per 500
 * vehicles, whatever the number of ROs of the day.
 */
async function mileageBackwards(db: Db, date: string, ros: ArchiveRo[]): Promise<ReportCheck[]> {
  const targets = ros.filter((ro) => ro.mileageIn !== null);
  if (targets.length === 0) return [];
  const next = addDays(date, 1);
  const since = targets.map((ro) => dateOf(ro.openedAt)).reduce((a, b) => (a < b ? a : b));
  const vehicleIds = [...new Set(targets.map((ro) => ro.vehicleId))];
  const readings: { vehicle_id: number; read_on: string; mileage: number; ro_id: number | null }[] = [];
  const earlierRos: { id: number; vehicle_id: number; opened_at: string; mileage_in: number | null }[] = [];
  for (const part of chunks(vehicleIds)) {
    const [r, o] = await Promise.all([
      db
        .selectFrom('mileage_reading')
        .select(['vehicle_id', 'read_on', 'mileage', 'ro_id'])
        .where('vehicle_id', 'in', part)
        .where('read_on', '<', next)
        .execute(),
      db
        .selectFrom('repair_order')
        .select(['id', 'vehicle_id', 'opened_at', 'mileage_in'])
        .where('vehicle_id', 'in', part)
        .where('opened_at', '>=', since)
        .where('opened_at', '<', next)
        .where('mileage_in', 'is not', null)
        .execute(),
    ]);
    readings.push(...r);
    earlierRos.push(...o);
  }
  const readingsOf = new Map<number, typeof readings>();
  for (const r of readings) {
    const list = readingsOf.get(r.vehicle_id);
    if (list) list.push(r);
    else readingsOf.set(r.vehicle_id, [r]);
  }
  const rosOf = new Map<number, typeof earlierRos>();
  for (const r of earlierRos) {
    const list = rosOf.get(r.vehicle_id);
    if (list) list.push(r);
    else rosOf.set(r.vehicle_id, [r]);
  }

  const found: ReportCheck[] = [];
  for (const ro of targets) {
    const openedOn = dateOf(ro.openedAt);
    let highest: Earlier | null = null;
    const consider = (mileage: number, on: string) => {
      if (highest === null || mileage > highest.mileage || (mileage === highest.mileage && on < highest.on))
        highest = { mileage, on };
    };
    for (const r of readingsOf.get(ro.vehicleId) ?? [])
      if (r.read_on < openedOn && r.ro_id !== ro.id) consider(r.mileage, r.read_on);
    for (const r of rosOf.get(ro.vehicleId) ?? [])
      if (r.id !== ro.id && r.opened_at < ro.openedAt && r.mileage_in !== null)
        consider(r.mileage_in, dateOf(r.opened_at));
    const h = highest as Earlier | null;
    if (h !== null && ro.mileageIn !== null && ro.mileageIn < h.mileage)
      found.push({
        kind: 'mileage_backwards',
        severity: 'block',
        roNumber: ro.roNumber,
        repairOrderId: ro.id,
        message: `修理单 ${label(ro)} 进厂里程 ${ro.mileageIn} 公里，低于 ${h.on} 记录的 ${h.mileage} 公里。请核对修理单上的里程并改正（如果以前的记录有误，请改正以前的记录）。`,
        link: roEditLink(ro.id),
      });
  }
  return found.sort((a, b) => (a.roNumber! < b.roNumber! ? -1 : a.roNumber! > b.roNumber! ? 1 : 0));
}

/** The day's findings, blocking ones first, each list by RO number. */
export async function buildChecks(
  db: Db,
  date: string,
  ros: DayRos,
  paper: PaperEntry[],
  figures: DailyReportFigures,
): Promise<ReportCheck[]> {
  const reportLink = `/daily/report?date=${date}`;
  const reconcileLink = `/daily/reconcile?date=${date}`;
  const checks: ReportCheck[] = [];

  for (const row of figures.sections.delivered)
    if (row.totalFen === 0)
      checks.push({
        kind: 'delivered_without_amount',
        severity: 'block',
        roNumber: row.roNumber,
        repairOrderId: row.repairOrderId,
        message:
          row.source === 'archive'
            ? `修理单 ${label(row)} 已交车，但结算金额是 0。请打开修理单填写工时费和材料费（或重新导入 DMS 结算数据）。`
            : `纸质补录 ${label(row)} 已交车，但合计金额是 0。请在日报的纸质补录里填写工时费和材料费。`,
        link: row.repairOrderId !== null ? roEditLink(row.repairOrderId) : reportLink,
      });

  const ofDay = new Map<number, ArchiveRo>();
  for (const ro of [...ros.opened, ...ros.delivered]) ofDay.set(ro.id, ro);
  checks.push(...(await mileageBackwards(db, date, [...ofDay.values()])));

  if (paper.length > 0) {
    const inArchive = new Map<string, number>();
    for (const part of chunks(paper.map((p) => p.roNumber)))
      for (const r of await db
        .selectFrom('repair_order')
        .select(['id', 'ro_number'])
        .where('ro_number', 'in', part)
        .execute())
        inArchive.set(r.ro_number, r.id);
    for (const p of [...paper].sort((a, b) => (a.roNumber < b.roNumber ? -1 : 1))) {
      const id = inArchive.get(p.roNumber);
      if (id === undefined) continue;
      checks.push({
        kind: 'paper_entry_in_archive',
        severity: 'block',
        roNumber: p.roNumber,
        repairOrderId: id,
        message: `纸质补录的工单 ${p.roNumber} 现在系统里已经有了，会重复计算。请在日报里删除这条纸质补录。`,
        link: reportLink,
      });
    }
  }

  const rec = figures.reconciliation;
  if (rec.unresolved > 0)
    checks.push({
      kind: 'reconciliation_open',
      severity: 'block',
      roNumber: null,
      repairOrderId: null,
      message: `对单还有 ${rec.unresolved} 条差异没有说明（系统有、纸质无 ${rec.missingOnPaper}，纸质有、系统无 ${rec.missingInArchive}，状态不符 ${rec.statusMismatch}）。请到对单页逐条勾对或填写说明。`,
      link: reconcileLink,
    });

  if (ros.opened.length + ros.delivered.length + ros.completed + ros.settled === 0)
    checks.push({
      kind: 'no_ros',
      severity: 'warn',
      roNumber: null,
      repairOrderId: null,
      message: `系统里没有 ${date} 进厂、完工、交车或结算的修理单。是不是忘了导入 DMS 修理单？请先导入再核对。`,
      link: '/daily/import',
    });
  // The day has ROs to tick: opened, delivered or settled that day (the 对单's own rule), or on paper.
  if (rec.inArchive + paper.length > 0 && rec.completedAt === null)
    checks.push({
      kind: 'reconciliation_not_completed',
      severity: 'warn',
      roNumber: null,
      repairOrderId: null,
      message: `${date} 的对单还没有完成。请到对单页把纸质单逐张勾对，完成对单后再交服务经理签字。`,
      link: reconcileLink,
    });
  return checks;
}
