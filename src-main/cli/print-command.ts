/**
 * `print <what> ...`: the printable paper of 信件与打印 as files, through the dispatcher and the one
 * print service. Each subcommand (settlement, envelopes, letters) parses its own options before the
 * archive is opened (a typo creates nothing), then runs and says where the file went.
 *
 *   print settlement --ro RO_NUMBER [--form a4|continuous] --format pdf|html --out FILE
 *   print envelopes --list LIST_ID|--from DATE --to DATE [--size DL|ZL|C5|C4] [--printer NAME] --format pdf|html --out FILE
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MethodName, OutputOf } from '../../src-shared/contract/index';
import { SETTLEMENT_FORM_LABELS, SETTLEMENT_FORMS, type SettlementForm } from '../../src-shared/domain/settlement';
import type { AppErrorShape } from '../../src-shared/errors';
import type { Dispatch } from '../api/dispatcher';
import type { Services } from '../api/handlers';
import type { CallContext } from '../services/context';
import { envelopesSubcommand } from './print-envelopes-command';
import { lettersSubcommand } from './print-letters-command';

/** Exit code 2 for what the clerk typed (including an RO that does not exist), 1 for everything else. */
export class PrintCommandFailure extends Error {
  constructor(
    readonly error: AppErrorShape,
    readonly exitCode: number,
  ) {
    super(error.message);
  }
}

/** What `parseArgs` in main.ts hands over (only strings and booleans). */
export type PrintValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Where a subcommand's run gets the archive from. */
export interface PrintRunContext {
  dispatch: Dispatch;
  ctx: CallContext;
  services: Services;
  /** Calls a method; a refusal becomes a PrintCommandFailure (VALIDATION → exit 2). */
  call<M extends MethodName>(method: M, input: unknown): Promise<OutputOf<M>>;
}

/** A written file, as the CLI reports it (and prints with --json). */
export interface PrintResult {
  path: string;
  fileName: string;
  bytes: number;
  /** PDF pages; null for HTML. */
  pages: number | null;
  /** One line for the clerk, e.g. 已导出结算单 RO… 的 PDF（A4，1 页）. */
  message: string;
}

export interface PrintSubcommand<A> {
  /** One usage line, shown with errors and in the help. */
  usage: string;
  /** Checks the options before the archive is opened; throws `printBadInput(...)`. */
  parse(values: PrintValues, env: NodeJS.ProcessEnv): A;
  run(run: PrintRunContext, args: A): Promise<PrintResult>;
}

export const printBadInput = (message: string, usage: string) =>
  new PrintCommandFailure({ code: 'VALIDATION', message: `${message}\n${usage}` }, 2);

const text = (v: unknown): string | null => (typeof v === 'string' ? v.trim() : null);

/** A relative --out is taken from where the command was typed (`npm run` changes into the project folder). */
export function outPath(values: PrintValues, env: NodeJS.ProcessEnv, usage: string): string {
  const out = text(values.out);
  if (out === null) throw printBadInput('请用 --out 指定要保存的文件。', usage);
  if (out === '') throw printBadInput('--out：文件名不能为空。', usage);
  return path.resolve(env.INIT_CWD || process.cwd(), out);
}

/** --format pdf|html (required). */
export function pdfOrHtml(values: PrintValues, usage: string): 'pdf' | 'html' {
  const format = text(values.format);
  if (format !== 'pdf' && format !== 'html')
    throw printBadInput(
      `--format：${format === null ? '请指定输出格式' : `不认识“${format}”`}，应为 pdf 或 html。`,
      usage,
    );
  return format;
}

