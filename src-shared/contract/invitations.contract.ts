import { z } from 'zod';
import type { ExportedFile } from '../domain/daily-report';
import {
  CALL_RESULTS,
  CONTACT_CHANNELS,
  type ContactPreference,
  type DueVehicle,
  type FirstServiceCandidate,
  type FirstServiceVoucher,
  type InvitationList,
  type InvitationListSummary,
  type InvitationRow,
  NO_CONTACT_REASONS,
  type QueuedLetterKind,
  type ServiceRule,
  type VehicleServiceSummary,
} from '../domain/invitations';
import type { Page } from '../domain/records';
import { command, query } from './define';
import { date, id, mileage, multilineProse, prose, singleLineCharacters, text } from './fields';
import { unmasked } from './privacy.contract';
import { timeOfDay } from './revisits.contract';
import { ROLES } from './roles';

const requiredProse = (max: number) => prose(max).refine((s) => s.length > 0, '必填，请写明原因');

const km = (label: string) =>
  z
    .number(`${label}应填写数字`)
    .int(`${label}应为整数公里`)
    .positive(`${label}必须大于 0`)
    .max(200_000, `${label}过大，请核对（单位：公里）`);
const months = (label: string) =>
  z
    .number(`${label}应填写数字`)
    .int(`${label}应为整数月`)
    .positive(`${label}必须大于 0`)
    .max(60, `${label}最多 60 个月`);

const period = z
  .object({ from: date, to: date })
  .strict()
  .refine((v) => v.from <= v.to, { message: '结束日期不能早于开始日期', path: ['to'] })
  .refine((v) => v.from >= '2000-01-01' && v.to <= '2199-12-31', { message: '日期超出范围', path: ['from'] });

const voucherNo = z
  .string('请填写首保凭证号')
  .max(40, '太长了，凭证号最多 40 位')
  .superRefine(singleLineCharacters)
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => /^[A-Z0-9][A-Z0-9\-_/]{1,39}$/.test(s), '凭证号应为字母数字（如 SB2611220001），请核对');

export interface DueListPreview {
  from: string;
  to: string;
  rows: DueVehicle[];
  /** Left out, with why (counts); `listed`: already on another list for an overlapping period. */
  excluded: {
    sold: number;
    scrapped: number;
    lost: number;
    doNotContact: number;
    /** Owners who did not agree to marketing contact (不同意营销联系). */
    noMarketingConsent: number;
    booked: number;
    listed: number;
  };
}

export interface HandoffSheet {
  date: string;
  vouchers: FirstServiceVoucher[];
  handedOverAt: string | null;
  handedTo: string | null;
  handedBy: string | null;
}

export interface QueuedLetter {
  id: number;
  kind: QueuedLetterKind;
  vehicleId: number;
  customerId: number | null;
  plate: string | null;
  customerName: string | null;
  reasonOn: string;
  sendBy: string;
  printedAt: string | null;
}

