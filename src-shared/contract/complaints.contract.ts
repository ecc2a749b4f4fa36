import { z } from 'zod';
import {
  type ChurnMonth,
  COMEBACK_STATES,
  COMPLAINT_CHANNELS,
  COMPLAINT_LEVELS,
  COMPLAINT_STATES,
  COMPLAINT_TYPES,
  type Comeback,
  type ComebackRate,
  type Complaint,
  type ComplaintSettings,
  type ComplaintSummary,
  LOST_LEVELS,
  LOST_PAGE_SIZE_DEFAULT,
  LOST_PAGE_SIZE_MAX,
  LOST_REASON_FILTERS,
  LOST_STAGES,
  type LostCustomer,
  type LostCustomerPage,
  RESPONSE_HOURS,
} from '../domain/complaints';
import type { ExportedFile } from '../domain/daily-report';
import { DEPARTMENTS } from '../domain/revisits';
import { complaintCallbackResult, lostReasonInput, month } from './complaints.fields';
import { command, query } from './define';
import { date, id, instant, multilineProse, prose } from './fields';
import { unmasked } from './privacy.contract';
import { ROLES } from './roles';

const department = z.enum(DEPARTMENTS, '部门应为 接待/车间/配件/收银/洗车/销售 之一');
const responseHours = z
  .number('处理时效应为 立即、12、24、48 或 72 小时')
  .refine((h) => (RESPONSE_HOURS as readonly number[]).includes(h), '处理时效应为 立即、12、24、48 或 72 小时');
const workingDays = z
  .number('解决期限应填写工作日天数')
  .int('解决期限应为整数个工作日')
  .min(1, '解决期限至少 1 个工作日')
  .max(30, '解决期限最多 30 个工作日');
const version = z.number('版本号应为数字').int().positive();
const required = (max: number, what: string) => multilineProse(max).refine((s) => s.trim().length > 0, `请填写${what}`);

/** The fields a complaint is registered and edited with (责任部门, 类型, 级别, 时效, 负责人). */
const complaintFields = {
  department,
  secondaryDepartments: z.array(department).max(5, '次要责任部门最多 5 个').default([]),
  type: z.enum(COMPLAINT_TYPES, '投诉类型应为 维修质量/维修价格/维修时间/服务态度/配件/透明度/环境/其他 之一'),
  level: z.enum(COMPLAINT_LEVELS, '投诉级别应为 轻微抱怨/一般抱怨/严重抱怨/一般投诉/紧急投诉/升级投诉/重大投诉 之一'),
  /** Absent: from the level (投诉设置). */
  respondWithinHours: responseHours.optional(),
  /** Absent: the store's working days (3 by default). */
  resolveWorkingDays: workingDays.optional(),
  /** A resolution day set by hand (e.g. the manufacturer's); refused before the day it was opened. */
  resolveBy: date.nullable().default(null),
  ownerUserId: id.nullable().default(null),
  demand: multilineProse(500).default(''),
};

const settingsInput = z
  .object({
    responseHours: z.object(Object.fromEntries(COMPLAINT_LEVELS.map((l) => [l, responseHours]))).strict(),
    resolveWorkingDays: workingDays,
    callbackWithinDays: z.number('应填写数字').int('应为整数天').min(1, '至少 1 天').max(30, '最多 30 天'),
    comebackDays: z.number('应填写数字').int('应为整数天').min(1, '至少 1 天').max(180, '最多 180 天'),
    lostMonths: z.number('应填写数字').int('应为整数月').min(2, '至少 2 个月').max(36, '最多 36 个月'),
    atRiskMonths: z.number('应填写数字').int('应为整数月').min(1, '至少 1 个月').max(35, '最多 35 个月'),
  })
  .strict()
  .refine((s) => s.atRiskMonths < s.lostMonths, { message: '流失预警月数应小于流失月数', path: ['atRiskMonths'] });

/** A proposed comeback is named by its new RO (`ro:N`), a stored one by `comeback:N`. */
const comebackKey = z
  .string('请选择返修记录')
  .max(30, '返修记录编号不对')
  .regex(/^(ro|comeback):\d{1,12}$/, '返修记录编号不对');

