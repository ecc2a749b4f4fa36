import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { openArchive } from '../../src-main/db/database';
import { openSetUpArchive, type TestArchive, tempDir } from '../support/archive';
import { arrangeCliArchive, cliInProcess, cliProcess } from '../support/cli';

let t: TestArchive;

beforeAll(async () => {
  t = await openSetUpArchive();
  await arrangeCliArchive(t);
});
afterAll(async () => {
  await t.close();
});

const cli = (...args: string[]) => cliInProcess(...args, '--db', t.file);

describe('cli', () => {
  it('info --json describes the archive', async () => {
    const r = await cli('info', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      archivePath: t.file,
      storeName: '测试汽车服务有限公司',
      counts: { customers: 1, vehicles: 1, repairOrders: 1 },
    });
  });

  it('search finds by last 4 of the phone and by pinyin initials', async () => {
    const r = await cli('search', '8000', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)[0]).toMatchObject({ kind: 'customer', title: '张三' });
    const human = await cli('search', 'zs');
    expect(human.out).toContain('张三');
    expect(human.out).toContain('拼音');
  });

  it('show vehicle prints the history card; show ro the order with vehicle and customer', async () => {
    const v = await cli('show', 'vehicle', '京A12345');
    expect(v.code).toBe(0);
    expect(v.out).toContain('车历卡（1 次进厂）');
    expect(v.out).toContain('更换机油机滤');
    const ro = await cli('show', 'ro', 'RO2611200001', '--json');
    expect(JSON.parse(ro.out)).toMatchObject({
      roNumber: 'RO2611200001',
      vehicle: { plate: '京A12345' },
      customer: { name: '张三' },
    });
    const c = await cli('show', 'customer', '13800138000', '--json');
    expect(JSON.parse(c.out).vehicles).toHaveLength(1);
  });

  it('bad input gets a Chinese message and a non-zero exit', async () => {
    const missing = await cli('show', 'vehicle', '京Z99999');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('找不到车辆');
    const badYears = await cli('seed-demo', '--years', 'ten');
    expect(badYears.code).toBe(2);
    expect(badYears.err).toContain('--years');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('未知命令');
    const notEmpty = await cli('seed-demo', '--years', '1');
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.err).toContain('空档案库');
  });

  it('runs as `npm run --silent cli` does (a real process)', async () => {
    const r = await cliProcess('search', 'A123', '--json', '--db', t.file);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)[0]).toMatchObject({ kind: 'vehicle', title: '京A12345' });
  });

  it('seed-demo fills an empty archive deterministically, with an admin and a clerk to log in as', async () => {
    const dir = tempDir();
    try {
      const run = async (file: string) => {
        let out = '';
        const code = await runCli(
          ['seed-demo', '--years', '1', '--seed', '7', '--until', '2026-06-30', '--json', '--db', file],
          { out: (s) => (out += s), err: () => {} },
          {},
        );
        return { code, summary: JSON.parse(out) };
      };
      const a = await run(path.join(dir, 'a.sqlite'));
      const b = await run(path.join(dir, 'b.sqlite'));
      expect(a.code).toBe(0);
      expect(a.summary).toMatchObject({ until: '2026-06-30', from: '2025-07-01' });
      expect(a.summary.repairOrders).toBeGreaterThan(20_000);
      expect({ ...b.summary, millis: 0 }).toEqual({ ...a.summary, millis: 0 });
      const archive = await openArchive(path.join(dir, 'a.sqlite'));
      const roles = archive
        .sqlite!.prepare('SELECT role, count(*) AS n FROM app_user GROUP BY role ORDER BY role')
        .all();
      expect(roles).toEqual(
        expect.arrayContaining([
          { role: 'admin', n: 1 },
          { role: 'clerk', n: 1 },
          { role: 'manager', n: 1 },
        ]),
      );
      const ro = archive.sqlite!.prepare('SELECT ro_number FROM repair_order ORDER BY id DESC LIMIT 1').get() as {
        ro_number: string;
      };
      await archive.close();
      let out = '';
      await runCli(
        ['show', 'ro', ro.ro_number, '--json', '--db', path.join(dir, 'a.sqlite')],
        { out: (s) => (out += s), err: () => {} },
        {},
      );
      expect(JSON.parse(out).roNumber).toBe(ro.ro_number);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cli daily-report', () => {
  it('--format json prints the day’s report on stdout', async () => {
    const r = await cli('daily-report', '--date', '2026-11-20', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['date', 'opened', 'delivered', 'inRepair', 'byAdvisor', 'byType', 'totals', 'signed']),
    );
    expect(report).toMatchObject({
      date: '2026-11-20',
      opened: 1,
      delivered: 0,
      inRepair: 1,
      totals: { laborFen: 0, partsFen: 0, totalFen: 0 },
      signed: null,
    });
    expect(report.byType).toHaveLength(7);
  });

  it('--format xlsx / pdf write the file given by --out; a month goes to one workbook', async () => {
    const dir = tempDir();
    try {
      const xlsx = path.join(dir, '日报.xlsx');
      const day = await cli('daily-report', '--date', '2026-11-20', '--format', 'xlsx', '--out', xlsx);
      expect(day.code).toBe(0);
      expect(fs.readFileSync(xlsx).subarray(0, 2).toString('latin1')).toBe('PK');
      expect(day.out).toContain(xlsx);
      const month = path.join(dir, 'month.xlsx');
      const m = await cli('daily-report', '--month', '2026-11', '--format', 'xlsx', '--out', month);
      expect(m.code).toBe(0);
      expect(fs.readFileSync(month).subarray(0, 2).toString('latin1')).toBe('PK');
      const pdf = path.join(dir, 'day.pdf');
      const p = await cli('daily-report', '--date', '2026-11-20', '--format', 'pdf', '--out', pdf, '--json');
      expect(p.code).toBe(0);
      expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(JSON.parse(p.out)).toMatchObject({
        path: pdf,
        fileName: '日报_2026-11-20.pdf',
        pages: expect.any(Number),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad input: exit 2 with a Chinese message', async () => {
    const badDate = await cli('daily-report', '--date', '2026-02-30', '--format', 'json');
    expect(badDate.code).toBe(2);
    expect(badDate.err).toContain('不是有效日期');
    const noOut = await cli('daily-report', '--date', '2026-11-20', '--format', 'pdf');
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('需要用 --out');
    const badFormat = await cli('daily-report', '--date', '2026-11-20', '--format', 'docx');
    expect(badFormat.code).toBe(2);
    expect(badFormat.err).toContain('应为 json、xlsx 或 pdf');
    const monthPdf = await cli('daily-report', '--month', '2026-11', '--format', 'pdf', '--out', 'x.pdf');
    expect(monthPdf.code).toBe(2);
    const both = await cli('daily-report', '--format', 'json');
    expect(both.code).toBe(2);
    expect(both.err).toContain('二选一');
    // A real date the report refuses (before the archive's first RO): the service's message, exit 2.
    const early = await cli('daily-report', '--date', '2026-11-01', '--format', 'json');
    expect(early.code).toBe(2);
    expect(early.err).toContain('最早的修理单');
  });
});