export const invitationsContract = {
  'serviceRules.list': query<ServiceRule[]>()(z.object({}).strict(), '保养规则（门店默认与各车型）', ROLES.anyone),
  /** A rule with zero or negative intervals is refused; match '' is the store default. */
  'serviceRules.save': command<ServiceRule>()(
    z
      .object({
        id: id.optional(),
        match: text(40).default(''),
        firstKm: km('首保里程'),
        firstMonths: months('首保月数'),
        intervalKm: km('定保间隔里程'),
        intervalMonths: months('定保间隔月数'),
      })
      .strict(),
    '保存保养规则（保存后重算所有车辆的到期）',
    ROLES.admin,
  ),
  'serviceRules.remove': command<ServiceRule[]>()(
    z.object({ id }).strict(),
    '删除车型保养规则（门店默认不能删）',
    ROLES.admin,
  ),
  /** The vehicle's pace, outliers, next due and why. Null when the vehicle is unknown to the summary. */
  'vehicles.serviceSummary': query<VehicleServiceSummary | null>()(
    z.object({ vehicleId: id }).strict(),
    '车辆日均里程、下次保养到期及原因',
    ROLES.anyone,
  ),
  /** Who is due in a period (not saved): the basis of a new list. */
  'invitations.due': query<DueListPreview>()(period, '某段时间到期的车辆（首保/定保）', ROLES.anyone),
  'invitations.create': command<InvitationList>()(
    z
      .object({ from: date, to: date, title: prose(60).default('') })
      .strict()
      .refine((v) => v.from <= v.to, { message: '结束日期不能早于开始日期', path: ['to'] }),
    '生成并保存定保招揽一览表',
    ROLES.counter,
  ),
  'invitations.lists': query<Page<InvitationListSummary>>()(
    z
      .object({
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    '已保存的招揽一览表',
    ROLES.anyone,
  ),
  'invitations.get': query<InvitationList>()(z.object({ id }).strict(), '一张招揽一览表', ROLES.anyone),
  'invitations.addRow': command<InvitationList>()(
    z.object({ listId: id, vehicleId: id, reason: requiredProse(100) }).strict(),
    '手工加入一辆车（写明原因）',
    ROLES.counter,
  ),
  'invitations.removeRow': command<InvitationList>()(
    z.object({ listId: id, rowId: id, reason: requiredProse(100) }).strict(),
    '从一览表移除一行（写明原因）',
    ROLES.counter,
  ),
  'invitations.restoreRow': command<InvitationList>()(
    z.object({ listId: id, rowId: id }).strict(),
    '恢复移除的行',
    ROLES.counter,
  ),
  /** One reminder call; several per row. 已预约 needs the booked date and makes the appointment (预约登记). */
  'invitations.recordCall': command<InvitationRow>()(
    z
      .object({
        rowId: id,
        result: z.enum(CALL_RESULTS, '结果应为 已接通/无人接听/已预约/不感兴趣/号码错误/车已卖/已在别处保养 之一'),
        bookedFor: date.nullable().default(null),
        /** 已预约: the hour the customer gave (HH:mm), when they gave one; the appointment keeps it. */
        bookedTime: timeOfDay.nullable().default(null),
        words: multilineProse(500).default(''),
      })
      .strict()
      .refine((v) => v.result !== 'booked' || v.bookedFor !== null, {
        message: '已预约请填写预约日期',
        path: ['bookedFor'],
      }),
    '记录一次提醒电话的结果',
    ROLES.anyone,
  ),
  /** The letters issue calls this after a batch printed well; also usable by hand. */
  'invitations.markLetterSent': command<InvitationList>()(
    z
      .object({
        listId: id,
        rowIds: z.array(id).min(1, '请至少选一行').max(5000),
        sentOn: date,
        kind: z.enum(['invitation', 'first_service_reminder'], '信件类别不对'),
        batch: text(40).default(''),
      })
      .strict(),
    '记录信件已寄出',
    ROLES.counter,
  ),
  /** Rows whose letter went out at least `afterDays` ago, still not reached, booked or come in. */
  'invitations.callQueue': query<InvitationRow[]>()(
    z.object({ date: date.optional(), afterDays: z.number().int().min(0).max(60).default(7) }).strict(),
    '今天要打的招揽提醒电话',
    ROLES.anyone,
  ),
  'contactPrefs.get': query<ContactPreference[]>()(
    z.object({ customerId: id }).strict(),
    '客户的联系意愿（信件/电话/短信）',
    ROLES.anyone,
  ),
  'contactPrefs.set': command<ContactPreference[]>()(
    z
      .object({
        customerId: id,
        channel: z.enum(CONTACT_CHANNELS, '渠道应为 信件/电话/短信 之一'),
        allowed: z.boolean('应为 是 或 否'),
        reason: z
          .enum(NO_CONTACT_REASONS, '原因应为 车已卖/在别处保养/客户要求不再联系/其他 之一')
          .nullable()
          .default(null),
        note: multilineProse(200).default(''),
      })
      .strict()
      .refine((v) => v.allowed || v.reason !== null, { message: '不再联系请选择原因', path: ['reason'] }),
    '设置客户某一渠道是否可以联系',
    ROLES.anyone,
  ),
  'firstService.register': command<FirstServiceVoucher>()(
    z
      .object({
        voucherNo,
        vehicleId: id,
        serviceOn: date,
        mileage,
        advisor: prose(20).default(''),
      })
      .strict(),
    '首保登记：录入服务顾问交来的首保凭证',
    ROLES.counter,
  ),
  'firstService.list': query<Page<FirstServiceVoucher>>()(
    z
      .object({
        from: date.optional(),
        to: date.optional(),
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    '首保登记表',
    ROLES.anyone,
  ),
  'firstService.markFiled': command<FirstServiceVoucher[]>()(
    z.object({ ids: z.array(id).min(1, '请至少选一张').max(500) }).strict(),
    '首保凭证已归档',
    ROLES.counter,
  ),
  /** The day's new entries, for sales (首保邀请汇总表). */
  'firstService.handoff': query<HandoffSheet>()(z.object({ date }).strict(), '当天交给销售部的首保登记', ROLES.counter),
  'firstService.handOver': command<HandoffSheet>()(
    z.object({ date, receivedBy: requiredProse(20) }).strict(),
    '标记已交给销售部（接收人、时间）',
    ROLES.counter,
  ),
  'firstService.handoffXlsx': query<ExportedFile>()(
    z.object({ date, unmasked }).strict(),
    '导出交接单 Excel',
    ROLES.counter,
  ),
  'firstService.handoffPdf': query<ExportedFile & { pages: number }>()(
    z.object({ date, unmasked }).strict(),
    '导出交接单 PDF',
    ROLES.counter,
  ),
  'firstService.handoffHtml': query<{ title: string; html: string }>()(
    z.object({ date, unmasked }).strict(),
    '交接单打印预览',
    ROLES.counter,
  ),
  /** Delivered and no first service yet; soonest expiry first. */
  'firstService.candidates': query<FirstServiceCandidate[]>()(
    z.object({ withinDays: z.number().int().min(0).max(366).default(60) }).strict(),
    '待首保车辆（交车后尚未首保）',
    ROLES.anyone,
  ),
  /** Purchase and first-service thank-you letters waiting for the letters issue. */
  'letters.queue': query<QueuedLetter[]>()(
    z.object({ includePrinted: z.boolean().default(false) }).strict(),
    '待寄感谢信',
    ROLES.counter,
  ),
};
