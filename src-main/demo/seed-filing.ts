import type BetterSqlite3 from 'better-sqlite3';
import type { RoType } from '../../src-shared/domain/enums';
import { DEFAULT_FILING_SETTINGS, type FilingSettings } from '../../src-shared/domain/filing';
import { addDays } from '../../src-shared/validation/dates';
import { FILING_SETTINGS_KEY } from '../services/filing/filing-settings';
import { isMajorRepair } from '../services/filing/required-papers';
import { shiftMonth } from '../services/lost-customers/churn';
import { ADVISOR_NAMES, MANAGER_NAME } from './catalog';
import type { Rng } from './prng';

/**
 * 归档 demo data (issue 13): the papers a clerk has filed over the last months, written with raw
 * prepared statements like the rest of the seeder (the caller's transaction; no audit entries).
 * Follows the filing model (src-main/db/migrations/202612031500_filing.ts):
 * - ~90% of the settled ROs have their RO sheet, consultation and settlement sheet filed (a few
 *   nothing, a few one sheet short); ~85% of the major ones (body/paint, insurance, ≥ 8 labour
 *   hours) also the inspection sheet and certificate copy; ~90% of warranty ROs their claim papers;
 * - into the monthly binders of their settlement month (当月修理单 YYYY-MM 第N册), the papers of
 *   one RO sharing one position, the next volume opened when one is full (capacity);
 * - the sales hand-over: 保修登记表 and PDI检查单 of ~80% of the vehicles delivered, handed over a
 *   few days after delivery, one hand-over a day, filed into the 保修登记/PDI binders;
 * - the month of `until` open, the month before bound, older months sent to the service centre;
 * - 电子健康档案 uploads of most settled ROs (some late, some not yet);
 * - with `scene`: one binder and two papers on loan (one overdue), one loan returned, and the
 *   latest hand-over received but not filed yet (the counter's morning).
 * RO papers carry the RO's vehicle and customer, vehicle papers the vehicle only (as
 * FilingService.subjectFor files them). No scans (no binary files in the demo). Deterministic
 * given the Rng.
 */
export interface FilingDataOptions {
  rng: Rng;
  /** The last day with ROs (the store's yesterday). */
  until: string;
  /** The first month with papers (YYYY-MM). */
  fromMonth: string;
  /** The last month written (default: the month of `until`). */
  toMonth?: string;
  /** The filing rules' start: checkFrom is set to the first day of this month (default: fromMonth). */
  checkFromMonth?: string;
  /** Loans and the hand-over not filed yet (the demo's counter). */
  scene: boolean;
}

export interface FilingDataSummary {
  papers: number;
  binders: number;
  handovers: number;
  loans: number;
  healthUploads: number;
}

/** The sales staff handing over warranty registrations and PDI sheets. */
export const SALES_NAMES = ['周明', '吴婷', '郑凯', '冯雪'] as const;
export const SERVICE_CENTRE = '服务中心';

const ZONE_MS = 8 * 3_600_000;

function lastDayOf(month: string): string {
  return addDays(`${shiftMonth(month, 1)}-01`, -1);
}

