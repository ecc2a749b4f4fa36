/**
 * An import does not stop the host answering (issue 10: a 50k-row workbook froze the host for
 * 2.7 s; during a commit every other call waited for it). The browser host in-process over real
 * sockets, a real archive, a 10k-row XLSX: while the job is still reading, and again while it is
 * still committing, other calls are answered — shown by asking the job's phase right after each
 * answer. No timing is asserted (the benchmark measures the latency: npm run bench -- --only import).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHost, startBrowserHost } from '../../src-main/api/browser-host';
import { Session } from '../../src-main/services/context';
import type { ImportJob } from '../../src-shared/domain/imports';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, type TestArchive, tempDir } from '../support/archive';

const ROWS = 10_000;

interface Answer {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

function post(port: number, token: string, method: string, input: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(input);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/${method}`,
        headers: {
          Host: `127.0.0.1:${port}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'X-ClerkDesk-Token': token,
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function writeWorkbook(file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = workbook.addWorksheet('工单明细');
  sheet
    .addRow(['工单号', '车牌号', '车架号', '客户名称', '联系电话', '进厂时间', '行驶里程', '维修类别', '工单状态'])
    .commit();
  for (let i = 0; i < ROWS; i++) {
    const n = String(i).padStart(5, '0');
    sheet
      .addRow([
        `XL26112${n}`,
        `苏L${n}`,
        withCheckDigit(`LSVAU2180N25${n}`),
        `客户${n}`,
        `138${String(i).padStart(8, '0')}`,
        '2026-11-22 08:00',
        1000 + i,
        '定保',
        '在修',
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

describe('the host answers other calls while an import runs', () => {
  let t: TestArchive;
  let host: BrowserHost;
  let dir: string;
  let call: (method: string, input: unknown) => Promise<Answer>;

  beforeAll(async () => {
    t = await openSetUpArchive();
    dir = tempDir('clerkdesk-offloop-');
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ClerkDesk</title>');
    host = await startBrowserHost({ dispatch: t.dispatch, session: new Session(), staticDir: dir });
    call = (method, input) => post(host.port, host.token, method, input);
    const users = (await call('users.list', {})).value as { id: number; name: string }[];
    const login = await call('session.login', { userId: users.find((u) => u.name === '小王')!.id, pin: '1111' });
    expect(login.ok).toBe(true);
  }, 60_000);

  afterAll(async () => {
    await host?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Calls `other` again and again until the job leaves `phase`; counts the answers after which the
   * job was still in that phase (answered during it, not queued behind it).
   */
  async function answeredDuring(jobId: string, phase: ImportJob['phase'], other: () => Promise<Answer>) {
    let during = 0;
    for (;;) {
      const answer = await other();
      expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
      const job = (await call('imports.job', { jobId })).value as ImportJob;
      if (job.phase !== phase) return { during, job };
      during++;
    }
  }

  it(`a ${ROWS.toLocaleString('en-US')}-row XLSX: calls are answered while it is read and while it is written`, async () => {
    const file = path.join(dir, 'big.xlsx');
    await writeWorkbook(file);
    const started = await call('imports.start', {
      fileName: 'big.xlsx',
      contentBase64: fs.readFileSync(file).toString('base64'),
    });
    expect(started.ok, started.error?.message).toBe(true);
    const jobId = (started.value as ImportJob).jobId;

    const reading = await answeredDuring(jobId, 'reading', () => call('app.getInfo', {}));
    expect(reading.during).toBeGreaterThanOrEqual(3);
    let job = reading.job;
    while (job.phase === 'checking') job = (await call('imports.job', { jobId })).value as ImportJob;
    expect(job.phase, job.error ?? '').toBe('ready');
    expect(job.preview!.counts, JSON.stringify(job.preview!.rejected.slice(0, 3))).toMatchObject({
      rows: ROWS,
      new: ROWS,
      rejected: 0,
    });

    const commit = await call('imports.commit', { jobId });
    expect(commit.ok).toBe(true);
    // A read that needs the archive (the quick search) while the import's transaction is open.
    const writing = await answeredDuring(jobId, 'committing', () => call('search.quick', { text: '客户' }));
    expect(writing.during).toBeGreaterThanOrEqual(3);
    expect(writing.job.phase, writing.job.error ?? '').toBe('done');
    expect(writing.job.result).toMatchObject({ imported: ROWS });
    const count = await t.archive.db
      .selectFrom('repair_order')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ro_number', 'like', 'XL%')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(ROWS);
  }, 240_000);
});
