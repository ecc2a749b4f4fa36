import { PRINT_FONT_PLACEHOLDER, PRINT_FONT_STACK } from '../../../src-shared/print';
import { html, raw } from '../print/html';

/**
 * 旧件标签 (A4 portrait): 3 × 4 tags a sheet, dashed cut lines between them. Each tag: the tag
 * number (large), the part number and name, the RO number, VIN and claim number, the settlement
 * day, and a box to tick 返厂 or 报废. Tied to the part with a cable tie through the hole mark.
 * Every value goes through `html`: nothing typed is trusted. No customer names or phones.
 */

export interface OldPartTag {
  tagNo: string;
  partNumber: string;
  name: string;
  quantity: number;
  roNumber: string;
  vin: string | null;
  plate: string | null;
  model: string;
  claimNo: string | null;
  settledOn: string | null;
  claimTypeLabel: string;
}

export const TAGS_PER_SHEET = 12;
const COLS = 3;
const ROWS = 4;
/** The tag (mm); the grid is centred on the sheet. */
const TAG = { w: 64, h: 70 };

const CSS = `${PRINT_FONT_PLACEHOLDER}
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${PRINT_FONT_STACK}; color: #111; }
.sheet { position: relative; width: 210mm; height: 297mm; overflow: hidden; }
.sheet + .sheet { break-before: page; }
.grid { position: absolute; left: ${(210 - TAG.w * COLS) / 2}mm; top: ${(297 - TAG.h * ROWS) / 2 - 4}mm;
  display: grid; grid-template-columns: repeat(${COLS}, ${TAG.w}mm); grid-auto-rows: ${TAG.h}mm; }
.tag { position: relative; border: 0.25mm dashed #777; margin: 0 0 -0.25mm -0.25mm; padding: 3mm 3.5mm; display: flex; flex-direction: column; overflow: hidden; }
.tag .hole { position: absolute; top: 2.5mm; right: 3mm; width: 4.5mm; height: 4.5mm; border: 0.3mm solid #999; border-radius: 50%; }
.tag .head { font-size: 2.9mm; font-weight: 700; color: #1f3a5f; letter-spacing: 0.1em; }
.tag .store { font-size: 2.4mm; color: #555; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 50mm; }
.tag .no { margin: 1mm 0 1mm; font-size: 6.6mm; font-weight: 700; letter-spacing: 0.02em; font-variant-numeric: tabular-nums; white-space: nowrap; border-bottom: 0.4mm solid #1f3a5f; padding-bottom: 0.8mm; }
.tag > * { flex-shrink: 0; }
.tag .part { font-size: 3.6mm; font-weight: 700; line-height: 1.25; overflow: hidden; overflow-wrap: anywhere; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; }
.tag .pn { font-size: 3.2mm; font-variant-numeric: tabular-nums; margin-bottom: 1mm; overflow-wrap: anywhere; }
.tag dl { margin: 0; display: grid; grid-template-columns: auto 1fr; column-gap: 1.5mm; row-gap: 0.4mm; font-size: 2.9mm; line-height: 1.3; }
.tag dt { color: #555; white-space: nowrap; }
.tag dd { margin: 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
.tag .fate { margin-top: auto; display: flex; gap: 3mm; align-items: center; font-size: 3.2mm; border: 0.3mm solid #333; padding: 1mm 2mm; }
.tag .fate .box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.3mm solid #333; margin-right: 1mm; vertical-align: -0.5mm; }
.tag .fate .sig { margin-left: auto; color: #555; font-size: 2.6mm; }
.cutnote { position: absolute; left: 0; right: 0; bottom: 8mm; text-align: center; font-size: 3mm; color: #666; }
`;

function tag(t: OldPartTag, storeName: string) {
  return html`<div class="tag">
  <span class="hole"></span>
  <div class="head">三包/索赔旧件</div>
  <div class="store">${storeName}</div>
  <div class="no">${t.tagNo}</div>
  <div class="part">${t.name}${t.quantity !== 1 ? html` × ${t.quantity}` : ''}</div>
  <div class="pn">零件号：${t.partNumber || '—'}</div>
  <dl>
    <dt>工单号</dt><dd>${t.roNumber}</dd>
    <dt>车架号</dt><dd>${t.vin ?? '—'}</dd>
    <dt>车型</dt><dd>${t.model || '—'}${t.plate ? html`　${t.plate}` : ''}</dd>
    <dt>索赔单号</dt><dd>${t.claimNo ?? '（未上报）'}</dd>
    <dt>索赔类型</dt><dd>${t.claimTypeLabel}</dd>
    <dt>结算日期</dt><dd>${t.settledOn ?? '未结算'}</dd>
  </dl>
  <div class="fate"><span><span class="box"></span>返厂</span><span><span class="box"></span>报废</span><span class="sig">经手：______</span></div>
</div>`;
}

export function oldPartTagsHtml(
  tags: readonly OldPartTag[],
  context: { storeName: string },
): { title: string; html: string; pages: number } {
  const title = tags.length === 1 && tags[0] ? `旧件标签 ${tags[0].tagNo}` : `旧件标签（${tags.length} 个）`;
  const groups: OldPartTag[][] = [];
  for (let i = 0; i < tags.length; i += TAGS_PER_SHEET) groups.push(tags.slice(i, i + TAGS_PER_SHEET));
  const sheets = groups.map(
    (g) => html`<section class="sheet"><div class="grid">${g.map((t) => tag(t, context.storeName))}</div>
<div class="cutnote">沿虚线剪下，用扎带穿过圆孔系在旧件上；返厂或报废时在方框内打勾</div></section>`,
  );
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}</style></head>
<body>${sheets}</body></html>`;
  return { title, html: page.value, pages: Math.max(1, sheets.length) };
}
