/**
 * The refused rows as a file the clerk can fix in Excel and import again: the header row and the
 * refused rows, in the file's own format and encoding (GBK stays GBK; XLSX gives an XLSX with the
 * same headers, cell values and number formats). Title lines above the header are left out.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type DmsTable, dataSheet, encodeText, loadWorkbook, type TableRow } from './dms-table';

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

async function xlsxFile(
  fileName: string,
  original: Uint8Array,
  header: TableRow,
  rows: readonly TableRow[],
): Promise<RejectedFile> {
  const source = dataSheet(await loadWorkbook(original));
  const out = new ExcelJS.Workbook();
  const sheet = out.addWorksheet(source?.name ?? 'Sheet1');
  const copy = (from: number, to: number) => {
    if (!source) return;
    const target = sheet.getRow(to);
    source.getRow(from).eachCell({ includeEmpty: false }, (cell, col) => {
      const t = target.getCell(col);
      t.value = cell.value;
      if (cell.numFmt) t.numFmt = cell.numFmt;
    });
    target.commit();
  };
  copy(header.line, 1);
  rows.forEach((row, i) => {
    copy(row.line, i + 2);
  });
  source?.columns?.forEach((col, i) => {
    if (col.width) sheet.getColumn(i + 1).width = col.width;
  });
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
    ? xlsxFile(fileName, original, header, rows)
    : csvFile(fileName, table, header, rows);
}
