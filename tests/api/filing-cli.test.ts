/**
 * `cli filing missing|file|where` and `cli end-of-day` on a real archive file, through the same
 * dispatcher as the window, on a pinned store clock (CLERKDESK_FAKE_NOW, which the CLI reads):
 * the month's missing papers as JSON, filing a paper with its scan and where it went, a bound
 * binder asked first (exit 3, --yes), where an RO's or vehicle's papers are (and who borrowed one),
 * the end-of-day check across areas, and bad input as exit 2 in Chinese.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import type { Clock } from '../../src-main/services/context';
import { openSetUpArchive, type TestArchive, VIN_A, VIN_B } from '../support/archive';

const exec = promisify(execFile);
/** 18:00 on 20 November 2026 in the store (UTC+8). */
const NOW = '2026-11-20T10:00:00Z';
const clock: Clock = { now: () => new Date(NOW) };

let t: TestArchive;
beforeEach(async () => {
  vi.stubEnv('CLERKDESK_FAKE_NOW', NOW);
  t = await openSetUpArchive({ clock });
  await t.loginAs('clerk');
  const zhang = (await t.must('customers.create', { name: '张三', mobile: '13800138000' })).record.id;
  const a = (await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, model: '朗逸', ownerId: zhang })).record
    .id;
  const b = (await t.must('vehicles.create', { plate: '京B67890', vin: VIN_B, model: '途观L', ownerId: zhang })).record
    .id;
  const settled = (roNumber: string, vehicleId: number, day: string, type: 'periodic_service' | 'body_paint') =>
    t.must('repairOrders.create', {
      roNumber,
      vehicleId,
      openedAt: `${day} 08:30`,
      type,
      status: 'settled',
      completedAt: `${day} 15:00`,
      deliveredAt: `${day} 16:00`,
      settledAt: `${day} 16:05`,
      laborLines: [
        { description: type === 'body_paint' ? '钣金喷漆 前保险杠' : '更换机油机滤', hours: 1, amountFen: 12_000 },
      ],
    });
  await settled('RO2611180001', a, '2026-11-18', 'periodic_service');
  await settled('RO2611190001', b, '2026-11-19', 'body_paint');
  await t.must('repairOrders.create', {
    roNumber: 'RO2611200001',
    vehicleId: a,
    openedAt: '2026-11-20 09:00',
    type: 'repair',
    status: 'in_repair',
  });
});
afterEach(async () => {
  await t.close();
  vi.unstubAllEnvs();
});

async function cli(...args: string[]) {
  // The CLI opens the same file in its own connection; checkpoint so it sees everything.
  t.archive.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  let out = '';
  let err = '';
  const code = await runCli(
    [...args, '--db', t.file],
    { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) },
    {},
  );
  return { code, out, err };
}

const REPAIR_KINDS = ['ro_sheet', 'consultation', 'settlement'];
const MAJOR_KINDS = [...REPAIR_KINDS, 'inspection', 'certificate'];

