import type { ReportCheck, ReportRoRow } from '../../../src-shared/domain/daily-report';
import { CHECK_KIND_LABELS, REPORT_STATUS_LABELS } from '../../../src-shared/domain/daily-report';
import { RO_STATUS_LABELS, RO_TYPE_LABELS } from '../../../src-shared/domain/enums';
import type { ReconciliationSummary } from '../../../src-shared/domain/reconciliation';
import { formatFen } from '../../../src-shared/validation/money';
import { html, type RawHtml, raw } from '../print/html';
import { A4_REPORT_SHEET_CSS, a4SheetFooterCss } from '../print/sheet-css';
import type { ReportForPrint } from './daily-report.service';

/** What the template prints: one version of a day's report (the signed snapshot, or live figures). */
export type DailyReportPrintData = ReportForPrint;

export interface DailyReportPrintContext {
  storeName: string;
  /** When the page was made (ISO with offset). */
  printedAt: string;
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 2026-11-22 → 2026年11月22日 星期日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
  return `${y}年${m}月${d}日 ${weekday}`;
}

/** 2026-11-22T18:05:09+08:00 → 2026-11-22 18:05 (the time as the clerk's clock wrote it). */
export function shortTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** Amount in a table cell: the column header says 元. */
function yuan(fen: number): string {
  return formatFen(fen).replace('¥', '');
}

export const advisorLabel = (advisor: string): string => (advisor === '' ? '未填写' : advisor);

export function dailyReportTitle(date: string, version: number): string {
  return `日报 ${date}${version > 1 ? `（第${version}版）` : ''}`;
}

/** The print's state as one word for the page: only a signed version is more than a draft. */
function stateLabel(data: DailyReportPrintData): string {
  return data.status === 'signed' && data.signature ? '已签字' : '草稿 · 未签字';
}

const CSS = `${A4_REPORT_SHEET_CSS}
.masthead h1 { letter-spacing: 0.5em; text-indent: 0.5em; }
.stamp.signed { color: #17603a; border-color: #17603a; }
.stamp.draft { color: #b3261e; border-color: #b3261e; }
.draft-note { margin: 0 0 3mm; padding: 1.5mm 3mm; border: 0.3mm dashed #b3261e; color: #b3261e; font-size: 8.5pt; }
.reason { margin: 0 0 3mm; padding: 1.5mm 3mm; background: #f3f5f8; border-left: 0.8mm solid #1f3a5f; font-size: 8.5pt; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 96pt; font-weight: 700; color: rgba(179, 38, 30, 0.07); transform: rotate(-28deg); z-index: -1; letter-spacing: 0.3em; }
h2 { margin: 4.5mm 0 1.5mm; font-size: 10.5pt; font-weight: 700; color: #1f3a5f; break-after: avoid; page-break-after: avoid; }
tr.caption th { padding: 4.5mm 0 1.5mm; border: none; background: none; text-align: left; font-size: 10.5pt; color: #1f3a5f; }
h2 .note, tr.caption .note { margin-left: 2mm; font-size: 8pt; font-weight: 400; color: #555; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.tiles { display: grid; grid-template-columns: repeat(8, 1fr); border: 0.3mm solid #1f3a5f; }
.tile { padding: 1.5mm 0 1.2mm; text-align: center; border-left: 0.2mm solid #b8c2d0; }
.tile:first-child { border-left: none; }
.tile .label { font-size: 8pt; color: #444; }
.tile .value { font-size: 15pt; font-weight: 700; line-height: 1.2; }
.money { display: grid; grid-template-columns: repeat(3, 1fr); margin-top: 2mm; border: 0.3mm solid #1f3a5f; }
.money > div { display: flex; justify-content: space-between; align-items: baseline; padding: 1.5mm 3mm; border-left: 0.2mm solid #b8c2d0; }
.money > div:first-child { border-left: none; }
.money .label { font-size: 8.5pt; color: #444; }
.money .value { font-size: 12pt; font-weight: 700; }
.money .grand { background: #eef2f7; }
.money-note { margin-top: 1mm; font-size: 7.5pt; color: #555; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 0.9mm 1.5mm; border: 0.2mm solid #9aa6b5; vertical-align: top; overflow-wrap: anywhere; }
th { background: #e4e9f0; font-weight: 700; font-size: 8.5pt; text-align: center; }
td { font-size: 8.5pt; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.center { text-align: center; }
td.ro { white-space: nowrap; }
tbody tr:nth-child(even) td { background: #f8f9fb; }
tr.total td { background: #eef2f7; font-weight: 700; border-top: 0.4mm solid #1f3a5f; }
td.empty { text-align: center; color: #666; padding: 2mm; }
.paper { display: inline-block; margin-left: 1mm; padding: 0 1mm; border: 0.2mm solid #8a5a00; border-radius: 0.6mm; color: #8a5a00; font-size: 7pt; line-height: 1.3; vertical-align: 0.2mm; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
.recon td.label { width: 34%; background: #f3f5f8; color: #333; }
.ok { color: #17603a; font-weight: 700; }
.bad { color: #b3261e; font-weight: 700; }
.sev-block { color: #b3261e; font-weight: 700; text-align: center; }
.sev-warn { color: #8a5a00; text-align: center; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; margin-top: 6mm; }
.sig { border: 0.3mm solid #1f3a5f; padding: 2mm 3mm 2.5mm; }
.sig .role { font-weight: 700; color: #1f3a5f; margin-bottom: 2mm; }
.sig .line { display: flex; align-items: baseline; gap: 2mm; margin-top: 2.5mm; }
.sig .line .k { width: 16mm; color: #444; }
.sig .line .v { flex: 1; min-height: 5.5mm; border-bottom: 0.25mm solid #333; padding: 0 1mm; font-size: 10pt; }
.sig .line .v.name { font-size: 12pt; font-weight: 700; }
.sig .pending { margin-top: 2mm; font-size: 7.5pt; color: #b3261e; }
`;

