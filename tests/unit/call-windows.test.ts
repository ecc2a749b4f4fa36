import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src-main/services/revisits/queue/call-records';
import {
  parsePreferredTime,
  placeInDay,
  weekdayOf,
  windowAt,
  windowsFor,
} from '../../src-main/services/revisits/queue/call-windows';
import { compareEntries, type DayContext, evaluate } from '../../src-main/services/revisits/queue/queue-state';
import type { CustomerFacts, Subject } from '../../src-main/services/revisits/queue/subjects';
import { DEFAULT_REVISIT_SETTINGS, type QueueEntry, type RevisitSettings } from '../../src-shared/domain/revisits';

const STORE = DEFAULT_REVISIT_SETTINGS.windows;
/** A Monday. */
const MONDAY = '2026-11-23';
const SATURDAY = '2026-11-28';

describe('the customer’s 方便接听时间', () => {
  it.each([
    ['上午', [{ from: '08:00', to: '12:00' }], null],
    ['上午10点后', [{ from: '10:00', to: '12:00' }], null],
    ['下午3点以后', [{ from: '15:00', to: '18:00' }], null],
    ['工作日中午12点-13点', [{ from: '12:00', to: '13:00' }], [1, 2, 3, 4, 5]],
    ['周末', null, [0, 6]],
    ['下班后（18点前）', [{ from: '17:00', to: '18:00' }], null],
    ['不要在上午打', [{ from: '12:00', to: '21:00' }], null],
    ['晚上', [{ from: '18:00', to: '21:00' }], null],
    ['傍晚', [{ from: '17:00', to: '19:00' }], null],
    ['9点-11点', [{ from: '09:00', to: '11:00' }], null],
    ['10:30-11:30', [{ from: '10:30', to: '11:30' }], null],
    ['下午3点半到5点', [{ from: '15:30', to: '17:00' }], null],
    ['10-12点', [{ from: '10:00', to: '12:00' }], null],
    ['3点以后', [{ from: '15:00', to: '21:00' }], null],
    [
      '上午或下午4点后',
      [
        { from: '08:00', to: '12:00' },
        { from: '16:00', to: '18:00' },
      ],
      null,
    ],
    ['周六上午', [{ from: '08:00', to: '12:00' }], [6]],
    ['随时', null, null],
    ['１０点－１２点', [{ from: '10:00', to: '12:00' }], null],
  ])('%s', (text, windows, days) => {
    const t = parsePreferredTime(text);
    expect(t.understood).toBe(true);
    expect(t.windows).toEqual(windows);
    expect(t.days).toEqual(days);
  });

  it('text it cannot read constrains nothing and is kept as written', () => {
    for (const text of ['', '找他爱人', '晚饭后再说']) {
      const t = parsePreferredTime(text);
      expect(t).toMatchObject({ text, understood: false, windows: null, days: null });
      expect(windowsFor(STORE, t, MONDAY)).toEqual({ windows: STORE, customerWins: false, notThisDay: false });
    }
  });
});

describe('the windows a customer is called in', () => {
  it('the store’s windows narrowed to the customer’s time', () => {
    expect(windowsFor(STORE, parsePreferredTime('上午10点后'), MONDAY).windows).toEqual([
      { from: '10:00', to: '12:00' },
    ]);
    expect(windowsFor(STORE, parsePreferredTime('下午3点半到5点'), MONDAY).windows).toEqual([
      { from: '15:30', to: '17:00' },
    ]);
    expect(windowsFor(STORE, parsePreferredTime('不要在上午打'), MONDAY).windows).toEqual([
      { from: '15:00', to: '18:00' },
    ]);
  });

  it('when the customer’s time meets no store window, the customer’s time wins', () => {
    expect(windowsFor(STORE, parsePreferredTime('晚上'), MONDAY)).toEqual({
      windows: [{ from: '18:00', to: '21:00' }],
      customerWins: true,
      notThisDay: false,
    });
    expect(windowsFor(STORE, parsePreferredTime('工作日中午12点-13点'), MONDAY).windows).toEqual([
      { from: '12:00', to: '13:00' },
    ]);
  });

  it('工作日 and 周末 decide the day', () => {
    expect(weekdayOf(MONDAY)).toBe(1);
    expect(weekdayOf(SATURDAY)).toBe(6);
    expect(windowsFor(STORE, parsePreferredTime('周末'), MONDAY).notThisDay).toBe(true);
    expect(windowsFor(STORE, parsePreferredTime('周末'), SATURDAY)).toMatchObject({
      windows: STORE,
      notThisDay: false,
    });
    expect(windowsFor(STORE, parsePreferredTime('工作日中午12点-13点'), SATURDAY).notThisDay).toBe(true);
  });

  it('a window is [from, to)', () => {
    expect(windowAt(STORE, '10:00')).toEqual(STORE[0]);
    expect(windowAt(STORE, '11:59')).toEqual(STORE[0]);
    expect(windowAt(STORE, '12:00')).toBeNull();
  });
});

