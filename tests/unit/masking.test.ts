import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskName, maskNameOrNull, maskPhone, maskPhoneOrNull } from '../../src-shared/domain/masking';

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** `part` is a subsequence of `whole`: masking only hides, it never invents or reorders digits. */
function isSubsequence(part: string, whole: string): boolean {
  let i = 0;
  for (const ch of whole) if (i < part.length && part[i] === ch) i++;
  return i === part.length;
}

describe('maskPhone', () => {
  it('masks mobiles, landlines and the rest as the clerk expects', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('008613812345678')).toBe('138****5678');
    expect(maskPhone('010-12345678')).toBe('010-****5678');
    expect(maskPhone('01012345678')).toBe('010-****5678');
    expect(maskPhone('0755-1234567')).toBe('0755-****4567');
    expect(maskPhone('0571 8888 6666')).toBe('0571-****6666');
    expect(maskPhone('010-12345678-801')).toBe('010-****5678');
    expect(maskPhone('87654321')).toBe('****4321');
    expect(maskPhone('400-123-4567')).toBe('****4567');
    expect(maskPhone('12345')).toBe('****45');
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone('0755-12')).toBe('0755-****');
  });

  it('handles empty and digit-less input', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('   ')).toBe('');
    expect(maskPhone(null)).toBe('');
    expect(maskPhone(undefined)).toBe('');
    expect(maskPhone('无')).toBe('');
    expect(maskPhoneOrNull(null)).toBeNull();
    expect(maskPhoneOrNull('13812345678')).toBe('138****5678');
  });

  const phoneLike = fc.oneof(
    fc.stringMatching(/^1[3-9]\d{9}$/),
    fc.stringMatching(/^0\d{2,3}-\d{5,8}(-\d{1,4})?$/),
    fc.stringMatching(/^(\+86 ?)?[\d -]{0,20}$/),
    fc.string({ maxLength: 30 }),
  );

  it('never shows more than the allowed digits, in order, and always hides some (property)', () => {
    fc.assert(
      fc.property(phoneLike, (raw) => {
        const out = maskPhone(raw);
        const shown = digitsOf(out);
        const given = digitsOf(raw);
        expect(isSubsequence(shown, given)).toBe(true);
        // At most an area code or mobile prefix (≤4) before the mask and 4 digits after it.
        expect(shown.length).toBeLessThanOrEqual(8);
        if (given.length > 0 && out !== '') {
          const star = out.indexOf('*');
          expect(star).toBeGreaterThanOrEqual(0);
          expect(digitsOf(out.slice(0, star)).length).toBeLessThanOrEqual(4);
          expect(digitsOf(out.slice(star)).length).toBeLessThanOrEqual(4);
        }
        // A mobile shows exactly 7 of its 11 digits.
        if (/^1\d{10}$/.test(raw)) expect(shown).toBe(`${raw.slice(0, 3)}${raw.slice(7)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(phoneLike, (raw) => {
        const once = maskPhone(raw);
        expect(maskPhone(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('maskName', () => {
  it('keeps the surname of a person, two characters of a compound surname', () => {
    expect(maskName('王小明')).toBe('王**');
    expect(maskName('王五')).toBe('王**');
    expect(maskName('王')).toBe('王**');
    expect(maskName(' 张 三丰 ')).toBe('张**');
    expect(maskName('欧阳明辉')).toBe('欧阳**');
    expect(maskName('司马光')).toBe('司马**');
    // Two characters only: 欧 is the surname (a compound surname needs a given name after it).
    expect(maskName('欧阳')).toBe('欧**');
    expect(maskName('王先生')).toBe('王**');
  });

  it('keeps at most two characters and the legal form of a company', () => {
    expect(maskName('北京某某汽车租赁有限公司')).toBe('北京**有限公司');
    expect(maskName('华为公司')).toBe('华**公司');
    expect(maskName('某公司')).toBe('**公司');
    expect(maskName('老王汽车修理厂')).toBe('老王**厂');
    // A short name ending in 店/厂 is a person's, not a shop's.
    expect(maskName('李建站')).toBe('李**');
  });

  it('handles empty, short and non-Chinese names', () => {
    expect(maskName('')).toBe('');
    expect(maskName('  ')).toBe('');
    expect(maskName(null)).toBe('');
    expect(maskNameOrNull(null)).toBeNull();
    expect(maskName('John Smith')).toBe('J**');
    expect(maskName('A')).toBe('A**');
    expect(maskName('已匿名客户#12')).toBe('已**');
  });

  const nameLike = fc.oneof(
    fc.stringMatching(/^[\u4e00-\u9fa5]{1,5}$/),
    fc
      .constantFrom('欧阳', '司马', '诸葛', '上官')
      .chain((s) => fc.stringMatching(/^[\u4e00-\u9fa5]{0,3}$/).map((g) => s + g)),
    fc.stringMatching(/^[\u4e00-\u9fa5]{1,10}(有限公司|公司|集团|店|厂)$/),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
  );

  it('shows at most two characters of the name itself, from its start (property)', () => {
    fc.assert(
      fc.property(nameLike, (raw) => {
        const out = maskName(raw);
        const input = raw.trim().replace(/\s+/g, ' ');
        if (input === '') {
          expect(out).toBe('');
          return;
        }
        expect(out).toContain('**');
        const shown = out.slice(0, out.indexOf('**'));
        expect([...shown].length).toBeLessThanOrEqual(2);
        expect(input.replace(/ /g, '').startsWith(shown.replace(/ /g, ''))).toBe(true);
        // What follows the mask is only a company's legal form, taken from the end of the input.
        const after = out.slice(out.indexOf('**') + 2);
        if (after !== '') expect(input.endsWith(after)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(nameLike, (raw) => {
        const once = maskName(raw);
        expect(maskName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});
