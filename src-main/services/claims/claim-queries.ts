import { type Selectable, sql } from 'kysely';
import {
  type Claim,
  type ClaimDueState,
  type ClaimLabourItem,
  type ClaimPartItem,
  type ClaimRound,
  type ClaimRow,
  type ClaimSettings,
  type ClaimStatus,
  claimDueState,
  claimsOpenFrom,
  type OldPart,
  type OldPartState,
  type OutsideServiceState,
  ROWLESS_CLAIM_DAYS,
  ruleDeadline,
} from '../../../src-shared/domain/claims';
import type { RoStatus } from '../../../src-shared/domain/enums';
import { AppError } from '../../../src-shared/errors';
import { addDays, dateOf } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { OldPartTable } from '../../db/schema';
import { nextMonthStart } from '../filing/missing.service';
import { claimTypeLabel } from './claims-settings';

/** What the claims list filters on (the contract's claims.list, plus the day the due states are judged on). */
export interface ClaimFilter {
  status: ClaimStatus | 'open' | 'all';
  /** Deadline on or before the day and not reported (待填报/已驳回). */
  dueBefore?: string | undefined;
  /** Settled (结算) in this month. */
  month?: string | undefined;
  /** Approved (通过) in this month: the statement's claims. */
  approvedIn?: string | undefined;
  text?: string | undefined;
  limit?: number | undefined;
  today: string;
}

/** `%` and `_` typed by the user are searched as themselves. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

const DUE_RANK: Record<ClaimDueState, number> = { overdue: 0, due_soon: 1, ok: 2, none: 2, done: 2 };

/** The claim's deadline: the clerk's, else the rules' from the settlement day (null while not settled). */
export function claimDeadline(
  settings: ClaimSettings,
  stored: string | null,
  settledAt: string | null,
  model: string,
  claimType: string,
): string | null {
  return stored ?? ruleDeadline(settings, settledAt === null ? null : dateOf(settledAt), model, claimType);
}

/** The claim statuses other than 已结算 (an IN list the claim_status index answers, unlike <>). */
const NOT_SETTLED: ClaimStatus[] = ['draft', 'reported', 'reviewing', 'approved', 'rejected'];

/** A candidate row of the list: the RO, its vehicle and customer, and its claim's state (null columns: no claim row). */
interface Candidate {
  ro_id: number;
  ro_number: string;
  settled_at: string | null;
  advisor_name: string;
  plate: string | null;
  vin: string | null;
  model: string;
  customer_name: string | null;
  claim_id: number | null;
  status: string | null;
  claim_type: string | null;
  deadline: string | null;
  claim_no: string | null;
  reported_on: string | null;
  approved_fen: number | null;
  version: number | null;
  /** The RO's warranty part (the rule of readWarrantyLines). */
  warranty_fen: number;
  kept: number | null;
}

/**
 * The list's candidates, each with everything its row shows, in two indexed queries: the claim rows
 * by status (claim_status) joined to their RO by id, and the warranty ROs without a row since
 * claimsOpenFrom (repair_order_type_opened, anti-joined on claim.ro_id). The line sums and kept
 * old parts are correlated subqueries on the lines' (ro_id, line_no) and old_part_claim indexes.
 */
