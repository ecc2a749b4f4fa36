import { capitalAmount } from '../../../src-shared/domain/capital-amount';
import { type ServiceFeeStatement, STATEMENT_STATE_LABELS } from '../../../src-shared/domain/claims';
import { formatFen } from '../../../src-shared/validation/money';
import { shortTime } from '../daily-report/daily-report.print';
import { html, raw } from '../print/html';
import { A4_REPORT_SHEET_CSS, a4SheetFooterCss } from '../print/sheet-css';

/**
 * 三包/索赔服务费结算单 (A4 portrait): the store, the month, the manufacturer it is invoiced to, the
 * month's approved claims (RO, claim number, VIN, model, type, settled, approved, amount), the sums
 * per claim type, the total in figures and in capitals, where the invoice stands, and the signature
 * lines 信息员 / 站长 / 日期. Every value escaped. No customer names or phones.
 */

export interface StatementPrintContext {
  storeName: string;
  storeAddress: string;
  storePhone: string;
  manufacturer: string;
  /** When the page was made (ISO with offset). */
  printedAt: string;
}

/** 2026-11 → 2026年11月. */
export const monthTitle = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
export const statementTitle = (month: string) => `${monthTitle(month)} 三包/索赔服务费结算单`;

/** Amount in a table cell (the header says 元). */
export const yuan = (fen: number) => formatFen(fen).replace('¥', '');

/** Rows that fit a page after the masthead (for the preview's page count). */
const ROWS_PER_PAGE = 36;

const CSS = `${A4_REPORT_SHEET_CSS}
.masthead h1 { font-size: 16pt; letter-spacing: 0.08em; }
.stamp { color: #1f3a5f; border-color: #1f3a5f; }
.stamp.paid { color: #1b7f3b; border-color: #1b7f3b; }
.to { margin: 0 0 3mm; padding: 2mm 3mm; border: 0.3mm solid #1f3a5f; background: #f3f5f8; display: flex; justify-content: space-between; gap: 4mm; }
.to b { font-size: 10.5pt; }
h2 { margin: 4mm 0 1.5mm; font-size: 10pt; color: #1f3a5f; }
table.list { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.list th, table.list td { border: 0.25mm solid #1f3a5f; padding: 1mm 1.2mm; font-size: 8pt; overflow-wrap: anywhere; }
table.list th { background: #e4e9f0; font-weight: 700; text-align: center; white-space: nowrap; }
table.list td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.list td.d { white-space: nowrap; text-align: center; font-variant-numeric: tabular-nums; }
table.list td.vin { font-variant-numeric: tabular-nums; letter-spacing: -0.02em; }
table.list tr { break-inside: avoid; page-break-inside: avoid; }
table.list tr.sum td { font-weight: 700; background: #f3f5f8; }
table.list td.empty { text-align: center; color: #555; padding: 4mm; }
.types { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; align-items: start; break-inside: avoid; page-break-inside: avoid; }
.amount { border: 0.4mm solid #1f3a5f; padding: 2.5mm 3mm; }
.amount .fig { font-size: 13pt; font-weight: 700; }
.amount .cap { margin-top: 1.5mm; font-size: 10.5pt; font-weight: 700; letter-spacing: 0.05em; }
.amount .lbl { color: #444; font-size: 8.5pt; }
.closing { break-inside: avoid; page-break-inside: avoid; }
.invoice { margin-top: 4mm; }
.invoice div { padding: 0.8mm 0; border-bottom: 0.2mm dotted #999; }
.invoice .warn { color: #b3261e; font-weight: 700; }
.signatures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 8mm; margin-top: 10mm; break-inside: avoid; page-break-inside: avoid; }
.sig .role { font-weight: 700; color: #1f3a5f; }
.sig .line { margin-top: 9mm; border-bottom: 0.25mm solid #333; }
h2.attached { margin-top: 8mm; }
`;

