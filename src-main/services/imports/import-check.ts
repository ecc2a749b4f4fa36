/**
 * Reading and checking a DMS export, start to end, with nothing of the host in it: the bytes are
 * read (bounded, see dms-table.ts), the header found, every row checked with the archive's rules,
 * duplicates and conflicts within the file sorted out, and the accepted rows planned against the
 * archive (read only) so the preview's counts are what the commit will do. Runs in the import
 * worker (import.worker.ts) on the worker's own connection, so a 100k-row file costs the host's
 * event loop nothing.
 */
import type {
  ColumnMapping,
  ImportCounts,
  ImportEncoding,
  ImportField,
  ImportFlag,
  ImportProblem,
} from '../../../src-shared/domain/imports';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS } from '../../../src-shared/domain/imports';
import { AppError } from '../../../src-shared/errors';
import { locateHeader, readDmsTable, type TableRow } from './dms-table';
import { cellText } from './dms-values';
import { ImportPlanner } from './import-planner';
import {
  classifyRow,
  type FullMapping,
  type ImportRow,
  RowChecker,
  resolveMapping,
  roNumberOf,
  rowContentKey,
  rowKey,
} from './import-rows';
import type { PlannerSql } from './import-sql';

export interface CheckRequest {
  buffer: Uint8Array;
  preset: Record<string, ImportField> | null;
  mapping: ColumnMapping | undefined;
  rowLimit?: number | undefined;
  chunkSize: number;
  /** "Now" for the planner (ISO instant with offset). */
  at: string;
}

/** Where a row sits in the file: enough to copy it into the rejected-rows file. */
export interface RowPlace {
  line: number;
  lineCount: number;
}

export interface CheckOutcome {
  encoding: ImportEncoding;
  sheet: string | null;
  newline: string;
  header: RowPlace;
  headers: string[];
  mapping: ColumnMapping;
  missingRequired: ImportField[];
  counts: ImportCounts;
  rejected: ImportProblem[];
  flags: ImportFlag[];
  rejectedRows: RowPlace[];
  accepted: ImportRow[];
}

export class CheckCancelled extends Error {}

export type CheckProgress = (phase: 'reading' | 'checking', done: number, total: number) => void;

function emptyCounts(): ImportCounts {
  return { rows: 0, new: 0, changed: 0, unchanged: 0, duplicates: 0, rejected: 0 };
}

function publicMapping(mapping: FullMapping): ColumnMapping {
  const out: ColumnMapping = {};
  for (const f of IMPORT_FIELDS) if (mapping[f] !== null) out[f] = mapping[f];
  return out;
}

const place = (row: TableRow): RowPlace => ({ line: row.line, lineCount: row.lineCount });

/**
 * Every row through the archive's rules, then planned against the archive in chunks. `sql` is
 * only read (the planner runs with `write: false`).
 */
export async function checkImport(
  request: CheckRequest,
  sql: PlannerSql | null,
  progress: CheckProgress = () => {},
  /** Asked between chunks: true stops the check (it throws CheckCancelled). */
  cancelled: () => boolean = () => false,
): Promise<CheckOutcome> {
  progress('reading', 0, 0);
  const table = await readDmsTable(request.buffer, { rowLimit: request.rowLimit });
  const found = locateHeader(table.rows, request.preset ? Object.keys(request.preset) : []);
  const header = table.rows[found.index]!;
  const headers = header.cells.map((c) => cellText(c));
  const { mapping, missingRequired, outOfRange } = resolveMapping(headers, request.preset, request.mapping);
  const wrong = outOfRange[0];
  if (wrong)
    throw new AppError(
      'VALIDATION',
      `列对应：“${IMPORT_FIELD_LABELS[wrong.field]}”选的是第 ${wrong.index + 1} 列，但文件只有 ${headers.length} 列。请重新选择。`,
    );
  if (cancelled()) throw new CheckCancelled();
  const dataRows = table.rows.slice(found.index + 1);
  // The table (and for a CSV its decoded text) is not needed past this point.
  table.rows = [];
  table.text = null;
  progress('checking', 0, dataRows.length);

  const counts = emptyCounts();
  const problems: ImportProblem[] = [];
  const flags: ImportFlag[] = [];
  const accepted: ImportRow[] = [];
  const rejectedRows: RowPlace[] = [];
  const headerKey = rowKey(header.cells);
  const planner = missingRequired.length === 0 && sql !== null ? new ImportPlanner(sql, false, request.at) : null;
  const checking = missingRequired.length === 0;
  // By RO number: a second row with the same number is the same line again (counted once), the
  // same order written differently (¥1,200 and 1200: counted once), or a conflict (refused).
  const seen = new Map<string, { row: TableRow; order: ImportRow | null }>();
  const checker = new RowChecker(mapping, headers);
  const roColumn = mapping.roNumber === null ? '' : (headers[mapping.roNumber] ?? '');

  for (let start = 0; start < dataRows.length; start += request.chunkSize) {
    const chunk = dataRows.slice(start, start + request.chunkSize);
    const orders: ImportRow[] = [];
    for (const row of chunk) {
      if (classifyRow(row.cells, mapping, header.cells, headerKey) !== 'data') continue;
      counts.rows++;
      if (!checking) continue;
      const key = mapping.roNumber === null ? '' : roNumberOf(row.cells[mapping.roNumber] ?? '');
      const prior = key === '' ? undefined : seen.get(key);
      if (prior && rowKey(prior.row.cells) === rowKey(row.cells)) {
        counts.duplicates++;
        continue;
      }
      const checked = checker.check(row.cells, row.line);
      if (!checked.ok) {
        counts.rejected++;
        problems.push(...checked.problems);
        rejectedRows.push(place(row));
        if (!prior && key !== '') seen.set(key, { row, order: null });
        continue;
      }
      const order = checked.row;
      if (prior?.order) {
        if (rowContentKey(prior.order) === rowContentKey(order)) counts.duplicates++;
        else {
          counts.rejected++;
          problems.push({
            line: row.line,
            column: roColumn,
            value: order.roNumber,
            reason: `工单号 ${order.roNumber} 在本文件第 ${prior.row.line} 行已出现且内容不同：本行未导入。请核对后只保留正确的一行再导入。`,
          });
          rejectedRows.push(place(row));
        }
        continue;
      }
      seen.set(key, { row, order });
      orders.push(order);
      accepted.push(order);
    }
    if (planner && orders.length > 0) {
      for (const p of await planner.planChunk(orders)) {
        counts[p.kind]++;
        for (const f of p.flags) flags.push(f);
      }
    }
    progress('checking', Math.min(start + chunk.length, dataRows.length), dataRows.length);
    // Lets a cancel message (and the worker's other tasks) in between chunks.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (cancelled()) throw new CheckCancelled();
  }

  return {
    encoding: table.encoding,
    sheet: table.sheet,
    newline: table.newline,
    header: place(header),
    headers,
    mapping: publicMapping(mapping),
    missingRequired,
    counts,
    rejected: problems,
    flags,
    rejectedRows,
    accepted,
  };
}
