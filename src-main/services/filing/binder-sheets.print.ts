import type { Binder } from '../../../src-shared/domain/filing';
import { html, raw } from '../print/html';
import { LABELS_PER_SHEET, monthLabel, SPINE_SHEET_CSS } from '../printing/binder-labels.print';

/**
 * 资料夹标签和封面 (issue 13): for any binders chosen — monthly binders of any series (当月修理单,
 * 保修登记/PDI …) or vehicle bags (一车一档) — spine labels, several per A4 sheet with dashed cut
 * lines, then one cover sheet per binder. The same look as the monthly RO binder labels
 * (printing/binder-labels.print.ts). Every value goes through `html`: nothing typed is trusted.
 * No customer names or phones: a binder's paper names the month, the series or the vehicle only.
 */

export interface BinderSheet {
  binder: Binder;
  /** The series' label (monthly), else null. */
  seriesLabel: string | null;
  /** RO numbers of its papers, first and last (monthly RO binders). */
  firstRo: string | null;
  lastRo: string | null;
  /** Papers filed, counted by kind. */
  byKind: { label: string; count: number }[];
  /** A vehicle bag's model. */
  model: string | null;
}

const CSS = `${SPINE_SHEET_CSS}
.spine .store { font-size: 3.6mm; font-weight: 700; writing-mode: vertical-rl; letter-spacing: 0.1em; max-height: 60mm; overflow: hidden; }
.spine .what { margin-top: 6mm; font-size: 7mm; font-weight: 700; writing-mode: vertical-rl; letter-spacing: 0.2em; max-height: 90mm; overflow: hidden; }
.spine .range { margin-top: auto; font-size: 3.4mm; line-height: 1.3; text-align: center; word-break: break-all; }
.spine .shelf { margin-top: 2mm; font-size: 3.2mm; text-align: center; }
.cover .month { margin-top: 16mm; font-size: 9mm; font-weight: 700; text-align: center; letter-spacing: 0.05em; }
.cover h1 { margin: 4mm 0 6mm; font-size: 14mm; line-height: 1.2; text-align: center; letter-spacing: 0.08em; }
.cover .facts { margin-top: 8mm; text-align: center; font-size: 4.5mm; color: #333; }
`;

const vehicleName = (b: Binder) => b.plate ?? b.vin ?? '';

function spine(s: BinderSheet, storeName: string) {
  const b = s.binder;
  if (b.scheme === 'vehicle')
    return html`<div class="spine">
  <div class="store">${storeName}</div>
  <div class="month">${vehicleName(b)}</div>
  <div class="what">车辆档案</div>
  <div class="range">${b.vin ?? ''}${s.model ? html`<br>${s.model}` : ''}</div>
  <div class="shelf">${b.shelf}</div>
  <div class="count">共 ${b.papers} 份</div>
</div>`;
  return html`<div class="spine">
  <div class="store">${storeName}</div>
  <div class="month">${b.month ? monthLabel(b.month) : ''}</div>
  <div class="what">${s.seriesLabel ?? ''}</div>
  <div class="vol">第${b.volume}册</div>
  <div class="range">${s.firstRo ? html`${s.firstRo}<br>至<br>${s.lastRo ?? ''}` : ''}</div>
  <div class="shelf">${b.shelf}</div>
  <div class="count">共 ${b.papers} 份</div>
</div>`;
}

function cover(s: BinderSheet, storeName: string) {
  const b = s.binder;
  const rows = s.byKind.map((k) => html`<tr><td>${k.label}</td><td class="n">${k.count}</td></tr>`);
  const heading =
    b.scheme === 'vehicle'
      ? html`<h1>车辆档案</h1><div class="vol">${vehicleName(b)}</div>
  <div class="range">${b.vin ? html`车架号 ${b.vin}` : ''}${s.model ? html`　车型 ${s.model}` : ''}</div>`
      : html`<div class="month">${b.month ? monthLabel(b.month) : ''}</div><h1>${s.seriesLabel ?? ''}</h1><div class="vol">第 ${b.volume} 册</div>
  <div class="range">${s.firstRo ? html`工单号 ${s.firstRo} 至 ${s.lastRo ?? ''}` : ''}</div>`;
  return html`<section class="sheet cover">
  <div class="store">${storeName}</div>
  ${heading}
  <table>
    <thead><tr><th>资料类型</th><th>份数</th></tr></thead>
    <tbody>${rows}<tr class="sum"><td>合计</td><td class="n">${b.papers}</td></tr></tbody>
  </table>
  <div class="facts">存放位置：${b.shelf || '—'}　已用位置：${b.positions}${b.scheme === 'monthly' ? html` / ${b.capacity}` : ''}</div>
  <div class="sign"><span>整理人：____________</span><span>装订日期：____________</span></div>
</section>`;
}

export function binderSheetsHtml(
  sheets: readonly BinderSheet[],
  context: { storeName: string; printedAt: string },
): { title: string; html: string; pages: number } {
  const title =
    sheets.length === 1 && sheets[0]
      ? `资料夹标签和封面 ${sheets[0].binder.title}`
      : `资料夹标签和封面（${sheets.length} 个）`;
  const groups: BinderSheet[][] = [];
  for (let i = 0; i < sheets.length; i += LABELS_PER_SHEET) groups.push(sheets.slice(i, i + LABELS_PER_SHEET));
  const labelSheets = groups.map(
    (g) => html`<section class="sheet"><div class="labels">${g.map((s) => spine(s, context.storeName))}</div>
<div class="cutnote">沿虚线剪下，插入资料夹脊的标签槽</div></section>`,
  );
  const covers = sheets.map((s) => cover(s, context.storeName));
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}</style></head>
<body>${labelSheets}${covers}</body></html>`;
  return { title, html: page.value, pages: labelSheets.length + covers.length };
}
