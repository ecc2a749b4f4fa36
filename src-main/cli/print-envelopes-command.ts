/**
 * `print envelopes --list LIST_ID|--from DATE --to DATE [--size DL|ZL|C5|C4] [--printer NAME]
 *  --format pdf|html --out FILE`: one envelope per page at the exact size, in postcode order,
 * with the printer's calibration applied.
 */
import path from 'node:path';
import { DEFAULT_PRINTER } from '../../src-shared/contract/printing.contract';
import { ENVELOPE_DIMENSIONS, ENVELOPE_SIZES, type EnvelopeSize } from '../../src-shared/domain/printing';
import { outPath, type PrintSubcommand, pdfOrHtml, printBadInput, writePrintFile } from './print-command';

interface EnvelopesArgs {
  source: { listId: number } | { from: string; to: string };
  size: EnvelopeSize;
  printer: string | undefined;
  format: 'pdf' | 'html';
  out: string;
}

const USAGE =
  '用法：print envelopes --list 名单编号|--from YYYY-MM-DD --to YYYY-MM-DD [--size DL|ZL|C5|C4] [--printer 打印机] --format pdf|html --out FILE';

const str = (v: unknown): string | null => (typeof v === 'string' ? v.trim() : null);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const envelopesSubcommand: PrintSubcommand<EnvelopesArgs> = {
  usage: USAGE,
  parse(values, env) {
    const list = str(values.list);
    const from = str(values.from);
    const to = str(values.to);
    let source: EnvelopesArgs['source'];
    if (list !== null) {
      if (from !== null || to !== null) throw printBadInput('--list 与 --from/--to 只能选一种。', USAGE);
      if (!/^\d+$/.test(list) || Number(list) < 1)
        throw printBadInput(`--list：应为招揽名单编号（正整数），现在是“${list}”。`, USAGE);
      source = { listId: Number(list) };
    } else {
      if (from === null || to === null)
        throw printBadInput('请用 --list 指定招揽名单，或用 --from 和 --to 指定日期范围。', USAGE);
      if (!DATE.test(from)) throw printBadInput(`--from：日期应为 YYYY-MM-DD，现在是“${from}”。`, USAGE);
      if (!DATE.test(to)) throw printBadInput(`--to：日期应为 YYYY-MM-DD，现在是“${to}”。`, USAGE);
      if (from > to) throw printBadInput('结束日期不能早于开始日期。', USAGE);
      source = { from, to };
    }
    const size = (str(values.size) ?? 'DL').toUpperCase();
    if (!(ENVELOPE_SIZES as readonly string[]).includes(size))
      throw printBadInput(`--size：不认识“${size}”，应为 DL、ZL、C5、C4 之一。`, USAGE);
    const printer = str(values.printer) || undefined;
    const format = pdfOrHtml(values, USAGE);
    return { source, size: size as EnvelopeSize, printer, format, out: outPath(values, env, USAGE) };
  },
  async run(run, args) {
    const input = { ...args.source, size: args.size, ...(args.printer ? { printer: args.printer } : {}) };
    const label = ENVELOPE_DIMENSIONS[args.size].label;
    const recipients = await run.call('mail.recipients', args.source);
    const skipped =
      recipients.cannotMail.length > 0 ? `；${recipients.cannotMail.length} 位客户不能邮寄（缺地址或邮编）` : '';
    if (args.format === 'pdf') {
      const file = await run.call('envelopes.pdf', input);
      const content = Buffer.from(file.contentBase64, 'base64');
      writePrintFile(args.out, content);
      return {
        path: args.out,
        fileName: file.fileName,
        bytes: content.length,
        pages: file.pages,
        message: `已导出信封 PDF（${label}，${file.pages} 个${skipped}）：${args.out}`,
      };
    }
    // Every envelope (the dispatcher's envelopes.html answers a page at a time, for the window).
    const page = await run.services.envelopes.envelopesHtml({ boxes: true, printer: DEFAULT_PRINTER, ...input });
    const document = run.services.print.documentHtml(page.html);
    writePrintFile(args.out, document);
    return {
      path: args.out,
      fileName: path.basename(args.out),
      bytes: Buffer.byteLength(document),
      pages: null,
      message: `已导出信封 HTML（${label}，${page.pages} 个${skipped}）：${args.out}`,
    };
  },
};
