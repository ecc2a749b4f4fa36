import { capitalAmount } from '../../../src-shared/domain/capital-amount';
import { PAYER_LABELS, RO_TYPE_LABELS } from '../../../src-shared/domain/enums';
import type { RepairOrderDetail } from '../../../src-shared/domain/records';
import type { SettlementForm } from '../../../src-shared/domain/settlement';
import { PRINT_FONT_PLACEHOLDER, PRINT_FONT_STACK } from '../../../src-shared/print';
import { formatFen } from '../../../src-shared/validation/money';
import { html, type RawHtml, raw } from '../print/html';

/** Everything one settlement sheet prints. */
export interface SettlementPrintData {
  store: { name: string; address: string; phone: string };
  ro: RepairOrderDetail;
  /** The RO's own next service, else the vehicle's service summary (`fromSummary`), else nothing. */
  nextService: { date: string | null; mileage: number | null; fromSummary: boolean };
  /** When the sheet was made (ISO with offset). */
  printedAt: string;
}

/** 2026-11-22T18:05:09+08:00 → 2026-11-22 18:05 (the time as the clerk's clock wrote it). */
const shortTime = (iso: string | null): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

/** Amount in a table cell: the column header says 元. */
const yuan = (fen: number): string => formatFen(fen).replace('¥', '');

/** Hours and quantities: up to two decimals, no trailing zeros. */
const decimal = (n: number): string => String(Math.round(n * 100) / 100);

const km = (n: number | null): string => (n === null ? '' : `${n.toLocaleString('en-US')} 公里`);

export function settlementTitle(roNumber: string): string {
  return `结算单 ${roNumber}`;
}

/**
 * Labour, parts and what else makes up the total: the RO's total minus labour and parts is
 * 其他费用 when positive (sublet, materials billed as a lump) and 优惠 when negative.
 */
export function settlementAmounts(ro: Pick<RepairOrderDetail, 'laborFen' | 'partsFen' | 'totalFen'>): {
  otherFen: number;
  discountFen: number;
} {
  const rest = ro.totalFen - ro.laborFen - ro.partsFen;
  return { otherFen: rest > 0 ? rest : 0, discountFen: rest < 0 ? -rest : 0 };
}

/**
 * A4 uses the daily report's look (navy rules, light header fills). The continuous form is for
 * dot-matrix printers: black only, no fills or shading, bigger type, the tractor strips left clear.
 */
const BASE_CSS = `${PRINT_FONT_PLACEHOLDER}
* { box-sizing: border-box; }
body { margin: 0; font-family: ${PRINT_FONT_STACK}; color: #111; }
.masthead { display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; padding-bottom: 2mm; border-bottom: 0.6mm solid var(--accent); }
.masthead .store .name { font-weight: 700; color: var(--accent); }
.masthead .store .contact { margin-top: 0.5mm; color: #333; }
.masthead h1 { margin: 0; font-weight: 700; letter-spacing: 0.6em; text-indent: 0.6em; text-align: center; }
.masthead .ro { justify-self: end; text-align: right; }
.masthead .ro .no { font-weight: 700; letter-spacing: 0.03em; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.2mm solid var(--rule); vertical-align: top; overflow-wrap: anywhere; }
th { font-weight: 700; text-align: center; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.center { text-align: center; }
td.empty { text-align: center; color: #444; }
.info { margin-top: 3mm; }
col.k { width: 11%; }
td.k { color: #333; white-space: nowrap; }
h2 { margin: 3.5mm 0 1.2mm; font-weight: 700; color: var(--accent); break-after: avoid; page-break-after: avoid; }
h2 .note { margin-left: 2mm; font-weight: 400; color: #444; }
tr.sum td { font-weight: 700; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.totals { margin-top: 3mm; }
.totals td.grand { font-weight: 700; }
.totals td.capital { font-weight: 700; letter-spacing: 0.05em; }
.block { margin-top: 3mm; border: 0.3mm solid var(--rule); padding: 1.5mm 2.5mm 2mm; }
.block .head { font-weight: 700; }
.block .text { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 1mm; }
.block .ack { margin-top: 1.5mm; color: #333; }
.sign-one { display: flex; justify-content: flex-end; gap: 2mm; margin-top: 2.5mm; }
.sign-one .line { width: 45mm; border-bottom: 0.25mm solid #111; }
.facts { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; margin-top: 3mm; }
.facts .block { margin-top: 0; }
.signatures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 6mm; margin-top: 7mm; }
.sig .role { font-weight: 700; }
.sig .line { height: 9mm; border-bottom: 0.25mm solid #111; display: flex; align-items: flex-end; padding: 0 1mm 0.5mm; }
.sig .date { margin-top: 1.5mm; color: #333; }
.muted { color: #444; }
`;

