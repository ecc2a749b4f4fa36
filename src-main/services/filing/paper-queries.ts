import type {
  Binder,
  BinderScheme,
  BinderState,
  DocSubject,
  FilingSettings,
  Loan,
  Paper,
  PaperState,
  ScanInfo,
  ScanMime,
} from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import { kindOf, readFilingSettings } from './filing-settings';
import { binderTitle } from './required-papers';

/**
 * The ONE place papers, binders and loans are read and mapped to domain types (归档). Every
 * service of the area (filing, hand-over, loans, scans, missing, retention) reads through here, so
 * a Paper looks the same wherever it comes from. A few statements per call, never one per paper:
 * the papers with their RO, vehicle, customer and binder; then their scans; then the open loans.
 */

// ---- binders ----

export interface BinderFilter {
  ids?: readonly number[];
  scheme?: BinderScheme;
  series?: string;
  month?: string;
  state?: BinderState | 'all';
  vehicleId?: number;
  /** For Loan.overdue (absent: never overdue). */
  today?: string;
}

const bindersQuery = (db: Db) =>
  db
    .selectFrom('binder as b')
    .leftJoin('vehicle as bv', 'bv.id', 'b.vehicle_id')
    .selectAll('b')
    .select(['bv.plate as bag_plate', 'bv.vin as bag_vin'])
    .select((eb) =>
      eb
        .selectFrom('paper as bp')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('bp.binder_id', '=', 'b.id')
        .where('bp.state', '=', 'filed')
        .as('paper_count'),
    );
type BinderRecord = Awaited<ReturnType<ReturnType<typeof bindersQuery>['executeTakeFirstOrThrow']>>;

/** A series' label (its key when the series was dropped from the settings). */
export function seriesLabel(settings: FilingSettings, key: string | null): string | null {
  if (key === null) return null;
  return settings.series.find((s) => s.key === key)?.label ?? key;
}

/** The title of a binder row (当月修理单 2026-11 第1册 / 车辆档案 京A12345). */
export function titleOf(
  settings: FilingSettings,
  b: { scheme: string; series: string | null; month: string | null; volume: number },
  plate: string | null,
  vin: string | null,
): string {
  return binderTitle({
    scheme: b.scheme,
    seriesLabel: seriesLabel(settings, b.series),
    month: b.month,
    volume: b.volume,
    plate,
    vin,
  });
}

function toBinder(settings: FilingSettings, r: BinderRecord, loan: Loan | null): Binder {
  return {
    id: r.id,
    scheme: r.scheme as BinderScheme,
    series: r.series,
    month: r.month,
    volume: r.volume,
    vehicleId: r.vehicle_id,
    plate: r.bag_plate ?? null,
    vin: r.bag_vin ?? null,
    title: titleOf(settings, r, r.bag_plate ?? null, r.bag_vin ?? null),
    shelf: r.shelf,
    state: r.state as BinderState,
    capacity: r.capacity,
    positions: r.positions,
    papers: Number(r.paper_count ?? 0),
    boundAt: r.bound_at,
    boundBy: r.bound_by,
    sentOn: r.sent_on,
    sentTo: r.sent_to,
    sentBy: r.sent_by,
    destroyedAt: r.destroyed_at,
    loan,
    version: r.version,
  };
}

/** Binders, newest month first (then series, volume); a vehicle bag list by plate. */
export async function readBinders(db: Db, settings: FilingSettings, filter: BinderFilter = {}): Promise<Binder[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  let q = bindersQuery(db);
  if (filter.ids) q = q.where('b.id', 'in', [...filter.ids]);
  if (filter.scheme) q = q.where('b.scheme', '=', filter.scheme);
  if (filter.series !== undefined) q = q.where('b.series', '=', filter.series);
  if (filter.month !== undefined) q = q.where('b.month', '=', filter.month);
  if (filter.state && filter.state !== 'all') q = q.where('b.state', '=', filter.state);
  if (filter.vehicleId !== undefined) q = q.where('b.vehicle_id', '=', filter.vehicleId);
  const rows = await q
    .orderBy('b.month', 'desc')
    .orderBy('b.series')
    .orderBy('b.volume')
    .orderBy('bv.plate')
    .orderBy('b.id')
    .execute();
  const loans = await openLoansOf(db, settings, { binderIds: rows.map((r) => r.id) }, filter.today);
  const byBinder = new Map<number, Loan>();
  for (const l of loans) if (l.binderId !== null) byBinder.set(l.binderId, l);
  return rows.map((r) => toBinder(settings, r, byBinder.get(r.id) ?? null));
}

