/**
 * 人民币大写 against hand-checked amounts (the rules' own examples among them) and two
 * properties: reading the capital back gives the amount, and 零 appears exactly where the digits
 * have an inner run of zeros (the conventions are in capital-amount.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capitalAmount } from '../../src-shared/domain/capital-amount';

/** [fen, expected] — worked out by hand. */
const CASES: [number, string][] = [
  // Zero and under one yuan
  [0, '零元整'],
  [1, '壹分'],
  [5, '伍分'],
  [9, '玖分'],
  [50, '伍角'],
  [90, '玖角'],
  [55, '伍角伍分'],
  [99, '玖角玖分'],
  // Yuan, 角, 分 and the 零 between them
  [100, '壹元整'],
  [300, '叁元整'],
  [105, '壹元零伍分'],
  [110, '壹元壹角'],
  [12345, '壹佰贰拾叁元肆角伍分'],
  [4850, '肆拾捌元伍角'],
  [32504, '叁佰贰拾伍元零肆分'],
  [100020, '壹仟元零贰角'],
  [200001, '贰仟元零壹分'],
  // The rules' examples (支付结算办法 附一)
  [140950, '壹仟肆佰零玖元伍角'],
  [600714, '陆仟零柒元壹角肆分'],
  [168032, '壹仟陆佰捌拾元零叁角贰分'],
  [10700053, '壹拾万柒仟元零伍角叁分'],
  // Ten and the powers of ten
  [1000, '壹拾元整'],
  [1050, '壹拾元零伍角'],
  [1100, '壹拾壹元整'],
  [1500, '壹拾伍元整'],
  [2000, '贰拾元整'],
  [10000, '壹佰元整'],
  [10100, '壹佰零壹元整'],
  [11000, '壹佰壹拾元整'],
  [100000, '壹仟元整'],
  [100100, '壹仟零壹元整'],
  [101000, '壹仟零壹拾元整'],
  [1000000, '壹万元整'],
  [1000100, '壹万零壹元整'],
  [1001000, '壹万零壹拾元整'],
  [1010000, '壹万零壹佰元整'],
  [1100000, '壹万壹仟元整'],
  [3000060, '叁万元零陆角'],
  [10000000, '壹拾万元整'],
  [10000010, '壹拾万元零壹角'],
  [10050000, '壹拾万零伍佰元整'],
  [100000000, '壹佰万元整'],
  [1000000000, '壹仟万元整'],
  [1000000001, '壹仟万元零壹分'],
  [99999999, '玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
  [1200700080, '壹仟贰佰万柒仟元零捌角'],
  [1200070080, '壹仟贰佰万零柒佰元零捌角'],
  [5000000001, '伍仟万元零壹分'],
  // 亿 and beyond
  [10000000000, '壹亿元整'],
  [10000000100, '壹亿零壹元整'],
  [10000500000, '壹亿零伍仟元整'],
  [10005000000, '壹亿零伍万元整'],
  [10001000000, '壹亿零壹万元整'],
  [10100000000, '壹亿零壹佰万元整'],
  [12345678900, '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整'],
  [110000000000, '壹拾壹亿元整'],
  [1000000000000, '壹佰亿元整'],
  [1000000000100, '壹佰亿零壹元整'],
  [100000000000000, '壹万亿元整'],
  [100010000000000, '壹万零壹亿元整'],
  [100005000000000, '壹万亿零伍仟万元整'],
  // Negative
  [-1230, '负壹拾贰元叁角'],
  [-5, '负伍分'],
  [-168032, '负壹仟陆佰捌拾元零叁角贰分'],
];

describe('capitalAmount', () => {
  it.each(CASES)('%d fen → %s', (fen, expected) => {
    expect(capitalAmount(fen)).toBe(expected);
  });

  it('has at least 40 hand-checked amounts', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses what is not an integer amount of fen', () => {
    for (const bad of [1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])
      expect(() => capitalAmount(bad)).toThrow(RangeError);
  });
});

const DIGIT = '零壹贰叁肆伍陆柒捌玖';
const UNIT: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };

