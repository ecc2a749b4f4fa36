import type { Destruction } from '../../../src-shared/domain/filing';
import { shortTime } from '../daily-report/daily-report.print';
import { html, raw } from '../print/html';
import { A4_REPORT_SHEET_CSS, a4SheetFooterCss } from '../print/sheet-css';

/**
 * 销毁清单 (A4 portrait): the store, the list's number, who approved it and when, the papers
 * destroyed (kind, RO, plate, binder, month, keep-until) and the signature lines 经办 / 审批 / 监销.
 * Papers are named by RO number and plate only: no customer names, no phones. Every value escaped.
 */

export interface DestructionPrintContext {
  storeName: string;
  /** When the page was made (ISO with offset). */
  printedAt: string;
}

export const destructionTitle = (d: Pick<Destruction, 'no'>) => `销毁清单 ${d.no}`;

/** Rows that fit a page after the masthead (for the preview's page count). */
const ROWS_PER_PAGE = 34;

const CSS = `${A4_REPORT_SHEET_CSS}
.masthead h1 { letter-spacing: 0.3em; text-indent: 0.3em; }
.stamp { color: #b3261e; border-color: #b3261e; }
.approval { margin: 0 0 3mm; padding: 2mm 3mm; border: 0.3mm solid #1f3a5f; background: #f3f5f8; }
.approval .reason { margin-top: 1mm; white-space: pre-wrap; }
table.list { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.list th, table.list td { border: 0.25mm solid #1f3a5f; padding: 1mm 1.5mm; font-size: 8.5pt; overflow-wrap: anywhere; }
table.list th { background: #e4e9f0; font-weight: 700; text-align: center; white-space: nowrap; }
table.list td.n { text-align: right; white-space: nowrap; }
table.list td.d { white-space: nowrap; text-align: center; }
table.list tr { break-inside: avoid; page-break-inside: avoid; }
.total { margin-top: 2mm; font-size: 9pt; }
.signatures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 8mm; margin-top: 10mm; break-inside: avoid; page-break-inside: avoid; }
.sig .role { font-weight: 700; color: #1f3a5f; }
.sig .row { display: flex; gap: 2mm; margin-top: 9mm; }
.sig .row span { flex: 1; border-bottom: 0.25mm solid #333; font-size: 8pt; color: #444; padding-bottom: 0.5mm; }
`;

export function destructionPrintHtml(
  d: Destruction,
  context: DestructionPrintContext,
): { title: string; html: string; pages: number } {
  const title = destructionTitle(d);
  const approvedOn = d.approvedAt.slice(0, 10);
  const bodyHtml = html`<header class="masthead">
  <div class="store">${context.storeName}</div>
  <h1>资料销毁清单</h1>
  <div class="state"><span class="stamp">已批准销毁</span></div>
</header>
<div class="sub">
  <span>编号：<b>${d.no}</b></span>
  <span>共 <b>${d.papers.length}</b> 份　扫描件删除 <b>${d.scansDeleted}</b> 个</span>
</div>
<div class="approval">
  <div>批准人：<b>${d.approvedBy}</b>　　批准日期：<b>${approvedOn}</b>（${shortTime(d.approvedAt)}）</div>
  ${d.reason.trim() !== '' ? html`<div class="reason">销毁原因：${d.reason}</div>` : ''}
</div>
<table class="list">
<colgroup><col style="width:6%"><col style="width:17%"><col style="width:16%"><col style="width:12%"><col style="width:25%"><col style="width:10%"><col style="width:14%"></colgroup>
<tr><th>序号</th><th>资料类型</th><th>修理单号</th><th>车牌</th><th>资料夹</th><th>月份</th><th>保管至</th></tr>
${d.papers.map(
  (p, i) =>
    html`<tr><td class="n">${i + 1}</td><td>${p.kindLabel}</td><td>${p.roNumber ?? ''}</td><td>${p.plate ?? ''}</td><td>${p.binderTitle ?? '未入夹'}</td><td class="d">${p.docDate.slice(0, 7)}</td><td class="d">${p.keepUntil}</td></tr>`,
)}
</table>
<div class="total">以上资料均已超过保管期限，经批准销毁。</div>
<div class="signatures">
  ${['经办人', '审批人', '监销人'].map(
    (role) =>
      html`<div class="sig"><div class="role">${role}</div><div class="row"><span>签字</span><span>日期</span></div></div>`,
  )}
</div>`;
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}
${raw(a4SheetFooterCss(`${context.storeName} ${title}`, `打印于 ${shortTime(context.printedAt)}`))}
</style></head>
<body>
${bodyHtml}
</body></html>`;
  return { title, html: page.value, pages: Math.max(1, Math.ceil((d.papers.length + 8) / ROWS_PER_PAGE)) };
}
