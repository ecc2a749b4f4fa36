import { ENVELOPE_DIMENSIONS, type EnvelopeSize } from '../../../src-shared/domain/printing';
import { html, raw } from '../print/html';
import { envelopeCss, envelopeLayout, POSTCODE_RED, postcodeBoxesHtml } from './envelope.print';

/**
 * The calibration test page for one printer and envelope size: the envelope outline, a mm ruler
 * along the top and left edges, two crosshairs at known positions and how to measure. It is
 * printed with the printer's current offsets applied, so after saving new ones a second test
 * page shows whether they are right (the crosshairs then sit exactly where the page says).
 * The six postcode frames are drawn where envelopes print them, to compare with a real envelope.
 */

/** Crosshair A is at (CROSS_A, CROSS_A) mm from the top-left corner; B near the bottom right. */
export const CROSS_A = 50;
export function crossB(size: EnvelopeSize): { x: number; y: number } {
  const { widthMm, heightMm } = ENVELOPE_DIMENSIONS[size];
  return { x: widthMm - 30, y: heightMm - 15 };
}

const RULER = 8;
/** The instructions start right of the postcode frames (x 20–78) and crosshair A. */
const HOWTO_LEFT = 84;

function rulerSvg(w: number, h: number): string {
  const parts: string[] = [];
  const tick = (n: number) => (n % 10 === 0 ? 5 : n % 5 === 0 ? 3.5 : 2);
  for (let x = 1; x < w; x++) parts.push(`<line x1="${x}" y1="0" x2="${x}" y2="${tick(x)}"/>`);
  for (let y = 1; y < h; y++) parts.push(`<line x1="0" y1="${y}" x2="${tick(y)}" y2="${y}"/>`);
  const labels: string[] = [];
  for (let x = 10; x < w - 3; x += 10)
    labels.push(`<text x="${x}" y="${RULER - 0.6}" text-anchor="middle">${x}</text>`);
  for (let y = 10; y < h - 3; y += 10)
    labels.push(`<text x="${RULER - 2.2}" y="${y + 0.9}" text-anchor="middle">${y}</text>`);
  return `<g stroke="#000" stroke-width="0.12">${parts.join('')}</g><g class="rl">${labels.join('')}</g>`;
}

function crossSvg(x: number, y: number, label: string): string {
  return `<g stroke="#000" stroke-width="0.2"><line x1="${x - 8}" y1="${y}" x2="${x + 8}" y2="${y}"/><line x1="${x}" y1="${y - 8}" x2="${x}" y2="${y + 8}"/><circle cx="${x}" cy="${y}" r="2" fill="none"/></g><text class="cl" x="${x + 2.5}" y="${y - 2.5}">${label}</text>`;
}

export function calibrationTestPageHtml(
  size: EnvelopeSize,
  printer: string,
  current: { dxMm: number; dyMm: number },
): { title: string; html: string } {
  const l = envelopeLayout(size);
  const { widthMm: W, heightMm: H } = l;
  const b = crossB(size);
  const label = ENVELOPE_DIMENSIONS[size].label;
  const title = `信封校准测试页 ${label}`;
  const fontMm = size === 'C4' ? 4.2 : size === 'C5' ? 3.6 : 2.8;
  const css = envelopeCss(
    size,
    `svg.marks { position: absolute; left: 0; top: 0; }
svg .rl { font-size: 2.2px; font-family: inherit; }
svg .cl { font-size: 3px; font-weight: 700; font-family: inherit; }
.howto { position: absolute; left: ${HOWTO_LEFT}mm; top: ${RULER + 5}mm; width: ${W - HOWTO_LEFT - 6}mm; font-size: ${fontMm}mm; line-height: 1.4; }
.howto h1 { margin: 0 0 1mm; font-size: ${fontMm * 1.25}mm; }
.howto ol { margin: 0; padding-left: ${fontMm * 1.3}mm; }
.howto .now { margin-top: 1mm; font-weight: 700; }`,
  );
  const svg = `<svg class="marks" width="${W}mm" height="${H}mm" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">
<rect x="0.15" y="0.15" width="${W - 0.3}" height="${H - 0.3}" fill="none" stroke="${POSTCODE_RED}" stroke-width="0.3" stroke-dasharray="2 1"/>
${rulerSvg(W, H)}
${crossSvg(CROSS_A, CROSS_A, 'A')}
${crossSvg(b.x, b.y, 'B')}
</svg>`;
  const fmt = (n: number) => (n > 0 ? `+${n}` : String(n));
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(css)}</style></head>
<body><section class="env"><div class="content" style="${current.dxMm || current.dyMm ? `transform: translate(${current.dxMm}mm, ${current.dyMm}mm);` : ''}">
${raw(svg)}
${postcodeBoxesHtml(l, '', true)}
<div class="howto">
  <h1>信封打印校准：${printer}，${label}</h1>
  <ol>
    <li>像平时一样把一个信封放进打印机，打印本页。</li>
    <li>用直尺量十字 A 的中心：距信封左边缘应为 ${CROSS_A} 毫米，距上边缘应为 ${CROSS_A} 毫米。</li>
    <li>新的横向偏移 = 当前横向偏移 + (${CROSS_A} − 量得的距左边缘毫米数)；新的纵向偏移 = 当前纵向偏移 + (${CROSS_A} − 量得的距上边缘毫米数)。向右、向下为正。</li>
    <li>在“打印校准”里填入并保存，再打印一次本页核对。十字 B 应距左 ${b.x} 毫米、距上 ${b.y} 毫米，用来检查歪斜和缩放。</li>
  </ol>
  <div class="now">当前偏移：横向 ${fmt(current.dxMm)} 毫米，纵向 ${fmt(current.dyMm)} 毫米</div>
</div>
</div></section></body></html>`;
  return { title, html: page.value };
}