async function readCandidates(db: Db, settings: ClaimSettings, filter: ClaimFilter): Promise<Candidate[]> {
  const status = filter.status;
  const text = filter.text?.trim() ?? '';
  const rowless = (status === 'open' || status === 'all' || status === 'draft') && filter.approvedIn === undefined;
  const minDays = Math.min(settings.defaultDays, ...settings.rules.map((r) => r.days));
  const settledBefore = filter.dueBefore === undefined ? '' : addDays(filter.dueBefore, 1 - minDays);
  const pattern = likePattern(text);
  const vehicleMatches = sql<boolean>`(lower(v.plate) LIKE ${pattern} ESCAPE '\\' OR lower(v.vin) LIKE ${pattern} ESCAPE '\\')`;
  const roMatches = sql<boolean>`lower(ro.ro_number) LIKE ${pattern} ESCAPE '\\'`;
  // The RO's warranty part in one portable correlated subquery over its lines, by readWarrantyLines'
  // rule: its 保修 lines; when the RO is paid by warranty and no line says so, all its lines; the RO's
  // total when it is paid by warranty and has no lines.
  const warrantyFen = sql<number>`(SELECT CASE
      WHEN sum(CASE WHEN x.payer = 'warranty' THEN 1 ELSE 0 END) > 0
        THEN sum(CASE WHEN x.payer = 'warranty' THEN x.amount_fen ELSE 0 END)
      WHEN ro.payer = 'warranty' THEN coalesce(sum(x.amount_fen), ro.total_fen)
      ELSE 0 END
    FROM (SELECT l.payer, l.amount_fen FROM ro_labor_line l WHERE l.ro_id = ro.id
          UNION ALL SELECT p.payer, p.amount_fen FROM ro_part_line p WHERE p.ro_id = ro.id) x)`;
  const details = [
    'ro.id as ro_id',
    'ro.ro_number',
    'ro.settled_at',
    'ro.advisor_name',
    'v.plate',
    'v.vin',
    'v.model',
    'cu.name as customer_name',
  ] as const;

  let withRows = db
    .selectFrom('claim as c')
    .innerJoin('repair_order as ro', 'ro.id', 'c.ro_id')
    .innerJoin('vehicle as v', 'v.id', 'ro.vehicle_id')
    .leftJoin('customer as cu', 'cu.id', 'ro.customer_id')
    .select(details)
    .select([
      'c.id as claim_id',
      'c.status',
      'c.claim_type',
      'c.deadline',
      'c.claim_no',
      'c.reported_on',
      'c.approved_fen',
      'c.version',
    ])
    .select((eb) => [
      warrantyFen.as('warranty_fen'),
      eb
        .selectFrom('old_part as o')
        .select((o) => o.fn.countAll<number>().as('n'))
        .whereRef('o.claim_id', '=', 'c.id')
        .where('o.state', '=', 'kept')
        .where('o.removed_at', 'is', null)
        .as('kept'),
    ]);
  // Driven by the claim rows (claim_status), each joined to its RO by id: a saved claim is a claim
  // whatever the RO's type or openFrom became later.
  if (status === 'open') withRows = withRows.where('c.status', 'in', NOT_SETTLED);
  else if (status !== 'all') withRows = withRows.where('c.status', '=', status);
  if (filter.dueBefore !== undefined) {
    const day = filter.dueBefore;
    withRows = withRows
      .where('c.status', 'in', ['draft', 'rejected'])
      .where((eb) =>
        eb.or([
          eb('c.deadline', '<=', day),
          eb.and([eb('c.deadline', 'is', null), eb('ro.settled_at', '<', settledBefore)]),
        ]),
      );
  }
  if (filter.month !== undefined)
    withRows = withRows
      .where('ro.settled_at', '>=', `${filter.month}-01`)
      .where('ro.settled_at', '<', nextMonthStart(filter.month));
  if (filter.approvedIn !== undefined)
    withRows = withRows
      .where('c.approved_on', '>=', `${filter.approvedIn}-01`)
      .where('c.approved_on', '<', nextMonthStart(filter.approvedIn))
      .where('c.status', 'in', ['approved', 'settled']);
  if (text !== '')
    withRows = withRows.where((eb) =>
      eb.or([roMatches, sql<boolean>`lower(c.claim_no) LIKE ${pattern} ESCAPE '\\'`, vehicleMatches]),
    );

  let noRow = db
    .selectFrom('repair_order as ro')
    .innerJoin('vehicle as v', 'v.id', 'ro.vehicle_id')
    .leftJoin('customer as cu', 'cu.id', 'ro.customer_id')
    .select(details)
    .select(warrantyFen.as('warranty_fen'))
    .where('ro.type', '=', 'warranty')
    .where('ro.opened_at', '>=', claimsOpenFrom(settings, filter.today))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('claim as c').select('c.id').whereRef('c.ro_id', '=', 'ro.id'))));
  if (filter.dueBefore !== undefined) noRow = noRow.where('ro.settled_at', '<', settledBefore);
  if (filter.month !== undefined)
    noRow = noRow
      .where('ro.settled_at', '>=', `${filter.month}-01`)
      .where('ro.settled_at', '<', nextMonthStart(filter.month));
  if (text !== '') noRow = noRow.where((eb) => eb.or([roMatches, vehicleMatches]));

  const [claimed, unclaimed] = await Promise.all([withRows.execute(), rowless ? noRow.execute() : Promise.resolve([])]);
  return [
    ...claimed,
    ...unclaimed.map((r) => ({
      ...r,
      claim_id: null,
      status: null,
      claim_type: null,
      deadline: null,
      claim_no: null,
      reported_on: null,
      approved_fen: null,
      version: null,
      kept: null,
    })),
  ];
}