/** The store's local instant (+08:00, like the seeder) of a day and a second of that day. */
function at(day: string, second: number): string {
  const s = Math.max(0, Math.min(86_399, Math.round(second)));
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${day}T${hh}:${mm}:${ss}+08:00`;
}

function secondOf(instant: string): number {
  return Number(instant.slice(11, 13)) * 3600 + Number(instant.slice(14, 16)) * 60 + Number(instant.slice(17, 19));
}

function plusHours(instant: string, hours: number): string {
  const local = new Date(Date.parse(instant) + hours * 3_600_000 + ZONE_MS).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}

interface PlannedBinder {
  id: number;
  series: string;
  month: string;
  volume: number;
  shelf: string;
  capacity: number;
  positions: number;
  firstAt: string;
  lastAt: string;
}

interface PlannedPaper {
  kind: string;
  roId: number | null;
  vehicleId: number | null;
  customerId: number | null;
  docDate: string;
  receivedOn: string;
  receivedFrom: string;
  handoverId: number | null;
  binder: PlannedBinder | null;
  position: number | null;
  filedAt: string | null;
  createdAt: string;
}

export function writeFilingData(sqlite: BetterSqlite3.Database, options: FilingDataOptions): FilingDataSummary {
  const { rng, until } = options;
  const untilMonth = until.slice(0, 7);
  const toMonth = options.toMonth ?? untilMonth;
  const from = `${options.fromMonth}-01`;
  const to = toMonth < untilMonth ? lastDayOf(toMonth) : until;
  const settings: FilingSettings = {
    ...DEFAULT_FILING_SETTINGS,
    checkFrom: `${options.checkFromMonth ?? options.fromMonth}-01`,
  };
  const clerk =
    (sqlite
      .prepare(
        "SELECT name FROM app_user WHERE is_active = 1 AND role IN ('clerk', 'admin') ORDER BY role = 'clerk' DESC, id LIMIT 1",
      )
      .pluck()
      .get() as string | undefined) ?? '信息员';

  // The settings: the defaults with the day filing began here (the rest follows the defaults).
  const saved = sqlite.prepare('SELECT value FROM app_setting WHERE key = ?').pluck().get(FILING_SETTINGS_KEY) as
    | string
    | undefined;
  const value = JSON.stringify({ ...(saved ? JSON.parse(saved) : {}), checkFrom: settings.checkFrom });
  sqlite
    .prepare(
      'INSERT INTO app_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(FILING_SETTINGS_KEY, value);

  const seriesOf = (key: string) => settings.series.find((s) => s.key === key)!;
  /** A binder month's last day for filing: closed months were bound on the 2nd of the next month. */
  const boundDay = (month: string) =>
    month < untilMonth ? minDay(addDays(`${shiftMonth(month, 1)}-01`, 1), until) : null;
  const binders: PlannedBinder[] = [];
  const current = new Map<string, PlannedBinder>();
  /** The binder (and position) for a subject's papers filed at `filedAt`: a new volume when full. */
  const place = (series: string, month: string, filedAt: string): { binder: PlannedBinder; position: number } => {
    const key = `${series}|${month}`;
    let binder = current.get(key);
    if (!binder || binder.positions >= binder.capacity) {
      const s = seriesOf(series);
      binder = {
        id: 0,
        series,
        month,
        volume: (binder?.volume ?? 0) + 1,
        shelf: s.shelf,
        capacity: s.capacity,
        positions: 0,
        firstAt: filedAt,
        lastAt: filedAt,
      };
      current.set(key, binder);
      binders.push(binder);
    }
    binder.positions += 1;
    if (filedAt < binder.firstAt) binder.firstAt = filedAt;
    if (filedAt > binder.lastAt) binder.lastAt = filedAt;
    return { binder, position: binder.positions };
  };

  // ---- RO papers: the ROs settled in the period ----
  const ros = sqlite
    .prepare(
      `SELECT r.id, r.type, r.vehicle_id, r.customer_id, r.settled_at,
         coalesce((SELECT sum(l.hours) FROM ro_labor_line l WHERE l.ro_id = r.id), 0) AS hours
       FROM repair_order r
       WHERE r.status = 'settled' AND r.settled_at >= ? AND r.settled_at < ?
       ORDER BY r.settled_at, r.id`,
    )
    .all(from, addDays(to, 1)) as {
    id: number;
    type: RoType;
    vehicle_id: number;
    customer_id: number | null;
    settled_at: string;
    hours: number;
  }[];
  const roFilings: { ro: (typeof ros)[number]; kinds: string[]; claim: boolean; filedAt: string; day: string }[] = [];
  for (const ro of ros) {
    const settledOn = ro.settled_at.slice(0, 10);
    const roll = rng.next();
    const base = ['ro_sheet', 'consultation', 'settlement'];
    let kinds: string[];
    if (roll < 0.9) kinds = base;
    else if (roll < 0.95) kinds = [];
    else kinds = base.filter((k) => k !== rng.pick(base));
    if (kinds.length > 0 && isMajorRepair(settings, { type: ro.type, laborHours: ro.hours })) {
      const r = rng.next();
      if (r < 0.85) kinds = [...kinds, 'inspection', 'certificate'];
      else if (r < 0.93) kinds = [...kinds, 'inspection'];
    }
    const claim = ro.type === 'warranty' && rng.chance(0.9);
    const delay = rng.chance(0.6) ? 0 : rng.chance(0.65) ? 1 : rng.chance(0.6) ? 2 : rng.int(3, 5);
    let day = addDays(settledOn, delay);
    const bound = boundDay(settledOn.slice(0, 7));
    if (bound !== null && day > bound) day = bound;
    if (day > until || (kinds.length === 0 && !claim)) continue; // not filed yet
    const second =
      day === settledOn
        ? Math.max(secondOf(ro.settled_at) + 600, 9 * 3600) + rng.int(0, 60) * 60
        : 9 * 3600 + rng.int(0, 8 * 60) * 60;
    roFilings.push({ ro, kinds, claim, filedAt: at(day, Math.min(second, 18 * 3600 + 20 * 60)), day });
  }
  roFilings.sort((a, b) => (a.filedAt < b.filedAt ? -1 : a.filedAt > b.filedAt ? 1 : a.ro.id - b.ro.id));
  const papers: PlannedPaper[] = [];
  for (const f of roFilings) {
    const docDate = f.ro.settled_at.slice(0, 10);
    const paper = (kind: string, binder: PlannedBinder, position: number): PlannedPaper => ({
      kind,
      roId: f.ro.id,
      vehicleId: f.ro.vehicle_id,
      customerId: f.ro.customer_id,
      docDate,
      receivedOn: f.day,
      receivedFrom: '',
      handoverId: null,
      binder,
      position,
      filedAt: f.filedAt,
      createdAt: f.filedAt,
    });
    if (f.kinds.length > 0) {
      const { binder, position } = place('repair', docDate.slice(0, 7), f.filedAt);
      for (const kind of f.kinds) papers.push(paper(kind, binder, position));
    }
    if (f.claim) {
      const { binder, position } = place('warranty', docDate.slice(0, 7), f.filedAt);
      papers.push(paper('warranty_claim', binder, position));
    }
  }

  // ---- the sales hand-over: vehicles delivered in the period ----
  const delivered = sqlite
    .prepare(
      `SELECT id, delivery_date FROM vehicle WHERE delivery_date >= ? AND delivery_date <= ?
       ORDER BY delivery_date, id`,
    )
    .all(from, to) as { id: number; delivery_date: string }[];
  const byDay = new Map<string, { id: number; kinds: string[] }[]>();
  for (const v of delivered) {
    if (!rng.chance(0.8)) continue;
    const handedOn = addDays(v.delivery_date, rng.int(1, 6));
    const kinds = rng.chance(0.95) ? ['warranty_registration', 'pdi'] : ['warranty_registration'];
    if (handedOn > to) continue; // not handed over yet
    const list = byDay.get(handedOn) ?? [];
    list.push({ id: v.id, kinds });
    byDay.set(handedOn, list);
  }
  const handoverDays = [...byDay.keys()].sort();
  const unfiledDay =
    options.scene && handoverDays.length > 0 && handoverDays.at(-1)! >= addDays(until, -1)
      ? handoverDays.at(-1)!
      : null;
  const insertHandover = sqlite.prepare(
    `INSERT INTO handover (handed_by, handed_on, received_by, note, created_at) VALUES (?, ?, ?, '', ?)`,
  );
  for (const day of handoverDays) {
    const handedBy = rng.pick(SALES_NAMES);
    const createdAt = at(day, 15 * 3600 + rng.int(0, 150) * 60);
    const handoverId = Number(insertHandover.run(handedBy, day, clerk, createdAt).lastInsertRowid);
    const filedAt = plusHours(createdAt, 0.25);
    for (const v of byDay.get(day)!) {
      const spot = day === unfiledDay ? null : place('sales', day.slice(0, 7), filedAt);
      for (const kind of v.kinds)
        papers.push({
          kind,
          roId: null,
          vehicleId: v.id,
          customerId: null,
          docDate: day,
          receivedOn: day,
          receivedFrom: handedBy,
          handoverId,
          binder: spot?.binder ?? null,
          position: spot?.position ?? null,
          filedAt: spot ? filedAt : null,
          createdAt,
        });
    }
  }

  // ---- binders: open, bound (the month before), sent (older) ----
  const insertBinder = sqlite.prepare(
    `INSERT INTO binder (scheme, series, month, volume, vehicle_id, shelf, state, capacity, positions, bound_at, bound_by,
       sent_on, sent_to, sent_by, destroyed_at, created_at, updated_at, version)
     VALUES ('monthly', @series, @month, @volume, NULL, @shelf, @state, @capacity, @positions, @boundAt, @boundBy,
       @sentOn, @sentTo, @sentBy, NULL, @createdAt, @updatedAt, 1)`,
  );
  for (const b of binders) {
    const bound = boundDay(b.month);
    const boundAt = bound === null ? null : at(bound, 18 * 3600 + 30 * 60);
    const sentOn =
      b.month < shiftMonth(untilMonth, -1) ? minDay(addDays(`${shiftMonth(b.month, 1)}-01`, 9), until) : null;
    b.id = Number(
      insertBinder.run({
        series: b.series,
        month: b.month,
        volume: b.volume,
        shelf: b.shelf,
        state: sentOn ? 'sent' : boundAt ? 'bound' : 'open',
        capacity: b.capacity,
        positions: b.positions,
        boundAt,
        boundBy: boundAt ? clerk : null,
        sentOn,
        sentTo: sentOn ? SERVICE_CENTRE : null,
        sentBy: sentOn ? clerk : null,
        createdAt: b.firstAt,
        updatedAt: sentOn ? at(sentOn, 10 * 3600) : (boundAt ?? b.lastAt),
      }).lastInsertRowid,
    );
  }

  const insertPaper = sqlite.prepare(
    `INSERT INTO paper (kind, ro_id, vehicle_id, customer_id, doc_date, received_on, received_from, handover_id, state,
       binder_id, position, filed_at, filed_by, keep_forever, note, created_at, created_by, updated_at, version)
     VALUES (@kind, @roId, @vehicleId, @customerId, @docDate, @receivedOn, @receivedFrom, @handoverId, @state,
       @binderId, @position, @filedAt, @filedBy, 0, '', @createdAt, @createdBy, @updatedAt, 1)`,
  );
  const paperIds: number[] = [];
  for (const p of papers) {
    paperIds.push(
      Number(
        insertPaper.run({
          kind: p.kind,
          roId: p.roId,
          vehicleId: p.vehicleId,
          customerId: p.customerId,
          docDate: p.docDate,
          receivedOn: p.receivedOn,
          receivedFrom: p.receivedFrom,
          handoverId: p.handoverId,
          state: p.binder ? 'filed' : 'received',
          binderId: p.binder?.id ?? null,
          position: p.position,
          filedAt: p.filedAt,
          filedBy: p.filedAt ? clerk : null,
          createdAt: p.createdAt,
          createdBy: clerk,
          updatedAt: p.filedAt ?? p.createdAt,
        }).lastInsertRowid,
      ),
    );
  }

  // ---- 电子健康档案: most uploaded within a day (the DMS export says so), some late, some not ----
  const endOfUntil = at(until, 86_399);
  const insertUpload = sqlite.prepare(
    'INSERT INTO health_upload (ro_id, uploaded_at, source, marked_by) VALUES (?, ?, ?, ?)',
  );
  let healthUploads = 0;
  for (const ro of ros) {
    const r = rng.next();
    if (r >= 0.94) continue;
    const uploadedAt = plusHours(ro.settled_at, r < 0.87 ? rng.real(0.5, 20) : rng.real(26, 96));
    if (uploadedAt > endOfUntil) continue;
    insertUpload.run(ro.id, uploadedAt, rng.chance(0.8) ? 'import' : 'clerk', clerk);
    healthUploads++;
  }

  // ---- borrowing: one binder and two papers out (one overdue), one back ----
  let loans = 0;
  if (options.scene) {
    const insertLoan = sqlite.prepare(
      `INSERT INTO loan (paper_id, binder_id, borrower, reason, lent_at, lent_by, due_on, returned_at, returned_by)
       VALUES (@paperId, @binderId, @borrower, @reason, @lentAt, @lentBy, @dueOn, @returnedAt, @returnedBy)`,
    );
    const lend = (row: {
      paperId?: number;
      binderId?: number;
      borrower: string;
      reason: string;
      lentOn: string;
      dueOn: string;
      returnedOn?: string;
    }) => {
      insertLoan.run({
        paperId: row.paperId ?? null,
        binderId: row.binderId ?? null,
        borrower: row.borrower,
        reason: row.reason,
        lentAt: at(row.lentOn, 10 * 3600 + rng.int(0, 300) * 60),
        lentBy: clerk,
        dueOn: row.dueOn,
        returnedAt: row.returnedOn ? at(row.returnedOn, 16 * 3600) : null,
        returnedBy: row.returnedOn ? clerk : null,
      });
      loans++;
    };
    const lastMonthBinder = binders.find((b) => b.series === 'repair' && b.month === shiftMonth(untilMonth, -1));
    if (lastMonthBinder)
      lend({
        binderId: lastMonthBinder.id,
        borrower: `${MANAGER_NAME}（服务经理）`,
        reason: '厂家审核抽查修理单',
        lentOn: addDays(until, -1),
        dueOn: addDays(until, 6),
      });
    const roTypeOf = new Map(ros.map((r) => [r.id, r.type]));
    /** A filed paper of the kind, the n-th from the end of those filed on or before `before`. */
    const filedPaper = (kind: string, before: string, n: number, roTypes?: RoType[]) => {
      const found: number[] = [];
      for (let i = papers.length - 1; i >= 0 && found.length <= n; i--) {
        const p = papers[i]!;
        if (p.kind !== kind || !p.binder || p.filedAt === null || p.filedAt.slice(0, 10) > before) continue;
        if (roTypes && !roTypes.includes(roTypeOf.get(p.roId ?? 0) as RoType)) continue;
        found.push(paperIds[i]!);
      }
      return found[n];
    };
    const claimPaper = filedPaper('settlement', addDays(until, -3), 0, ['insurance']);
    if (claimPaper !== undefined)
      lend({
        paperId: claimPaper,
        borrower: '保险公司理赔员',
        reason: '保险理赔核对结算单',
        lentOn: addDays(until, -3),
        dueOn: addDays(until, 4),
      });
    const overduePaper = filedPaper('ro_sheet', addDays(until, -12), 0);
    if (overduePaper !== undefined)
      lend({
        paperId: overduePaper,
        borrower: `${ADVISOR_NAMES[1]}（服务顾问）`,
        reason: '客户返修，核对原修理单',
        lentOn: addDays(until, -12),
        dueOn: addDays(until, -5),
      });
    const returnedPaper = filedPaper('ro_sheet', addDays(until, -20), 3);
    if (returnedPaper !== undefined)
      lend({
        paperId: returnedPaper,
        borrower: `${ADVISOR_NAMES[0]}（服务顾问）`,
        reason: '客户咨询上次保养项目',
        lentOn: addDays(until, -20),
        dueOn: addDays(until, -13),
        returnedOn: addDays(until, -15),
      });
  }

  return { papers: papers.length, binders: binders.length, handovers: handoverDays.length, loans, healthUploads };
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}
