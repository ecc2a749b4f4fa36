import type { Clock } from '../../src-main/services/context';
import { openSetUpArchive, type TestArchive } from './archive';

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
