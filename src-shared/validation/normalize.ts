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

export function normalizeText(text: string): string {
  return toHalfWidth(text).trim();
}

/** 京A·12345, 京a 12345 → 京A12345 */
export function normalizePlate(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s·•.\-_]/g, '')
    .toUpperCase();
}

export function normalizeVin(text: string): string {
  return toHalfWidth(text).replace(/[\s\-_]/g, '').toUpperCase();
}

/** +86 138 0013 8000, 0086-13800138000, 138-0013-8000 → 13800138000; landlines keep one dash after the area code. */
export function normalizePhone(text: string): string {
  let s = toHalfWidth(text).trim().replace(/[\s()（）]/g, '');
  s = s.replace(/^(\+86|0086)-?/, '');
  const digits = s.replace(/-/g, '');
  if (/^1\d{10}$/.test(digits)) return digits;
  const landline = /^(0\d{2,3})-?(\d{7,8})(?:-?转?(\d{1,6}))?$/.exec(s);
  if (landline) return `${landline[1]}-${landline[2]}${landline[3] ? `-${landline[3]}` : ''}`;
  return s;
}
