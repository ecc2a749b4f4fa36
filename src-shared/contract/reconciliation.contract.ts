import { z } from 'zod';
import { RO_STATUSES } from '../domain/enums';
import {
  DISCREPANCY_KINDS,
  normalizeRoNumber,
  type ReconciliationDay,
  type ReconciliationSummary,
  RO_NUMBER_PATTERN,
  type TickResult,
} from '../domain/reconciliation';
import { foldTabs, hasControlChars, hasLoneSurrogate } from '../validation/normalize';
import { command, query } from './define';
import { date, id, singleLineCharacters } from './fields';
import { ROLES } from './roles';

/**
 * An RO number as typed or scanned, checked once normalised (half-width, upper-case, trimmed) like
 * the archive's. Left as typed so the tick can keep what the scanner sent; see normalizeRoNumber.
 */
export const typedRoNumber = z
  .string('请扫描或输入工单号')
  .max(60, '太长了，工单号最多 40 位')
  .refine((s) => !hasControlChars(s), '含有不可见的控制字符，请重新扫描或输入')
  .refine((s) => !hasLoneSurrogate(s), '含有无法识别的字符，请重新扫描或输入')
  .refine((s) => normalizeRoNumber(s).length > 0, '请扫描或输入工单号')
  .refine((s) => {
    const n = normalizeRoNumber(s);
    return n.length === 0 || RO_NUMBER_PATTERN.test(n);
  }, '工单号应为字母数字（如 RO2611220001），请核对');

/** The same, normalised. */
export const scannedRoNumber = typedRoNumber.transform(normalizeRoNumber);

/**
 * The clerk's note on a discrepancy. Trimmed only: fields.ts `text` turns full-width punctuation
 * half-width, which spoils Chinese prose (“DMS 漏录，已补录” would become “DMS 漏录,已补录”).
 */
const note = z
  .string()
  .max(200, '太长了，最多 200 个字')
  .superRefine(singleLineCharacters)
  .transform((s) => foldTabs(s).trim());

const paperStatus = z.enum(RO_STATUSES, '纸质单状态应为 在修/已完工/已交车/已结算 之一');
const kind = z.enum(DISCREPANCY_KINDS, '差异类别应为 系统有、纸质无 / 纸质有、系统无 / 状态不符 之一');

export const reconciliationContract = {
  /** The day's archive ROs, the ticks, the three discrepancy lists with notes, and the summary. */
  'reconciliation.getDay': query<ReconciliationDay>()(z.object({ date }).strict(), '某一天的对单情况', ROLES.anyone),
  /** Only the figures (for 今日工作台 and, later, the daily report). */
  'reconciliation.summary': query<ReconciliationSummary>()(
    z.object({ date }).strict(),
    '某一天的对单汇总',
    ROLES.anyone,
  ),
  /** Ticks off one paper RO; a number ticked before is reported as such and not added twice. */
  'reconciliation.tick': command<TickResult>()(
    z.object({ date, roNumber: typedRoNumber, paperStatus: paperStatus.nullable().optional() }).strict(),
    '勾选一张纸质修理单（扫码或输入工单号）',
    ROLES.counter,
  ),
  'reconciliation.untick': command<ReconciliationDay>()(
    z.object({ date, tickId: id }).strict(),
    '取消一次勾选',
    ROLES.counter,
  ),
  'reconciliation.setPaperStatus': command<ReconciliationDay>()(
    z.object({ date, tickId: id, paperStatus: paperStatus.nullable() }).strict(),
    '修改已勾选纸质单上的状态',
    ROLES.counter,
  ),
  /** Note and/or resolved mark on one discrepancy; what is left out stays as it was. */
  'reconciliation.annotate': command<ReconciliationDay>()(
    z
      .object({
        date,
        roNumber: scannedRoNumber,
        kind,
        note: note.optional(),
        resolved: z.boolean('应为 是 或 否').optional(),
      })
      .strict()
      .refine((v) => v.note !== undefined || v.resolved !== undefined, {
        message: '请填写说明或标记已处理',
        path: ['note'],
      }),
    '给一条差异写说明或标记已处理',
    ROLES.counter,
  ),
  /** Allowed only when every discrepancy has a note or is marked resolved. */
  'reconciliation.complete': command<ReconciliationDay>()(z.object({ date }).strict(), '对单完成', ROLES.counter),
  'reconciliation.reopen': command<ReconciliationDay>()(
    z.object({ date }).strict(),
    '重新打开已完成的对单',
    ROLES.counter,
  ),
};
