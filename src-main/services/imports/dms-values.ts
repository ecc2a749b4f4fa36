/**
 * What a DMS export writes in its cells, turned into archive values: dates in every common form
 * (Excel serials included), mileage with units, amounts with currency signs, RO types and statuses
 * in the words different DMSs use, and header names. Pure functions: the unit tests drive them.
 */
import { RO_STATUS_LABELS, RO_TYPE_LABELS, type RoStatus, type RoType } from '../../../src-shared/domain/enums';
import type { ImportField } from '../../../src-shared/domain/imports';
import { isRealDate, nowInstant, storeTimeZone, toInstant } from '../../../src-shared/validation/dates';
import { parseYuanToFen } from '../../../src-shared/validation/money';
import { toHalfWidth } from '../../../src-shared/validation/normalize';

/** Cells that mean "nothing here" in DMS exports (accounting zero, placeholders). */
const EMPTY_MARKERS = new Set(['', '-', '--', '—', '/', '\\', 'N/A', 'NA', 'NULL', '无', '(空)', '（空）']);

const FULL_WIDTH = /[\u3000\uff01-\uff5e]/;

/** Half-width and trimmed; most cells have nothing full-width, and skipping the conversion matters at 100k rows. */
export function cellText(raw: string): string {
  return (FULL_WIDTH.test(raw) ? toHalfWidth(raw) : raw).trim();
}

const LONGEST_EMPTY_MARKER = Math.max(...[...EMPTY_MARKERS].map((m) => m.length));

export function isEmptyCell(raw: string): boolean {
  const t = raw.trim();
  if (t.length === 0) return true;
  if (t.length > LONGEST_EMPTY_MARKER) return false;
  return EMPTY_MARKERS.has(cellText(t).toUpperCase());
}

export type Parsed<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };

export type DateError = 'format' | 'notReal';

/** Days from 1899-12-30 (Excel's day 0 once its 1900 leap-year bug is accounted for) to 1970-01-01. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Serials accepted as dates: 1950-01-01 .. 2199-12-31 (a smaller number in a date column is not a date). */
const SERIAL_MIN = 18_264;
const SERIAL_MAX = 109_573;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function assemble(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  where: string,
): Parsed<string, DateError> {
  const date = `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}`;
  if (!isRealDate(date)) return { ok: false, error: 'notReal' };
  if (h > 23 || mi > 59 || s > 59) return { ok: false, error: 'notReal' };
  const value = toInstant(`${date}T${two(h)}:${two(mi)}:${two(s)}`, where);
  return value === null ? { ok: false, error: 'notReal' } : { ok: true, value };
}

/**
 * Excel serial day number (fractional part = time of day) → local instant. `where`: the store's
 * time zone (default) or a fixed offset, as for every DMS time below.
 */
export function excelSerialToInstant(serial: number, where: string = storeTimeZone()): string | null {
  if (!Number.isFinite(serial) || serial < SERIAL_MIN || serial > SERIAL_MAX) return null;
  // Rounded to the second: 46348.35 is 08:24:00, not 08:23:59.999.
  const ms = EXCEL_EPOCH_MS + Math.round(serial * 86_400) * 1000;
  return toInstant(new Date(ms).toISOString().slice(0, 19), where);
}

/** A JS Date read from an XLSX date cell: ExcelJS gives the wall-clock time as UTC fields. */
export function excelDateCellText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const DATE_PART = /^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*(?:日|号)?/;
const TIME_PART =
  /^(?:(上午|下午|晚上|中午|AM|PM)\s*)?(\d{1,2})\s*(?::|时|点)\s*(?:(\d{1,2})\s*(?::|分)?\s*(?:(\d{1,2})\s*(?:秒)?)?)?(?:\.\d{1,6})?\s*(AM|PM)?$/i;

/**
 * DMS date/time text → ISO instant with the store's offset. Accepts 2026-11-22 08:30,
 * 2026/11/22 8:30, 2026.11.22, 2026年11月22日 08时30分, 下午3:05, 20261122, 202611220830,
 * Excel serials (46348.35) and ISO with any offset (the same moment in the store's zone).
 */
