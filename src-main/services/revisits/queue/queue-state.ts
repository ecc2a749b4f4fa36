import {
  type QueueEntry,
  type QueueState,
  type RevisitSettings,
  UNREACHED_OUTCOMES,
} from '../../../../src-shared/domain/revisits';
import { addDays, dateOf, daysBetween } from '../../../../src-shared/validation/dates';
import type { CallRecord } from './call-records';
import {
  type CustomerTime,
  type DayWindows,
  parsePreferredTime,
  placeInDay,
  windowLabel,
  windowsFor,
} from './call-windows';
import { callbackReason, placeCallback } from './callback';
import type { CustomerFacts, Subject } from './subjects';

/**
 * Where one call stands on a day: the queue's rules in one pure function (tests/unit/call-windows.test.ts
 * runs them on a fixed clock).
 *
 * - A call record closed as done shows as 'done' on the day it closed only (the clerk sees progress).
 * - A call that gave up (未接通) is offered an SMS or a letter instead and shows as 'unreached':
 *   closed by its attempts (`maxAttempts` not reached: the call record is closed as 未接通), from the
 *   day it closed for `maxDays` days while no SMS/letter is chosen (then on the choosing day only);
 *   run out of days (`maxDays` after its due day without being reached, tried or never tried), on
 *   that day. A call never attempted is thus not dropped silently when its days run out: it shows
 *   as 未接通（N 天内没有打过电话）on the day it gives up, counted with the others, and the SMS
 *   batch's source (RevisitQueueService.unreached) finds it by period afterwards.
 * - Customers who refuse calls (勿扰, the phone channel refused, no marketing consent for a reminder)
 *   or have no phone are 'skipped' with the reason, on the call's due day only: never callable.
 * - Open calls of the day: 'now' inside a window (the store's windows narrowed to the customer's
 *   方便接听时间; when the two do not meet, the customer's), else 'later' with the next window's
 *   start (nextAt). An attempt not reached uses up its window: 'later' in the next window, and after
 *   the last one 'later' with nextAt null (明天再打: the call is there again tomorrow).
 * - Open calls of an earlier day: 'overdue' with overdueDays (window/nextAt say when they can be
 *   called today), unless tried in the current window (then 'later', like a call of the day).
 * - A booked callback (see callback.ts) is the call's entry with kind 'callback' from that moment.
 * - Not yet due (a callback for another day, a subject due later): not in the day's queue.
 */

export interface DayContext {
  date: string;
  /** HH:mm of the store's clock (00:00 for another day than today: the day as it starts). */
  now: string;
  settings: RevisitSettings;
  /** 'entry': the call screen asks for one call whatever its state: never hidden. */
  mode: 'queue' | 'entry';
  /** The customer's 方便接听时间 read once per text. */
  readTime?: (text: string) => CustomerTime;
  /** The windows of the day for a 方便接听时间, once per text (the queue's cache). */
  windowsOf?: (text: string) => DayWindows;
}

type Placed = {
  state: QueueState;
  window?: string | null;
  nextAt?: string | null;
  reason?: string;
  skipReason?: string | null;
};

export function evaluate(
  subject: Subject,
  customer: CustomerFacts,
  record: CallRecord | null,
  day: DayContext,
): QueueEntry | null {
  const open = record === null || record.state === 'open';
  const callbackAt = open ? (record?.callbackAt ?? null) : null;
  const dueOn = callbackAt ? dateOf(callbackAt) : subject.dueOn;
  const age = daysBetween(dueOn, day.date);
  const reason = callbackAt ? `${callbackReason(callbackAt, day.date)}（${subject.reason}）` : subject.reason;
  const placed = decide(subject, customer, record, day, callbackAt, dueOn, age, reason);
  if (placed === null) return null;
  // One object per entry: the queue builds hundreds of them on every look.
  return {
    key: subject.key,
    kind: callbackAt ? 'callback' : subject.kind,
    forKind: callbackAt ? subject.kind : null,
    reason: placed.reason ?? reason,
    callId: record?.id ?? null,
    roId: subject.roId,
    roNumber: subject.roNumber,
    vehicleId: subject.vehicleId,
    plate: subject.plate,
    model: subject.model,
    customerId: subject.customerId,
    customerName: customer.name,
    phone: customer.phone,
    preferredTime: customer.preferredTime,
    dueOn,
    dueAt: callbackAt,
    window: placed.window ?? null,
    nextAt: placed.nextAt ?? null,
    state: placed.state,
    overdueDays: age > 0 ? age : 0,
    attempts: record?.attempts ?? 0,
    lastAttempt: record?.lastAttempt ?? null,
    skipReason: placed.skipReason ?? null,
    followUpChannel: record?.followUpChannel ?? null,
  };
}