/**
 * THE loader of claims (one mapping from rows to the domain): the claims saved, and the warranty ROs
 * since claimsOpenFrom without one (待填报 from the RO alone). Sorted: overdue and due-soon first,
 * then by deadline, then RO number. The candidates are narrowed in SQL with everything their rows
 * show; the deadline and due state are computed by the rules here (brand rules read the model).
 */
export async function readClaimRows(
  db: Db,
  settings: ClaimSettings,
  filter: ClaimFilter,
): Promise<{ rows: ClaimRow[]; total: number }> {
  const found = await readCandidates(db, settings, filter);

  const candidates = [];
  for (const r of found) {
    const claimStatus = (r.status ?? 'draft') as ClaimStatus;
    const claimType = r.claim_type ?? settings.defaultClaimType;
    const deadline = claimDeadline(settings, r.deadline, r.settled_at, r.model, claimType);
    if (filter.dueBefore !== undefined && (deadline === null || deadline > filter.dueBefore)) continue;
    const dueState = claimDueState(claimStatus, deadline, filter.today, settings.warnDays);
    candidates.push({ r, claimStatus, claimType, deadline, dueState });
  }
  candidates.sort(
    (a, b) =>
      DUE_RANK[a.dueState] - DUE_RANK[b.dueState] ||
      (a.deadline === b.deadline
        ? 0
        : a.deadline === null
          ? 1
          : b.deadline === null
            ? -1
            : a.deadline < b.deadline
              ? -1
              : 1) ||
      (a.r.ro_number < b.r.ro_number ? -1 : a.r.ro_number > b.r.ro_number ? 1 : 0),
  );
  const total = candidates.length;
  const page = filter.limit === undefined ? candidates : candidates.slice(0, filter.limit);
  const rows: ClaimRow[] = page.map(({ r, claimStatus, claimType, deadline, dueState }) => ({
    roId: r.ro_id,
    roNumber: r.ro_number,
    plate: r.plate,
    vin: r.vin,
    model: r.model,
    customerName: r.customer_name,
    advisorName: r.advisor_name,
    settledOn: r.settled_at === null ? null : dateOf(r.settled_at),
    claimType,
    claimTypeLabel: claimTypeLabel(settings, claimType),
    status: claimStatus,
    claimNo: r.claim_no,
    deadline,
    dueState,
    reportedOn: r.reported_on,
    approvedFen: r.approved_fen,
    warrantyFen: Number(r.warranty_fen ?? 0),
    saved: r.claim_id !== null,
    version: r.version ?? 0,
    oldPartsKept: Number(r.kept ?? 0),
  }));
  return { rows, total };
}

/** An old_part row as the domain's OldPart (its RO and claim given; due back settlement + oldPartReturnDays). */
export function toOldPart(
  row: Omit<Selectable<OldPartTable>, 'claim_id' | 'removed_at' | 'created_at' | 'updated_at'>,
  ro: { roId: number; roNumber: string; claimNo: string | null; settledOn: string | null },
  settings: ClaimSettings,
): OldPart {
  return {
    id: row.id,
    roId: ro.roId,
    roNumber: ro.roNumber,
    claimNo: ro.claimNo,
    tagNo: row.tag_no,
    partNumber: row.part_number,
    name: row.name,
    quantity: row.quantity,
    state: row.state as OldPartState,
    returnDueOn: ro.settledOn === null ? null : addDays(ro.settledOn, settings.oldPartReturnDays),
    returnedOn: row.returned_on,
    waybill: row.waybill,
    scrappedOn: row.scrapped_on,
    instruction: row.instruction,
    version: row.version,
  };
}

