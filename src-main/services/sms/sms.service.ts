import type { Selectable } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { Page } from '../../../src-shared/domain/records';
import {
  SMS_MERGE_FIELDS,
  SMS_SOURCE_LABELS,
  type SmsBatch,
  type SmsBatchPreview,
  type SmsMergeField,
  type SmsMessage,
  type SmsSourceKind,
  type SmsTemplate,
  smsAppointmentFieldsIn,
  smsSegments,
  smsTemplateProblem,
} from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { SmsBatchTable, SmsMessageTable } from '../../db/schema';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import { XLSX_MIME } from '../daily-report/daily-report.xlsx';
import { chunks } from '../invitations/vehicle-changes';
import { nextHoliday } from '../letters/holidays';
import { mergeText } from '../letters/letters.print';
import { letterMergeValues } from '../letters/letters.service';
import { smsCsv, smsWorkbook } from './sms.export';
import {
  mobileOf,
  REASON_DUPLICATE_PHONE,
  REASON_NO_MOBILE,
  refusalOf,
  type SmsRecipientsInput,
  smsCandidates,
  smsCustomers,
  unreachedCalls,
} from './sms-recipients';

/**
 * 短信: the store sends through its own SMS platform; ClerkDesk prepares the batch. A text uses the
 * letters' merge fields (the same values, made by the letters' code) plus 预约日期/预约时间 for a
 * reminder of a day's appointments; each message is merged, counted (characters and segments) and
 * kept; customers who refuse SMS, lack consent for marketing or have no mobile are kept as skipped
 * with the reason. The batch is exported (XLSX, CSV) for the platform and recorded as sent when
 * the clerk confirms it went out.
 */

type BatchRecord = Selectable<SmsBatchTable>;
type MessageRecord = Selectable<SmsMessageTable>;

function exported(fileName: string, mimeType: string, content: Buffer): ExportedFile {
  return { fileName, mimeType, contentBase64: content.toString('base64'), bytes: content.length };
}

/** 2026-12-05 → 12月5日 (an SMS is short: the year is clear from the day). */
export function smsDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

function toMessage(r: MessageRecord): SmsMessage {
  return {
    customerId: r.customer_id,
    vehicleId: r.vehicle_id,
    customerName: r.customer_name,
    plate: r.plate,
    phone: r.phone,
    content: r.content,
    characters: r.characters,
    segments: r.segments,
    skippedReason: r.skipped_reason,
  };
}

function toSummary(r: BatchRecord): Omit<SmsBatch, 'messages'> {
  return {
    id: r.id,
    title: r.title,
    source: r.source as SmsSourceKind,
    templateBody: r.template_body,
    recipients: r.recipients,
    skipped: r.skipped,
    segments: r.segments,
    createdAt: r.created_at,
    createdBy: r.created_by,
    sentAt: r.sent_at,
    sentBy: r.sent_by,
  };
}

/** What a text may not be: unknown fields, and appointment fields outside an appointment reminder. */
function checkBody(body: string, source: SmsSourceKind | null): void {
  const problem = smsTemplateProblem(body);
  if (problem) throw AppError.validation('body', '短信内容', problem.message);
  if (source === null || source === 'appointments') return;
  const used = smsAppointmentFieldsIn(body);
  if (used.length > 0)
    throw AppError.validation(
      'body',
      '短信内容',
      `${used.map((f) => `{${f}}`).join('、')} 只能用于“${SMS_SOURCE_LABELS.appointments}”的短信，请删去或换收件人来源`,
    );
}