const A4_CSS = `
:root { --accent: #1f3a5f; --rule: #8d99a8; }
@page {
  size: A4;
  margin: 12mm 14mm 15mm 14mm;
  @bottom-left { white-space: nowrap; font-family: ${PRINT_FONT_STACK}; font-size: 7.5pt; color: #555; }
  @bottom-right { white-space: nowrap; content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-family: ${PRINT_FONT_STACK}; font-size: 7.5pt; color: #555; }
}
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-size: 9pt; line-height: 1.45; }
.masthead .store .name { font-size: 12pt; }
.masthead .store .contact { font-size: 8pt; }
.masthead h1 { font-size: 20pt; }
.masthead .ro { font-size: 8.5pt; }
.masthead .ro .no { font-size: 11pt; }
th, td { padding: 0.9mm 1.5mm; font-size: 8.5pt; }
th { background: #e4e9f0; }
td.k { background: #f3f5f8; }
h2 { font-size: 10pt; }
h2 .note { font-size: 8pt; }
tr.sum td { background: #eef2f7; border-top: 0.4mm solid var(--accent); }
.totals td.grand, .totals td.capital { font-size: 10.5pt; }
.block .head { color: var(--accent); }
`;

const CONTINUOUS_CSS = `
:root { --accent: #000; --rule: #000; }
@page {
  size: 241mm 279.4mm;
  margin: 10mm 18mm 13mm 18mm;
  @bottom-left { white-space: nowrap; font-family: ${PRINT_FONT_STACK}; font-size: 9pt; color: #000; }
  @bottom-right { white-space: nowrap; content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-family: ${PRINT_FONT_STACK}; font-size: 9pt; color: #000; }
}
body { font-size: 10.5pt; line-height: 1.35; color: #000; }
col.k { width: 12%; }
.masthead .store .name { font-size: 13pt; }
.masthead .store .contact { font-size: 10pt; color: #000; }
.masthead h1 { font-size: 20pt; }
.masthead .ro { font-size: 10pt; }
.masthead .ro .no { font-size: 12pt; }
th, td { padding: 0.7mm 1.3mm; font-size: 10pt; color: #000; }
td.k, .muted, .block .ack, .sig .date, h2 .note, td.empty { color: #000; }
h2 { font-size: 11pt; margin: 2.5mm 0 1mm; }
.info, .totals, .facts, .block { margin-top: 2.5mm; }
.signatures { margin-top: 5mm; }
.sig .line { height: 8mm; }
h2 .note { font-size: 10pt; }
tr.sum td { border-top: 0.5mm solid #000; }
.totals td.grand, .totals td.capital { font-size: 12pt; }
`;

