import type { TimeWindow } from '../../../../src-shared/domain/revisits';

/**
 * When a call may be made: the store's calling windows (设置 → 回访, 10:00-12:00 and 15:00-18:00 by
 * default) and the customer's own 方便接听时间 (customer.preferred_call_time, free text as the clerk
 * typed it). Pure: no clock, no archive; times of day are `HH:mm`, compared as text.
 *
 * The customer's text is read clause by clause (split at ，、；/ 或 和). Inside a clause the pieces
 * narrow each other (下班后（18点前） = 17:00-18:00); clauses add up (上午或下午3点后). What is read:
 *   periods   早上 07:00-09:00, 上午 08:00-12:00, 中午 11:30-13:30, 下午 13:00-18:00,
 *             傍晚 17:00-19:00, 下班后 17:00-21:00, 晚上 18:00-21:00, 白天 08:00-18:00
 *   times     10:30, 10点, 10点半, 10点30(分); in 下午/傍晚/晚上/下班后 an hour below 12 is p.m.;
 *             without a period, 1-6点 is p.m. too (nobody asks to be phoned at 3 a.m.)
 *   ranges    A-B, A到B, A至B, A~B;  A后/A以后/A之后 (to the end of the period, else 21:00);
 *             A前/A以前/A之前 (from the start of the period, else 08:00)
 *   days      工作日/平时/周一至周五 (Mon-Fri), 周末/双休日/周六日 (Sat, Sun), 周六, 周日/周天/星期天
 *   negation  不要/别/勿/不方便 in a clause: the rest of the day (08:00-21:00) or the other days
 *   anytime   随时, 都可以, 全天, 任何时间: no constraint
 * A clause with none of these is not understood; when no clause is understood the text is ignored
 * (the clerk still sees it as written).
 */

export interface CustomerTime {
  /** As written. */
  text: string;
  /** False when nothing in the text could be read: then it constrains nothing. */
  understood: boolean;
  /** Windows of the day the customer can take a call; null: any time of day. */
  windows: TimeWindow[] | null;
  /** Days of the week (0 Sunday … 6 Saturday); null: any day. */
  days: number[] | null;
}

const DAY_START = '08:00';
const DAY_END = '21:00';
const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [0, 6];
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

const PERIODS: { word: string; window: TimeWindow; pm: boolean }[] = [
  { word: '下班后', window: { from: '17:00', to: '21:00' }, pm: true },
  { word: '下班以后', window: { from: '17:00', to: '21:00' }, pm: true },
  { word: '早上', window: { from: '07:00', to: '09:00' }, pm: false },
  { word: '早晨', window: { from: '07:00', to: '09:00' }, pm: false },
  { word: '上午', window: { from: '08:00', to: '12:00' }, pm: false },
  { word: '中午', window: { from: '11:30', to: '13:30' }, pm: false },
  { word: '午休', window: { from: '12:00', to: '13:30' }, pm: false },
  { word: '下午', window: { from: '13:00', to: '18:00' }, pm: true },
  { word: '傍晚', window: { from: '17:00', to: '19:00' }, pm: true },
  { word: '晚上', window: { from: '18:00', to: '21:00' }, pm: true },
  { word: '晚间', window: { from: '18:00', to: '21:00' }, pm: true },
  { word: '白天', window: { from: '08:00', to: '18:00' }, pm: false },
];

const DAY_WORDS: { pattern: RegExp; days: number[] }[] = [
  { pattern: /(周|星期)一(至|到|-|~)(周|星期)?五/, days: WEEKDAYS },
  { pattern: /工作日|平时|平日/, days: WEEKDAYS },
  { pattern: /周末|双休日?|(周|星期)六(、|和|或)?(周|星期)?[日天]/, days: WEEKEND },
  { pattern: /(周|星期)六/, days: [6] },
  { pattern: /(周|星期)[日天]/, days: [0] },
];

const NEGATION = /不要|别|勿|不方便|不能|不接/;
const ANYTIME = /随时|都可以|都行|全天|任何时间|不限/;