export class SmsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  private today(): string {
    return todayDate(this.clock.now());
  }

  // ---- templates ----

  async templates(): Promise<SmsTemplate[]> {
    const rows = await this.db.selectFrom('sms_template').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, body: r.body, updatedAt: r.updated_at }));
  }

  async saveTemplate(input: ParsedInputOf<'sms.saveTemplate'>, ctx: CallContext): Promise<SmsTemplate> {
    checkBody(input.body, null);
    const at = nowInstant(this.clock.now());
    const values = { name: input.name, body: input.body, updated_at: at, updated_by: actorName(ctx) };
    const id = await this.db.transaction().execute(async (trx) => {
      const clash = await trx
        .selectFrom('sms_template')
        .select('id')
        .where('name', '=', input.name)
        .$if(input.id !== undefined, (q) => q.where('id', '!=', input.id!))
        .executeTakeFirst();
      if (clash) throw AppError.validation('name', '模板名称', `已有名为“${input.name}”的模板，请换一个名称`);
      let id: number;
      let before: { name: string; body: string } | undefined;
      if (input.id !== undefined) {
        const row = await trx.selectFrom('sms_template').selectAll().where('id', '=', input.id).executeTakeFirst();
        if (!row) throw AppError.notFound('短信模板', input.id);
        before = { name: row.name, body: row.body };
        await trx.updateTable('sms_template').set(values).where('id', '=', input.id).execute();
        id = input.id;
      } else {
        id = (await trx.insertInto('sms_template').values(values).returning('id').executeTakeFirstOrThrow()).id;
      }
      await writeAudit(trx, ctx, at, {
        action: 'smsTemplate.save',
        entity: 'sms_template',
        entityId: id,
        before,
        after: { name: input.name, body: input.body },
      });
      return id;
    });
    const row = await this.db.selectFrom('sms_template').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, body: row.body, updatedAt: row.updated_at };
  }

  // ---- preview and batches ----

  private async store(): Promise<{ name: string; address: string; phone: string }> {
    const s = await this.db.selectFrom('store_profile').select(['name', 'address', 'phone']).executeTakeFirst();
    return s ?? { name: '', address: '', phone: '' };
  }

  /** Every message of a batch, merged and counted; the refused kept with the reason. */
  private async messages(source: SmsRecipientsInput, body: string): Promise<SmsBatchPreview> {
    checkBody(body, source.kind);
    const today = this.today();
    const candidates = await smsCandidates(this.db, source, today);
    const customers = await smsCustomers(
      this.db,
      candidates.map((c) => c.customerId),
    );
    const store = await this.store();
    const holiday = nextHoliday(today).name;
    const phones = new Set<string>();
    const messages: SmsMessage[] = candidates.map((c) => {
      const customer = c.customerId === null ? undefined : customers.get(c.customerId);
      const name = customer?.name ?? c.name;
      let reason = refusalOf(c, customer);
      const phone = customer ? mobileOf(customer) : null;
      if (reason === null && phone === null) reason = REASON_NO_MOBILE;
      if (reason === null && phone !== null && phones.has(phone)) reason = REASON_DUPLICATE_PHONE;
      const base = {
        customerId: customer?.id ?? null,
        vehicleId: c.vehicleId,
        customerName: name,
        plate: c.plate,
        phone,
      };
      if (reason !== null) return { ...base, content: '', characters: 0, segments: 0, skippedReason: reason };
      phones.add(phone!);
      const values: Record<SmsMergeField, string> = {
        ...letterMergeValues(
          {
            name: name ?? '',
            salutation: '',
            plate: c.plate,
            model: c.model,
            nextServiceOn: c.nextServiceOn,
            nextServiceKm: c.nextServiceKm,
            advisor: c.advisor,
          },
          store,
          today,
          holiday,
        ),
        预约日期: c.appointmentDate ? smsDay(c.appointmentDate) : '',
        预约时间: c.appointmentTime ?? '',
      };
      const content = mergeText(body, values, SMS_MERGE_FIELDS);
      return { ...base, content, ...smsSegments(content), skippedReason: null };
    });
    const out = messages.filter((m) => m.skippedReason === null);
    return {
      messages,
      recipients: out.length,
      skipped: messages.length - out.length,
      segments: out.reduce((n, m) => n + m.segments, 0),
    };
  }

  async preview(input: ParsedInputOf<'sms.preview'>): Promise<SmsBatchPreview> {
    return this.messages(input.recipients, input.body);
  }

  /** 预约提醒 2026-12-05, 未接通 2026-12-01~2026-12-03, 交车关怀 …, 招揽 #3 十二月定保. */
  private async titleOf(source: SmsRecipientsInput): Promise<string> {
    switch (source.kind) {
      case 'invitation_list': {
        const list = await this.db
          .selectFrom('invitation_list')
          .select('title')
          .where('id', '=', source.listId)
          .executeTakeFirst();
        return `招揽 #${source.listId}${list?.title ? ` ${list.title}` : ''}`;
      }
      case 'appointments':
        return `预约提醒 ${source.date}`;
      case 'unreached':
        return `未接通 ${source.from}~${source.to}`;
      case 'deliveries':
        return `交车关怀 ${source.from}~${source.to}`;
    }
  }

  async createBatch(input: ParsedInputOf<'sms.createBatch'>, ctx: CallContext): Promise<SmsBatch> {
    const preview = await this.messages(input.recipients, input.body);
    if (preview.recipients === 0)
      throw AppError.validation(
        'recipients',
        '收件人',
        preview.skipped === 0
          ? '没有符合条件的客户，请换一个来源或日期'
          : `${preview.skipped} 位客户都不能发送（原因见预览），没有可发的短信`,
      );
    const at = nowInstant(this.clock.now());
    const title = input.title || (await this.titleOf(input.recipients));
    const id = await this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('sms_batch')
        .values({
          title,
          source: input.recipients.kind,
          source_json: JSON.stringify(input.recipients),
          template_body: input.body,
          recipients: preview.recipients,
          skipped: preview.skipped,
          segments: preview.segments,
          created_at: at,
          created_by: actorName(ctx),
          sent_at: null,
          sent_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const part of chunks(preview.messages, 50))
        await trx
          .insertInto('sms_message')
          .values(
            part.map((m) => ({
              batch_id: id,
              customer_id: m.customerId,
              vehicle_id: m.vehicleId,
              customer_name: m.customerName,
              plate: m.plate,
              phone: m.phone,
              content: m.content,
              characters: m.characters,
              segments: m.segments,
              skipped_reason: m.skippedReason,
            })),
          )
          .execute();
      await writeAudit(trx, ctx, at, {
        action: 'smsBatch.create',
        entity: 'sms_batch',
        entityId: id,
        after: {
          title,
          source: input.recipients,
          body: input.body,
          recipients: preview.recipients,
          skipped: preview.skipped,
          segments: preview.segments,
        },
      });
      return id;
    });
    return this.batch({ id });
  }

  async batches(input: ParsedInputOf<'sms.batches'>): Promise<Page<Omit<SmsBatch, 'messages'>>> {
    const total = Number(
      (
        await this.db
          .selectFrom('sms_batch')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const rows = await this.db
      .selectFrom('sms_batch')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute();
    return { rows: rows.map(toSummary), total, page: input.page, pageSize: input.pageSize };
  }

  private async batchRecord(id: number, db: Db = this.db): Promise<BatchRecord> {
    const row = await db.selectFrom('sms_batch').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('短信批次', id);
    return row;
  }

  async batch(input: ParsedInputOf<'sms.batch'>): Promise<SmsBatch> {
    const row = await this.batchRecord(input.id);
    const messages = await this.db
      .selectFrom('sms_message')
      .selectAll()
      .where('batch_id', '=', row.id)
      .orderBy('id')
      .execute();
    return { ...toSummary(row), messages: messages.map(toMessage) };
  }

  /** The file for the platform; writing it is recorded (full numbers leave the counter). */
  async export(input: ParsedInputOf<'sms.export'>, ctx: CallContext): Promise<ExportedFile> {
    const batch = await this.batch({ id: input.id });
    const at = nowInstant(this.clock.now());
    const base = `短信_${batch.id}_${batch.createdAt.slice(0, 10)}`;
    const file =
      input.format === 'csv'
        ? exported(`${base}.csv`, 'text/csv', await smsCsv(batch.messages))
        : exported(
            `${base}.xlsx`,
            XLSX_MIME,
            await smsWorkbook(batch.messages, {
              title: batch.title,
              storeName: (await this.store()).name,
              createdAt: this.clock.now(),
            }),
          );
    await this.db.transaction().execute((trx) =>
      writeAudit(trx, ctx, at, {
        action: 'smsBatch.export',
        entity: 'sms_batch',
        entityId: batch.id,
        after: { format: input.format, fileName: file.fileName, recipients: batch.recipients },
      }),
    );
    return file;
  }

  /**
   * A batch to the customers a call could not reach, once sent, is their follow-up: their calls
   * closed as 未接通 (no channel chosen, or 短信 chosen) get 短信 with this batch, so the queue stops
   * offering it and the next batch does not message them again.
   */
  private async markCallsMessaged(trx: Db, batchId: number, sourceJson: string, ctx: CallContext, at: string) {
    const source = JSON.parse(sourceJson) as { from?: string; to?: string };
    if (!source.from || !source.to) return;
    const sent = await trx
      .selectFrom('sms_message')
      .select(['customer_id', 'vehicle_id'])
      .where('batch_id', '=', batchId)
      .where('skipped_reason', 'is', null)
      .execute();
    const customers = [...new Set(sent.flatMap((m) => (m.customer_id === null ? [] : [m.customer_id])))];
    const vehicles = [...new Set(sent.flatMap((m) => (m.vehicle_id === null ? [] : [m.vehicle_id])))];
    if (customers.length === 0 && vehicles.length === 0) return;
    // The calls the batch's recipients came from (the unreached source's own selection).
    const calls = await unreachedCalls(trx, source.from, source.to)
      .select('k.id')
      .where((eb) =>
        eb.or([
          ...(customers.length > 0 ? [eb('k.customer_id', 'in', customers)] : []),
          ...(vehicles.length > 0 ? [eb('k.vehicle_id', 'in', vehicles)] : []),
        ]),
      )
      .execute();
    for (const call of calls) {
      await trx
        .updateTable('revisit_call')
        .set((eb) => ({
          follow_up_channel: 'sms',
          follow_up_at: at,
          follow_up_batch_id: batchId,
          updated_at: at,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', call.id)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'revisitCall.offer',
        entity: 'revisit_call',
        entityId: call.id,
        after: { state: 'unreached', channel: 'sms', smsBatchId: batchId },
      });
    }
  }

  async markSent(input: ParsedInputOf<'sms.markSent'>, ctx: CallContext): Promise<SmsBatch> {
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      const row = await this.batchRecord(input.id, trx);
      if (row.sent_at !== null)
        throw new AppError(
          'CONFLICT',
          `这批短信已于 ${row.sent_at.slice(0, 16).replace('T', ' ')} 由 ${row.sent_by ?? ''} 确认发送，不用再确认。`,
        );
      await trx
        .updateTable('sms_batch')
        .set({ sent_at: at, sent_by: actorName(ctx) })
        .where('id', '=', row.id)
        .where('sent_at', 'is', null)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'smsBatch.sent',
        entity: 'sms_batch',
        entityId: row.id,
        after: { title: row.title, recipients: row.recipients, segments: row.segments },
      });
      if (row.source === 'unreached') await this.markCallsMessaged(trx, row.id, row.source_json, ctx, at);
    });
    return this.batch({ id: input.id });
  }
}
