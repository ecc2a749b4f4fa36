/**
 * The daily report as a workbook: one day, or a month stacked (a 日期 column on every sheet, a row
 * per day on 汇总). Amounts are numbers in yuan with a number format, not text, so the manager can
 * add them up in Excel; totals rows are SUM formulas carrying their value.
 */
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { ReportRoRow } from '../../../src-shared/domain/daily-report';
import { REPORT_STATUS_LABELS } from '../../../src-shared/domain/daily-report';
import { PAYER_LABELS, RO_STATUS_LABELS, RO_TYPE_LABELS } from '../../../src-shared/domain/enums';
import { formatFen } from '../../../src-shared/validation/money';
import { loadExcelJs } from '../lazy-exceljs';
import { advisorLabel, type DailyReportPrintData, shortTime } from './daily-report.print';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const SHEET_NAMES = ['汇总', '按服务顾问', '按类型', '进厂明细', '在修明细', '交车明细', '对单'] as const;

const YUAN_FORMAT = '#,##0.00';
const COUNT_FORMAT = '0';
const DATE_FORMAT = 'yyyy-mm-dd';
const HEADER_FILL = 'FFDCE3EC';
const TOTAL_FILL = 'FFF2F4F7';

type Kind = 'text' | 'date' | 'count' | 'yuan';

interface Column<T> {
  header: string;
  kind: Kind;
  value: (row: T) => string | number | null;
  /** Summed on the totals row (counts and amounts). */
  sum?: boolean;
}

/** Display width in Excel's character units: CJK and full-width characters count double. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    width +=
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6)
        ? 2
        : 1;
  }
  return width;
}

/** As '#,##0.00' shows it, for the column width (formatFen: toLocaleString with options is slow). */
const yuanText = (yuan: number) => formatFen(Math.round(yuan * 100)).replace('¥', '');

/** 2026-11-22 → that day as an Excel date (UTC midnight, so no time zone shifts it). */
function excelDate(date: string): Date {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
}

const fenToYuan = (fen: number) => fen / 100;

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/**
 * Styles are shared objects, set once per column or per kind of cell: a month holds some 10,000
 * rows, and a style object per cell is what makes ExcelJS slow.
 */
const NUM_FMT: Record<Kind, string | undefined> = {
  text: undefined,
  date: DATE_FORMAT,
  count: COUNT_FORMAT,
  yuan: YUAN_FORMAT,
};
const columnStyle = (kind: Kind): Partial<ExcelJS.Style> => (NUM_FMT[kind] ? { numFmt: NUM_FMT[kind] } : {});
const headerStyle = (kind: Kind): Partial<ExcelJS.Style> => ({
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } },
  alignment: { vertical: 'middle', horizontal: kind === 'text' || kind === 'date' ? 'center' : 'right' },
  border: { bottom: { style: 'thin', color: { argb: 'FF7F8C9D' } } },
});
const totalStyle = (kind: Kind): Partial<ExcelJS.Style> => ({
  ...columnStyle(kind),
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: TOTAL_FILL } },
  border: { top: { style: 'thin', color: { argb: 'FF1F3A5F' } } },
});
const KINDS: Kind[] = ['text', 'date', 'count', 'yuan'];
const HEADER_STYLES = Object.fromEntries(KINDS.map((k) => [k, headerStyle(k)])) as Record<Kind, Partial<ExcelJS.Style>>;
const TOTAL_STYLES = Object.fromEntries(KINDS.map((k) => [k, totalStyle(k)])) as Record<Kind, Partial<ExcelJS.Style>>;
const COLUMN_STYLES = Object.fromEntries(KINDS.map((k) => [k, columnStyle(k)])) as Record<Kind, Partial<ExcelJS.Style>>;

type CellData = string | number | Date | null;

/**
 * One sheet: header, rows, an optional totals row. The cells are worked out first, because the
 * streaming writer needs the column widths (taken from the content) before the first row.
 */
