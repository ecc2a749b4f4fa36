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

// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const CONTROL_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATE_ALL = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/**
 * Invisible marks that turn the direction of the text (Arabic letter mark, LRM/RLM, embeddings,
 * overrides, isolates): never typed in a Chinese store, and they make a name print or search
 * differently from how it looks ("Trojan Source").
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const BIDI_ALL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Line breaks of any kind: CR, LF, NEL is a control already, LINE and PARAGRAPH SEPARATOR. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * Removes control characters (including NUL and C1 controls) and lone UTF-16 surrogates that
 * must never reach the archive (a lone surrogate cannot be written as UTF-8: SQLite would store
 * invalid bytes). Tab, CR and LF are kept.
 */
export function stripControl(text: string): string {
  return text.replace(CONTROL_ALL, '').replace(LONE_SURROGATE_ALL, '');
}

/** C0 controls other than tab, CR and LF, DEL, and C1 controls (U+0080–U+009F). */
export function hasControlChars(text: string): boolean {
  return CONTROL.test(text);
}

/** A lone UTF-16 surrogate: half of an emoji or rare character broken by a copy or a bad decoder. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** What makes a piece of typed text unfit for the archive; null when it is fine. */
export type TextProblem = 'surrogate' | 'control' | 'bidi' | 'lineBreak';

/**
 * Checks text as it arrives at the boundary. Single-line fields (names, addresses, numbers) may
 * not break lines, except at either end (trimmed away); tabs are allowed in both kinds (single-line
 * fields fold them to a space, see foldTabs). Multi-line fields (notes, letter bodies, what the
 * customer said) may hold tab and newline; CR is allowed too (normalised to LF by the field).
 */
export function textProblem(text: string, multiline: boolean): TextProblem | null {
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  if (CONTROL.test(text)) return 'control';
  if (BIDI.test(text)) return 'bidi';
  if (!multiline && LINE_BREAK.test(text.trim())) return 'lineBreak';
  return null;
}

/** Single-line fields: a tab (pasted from a spreadsheet row) becomes a space. */
export function foldTabs(text: string): string {
  return text.replace(/\t/g, ' ');
}

/** Multi-line fields: CRLF, CR, LINE and PARAGRAPH SEPARATOR become LF. */
export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

/**
 * For search boxes, which are typed live (and fed by barcode scanners that send control
 * characters between fields): what cannot be searched for becomes a space rather than a refusal.
 */
export function cleanSearchText(text: string): string {
  return text
    .replace(LONE_SURROGATE_ALL, '')
    .replace(CONTROL_ALL, ' ')
    .replace(BIDI_ALL, '')
    .replace(/[\t\n\r\u2028\u2029]/g, ' ');
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