export async function readBinder(db: Db, settings: FilingSettings, id: number, today?: string): Promise<Binder> {
  const [b] = await readBinders(db, settings, { ids: [id], today });
  if (!b) throw AppError.notFound('资料夹', id);
  return b;
}

// ---- papers ----

export interface PaperFilter {
  ids?: readonly number[];
  /**
   * The subject: papers of any of these ROs, vehicles or customers (the three are OR'd: a
   * vehicle's papers and its ROs' papers in one call). A paper belongs to a vehicle when its own
   * vehicle_id or its RO's vehicle is one of them; to a customer likewise.
   */
  roIds?: readonly number[];
  vehicleIds?: readonly number[];
  customerIds?: readonly number[];
  binderId?: number;
  handoverIds?: readonly number[];
  states?: readonly PaperState[];
  kinds?: readonly string[];
  /** For Loan.overdue (absent: never overdue). */
  today?: string;
  /** position: binder order; received: oldest received first; docDate: newest paper first (default). */
  order?: 'position' | 'received' | 'docDate';
  limit?: number;
}

const papersQuery = (db: Db) =>
  db
    .selectFrom('paper as p')
    .leftJoin('repair_order as r', 'r.id', 'p.ro_id')
    .leftJoin('vehicle as v', (j) => j.on((eb) => eb('v.id', '=', eb.fn.coalesce('p.vehicle_id', 'r.vehicle_id'))))
    .leftJoin('customer as c', (j) =>
      j.on((eb) => eb('c.id', '=', eb.fn.coalesce('p.customer_id', 'r.customer_id', 'v.owner_id'))),
    )
    .leftJoin('binder as b', 'b.id', 'p.binder_id')
    .leftJoin('vehicle as bv', 'bv.id', 'b.vehicle_id')
    .selectAll('p')
    .select([
      'r.ro_number as ro_number',
      'v.id as v_id',
      'v.plate as v_plate',
      'v.vin as v_vin',
      'c.id as c_id',
      'c.name as c_name',
      'b.scheme as b_scheme',
      'b.series as b_series',
      'b.month as b_month',
      'b.volume as b_volume',
      'b.shelf as b_shelf',
      'bv.plate as bag_plate',
      'bv.vin as bag_vin',
    ]);
type PaperRecord = Awaited<ReturnType<ReturnType<typeof papersQuery>['executeTakeFirstOrThrow']>>;

function subjectOf(settings: FilingSettings, r: Pick<PaperRecord, 'kind' | 'ro_id' | 'vehicle_id'>): DocSubject {
  const k = kindOf(settings, r.kind);
  if (k) return k.subject;
  return r.ro_id !== null ? 'ro' : r.vehicle_id !== null ? 'vehicle' : 'customer';
}

function toPaper(settings: FilingSettings, r: PaperRecord, scans: ScanInfo[], loan: Loan | null): Paper {
  const binderTitleText =
    r.binder_id !== null && r.b_scheme
      ? titleOf(
          settings,
          { scheme: r.b_scheme, series: r.b_series, month: r.b_month, volume: r.b_volume ?? 1 },
          r.bag_plate,
          r.bag_vin,
        )
      : null;
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: kindOf(settings, r.kind)?.label ?? r.kind,
    subject: subjectOf(settings, r),
    roId: r.ro_id,
    roNumber: r.ro_number,
    vehicleId: r.v_id,
    plate: r.v_plate,
    vin: r.v_vin,
    customerId: r.c_id,
    customerName: r.c_name,
    docDate: r.doc_date,
    receivedOn: r.received_on,
    receivedFrom: r.received_from,
    handoverId: r.handover_id,
    state: r.state as PaperState,
    binderId: r.binder_id,
    binderTitle: binderTitleText,
    month: r.binder_id !== null ? (r.b_month ?? r.doc_date.slice(0, 7)) : null,
    position: r.position,
    shelf: r.b_shelf,
    filedAt: r.filed_at,
    filedBy: r.filed_by,
    keepForever: r.keep_forever === 1,
    note: r.note,
    scans,
    loan,
    version: r.version,
  };
}