function statCell(label: string, value: number): RawHtml {
  return html`<div class="tile"><div class="label">${label}</div><div class="value">${value}</div></div>`;
}

const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0);

interface BreakdownRow {
  label: string;
  opened: number;
  inRepair: number;
  delivered: number;
  laborFen: number;
  partsFen: number;
  totalFen: number;
}

function breakdownTable(firstHeader: string, rows: readonly BreakdownRow[], emptyText: string): RawHtml {
  const bodyHtml =
    rows.length === 0
      ? html`<tr><td class="empty" colspan="7">${emptyText}</td></tr>`
      : rows.map(
          (r) => html`<tr>
  <td>${r.label}</td><td class="num">${r.opened}</td><td class="num">${r.inRepair}</td><td class="num">${r.delivered}</td>
  <td class="num">${yuan(r.laborFen)}</td><td class="num">${yuan(r.partsFen)}</td><td class="num">${yuan(r.totalFen)}</td>
</tr>`,
        );
  return html`<table>
<colgroup><col style="width:22%"><col style="width:9%"><col style="width:9%"><col style="width:9%"><col style="width:17%"><col style="width:17%"><col style="width:17%"></colgroup>
<thead><tr><th>${firstHeader}</th><th class="num">进厂</th><th class="num">在修</th><th class="num">交车</th><th class="num">工时费（元）</th><th class="num">材料费（元）</th><th class="num">合计（元）</th></tr></thead>
<tbody>${bodyHtml}
<tr class="total"><td>合计</td><td class="num">${sum(rows, (r) => r.opened)}</td><td class="num">${sum(rows, (r) => r.inRepair)}</td><td class="num">${sum(rows, (r) => r.delivered)}</td>
<td class="num">${yuan(sum(rows, (r) => r.laborFen))}</td><td class="num">${yuan(sum(rows, (r) => r.partsFen))}</td><td class="num">${yuan(sum(rows, (r) => r.totalFen))}</td></tr>
</tbody></table>`;
}

