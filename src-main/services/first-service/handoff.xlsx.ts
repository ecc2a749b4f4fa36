/**
 * The hand-off sheet for sales as a workbook, one sheet laid out like the printed page: the store
 * and the date on top, the table (a real Excel table of cells: dates are dates, mileage a number),
 * then the signature lines. Looks like the daily report's workbook (same header fill and borders).
 */
import { chineseDate, shortTime } from '../daily-report/daily-report.print';
import { textWidth } from '../daily-report/daily-report.xlsx';
import { a4SheetHeading, a4Workbook, CELL_BORDER } from '../print/a4-workbook';
import type { HandoffPrintData, HandoffRow } from './handoff.print';

export const HANDOFF_SHEET_NAME = '首保登记交接单';
export const HANDOFF_HEADERS = [
  '序号',
  '凭证号',
  '车牌',
  'VIN',
  '车型',
  '客户',
  '电话',
  '首保日期',
  '里程',
  '服务顾问',
] as const;
/** The table's header is on this row (title, date line and a blank row above it). */
export const HANDOFF_HEADER_ROW = 4;

function excelDate(date: string): Date {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
}

const cells = (r: HandoffRow, i: number): (string | number | Date | null)[] => [
  i + 1,
  r.voucherNo,
  r.plate,
  r.vin,
  r.model || null,
  r.customerName,
  r.phone,
  excelDate(r.serviceOn),
  r.mileage,
  r.advisor || null,
];

export async function handoffWorkbook(
  data: HandoffPrintData,
  context: { storeName: string; createdAt: Date },
): Promise<Buffer> {
  const { workbook, sheet } = await a4Workbook({
    title: `首保登记交接单 ${data.date}`,
    sheetName: HANDOFF_SHEET_NAME,
    storeName: context.storeName,
    createdAt: context.createdAt,
    headerRow: HANDOFF_HEADER_ROW,
    orientation: 'portrait',
  });
  const last = HANDOFF_HEADER_ROW + Math.max(data.rows.length, 1);

  // Column widths from the content (CJK counts double), at least the header's.
  const widths = HANDOFF_HEADERS.map((h) => textWidth(h));
  data.rows.forEach((r, i) => {
    const texts = [
      String(i + 1),
      r.voucherNo,
      r.plate ?? '',
      r.vin ?? '',
      r.model,
      r.customerName ?? '',
      r.phone ?? '',
    ];
    texts.forEach((t, c) => {
      widths[c] = Math.max(widths[c]!, textWidth(t));
    });
    widths[7] = Math.max(widths[7]!, 10);
    widths[8] = Math.max(widths[8]!, r.mileage.toLocaleString('en-US').length);
    widths[9] = Math.max(widths[9]!, textWidth(r.advisor));
  });
  sheet.columns = widths.map((w, i) => ({
    width: Math.min(Math.max(w + 3, i === 0 ? 6 : 10), 40),
    style: i === 7 ? { numFmt: 'yyyy-mm-dd' } : i === 8 ? { numFmt: '#,##0' } : {},
  }));

  a4SheetHeading(sheet, {
    title: `${context.storeName}　首保登记交接单`,
    sub: `登记日期：${chineseDate(data.date)}　共 ${data.rows.length} 张首保凭证　交：销售部（首保邀请汇总）`,
    headers: HANDOFF_HEADERS,
    headerRow: HANDOFF_HEADER_ROW,
    whenEmpty: data.rows.length === 0 ? '当天没有新登记的首保凭证' : null,
  });
  data.rows.forEach((r, i) => {
    const row = sheet.getRow(HANDOFF_HEADER_ROW + 1 + i);
    row.values = cells(r, i);
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cell.border = CELL_BORDER;
      if (c === 1) cell.alignment = { horizontal: 'center' };
    });
  });
  sheet.autoFilter = `A${HANDOFF_HEADER_ROW}:J${last}`;

  // The signature lines, as on paper.
  const sigRow = sheet.getRow(last + 2);
  const sig = (col: number, label: string, value: string) => {
    sigRow.getCell(col).value = label;
    sigRow.getCell(col).font = { bold: true };
    sigRow.getCell(col).alignment = { horizontal: 'right', vertical: 'bottom' };
    const v = sigRow.getCell(col + 1);
    v.value = value || null;
    v.border = { bottom: { style: 'thin', color: { argb: 'FF333333' } } };
    sheet.mergeCells(last + 2, col + 1, last + 2, col + 2);
  };
  sig(1, '交出人', data.handedBy ?? '');
  sig(4, '接收人', data.handedTo ?? '');
  sig(7, '时间', data.handedOverAt ? shortTime(data.handedOverAt) : '');
  sigRow.height = 26;
  const content = await workbook.xlsx.writeBuffer();
  return Buffer.from(content as ArrayBuffer);
}