/** Papers with their scans and open loan (the paper's own, else its binder's), in one mapping. */
export async function readPapers(db: Db, settings: FilingSettings, filter: PaperFilter = {}): Promise<Paper[]> {
  const empty = (xs?: readonly unknown[]) => xs !== undefined && xs.length === 0;
  if (empty(filter.ids) || empty(filter.states) || empty(filter.kinds) || empty(filter.handoverIds)) return [];
  const subjects = [filter.roIds, filter.vehicleIds, filter.customerIds].filter((x) => x !== undefined);
  if (subjects.length > 0 && subjects.every((x) => x.length === 0)) return [];

  let q = papersQuery(db);
  if (filter.ids) q = q.where('p.id', 'in', [...filter.ids]);
  if (filter.binderId !== undefined) q = q.where('p.binder_id', '=', filter.binderId);
  if (filter.handoverIds) q = q.where('p.handover_id', 'in', [...filter.handoverIds]);
  if (filter.states) q = q.where('p.state', 'in', [...filter.states]);
  if (filter.kinds) q = q.where('p.kind', 'in', [...filter.kinds]);
  if (subjects.length > 0) {
    const roIds = filter.roIds ?? [];
    const vehicleIds = filter.vehicleIds ?? [];
    const customerIds = filter.customerIds ?? [];
    q = q.where((eb) => {
      const ors = [];
      if (roIds.length > 0) ors.push(eb('p.ro_id', 'in', [...roIds]));
      if (vehicleIds.length > 0) {
        ors.push(eb('p.vehicle_id', 'in', [...vehicleIds]));
        ors.push(eb('r.vehicle_id', 'in', [...vehicleIds]));
      }
      if (customerIds.length > 0) {
        ors.push(eb('p.customer_id', 'in', [...customerIds]));
        ors.push(eb('r.customer_id', 'in', [...customerIds]));
        ors.push(eb('v.owner_id', 'in', [...customerIds]));
      }
      return eb.or(ors);
    });
  }
  switch (filter.order) {
    case 'position':
      q = q.orderBy('p.binder_id').orderBy('p.position').orderBy('p.id');
      break;
    case 'received':
      q = q.orderBy('p.received_on').orderBy('p.id');
      break;
    default:
      q = q.orderBy('p.doc_date', 'desc').orderBy('p.id', 'desc');
  }
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  const rows = await q.execute();
  if (rows.length === 0) return [];

  const ids = rows.map((r) => r.id);
  const scans = await scansOf(db, ids);
  const binderIds = [...new Set(rows.map((r) => r.binder_id).filter((x): x is number => x !== null))];
  const loans = await openLoansOf(db, settings, { paperIds: ids, binderIds }, filter.today);
  const paperLoan = new Map<number, Loan>();
  const binderLoan = new Map<number, Loan>();
  for (const l of loans) {
    if (l.paperId !== null) paperLoan.set(l.paperId, l);
    if (l.binderId !== null) binderLoan.set(l.binderId, l);
  }
  return rows.map((r) =>
    toPaper(
      settings,
      r,
      scans.get(r.id) ?? [],
      paperLoan.get(r.id) ?? (r.binder_id !== null ? (binderLoan.get(r.binder_id) ?? null) : null),
    ),
  );
}

/** One paper (NOT_FOUND naming the id when there is none). Settings are read when not given. */
export async function readPaper(
  db: Db,
  id: number,
  options: { settings?: FilingSettings; today?: string } = {},
): Promise<Paper> {
  const settings = options.settings ?? (await readFilingSettings(db));
  const [paper] = await readPapers(db, settings, { ids: [id], today: options.today });
  if (!paper) throw AppError.notFound('资料', id);
  return paper;
}

/** The scans attached to the papers (not discarded), oldest first. */
export async function scansOf(db: Db, paperIds: readonly number[]): Promise<Map<number, ScanInfo[]>> {
  const out = new Map<number, ScanInfo[]>();
  if (paperIds.length === 0) return out;
  const rows = await db
    .selectFrom('scan as s')
    .innerJoin('scan_blob as sb', 'sb.sha256', 's.sha256')
    .select(['s.id', 's.paper_id', 's.sha256', 'sb.mime', 'sb.bytes', 's.original_name', 's.added_at', 's.added_by'])
    .where('s.paper_id', 'in', [...paperIds])
    .where('s.removed_at', 'is', null)
    .orderBy('s.added_at')
    .orderBy('s.id')
    .execute();
  for (const r of rows) {
    if (r.paper_id === null) continue;
    const list = out.get(r.paper_id) ?? [];
    list.push(toScanInfo(r));
    out.set(r.paper_id, list);
  }
  return out;
}

export function toScanInfo(r: {
  id: number;
  sha256: string;
  mime: string;
  bytes: number;
  original_name: string;
  added_at: string;
  added_by: string;
}): ScanInfo {
  return {
    id: r.id,
    sha256: r.sha256,
    mime: r.mime as ScanMime,
    bytes: r.bytes,
    originalName: r.original_name,
    addedAt: r.added_at,
    addedBy: r.added_by,
  };
}

// ---- loans ----

