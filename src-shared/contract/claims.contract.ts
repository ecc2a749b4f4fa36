import { z } from 'zod';
import {
  CLAIM_STATUSES,
  CLAIM_TYPE_PATTERN,
  type Claim,
  type ClaimRow,
  type ClaimSettings,
  OLD_PART_STATES,
  type OldPart,
  OUTSIDE_SERVICE_STATES,
  type OutsideServiceOrder,
  type ServiceFeeStatement,
  type StatementSummary,
} from '../domain/claims';
import type { ExportedFile } from '../domain/daily-report';
import { month } from './complaints.fields';
import { command, query } from './define';
import { date, fen, id, instant, mileage, multilineProse, prose, requiredText, searchText, text } from './fields';
import type { PrintableHtml } from './printing.contract';
import { ROLES } from './roles';

const version = z.number('版本号应为数字').int().min(0, '版本号不对');
/** A claim's row version; 0 while the claim has no row yet (待填报 from the RO alone). */
const claimVersion = version;
const rowVersion = z.number('版本号应为数字').int().positive('版本号不对');
const claimTypeCode = z.string('请选择索赔类型').regex(CLAIM_TYPE_PATTERN, '索赔类型不对，请从列表中选择');
const reason = (what: string) => prose(200).refine((s) => s.trim().length > 0, `请写明${what}`);
/** 索赔单号 as the manufacturer's portal gives it. */
const claimNo = requiredText(40);
const orderNo = requiredText(40);

/** 索赔设置. The whole object is sent back (the screen edits a copy). */
export const claimSettingsInput = z
  .object({
    claimTypes: z
      .array(
        z
          .object({
            code: z
              .string('请填写类型代码')
              .regex(CLAIM_TYPE_PATTERN, '类型代码应为小写字母开头的字母、数字或下划线（最多 31 个）'),
            label: requiredText(20),
            builtin: z.boolean(),
          })
          .strict(),
      )
      .min(1, '至少要有一种索赔类型')
      .max(30, '索赔类型最多 30 种'),
    defaultClaimType: claimTypeCode,
    defaultDays: z.number('上报期限应填写天数').int('应为整数天').min(1, '至少 1 天').max(365, '最多 365 天'),
    rules: z
      .array(
        z
          .object({
            brand: text(20),
            claimType: claimTypeCode.nullable(),
            days: z.number('天数应填写数字').int('应为整数天').min(1, '至少 1 天').max(365, '最多 365 天'),
          })
          .strict(),
      )
      .max(50, '期限规则最多 50 条'),
    openFrom: date.nullable(),
    warnDays: z.number('提前提醒天数应填写数字').int('应为整数天').min(0, '不能为负数').max(30, '最多 30 天'),
    oldPartReturnDays: z.number('旧件返厂天数应填写数字').int('应为整数天').min(1, '至少 1 天').max(365, '最多 365 天'),
    invoiceByDay: z.number('开票日应填写数字').int('应为整数').min(1, '应为 1–28 日').max(28, '应为 1–28 日'),
    manufacturer: text(60),
  })
  .strict()
  .superRefine((s, ctx) => {
    const codes = new Set<string>();
    s.claimTypes.forEach((t, i) => {
      if (codes.has(t.code))
        ctx.addIssue({ code: 'custom', message: `索赔类型代码“${t.code}”重复`, path: ['claimTypes', i, 'code'] });
      codes.add(t.code);
    });
    if (!codes.has(s.defaultClaimType))
      ctx.addIssue({ code: 'custom', message: '默认索赔类型不在类型列表中', path: ['defaultClaimType'] });
    s.rules.forEach((r, i) => {
      if (r.claimType !== null && !codes.has(r.claimType))
        ctx.addIssue({
          code: 'custom',
          message: `没有代码为“${r.claimType}”的索赔类型`,
          path: ['rules', i, 'claimType'],
        });
    });
  });

const roRef = { roId: id };

