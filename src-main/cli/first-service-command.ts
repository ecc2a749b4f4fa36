/**
 * `first-service handoff --date YYYY-MM-DD [--json | --format json|xlsx|pdf --out FILE]`: the day's
 * hand-off sheet for sales (首保登记交接单), through the dispatcher like the window.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MethodName, OutputOf } from '../../src-shared/contract/index';
import type { HandoffSheet } from '../../src-shared/contract/invitations.contract';
import type { ExportedFile } from '../../src-shared/domain/daily-report';
import { maskNameOrNull } from '../../src-shared/domain/masking';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { shortTime } from '../services/daily-report/daily-report.print';
import { DailyReportCommandFailure } from './daily-report-command';

export const FIRST_SERVICE_USAGE =
  '用法：first-service handoff --date YYYY-MM-DD [--json]，或 first-service handoff --date YYYY-MM-DD --format xlsx|pdf --out FILE';

const FORMATS = ['text', 'json', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

/**
 * Exit code 2 for what the clerk typed, 1 for everything else. A DailyReportCommandFailure, so the
 * CLI's one error path (in main.ts) reports it the same way.
 */
export class FirstServiceCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new FirstServiceCommandFailure({ code: 'VALIDATION', message: `${message}\n${FIRST_SERVICE_USAGE}` }, 2);

export interface FirstServiceArgs {
  date: string;
  format: Format;
  /** Absolute path of the file to write; null: stdout. */
  out: string | null;
  /** --unmasked: names and phones in full (audited); masked (王**, 138****5678) otherwise. */
  unmasked: boolean;
}

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseFirstServiceArgs(
  positionals: readonly string[],
  values: { date?: unknown; format?: unknown; out?: unknown; json?: unknown; unmasked?: unknown },
  env: NodeJS.ProcessEnv = process.env,
): FirstServiceArgs {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
  const [sub, ...extra] = positionals;
  if (sub !== 'handoff') throw badInput(sub ? `不认识子命令“${sub}”。` : '请写明子命令 handoff。');
  if (extra.length > 0) throw badInput(`多余的参数：${extra.join(' ')}`);
  const date = text(values.date);
  if (date === null) throw badInput('请用 --date 指定登记日期。');
  if (!isRealDate(date)) throw badInput(`--date：“${date}”不是有效日期，应为 YYYY-MM-DD（如 2026-11-22）。`);
  const given = text(values.format);
  // Without --format: a table for people, or the JSON with --json.
  const format: Format = given === null ? (values.json === true ? 'json' : 'text') : (given as Format);
  if (given !== null && (!(FORMATS as readonly string[]).includes(given) || given === 'text'))
    throw badInput(`--format：不认识“${given}”，应为 json、xlsx 或 pdf。`);
  const out = text(values.out);
  if ((format === 'xlsx' || format === 'pdf') && out === null)
    throw badInput(`--format ${format} 需要用 --out 指定要保存的文件。`);
  if (out === '') throw badInput('--out：文件名不能为空。');
  return {
    date,
    format,
    out: out === null ? null : path.resolve(env.INIT_CWD || process.cwd(), out),
    unmasked: values.unmasked === true,
  };
}

/** What `--json` prints: the sheet as sales gets it. */
export interface HandoffJson {
  date: string;
  vouchers: {
    voucherNo: string;
    plate: string | null;
    vin: string | null;
    model: string;
    customer: string | null;
    serviceOn: string;
    mileage: number;
    advisor: string;
  }[];
  handedOverAt: string | null;
  handedTo: string | null;
}

export function handoffJson(sheet: HandoffSheet, unmasked = false): HandoffJson {
  const name = unmasked ? (n: string | null) => n : maskNameOrNull;
  return {
    date: sheet.date,
    vouchers: sheet.vouchers.map((v) => ({
      voucherNo: v.voucherNo,
      plate: v.plate,
      vin: v.vin,
      model: v.model,
      customer: name(v.customerName),
      serviceOn: v.serviceOn,
      mileage: v.mileage,
      advisor: v.advisor,
    })),
    handedOverAt: sheet.handedOverAt,
    handedTo: sheet.handedTo,
  };
}

export interface FirstServiceResult {
  /** For text and json without --out: the sheet. */
  sheet: HandoffJson | null;
  /** What was written (xlsx, pdf, or json with --out). */
  file: { path: string; fileName: string; bytes: number; pages: number | null } | null;
}

function writeOut(file: string, content: Buffer | string): void {
  try {
    fs.writeFileSync(file, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FirstServiceCommandFailure(
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

export async function runFirstServiceCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  args: FirstServiceArgs,
  /** Checks and audits --unmasked for the JSON and table, which no export service makes. */
  disclose: (document: string) => Promise<unknown> = async () => undefined,
): Promise<FirstServiceResult> {
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<OutputOf<M>> => {
    const result = await dispatch(method, input, ctx);
    if (!result.ok) throw new FirstServiceCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
    return result.value as OutputOf<M>;
  };
  if (args.format === 'text' || args.format === 'json') {
    if (args.unmasked) await disclose(args.format === 'json' ? '首保交接单 JSON' : '首保交接单（命令行表格）');
    const sheet = handoffJson(await call('firstService.handoff', { date: args.date }), args.unmasked);
    if (args.out === null) return { sheet, file: null };
    const text = `${JSON.stringify(sheet, null, 2)}\n`;
    writeOut(args.out, text);
    return {
      sheet: null,
      file: { path: args.out, fileName: path.basename(args.out), bytes: Buffer.byteLength(text), pages: null },
    };
  }
  const exported: ExportedFile & { pages?: number } =
    args.format === 'pdf'
      ? await call('firstService.handoffPdf', { date: args.date, unmasked: args.unmasked })
      : await call('firstService.handoffXlsx', { date: args.date, unmasked: args.unmasked });
  const content = Buffer.from(exported.contentBase64, 'base64');
  writeOut(args.out!, content);
  return {
    sheet: null,
    file: { path: args.out!, fileName: exported.fileName, bytes: content.length, pages: exported.pages ?? null },
  };
}

/** For people: the sheet as a short table, or where the file went. */
export function formatFirstServiceResult(
  result: FirstServiceResult,
  args: FirstServiceArgs,
  table: (rows: string[][]) => string,
): string {
  if (result.file) {
    const what = args.format === 'pdf' ? 'PDF' : args.format === 'xlsx' ? 'Excel' : 'JSON';
    const pages = result.file.pages === null ? '' : `，${result.file.pages} 页`;
    return `已导出 ${args.date} 的首保登记交接单 ${what}（${(result.file.bytes / 1024).toFixed(0)} KB${pages}）：${result.file.path}`;
  }
  const s = result.sheet!;
  if (s.vouchers.length === 0) return `${s.date} 没有登记首保凭证。`;
  const state = s.handedOverAt === null ? '尚未全部交给销售部' : `已于 ${shortTime(s.handedOverAt)} 交给 ${s.handedTo}`;
  return [
    `${s.date} 首保登记 ${s.vouchers.length} 张，${state}：`,
    table([
      ['凭证号', '车牌', '车架号', '车型', '客户', '首保日期', '里程', '服务顾问'],
      ...s.vouchers.map((v) => [
        v.voucherNo,
        v.plate ?? '',
        v.vin ?? '',
        v.model,
        v.customer ?? '',
        v.serviceOn,
        String(v.mileage),
        v.advisor,
      ]),
    ]),
  ].join('\n');
}
