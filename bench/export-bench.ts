/**
 * The `export` section of the benchmark (`npm run bench -- --only export`): on the demo archive,
 * the month XLSX of the daily report for the archive's last full month through the dispatcher
 * (dailyReport.exportXlsx {month}), and one day's PDF (dailyReport.exportPdf) with the print
 * service's Chromium already warm. The clock is fixed the day after the archive ends, so the
 * figures do not change with the calendar.
 */
import { createDispatcher } from '../src-main/api/dispatcher';
import { createHandlers, createServices } from '../src-main/api/handlers';
import { openArchive } from '../src-main/db/database';
import { type CallContext, type Clock, Session } from '../src-main/services/context';
import { daysOfMonth } from '../src-main/services/daily-report/daily-report-export.service';
import type { ExportedFile } from '../src-shared/domain/daily-report';
import { addDays } from '../src-shared/validation/dates';
import { median, round3, timeAsync } from './stats';

export const EXPORT_TARGETS = { monthXlsxMs: 2000 } as const;
const XLSX_RUNS = 3;
const PDF_RUNS = 5;

export interface ExportBenchReport {
  month: string;
  monthDays: number;
  monthXlsx: { runsMs: number[]; medianMs: number; bytes: number; reportsMs: number };
  day: string;
  dayPdf: { coldMs: number; runsMs: number[]; medianMs: number; pages: number; bytes: number };
  targets: typeof EXPORT_TARGETS;
  met: { monthXlsxMs: boolean };
}

/** The last month that ends on or before `until`. */
function lastFullMonth(until: string): string {
  const next = addDays(until, 1);
  if (next.slice(8, 10) === '01') return until.slice(0, 7);
  const firstOfMonth = `${until.slice(0, 7)}-01`;
  return addDays(firstOfMonth, -1).slice(0, 7);
}

export async function runExportBench(
  file: string,
  until: string,
  log: (m: string) => void,
): Promise<ExportBenchReport> {
  // 10:00 at the store on the day after the archive's last day.
  const clock: Clock = { now: () => new Date(`${addDays(until, 1)}T02:00:00Z`) };
  const archive = await openArchive(file);
  const services = createServices(archive, clock);
  const dispatch = createDispatcher(createHandlers(services), {
    onInternalError: (method, error) => log(`internal error in ${method}: ${String(error)}`),
  });
  const ctx: CallContext = { door: 'cli', session: new Session() };
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const result = await dispatch(method, input, ctx);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  try {
    const month = lastFullMonth(until);
    log(`export: month XLSX ${month} …`);
    let xlsx: ExportedFile | null = null;
    await call('dailyReport.exportXlsx', { month }); // warm-up: statement cache, page cache
    const xlsxRuns: number[] = [];
    for (let i = 0; i < XLSX_RUNS; i++)
      xlsxRuns.push(
        round3(
          await timeAsync(async () => {
            xlsx = await call<ExportedFile>('dailyReport.exportXlsx', { month });
          }),
        ),
      );

    const day = until;
    log(`export: day PDF ${day} …`);
    let pdf: (ExportedFile & { pages: number }) | null = null;
    const coldMs = round3(
      await timeAsync(async () => {
        pdf = await call('dailyReport.exportPdf', { date: day });
      }),
    );
    const pdfRuns: number[] = [];
    for (let i = 0; i < PDF_RUNS; i++)
      pdfRuns.push(
        round3(
          await timeAsync(async () => {
            pdf = await call('dailyReport.exportPdf', { date: day });
          }),
        ),
      );
    // The share of the report service: building the month's reports alone, as the export does.
    const reportsMs = round3(
      await timeAsync(async () => {
        for (const date of daysOfMonth(month, addDays(until, 1))) await services.dailyReports.reportForPrint(date);
      }),
    );
    const xlsxMedian = median(xlsxRuns);
    const monthDays = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
    return {
      month,
      monthDays,
      monthXlsx: {
        runsMs: xlsxRuns,
        medianMs: xlsxMedian,
        bytes: (xlsx as ExportedFile | null)?.bytes ?? 0,
        reportsMs,
      },
      day,
      dayPdf: {
        coldMs,
        runsMs: pdfRuns,
        medianMs: median(pdfRuns),
        pages: (pdf as (ExportedFile & { pages: number }) | null)?.pages ?? 0,
        bytes: (pdf as ExportedFile | null)?.bytes ?? 0,
      },
      targets: EXPORT_TARGETS,
      met: { monthXlsxMs: xlsxMedian <= EXPORT_TARGETS.monthXlsxMs },
    };
  } finally {
    await services.print.close();
    await archive.close();
  }
}

export function exportLines(r: ExportBenchReport): string[] {
  return [
    `daily report XLSX, month ${r.month} (${r.monthDays} days, ${Math.round(r.monthXlsx.bytes / 1024)} KB): median ${r.monthXlsx.medianMs} ms (${r.monthXlsx.runsMs.join(', ')}); of which building the ${r.monthDays} reports (DailyReportService.reportForPrint) ${r.monthXlsx.reportsMs} ms`,
    `daily report PDF, ${r.day} (${r.dayPdf.pages} pages, ${Math.round(r.dayPdf.bytes / 1024)} KB): first (browser start) ${r.dayPdf.coldMs} ms, warm median ${r.dayPdf.medianMs} ms (${r.dayPdf.runsMs.join(', ')})`,
    `${'monthXlsxMs'.padEnd(20)} target ≤ ${r.targets.monthXlsxMs}  actual ${r.monthXlsx.medianMs}  ${r.met.monthXlsxMs ? 'met' : 'MISSED'}`,
  ];
}
