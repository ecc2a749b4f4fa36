import { z } from 'zod';
import type { ExportedFile } from '../domain/daily-report';
import { ENVELOPE_SIZES, type EnvelopeSize, type MailRecipients } from '../domain/printing';
import { command, query } from './define';
import { date, id, text } from './fields';
import { ROLES } from './roles';

/** The printer a calibration belongs to when the clerk names none. */
export const DEFAULT_PRINTER = '默认打印机';
/** Calibration offsets: −20..20 mm in 0.5 mm steps. */
export const CALIBRATION_LIMIT_MM = 20;

/** How far a printer's envelope print lands off where it should (mm; + is right / down). */
export interface PrintCalibration {
  printer: string;
  size: EnvelopeSize;
  dxMm: number;
  dyMm: number;
  updatedAt: string;
}

/** A document for the preview (font placeholder left in) and its page count. */
export interface PrintableHtml {
  title: string;
  html: string;
  pages: number;
}

/**
 * Large previews come a page at a time (a 10k-letter batch as one document was a 111 MB answer);
 * printing, direct printing and the PDF still take the whole batch.
 */
export const PREVIEW_PAGE_SIZE = 50;

/** Which page of a large preview: both optional (page 1, PREVIEW_PAGE_SIZE). */
export const previewPaging = {
  page: z.number('页码应为数字').int('页码应为整数').min(1, '页码从 1 开始').max(100_000, '页码太大').optional(),
  pageSize: z
    .number('每页数量应为数字')
    .int('每页数量应为整数')
    .min(1, '每页至少 1 个')
    .max(200, '每页最多 200 个')
    .optional(),
};

/** The page shown: `total` items in all, this page's items in the html. */
export interface PreviewPage {
  total: number;
  page: number;
  pageSize: number;
}

const size = z.enum(ENVELOPE_SIZES, '信封尺寸应为 DL、ZL、C5、C4 之一');
const printer = text(60).transform((s) => (s === '' ? DEFAULT_PRINTER : s));
/** Shared with the letter batches' envelopes (letters.contract). */
export const envelopeSizeField = size;
export const envelopePrinterField = printer;
const offset = (label: string) =>
  z
    .number(`${label}应填写数字`)
    .min(-CALIBRATION_LIMIT_MM, `${label}最小 −${CALIBRATION_LIMIT_MM} 毫米`)
    .max(CALIBRATION_LIMIT_MM, `${label}最大 ${CALIBRATION_LIMIT_MM} 毫米`)
    .refine((n) => Number.isInteger(n * 2), `${label}按 0.5 毫米填写`);
const month = z
  .string('请选择月份')
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
  .refine((m) => m >= '2000-01' && m <= '2199-12', '月份超出范围');

/** From a saved invitation list, or from the lists whose period overlaps a date range. */
const sourceFields = { listId: id.optional(), from: date.optional(), to: date.optional() };
type SourceInput = { listId?: number | undefined; from?: string | undefined; to?: string | undefined };
const sourceOk = (v: SourceInput) => (v.listId !== undefined) !== (v.from !== undefined || v.to !== undefined);
const rangeOk = (v: SourceInput) =>
  v.listId !== undefined || (v.from !== undefined && v.to !== undefined && v.from <= v.to);
const SOURCE_MESSAGE = '请选择一张招揽名单，或填写开始和结束日期（二选一）';

const envelopesInput = z
  .object({
    ...sourceFields,
    size: size.default('DL'),
    printer: printer.default(DEFAULT_PRINTER),
    /** Draw the six postcode frames (plain envelopes); false when the envelopes have them printed. */
    boxes: z.boolean().default(true),
  })
  .strict()
  .refine(sourceOk, { message: SOURCE_MESSAGE, path: ['listId'] })
  .refine(rangeOk, { message: '结束日期不能早于开始日期', path: ['to'] });

export const printingContract = {
  'mail.recipients': query<MailRecipients>()(
    z
      .object(sourceFields)
      .strict()
      .refine(sourceOk, { message: SOURCE_MESSAGE, path: ['listId'] })
      .refine(rangeOk, { message: '结束日期不能早于开始日期', path: ['to'] }),
    '可邮寄的收件人（按邮编排序）与不能邮寄的客户及原因',
    ROLES.counter,
  ),
  'envelopes.html': query<PrintableHtml & PreviewPage>()(
    envelopesInput.safeExtend(previewPaging),
    '信封打印预览（每页一个信封；分页，每次最多 200 个）',
    ROLES.counter,
  ),
  'envelopes.pdf': query<ExportedFile & { pages: number }>()(
    envelopesInput,
    '信封 PDF（每页一个信封，实际尺寸）',
    ROLES.counter,
  ),
  'calibration.list': query<PrintCalibration[]>()(
    z.object({}).strict(),
    '各打印机、各信封尺寸的校准偏移',
    ROLES.counter,
  ),
  'calibration.set': command<PrintCalibration[]>()(
    z.object({ printer, size, dxMm: offset('横向偏移'), dyMm: offset('纵向偏移') }).strict(),
    '保存某台打印机某种信封的校准偏移（毫米）',
    ROLES.counter,
  ),
  'calibration.testPageHtml': query<PrintableHtml>()(
    z.object({ printer: printer.default(DEFAULT_PRINTER), size }).strict(),
    '信封校准测试页预览',
    ROLES.counter,
  ),
  'calibration.testPagePdf': query<ExportedFile & { pages: number }>()(
    z.object({ printer: printer.default(DEFAULT_PRINTER), size }).strict(),
    '信封校准测试页 PDF',
    ROLES.counter,
  ),
  'labels.binderHtml': query<PrintableHtml>()(
    z.object({ month }).strict(),
    '当月修理单装订夹脊标签与封面预览',
    ROLES.counter,
  ),
  'labels.binderPdf': query<ExportedFile & { pages: number }>()(
    z.object({ month }).strict(),
    '当月修理单装订夹脊标签与封面 PDF',
    ROLES.counter,
  ),
} as const;