/** The section's title sits in the table's head, so every page it runs onto says what it is. */
function roTable(title: string, note: string, rows: readonly ReportRoRow[], emptyText: string): RawHtml {
  const bodyHtml =
    rows.length === 0
      ? html`<tr><td class="empty" colspan="9">${emptyText}</td></tr>`
      : rows.map(
          (r) => html`<tr>
  <td class="ro">${r.roNumber}${r.source === 'paper' ? raw('<span class="paper">纸质</span>') : ''}</td>
  <td>${r.plate ?? ''}</td><td>${r.customerName ?? ''}</td><td>${advisorLabel(r.advisor)}</td>
  <td class="center">${RO_TYPE_LABELS[r.type]}</td><td class="center">${RO_STATUS_LABELS[r.status]}</td>
  <td class="num">${yuan(r.laborFen)}</td><td class="num">${yuan(r.partsFen)}</td><td class="num">${yuan(r.totalFen)}</td>
</tr>`,
        );
  const totalHtml =
    rows.length === 0
      ? ''
      : html`<tr class="total"><td colspan="6">合计（${rows.length} 张）</td><td class="num">${yuan(sum(rows, (r) => r.laborFen))}</td><td class="num">${yuan(sum(rows, (r) => r.partsFen))}</td><td class="num">${yuan(sum(rows, (r) => r.totalFen))}</td></tr>`;
  return html`<table>
<colgroup><col style="width:19%"><col style="width:10%"><col style="width:11%"><col style="width:9%"><col style="width:9%"><col style="width:7%"><col style="width:11.66%"><col style="width:11.67%"><col style="width:11.67%"></colgroup>
<thead><tr class="caption"><th colspan="9">${title}<span class="note">（${note}）</span></th></tr>
<tr><th>工单号</th><th>车牌</th><th>客户</th><th>服务顾问</th><th>类别</th><th>状态</th><th class="num">工时费（元）</th><th class="num">材料费（元）</th><th class="num">合计（元）</th></tr></thead>
<tbody>${bodyHtml}${totalHtml}</tbody></table>`;
}

function reconciliationHtml(r: ReconciliationSummary): RawHtml {
  const count = (n: number) => (n === 0 ? html`<span class="ok">0</span>` : html`<span class="bad">${n}</span>`);
  const state = r.completedAt ? html`<span class="ok">已完成</span>` : html`<span class="bad">未完成</span>`;
  const completed = r.completedAt ? `${r.completedBy ?? ''} ${shortTime(r.completedAt)}`.trim() : '—';
  return html`<div class="two recon keep">
<table><tbody>
<tr><td class="label">系统单数</td><td class="num">${r.inArchive}</td></tr>
<tr><td class="label">纸质单已勾对</td><td class="num">${r.ticked}</td></tr>
<tr><td class="label">对单状态</td><td>${state}</td></tr>
<tr><td class="label">完成人、时间</td><td>${completed}</td></tr>
</tbody></table>
<table><tbody>
<tr><td class="label">系统有、纸质无</td><td class="num">${count(r.missingOnPaper)}</td></tr>
<tr><td class="label">纸质有、系统无</td><td class="num">${count(r.missingInArchive)}</td></tr>
<tr><td class="label">状态不符</td><td class="num">${count(r.statusMismatch)}</td></tr>
<tr><td class="label">差异未说明</td><td class="num">${count(r.unresolved)}</td></tr>
</tbody></table>
</div>`;
}

function checksHtml(checks: readonly ReportCheck[]): RawHtml | '' {
  if (checks.length === 0) return '';
  return html`<h2>待处理事项<span class="note">（${checks.length} 项）</span></h2>
<table>
<colgroup><col style="width:10%"><col style="width:20%"><col style="width:16%"><col style="width:54%"></colgroup>
<thead><tr><th>级别</th><th>事项</th><th>工单号</th><th>说明</th></tr></thead>
<tbody>${checks.map(
    (
      c,
    ) => html`<tr><td class="${c.severity === 'block' ? 'sev-block' : 'sev-warn'}">${c.severity === 'block' ? '需处理' : '提示'}</td>
<td>${CHECK_KIND_LABELS[c.kind]}</td><td>${c.roNumber ?? ''}</td><td>${c.message}</td></tr>`,
  )}</tbody></table>`;
}

