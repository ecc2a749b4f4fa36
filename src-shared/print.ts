/**
 * What print templates and their two consumers (the print service in main, the preview in the
 * window) agree on about fonts.
 *
 * The Chinese font ships with the app (@fontsource/noto-sans-sc) so a PDF never depends on the
 * fonts of the PC it is made on. A template does not know where the font files are: it puts
 * PRINT_FONT_PLACEHOLDER inside its <style>, and whoever renders it substitutes the @font-face
 * rules with `withPrintFonts`: the print service with data: URLs (its Chromium never touches the
 * network or the disk), the preview with its own asset URLs.
 */

/** The font-family every template uses; its own name, so no installed font is mixed in. */
export const PRINT_FONT_FAMILY = 'ClerkDesk Print Sans';

/** CSS stack for templates: our font first, then common Chinese fonts should ours fail to load. */
export const PRINT_FONT_STACK = `'${PRINT_FONT_FAMILY}', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif`;

/** Put inside a template's <style>: replaced by the @font-face rules. A CSS comment, so harmless if left. */
export const PRINT_FONT_PLACEHOLDER = '/*@clerkdesk-print-fonts@*/';

/** The Latin subset's range (from @fontsource/noto-sans-sc/unicode.json): digits and letters use it. */
const LATIN_RANGE =
  'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD';

/** Where the four woff2 files are (data: URLs, asset URLs). */
export interface PrintFontUrls {
  /** noto-sans-sc-chinese-simplified-400-normal.woff2 */
  chinese400: string;
  /** noto-sans-sc-chinese-simplified-700-normal.woff2 */
  chinese700: string;
  /** noto-sans-sc-latin-400-normal.woff2 */
  latin400: string;
  /** noto-sans-sc-latin-700-normal.woff2 */
  latin700: string;
}

/**
 * @font-face rules for PRINT_FONT_FAMILY. The Chinese subset is declared first and without a range,
 * the Latin one last with its range: the browser tries later faces first, so digits and letters
 * come from the Latin file and everything else from the Chinese one.
 */
export function printFontFaceCss(urls: PrintFontUrls): string {
  const face = (url: string, weight: 400 | 700, range: string | null) =>
    `@font-face { font-family: '${PRINT_FONT_FAMILY}'; font-style: normal; font-weight: ${weight}; font-display: block; src: url("${url}") format('woff2');${range ? ` unicode-range: ${range};` : ''} }`;
  return [
    face(urls.chinese400, 400, null),
    face(urls.chinese700, 700, null),
    face(urls.latin400, 400, LATIN_RANGE),
    face(urls.latin700, 700, LATIN_RANGE),
  ].join('\n');
}

/**
 * The template's HTML with the placeholder replaced by the @font-face rules. Only the first one:
 * templates put it in <head>, before any customer text that might happen to spell it.
 */
export function withPrintFonts(html: string, urls: PrintFontUrls): string {
  const css = printFontFaceCss(urls);
  return html.replace(PRINT_FONT_PLACEHOLDER, () => css);
}
