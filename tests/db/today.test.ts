import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import { TodayService } from '../../src-main/services/today/today.service';
import type { InputOf } from '../../src-shared/contract/index';
import type { DayTasks } from '../../src-shared/domain/today';
import { openSetUpArchive, type TestArchive } from '../support/archive';

/** 2026-11-22 18:00 at the store (UTC+8). */
const clock: Clock = { now: () => new Date('2026-11-22T10:00:00Z') };
const TODAY = '2026-11-22';
const D = '2026-11-21';

let t: TestArchive;
beforeEach(async () => {
  t = await openSetUpArchive({ clock });
});
afterEach(async () => {
  await t.close();
});

async function userId(name: string): Promise<number> {
  return (await t.archive.db.selectFrom('app_user').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

/** key → state and count, in the order of the board. */
function states(d: DayTasks): [string, string, string, number | null][] {
  return d.tasks.map((x) => [x.area, x.key, x.state, x.count]);
}

function task(d: DayTasks, key: string) {
  const found = d.tasks.find((x) => x.key === key);
  if (!found) throw new Error(`no task ${key}`);
  return found;
}

/** Day D: two ROs opened and delivered. */
async function arrange() {
  const car = (await t.must('vehicles.create', { plate: '京A12345' })).record.id;
  const input = {
    roNumber: 'RO2611210001',
    vehicleId: car,
    type: 'periodic_service',
    openedAt: `${D} 09:00`,
    status: 'delivered',
    deliveredAt: `${D} 15:00`,
    laborFen: 10000,
    partsFen: 5000,
  } as InputOf<'repairOrders.create'>;
  const first = await t.must('repairOrders.create', input);
  await t.must('repairOrders.create', {
    ...input,
    roNumber: 'RO2611210002',
    type: 'repair',
  } as InputOf<'repairOrders.create'>);
  return {
    changeAmount: () => t.must('repairOrders.update', { ...input, id: first.record.id, laborFen: 20000 }),
  };
}

describe('the Today board and the end-of-day check', () => {
  it('today with nothing done: every area open, linked to its work; the end-of-day check leaves out the import', async () => {
    const board = await t.must('today.tasks', {});
    expect(board.date).toBe(TODAY);
    expect(states(board)).toEqual([
      ['imports', 'import', 'open', 0],
      ['reconciliation', 'reconcile', 'open', 0],
      ['daily-report', 'report', 'open', null],
    ]);
    expect(board.open).toBe(3);
    expect(task(board, 'import')).toMatchObject({
      title: '导入 DMS 修理单',
      detail: '今天还没有导入 DMS 修理单',
      link: '/daily/import',
      endOfDay: false,
    });
    expect(task(board, 'reconcile').link).toBe(`/daily/reconcile?date=${TODAY}`);
    expect(task(board, 'report')).toMatchObject({
      link: `/daily/report?date=${TODAY}`,
      detail: '日报未核对：请核对后点“核对确认”，交服务经理签字',
      endOfDay: true,
    });
    const eod = await t.must('today.endOfDay', {});
    expect(states(eod)).toEqual([
      ['reconciliation', 'reconcile', 'open', 0],
      ['daily-report', 'report', 'open', null],
    ]);
    expect(eod.open).toBe(2);
  });

  it('an import today marks the import done', async () => {
    const file = fs.readFileSync(path.resolve(__dirname, '../fixtures/import/dms-utf8.csv'));
    let job = await t.must('imports.start', { fileName: 'dms-utf8.csv', contentBase64: file.toString('base64') });
    const sleep = () => new Promise((r) => setTimeout(r, 2));
    while (['reading', 'checking'].includes(job.phase)) {
      await sleep();
      job = await t.must('imports.job', { jobId: job.jobId });
    }
    expect(job.phase).toBe('ready');
    job = await t.must('imports.commit', { jobId: job.jobId });
    while (job.phase === 'committing') {
      await sleep();
      job = await t.must('imports.job', { jobId: job.jobId });
    }
    expect(job.phase).toBe('done');
    const board = await t.must('today.tasks', { date: TODAY });
    expect(task(board, 'import')).toMatchObject({ state: 'done', count: 1 });
    expect(task(board, 'import').detail).toContain('已导入 1 次，最近一次 18:00（小王，新增 5');
    // The day before has no import, and comes before the archive's first RO: no report to make.
    const before = await t.must('today.tasks', { date: D });
    expect(states(before)).toEqual([
      ['imports', 'import', 'open', 0],
      ['reconciliation', 'reconcile', 'open', 0],
    ]);
    // The imported ROs of today are now to be ticked: the 对单 says how many.
    expect(task(board, 'reconcile')).toMatchObject({ state: 'open', count: 5 });
    expect(task(board, 'reconcile').detail).toBe('还有 5 张修理单没有勾对，5 条差异待说明；处理完后点“对单完成”');
    // …and the report has that as a finding to fix.
    expect(task(board, 'report')).toMatchObject({ state: 'open', count: 1, detail: '日报未核对：有 1 个问题要先处理' });
  });

  it('follows the day through 对单, tally, signature, and a change after signing', async () => {
    const { changeAmount } = await arrange();
    let eod = await t.must('today.endOfDay', { date: D });
    expect(states(eod)).toEqual([
      ['reconciliation', 'reconcile', 'open', 2],
      ['daily-report', 'report', 'open', 1],
    ]);
    await t.must('reconciliation.tick', { date: D, roNumber: 'RO2611210001' });
    await t.must('reconciliation.tick', { date: D, roNumber: 'RO2611210002' });
    await t.must('reconciliation.complete', { date: D });
    eod = await t.must('today.endOfDay', { date: D });
    expect(task(eod, 'reconcile')).toMatchObject({ state: 'done', count: null });
    expect(task(eod, 'reconcile').detail).toBe('已完成对单（小王，18:00）');
    expect(task(eod, 'report')).toMatchObject({ state: 'open', count: null });
    expect(eod.open).toBe(1);

    const v = await t.must('dailyReport.get', { date: D });
    await t.must('dailyReport.confirm', { date: D, fingerprint: v.fingerprint });
    expect(task(await t.must('today.endOfDay', { date: D }), 'report').detail).toBe('已核对，待服务经理签字');

    await t.must('dailyReport.sign', {
      date: D,
      signerId: await userId('李经理'),
      pin: '2222',
      fingerprint: v.fingerprint,
    });
    eod = await t.must('today.endOfDay', { date: D });
    expect(task(eod, 'report')).toMatchObject({ state: 'done', detail: '已签字 v1（李经理）' });
    expect(eod.open).toBe(0);

    await changeAmount();
    eod = await t.must('today.endOfDay', { date: D });
    expect(task(eod, 'report')).toMatchObject({
      state: 'warn',
      detail: '已签字 v1（李经理），但档案之后有变化，请看是否需要更正',
    });
    expect(eod.open).toBe(1);
  });

  it('refuses a future date in Chinese', async () => {
    const r = await t.call('today.tasks', { date: '2026-11-23' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('日期：不能查看未来的工作（今天是 2026-11-22），请选择今天或以前的日期');
    const e = await t.call('today.endOfDay', { date: '2027-01-01' });
    expect(e.ok).toBe(false);
  });

  it('an area is added by giving one more contributor: its tasks come in order, endOfDay filters', async () => {
    const today = new TodayService(clock, [
      {
        area: 'letters',
        tasks: async (date) => [
          {
            area: 'letters',
            key: 'print',
            title: '打印信件',
            count: 2,
            state: 'open',
            detail: `${date} 有 2 封信要打印`,
            link: '/letters',
            endOfDay: false,
          },
          {
            area: 'letters',
            key: 'post',
            title: '寄出信件',
            count: null,
            state: 'done',
            detail: '已寄出',
            link: '/letters',
            endOfDay: true,
          },
        ],
      },
    ]);
    const board = await today.tasks(undefined);
    expect(board).toMatchObject({ date: TODAY, open: 1 });
    expect(board.tasks.map((x) => x.key)).toEqual(['print', 'post']);
    expect(board.tasks[0]!.detail).toBe('2026-11-22 有 2 封信要打印');
    const eod = await today.endOfDay(D);
    expect(eod).toMatchObject({ date: D, open: 0 });
    expect(eod.tasks.map((x) => x.key)).toEqual(['post']);
  });
});
