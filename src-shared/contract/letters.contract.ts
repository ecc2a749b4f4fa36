import { z } from 'zod';
import type { ExportedFile } from '../domain/daily-report';
import {
  type Holiday,
  LETTER_KINDS,
  type LetterBatch,
  type LetterBatchSummary,
  type LetterCannotMail,
  type LetterTemplate,
  LOGO_DATA_URL,
  LOGO_MAX_BYTES,
  templateProblem,
} from '../domain/letters';
import type { MailRecipient } from '../domain/printing';
import type { Page } from '../domain/records';
import { normalizeLineBreaks } from '../validation/normalize';
import { command, query } from './define';
import { date, id, multiLineCharacters, prose } from './fields';
import {
  DEFAULT_PRINTER,
  envelopePrinterField,
  envelopeSizeField,
  type PreviewPage,
  type PrintableHtml,
  previewPaging,
} from './printing.contract';
import { ROLES } from './roles';

/** Letter text typed by the clerk: line breaks kept (they are paragraphs), \r dropped. */
const letterText = (max: number) =>
  z
    .string('请填写')
    .max(max, `太长了，最多 ${max} 个字`)
    .superRefine(multiLineCharacters)
    .transform((s) => normalizeLineBreaks(s).replace(/\t/g, ' '));

const kind = z.enum(LETTER_KINDS, '信件类别不对');

const logo = z
  .string()
  .max(Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 40, '标志图片太大了，最大 200 KB')
  .refine((s) => LOGO_DATA_URL.test(s), '标志应为 PNG 或 JPEG 图片');

/** The text of a template, checked for unknown merge fields and unbalanced braces. */
const templateText = z.object({ kind, letterhead: letterText(500), body: letterText(5000) }).superRefine((v, ctx) => {
  const problem = templateProblem(v);
  if (problem)
    ctx.addIssue({ code: 'custom', message: problem, path: [problem.startsWith('信头') ? 'letterhead' : 'body'] });
});

const source = z.union([
  z.object({ listId: id }).strict(),
  z
    .object({ from: date, to: date })
    .strict()
    .refine((v) => v.from <= v.to, { message: '结束日期不能早于开始日期', path: ['to'] }),
  z.object({ queue: z.literal(true) }).strict(),
]);

/** The envelopes of a batch (or of some of its letters, to reprint), in the batch's order. */
const batchEnvelopes = z
  .object({
    batchId: id,
    onlyItemIds: z.array(id).max(5000).optional(),
    size: envelopeSizeField.default('DL'),
    printer: envelopePrinterField.default(DEFAULT_PRINTER),
    /** Draw the six postcode frames (plain envelopes); false when the envelopes have them printed. */
    boxes: z.boolean().default(true),
  })
  .strict();

export const lettersContract = {
  'letterTemplates.list': query<LetterTemplate[]>()(
    z.object({}).strict(),
    '信件模板（首次使用时建好默认的五种）',
    ROLES.counter,
  ),
  /** Saving a template with an unknown merge field or unbalanced braces is refused, the field named. */
  'letterTemplates.save': command<LetterTemplate>()(
    z
      .object({
        id: id.optional(),
        kind,
        name: prose(40).refine((s) => s.length > 0, '必填，请填写模板名称'),
        letterhead: letterText(500),
        body: letterText(5000).refine((s) => s.trim().length > 0, '正文不能为空'),
        logo: logo.nullable().default(null),
        showLogo: z.boolean().default(true),
      })
      .strict()
      .superRefine((v, ctx) => {
        const problem = templateProblem(v);
        if (problem)
          ctx.addIssue({
            code: 'custom',
            message: problem,
            path: [problem.startsWith('信头') ? 'letterhead' : 'body'],
          });
      }),
    '保存信件模板',
    ROLES.counter,
  ),
  /** One letter on real data: a saved template or the editor's unsaved text. */
  'letterTemplates.preview': query<{ title: string; html: string; sample: string }>()(
    z
      .object({
        templateId: id.optional(),
        draft: templateText
          .and(z.object({ logo: logo.nullable().default(null), showLogo: z.boolean().default(true) }))
          .optional(),
        listId: id.optional(),
        customerId: id.optional(),
      })
      .strict()
      .refine((v) => (v.templateId === undefined) !== (v.draft === undefined), {
        message: '请选择一个模板，或给出正在编辑的模板',
        path: ['templateId'],
      }),
    '信件预览（真实数据）',
    ROLES.counter,
  ),
  'letterHolidays.list': query<Holiday[]>()(
    z.object({ year: z.number().int().min(1901).max(2099) }).strict(),
    '一年的节日日期（农历节日按农历推算）',
    ROLES.anyone,
  ),
  /** Who a new batch would go to (do-not-contact left out), before it is saved: to untick some. */
  'letterBatches.recipients': query<{ mailable: MailRecipient[]; cannotMail: LetterCannotMail[] }>()(
    z.object({ kind, source }).strict(),
    '新建一批信件前的收信人（按邮编排序）与不能邮寄的客户',
    ROLES.counter,
  ),
  /** Saved before printing: the recipients in postcode order, and who cannot be mailed and why. */
  'letterBatches.create': command<LetterBatch>()(
    z
      .object({
        kind,
        templateId: id,
        source,
        holiday: prose(10).optional(),
        /** Recipients the clerk unticked: left out of the batch. */
        excludeCustomerIds: z.array(id).max(5000).optional(),
      })
      .strict(),
    '新建一批信件',
    ROLES.counter,
  ),
  /** A page of the batch's letters (printing and the PDF take them all). */
  'letterBatches.lettersHtml': query<{ title: string; html: string; letters: number } & PreviewPage>()(
    z.object({ batchId: id, onlyItemIds: z.array(id).max(5000).optional(), ...previewPaging }).strict(),
    '一批信件的打印预览（分页，每次最多 200 封）',
    ROLES.counter,
  ),
  'letterBatches.lettersPdf': query<ExportedFile & { pages: number }>()(
    z.object({ batchId: id, onlyItemIds: z.array(id).max(5000).optional() }).strict(),
    '一批信件导出 PDF（A4）',
    ROLES.counter,
  ),
  'letterBatches.envelopesHtml': query<PrintableHtml & PreviewPage>()(
    batchEnvelopes.extend(previewPaging),
    '一批信件的信封打印预览（与信件顺序相同）',
    ROLES.counter,
  ),
  'letterBatches.envelopesPdf': query<ExportedFile & { pages: number }>()(
    batchEnvelopes,
    '一批信件的信封 PDF（每页一个信封，实际尺寸）',
    ROLES.counter,
  ),
  /** 都打印好了吗：the misprints stay open (to reprint); every other open letter is recorded as sent. */
  'letterBatches.confirm': command<LetterBatch>()(
    z.object({ batchId: id, misprintItemIds: z.array(id).max(5000).default([]) }).strict(),
    '确认信件打印无误并记为已寄出',
    ROLES.counter,
  ),
  'letterBatches.list': query<Page<LetterBatchSummary>>()(
    z
      .object({
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    '信件批次记录',
    ROLES.counter,
  ),
  'letterBatches.get': query<LetterBatch>()(z.object({ id }).strict(), '一批信件', ROLES.counter),
};
