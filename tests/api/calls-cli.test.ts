/**
 * `cli calls --date D --json`: the day's call queue from the archive file, through the same
 * dispatcher as the window; masked unless --unmasked (audited); `calls sheet` goes to the sheet
 * command; bad input is exit 2 in Chinese.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import type { Clock } from '../../src-main/services/context';
import { openSetUpArchive, type TestArchive, VIN_A, VIN_B } from '../support/archive';

// The archive is arranged on a pinned clock. The CLI reads the real one; a queue for a day other
// than today is that day as it starts (00:00), so what it prints does not depend on the real clock.
let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const DAY = '2026-11-23';

let t: TestArchive;
beforeEach(async () => {
  nowUtc = '2026-11-20T02:00:00Z';
  t = await openSetUpArchive({ clock });
});
afterEach(async () => {
  await t.close();
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

async function arrange() {
  const zhang = (await t.must('customers.create', { name: '张三', mobile: '13800138000' })).record.id;
  const li = (await t.must('customers.create', { name: '李四', mobile: '13900139000', doNotContact: true })).record.id;
  const a = (await t.must('vehicles.create', { plate: '浙A12345', vin: VIN_A, model: '朗逸', ownerId: zhang })).record
    .id;
  const b = (await t.must('vehicles.create', { plate: '浙B67890', vin: VIN_B, model: '途观L', ownerId: li })).record.id;
  for (const [roNumber, vehicleId] of [
    ['RO2611160001', a],
    ['RO2611160002', b],
  ] as const)
    await t.must('repairOrders.create', {
      roNumber,
      vehicleId,
      openedAt: '2026-11-16 08:30',
      type: 'periodic_service',
      status: 'delivered',
      completedAt: '2026-11-16 11:00',
      deliveredAt: '2026-11-16 15:00',
    });
}

describe('cli calls', () => {
  it('--json prints the day’s queue in order, masked unless --unmasked; a table without --json', async () => {
    await arrange();
    const masked = await cli('calls', '--date', DAY, '--json');
    expect(masked.err).toBe('');
    expect(masked.code).toBe(0);
    expect(JSON.parse(masked.out)).toEqual([
      {
        kind: 'followup7',
        ro: 'RO2611160001',
        plate: '浙A12345',
        customer: '张**',
        phone: '138****8000',
        due: DAY,
        window: '10:00-12:00',
        state: 'later',
        attempts: 0,
      },
      {
        kind: 'followup7',
        ro: 'RO2611160002',
        plate: '浙B67890',
        customer: '李**',
        phone: '139****9000',
        due: DAY,
        window: null,
        state: 'skipped',
        attempts: 0,
      },
      // The CSI call of the same RO was due on 11-18: its days ran out unanswered, shown as 未接通.
      {
        kind: 'csi',
        ro: 'RO2611160001',
        plate: '浙A12345',
        customer: '张**',
        phone: '138****8000',
        due: '2026-11-18',
        window: null,
        state: 'unreached',
        attempts: 0,
      },
    ]);

    const full = await cli('calls', '--date', DAY, '--json', '--unmasked');
    expect(full.code).toBe(0);
    expect(JSON.parse(full.out).map((r: { customer: string; phone: string }) => [r.customer, r.phone])).toEqual([
      ['张三', '13800138000'],
      ['李四', '13900139000'],
      ['张三', '13800138000'],
    ]);
    expect(
      t.archive.sqlite!.prepare("SELECT actor, after_json FROM audit_log WHERE action = 'privacy.unmask'").all(),
    ).toEqual([{ actor: 'cli', after_json: JSON.stringify({ document: '今日电话 JSON', date: DAY }) }]);

    const human = await cli('calls', '--date', DAY);
    expect(human.code).toBe(0);
    expect(human.out).toContain(`${DAY} 回访电话 3 通`);
    expect(human.out).toContain('客户要求勿扰');
    expect(human.out).toContain('10:00 起');

    const empty = await cli('calls', '--date', '2026-10-01', '--json');
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.out)).toEqual([]);
  });

  it('bad input exits 2 in Chinese, before the archive is touched; `calls sheet` is the sheet command', async () => {
    const bad = await cli('calls', '--date', '2026-02-30');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--date：“2026-02-30”不是有效日期');
    const extra = await cli('calls', 'today');
    expect(extra.code).toBe(2);
    expect(extra.err).toContain('calls sheet');
    const sheetBad = await cli('calls', 'sheet', '--date', DAY, '--format', 'doc', '--out', 'x.doc');
    expect(sheetBad.code).toBe(2);
    expect(sheetBad.err).toContain('--format');

    await arrange();
    const out = path.join(t.dir, 'calls.xlsx');
    const sheet = await cli('calls', 'sheet', '--date', DAY, '--format', 'xlsx', '--out', out, '--json');
    expect(sheet.err).toBe('');
    expect(sheet.code).toBe(0);
    expect(JSON.parse(sheet.out)).toMatchObject({ path: out, pages: null });
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
  });
});