/** `9:05` → 545 (minutes after midnight). */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function hhmmOf(minutes: number): string {
  const m = Math.max(0, Math.min(24 * 60 - 1, minutes));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function windowLabel(w: TimeWindow): string {
  return `${w.from}-${w.to}`;
}

/** A time as written in the clause (10:30, 10点, 10点半, 10点30分) → HH:mm, with the clause's a.m./p.m. */
function timeOf(h: string, m: string | undefined, half: boolean, pm: boolean | null): string | null {
  let hour = Number(h);
  const minute = half ? 30 : m !== undefined && m !== '' ? Number(m) : 0;
  if (!Number.isInteger(hour) || hour > 24 || minute > 59) return null;
  if (pm === true && hour < 12) hour += 12;
  else if (pm === null && hour >= 1 && hour <= 6) hour += 12;
  if (hour >= 24) hour = 23;
  return hhmmOf(hour * 60 + minute);
}

const TIME = String.raw`(\d{1,2})(?:[:：](\d{2})|点(半|(\d{1,2})分?)?|时)`;
/** In a range the first time may go without 点 (10-12点). */
const LOOSE_TIME = `${TIME}?`;
const RANGE = new RegExp(`${LOOSE_TIME}\\s*(?:-|－|—|~|～|到|至)\\s*${LOOSE_TIME}`);
const AFTER = new RegExp(`${TIME}\\s*(?:以后|之后|后|起)`);
const BEFORE = new RegExp(`${TIME}\\s*(?:以前|之前|前)`);

function readTime(m: RegExpExecArray, at: number, pm: boolean | null): string | null {
  const h = m[at]!;
  const colonMinutes = m[at + 1];
  const halfOrMinutes = m[at + 2];
  const minutes = m[at + 3];
  return timeOf(h, colonMinutes ?? minutes, halfOrMinutes === '半', pm);
}

function intersect(a: TimeWindow, b: TimeWindow): TimeWindow | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from < to ? { from, to } : null;
}

/** Sorted, overlapping windows merged. */
function normalise(windows: TimeWindow[]): TimeWindow[] {
  const sorted = [...windows].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: TimeWindow[] = [];
  for (const w of sorted) {
    const last = out.at(-1);
    if (last && w.from <= last.to) {
      if (w.to > last.to) last.to = w.to;
    } else out.push({ ...w });
  }
  return out;
}

function complement(windows: TimeWindow[]): TimeWindow[] {
  const out: TimeWindow[] = [];
  let from = DAY_START;
  for (const w of normalise(windows)) {
    if (w.from > from) out.push({ from, to: w.from < DAY_END ? w.from : DAY_END });
    if (w.to > from) from = w.to;
  }
  if (from < DAY_END) out.push({ from, to: DAY_END });
  return out.filter((w) => w.from < w.to);
}

interface Clause {
  windows: TimeWindow[] | null;
  days: number[] | null;
}

function readClause(raw: string): Clause | null {
  let text = raw;
  let understood = false;
  let days: number[] | null = null;
  for (const d of DAY_WORDS) {
    if (d.pattern.test(text)) {
      days = d.days;
      text = text.replace(d.pattern, ' ');
      understood = true;
      break;
    }
  }
  if (ANYTIME.test(text)) return { windows: null, days };
  const period = PERIODS.find((p) => text.includes(p.word)) ?? null;
  if (period) understood = true;
  const pm = period ? period.pm : null;
  let window: TimeWindow | null = period ? { ...period.window } : null;
  const range = RANGE.exec(text);
  if (range) {
    const from = readTime(range, 1, pm);
    const toRaw = readTime(range, 5, pm);
    // 11点-1点: the second time is after the first (12-hour habit).
    const to =
      from && toRaw && toRaw <= from && Number(range[5]) < 12
        ? timeOf(range[5]!, range[6] ?? range[8], range[7] === '半', true)
        : toRaw;
    if (from && to && from < to) {
      window = window ? (intersect(window, { from, to }) ?? { from, to }) : { from, to };
      understood = true;
    }
  } else {
    const after = AFTER.exec(text);
    const before = BEFORE.exec(text);
    if (after) {
      const from = readTime(after, 1, pm);
      if (from) {
        const base = window ?? { from: DAY_START, to: DAY_END };
        window = { from, to: base.to > from ? base.to : DAY_END };
        understood = true;
      }
    }
    if (before) {
      const to = readTime(before, 1, pm);
      if (to) {
        const base = window ?? { from: DAY_START, to: DAY_END };
        window = { from: base.from < to ? base.from : DAY_START, to };
        understood = true;
      }
    }
  }
  if (!understood) return null;
  if (NEGATION.test(text)) {
    if (window) return { windows: complement([window]), days };
    if (days) return { windows: null, days: ALL_DAYS.filter((d) => !days!.includes(d)) };
  }
  return { windows: window ? [window] : null, days };
}

