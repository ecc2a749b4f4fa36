import { describe, expect, it } from 'vitest';
import type { DayTasks } from '../../src-shared/domain/today';
import { clerkArchiveEachTest } from '../support/filing';

/**
 * 统计 on the Today board: the Monday report (周报) and the monthly report on the 3rd (月报) are due
 * until exported or printed. The calendar of 2026: Monday 30 November, Thursday 3 December.
 * The store's first RO is opened on 10 November, so October has nothing to report.
 */
const a = clerkArchiveEachTest('2026-11-30T08:00:00');

async function roOpenedOn(day: string, no = 'RO2611100001') {
  const car = await a.t.must('vehicles.create', { plate: `京A${no.slice(-5)}` });
  await a.t.must('repairOrders.create', {
    roNumber: no,
    vehicleId: car.record.id,
    type: 'repair',
    openedAt: `${day} 09:00`,
  });
}

/** The 统计 rows of the board: key, state, link, detail. */
function reportRows(d: DayTasks): [string, string, string, string][] {
  return d.tasks.filter((x) => x.area === 'statistics').map((x) => [x.key, x.state, x.link, x.detail]);
}

async function board(day: string, time = '09:00:00'): Promise<[string, string, string, string][]> {
  a.at(`${day}T${time}`);
  return reportRows(await a.t.must('today.tasks', {}));
}

const WEEK_NAME = '2026年第48周（11月23日—11月29日）的周报';
const WEEK_LINK = '/statistics/weekly?week=2026-W48';
const MONTH_NAME = '2026年11月的月报';
const MONTH_LINK = '/statistics/monthly?month=2026-11';

describe('the weekly report on the Today board', () => {
  it('Monday: last week’s report is due, open, on the end-of-day check too', async () => {
    await roOpenedOn('2026-11-10');
    expect(await board('2026-11-30')).toEqual([
      ['weekly', 'open', WEEK_LINK, `${WEEK_NAME}今天要交：请导出 Excel、导出 PDF 或打印`],
    ]);
    const task = (await a.t.must('today.tasks', {})).tasks.find((x) => x.area === 'statistics');
    expect(task).toMatchObject({ title: '周报（上周）', count: null, endOfDay: true });
    const eod = await a.t.must('today.endOfDay', {});
    expect(reportRows(eod)).toEqual([
      ['weekly', 'open', WEEK_LINK, `${WEEK_NAME}今天要交：请导出 Excel、导出 PDF 或打印`],
    ]);
  });

  it('exported as Excel on Monday: done that day, gone on Tuesday', async () => {
    await roOpenedOn('2026-11-10');
    a.at('2026-11-30T09:12:00');
    const file = await a.t.must('reports.xlsx', { week: '2026-W48' });
    expect(file.fileName).toBe('周报_2026-W48.xlsx');
    expect(await board('2026-11-30', '10:00:00')).toEqual([
      ['weekly', 'done', WEEK_LINK, `${WEEK_NAME}已导出 Excel（小王，11-30 09:12）`],
    ]);
    expect(await board('2026-12-01')).toEqual([]);
  });

  it('not delivered on Monday: still open on Tuesday, saying it was due on Monday', async () => {
    await roOpenedOn('2026-11-10');
    expect(await board('2026-12-01')).toEqual([
      ['weekly', 'open', WEEK_LINK, `${WEEK_NAME}还没有导出或打印（周一应交）：请导出 Excel、导出 PDF 或打印`],
    ]);
  });

  it('a new store: no RO by the end of last week, no weekly report', async () => {
    expect(await board('2026-11-30')).toEqual([]);
    // An RO opened this week is not last week's.
    await roOpenedOn('2026-11-30');
    expect(await board('2026-11-30', '10:00:00')).toEqual([]);
  });
});

describe('the monthly report on the Today board', () => {
  it('the 2nd: last month’s report is not due yet; the 3rd: due; the 4th: still open', async () => {
    await roOpenedOn('2026-11-10');
    // Deliver the weekly so only the monthly is in question.
    a.at('2026-11-30T09:00:00');
    await a.t.must('reports.xlsx', { week: '2026-W48' });
    expect(await board('2026-12-02')).toEqual([]);
    expect(await board('2026-12-03')).toEqual([
      ['monthly', 'open', MONTH_LINK, `${MONTH_NAME}今天要交：请导出 Excel、导出 PDF 或打印`],
    ]);
    const task = (await a.t.must('today.tasks', {})).tasks.find((x) => x.key === 'monthly');
    expect(task).toMatchObject({ title: '月报（上月）', endOfDay: true });
    expect(reportRows(await a.t.must('today.endOfDay', {}))).toEqual([
      ['monthly', 'open', MONTH_LINK, `${MONTH_NAME}今天要交：请导出 Excel、导出 PDF 或打印`],
    ]);
    expect(await board('2026-12-04')).toEqual([
      ['monthly', 'open', MONTH_LINK, `${MONTH_NAME}还没有导出或打印（3 日应交）：请导出 Excel、导出 PDF 或打印`],
    ]);
  });

  it('printed on the 3rd (recordPrinted): done that day, gone on the 4th', async () => {
    await roOpenedOn('2026-11-10');
    a.at('2026-12-03T10:05:00');
    const printed = await a.t.must('reports.recordPrinted', { month: '2026-11' });
    expect(printed).toMatchObject({ kind: 'monthly', period: '2026-11', format: 'print', byName: '小王' });
    expect(await board('2026-12-03', '11:00:00')).toEqual([
      ['weekly', 'open', WEEK_LINK, `${WEEK_NAME}还没有导出或打印（周一应交）：请导出 Excel、导出 PDF 或打印`],
      ['monthly', 'done', MONTH_LINK, `${MONTH_NAME}已打印（小王，12-03 10:05）`],
    ]);
    expect(await board('2026-12-04')).toEqual([
      ['weekly', 'open', WEEK_LINK, `${WEEK_NAME}还没有导出或打印（周一应交）：请导出 Excel、导出 PDF 或打印`],
    ]);
    // The weekly report of another week does not count for W48.
    a.at('2026-12-04T09:30:00');
    await a.t.must('reports.recordPrinted', { week: '2026-W47' });
    expect(await board('2026-12-04', '10:00:00')).toHaveLength(1);
  });

  it('a new store: no RO by the end of last month, no monthly report (nor weekly)', async () => {
    await roOpenedOn('2026-12-01');
    expect(await board('2026-12-03')).toEqual([]);
  });

  it('Monday the 7th: both reports, the weekly of W49 due today and November’s still open', async () => {
    await roOpenedOn('2026-11-10');
    expect(await board('2026-12-07')).toEqual([
      [
        'weekly',
        'open',
        '/statistics/weekly?week=2026-W49',
        '2026年第49周（11月30日—12月6日）的周报今天要交：请导出 Excel、导出 PDF 或打印',
      ],
      ['monthly', 'open', MONTH_LINK, `${MONTH_NAME}还没有导出或打印（3 日应交）：请导出 Excel、导出 PDF 或打印`],
    ]);
  });
});
