import { RO_TYPE_LABELS, RO_TYPES, type RoType } from '../../../src-shared/domain/enums';
import { PRINT_FONT_PLACEHOLDER, PRINT_FONT_STACK } from '../../../src-shared/print';
import { html, raw } from '../print/html';

/**
 * The monthly 当月修理单 binders: spine labels (several per A4 sheet, with dashed cut lines) and
 * one cover sheet per binder (month, volume, RO range, counts by type). A month with many ROs
 * fills several binders of at most RO_PER_BINDER.
 */

export const RO_PER_BINDER = 200;
export const LABELS_PER_SHEET = 4;
/** Spine label size (mm): fits the spine of a 50–75 mm A4 lever-arch file. */
export const SPINE = { w: 48, h: 270 } as const;

export interface BinderVolume {
  volume: number;
  firstRo: string;
  lastRo: string;
  count: number;
  byType: Partial<Record<RoType, number>>;
}

export interface BinderData {
  month: string;
  storeName: string;
  volumes: BinderVolume[];
  total: number;
  byType: Partial<Record<RoType, number>>;
}

export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/**
 * The spine-label and cover-sheet rules every binder print shares (the monthly RO binders here and
 * 归档's binder labels and covers, filing/binder-sheets.print.ts); each adds its own .what/.range/h1 look.
 */
export const SPINE_SHEET_CSS = `${PRINT_FONT_PLACEHOLDER}
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${PRINT_FONT_STACK}; color: #111; }
.sheet { position: relative; width: 210mm; height: 297mm; overflow: hidden; }
.sheet + .sheet { break-before: page; }
.labels { position: absolute; left: ${(210 - SPINE.w * LABELS_PER_SHEET) / 2}mm; top: ${(297 - SPINE.h) / 2}mm; display: flex; }
.spine { width: ${SPINE.w}mm; height: ${SPINE.h}mm; border: 0.25mm dashed #777; margin-left: -0.25mm; display: flex; flex-direction: column; align-items: center; padding: 8mm 3mm; }
.spine .month { margin-top: 8mm; font-size: 9mm; font-weight: 700; writing-mode: vertical-rl; letter-spacing: 0.05em; }
.spine .vol { margin-top: 5mm; font-size: 5mm; writing-mode: vertical-rl; }
.spine .count { margin-top: 2mm; font-size: 4.2mm; font-weight: 700; }
.cutnote { position: absolute; left: 0; right: 0; bottom: 6mm; text-align: center; font-size: 3mm; color: #666; }
.cover { padding: 30mm 25mm; }
.cover .store { font-size: 6mm; font-weight: 700; text-align: center; color: #1f3a5f; }
.cover .vol { text-align: center; font-size: 8mm; }
.cover .range { margin-top: 10mm; text-align: center; font-size: 5.5mm; }
.cover table { margin: 14mm auto 0; border-collapse: collapse; font-size: 5mm; min-width: 110mm; }
.cover th, .cover td { border: 0.3mm solid #333; padding: 2mm 5mm; }
.cover th { background: #eef1f5; text-align: left; }
.cover td.n { text-align: right; }
.cover tr.sum td { font-weight: 700; }
.cover .sign { position: absolute; left: 25mm; right: 25mm; bottom: 30mm; display: flex; justify-content: space-between; font-size: 5mm; }
`;

const CSS = `${SPINE_SHEET_CSS}
.spine .store { font-size: 3.6mm; font-weight: 700; writing-mode: vertical-rl; letter-spacing: 0.1em; max-height: 70mm; overflow: hidden; }
.spine .what { margin-top: 6mm; font-size: 8mm; font-weight: 700; writing-mode: vertical-rl; letter-spacing: 0.3em; }
.spine .range { margin-top: auto; font-size: 3.4mm; line-height: 1.3; text-align: center; }
.cover h1 { margin: 18mm 0 6mm; font-size: 16mm; text-align: center; letter-spacing: 0.1em; }
`;

function typeRows(byType: Partial<Record<RoType, number>>) {
  return RO_TYPES.filter((t) => (byType[t] ?? 0) > 0).map(
    (t) => html`<tr><td>${RO_TYPE_LABELS[t]}</td><td class="n">${byType[t] ?? 0}</td></tr>`,
  );
}

export function binderLabelsHtml(data: BinderData): { title: string; html: string; pages: number } {
  const title = `修理单装订夹标签 ${monthLabel(data.month)}`;
  const volumes: BinderVolume[] = data.volumes.length
    ? data.volumes
    : [{ volume: 1, firstRo: '', lastRo: '', count: 0, byType: {} }];
  const many = volumes.length > 1;
  const sheets: BinderVolume[][] = [];
  for (let i = 0; i < volumes.length; i += LABELS_PER_SHEET) sheets.push(volumes.slice(i, i + LABELS_PER_SHEET));
  const spine = (v: BinderVolume) => html`<div class="spine">
  <div class="store">${data.storeName}</div>
  <div class="month">${monthLabel(data.month)}</div>
  <div class="what">修理单</div>
  ${many ? html`<div class="vol">第${v.volume}册</div>` : ''}
  <div class="range">${v.firstRo ? html`${v.firstRo}<br>至<br>${v.lastRo}` : ''}</div>
  <div class="count">共 ${v.count} 张</div>
</div>`;
  const labelSheets = sheets.map(
    (s) => html`<section class="sheet"><div class="labels">${s.map(spine)}</div>
<div class="cutnote">沿虚线剪下，插入装订夹脊的标签槽</div></section>`,
  );
  const covers = volumes.map(
    (v) => html`<section class="sheet cover">
  <div class="store">${data.storeName}</div>
  <h1>${monthLabel(data.month)} 修理单</h1>
  ${many ? html`<div class="vol">第 ${v.volume} 册 / 共 ${volumes.length} 册</div>` : ''}
  <div class="range">${v.firstRo ? html`工单号 ${v.firstRo} 至 ${v.lastRo}` : '本月没有修理单'}</div>
  <table>
    <thead><tr><th>维修类别</th><th>张数</th></tr></thead>
    <tbody>${typeRows(v.byType)}<tr class="sum"><td>${many ? '本册合计' : '合计'}</td><td class="n">${v.count}</td></tr>
    ${many ? html`<tr class="sum"><td>本月合计</td><td class="n">${data.total}</td></tr>` : ''}</tbody>
  </table>
  <div class="sign"><span>整理人：____________</span><span>归档日期：____________</span></div>
</section>`,
  );
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}</style></head>
<body>${labelSheets}${covers}</body></html>`;
  return { title, html: page.value, pages: labelSheets.length + covers.length };
}
