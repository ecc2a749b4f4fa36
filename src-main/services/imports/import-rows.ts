/**
 * One DMS row → one normalised repair order, or the reasons it cannot be imported, with the
 * archive's own rules (VIN check digit, plate format, mobile or landline, real dates, mileage and
 * amounts, RO number format). Also decides which lines are not data at all (blank, totals, footer).
 */
import type { RoStatus, RoType } from '../../../src-shared/domain/enums';
import {
  type ColumnMapping,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  type ImportField,
  type ImportProblem,
} from '../../../src-shared/domain/imports';
import {
  normalizePhone,
  normalizePlate,
  normalizeText,
  normalizeVin,
  stripControl,
} from '../../../src-shared/validation/normalize';
import { isLandline, isMobile, isValidPlate, vinProblem } from '../../../src-shared/validation/vehicle-ids';
import {
  ACCEPTED_STATUSES_TEXT,
  ACCEPTED_TYPES_TEXT,
  cellText,
  isEmptyCell,
  isTotalsLabel,
  looksNumeric,
  normalizeHeader,
  parseDmsAmount,
  parseDmsDateDetailed,
  parseDmsMileage,
  parseRoStatus,
  parseRoType,
  recognizeHeader,
} from './dms-values';

export const REQUIRED_FIELDS: readonly ImportField[] = ['roNumber', 'openedAt'];

/** Same rule as the RO form (archive.contract.ts repairOrderFields.roNumber). */
const RO_NUMBER = /^[A-Z0-9][A-Z0-9\-_/]{2,39}$/;

/** Plates written when a car has none yet: the VIN identifies it instead. */
const NO_PLATE = new Set(['无牌', '无车牌', '未上牌', '未挂牌', '临牌', '临时牌照', '新车', '暂无', '无牌照']);

/** What an upload column says for an RO not uploaded yet. */
const NOT_UPLOADED = new Set(['否', '未上传', '未传', '无', '-', '—', 'N', 'NO']);

const TEXT_LIMITS: Partial<Record<ImportField, number>> = {
  model: 60,
  color: 20,
  advisorName: 40,
  customerName: 60,
  complaint: 2000,
  address: 200,
};

/** A row that passed every check, in archive terms. null: the file has no such column or the cell is empty. */
export interface ImportRow {
  line: number;
  roNumber: string;
  plate: string | null;
  vin: string | null;
  model: string | null;
  color: string | null;
  customerName: string | null;
  mobile: string | null;
  landline: string | null;
  address: string | null;
  openedAt: string;
  mileage: number | null;
  type: RoType | null;
  status: RoStatus | null;
  advisorName: string | null;
  deliveredAt: string | null;
  settledAt: string | null;
  laborFen: number | null;
  partsFen: number | null;
  totalFen: number | null;
  complaint: string | null;
  /** 电子健康档案上传时间 (an optional column): written as the RO's health_upload when it is settled. */
  healthUploadedAt: string | null;
}

export type FullMapping = Record<ImportField, number | null>;

/**
 * Recognised columns, then the preset's (by header text), then the clerk's overrides (by index).
 * A column feeds one field: an override takes the column away from whatever had it.
 */
export function resolveMapping(
  headers: readonly string[],
  preset: Record<string, ImportField> | null,
  overrides: ColumnMapping | undefined,
): { mapping: FullMapping; missingRequired: ImportField[]; outOfRange: { field: ImportField; index: number }[] } {
  const mapping = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, null])) as FullMapping;
  const assign = (field: ImportField, index: number | null) => {
    if (index !== null) for (const f of IMPORT_FIELDS) if (mapping[f] === index) mapping[f] = null;
    mapping[field] = index;
  };
  headers.forEach((header, index) => {
    const field = recognizeHeader(header);
    if (field && mapping[field] === null) mapping[field] = index;
  });
  if (preset) {
    const byHeader = new Map(Object.entries(preset).map(([h, f]) => [normalizeHeader(h), f]));
    headers.forEach((header, index) => {
      const field = byHeader.get(normalizeHeader(header));
      if (field) assign(field, index);
    });
  }
  const outOfRange: { field: ImportField; index: number }[] = [];
  for (const [field, index] of Object.entries(overrides ?? {}) as [ImportField, number | null][]) {
    if (index !== null && index >= headers.length) outOfRange.push({ field, index });
    else assign(field, index);
  }
  const missingRequired = REQUIRED_FIELDS.filter((f) => mapping[f] === null);
  if (mapping.plate === null && mapping.vin === null) missingRequired.push('plate', 'vin');
  return { mapping, missingRequired, outOfRange };
}