function labourTable(ro: RepairOrderDetail): RawHtml {
  const lines = ro.laborLines;
  const bodyHtml =
    lines.length === 0
      ? html`<tr><td class="empty" colspan="5">${ro.laborFen === 0 ? '无工时项目' : '工时明细未录入'}</td></tr>`
      : lines.map((l, i) => {
          const rate = l.hours > 0 ? yuan(Math.round(l.amountFen / l.hours)) : '';
          return html`<tr><td class="center">${i + 1}</td><td>${l.description}${l.payer !== ro.payer ? `（${PAYER_LABELS[l.payer]}）` : ''}</td>
<td class="num">${l.hours > 0 ? decimal(l.hours) : ''}</td><td class="num">${rate}</td><td class="num">${yuan(l.amountFen)}</td></tr>`;
        });
  return html`<h2>维修项目<span class="note">（工时）</span></h2>
<table>
<colgroup><col style="width:7%"><col style="width:53%"><col style="width:11%"><col style="width:14%"><col style="width:15%"></colgroup>
<thead><tr><th>序号</th><th>项目</th><th class="num">工时</th><th class="num">工时单价（元）</th><th class="num">金额（元）</th></tr></thead>
<tbody>${bodyHtml}
<tr class="sum"><td colspan="4">工时费合计</td><td class="num">${yuan(ro.laborFen)}</td></tr>
</tbody></table>`;
}

function partsTable(ro: RepairOrderDetail): RawHtml {
  const lines = ro.partLines;
  const bodyHtml =
    lines.length === 0
      ? html`<tr><td class="empty" colspan="7">${ro.partsFen === 0 ? '无材料' : '材料明细未录入'}</td></tr>`
      : lines.map(
          (
            p,
            i,
          ) => html`<tr><td class="center">${i + 1}</td><td>${p.name}${p.payer !== ro.payer ? `（${PAYER_LABELS[p.payer]}）` : ''}</td>
<td>${p.partNumber}</td><td class="center">件</td><td class="num">${decimal(p.quantity)}</td>
<td class="num">${yuan(p.unitPriceFen)}</td><td class="num">${yuan(p.amountFen)}</td></tr>`,
        );
  return html`<h2>材料<span class="note">（配件）</span></h2>
<table>
<colgroup><col style="width:7%"><col style="width:32%"><col style="width:20%"><col style="width:7%"><col style="width:9%"><col style="width:12%"><col style="width:13%"></colgroup>
<thead><tr><th>序号</th><th>名称</th><th>编号/规格</th><th>单位</th><th class="num">数量</th><th class="num">单价（元）</th><th class="num">金额（元）</th></tr></thead>
<tbody>${bodyHtml}
<tr class="sum"><td colspan="6">材料费合计</td><td class="num">${yuan(ro.partsFen)}</td></tr>
</tbody></table>`;
}

function totalsTable(ro: RepairOrderDetail): RawHtml {
  const { otherFen, discountFen } = settlementAmounts(ro);
  const restHtml =
    otherFen > 0
      ? html`<td class="k">其他费用</td><td class="num">${formatFen(otherFen)}</td>`
      : discountFen > 0
        ? html`<td class="k">优惠</td><td class="num">-${formatFen(discountFen)}</td>`
        : null;
  return html`<table class="totals keep">
<colgroup><col class="k"><col><col class="k"><col><col class="k"><col></colgroup>
<tbody>
<tr><td class="k">工时费</td><td class="num">${formatFen(ro.laborFen)}</td><td class="k">材料费</td><td class="num" colspan="${restHtml ? 1 : 3}">${formatFen(ro.partsFen)}</td>${restHtml}</tr>
<tr><td class="k">付费方</td><td>${PAYER_LABELS[ro.payer]}</td><td class="k">合计（小写）</td><td class="num grand" colspan="3">${formatFen(ro.totalFen)}</td></tr>
<tr><td class="k">大写金额</td><td class="capital" colspan="5">人民币${capitalAmount(ro.totalFen)}</td></tr>
</tbody></table>`;
}

function nextServiceText(next: SettlementPrintData['nextService']): string {
  const parts = [next.date ?? '', km(next.mileage)].filter((s) => s !== '');
  if (parts.length === 0) return '—';
  return parts.length === 2 ? `${parts[0]} 或 ${parts[1]}（以先到者为准）` : parts[0]!;
}

/**
 * One RO's 结算单 in either form. Customer data (names, notes, declined work, even the store's
 * own fields) goes in through `html`, so it prints as text.
 */
