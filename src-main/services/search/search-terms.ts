import { createRequire } from 'node:module';
import { normalizePhone, toHalfWidth } from '../../../src-shared/validation/normalize';

export const KIND = { customer: 1, vehicle: 2, repairOrder: 3 } as const;
export const FIELD = { plate: 1, vin: 2, phone: 3, name: 4, pinyin: 5, roNumber: 6 } as const;

/** Two-character surnames: the given name of 欧阳明辉 is 明辉, not 阳明辉. */
const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 独孤 南宫 西门 百里 呼延 万俟 澹台 公冶 太史 申屠 闻人 濮阳 淳于 单于 赫连 拓跋'.split(
    ' ',
  ),
);

export interface Term {
  term: string;
  kind: number;
  entity_id: number;
  field: number;
}

/** How a typed query is compared with stored terms: half-width, upper case, no separators. */
export function normalizeQuery(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are dropped from queries
  let q = toHalfWidth(text).replace(/[\u0000-\u001f\u007f]/g, '');
  q = q
    .trim()
    .toUpperCase()
    .replace(/[\s·•\-_()（）]/g, '');
  if (/^(\+86|0086)1\d{10}$/.test(q)) q = q.replace(/^(\+86|0086)/, '');
  return q;
}

function phoneTerms(raw: string, kind: number, id: number, out: Term[]): void {
  const p = normalizePhone(raw).replace(/-/g, '');
  if (p.length === 0) return;
  out.push({ term: p, kind, entity_id: id, field: FIELD.phone });
  if (p.length > 4) out.push({ term: p.slice(-4), kind, entity_id: id, field: FIELD.phone });
}

type Pinyin = typeof import('pinyin-pro').pinyin;
let pinyinFn: Pinyin | null = null;

/**
 * pinyin-pro (its dictionary takes ~60–130 ms to load) is loaded on the first Chinese name, not
 * when the host starts: most start-ups never write a name. Synchronous, because the terms are
 * built inside write transactions.
 */
function loadPinyin(): Pinyin {
  pinyinFn ??= (createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro')).pinyin;
  return pinyinFn;
}

export function pinyinKeys(name: string): { initials: string; full: string } | null {
  if (!/[\u4e00-\u9fff]/.test(name)) return null;
  const pinyin = loadPinyin();
  const full = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'removed', v: true }).join('');
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('');
  return { initials: initials.toUpperCase(), full: full.toUpperCase() };
}

export function customerTerms(c: { id: number; name: string; mobile: string | null; otherPhones: string[] }): Term[] {
  const out: Term[] = [];
  const name = normalizeQuery(c.name);
  if (name.length > 0) {
    out.push({ term: name, kind: KIND.customer, entity_id: c.id, field: FIELD.name });
    // Given name alone (三丰 for 张三丰): the clerk often hears only that on the phone.
    const chars = [...name];
    const surnameLength = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
    if (chars.length - surnameLength >= 2)
      out.push({ term: chars.slice(surnameLength).join(''), kind: KIND.customer, entity_id: c.id, field: FIELD.name });
    const keys = pinyinKeys(c.name);
    if (keys) {
      if (keys.initials.length > 0)
        out.push({ term: keys.initials, kind: KIND.customer, entity_id: c.id, field: FIELD.pinyin });
      if (keys.full.length > 0 && keys.full !== keys.initials)
        out.push({ term: keys.full, kind: KIND.customer, entity_id: c.id, field: FIELD.pinyin });
    }
  }
  if (c.mobile) phoneTerms(c.mobile, KIND.customer, c.id, out);
  for (const p of c.otherPhones) phoneTerms(p, KIND.customer, c.id, out);
  return dedupe(out);
}

export function vehicleTerms(v: { id: number; plate: string | null; vin: string | null }): Term[] {
  const out: Term[] = [];
  if (v.plate) {
    // Every suffix: a prefix scan over suffixes is a substring search (京A12, A123, 12345).
    const chars = [...v.plate];
    for (let i = 0; i < chars.length - 1; i++) {
      out.push({ term: chars.slice(i).join(''), kind: KIND.vehicle, entity_id: v.id, field: FIELD.plate });
    }
  }
  if (v.vin) {
    out.push({ term: v.vin, kind: KIND.vehicle, entity_id: v.id, field: FIELD.vin });
    out.push({ term: v.vin.slice(-8), kind: KIND.vehicle, entity_id: v.id, field: FIELD.vin });
    out.push({ term: v.vin.slice(-6), kind: KIND.vehicle, entity_id: v.id, field: FIELD.vin });
  }
  return dedupe(out);
}

export function repairOrderTerms(r: { id: number; roNumber: string }): Term[] {
  return [{ term: r.roNumber.toUpperCase(), kind: KIND.repairOrder, entity_id: r.id, field: FIELD.roNumber }];
}

function dedupe(terms: Term[]): Term[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = `${t.term}\u0000${t.field}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
