/**
 * 周报 / 月报 as a workbook: a sheet per section (概要 first), each A4 portrait with the store and
 * the report's title on top, Chinese column headers shaded and frozen, further tables of the
 * section below the first one with their own heading, and the formula under them. Counts are
 * numbers, rates fractions with a 0.0% format, money in 元 (fen / 100) with #,##0.00, dates real
 * dates. Names and phones go through the disclosure (masked unless a manager asked).
 */
import type ExcelJS from 'exceljs';
import {
  COMEBACK_STATE_LABELS,
  COMPLAINT_LEVEL_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_TYPE_LABELS,
  COMPLAINT_VERDICT_LABELS,
  LOST_REASON_LABELS,
} from '../../../src-shared/domain/complaints';
import { RO_TYPE_LABELS } from '../../../src-shared/domain/enums';
import { rateOf } from '../../../src-shared/domain/report-format';
import {
  FUNNEL_STAGE_LABELS,
  FUNNEL_STAGES,
  type MonthlyReport,
  REPORT_KIND_LABELS,
  type Report,
  type RevisitTally,
  type WeeklyReport,
} from '../../../src-shared/domain/reports';
import { CALL_KIND_LABELS, DEPARTMENT_LABELS, SCALE_LABELS } from '../../../src-shared/domain/revisits';
import { shortTime } from '../daily-report/daily-report.print';
import { textWidth } from '../daily-report/daily-report.xlsx';
import { a4SheetHeading, a4Workbook, CELL_BORDER } from '../print/a4-workbook';
import type { Disclosure } from '../privacy/disclosure';

export const WEEKLY_SHEETS = ['概要', '回访', '满意度', '问题客户', '返修', '投诉', '招揽', '预约'] as const;
export const MONTHLY_SHEETS = [
  '概要',
  '回访',
  '满意度',
  '问题客户',
  '投诉',
  '招揽',
  '流失',
  '首保',
  '进厂台次',
  '归档',
  '索赔',
] as const;
/** Each sheet's first table has its headers on this row (title and period above), frozen. */
export const REPORT_HEADER_ROW = 4;

export const PERCENT = '0.0%';
export const MONEY = '#,##0.00';
const DATE = 'yyyy-mm-dd';
const INTEGER = '0';

type Kind = 'text' | 'int' | 'pct' | 'money' | 'date' | 'dec';
interface Column {
  header: string;
  kind: Kind;
}
/** A cell as given: text, a count, a rate 0..1 (pct), fen (money), a YYYY-MM-DD day (date). */
type Value = string | number | null;

const FORMATS: Record<Kind, string | undefined> = {
  text: undefined,
  int: INTEGER,
  pct: PERCENT,
  money: MONEY,
  date: DATE,
  dec: '0.0',
};

const col = (header: string, kind: Kind = 'text'): Column => ({ header, kind });

function excelDate(date: string): Date {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
}

function cellValue(kind: Kind, value: Value): string | number | Date | null {
  if (value === null || value === '') return null;
  if (kind === 'money' && typeof value === 'number') return value / 100;
  if (kind === 'date' && typeof value === 'string') return excelDate(value);
  return value;
}

const HEADER_FILL = 'FFDCE3EC';
const TOTAL_FILL = 'FFEEF2F7';

/** One sheet being written: its next free row and the widest text of each column. */
class SectionSheet {
  next = REPORT_HEADER_ROW + 1;
  private readonly widths: number[] = [];

  constructor(readonly sheet: ExcelJS.Worksheet) {}

  private measure(values: readonly (string | number | Date | null)[]) {
    values.forEach((v, i) => {
      const text = v instanceof Date ? '2026-11-30' : v === null ? '' : typeof v === 'number' ? v.toFixed(2) : v;
      // Long free text wraps rather than widening its column past 40.
      this.widths[i] = Math.max(this.widths[i] ?? 0, Math.min(textWidth(text), 40));
    });
  }

