import { z } from 'zod';
import { isRealDate, toInstant } from '../validation/dates';
import {
  cleanSearchText,
  foldTabs,
  normalizeLineBreaks,
  normalizePhone,
  normalizePlate,
  normalizeText,
  normalizeVin,
  type TextProblem,
  textProblem,
} from '../validation/normalize';
import { isLandline, isMobile, isValidPlate, isValidPostalCode, vinProblem } from '../validation/vehicle-ids';

/**
 * Field schemas shared by the contract and the UI's forms, so a field is checked the same
 * way on both sides. Messages are Chinese and say what to do; the dispatcher prefixes the label.
 *
 * Every text field refuses lone UTF-16 surrogates (SQLite would store invalid UTF-8), control
 * characters and direction-changing marks. Single-line fields also refuse line breaks inside the
 * text (those at either end are trimmed) and fold a tab to a space; multi-line fields (notes,
 * letter bodies, what the customer said) keep tab and newline, CRLF and CR becoming LF.
 */
const CHARACTER_MESSAGES: Record<TextProblem, string> = {
  surrogate: '含有无法识别的字符（可能是复制时损坏的表情或生僻字），请删除后重新输入',
  control: '含有不可见的控制字符，请重新输入',
  bidi: '含有改变文字方向的隐藏字符，请删除后重新输入',
  lineBreak: '不能换行，请写在一行内',
};

function checkCharacters(multiline: boolean) {
  return (s: string, ctx: z.RefinementCtx<string>) => {
    const problem = textProblem(s, multiline);
    if (problem) ctx.addIssue({ code: 'custom', message: CHARACTER_MESSAGES[problem] });
  };
}

/** For `.superRefine` on a single-line string field. */
export const singleLineCharacters = checkCharacters(false);
/** For `.superRefine` on a multi-line string field. */
export const multiLineCharacters = checkCharacters(true);

/** A single-line field: full-width letters and digits folded, trimmed. */
export const text = (max: number) =>
  z
    .string()
    .max(max, `太长了，最多 ${max} 个字`)
    .superRefine(singleLineCharacters)
    .transform((s) => normalizeText(foldTabs(s)));

/** A multi-line field (notes, the customer's complaint): as `text`, keeping tab and newline. */
export const multilineText = (max: number) =>
  z
    .string()
    .max(max, `太长了，最多 ${max} 个字`)
    .superRefine(multiLineCharacters)
    .transform((s) => normalizeText(normalizeLineBreaks(s)));

/** Prose typed by the clerk (a reason, a name on paper): trimmed only, Chinese punctuation and full-width kept. */
export const prose = (max: number) =>
  z
    .string('请填写')
    .max(max, `太长了，最多 ${max} 个字`)
    .superRefine(singleLineCharacters)
    .transform((s) => foldTabs(s).trim());

/** Multi-line prose (what the customer said, a correction's reason): trimmed only, lines kept. */
export const multilineProse = (max: number) =>
  z
    .string('请填写')
    .max(max, `太长了，最多 ${max} 个字`)
    .superRefine(multiLineCharacters)
    .transform((s) => normalizeLineBreaks(s).trim());

/**
 * A search box's text: typed live and fed by barcode scanners, so what cannot be searched for
 * (control characters, broken surrogates, direction marks) is dropped rather than refused.
 */
export const searchText = (max: number) =>
  z
    .string()
    .max(max, `搜索内容太长，最多 ${max} 个字`)
    .transform((s) => cleanSearchText(s).trim());

/** A file's content in base64 (whitespace allowed, as line-wrapped base64 has it); nothing else. */
export const base64 = (max: number, tooLarge: string) =>
  z
    .string()
    .min(1, '文件是空的')
    .max(max, tooLarge)
    .refine((s) => /^[A-Za-z0-9+/\s]*(?:=\s*){0,2}$/.test(s), '文件内容编码损坏（不是有效的 base64），请重新选择文件');

export const requiredText = (max: number) => text(max).refine((s) => s.length > 0, '必填，请填写');

export const id = z.number().int('应为整数编号').positive('编号应为正数');

export const plate = z
  .string()
  .max(20, '太长了，车牌号最多 8 位')
  .superRefine(singleLineCharacters)
  .transform(normalizePlate)
  .refine(isValidPlate, '车牌号格式不对，应为省份简称+字母+5位（如 京A12345），新能源为6位（如 京AD12345）');

