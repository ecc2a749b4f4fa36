/**
 * Reads a DMS export into rows of text cells, each with the line the clerk sees in Excel or
 * Notepad: CSV in UTF-8 (with or without BOM), GBK or GB18030 — detected, not asked — with `,`,
 * `;` or tab, quotes and newlines inside fields; XLSX (first sheet with data). Finds the header row
 * under title lines. Refuses what it cannot read with a message that says what to do.
 *
 * Bounded: an XLSX is read as a stream (ExcelJS's WorkbookReader, row by row, never the whole sheet
 * model) and a CSV is parsed no further than the row limit, so a 3-million-row file is refused with a
 * message instead of exhausting memory. Runs in the import worker (import.worker.ts), not the host.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { ImportEncoding } from '../../../src-shared/domain/imports';
import { AppError } from '../../../src-shared/errors';
import { loadExcelJs } from '../lazy-exceljs';
import { excelDateCellText, headerScore, normalizeHeader } from './dms-values';

export interface TableRow {
  /** 1-based line (CSV: physical line where the row starts; XLSX: row number). */
  line: number;
  /** Physical lines the row spans (quoted newlines make it more than one). */
  lineCount: number;
  cells: string[];
}

export interface DmsTable {
  encoding: ImportEncoding;
  /** XLSX: the sheet read. */
  sheet: string | null;
  /** CSV only: the delimiter found, the file's newline and its decoded text (for the rejected-rows file). */
  delimiter: string | null;
  newline: string;
  text: string | null;
  rows: TableRow[];
}

export interface HeaderRow {
  /** Index into `rows`. */
  index: number;
  score: number;
}

/** Rows looked at for the header: title and date lines sit above it, never many. */
const HEADER_SEARCH_ROWS = 30;

/** Data rows one import takes at most; a bigger export is split by the clerk (a year of a busy store is ~100k). */
export const IMPORT_ROW_LIMIT = 200_000;

export function rowLimitMessage(limit: number): string {
  const n = limit.toLocaleString('en-US');
  return `文件超过 ${n} 行，无法一次导入（每次最多 ${n} 行修理单）。请在 Excel 或 WPS 中把它拆分成几个文件（每个不超过 ${n} 行，各自保留表头行），或在 DMS 中按较短的日期范围分次导出，再分别导入。`;
}

export interface ReadOptions {
  /** Data rows at most (default IMPORT_ROW_LIMIT); title lines and the header come on top. */
  rowLimit?: number;
}
const DELIMITERS = [',', ';', '\t'] as const;

function fileProblem(message: string): AppError {
  return new AppError('VALIDATION', message);
}

export type { FileKind };

/** By content, not by name: a renamed file is still what its bytes say. */
import { type FileKind, sniffKind, XLS_MESSAGE } from './file-kind';

export { sniffKind, XLS_MESSAGE };

/** True when every multi-byte sequence is a two-byte GBK code (GB18030's four-byte codes have a digit second). */
function withinGbk(buf: Uint8Array): boolean {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const next = buf[i + 1];
    if (b >= 0x81 && b <= 0xfe && next !== undefined && next >= 0x30 && next <= 0x39) return false;
    i += 2;
  }
  return true;
}

const UTF16_MESSAGE =
  '文件是 UTF-16（“Unicode 文本”）编码，无法导入。请在 Excel 中“另存为” CSV UTF-8（逗号分隔）或 Excel 工作簿 (.xlsx) 后再导入。';

function isUtf16(buf: Uint8Array): boolean {
  return buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Valid UTF-8 is UTF-8; anything else is decoded as GB18030 (a superset of GBK). */
export function decodeText(buf: Uint8Array): { text: string; encoding: Exclude<ImportEncoding, 'xlsx'> } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (isUtf16(buf)) throw fileProblem(UTF16_MESSAGE);
  try {
    return { text: UTF8.decode(buf), encoding: 'utf-8' };
  } catch {
    const text = iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), 'gb18030');
    return { text, encoding: withinGbk(buf) ? 'gbk' : 'gb18030' };
  }
}

export function encodeText(text: string, encoding: Exclude<ImportEncoding, 'xlsx'>): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return iconv.encode(text, encoding);
}

