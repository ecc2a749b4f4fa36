/**
 * The refused rows as a file the clerk can fix in Excel and import again: the header row and the
 * refused rows, in the file's own format and encoding (GBK stays GBK; XLSX gives an XLSX with the
 * same headers, cell values and number formats). Title lines above the header are left out.
 */
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../lazy-exceljs';
import { type DmsTable, encodeText, streamSheets, type TableRow } from './dms-table';

export interface RejectedFile {
  fileName: string;
  content: Buffer;
  rows: number;
}

function rejectedName(fileName: string, ext: string): string {
  const base = path.basename(fileName).replace(/\.[^.]*$/, '');
  return `${base}-被拒绝的行${ext}`;
}

/** CSV: the rows' own physical lines, byte for byte as decoded, so quoting and formats survive. */
function csvFile(fileName: string, table: DmsTable, header: TableRow, rows: readonly TableRow[]): RejectedFile {
  const lines = (table.text ?? '').split(/\r\n|\n|\r/);
  const take = (row: TableRow) => lines.slice(row.line - 1, row.line - 1 + row.lineCount).join(table.newline);
  const text = `${[header, ...rows].map(take).join(table.newline)}${table.newline}`;
  const encoding = table.encoding === 'xlsx' ? 'utf-8-bom' : table.encoding;
  return { fileName: rejectedName(fileName, '.csv'), content: encodeText(text, encoding), rows: rows.length };
}

/**
 * The original sheet streamed once more: only the header and the refused rows are kept (a 200k-row
 * workbook is never held as a whole), with their values, number formats and the column widths.
 */
async function xlsxFile(
  fileName: string,
  original: Uint8Array,
  sheetName: string | null,
  header: TableRow,
  rows: readonly TableRow[],
): Promise<RejectedFile> {
  const exceljs = await loadExcelJs();
  const out = new exceljs.Workbook();
  const sheet = out.addWorksheet(sheetName ?? 'Sheet1');
  const target = new Map<number, number>([[header.line, 1]]);
  rows.forEach((row, i) => {
    target.set(row.line, i + 2);
  });
  for await (const source of streamSheets(original)) {
    const wanted = source.name === sheetName;
    for await (const row of source) {
      const to = wanted ? target.get(row.number) : undefined;
      if (to === undefined) continue;
      const copy = sheet.getRow(to);
      row.eachCell({ includeEmpty: false }, (cell: ExcelJS.Cell, col: number) => {
        const t = copy.getCell(col);
        t.value = cell.value;
        if (cell.numFmt) t.numFmt = cell.numFmt;
      });
      copy.commit();
    }
    if (!wanted) continue;
    (source.columns as unknown as ExcelJS.Column[] | null)?.forEach((col, i) => {
      if (col.width) sheet.getColumn(i + 1).width = col.width;
    });
    break;
  }
  const content = Buffer.from(await out.xlsx.writeBuffer());
  return { fileName: rejectedName(fileName, '.xlsx'), content, rows: rows.length };
}

export async function buildRejectedFile(
  fileName: string,
  original: Uint8Array,
  table: DmsTable,
  header: TableRow,
  rows: readonly TableRow[],
): Promise<RejectedFile> {
  return table.encoding === 'xlsx'
    ? xlsxFile(fileName, original, table.sheet, header, rows)
    : csvFile(fileName, table, header, rows);
}
