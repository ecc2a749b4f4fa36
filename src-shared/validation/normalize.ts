/** Full-width ASCII (Ｆ１２３, full-width space) to half-width; DMS exports and IME input carry both. */
export function toHalfWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0x3000) out += ' ';
    else if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else out += ch;
  }
  return out;
}

/** Removes control characters (including NUL) that must never reach the archive. */
export function stripControl(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

export function hasControlChars(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

/**
 * Free text (names, addresses, notes): full-width digits, Latin letters and spaces become
 * half-width, but Chinese punctuation（，。：）stays as the clerk wrote it.
 */
export function normalizeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0x3000) out += ' ';
    else if (
      (code >= 0xff10 && code <= 0xff19) ||
      (code >= 0xff21 && code <= 0xff3a) ||
      (code >= 0xff41 && code <= 0xff5a)
    )
      out += String.fromCodePoint(code - 0xfee0);
    else out += ch;
  }
  return out.trim();
}

/** 京A·12345, 京a 12345 → 京A12345 */
export function normalizePlate(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s·•.\-_]/g, '')
    .toUpperCase();
}

export function normalizeVin(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s\-_]/g, '')
    .toUpperCase();
}

/**
 * +86 138 0013 8000, 0086-13800138000, 138-0013-8000 → 13800138000.
 * Landlines become `area-number[-extension]`: 010 12345678 and 01012345678 → 010-12345678
 * (area codes 010 and 02x have three digits, all others four).
 */
export function normalizePhone(text: string): string {
  let s = toHalfWidth(text)
    .trim()
    .replace(/[()（）]/g, ' ')
    .trim();
  s = s.replace(/^(\+86|0086)[\s-]*/, '');
  const digits = s.replace(/[\s-]/g, '');
  if (/^1\d{10}$/.test(digits)) return digits;
  const separated = /^(0\d{2,3})[\s-]+(\d{7,8})(?:[\s-]*(?:转|ext\.?)?\s*(\d{1,6}))?$/i.exec(s);
  if (separated) return `${separated[1]}-${separated[2]}${separated[3] ? `-${separated[3]}` : ''}`;
  if (/^0\d{9,11}$/.test(digits)) {
    const areaLength = /^0[12]/.test(digits) ? 3 : 4;
    const number = digits.slice(areaLength);
    if (number.length >= 7 && number.length <= 8) return `${digits.slice(0, areaLength)}-${number}`;
  }
  return s.replace(/\s+/g, '');
}