/**
 * The RO's warranty lines in line order: its 保修 labour and part lines; when the RO is paid by
 * warranty and no line says so, all its lines (the RO's total when it has none).
 */
export async function readWarrantyLines(
  db: Db,
  ro: { id: number; payer: string; total_fen: number },
): Promise<{ labour: ClaimLabourItem[]; parts: ClaimPartItem[]; warrantyFen: number }> {
  const [labourLines, partLines] = await Promise.all([
    db
      .selectFrom('ro_labor_line')
      .select(['description', 'hours', 'amount_fen', 'payer'])
      .where('ro_id', '=', ro.id)
      .orderBy('line_no')
      .execute(),
    db
      .selectFrom('ro_part_line')
      .select(['part_number', 'name', 'quantity', 'amount_fen', 'payer'])
      .where('ro_id', '=', ro.id)
      .orderBy('line_no')
      .execute(),
  ]);
  const anyWarranty = [...labourLines, ...partLines].some((l) => l.payer === 'warranty');
  const keep = (l: { payer: string }) => (anyWarranty ? l.payer === 'warranty' : ro.payer === 'warranty');
  const labour = labourLines
    .filter(keep)
    .map((l) => ({ description: l.description, hours: l.hours, amountFen: l.amount_fen }));
  const parts = partLines
    .filter(keep)
    .map((p) => ({ partNumber: p.part_number, name: p.name, quantity: p.quantity, amountFen: p.amount_fen }));
  const noLines = labourLines.length === 0 && partLines.length === 0;
  const warrantyFen =
    noLines && ro.payer === 'warranty' ? ro.total_fen : [...labour, ...parts].reduce((s, l) => s + l.amountFen, 0);
  return { labour, parts, warrantyFen };
}

export const NOT_WARRANTY = '该修理单不是索赔/三包类型';

