/**
 * `calls sheet [--date YYYY-MM-DD] --format pdf|xlsx --out FILE [--unmasked]`: the day's call sheet
 * (今日电话单) as a file, through the dispatcher like the window's 打印电话单 / 导出 Excel. The `calls`
 * command (calls-command.ts) hands `calls sheet` here: parse before the archive is opened, then run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MethodName, OutputOf } from '../../src-shared/contract/index';
import type { ExportedFile } from '../../src-shared/domain/daily-report';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const CALL_SHEET_USAGE =
  '用法：calls sheet [--date YYYY-MM-DD] --format pdf|xlsx --out FILE [--unmasked]（不写 --date 为门店今天）';

/**
 * Exit code 2 for what the clerk typed, 1 for everything else. A DailyReportCommandFailure, so the
 * CLI's one error path (in main.ts) reports it the same way.
 */
export class CallSheetCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new CallSheetCommandFailure({ code: 'VALIDATION', message: `${message}\n${CALL_SHEET_USAGE}` }, 2);

export interface CallSheetArgs {
  /** null: the store's today (the service decides, by the store clock). */
  date: string | null;
  format: 'pdf' | 'xlsx';
  /** Absolute path of the file to write. */
  out: string;
  /** --unmasked: names and phones in full (audited); masked (王**, 138****5678) otherwise. */
  unmasked: boolean;
}

/**
 * Checked before the archive is opened, so a typo creates nothing. `positionals` are what follows
 * `sheet` (none are expected). A relative --out is taken from where the command was typed (`npm run`
 * changes into the project folder; INIT_CWD keeps the original).
 */
export function parseCallSheetArgs(
  positionals: readonly string[],
  values: { date?: unknown; format?: unknown; out?: unknown; unmasked?: unknown },
  env: NodeJS.ProcessEnv = process.env,
): CallSheetArgs {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
  if (positionals.length > 0) throw badInput(`多余的参数：${positionals.join(' ')}`);
  const date = text(values.date);
  if (date !== null && !isRealDate(date))
    throw badInput(`--date：“${date}”不是有效日期，应为 YYYY-MM-DD（如 2026-11-22）。`);
  const format = text(values.format);
  if (format !== 'pdf' && format !== 'xlsx')
    throw badInput(`--format：${format === null ? '请指定输出格式' : `不认识“${format}”`}，应为 pdf 或 xlsx。`);
  const out = text(values.out);
  if (out === null) throw badInput(`--format ${format} 需要用 --out 指定要保存的文件。`);
  if (out === '') throw badInput('--out：文件名不能为空。');
  return {
    date,
    format,
    out: path.resolve(env.INIT_CWD || process.cwd(), out),
    unmasked: values.unmasked === true,
  };
}

/** What was written, as the CLI reports it (and prints with --json). */
export interface CallSheetResult {
  path: string;
  fileName: string;
  bytes: number;
  /** PDF pages; null for XLSX. */
  pages: number | null;
  /** One line for the clerk: 已导出 2026-11-22 的今日电话单 PDF（…）：FILE */
  message: string;
}

function writeOut(file: string, content: Buffer): void {
  try {
    fs.writeFileSync(file, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CallSheetCommandFailure(
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

/** Makes the sheet through the dispatcher (roles, masking and its audit as in the window) and writes it. */
export async function runCallSheetCommand(run: {
  dispatch: Dispatch;
  ctx: CallContext;
  args: CallSheetArgs;
}): Promise<CallSheetResult> {
  const { dispatch, ctx, args } = run;
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<OutputOf<M>> => {
    const result = await dispatch(method, input, ctx);
    if (!result.ok) throw new CallSheetCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
    return result.value as OutputOf<M>;
  };
  const input = { ...(args.date === null ? {} : { date: args.date }), unmasked: args.unmasked };
  const file: ExportedFile & { pages?: number } =
    args.format === 'pdf' ? await call('calls.sheetPdf', input) : await call('calls.sheetXlsx', input);
  const content = Buffer.from(file.contentBase64, 'base64');
  writeOut(args.out, content);
  const date = /(\d{4}-\d{2}-\d{2})/.exec(file.fileName)?.[1] ?? args.date ?? '';
  const pages = file.pages ?? null;
  const what = args.format === 'pdf' ? 'PDF' : 'Excel';
  return {
    path: args.out,
    fileName: file.fileName,
    bytes: content.length,
    pages,
    message: `已导出 ${date} 的今日电话单 ${what}（${Math.max(1, Math.round(content.length / 1024))} KB${pages === null ? '' : `，${pages} 页`}${args.unmasked ? '，含完整姓名和电话' : ''}）：${args.out}`,
  };
}
