/**
 * `cli claims` and `cli claims statement` on a real archive file, through the same dispatcher as the
 * window, on a pinned store clock (CLERKDESK_FAKE_NOW, which the CLI reads): every claim as JSON (the
 * RO's claim from the RO alone while it has no row, the approved amount once approved), the status
 * filter by code and by Chinese label, --due-before, the readable table, the month's statement as
 * JSON, XLSX (read back) and PDF, and bad input as exit 2 in Chinese with the allowed values.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import type { Clock } from '../../src-main/services/context';
import { openSetUpArchive, type TestArchive, VIN_A, VIN_B } from '../support/archive';

/** 18:00 on 20 November 2026 in the store (UTC+8). */
const NOW = '2026-11-20T10:00:00Z';
const clock: Clock = { now: () => new Date(NOW) };

let t: TestArchive;
const roIds: Record<string, number> = {};

/** A warranty RO (paid by warranty: a labour line and a part line), settled on `day` unless null. */
async function warrantyRo(roNumber: string, vehicleId: number, customerId: number, day: string, settled: boolean) {
  const ro = await t.must('repairOrders.create', {
    roNumber,
    vehicleId,
    customerId,
    openedAt: `${day} 08:30`,
    type: 'warranty',
    status: settled ? 'settled' : 'in_repair',
    completedAt: settled ? `${day} 15:00` : null,
    deliveredAt: settled ? `${day} 16:00` : null,
    settledAt: settled ? `${day} 16:05` : null,
    payer: 'warranty',
    complaint: '水泵渗漏',
    laborLines: [{ description: '更换水泵(索赔)', hours: 3, amountFen: 36_000, payer: 'warranty' }],
    partLines: [
      {
        partNumber: '04E121600AL',
        name: '水泵总成',
        quantity: 1,
        unitPriceFen: 128_000,
        amountFen: 128_000,
        payer: 'warranty',
      },
    ],
  });
  roIds[roNumber] = ro.record.id;
  return ro.record.id;
}

async function claim(roNumber: string) {
  return t.must('claims.get', { roId: roIds[roNumber]! });
}

