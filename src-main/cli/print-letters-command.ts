/**
 * `print letters --list LIST_ID|--from DATE --to DATE|--queue [--kind invitation|…] --format pdf|html
 *  --out FILE`: saves a letter batch (as the window does before printing) with the kind's first
 * template, and writes its letters — in postcode order, the envelopes' order — to the file.
 * Confirming the batch (都打印好了吗) is done in the window.
 */
import path from 'node:path';
import { LETTER_KIND_LABELS, LETTER_KINDS, type LetterKind, type LetterSource } from '../../src-shared/domain/letters';
import { outPath, type PrintSubcommand, pdfOrHtml, printBadInput, writePrintFile } from './print-command';

interface LettersArgs {
  source: LetterSource;
  kind: LetterKind;
  format: 'pdf' | 'html';
  out: string;
}

const USAGE =
  '用法：print letters --list 名单编号|--from YYYY-MM-DD --to YYYY-MM-DD|--queue [--kind invitation|first_service_thanks|purchase_thanks|holiday|birthday] --format pdf|html --out FILE';

const str = (v: unknown): string | null => (typeof v === 'string' ? v.trim() : null);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const lettersSubcommand: PrintSubcommand<LettersArgs> = {
  usage: USAGE,
  parse(values, env) {
    const list = str(values.list);
    const from = str(values.from);
    const to = str(values.to);
    const queue = values.queue === true;
    let source: LetterSource;
    if ([list !== null, from !== null || to !== null, queue].filter(Boolean).length > 1)
      throw printBadInput('--list、--from/--to 与 --queue 只能选一种。', USAGE);
    if (list !== null) {
      if (!/^\d+$/.test(list) || Number(list) < 1)
        throw printBadInput(`--list：应为招揽名单编号（正整数），现在是“${list}”。`, USAGE);
      source = { listId: Number(list) };
    } else if (queue) source = { queue: true };
    else {
      if (from === null || to === null)
        throw printBadInput(
          '请用 --list 指定招揽名单，用 --from 和 --to 指定日期范围，或用 --queue 打印感谢信队列。',
          USAGE,
        );
      if (!DATE.test(from)) throw printBadInput(`--from：日期应为 YYYY-MM-DD，现在是“${from}”。`, USAGE);
      if (!DATE.test(to)) throw printBadInput(`--to：日期应为 YYYY-MM-DD，现在是“${to}”。`, USAGE);
      if (from > to) throw printBadInput('结束日期不能早于开始日期。', USAGE);
      source = { from, to };
    }
    const kind = str(values.kind) ?? (queue ? 'purchase_thanks' : 'invitation');
    if (!(LETTER_KINDS as readonly string[]).includes(kind))
      throw printBadInput(`--kind：不认识“${kind}”，应为 ${LETTER_KINDS.join('、')} 之一。`, USAGE);
    const format = pdfOrHtml(values, USAGE);
    return { source, kind: kind as LetterKind, format, out: outPath(values, env, USAGE) };
  },
  async run(run, args) {
    const templates = await run.call('letterTemplates.list', {});
    const template = templates.find((t) => t.kind === args.kind);
    if (!template)
      throw printBadInput(`还没有${LETTER_KIND_LABELS[args.kind]}的模板，请先在“信件与打印”里建一个。`, USAGE);
    const batch = await run.call('letterBatches.create', {
      kind: args.kind,
      templateId: template.id,
      source: args.source,
    });
    const skipped =
      batch.cannotMail > 0
        ? `；${batch.cannotMail} 位客户不能邮寄（${batch.cannotMailRows
            .slice(0, 3)
            .map((u) => `${u.name || u.plate || '—'}：${u.reason}`)
            .join('；')}${batch.cannotMail > 3 ? ' 等' : ''}），未打印`
        : '';
    const what = `${LETTER_KIND_LABELS[args.kind]} ${batch.items} 封（信件批次 #${batch.id}，按邮编排序）`;
    if (args.format === 'pdf') {
      const file = await run.call('letterBatches.lettersPdf', { batchId: batch.id });
      const content = Buffer.from(file.contentBase64, 'base64');
      writePrintFile(args.out, content);
      return {
        path: args.out,
        fileName: file.fileName,
        bytes: content.length,
        pages: file.pages,
        message: `已导出${what}的 PDF（A4，${file.pages} 页）：${args.out}${skipped}`,
      };
    }
    // The whole batch (the dispatcher's lettersHtml answers a page at a time, for the window).
    const page = await run.services.letters.lettersHtml({ batchId: batch.id });
    const document = run.services.print.documentHtml(page.html);
    writePrintFile(args.out, document);
    return {
      path: args.out,
      fileName: path.basename(args.out),
      bytes: Buffer.byteLength(document),
      pages: null,
      message: `已导出${what}的 HTML：${args.out}${skipped}`,
    };
  },
};