describe('cli filing missing', () => {
  it('--json lists the month’s required papers not filed, kind code and label, RO and VIN', async () => {
    const r = await cli('filing', 'missing', '--month', '2026-11', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Record<string, unknown>[];
    expect(rows.map((m) => `${m.ro} ${m.kind}`).sort()).toEqual(
      [...REPAIR_KINDS.map((k) => `RO2611180001 ${k}`), ...MAJOR_KINDS.map((k) => `RO2611190001 ${k}`)].sort(),
    );
    expect(rows.find((m) => m.ro === 'RO2611180001' && m.kind === 'settlement')).toEqual({
      kind: 'settlement',
      kindLabel: '结算单',
      ro: 'RO2611180001',
      vin: VIN_A,
      plate: '京A12345',
      customer: null,
      reason: expect.stringContaining('结算单'),
      since: '2026-11-18',
    });
    // Nothing of the open RO, nothing of another month.
    expect(rows.some((m) => m.ro === 'RO2611200001')).toBe(false);
    expect(JSON.parse((await cli('filing', 'missing', '--month', '2026-10', '--json')).out)).toEqual([]);
    const human = await cli('filing', 'missing', '--month', '2026-11');
    expect(human.out).toContain('2026-11 缺失资料 8 份');
    expect(human.out).toContain('竣工出厂合格证(副本)');
  });

  it('runs as `npm run --silent cli` does (a real process with the pinned clock)', async () => {
    t.archive.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const root = path.resolve(__dirname, '../..');
    const { stdout } = await exec(
      process.execPath,
      [
        path.join(root, 'node_modules/tsx/dist/cli.mjs'),
        'src-main/cli/main.ts',
        'filing',
        'missing',
        '--month',
        '2026-11',
        '--json',
        '--db',
        t.file,
      ],
      { cwd: root, env: { ...process.env, CLERKDESK_FAKE_NOW: NOW } },
    );
    expect((JSON.parse(stdout) as unknown[]).length).toBe(8);
  });
});

describe('cli filing file', () => {
  it('files a paper by kind code or Chinese name and says where it went; the same RO shares its position', async () => {
    const first = await cli('filing', 'file', '--ro', 'RO2611180001', '--kind', '结算单', '--json');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const filed = JSON.parse(first.out);
    expect(filed.papers).toEqual([
      expect.objectContaining({
        kind: 'settlement',
        kindLabel: '结算单',
        ro: 'RO2611180001',
        state: 'filed',
        binder: '当月修理单 2026-11 第1册',
        month: '2026-11',
        position: 1,
        shelf: '档案柜 A',
        scans: 0,
      }),
    ]);
    expect(filed.scan).toBeNull();
    const second = await cli('filing', 'file', '--ro', 'RO2611180001', '--kind', 'consultation');
    expect(second.code).toBe(0);
    expect(second.out).toContain('问诊表 → 当月修理单 2026-11 第1册 第 1 位（存放：档案柜 A）');
    const other = await cli('filing', 'file', '--ro', 'RO2611190001', '--kind', '修理单', '--json');
    expect(JSON.parse(other.out).papers[0]).toMatchObject({ kind: 'ro_sheet', position: 2 });
    // Twice the same kind: refused, naming where the first one is.
    const twice = await cli('filing', 'file', '--ro', 'RO2611180001', '--kind', 'settlement');
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('第 1 位');
  });

  it('stores the scan with the paper; a file that is not a PDF or image files nothing', async () => {
    const pdf = path.join(t.dir, '扫描 RO2611180001.pdf');
    fs.writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 7)]));
    const r = await cli('filing', 'file', '--ro', 'RO2611180001', '--kind', 'ro_sheet', '--scan', pdf, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const filed = JSON.parse(r.out);
    expect(filed.scan).toMatchObject({ mime: 'application/pdf', bytes: 2057, name: '扫描 RO2611180001.pdf' });
    expect(filed.scan.sha256).toMatch(/^[0-9a-f]{64}$/);
    const where = JSON.parse((await cli('filing', 'where', '--ro', 'RO2611180001', '--json')).out);
    expect(where.papers.find((p: { kind: string }) => p.kind === 'ro_sheet')).toMatchObject({ scans: 1 });

    const text = path.join(t.dir, 'notes.pdf');
    fs.writeFileSync(text, '这不是扫描件');
    const refused = await cli('filing', 'file', '--ro', 'RO2611180001', '--kind', 'settlement', '--scan', text);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('不是 PDF、JPEG、PNG 或 TIFF');
    const missing = await cli('filing', 'file', '--ro', 'RO2611180001', '--kind', 'settlement', '--scan', 'nope.pdf');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('找不到或无法读取扫描件');
    const after = JSON.parse((await cli('filing', 'where', '--ro', 'RO2611180001', '--json')).out);
    expect(after.papers.map((p: { kind: string }) => p.kind)).toEqual(['ro_sheet']);
  });

  it('asks before filing into a bound binder (exit 3); --yes files it', async () => {
    await cli('filing', 'file', '--ro', 'RO2611180001', '--kind', 'settlement');
    const [binder] = await t.must('binders.list', { month: '2026-11', series: 'repair' });
    await t.must('binders.bind', { id: binder!.id, version: binder!.version, confirmIncomplete: true });
    const asked = await cli('filing', 'file', '--ro', 'RO2611190001', '--kind', 'settlement');
    expect(asked.code).toBe(3);
    expect(asked.err).toContain('已装订');
    expect(asked.err).toContain('--yes');
    const confirmed = await cli('filing', 'file', '--ro', 'RO2611190001', '--kind', 'settlement', '--yes', '--json');
    expect(confirmed.code).toBe(0);
    expect(JSON.parse(confirmed.out).papers[0]).toMatchObject({ binder: '当月修理单 2026-11 第1册', position: 2 });
  });
});