  private writeRow(rowNumber: number, columns: readonly Column[], values: readonly Value[], total: boolean) {
    const row = this.sheet.getRow(rowNumber);
    const cells = columns.map((c, i) => cellValue(c.kind, values[i] ?? null));
    this.measure(cells);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.value = cells[i] ?? null;
      const numFmt = FORMATS[c.kind];
      if (numFmt) cell.numFmt = numFmt;
      cell.border = CELL_BORDER;
      cell.alignment = { vertical: 'top', wrapText: c.kind === 'text' };
      if (total) {
        cell.font = { bold: true };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: TOTAL_FILL } };
      }
    });
  }

  /** The sheet's first table: its headers on REPORT_HEADER_ROW (frozen), written by a4SheetHeading. */
  first(
    heading: { title: string; sub: string },
    columns: readonly Column[],
    rows: readonly Value[][],
    options: { empty?: string; total?: Value[] } = {},
  ) {
    this.measure(columns.map((c) => c.header));
    a4SheetHeading(this.sheet, {
      ...heading,
      headers: columns.map((c) => c.header),
      headerRow: REPORT_HEADER_ROW,
      whenEmpty: rows.length === 0 ? (options.empty ?? '本期没有数据') : null,
    });
    this.next = REPORT_HEADER_ROW + 1 + Math.max(rows.length, 1);
    rows.forEach((values, i) => {
      this.writeRow(REPORT_HEADER_ROW + 1 + i, columns, values, false);
    });
    if (options.total) this.writeRow(this.next++, columns, options.total, true);
  }

  /** A further table below: a blank row, its caption, its headers, its rows. */
  table(
    caption: string,
    columns: readonly Column[],
    rows: readonly Value[][],
    options: { empty?: string; total?: Value[] } = {},
  ) {
    this.next += 1;
    const captionCell = this.sheet.getRow(this.next++).getCell(1);
    captionCell.value = caption;
    captionCell.font = { bold: true, size: 11, color: { argb: 'FF1F3A5F' } };
    const header = this.sheet.getRow(this.next++);
    this.measure(columns.map((c) => c.header));
    columns.forEach((c, i) => {
      header.getCell(i + 1).value = c.header;
      header.getCell(i + 1).style = {
        font: { bold: true },
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } },
        alignment: { vertical: 'middle', horizontal: 'center' },
        border: CELL_BORDER,
      };
    });
    if (rows.length === 0) {
      this.sheet.getRow(this.next).getCell(1).value = options.empty ?? '本期没有数据';
      this.sheet.mergeCells(this.next, 1, this.next, columns.length);
      this.next++;
    }
    for (const values of rows) this.writeRow(this.next++, columns, values, false);
    if (options.total) this.writeRow(this.next++, columns, options.total, true);
  }

  /** A line of text under the tables (a formula, a note). */
  note(text: string) {
    this.next += 1;
    const cell = this.sheet.getRow(this.next++).getCell(1);
    cell.value = text;
    cell.font = { italic: true, color: { argb: 'FF444444' } };
  }

  /** Widths from the content (CJK counts double), at least 8. */
  fitColumns() {
    this.widths.forEach((w, i) => {
      this.sheet.getColumn(i + 1).width = Math.max(w + 3, 8);
    });
  }
}

const tallyRow = (label: string, t: RevisitTally): Value[] => [
  label,
  t.due,
  t.done,
  t.reached,
  t.unreached,
  t.open,
  rateOf(t.done, t.due),
  rateOf(t.reached, t.due),
];

