/**
 * 人民币大写金额 (capital numerals for money) as the bank rules write them
 * (中国人民银行《支付结算办法》附一《正确填写票据和结算凭证的基本规定》).
 *
 * Digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 within a four-digit section and 万/亿 for the
 * sections, then 元角分. The conventions where the rules leave a choice, applied consistently:
 *
 * - 拾 always carries its digit: ¥10 → 壹拾元整, ¥100,000 → 壹拾万元整 (bank writing, so nothing
 *   can be put in front).
 * - 零: one 零 for a run of zeros between two non-zero digits (¥1,409.50 → 壹仟肆佰零玖元伍角;
 *   ¥6,007.14 → 陆仟零柒元壹角肆分). Across a section boundary: a section that starts with zeros
 *   after a higher non-zero section gets one 零 (¥100,500 → 壹拾万零伍佰元整), and so does a whole
 *   zero section (¥100,005,000 → 壹亿零伍仟元整, ¥100,000,001 → 壹亿零壹元整). When the 万 (or 亿)
 *   digit is 0 but the 千 digit after it is not, the rules allow 零 or none: we write none, the
 *   unit already closes the section (¥107,000.53 → 壹拾万柒仟元零伍角叁分, the rules' first form).
 * - Between 元 and 角: when the 元 digit is 0 and 角 is not, the rules allow 零 or none: we write
 *   零 (¥1,680.32 → 壹仟陆佰捌拾元零叁角贰分, the rules' first form). When 角 is 0 and 分 is not,
 *   零 is required (¥325.04 → 叁佰贰拾伍元零肆分).
 * - 整 after 元 when there are no 角 and 分 (¥100 → 壹佰元整). After 角 the rules make it optional:
 *   we write none (¥48.50 → 肆拾捌元伍角, as the rules' own example ¥1,409.50). Never after 分.
 * - Under one yuan: no 元 and no leading 零 (¥0.05 → 伍分, ¥0.50 → 伍角, ¥0.55 → 伍角伍分);
 *   ¥0.00 → 零元整.
 * - Negative amounts (a refund, a credit) start with 负: −¥12.30 → 负壹拾贰元叁角.
 */

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
/** Units inside a four-digit section, from its highest digit (千) down. */
const IN_SECTION = ['仟', '佰', '拾', ''] as const;
/** Section units from the lowest section up: 元 section, 万, 亿, 万亿. */
const SECTION_UNITS = ['', '万', '亿', '万'] as const;

/** The integer yuan part (0 < yuan < 10^16). */
function yuanCapital(yuan: number): string {
  const sections: number[] = [];
  for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10_000)) sections.push(rest % 10_000);
  let out = '';
  let pendingZero = false;
  for (let s = sections.length - 1; s >= 0; s--) {
    const section = sections[s]!;
    const digits = String(section).padStart(4, '0');
    for (let i = 0; i < 4; i++) {
      const d = Number(digits[i]);
      if (d === 0) {
        // A zero only counts once something has been written (no leading 零).
        if (out !== '') pendingZero = true;
        continue;
      }
      if (pendingZero) out += '零';
      pendingZero = false;
      out += DIGITS[d] + IN_SECTION[i]!;
    }
    if (section !== 0) {
      out += SECTION_UNITS[s]!;
      // The unit closes the section: a zero 万/亿 digit before a non-zero 千 gets no 零.
      pendingZero = false;
    } else if (s === 2 && sections[3]) {
      // 万亿 with a zero 亿 section: 壹万亿, not 壹万.
      out += '亿';
      pendingZero = true;
    }
  }
  return out;
}

/**
 * `fen` (integer) as capital numerals, e.g. 168032 → 壹仟陆佰捌拾元零叁角贰分.
 * Throws a RangeError for anything but a safe integer (a fraction of a fen, NaN, beyond ±2^53).
 */
export function capitalAmount(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`capitalAmount: ${fen} is not an integer amount in fen`);
  if (fen < 0) return `负${capitalAmount(-fen)}`;
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (fen === 0) return '零元整';
  let out = '';
  if (yuan > 0) {
    out = `${yuanCapital(yuan)}元`;
    if (jiao === 0 && cents === 0) return `${out}整`;
    // 元 digit 0 before a 角 (optional 零, we write it), or 角 0 before a 分 (required 零).
    if (jiao === 0 || yuan % 10 === 0) out += '零';
  }
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  if (cents > 0) out += `${DIGITS[cents]}分`;
  return out;
}