function addSheet<T>(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  options: { totals: boolean; header: string },
): void {
  const widths = columns.map((c) => textWidth(c.header));
  const data: CellData[][] = rows.map((row) =>
    columns.map((c, i): CellData => {
      const value = c.value(row);
      if (value === null || value === '') return null;
      if (c.kind === 'date' && typeof value === 'string') {
        widths[i] = Math.max(widths[i]!, value.length);
        return excelDate(value);
      }
      if (typeof value === 'number' && (c.kind === 'yuan' || c.kind === 'count')) {
        widths[i] = Math.max(widths[i]!, c.kind === 'yuan' ? yuanText(value).length : String(value).length);
        return value;
      }
      const text = String(value);
      widths[i] = Math.max(widths[i]!, textWidth(text));
      return text;
    }),
  );
  const lastDataRow = rows.length + 1;
  let totals: ExcelJS.CellValue[] | null = null;
  if (options.totals) {
    totals = columns.map((c, i): ExcelJS.CellValue => {
      if (i === 0) {
        const label = rows.length > 1 ? `合计（${rows.length} 行）` : '合计';
        widths[0] = Math.max(widths[0]!, textWidth(label));
        return label;
      }
      if (!c.sum) return null;
      const total = data.reduce((sum, cells) => sum + Number(cells[i] ?? 0), 0);
      // Rounded to the fen: adding yuan floats would show 0.30000000000000004.
      const result = c.kind === 'yuan' ? Math.round(total * 100) / 100 : total;
      widths[i] = Math.max(widths[i]!, c.kind === 'yuan' ? yuanText(result).length : String(result).length);
      const letter = columnLetter(i + 1);
      // ExcelJS drops a cached result of 0, leaving readers that do not recalculate an empty cell.
      return rows.length === 0 || result === 0
        ? result
        : { formula: `SUM(${letter}2:${letter}${lastDataRow})`, result, date1904: false };
    });
  }

  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1, activeCell: 'A2' }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '1:1',
    },
    headerFooter: {
      oddHeader: `&L${options.header.replace(/&/g, '&&')}&R${name}`,
      oddFooter: '&C第 &P 页 / 共 &N 页',
    },
  });
  sheet.columns = columns.map((c, i) => ({
    // Room for the filter button on the header and a little air. At least 10: ExcelJS leaves a
    // width of exactly 9 (its default) out of the file.
    width: Math.min(Math.max(widths[i]! + (c.kind === 'text' ? 3 : 4), 10), 60),
    style: COLUMN_STYLES[c.kind],
  }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.height = 20;
  columns.forEach((c, i) => {
    header.getCell(i + 1).style = HEADER_STYLES[c.kind];
  });
  header.commit();
  for (const cells of data) sheet.addRow(cells).commit();
  if (totals) {
    const totalRow = sheet.addRow(totals);
    columns.forEach((c, i) => {
      totalRow.getCell(i + 1).style = TOTAL_STYLES[c.kind];
    });
    totalRow.commit();
  }
  sheet.autoFilter = `A1:${columnLetter(columns.length)}${Math.max(lastDataRow, 1)}`;
  sheet.commit();
}

interface RoRowOfDay extends ReportRoRow {
  date: string;
}

const roColumns: Column<RoRowOfDay>[] = [
  { header: '日期', kind: 'date', value: (r) => r.date },
  { header: '工单号', kind: 'text', value: (r) => r.roNumber },
  { header: '来源', kind: 'text', value: (r) => (r.source === 'paper' ? '纸质补录' : '系统') },
  { header: '车牌', kind: 'text', value: (r) => r.plate },
  { header: '客户', kind: 'text', value: (r) => r.customerName },
  { header: '车型', kind: 'text', value: (r) => r.model },
  { header: '服务顾问', kind: 'text', value: (r) => advisorLabel(r.advisor) },
  { header: '类别', kind: 'text', value: (r) => RO_TYPE_LABELS[r.type] },
  { header: '状态', kind: 'text', value: (r) => RO_STATUS_LABELS[r.status] },
  { header: '付费方', kind: 'text', value: (r) => PAYER_LABELS[r.payer] },
  { header: '进厂时间', kind: 'text', value: (r) => shortTime(r.openedAt) },
  { header: '完工时间', kind: 'text', value: (r) => (r.completedAt ? shortTime(r.completedAt) : null) },
  { header: '交车时间', kind: 'text', value: (r) => (r.deliveredAt ? shortTime(r.deliveredAt) : null) },
  { header: '结算时间', kind: 'text', value: (r) => (r.settledAt ? shortTime(r.settledAt) : null) },
  { header: '进厂里程', kind: 'count', value: (r) => r.mileageIn },
  { header: '工时费', kind: 'yuan', value: (r) => fenToYuan(r.laborFen), sum: true },
  { header: '材料费', kind: 'yuan', value: (r) => fenToYuan(r.partsFen), sum: true },
  { header: '合计', kind: 'yuan', value: (r) => fenToYuan(r.totalFen), sum: true },
];

interface Breakdown {
  date: string;
  label: string;
  opened: number;
  inRepair: number;
  delivered: number;
  laborFen: number;
  partsFen: number;
  totalFen: number;
}

const breakdownColumns = (labelHeader: string, oneDay: boolean): Column<Breakdown>[] => [
  { header: '日期', kind: 'date', value: (r) => r.date },
  { header: labelHeader, kind: 'text', value: (r) => r.label },
  { header: '进厂', kind: 'count', value: (r) => r.opened, sum: true },
  { header: '在修', kind: 'count', value: (r) => r.inRepair, sum: oneDay },
  { header: '交车', kind: 'count', value: (r) => r.delivered, sum: true },
  { header: '工时费', kind: 'yuan', value: (r) => fenToYuan(r.laborFen), sum: true },
  { header: '材料费', kind: 'yuan', value: (r) => fenToYuan(r.partsFen), sum: true },
  { header: '合计', kind: 'yuan', value: (r) => fenToYuan(r.totalFen), sum: true },
];

const isSigned = (d: DailyReportPrintData) => d.status === 'signed' && d.signature !== null;

/**
 * 在修 is a stock at the end of each day, not a flow: it is totalled for a single day only, since
 * adding up a month of it means nothing.
 */
const summaryColumns = (oneDay: boolean): Column<DailyReportPrintData>[] => [
  { header: '日期', kind: 'date', value: (d) => d.date },
  { header: '状态', kind: 'text', value: (d) => REPORT_STATUS_LABELS[d.status] },
  { header: '版本', kind: 'count', value: (d) => d.version },
  { header: '进厂', kind: 'count', value: (d) => d.figures.opened, sum: true },
  { header: '在修', kind: 'count', value: (d) => d.figures.inRepair, sum: oneDay },
  { header: '完工', kind: 'count', value: (d) => d.figures.completed, sum: true },
  { header: '交车', kind: 'count', value: (d) => d.figures.delivered, sum: true },
  { header: '结算', kind: 'count', value: (d) => d.figures.settled, sum: true },
  { header: '首保', kind: 'count', value: (d) => d.figures.firstService, sum: true },
  { header: '返修', kind: 'count', value: (d) => d.figures.comebacks, sum: true },
  { header: '纸质补录', kind: 'count', value: (d) => d.figures.paperEntries, sum: true },
  { header: '工时费', kind: 'yuan', value: (d) => fenToYuan(d.figures.totals.laborFen), sum: true },
  { header: '材料费', kind: 'yuan', value: (d) => fenToYuan(d.figures.totals.partsFen), sum: true },
  { header: '合计', kind: 'yuan', value: (d) => fenToYuan(d.figures.totals.totalFen), sum: true },
  { header: '核对人', kind: 'text', value: (d) => d.confirmed?.by ?? null },
  { header: '签字人', kind: 'text', value: (d) => (isSigned(d) ? d.signature!.by : null) },
  { header: '签字时间', kind: 'text', value: (d) => (isSigned(d) ? shortTime(d.signature!.at) : null) },
];

const reconciliationColumns: Column<DailyReportPrintData>[] = [
  { header: '日期', kind: 'date', value: (d) => d.date },
  { header: '系统单数', kind: 'count', value: (d) => d.figures.reconciliation.inArchive, sum: true },
  { header: '纸质单已勾对', kind: 'count', value: (d) => d.figures.reconciliation.ticked, sum: true },
  { header: '系统有、纸质无', kind: 'count', value: (d) => d.figures.reconciliation.missingOnPaper, sum: true },
  { header: '纸质有、系统无', kind: 'count', value: (d) => d.figures.reconciliation.missingInArchive, sum: true },
  { header: '状态不符', kind: 'count', value: (d) => d.figures.reconciliation.statusMismatch, sum: true },
  { header: '差异未说明', kind: 'count', value: (d) => d.figures.reconciliation.unresolved, sum: true },
  { header: '对单状态', kind: 'text', value: (d) => (d.figures.reconciliation.completedAt ? '已完成' : '未完成') },
  { header: '完成人', kind: 'text', value: (d) => d.figures.reconciliation.completedBy },
  {
    header: '完成时间',
    kind: 'text',
    value: (d) => (d.figures.reconciliation.completedAt ? shortTime(d.figures.reconciliation.completedAt) : null),
  },
];

/** `days` in date order: one report per day (the signed snapshot where the latest version is signed). */
export async function dailyReportWorkbook(
  days: readonly DailyReportPrintData[],
  context: { storeName: string; title: string; createdAt: Date },
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // Loaded on first use: ExcelJS is ~1 MB of JS the host does not need to start.
  const exceljs = await loadExcelJs();
  const workbook = new exceljs.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  workbook.creator = 'ClerkDesk 售后信息员工作台';
  workbook.company = context.storeName;
  workbook.title = context.title;
  workbook.created = context.createdAt;
  workbook.modified = context.createdAt;
  const header = `${context.storeName} ${context.title}`.trim();
  const sections = (pick: (d: DailyReportPrintData) => readonly ReportRoRow[]): RoRowOfDay[] =>
    days.flatMap((d) => pick(d).map((r) => ({ ...r, date: d.date })));

  const oneDay = days.length === 1;
  addSheet(workbook, '汇总', summaryColumns(oneDay), days, { totals: true, header });
  addSheet(
    workbook,
    '按服务顾问',
    breakdownColumns('服务顾问', oneDay),
    days.flatMap((d) => d.figures.byAdvisor.map((a) => ({ ...a, date: d.date, label: advisorLabel(a.advisor) }))),
    { totals: true, header },
  );
  addSheet(
    workbook,
    '按类型',
    breakdownColumns('类型', oneDay),
    days.flatMap((d) => d.figures.byType.map((t) => ({ ...t, date: d.date, label: RO_TYPE_LABELS[t.type] }))),
    { totals: true, header },
  );
  addSheet(
    workbook,
    '进厂明细',
    roColumns,
    sections((d) => d.figures.sections.opened),
    { totals: true, header },
  );
  addSheet(
    workbook,
    '在修明细',
    roColumns,
    sections((d) => d.figures.sections.inRepair),
    { totals: true, header },
  );
  addSheet(
    workbook,
    '交车明细',
    roColumns,
    sections((d) => d.figures.sections.delivered),
    { totals: true, header },
  );
  addSheet(workbook, '对单', reconciliationColumns, days, { totals: days.length > 1, header });
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}
