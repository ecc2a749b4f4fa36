import { z } from 'zod';
import type { ExportedFile } from '../domain/daily-report';
import {
  CALL_KINDS,
  CALL_OUTCOMES,
  type CallDetail,
  type CallProblem,
  type CallQueue,
  DEPARTMENTS,
  PROBLEM_FIXED,
  QUESTIONNAIRE_KINDS,
  type Questionnaire,
  type RecordedCall,
  type RevisitSettings,
  SCALES,
} from '../domain/revisits';
import { normalizePhone } from '../validation/normalize';
import { isLandline, isMobile } from '../validation/vehicle-ids';
import { complaintCallbackResult, lostReasonInput } from './complaints.fields';
import { command, query } from './define';
import { date, id, instant, multilineProse, postalCode, prose, singleLineCharacters } from './fields';
import { unmasked } from './privacy.contract';
import { ROLES } from './roles';

/** `HH:mm`, 00:00-23:59. */
export const timeOfDay = z
  .string('时间应为 HH:mm（如 15:30）')
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间应为 HH:mm（如 15:30）');

const timeWindow = z
  .object({ from: timeOfDay, to: timeOfDay })
  .strict()
  .refine((w) => w.from < w.to, { message: '结束时间应晚于开始时间', path: ['to'] });

/** The queue key of a call (see QueueEntry.key). */
export const callKey = z
  .string('请选择要打的电话')
  .max(60, '电话编号不对')
  .regex(
    /^(followup7|csi|delivery|reminder|callback):(ro|vehicle|row|call|appointment|complaint):\d{1,12}$/,
    '电话编号不对',
  );

const days = (label: string, max: number) =>
  z
    .number(`${label}应填写数字`)
    .int(`${label}应为整数天`)
    .min(1, `${label}至少 1 天`)
    .max(max, `${label}最多 ${max} 天`);

export const revisitSettingsInput = z
  .object({
    followupDays: days('跟踪回访天数', 60),
    csiDays: days('满意度回访天数', 30),
    mergeCsiWithFollowup: z.boolean('应为是或否'),
    deliveryRevisit: z.boolean('应为是或否'),
    deliveryDays: days('新车回访天数', 60),
    reminderAfterDays: z.number('应填写数字').int('应为整数天').min(0, '不能为负数').max(60, '最多 60 天'),
    windows: z.array(timeWindow).min(1, '至少要有一个打电话的时段').max(6, '最多 6 个时段'),
    businessHours: timeWindow,
    maxAttempts: z.number('应填写数字').int('应为整数次').min(1, '至少 1 次').max(20, '最多 20 次'),
    maxDays: days('最多尝试天数', 30),
    problemAtOrBelow: z
      .object({
        five: z.number('应填写数字').int('应为整数').min(1, '五级量表阈值为 1-4').max(4, '五级量表阈值为 1-4'),
        ten: z.number('应填写数字').int('应为整数').min(1, '10 分量表阈值为 1-9').max(9, '10 分量表阈值为 1-9'),
        nps: z.number('应填写数字').int('应为整数').min(0, '推荐度阈值为 0-9').max(9, '推荐度阈值为 0-9'),
      })
      .strict(),
  })
  .strict();

const question = z
  .object({
    key: z
      .string('请填写题目编号')
      .regex(/^[a-z][a-z0-9_]{0,31}$/, '题目编号应为小写字母、数字或下划线（如 speed_reception）'),
    text: prose(100).refine((s) => s.length > 0, '请填写题目'),
    scale: z.enum(SCALES, '量表应为 满意/不满意、五级、1-10 分、0-10 推荐度 或 选项 之一'),
    department: z.enum(DEPARTMENTS, '部门应为 接待/车间/配件/收银/洗车/销售 之一').nullable().default(null),
    options: z
      .array(prose(20).refine((s) => s.length > 0, '选项不能为空'))
      .max(20, '最多 20 个选项')
      .default([]),
  })
  .strict()
  .refine((q) => q.scale !== 'choice' || q.options.length >= 2, {
    message: '“选项”题至少要有两个选项',
    path: ['options'],
  });

