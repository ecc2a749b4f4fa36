import { ENVELOPE_DIMENSIONS, type EnvelopeSize, type MailRecipient } from '../../../src-shared/domain/printing';
import { PRINT_FONT_PLACEHOLDER, PRINT_FONT_STACK } from '../../../src-shared/print';
import { html, type RawHtml, raw } from '../print/html';
import { addresseeLine } from './recipients';

/**
 * Envelopes after GB/T 1416-2003 (信封), printed landscape, one envelope per page at the exact size.
 *
 * Layout, in mm from the envelope's top-left corner (the face with the address):
 * - Recipient postcode: six boxes, each 8 wide × 10 high, 2 apart, the first 20 from the left
 *   and 10 from the top edge (so they span x 20–78, y 10–20). The standard prints these frames
 *   in gold-red (PANTONE 1795C); we draw them thin in that red for plain envelopes, or leave them
 *   out for envelopes that have them pre-printed (`boxes: false`), and put one digit centred in each.
 * - Machine-reading zone: the top-left 90 × 26 mm. Nothing but the boxes and their digits in it.
 * - Bar-code zone: GB/T 1416 keeps 55–160 mm from the right edge and below 20 mm from the bottom
 *   blank; we keep the whole bottom 20 mm strip blank (simpler, and stricter).
 * - Stamp area: the top-right STAMP_W × STAMP_H left empty (stamp frame 贴邮票处 and postmark).
 * - Recipient: address, then the name with 先生/女士 (or the company as it is), in the middle area,
 *   below the machine-reading zone.
 * - Sender (the store): address, name and "邮政编码 ……" at the bottom right, above the bottom strip.
 *
 * Sources: the standard's zones as widely quoted (left-top 90 × 26 mm reading zone; the bottom
 * 20 mm bar-code strip; sender "在离底边 20mm 以上"); the box size and position (8 × 10 mm, 2 mm
 * apart, 20 mm / 10 mm from the left / top) as given for the standard's figure — the text of the
 * standard itself was not at hand, so these are checked against a real envelope by the printer
 * calibration (the test page shows the boxes where they are printed).
 *
 * Every text block is a box of fixed position and size with `overflow: hidden`, so no customer
 * text can grow into a zone; `assertEnvelopeLayout` checks the boxes against the zones for every
 * size (run when this module loads, and in the tests).
 */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const POSTCODE_BOX = { left: 20, top: 10, w: 8, h: 10, gap: 2, count: 6 } as const;
export const MACHINE_ZONE = { w: 90, h: 26 } as const;
export const BOTTOM_STRIP_H = 20;
export const STAMP_W = 45;
export const STAMP_H = 32;
/** Gold-red of the postcode frames (PANTONE 1795C). */
export const POSTCODE_RED = '#d22630';

export interface EnvelopeLayout {
  widthMm: number;
  heightMm: number;
  postcodeBoxes: Rect[];
  recipient: Rect;
  sender: Rect;
  /** Font sizes in mm. */
  font: { postcode: number; address: number; name: number; sender: number };
  zones: { machine: Rect; bottom: Rect; stamp: Rect };
}

const SIZE_LAYOUT: Record<
  EnvelopeSize,
  { recipient: Rect; senderW: number; senderH: number; font: EnvelopeLayout['font'] }
> = {
  // 220 × 110: recipient 30–62, sender 67–89, bottom strip from 90.
  DL: {
    recipient: { x: 28, y: 31, w: 145, h: 33 },
    senderW: 105,
    senderH: 21,
    font: { postcode: 7, address: 4.6, name: 6.4, sender: 3.4 },
  },
  ZL: {
    recipient: { x: 30, y: 34, w: 155, h: 36 },
    senderW: 110,
    senderH: 22,
    font: { postcode: 7, address: 4.8, name: 6.6, sender: 3.5 },
  },
  C5: {
    recipient: { x: 40, y: 50, w: 150, h: 50 },
    senderW: 115,
    senderH: 26,
    font: { postcode: 7, address: 5.2, name: 7.2, sender: 3.8 },
  },
  C4: {
    recipient: { x: 70, y: 80, w: 200, h: 62 },
    senderW: 140,
    senderH: 30,
    font: { postcode: 7, address: 6.2, name: 8.6, sender: 4.2 },
  },
};

