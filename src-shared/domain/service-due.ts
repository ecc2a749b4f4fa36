import { addDays, daysBetween } from '../validation/dates';

/**
 * When is a vehicle due for its next first or periodic service (首保 / 定保)?
 *
 * Pure functions, shared by the per-vehicle summary in src-main (kept up to date as ROs arrive)
 * and by the UI (to say why a vehicle is due). Nothing here reads the archive.
 *
 * 1. Pace (km/day) from the vehicle's own readings. One mistyped reading must not wreck every
 *    reminder, so the readings are first reduced to the largest set that a car can actually have
 *    driven: mileage never goes down, and never more than MAX_KM_PER_DAY between two readings. The
 *    readings left out are outliers: shown, not used. The delivery date counts as a reading of 0 km
 *    (worth half a reading, so real readings win a conflict). The pace is the Theil-Sen slope (the
 *    median of the slopes between every two kept readings), which a single odd reading barely moves.
 *    With fewer than two kept points, or less than MIN_SPAN_DAYS between them, the model's average
 *    pace is used, else the store's.
 * 2. Due: counted from the last service of that kind (first service: from delivery at 0 km; periodic:
 *    from the last first/periodic service RO, its date and mileage), not from the latest reading:
 *    the rule's months give one date, the rule's km (reached at the estimated pace from the latest
 *    kept reading) another; the earlier one is the due date. No readings at all: time only.
 */

/** Above this a reading is not believable (a taxi does ~400 km a day). */
export const MAX_KM_PER_DAY = 500;
/** Readings closer together than this say little about the pace. */
export const MIN_SPAN_DAYS = 30;
/** The store's pace when nothing better is known (~14,600 km a year). */
export const DEFAULT_STORE_KM_PER_DAY = 40;
/** 首保 "about to expire": within this many days of its time limit. */
export const FIRST_SERVICE_EXPIRY_WARNING_DAYS = 14;

export interface ServiceRuleValues {
  /** 首保: at this many km or months after delivery, whichever first. */
  firstKm: number;
  firstMonths: number;
  /** 定保: then every this many km or months. */
  intervalKm: number;
  intervalMonths: number;
}

/** Store default when no rule matches: 5,000 km / 6 months, then every 7,500 km / 6 months. */
export const DEFAULT_SERVICE_RULE: ServiceRuleValues = {
  firstKm: 5000,
  firstMonths: 6,
  intervalKm: 7500,
  intervalMonths: 6,
};

export interface Reading {
  /** mileage_reading id (null for the delivery point). */
  id: number | null;
  on: string;
  km: number;
}

export type PaceSource = 'own' | 'model' | 'store';
export const PACE_SOURCE_LABELS: Record<PaceSource, string> = {
  own: '按本车读数',
  model: '按同车型平均',
  store: '按门店默认',
};

export interface PaceEstimate {
  kmPerDay: number;
  source: PaceSource;
  /** Kept readings the own pace was based on (delivery included when used). */
  points: number;
  fromOn: string | null;
  toOn: string | null;
  /** The latest kept real reading: the base of every estimate. Null when there is none. */
  last: Reading | null;
  /** Readings left out as not believable, oldest first. */
  outliers: Reading[];
}

interface Point extends Reading {
  weight: number;
}