const answer = z
  .object({ key: z.string().max(32), value: z.number('分数应为数字').int('分数应为整数').nullable() })
  .strict();

/**
 * Other phones typed in one box, separated by 、 , ; or / (a space may sit inside a landline:
 * 010 12345678): each checked as a phone and normalised; at most 5, as on the customer file.
 */
export const phoneList = z
  .string('请填写电话')
  .max(100, '太长了，最多 100 个字')
  .superRefine(singleLineCharacters)
  .transform((s, ctx) => {
    const parts = s
      .split(/[,，、;；/]+/)
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    if (parts.length > 5) ctx.addIssue({ code: 'custom', message: '其他电话最多 5 个' });
    const phones: string[] = [];
    for (const part of parts) {
      const p = normalizePhone(part);
      if (!isMobile(p) && !isLandline(p))
        ctx.addIssue({ code: 'custom', message: `“${part}”格式不对：手机 11 位，座机如 010-12345678` });
      else if (!phones.includes(p)) phones.push(p);
    }
    return phones;
  });

/** The missing customer data filled in during the call; absent fields are left as they are. */
const customerPatch = z
  .object({
    address: prose(200).optional(),
    postalCode: postalCode.optional(),
    birthday: date.nullable().optional(),
    otherPhones: phoneList.optional(),
    preferredCallTime: prose(40).optional(),
  })
  .strict();

export const callAppointment = z
  .object({
    date,
    time: timeOfDay.nullable().default(null),
    purpose: z.enum(
      ['first_service', 'periodic_service', 'repair', 'body_paint', 'other'],
      '预约目的应为 首保/定保/维修/钣喷/其他 之一',
    ),
    advisor: prose(20).default(''),
    note: multilineProse(200).default(''),
  })
  .strict();

