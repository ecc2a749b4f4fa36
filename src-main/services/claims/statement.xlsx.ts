/**
 * The month's service-fee statement as a workbook: 明细 (one row per approved claim, laid out like
 * the printed page, amounts as numbers in 元 with a money format, dates as dates, the total under
 * it) and 按类型 (the sums per claim type, the total in figures and capitals, where the invoice
 * stands). Both A4 with the header row frozen and repeated on every printed page.
 */
import type ExcelJS from 'exceljs';
import { capitalAmount } from '../../../src-shared/domain/capital-amount';
import { type ServiceFeeStatement, STATEMENT_STATE_LABELS } from '../../../src-shared/domain/claims';
import { textWidth } from '../daily-report/daily-report.xlsx';
import { a4SheetHeading, a4Workbook, CELL_BORDER } from '../print/a4-workbook';
import { monthTitle, statementTitle } from './statement.print';

export const STATEMENT_DETAIL_SHEET = '明细';
export const STATEMENT_TYPES_SHEET = '按类型';
export const STATEMENT_HEADERS = [
  '序号',
  '工单号',
  '索赔单号',
  '车架号',
  '车牌',
  '车型',
  '索赔类型',
  '结算日期',
  '通过日期',
  '金额（元）',
] as const;
export const STATEMENT_TYPE_HEADERS = ['索赔类型', '单数', '金额（元）'] as const;
/** The tables' header is on this row (title and what it covers above it). */
export const STATEMENT_HEADER_ROW = 4;
const MONEY = '#,##0.00';

function excelDate(date: string | null): Date | null {
  if (date === null) return null;
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
}

const sumRow = (row: ExcelJS.Row) =>
  row.eachCell({ includeEmpty: true }, (cell) => {
    cell.border = CELL_BORDER;
    cell.font = { bold: true };
  });

export async function statementWorkbook(
  s: ServiceFeeStatement,
  context: { storeName: string; manufacturer: string; createdAt: Date },
): Promise<Buffer> {
  const title = statementTitle(s.month);
  const { workbook, sheet } = await a4Workbook({
    title,
    sheetName: STATEMENT_DETAIL_SHEET,
    storeName: context.storeName,
    createdAt: context.createdAt,
    headerRow: STATEMENT_HEADER_ROW,
    orientation: 'landscape',
  });
  const sub = `结算月份：${monthTitle(s.month)}（按审核通过日期）　开票对象：${context.manufacturer.trim() || '未设置厂家'}　共 ${s.claims.length} 单　状态：${STATEMENT_STATE_LABELS[s.state]}`;

  // 明细: widths from the content (CJK counts double), at least the header's.
  const widths = STATEMENT_HEADERS.map((h) => textWidth(h));
  for (const c of s.claims) {
    [c.roNumber, c.claimNo ?? '', c.vin ?? '', c.plate ?? '', c.model, c.claimTypeLabel].forEach((text, i) => {
      widths[i + 1] = Math.max(widths[i + 1]!, textWidth(text));
    });
  }
  sheet.columns = widths.map((w, i) => ({
    width: Math.min(Math.max(w + 3, i === 0 ? 6 : i >= 7 ? 12 : 10), 40),
    style: i === 7 || i === 8 ? { numFmt: 'yyyy-mm-dd' } : i === 9 ? { numFmt: MONEY } : {},
  }));
  a4SheetHeading(sheet, {
    title: `${context.storeName}　${title}`,
    sub,
    headers: STATEMENT_HEADERS,
    headerRow: STATEMENT_HEADER_ROW,
    whenEmpty: s.claims.length === 0 ? '本月没有审核通过的索赔单' : null,
  });
  s.claims.forEach((c, i) => {
    const row = sheet.getRow(STATEMENT_HEADER_ROW + 1 + i);
    row.values = [
      i + 1,
      c.roNumber,
      c.claimNo,
      c.vin,
      c.plate,
      c.model || null,
      c.claimTypeLabel,
      excelDate(c.settledOn),
      excelDate(c.approvedOn),
      (c.approvedFen ?? 0) / 100,
    ];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = CELL_BORDER;
      if (col === 1) cell.alignment = { horizontal: 'center' };
    });
  });
  const last = STATEMENT_HEADER_ROW + Math.max(s.claims.length, 1);
  if (s.claims.length > 0) sheet.autoFilter = `A${STATEMENT_HEADER_ROW}:J${last}`;
  const total = sheet.getRow(last + 1);
  total.values = ['合计', null, null, null, null, null, null, null, null, s.totalFen / 100];
  sheet.mergeCells(last + 1, 1, last + 1, 9);
  sumRow(total);

  // 按类型: the sums per type, the amount to invoice, the invoice.
  const types = workbook.addWorksheet(STATEMENT_TYPES_SHEET, {
    views: [{ state: 'frozen', ySplit: STATEMENT_HEADER_ROW, activeCell: `A${STATEMENT_HEADER_ROW + 1}` }],
    pageSetup: {
      ...sheet.pageSetup,
      orientation: 'portrait',
      printTitlesRow: `${STATEMENT_HEADER_ROW}:${STATEMENT_HEADER_ROW}`,
    },
    headerFooter: { ...sheet.headerFooter },
  });
  types.columns = [{ width: 24 }, { width: 10, style: { numFmt: '0' } }, { width: 18, style: { numFmt: MONEY } }];
  a4SheetHeading(types, {
    title: `${context.storeName}　${title}`,
    sub: `结算月份：${monthTitle(s.month)}　按索赔类型汇总`,
    headers: STATEMENT_TYPE_HEADERS,
    headerRow: STATEMENT_HEADER_ROW,
    whenEmpty: s.byType.length === 0 ? '本月没有审核通过的索赔单' : null,
  });
  s.byType.forEach((t, i) => {
    const row = types.getRow(STATEMENT_HEADER_ROW + 1 + i);
    row.values = [t.label, t.count, t.amountFen / 100];
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = CELL_BORDER;
    });
  });
  let r = STATEMENT_HEADER_ROW + Math.max(s.byType.length, 1) + 1;
  const sum = types.getRow(r);
  sum.values = ['合计', s.claims.length, s.totalFen / 100];
  sumRow(sum);
  r += 2;
  const line = (label: string, value: string | number | Date | null, numFmt?: string) => {
    const row = types.getRow(r++);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = value;
    if (numFmt) row.getCell(2).numFmt = numFmt;
    types.mergeCells(row.number, 2, row.number, 3);
  };
  line('应开票金额（小写）', s.totalFen / 100, MONEY);
  line('应开票金额（大写）', capitalAmount(s.totalFen));
  line('状态', STATEMENT_STATE_LABELS[s.state]);
  line('申请开票日期', excelDate(s.requestedOn), 'yyyy-mm-dd');
  line('申请人', s.requestedBy);
  line('申请金额', s.requestedFen === null ? null : s.requestedFen / 100, MONEY);
  if (s.changedSinceRequest) line('注意', '申请开票后本月审核金额有变化，请与站长核对');
  line('发票号码', s.invoiceNo);
  line('开票日期', excelDate(s.invoiceOn), 'yyyy-mm-dd');
  line('回款日期', excelDate(s.paidOn), 'yyyy-mm-dd');

  const content = await workbook.xlsx.writeBuffer();
  return Buffer.from(content as ArrayBuffer);
}
