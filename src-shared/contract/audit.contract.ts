import { z } from 'zod';
import type { Page } from '../domain/records';
import { query } from './define';
import { date, id, text } from './fields';
import { ROLES } from './roles';

/** One line of the audit log as the viewer shows it. */
export interface AuditEntry {
  id: number;
  /** As stored: the store's local time with its offset. */
  at: string;
  userId: number | null;
  /** Who (the user's name then), or 'cli' / 'system'. */
  actor: string;
  action: string;
  /** What record: table name and id. */
  entity: string;
  entityId: number | null;
  before: string | null;
  after: string | null;
}

export const auditListInput = z
  .object({
    /** First and last day (store dates, inclusive). */
    from: date.optional(),
    to: date.optional(),
    userId: id.optional(),
    /** Exact action, or its area prefix (`dailyReport` matches dailyReport.sign …). */
    action: text(80).optional(),
    entity: text(80).optional(),
    entityId: id.optional(),
    /** Free text searched in the record and the details. */
    text: text(80).optional(),
    page: z.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, {
    message: '开始日期不能晚于结束日期',
    path: ['to'],
  });

export const auditContract = {
  /** Newest first; refused logins and calls are here too (coalesced per minute). */
  'audit.list': query<Page<AuditEntry> & { actions: string[] }>()(
    auditListInput,
    '操作日志（按用户、操作、日期、记录筛选）',
    ROLES.oversight,
  ),
};