describe('placing a call in its day', () => {
  it('now inside a window, later before one, tomorrow after the last', () => {
    expect(placeInDay(STORE, '09:00', null)).toEqual({ at: 'later', window: STORE[0], tried: false });
    expect(placeInDay(STORE, '10:30', null)).toEqual({ at: 'now', window: STORE[0] });
    expect(placeInDay(STORE, '13:00', null)).toEqual({ at: 'later', window: STORE[1], tried: false });
    expect(placeInDay(STORE, '18:00', null)).toEqual({ at: 'tomorrow', tried: false });
  });

  it('not reached in a window: the next window, after the last one the next day', () => {
    expect(placeInDay(STORE, '10:40', '10:35')).toEqual({ at: 'later', window: STORE[1], tried: true });
    // The afternoon comes: callable again.
    expect(placeInDay(STORE, '15:05', '10:35')).toEqual({ at: 'now', window: STORE[1] });
    expect(placeInDay(STORE, '15:20', '15:10')).toEqual({ at: 'tomorrow', tried: true });
    // An attempt outside every window uses nothing up.
    expect(placeInDay(STORE, '10:05', '09:30')).toEqual({ at: 'now', window: STORE[0] });
  });
});

// ---- the rules, on a fixed day and time ----

const subject = (over: Partial<Subject> = {}): Subject => ({
  key: 'followup7:ro:1',
  kind: 'followup7',
  reason: '交车 7 天跟踪回访（11-16 交车）',
  dueOn: MONDAY,
  roId: 1,
  roNumber: 'RO0001',
  vehicleId: 1,
  plate: '浙A12345',
  model: '朗逸',
  customerId: 1,
  marketing: false,
  anonymised: false,
  ...over,
});
const customer = (over: Partial<CustomerFacts> = {}): CustomerFacts => ({
  name: '王伟',
  phone: '13900000001',
  preferredTime: '',
  skipReason: null,
  ...over,
});
const record = (over: Partial<CallRecord> = {}): CallRecord => ({
  id: 9,
  key: 'followup7:ro:1',
  kind: 'followup7',
  state: 'open',
  dueOn: MONDAY,
  callbackAt: null,
  closedAt: null,
  attempts: 0,
  lastAttempt: null,
  followUpChannel: null,
  followUpAt: null,
  ...over,
});
const day = (now: string, date = MONDAY, settings: RevisitSettings = DEFAULT_REVISIT_SETTINGS): DayContext => ({
  date,
  now,
  settings,
  mode: 'queue',
});
const tried = (at: string, outcome: 'no_answer' | 'busy' | 'off' | 'call_back' = 'no_answer', n = 1) =>
  record({ attempts: n, lastAttempt: { at: `${MONDAY}T${at}:00+08:00`, outcome, by: '小王' } });

