import { z } from 'zod';
import type { ExportedFile } from '../domain/daily-report';
import { RO_TYPES } from '../domain/enums';
import {
  BINDER_SCHEMES,
  BINDER_STATES,
  type Binder,
  type BinderCompleteness,
  type BinderDetail,
  CUSTOM_KIND_PATTERN,
  CUSTOMER_FILE_FIELDS,
  type Destruction,
  DOC_SUBJECTS,
  type FiledPapers,
  type FilingSettings,
  type FilingTarget,
  type FolderCheck,
  type Handover,
  type HealthUpload,
  type InboxScan,
  type IncompleteFile,
  type Loan,
  type MissingPaper,
  type Paper,
  type PaperWhereabouts,
  type RetentionDue,
  type ScanCheck,
  type ScanContent,
  SERIES_KEY_PATTERN,
  type UploadedScan,
  VEHICLE_FILE_FIELDS,
} from '../domain/filing';
import { month } from './complaints.fields';
import { command, query } from './define';
import { base64, date, id, instant, multilineProse, prose, requiredText, searchText, text } from './fields';
import type { PrintableHtml } from './printing.contract';
import { ROLES } from './roles';

/** 50 MB is the default limit; the setting may raise it to 100 MB. base64 makes it 4/3 larger. */
export const SCAN_MAX_MB_LIMIT = 100;
const MAX_SCAN_BASE64 = Math.ceil((SCAN_MAX_MB_LIMIT * 1024 * 1024 * 4) / 3) + 16;

const version = z.number('版本号应为数字').int().positive();
/** A kind's code: lower-case letters, digits and `_` (builtin codes, or x_… for the store's own). */
const KIND_CODE = /^[a-z][a-z0-9_]{0,39}$/;
const kindCode = z.string('请选择资料类型').regex(KIND_CODE, '资料类型不对，请从列表中选择');
const reason = (what: string) => prose(200).refine((s) => s.trim().length > 0, `请写明${what}`);
/** Asked first when the binder is already bound or sent (装订/寄回后再放入). */
const confirmClosedBinder = z.boolean('应为是或否').default(false);

const requiredWhen = z.discriminatedUnion(
  'on',
  [
    z.object({ on: z.literal('never') }).strict(),
    z
      .object({
        on: z.literal('ro_settled'),
        roTypes: z.array(z.enum(RO_TYPES, '修理类型不对')).max(RO_TYPES.length),
        majorOnly: z.boolean('应为是或否'),
      })
      .strict(),
    z.object({ on: z.literal('vehicle_delivered') }).strict(),
    z.object({ on: z.literal('customer_created') }).strict(),
  ],
  '何时必须归档：应为 不要求/修理单结算后/新车交车后/新建客户后 之一',
);

const docKind = z
  .object({
    code: z.string('请填写类型代码').regex(KIND_CODE, '类型代码应为小写字母开头的字母、数字或下划线（最多 40 个）'),
    label: requiredText(30),
    subject: z.enum(DOC_SUBJECTS, '归属应为 修理单/车辆/客户 之一'),
    builtin: z.boolean(),
    active: z.boolean('应为是或否'),
    scheme: z.enum(BINDER_SCHEMES, '装订方式应为 按月装订/一车一档 之一'),
    series: z.string('请选择资料夹').regex(SERIES_KEY_PATTERN, '资料夹不对，请从列表中选择'),
    required: requiredWhen,
    retentionYears: z
      .number('保管年限应填写数字')
      .int('保管年限应为整数年')
      .min(1, '保管年限至少 1 年')
      .max(50, '保管年限最多 50 年（永久保存请选“永久”）')
      .nullable(),
  })
  .strict();

const binderSeries = z
  .object({
    key: z.string('请填写资料夹代码').regex(SERIES_KEY_PATTERN, '资料夹代码应为小写字母开头的字母、数字或下划线'),
    label: requiredText(30),
    shelf: text(40),
    capacity: z
      .number('每册份数应填写数字')
      .int('每册份数应为整数')
      .min(10, '每册至少 10 份')
      .max(2000, '每册最多 2000 份'),
  })
  .strict();

