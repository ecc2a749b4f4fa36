import { z } from 'zod';
import { COMPLAINT_VERDICTS, LOST_REASONS } from '../domain/complaints';
import { multilineProse } from './fields';

/**
 * The pieces of the complaints contract the 回访 call also takes (calls.record): kept apart so the
 * two contracts do not import each other.
 */
export const verdict = z.enum(COMPLAINT_VERDICTS, '回访结果应为 非常满意/满意/一般/不满意/不表态/理解/接受 之一');

/** A complaint callback's result (二次回访): the verdict and 是否闭环. */
export const complaintCallbackResult = z
  .object({
    verdict,
    closedLoop: z.boolean('是否闭环应为是或否'),
  })
  .strict();

/** A lost customer's reason (流失原因); 其他 needs the words. */
export const lostReasonInput = z
  .object({
    reason: z.enum(LOST_REASONS, '流失原因应为 搬家/车已卖/在别处保养/对服务不满/价格/距离/用车少/其他 之一'),
    words: multilineProse(200).default(''),
    /** Stop the letters and calls (contact preferences) where the reason says so (车已卖, 在别处保养, 搬家). */
    stopContact: z.boolean('应为是或否').default(false),
  })
  .strict()
  .refine((v) => v.reason !== 'other' || v.words.trim().length > 0, {
    message: '原因选“其他”时请写明客户的说法',
    path: ['words'],
  });

/** `YYYY-MM`. */
export const month = z.string('请选择月份').regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM（如 2026-11）');