/** Reads a capital amount back to fen (a reader written for the test, not the code under test). */
function parseCapital(text: string): number {
  let s = text;
  const negative = s.startsWith('负');
  if (negative) s = s.slice(1);
  s = s.replace(/整$/, '');
  let yuanText = '';
  let rest = s;
  const yuanAt = s.indexOf('元');
  if (yuanAt >= 0) {
    yuanText = s.slice(0, yuanAt);
    rest = s.slice(yuanAt + 1);
  }
  let yi = 0;
  let wan = 0;
  let section = 0;
  let num = 0;
  for (const ch of yuanText) {
    const d = DIGIT.indexOf(ch);
    if (d > 0) num = d;
    else if (d === 0) continue;
    else if (ch in UNIT) {
      section += num * UNIT[ch]!;
      num = 0;
    } else if (ch === '万') {
      wan += (section + num) * 10_000;
      section = 0;
      num = 0;
    } else if (ch === '亿') {
      yi = (yi + wan + section + num) * 100_000_000;
      wan = 0;
      section = 0;
      num = 0;
    } else throw new Error(`unexpected ${ch} in ${text}`);
  }
  const yuan = yi + wan + section + num;
  const jiao = /([壹贰叁肆伍陆柒捌玖])角/.exec(rest);
  const fen = /([壹贰叁肆伍陆柒捌玖])分/.exec(rest);
  const total = yuan * 100 + (jiao ? DIGIT.indexOf(jiao[1]!) * 10 : 0) + (fen ? DIGIT.indexOf(fen[1]!) : 0);
  return negative ? -total : total;
}

/**
 * How many 零 the conventions call for, from the digits alone: one per inner run of zeros in the
 * yuan, except a run that ends at the 万/亿 digit of a section that is not all zero; plus one
 * between 元 and 角/分 when there are yuan and (the 元 digit is 0 or 角 is 0) and 角/分 are not both 0.
 */
function expectedZeros(fen: number): number {
  const abs = Math.abs(fen);
  if (abs === 0) return 1;
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const cents = abs % 10;
  const digits = [...String(yuan)].reverse().map(Number); // digits[p]: position p (0 = 元)
  let zeros = 0;
  let p = digits.length - 1;
  while (p > 0) {
    if (digits[p] !== 0 && digits[p - 1] === 0) {
      let low = p - 1;
      while (low >= 0 && digits[low] === 0) low--;
      if (low >= 0) {
        const runLowest = low + 1;
        const sectionStart = runLowest;
        const sectionNonZero = runLowest % 4 === 0 && digits.slice(sectionStart, sectionStart + 4).some((d) => d !== 0);
        if (!sectionNonZero) zeros++;
      }
      p = low;
    } else p--;
  }
  if (yuan > 0 && (jiao > 0 || cents > 0) && (yuan % 10 === 0 || jiao === 0)) zeros++;
  return zeros;
}

describe('capitalAmount properties', () => {
  const amount = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });

  it('reads back to the same amount', () => {
    fc.assert(
      fc.property(amount, (fen) => {
        expect(parseCapital(capitalAmount(fen))).toBe(fen);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back for amounts made mostly of zeros (the inner-zero cases)', () => {
    const sparse = fc
      .array(fc.constantFrom(0, 0, 0, 1, 5, 9), { minLength: 1, maxLength: 14 })
      .map((ds) => Number(ds.join('')));
    fc.assert(
      fc.property(sparse, (fen) => {
        const capital = capitalAmount(fen);
        expect(parseCapital(capital)).toBe(fen);
        expect([...capital].filter((c) => c === '零').length).toBe(expectedZeros(fen));
      }),
      { numRuns: 3000 },
    );
  });

  it('is well formed: 零 never doubled, never first or last; 整 exactly when there are no 角 and 分', () => {
    fc.assert(
      fc.property(amount, (fen) => {
        const capital = capitalAmount(fen);
        expect(capital).toMatch(/^负?[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
        if (fen === 0) return;
        expect(capital).not.toMatch(/零零/);
        expect(capital.replace(/^负/, '')).not.toMatch(/^零/);
        expect(capital).not.toMatch(/零(元|万|亿|整)|零$/);
        expect(capital.endsWith('整')).toBe(Math.abs(fen) % 100 === 0);
        expect([...capital].filter((c) => c === '零').length).toBe(expectedZeros(fen));
      }),
      { numRuns: 3000 },
    );
  });
});
