/**
 * `daily-report --date YYYY-MM-DD --format json|xlsx|pdf [--out FILE]` and
 * `daily-report --month YYYY-MM --format xlsx --out FILE`: the same exports the window offers,
 * through the dispatcher; the JSON is the report service's DailyReportJson.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MethodName, OutputOf } from '../../src-shared/contract/index';
import type { ExportedFile } from '../../src-shared/domain/daily-report';
import { AppError, type AppErrorShape } from '../../src-shared/errors';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { Services } from '../api/handlers';
import type { CallContext } from '../services/context';

export const DAILY_REPORT_USAGE =
  '用法：daily-report --date YYYY-MM-DD --format json|xlsx|pdf [--out FILE]，或 daily-report --month YYYY-MM --format xlsx --out FILE';

const FORMATS = ['json', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

export interface DailyReportArgs {
  date: string | null;
  month: string | null;
  format: Format;
  /** Absolute path of the file to write; null: JSON on stdout. */
  out: string | null;
  /** --unmasked: customer names in full in the XLSX/PDF (audited); masked (王**) otherwise. */
  unmasked: boolean;
}

/** Exit code 2 for what the clerk typed, 1 for everything else. */
export class DailyReportCommandFailure extends Error {
  constructor(
    readonly error: AppErrorShape,
    readonly exitCode: number,
  ) {
    super(error.message);
  }
}

const badInput = (message: string) =>
  new DailyReportCommandFailure({ code: 'VALIDATION', message: `${message}\n${DAILY_REPORT_USAGE}` }, 2);

/**
 * Checked before the archive is opened, so a typo creates nothing. A relative --out is taken from
 * where the command was typed (`npm run` changes into the project folder; INIT_CWD keeps the original).
 */
export function parseDailyReportArgs(
  values: { date?: unknown; month?: unknown; format?: unknown; out?: unknown; json?: unknown; unmasked?: unknown },
  env: NodeJS.ProcessEnv = process.env,
): DailyReportArgs {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
  const date = text(values.date);
  const month = text(values.month);
  const format = text(values.format) ?? (values.json === true ? 'json' : null);
  const out = text(values.out);
  if ((date === null) === (month === null)) throw badInput('请用 --date 指定一天，或用 --month 指定一个月（二选一）。');
  if (date !== null && !isRealDate(date))
    throw badInput(`--date：“${date}”不是有效日期，应为 YYYY-MM-DD（如 2026-11-22）。`);
  if (month !== null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw badInput(`--month：“${month}”不是有效月份，应为 YYYY-MM（如 2026-11）。`);
  if (format === null || !(FORMATS as readonly string[]).includes(format))
    throw badInput(`--format：${format === null ? '请指定输出格式' : `不认识“${format}”`}，应为 json、xlsx 或 pdf。`);
  if (month !== null && format !== 'xlsx') throw badInput('按月导出只支持 --format xlsx。');
  if (format !== 'json' && out === null) throw badInput(`--format ${format} 需要用 --out 指定要保存的文件。`);
  if (out === '') throw badInput('--out：文件名不能为空。');
  return {
    date,
    month,
    format: format as Format,
    out: out === null ? null : path.resolve(env.INIT_CWD || process.cwd(), out),
    unmasked: values.unmasked === true,
  };
}

function writeOut(file: string, content: Buffer | string): void {
  try {
    fs.writeFileSync(file, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DailyReportCommandFailure(
      {
        code: 'INTERNAL',
        message:
          code === 'EISDIR'
            ? `“${file}”是文件夹，请在 --out 里写上文件名。`
            : `无法写入文件“${file}”（${code ?? String(error)}），请检查文件夹是否存在、文件是否正被 Excel 或 PDF 阅读器打开。`,
      },
      1,
    );
  }
}

export interface DailyReportResult {
  /** For --format json without --out: what goes to stdout. */
  json: unknown | null;
  /** What was written (xlsx, pdf, or json with --out). */
  file: { path: string; fileName: string; bytes: number; pages: number | null } | null;
}

export async function runDailyReportCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  services: Services,
  args: DailyReportArgs,
): Promise<DailyReportResult> {
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<OutputOf<M>> => {
    const result = await dispatch(method, input, ctx);
    if (!result.ok) throw new DailyReportCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
    return result.value as OutputOf<M>;
  };
  if (args.format === 'json') {
    let report: unknown;
    try {
      report = await services.dailyReports.json(args.date!);
    } catch (error) {
      if (error instanceof AppError)
        throw new DailyReportCommandFailure(error.toShape(), error.code === 'VALIDATION' ? 2 : 1);
      throw error;
    }
    if (args.out === null) return { json: report, file: null };
    const text = `${JSON.stringify(report, null, 2)}\n`;
    writeOut(args.out, text);
    const fileName = path.basename(args.out);
    return { json: null, file: { path: args.out, fileName, bytes: Buffer.byteLength(text), pages: null } };
  }
  const exported: ExportedFile & { pages?: number } =
    args.format === 'pdf'
      ? await call('dailyReport.exportPdf', { date: args.date, unmasked: args.unmasked })
      : await call(
          'dailyReport.exportXlsx',
          args.month !== null
            ? { month: args.month, unmasked: args.unmasked }
            : { date: args.date, unmasked: args.unmasked },
        );
  const content = Buffer.from(exported.contentBase64, 'base64');
  writeOut(args.out!, content);
  return {
    json: null,
    file: { path: args.out!, fileName: exported.fileName, bytes: content.length, pages: exported.pages ?? null },
  };
}

export function formatDailyReportResult(result: DailyReportResult, args: DailyReportArgs): string {
  if (!result.file) return JSON.stringify(result.json, null, 2);
  const what = args.format === 'pdf' ? 'PDF' : args.format === 'xlsx' ? 'Excel' : 'JSON';
  const period = args.month ?? args.date;
  const pages = result.file.pages === null ? '' : `，${result.file.pages} 页`;
  return `已导出 ${period} 的日报 ${what}（${(result.file.bytes / 1024).toFixed(0)} KB${pages}）：${result.file.path}`;
}
