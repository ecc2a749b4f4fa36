import { z } from 'zod';
import type { ExportedFile } from '../domain/daily-report';
import {
  RETENTION_YEARS_MAX,
  RETENTION_YEARS_MIN,
  RETENTION_YEARS_OFF,
  type RetentionPreview,
  type RetentionResult,
  type RetentionSettings,
} from '../domain/privacy';
import { command, query } from './define';
import { date, id, pin } from './fields';
import { ROLES } from './roles';

const retentionYears = z
  .number('请填写年数')
  .int('年数应为整数')
  .refine(
    (n) => n === RETENTION_YEARS_OFF || (n >= RETENTION_YEARS_MIN && n <= RETENTION_YEARS_MAX),
    `应为 0（不匿名化）或 ${RETENTION_YEARS_MIN} 到 ${RETENTION_YEARS_MAX} 年`,
  );

const activeRetentionYears = z
  .number('请填写年数')
  .int('年数应为整数')
  .min(RETENTION_YEARS_MIN, `至少 ${RETENTION_YEARS_MIN} 年`)
  .max(RETENTION_YEARS_MAX, `最多 ${RETENTION_YEARS_MAX} 年`);

const count = z.number().int().min(0);

/**
 * On an export or printout that leaves the counter: names and phones are masked (王**, 138****5678)
 * unless a service manager asks for them in full, which is written to the audit log.
 */
export const unmasked = z.boolean('应为是或否').default(false);

/** 个人信息保护 (PIPL): retention (匿名化) and one customer's data on request. */
export const privacyContract = {
  'privacy.settings': query<RetentionSettings>()(z.object({}).strict(), '个人信息保护设置（保存年限）', ROLES.anyone),
  /** 0 turns the rule off; it never runs by itself: the manager previews and approves each run. */
  'privacy.setRetention': command<RetentionSettings>()(
    z.object({ years: retentionYears }).strict(),
    '设置客户信息保存年限',
    ROLES.oversight,
  ),
  /** Who would be anonymised now: counts and the first 20 (masked). Changes nothing. */
  'privacy.retentionPreview': query<RetentionPreview>()(
    z.object({ years: activeRetentionYears.optional() }).strict(),
    '预览：多年未到店的客户和车辆',
    ROLES.oversight,
  ),
  /**
   * 服务经理批准: anonymises exactly what the preview showed (the same cutoff and counts, else
   * refused), in one transaction, audited with ids only. The manager types their PIN again.
   */
  'privacy.retentionApply': command<RetentionResult>()(
    z
      .object({
        years: activeRetentionYears,
        cutoff: date,
        expectedCustomers: count,
        expectedVehicles: count,
        pin,
      })
      .strict(),
    '匿名化多年未到店的客户和车辆（服务经理批准）',
    ROLES.manager,
  ),
  /** PIPL access right: everything the archive holds about one customer, as a JSON file. */
  'privacy.exportCustomer': command<ExportedFile>()(
    z.object({ customerId: id }).strict(),
    '导出该客户的个人信息（JSON）',
    ROLES.counter,
  ),
};