export const revisitsContract = {
  /** The day's calls in order: callable now, later today, overdue; skipped, done and given up after. */
  'calls.queue': query<CallQueue>()(
    z.object({ date: date.optional(), kind: z.enum(CALL_KINDS).optional() }).strict(),
    '今日电话（回访队列）',
    ROLES.anyone,
  ),
  /** Everything the call screen shows for one call. */
  'calls.get': query<CallDetail>()(z.object({ key: callKey }).strict(), '一通回访电话的资料', ROLES.anyone),
  /**
   * One attempt. `reached` may carry answers (on the questionnaire's scales), 用户原话 (required when an
   * answer is dissatisfied), problem fixed, suggestions, the missing customer data and an
   * appointment; `call_back` needs `callbackAt` inside business hours and not in the past.
   */
  'calls.record': command<RecordedCall>()(
    z
      .object({
        key: callKey,
        outcome: z.enum(CALL_OUTCOMES, '结果应为 已接通/无人接听/占线/关机停机/号码错误/拒访/约回电 之一'),
        callbackAt: instant.nullable().default(null),
        questionnaireId: id.nullable().default(null),
        answers: z.array(answer).max(60).default([]),
        words: multilineProse(1000).default(''),
        problemFixed: z.enum(PROBLEM_FIXED, '问题是否解决应为 已解决/未解决/不涉及').nullable().default(null),
        suggestions: multilineProse(500).default(''),
        note: prose(200).default(''),
        customer: customerPatch.nullable().default(null),
        appointment: callAppointment.nullable().default(null),
        /** A complaint callback (callback:complaint:N) reached: the verdict and 是否闭环 (required then). */
        complaint: complaintCallbackResult.nullable().default(null),
        /** A win-back call (reminder:vehicle:N) reached: why the customer stopped coming. */
        lostReason: lostReasonInput.nullable().default(null),
        /** The customer says the vehicle must come back (返修): handed to the service manager. */
        comeback: z
          .object({ words: multilineProse(500).refine((s) => s.trim().length > 0, '请写明客户反映的问题') })
          .strict()
          .nullable()
          .default(null),
      })
      .strict()
      .refine((v) => v.outcome !== 'call_back' || v.callbackAt !== null, {
        message: '约回电请填写回电时间',
        path: ['callbackAt'],
      }),
    '记录一次回访电话',
    ROLES.anyone,
  ),
  /** After 未接通: send an SMS or a letter instead (counted; the SMS batch can pick these up). */
  'calls.offer': command<CallDetail>()(
    z.object({ key: callKey, channel: z.enum(['sms', 'letter'], '应为 短信 或 信件') }).strict(),
    '未接通的客户改发短信或信件',
    ROLES.anyone,
  ),
  /** The day's call sheet (A4) for calling away from the PC. */
  'calls.sheetHtml': query<{ title: string; html: string }>()(
    z.object({ date: date.optional(), unmasked }).strict(),
    '今日电话单打印预览',
    ROLES.counter,
  ),
  'calls.sheetPdf': query<ExportedFile & { pages: number }>()(
    z.object({ date: date.optional(), unmasked }).strict(),
    '今日电话单 PDF',
    ROLES.counter,
  ),
  'calls.sheetXlsx': query<ExportedFile>()(
    z.object({ date: date.optional(), unmasked }).strict(),
    '今日电话单 Excel',
    ROLES.counter,
  ),

  // ---- problem calls (问题客户) and the quick-handling form ----
  'callProblems.list': query<CallProblem[]>()(
    z
      .object({ state: z.enum(['open', 'done', 'all']).default('open'), from: date.optional(), to: date.optional() })
      .strict(),
    '问题客户（回访中不满意的）',
    ROLES.anyone,
  ),
  /** The 快速处理表: owner, action, result, done. */
  'callProblems.update': command<CallProblem>()(
    z
      .object({
        id,
        department: z.enum(DEPARTMENTS, '部门应为 接待/车间/配件/收银/洗车/销售 之一').optional(),
        ownerUserId: id.nullable().optional(),
        action: multilineProse(500).optional(),
        result: multilineProse(500).optional(),
        done: z.boolean('应为是或否').optional(),
      })
      .strict(),
    '快速处理表：责任人、处理措施、结果',
    ROLES.anyone,
  ),
  'callProblems.formHtml': query<{ title: string; html: string }>()(
    z.object({ id, unmasked }).strict(),
    '快速处理表打印预览',
    ROLES.anyone,
  ),

  // ---- questionnaires and settings ----
  'questionnaires.list': query<Questionnaire[]>()(
    z.object({ kind: z.enum(QUESTIONNAIRE_KINDS).optional(), history: z.boolean().default(false) }).strict(),
    '回访问卷（每类电话的当前版本，或全部版本）',
    ROLES.anyone,
  ),
  /** A questionnaire already answered is not changed: saving makes its next version. */
  'questionnaires.save': command<Questionnaire>()(
    z
      .object({
        kind: z.enum(QUESTIONNAIRE_KINDS, '问卷类别不对'),
        title: prose(40).refine((s) => s.length > 0, '请填写问卷名称'),
        questions: z.array(question).min(1, '问卷至少要有一道题').max(40, '最多 40 道题'),
      })
      .strict()
      .refine((v) => new Set(v.questions.map((q) => q.key)).size === v.questions.length, {
        message: '题目编号重复了，请每题用不同的编号',
        path: ['questions'],
      }),
    '保存回访问卷（已用过的问卷另存为新版本）',
    ROLES.admin,
  ),
  'revisitSettings.get': query<RevisitSettings>()(
    z.object({}).strict(),
    '回访设置（天数、时段、次数、阈值）',
    ROLES.anyone,
  ),
  'revisitSettings.save': command<RevisitSettings>()(revisitSettingsInput, '保存回访设置', ROLES.admin),
};

export type RevisitsContractMethod = keyof typeof revisitsContract;
