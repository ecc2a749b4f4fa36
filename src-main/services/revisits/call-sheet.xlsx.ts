/**
 * The day's call sheet as a workbook, laid out like the printed page: the store and the date on
 * top, one row per call in queue order (the state a column of its own, so it filters), the two
 * columns to fill in left empty and tall enough to type in, then the customers not to call.
 */
import { QUEUE_STATE_LABELS } from '../../../src-shared/domain/revisits';
import { chineseDate } from '../daily-report/daily-report.print';
import { textWidth } from '../daily-report/daily-report.xlsx';
import { a4SheetHeading, a4Workbook, CELL_BORDER } from '../print/a4-workbook';
import type { CallSheetData, CallSheetRow } from './call-sheet.print';

export const CALL_SHEET_NAME = '今日电话单';
export const CALL_SHEET_HEADERS = [
  '序号',
  '状态',
  '类别',
  '客户',
  '电话',
  '车牌/车型',
  '工单号',
  '原因/到期',
  '方便时间',
  '已打次数',
  '结果',
  '用户原话/备注',
] as const;
/** The table's header is on this row (title, date line and a blank row above it). */
export const CALL_SHEET_HEADER_ROW = 4;

const SKIPPED_FILL = 'FFF3F3F3';
/** The columns written by hand (结果, 用户原话/备注): fixed, wide. */
const WRITE_WIDTHS = [16, 40];

const vehicleText = (r: CallSheetRow) => [r.plate ?? '', r.model].filter((s) => s !== '').join(' ');
const timingText = (r: CallSheetRow) => (r.state === 'skipped' ? (r.skipReason ?? '') : `${r.timing} ${r.reason}`);
const attemptsText = (r: CallSheetRow) => (r.lastAttempt ? `${r.attempts}（${r.lastAttempt}）` : r.attempts);

const cells = (r: CallSheetRow, i: number): (string | number | null)[] => [
  i + 1,
  QUEUE_STATE_LABELS[r.state],
  r.forKindLabel ? `${r.kindLabel}（${r.forKindLabel}）` : r.kindLabel,
  r.customerName,
  r.phone,
  vehicleText(r) || null,
  r.roNumber,
  timingText(r),
  r.preferredTime || null,
  attemptsText(r),
  null,
  null,
];

export async function callSheetWorkbook(
  data: CallSheetData,
  context: { storeName: string; createdAt: Date },
): Promise<Buffer> {
  const { workbook, sheet } = await a4Workbook({
    title: `今日电话单 ${data.date}`,
    sheetName: CALL_SHEET_NAME,
    storeName: context.storeName,
    createdAt: context.createdAt,
    headerRow: CALL_SHEET_HEADER_ROW,
    orientation: 'landscape',
  });
  const rows = [...data.rows, ...data.skipped];
  const last = CALL_SHEET_HEADER_ROW + Math.max(rows.length, 1);

  // Column widths from the content (CJK counts double), at least the header's; the two to write in fixed.
  const writeFrom = CALL_SHEET_HEADERS.length - WRITE_WIDTHS.length;
  const widths = CALL_SHEET_HEADERS.map((h) => textWidth(h));
  rows.forEach((r, i) => {
    cells(r, i).forEach((v, c) => {
      if (c < writeFrom && v !== null) widths[c] = Math.max(widths[c]!, textWidth(String(v)));
    });
  });
  sheet.columns = widths.map((w, i) => ({
    width: i >= writeFrom ? WRITE_WIDTHS[i - writeFrom]! : Math.min(Math.max(w + 2, i === 0 ? 6 : 8), 36),
    style: { alignment: { vertical: 'top', wrapText: i >= 7 } },
  }));

  const c = data.counts;
  a4SheetHeading(sheet, {
    title: `${context.storeName}　今日电话单`,
    sub: `日期：${chineseDate(data.date)}　打电话时段：${data.windows}　待打 ${data.rows.length} 通（现在可打 ${c.now}、稍后 ${c.later}、逾期 ${c.overdue}）　已完成 ${c.done}　未接通已放弃 ${c.unreached}　不打 ${c.skipped}`,
    headers: CALL_SHEET_HEADERS,
    headerRow: CALL_SHEET_HEADER_ROW,
    whenEmpty: rows.length === 0 ? '这一天没有要打的回访电话' : null,
  });
  rows.forEach((r, i) => {
    const row = sheet.getRow(CALL_SHEET_HEADER_ROW + 1 + i);
    row.values = cells(r, i);
    // Room to write the customer's words in; a skipped customer is not called.
    row.height = r.state === 'skipped' ? 18 : 32;
    // Every cell, the empty ones to write in too: the borders are the lines on paper.
    for (let col = 1; col <= CALL_SHEET_HEADERS.length; col++) {
      const cell = row.getCell(col);
      cell.border = CELL_BORDER;
      if (col === 1 || col === 10) cell.alignment = { horizontal: 'center', vertical: 'top' };
      if (r.state === 'skipped') cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: SKIPPED_FILL } };
    }
  });
  sheet.autoFilter = `A${CALL_SHEET_HEADER_ROW}:L${last}`;
  const content = await workbook.xlsx.writeBuffer();
  return Buffer.from(content as ArrayBuffer);
}
