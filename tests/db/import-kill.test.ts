import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src-main/db/database';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { tempDir } from '../support/archive';
import { onPostgres } from '../support/pg';

/**
 * The CLI in a real process, killed with SIGKILL in the middle of the commit of a 30k-row GBK
 * export. CLERKDESK_TEST_PAUSE_COMMIT_MS (a test-only hook of the import service) makes the commit
 * wait between its 2,000-row chunks, so "in the middle" is certain, not a race.
 */
const root = path.resolve(__dirname, '../..');
// `node --import tsx`, one process: tsx's own CLI runs the script in a child, which SIGKILL would not reach.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const cli = (...args: string[]) => ['--import', tsx, 'src-main/cli/main.ts', ...args];
const exec = promisify(execFile);
const ROWS = 30_000;

const dir = tempDir('clerkdesk-kill-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeExport(file: string): void {
  const lines = [
    'XX汽车 维修工单明细',
    '工单号,车牌号,车架号,客户名称,联系电话,进厂时间,行驶里程,维修类别,工单状态,总金额',
  ];
  for (let i = 0; i < ROWS; i++) {
    const n = String(i).padStart(5, '0');
    lines.push(
      `KL26112${n},苏K${n},${withCheckDigit(`LSVAU2180N26${n}`)},客户${n},137${String(i).padStart(8, '0')},2026-11-22 08:00,${1000 + i} 公里,定保,已结算,"￥1,${n.slice(2)}.00"`,
    );
  }
  lines.push(`合计,,,,,,,,,"￥${ROWS}.00"`);
  fs.writeFileSync(file, iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk'));
}

describe('import killed with SIGKILL during the commit', () => {
  // About the archive FILE (integrity_check after SIGKILL of its writer); a server rolls back a dropped connection itself.
  it.skipIf(onPostgres())(
    'leaves the archive intact, with none of that import’s orders and no batch',
    async () => {
      const csv = path.join(dir, 'big-gbk.csv');
      const db = path.join(dir, 'archive.sqlite');
      writeExport(csv);

      const child = spawn(process.execPath, cli('import', csv, '--db', db), {
        cwd: root,
        env: { ...process.env, CLERKDESK_TEST_PAUSE_COMMIT_MS: '300' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += String(d)));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      const killedAt = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no commit progress seen:\n${stderr}\n${stdout}`)), 90_000);
        child.stderr.on('data', (d) => {
          stderr += String(d);
          const m = /正在写入：(\d+)\/(\d+) 行/g;
          let last: RegExpExecArray | null = null;
          for (let x = m.exec(stderr); x; x = m.exec(stderr)) last = x;
          if (last && Number(last[1]) >= 4000) {
            clearTimeout(timer);
            child.kill('SIGKILL');
            resolve(last[0]);
          }
        });
        child.once('exit', () => {
          clearTimeout(timer);
          reject(new Error(`the CLI ended before it could be killed:\n${stderr}\n${stdout}`));
        });
      });
      expect(killedAt).toMatch(/正在写入：\d+\/30000 行/);
      expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(stdout).toBe('');

      const archive = await openArchive(db);
      try {
        expect(archive.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(archive.sqlite!.pragma('foreign_key_check')).toEqual([]);
        const count = (sql: string) => archive.sqlite!.prepare(sql).pluck().get() as number;
        expect(count("SELECT count(*) FROM repair_order WHERE ro_number LIKE 'KL%'")).toBe(0);
        expect(count('SELECT count(*) FROM import_batch')).toBe(0);
        expect(count('SELECT count(*) FROM vehicle')).toBe(0);
        expect(count('SELECT count(*) FROM customer')).toBe(0);
        expect(count('SELECT count(*) FROM search_term')).toBe(0);
        expect(count("SELECT count(*) FROM audit_log WHERE action = 'import.commit'")).toBe(0);
      } finally {
        await archive.close();
      }

      // The same import, not interrupted, then goes through in full.
      const { stdout: json } = await exec(process.execPath, cli('import', csv, '--db', db, '--json'), {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(JSON.parse(json)).toMatchObject({
        encoding: 'gbk',
        rows: ROWS,
        imported: ROWS,
        rejected: [],
        dryRun: false,
      });
    },
    180_000,
  );
});
