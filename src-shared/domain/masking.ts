/**
 * Masking of personal information in what leaves the counter (PIPL): the daily report for the
 * manager and the manufacturer, the first-service hand-off for sales, command-line exports.
 * Letters, envelopes and settlement sheets go to the customer themselves and are not masked.
 *
 * Both functions are pure and idempotent (masking a masked value changes nothing), so a value may
 * pass through more than one export path safely.
 *
 * - Phones: a mobile keeps its first 3 and last 4 digits (138****5678); a landline keeps its area
 *   code and the last 4 digits of the local number (010-****5678); anything else keeps at most the
 *   last 4 digits (2 when it has only 5-6, none when shorter). Extensions are dropped.
 * - Names: a person keeps the surname (王**, 欧阳** for compound surnames); a company keeps at most
 *   two characters and its legal-form suffix (北京**有限公司); a Latin name keeps its first letter (J**).
 */

export const MASK = '**';
const HIDDEN_DIGITS = '****';

/** Two-character surnames (same list as the search index uses for the given name). */
const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 独孤 南宫 西门 百里 呼延 万俟 澹台 公冶 太史 申屠 闻人 濮阳 淳于 单于 赫连 拓跋'.split(
    ' ',
  ),
);

/** Endings that make a name an organisation's, longest first so 有限公司 wins over 公司. */
const COMPANY_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '分公司',
  '公司',
  '集团',
  '经营部',
  '合作社',
  '车队',
  '商行',
  '中心',
  '工作室',
  '事务所',
  '门市部',
  '厂',
  '店',
  '局',
  '院',
  '所',
  '站',
  '社',
] as const;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Digits and already-hidden positions (`*`), in groups split by anything else. */
function phoneGroups(raw: string): string[] {
  const s = raw.trim().replace(/^(\+\s*86|0086)[\s-]*/, '');
  return s.match(/[0-9*]+/g) ?? [];
}

/** The local part of a number: its last 4 (or 2) digits behind a fixed-width mask. */
function maskLocal(local: string): string {
  if (local.length >= 7) return HIDDEN_DIGITS + local.slice(-4);
  if (local.length >= 5) return HIDDEN_DIGITS + local.slice(-2);
  return HIDDEN_DIGITS;
}

/** Beijing, Shanghai, Tianjin, Chongqing and the 02x cities have 3-digit area codes. */
function areaCodeLength(digits: string): number {
  return /^0(10|2\d)/.test(digits) ? 3 : 4;
}

/** 13812345678 → 138****5678; 010-12345678 → 010-****5678; '' → ''. */
export function maskPhone(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return '';
  const groups = phoneGroups(raw);
  if (groups.length === 0) return '';
  const all = groups.join('');
  if (/^1[0-9*]{10}$/.test(all)) return `${all.slice(0, 3)}${HIDDEN_DIGITS}${all.slice(7)}`;
  const first = groups[0]!;
  if (groups.length >= 2 && first.startsWith('0') && first.length >= 3 && first.length <= 4 && !first.includes('*')) {
    // 0571 8888 6666 is one local number; 010-12345678-801 has an extension, left out.
    const second = groups[1]!;
    return `${first}-${maskLocal(second.length >= 7 ? second : groups.slice(1).join(''))}`;
  }
  if (groups.length === 1 && all.startsWith('0') && all.length >= 10 && all.length <= 12) {
    const n = areaCodeLength(all);
    return `${all.slice(0, n)}-${maskLocal(all.slice(n))}`;
  }
  return maskLocal(all);
}

/** A null phone stays null (an empty cell), anything else is masked. */
export function maskPhoneOrNull(raw: string | null): string | null {
  return raw === null ? null : maskPhone(raw);
}

/** Single-character endings (店, 厂…) could end a person's given name: only after 4 characters. */
function companySuffix(chars: readonly string[]): string | null {
  const name = chars.join('');
  for (const suffix of COMPANY_SUFFIXES) {
    const headLength = chars.length - [...suffix].length;
    if (name.endsWith(suffix) && headLength >= (suffix.length === 1 ? 4 : 1)) return suffix;
  }
  return null;
}

const ALREADY_MASKED = new RegExp(`^[^*\\s]{0,2}\\*\\*(${COMPANY_SUFFIXES.join('|')})?$`);

/** 王小明 → 王**, 欧阳明辉 → 欧阳**, 北京某某汽车租赁有限公司 → 北京**有限公司, John Smith → J**. */
export function maskName(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return '';
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name === '') return '';
  // Every output has this form, so masking twice changes nothing.
  if (ALREADY_MASKED.test(name)) return name;
  const chars = [...name];
  const suffix = companySuffix(chars);
  if (suffix !== null) {
    const head = chars.slice(0, chars.length - [...suffix].length);
    const keep = Math.min(2, Math.floor(head.length / 2));
    const shown: string[] = [];
    for (const c of head.slice(0, keep)) {
      if (c === '*' || c === ' ') break;
      shown.push(c);
    }
    return `${shown.join('')}${MASK}${suffix}`;
  }
  if (CJK.test(chars[0]!)) {
    const compact = chars.filter((c) => c !== ' ');
    const keep = compact.length >= 3 && COMPOUND_SURNAMES.has(compact.slice(0, 2).join('')) ? 2 : 1;
    return `${compact.slice(0, keep).join('')}${MASK}`;
  }
  // Latin and other scripts: the first letter only (the surname may come first or last).
  return `${chars[0] === '*' ? '' : chars[0]}${MASK}`;
}

export function maskNameOrNull(raw: string | null): string | null {
  return raw === null ? null : maskName(raw);
}