export interface LoanFilter {
  ids?: readonly number[];
  paperIds?: readonly number[];
  binderIds?: readonly number[];
  /** open: not returned; overdue: not returned and due before `today`; all (default). */
  state?: 'open' | 'overdue' | 'all';
  /** Today (the store's): decides overdue. Absent: never overdue. */
  today?: string;
}

const loansQuery = (db: Db) =>
  db
    .selectFrom('loan as l')
    .leftJoin('paper as p', 'p.id', 'l.paper_id')
    .leftJoin('repair_order as r', 'r.id', 'p.ro_id')
    .leftJoin('vehicle as v', (j) => j.on((eb) => eb('v.id', '=', eb.fn.coalesce('p.vehicle_id', 'r.vehicle_id'))))
    .leftJoin('binder as b', (j) => j.on((eb) => eb('b.id', '=', eb.fn.coalesce('l.binder_id', 'p.binder_id'))))
    .leftJoin('vehicle as bv', 'bv.id', 'b.vehicle_id')
    .selectAll('l')
    .select([
      'p.kind as p_kind',
      'r.ro_number as ro_number',
      'v.plate as v_plate',
      'v.vin as v_vin',
      'b.scheme as b_scheme',
      'b.series as b_series',
      'b.month as b_month',
      'b.volume as b_volume',
      'bv.plate as bag_plate',
      'bv.vin as bag_vin',
    ]);
type LoanRecord = Awaited<ReturnType<ReturnType<typeof loansQuery>['executeTakeFirstOrThrow']>>;

function toLoan(settings: FilingSettings, r: LoanRecord, today: string | undefined): Loan {
  const title = r.b_scheme
    ? titleOf(
        settings,
        { scheme: r.b_scheme, series: r.b_series, month: r.b_month, volume: r.b_volume ?? 1 },
        r.bag_plate,
        r.bag_vin,
      )
    : null;
  let what: string;
  if (r.paper_id !== null) {
    const label = r.p_kind ? (kindOf(settings, r.p_kind)?.label ?? r.p_kind) : '资料';
    const head = [r.ro_number, r.v_plate ?? r.v_vin, label].filter((x) => x).join(' ');
    what = title ? `${head} · ${title}` : head;
  } else {
    what = title ?? `资料夹 ${r.binder_id}`;
  }
  return {
    id: r.id,
    paperId: r.paper_id,
    binderId: r.binder_id,
    what,
    borrower: r.borrower,
    reason: r.reason,
    lentAt: r.lent_at,
    lentBy: r.lent_by,
    dueOn: r.due_on,
    returnedAt: r.returned_at,
    returnedBy: r.returned_by,
    overdue: r.returned_at === null && today !== undefined && r.due_on < today,
  };
}

/** Loans, newest first. */
export async function readLoans(db: Db, settings: FilingSettings, filter: LoanFilter = {}): Promise<Loan[]> {
  if (filter.ids?.length === 0) return [];
  let q = loansQuery(db);
  if (filter.ids) q = q.where('l.id', 'in', [...filter.ids]);
  const paperIds = filter.paperIds ?? [];
  const binderIds = filter.binderIds ?? [];
  if (filter.paperIds !== undefined || filter.binderIds !== undefined) {
    if (paperIds.length === 0 && binderIds.length === 0) return [];
    q = q.where((eb) =>
      eb.or([
        ...(paperIds.length > 0 ? [eb('l.paper_id', 'in', [...paperIds])] : []),
        ...(binderIds.length > 0 ? [eb('l.binder_id', 'in', [...binderIds])] : []),
      ]),
    );
  }
  if (filter.state === 'open' || filter.state === 'overdue') q = q.where('l.returned_at', 'is', null);
  if (filter.state === 'overdue') {
    if (filter.today === undefined) return [];
    q = q.where('l.due_on', '<', filter.today);
  }
  const rows = await q.orderBy('l.lent_at', 'desc').orderBy('l.id', 'desc').execute();
  return rows.map((r) => toLoan(settings, r, filter.today));
}

export async function readLoan(db: Db, settings: FilingSettings, id: number, today?: string): Promise<Loan> {
  const [loan] = await readLoans(db, settings, { ids: [id], today });
  if (!loan) throw AppError.notFound('借阅记录', id);
  return loan;
}

/** The open loans of the papers and binders (at most one each: unique indexes). */
function openLoansOf(
  db: Db,
  settings: FilingSettings,
  of: { paperIds?: readonly number[]; binderIds?: readonly number[] },
  today: string | undefined,
): Promise<Loan[]> {
  if ((of.paperIds ?? []).length === 0 && (of.binderIds ?? []).length === 0) return Promise.resolve([]);
  return readLoans(db, settings, { ...of, state: 'open', today });
}
