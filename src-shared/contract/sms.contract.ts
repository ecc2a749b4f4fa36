import { z } from 'zod';
import type { ExportedFile } from '../domain/daily-report';
import type { Page } from '../domain/records';
import type { SmsBatch, SmsBatchPreview, SmsTemplate } from '../domain/revisits';
import { command, query } from './define';
import { date, id, multilineProse, prose } from './fields';
import { ROLES } from './roles';

/** Who a batch goes to. */
export const smsRecipients = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('invitation_list'), listId: id }).strict(),
    z.object({ kind: z.literal('unreached'), from: date, to: date }).strict(),
    z.object({ kind: z.literal('deliveries'), from: date, to: date }).strict(),
    z.object({ kind: z.literal('appointments'), date }).strict(),
  ],
  '收件人来源应为 招揽一览表/未接通客户/交车客户/预约提醒 之一',
);

const body = multilineProse(500).refine((s) => s.length > 0, '请填写短信内容');

/**
 * 短信: the store sends through its own SMS platform; ClerkDesk prepares the batch (merge fields as
 * in letters, segments counted, refusals left out with the reason) and records it as sent.
 */
export const smsContract = {
  'sms.templates': query<SmsTemplate[]>()(z.object({}).strict(), '短信模板', ROLES.anyone),
  /** A template with an unknown merge field is refused, naming it. */
  'sms.saveTemplate': command<SmsTemplate>()(
    z.object({ id: id.optional(), name: prose(40).refine((s) => s.length > 0, '请填写模板名称'), body }).strict(),
    '保存短信模板',
    ROLES.counter,
  ),
  'sms.preview': query<SmsBatchPreview>()(
    z.object({ recipients: smsRecipients, body }).strict(),
    '短信批次预览（收件人、内容、条数）',
    ROLES.counter,
  ),
  'sms.createBatch': command<SmsBatch>()(
    z.object({ recipients: smsRecipients, body, title: prose(60).default('') }).strict(),
    '生成短信批次',
    ROLES.counter,
  ),
  'sms.batches': query<Page<Omit<SmsBatch, 'messages'>>>()(
    z
      .object({
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    '短信批次',
    ROLES.counter,
  ),
  'sms.batch': query<SmsBatch>()(z.object({ id }).strict(), '一个短信批次', ROLES.counter),
  /** 手机号 and 内容 columns, for the store's SMS platform; the numbers are not masked (they are the point). */
  'sms.export': query<ExportedFile>()(
    z.object({ id, format: z.enum(['xlsx', 'csv'], '格式应为 xlsx 或 csv') }).strict(),
    '导出短信批次（手机号、内容）',
    ROLES.counter,
  ),
  /** On the clerk's confirmation that the platform sent it. */
  'sms.markSent': command<SmsBatch>()(z.object({ id }).strict(), '确认短信已发送', ROLES.counter),
};

export type SmsContractMethod = keyof typeof smsContract;
