import { pinyin } from 'pinyin-pro';
import { normalizePhone, toHalfWidth } from '../../../src-shared/validation/normalize';

export const KIND = { customer: 1, vehicle: 2, repairOrder: 3 } as const;
export const FIELD = { plate: 1, vin: 2, phone: 3, name: 4, pinyin: 5, roNumber: 6 } as const;

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

export function pinyinKeys(name: string): { initials: string; full: string } | null {
  if (!/[\u4e00-\u9fff]/.test(name)) return null;
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
    if (chars.length >= 3)
      out.push({ term: chars.slice(1).join(''), kind: KIND.customer, entity_id: c.id, field: FIELD.name });
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
