import { dateOf } from '../../../../src-shared/validation/dates';

/**
 * Callbacks (约定回电): a call the customer asked to be called back on, at a given moment. It is an
 * open call record with callback_at set, loaded by the partial index revisit_call_callback (see
 * call-records.ts, recordsFor) whatever the call's own due day. In the queue the entry keeps the
 * call's key, with kind 'callback', forKind the call's kind, dueAt the moment asked for; its day
 * is the callback's day (the limits count from there: a customer who asked to be called in ten
 * days is not given up on meanwhile). It is callable from that moment on, whatever the store's
 * windows (the customer chose the time; callbacks are booked inside business hours). An attempt
 * after the moment that does not reach the customer puts the call back on the windows.
 */

export type CallbackPlacement =
  /** Not today (the callback's day is `on`). */
  | { at: 'another_day'; on: string }
  /** Callable now, promised for `time`. */
  | { at: 'now'; time: string }
  /** Callable from `time` later today. */
  | { at: 'later'; time: string }
  /** Tried after the promised moment and not reached: back on the windows. */
  | { at: 'windows' };

export function placeCallback(
  callbackAt: string,
  date: string,
  now: string,
  triedToday: string | null,
): CallbackPlacement {
  const on = dateOf(callbackAt);
  if (on !== date) return { at: 'another_day', on };
  const time = callbackAt.slice(11, 16);
  if (triedToday !== null && triedToday >= time) return { at: 'windows' };
  return now >= time ? { at: 'now', time } : { at: 'later', time };
}

/** 客户约 15:30 回电, or 客户约 11-25 15:30 回电 when on another day than `date`. */
export function callbackReason(callbackAt: string, date: string): string {
  const time = callbackAt.slice(11, 16);
  return dateOf(callbackAt) === date ? `客户约 ${time} 回电` : `客户约 ${callbackAt.slice(5, 10)} ${time} 回电`;
}
