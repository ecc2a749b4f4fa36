import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64, multilineProse, multilineText, prose, searchText, text } from '../../src-shared/contract/fields';
import { isRealDate, toInstant } from '../../src-shared/validation/dates';
import { formatFen, parseYuanToFen } from '../../src-shared/validation/money';
import {
  normalizePhone,
  normalizePlate,
  stripControl,
  textProblem,
  toHalfWidth,
} from '../../src-shared/validation/normalize';
import {
  isMobile,
  isValidPlate,
  isValidVin,
  vinCheckDigit,
  vinProblem,
  withCheckDigit,
} from '../../src-shared/validation/vehicle-ids';

describe('plates', () => {
  it.each(['京A12345', '沪B9X8Y7', '粤BD12345', '京AFK1234', '浙A12345D', '川A1234学'])('accepts %s', (p) => {
    expect(isValidPlate(p)).toBe(true);
  });
  it.each(['京A1234', '京I12345', 'AA12345', '京A123456', '京AD12345X', '', '京A1234O'])('refuses %s', (p) => {
    expect(isValidPlate(p)).toBe(false);
  });
  it('normalises separators, case and full-width', () => {
    expect(normalizePlate('京a·12345')).toBe('京A12345');
    expect(normalizePlate(' 京Ａ １２３４５ ')).toBe('京A12345');
  });
});