function compatible(a: Point, b: Point): boolean {
  const days = daysBetween(a.on, b.on);
  const gained = b.km - a.km;
  return gained >= 0 && gained <= MAX_KM_PER_DAY * Math.max(days, 1);
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The readings a car can have driven: the heaviest chain of pairwise-believable readings. */
export function believableReadings(
  readings: readonly Reading[],
  deliveryOn: string | null,
): {
  kept: Reading[];
  outliers: Reading[];
  usesDelivery: boolean;
} {
  const real: Point[] = readings
    .map((r) => ({ ...r, weight: 1 }))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.km - b.km));
  const points: Point[] =
    deliveryOn !== null && (real.length === 0 || deliveryOn <= (real[0] as Point).on)
      ? [{ id: null, on: deliveryOn, km: 0, weight: 0.5 }, ...real]
      : real;
  const n = points.length;
  const score = new Array<number>(n).fill(0);
  const prev = new Array<number>(n).fill(-1);
  // Two chains equally long: keep the step whose pace is closest to the pace of all readings.
  const overall = theilSenSlope(points) ?? 0;
  const stepDeviation = (i: number, j: number) => {
    const a = points[i] as Point;
    const b = points[j] as Point;
    return Math.abs((b.km - a.km) / Math.max(1, daysBetween(a.on, b.on)) - overall);
  };
  for (let j = 0; j < n; j++) {
    const pj = points[j] as Point;
    score[j] = pj.weight;
    for (let i = j - 1; i >= 0; i--) {
      if (!compatible(points[i] as Point, pj)) continue;
      const candidate = (score[i] as number) + pj.weight;
      const best = score[j] as number;
      const p = prev[j] as number;
      if (
        candidate > best + 1e-9 ||
        (Math.abs(candidate - best) <= 1e-9 && p >= 0 && stepDeviation(i, j) < stepDeviation(p, j))
      ) {
        score[j] = candidate;
        prev[j] = i;
      }
    }
  }
  // The best chain; on a tie the one ending later (the recent readings are the ones that matter).
  let end = -1;
  for (let j = 0; j < n; j++) if (end < 0 || (score[j] as number) >= (score[end] as number)) end = j;
  const chain = new Set<number>();
  for (let k = end; k >= 0; k = prev[k] as number) chain.add(k);
  const kept: Reading[] = [];
  const outliers: Reading[] = [];
  let usesDelivery = false;
  points.forEach((p, k) => {
    const r: Reading = { id: p.id, on: p.on, km: p.km };
    if (chain.has(k)) {
      if (p.weight < 1) usesDelivery = true;
      kept.push(r);
    } else if (p.weight === 1) outliers.push(r);
  });
  return { kept, outliers, usesDelivery };
}

/** Theil-Sen slope in km/day over points with distinct dates; null when there are none. */
export function theilSenSlope(points: readonly Reading[]): number | null {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i] as Reading;
      const b = points[j] as Reading;
      const days = daysBetween(a.on, b.on);
      if (days !== 0) slopes.push((b.km - a.km) / days);
    }
  return slopes.length === 0 ? null : median(slopes);
}

/** At most this many recent kept readings enter the slope (keeps a recompute well under 1 ms). */
const MAX_PACE_POINTS = 40;

export function estimatePace(
  readings: readonly Reading[],
  deliveryOn: string | null,
  fallback: { modelKmPerDay: number | null; storeKmPerDay: number },
): PaceEstimate {
  const { kept, outliers, usesDelivery } = believableReadings(readings, deliveryOn);
  const lastReal = (usesDelivery ? kept.slice(1) : kept).at(-1) ?? null;
  const recent = kept.slice(-MAX_PACE_POINTS);
  const first = recent[0];
  const lastKept = recent[recent.length - 1];
  const span = first && lastKept ? daysBetween(first.on, lastKept.on) : 0;
  const slope = recent.length >= 2 && span >= MIN_SPAN_DAYS ? theilSenSlope(recent) : null;
  if (slope !== null)
    return {
      kmPerDay: Math.max(0, slope),
      source: 'own',
      points: recent.length,
      fromOn: first?.on ?? null,
      toOn: lastKept?.on ?? null,
      last: lastReal,
      outliers,
    };
  const model = fallback.modelKmPerDay;
  return {
    kmPerDay: model !== null && model > 0 ? model : fallback.storeKmPerDay,
    source: model !== null && model > 0 ? 'model' : 'store',
    points: 0,
    fromOn: null,
    toOn: null,
    last: lastReal,
    outliers,
  };
}

/** Estimated odometer on a date: the latest kept reading plus the pace since (never less than it). */
export function estimateKmOn(pace: PaceEstimate, on: string): number | null {
  if (!pace.last) return null;
  const days = Math.max(0, daysBetween(pace.last.on, on));
  return Math.round(pace.last.km + pace.kmPerDay * days);
}

/** Calendar months later, the day clamped to the month's end (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export type DueKind = 'first' | 'periodic';
export const DUE_KIND_LABELS: Record<DueKind, string> = { first: '首保', periodic: '定保' };

/** What the next service is counted from. */
export type DueBase = 'delivery' | 'first_service' | 'periodic_service' | 'first_visit';
export const DUE_BASE_LABELS: Record<DueBase, string> = {
  delivery: '交车',
  first_service: '首保',
  periodic_service: '定保',
  first_visit: '首次进厂',
};

export interface ServiceVisit {
  on: string;
  km: number | null;
  type: 'first_service' | 'periodic_service';
}