beforeEach(async () => {
  vi.stubEnv('CLERKDESK_FAKE_NOW', NOW);
  t = await openSetUpArchive({ clock });
  await t.loginAs('clerk');
  const zhang = (await t.must('customers.create', { name: '张三', mobile: '13800138000' })).record.id;
  const a = (await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, model: '朗逸', ownerId: zhang })).record
    .id;
  const b = (await t.must('vehicles.create', { plate: '京B67890', vin: VIN_B, model: '途观L', ownerId: zhang })).record
    .id;
  // Approved in October (on October's statement).
  await warrantyRo('RO2610100001', a, zhang, '2026-10-10', true);
  // Reported and rejected (to fix).
  await warrantyRo('RO2611100001', b, zhang, '2026-11-10', true);
  // Not reported: past its deadline (18 Nov), one due later (24 Nov), one not settled (no deadline).
  await warrantyRo('RO2611110001', a, zhang, '2026-11-11', true);
  await warrantyRo('RO2611170001', b, zhang, '2026-11-17', true);
  await warrantyRo('RO2611200001', a, zhang, '2026-11-20', false);
  // Not a warranty RO: no claim.
  await t.must('repairOrders.create', {
    roNumber: 'RO2611180001',
    vehicleId: a,
    openedAt: '2026-11-18 08:30',
    type: 'periodic_service',
    status: 'settled',
    completedAt: '2026-11-18 15:00',
    deliveredAt: '2026-11-18 16:00',
    settledAt: '2026-11-18 16:05',
    laborLines: [{ description: '更换机油机滤', hours: 1, amountFen: 12_000 }],
  });

  const text = { faultDescription: '水泵渗漏，冷却液液位下降', cause: '水泵密封失效', handling: '更换水泵总成' };
  const approved = await claim('RO2610100001');
  const saved = await t.must('claims.save', {
    roId: approved.roId,
    version: approved.version,
    claimType: 'warranty',
    deadline: null,
    note: '',
    ...text,
  });
  const reported = await t.must('claims.report', {
    roId: saved.roId,
    version: saved.version,
    reportedOn: '2026-10-12',
    claimNo: 'SV261000001',
  });
  await t.must('claims.approve', {
    roId: reported.roId,
    version: reported.version,
    approvedOn: '2026-10-25',
    approvedFen: 150_000,
  });

  const toReject = await claim('RO2611100001');
  const saved2 = await t.must('claims.save', {
    roId: toReject.roId,
    version: toReject.version,
    claimType: 'sanbao',
    deadline: null,
    note: '',
    ...text,
  });
  const reported2 = await t.must('claims.report', {
    roId: saved2.roId,
    version: saved2.version,
    reportedOn: '2026-11-11',
    claimNo: 'SV261100002',
  });
  await t.must('claims.reject', {
    roId: reported2.roId,
    version: reported2.version,
    rejectedOn: '2026-11-15',
    reason: '缺少故障照片',
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

interface ClaimJson {
  ro: string;
  claimNo: string | null;
  plate: string | null;
  vin: string | null;
  status: string;
  deadline: string | null;
  amountFen: number;
}

const byRo = (rows: ClaimJson[]) => Object.fromEntries(rows.map((r) => [r.ro, r]));
const WARRANTY_FEN = 36_000 + 128_000;

describe('cli claims', () => {
  it('--json lists every claim when no status is given: codes, deadlines, the amount by status', async () => {
    const r = await cli('claims', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as ClaimJson[];
    expect(rows.map((x) => x.ro).sort()).toEqual([
      'RO2610100001',
      'RO2611100001',
      'RO2611110001',
      'RO2611170001',
      'RO2611200001',
    ]);
    for (const row of rows)
      expect(Object.keys(row).sort()).toEqual(['amountFen', 'claimNo', 'deadline', 'plate', 'ro', 'status', 'vin']);
    const m = byRo(rows);
    // Approved: the approved amount, not the RO's warranty part.
    expect(m.RO2610100001).toEqual({
      ro: 'RO2610100001',
      claimNo: 'SV261000001',
      plate: '京A12345',
      vin: VIN_A,
      status: 'approved',
      deadline: '2026-10-17',
      amountFen: 150_000,
    });
    expect(m.RO2611100001).toMatchObject({ status: 'rejected', claimNo: 'SV261100002', amountFen: WARRANTY_FEN });
    // No row yet: 待填报 from the RO, the rules' deadline (settlement + 7 days), the warranty part.
    expect(m.RO2611170001).toEqual({
      ro: 'RO2611170001',
      claimNo: null,
      plate: '京B67890',
      vin: VIN_B,
      status: 'draft',
      deadline: '2026-11-24',
      amountFen: WARRANTY_FEN,
    });
    expect(m.RO2611110001).toMatchObject({ status: 'draft', deadline: '2026-11-18' });
    // Not settled: no deadline yet.
    expect(m.RO2611200001).toMatchObject({ status: 'draft', deadline: null });
  });

  it('--status takes the code or the Chinese label, and open (not settled)', async () => {
    for (const status of ['rejected', '已驳回']) {
      const r = await cli('claims', '--status', status, '--json');
      expect(r.code).toBe(0);
      expect((JSON.parse(r.out) as ClaimJson[]).map((x) => x.ro)).toEqual(['RO2611100001']);
    }
    const approved = JSON.parse((await cli('claims', '--status', '已通过', '--json')).out) as ClaimJson[];
    expect(approved.map((x) => x.ro)).toEqual(['RO2610100001']);
    const drafts = JSON.parse((await cli('claims', '--status', 'draft', '--json')).out) as ClaimJson[];
    expect(drafts.map((x) => x.ro).sort()).toEqual(['RO2611110001', 'RO2611170001', 'RO2611200001']);
    const open = JSON.parse((await cli('claims', '--status', 'open', '--json')).out) as ClaimJson[];
    expect(open).toHaveLength(5);
    const settled = await cli('claims', '--status', '已结算', '--json');
    expect(settled.code).toBe(0);
    expect(JSON.parse(settled.out)).toEqual([]);
  });

  it('--due-before keeps the claims due by that day and not reported', async () => {
    const r = await cli('claims', '--due-before', '2026-11-20', '--json');
    expect(r.code).toBe(0);
    const ros = (JSON.parse(r.out) as ClaimJson[]).map((x) => x.ro);
    expect(ros).toContain('RO2611110001');
    // Due later, reported and approved, or not settled (no deadline): not due.
    for (const ro of ['RO2611170001', 'RO2610100001', 'RO2611200001']) expect(ros).not.toContain(ro);
    const later = (JSON.parse((await cli('claims', '--due-before', '2026-11-30', '--json')).out) as ClaimJson[]).map(
      (x) => x.ro,
    );
    expect(later).toContain('RO2611170001');
    expect(later).not.toContain('RO2610100001');
  });

  it('without --json prints a readable Chinese table', async () => {
    const r = await cli('claims', '--status', 'open');
    expect(r.code).toBe(0);
    expect(r.out).toContain('索赔单 5 张（状态：未结算）');
    expect(r.out).toMatch(/工单号\s+索赔单号\s+车牌\s+车架号\s+状态\s+上报期限\s+金额/);
    expect(r.out).toMatch(/RO2611110001.*待填报\s+2026-11-18（已超期）/);
    expect(r.out).toMatch(/RO2610100001\s+SV261000001.*已通过.*1,500\.00/);
    const none = await cli('claims', '--status', 'settled');
    expect(none.out).toContain('没有符合条件（状态：已结算）的索赔单。');
  });

  it('refuses a bad status or date with exit 2, naming the allowed values; nothing is opened', async () => {
    const bad = await cli('claims', '--status', 'paid');
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain('--status：不认识“paid”');
    for (const allowed of [
      'draft 待填报',
      'reported 已上报',
      'reviewing 审核中',
      'approved 已通过',
      'rejected 已驳回',
      'settled 已结算',
      'open 未结算',
    ])
      expect(bad.err).toContain(allowed);
    const json = await cli('claims', '--status', '已付款', '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const date = await cli('claims', '--due-before', '2026-11-31');
    expect(date.code).toBe(2);
    expect(date.err).toContain('--due-before：“2026-11-31”不是有效日期');
    const sub = await cli('claims', 'approve');
    expect(sub.code).toBe(2);
    expect(sub.err).toContain('未知的 claims 子命令：approve');
  });
});

describe('cli claims statement', () => {
  it('--format json prints the month’s approved claims, by type and the total', async () => {
    const r = await cli('claims', 'statement', '--month', '2026-10', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({
      month: '2026-10',
      state: 'open',
      totalFen: 150_000,
      requestedFen: null,
      invoiceNo: null,
      changedSinceRequest: false,
    });
    expect(s.claims).toEqual([
      {
        ro: 'RO2610100001',
        claimNo: 'SV261000001',
        plate: '京A12345',
        vin: VIN_A,
        status: 'approved',
        deadline: '2026-10-17',
        amountFen: 150_000,
        claimType: 'warranty',
        claimTypeLabel: '保修索赔',
        approvedOn: '2026-10-25',
      },
    ]);
    expect(s.byType).toEqual([{ claimType: 'warranty', label: '保修索赔', count: 1, amountFen: 150_000 }]);
    // A month without approvals: an empty statement.
    const empty = JSON.parse((await cli('claims', 'statement', '--month', '2026-09', '--format', 'json')).out);
    expect(empty).toMatchObject({ month: '2026-09', claims: [], totalFen: 0 });
  });

  it('writes the XLSX (read back) and the PDF to --out; JSON to --out too', async () => {
    const xlsx = path.join(t.dir, '服务费结算.xlsx');
    const x = await cli('claims', 'statement', '--month', '2026-10', '--format', 'xlsx', '--out', xlsx);
    expect(x.err).toBe('');
    expect(x.code).toBe(0);
    expect(x.out).toContain('已导出 2026-10 服务费结算 Excel');
    expect(x.out).toContain(xlsx);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const cells: string[] = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          // Merged cells answer their master's value; rich text and formulas as JSON.
          const v = cell.value;
          cells.push(typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? ''));
        }),
      ),
    );
    expect(cells.some((c) => c.includes('RO2610100001'))).toBe(true);
    expect(cells.some((c) => c.includes('SV261000001'))).toBe(true);

    const pdf = path.join(t.dir, 'statement.pdf');
    const p = await cli('claims', 'statement', '--month', '2026-10', '--format', 'pdf', '--out', pdf, '--json');
    expect(p.code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(JSON.parse(p.out)).toMatchObject({ path: pdf, bytes: fs.statSync(pdf).size });

    const json = path.join(t.dir, 'statement.json');
    const j = await cli('claims', 'statement', '--month', '2026-10', '--format', 'json', '--out', json);
    expect(j.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toMatchObject({ month: '2026-10', totalFen: 150_000 });
  }, 120_000);

  it('refuses a bad or future month, a missing format or --out, with exit 2 in Chinese', async () => {
    const bad = await cli('claims', 'statement', '--month', '2026-13', '--format', 'json');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--month：“2026-13”不是有效月份');
    const future = await cli('claims', 'statement', '--month', '2026-12', '--format', 'json');
    expect(future.code).toBe(2);
    expect(future.err).toContain('月份');
    const noMonth = await cli('claims', 'statement', '--format', 'json');
    expect(noMonth.code).toBe(2);
    expect(noMonth.err).toContain('请用 --month 指定月份');
    const format = await cli('claims', 'statement', '--month', '2026-10', '--format', 'csv');
    expect(format.code).toBe(2);
    expect(format.err).toContain('--format：不认识“csv”，应为 json、xlsx 或 pdf');
    const out = await cli('claims', 'statement', '--month', '2026-10', '--format', 'pdf');
    expect(out.code).toBe(2);
    expect(out.err).toContain('--format pdf 需要用 --out 指定要保存的文件');
  });
});