/** The report as a workbook: a sheet per section, Chinese headers, number formats, frozen headers. */
export async function reportWorkbook(report: Report, disclosure: Disclosure, createdAt: Date): Promise<Buffer> {
  const kindLabel = REPORT_KIND_LABELS[report.kind];
  const title = `${kindLabel} ${report.period.label}`;
  const names = report.kind === 'weekly' ? WEEKLY_SHEETS : MONTHLY_SHEETS;
  const { workbook, sheet: firstSheet } = await a4Workbook({
    title,
    sheetName: names[0],
    storeName: report.storeName,
    createdAt,
    headerRow: REPORT_HEADER_ROW,
    orientation: 'portrait',
  });
  const sheets = new Map<string, SectionSheet>([[names[0], new SectionSheet(firstSheet)]]);
  for (const name of names.slice(1)) {
    const sheet = workbook.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: REPORT_HEADER_ROW, activeCell: `A${REPORT_HEADER_ROW + 1}` }],
      pageSetup: { ...firstSheet.pageSetup },
      headerFooter: { ...firstSheet.headerFooter },
    });
    sheets.set(name, new SectionSheet(sheet));
  }
  const at = (name: string) => sheets.get(name)!;
  const p = report.period;
  const made = `制表时间：${shortTime(report.generatedAt)}`;
  const heading = (section: string, note = '') => ({
    title: `${report.storeName}　${kindLabel}　${section}`,
    sub: `统计期间：${p.label}（${p.from} 至 ${p.to}）${p.partial ? '，本期未结束，数字截至制表时间' : ''}　${made}${note ? `　${note}` : ''}`,
  });
  const unmaskedNote = disclosure.unmasked ? '含完整姓名和电话，注意保管' : '姓名和电话已隐去部分';

  // 概要: the key figures, one per row, each with its own format.
  const summary: [string, Kind, Value, string][] = [
    ['应回访', 'int', report.revisits.total.due, ''],
    ['回访完成率', 'pct', report.revisits.doneRate, '已回访 / 应回访'],
    ['接通率', 'pct', report.revisits.reachRate, '接通 / 应回访'],
    ['满意率', 'pct', report.satisfaction.overall.rate, '满意回答 / 回答'],
    ['问题客户', 'int', report.problems.length, ''],
    ['投诉受理', 'int', report.complaints.opened, ''],
    ['投诉关闭', 'int', report.complaints.closed, ''],
    ['投诉未关闭', 'int', report.complaints.stillOpen, '本期受理、期末仍未关闭'],
    ['招揽转化率', 'pct', report.invitations.funnel.conversion, '已进厂 / 应招揽'],
  ];
  if (report.kind === 'weekly') {
    summary.push(
      ['返修', 'int', report.comebacks.count, ''],
      ['预约守约率', 'pct', report.appointments.keptRate, '到店 / (预约 − 取消)'],
    );
  } else {
    summary.push(
      ['流失率', 'pct', report.lost.churn.churn, report.lost.churn.formula],
      ['首保登记', 'int', report.firstService.registered, ''],
      ['进厂台次', 'int', report.roVolume.total.count, ''],
      ['进厂金额（元）', 'money', report.roVolume.total.totalFen, ''],
      ['归档率', 'pct', rateOf(report.filing.filed, report.filing.required), '已归档 / 应归档'],
      ['索赔审核通过', 'int', report.claims.approved, ''],
      ['索赔通过金额（元）', 'money', report.claims.approvedFen, ''],
    );
  }
  {
    const s = at('概要');
    a4SheetHeading(s.sheet, {
      ...heading('概要'),
      headers: ['项目', '数值', '说明'],
      headerRow: REPORT_HEADER_ROW,
      whenEmpty: null,
    });
    // One figure a row, each with its own format.
    summary.forEach(([label, kind, value, note], i) => {
      const row = s.sheet.getRow(REPORT_HEADER_ROW + 1 + i);
      row.getCell(1).value = label;
      row.getCell(2).value = cellValue(kind, value);
      const numFmt = FORMATS[kind];
      if (numFmt) row.getCell(2).numFmt = numFmt;
      row.getCell(3).value = note || null;
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.border = CELL_BORDER;
      });
    });
    s.next = REPORT_HEADER_ROW + 1 + summary.length;
    s.sheet.getColumn(1).width = 22;
    s.sheet.getColumn(2).width = 16;
    s.sheet.getColumn(3).width = 50;
    s.note(`制表：${report.storeName}　${made}　${unmaskedNote}`);
  }

  // 回访
  {
    const s = at('回访');
    const r = report.revisits;
    s.first(
      heading('回访完成情况', '按应回访日期'),
      [
        col('回访类型'),
        col('应回访', 'int'),
        col('已回访', 'int'),
        col('接通', 'int'),
        col('未接通', 'int'),
        col('未完成', 'int'),
        col('完成率', 'pct'),
        col('接通率', 'pct'),
      ],
      r.byKind.map((k) => tallyRow(CALL_KIND_LABELS[k.kind], k)),
      { empty: '本期没有应回访的客户', total: tallyRow('合计', r.total) },
    );
    s.note(r.formula);
    s.fitColumns();
  }

  // 满意度
  {
    const s = at('满意度');
    const r = report.satisfaction;
    s.first(
      heading(report.kind === 'monthly' ? '月客户满意度回访表' : '客户满意度', `${r.calls} 个回访有问卷`),
      [
        col('序号', 'int'),
        col('问题'),
        col('计分方式'),
        col('部门'),
        col('回答', 'int'),
        col('满意', 'int'),
        col('满意率', 'pct'),
      ],
      r.questions.map((q, i) => [
        i + 1,
        q.text,
        SCALE_LABELS[q.scale],
        q.department === null ? '—' : DEPARTMENT_LABELS[q.department],
        q.answers,
        q.satisfied,
        q.rate,
      ]),
      {
        empty: '本期没有带问卷的回访',
        total: ['全部问题', null, null, null, r.overall.answers, r.overall.satisfied, r.overall.rate],
      },
    );
    s.table(
      '各部门满意率',
      [col('部门'), col('回答', 'int'), col('满意', 'int'), col('满意率', 'pct'), col('问题客户', 'int')],
      r.departments.map((d) => [DEPARTMENT_LABELS[d.department], d.answers, d.satisfied, d.rate, d.problems]),
      { empty: '本期没有计分的回答' },
    );
    s.note(r.formula);
    s.fitColumns();
  }

  // 问题客户
  {
    const s = at('问题客户');
    s.first(
      heading('问题客户及处理', unmaskedNote),
      [
        col('回访日期', 'date'),
        col('部门'),
        col('客户'),
        col('电话'),
        col('车牌'),
        col('工单号'),
        col('客户反映'),
        col('处理措施'),
        col('处理结果'),
        col('处理日期', 'date'),
        col('投诉单号'),
      ],
      report.problems.map((x) => [
        x.on,
        DEPARTMENT_LABELS[x.department],
        disclosure.name(x.customerName),
        disclosure.phone(x.phone),
        x.plate,
        x.roNumber,
        x.words,
        x.action,
        x.result,
        x.doneOn,
        x.complaintNo,
      ]),
      { empty: '本期没有问题客户' },
    );
    s.note('处理日期为空：尚未处理完');
    s.fitColumns();
  }

  if (report.kind === 'weekly') weeklyComebacks(at('返修'), report, heading);

  // 投诉
  {
    const s = at('投诉');
    const r = report.complaints;
    s.first(
      heading(report.kind === 'monthly' ? '投诉处理表' : '投诉', '本期受理或关闭的投诉'),
      [
        col('编号'),
        col('受理日期', 'date'),
        col('客户'),
        col('电话'),
        col('车牌'),
        col('类型'),
        col('级别'),
        col('部门'),
        col('负责人'),
        col('状态'),
        col('投诉内容'),
        col('处理结果'),
        col('结案日期', 'date'),
        col('处理天数', 'int'),
        col('客户评价'),
      ],
      r.rows.map((c) => [
        c.no,
        c.openedOn,
        disclosure.name(c.customerName),
        disclosure.phone(c.phone),
        c.plate,
        COMPLAINT_TYPE_LABELS[c.type],
        COMPLAINT_LEVEL_LABELS[c.level],
        DEPARTMENT_LABELS[c.department],
        c.owner,
        COMPLAINT_STATE_LABELS[c.state],
        c.description,
        c.resolution,
        c.closedOn,
        c.daysToClose,
        c.verdict === null ? null : COMPLAINT_VERDICT_LABELS[c.verdict],
      ]),
      { empty: '本期没有投诉' },
    );
    s.table(
      '汇总',
      [col('本期受理', 'int'), col('本期关闭', 'int'), col('受理未关闭', 'int'), col('平均处理天数', 'dec')],
      [[r.opened, r.closed, r.stillOpen, r.averageDaysToClose]],
    );
    s.table(
      '按类型（本期受理）',
      [col('类型'), col('件数', 'int')],
      r.byType.map((t) => [COMPLAINT_TYPE_LABELS[t.type], t.count]),
    );
    s.table(
      '按级别（本期受理）',
      [col('级别'), col('件数', 'int')],
      r.byLevel.map((l) => [COMPLAINT_LEVEL_LABELS[l.level], l.count]),
    );
    s.note('处理天数 = 结案日期 − 受理日期（自然日）；平均处理天数按本期关闭的投诉计');
    s.fitColumns();
  }

  // 招揽
  {
    const s = at('招揽');
    const r = report.invitations;
    const f = r.funnel;
    s.first(
      heading('招揽转化', '招揽名单中到期日在本期的车辆'),
      [col('环节'), col('车辆', 'int'), col('占应招揽', 'pct')],
      FUNNEL_STAGES.map((stage) => [FUNNEL_STAGE_LABELS[stage], f[stage], rateOf(f[stage], f.listed)]),
      { total: ['招揽转化率', null, f.conversion] },
    );
    s.table(
      '本期寄出的招揽信',
      [col('寄出', 'int'), col('其中已进厂', 'int'), col('进厂率', 'pct')],
      [[r.lettersSent, r.lettersCame, rateOf(r.lettersCame, r.lettersSent)]],
    );
    s.note(r.formula);
    s.fitColumns();
  }

  if (report.kind === 'weekly') {
    const s = at('预约');
    const a = report.appointments;
    s.first(
      heading('预约', '预约日期在本期'),
      [col('预约', 'int'), col('到店', 'int'), col('爽约', 'int'), col('取消', 'int'), col('守约率', 'pct')],
      [[a.booked, a.arrived, a.noShow, a.cancelled, a.keptRate]],
    );
    s.note('守约率 = 到店 / (预约 − 取消)；爽约 = 预约日已过仍未到店');
    s.fitColumns();
  } else {
    monthlySheets(at, report, heading);
  }

  const content = await workbook.xlsx.writeBuffer();
  return Buffer.from(content as ArrayBuffer);
}