function signaturesHtml(data: DailyReportPrintData): RawHtml {
  const signed = data.status === 'signed' ? data.signature : null;
  return html`<div class="signatures keep">
<div class="sig">
  <div class="role">信息员核对</div>
  <div class="line"><span class="k">核对人</span><span class="v name">${data.confirmed?.by ?? ''}</span></div>
  <div class="line"><span class="k">核对时间</span><span class="v">${data.confirmed ? shortTime(data.confirmed.at) : ''}</span></div>
  ${data.confirmed ? '' : html`<div class="pending">尚未核对确认</div>`}
</div>
<div class="sig">
  <div class="role">服务经理签字</div>
  <div class="line"><span class="k">签字人</span><span class="v name">${signed?.by ?? ''}</span></div>
  <div class="line"><span class="k">签字时间</span><span class="v">${signed ? shortTime(signed.at) : ''}</span></div>
  ${signed ? '' : html`<div class="pending">尚未签字：本页为草稿</div>`}
</div>
</div>`;
}

/**
 * The A4 daily report: header, figures, breakdowns, the three RO sections, 对单, findings and the
 * signature block; page numbers in the bottom margin. Customer data is escaped by `html`.
 */
export function dailyReportPrintHtml(
  data: DailyReportPrintData,
  context: DailyReportPrintContext,
): { title: string; html: string } {
  const f = data.figures;
  const isSigned = data.status === 'signed' && data.signature !== null;
  const title = dailyReportTitle(data.date, data.version);
  const footerLeft = `日报 ${data.date} · 第${data.version}版 · ${isSigned ? '已签字' : '草稿，未签字'}`;
  const footerRight = `打印于 ${shortTime(context.printedAt)}`;
  const byAdvisor: BreakdownRow[] = f.byAdvisor.map((a) => ({ ...a, label: advisorLabel(a.advisor) }));
  const byType: BreakdownRow[] = f.byType.map((t) => ({ ...t, label: RO_TYPE_LABELS[t.type] }));

  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}
${raw(a4SheetFooterCss(footerLeft, footerRight))}
</style></head>
<body>
${isSigned ? '' : raw('<div class="watermark">草稿</div>')}
<header class="masthead">
  <div class="store">${context.storeName}</div>
  <h1>售后服务日报</h1>
  <div class="state"><span class="stamp ${isSigned ? 'signed' : 'draft'}">${stateLabel(data)}</span></div>
</header>
<div class="sub">
  <span>日期：<b>${chineseDate(data.date)}</b></span>
  <span>版本：<b>第 ${data.version} 版</b>　状态：<b>${REPORT_STATUS_LABELS[data.status]}</b></span>
</div>
${isSigned ? '' : html`<div class="draft-note">草稿：本日报尚未经服务经理签字，数字以签字版为准。</div>`}
${data.reason ? html`<div class="reason">更正原因（第 ${data.version} 版）：${data.reason}</div>` : ''}

<section class="keep">
<h2>当日概况</h2>
<div class="tiles">
  ${statCell('进厂', f.opened)}${statCell('在修', f.inRepair)}${statCell('完工', f.completed)}${statCell('交车', f.delivered)}
  ${statCell('结算', f.settled)}${statCell('首保', f.firstService)}${statCell('返修', f.comebacks)}${statCell('纸质补录', f.paperEntries)}
</div>
<div class="money">
  <div><span class="label">工时费</span><span class="value">${formatFen(f.totals.laborFen)}</span></div>
  <div><span class="label">材料费</span><span class="value">${formatFen(f.totals.partsFen)}</span></div>
  <div class="grand"><span class="label">合计</span><span class="value">${formatFen(f.totals.totalFen)}</span></div>
</div>
<div class="money-note">金额按当日交车（无交车时间的按结算）的修理单统计；在修为当日营业结束时仍在车间的修理单。</div>
</section>

<section class="keep"><h2>按服务顾问</h2>${breakdownTable('服务顾问', byAdvisor, '当天没有修理单')}</section>
<section class="keep"><h2>按类型</h2>${breakdownTable('类型', byType, '当天没有修理单')}</section>

${roTable('进厂明细', `${f.sections.opened.length} 张`, f.sections.opened, '当天没有进厂的修理单')}
${roTable('在修明细', `${f.sections.inRepair.length} 张，截至当日营业结束`, f.sections.inRepair, '当日结束时没有在修的修理单')}
${roTable('交车明细', `${f.sections.delivered.length} 张`, f.sections.delivered, '当天没有交车的修理单')}

<section class="keep"><h2>对单结果</h2>${reconciliationHtml(f.reconciliation)}</section>
${checksHtml(data.checks)}
${signaturesHtml(data)}
</body></html>`;
  return { title, html: page.value };
}