/** 归档设置: kinds, series, rules. The whole object is sent back (the screen edits a copy). */
export const filingSettingsInput = z
  .object({
    kinds: z.array(docKind).min(1).max(100, '资料类型最多 100 种'),
    series: z.array(binderSeries).min(1, '至少要有一种资料夹').max(50, '资料夹最多 50 种'),
    vehicleBagShelf: text(40),
    majorRepair: z
      .object({
        roTypes: z.array(z.enum(RO_TYPES, '修理类型不对')).max(RO_TYPES.length),
        minLaborHours: z.number('工时应填写数字').min(0.5, '工时至少 0.5').max(500, '工时最多 500').nullable(),
      })
      .strict(),
    checkFrom: date.nullable(),
    healthRecordCheck: z.boolean('应为是或否'),
    healthRecordHours: z.number('应填写小时数').int('应为整数小时').min(1, '至少 1 小时').max(720, '最多 720 小时'),
    requiredCustomerFields: z.array(z.enum(CUSTOMER_FILE_FIELDS, '客户档案字段不对')).max(CUSTOMER_FILE_FIELDS.length),
    requiredVehicleFields: z.array(z.enum(VEHICLE_FILE_FIELDS, '车辆档案字段不对')).max(VEHICLE_FILE_FIELDS.length),
    scanMaxMb: z
      .number('应填写 MB 数')
      .int('应为整数 MB')
      .min(1, '至少 1 MB')
      .max(SCAN_MAX_MB_LIMIT, `最多 ${SCAN_MAX_MB_LIMIT} MB`),
    watchFolder: text(400).nullable(),
    loanDays: z.number('应填写天数').int('应为整数天').min(1, '至少 1 天').max(90, '最多 90 天'),
  })
  .strict()
  .superRefine((s, ctx) => {
    const codes = new Set<string>();
    s.kinds.forEach((k, i) => {
      if (codes.has(k.code))
        ctx.addIssue({ code: 'custom', message: `资料类型代码“${k.code}”重复`, path: ['kinds', i, 'code'] });
      codes.add(k.code);
      if (!k.builtin && !CUSTOM_KIND_PATTERN.test(k.code))
        ctx.addIssue({
          code: 'custom',
          message: '自定义类型代码应以 x_ 开头，后接小写字母、数字或下划线',
          path: ['kinds', i, 'code'],
        });
      if (k.scheme === 'monthly' && !s.series.some((series) => series.key === k.series))
        ctx.addIssue({ code: 'custom', message: `没有代码为“${k.series}”的资料夹`, path: ['kinds', i, 'series'] });
      if (k.required.on === 'ro_settled' && k.subject !== 'ro')
        ctx.addIssue({
          code: 'custom',
          message: '“修理单结算后”只适用于归属修理单的资料',
          path: ['kinds', i, 'required'],
        });
      if (k.required.on === 'vehicle_delivered' && k.subject !== 'vehicle')
        ctx.addIssue({ code: 'custom', message: '“新车交车后”只适用于归属车辆的资料', path: ['kinds', i, 'required'] });
      if (k.required.on === 'customer_created' && k.subject !== 'customer')
        ctx.addIssue({ code: 'custom', message: '“新建客户后”只适用于归属客户的资料', path: ['kinds', i, 'required'] });
    });
    const keys = new Set<string>();
    s.series.forEach((series, i) => {
      if (keys.has(series.key))
        ctx.addIssue({ code: 'custom', message: `资料夹代码“${series.key}”重复`, path: ['series', i, 'key'] });
      keys.add(series.key);
    });
  });

/** What a paper is filed for: an RO, a vehicle or a customer (at least one). */
const subjectRef = {
  roId: id.nullable().default(null),
  vehicleId: id.nullable().default(null),
  customerId: id.nullable().default(null),
};
const oneSubject = <T extends { roId: number | null; vehicleId: number | null; customerId: number | null }>(v: T) =>
  v.roId !== null || v.vehicleId !== null || v.customerId !== null;
const SUBJECT_MESSAGE = { message: '请先扫描或输入修理单号、车架号或车牌', path: ['roId'] };