export type RowKind = 'blank' | 'totals' | 'header' | 'data';

/**
 * Blank lines, totals (合计/总计/小计 in the first columns, or no RO number but only numbers) and
 * footers (制表人…, a lone note without an RO number) are not data; neither is a repeated header.
 */
export function classifyRow(
  cells: readonly string[],
  mapping: FullMapping,
  header: readonly string[],
  headerKey: string,
): RowKind {
  const filledCells: string[] = [];
  for (const cell of cells) if (cell.length > 0 && cell.trim() !== '') filledCells.push(cell);
  const filled = filledCells.length;
  if (filled === 0) return 'blank';
  for (let i = 0; i < Math.min(cells.length, 4); i++) if (isTotalsLabel(cells[i] ?? '')) return 'totals';
  const ro = mapping.roNumber === null ? '' : (cells[mapping.roNumber] ?? '');
  if (isEmptyCell(ro) && (filled === 1 || filledCells.every(looksNumeric))) return 'totals';
  // A lone note such as 制表人：小王 or 第 1 页 (an RO number alone is a row, refused for what it lacks).
  if (filled === 1 && !RO_NUMBER.test(roNumberOf(ro))) return 'totals';
  // Exports that repeat the header on every page.
  const index = mapping.roNumber ?? 0;
  if ((cells[index] ?? '').trim() === (header[index] ?? '').trim() && rowKey(cells) === headerKey) return 'header';
  return 'data';
}

export function rowKey(cells: readonly string[]): string {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end--;
  return cells
    .slice(0, end)
    .map((c) => c.trim())
    .join('\u001f');
}

function oneLine(text: string): string {
  return stripControl(cellText(text)).replace(/\s+/g, ' ');
}

/** The RO number as the archive keeps it: half-width, no spaces, upper case. */
export function roNumberOf(raw: string): string {
  return oneLine(raw).replace(/\s/g, '').toUpperCase();
}

export type CheckOutcome = { ok: true; row: ImportRow } | { ok: false; problems: ImportProblem[] };

/**
 * Checks data rows against one file's mapping. A class rather than closures per row: a 100k-row
 * export is checked in about a second.
 */
export class RowChecker {
  private cells: readonly string[] = [];
  private line = 0;
  private problems: ImportProblem[] = [];
  private readonly columns: Record<ImportField, string>;

  /** `headers` are the file's own header texts, named in every problem. */
  constructor(
    private readonly mapping: FullMapping,
    headers: readonly string[],
  ) {
    this.columns = Object.fromEntries(
      IMPORT_FIELDS.map((field) => {
        const index = mapping[field];
        const header = index === null ? '' : cellText(headers[index] ?? '');
        return [field, header === '' ? IMPORT_FIELD_LABELS[field] : header];
      }),
    ) as Record<ImportField, string>;
  }

  private raw(field: ImportField): string | null {
    const index = this.mapping[field];
    if (index === null) return null;
    const value = this.cells[index] ?? '';
    return isEmptyCell(value) ? null : value;
  }

  private cell(field: ImportField): string {
    const index = this.mapping[field];
    return index === null ? '' : (this.cells[index] ?? '');
  }

  private problem(field: ImportField, reason: string, value?: string): void {
    this.problems.push({ line: this.line, column: this.columns[field], value: value ?? this.cell(field), reason });
  }