export const claimsContract = {
  // ---- settings ----
  'claimSettings.get': query<ClaimSettings>()(z.object({}).strict(), '索赔设置（类型、上报期限规则）', ROLES.anyone),
  /** Builtin claim types may be renamed, never removed (claims keep their type). */
  'claimSettings.save': command<ClaimSettings>()(claimSettingsInput, '保存索赔设置', ROLES.admin),

  // ---- claims (索赔单) ----
  /**
   * The claims: every warranty RO since the settings' openFrom, saved or not. status 'open' is every
   * claim not settled; dueBefore keeps those whose deadline is on or before the day and not reported.
   */
  'claims.list': query<{ rows: ClaimRow[]; total: number }>()(
    z
      .object({
        status: z.enum([...CLAIM_STATUSES, 'open', 'all']).default('open'),
        dueBefore: date.optional(),
        /** Settled in this month (结算月份). */
        month: month.optional(),
        /** RO number, claim number, plate or VIN (part of it). */
        text: searchText(40).default(''),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    '索赔单列表',
    ROLES.anyone,
  ),
  /** A warranty RO's claim (待填报 from the RO alone until first saved). Not a warranty RO: NOT_FOUND. */
  'claims.get': query<Claim>()(z.object(roRef).strict(), '一张索赔单（按修理单）', ROLES.anyone),
  /** Saves the claim's text and type (待填报 or 已驳回 only); the first save writes it and takes its old parts from the RO. */
  'claims.save': command<Claim>()(
    z
      .object({
        ...roRef,
        version: claimVersion,
        claimType: claimTypeCode,
        /** null: the rules' deadline. Never before the RO's settlement. */
        deadline: date.nullable(),
        faultDescription: multilineProse(1000),
        cause: multilineProse(1000),
        handling: multilineProse(1000),
        note: multilineProse(500).default(''),
      })
      .strict(),
    '保存索赔单',
    ROLES.counter,
  ),
  /** 已上报: reported on the portal with the claim number it gave; a rejected claim reported again is a new round. */
  'claims.report': command<Claim>()(
    z.object({ ...roRef, version: claimVersion, reportedOn: date, claimNo }).strict(),
    '登记已上报（索赔单号）',
    ROLES.counter,
  ),
  'claims.review': command<Claim>()(z.object({ ...roRef, version: rowVersion }).strict(), '登记审核中', ROLES.counter),
  /** 已通过 with the approved amount: not negative, not more than the RO's warranty part. */
  'claims.approve': command<Claim>()(
    z.object({ ...roRef, version: rowVersion, approvedOn: date, approvedFen: fen }).strict(),
    '登记审核通过（金额）',
    ROLES.counter,
  ),
  'claims.reject': command<Claim>()(
    z.object({ ...roRef, version: rowVersion, rejectedOn: date, reason: reason('驳回原因') }).strict(),
    '登记驳回（原因）',
    ROLES.counter,
  ),

  // ---- old parts (旧件) ----
  'oldParts.list': query<OldPart[]>()(
    z
      .object({
        state: z.enum([...OLD_PART_STATES, 'all']).default('kept'),
        /** Kept and due back on or before the day. */
        dueBefore: date.optional(),
      })
      .strict(),
    '旧件',
    ROLES.anyone,
  ),
  /** A part the RO's lines do not show (the claim's row is written first if it has none). */
  'oldParts.add': command<Claim>()(
    z
      .object({
        ...roRef,
        partNumber: text(40),
        name: requiredText(60),
        quantity: z.number('数量应填写数字').positive('数量应大于 0').max(10_000, '数量过大，请核对'),
      })
      .strict(),
    '添加旧件',
    ROLES.counter,
  ),
  'oldParts.remove': command<Claim>()(
    z.object({ id, version: rowVersion }).strict(),
    '去掉一个旧件（录错了）',
    ROLES.counter,
  ),
  /** Returned to the manufacturer (返厂): date and waybill, for several at once. */
  'oldParts.return': command<{ updated: number }>()(
    z
      .object({
        ids: z.array(id).min(1, '请选择旧件').max(500, '一次最多 500 个'),
        returnedOn: date,
        waybill: requiredText(40),
      })
      .strict(),
    '旧件返厂',
    ROLES.counter,
  ),
  /** Scrapped on the manufacturer's instruction. */
  'oldParts.scrap': command<{ updated: number }>()(
    z
      .object({
        ids: z.array(id).min(1, '请选择旧件').max(500, '一次最多 500 个'),
        scrappedOn: date,
        instruction: requiredText(100),
      })
      .strict(),
    '旧件报废（按厂家指令）',
    ROLES.counter,
  ),
  /** 旧件标签: one tag per part (A4, cut lines). */
  'oldParts.tagsHtml': query<PrintableHtml>()(
    z.object({ ids: z.array(id).min(1, '请选择旧件').max(200, '一次最多 200 个') }).strict(),
    '旧件标签（预览）',
    ROLES.anyone,
  ),

  // ---- outside service (外出服务单) ----
  'outsideService.list': query<OutsideServiceOrder[]>()(
    z
      .object({
        state: z.enum([...OUTSIDE_SERVICE_STATES, 'all']).default('all'),
        /** Signed out in this month; absent: every order out, and the last 200 closed. */
        month: month.optional(),
      })
      .strict(),
    '外出服务单',
    ROLES.anyone,
  ),
  'outsideService.get': query<OutsideServiceOrder>()(z.object({ id }).strict(), '一张外出服务单', ROLES.anyone),
  /** Signed out by the user at the counter: the service order number, who goes, where, the device, odometer out. */
  'outsideService.signOut': command<OutsideServiceOrder>()(
    z
      .object({
        orderNo,
        roId: id.nullable().default(null),
        vehicleId: id.nullable().default(null),
        customerId: id.nullable().default(null),
        place: requiredText(100),
        fault: multilineProse(300).default(''),
        staff: requiredText(60),
        device: text(60).default(''),
        /** Absent: now. */
        outAt: instant.nullable().default(null),
        odometerOut: mileage,
        note: multilineProse(300).default(''),
      })
      .strict(),
    '外出服务登记（派出）',
    ROLES.counter,
  ),
  'outsideService.update': command<OutsideServiceOrder>()(
    z
      .object({
        id,
        version: rowVersion,
        roId: id.nullable(),
        vehicleId: id.nullable(),
        customerId: id.nullable(),
        place: requiredText(100),
        fault: multilineProse(300),
        staff: requiredText(60),
        device: text(60),
        note: multilineProse(300),
      })
      .strict(),
    '修改外出服务单',
    ROLES.counter,
  ),
  /** Back: time and odometer (not lower than at departure); the kilometres reach the RO's claim. */
  'outsideService.close': command<OutsideServiceOrder>()(
    z
      .object({
        id,
        version: rowVersion,
        /** Absent: now. */
        backAt: instant.nullable().default(null),
        odometerBack: mileage,
        /** Link the RO now (the repair's RO is often opened after the order). */
        roId: id.nullable().optional(),
      })
      .strict(),
    '外出服务返回（关闭）',
    ROLES.counter,
  ),

  // ---- the monthly service-fee statement (服务费结算) ----
  'statements.list': query<StatementSummary[]>()(
    z.object({ year: z.number().int().min(2000).max(2100).optional() }).strict(),
    '服务费结算（按月）',
    ROLES.anyone,
  ),
  'statements.get': query<ServiceFeeStatement>()(z.object({ month }).strict(), '某月服务费结算', ROLES.anyone),
  /** The station head is told the amount and asked to invoice the manufacturer. */
  'statements.requestInvoice': command<ServiceFeeStatement>()(
    z.object({ month, version, requestedOn: date }).strict(),
    '登记已申请开票',
    ROLES.counter,
  ),
  'statements.recordInvoice': command<ServiceFeeStatement>()(
    z.object({ month, version: rowVersion, invoiceNo: requiredText(40), invoiceOn: date }).strict(),
    '登记已开票（发票号、日期）',
    ROLES.counter,
  ),
  /** Paid by the manufacturer: the month's approved claims become 已结算. */
  'statements.recordPaid': command<ServiceFeeStatement>()(
    z.object({ month, version: rowVersion, paidOn: date }).strict(),
    '登记已回款',
    ROLES.counter,
  ),
  'statements.html': query<PrintableHtml>()(z.object({ month }).strict(), '服务费结算单（预览）', ROLES.anyone),
  'statements.pdf': query<ExportedFile & { pages: number }>()(
    z.object({ month }).strict(),
    '服务费结算单（PDF）',
    ROLES.anyone,
  ),
  'statements.xlsx': query<ExportedFile>()(z.object({ month }).strict(), '服务费结算单 Excel', ROLES.anyone),
} as const;

export type ClaimsContractMethod = keyof typeof claimsContract;
