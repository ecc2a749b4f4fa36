import type BetterSqlite3 from 'better-sqlite3';
import { type ClaimSettings, type ClaimStatus, DEFAULT_CLAIM_SETTINGS } from '../../src-shared/domain/claims';
import { addDays } from '../../src-shared/validation/dates';
import { CLAIM_SETTINGS_KEY } from '../services/claims/claims-settings';
import { shiftMonth } from '../services/lost-customers/churn';
import type { Rng } from './prng';

/**
 * 三包/索赔 demo data (issue 14), written with raw prepared statements like the rest of the seeder
 * (the caller's transaction; no audit entries). Follows the claims model (src-shared/domain/claims.ts,
 * src-main/db/migrations/202612031800_claims.ts):
 * - the settings: claims open from the first day of the month 18 months before today, the
 *   manufacturer 上汽大众汽车有限公司, recalls (召回/服务活动) due 30 days after settlement;
 * - every warranty RO opened since then has its claim: reported 1–6 days after settlement (a few
 *   late), answered 5–20 days later (a few rejected, fixed and reported again: 2 rounds), approved
 *   for the RO's warranty part (sometimes less); the months before last month are paid (their
 *   statements requested, invoiced, paid; their claims 已结算), last month's statement requested
 *   (not invoiced yet), this month's claims approved or waiting; the last days' claims not reported
 *   yet (most without a row: 待填报 from the RO alone, some saved as drafts), with `scene` one
 *   overdue and one due soon for the Today board;
 * - old parts from the warranty part lines, tagged JJ + YYMM of the settlement + sequence: returned
 *   with the month's waybill on the 20th of the next month (a few scrapped on the manufacturer's
 *   instruction, a few of the last return missed and due), kept when recent;
 * - outside-service orders (外出服务单) of the last two months, closed ones linked to warranty ROs
 *   (their kilometres reach the claims), with `scene` two still out.
 * Deterministic given the Rng and `until` (never the real clock).
 */
export interface ClaimsDataOptions {
  rng: Rng;
  /** The last day with ROs (the store's yesterday); nothing happens after it. */
  until: string;
  /** Claims open from this day (settings.openFrom). */
  openFrom: string;
  /** Two outside-service orders still out, an overdue and a due-soon claim (the demo's counter). */
  scene: boolean;
}

export interface ClaimsDataSummary {
  warrantyRos: number;
  claims: number;
  byStatus: Partial<Record<ClaimStatus, number>>;
  rounds: number;
  oldParts: number;
  outsideOrders: number;
  statements: number;
}

export const CLAIMS_MANUFACTURER = '上汽大众汽车有限公司';
/** The technicians who go out on outside service, and the handheld devices they take. */
export const OUTSIDE_STAFF = ['钱永刚', '何师傅', '马俊', '林志强'] as const;
const OUTSIDE_DEVICES = ['诊断仪 VAS 6150', '诊断仪 VAS 6150 + 蓄电池检测仪', '手持诊断仪 ODIS', ''] as const;
const OUTSIDE_PLACES = [
  '嘉定区曹安公路 4800 号附近',
  '宝山区沪太路 3100 弄小区地下车库',
  '闵行区莘庄工业区春东路',
  '浦东新区 G1503 外环高速 S20 出口',
  '青浦区徐泾镇诸光路停车场',
  '普陀区真北路 1200 号',
  '松江区九亭镇沪亭北路',
] as const;
const REJECT_REASONS = [
  '故障描述与更换零件不符，请补充检测数据',
  '缺少故障照片及旧件照片',
  '工时超出标准工时，请按标准工时重新申报',
  '车辆里程超出三包范围，请核实进厂里程',
] as const;
const SCRAP_INSTRUCTION = '厂家通知：该件无需返厂，就地报废（拍照留存）';

