import type { Selectable } from 'kysely';
import type {
  AdvisorFigures,
  DailyReportFigures,
  MoneyTotals,
  PaperEntry,
  ReportRoRow,
  TypeFigures,
} from '../../../src-shared/domain/daily-report';
import { type Payer, RO_TYPES, type RoStatus, type RoType } from '../../../src-shared/domain/enums';
import type { ReconciliationSummary } from '../../../src-shared/domain/reconciliation';
import { addDays, dateOf, daysBetween } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { DailyReportPaperEntryTable } from '../../db/schema';

/**
 * The figures of one day, worked out from the archive and the paper entries (see the doc comment
 * of DailyReportFigures for what counts where).
 *
 * Portable SQL only: every "on day D" is a range on the ISO text, D <= instant < D+1, so each
 * query is an index range (opened_at, delivered_at, settled_at, completed_at) and nothing scans
 * the archive. The ROs are read from repair_order alone and their vehicles and customers fetched by
 * id afterwards: joined in one statement, SQLite may start from the vehicle table and probe every
 * vehicle's ROs (1.2 s on the 10-year archive for "completed after the day").
 */

/** An archive RO as the report needs it. */
export interface ArchiveRo {
  id: number;
  roNumber: string;
  vehicleId: number;
  plate: string | null;
  model: string;
  customerName: string | null;
  advisor: string;
  type: RoType;
  status: RoStatus;
  payer: Payer;
  openedAt: string;
  completedAt: string | null;
  deliveredAt: string | null;
  settledAt: string | null;
  mileageIn: number | null;
  laborFen: number;
  partsFen: number;
  totalFen: number;
}

/** What the checks need besides the figures: the archive rows by section. */
export interface DayRos {
  opened: ArchiveRo[];
  inRepair: ArchiveRo[];
  delivered: ArchiveRo[];
  /** Count of completed_at on the day. */
  completed: number;
  settled: number;
}

/** Keeps IN (...) lists well under every database's parameter limit. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function rosQuery(db: Db) {
  return db
    .selectFrom('repair_order')
    .select([
      'id',
      'ro_number',
      'vehicle_id',
      'customer_id',
      'advisor_name',
      'type',
      'status',
      'payer',
      'opened_at',
      'completed_at',
      'delivered_at',
      'settled_at',
      'mileage_in',
      'labor_fen',
      'parts_fen',
      'total_fen',
    ]);
}

type RoRow = Awaited<ReturnType<ReturnType<typeof rosQuery>['execute']>>[number];

/** The vehicles and customers of the rows, by id (two queries per 500 ids). */
async function withNames(db: Db, rows: RoRow[][]): Promise<ArchiveRo[][]> {
  const all = rows.flat();
  const vehicleIds = [...new Set(all.map((r) => r.vehicle_id))];
  const customerIds = [...new Set(all.map((r) => r.customer_id).filter((x): x is number => x !== null))];
  const vehicles = new Map<number, { plate: string | null; model: string }>();
  const customers = new Map<number, string>();
  for (const part of chunks(vehicleIds))
    for (const v of await db.selectFrom('vehicle').select(['id', 'plate', 'model']).where('id', 'in', part).execute())
      vehicles.set(v.id, v);
  for (const part of chunks(customerIds))
    for (const c of await db.selectFrom('customer').select(['id', 'name']).where('id', 'in', part).execute())
      customers.set(c.id, c.name);
  return rows.map((list) =>
    list.map((r) => {
      const v = vehicles.get(r.vehicle_id);
      return {
        id: r.id,
        roNumber: r.ro_number,
        vehicleId: r.vehicle_id,
        plate: v?.plate ?? null,
        model: v?.model ?? '',
        customerName: r.customer_id === null ? null : (customers.get(r.customer_id) ?? null),
        advisor: r.advisor_name,
        type: r.type as RoType,
        status: r.status as RoStatus,
        payer: r.payer as Payer,
        openedAt: r.opened_at,
        completedAt: r.completed_at,
        deliveredAt: r.delivered_at,
        settledAt: r.settled_at,
        mileageIn: r.mileage_in,
        laborFen: r.labor_fen,
        partsFen: r.parts_fen,
        totalFen: r.total_fen,
      };
    }),
  );
}