export interface DueFacts {
  deliveryOn: string | null;
  /** The latest first or periodic service RO, if any. */
  lastService: ServiceVisit | null;
  /** Whether a first-service RO exists (a periodic one without it still counts as periodic). */
  hadFirstService: boolean;
  /** The earliest reading (for vehicles bought elsewhere: counted from their first visit). */
  firstVisit: Reading | null;
}

export interface DueResult {
  kind: DueKind;
  base: DueBase;
  baseOn: string;
  baseKm: number | null;
  /** By the rule's months. */
  timeDueOn: string;
  /** By the rule's km at the estimated pace; null when no reading or no pace (time only). */
  mileageDueOn: string | null;
  dueOn: string;
  dueKm: number | null;
  dueBy: 'time' | 'mileage';
  timeOnly: boolean;
}

/**
 * The next first or periodic service; null only when nothing at all is known (no delivery date,
 * no service, no reading).
 */
export function nextDue(rule: ServiceRuleValues, facts: DueFacts, pace: PaceEstimate): DueResult | null {
  let kind: DueKind;
  let base: DueBase;
  let baseOn: string;
  let baseKm: number | null;
  let months: number;
  let km: number;
  if (facts.lastService) {
    kind = 'periodic';
    base = facts.lastService.type;
    baseOn = facts.lastService.on;
    baseKm = facts.lastService.km ?? estimateKmOn(pace, baseOn);
    months = rule.intervalMonths;
    km = rule.intervalKm;
  } else if (facts.deliveryOn !== null && !facts.hadFirstService) {
    kind = 'first';
    base = 'delivery';
    baseOn = facts.deliveryOn;
    baseKm = 0;
    months = rule.firstMonths;
    km = rule.firstKm;
  } else if (facts.firstVisit) {
    kind = 'periodic';
    base = 'first_visit';
    baseOn = facts.firstVisit.on;
    baseKm = facts.firstVisit.km;
    months = rule.intervalMonths;
    km = rule.intervalKm;
  } else return null;

  const timeDueOn = addMonths(baseOn, months);
  const dueKm = baseKm === null ? null : baseKm + km;
  let mileageDueOn: string | null = null;
  if (dueKm !== null && pace.last && pace.kmPerDay > 0) {
    const days = (dueKm - pace.last.km) / pace.kmPerDay;
    mileageDueOn = addDays(pace.last.on, days >= 0 ? Math.ceil(days) : -Math.floor(-days));
  }
  const byMileage = mileageDueOn !== null && mileageDueOn < timeDueOn;
  return {
    kind,
    base,
    baseOn,
    baseKm,
    timeDueOn,
    mileageDueOn,
    dueOn: byMileage ? (mileageDueOn as string) : timeDueOn,
    dueKm,
    dueBy: byMileage ? 'mileage' : 'time',
    timeOnly: mileageDueOn === null,
  };
}

/** 12,345 km. By hand: Intl formatting costs microseconds a call, and a month's list has thousands. */
function km(n: number): string {
  const digits = String(Math.abs(Math.round(n)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return `${n < 0 ? '-' : ''}${out} km`;
}

/** Why the vehicle is due, in the clerk's words (shown on the list and the vehicle page). */
export function explainDue(rule: ServiceRuleValues, due: DueResult, pace: PaceEstimate): string {
  const kindLabel = DUE_KIND_LABELS[due.kind];
  const ruleText =
    due.kind === 'first'
      ? `首保规则 ${km(rule.firstKm)} 或 ${rule.firstMonths} 个月`
      : `定保规则每 ${km(rule.intervalKm)} 或 ${rule.intervalMonths} 个月`;
  const from = `${DUE_BASE_LABELS[due.base]} ${due.baseOn}${due.baseKm !== null ? `（${km(due.baseKm)}）` : ''}`;
  const parts = [`从${from}起算，${ruleText}`, `按时间 ${due.timeDueOn} 到期`];
  if (due.mileageDueOn !== null && due.dueKm !== null)
    parts.push(
      `按里程约 ${due.mileageDueOn} 达到 ${km(due.dueKm)}（${PACE_SOURCE_LABELS[pace.source]}日均 ${Math.round(pace.kmPerDay)} km）`,
    );
  else parts.push(pace.last ? '日均里程为 0，只按时间' : '没有里程读数，只按时间');
  parts.push(`${kindLabel}以${due.dueBy === 'time' ? '时间' : '里程'}为准：${due.dueOn}`);
  return parts.join('；');
}