/** The store's local instant (+08:00, like the seeder) of a day and a second of that day. */
function at(day: string, second: number): string {
  const s = Math.max(0, Math.min(86_399, Math.round(second)));
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${day}T${hh}:${mm}:${ss}+08:00`;
}

/** An instant `minutes` later, still written with the store's +08:00. */
function plusMinutes(instant: string, minutes: number): string {
  const local = new Date(Date.parse(instant) + minutes * 60_000 + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}

const yymm = (day: string) => `${day.slice(2, 4)}${day.slice(5, 7)}`;
const later = (a: string, b: string) => (a > b ? a : b);

interface WarrantyRo {
  id: number;
  ro_number: string;
  opened_at: string;
  settled_at: string | null;
  complaint: string;
  payer: string;
  total_fen: number;
  vehicle_id: number;
  customer_id: number | null;
}

interface Line {
  kind: 'labour' | 'part';
  description: string;
  part_number: string;
  quantity: number;
  amount_fen: number;
  payer: string;
}

interface Round {
  reportedOn: string;
  claimNo: string;
  result: 'pending' | 'approved' | 'rejected';
  resultOn: string | null;
  rejectReason: string;
  approvedFen: number | null;
}

/** The claim as the clerk left it on `until`. */
interface PlannedClaim {
  ro: WarrantyRo;
  settledOn: string;
  warrantyFen: number;
  claimType: string;
  status: ClaimStatus;
  rounds: Round[];
  faultDescription: string;
  cause: string;
  handling: string;
  savedOn: string;
  approvedOn: string | null;
  approvedFen: number | null;
  rejectedOn: string | null;
  rejectReason: string;
  /** Set by the clerk when a rejection gives a new deadline for the fixed claim; null: the rules'. */
  deadline: string | null;
  statementMonth: string | null;
  parts: Line[];
}

/** The claim's text as the clerk typed it from the RO (complaint, the labour and parts lines). */
function claimText(ro: WarrantyRo, lines: readonly Line[]) {
  const labour = lines.filter((l) => l.kind === 'labour').map((l) => l.description.replace(/[（(]索赔[)）]/g, ''));
  const parts = lines.filter((l) => l.kind === 'part').map((l) => l.description);
  const complaint = ro.complaint.trim() || '故障灯亮';
  return {
    faultDescription: `客户反映${complaint}，经检查故障属实。`,
    cause:
      parts.length > 0
        ? `经检测确认${parts.join('、')}损坏，属正常使用下的质量问题。`
        : '经检测确认为控制单元软件问题，属正常使用下的质量问题。',
    handling: labour.length > 0 ? `${labour.join('；')}，试车故障排除。` : '按厂家技术指导处理，试车故障排除。',
  };
}

export function writeClaimsData(sqlite: BetterSqlite3.Database, options: ClaimsDataOptions): ClaimsDataSummary {
  const { rng, until, openFrom } = options;
  const today = addDays(until, 1);
  const todayMonth = today.slice(0, 7);
  const lastMonth = shiftMonth(todayMonth, -1);
  const clerk =
    (sqlite
      .prepare(
        "SELECT name FROM app_user WHERE is_active = 1 AND role IN ('clerk', 'admin') ORDER BY role = 'clerk' DESC, id LIMIT 1",
      )
      .pluck()
      .get() as string | undefined) ?? '信息员';

  // ---- the settings ----
  const settings: ClaimSettings = {
    ...DEFAULT_CLAIM_SETTINGS,
    openFrom,
    manufacturer: CLAIMS_MANUFACTURER,
    rules: [{ brand: '', claimType: 'recall', days: 30 }],
    // The store sends the month's old parts back on the 20th of the next month; the manufacturer allows 60 days.
    oldPartReturnDays: 60,
  };
  sqlite
    .prepare(
      'INSERT INTO app_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(CLAIM_SETTINGS_KEY, JSON.stringify(settings));

  // ---- the warranty ROs since openFrom, and their lines ----
  const ros = sqlite
    .prepare(
      `SELECT r.id, r.ro_number, r.opened_at, r.settled_at, r.complaint, r.payer, r.total_fen, r.vehicle_id, r.customer_id
       FROM repair_order r
       WHERE r.type = 'warranty' AND r.opened_at >= ? AND r.opened_at < ?
         AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.ro_id = r.id)
       ORDER BY r.opened_at, r.id`,
    )
    .all(openFrom, today) as WarrantyRo[];
  const selectLines = sqlite.prepare(
    `SELECT 'labour' AS kind, description, '' AS part_number, 1 AS quantity, amount_fen, payer, line_no
       FROM ro_labor_line WHERE ro_id = ?
     UNION ALL
     SELECT 'part', name, part_number, quantity, amount_fen, payer, line_no FROM ro_part_line WHERE ro_id = ?
     ORDER BY 1, line_no`,
  );
  /**
   * The RO's warranty lines (those paid by warranty; all of them when the RO is and no line says so)
   * and its warranty part (their sum; the RO's total when it is paid by warranty without lines).
   */
  const warrantyPart = (ro: WarrantyRo): { lines: Line[]; warrantyFen: number } => {
    const all = selectLines.all(ro.id, ro.id) as Line[];
    const flagged = all.filter((l) => l.payer === 'warranty');
    const lines = flagged.length > 0 ? flagged : ro.payer === 'warranty' ? all : [];
    const warrantyFen =
      all.length === 0 && ro.payer === 'warranty' ? ro.total_fen : lines.reduce((s, l) => s + l.amount_fen, 0);
    return { lines, warrantyFen };
  };

  // With the scene: one claim past its deadline and one due soon, neither reported.
  const settledRos = ros.filter((r) => r.settled_at !== null);
  const pickSettledOn = (from: number, to: number) =>
    settledRos.findLast((r) => {
      const day = r.settled_at!.slice(0, 10);
      return day >= addDays(today, -to) && day <= addDays(today, -from);
    })?.id;
  const overdueId = options.scene ? pickSettledOn(9, 14) : undefined;
  const dueSoonId = options.scene ? pickSettledOn(5, 6) : undefined;

  // ---- the claims, event by event up to `until` ----
  const claimNos = new Map<string, number>();
  /** The portal's claim number: SV + yyMM of the report + 5 digits (a running number). */
  const nextClaimNo = (reportedOn: string) => {
    const prefix = yymm(reportedOn);
    const n = (claimNos.get(prefix) ?? 0) + 1 + rng.int(0, 3);
    claimNos.set(prefix, n);
    return `SV${prefix}${String(n).padStart(5, '0')}`;
  };
  const planned: PlannedClaim[] = [];
  for (const ro of ros) {
    const settledOn = ro.settled_at?.slice(0, 10) ?? null;
    const { lines, warrantyFen } = warrantyPart(ro);
    const typeRoll = rng.next();
    const claimType =
      typeRoll < 0.06 ? 'recall' : typeRoll < 0.16 ? 'sanbao' : typeRoll < 0.19 ? 'goodwill' : 'warranty';
    const text = claimText(ro, lines);
    const parts = lines.filter((l) => l.kind === 'part');
    const reportDelay = rng.chance(0.96) ? rng.int(1, 6) : rng.int(8, 12);
    const answerDelay = rng.int(5, 20);
    const rejected = rng.chance(0.1);
    const secondRoundDelay = rng.int(2, 10);
    const secondAnswerDelay = rng.int(5, 15);
    const cut = rng.chance(0.15);
    const cutShare = rng.real(0.7, 0.95);
    const saveDraft = rng.chance(0.4);
    const reviewing = rng.chance(0.5);
    const reason = rng.pick(REJECT_REASONS);
    if (settledOn === null) continue; // not settled: 待填报 from the RO alone, no deadline yet
    const forcedOpen = ro.id === overdueId || ro.id === dueSoonId;
    const base: PlannedClaim = {
      ro,
      settledOn,
      warrantyFen,
      claimType: forcedOpen ? 'warranty' : claimType,
      status: 'draft',
      rounds: [],
      ...text,
      savedOn: settledOn,
      approvedOn: null,
      approvedFen: null,
      rejectedOn: null,
      rejectReason: '',
      deadline: null,
      statementMonth: null,
      parts,
    };
    const reportedOn = addDays(settledOn, reportDelay);
    if (forcedOpen || reportedOn > until) {
      // Not reported yet: 待填报 (the clerk saved some of them as drafts).
      if (saveDraft && ro.id !== overdueId) planned.push({ ...base, savedOn: later(settledOn, addDays(until, -1)) });
      continue;
    }
    const claim: PlannedClaim = { ...base, savedOn: reportedOn, status: 'reported' };
    claim.rounds.push({
      reportedOn,
      claimNo: nextClaimNo(reportedOn),
      result: 'pending',
      resultOn: null,
      rejectReason: '',
      approvedFen: null,
    });
    const approvedFen = cut ? Math.floor((warrantyFen * cutShare) / 100) * 100 : warrantyFen;
    const answer = (round: Round, on: string, reject: boolean) => {
      round.resultOn = on;
      if (reject) {
        round.result = 'rejected';
        round.rejectReason = reason;
        claim.status = 'rejected';
        claim.rejectedOn = on;
        claim.rejectReason = reason;
        // The manufacturer gives a week to report the fixed claim again; the clerk sets it.
        claim.deadline = addDays(on, 7);
      } else {
        round.result = 'approved';
        round.approvedFen = approvedFen;
        claim.status = 'approved';
        claim.approvedOn = on;
        claim.approvedFen = approvedFen;
      }
    };
    const first = claim.rounds[0]!;
    const firstAnswer = addDays(reportedOn, answerDelay);
    if (firstAnswer > until) {
      if (reviewing && addDays(reportedOn, 3) <= until) claim.status = 'reviewing';
    } else {
      answer(first, firstAnswer, rejected);
      if (rejected) {
        const again = addDays(firstAnswer, secondRoundDelay);
        if (again <= until) {
          // Fixed and reported again: round 2 (round 1 kept).
          claim.status = 'reported';
          claim.rejectedOn = null;
          claim.rejectReason = '';
          claim.faultDescription = `${claim.faultDescription}（已补充检测数据及照片）`;
          const second: Round = {
            reportedOn: again,
            claimNo: nextClaimNo(again),
            result: 'pending',
            resultOn: null,
            rejectReason: '',
            approvedFen: null,
          };
          claim.rounds.push(second);
          const secondAnswer = addDays(again, secondAnswerDelay);
          if (secondAnswer <= until) answer(second, secondAnswer, false);
          else if (reviewing && addDays(again, 3) <= until) claim.status = 'reviewing';
        }
      }
    }
    // The months before last month are paid: their approved claims settled.
    if (claim.status === 'approved' && claim.approvedOn!.slice(0, 7) < lastMonth) {
      claim.status = 'settled';
      claim.statementMonth = claim.approvedOn!.slice(0, 7);
    }
    planned.push(claim);
  }

  // ---- the statements: paid months, last month requested (not invoiced yet) ----
  const months = new Map<string, number>();
  for (const c of planned)
    if (c.approvedOn !== null)
      months.set(c.approvedOn.slice(0, 7), (months.get(c.approvedOn.slice(0, 7)) ?? 0) + c.approvedFen!);
  const insertStatement = sqlite.prepare(
    `INSERT INTO claim_statement (month, state, requested_fen, requested_on, requested_by, invoice_no, invoice_on, paid_on,
       created_at, updated_at, version)
     VALUES (@month, @state, @requestedFen, @requestedOn, @requestedBy, @invoiceNo, @invoiceOn, @paidOn, @createdAt, @updatedAt, @version)`,
  );
  let statements = 0;
  const paidOnOf = new Map<string, string>();
  for (const month of [...months.keys()].sort()) {
    if (month >= todayMonth) continue;
    const next = shiftMonth(month, 1);
    const requestedOn = `${next}-0${rng.int(1, 3)}`;
    if (requestedOn > until) continue;
    const paid = month < lastMonth;
    const invoiceOn = addDays(requestedOn, rng.int(1, 4));
    const paidOn = `${next}-${rng.int(12, 25)}`;
    const updatedOn = paid ? paidOn : requestedOn;
    if (paid) paidOnOf.set(month, paidOn);
    insertStatement.run({
      month,
      state: paid ? 'paid' : 'requested',
      requestedFen: months.get(month)!,
      requestedOn,
      requestedBy: clerk,
      invoiceNo: paid ? `${rng.digits(8)}` : null,
      invoiceOn: paid ? invoiceOn : null,
      paidOn: paid ? paidOn : null,
      createdAt: at(requestedOn, 9 * 3600 + rng.int(0, 120) * 60),
      updatedAt: at(updatedOn, 10 * 3600 + rng.int(0, 300) * 60),
      version: paid ? 3 : 1,
    });
    statements++;
  }

  // ---- claim rows, rounds, old parts ----
  const insertClaim = sqlite.prepare(
    `INSERT INTO claim (ro_id, claim_type, status, claim_no, deadline, fault_description, cause, handling, note,
       reported_on, approved_on, approved_fen, rejected_on, reject_reason, statement_month, created_at, created_by,
       updated_at, version)
     VALUES (@roId, @claimType, @status, @claimNo, @deadline, @faultDescription, @cause, @handling, '', @reportedOn,
       @approvedOn, @approvedFen, @rejectedOn, @rejectReason, @statementMonth, @createdAt, @createdBy, @updatedAt, @version)`,
  );
  const insertRound = sqlite.prepare(
    `INSERT INTO claim_round (claim_id, round, reported_on, reported_by, claim_no, fault_description, cause, handling,
       result, result_on, reject_reason, approved_fen)
     VALUES (@claimId, @round, @reportedOn, @reportedBy, @claimNo, @faultDescription, @cause, @handling, @result,
       @resultOn, @rejectReason, @approvedFen)`,
  );
  const insertOldPart = sqlite.prepare(
    `INSERT INTO old_part (claim_id, tag_no, part_number, name, quantity, state, returned_on, waybill, scrapped_on,
       instruction, removed_at, created_at, updated_at, version)
     VALUES (@claimId, @tagNo, @partNumber, @name, @quantity, @state, @returnedOn, @waybill, @scrappedOn, @instruction,
       NULL, @createdAt, @updatedAt, @version)`,
  );
  const tagSeq = new Map<string, number>();
  /** One waybill per monthly return (the 20th of the month after settlement). */
  const waybills = new Map<string, string>();
  const byStatus: Partial<Record<ClaimStatus, number>> = {};
  let rounds = 0;
  let oldParts = 0;
  for (const c of planned) {
    const createdAt = at(c.savedOn, 9 * 3600 + rng.int(0, 8 * 60) * 60);
    const lastRound = c.rounds.at(-1);
    const lastEvent = [c.savedOn, ...c.rounds.flatMap((r) => [r.reportedOn, r.resultOn ?? ''])].sort().at(-1)!;
    const paidOn = c.statementMonth === null ? null : (paidOnOf.get(c.statementMonth) ?? null);
    const updatedAt = at(paidOn ?? lastEvent, paidOn ? 10 * 3600 + 300 : 17 * 3600);
    const claimId = Number(
      insertClaim.run({
        roId: c.ro.id,
        claimType: c.claimType,
        status: c.status,
        claimNo: lastRound?.claimNo ?? null,
        deadline: c.deadline,
        faultDescription: c.faultDescription,
        cause: c.cause,
        handling: c.handling,
        reportedOn: lastRound?.reportedOn ?? null,
        approvedOn: c.approvedOn,
        approvedFen: c.approvedFen,
        rejectedOn: c.rejectedOn,
        rejectReason: c.rejectReason,
        statementMonth: c.statementMonth,
        createdAt,
        createdBy: clerk,
        updatedAt: updatedAt < createdAt ? createdAt : updatedAt,
        version: 1 + c.rounds.length * 2 + (c.status === 'settled' ? 1 : 0),
      }).lastInsertRowid,
    );
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    c.rounds.forEach((r, i) => {
      insertRound.run({
        claimId,
        round: i + 1,
        reportedOn: r.reportedOn,
        reportedBy: clerk,
        claimNo: r.claimNo,
        faultDescription:
          i === c.rounds.length - 1 ? c.faultDescription : c.faultDescription.replace('（已补充检测数据及照片）', ''),
        cause: c.cause,
        handling: c.handling,
        result: r.result,
        resultOn: r.resultOn,
        rejectReason: r.rejectReason,
        approvedFen: r.approvedFen,
      });
      rounds++;
    });
    const prefix = `JJ${yymm(c.settledOn)}`;
    const returnDay = `${shiftMonth(c.settledOn.slice(0, 7), 1)}-20`;
    for (const p of c.parts) {
      const seq = (tagSeq.get(prefix) ?? 0) + 1;
      tagSeq.set(prefix, seq);
      let state: 'kept' | 'returned' | 'scrapped' = 'kept';
      const roll = rng.next();
      // The last return missed a few (due on the Today board); older ones all went back.
      const missed = returnDay >= addDays(until, -40) && roll >= 0.96;
      if (c.status !== 'draft' && returnDay <= until && !missed) state = roll < 0.04 ? 'scrapped' : 'returned';
      let waybill = '';
      if (state === 'returned') {
        waybill = waybills.get(returnDay) ?? `SF${rng.digits(12)}`;
        waybills.set(returnDay, waybill);
      }
      insertOldPart.run({
        claimId,
        tagNo: `${prefix}-${String(seq).padStart(4, '0')}`,
        partNumber: p.part_number,
        name: p.description,
        quantity: p.quantity,
        state,
        returnedOn: state === 'returned' ? returnDay : null,
        waybill,
        scrappedOn: state === 'scrapped' ? returnDay : null,
        instruction: state === 'scrapped' ? SCRAP_INSTRUCTION : '',
        createdAt,
        updatedAt: state === 'kept' ? createdAt : at(returnDay, 15 * 3600),
        version: state === 'kept' ? 1 : 2,
      });
      oldParts++;
    }
  }

  // ---- outside-service orders: the last two months ----
  const insertOrder = sqlite.prepare(
    `INSERT INTO outside_service (order_no, ro_id, vehicle_id, customer_id, place, fault, staff, device, out_at,
       odometer_out, back_at, odometer_back, state, signed_out_by, closed_by, note, created_at, updated_at, version)
     VALUES (@orderNo, @roId, @vehicleId, @customerId, @place, @fault, @staff, @device, @outAt, @odometerOut, @backAt,
       @odometerBack, @state, @signedOutBy, @closedBy, '', @outAt, @updatedAt, @version)`,
  );
  const since = addDays(today, -60);
  const candidates = planned.filter((c) => c.settledOn >= since && c.ro.opened_at.slice(11, 13) >= '10');
  const linked: PlannedClaim[] = [];
  for (let i = 0; i < 10 && candidates.length > 0; i++) {
    const index = rng.int(0, candidates.length - 1);
    linked.push(candidates.splice(index, 1)[0]!);
  }
  linked.sort((a, b) => (a.ro.opened_at < b.ro.opened_at ? -1 : a.ro.opened_at > b.ro.opened_at ? 1 : 0));
  const orders: {
    outAt: string;
    backAt: string | null;
    ro: WarrantyRo | null;
    fault: string;
  }[] = linked.map((c) => {
    const outAt = plusMinutes(c.ro.opened_at, -rng.int(90, 150));
    return {
      outAt,
      backAt: plusMinutes(c.ro.opened_at, -rng.int(5, 40)),
      ro: c.ro,
      fault: c.ro.complaint || '车辆无法启动',
    };
  });
  if (options.scene) {
    orders.push({ outAt: at(until, 14 * 3600 + 35 * 60), backAt: null, ro: null, fault: '仪表故障灯亮，车辆无法启动' });
    orders.push({ outAt: at(until, 16 * 3600 + 10 * 60), backAt: null, ro: null, fault: '高速上车辆抛锚，无法挂挡' });
  }
  /** One technician, or two (the next one goes along). */
  const staffFor = (i: number, two: boolean) =>
    two ? `${OUTSIDE_STAFF[i]}、${OUTSIDE_STAFF[(i + 1) % OUTSIDE_STAFF.length]}` : OUTSIDE_STAFF[i]!;
  let odometer = 23_000 + rng.int(0, 5000);
  const orderSeq = new Map<string, number>();
  for (const o of orders) {
    const prefix = yymm(o.outAt.slice(0, 10));
    const n = (orderSeq.get(prefix) ?? 0) + 1 + rng.int(0, 2);
    orderSeq.set(prefix, n);
    const km = rng.int(12, 95);
    const odometerOut = odometer;
    odometer += km + rng.int(0, 60);
    insertOrder.run({
      orderNo: `FWL${prefix}${String(n).padStart(4, '0')}`,
      roId: o.ro?.id ?? null,
      vehicleId: o.ro?.vehicle_id ?? null,
      customerId: o.ro?.customer_id ?? null,
      place: rng.pick(OUTSIDE_PLACES),
      fault: o.fault,
      staff: staffFor(rng.int(0, OUTSIDE_STAFF.length - 1), rng.chance(0.3)),
      device: rng.pick(OUTSIDE_DEVICES),
      outAt: o.outAt,
      odometerOut,
      backAt: o.backAt,
      odometerBack: o.backAt === null ? null : odometerOut + km,
      state: o.backAt === null ? 'out' : 'closed',
      signedOutBy: clerk,
      closedBy: o.backAt === null ? null : clerk,
      updatedAt: o.backAt ?? o.outAt,
      version: o.backAt === null ? 1 : 2,
    });
  }

  return {
    warrantyRos: ros.length,
    claims: planned.length,
    byStatus,
    rounds,
    oldParts,
    outsideOrders: orders.length,
    statements,
  };
}
