import { type MergeField, parseTemplate } from '../../../src-shared/domain/letters';
import { PRINT_FONT_PLACEHOLDER, PRINT_FONT_STACK } from '../../../src-shared/print';
import { html, type RawHtml, raw } from '../print/html';

/**
 * The A4 letter: letterhead (logo, store name, address and phone), date, salutation, body
 * paragraphs, signature (门店名称 售后服务部) and a footer. One letter per page; the letters of a
 * batch come in the batch's order (the envelopes' order), each with its number in the footer so a
 * stuffed envelope can be checked against its letter.
 *
 * Merge values are customer text: they are escaped where they enter the HTML, like the template's
 * own words (a template is text, never markup).
 */

export type MergeValues = Record<MergeField, string>;

export interface LetterTemplateText {
  letterhead: string;
  body: string;
  /** data: URL of the logo to print, or null for none. */
  logo: string | null;
}

export interface LetterPage {
  values: MergeValues;
  /** Shown small in the footer: "第 3 封 · 邮编 100020". */
  mark: string;
}

/**
 * The template text with the values filled in (a line per line of the template). Letters use
 * MERGE_FIELDS; SMS passes its own fields (the letters' plus its appointment fields) and values.
 */
export function mergeText<F extends string = MergeField>(
  template: string,
  values: Record<F, string>,
  fields?: readonly F[],
): string {
  const parsed = parseTemplate<F>(template, fields);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.parts.map((p) => ('field' in p ? values[p.field] : p.text)).join('');
}

const CSS = `${PRINT_FONT_PLACEHOLDER}
@page { size: A4; margin: 16mm 22mm 14mm 22mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${PRINT_FONT_STACK}; color: #1a1a1a; }
.letter { min-height: 266mm; display: flex; flex-direction: column; break-after: page; page-break-after: always; }
.letter:last-child { break-after: auto; page-break-after: auto; }
.head { display: flex; align-items: center; gap: 5mm; padding-bottom: 3mm; border-bottom: 0.7mm solid #1f3a5f; }
.head img { height: 16mm; width: auto; max-width: 40mm; object-fit: contain; }
.head .lines { flex: 1; }
.head .store { font-size: 17pt; font-weight: 700; color: #1f3a5f; letter-spacing: 0.08em; line-height: 1.3; }
.head .sub { font-size: 9pt; color: #444; line-height: 1.5; }
.rule2 { height: 0; border-top: 0.25mm solid #1f3a5f; margin-top: 0.8mm; }
.date { margin: 9mm 0 6mm; text-align: right; font-size: 11pt; }
.body { font-size: 12pt; line-height: 2; }
.body p { margin: 0 0 1.5mm; text-indent: 2em; text-align: left; overflow-wrap: anywhere; }
.nw { white-space: nowrap; }
.body p.salutation { text-indent: 0; margin-bottom: 3mm; font-weight: 700; }
.sign { margin-top: 14mm; margin-left: auto; text-align: center; font-size: 12pt; line-height: 1.9; min-width: 60mm; }
.sign .store { font-weight: 700; }
.foot { margin-top: auto; padding-top: 3mm; border-top: 0.25mm solid #9aa6b5; display: flex; justify-content: space-between; gap: 6mm; font-size: 8pt; color: #555; line-height: 1.5; }
.foot .mark { white-space: nowrap; color: #888; }
`;

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Values that read wrong when split at the line end (a phone number, a plate, a date, a distance). */
const KEEP_TOGETHER: ReadonlySet<MergeField> = new Set([
  '车牌',
  '门店电话',
  '下次保养日期',
  '下次保养里程',
  '今天',
  '节日',
]);

/**
 * Each template line with the values filled in, as markup: the words escaped, each short value
 * kept on one line (a phone number or a plate is not split at the line end).
 */
function mergeLines(template: string, values: MergeValues): { text: string; html: RawHtml }[] {
  const out: { text: string; html: RawHtml }[] = [];
  for (const line of template.split('\n')) {
    const parsed = parseTemplate(line);
    if (!parsed.ok) throw new Error(parsed.message);
    const text = parsed.parts
      .map((p) => ('field' in p ? values[p.field] : p.text))
      .join('')
      .trim();
    if (text === '') continue;
    const parts = parsed.parts.map((p, i) => {
      if (!('field' in p)) {
        const t = i === 0 ? p.text.trimStart() : i === parsed.parts.length - 1 ? p.text.trimEnd() : p.text;
        return html`${t}`;
      }
      const v = values[p.field].replace(/\s*\n\s*/g, ' ');
      return KEEP_TOGETHER.has(p.field) && v.length <= 24 ? html`<span class="nw">${v}</span>` : html`${v}`;
    });
    out.push({ text, html: html`${parts}` });
  }
  return out;
}

function letterHtml(t: LetterTemplateText, page: LetterPage): RawHtml {
  const v = page.values;
  const [storeLine, ...subLines] = lines(mergeText(t.letterhead, v));
  const paragraphs = mergeLines(t.body, v).map((line, i) =>
    i === 0 && /[：:]$/.test(line.text) ? html`<p class="salutation">${line.html}</p>` : html`<p>${line.html}</p>`,
  );
  return html`<section class="letter">
  <header class="head">
    ${t.logo ? html`<img src="${t.logo}" alt="">` : null}
    <div class="lines">
      <div class="store">${storeLine ?? v.门店名称}</div>
      ${subLines.map((l) => html`<div class="sub">${l}</div>`)}
    </div>
  </header>
  <div class="rule2"></div>
  <div class="date">${v.今天}</div>
  <div class="body">${paragraphs}</div>
  <div class="sign"><div class="store">${v.门店名称}</div><div>售后服务部</div></div>
  <footer class="foot">
    <div>${v.门店名称}${v.门店地址 ? ` · ${v.门店地址}` : ''}${v.门店电话 ? ` · 服务热线 ${v.门店电话}` : ''}<br>如您不希望再收到此类信件，请来电告知，我们将不再打扰。</div>
    <div class="mark">${page.mark}</div>
  </footer>
</section>`;
}

/** A complete document: one page per letter, in the given order. */
export function lettersPrintHtml(title: string, t: LetterTemplateText, pages: readonly LetterPage[]): string {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}</style></head>
<body>${pages.map((p) => letterHtml(t, p))}</body></html>`.value;
}