export const vin = z
  .string()
  .max(40, '太长了，车架号应为 17 位')
  .superRefine(singleLineCharacters)
  .transform(normalizeVin)
  .superRefine((v, ctx) => {
    const problem = vinProblem(v);
    if (problem === 'length') ctx.addIssue({ code: 'custom', message: `车架号应为 17 位，现在是 ${v.length} 位` });
    else if (problem === 'characters')
      ctx.addIssue({ code: 'custom', message: '车架号只能含数字和字母（不含 I、O、Q），请核对' });
    else if (problem === 'checkDigit')
      ctx.addIssue({ code: 'custom', message: '车架号第 9 位校验位不符，请逐位核对行驶证' });
  });

export const mobile = z
  .string()
  .max(30, '太长了')
  .transform(normalizePhone)
  .refine(isMobile, '手机号应为 11 位、以 1 开头（可带 +86 或空格）');

export const phone = z
  .string()
  .max(30, '太长了')
  .transform(normalizePhone)
  .refine((p) => isMobile(p) || isLandline(p), '电话号码格式不对：手机 11 位，座机如 010-12345678');

export const postalCode = z
  .string()
  .max(10, '太长了')
  .transform(normalizeText)
  .refine((s) => s === '' || isValidPostalCode(s), '邮政编码应为 6 位数字');

export const date = z
  .string()
  .max(10, '日期格式应为 YYYY-MM-DD')
  .refine(isRealDate, '日期不对，应为真实日期，格式 YYYY-MM-DD（如 2026-11-22）');

export const instant = z
  .string()
  .max(40, '时间格式不对')
  .transform((s, ctx) => {
    const value = toInstant(s);
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: '时间不对，应为 YYYY-MM-DD HH:mm（如 2026-11-22 08:30）' });
      return z.NEVER;
    }
    return value;
  });

export const mileage = z
  .number('应填写数字')
  .int('里程应为整数公里')
  .min(0, '里程不能为负数')
  .max(2_000_000, '里程过大，请核对（单位：公里）');

export const fen = z
  .number('应填写金额')
  .int('金额应精确到分')
  .min(-10_000_000_000, '金额过大，请核对')
  .max(10_000_000_000, '金额过大，请核对');

export const pin = z.string().regex(/^\d{4,8}$/, 'PIN 应为 4 到 8 位数字');

export const pageInput = {
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
};

