/**
 * `migrate-archive` as users run it (a real process through tsx), and `seed-demo --db postgres://…`
 * refusing a server database that holds anything. The target is a PostgreSQL database when
 * CLERKDESK_TEST_PG is set, otherwise a new file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { openArchive } from '../../src-main/db/database';
import { openTestArchive, rowCounts, tempDir } from '../support/archive';
import { arrangeCliArchive, cliInProcess, cliProcess } from '../support/cli';
import { emptyPgDatabase, testPgAdminUrl } from '../support/pg';

const PASSWORD = 'pw-not-to-be-shown';

let dir: string;
let source: string;

/** An address with a password in it (the test server trusts local connections, so any password works). */
function withPassword(url: string): string {
  const u = new URL(url);
  u.password = PASSWORD;
  return u.toString();
}

beforeAll(async () => {
  dir = tempDir('clerkdesk-migrate-cli-');
  source = path.join(dir, 'source.sqlite');
  const t = await openTestArchive({ file: source, door: 'cli' });
  try {
    await arrangeCliArchive(t);
  } finally {
    await t.close();
  }
}, 60_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrate-archive', () => {
  it('copies a file into an empty archive, prints progress and a verified summary, exit 0', async () => {
    const server = testPgAdminUrl() ? await emptyPgDatabase() : null;
    const target = server ? withPassword(server.url) : path.join(dir, 'target.sqlite');
    try {
      const run = await cliProcess('migrate-archive', '--from', source, '--to', target);
      expect(run.err).not.toContain('错误');
      expect(run.code).toBe(0);
      expect(run.err).toMatch(/customer：1 行/);
      expect(run.out).toMatch(/表\s+行数\s+校验值前 12 位/);
      expect(run.out).toMatch(/repair_order\s+1\s+[0-9a-f]{12}\n/);
      expect(run.out).toContain('核对一致');
      expect(run.out).toContain('扫描件');
      // The password never appears, not even in the progress line naming the target.
      expect(run.out + run.err).not.toContain(PASSWORD);
      if (server) expect(run.err).toContain('***@');

      const from = await openArchive(source);
      const to = await openArchive(target);
      try {
        const counts: Record<string, number> = { ...(await rowCounts(from)), schema_migration: 0 };
        expect({ ...(await rowCounts(to)), schema_migration: 0 }).toEqual(counts);
        expect(counts.repair_order).toBe(1);
      } finally {
        await from.close();
        await to.close();
      }

      // Again into the same target: it holds the archive now, so it is refused and left as it is.
      const again = await cliInProcess('migrate-archive', '--from', source, '--to', target, '--json');
      expect(again.code).toBe(1);
      expect(JSON.parse(again.out).ok).toBe(false);
      expect(again.err).toMatch(/不是空的：表 \w+ 已有 \d+ 行/);
      expect(again.out + again.err).not.toContain(PASSWORD);
    } finally {
      await server?.drop();
    }
  }, 300_000);

  it('bad arguments exit 2 with a Chinese message; a missing source exits 1 and makes no file', async () => {
    const noTo = await cliInProcess('migrate-archive', '--from', source);
    expect(noTo.code).toBe(2);
    expect(noTo.err).toContain('需要 --from 和 --to');
    const same = await cliInProcess('migrate-archive', '--from', source, '--to', path.join(dir, '.', 'source.sqlite'));
    expect(same.code).toBe(2);
    expect(same.err).toContain('同一个档案库');
    const missing = path.join(dir, 'missing.sqlite');
    const target = path.join(dir, 'never.sqlite');
    const gone = await cliInProcess('migrate-archive', '--from', missing, '--to', target);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain('不存在');
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.existsSync(target)).toBe(false);
  }, 60_000);
});

describe.skipIf(!testPgAdminUrl())('seed-demo --db postgres://…', () => {
  it('refuses a server database that already holds an archive, naming the table; nothing changes', async () => {
    const server = await emptyPgDatabase();
    try {
      const t = await openTestArchive({ file: server.url, door: 'cli' });
      try {
        await t.must('customers.create', { name: '李四', mobile: '13900139000' });
        const before = await rowCounts(t.archive);
        let err = '';
        const code = await runCli(['seed-demo', '--years', '1', '--db', server.url], {
          out: () => {},
          err: (s) => (err += s),
        });
        expect(code).toBe(1);
        expect(err).toMatch(/不是空的：表 \w+ 已有 \d+ 行/);
        expect(await rowCounts(t.archive)).toEqual(before);
      } finally {
        await t.close();
      }
    } finally {
      await server.drop();
    }
  });
});