  private text(field: ImportField, multiline = false): string | null {
    const value = this.raw(field);
    if (value === null) return null;
    // Free text keeps Chinese punctuation（，。）as written; only letters, digits and spaces fold.
    const folded = stripControl(normalizeText(value));
    const clean = multiline ? folded : folded.replace(/\s+/g, ' ');
    const limit = TEXT_LIMITS[field];
    // length counts a character outside the BMP twice: only then is the exact count needed.
    if (limit !== undefined && clean.length > limit && [...clean].length > limit) {
      this.problem(field, `太长了（${[...clean].length} 个字），最多 ${limit} 个字，请删减`);
      return null;
    }
    return clean === '' ? null : clean;
  }

  private date(field: ImportField, label: string): string | null {
    const value = this.raw(field);
    if (value === null) return null;
    const parsed = parseDmsDateDetailed(value);
    if (parsed.ok) return parsed.value;
    this.problem(
      field,
      parsed.error === 'notReal'
        ? `${label}不存在（如 2月30日、25点），请核对后改正`
        : `${label}格式无法识别，应如 2026-11-22 08:30、2026/11/22、2026年11月22日 或 20261122`,
    );
    return null;
  }

  private amount(field: ImportField, label: string): number | null {
    const value = this.raw(field);
    if (value === null) return null;
    const parsed = parseDmsAmount(value);
    if (parsed.ok) return parsed.value;
    this.problem(
      field,
      parsed.error === 'tooLarge'
        ? `${label}过大，请核对`
        : `${label}应为数字金额（元），如 1234.50、¥1,234.50 或 1234.5元，请改正`,
    );
    return null;
  }

