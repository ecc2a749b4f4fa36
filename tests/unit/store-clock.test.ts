import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clockFromEnvironment, StoreClock } from '../../src-main/services/context';
import {
  canonicalTimeZone,
  DEFAULT_TIME_ZONE,
  inTimeZone,
  isTimeZone,
  nowInstant,
  setStoreTimeZone,
  storeTimeZone,
  timeZoneOf,
  todayDate,
  toInstant,
} from '../../src-shared/validation/dates';

/** 07:30 on 3 December in China, 23:30 on 2 December in UTC: the hour where the two clocks disagreed. */
const LATE_UTC = new Date('2026-12-02T23:30:00Z');

afterEach(() => setStoreTimeZone(DEFAULT_TIME_ZONE));

describe('store clock: today and now in the store’s time zone', () => {
  it('gives the store’s date, not UTC’s or the PC’s', () => {
    expect(todayDate(LATE_UTC, 'Asia/Shanghai')).toBe('2026-12-03');
    expect(nowInstant(LATE_UTC, 'Asia/Shanghai')).toBe('2026-12-03T07:30:00+08:00');
    expect(todayDate(LATE_UTC, 'Europe/London')).toBe('2026-12-02');
    expect(nowInstant(LATE_UTC, 'Europe/London')).toBe('2026-12-02T23:30:00+00:00');
    expect(todayDate(LATE_UTC, 'America/Los_Angeles')).toBe('2026-12-02');
    expect(nowInstant(LATE_UTC, 'America/Los_Angeles')).toBe('2026-12-02T15:30:00-08:00');
    // Berlin is already past midnight at 23:30 UTC (CET, +01:00); an hour earlier it is not.
    expect(nowInstant(LATE_UTC, 'Europe/Berlin')).toBe('2026-12-03T00:30:00+01:00');
    expect(todayDate(new Date('2026-12-02T22:30:00Z'), 'Europe/Berlin')).toBe('2026-12-02');
    expect(todayDate(new Date('2026-12-02T22:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-03');
    expect(nowInstant(LATE_UTC, 'Asia/Urumqi')).toBe('2026-12-03T05:30:00+06:00');
  });

  it('follows daylight saving time (offset read for the moment, with Intl)', () => {
    expect(nowInstant(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01T14:00:00+02:00');
    expect(nowInstant(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe('2026-01-15T13:00:00+01:00');
    // Spring forward in Berlin: 01:00 UTC on 29 March 2026.
    expect(nowInstant(new Date('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe('2026-03-29T01:59:59+01:00');
    expect(nowInstant(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29T03:00:00+02:00');
    // Fall back in Los Angeles: 09:00 UTC on 1 November 2026.
    expect(nowInstant(new Date('2026-11-01T08:59:59Z'), 'America/Los_Angeles')).toBe('2026-11-01T01:59:59-07:00');
    expect(nowInstant(new Date('2026-11-01T09:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-01T01:00:00-08:00');
    // A half-hour DST shift (Lord Howe Island): +10:30 in winter, +11:00 in summer.
    expect(nowInstant(new Date('2026-07-01T00:00:00Z'), 'Australia/Lord_Howe')).toBe('2026-07-01T10:30:00+10:30');
    expect(nowInstant(new Date('2026-01-01T00:00:00Z'), 'Australia/Lord_Howe')).toBe('2026-01-01T11:00:00+11:00');
  });

  it('writes a typed local time with the zone’s offset on that date; DST gaps move on, repeats take the first', () => {
    expect(toInstant('2026-11-22 08:30', 'Asia/Shanghai')).toBe('2026-11-22T08:30:00+08:00');
    expect(toInstant('2026-11-22 08:30', 'Asia/Urumqi')).toBe('2026-11-22T08:30:00+06:00');
    expect(toInstant('2026-07-01 10:00', 'America/Los_Angeles')).toBe('2026-07-01T10:00:00-07:00');
    expect(toInstant('2026-12-01 10:00', 'America/Los_Angeles')).toBe('2026-12-01T10:00:00-08:00');
    expect(toInstant('2026-03-29 02:30', 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    expect(toInstant('2026-03-08 02:30', 'America/Los_Angeles')).toBe('2026-03-08T03:30:00-07:00');
    expect(toInstant('2026-10-25 02:30', 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
    expect(toInstant('2026-11-01 01:30', 'America/Los_Angeles')).toBe('2026-11-01T01:30:00-07:00');
    // A fixed offset, as before; a full ISO instant is kept as written.
    expect(toInstant('2026-11-22 08:30', '+08:00')).toBe('2026-11-22T08:30:00+08:00');
    expect(toInstant('2026-11-22T08:30:00-05:00', 'Asia/Shanghai')).toBe('2026-11-22T08:30:00-05:00');
    expect(toInstant('2026-02-30 08:30', 'Asia/Shanghai')).toBeNull();
  });

  it('is the same as the old fixed +08:00 clock for a store in China, at every hour of many years', () => {
    const oldNowInstant = (now: Date) => `${new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
    let seed = 7;
    for (let i = 0; i < 4_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const at = new Date(Date.UTC(1995, 0, 1) + (seed / 2_147_483_648) * 100 * 365 * 86_400_000);
      expect(nowInstant(at, 'Asia/Shanghai')).toBe(oldNowInstant(at));
    }
  });

  it('a moment read from the store clock carries the zone; bare dates use the store’s zone', () => {
    const clock = new StoreClock({ now: () => LATE_UTC }, 'Europe/London');
    expect(timeZoneOf(clock.now())).toBe('Europe/London');
    expect(todayDate(clock.now())).toBe('2026-12-02');
    expect(nowInstant(clock.now())).toBe('2026-12-02T23:30:00+00:00');
    // It also sets the zone for local times typed without an offset (parsed at the boundary).
    expect(storeTimeZone()).toBe('Europe/London');
    expect(toInstant('2026-07-01 10:00')).toBe('2026-07-01T10:00:00+01:00');
    clock.setTimeZone('asia/shanghai');
    expect(clock.timeZone).toBe('Asia/Shanghai');
    expect(todayDate(clock.now())).toBe('2026-12-03');
    // An unknown zone never reaches the clock (the contract refuses it); if it did, China time.
    clock.setTimeZone('Mars/Olympus');
    expect(clock.timeZone).toBe(DEFAULT_TIME_ZONE);
    expect(todayDate(inTimeZone(LATE_UTC, 'America/Los_Angeles'))).toBe('2026-12-02');
  });

  it('knows a time zone only when Intl does, and spells it as Intl does', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(canonicalTimeZone('asia/hong_kong')).toBe('Asia/Hong_Kong');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    for (const bad of ['', ' ', '+08:00', 'GMT+8 ', 'Mars/Olympus', 'Asia/Shanghai\u0000', 'A'.repeat(65), '北京'])
      expect(isTimeZone(bad), JSON.stringify(bad)).toBe(false);
  });

  it('a fake start for the running app’s clock only outside a packaged app, and a bad one is named', () => {
    const fake = clockFromEnvironment({ CLERKDESK_FAKE_NOW: '2026-12-02T23:30:00Z' }, false);
    expect(Math.abs(fake.now().getTime() - LATE_UTC.getTime())).toBeLessThan(60_000);
    // A packaged app ignores it and keeps the PC's clock (a moment far from any real now, so this
    // holds under faketime too).
    const packaged = clockFromEnvironment({ CLERKDESK_FAKE_NOW: '2001-02-03T04:05:06Z' }, true);
    expect(Math.abs(packaged.now().getTime() - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(packaged.now().getTime() - Date.parse('2001-02-03T04:05:06Z'))).toBeGreaterThan(60_000);
    expect(() => clockFromEnvironment({ CLERKDESK_FAKE_NOW: 'yesterday' }, false)).toThrow(/CLERKDESK_FAKE_NOW/);
  });
});

describe('the UI never reads the PC’s clock or zone for today or a shown date', () => {
  /**
   * Whatever asks the PC for its date or zone, Date.now() included (elapsed time is performance.now()).
   * The store clock (store-clock.tsx) is the one place that turns the archive's answer plus elapsed
   * time into now.
   */
  const PC_CLOCK =
    /\bdayjs\(\s*\)|new Date\(\s*\)|\bDate\.now\(|\btodayDate\(|\bnowInstant\(|toLocale(?:Date|Time)?String\(\s*\)|getTimezoneOffset|\.(?:getFullYear|getMonth|getDate|getHours|getDay)\(/;
  const ALLOWED = new Set(['components/store-clock.tsx']);

  function sources(dir: string, root = dir): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return sources(full, root);
      return /\.tsx?$/.test(e.name) ? [path.relative(root, full).split(path.sep).join('/')] : [];
    });
  }

  it('no renderer file but the store clock reads the PC’s date', () => {
    const root = path.resolve(__dirname, '../../src-renderer');
    const offenders = sources(root)
      .filter((f) => !ALLOWED.has(f))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(root, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ f, line, n: i + 1 }))
          .filter(({ line }) => PC_CLOCK.test(line))
          .map(({ f, n, line }) => `${f}:${n}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the guard itself catches what it is for', () => {
    for (const line of ["dayjs().format('YYYY-MM-DD')", 'const d = new Date();', 'todayDate()', 'x.getMonth() + 1'])
      expect(PC_CLOCK.test(line), line).toBe(true);
    expect(PC_CLOCK.test('new Date(`2026-12-03T00:00:00Z`).getUTCDay()')).toBe(false);
  });
});
