import { afterEach, beforeEach, expect } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import type { AppErrorShape } from '../../src-shared/errors';
import { openSetUpArchive, type TestArchive } from './archive';
import { rawSql as sharedRawSql } from './raw-sql';

/**
 * The 归档 tests' arrangement: a store clock the test moves to local times (UTC+8), an archive set
 * up with the clerk logged in, and local instants as the store writes them.
 */

/** A store clock and `at`, which moves it to a local time (UTC+8): at('2026-11-20T18:00:00'). */
export function movableClock(): { clock: Clock; at(local: string): void } {
  let nowUtc = '';
  return {
    clock: { now: () => new Date(nowUtc) },
    at: (local) => {
      nowUtc = new Date(`${local}+08:00`).toISOString();
    },
  };
}

/** A set-up archive on the clock with the clerk (小王) logged in. */
export async function openClerkArchive(clock: Clock): Promise<TestArchive> {
  const t = await openSetUpArchive({ clock });
  await t.loginAs('clerk');
  return t;
}

/** A local instant as the store writes it (UTC+8). */
export const local = (day: string, time = '10:00:00') => `${day}T${time}+08:00`;

/**
 * Each test of the file on a fresh clerk archive whose clock starts at `start` (a local time):
 * `t` is the current test's archive, `at` moves the clock, `run` / `all` are SQL on the archive.
 */
export function clerkArchiveEachTest(start: string) {
  const { clock, at } = movableClock();
  let current: TestArchive | null = null;
  beforeEach(async () => {
    at(start);
    current = await openClerkArchive(clock);
  }, 60_000);
  afterEach(async () => {
    await current?.close();
    current = null;
  }, 60_000);
  const archive = (): TestArchive => {
    if (!current) throw new Error('the archive is open only while a test runs');
    return current;
  };
  return {
    at,
    get t(): TestArchive {
      return archive();
    },
    ...rawSql(archive),
  };
}

/**
 * tests/support/raw-sql.ts's SQL on the test's archive, with better-sqlite3's `run` result: the rows
 * changed and, for an INSERT, the new row's id (through RETURNING, on both dialects; 0 for a table
 * without an `id` column).
 */
export function rawSql(archive: () => TestArchive) {
  const raw = sharedRawSql(() => archive().archive);
  return {
    all: raw.all,
    async run(query: string, ...params: unknown[]): Promise<{ changes: number; lastInsertRowid: number }> {
      if (!/^\s*insert\b/i.test(query) || /\breturning\b/i.test(query))
        return { changes: await raw.run(query, ...params), lastInsertRowid: 0 };
      const rows = await raw.all<{ id?: number }>(`${query} RETURNING *`, ...params);
      return { changes: rows.length, lastInsertRowid: Number(rows[0]?.id ?? 0) };
    },
  };
}

/** The refusal of a call that should be refused (a test fails if it was accepted). */
export async function refused(p: Promise<{ ok: true } | { ok: false; error: AppErrorShape }>): Promise<AppErrorShape> {
  const r = await p;
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('accepted');
  return r.error;
}
