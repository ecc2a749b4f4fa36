import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Selectable } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PreviewPage, PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import {
  type Holiday,
  LETTER_KIND_LABELS,
  type LetterBatch,
  type LetterBatchItem,
  type LetterBatchSummary,
  type LetterCannotMail,
  type LetterItemStatus,
  type LetterKind,
  type LetterSourceKind,
  type LetterTemplate,
  templateProblem,
} from '../../../src-shared/domain/letters';
import type { MailRecipient } from '../../../src-shared/domain/printing';
import { REASON_NO_MARKETING_CONSENT } from '../../../src-shared/domain/privacy';
import type { Page } from '../../../src-shared/domain/records';
import { AppError } from '../../../src-shared/errors';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { forUpdate, lockForTransaction } from '../../db/dialect';
import type { LetterBatchItemTable, LetterBatchTable, LetterTemplateTable } from '../../db/schema';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import { materialiseLetters, readLetterQueue } from '../first-service/letter-queue';
import type { InvitationsService } from '../invitations/invitations.service';
import { chunks } from '../invitations/vehicle-changes';
import type { PrintService } from '../print/print.service';
import type { EnvelopesService } from '../printing/envelopes.service';
import { pageItems, previewPage } from '../printing/preview-pages';
import {
  addresseeLine,
  isCompanyName,
  isValidPostcode,
  mailRecipients,
  REASON_BAD_POSTCODE,
  REASON_NO_ADDRESS,
  REASON_NO_OWNER,
  REASON_NO_POSTCODE,
} from '../printing/recipients';
import { customersWithoutMarketingConsent } from '../privacy/consent';
import { DEFAULT_LETTERHEAD, DEFAULT_TEMPLATES } from './default-templates';
import { holidaysOf, nextHoliday } from './holidays';
import { type LetterPage, type LetterTemplateText, lettersPrintHtml, type MergeValues } from './letters.print';

type TemplateRecord = Selectable<LetterTemplateTable>;
type BatchRecord = Selectable<LetterBatchTable>;
type ItemRecord = Selectable<LetterBatchItemTable>;

/** A recipient as a letter needs it, with what it stands for (marked sent on confirm). */
interface LetterRecipient extends MailRecipient {
  listRowIds: number[];
  queueIds: number[];
}

const collator = new Intl.Collator('zh-CN');

/** 2026-11-22 → 2026年11月22日 */
export function chineseDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/** "张三先生/女士" in the letter's salutation; a company prints as it is. */
export function salutationOf(name: string, salutation: string): string {
  const n = name.trim();
  if (n === '') return '客户';
  return isCompanyName(n) ? n : `${n}${salutation.trim() || '先生/女士'}`;
}

/** What a merge needs of a recipient (letters, and SMS which uses the same fields). */
export type MergeRecipient = Pick<
  MailRecipient,
  'name' | 'salutation' | 'plate' | 'model' | 'nextServiceOn' | 'nextServiceKm' | 'advisor'
>;

/** The merge fields' values for one recipient: one place, shared by letters and SMS. */
export function letterMergeValues(
  r: MergeRecipient,
  store: { name: string; address: string; phone: string },
  today: string,
  holiday: string,
): MergeValues {
  return {
    客户称呼: salutationOf(r.name, r.salutation),
    客户姓名: r.name,
    车牌: r.plate ?? '',
    车型: r.model,
    下次保养日期: r.nextServiceOn ? chineseDay(r.nextServiceOn) : '',
    下次保养里程: r.nextServiceKm !== null ? `${r.nextServiceKm.toLocaleString('en-US')} 公里` : '',
    服务顾问: r.advisor,
    门店名称: store.name,
    门店电话: store.phone,
    门店地址: store.address,
    今天: chineseDay(today),
    节日: holiday,
  };
}

let resourceLogoCache: string | null | undefined;

/** The app's own logo (resources/icon.png) as a data: URL, when it can be found; else none. */
function resourceLogo(): string | null {
  if (resourceLogoCache !== undefined) return resourceLogoCache;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(process.cwd(), 'resources', 'icon.png'),
    path.resolve(here, '../../../resources/icon.png'),
    path.resolve(here, '../../resources/icon.png'),
    ...((process as { resourcesPath?: string }).resourcesPath
      ? [path.join((process as { resourcesPath?: string }).resourcesPath!, 'icon.png')]
      : []),
  ];
  resourceLogoCache = null;
  for (const file of candidates) {
    try {
      resourceLogoCache = `data:image/png;base64,${fs.readFileSync(file).toString('base64')}`;
      break;
    } catch {
      // next
    }
  }
  return resourceLogoCache;
}