export function parseDmsDateDetailed(raw: string, where: string = storeTimeZone()): Parsed<string, DateError> {
  const s = cellText(raw).replace(/\s+/g, ' ');
  if (s === '') return { ok: false, error: 'format' };
  // ISO with an explicit offset: the same moment, written in the store's offset.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    if (!isRealDate(s.slice(0, 10)) || toInstant(s) === null) return { ok: false, error: 'notReal' };
    const t = new Date(s);
    if (Number.isNaN(t.getTime())) return { ok: false, error: 'notReal' };
    return { ok: true, value: nowInstant(t, where) };
  }
  let m = /^(\d{4})(\d{2})(\d{2})(?:\s?(\d{2})(\d{2})(\d{2})?)?$/.exec(s);
  if (m) {
    return assemble(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      where,
    );
  }
  if (/^\d{1,6}(\.\d+)?$/.test(s)) {
    const value = excelSerialToInstant(Number(s), where);
    return value ? { ok: true, value } : { ok: false, error: 'format' };
  }
  m = DATE_PART.exec(s);
  if (!m) return { ok: false, error: 'format' };
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  let rest = s.slice(m[0].length).trim();
  if (rest.startsWith('T')) rest = rest.slice(1);
  // A weekday some exports append: 2026-11-22 星期日 08:30
  rest = rest.replace(/^(星期|周)[一二三四五六日天]\s*/, '');
  if (rest === '') return assemble(y, mo, d, 0, 0, 0, where);
  const t = TIME_PART.exec(rest);
  if (!t) return { ok: false, error: 'format' };
  let h = Number(t[2]);
  const mi = Number(t[3] ?? 0);
  const sec = Number(t[4] ?? 0);
  const half = (t[1] ?? t[5] ?? '').toUpperCase();
  if (half === '下午' || half === '晚上' || half === 'PM') {
    if (h > 12) return { ok: false, error: 'notReal' };
    if (h < 12) h += 12;
  } else if (half === '中午') {
    if (h < 11) h += 12;
  } else if ((half === '上午' || half === 'AM') && h === 12) {
    h = 0;
  }
  return assemble(y, mo, d, h, mi, sec, where);
}

export function parseDmsDate(raw: string, where: string = storeTimeZone()): string | null {
  const r = parseDmsDateDetailed(raw, where);
  return r.ok ? r.value : null;
}

export type MileageError = 'format' | 'negative' | 'tooLarge';
export const MAX_MILEAGE = 2_000_000;

/** `12,345 km`, `12345公里`, `1.2万公里`, `８８８８千米` → whole kilometres. */
export function parseDmsMileage(raw: string): Parsed<number, MileageError> {
  let s = cellText(raw).replace(/[\s,，']/g, '');
  s = s.replace(/(km|公里|千米|kilometers?)$/i, '');
  let factor = 1;
  if (s.endsWith('万')) {
    factor = 10_000;
    s = s.slice(0, -1);
  }
  if (!/^[-+]?\d+(\.\d+)?$/.test(s)) return { ok: false, error: 'format' };
  const value = Math.round(Number(s) * factor);
  if (value < 0 || s.startsWith('-')) return { ok: false, error: 'negative' };
  if (!Number.isSafeInteger(value) || value > MAX_MILEAGE) return { ok: false, error: 'tooLarge' };
  return { ok: true, value };
}

/** Bounds of the archive's `fen` field. */
const MAX_FEN = 10_000_000_000;

/** `¥1,234.50`, `￥1234.5元`, `RMB 88`, `(120.00)` (accounting negative), XLSX floats → integer fen. */
export function parseDmsAmount(raw: string): Parsed<number, 'format' | 'tooLarge'> {
  let s = cellText(raw).replace(/\s+/g, '');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1] ?? '';
  }
  s = s.replace(/^(RMB|CNY)/i, '').replace(/(元|RMB|CNY)$/i, '');
  s = s.replace(/[¥￥,，]/g, '');
  if (/^-?\d{12,}(\.\d*)?$/.test(s)) return { ok: false, error: 'tooLarge' };
  let fen = parseYuanToFen(s);
  // Float noise from spreadsheet arithmetic (123.45000000000002): round to the fen.
  if (fen === null && /^-?\d+\.\d{3,}$/.test(s)) fen = Math.round(Number(s) * 100);
  if (fen === null || !Number.isSafeInteger(fen)) return { ok: false, error: 'format' };
  if (negative) fen = -fen;
  if (Math.abs(fen) > MAX_FEN) return { ok: false, error: 'tooLarge' };
  return { ok: true, value: fen === 0 ? 0 : fen };
}