describe('the queue’s rules', () => {
  it('a call of the day: later before the first window, now inside it, with the window', () => {
    expect(evaluate(subject(), customer(), null, day('09:00'))).toMatchObject({
      state: 'later',
      nextAt: '10:00',
      window: '10:00-12:00',
      overdueDays: 0,
    });
    expect(evaluate(subject(), customer(), null, day('10:15'))).toMatchObject({
      state: 'now',
      window: '10:00-12:00',
      nextAt: null,
    });
  });

  it('respects the customer’s time: 下午3点以后 is later at 10:15, now at 15:00; 晚上 wins over the store', () => {
    expect(evaluate(subject(), customer({ preferredTime: '下午3点以后' }), null, day('10:15'))).toMatchObject({
      state: 'later',
      nextAt: '15:00',
      window: '15:00-18:00',
    });
    expect(evaluate(subject(), customer({ preferredTime: '下午3点以后' }), null, day('15:00'))?.state).toBe('now');
    expect(evaluate(subject(), customer({ preferredTime: '晚上' }), null, day('17:00'))).toMatchObject({
      state: 'later',
      nextAt: '18:00',
      window: '18:00-21:00',
    });
    expect(evaluate(subject(), customer({ preferredTime: '晚上' }), null, day('19:30'))?.state).toBe('now');
    // 周末 on a Monday: not today.
    const weekend = evaluate(subject(), customer({ preferredTime: '周末' }), null, day('10:15'));
    expect(weekend).toMatchObject({ state: 'later', nextAt: null, window: null });
    expect(weekend?.reason).toContain('今天不打');
  });

  it('not reached: the next window, then tomorrow; the attempts are counted', () => {
    const morning = evaluate(subject(), customer(), tried('10:20'), day('10:25'));
    expect(morning).toMatchObject({ state: 'later', nextAt: '15:00', attempts: 1, callId: 9 });
    expect(morning?.lastAttempt).toMatchObject({ outcome: 'no_answer', by: '小王' });
    expect(evaluate(subject(), customer(), tried('10:20'), day('15:01'))?.state).toBe('now');
    const afternoon = evaluate(subject(), customer(), tried('15:30', 'busy', 2), day('15:31'));
    expect(afternoon).toMatchObject({ state: 'later', nextAt: null, attempts: 2 });
    expect(afternoon?.reason).toContain('明天再打');
  });

  it('the next day it is overdue with its days; after maxAttempts or maxDays it gives up (未接通) and is offered SMS/letter', () => {
    const tuesday = '2026-11-24';
    const yesterday = record({
      attempts: 2,
      lastAttempt: { at: `${MONDAY}T15:30:00+08:00`, outcome: 'off', by: '小王' },
    });
    expect(evaluate(subject(), customer(), yesterday, day('10:30', tuesday))).toMatchObject({
      state: 'overdue',
      overdueDays: 1,
      window: '10:00-12:00',
    });
    // Third attempt not reached (the call record still open): given up.
    const third = record({
      attempts: 3,
      lastAttempt: { at: `${tuesday}T10:40:00+08:00`, outcome: 'no_answer', by: '小王' },
    });
    const gaveUp = evaluate(subject(), customer(), third, day('10:45', tuesday));
    expect(gaveUp).toMatchObject({ state: 'unreached', attempts: 3, followUpChannel: null });
    expect(gaveUp?.reason).toContain('请改发短信或信件');
    // Closed as 未接通 by the recording: shown maxDays days, then gone unless the clerk asks for it.
    const closed = record({
      state: 'unreached',
      attempts: 3,
      closedAt: `${tuesday}T10:40:00+08:00`,
      lastAttempt: third.lastAttempt,
    });
    expect(evaluate(subject(), customer(), closed, day('09:00', '2026-11-28'))?.state).toBe('unreached');
    expect(evaluate(subject(), customer(), closed, day('09:00', '2026-11-29'))).toBeNull();
    // SMS chosen: shown that day (progress), not after.
    const offered = { ...closed, followUpChannel: 'sms' as const, followUpAt: `${tuesday}T11:00:00+08:00` };
    expect(evaluate(subject(), customer(), offered, day('11:05', tuesday))).toMatchObject({
      state: 'unreached',
      followUpChannel: 'sms',
    });
    expect(evaluate(subject(), customer(), offered, day('09:00', '2026-11-25'))).toBeNull();
  });

  it('a call never tried is overdue for maxDays days, shown as 未接通 (没有打过) the day its days run out, then gone', () => {
    const s = subject({ dueOn: '2026-11-18' });
    expect(evaluate(s, customer(), null, day('10:30', '2026-11-22'))).toMatchObject({
      state: 'overdue',
      overdueDays: 4,
    });
    const given = evaluate(s, customer(), null, day('10:30', '2026-11-23'));
    expect(given).toMatchObject({ state: 'unreached', attempts: 0, overdueDays: 5 });
    expect(given?.reason).toContain('5 天内没有打过电话');
    expect(evaluate(s, customer(), null, day('10:30', '2026-11-24'))).toBeNull();
    // The call screen still finds it.
    expect(evaluate(s, customer(), null, { ...day('10:30', '2026-11-28'), mode: 'entry' })?.state).toBe('unreached');
  });

  it('done shows on the day it closed only', () => {
    const done = record({ state: 'done', attempts: 1, closedAt: `${MONDAY}T10:31:00+08:00` });
    expect(evaluate(subject(), customer(), done, day('10:35'))?.state).toBe('done');
    expect(evaluate(subject(), customer(), done, day('10:35', '2026-11-24'))).toBeNull();
  });

  it('skipped customers: with the reason, on the due day only, never callable', () => {
    const refused = customer({ skipReason: '客户不接电话：车已卖' });
    expect(evaluate(subject(), refused, null, day('10:30'))).toMatchObject({
      state: 'skipped',
      skipReason: '客户不接电话：车已卖',
      window: null,
    });
    expect(evaluate(subject({ dueOn: '2026-11-22' }), refused, null, day('10:30'))).toBeNull();
  });

  it('a callback: its own kind for the call’s kind, later until its moment, then now whatever the windows', () => {
    const cb = record({
      attempts: 1,
      callbackAt: `${MONDAY}T13:30:00+08:00`,
      lastAttempt: { at: `${MONDAY}T10:20:00+08:00`, outcome: 'call_back', by: '小王' },
    });
    expect(evaluate(subject(), customer(), cb, day('10:25'))).toMatchObject({
      key: 'followup7:ro:1',
      kind: 'callback',
      forKind: 'followup7',
      state: 'later',
      nextAt: '13:30',
      window: '13:30',
      dueAt: `${MONDAY}T13:30:00+08:00`,
    });
    // 13:30 is outside the store's windows: the customer asked for it.
    const now = evaluate(subject(), customer(), cb, day('13:31'));
    expect(now).toMatchObject({ state: 'now', kind: 'callback' });
    expect(now?.reason).toContain('客户约 13:30 回电');
    // Not reached at 13:35: back on the windows (15:00).
    const again = record({
      attempts: 2,
      callbackAt: cb.callbackAt,
      lastAttempt: { at: `${MONDAY}T13:35:00+08:00`, outcome: 'no_answer', by: '小王' },
    });
    expect(evaluate(subject(), customer(), again, day('13:40'))).toMatchObject({ state: 'later', nextAt: '15:00' });
    // A callback booked for Thursday: not in Monday's queue; its limits count from Thursday.
    const thursday = record({ attempts: 1, callbackAt: '2026-11-26T16:00:00+08:00' });
    expect(evaluate(subject(), customer(), thursday, day('10:25'))).toBeNull();
    expect(evaluate(subject({ dueOn: '2026-11-16' }), customer(), thursday, day('16:05', '2026-11-26'))).toMatchObject({
      state: 'now',
      overdueDays: 0,
      dueOn: '2026-11-26',
    });
  });

  it('a call not due yet is not in the day’s queue', () => {
    expect(evaluate(subject({ dueOn: '2026-11-24' }), customer(), null, day('10:30'))).toBeNull();
  });

  it('the settings decide: one window 09:00-17:00, maxDays 2', () => {
    const settings = { ...DEFAULT_REVISIT_SETTINGS, windows: [{ from: '09:00', to: '17:00' }], maxDays: 2 };
    expect(evaluate(subject(), customer(), null, day('12:30', MONDAY, settings))?.state).toBe('now');
    expect(evaluate(subject({ dueOn: '2026-11-21' }), customer(), null, day('12:30', MONDAY, settings))?.state).toBe(
      'unreached',
    );
  });
});