  check(cells: readonly string[], line: number): CheckOutcome {
    this.cells = cells;
    this.line = line;
    this.problems = [];
    const mapping = this.mapping;

    // RO number
    let roNumber = '';
    const roRaw = this.raw('roNumber');
    if (roRaw === null) this.problem('roNumber', '工单号为空，请填写 DMS 工单号');
    else {
      roNumber = roNumberOf(roRaw);
      if (!RO_NUMBER.test(roNumber))
        this.problem('roNumber', '工单号格式不对：应为 3 到 40 位字母或数字（可含 - _ /），如 RO2611220001，请改正');
    }

    // Vehicle identity: plate or VIN, at least one.
    let plate: string | null = null;
    const plateCell = this.raw('plate');
    const plateRaw = plateCell !== null && NO_PLATE.has(oneLine(plateCell).replace(/\s/g, '')) ? null : plateCell;
    if (plateRaw !== null) {
      const p = normalizePlate(stripControl(plateRaw));
      if (isValidPlate(p)) plate = p;
      else
        this.problem(
          'plate',
          '车牌号格式不对：应为省份简称+字母+5位（如 京A12345），新能源为6位（如 京AD12345），请改正',
        );
    }
    let vin: string | null = null;
    const vinRaw = this.raw('vin');
    if (vinRaw !== null) {
      const v = normalizeVin(stripControl(vinRaw));
      const why = vinProblem(v);
      if (why === null) vin = v;
      else if (why === 'length') this.problem('vin', `车架号应为 17 位，现在是 ${v.length} 位，请逐位核对行驶证`);
      else if (why === 'characters') this.problem('vin', '车架号只能含数字和字母（不含 I、O、Q），请逐位核对行驶证');
      else this.problem('vin', '车架号第 9 位校验位不符，请逐位核对行驶证');
    }
    if (plateRaw === null && vinRaw === null) {
      const both = mapping.plate !== null && mapping.vin !== null;
      this.problems.push({
        line,
        column: both
          ? `${this.columns.plate}/${this.columns.vin}`
          : this.columns[mapping.plate !== null ? 'plate' : 'vin'],
        value: plateCell ?? '',
        reason: '车牌号和车架号都为空，至少填写一个，否则无法对应到车辆',
      });
    }

    // Phone: mobile or landline; a cell may list several.
    let mobile: string | null = null;
    let landline: string | null = null;
    const phoneRaw = this.raw('phone');
    if (phoneRaw !== null) {
      const parts = cellText(phoneRaw)
        .split(/[/,，;；、|]|\s{2,}/)
        .map((p) => normalizePhone(p))
        .filter((p) => p !== '');
      const bad = parts.filter((p) => !isMobile(p) && !isLandline(p));
      if (parts.length === 0 || bad.length > 0)
        this.problem(
          'phone',
          '电话号码格式不对：手机为 11 位、以 1 开头（可带 +86、空格或横线），座机如 010-12345678，请改正',
        );
      else {
        mobile = parts.find(isMobile) ?? null;
        landline = parts.find(isLandline) ?? null;
      }
    }

    // When.
    const openedAt = this.date('openedAt', '进厂时间');
    if (this.raw('openedAt') === null) this.problem('openedAt', '进厂时间为空，请填写（如 2026-11-22 08:30）');
    const deliveredAt = this.date('deliveredAt', '交车时间');
    const settledAt = this.date('settledAt', '结算时间');
    // 否 / 未上传 in the upload column: not uploaded yet (as an empty cell).
    const healthUploadedAt = NOT_UPLOADED.has(
      oneLine(this.raw('healthUploadedAt') ?? '')
        .replace(/\s/g, '')
        .toUpperCase(),
    )
      ? null
      : this.date('healthUploadedAt', '电子健康档案上传时间');
    if (openedAt !== null) {
      const opened = openedAt.slice(0, 16).replace('T', ' ');
      if (deliveredAt !== null && deliveredAt < openedAt)
        this.problem('deliveredAt', `交车时间早于进厂时间 ${opened}，请核对`);
      if (settledAt !== null && settledAt < openedAt)
        this.problem('settledAt', `结算时间早于进厂时间 ${opened}，请核对`);
    }

    // Mileage.
    let mileage: number | null = null;
    const mileageRaw = this.raw('mileage');
    if (mileageRaw !== null) {
      const parsed = parseDmsMileage(mileageRaw);
      if (parsed.ok) mileage = parsed.value;
      else
        this.problem(
          'mileage',
          parsed.error === 'negative'
            ? '里程不能为负数，请核对'
            : parsed.error === 'tooLarge'
              ? '里程过大（超过 200 万公里），请核对单位是否为公里'
              : '里程应为数字（公里），如 12345、12,345 km 或 1.2万公里，请改正',
        );
    }

    // Type and status: codes the archive knows, or a rejection that lists them.
    let type: RoType | null = null;
    const typeRaw = this.raw('type');
    if (typeRaw !== null) {
      type = parseRoType(typeRaw);
      if (type === null)
        this.problem('type', `维修类别“${oneLine(typeRaw)}”无法识别，应为 ${ACCEPTED_TYPES_TEXT} 之一，请改正`);
    }
    let status: RoStatus | null = null;
    const statusRaw = this.raw('status');
    if (statusRaw !== null) {
      status = parseRoStatus(statusRaw);
      if (status === null)
        this.problem('status', `工单状态“${oneLine(statusRaw)}”无法识别，应为 ${ACCEPTED_STATUSES_TEXT} 之一，请改正`);
    }

    const laborFen = this.amount('laborFen', '工时费');
    const partsFen = this.amount('partsFen', '材料费');
    const totalFen = this.amount('totalFen', '总金额');

    const model = this.text('model');
    const color = this.text('color');
    const customerName = this.text('customerName');
    const advisorName = this.text('advisorName');
    const address = this.text('address');
    const complaint = this.text('complaint', true);

    if (this.problems.length > 0 || openedAt === null) return { ok: false, problems: this.problems };
    return {
      ok: true,
      row: {
        line,
        roNumber,
        plate,
        vin,
        model,
        color,
        customerName,
        mobile,
        landline,
        address,
        openedAt,
        mileage,
        type,
        status,
        advisorName,
        deliveredAt,
        settledAt,
        laborFen,
        partsFen,
        totalFen,
        complaint,
        healthUploadedAt,
      },
    };
  }
}

/** Checks one data row (a RowChecker for a single use). */
export function checkRow(
  cells: readonly string[],
  line: number,
  mapping: FullMapping,
  headers: readonly string[],
): CheckOutcome {
  return new RowChecker(mapping, headers).check(cells, line);
}

/** Two rows are the same order when everything they carry is equal (¥1,200 and 1200 included). */
export function rowContentKey(row: ImportRow): string {
  const { line: _line, ...rest } = row;
  return JSON.stringify(rest);
}