export function settlementPrintHtml(data: SettlementPrintData, form: SettlementForm): { title: string; html: string } {
  const { ro, store } = data;
  const title = settlementTitle(ro.roNumber);
  const contact = [store.address, store.phone ? `电话 ${store.phone}` : ''].filter((s) => s !== '').join('　');
  const vehicle = ro.vehicle;
  const customer = ro.customer;
  const declined = ro.declinedWork.trim();
  const footerLeft = `${title} · 打印于 ${shortTime(data.printedAt)}`;

  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(BASE_CSS)}${raw(form === 'a4' ? A4_CSS : CONTINUOUS_CSS)}
@page { @bottom-left { content: ${raw(cssString(footerLeft))}; } }
</style></head>
<body class="${form}">
<header class="masthead">
  <div class="store"><div class="name">${store.name}</div><div class="contact">${contact}</div></div>
  <h1>结算单</h1>
  <div class="ro"><div>工单号</div><div class="no">${ro.roNumber}</div><div>${RO_TYPE_LABELS[ro.type]}</div></div>
</header>

<table class="info">
<colgroup><col class="k"><col><col class="k"><col><col class="k"><col></colgroup>
<tbody>
<tr><td class="k">客户</td><td>${customer?.name ?? ''}</td><td class="k">联系电话</td><td>${customer?.mobile ?? ''}</td><td class="k">服务顾问</td><td>${ro.advisorName}</td></tr>
<tr><td class="k">车牌号</td><td>${vehicle.plate ?? ''}</td><td class="k">车架号</td><td>${vehicle.vin ?? ''}</td><td class="k">车型</td><td>${vehicle.model}</td></tr>
<tr><td class="k">进厂时间</td><td>${shortTime(ro.openedAt)}</td><td class="k">完工时间</td><td>${shortTime(ro.completedAt)}</td><td class="k">交车时间</td><td>${shortTime(ro.deliveredAt)}</td></tr>
<tr><td class="k">结算时间</td><td>${shortTime(ro.settledAt)}</td><td class="k">进厂里程</td><td>${km(ro.mileageIn)}</td><td class="k">出厂里程</td><td>${km(ro.mileageIn)}</td></tr>
</tbody></table>

${labourTable(ro)}
${partsTable(ro)}
${totalsTable(ro)}

<div class="facts keep">
  <div class="block"><div class="head">下次保养</div><div class="text">${nextServiceText(data.nextService)}</div>${
    data.nextService.fromSummary ? html`<div class="ack">按本车保养规则推算，请以实际行驶情况为准。</div>` : ''
  }</div>
  <div class="block"><div class="head">回访</div><div class="text">方便接听回访电话的时间：${customer?.preferredCallTime || '未指定'}</div><div class="ack">我们会在交车后电话回访，了解您对本次服务的意见。</div></div>
</div>

<div class="block keep"><div class="head">建议维修但客户暂不维修的项目</div>${
    declined === ''
      ? html`<div class="text">无</div>`
      : html`<div class="text">${declined}</div>
<div class="ack">以上项目经服务顾问建议，本人已知悉其必要性，决定本次暂不维修。</div>
<div class="sign-one"><span>客户签字：</span><span class="line"></span><span>日期：</span><span class="line" style="width:28mm"></span></div>`
  }</div>

<div class="signatures keep">
  <div class="sig"><div class="role">客户签字</div><div class="line"></div><div class="date">日期：</div></div>
  <div class="sig"><div class="role">服务顾问</div><div class="line">${ro.advisorName}</div><div class="date">日期：</div></div>
  <div class="sig"><div class="role">收银员</div><div class="line"></div><div class="date">日期：</div></div>
</div>
</body></html>`;
  return { title, html: page.value };
}

/**
 * A CSS string for the page-margin boxes. The text goes into <style>, where HTML escaping does not
 * apply, so anything that could end the string or the element is dropped.
 */
const cssString = (s: string) => `"${s.replace(/["\\<>\r\n]/g, '')}"`;
