/**
 * A batch as the store's SMS platform imports it: 手机号 and 内容 first (what the platforms read),
 * 姓名 and 车牌 after them for the clerk. Only the messages that go out; numbers in full (they are
 * the point of the file). XLSX with every cell as text (a phone is not a number); CSV in UTF-8 with
 * a BOM, so Excel opens the Chinese correctly, CRLF line ends, quoted as needed.
 */
import type { SmsMessage } from '../../../src-shared/domain/revisits';
import { loadExcelJs } from '../lazy-exceljs';

export const SMS_EXPORT_HEADERS = ['手机号', '内容', '姓名', '车牌'] as const;

/** A cell the clerk's spreadsheet would read as a formula is written as text. */
function notFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function rowsOf(messages: readonly SmsMessage[]): string[][] {
  return messages
    .filter((m) => m.skippedReason === null && m.phone !== null)
    .map((m) => [m.phone!, m.content, notFormula(m.customerName ?? ''), notFormula(m.plate ?? '')]);
}

/** papaparse loads on the first CSV export, not when the host starts (issue 10: nothing heavy before first use). */
export async function smsCsv(messages: readonly SmsMessage[]): Promise<Buffer> {
  const { default: Papa } = await import('papaparse');
  const text = Papa.unparse([[...SMS_EXPORT_HEADERS], ...rowsOf(messages)], { newline: '\r\n', quotes: false });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
}

export async function smsWorkbook(
  messages: readonly SmsMessage[],
  context: { title: string; storeName: string; createdAt: Date },
): Promise<Buffer> {
  const exceljs = await loadExcelJs();
  const workbook = new exceljs.Workbook();
  workbook.creator = 'ClerkDesk 售后信息员工作台';
  workbook.company = context.storeName;
  workbook.title = context.title;
  workbook.created = context.createdAt;
  workbook.modified = context.createdAt;
  const sheet = workbook.addWorksheet('短信', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { width: 15, style: { numFmt: '@' } },
    { width: 70, style: { alignment: { wrapText: true, vertical: 'top' } } },
    { width: 12 },
    { width: 12 },
  ];
  const header = sheet.getRow(1);
  header.values = [...SMS_EXPORT_HEADERS];
  header.font = { bold: true };
  for (const row of rowsOf(messages)) sheet.addRow(row);
  const content = await workbook.xlsx.writeBuffer();
  return Buffer.from(content as ArrayBuffer);
}