/** The customer's 方便接听时间, read as far as it can be (see the file's comment). */
export function parsePreferredTime(text: string): CustomerTime {
  const written = text ?? '';
  const normal = written
    .trim()
    .replace(/[（(]/g, ' ')
    .replace(/[）)]/g, ' ')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (normal === '') return { text: written, understood: false, windows: null, days: null };
  const clauses = normal
    .split(/[，,、；;/]|或者|或|和|及/)
    .map((c) => readClause(c.trim()))
    .filter((c): c is Clause => c !== null);
  if (clauses.length === 0) return { text: written, understood: false, windows: null, days: null };
  // Any clause without a time of day allows the whole day; days likewise.
  const windows = clauses.some((c) => c.windows === null) ? null : normalise(clauses.flatMap((c) => c.windows ?? []));
  // 周末、下午3点后: the days of the one clause, any day for the other.
  const days = clauses.some((c) => c.days === null) ? null : [...new Set(clauses.flatMap((c) => c.days ?? []))].sort();
  return { text: written, understood: true, windows, days };
}

export interface DayWindows {
  /** The windows to call in on that day, in order. Empty: not on that day. */
  windows: TimeWindow[];
  /** The customer's time decided (it met no store window, so it wins over the store's). */
  customerWins: boolean;
  /** The customer takes no calls on that weekday (工作日/周末). */
  notThisDay: boolean;
}

/** Day of the week of a `YYYY-MM-DD`: 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))),
  ).getUTCDay();
}

/**
 * The windows a customer is called in on `date`: the store's windows narrowed to the customer's
 * time; when the two do not meet at all (晚上, 中午12点-13点), the customer's time wins (calling
 * inside their time is worth more than keeping to the store's). An unread text changes nothing.
 */
export function windowsFor(store: readonly TimeWindow[], customer: CustomerTime, date: string): DayWindows {
  const storeWindows = normalise([...store]);
  if (!customer.understood) return { windows: storeWindows, customerWins: false, notThisDay: false };
  if (customer.days !== null && !customer.days.includes(weekdayOf(date)))
    return { windows: [], customerWins: false, notThisDay: true };
  if (customer.windows === null) return { windows: storeWindows, customerWins: false, notThisDay: false };
  const both: TimeWindow[] = [];
  for (const s of storeWindows)
    for (const c of customer.windows) {
      const w = intersect(s, c);
      if (w) both.push(w);
    }
  if (both.length > 0) return { windows: normalise(both), customerWins: false, notThisDay: false };
  return { windows: normalise(customer.windows), customerWins: true, notThisDay: false };
}

/** The window `time` falls in (from inclusive, to exclusive), or null. */
export function windowAt(windows: readonly TimeWindow[], time: string): TimeWindow | null {
  return windows.find((w) => w.from <= time && time < w.to) ?? null;
}

/** The first window starting at or after `time`, or null (none left on the day). */
export function windowFrom(windows: readonly TimeWindow[], time: string): TimeWindow | null {
  return windows.find((w) => w.from >= time) ?? null;
}

export type Placement =
  /** Callable now, in `window`. */
  | { at: 'now'; window: TimeWindow }
  /** Callable from `window.from` later on the day. */
  | { at: 'later'; window: TimeWindow; tried: boolean }
  /** Nothing left on the day. */
  | { at: 'tomorrow'; tried: boolean };

/**
 * Where a call stands at `now` on its day (`tried`: placed there because of an attempt). An attempt not reached (无人接听, 占线, 关机) at
 * `triedAt` uses up the window it was made in: the call moves to the next window of the day, and
 * after the last one to the next day. An attempt outside every window blocks nothing.
 */
export function placeInDay(windows: readonly TimeWindow[], now: string, triedAt: string | null): Placement {
  const used = triedAt === null ? null : windowAt(windows, triedAt);
  const blockedUntil = used && used.to > now ? used.to : null;
  if (blockedUntil === null) {
    const current = windowAt(windows, now);
    if (current) return { at: 'now', window: current };
    const next = windowFrom(windows, now);
    return next ? { at: 'later', window: next, tried: false } : { at: 'tomorrow', tried: false };
  }
  const next = windowFrom(windows, blockedUntil);
  return next ? { at: 'later', window: next, tried: true } : { at: 'tomorrow', tried: true };
}