/** Chinese labels for field names, used to name the field at fault in every error message. */
export const FIELD_LABELS: Record<string, string> = {
  // 设置 → 档案库: a shared server's address, or the archive file (archiveLocation.*).
  host: '服务器地址',
  port: '端口',
  database: '数据库',
  user: '用户名',
  password: '密码',
  target: '档案库位置',
  path: '档案库文件路径',
  name: '姓名/名称',
  address: '地址',
  postalCode: '邮政编码',
  timeZone: '时区',
  phone: '电话',
  mobile: '手机号',
  otherPhones: '其他电话',
  birthday: '生日',
  preferredCallTime: '方便接听时间',
  doNotContact: '勿扰',
  marketingConsent: '同意营销联系',
  notes: '备注',
  plate: '车牌号',
  vin: '车架号(VIN)',
  model: '车型',
  color: '颜色',
  deliveryDate: '交车日期',
  ownerId: '车主',
  status: '状态',
  roNumber: '工单号',
  vehicleId: '车辆',
  customerId: '客户',
  advisorName: '服务顾问',
  openedAt: '进厂时间',
  mileageIn: '进厂里程',
  mileage: '里程',
  type: '维修类别',
  completedAt: '完工时间',
  deliveredAt: '交车时间',
  settledAt: '结算时间',
  payer: '付费方',
  laborLines: '工时项目',
  partLines: '材料项目',
  description: '项目名称',
  hours: '工时',
  amountFen: '金额',
  partNumber: '配件编号',
  quantity: '数量',
  unitPriceFen: '单价',
  complaint: '客户描述',
  declinedWork: '客户拒绝的建议项目',
  nextServiceDate: '下次保养日期',
  nextServiceMileage: '下次保养里程',
  laborFen: '工时费',
  partsFen: '材料费',
  readOn: '读数日期',
  from: '开始日期',
  to: '结束日期',
  includeInactive: '含停用',
  text: '搜索内容',
  limit: '条数',
  fileName: '文件名',
  contentBase64: '文件内容',
  presetName: '对应方案',
  mapping: '列对应',
  jobId: '导入任务',
  date: '日期',
  tickId: '勾选记录',
  paperStatus: '纸质单状态',
  note: '说明',
  resolved: '已处理',
  kind: '类别',
  page: '页码',
  pageSize: '每页条数',
  sort: '排序列',
  order: '排序方向',
  id: '编号',
  role: '角色',
  pin: 'PIN 密码',
  userId: '用户',
  users: '用户',
  store: '门店信息',
  years: '年数',
  seed: '随机种子',
  until: '截止日期',
  demo: '示例数据',
  filter: '筛选',
  isActive: '启用',
  // Shared by the daily report's correction and the invitation rows' add/remove.
  reason: '原因',
  signerId: '签字人',
  fingerprint: '日报内容',
  version: '版本',
  month: '月份',
  week: '周',
  drill: '图表',
  chart: '图表',
  stage: '招揽环节',
  openedOn: '进厂日期',
  customerName: '客户姓名',
  advisor: '服务顾问',
  totalFen: '合计金额',
  // Invitations (定保招揽) and service rules.
  match: '适用车型',
  firstKm: '首保里程',
  firstMonths: '首保月数',
  intervalKm: '定保间隔里程',
  intervalMonths: '定保间隔月数',
  listId: '招揽一览表',
  rowId: '一览表中的行',
  rowIds: '要标记的行',
  result: '通话结果',
  bookedFor: '预约日期',
  words: '用户原话',
  sentOn: '寄出日期',
  batch: '批次',
  afterDays: '寄信后天数',
  channel: '联系渠道',
  allowed: '可以联系',
  // 直接打印 (print.send).
  document: '要打印的文件',
  doc: '文件类别',
  deviceName: '打印机',
  // Fields whose refusals named only the key (issue 10: every refusal names the field in Chinese).
  title: '标题',
  voucherNo: '首保凭证号',
  serviceOn: '首保日期',
  ids: '要处理的记录',
  receivedBy: '接收人',
  withinDays: '天数',
  includePrinted: '含已打印',
  letterhead: '信头',
  body: '正文',
  logo: '标志图片',
  showLogo: '显示标志',
  templateId: '信件模板',
  draft: '正在编辑的模板',
  year: '年份',
  source: '收信人来源',
  queue: '待寄队列',
  holiday: '节日',
  idleLogoutMinutes: '自动退出时间',
  action: '操作',
  entity: '记录类别',
  entityId: '记录编号',
  excludeCustomerIds: '不寄的客户',
  batchId: '信件批次',
  onlyItemIds: '要重印的信件',
  size: '信封尺寸',
  printer: '打印机',
  boxes: '邮编方框',
  misprintItemIds: '打印有误的信件',
  dxMm: '横向偏移',
  dyMm: '纵向偏移',
  roId: '修理单',
  form: '纸张',
  // Issue 10 E: backups
  where: '备份位置',
  confirm: '确认',
  secondPlace: '第二备份位置',
  intervalHours: '自动备份间隔',
  staleAfterHours: '提醒时限',
  keepDaily: '保留每日备份',
  keepWeekly: '保留每周备份',
  keepMonthly: '保留每月备份',
  keepManual: '保留手动备份',
  // Personal data (issue 10 G).
  unmasked: '显示完整姓名和电话',
  cutoff: '截止日期',
  expectedCustomers: '预览的客户数',
  expectedVehicles: '预览的车辆数',
  // 回访 (issue 11): calls, questionnaires, problem calls, settings.
  key: '回访电话',
  outcome: '通话结果',
  callbackAt: '回电时间',
  questionnaireId: '问卷',
  answers: '问卷回答',
  value: '分数',
  problemFixed: '问题是否解决',
  suggestions: '客户建议',
  customer: '客户资料',
  appointment: '预约',
  time: '时间',
  purpose: '预约目的',
  bookedTime: '预约时间',
  ownerUserId: '责任人',
  done: '已完成',
  department: '部门',
  questions: '题目',
  scale: '量表',
  options: '选项',
  history: '含历史版本',
  followupDays: '跟踪回访天数',
  csiDays: '满意度回访天数',
  mergeCsiWithFollowup: '满意度回访并入7天回访',
  deliveryRevisit: '新车交车回访',
  deliveryDays: '新车回访天数',
  reminderAfterDays: '寄信后几天打提醒电话',
  windows: '打电话时段',
  businessHours: '营业时间',
  maxAttempts: '最多拨打次数',
  maxDays: '最多尝试天数',
  problemAtOrBelow: '问题客户阈值',
  five: '五级量表阈值',
  ten: '10 分量表阈值',
  nps: '推荐度阈值',
};

export function labelForPath(path: ReadonlyArray<PropertyKey>): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string' && FIELD_LABELS[key]) {
      const parent = path.slice(0, i).filter((p) => typeof p === 'number');
      return parent.length > 0
        ? `${FIELD_LABELS[key]}（第 ${Number(parent[parent.length - 1]) + 1} 行）`
        : FIELD_LABELS[key];
    }
  }
  return path.length > 0 ? String(path.join('.')) : '输入';
}