/** Counts the rows of an index range, stopping at `limit` (a probe: cost bounded by the limit). */
async function countUpTo(db: Db, column: 'completed_at' | 'opened_at', from: string, limit: number): Promise<number> {
  const r = await db
    .selectFrom((eb) => eb.selectFrom('repair_order').select('id').where(column, '>=', from).limit(limit).as('probe'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function countRange(db: Db, column: 'completed_at' | 'opened_at', op: '>=' | '<', value: string) {
  const r = await db
    .selectFrom('repair_order')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, op, value)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Below this many ROs completed after the day, they are simply read (the report of a recent day). */
const FEW_COMPLETED_AFTER = 2000;
/** Windows of opening dates tried, in days, before reading every RO completed after the day. */
const WINDOWS = [14, 92, 366];

/**
 * ROs opened before `next` and completed on or after it. For a recent day they are read straight
 * from the completed_at index. For an older day that range holds most of the archive, so the ROs
 * are looked for among those opened in a window of days before `next` (opened_at index), and the
 * window is proven complete by counting the whole set with two index-only counts:
 *   day in the second half of the archive:
 *     |set| = #(completed_at >= next) − #(opened_at >= next) + #(opened_at >= next, completed_at empty)
 *   day in the first half:
 *     |set| = #(opened_at < next) − #(completed_at < next) − #(opened_at < next, completed_at empty)
 * (both hold because an RO is never completed before it was opened, which the RO form enforces).
 * A longer-running RO outside the window makes the counts disagree: the window grows, and in the
 * end every RO completed after the day is read. The answer is exact either way.
 */
async function completedAfter(db: Db, next: string, firstOpened: string | null, few: number): Promise<RoRow[]> {
  const straight = () => rosQuery(db).where('completed_at', '>=', next).where('opened_at', '<', next).execute();
  if ((await countUpTo(db, 'completed_at', next, few + 1)) <= few) return straight();
  const last = await db
    .selectFrom('repair_order')
    .select((eb) => eb.fn.max('opened_at').as('last'))
    .executeTakeFirstOrThrow();
  const lastOpened = (last.last as string | null) ?? next;
  const first = firstOpened ?? next;
  const secondHalf = daysBetween(dateOf(first), next) >= daysBetween(next, dateOf(lastOpened));
  const notCompleted = db
    .selectFrom('repair_order')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('completed_at', 'is', null);
  let expected: number;
  if (secondHalf) {
    const [above, openedAfter, openAfter] = await Promise.all([
      countRange(db, 'completed_at', '>=', next),
      countRange(db, 'opened_at', '>=', next),
      notCompleted.where('opened_at', '>=', next).executeTakeFirstOrThrow(),
    ]);
    expected = above - openedAfter + Number(openAfter.n);
  } else {
    const [openedBefore, completedBefore, openBefore] = await Promise.all([
      countRange(db, 'opened_at', '<', next),
      countRange(db, 'completed_at', '<', next),
      notCompleted.where('opened_at', '<', next).executeTakeFirstOrThrow(),
    ]);
    expected = openedBefore - completedBefore - Number(openBefore.n);
  }
  for (const days of WINDOWS) {
    const found = await rosQuery(db)
      .where('opened_at', '>=', addDays(next, -days))
      .where('opened_at', '<', next)
      .where('completed_at', '>=', next)
      .execute();
    if (found.length === expected) return found;
  }
  return straight();
}

/**
 * In the workshop at the end of day D (next = D+1): opened before next and not finished before
 * next. "Finished" is completed_at; an RO without a completion time (the DMS import never carries
 * one) is finished at its delivery, else at its settlement: a car delivered on the 20th is not in
 * the workshop on the 22nd because its completion time was never keyed in. Four disjoint sets,
 * each on an index, so the answer is exact whatever the age of the RO:
 *   completed_at >= next                                                  (see completedAfter)
 *   completed_at IS NULL, delivered_at >= next                            (repair_order_delivered)
 *   completed_at IS NULL, delivered_at IS NULL, settled_at >= next        (repair_order_settled)
 *   completed_at IS NULL, delivered_at IS NULL, settled_at IS NULL        (repair_order_not_completed)
 * each with opened_at < next.
 */
async function inRepairRows(db: Db, next: string, firstOpened: string | null, few: number): Promise<RoRow[]> {
  const parts = await Promise.all([
    completedAfter(db, next, firstOpened, few),
    rosQuery(db)
      .where('completed_at', 'is', null)
      .where('delivered_at', '>=', next)
      .where('opened_at', '<', next)
      .execute(),
    rosQuery(db)
      .where('completed_at', 'is', null)
      .where('delivered_at', 'is', null)
      .where('settled_at', '>=', next)
      .where('opened_at', '<', next)
      .execute(),
    rosQuery(db)
      .where('completed_at', 'is', null)
      .where('delivered_at', 'is', null)
      .where('settled_at', 'is', null)
      .where('opened_at', '<', next)
      .execute(),
  ]);
  return parts.flat();
}

/**
 * The archive's ROs of the day; `firstOpened` is the archive's earliest opened_at (null when empty).
 * `few` (tests only) changes when ROs completed after the day are read straight.
 */
export async function dayRos(
  db: Db,
  date: string,
  firstOpened: string | null,
  few = FEW_COMPLETED_AFTER,
): Promise<DayRos> {
  const next = addDays(date, 1);
  const [opened, deliveredRows, settledRows, inRepair, completed] = await Promise.all([
    rosQuery(db).where('opened_at', '>=', date).where('opened_at', '<', next).execute(),
    rosQuery(db).where('delivered_at', '>=', date).where('delivered_at', '<', next).execute(),
    rosQuery(db).where('settled_at', '>=', date).where('settled_at', '<', next).execute(),
    inRepairRows(db, next, firstOpened, few),
    db
      .selectFrom('repair_order')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('completed_at', '>=', date)
      .where('completed_at', '<', next)
      .executeTakeFirstOrThrow(),
  ]);
  // Delivered: delivered_at on the day, or settled on the day without a delivery time.
  const delivered = [...deliveredRows, ...settledRows.filter((r) => r.delivered_at === null)];
  const [openedRos, inRepairRos, deliveredRos] = await withNames(db, [opened, inRepair, delivered]);
  return {
    opened: openedRos!,
    inRepair: inRepairRos!,
    delivered: deliveredRos!,
    completed: Number(completed.n),
    settled: settledRows.length,
  };
}

export function toPaperEntry(r: Selectable<DailyReportPaperEntryTable>): PaperEntry {
  return {
    id: r.id,
    date: r.day,
    roNumber: r.ro_number,
    plate: r.plate,
    customerName: r.customer_name,
    advisor: r.advisor_name,
    type: r.type as RoType,
    status: r.status as RoStatus,
    openedOn: r.opened_on,
    laborFen: r.labor_fen,
    partsFen: r.parts_fen,
    totalFen: r.total_fen,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function archiveRow(ro: ArchiveRo): ReportRoRow {
  return {
    roNumber: ro.roNumber,
    source: 'archive',
    repairOrderId: ro.id,
    paperEntryId: null,
    plate: ro.plate,
    customerName: ro.customerName,
    model: ro.model,
    advisor: ro.advisor,
    type: ro.type,
    status: ro.status,
    payer: ro.payer,
    openedAt: ro.openedAt,
    completedAt: ro.completedAt,
    deliveredAt: ro.deliveredAt,
    settledAt: ro.settledAt,
    mileageIn: ro.mileageIn,
    laborFen: ro.laborFen,
    partsFen: ro.partsFen,
    totalFen: ro.totalFen,
  };
}

/** A paper entry has a date of opening and a status, no times. */
function paperRow(p: PaperEntry): ReportRoRow {
  return {
    roNumber: p.roNumber,
    source: 'paper',
    repairOrderId: null,
    paperEntryId: p.id,
    plate: p.plate,
    customerName: p.customerName === '' ? null : p.customerName,
    model: '',
    advisor: p.advisor,
    type: p.type,
    status: p.status,
    payer: 'customer',
    openedAt: p.openedOn,
    completedAt: null,
    deliveredAt: null,
    settledAt: null,
    mileageIn: null,
    laborFen: p.laborFen,
    partsFen: p.partsFen,
    totalFen: p.totalFen,
  };
}

function byRoNumber(a: ReportRoRow, b: ReportRoRow): number {
  if (a.roNumber !== b.roNumber) return a.roNumber < b.roNumber ? -1 : 1;
  return a.source === b.source ? 0 : a.source === 'archive' ? -1 : 1;
}

function zeroMoney(): MoneyTotals {
  return { laborFen: 0, partsFen: 0, totalFen: 0 };
}

function addMoney(into: MoneyTotals, row: ReportRoRow): void {
  into.laborFen += row.laborFen;
  into.partsFen += row.partsFen;
  into.totalFen += row.totalFen;
}

/** Puts the archive rows and the paper entries together into the day's figures. */
export function buildFigures(
  date: string,
  ros: DayRos,
  paper: PaperEntry[],
  reconciliation: ReconciliationSummary,
): DailyReportFigures {
  const paperOpened = paper.filter((p) => p.openedOn === date).map(paperRow);
  const paperInRepair = paper.filter((p) => p.status === 'in_repair').map(paperRow);
  const paperDelivered = paper.filter((p) => p.status === 'delivered' || p.status === 'settled').map(paperRow);
  const opened = [...ros.opened.map(archiveRow), ...paperOpened].sort(byRoNumber);
  const inRepair = [...ros.inRepair.map(archiveRow), ...paperInRepair].sort(byRoNumber);
  const delivered = [...ros.delivered.map(archiveRow), ...paperDelivered].sort(byRoNumber);

  const advisors = new Map<string, AdvisorFigures>();
  const advisor = (name: string) => {
    let a = advisors.get(name);
    if (!a) {
      a = { advisor: name, opened: 0, inRepair: 0, delivered: 0, ...zeroMoney() };
      advisors.set(name, a);
    }
    return a;
  };
  const types = new Map<RoType, TypeFigures>(
    RO_TYPES.map((type) => [type, { type, opened: 0, inRepair: 0, delivered: 0, ...zeroMoney() }]),
  );
  const totals = zeroMoney();
  for (const row of opened) {
    advisor(row.advisor).opened++;
    types.get(row.type)!.opened++;
  }
  for (const row of inRepair) {
    advisor(row.advisor).inRepair++;
    types.get(row.type)!.inRepair++;
  }
  for (const row of delivered) {
    const a = advisor(row.advisor);
    const t = types.get(row.type)!;
    a.delivered++;
    t.delivered++;
    addMoney(a, row);
    addMoney(t, row);
    addMoney(totals, row);
  }
  const byAdvisor = [...advisors.values()].sort((a, b) => {
    if (a.advisor === b.advisor) return 0;
    if (a.advisor === '') return 1;
    if (b.advisor === '') return -1;
    return a.advisor < b.advisor ? -1 : 1;
  });
  const paperShown = new Set(
    [...paperOpened, ...paperInRepair, ...paperDelivered].map((r) => r.paperEntryId).filter((x) => x !== null),
  );

  return {
    date,
    opened: opened.length,
    inRepair: inRepair.length,
    completed: ros.completed,
    delivered: delivered.length,
    settled: ros.settled,
    firstService: opened.filter((r) => r.type === 'first_service').length,
    comebacks: opened.filter((r) => r.type === 'comeback').length,
    paperEntries: paperShown.size,
    byAdvisor,
    byType: RO_TYPES.map((type) => types.get(type)!),
    totals,
    sections: { opened, inRepair, delivered },
    reconciliation,
  };
}
