/**
 * 今日预约 as a workbook for the front desk: one sheet laid out like the printed page (store and
 * date on top, a real table with a frozen header, widths from the content). Same look as the
 * hand-off sheet's workbook.
 */
import { chineseDate } from '../daily-report/daily-report.print';
import { textWidth } from '../daily-report/daily-report.xlsx';
import { a4SheetHeading, a4Workbook, CELL_BORDER } from '../print/a4-workbook';
import { type AppointmentSheetData, type AppointmentSheetRow, stateText } from './appointments.print';

export const APPOINTMENTS_SHEET_NAME = '预约登记表';
export const APPOINTMENTS_HEADERS = [
  '序号',
  '时间',
  '车牌',
  '车型',
  '客户',
  '电话',
  '目的',
  '服务顾问',
  '备注',
  '到店',
] as const;
/** The table's header is on this row (title, date line and a blank row above it). */
export const APPOINTMENTS_HEADER_ROW = 4;

/** Every cell is text: a phone is not a number, a time not a fraction of a day. */
const texts = (r: AppointmentSheetRow, i: number): string[] => [
  String(i + 1),
  r.time ?? '未定',
  r.plate ?? '',
  r.model,
  r.customerName ?? '',
  r.phone ?? '',
  r.purpose,
  r.advisor,
  r.note,
  stateText(r),
];

export async function appointmentsWorkbook(
  data: AppointmentSheetData,
  context: { storeName: string; createdAt: Date },
): Promise<Buffer> {
  const { workbook, sheet } = await a4Workbook({
    title: `预约登记表 ${data.date}`,
    sheetName: APPOINTMENTS_SHEET_NAME,
    storeName: context.storeName,
    createdAt: context.createdAt,
    headerRow: APPOINTMENTS_HEADER_ROW,
    orientation: 'portrait',
  });
  const last = APPOINTMENTS_HEADER_ROW + Math.max(data.rows.length, 1);

  const widths = APPOINTMENTS_HEADERS.map((h) => textWidth(h));
  data.rows.forEach((r, i) => {
    texts(r, i).forEach((t, c) => {
      widths[c] = Math.max(widths[c]!, textWidth(t));
    });
  });
  sheet.columns = widths.map((w, i) => ({ width: Math.min(Math.max(w + 3, i === 0 ? 6 : 8), 40) }));

  const arrived = data.rows.filter((r) => r.state === 'arrived').length;
  a4SheetHeading(sheet, {
    title: `${context.storeName}　预约登记表`,
    sub: `预约日期：${chineseDate(data.date)}　共 ${data.rows.length} 位预约　已到店 ${arrived}`,
    headers: APPOINTMENTS_HEADERS,
    headerRow: APPOINTMENTS_HEADER_ROW,
    whenEmpty: data.rows.length === 0 ? '这一天没有预约' : null,
  });
  data.rows.forEach((r, i) => {
    const row = sheet.getRow(APPOINTMENTS_HEADER_ROW + 1 + i);
    const values: (string | number | null)[] = texts(r, i).map((t) => (t === '' ? null : t));
    values[0] = i + 1;
    row.values = values;
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cell.border = CELL_BORDER;
      if (c === 1 || c === 2 || c === 7) cell.alignment = { horizontal: 'center' };
      if (c === 9) cell.alignment = { wrapText: true, vertical: 'top' };
    });
  });
  sheet.autoFilter = `A${APPOINTMENTS_HEADER_ROW}:J${last}`;
  const content = await workbook.xlsx.writeBuffer();
  return Buffer.from(content as ArrayBuffer);
}
