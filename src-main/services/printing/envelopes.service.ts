import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PreviewPage, PrintableHtml, PrintCalibration } from '../../../src-shared/contract/printing.contract';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { RoType } from '../../../src-shared/domain/enums';
import {
  ENVELOPE_DIMENSIONS,
  ENVELOPE_SIZES,
  type EnvelopeSize,
  type MailRecipient,
  type MailRecipients,
} from '../../../src-shared/domain/printing';
import { AppError } from '../../../src-shared/errors';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import type { PrintService } from '../print/print.service';
import { type BinderData, type BinderVolume, binderLabelsHtml, RO_PER_BINDER } from './binder-labels.print';
import { calibrationTestPageHtml } from './calibration.print';
import { envelopesHtml, type Sender } from './envelope.print';
import { pageItems, previewPage } from './preview-pages';
import { mailRecipients, type RecipientSource } from './recipients';

/** app_setting key of the calibrations: { [printer]: { [size]: { dxMm, dyMm, updatedAt } } }. */
export const CALIBRATION_SETTING = 'print.envelopeCalibration';

type CalibrationStore = Record<
  string,
  Partial<Record<EnvelopeSize, { dxMm: number; dyMm: number; updatedAt: string }>>
>;

function exported(fileName: string, mimeType: string, content: Buffer): ExportedFile {
  return { fileName, mimeType, contentBase64: content.toString('base64'), bytes: content.length };
}

const PT_PER_MM = 72 / 25.4;

/**
 * Chromium rounds a CSS page size to its own device units: a 220 × 110 mm page comes out
 * 624 × 312 pt instead of 623.62 × 311.81, a 230 × 120 one 652.08 × 340.08 instead of
 * 651.97 × 340.16 (up to 0.15 mm off). Envelopes must measure exactly their size, so every
 * /MediaBox (and /CropBox…) within 1 pt of the size is rewritten to the exact one, and the
 * cross-reference table (Chromium writes a classic one) is moved along. Content is not moved:
 * under 0.2 mm, far below a printer's feed tolerance. Anything unexpected leaves the PDF as it was.
 */
