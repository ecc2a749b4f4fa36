import { COMEBACK_SOURCE_LABELS, COMEBACK_STATE_LABELS, type Comeback } from '../../../src-shared/domain/complaints';
import { shortTime } from '../daily-report/daily-report.print';
import { html, type RawHtml, raw } from '../print/html';
import { A4_REPORT_SHEET_CSS, a4SheetFooterCss } from '../print/sheet-css';

/**
 * 跟踪及返修记录表: the comebacks handed to the service manager in a period (confirmed and closed),
 * oldest first as a register is kept, built from Comebacks whose names and phones the caller has
 * already masked or not. Every value is escaped by `html`.
 */
export interface ComebackSheetData {
  from: string;
  to: string;
  comebacks: readonly Comeback[];
  /** Names and phones in full (a manager's print, audited). */
  unmasked: boolean;
}

export interface ComebackSheetContext {
  storeName: string;
  printedAt: string;
}

export const comebackSheetTitle = (from: string, to: string) => `跟踪及返修记录表 ${from} 至 ${to}`;

const CSS = `${A4_REPORT_SHEET_CSS.replace(/size:\s*A4;/, 'size: A4 landscape;')}
.masthead h1 { letter-spacing: 0.3em; text-indent: 0.3em; }
.stamp.open { color: #b3261e; border-color: #b3261e; }
.stamp.done { color: #17603a; border-color: #17603a; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 1mm 1.2mm; border: 0.2mm solid #9aa6b5; vertical-align: top; overflow-wrap: anywhere; font-size: 8.5pt; }
th { background: #e4e9f0; font-weight: 700; text-align: center; vertical-align: middle; white-space: nowrap; }
td { height: 14mm; }
td.center { text-align: center; }
td.state { white-space: nowrap; }
td.nowrap { white-space: nowrap; }
td .small { display: block; font-size: 7pt; color: #555; line-height: 1.3; }
td .plate { white-space: nowrap; font-weight: 700; }
td.words { white-space: pre-wrap; }
td.manager { white-space: pre-wrap; }
td.write { background: #fff; }
tr.closed td.state { color: #17603a; font-weight: 700; }
tr.confirmed td.state { color: #b3261e; font-weight: 700; }
td.empty { height: auto; text-align: center; color: #666; padding: 5mm; }
.howto { margin-top: 4mm; padding: 1.5mm 3mm; background: #f3f5f8; border-left: 0.8mm solid #1f3a5f; font-size: 8pt; break-inside: avoid; page-break-inside: avoid; }
.signatures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 8mm; margin-top: 5mm; break-inside: avoid; page-break-inside: avoid; }
.sig { display: flex; align-items: baseline; gap: 2mm; }
.sig .k { font-weight: 700; color: #1f3a5f; white-space: nowrap; }
.sig .v { flex: 1; min-height: 6mm; border-bottom: 0.25mm solid #333; }
`;

function rowHtml(c: Comeback, n: number): RawHtml {
  const closed = c.state === 'closed';
  const earlier = c.earlierRoNumber
    ? html`${c.earlierRoNumber}<span class="small">${c.earlierOpenedOn ?? ''}${c.daysBetween !== null ? ` · ${c.daysBetween} 天后返回` : ''}</span>${c.earlierWork ? html`<span class="small">${c.earlierWork}</span>` : ''}`
    : html`<span class="small">（无原修理单）</span>`;
  return html`<tr class="${c.state}">
  <td class="center">${n}</td>
  <td class="nowrap">${c.date}<span class="small">${COMEBACK_SOURCE_LABELS[c.source].replace(/（.*）/, '')}</span></td>
  <td>${c.customerName ?? ''}<span class="small">${c.phone ?? ''}</span></td>
  <td><span class="plate">${c.plate ?? c.vin ?? ''}</span><span class="small">${c.model}</span>${c.roNumber ? html`<span class="small">返修单 ${c.roNumber}</span>` : ''}</td>
  <td>${earlier}</td>
  <td>${c.earlierAdvisor}</td>
  <td class="words">${c.words}</td>
  <td class="nowrap">${c.handedAt ? shortTime(c.handedAt).slice(5) : ''}<span class="small">${c.handedBy ?? ''}</span></td>
  <td class="manager${closed ? '' : ' write'}">${c.cause}</td>
  <td class="manager${closed ? '' : ' write'}">${c.action}</td>
  <td class="manager${closed ? '' : ' write'}">${c.result}${closed && c.closedBy ? html`<span class="small">${c.closedBy} ${c.closedAt ? shortTime(c.closedAt).slice(5) : ''}</span>` : ''}</td>
  <td class="state center">${COMEBACK_STATE_LABELS[c.state]}</td>
</tr>`;
}

/**
 * 跟踪及返修记录表 (A4 landscape): date, customer, vehicle, the earlier RO and its advisor, the
 * customer's words, when it was handed to the service manager, and the manager's cause, action and
 * result with the state. Open ones leave the manager's cells blank to write in.
 */
export function comebackSheetPrintHtml(
  data: ComebackSheetData,
  context: ComebackSheetContext,
): { title: string; html: string } {
  const title = comebackSheetTitle(data.from, data.to);
  const rows = data.comebacks;
  const open = rows.filter((c) => c.state === 'confirmed').length;
  const closed = rows.length - open;
  const footerLeft = `跟踪及返修记录表 ${data.from} 至 ${data.to}${data.unmasked ? ' · 含完整姓名电话，妥善保管' : ''}`;
  const footerRight = `打印于 ${shortTime(context.printedAt)}`;
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}
${raw(a4SheetFooterCss(footerLeft, footerRight))}
</style></head>
<body>
<header class="masthead">
  <div class="store">${context.storeName}</div>
  <h1>跟踪及返修记录表</h1>
  <div class="state"><span class="stamp ${open > 0 ? 'open' : 'done'}">${open > 0 ? `待处理 ${open} 条` : '已全部处理'}</span></div>
</header>
<div class="sub">
  <span>期间：<b>${data.from}</b> 至 <b>${data.to}</b></span>
  <span>返修 <b>${rows.length}</b> 条：已交服务经理待处理 <b>${open}</b>，已处理 <b>${closed}</b></span>
</div>
<table>
<colgroup><col style="width:3.5%"><col style="width:7%"><col style="width:7%"><col style="width:9.5%"><col style="width:11.5%"><col style="width:5.5%"><col style="width:12.5%"><col style="width:6.5%"><col style="width:10%"><col style="width:10%"><col style="width:9.5%"><col style="width:7.5%"></colgroup>
<thead><tr><th>序号</th><th>日期</th><th>客户</th><th>车牌/车型</th><th>原修理单</th><th>服务顾问</th><th>客户反映</th><th>交服务经理</th><th>原因</th><th>措施</th><th>结果</th><th>状态</th></tr></thead>
<tbody>${
    rows.length === 0
      ? html`<tr><td class="empty" colspan="12">这段时间没有交服务经理的返修</td></tr>`
      : rows.map((c, i) => rowHtml(c, i + 1))
  }</tbody></table>
<div class="howto">返修由信息员确认后交服务经理；服务经理查明原因、采取措施、记录结果后签字，并在 投诉 → 返修 中关闭。</div>
<div class="signatures">
  <div class="sig"><span class="k">信息员</span><span class="v"></span></div>
  <div class="sig"><span class="k">服务经理</span><span class="v"></span></div>
  <div class="sig"><span class="k">日期</span><span class="v"></span></div>
</div>
</body></html>`;
  return { title, html: page.value };
}