function toTemplate(r: TemplateRecord): LetterTemplate {
  return {
    id: r.id,
    kind: r.kind as LetterKind,
    name: r.name,
    letterhead: r.letterhead,
    body: r.body,
    logo: r.logo,
    showLogo: r.show_logo === 1,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

function toItem(r: ItemRecord): LetterBatchItem {
  return {
    id: r.id,
    position: r.position,
    customerId: r.customer_id,
    vehicleId: r.vehicle_id,
    listRowIds: JSON.parse(r.list_row_ids_json) as number[],
    queueIds: JSON.parse(r.queue_ids_json) as number[],
    name: r.name,
    addressee: addresseeLine(r.name, r.salutation),
    address: r.address,
    postalCode: r.postal_code,
    plate: r.plate,
    model: r.model,
    status: r.status as LetterItemStatus,
    misprints: r.misprints,
    sentOn: r.sent_on,
  };
}

/**
 * Letters (信件): the templates (five defaults made on first use), the preview on real data, and
 * batches. A batch is saved before printing, in the envelopes' order (mailRecipients: postcode,
 * then name); "都打印好了吗" confirms it: misprints stay open to be reprinted, every other letter is
 * recorded as sent — on its invitation rows (date, kind, batch; the invitations service's own
 * markLetterSent for invitation letters) and on its queued thank-you letters (printed_at).
 */
export class LettersService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly print: PrintService,
    readonly invitations: InvitationsService,
  ) {}

  private today(): string {
    return todayDate(this.clock.now());
  }

  // ---- templates ----

  /**
   * The defaults are made by the migration; should an archive have none (a template can't be
   * deleted, so only a damaged one), a save makes them first, so the five kinds are never missing.
   */
  private async ensureDefaults(): Promise<void> {
    const any = await this.db.selectFrom('letter_template').select('id').limit(1).executeTakeFirst();
    if (any) return;
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      const again = await trx.selectFrom('letter_template').select('id').limit(1).executeTakeFirst();
      if (again) return;
      await trx
        .insertInto('letter_template')
        .values(
          DEFAULT_TEMPLATES.map((t) => ({
            kind: t.kind,
            name: t.name,
            letterhead: DEFAULT_LETTERHEAD,
            body: t.body,
            logo: null,
            show_logo: 1,
            updated_at: at,
            updated_by: '系统',
          })),
        )
        .execute();
    });
  }

  async listTemplates(): Promise<LetterTemplate[]> {
    const rows = await this.db.selectFrom('letter_template').selectAll().orderBy('id').execute();
    return rows.map(toTemplate);
  }

  private async template(id: number): Promise<LetterTemplate> {
    const row = await this.db.selectFrom('letter_template').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('信件模板', id);
    return toTemplate(row);
  }

  async saveTemplate(input: ParsedInputOf<'letterTemplates.save'>, ctx: CallContext): Promise<LetterTemplate> {
    // The contract refuses these already; kept here for callers that skip it.
    const problem = templateProblem(input);
    if (problem) throw AppError.validation(problem.startsWith('信头') ? 'letterhead' : 'body', '模板', problem);
    await this.ensureDefaults();
    const at = nowInstant(this.clock.now());
    const values = {
      kind: input.kind,
      name: input.name,
      letterhead: input.letterhead,
      body: input.body,
      logo: input.logo,
      show_logo: input.showLogo ? 1 : 0,
      updated_at: at,
      updated_by: actorName(ctx),
    };
    const id = await this.db.transaction().execute(async (trx) => {
      let id: number;
      let before: TemplateRecord | undefined;
      if (input.id !== undefined) {
        before = await trx.selectFrom('letter_template').selectAll().where('id', '=', input.id).executeTakeFirst();
        if (!before) throw AppError.notFound('信件模板', input.id);
        await trx.updateTable('letter_template').set(values).where('id', '=', input.id).execute();
        id = input.id;
      } else {
        const r = await trx.insertInto('letter_template').values(values).returning('id').executeTakeFirstOrThrow();
        id = r.id;
      }
      const brief = (r: { name: string; kind: string; letterhead: string; body: string }) => ({
        name: r.name,
        kind: r.kind,
        letterhead: r.letterhead,
        body: r.body,
      });
      await writeAudit(trx, ctx, at, {
        action: 'letterTemplate.save',
        entity: 'letter_template',
        entityId: id,
        before: before ? brief(before) : undefined,
        after: brief(values),
      });
      return id;
    });
    return this.template(id);
  }

  holidays(year: number): Holiday[] {
    return holidaysOf(year);
  }

  // ---- merge values ----

  private async store(): Promise<{ name: string; address: string; phone: string }> {
    const s = await this.db.selectFrom('store_profile').select(['name', 'address', 'phone']).executeTakeFirst();
    return s ?? { name: '', address: '', phone: '' };
  }

  private values(
    r: MergeRecipient,
    store: { name: string; address: string; phone: string },
    today: string,
    holiday: string,
  ): MergeValues {
    return letterMergeValues(r, store, today, holiday);
  }

  private logoOf(t: { logo: string | null; showLogo: boolean }): string | null {
    if (!t.showLogo) return null;
    return t.logo ?? resourceLogo();
  }

  /** One customer as a letter recipient: their vehicle (given, else the newest owned) and its due service. */
  private async customerRecipient(customerId: number, vehicleId: number | null): Promise<LetterRecipient | null> {
    const c = await this.db
      .selectFrom('customer')
      .select(['id', 'name', 'address', 'postal_code'])
      .where('id', '=', customerId)
      .executeTakeFirst();
    if (!c) return null;
    let vq = this.db
      .selectFrom('vehicle as v')
      .leftJoin('vehicle_service_summary as s', 's.vehicle_id', 'v.id')
      .select(['v.id', 'v.plate', 'v.model', 's.due_on', 's.due_km']);
    vq = vehicleId !== null ? vq.where('v.id', '=', vehicleId) : vq.where('v.owner_id', '=', customerId);
    const v = await vq.orderBy('v.id', 'desc').executeTakeFirst();
    const ro = v
      ? await this.db
          .selectFrom('repair_order')
          .select('advisor_name')
          .where('vehicle_id', '=', v.id)
          .orderBy('opened_at', 'desc')
          .orderBy('id', 'desc')
          .executeTakeFirst()
      : undefined;
    return {
      customerId: c.id,
      vehicleId: v?.id ?? null,
      listRowId: null,
      name: c.name.trim(),
      salutation: '',
      address: c.address.trim(),
      postalCode: c.postal_code.replace(/\s/g, ''),
      plate: v?.plate ?? null,
      model: v?.model ?? '',
      nextServiceOn: v?.due_on ?? null,
      nextServiceKm: v?.due_km ?? null,
      advisor: ro?.advisor_name ?? '',
      listRowIds: [],
      queueIds: [],
    };
  }

  async preview(
    input: ParsedInputOf<'letterTemplates.preview'>,
  ): Promise<{ title: string; html: string; sample: string }> {
    const t = input.templateId !== undefined ? await this.template(input.templateId) : { ...input.draft!, name: '' };
    const today = this.today();
    let sample: LetterRecipient | null = null;
    let sampleLabel = '';
    if (input.customerId !== undefined) {
      sample = await this.customerRecipient(input.customerId, null);
      if (!sample) throw AppError.notFound('客户', input.customerId);
      sampleLabel = `客户 ${sample.name}`;
    } else {
      let listId = input.listId;
      if (listId === undefined)
        listId = (await this.db.selectFrom('invitation_list').select('id').orderBy('id', 'desc').executeTakeFirst())
          ?.id;
      if (listId !== undefined) {
        const found = (await mailRecipients(this.db, { listId }, today)).mailable[0] as LetterRecipient | undefined;
        if (found) {
          sample = found;
          sampleLabel = `招揽一览表 #${listId} 的第一位：${found.name}`;
        }
      }
      if (!sample) {
        const first = await this.db
          .selectFrom('vehicle')
          .select(['id', 'owner_id'])
          .where('owner_id', 'is not', null)
          .orderBy('id')
          .executeTakeFirst();
        if (first) {
          sample = await this.customerRecipient(first.owner_id!, first.id);
          if (sample) sampleLabel = `客户 ${sample.name}`;
        }
      }
    }
    if (!sample) {
      sample = {
        customerId: 0,
        vehicleId: null,
        listRowId: null,
        name: '张伟',
        salutation: '',
        address: '',
        postalCode: '',
        plate: '京A12345',
        model: '朗逸',
        nextServiceOn: today,
        nextServiceKm: 15000,
        advisor: '李明',
        listRowIds: [],
        queueIds: [],
      };
      sampleLabel = '示例数据（档案里还没有客户）';
    }
    const kind = t.kind as LetterKind;
    const holiday = kind === 'holiday' ? nextHoliday(today).name : '';
    const store = await this.store();
    const title = `${LETTER_KIND_LABELS[kind]}预览`;
    const text: LetterTemplateText = { letterhead: t.letterhead, body: t.body, logo: this.logoOf(t) };
    const page: LetterPage = { values: this.values(sample, store, today, holiday), mark: '预览' };
    return { title, html: lettersPrintHtml(title, text, [page]), sample: sampleLabel };
  }

  // ---- batches ----

  /** Open thank-you letters of the queue, one per customer, in the envelopes' order. */
  private async queueRecipients(
    kind: LetterKind,
  ): Promise<{ mailable: LetterRecipient[]; cannotMail: LetterCannotMail[] }> {
    // The queue's rows are made on read (as letters.queue does): the letters due now are in it.
    await materialiseLetters(this.db, this.today(), nowInstant(this.clock.now()));
    const queued = (await readLetterQueue(this.db, this.today(), false)).filter((q) => q.kind === kind);
    const mailable: LetterRecipient[] = [];
    const cannotMail: LetterCannotMail[] = [];
    const byCustomer = new Map<number, LetterRecipient | LetterCannotMail>();
    // Thank-you letters are marketing too (PIPL): customers who did not agree are listed, not mailed.
    const noConsent = await customersWithoutMarketingConsent(
      this.db,
      queued.map((q) => q.customerId),
    );
    for (const q of queued) {
      if (q.customerId === null) {
        cannotMail.push({ customerId: 0, name: q.customerName ?? '', plate: q.plate, reason: REASON_NO_OWNER });
        continue;
      }
      const already = byCustomer.get(q.customerId);
      if (already) {
        if ('queueIds' in already) {
          already.queueIds.push(q.id);
          if (q.plate && !(already.plate ?? '').split('、').includes(q.plate))
            already.plate = already.plate ? `${already.plate}、${q.plate}` : q.plate;
        }
        continue;
      }
      const r = await this.customerRecipient(q.customerId, q.vehicleId);
      if (!r) continue;
      const reasons: string[] = [];
      if (noConsent.has(q.customerId)) reasons.push(REASON_NO_MARKETING_CONSENT);
      else {
        if (r.address === '') reasons.push(REASON_NO_ADDRESS);
        if (r.postalCode === '') reasons.push(REASON_NO_POSTCODE);
        else if (!isValidPostcode(r.postalCode)) reasons.push(`${REASON_BAD_POSTCODE}（${r.postalCode}）`);
      }
      if (reasons.length > 0) {
        const u = { customerId: r.customerId, name: r.name, plate: r.plate, reason: reasons.join('，') };
        cannotMail.push(u);
        byCustomer.set(q.customerId, u);
        continue;
      }
      r.queueIds.push(q.id);
      mailable.push(r);
      byCustomer.set(q.customerId, r);
    }
    mailable.sort(
      (a, b) =>
        (a.postalCode < b.postalCode ? -1 : a.postalCode > b.postalCode ? 1 : 0) ||
        collator.compare(a.name, b.name) ||
        a.customerId - b.customerId,
    );
    return { mailable, cannotMail };
  }

  /** Who a batch of `kind` from `source` goes to, in print order; do-not-contact left out. */
  private async recipientsOf(
    kind: LetterKind,
    source: ParsedInputOf<'letterBatches.create'>['source'],
  ): Promise<{
    sourceKind: LetterSourceKind;
    sourceLabel: string;
    recipients: { mailable: LetterRecipient[]; cannotMail: LetterCannotMail[] };
  }> {
    const today = this.today();
    let sourceKind: LetterSourceKind;
    let recipients: { mailable: LetterRecipient[]; cannotMail: LetterCannotMail[] };
    let sourceLabel: string;
    if ('queue' in source) {
      if (kind !== 'purchase_thanks' && kind !== 'first_service_thanks')
        throw AppError.validation('kind', '信件类别', '感谢信队列只能打印购车感谢信或首保感谢信。');
      sourceKind = 'queue';
      recipients = await this.queueRecipients(kind);
      sourceLabel = '感谢信队列';
    } else {
      sourceKind = 'listId' in source ? 'list' : 'range';
      const found = await mailRecipients(this.db, source, today);
      recipients = {
        mailable: found.mailable.map((m) => {
          const g = m as MailRecipient & { listRowIds?: number[] };
          return { ...m, listRowIds: g.listRowIds ?? (m.listRowId !== null ? [m.listRowId] : []), queueIds: [] };
        }),
        cannotMail: found.cannotMail.map((u) => ({
          customerId: u.customerId,
          name: u.name,
          plate: u.plate,
          reason: u.reason,
        })),
      };
      if ('listId' in source) {
        const list = await this.db
          .selectFrom('invitation_list')
          .select('title')
          .where('id', '=', source.listId)
          .executeTakeFirst();
        sourceLabel = list?.title ?? `招揽一览表 #${source.listId}`;
      } else sourceLabel = `${source.from} 至 ${source.to}`;
    }
    return { sourceKind, sourceLabel, recipients };
  }

  /** The recipients a new batch would have, before it is saved (the clerk may untick some). */
  async recipients(
    input: ParsedInputOf<'letterBatches.recipients'>,
  ): Promise<{ mailable: MailRecipient[]; cannotMail: LetterCannotMail[] }> {
    const { recipients } = await this.recipientsOf(input.kind, input.source);
    return {
      mailable: recipients.mailable.map((r) => ({
        customerId: r.customerId,
        vehicleId: r.vehicleId,
        listRowId: r.listRowId,
        name: r.name,
        salutation: r.salutation,
        address: r.address,
        postalCode: r.postalCode,
        plate: r.plate,
        model: r.model,
        nextServiceOn: r.nextServiceOn,
        nextServiceKm: r.nextServiceKm,
        advisor: r.advisor,
      })),
      cannotMail: recipients.cannotMail,
    };
  }

  async createBatch(input: ParsedInputOf<'letterBatches.create'>, ctx: CallContext): Promise<LetterBatch> {
    const today = this.today();
    const template = await this.template(input.templateId);
    if (template.kind !== input.kind)
      throw AppError.validation(
        'templateId',
        '模板',
        `模板“${template.name}”是${LETTER_KIND_LABELS[template.kind]}的，请选择${LETTER_KIND_LABELS[input.kind]}的模板。`,
      );
    const source = input.source;
    const { sourceKind, sourceLabel, recipients } = await this.recipientsOf(input.kind, source);
    // The recipients the clerk unticked are left out (not listed as "cannot be mailed" either).
    const excluded = new Set(input.excludeCustomerIds ?? []);
    const unticked = recipients.mailable.filter((r) => excluded.has(r.customerId)).map((r) => r.customerId);
    if (excluded.size > 0) {
      recipients.mailable = recipients.mailable.filter((r) => !excluded.has(r.customerId));
      if (recipients.mailable.length === 0)
        throw AppError.validation('excludeCustomerIds', '收信人', '请至少勾选一位收信人。');
    }
    if (recipients.mailable.length === 0)
      throw AppError.validation(
        'source',
        '收信人',
        recipients.cannotMail.length > 0
          ? `没有可以寄信的客户：${recipients.cannotMail.length} 位不能邮寄（${recipients.cannotMail
              .slice(0, 3)
              .map((u) => `${u.name || u.plate || '—'}：${u.reason}`)
              .join('；')}${recipients.cannotMail.length > 3 ? ' 等' : ''}）。`
          : '没有要寄信的客户（勿扰的客户已排除）。',
      );
    const holiday = input.kind === 'holiday' ? input.holiday?.trim() || nextHoliday(today).name : '';
    const at = nowInstant(this.clock.now());
    const title = `${LETTER_KIND_LABELS[input.kind]}${holiday ? `（${holiday}）` : ''} · ${sourceLabel}`;
    const id = await this.db.transaction().execute(async (trx) => {
      const b = await trx
        .insertInto('letter_batch')
        .values({
          kind: input.kind,
          title,
          source_kind: sourceKind,
          list_id: 'listId' in source ? source.listId : null,
          range_from: 'from' in source ? source.from : null,
          range_to: 'to' in source ? source.to : null,
          template_id: template.id,
          template_name: template.name,
          letterhead: template.letterhead,
          body: template.body,
          logo: template.logo,
          show_logo: template.showLogo ? 1 : 0,
          holiday,
          cannot_mail_json: JSON.stringify(recipients.cannotMail),
          created_at: at,
          created_by: actorName(ctx),
          confirmed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const items = recipients.mailable.map((r, i) => ({
        batch_id: b.id,
        position: i + 1,
        customer_id: r.customerId,
        vehicle_id: r.vehicleId,
        list_row_ids_json: JSON.stringify(r.listRowIds),
        queue_ids_json: JSON.stringify(r.queueIds),
        name: r.name,
        salutation: r.salutation,
        address: r.address,
        postal_code: r.postalCode,
        plate: r.plate,
        model: r.model,
        next_service_on: r.nextServiceOn,
        next_service_km: r.nextServiceKm,
        advisor: r.advisor,
        status: 'pending',
        misprints: 0,
        sent_on: null,
        updated_at: at,
      }));
      for (const part of chunks(items, 200)) await trx.insertInto('letter_batch_item').values(part).execute();
      await writeAudit(trx, ctx, at, {
        action: 'letterBatch.create',
        entity: 'letter_batch',
        entityId: b.id,
        after: {
          title,
          letters: items.length,
          cannotMail: recipients.cannotMail.length,
          templateId: template.id,
          ...(unticked.length > 0 ? { excludedCustomerIds: unticked } : {}),
        },
      });
      return b.id;
    });
    return this.getBatch(id);
  }

  private async batchRecord(id: number): Promise<BatchRecord> {
    const b = await this.db.selectFrom('letter_batch').selectAll().where('id', '=', id).executeTakeFirst();
    if (!b) throw AppError.notFound('信件批次', id);
    return b;
  }

  private summary(b: BatchRecord, items: readonly LetterBatchItem[]): LetterBatchSummary {
    return {
      id: b.id,
      kind: b.kind as LetterKind,
      title: b.title,
      sourceKind: b.source_kind as LetterSourceKind,
      templateName: b.template_name,
      holiday: b.holiday,
      items: items.length,
      sent: items.filter((i) => i.status === 'sent').length,
      misprints: items.filter((i) => i.status === 'misprint').length,
      cannotMail: (JSON.parse(b.cannot_mail_json) as unknown[]).length,
      createdAt: b.created_at,
      createdBy: b.created_by,
      confirmedAt: b.confirmed_at,
    };
  }

  async getBatch(id: number): Promise<LetterBatch> {
    const b = await this.batchRecord(id);
    const items = (
      await this.db.selectFrom('letter_batch_item').selectAll().where('batch_id', '=', id).orderBy('position').execute()
    ).map(toItem);
    return {
      ...this.summary(b, items),
      listId: b.list_id,
      from: b.range_from,
      to: b.range_to,
      templateId: b.template_id,
      rows: items,
      cannotMailRows: JSON.parse(b.cannot_mail_json) as LetterCannotMail[],
    };
  }

  async listBatches(input: ParsedInputOf<'letterBatches.list'>): Promise<Page<LetterBatchSummary>> {
    const total = Number(
      (
        await this.db
          .selectFrom('letter_batch')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const batches = await this.db
      .selectFrom('letter_batch')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute();
    const counts = batches.length
      ? await this.db
          .selectFrom('letter_batch_item')
          .select(['batch_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
          .where(
            'batch_id',
            'in',
            batches.map((b) => b.id),
          )
          .groupBy(['batch_id', 'status'])
          .execute()
      : [];
    const rows = batches.map((b) => {
      const mine = counts.filter((c) => c.batch_id === b.id);
      const n = (status?: string) =>
        mine.filter((c) => status === undefined || c.status === status).reduce((s, c) => s + Number(c.n), 0);
      return {
        id: b.id,
        kind: b.kind as LetterKind,
        title: b.title,
        sourceKind: b.source_kind as LetterSourceKind,
        templateName: b.template_name,
        holiday: b.holiday,
        items: n(),
        sent: n('sent'),
        misprints: n('misprint'),
        cannotMail: (JSON.parse(b.cannot_mail_json) as unknown[]).length,
        createdAt: b.created_at,
        createdBy: b.created_by,
        confirmedAt: b.confirmed_at,
      };
    });
    return { rows, total, page: input.page, pageSize: input.pageSize };
  }

  /** The letters of a batch to print (all, or only some of them, to reprint), in print order. */
  private async printRows(input: { batchId: number; onlyItemIds?: number[] | undefined }) {
    const batch = await this.getBatch(input.batchId);
    const b = await this.batchRecord(input.batchId);
    let rows = batch.rows;
    if (input.onlyItemIds !== undefined) {
      const wanted = new Set(input.onlyItemIds);
      const unknown = input.onlyItemIds.filter((id) => !rows.some((r) => r.id === id));
      if (unknown.length > 0)
        throw AppError.validation('onlyItemIds', '要打印的信', `信件 ${unknown.slice(0, 5).join('、')} 不在这一批中。`);
      rows = rows.filter((r) => wanted.has(r.id));
      if (rows.length === 0) throw AppError.validation('onlyItemIds', '要打印的信', '请至少选择一封信。');
    }
    const items = new Map(
      (await this.db.selectFrom('letter_batch_item').selectAll().where('batch_id', '=', b.id).execute()).map((r) => [
        r.id,
        r,
      ]),
    );
    return { batch, b, rows, items };
  }

  /** One page of a batch's letters for the preview window (printing and the PDF take them all). */
  async lettersPreview(input: ParsedInputOf<'letterBatches.lettersHtml'>) {
    const { batch, b, rows, items } = await this.printRows(input);
    const page = previewPage(rows.length, input);
    return { ...(await this.lettersOf(input, { batch, b, rows: pageItems(rows, page), items })), ...page };
  }

  /** The letters of a batch (or only some of them, to reprint), in print order. */
  async lettersHtml(input: { batchId: number; onlyItemIds?: number[] | undefined }) {
    return this.lettersOf(input, await this.printRows(input));
  }

  private async lettersOf(
    input: { onlyItemIds?: number[] | undefined },
    { batch, b, rows, items }: Awaited<ReturnType<LettersService['printRows']>>,
  ) {
    const store = await this.store();
    const today = this.today();
    const pages: LetterPage[] = rows.map((r) => {
      const rec = items.get(r.id)!;
      return {
        values: this.values(
          {
            name: rec.name,
            salutation: rec.salutation,
            plate: rec.plate,
            model: rec.model,
            nextServiceOn: rec.next_service_on,
            nextServiceKm: rec.next_service_km,
            advisor: rec.advisor,
          },
          store,
          today,
          b.holiday,
        ),
        mark: `批次 ${b.id} · 第 ${r.position}/${batch.rows.length} 封 · 邮编 ${r.postalCode}`,
      };
    });
    const title = `${batch.title}${input.onlyItemIds ? '（重印）' : ''}`;
    const text: LetterTemplateText = {
      letterhead: b.letterhead,
      body: b.body,
      logo: this.logoOf({ logo: b.logo, showLogo: b.show_logo === 1 }),
    };
    return { title, html: lettersPrintHtml(title, text, pages), letters: pages.length };
  }

  async lettersPdf(input: {
    batchId: number;
    onlyItemIds?: number[] | undefined;
  }): Promise<ExportedFile & { pages: number }> {
    const { html } = await this.lettersHtml(input);
    const { pdf, pages } = await this.print.pdf(html);
    return {
      fileName: `信件_批次${input.batchId}${input.onlyItemIds ? '_重印' : ''}.pdf`,
      mimeType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
      bytes: pdf.length,
      pages,
    };
  }

  /**
   * The envelopes of a batch, whatever its source (a list, a range, the thank-you queue): one per
   * letter from the batch's saved items, in the batch's order (only some of them, to reprint), on
   * the envelope template and calibration of the printing service.
   */
  /** One page of a batch's envelopes for the preview window, in the batch's order. */
  async envelopesPreview(
    input: ParsedInputOf<'letterBatches.envelopesHtml'>,
    envelopes: EnvelopesService,
  ): Promise<PrintableHtml & PreviewPage> {
    const all = await this.printRows(input);
    const page = previewPage(all.rows.length, input);
    return { ...(await this.envelopesOf(input, envelopes, { ...all, rows: pageItems(all.rows, page) })), ...page };
  }

  async envelopesHtml(
    input: ParsedInputOf<'letterBatches.envelopesPdf'>,
    envelopes: EnvelopesService,
  ): Promise<PrintableHtml> {
    return this.envelopesOf(input, envelopes, await this.printRows(input));
  }

  private async envelopesOf(
    input: ParsedInputOf<'letterBatches.envelopesPdf'>,
    envelopes: EnvelopesService,
    { batch, rows, items }: Awaited<ReturnType<LettersService['printRows']>>,
  ): Promise<PrintableHtml> {
    const recipients: MailRecipient[] = rows.map((r) => {
      const rec = items.get(r.id)!;
      return {
        customerId: rec.customer_id,
        vehicleId: rec.vehicle_id,
        listRowId: null,
        name: rec.name,
        salutation: rec.salutation,
        address: rec.address,
        postalCode: rec.postal_code,
        plate: rec.plate,
        model: rec.model,
        nextServiceOn: rec.next_service_on,
        nextServiceKm: rec.next_service_km,
        advisor: rec.advisor,
      };
    });
    const page = await envelopes.envelopesFor(recipients, input);
    return { ...page, title: `${batch.title}${input.onlyItemIds ? '（重印）' : ''} · ${page.title}` };
  }

  async envelopesPdf(
    input: ParsedInputOf<'letterBatches.envelopesPdf'>,
    envelopes: EnvelopesService,
  ): Promise<ExportedFile & { pages: number }> {
    const page = await this.envelopesHtml(input, envelopes);
    return envelopes.envelopesPdfOf(
      page,
      input.size,
      `信封_${input.size}_批次${input.batchId}${input.onlyItemIds ? '_重印' : ''}.pdf`,
    );
  }

  /**
   * 都打印好了吗: the ticked letters are misprints (stay open, to reprint and confirm again); every
   * other open letter of the batch is recorded as sent today.
   *
   * All or nothing, in one transaction: the invitation rows, the queued letters, the batch's items
   * and the audit lines are written together or not at all. Two counters confirming the same batch
   * take turns (a lock on the batch, then its items read again): the second finds the letters
   * already sent and writes nothing, and is answered with the batch as the first left it, so its
   * screen shows the batch recorded as sent; a misprint it ticks that the first recorded as sent is
   * refused, naming the letters, to be looked at again after a refresh.
   */
  async confirm(input: ParsedInputOf<'letterBatches.confirm'>, ctx: CallContext): Promise<LetterBatch> {
    const batchId = (await this.batchRecord(input.batchId)).id;
    const misprints = new Set(input.misprintItemIds);
    const today = this.today();
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, `letter_batch:${batchId}`);
      const b = await trx.selectFrom('letter_batch').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow();
      const items = await trx.selectFrom('letter_batch_item').selectAll().where('batch_id', '=', b.id).execute();
      const byId = new Map(items.map((i) => [i.id, i]));
      const notInBatch = input.misprintItemIds.filter((id) => !byId.has(id));
      if (notInBatch.length > 0)
        throw AppError.validation(
          'misprintItemIds',
          '打错的信',
          `信件 ${notInBatch.slice(0, 5).join('、')} 不在这一批的待确认信件中，请刷新后重新勾选。`,
        );
      const alreadySent = input.misprintItemIds.filter((id) => byId.get(id)?.status === 'sent');
      if (alreadySent.length > 0)
        throw new AppError(
          'CONFLICT',
          `信件 ${alreadySent.slice(0, 5).join('、')} 已经记为寄出（这一批可能刚被别的电脑确认过），已寄出的不能再标为打错。请刷新后再确认。`,
          { fields: [{ path: 'misprintItemIds', label: '打错的信', message: '已记为寄出' }] },
        );
      const toSend = items.filter((i) => i.status !== 'sent' && !misprints.has(i.id));
      // Confirmed before and nothing open (the other counter a moment ago, or an earlier confirm): nothing to record.
      if (toSend.length === 0 && misprints.size === 0 && b.confirmed_at !== null) return;
      await this.markSent(trx, b, toSend, today, at, ctx);
      for (const part of chunks([...misprints], 500))
        await trx
          .updateTable('letter_batch_item')
          .set((eb) => ({ status: 'misprint', misprints: eb('misprints', '+', 1), updated_at: at }))
          .where('id', 'in', part)
          .execute();
      await trx.updateTable('letter_batch').set({ confirmed_at: at }).where('id', '=', b.id).execute();
      await writeAudit(trx, ctx, at, {
        action: 'letterBatch.confirm',
        entity: 'letter_batch',
        entityId: b.id,
        after: { sent: toSend.map((i) => i.id), misprints: [...misprints], sentOn: today },
      });
    });
    return this.getBatch(batchId);
  }

  /**
   * Inside confirm's transaction: the letters in `toSend` recorded as sent on what they stand for
   * (invitation rows: letter date, kind and batch; queued thank-you letters: printed) and as items.
   */
  private async markSent(
    trx: Db,
    b: BatchRecord,
    toSend: readonly ItemRecord[],
    today: string,
    at: string,
    ctx: CallContext,
  ): Promise<void> {
    const batchLabel = `信件批次 #${b.id}`;
    const rowIds = toSend.flatMap((i) => JSON.parse(i.list_row_ids_json) as number[]);
    // Invitation rows, locked until the commit. Removed rows are left as they are.
    const rows: { id: number; list_id: number; kind: string }[] = [];
    for (const part of chunks(rowIds, 500))
      rows.push(
        ...(await forUpdate(
          trx,
          trx
            .selectFrom('invitation_row')
            .select(['id', 'list_id', 'kind'])
            .where('id', 'in', part)
            .where('removed_at', 'is', null),
        ).execute()),
      );
    const byList = new Map<number, number[]>();
    for (const r of rows) byList.set(r.list_id, [...(byList.get(r.list_id) ?? []), r.id]);
    const firstRows = new Set(rows.filter((r) => r.kind === 'first').map((r) => r.id));
    for (const [listId, ids] of byList) {
      if (b.kind === 'invitation') {
        // A 首保 row is recorded as a first-service reminder, a 定保 row as an invitation.
        const byKind = [
          ['first_service_reminder', ids.filter((id) => firstRows.has(id))],
          ['invitation', ids.filter((id) => !firstRows.has(id))],
        ] as const;
        for (const [kind, kindIds] of byKind)
          if (kindIds.length > 0)
            await this.invitations.recordLetterSent(
              trx,
              { listId, rowIds: kindIds, sentOn: today, kind, batch: batchLabel },
              ctx,
              at,
            );
      } else {
        // The same record for the other kinds (the invitations contract names only its own two).
        for (const part of chunks(ids, 500))
          await trx
            .updateTable('invitation_row')
            .set({ letter_sent_on: today, letter_kind: b.kind, letter_batch: batchLabel, updated_at: at })
            .where('id', 'in', part)
            .execute();
        await writeAudit(trx, ctx, at, {
          action: 'invitationRow.letterSent',
          entity: 'invitation_list',
          entityId: listId,
          after: {
            rowIds: ids,
            sentOn: today,
            kind: b.kind,
            kindLabel: LETTER_KIND_LABELS[b.kind as LetterKind],
            batch: batchLabel,
          },
        });
      }
    }
    const queueIds = toSend.flatMap((i) => JSON.parse(i.queue_ids_json) as number[]);
    for (const part of chunks(queueIds, 500))
      await trx
        .updateTable('letter_queue')
        .set({ printed_at: at })
        .where('id', 'in', part)
        .where('printed_at', 'is', null)
        .execute();
    for (const part of chunks(
      toSend.map((i) => i.id),
      500,
    ))
      await trx
        .updateTable('letter_batch_item')
        .set({ status: 'sent', sent_on: today, updated_at: at })
        .where('id', 'in', part)
        .execute();
  }
}
