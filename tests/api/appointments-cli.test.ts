/**
 * `cli appointments --date D --json`: the day's appointments from the archive file, through the same
 * dispatcher as the window; masked unless --unmasked (audited); bad input is exit 2 in Chinese.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import type { Clock } from '../../src-main/services/context';
import { openSetUpArchive, type TestArchive, VIN_A, VIN_B } from '../support/archive';

// The archive is arranged on a pinned clock; the CLI reads the real one, so the days are far ahead.
let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const DAY = '2099-03-10';

let t: TestArchive;
beforeEach(async () => {
  nowUtc = '2099-03-09T01:00:00Z';
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

describe('cli appointments', () => {
  it('--json prints the day by time, masked unless --unmasked; a table without --json; bad dates exit 2', async () => {
    const zhang = (await t.must('customers.create', { name: '张三', mobile: '13800138000' })).record.id;
    const li = (await t.must('customers.create', { name: '李四', mobile: '13900139000' })).record.id;
    const a = (await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, model: '朗逸', ownerId: zhang })).record
      .id;
    const b = (await t.must('vehicles.create', { plate: '京B55555', vin: VIN_B, model: '帕萨特', ownerId: li })).record
      .id;
    await t.must('appointments.create', {
      vehicleId: a,
      date: DAY,
      time: '15:00',
      purpose: 'first_service',
      advisor: '王顾问',
    });
    await t.must('appointments.create', { vehicleId: b, date: DAY, time: '09:30', purpose: 'repair', note: '异响' });
    await t.must('appointments.create', { vehicleId: b, date: '2099-03-11', time: '09:30', purpose: 'repair' });

    const masked = await cli('appointments', '--date', DAY, '--json');
    expect(masked.code).toBe(0);
    expect(JSON.parse(masked.out)).toEqual([
      {
        date: DAY,
        time: '09:30',
        plate: '京B55555',
        model: '帕萨特',
        customer: '李**',
        phone: '139****9000',
        purpose: 'repair',
        advisor: '',
        note: '异响',
        state: 'booked',
        ro: null,
        source: 'phone_in',
      },
      {
        date: DAY,
        time: '15:00',
        plate: '京A12345',
        model: '朗逸',
        customer: '张**',
        phone: '138****8000',
        purpose: 'first_service',
        advisor: '王顾问',
        note: '',
        state: 'booked',
        ro: null,
        source: 'phone_in',
      },
    ]);
    const full = await cli('appointments', '--date', DAY, '--json', '--unmasked');
    expect(JSON.parse(full.out).map((r: { customer: string; phone: string }) => [r.customer, r.phone])).toEqual([
      ['李四', '13900139000'],
      ['张三', '13800138000'],
    ]);
    expect(
      t.archive.sqlite!.prepare("SELECT actor, after_json FROM audit_log WHERE action = 'privacy.unmask'").all(),
    ).toEqual([{ actor: 'cli', after_json: JSON.stringify({ document: '今日预约 JSON', date: DAY }) }]);

    const human = await cli('appointments', '--date', DAY);
    expect(human.code).toBe(0);
    expect(human.out).toContain(`${DAY} 预约 2 条（已到店 0）`);
    expect(human.out).toContain('京B55555');
    expect(human.out).toContain('首保');

    const empty = await cli('appointments', '--date', '2099-01-01', '--json');
    expect(JSON.parse(empty.out)).toEqual([]);

    const bad = await cli('appointments', '--date', '2099-02-30');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--date：“2099-02-30”不是有效日期');
    const none = await cli('appointments');
    expect(none.code).toBe(2);
    expect(none.err).toContain('请用 --date 指定预约日期');
  });
});