/** Gap between the sender block and the bottom strip / right edge. */
const SENDER_MARGIN = { right: 15, bottom: 2 } as const;

export function envelopeLayout(size: EnvelopeSize): EnvelopeLayout {
  const { widthMm: W, heightMm: H } = ENVELOPE_DIMENSIONS[size];
  const s = SIZE_LAYOUT[size];
  const postcodeBoxes = Array.from({ length: POSTCODE_BOX.count }, (_, i) => ({
    x: POSTCODE_BOX.left + i * (POSTCODE_BOX.w + POSTCODE_BOX.gap),
    y: POSTCODE_BOX.top,
    w: POSTCODE_BOX.w,
    h: POSTCODE_BOX.h,
  }));
  const sender = {
    x: W - SENDER_MARGIN.right - s.senderW,
    y: H - BOTTOM_STRIP_H - SENDER_MARGIN.bottom - s.senderH,
    w: s.senderW,
    h: s.senderH,
  };
  return {
    widthMm: W,
    heightMm: H,
    postcodeBoxes,
    recipient: s.recipient,
    sender,
    font: s.font,
    zones: {
      machine: { x: 0, y: 0, w: MACHINE_ZONE.w, h: MACHINE_ZONE.h },
      bottom: { x: 0, y: H - BOTTOM_STRIP_H, w: W, h: BOTTOM_STRIP_H },
      stamp: { x: W - STAMP_W, y: 0, w: STAMP_W, h: STAMP_H },
    },
  };
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
function inside(a: Rect, outer: Rect): boolean {
  return a.x >= outer.x && a.y >= outer.y && a.x + a.w <= outer.x + outer.w && a.y + a.h <= outer.y + outer.h;
}

/** Throws when a printed block of `size` would enter a zone that must stay blank. */
export function assertEnvelopeLayout(size: EnvelopeSize): void {
  const l = envelopeLayout(size);
  const page = { x: 0, y: 0, w: l.widthMm, h: l.heightMm };
  const blocks: [string, Rect][] = [
    ['recipient', l.recipient],
    ['sender', l.sender],
  ];
  for (const [name, r] of blocks) {
    if (!inside(r, page)) throw new Error(`envelope ${size}: ${name} block leaves the envelope`);
    for (const [zone, z] of Object.entries(l.zones))
      if (intersects(r, z)) throw new Error(`envelope ${size}: ${name} block enters the ${zone} zone`);
  }
  if (intersects(l.recipient, l.sender)) throw new Error(`envelope ${size}: recipient and sender blocks overlap`);
  for (const b of l.postcodeBoxes) {
    if (!inside(b, l.zones.machine)) throw new Error(`envelope ${size}: a postcode box leaves the reading zone`);
    if (intersects(b, l.zones.stamp)) throw new Error(`envelope ${size}: a postcode box enters the stamp area`);
  }
}
for (const size of Object.keys(ENVELOPE_DIMENSIONS) as EnvelopeSize[]) assertEnvelopeLayout(size);

export interface Sender {
  name: string;
  address: string;
  postalCode: string;
}

export interface EnvelopeOptions {
  size: EnvelopeSize;
  /** Printer calibration: the printed content moves right / down by these (mm, may be negative). */
  dxMm: number;
  dyMm: number;
  /** Draw the six postcode frames (plain envelopes); false for envelopes with them pre-printed. */
  boxes: boolean;
}

const mm = (n: number) => `${Math.round(n * 100) / 100}mm`;
const rectCss = (r: Rect) => `left:${mm(r.x)};top:${mm(r.y)};width:${mm(r.w)};height:${mm(r.h)};`;

export function envelopeCss(size: EnvelopeSize, extra = ''): string {
  const l = envelopeLayout(size);
  return `${PRINT_FONT_PLACEHOLDER}
@page { size: ${l.widthMm}mm ${l.heightMm}mm; margin: 0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${PRINT_FONT_STACK}; color: #000; }
.env { position: relative; width: ${l.widthMm}mm; height: ${l.heightMm}mm; overflow: hidden; break-inside: avoid; }
.env + .env { break-before: page; }
.content { position: absolute; left: 0; top: 0; width: ${l.widthMm}mm; height: ${l.heightMm}mm; }
.box { position: absolute; display: flex; align-items: center; justify-content: center; font-size: ${mm(l.font.postcode)}; line-height: 1; font-weight: 400; }
.box.framed { border: 0.3mm solid ${POSTCODE_RED}; }
.block { position: absolute; overflow: hidden; }
.recipient .addr { font-size: ${mm(l.font.address)}; line-height: 1.35; word-break: break-all; }
.recipient .addr.long { font-size: ${mm(l.font.address * 0.82)}; }
.recipient .name { margin-top: ${mm(l.font.address * 0.7)}; font-size: ${mm(l.font.name)}; font-weight: 700; line-height: 1.25; letter-spacing: 0.08em; padding-left: ${mm(l.font.address * 3)}; white-space: nowrap; }
.recipient .name.long { font-size: ${mm(l.font.name * 0.7)}; }
.sender { display: flex; flex-direction: column; justify-content: flex-end; align-items: flex-end; text-align: right; font-size: ${mm(l.font.sender)}; line-height: 1.4; }
.sender .sname { font-size: ${mm(l.font.sender * 1.15)}; font-weight: 700; }
${extra}`;
}

/** The store's block at the bottom right. */
export function senderHtml(l: EnvelopeLayout, sender: Sender): RawHtml {
  return html`<div class="block sender" style="${rectCss(l.sender)}">
  ${sender.address ? html`<div class="saddr">${sender.address}</div>` : ''}
  ${sender.name ? html`<div class="sname">${sender.name}</div>` : ''}
  ${sender.postalCode ? html`<div class="spost">邮政编码：${sender.postalCode}</div>` : ''}
</div>`;
}

export function postcodeBoxesHtml(l: EnvelopeLayout, postalCode: string, framed: boolean): RawHtml {
  const digits = postalCode.replace(/\s/g, '').slice(0, POSTCODE_BOX.count).split('');
  return html`${l.postcodeBoxes.map(
    (b, i) => html`<div class="box${framed ? ' framed' : ''}" style="${rectCss(b)}">${digits[i] ?? ''}</div>`,
  )}`;
}

const offsetStyle = (o: { dxMm: number; dyMm: number }) =>
  o.dxMm === 0 && o.dyMm === 0 ? '' : `transform: translate(${mm(o.dxMm)}, ${mm(o.dyMm)});`;

function oneEnvelope(l: EnvelopeLayout, r: MailRecipient, sender: Sender, o: EnvelopeOptions): RawHtml {
  const addressee = addresseeLine(r.name, r.salutation);
  // Rough capacity of one address line at the normal size: long ones step down a size.
  const perLine = l.recipient.w / l.font.address;
  return html`<section class="env"><div class="content" style="${offsetStyle(o)}">
${postcodeBoxesHtml(l, r.postalCode, o.boxes)}
<div class="block recipient" style="${rectCss(l.recipient)}">
  <div class="addr${r.address.length > perLine * 1.8 ? ' long' : ''}">${r.address}</div>
  <div class="name${addressee.length > 14 ? ' long' : ''}">${addressee}</div>
</div>
${senderHtml(l, sender)}
</div></section>`;
}

export function envelopesTitle(size: EnvelopeSize, count: number): string {
  return `信封 ${ENVELOPE_DIMENSIONS[size].label}（${count} 个）`;
}

/** One document, one envelope per page (one render for the whole batch). */
export function envelopesHtml(
  recipients: readonly MailRecipient[],
  sender: Sender,
  options: EnvelopeOptions,
): { title: string; html: string } {
  const l = envelopeLayout(options.size);
  const title = envelopesTitle(options.size, recipients.length);
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(envelopeCss(options.size))}</style></head>
<body>${recipients.map((r) => oneEnvelope(l, r, sender, options))}</body></html>`;
  return { title, html: page.value };
}
