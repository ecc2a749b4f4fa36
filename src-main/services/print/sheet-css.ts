import { PRINT_FONT_PLACEHOLDER, PRINT_FONT_STACK } from '../../../src-shared/print';

/**
 * The A4 report sheet shared by the daily report and the first-service hand-off sheet: the print
 * font, the page with "第 N 页 / 共 M 页" at the foot, the masthead (store, title, state), the line
 * under it and the stamp. Each template adds its own rules after it (title spacing, stamp colours).
 */
export const A4_REPORT_SHEET_CSS = `${PRINT_FONT_PLACEHOLDER}
@page {
  size: A4;
  margin: 12mm 12mm 15mm 12mm;
  @bottom-left { white-space: nowrap; font-family: ${PRINT_FONT_STACK}; font-size: 7.5pt; color: #555; }
  @bottom-center { white-space: nowrap; content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-family: ${PRINT_FONT_STACK}; font-size: 8pt; color: #222; }
  @bottom-right { white-space: nowrap; font-family: ${PRINT_FONT_STACK}; font-size: 7.5pt; color: #555; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${PRINT_FONT_STACK}; font-size: 9pt; line-height: 1.45; color: #111; }
.masthead { display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; padding-bottom: 2.5mm; border-bottom: 0.6mm solid #1f3a5f; }
.masthead .store { font-size: 10.5pt; font-weight: 700; color: #1f3a5f; }
.masthead h1 { margin: 0; font-size: 19pt; font-weight: 700; text-align: center; }
.masthead .state { justify-self: end; }
.sub { display: flex; justify-content: space-between; margin: 1.5mm 0 3mm; padding-top: 1mm; border-top: 0.2mm solid #1f3a5f; font-size: 9pt; }
.sub b { font-weight: 700; }
.stamp { display: inline-block; padding: 0.8mm 3mm; border: 0.5mm solid; border-radius: 1mm; font-size: 10pt; font-weight: 700; letter-spacing: 0.1em; }
`;

/**
 * A CSS string for the page-margin boxes. The text goes into <style>, where HTML escaping does not
 * apply, so anything that could end the string or the element is dropped.
 */
export const cssString = (s: string) => `"${s.replace(/["\\<>\r\n]/g, '')}"`;

/** The sheet's foot: `left` and `right` in the bottom corners (the page count sits between them). */
export function a4SheetFooterCss(left: string, right: string): string {
  return `@page { @bottom-left { content: ${cssString(left)}; } @bottom-right { content: ${cssString(right)}; } }`;
}
