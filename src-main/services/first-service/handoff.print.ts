import { chineseDate, shortTime } from '../daily-report/daily-report.print';
import { html, type RawHtml, raw } from '../print/html';
import { A4_REPORT_SHEET_CSS, a4SheetFooterCss } from '../print/sheet-css';

/** One row of the hand-off sheet: the voucher with the customer's phone for sales. */
export interface HandoffRow {
  voucherNo: string;
  plate: string | null;
  vin: string | null;
  model: string;
  customerName: string | null;
  phone: string | null;
  serviceOn: string;
  mileage: number;
  advisor: string;
}

export interface HandoffPrintData {
  date: string;
  rows: readonly HandoffRow[];
  /** All of the day's vouchers handed over: the last hand-over; null while any is still open. */
  handedOverAt: string | null;
  handedTo: string | null;
  handedBy: string | null;
}

export interface HandoffPrintContext {
  storeName: string;
  /** When the page was made (ISO with offset). */
  printedAt: string;
}

export function handoffTitle(date: string): string {
  return `首保登记交接单 ${date}`;
}

/** 12345 → 12,345 */
export const kmText = (km: number) => km.toLocaleString('en-US');

const CSS = `${A4_REPORT_SHEET_CSS}
.masthead h1 { letter-spacing: 0.3em; text-indent: 0.3em; }
.stamp.done { color: #17603a; border-color: #17603a; }
.stamp.open { color: #b3261e; border-color: #b3261e; }
.note { margin: 0 0 3mm; padding: 1.5mm 3mm; background: #f3f5f8; border-left: 0.8mm solid #1f3a5f; font-size: 8.5pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 1.2mm 1.2mm; border: 0.2mm solid #9aa6b5; vertical-align: top; overflow-wrap: anywhere; }
th { background: #e4e9f0; font-weight: 700; font-size: 8.5pt; text-align: center; white-space: nowrap; }
td { font-size: 8.5pt; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.center { text-align: center; }
td.nowrap { white-space: nowrap; }
td.vin { font-size: 8pt; letter-spacing: -0.01em; white-space: nowrap; }
td.phone { font-size: 8pt; }
tbody tr:nth-child(even) td { background: #f8f9fb; }
tr.total td { background: #eef2f7; font-weight: 700; border-top: 0.4mm solid #1f3a5f; }
td.empty { text-align: center; color: #666; padding: 4mm; }
.signatures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 6mm; margin-top: 8mm; break-inside: avoid; page-break-inside: avoid; }
.sig { border: 0.3mm solid #1f3a5f; padding: 2mm 3mm 3mm; }
.sig .role { font-weight: 700; color: #1f3a5f; }
.sig .hint { font-size: 7.5pt; color: #555; }
.sig .v { margin-top: 7mm; min-height: 6mm; border-bottom: 0.25mm solid #333; padding: 0 1mm; font-size: 11pt; font-weight: 700; }
.sig .v.time { font-size: 10pt; font-weight: 400; }
`;

function rowsHtml(rows: readonly HandoffRow[]): RawHtml | RawHtml[] {
  if (rows.length === 0) return html`<tr><td class="empty" colspan="10">当天没有新登记的首保凭证</td></tr>`;
  return rows.map(
    (r, i) => html`<tr>
  <td class="center">${i + 1}</td><td>${r.voucherNo}</td><td class="nowrap">${r.plate ?? ''}</td>
  <td class="vin">${r.vin ?? ''}</td><td>${r.model}</td><td>${r.customerName ?? ''}</td>
  <td class="phone">${r.phone ?? ''}</td><td class="center nowrap">${r.serviceOn}</td>
  <td class="num">${kmText(r.mileage)}</td><td>${r.advisor}</td>
</tr>`,
  );
}

/**
 * The A4 hand-off sheet for sales (首保登记交接单, the basis of their 首保邀请汇总): the day's new
 * first-service vouchers and the signature lines of the hand-over. Customer data is escaped by `html`.
 */
export function handoffPrintHtml(
  data: HandoffPrintData,
  context: HandoffPrintContext,
): { title: string; html: string } {
  const title = handoffTitle(data.date);
  const handed = data.handedOverAt !== null;
  const footerLeft = `首保登记交接单 ${data.date} · ${data.rows.length} 张`;
  const footerRight = `打印于 ${shortTime(context.printedAt)}`;
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}
${raw(a4SheetFooterCss(footerLeft, footerRight))}
</style></head>
<body>
<header class="masthead">
  <div class="store">${context.storeName}</div>
  <h1>首保登记交接单</h1>
  <div class="state">${data.rows.length === 0 ? '' : html`<span class="stamp ${handed ? 'done' : 'open'}">${handed ? '已交接' : '待交接'}</span>`}</div>
</header>
<div class="sub">
  <span>登记日期：<b>${chineseDate(data.date)}</b></span>
  <span>共 <b>${data.rows.length}</b> 张首保凭证　里程单位：公里　交：销售部（首保邀请汇总）</span>
</div>
<table>
<colgroup><col style="width:4.5%"><col style="width:12.5%"><col style="width:9%"><col style="width:17%"><col style="width:11%"><col style="width:10.5%"><col style="width:11%"><col style="width:9.5%"><col style="width:6.5%"><col style="width:8.5%"></colgroup>
<thead><tr><th>序号</th><th>凭证号</th><th>车牌</th><th>VIN</th><th>车型</th><th>客户</th><th>电话</th><th>首保日期</th><th class="num">里程</th><th>服务顾问</th></tr></thead>
<tbody>${rowsHtml(data.rows)}</tbody></table>
<div class="signatures">
  <div class="sig"><div class="role">交出人</div><div class="hint">售后信息员</div><div class="v">${data.handedBy ?? ''}</div></div>
  <div class="sig"><div class="role">接收人</div><div class="hint">销售部</div><div class="v">${data.handedTo ?? ''}</div></div>
  <div class="sig"><div class="role">时间</div><div class="hint">交接时间</div><div class="v time">${handed ? shortTime(data.handedOverAt as string) : ''}</div></div>
</div>
</body></html>`;
  return { title, html: page.value };
}