describe('the order', () => {
  const entry = (over: Partial<QueueEntry>): QueueEntry =>
    evaluate(subject({ key: over.key ?? 'k' }), customer(), null, day('10:30')) as QueueEntry & typeof over;
  it('now → later by time → overdue most days first → skipped → done → unreached; then due time, customer', () => {
    const e = (key: string, over: Partial<QueueEntry>) => ({ ...entry({ key }), key, ...over });
    const list = [
      e('u', { state: 'unreached' }),
      e('d', { state: 'done' }),
      e('s', { state: 'skipped' }),
      e('o1', { state: 'overdue', overdueDays: 1 }),
      e('o3', { state: 'overdue', overdueDays: 3 }),
      e('l-tomorrow', { state: 'later', nextAt: null }),
      e('l15', { state: 'later', nextAt: '15:00' }),
      e('l13', { state: 'later', nextAt: '13:30' }),
      e('n-zhang', { state: 'now', customerName: '张三' }),
      e('n-li', { state: 'now', customerName: '李四' }),
      e('n-callback', { state: 'now', customerName: '赵六', dueAt: `${MONDAY}T10:00:00+08:00` }),
    ];
    expect(list.sort(compareEntries).map((x) => x.key)).toEqual([
      'n-callback',
      'n-li',
      'n-zhang',
      'l13',
      'l15',
      'l-tomorrow',
      'o3',
      'o1',
      's',
      'd',
      'u',
    ]);
  });
});