describe('VIN', () => {
  it('computes the ISO 3779 check digit of a known VIN', () => {
    // 1M8GDM9AXKP042788 is the textbook example: check digit X.
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(isValidVin('1M8GDM9AXKP042788')).toBe(true);
  });
  it('names what is wrong', () => {
    expect(vinProblem('1M8GDM9AXKP04278')).toBe('length');
    expect(vinProblem('1M8GDM9AXKP04278O')).toBe('characters');
    expect(vinProblem('1M8GDM9A1KP042788')).toBe('checkDigit');
  });
  it('withCheckDigit always yields a valid VIN, and changing any one character breaks it (property)', () => {
    const chars = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
    const vinArb = fc.array(fc.constantFrom(...chars), { minLength: 17, maxLength: 17 }).map((a) => a.join(''));
    fc.assert(
      fc.property(vinArb, fc.integer({ min: 0, max: 16 }), fc.constantFrom(...chars), (raw, pos, ch) => {
        const vin = withCheckDigit(raw);
        expect(isValidVin(vin)).toBe(true);
        if (pos === 8 || vin[pos] === ch) return;
        const changed = vin.slice(0, pos) + ch + vin.slice(pos + 1);
        // A single substitution changes the weighted sum unless the weight is 0 (position 9 itself)
        // or the transliterated values coincide (e.g. A and J are both 1).
        const same = (a: string, b: string) =>
          vinCheckDigit(`${a}0000000000000000`.slice(0, 17)) === vinCheckDigit(`${b}0000000000000000`.slice(0, 17));
        if (!same(vin[pos] ?? '', ch)) expect(isValidVin(changed)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('phones', () => {
  it.each([
    ['+86 138 0013 8000', '13800138000'],
    ['0086-13800138000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['010 12345678', '010-12345678'],
    ['0571-8888888', '0571-8888888'],
  ])('normalises %s', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });
  it('knows mainland mobiles', () => {
    expect(isMobile('13800138000')).toBe(true);
    expect(isMobile('12800138000')).toBe(false);
    expect(isMobile('1380013800')).toBe(false);
  });
});

describe('dates', () => {
  it('accepts real dates only', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
    expect(isRealDate('2026/11/22')).toBe(false);
  });
  it('turns common forms into instants with the store offset', () => {
    expect(toInstant('2026-11-22 08:30')).toBe('2026-11-22T08:30:00+08:00');
    expect(toInstant('2026-11-22')).toBe('2026-11-22T00:00:00+08:00');
    expect(toInstant('2026-11-22T08:30:00+08:00')).toBe('2026-11-22T08:30:00+08:00');
    expect(toInstant('2026-11-31 08:30')).toBeNull();
    expect(toInstant('2026-11-22 25:00')).toBeNull();
  });
});

describe('money', () => {
  it('parses yuan into fen', () => {
    expect(parseYuanToFen('¥1,234.50')).toBe(123450);
    expect(parseYuanToFen('1234.5元')).toBe(123450);
    expect(parseYuanToFen('0.07')).toBe(7);
    expect(parseYuanToFen('12.345')).toBeNull();
    expect(parseYuanToFen('abc')).toBeNull();
  });
  it('round-trips any amount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), (fen) => {
        expect(parseYuanToFen(formatFen(fen))).toBe(fen);
      }),
    );
  });
  it('full-width is folded', () => {
    expect(toHalfWidth('ＡＢＣ１２３　')).toBe('ABC123 ');
  });
});

describe('free text', () => {
  it('keeps Chinese punctuation and folds full-width letters and digits', async () => {
    const { normalizeText } = await import('../../src-shared/validation/normalize');
    expect(normalizeText('  DMS 漏录，已补录。ＲＯ１２３　')).toBe('DMS 漏录，已补录。RO123');
  });
});

describe('text at the boundary (issue 10)', () => {
  const utf8RoundTrips = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s)) === s;
  const message = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
    r.success ? null : (r.error?.issues[0]?.message ?? '');

  it.each([
    ['张\uD800三', 'surrogate'],
    ['\uDC00张三', 'surrogate'],
    ['张三\uDBFF', 'surrogate'],
    ['张\u0000三', 'control'],
    ['张\u001b[31m三', 'control'],
    ['张\u007f三', 'control'],
    ['张\u0085三', 'control'],
    ['张\u202e三', 'bidi'],
    ['张\u200f三', 'bidi'],
    ['张\u2066三\u2069', 'bidi'],
    ['张\n三', 'lineBreak'],
    ['张\r三', 'lineBreak'],
    ['张\u2028三', 'lineBreak'],
  ])('a single-line field refuses %j (%s)', (raw, problem) => {
    expect(textProblem(raw, false)).toBe(problem);
    const r = text(60).safeParse(raw);
    expect(r.success).toBe(false);
    expect(message(r)).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each(['张三', '😀 陈🚗', '𠮷野家', '  张三\r\n', 'A\tB'])('a single-line field accepts %j', (raw) => {
    expect(textProblem(raw, false)).toBeNull();
    expect(text(60).safeParse(raw).success).toBe(true);
  });

  it('a single-line field folds a tab to a space and trims line breaks at the ends', () => {
    expect(text(60).parse('张\t三\r\n')).toBe('张 三');
    expect(prose(60).parse('\t客户说：\t车已卖 ')).toBe('客户说： 车已卖');
  });

  it('a multi-line field keeps tab and newline, CRLF becoming LF, and refuses the rest', () => {
    expect(multilineText(2000).parse('第一行\r\n第二行\r第三行\t完')).toBe('第一行\n第二行\n第三行\t完');
    expect(multilineProse(200).parse('客户说：\n“下周再来”')).toBe('客户说：\n“下周再来”');
    for (const bad of ['第一行\n\u0000', '第一行\n\uD83D', '\u202e第一行']) {
      expect(multilineText(2000).safeParse(bad).success).toBe(false);
      expect(multilineProse(200).safeParse(bad).success).toBe(false);
    }
  });

  it('the messages say what is wrong', () => {
    expect(message(text(60).safeParse('张\uD800三'))).toContain('无法识别的字符');
    expect(message(text(60).safeParse('张\u0000三'))).toContain('控制字符');
    expect(message(text(60).safeParse('张\u202e三'))).toContain('文字方向');
    expect(message(text(60).safeParse('张\n三'))).toContain('不能换行');
  });

  it('a search box drops what cannot be searched for instead of refusing', () => {
    expect(searchText(100).parse('京A\uD800123\u0000')).toBe('京A123');
    expect(searchText(100).parse('\u202e138\t0013\r\n')).toBe('138 0013');
  });

  it('a base64 field takes only its alphabet', () => {
    expect(base64(100, '太大').safeParse('SGVsbG8=').success).toBe(true);
    expect(base64(100, '太大').safeParse('SGVs\r\nbG8=\n').success).toBe(true);
    for (const bad of ['', 'SGVs bG8=!', 'SGVsbG8===', '5L2g\uD800', '=SGV']) {
      expect(base64(100, '太大').safeParse(bad).success, bad).toBe(false);
    }
  });

  it('whatever is typed, what a text field lets through is well-formed and round-trips through UTF-8 (property)', () => {
    const odd = fc.constantFrom('\uD800', '\uDFFF', '\u0000', '\u001b', '\u0085', '\u202e', '\u200f', '\n', '\t', '😀');
    const typed = fc
      .array(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), odd), { maxLength: 6 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(typed, (raw) => {
        for (const schema of [text(200), multilineText(200), prose(200), multilineProse(200), searchText(200)]) {
          const r = schema.safeParse(raw);
          if (!r.success) {
            expect(message(r)).toMatch(/[\u4e00-\u9fff]/);
            continue;
          }
          expect(utf8RoundTrips(r.data)).toBe(true);
          expect(textProblem(r.data, true)).toBeNull();
        }
        expect(utf8RoundTrips(stripControl(raw))).toBe(true);
      }),
      { numRuns: 500, seed: 10 },
    );
  });
});
