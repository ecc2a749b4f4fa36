/**
 * Another writer holds the archive (a CLI import, a second window): here a second better-sqlite3
 * connection to the same file holding BEGIN IMMEDIATE. The host's dispatcher must go on answering:
 * reads at once (WAL), a write waits for the lock without blocking the event loop and succeeds once
 * it is released, and a write that cannot get the lock within the retry window is refused with the
 * storage message and changes nothing. (Before: busy_timeout = 5000 slept on the event loop, so the
 * timer that releases the lock could not even run, and the write was refused.)
 */
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_WINDOW_MS } from '../../src-main/api/busy-retry';
import { openSetUpArchive, rowCounts, type TestArchive } from '../support/archive';
import { onPostgres } from '../support/pg';

const open: TestArchive[] = [];
const others: BetterSqlite3.Database[] = [];
afterEach(async () => {
  for (const db of others.splice(0)) if (db.open) db.close();
  for (const t of open.splice(0)) await t.close();
});

async function counter(): Promise<TestArchive> {
  const t = await openSetUpArchive();
  open.push(t);
  const users = await t.must('users.list', {});
  await t.must('session.login', { userId: users.find((u) => u.name === '小王')!.id, pin: '1111' });
  return t;
}

/** The other writer: its own connection, holding the write lock until released. */
function lockArchive(file: string): { release(): void } {
  const other = new BetterSqlite3(file);
  others.push(other);
  other.exec('BEGIN IMMEDIATE');
  other.prepare("INSERT INTO app_setting (key, value) VALUES ('busy-writer-test', '1')").run();
  return {
    release: () => {
      other.exec('COMMIT');
      other.close();
    },
  };
}

// SQLite's one-writer file lock (SQLITE_BUSY, the host's async retry): a server has row locks instead
// (two counters writing at once: tests/db/two-counters.test.ts).
describe.skipIf(onPostgres())('a write waits for another writer without blocking the host', () => {
  it('reads are answered at once; the write succeeds once the lock is released, not refused', async () => {
    const t = await counter();
    const lock = lockArchive(t.file);
    const order: string[] = [];
    // Released by a timer on this same event loop: it can only fire if the waiting write does not block it.
    setTimeout(() => {
      order.push('released');
      lock.release();
    }, 1500);
    const write = t.call('customers.create', { name: '等待写入', mobile: '13912345678' }).then((r) => {
      order.push('write answered');
      return r;
    });
    // While the write waits for the lock, reads go on.
    const read = await t.call('customers.list', { page: 1, pageSize: 10 });
    order.push('read answered');
    expect(read.ok).toBe(true);
    const info = await t.call('app.getInfo', {});
    expect(info.ok).toBe(true);
    const written = await write;
    expect(written.ok, written.ok ? '' : written.error.message).toBe(true);
    expect(order).toEqual(['read answered', 'released', 'write answered']);
    const count = t.archive.sqlite!.prepare("SELECT count(*) FROM customer WHERE name = '等待写入'").pluck().get();
    expect(count).toBe(1);
  });

  it(
    'a lock held past the retry window: refused with the storage message, nothing written, reads go on',
    async () => {
      const t = await counter();
      const before = await rowCounts(t.archive);
      const lock = lockArchive(t.file);
      let answered = false;
      const write = t.call('customers.create', { name: '写不进去', mobile: '13912345679' }).then((r) => {
        answered = true;
        return r;
      });
      const read = await t.call('customers.list', { page: 1, pageSize: 10 });
      expect(read.ok).toBe(true);
      expect(answered).toBe(false);
      const refused = await write;
      lock.release();
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('CONFLICT');
        expect(refused.error.message).toMatch(/档案库正被另一个程序写入/);
      }
      const after = await rowCounts(t.archive);
      // The other writer's own row is there; nothing of the refused write is.
      expect({ ...after, app_setting: before.app_setting }).toEqual(before);
      expect(t.archive.sqlite!.prepare("SELECT count(*) FROM customer WHERE name = '写不进去'").pluck().get()).toBe(0);
    },
    BUSY_WINDOW_MS + 30_000,
  );
});