type Heading = (section: string, note?: string) => { title: string; sub: string };

function weeklyComebacks(s: SectionSheet, report: WeeklyReport, heading: Heading) {
  const r = report.comebacks;
  s.first(
    heading('返修', `${r.count} 次，已处理 ${r.closed} 次`),
    [
      col('日期', 'date'),
      col('车牌'),
      col('返修工单'),
      col('原工单'),
      col('客户反映'),
      col('状态'),
      col('原因'),
      col('处理结果'),
    ],
    r.rows.map((c) => [
      c.date,
      c.plate,
      c.roNumber,
      c.earlierRoNumber,
      c.words,
      COMEBACK_STATE_LABELS[c.state],
      c.cause,
      c.result,
    ]),
    { empty: '本期没有返修' },
  );
  s.fitColumns();
}

function monthlySheets(at: (name: string) => SectionSheet, report: MonthlyReport, heading: Heading) {
  // 流失
  {
    const s = at('流失');
    const l = report.lost;
    const c = l.churn;
    s.first(
      heading('流失客户'),
      [
        col('月份'),
        col('基数月份'),
        col('基数车辆', 'int'),
        col('此后回厂', 'int'),
        col('流失率', 'pct'),
        col('首保车辆', 'int'),
        col('其中二保', 'int'),
        col('首保后保持率', 'pct'),
      ],
      [[c.month, c.baseMonth, c.base, c.returned, c.churn, c.firstServiceBase, c.secondService, c.retention]],
    );
    const total = l.reasons.reduce((sum, r) => sum + r.count, 0);
    s.table(
      '流失原因（本月登记）',
      [col('原因'), col('车辆', 'int'), col('占比', 'pct')],
      l.reasons.map((r) => [LOST_REASON_LABELS[r.reason], r.count, rateOf(r.count, total)]),
      { empty: '本月没有登记流失原因', total: ['合计', total, null] },
    );
    s.table(
      '流失召回电话（本月完成）',
      [col('召回电话', 'int'), col('接通', 'int'), col('接通率', 'pct')],
      [[l.winbackCalls, l.winbackReached, rateOf(l.winbackReached, l.winbackCalls)]],
    );
    s.note(c.formula);
    s.fitColumns();
  }

  // 首保
  {
    const s = at('首保');
    const f = report.firstService;
    s.first(
      heading('首保登记与交接'),
      [col('本月首保登记', 'int'), col('其中已交销售', 'int'), col('全部待交接', 'int')],
      [[f.registered, f.handedOver, f.waiting]],
    );
    s.note('全部待交接：所有尚未交给销售的首保登记（不限本月）');
    s.fitColumns();
  }

  // 进厂台次
  {
    const s = at('进厂台次');
    const v = report.roVolume;
    const columns = (first: string) => [
      col(first),
      col('台次', 'int'),
      col('金额（元）', 'money'),
      col('占台次', 'pct'),
    ];
    const total: Value[] = ['合计', v.total.count, v.total.totalFen, v.total.count === 0 ? null : 1];
    s.first(
      heading('进厂台次及金额', '本月开单的修理单，金额为工单合计'),
      columns('类型'),
      v.byType.map((t) => [RO_TYPE_LABELS[t.type], t.count, t.totalFen, rateOf(t.count, v.total.count)]),
      { empty: '本月没有进厂', total },
    );
    s.table(
      '按服务顾问',
      columns('服务顾问'),
      v.byAdvisor.map((a) => [
        a.advisor === '' ? '未填' : a.advisor,
        a.count,
        a.totalFen,
        rateOf(a.count, v.total.count),
      ]),
      { empty: '本月没有进厂', total },
    );
    s.fitColumns();
  }

  // 归档
  {
    const s = at('归档');
    const f = report.filing;
    s.first(
      heading('档案归档', '本月修理单应归档的单据'),
      [
        col('应归档', 'int'),
        col('已归档', 'int'),
        col('缺失', 'int'),
        col('归档率', 'pct'),
        col('有缺件的工单', 'int'),
      ],
      [[f.required, f.filed, f.missing, rateOf(f.filed, f.required), f.rosIncomplete]],
    );
    s.note('归档率 = 已归档 / 应归档');
    s.fitColumns();
  }

  // 索赔
  {
    const s = at('索赔');
    const c = report.claims;
    s.first(
      heading('索赔'),
      [
        col('上报', 'int'),
        col('按时上报', 'int'),
        col('按时率', 'pct'),
        col('审核通过', 'int'),
        col('通过金额（元）', 'money'),
        col('驳回', 'int'),
        col('结算', 'int'),
        col('结算金额（元）', 'money'),
      ],
      [
        [
          c.reported,
          c.reportedOnTime,
          rateOf(c.reportedOnTime, c.reported),
          c.approved,
          c.approvedFen,
          c.rejected,
          c.paid,
          c.paidFen,
        ],
      ],
    );
    s.table(
      '审核通过（按索赔类型）',
      [col('索赔类型'), col('代码'), col('单数', 'int'), col('金额（元）', 'money')],
      c.byType.map((t) => [t.label, t.type, t.approved, t.approvedFen]),
      { empty: '本月没有审核通过的索赔', total: ['合计', null, c.approved, c.approvedFen] },
    );
    s.note('按时上报 = 首次上报日不晚于索赔时限；结算 = 本月回款的结算单中的索赔');
    s.fitColumns();
  }
}