function newlineOf(text: string): string {
  const i = text.search(/\r\n|\n|\r/);
  if (i < 0) return '\r\n';
  return text[i] === '\r' ? (text[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
}

/** Physical lines inside a parsed field: each quoted newline pushes the following rows down one line. */
function newlinesIn(cell: string): number {
  if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) return 0;
  let n = 0;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (cell.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

function parseCsv(text: string, delimiter: string, preview = 0): TableRow[] {
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false, header: false, preview });
  const rows: TableRow[] = [];
  let line = 1;
  for (const cells of parsed.data) {
    let extra = 0;
    for (const cell of cells) extra += newlinesIn(cell);
    rows.push({ line, lineCount: 1 + extra, cells });
    line += 1 + extra;
  }
  return rows;
}

/**
 * The row among the first ones that names the most archive fields (or header names of the clerk's
 * preset); null when none names two.
 */
export function findHeader(rows: readonly TableRow[], presetHeaders: readonly string[] = []): HeaderRow | null {
  const known = new Set(presetHeaders.map(normalizeHeader));
  let best: HeaderRow | null = null;
  for (let i = 0; i < rows.length && i < HEADER_SEARCH_ROWS; i++) {
    const cells = rows[i]!.cells;
    const score = headerScore(cells) + (known.size > 0 ? cells.filter((c) => known.has(normalizeHeader(c))).length : 0);
    if (score >= 2 && (best === null || score > best.score)) best = { index: i, score };
  }
  return best;
}

function filledCells(row: TableRow): number {
  let n = 0;
  for (const c of row.cells) if (c.trim() !== '') n++;
  return n;
}

/**
 * The header row: the best-scoring one, else the first row with at least two filled cells — the
 * clerk then maps its columns by hand (the preview lists what is missing). Throws when there is none.
 */
export function locateHeader(rows: readonly TableRow[], presetHeaders: readonly string[] = []): HeaderRow {
  const found = findHeader(rows, presetHeaders);
  if (found) return found;
  for (let i = 0; i < rows.length && i < HEADER_SEARCH_ROWS; i++)
    if (filledCells(rows[i]!) >= 2) return { index: i, score: 0 };
  throw fileProblem(NO_HEADER_MESSAGE);
}

export const NO_HEADER_MESSAGE =
  '找不到表头行：前 30 行中没有一行含有至少两列内容。请确认这是 DMS 导出的修理单明细，或在第一行写上列名（如 工单号、车牌号、进厂时间）后再导入。';

function readCsv(buf: Uint8Array, rowLimit: number): DmsTable {
  if (isUtf16(buf)) throw fileProblem(UTF16_MESSAGE);
  const sample = buf.subarray(0, 8192);
  if (sample.includes(0)) {
    throw fileProblem('这不是文本表格文件（含有二进制内容）。请导入 DMS 导出的 CSV 或 XLSX 文件。');
  }
  const { text, encoding } = decodeText(buf);
  if (text.trim() === '') throw fileProblem('文件是空的，没有任何内容。请重新从 DMS 导出。');
  if (/^\s*<(!doctype|html|table|\?xml)/i.test(text.slice(0, 512))) {
    throw fileProblem(
      '这是网页 (HTML/XML) 格式的表格，不是 CSV 或 XLSX。请用 Excel 打开它，“另存为” Excel 工作簿 (.xlsx) 或 CSV 后再导入。',
    );
  }
  // The delimiter that yields the best header row wins: title lines above the header confuse
  // counting delimiters, the header names do not.
  const head = text.slice(0, 256 * 1024);
  let chosen: { delimiter: string; score: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const header = findHeader(parseCsv(head, delimiter, HEADER_SEARCH_ROWS));
    if (header && (chosen === null || header.score > chosen.score)) chosen = { delimiter, score: header.score };
  }
  if (!chosen) {
    // No header names: the delimiter that gives the most columns, for the clerk to map by hand.
    for (const delimiter of DELIMITERS) {
      const widest = Math.max(0, ...parseCsv(head, delimiter, HEADER_SEARCH_ROWS).map(filledCells));
      if (widest >= 2 && (chosen === null || widest > chosen.score)) chosen = { delimiter, score: widest };
    }
  }
  if (!chosen) throw fileProblem(`不是表格文件：没有找到逗号、分号或制表符分隔的列。${NO_HEADER_MESSAGE}`);
  // One row past the limit is enough to know the file is too big; the rest is never parsed.
  const maxRows = rowLimit + HEADER_SEARCH_ROWS;
  const rows = parseCsv(text, chosen.delimiter, maxRows + 1);
  if (rows.length > maxRows) throw fileProblem(rowLimitMessage(rowLimit));
  return {
    encoding,
    sheet: null,
    delimiter: chosen.delimiter,
    newline: newlineOf(text),
    text,
    rows,
  };
}

function numberText(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
  return String(n);
}

/** An ExcelJS cell value as the text the clerk sees (dates as `YYYY-MM-DD HH:mm:ss`). */
export function cellValueText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return excelDateCellText(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellValueText(value.result as ExcelJS.CellValue);
    if ('formula' in value || 'sharedFormula' in value) return '';
    if ('text' in value) return cellValueText(value.text as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

export const XLSX_DAMAGED_MESSAGE =
  'XLSX 文件已损坏或不是 Excel 工作簿，无法读取。请在 Excel 或 WPS 中打开并重新“另存为” .xlsx，或从 DMS 导出 CSV 后再导入。';

type ReaderClass = typeof ExcelJS.stream.xlsx.WorkbookReader;
type Chunks = AsyncIterable<Buffer | string> & { setEncoding?: (encoding: BufferEncoding) => unknown };

/** The parts' bytes as text, a character never cut in two (StringDecoder keeps a partial one for the next chunk). */
function asText(chunks: Chunks): AsyncIterable<string | Buffer> {
  if (typeof chunks.setEncoding === 'function') {
    chunks.setEncoding('utf8');
    return chunks;
  }
  return (async function* () {
    const decoder = new StringDecoder('utf8');
    for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const rest = decoder.end();
    if (rest) yield rest;
  })();
}

let safeReader: ReaderClass | null = null;

/**
 * ExcelJS 4.4's streaming reader decodes each inflated chunk of XML on its own, so a Chinese
 * character that straddles two chunks comes out as �� (about 1 row in 4,000 of a DMS export).
 * This subclass hands its parsers text decoded across chunk boundaries instead.
 */
function utf8SafeReader(exceljs: typeof ExcelJS): ReaderClass {
  if (safeReader) return safeReader;
  // The private parse steps are not in ExcelJS's typings.
  const Base = exceljs.stream.xlsx.WorkbookReader as unknown as new (
    ...args: unknown[]
  ) => {
    _parseWorkbook(entry: Chunks): Promise<void>;
    _parseStyles(entry: Chunks): Promise<void>;
    _parseSharedStrings(entry: Chunks): AsyncGenerator<unknown>;
    _parseWorksheet(iterator: Chunks, sheetNo: string): Generator<unknown>;
  };
  class Utf8WorkbookReader extends Base {
    override _parseWorkbook(entry: Chunks) {
      return super._parseWorkbook(asText(entry));
    }
    override _parseStyles(entry: Chunks) {
      return super._parseStyles(asText(entry));
    }
    override _parseSharedStrings(entry: Chunks) {
      return super._parseSharedStrings(asText(entry));
    }
    override *_parseWorksheet(iterator: Chunks, sheetNo: string) {
      yield* super._parseWorksheet(asText(iterator), sheetNo);
    }
  }
  safeReader = Utf8WorkbookReader as unknown as ReaderClass;
  return safeReader;
}

/** A streamed worksheet: ExcelJS's typings leave out the name it carries. */
export type StreamedSheet = ExcelJS.stream.xlsx.WorksheetReader & { name: string };

/**
 * The workbook's sheets one after another, each row by row (styles kept: they say which numbers
 * are dates). Every sheet must be read to its end (or the loop left) before the next one comes.
 */
export async function* streamSheets(buf: Uint8Array): AsyncGenerator<StreamedSheet> {
  const Reader = utf8SafeReader(await loadExcelJs());
  const input = Readable.from([Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)]);
  const reader = new Reader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  yield* reader as AsyncIterable<StreamedSheet>;
}

export function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values as ExcelJS.CellValue[];
  const cells: string[] = [];
  for (let c = 1; c < values.length; c++) cells.push(cellValueText(values[c]));
  return cells;
}

/**
 * The first sheet that holds data (exports sometimes lead with an empty or a cover sheet): the
 * first whose opening rows hold a header, else the first with any filled row. Blank rows are not
 * kept (they are not data, and the row number says where each kept row is).
 */
async function readXlsx(buf: Uint8Array, rowLimit: number): Promise<DmsTable> {
  const maxRows = rowLimit + HEADER_SEARCH_ROWS;
  let fallback: { name: string; rows: TableRow[] } | null = null;
  try {
    for await (const sheet of streamSheets(buf)) {
      const rows: TableRow[] = [];
      let hasHeader: boolean | null = null;
      // Once a sheet without a header is kept as the fallback, later headerless sheets are skimmed only.
      let keep = fallback === null;
      for await (const row of sheet) {
        const cells = rowCells(row);
        if (!cells.some((c) => c.trim() !== '')) continue;
        if (keep || rows.length < HEADER_SEARCH_ROWS) {
          rows.push({ line: row.number, lineCount: 1, cells });
          if (rows.length > maxRows) throw fileProblem(rowLimitMessage(rowLimit));
        }
        if (hasHeader === null && rows.length === HEADER_SEARCH_ROWS) {
          hasHeader = findHeader(rows) !== null;
          if (hasHeader) keep = true;
        }
      }
      if (rows.length === 0) continue;
      if (hasHeader ?? findHeader(rows) !== null)
        return { encoding: 'xlsx', sheet: sheet.name, delimiter: null, newline: '\r\n', text: null, rows };
      if (keep) fallback ??= { name: sheet.name, rows };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileProblem(XLSX_DAMAGED_MESSAGE);
  }
  if (!fallback) throw fileProblem('XLSX 文件中没有任何有数据的工作表。请确认导出的是修理单明细。');
  return { encoding: 'xlsx', sheet: fallback.name, delimiter: null, newline: '\r\n', text: null, rows: fallback.rows };
}

/** Reads any supported export; throws an AppError (VALIDATION) with the clerk's message otherwise. */
export async function readDmsTable(buf: Uint8Array, options: ReadOptions = {}): Promise<DmsTable> {
  if (buf.length === 0) throw fileProblem('文件是空的，没有任何内容。请重新从 DMS 导出。');
  const kind = sniffKind(buf);
  if (kind === 'xls') throw fileProblem(XLS_MESSAGE);
  const rowLimit = options.rowLimit ?? IMPORT_ROW_LIMIT;
  const table = kind === 'xlsx' ? await readXlsx(buf, rowLimit) : readCsv(buf, rowLimit);
  locateHeader(table.rows);
  return table;
}