export const complaintsContract = {
  // ---- complaints (投诉) ----
  /** Opened in the period (default: the last 90 days), or every complaint still open/resolved whatever its age (state). */
  'complaints.list': query<ComplaintSummary[]>()(
    z
      .object({
        from: date.optional(),
        to: date.optional(),
        state: z.enum([...COMPLAINT_STATES, 'active', 'overdue', 'all']).default('all'),
        ownerUserId: id.optional(),
      })
      .strict(),
    '投诉登记（一段时间，或未闭环的）',
    ROLES.anyone,
  ),
  'complaints.get': query<Complaint>()(z.object({ id }).strict(), '一条投诉的全部资料', ROLES.anyone),
  /**
   * 投诉登记. From a problem call (callProblemId): its customer, vehicle, RO, words and department
   * are carried over where not given, and the problem is marked as turned into this complaint.
   */
  'complaints.create': command<Complaint>()(
    z
      .object({
        channel: z.enum(COMPLAINT_CHANNELS, '投诉渠道应为 回访电话/来电/来店/信件/厂家转办/网络 之一'),
        customerId: id.nullable().default(null),
        vehicleId: id.nullable().default(null),
        roId: id.nullable().default(null),
        description: multilineProse(1000).default(''),
        /** Absent: now. A letter or a forwarded complaint may have come in earlier; never in the future. */
        openedAt: instant.nullable().default(null),
        callProblemId: id.nullable().default(null),
        ...complaintFields,
      })
      .strict(),
    '登记投诉',
    ROLES.anyone,
  ),
  /** Edits the registration (department, type, level, deadlines, owner, demand); under its version. */
  'complaints.update': command<Complaint>()(
    z
      .object({
        id,
        version,
        description: required(1000, '客户反映'),
        ...complaintFields,
      })
      .strict(),
    '修改投诉登记',
    ROLES.anyone,
  ),
  /** One step taken (处理过程); the first one is the response. */
  'complaints.addAction': command<Complaint>()(
    z.object({ id, version, text: required(500, '处理过程') }).strict(),
    '记录投诉处理过程',
    ROLES.anyone,
  ),
  /** The resolution (处理结果) and whether the customer accepted it: then the callback is due. */
  'complaints.resolve': command<Complaint>()(
    z
      .object({
        id,
        version,
        resolution: required(1000, '处理结果'),
        customerAccepted: z.boolean('客户是否接受应为是或否'),
      })
      .strict(),
    '投诉处理完毕（待二次回访）',
    ROLES.anyone,
  ),
  /**
   * The callback (二次回访) recorded here rather than from the 回访 queue (e.g. the customer came in).
   * 是否闭环 = 是 with any verdict but 不满意 closes it; otherwise it is reopened.
   */
  'complaints.recordCallback': command<Complaint>()(
    complaintCallbackResult.safeExtend({ id, version, words: multilineProse(1000).default('') }).strict(),
    '记录投诉二次回访结果',
    ROLES.anyone,
  ),
  /** 客户投诉处理单 (A4): signature lines for the department head and the service manager. */
  'complaints.formHtml': query<{ title: string; html: string }>()(
    z.object({ id, unmasked }).strict(),
    '客户投诉处理单打印预览',
    ROLES.anyone,
  ),
  /** 客户投诉解决确认书 (A4), for the customer's signature: 重大投诉 only. */
  'complaints.confirmationHtml': query<{ title: string; html: string }>()(
    z.object({ id, unmasked }).strict(),
    '客户投诉解决确认书打印预览',
    ROLES.anyone,
  ),
  'complaintSettings.get': query<ComplaintSettings>()(
    z.object({}).strict(),
    '投诉、返修、流失设置（时效、期限、天数）',
    ROLES.anyone,
  ),
  'complaintSettings.save': command<ComplaintSettings>()(settingsInput, '保存投诉、返修、流失设置', ROLES.admin),

  // ---- comebacks (返修) ----
  /** Proposed (computed), confirmed, closed and dismissed comebacks dated in the period (default: the last 90 days). */
  'comebacks.list': query<Comeback[]>()(
    z
      .object({
        from: date.optional(),
        to: date.optional(),
        state: z.enum([...COMEBACK_STATES, 'open', 'all']).default('all'),
      })
      .strict(),
    '跟踪及返修记录（含系统发现待确认的）',
    ROLES.anyone,
  ),
  /** A proposed one is a comeback: stored and handed to the service manager. */
  'comebacks.confirm': command<Comeback>()(
    z.object({ key: comebackKey, words: multilineProse(500).default('') }).strict(),
    '确认返修并交服务经理',
    ROLES.counter,
  ),
  'comebacks.dismiss': command<Comeback>()(
    z
      .object({ key: comebackKey, reason: prose(200).refine((s) => s.trim().length > 0, '请写明不算返修的原因') })
      .strict(),
    '不算返修（写明原因）',
    ROLES.counter,
  ),
  /** Marked by hand from a complaint (or the vehicle's page): handed to the service manager at once. */
  'comebacks.mark': command<Comeback>()(
    z
      .object({
        vehicleId: id,
        earlierRoId: id.nullable().default(null),
        roId: id.nullable().default(null),
        complaintId: id.nullable().default(null),
        words: required(500, '客户反映'),
      })
      .strict(),
    '登记返修（交服务经理）',
    ROLES.anyone,
  ),
  /** The service manager's part: cause, action, result; closes it. */
  'comebacks.close': command<Comeback>()(
    z
      .object({
        id,
        version,
        cause: required(500, '返修原因'),
        action: required(500, '处理措施'),
        result: required(500, '处理结果'),
      })
      .strict(),
    '服务经理处理返修并关闭',
    ROLES.manager,
  ),
  /** 返修率 per month: comeback vehicles / vehicles repaired. */
  'comebacks.rate': query<ComebackRate[]>()(
    z.object({ from: month, to: month }).strict(),
    '返修率（按月）',
    ROLES.anyone,
  ),
  /** 跟踪及返修记录表 (A4 landscape). */
  'comebacks.sheetHtml': query<{ title: string; html: string }>()(
    z.object({ from: date, to: date, unmasked }).strict(),
    '跟踪及返修记录表打印预览',
    ROLES.anyone,
  ),

  // ---- lost customers (流失客户) ----
  /**
   * One page, most recently lost first; the counts by stage and by reason cover the whole selection
   * (day and level) before the stage and reason filters. Every row at once: lostCustomers.xlsx.
   */
  'lostCustomers.list': query<LostCustomerPage>()(
    z
      .object({
        asOf: date.optional(),
        level: z.enum([...LOST_LEVELS, 'all']).default('lost'),
        stage: z.enum(LOST_STAGES).optional(),
        reason: z
          .enum(LOST_REASON_FILTERS, '流失原因应为 搬家/车已卖/在别处保养/对服务不满/价格/距离/用车少/其他 或 未记录')
          .optional(),
        page: z.number('页码应为数字').int('页码应为整数').min(1, '页码从 1 开始').max(100_000, '页码过大').default(1),
        pageSize: z
          .number('每页条数应为数字')
          .int('每页条数应为整数')
          .min(1, '每页至少 1 条')
          .max(LOST_PAGE_SIZE_MAX, `每页最多 ${LOST_PAGE_SIZE_MAX} 条`)
          .default(LOST_PAGE_SIZE_DEFAULT),
      })
      .strict(),
    '流失客户（久未回厂的车辆）',
    ROLES.anyone,
  ),
  /** 流失原因; 车已卖 also marks the vehicle sold, 搬家 takes it off the list; stopContact stops letters and calls. */
  'lostCustomers.recordReason': command<LostCustomer | null>()(
    lostReasonInput.safeExtend({ vehicleId: id }).strict(),
    '记录流失原因',
    ROLES.anyone,
  ),
  /** Puts win-back calls (流失召回) in the 回访 queue on the day (default today). */
  'lostCustomers.winback': command<{ added: number; skipped: { vehicleId: number; reason: string }[] }>()(
    z
      .object({
        vehicleIds: z.array(id).min(1, '请至少选择一辆车').max(500, '一次最多 500 辆'),
        on: date.optional(),
      })
      .strict(),
    '加入流失召回电话',
    ROLES.counter,
  ),
  'lostCustomers.xlsx': query<ExportedFile>()(
    z.object({ asOf: date.optional(), level: z.enum([...LOST_LEVELS, 'all']).default('lost'), unmasked }).strict(),
    '流失客户 Excel',
    ROLES.counter,
  ),
  /** The churn rate per month with its formula, and retention from 首保 to the 2nd service. */
  'churn.months': query<ChurnMonth[]>()(
    z
      .object({ from: month, to: month })
      .strict()
      .refine((v) => v.from <= v.to, { message: '结束月份应不早于开始月份', path: ['to'] }),
    '流失率（按月）',
    ROLES.anyone,
  ),
};

export type ComplaintsContractMethod = keyof typeof complaintsContract;