export function statementPrintHtml(
  s: ServiceFeeStatement,
  context: StatementPrintContext,
): { title: string; html: string; pages: number } {
  const title = statementTitle(s.month);
  const count = s.claims.length;
  const claimRows =
    count === 0
      ? html`<tr><td class="empty" colspan="9">本月没有审核通过的索赔单</td></tr>`
      : s.claims.map(
          (c, i) =>
            html`<tr><td class="n">${i + 1}</td><td>${c.roNumber}</td><td>${c.claimNo ?? ''}</td><td class="vin">${c.vin ?? ''}</td><td>${c.model}</td><td>${c.claimTypeLabel}</td><td class="d">${c.settledOn ?? ''}</td><td class="d">${c.approvedOn}</td><td class="n">${yuan(c.approvedFen ?? 0)}</td></tr>`,
        );
  const typeRows = s.byType.map(
    (t) => html`<tr><td>${t.label}</td><td class="n">${t.count}</td><td class="n">${yuan(t.amountFen)}</td></tr>`,
  );
  const invoiceLines = [
    s.requestedOn !== null
      ? html`<div>申请开票：${s.requestedOn}　申请人：${s.requestedBy ?? ''}　申请金额：¥${yuan(s.requestedFen ?? 0)}</div>`
      : html`<div>申请开票：未申请</div>`,
    s.changedSinceRequest
      ? html`<div class="warn">注意：申请开票后本月审核金额有变化（申请时 ¥${yuan(s.requestedFen ?? 0)}，现为 ¥${yuan(s.totalFen)}），请与站长核对</div>`
      : '',
    s.invoiceNo !== null
      ? html`<div>发票号码：${s.invoiceNo}　开票日期：${s.invoiceOn ?? ''}</div>`
      : html`<div>发票号码：__________________　开票日期：____________</div>`,
    s.paidOn !== null ? html`<div>回款日期：${s.paidOn}</div>` : html`<div>回款日期：____________</div>`,
  ];
  const bodyHtml = html`<header class="masthead">
  <div class="store">${context.storeName}</div>
  <h1>${title}</h1>
  <div class="state"><span class="stamp${s.state === 'paid' ? ' paid' : ''}">${STATEMENT_STATE_LABELS[s.state]}</span></div>
</header>
<div class="sub">
  <span>结算月份：<b>${monthTitle(s.month)}</b>（按审核通过日期）</span>
  <span>共 <b>${count}</b> 单　合计 <b>¥${yuan(s.totalFen)}</b></span>
</div>
<div class="to">
  <span>开票对象（厂家）：<b>${context.manufacturer.trim() || '____________________'}</b></span>
  <span>服务站：${context.storeName}${context.storePhone ? html`　电话：${context.storePhone}` : ''}</span>
</div>
<div class="types">
  <div>
    <h2>按索赔类型汇总</h2>
    <table class="list">
    <colgroup><col style="width:46%"><col style="width:18%"><col style="width:36%"></colgroup>
    <thead><tr><th>索赔类型</th><th>单数</th><th>金额（元）</th></tr></thead>
    <tbody>${typeRows}<tr class="sum"><td>合计</td><td class="n">${count}</td><td class="n">${yuan(s.totalFen)}</td></tr></tbody>
    </table>
  </div>
  <div>
    <h2>应开票金额</h2>
    <div class="amount">
      <div><span class="lbl">小写：</span><span class="fig">¥${yuan(s.totalFen)}</span></div>
      <div class="cap"><span class="lbl">大写：</span>${capitalAmount(s.totalFen)}</div>
    </div>
  </div>
</div>
<div class="closing">
<div class="invoice">
  <h2>开票与回款</h2>
  ${invoiceLines}
</div>
<div class="signatures">
  ${['信息员', '站长', '日期'].map((role) => html`<div class="sig"><div class="role">${role}</div><div class="line"></div></div>`)}
</div>
</div>
<h2 class="attached">附：索赔明细（共 ${count} 单）</h2>
<table class="list">
<colgroup><col style="width:5%"><col style="width:12%"><col style="width:12%"><col style="width:17%"><col style="width:11%"><col style="width:12%"><col style="width:10%"><col style="width:10%"><col style="width:11%"></colgroup>
<thead><tr><th>序号</th><th>工单号</th><th>索赔单号</th><th>车架号</th><th>车型</th><th>索赔类型</th><th>结算日期</th><th>通过日期</th><th>金额（元）</th></tr></thead>
<tbody>
${claimRows}
<tr class="sum"><td colspan="8">合计（${count} 单）</td><td class="n">${yuan(s.totalFen)}</td></tr>
</tbody>
</table>`;
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}
${raw(a4SheetFooterCss(`${context.storeName} ${title}`, `打印于 ${shortTime(context.printedAt)}`))}
</style></head>
<body>
${bodyHtml}
</body></html>`;
  return { title, html: page.value, pages: Math.max(1, Math.ceil((count + 24) / ROWS_PER_PAGE)) };
}