export function withExactPageSize(pdf: Buffer, widthMm: number, heightMm: number): Buffer {
  const w = Number((widthMm * PT_PER_MM).toFixed(4));
  const h = Number((heightMm * PT_PER_MM).toFixed(4));
  const text = pdf.toString('latin1');
  const edits: { at: number; oldLen: number; value: string }[] = [];
  for (const m of text.matchAll(
    /\/(MediaBox|CropBox|TrimBox|BleedBox|ArtBox)\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g,
  )) {
    if (Math.abs(Number(m[2]) - w) > 1 || Math.abs(Number(m[3]) - h) > 1) continue;
    edits.push({ at: m.index, oldLen: m[0].length, value: `/${m[1]} [0 0 ${w} ${h}]` });
  }
  if (edits.length === 0) return pdf;
  const shift = (offset: number) => {
    let d = 0;
    for (const e of edits) if (e.at < offset) d += e.value.length - e.oldLen;
    return offset + d;
  };
  let out = '';
  let from = 0;
  for (const e of edits) {
    out += text.slice(from, e.at) + e.value;
    from = e.at + e.oldLen;
  }
  out += text.slice(from);
  // The last xref table and startxref: every offset moves by what was inserted before it.
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(out);
  if (!sx) return pdf;
  const xrefAt = shift(Number(sx[1]));
  if (!out.startsWith('xref', xrefAt)) return pdf;
  const trailerAt = out.indexOf('trailer', xrefAt);
  if (trailerAt < 0) return pdf;
  const table = out
    .slice(xrefAt, trailerAt)
    .replace(
      /^(\d{10}) (\d{5}) n/gm,
      (_, off: string, gen: string) => `${String(shift(Number(off))).padStart(10, '0')} ${gen} n`,
    );
  out = `${out.slice(0, xrefAt)}${table}${out.slice(trailerAt, sx.index)}startxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * Envelopes (GB/T 1416), their printer calibration, and the monthly binder labels; the mail
 * recipients of a batch (shared with the letters).
 */
export class EnvelopesService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly print: PrintService,
  ) {}

  private today(): string {
    return todayDate(this.clock.now());
  }

  recipients(source: { listId?: number | undefined; from?: string | undefined; to?: string | undefined }) {
    return mailRecipients(this.db, toSource(source), this.today());
  }

  private async sender(): Promise<Sender> {
    const store = await this.db
      .selectFrom('store_profile')
      .select(['name', 'address', 'postal_code'])
      .executeTakeFirst();
    return { name: store?.name ?? '', address: store?.address ?? '', postalCode: store?.postal_code ?? '' };
  }

  // ---- envelopes ----

  async envelopesHtml(input: ParsedInputOf<'envelopes.pdf'>): Promise<PrintableHtml> {
    const { recipients: _, ...page } = await this.envelopesPage(input);
    return page;
  }

  /** One page of the envelopes for the preview window (printing and the PDF take them all). */
  async envelopesPreview(input: ParsedInputOf<'envelopes.html'>): Promise<PrintableHtml & PreviewPage> {
    const { mailable } = await this.mailableOrRefuse(input);
    const page = previewPage(mailable.length, input);
    return { ...(await this.envelopesFor(pageItems(mailable, page), input)), ...page };
  }

  private async envelopesPage(
    input: ParsedInputOf<'envelopes.pdf'>,
  ): Promise<PrintableHtml & { recipients: MailRecipients }> {
    const recipients = await this.mailableOrRefuse(input);
    return { ...(await this.envelopesFor(recipients.mailable, input)), recipients };
  }

  private async mailableOrRefuse(input: ParsedInputOf<'envelopes.pdf'>): Promise<MailRecipients> {
    const recipients = await this.recipients(input);
    if (recipients.mailable.length === 0)
      throw new AppError(
        'VALIDATION',
        recipients.cannotMail.length > 0
          ? `没有可以邮寄的收件人：${recipients.cannotMail.length} 位客户缺少地址或邮政编码。`
          : '没有可以邮寄的收件人。',
      );
    return recipients;
  }

  async envelopesPdf(input: ParsedInputOf<'envelopes.pdf'>): Promise<ExportedFile & { pages: number }> {
    const page = await this.envelopesPage(input);
    const name = input.listId !== undefined ? `名单${input.listId}` : `${input.from}至${input.to}`;
    return this.envelopesPdfOf(page, input.size, `信封_${input.size}_${name}.pdf`);
  }

  /**
   * Envelopes for given recipients, one per page in the given order, with the printer's
   * calibration for the size (the letter batches' envelopes come this way too).
   */
  async envelopesFor(
    recipients: readonly MailRecipient[],
    options: { size: EnvelopeSize; printer: string; boxes: boolean },
  ): Promise<PrintableHtml> {
    const offset = await this.calibrationOf(options.printer, options.size);
    const page = envelopesHtml(recipients, await this.sender(), {
      size: options.size,
      dxMm: offset.dxMm,
      dyMm: offset.dyMm,
      boxes: options.boxes,
    });
    return { ...page, pages: recipients.length };
  }

  /** The PDF of envelopes made by envelopesFor, every page exactly the envelope's size. */
  async envelopesPdfOf(
    page: PrintableHtml,
    size: EnvelopeSize,
    fileName: string,
  ): Promise<ExportedFile & { pages: number }> {
    const { pdf, pages } = await this.print.pdf(page.html);
    const { widthMm, heightMm } = ENVELOPE_DIMENSIONS[size];
    return { ...exported(fileName, 'application/pdf', withExactPageSize(pdf, widthMm, heightMm)), pages };
  }

  // ---- calibration ----

  private async calibrationStore(db: Db = this.db): Promise<CalibrationStore> {
    const row = await db
      .selectFrom('app_setting')
      .select('value')
      .where('key', '=', CALIBRATION_SETTING)
      .executeTakeFirst();
    if (!row) return {};
    try {
      const parsed = JSON.parse(row.value) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as CalibrationStore) : {};
    } catch {
      return {};
    }
  }

  async calibrationOf(printer: string, size: EnvelopeSize): Promise<{ dxMm: number; dyMm: number }> {
    const c = (await this.calibrationStore())[printer]?.[size];
    return { dxMm: c?.dxMm ?? 0, dyMm: c?.dyMm ?? 0 };
  }

  async calibrations(): Promise<PrintCalibration[]> {
    const store = await this.calibrationStore();
    const out: PrintCalibration[] = [];
    for (const printer of Object.keys(store).sort())
      for (const size of ENVELOPE_SIZES) {
        const c = store[printer]?.[size];
        if (c) out.push({ printer, size, dxMm: c.dxMm, dyMm: c.dyMm, updatedAt: c.updatedAt });
      }
    return out;
  }

  async setCalibration(input: ParsedInputOf<'calibration.set'>, ctx: CallContext): Promise<PrintCalibration[]> {
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      const store = await this.calibrationStore(trx);
      const before = store[input.printer]?.[input.size] ?? null;
      store[input.printer] = {
        ...store[input.printer],
        [input.size]: { dxMm: input.dxMm, dyMm: input.dyMm, updatedAt: at },
      };
      const value = JSON.stringify(store);
      await trx
        .insertInto('app_setting')
        .values({ key: CALIBRATION_SETTING, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'calibration.set',
        entity: 'app_setting',
        entityId: null,
        before: before && { printer: input.printer, size: input.size, ...before },
        after: { printer: input.printer, size: input.size, dxMm: input.dxMm, dyMm: input.dyMm },
      });
    });
    return this.calibrations();
  }

  async testPageHtml(input: ParsedInputOf<'calibration.testPageHtml'>): Promise<PrintableHtml> {
    const page = calibrationTestPageHtml(
      input.size,
      input.printer,
      await this.calibrationOf(input.printer, input.size),
    );
    return { ...page, pages: 1 };
  }

  async testPagePdf(input: ParsedInputOf<'calibration.testPagePdf'>): Promise<ExportedFile & { pages: number }> {
    const page = await this.testPageHtml(input);
    const { pdf, pages } = await this.print.pdf(page.html);
    const { widthMm, heightMm } = ENVELOPE_DIMENSIONS[input.size];
    return {
      ...exported(`信封校准测试页_${input.size}.pdf`, 'application/pdf', withExactPageSize(pdf, widthMm, heightMm)),
      pages,
    };
  }

  // ---- binder labels ----

  async binderData(month: string): Promise<BinderData> {
    const ros = await this.db
      .selectFrom('repair_order')
      .select(['ro_number', 'type'])
      .where('opened_at', '>=', `${month}-01`)
      .where('opened_at', '<', `${month}-32`)
      .orderBy('ro_number')
      .execute();
    const volumes: BinderVolume[] = [];
    const byType: Partial<Record<RoType, number>> = {};
    for (let i = 0; i < ros.length; i += RO_PER_BINDER) {
      const part = ros.slice(i, i + RO_PER_BINDER);
      const v: BinderVolume = {
        volume: volumes.length + 1,
        firstRo: part[0]!.ro_number,
        lastRo: part[part.length - 1]!.ro_number,
        count: part.length,
        byType: {},
      };
      for (const ro of part) {
        const t = ro.type as RoType;
        v.byType[t] = (v.byType[t] ?? 0) + 1;
        byType[t] = (byType[t] ?? 0) + 1;
      }
      volumes.push(v);
    }
    return { month, storeName: (await this.sender()).name, volumes, total: ros.length, byType };
  }

  async binderHtml(month: string): Promise<PrintableHtml> {
    return binderLabelsHtml(await this.binderData(month));
  }

  async binderPdf(month: string): Promise<ExportedFile & { pages: number }> {
    const page = await this.binderHtml(month);
    const { pdf, pages } = await this.print.pdf(page.html);
    return { ...exported(`修理单装订夹标签_${month}.pdf`, 'application/pdf', pdf), pages };
  }
}

export function toSource(s: {
  listId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}): RecipientSource {
  if (s.listId !== undefined) return { listId: s.listId };
  if (s.from === undefined || s.to === undefined)
    throw new AppError('VALIDATION', '请选择一张招揽名单，或填写开始和结束日期（二选一）');
  return { from: s.from, to: s.to };
}