/** One claim in full (rounds, old parts, lines, outside orders). Not a warranty RO: NOT_FOUND. */
export async function readClaim(db: Db, settings: ClaimSettings, roId: number, today: string): Promise<Claim> {
  const ro = await db
    .selectFrom('repair_order as ro')
    .innerJoin('vehicle as v', 'v.id', 'ro.vehicle_id')
    .leftJoin('customer as cu', 'cu.id', 'ro.customer_id')
    .select([
      'ro.id',
      'ro.ro_number',
      'ro.type',
      'ro.status',
      'ro.opened_at',
      'ro.settled_at',
      'ro.advisor_name',
      'ro.vehicle_id',
      'ro.customer_id',
      'ro.mileage_in',
      'ro.complaint',
      'ro.payer',
      'ro.total_fen',
      'v.plate',
      'v.vin',
      'v.model',
      'cu.name as customer_name',
    ])
    .where('ro.id', '=', roId)
    .executeTakeFirst();
  if (!ro) throw AppError.notFound('修理单', roId);
  const c = await db.selectFrom('claim').selectAll().where('ro_id', '=', roId).executeTakeFirst();
  // A claim saved once stays readable when the RO's type was corrected since.
  if (!c && ro.type !== 'warranty') throw new AppError('NOT_FOUND', `${NOT_WARRANTY}（修理单 ${ro.ro_number}）。`);
  const openFrom = claimsOpenFrom(settings, today);
  if (!c && ro.opened_at < openFrom)
    throw new AppError(
      'NOT_FOUND',
      settings.openFrom !== null
        ? `修理单 ${ro.ro_number} 开单于 ${dateOf(ro.opened_at)}，早于索赔起始日 ${settings.openFrom}，没有索赔单。`
        : `修理单 ${ro.ro_number} 开单于 ${dateOf(ro.opened_at)}，已超过 ${ROWLESS_CLAIM_DAYS} 天且从未填报，没有索赔单（可在 设置 → 索赔设置 里把索赔起始日期提前）。`,
    );
  const [lines, rounds, parts, outside] = await Promise.all([
    readWarrantyLines(db, ro),
    c
      ? db.selectFrom('claim_round').selectAll().where('claim_id', '=', c.id).orderBy('round').execute()
      : Promise.resolve([]),
    c
      ? db
          .selectFrom('old_part')
          .selectAll()
          .where('claim_id', '=', c.id)
          .where('removed_at', 'is', null)
          .orderBy('id')
          .execute()
      : Promise.resolve([]),
    db
      .selectFrom('outside_service')
      .select(['id', 'order_no', 'odometer_out', 'odometer_back', 'state'])
      .where('ro_id', '=', roId)
      .orderBy('out_at')
      .orderBy('id')
      .execute(),
  ]);
  const settledOn = ro.settled_at === null ? null : dateOf(ro.settled_at);
  const claimType = c?.claim_type ?? settings.defaultClaimType;
  const status = (c?.status ?? 'draft') as ClaimStatus;
  const deadline = claimDeadline(settings, c?.deadline ?? null, ro.settled_at, ro.model, claimType);
  const outsideOrders = outside.map((o) => ({
    id: o.id,
    orderNo: o.order_no,
    km: o.state === 'closed' && o.odometer_back !== null ? o.odometer_back - o.odometer_out : null,
    state: o.state as OutsideServiceState,
  }));
  const claimRounds: ClaimRound[] = rounds.map((r) => ({
    round: r.round,
    reportedOn: r.reported_on,
    reportedBy: r.reported_by,
    claimNo: r.claim_no,
    faultDescription: r.fault_description,
    cause: r.cause,
    handling: r.handling,
    result: r.result as ClaimRound['result'],
    resultOn: r.result_on,
    rejectReason: r.reject_reason,
    approvedFen: r.approved_fen,
  }));
  // On time is judged by the first report (the manufacturer's deadline is for the first submission).
  const firstReported = claimRounds[0]?.reportedOn ?? c?.reported_on ?? null;
  const claimNo = c?.claim_no ?? null;
  return {
    roId: ro.id,
    roNumber: ro.ro_number,
    roType: ro.type,
    roStatus: ro.status as RoStatus,
    openedOn: dateOf(ro.opened_at),
    settledOn,
    advisorName: ro.advisor_name,
    vehicleId: ro.vehicle_id,
    plate: ro.plate,
    vin: ro.vin,
    model: ro.model,
    customerId: ro.customer_id,
    customerName: ro.customer_name,
    mileageIn: ro.mileage_in,
    roComplaint: ro.complaint,
    saved: c !== undefined,
    claimType,
    claimTypeLabel: claimTypeLabel(settings, claimType),
    status,
    claimNo,
    deadline,
    deadlineSet: (c?.deadline ?? null) !== null,
    dueState: claimDueState(status, deadline, today, settings.warnDays),
    faultDescription: c?.fault_description ?? '',
    cause: c?.cause ?? '',
    handling: c?.handling ?? '',
    note: c?.note ?? '',
    labour: lines.labour,
    parts: lines.parts,
    warrantyFen: lines.warrantyFen,
    outsideKm: outsideOrders.reduce((s, o) => s + (o.km ?? 0), 0),
    outsideOrders,
    reportedOn: c?.reported_on ?? null,
    reportedOnTime: firstReported === null ? null : deadline === null || firstReported <= deadline,
    approvedOn: c?.approved_on ?? null,
    approvedFen: c?.approved_fen ?? null,
    rejectedOn: c?.rejected_on ?? null,
    rejectReason: c?.reject_reason ?? '',
    statementMonth: c?.statement_month ?? null,
    rounds: claimRounds,
    oldParts: parts.map((p) => toOldPart(p, { roId: ro.id, roNumber: ro.ro_number, claimNo, settledOn }, settings)),
    version: c?.version ?? 0,
    updatedAt: c?.updated_at ?? null,
  };
}