export const filingContract = {
  // ---- settings ----
  'filingSettings.get': query<FilingSettings>()(
    z.object({}).strict(),
    '归档设置（资料类型、资料夹、规则）',
    ROLES.anyone,
  ),
  /** Builtin kinds may be renamed, re-filed or switched off, never removed; papers keep their kind. */
  'filingSettings.save': command<FilingSettings>()(filingSettingsInput, '保存归档设置', ROLES.admin),

  // ---- filing (归档台) ----
  /** A scanned or typed RO number, VIN or plate → what it is and what of it is filed. */
  'filing.lookup': query<FilingTarget>()(
    z.object({ text: searchText(40).refine((s) => s.length > 0, '请扫描或输入修理单号、车架号或车牌') }).strict(),
    '按修理单号、车架号或车牌找到要归档的对象',
    ROLES.anyone,
  ),
  /**
   * Files papers of the given kinds (one, or the whole set of an RO) into their binder; says where.
   * A kind already filed for the subject is refused, naming where it is. Into a bound or sent
   * binder only with confirmClosedBinder (the answer otherwise is CONFLICT with details.confirm).
   */
  'filing.file': command<FiledPapers>()(
    z
      .object({
        ...subjectRef,
        kinds: z.array(kindCode).min(1, '请选择资料类型').max(30),
        /** The day it came in; absent: today. */
        receivedOn: date.nullable().default(null),
        note: prose(200).default(''),
        confirmClosedBinder,
      })
      .strict()
      .refine(oneSubject, SUBJECT_MESSAGE),
    '归档（一份或一整套）',
    ROLES.counter,
  ),
  /** Files papers already received (the sales hand-over, first-service vouchers) into their binders. */
  'filing.fileReceived': command<FiledPapers>()(
    z.object({ paperIds: z.array(id).min(1, '请选择要归档的资料').max(500), confirmClosedBinder }).strict(),
    '把已收到的资料归档',
    ROLES.counter,
  ),
  /** Filed in error: taken out (soft delete, audited); its position stays used. */
  'filing.remove': command<Paper>()(
    z.object({ paperId: id, version, reason: reason('撤销原因') }).strict(),
    '撤销一份归档（留痕）',
    ROLES.counter,
  ),
  /** A disputed or accident file kept for good (永久保存), whatever its kind's period. */
  'filing.keepForever': command<Paper>()(
    z.object({ paperId: id, version, keepForever: z.boolean('应为是或否'), reason: reason('原因') }).strict(),
    '设为永久保存或取消',
    ROLES.counter,
  ),
  'papers.get': query<Paper>()(z.object({ id }).strict(), '一份资料', ROLES.anyone),
  /** 在哪里: the papers of an RO, a vehicle (with its ROs') or a customer (with their vehicles'), and what is missing. */
  'papers.where': query<PaperWhereabouts>()(
    z.object(subjectRef).strict().refine(oneSubject, SUBJECT_MESSAGE),
    '资料在哪里（修理单、车辆或客户的全部资料）',
    ROLES.anyone,
  ),
  /** Received and not filed yet (any day), oldest first. */
  'papers.received': query<Paper[]>()(z.object({}).strict(), '已收到还没归档的资料', ROLES.anyone),

  // ---- scans (扫描件) ----
  /**
   * A scan (PDF, JPEG, PNG or TIFF by its bytes) for a paper; with paperId null, to the paper its
   * file name names when that is filed already (RO number or VIN, and the kind), else the inbox.
   */
  'scans.upload': command<UploadedScan>()(
    z
      .object({
        paperId: id.nullable().default(null),
        name: text(200).default(''),
        contentBase64: base64(MAX_SCAN_BASE64, `扫描件太大（最大 ${SCAN_MAX_MB_LIMIT} MB）`),
      })
      .strict(),
    '上传扫描件',
    ROLES.counter,
  ),
  'scans.attach': command<Paper>()(
    z.object({ scanId: id, paperId: id }).strict(),
    '把待处理的扫描件附到资料上',
    ROLES.counter,
  ),
  'scans.discard': command<{ id: number }>()(
    z.object({ scanId: id, reason: reason('原因') }).strict(),
    '去掉一份扫描件（留痕）',
    ROLES.counter,
  ),
  'scans.inbox': query<InboxScan[]>()(z.object({}).strict(), '待处理的扫描件', ROLES.anyone),
  /** The bytes, checked against the SHA-256 first: a damaged scan is refused and reported, never served. */
  'scans.content': query<ScanContent>()(z.object({ id }).strict(), '扫描件内容（预览）', ROLES.anyone),
  /** Takes in the watched scanner folder's new files now (the host also looks every few seconds). */
  'scans.checkFolder': command<FolderCheck>()(z.object({}).strict(), '立即检查扫描文件夹', ROLES.counter),
  /** Reads every stored scan and compares it with its name (SHA-256). */
  'scans.verify': query<ScanCheck>()(z.object({}).strict(), '校验全部扫描件', ROLES.oversight),

  // ---- binders (资料夹) ----
  'binders.list': query<Binder[]>()(
    z
      .object({
        month: month.optional(),
        series: z.string().regex(SERIES_KEY_PATTERN, '资料夹不对，请从列表中选择').optional(),
        state: z.enum([...BINDER_STATES, 'all']).default('all'),
        scheme: z.enum(BINDER_SCHEMES).default('monthly'),
        vehicleId: id.optional(),
      })
      .strict(),
    '资料夹（按月的，或一车一档）',
    ROLES.anyone,
  ),
  'binders.get': query<BinderDetail>()(z.object({ id }).strict(), '一个资料夹和其中的资料', ROLES.anyone),
  /** Before binding: the required papers of its series and month not filed anywhere. */
  'binders.completeness': query<BinderCompleteness>()(z.object({ id }).strict(), '资料夹是否齐全', ROLES.anyone),
  'binders.update': command<Binder>()(
    z.object({ id, version, shelf: text(40) }).strict(),
    '修改资料夹的存放位置',
    ROLES.counter,
  ),
  /** 装订. With papers still missing only when confirmIncomplete (CONFLICT with details.missing otherwise). */
  'binders.bind': command<Binder>()(
    z.object({ id, version, confirmIncomplete: z.boolean('应为是或否').default(false) }).strict(),
    '装订资料夹',
    ROLES.counter,
  ),
  /** Undo a binding (or a sending) recorded in error. */
  'binders.reopen': command<Binder>()(
    z.object({ id, version, reason: reason('重新打开的原因') }).strict(),
    '重新打开资料夹',
    ROLES.counter,
  ),
  /** 寄回服务中心: date and receiver; only a bound binder. */
  'binders.send': command<Binder>()(
    z.object({ id, version, sentOn: date, sentTo: requiredText(40) }).strict(),
    '资料夹寄回服务中心',
    ROLES.counter,
  ),
  /** Spine labels and cover sheets for the chosen binders (A4). */
  'binders.labelsHtml': query<PrintableHtml>()(
    z.object({ ids: z.array(id).min(1, '请选择资料夹').max(100, '一次最多 100 个资料夹') }).strict(),
    '资料夹标签和封面（预览）',
    ROLES.anyone,
  ),
  'binders.labelsPdf': query<ExportedFile & { pages: number }>()(
    z.object({ ids: z.array(id).min(1, '请选择资料夹').max(100, '一次最多 100 个资料夹') }).strict(),
    '资料夹标签和封面（PDF）',
    ROLES.anyone,
  ),

  // ---- sales hand-over (销售交接) ----
  /** A batch of papers from sales: each vehicle with its kinds; filed at once when fileNow. */
  'handovers.create': command<Handover>()(
    z
      .object({
        handedBy: requiredText(20),
        handedOn: date,
        note: multilineProse(200).default(''),
        items: z
          .array(z.object({ vehicleId: id, kinds: z.array(kindCode).min(1, '请选择资料类型').max(10) }).strict())
          .min(1, '请至少登记一辆车的资料')
          .max(500, '一次最多 500 辆车'),
        fileNow: z.boolean('应为是或否').default(true),
        confirmClosedBinder,
      })
      .strict(),
    '登记销售交来的资料',
    ROLES.counter,
  ),
  'handovers.list': query<Handover[]>()(
    z.object({ from: date.optional(), to: date.optional() }).strict(),
    '销售交接记录',
    ROLES.anyone,
  ),
  /** Registered first-service vouchers (首保登记) filed as papers; the register shows them 已归档. */
  'handovers.fileVouchers': command<FiledPapers>()(
    z.object({ voucherIds: z.array(id).min(1, '请选择首保凭证').max(500), confirmClosedBinder }).strict(),
    '首保凭证归档',
    ROLES.counter,
  ),

  // ---- borrowing (借阅) ----
  'loans.list': query<Loan[]>()(
    z.object({ state: z.enum(['open', 'overdue', 'all']).default('open') }).strict(),
    '借阅登记',
    ROLES.anyone,
  ),
  'loans.lend': command<Loan>()(
    z
      .object({
        paperId: id.nullable().default(null),
        binderId: id.nullable().default(null),
        borrower: requiredText(20),
        reason: prose(200).default(''),
        /** Absent: in the store's loan days. */
        dueOn: date.nullable().default(null),
      })
      .strict()
      .refine((v) => (v.paperId === null) !== (v.binderId === null), {
        message: '请选择借出的一份资料或一个资料夹',
        path: ['paperId'],
      }),
    '借出资料或资料夹',
    ROLES.counter,
  ),
  'loans.return': command<Loan>()(z.object({ id }).strict(), '归还', ROLES.counter),

  // ---- what is missing (缺失) ----
  /** The month's required papers not filed: ROs settled, vehicles delivered, customers created in it. */
  'filing.missing': query<MissingPaper[]>()(z.object({ month }).strict(), '本月缺失的资料', ROLES.anyone),
  /** 电子健康档案 uploads of the ROs settled in the month (or on the day). */
  'healthUploads.list': query<HealthUpload[]>()(
    z
      .object({
        month: month.optional(),
        date: date.optional(),
        state: z.enum(['all', 'missing', 'late']).default('all'),
      })
      .strict()
      .refine((v) => (v.month === undefined) !== (v.date === undefined), {
        message: '请选择月份或日期（二选一）',
        path: ['month'],
      }),
    '电子健康档案上传情况',
    ROLES.anyone,
  ),
  'healthUploads.mark': command<{ marked: number }>()(
    z
      .object({
        roIds: z.array(id).min(1, '请选择修理单').max(2000, '一次最多 2000 张'),
        /** Absent: now. */
        uploadedAt: instant.nullable().default(null),
      })
      .strict(),
    '标记电子健康档案已上传',
    ROLES.counter,
  ),
  /** The day's new customer and vehicle files without the fields the store requires, per advisor. */
  'filing.incompleteFiles': query<IncompleteFile[]>()(
    z.object({ date: date.optional() }).strict(),
    '新建档案不完整的（按服务顾问）',
    ROLES.anyone,
  ),

  // ---- retention and destruction (保管期限、销毁) ----
  'retention.due': query<{ rows: RetentionDue[]; total: number }>()(
    z
      .object({
        /** Absent: today. */
        asOf: date.optional(),
        limit: z.number().int().min(1).max(5000).default(1000),
      })
      .strict(),
    '超过保管期限的资料',
    ROLES.anyone,
  ),
  /** 销毁: a manager approves the chosen papers past their period; their scans go with them. */
  'destructions.create': command<Destruction>()(
    z
      .object({
        paperIds: z.array(id).min(1, '请选择要销毁的资料').max(5000, '一次最多 5000 份'),
        reason: multilineProse(200).default(''),
      })
      .strict(),
    '批准销毁',
    ROLES.manager,
  ),
  'destructions.list': query<Destruction[]>()(z.object({}).strict(), '销毁记录', ROLES.anyone),
  'destructions.html': query<PrintableHtml>()(z.object({ id }).strict(), '销毁清单（预览）', ROLES.anyone),
  'destructions.pdf': query<ExportedFile & { pages: number }>()(
    z.object({ id }).strict(),
    '销毁清单（PDF）',
    ROLES.anyone,
  ),
} as const;

export type FilingContractMethod = keyof typeof filingContract;