export function writePrintFile(file: string, content: Buffer | string): void {
  try {
    fs.writeFileSync(file, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PrintCommandFailure(
      {
        code: 'INTERNAL',
        message:
          code === 'EISDIR'
            ? `“${file}”是文件夹，请在 --out 里写上文件名。`
            : `无法写入文件“${file}”（${code ?? String(error)}），请检查文件夹是否存在、文件是否正被 PDF 阅读器或浏览器打开。`,
      },
      1,
    );
  }
}

// ── print settlement ────────────────────────────────────────────────────────────────────────────

interface SettlementArgs {
  ro: string;
  form: SettlementForm;
  format: 'pdf' | 'html';
  out: string;
}

const SETTLEMENT_USAGE = '用法：print settlement --ro 工单号 [--form a4|continuous] --format pdf|html --out FILE';

export const settlementSubcommand: PrintSubcommand<SettlementArgs> = {
  usage: SETTLEMENT_USAGE,
  parse(values, env) {
    const ro = text(values.ro);
    if (ro === null || ro === '') throw printBadInput('请用 --ro 指定修理单的工单号。', SETTLEMENT_USAGE);
    const form = text(values.form) ?? 'a4';
    if (!(SETTLEMENT_FORMS as readonly string[]).includes(form))
      throw printBadInput(
        `--form：不认识“${form}”，应为 a4（A4）或 continuous（241mm 连续纸，针式打印机）。`,
        SETTLEMENT_USAGE,
      );
    const format = pdfOrHtml(values, SETTLEMENT_USAGE);
    return { ro, form: form as SettlementForm, format, out: outPath(values, env, SETTLEMENT_USAGE) };
  },
  async run(run, args) {
    const found = await run.dispatch('repairOrders.get', { roNumber: args.ro }, run.ctx);
    if (!found.ok) {
      if (found.error.code === 'NOT_FOUND' || found.error.code === 'VALIDATION')
        throw printBadInput(`找不到工单号为“${args.ro}”的修理单，请核对工单号。`, SETTLEMENT_USAGE);
      throw new PrintCommandFailure(found.error, 1);
    }
    const ro = found.value as OutputOf<'repairOrders.get'>;
    const formLabel = SETTLEMENT_FORM_LABELS[args.form];
    if (args.format === 'pdf') {
      const file = await run.call('settlement.pdf', { roId: ro.id, form: args.form });
      const content = Buffer.from(file.contentBase64, 'base64');
      writePrintFile(args.out, content);
      return {
        path: args.out,
        fileName: file.fileName,
        bytes: content.length,
        pages: file.pages,
        message: `已导出修理单 ${ro.roNumber} 的结算单 PDF（${formLabel}，${file.pages} 页，${(content.length / 1024).toFixed(0)} KB）：${args.out}`,
      };
    }
    const page = await run.call('settlement.html', { roId: ro.id, form: args.form });
    // The file opens anywhere: the shipped font goes in with it, as the print service uses it.
    const document = run.services.print.documentHtml(page.html);
    writePrintFile(args.out, document);
    return {
      path: args.out,
      fileName: path.basename(args.out),
      bytes: Buffer.byteLength(document),
      pages: null,
      message: `已导出修理单 ${ro.roNumber} 的结算单 HTML（${formLabel}）：${args.out}`,
    };
  },
};

// ── the dispatcher ──────────────────────────────────────────────────────────────────────────────

/**
 * The subcommands of `print`. To add one (envelopes, letters): write a `PrintSubcommand` (in its
 * own file if it is long), add it here, add its usage line to HELP in main.ts and any new option
 * (--list, --size…) to the parseArgs options there.
 */
// biome-ignore lint/suspicious/noExplicitAny: each subcommand has its own argument type.
const SUBCOMMANDS: Record<string, PrintSubcommand<any>> = {
  settlement: settlementSubcommand,
  envelopes: envelopesSubcommand,
  letters: lettersSubcommand,
};

export function printUsage(): string {
  return Object.values(SUBCOMMANDS)
    .map((s) => s.usage)
    .join('\n');
}

export interface ParsedPrintArgs {
  subcommand: string;
  args: unknown;
}

/** `print <what>` and its options, checked before the archive is opened. */
export function parsePrintArgs(rest: string[], values: PrintValues, env: NodeJS.ProcessEnv = process.env) {
  const [what] = rest;
  const sub = what === undefined ? undefined : SUBCOMMANDS[what];
  if (!sub || !Object.hasOwn(SUBCOMMANDS, what!))
    throw new PrintCommandFailure(
      {
        code: 'VALIDATION',
        message: `${what === undefined ? '请指定要打印什么' : `不认识“${what}”`}，可以打印：${Object.keys(SUBCOMMANDS).join('、')}。\n${printUsage()}`,
      },
      2,
    );
  return { subcommand: what!, args: sub.parse(values, env) } satisfies ParsedPrintArgs;
}

export async function runPrintCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  services: Services,
  parsed: ParsedPrintArgs,
): Promise<PrintResult> {
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<OutputOf<M>> => {
    const result = await dispatch(method, input, ctx);
    if (!result.ok) throw new PrintCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
    return result.value as OutputOf<M>;
  };
  return SUBCOMMANDS[parsed.subcommand]!.run({ dispatch, ctx, services, call }, parsed.args);
}