function term(raw: string): string {
  return cellText(raw).replace(/\s+/g, '').toLowerCase();
}

const TYPE_WORDS: Record<RoType, string[]> = {
  first_service: ['首保', '首次保养', '首保服务', '首次免费保养', '强保', 'first_service'],
  periodic_service: ['定保', '常规保养', '保养', '定期保养', '例行保养', '小保养', '大保养', 'periodic_service'],
  repair: ['一般维修', '机修', '维修', '普通维修', '小修', '大修', '快修', '机电维修', '电器维修', 'repair'],
  body_paint: ['钣喷', '钣金', '喷漆', '事故车', '钣金喷漆', '钣喷维修', '事故维修', 'body_paint'],
  warranty: ['索赔', '三包', '保修', '索赔/三包', '质量索赔', '保修索赔', '厂家索赔', 'warranty'],
  insurance: ['保险', '保险理赔', '理赔', '保险维修', '保险事故', 'insurance'],
  comeback: ['返修', '返工', '返修车', 'comeback'],
};

const STATUS_WORDS: Record<RoStatus, string[]> = {
  in_repair: ['在修', '维修中', '已派工', '派工', '在厂', '待派工', '未完工', '施工中', '开单', '已开单', 'in_repair'],
  completed: ['已完工', '完工', '竣工', '已竣工', '待交车', '质检完成', '待结算', 'completed'],
  delivered: ['已交车', '交车', '已出厂', '出厂', 'delivered'],
  settled: ['已结算', '结算', '已收款', '已结账', '结账', '已收银', 'settled'],
};

function index<T extends string>(words: Record<T, string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [code, list] of Object.entries(words) as [T, string[]][]) for (const w of list) map.set(term(w), code);
  return map;
}

const TYPE_INDEX = index(TYPE_WORDS);
const STATUS_INDEX = index(STATUS_WORDS);

export function parseRoType(raw: string): RoType | null {
  return TYPE_INDEX.get(term(raw)) ?? null;
}

export function parseRoStatus(raw: string): RoStatus | null {
  return STATUS_INDEX.get(term(raw)) ?? null;
}

/** For rejection messages: what the clerk may write instead. */
export const ACCEPTED_TYPES_TEXT = `${Object.values(RO_TYPE_LABELS).join('、')}（也认 首次保养、常规保养、保养、机修、维修、钣金、喷漆、事故车、三包、保修、保险、返工）`;
export const ACCEPTED_STATUSES_TEXT = `${Object.values(RO_STATUS_LABELS).join('、')}（也认 维修中、已派工、完工、交车、结算、已收款）`;