describe('cli filing where', () => {
  it('--ro and --vin list the papers with binder, month, position, shelf, scans and loan, and what is missing', async () => {
    await cli('filing', 'file', '--ro', 'RO2611180001', '--kind', 'settlement');
    const ro = await t.must('repairOrders.get', { roNumber: 'RO2611180001' });
    const where = await t.must('papers.where', { roId: ro.id });
    await t.must('loans.lend', { paperId: where.papers[0]!.id, borrower: '李经理', reason: '核对' });

    const r = await cli('filing', 'where', '--ro', 'RO2611180001', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.papers).toEqual([
      expect.objectContaining({
        kind: 'settlement',
        ro: 'RO2611180001',
        binder: '当月修理单 2026-11 第1册',
        month: '2026-11',
        position: 1,
        shelf: '档案柜 A',
        scans: 0,
        loan: { borrower: '李经理', dueOn: '2026-11-27', overdue: false },
      }),
    ]);
    expect(json.missing.map((m: { kind: string }) => m.kind).sort()).toEqual(['consultation', 'ro_sheet']);

    const byVin = JSON.parse((await cli('filing', 'where', '--vin', VIN_A, '--json')).out);
    expect(byVin.papers.map((p: { ro: string }) => p.ro)).toEqual(['RO2611180001']);
    const human = await cli('filing', 'where', '--vin', VIN_A);
    expect(human.out).toContain('车辆 京A12345');
    expect(human.out).toContain('李经理，2026-11-27 前归还');
    expect(human.out).toContain('还缺 2 份');

    const none = await cli('filing', 'where', '--vin', 'LSVAU2180N2199999');
    expect(none.code).toBe(1);
  });
});

describe('cli end-of-day', () => {
  it('--json lists the end-of-day check across areas as {area, item, count, details}', async () => {
    const r = await cli('end-of-day', '--date', '2026-11-20', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { area: string; item: string; count: number | null; details: string }[];
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['area', 'count', 'details', 'item', 'state']);
    expect(new Set(rows.map((row) => row.area)).size).toBeGreaterThan(2);
    expect(rows.some((row) => row.area === 'filing')).toBe(true);
    const human = await cli('end-of-day', '--date', '2026-11-20');
    expect(human.out).toContain('2026-11-20 下班前检查');
    expect(human.out).toContain('归档');
    // Without --date: today on the store clock.
    const today = await cli('end-of-day', '--json');
    expect(JSON.parse(today.out)).toEqual(rows);
  });

  it('refuses a future date and bad input with exit 2 in Chinese', async () => {
    const future = await cli('end-of-day', '--date', '2026-11-21');
    expect(future.code).toBe(2);
    expect(future.err).toContain('不能查看未来');
    const bad = await cli('end-of-day', '--date', '2026-11-31');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('不是有效日期');
  });
});

describe('cli filing bad input', () => {
  it('is exit 2 in Chinese; an unknown RO is exit 1', async () => {
    for (const [args, message] of [
      [['filing'], '请指定 missing、file 或 where'],
      [['filing', 'frob'], '未知的 filing 子命令'],
      [['filing', 'missing', '--month', '2026-13'], '不是有效月份'],
      [['filing', 'missing'], '--month'],
      [['filing', 'file', '--ro', 'RO2611180001'], '--kind'],
      [['filing', 'file', '--ro', 'RO2611180001', '--kind', '发票'], '没有“发票”这种修理单资料'],
      [['filing', 'file', '--ro', 'RO2611180001', '--kind', 'pdi'], '不属于修理单'],
      [['filing', 'where'], '二选一'],
      [['filing', 'where', '--ro', 'RO2611180001', '--vin', VIN_A], '二选一'],
    ] as const) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(message);
    }
    const unknownRo = await cli('filing', 'file', '--ro', 'RO2611009999', '--kind', 'settlement');
    expect(unknownRo.code).toBe(1);
    expect(unknownRo.err).toContain('RO2611009999');
  });
});
