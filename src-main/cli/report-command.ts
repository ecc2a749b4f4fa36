/**
 * `report weekly [--week YYYY-Www] | monthly [--month YYYY-MM] --format json|xlsx|pdf [--out FILE]`:
 * the Monday report (周报) and the monthly report (月报), through the dispatcher like the window, on
 * the store clock; no week or month means last week or last month. The JSON is the report object
 * itself (codes and fen, as reports.weekly/monthly answer). XLSX and PDF go through reports.xlsx /
 * reports.pdf, so an export from here is recorded as delivered (the Today reminder ends) exactly as
 * one from the window; names and phones in them are masked (the CLI has no manager to ask).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MethodName, OutputOf } from '../../src-shared/contract/index';
import {
  isoWeekRange,
  type MonthlyReport,
  REPORT_KIND_LABELS,
  type ReportKind,
  type WeeklyReport,
} from '../../src-shared/domain/reports';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const REPORT_USAGE = `用法：
  report weekly [--week YYYY-Www] --format json|xlsx|pdf [--out FILE]
      周报（ISO 周，周一至周日，如 2026-W48；不写 --week 为上周）
  report monthly [--month YYYY-MM] --format json|xlsx|pdf [--out FILE]
      月报（如 2026-11；不写 --month 为上月）
      json 输出到屏幕（或 --out 文件）；xlsx、pdf 写入 --out 文件，不写 --out 时以“周报_2026-W48.xlsx”
      这样的文件名保存在当前文件夹。导出会登记为已交（今日待办的提醒随之结束）`;

/** Exit code 2 for what the clerk typed, 1 for everything else (reported by main.ts's one error path). */
export class ReportCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new ReportCommandFailure({ code: 'VALIDATION', message: `${message}\n${REPORT_USAGE}` }, 2);

const FORMATS = ['json', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

export interface ReportArgs {
  kind: ReportKind;
  /** 2026-W48 or 2026-11; null: last week / last month (the service's default). */
  period: string | null;
  format: Format;
  /** Absolute path of the file to write; null: JSON on stdout, or the service's file name in `dir`. */
  out: string | null;
  /** Where a file without --out goes: the folder the command was typed in. */
  dir: string;
}

/**
 * Checked before the archive is opened, so a typo creates nothing. A relative --out (and the default
 * file) is taken from where the command was typed (`npm run` changes into the project folder;
 * INIT_CWD keeps the original).
 */
export function parseReportArgs(
  positionals: readonly string[],
  values: { week?: unknown; month?: unknown; format?: unknown; out?: unknown; json?: unknown },
  env: NodeJS.ProcessEnv = process.env,
): ReportArgs {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
  const [sub, ...extra] = positionals;
  if (sub === undefined) throw badInput('请写明 weekly（周报）或 monthly（月报）。');
  if (sub !== 'weekly' && sub !== 'monthly') throw badInput(`未知的 report 子命令：${sub}，应为 weekly 或 monthly。`);
  if (extra.length > 0) throw badInput(`多余的参数：${extra.join(' ')}`);
  const week = text(values.week);
  const month = text(values.month);
  let period: string | null;
  if (sub === 'weekly') {
    if (month !== null) throw badInput('--month 只用于 report monthly；周报请用 --week YYYY-Www。');
    if (week !== null && isoWeekRange(week) === null)
      throw badInput(
        `--week：“${week}”不是有效的周，应为 YYYY-Www（ISO 周，周一至周日，如 2026-W48${/^\d{4}-W53$/.test(week) ? `；${week.slice(0, 4)} 年没有第 53 周` : ''}）。`,
      );
    period = week;
  } else {
    if (week !== null) throw badInput('--week 只用于 report weekly；月报请用 --month YYYY-MM。');
    if (month !== null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw badInput(`--month：“${month}”不是有效月份，应为 YYYY-MM（如 2026-11）。`);
    period = month;
  }
  const format = text(values.format) ?? (values.json === true ? 'json' : null);
  if (format === null || !(FORMATS as readonly string[]).includes(format))
    throw badInput(`--format：${format === null ? '请指定输出格式' : `不认识“${format}”`}，应为 json、xlsx 或 pdf。`);
  const out = text(values.out);
  if (out === '') throw badInput('--out：文件名不能为空。');
  const dir = env.INIT_CWD || process.cwd();
  return { kind: sub, period, format: format as Format, out: out === null ? null : path.resolve(dir, out), dir };
}

export interface WrittenReportFile {
  path: string;
  fileName: string;
  bytes: number;
  /** PDF pages; null for XLSX and JSON. */
  pages: number | null;
}

export interface ReportResult {
  kind: ReportKind;
  /** The period the report is of (2026-W48 / 2026-11), the default resolved. */
  period: string;
  label: string;
  /** The report object when it goes to stdout; null when written to a file. */
  json: WeeklyReport | MonthlyReport | null;
  file: WrittenReportFile | null;
}

function writeOut(file: string, content: Buffer | string): void {
  try {
    fs.writeFileSync(file, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportCommandFailure(
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

export async function runReportCommand(dispatch: Dispatch, ctx: CallContext, args: ReportArgs): Promise<ReportResult> {
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<OutputOf<M>> => {
    const result = await dispatch(method, input, ctx);
    if (!result.ok) throw new ReportCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
    return result.value as OutputOf<M>;
  };
  const ref = args.period === null ? {} : args.kind === 'weekly' ? { week: args.period } : { month: args.period };
  const report: WeeklyReport | MonthlyReport =
    args.kind === 'weekly' ? await call('reports.weekly', ref) : await call('reports.monthly', ref);
  const { key, label } = report.period;
  if (args.format === 'json') {
    if (args.out === null) return { kind: args.kind, period: key, label, json: report, file: null };
    const text = `${JSON.stringify(report, null, 2)}\n`;
    writeOut(args.out, text);
    return {
      kind: args.kind,
      period: key,
      label,
      json: null,
      file: { path: args.out, fileName: path.basename(args.out), bytes: Buffer.byteLength(text), pages: null },
    };
  }
  // The period the report resolved to, so the export is of the same one even across midnight.
  const exportRef = args.kind === 'weekly' ? { week: key } : { month: key };
  const exported: { fileName: string; contentBase64: string; pages?: number } =
    args.format === 'pdf' ? await call('reports.pdf', exportRef) : await call('reports.xlsx', exportRef);
  const content = Buffer.from(exported.contentBase64, 'base64');
  const file = args.out ?? path.join(args.dir, exported.fileName);
  writeOut(file, content);
  return {
    kind: args.kind,
    period: key,
    label,
    json: null,
    file: { path: file, fileName: path.basename(file), bytes: content.length, pages: exported.pages ?? null },
  };
}

/** Where the file went, in one line. */
export function formatReportResult(result: ReportResult): string {
  if (!result.file) return JSON.stringify(result.json, null, 2);
  const name = result.file.fileName.toLowerCase();
  const what = name.endsWith('.pdf') ? 'PDF' : name.endsWith('.xlsx') ? 'Excel' : 'JSON';
  const pages = result.file.pages === null ? '' : `，${result.file.pages} 页`;
  return `已导出${REPORT_KIND_LABELS[result.kind]} ${result.label} ${what}（${Math.max(1, Math.round(result.file.bytes / 1024))} KB${pages}）：${result.file.path}`;
}