/** Header names different DMSs use (怀远, 金蝶, 用友, 厂家系统…), by archive field. */
export const HEADER_ALIASES: Record<ImportField, string[]> = {
  roNumber: [
    '工单号',
    '委托书号',
    '维修单号',
    '工单编号',
    '单据号',
    '委托书编号',
    '维修工单号',
    '修理单号',
    '任务委托书号',
    '单号',
    '工单',
    'RO号',
    'RO',
    'RONo',
  ],
  plate: ['车牌号', '车牌', '车牌号码', '牌照号', '牌照号码'],
  vin: ['车架号', 'VIN', '底盘号', 'VIN码', '车辆识别代号', '车辆识别号', '车架号VIN', '车架号码'],
  model: ['车型', '车型名称', '车系', '车辆型号', '车型描述'],
  customerName: ['客户名称', '客户姓名', '车主', '送修人', '车主姓名', '客户', '客户名', '车主名称', '送修人姓名'],
  phone: [
    '联系电话',
    '手机',
    '电话',
    '手机号',
    '联系方式',
    '手机号码',
    '车主电话',
    '客户电话',
    '送修人电话',
    '车主手机',
    '客户手机',
  ],
  openedAt: [
    '进厂时间',
    '进厂日期',
    '接车时间',
    '开单时间',
    '开单日期',
    '入厂时间',
    '接车日期',
    '入厂日期',
    '委托时间',
  ],
  mileage: ['行驶里程', '进厂里程', '里程', '公里数', '里程数', '表显里程', '进厂公里数'],
  type: ['维修类别', '维修类型', '业务类型', '工单类型', '服务类型', '维修性质'],
  advisorName: ['服务顾问', '接待员', '服务专员', '接待顾问', '服务顾问姓名', '接待人', 'SA'],
  status: ['工单状态', '状态', '维修状态', '单据状态'],
  settledAt: ['结算时间', '结算日期', '收款时间', '结账时间'],
  deliveredAt: ['交车时间', '出厂时间', '交车日期', '出厂日期'],
  laborFen: ['工时费', '工时金额', '工时费用', '工时合计', '工时费合计'],
  partsFen: ['材料费', '配件费', '材料金额', '配件金额', '材料费用', '备件费', '材料合计', '配件合计'],
  totalFen: ['总金额', '合计金额', '结算金额', '应收金额', '总计金额', '金额合计', '工单金额', '总费用', '实收金额'],
  complaint: ['客户描述', '客户描述/故障', '故障描述', '报修内容', '故障现象', '客户陈述', '维修项目', '维修内容'],
  color: ['颜色', '车身颜色', '车辆颜色', '车色'],
  address: ['地址', '客户地址', '联系地址', '车主地址'],
  healthUploadedAt: [
    '电子健康档案上传时间',
    '健康档案上传',
    '上传时间',
    '电子健康档案',
    '健康档案上传时间',
    '电子健康档案上传',
    '维修电子健康档案上传时间',
  ],
};

/** Header text as compared: half-width, no spaces, no bracketed units (工时费(元) → 工时费), no marks. */
export function normalizeHeader(raw: string): string {
  return cellText(raw)
    .replace(/[(（[【<《][^)）\]】>》]*[)）\]】>》]/g, '')
    .replace(/[\s*:：_·.]/g, '')
    .toUpperCase();
}

const HEADER_INDEX = (() => {
  const map = new Map<string, ImportField>();
  for (const [field, names] of Object.entries(HEADER_ALIASES) as [ImportField, string[]][])
    for (const name of names) map.set(normalizeHeader(name), field);
  return map;
})();

export function recognizeHeader(raw: string): ImportField | null {
  const key = normalizeHeader(raw);
  if (key === '') return null;
  return HEADER_INDEX.get(key) ?? null;
}

/** Distinct fields recognised in a row: the header row is the one that scores highest. */
export function headerScore(cells: readonly string[]): number {
  const seen = new Set<ImportField>();
  for (const cell of cells) {
    if (cell.length > 40) continue;
    const field = recognizeHeader(cell);
    if (field) seen.add(field);
  }
  return seen.size;
}

/** The first cells of a totals/footer line: 合计, 总计, 小计, 共计 (合计：, 总计(15单)…). */
export function isTotalsLabel(raw: string): boolean {
  const t = raw.trimStart();
  if (t === '' || !'合总小共本'.includes(t[0]!)) return false;
  return /^(合计|总计|小计|共计|总合计|本页合计)/.test(cellText(t).replace(/\s+/g, ''));
}

/** A number as a totals row writes it: 1,234.50, ¥88, 15, 15单. */
export function looksNumeric(raw: string): boolean {
  const s = cellText(raw)
    .replace(/[\s,，¥￥]/g, '')
    .replace(/(元|单|台|辆|笔|公里|km)$/i, '');
  return /^-?\d+(\.\d+)?$/.test(s);
}