function decide(
  subject: Subject,
  customer: CustomerFacts,
  record: CallRecord | null,
  day: DayContext,
  callbackAt: string | null,
  dueOn: string,
  age: number,
  reason: string,
): Placed | null {
  const { date, settings } = day;
  const keep = day.mode === 'entry';
  if (record !== null && record.state !== 'open') {
    const closedOn = record.closedAt ? dateOf(record.closedAt) : null;
    if (record.state === 'done') return closedOn === date || keep ? { state: 'done' } : null;
    if (record.state === 'cancelled') return keep ? { state: 'done', reason: `${subject.reason}（已取消）` } : null;
    return gaveUp(reason, record, closedOn ?? date, date, settings, keep);
  }
  if (age < 0) return keep ? { state: 'later', reason: `${reason}（${dueOn} 起打）` } : null;
  if (customer.skipReason !== null)
    return age === 0 || keep ? { state: 'skipped', skipReason: customer.skipReason } : null;
  if (record !== null && record.attempts >= settings.maxAttempts) {
    const on = record.lastAttempt ? dateOf(record.lastAttempt.at) : date;
    return gaveUp(reason, record, on, date, settings, keep);
  }
  if (age >= settings.maxDays) {
    // Out of days: on the day it gives up (the queue reads no further back; the SMS source does).
    const on = age === settings.maxDays ? date : addDays(dueOn, settings.maxDays);
    if (on !== date && !keep) return null;
    return gaveUp(reason, record, on, date, settings, keep);
  }

  const last = record?.lastAttempt ?? null;
  const triedToday =
    last !== null && dateOf(last.at) === date && UNREACHED_OUTCOMES.includes(last.outcome)
      ? last.at.slice(11, 16)
      : null;
  if (callbackAt) {
    const p = placeCallback(callbackAt, date, day.now, triedToday);
    if (p.at === 'now') return { state: age > 0 ? 'overdue' : 'now', window: p.time };
    if (p.at === 'later') return { state: 'later', window: p.time, nextAt: p.time };
  }
  const windows = day.windowsOf
    ? day.windowsOf(customer.preferredTime)
    : windowsFor(settings.windows, (day.readTime ?? parsePreferredTime)(customer.preferredTime), date);
  if (windows.notThisDay)
    return {
      state: age > 0 ? 'overdue' : 'later',
      reason: `${reason}；客户方便接听：${customer.preferredTime}，今天不打`,
    };
  const p = placeInDay(windows.windows, day.now, triedToday);
  const late: QueueState = p.at !== 'now' && p.tried ? 'later' : age > 0 ? 'overdue' : 'later';
  if (p.at === 'now') return { state: age > 0 ? 'overdue' : 'now', window: windowLabel(p.window) };
  if (p.at === 'later') return { state: late, window: windowLabel(p.window), nextAt: p.window.from };
  return { state: late, reason: `${reason}；${p.tried ? '今天没打通，明天再打' : '今天的时段已过，明天再打'}` };
}

/** 未接通 from `on`: shown then and for maxDays days while no SMS/letter was chosen; on the choosing day after. */
function gaveUp(
  reason: string,
  record: CallRecord | null,
  on: string,
  date: string,
  settings: RevisitSettings,
  keep: boolean,
): Placed | null {
  const since = daysBetween(on, date);
  const chosen = record?.followUpChannel ?? null;
  const visible = chosen
    ? record?.followUpAt
      ? dateOf(record.followUpAt) === date
      : since === 0
    : since >= 0 && since < settings.maxDays;
  if (!visible && !keep) return null;
  const attempts = record?.attempts ?? 0;
  const why = attempts === 0 ? `${settings.maxDays} 天内没有打过电话` : `打了 ${attempts} 次未接通`;
  return { state: 'unreached', reason: `${reason}；${why}${chosen ? '' : '，请改发短信或信件'}` };
}

/** now → later (by nextAt; 明天再打 last) → overdue (most days first) → skipped → done → unreached. */
const STATE_ORDER: Record<QueueState, number> = { now: 0, later: 1, overdue: 2, skipped: 3, done: 4, unreached: 5 };

const collator = new Intl.Collator('zh-CN');

/** The sort key of an entry, computed once (a comparison must not build strings). */
interface SortKey {
  state: number;
  nextAt: string;
  overdue: number;
  due: string;
  name: string;
  key: string;
}

function sortKeyOf(e: QueueEntry): SortKey {
  return {
    state: STATE_ORDER[e.state],
    nextAt: e.state === 'later' ? (e.nextAt ?? '99:99') : '',
    overdue: e.state === 'overdue' ? e.overdueDays : 0,
    // A callback's promised moment sorts before the plain calls of its day ('~' after any time).
    due: e.dueAt ?? `${e.dueOn}T~`,
    name: e.customerName ?? '',
    key: e.key,
  };
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.state !== b.state) return a.state - b.state;
  if (a.nextAt !== b.nextAt) return a.nextAt < b.nextAt ? -1 : 1;
  if (a.overdue !== b.overdue) return b.overdue - a.overdue;
  if (a.due !== b.due) return a.due < b.due ? -1 : 1;
  if (a.name !== b.name) {
    const c = collator.compare(a.name, b.name);
    if (c !== 0) return c;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The queue's order. Within 'later', by the time it can be called. Within 'overdue', the most
 * days first: those are the next to be given up (maxDays), so they get the clerk's first try; the
 * fresher ones still have days left. Then by due time (a callback's promised moment before the
 * plain calls of its day), then customer (pinyin order), then key (stable).
 */
export function compareEntries(a: QueueEntry, b: QueueEntry): number {
  return compareKeys(sortKeyOf(a), sortKeyOf(b));
}

/** Sorts in the queue's order, each entry's key computed once. */
export function sortEntries(entries: QueueEntry[]): QueueEntry[] {
  return entries
    .map((entry) => ({ entry, k: sortKeyOf(entry) }))
    .sort((a, b) => compareKeys(a.k, b.k))
    .map((x) => x.entry);
}
