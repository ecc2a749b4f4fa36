import type { CallKind, CallOutcome, QueueState } from '../../../src-shared/domain/revisits';
import { chineseDate, shortTime } from '../daily-report/daily-report.print';
import { html, type RawHtml, raw } from '../print/html';
import { A4_REPORT_SHEET_CSS, a4SheetFooterCss } from '../print/sheet-css';

/** One call on the sheet: what the clerk needs to dial and to know why, masked as it leaves the PC. */
export interface CallSheetRow {
  state: QueueState;
  kind: CallKind;
  /** 满意度回访; 约定回电 for a callback… */
  kindLabel: string;
  /** …with the kind of call it continues (满意度回访), else null. */
  forKindLabel: string | null;
  customerName: string | null;
  phone: string | null;
  plate: string | null;
  model: string;
  roNumber: string | null;
  /** 交车 7 天, 预约未到店… */
  reason: string;
  /** When to call: 10:00-12:00, 15:00 起, 约 15:30 回电, 逾期 2 天（应打 11-20）. */
  timing: string;
  /** The customer's own 方便接听时间, as written. */
  preferredTime: string;
  attempts: number;
  /** 无人接听 11-21 10:05 */
  lastAttempt: string | null;
  /** Skipped: why it is not called. */
  skipReason: string | null;
}

export interface CallSheetData {
  date: string;
  /** Open calls in queue order: callable now, later today, overdue. */
  rows: readonly CallSheetRow[];
  /** Not to be called (客户拒绝电话, 没有电话号码): listed at the end so no one dials them. */
  skipped: readonly CallSheetRow[];
  counts: Record<QueueState, number>;
  /** 10:00-12:00、15:00-18:00 */
  windows: string;
  /** Names and phones in full (a manager's print, audited). */
  unmasked: boolean;
}

export interface CallSheetContext {
  storeName: string;
  /** When the page was made (ISO with offset). */
  printedAt: string;
}

export function callSheetTitle(date: string): string {
  return `今日电话单 ${date}`;
}

/** The calls still to make on the sheet: now, later today, overdue. */
export const OPEN_STATES: readonly QueueState[] = ['now', 'later', 'overdue'];
const GROUP_LABELS: Partial<Record<QueueState, string>> = {
  now: '现在可打',
  later: '稍后再打',
  overdue: '逾期未打',
};

/** What the clerk ticks on paper, then types in at the PC (the outcomes of calls.record, shortened), in two lines. */
export const PAPER_OUTCOME_LABELS: Record<CallOutcome, string> = {
  reached: '接通',
  no_answer: '无人接',
  busy: '占线',
  off: '关机',
  wrong_number: '错号',
  refused: '拒访',
  call_back: '约回电',
};
export const PAPER_OUTCOMES = [
  ['接通', '无人接', '占线', '关机'],
  ['错号', '拒访', '约回电＿＿:＿＿'],
] as const;

// Landscape: eleven columns, two of them wide enough to write in by hand.
const CSS = `${A4_REPORT_SHEET_CSS.replace(/size:\s*A4;/, 'size: A4 landscape;')}
.masthead h1 { letter-spacing: 0.3em; text-indent: 0.3em; }
.stamp.open { color: #b3261e; border-color: #b3261e; }
.stamp.done { color: #17603a; border-color: #17603a; }
.sub .counts b { margin: 0 0.8mm 0 0.5mm; }
.sub .counts .sep { margin: 0 1.5mm; color: #8a96a8; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 1mm 1.2mm; border: 0.2mm solid #9aa6b5; vertical-align: top; overflow-wrap: anywhere; }
th { background: #e4e9f0; font-weight: 700; font-size: 8.5pt; text-align: center; white-space: nowrap; }
td { font-size: 8.5pt; height: 11.5mm; }
td.center { text-align: center; }
td.nowrap { white-space: nowrap; }
td.phone { font-size: 9pt; font-weight: 700; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.name { font-weight: 700; }
td .plate { white-space: nowrap; }
td .small { display: block; font-size: 7pt; color: #555; line-height: 1.3; }
td.write { background: #fff !important; }
td.outcomes { font-size: 7pt; line-height: 1.7; color: #333; letter-spacing: -0.02em; }
td.outcomes div { white-space: nowrap; }
td.outcomes span { margin-right: 1mm; }
tr.group td { height: auto; padding: 1.2mm 1.5mm; background: #eef2f7 !important; font-weight: 700; color: #1f3a5f; border-top: 0.4mm solid #1f3a5f; }
tr.group td .note { margin-left: 2mm; font-weight: 400; font-size: 7.5pt; color: #555; }
tr.state-overdue td.timing { color: #b3261e; font-weight: 700; }
td.empty { height: auto; text-align: center; color: #666; padding: 4mm; }
h2 { margin: 5mm 0 1.5mm; font-size: 10pt; font-weight: 700; color: #1f3a5f; break-after: avoid; page-break-after: avoid; }
h2 .note { margin-left: 2mm; font-size: 8pt; font-weight: 400; color: #555; }
table.skipped td { height: auto; font-size: 8pt; color: #333; }
.howto { margin-top: 4mm; padding: 1.5mm 3mm; background: #f3f5f8; border-left: 0.8mm solid #1f3a5f; font-size: 8pt; break-inside: avoid; page-break-inside: avoid; }
.signatures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 6mm; margin-top: 5mm; break-inside: avoid; page-break-inside: avoid; }
.sig { display: flex; align-items: baseline; gap: 2mm; }
.sig .k { font-weight: 700; color: #1f3a5f; white-space: nowrap; }
.sig .v { flex: 1; min-height: 6mm; border-bottom: 0.25mm solid #333; }
`;

function vehicleCell(r: CallSheetRow): RawHtml {
  return html`<span class="plate">${r.plate ?? ''}</span>${r.model ? html`<span class="small">${r.model}</span>` : ''}`;
}

function outcomesHtml(): RawHtml {
  return html`${PAPER_OUTCOMES.map((line) => html`<div>${line.map((o) => html`<span>□${o}</span>`)}</div>`)}`;
}

function rowHtml(r: CallSheetRow, n: number): RawHtml {
  return html`<tr class="state-${r.state}">
  <td class="center">${n}</td>
  <td>${r.kindLabel}${r.forKindLabel ? html`<span class="small">${r.forKindLabel}</span>` : ''}</td>
  <td class="name">${r.customerName ?? ''}</td>
  <td class="phone">${r.phone ?? '（无电话）'}</td>
  <td>${vehicleCell(r)}</td>
  <td class="nowrap">${r.roNumber ?? ''}</td>
  <td class="timing">${r.timing}<span class="small">${r.reason}</span></td>
  <td>${r.preferredTime}</td>
  <td class="center">${r.attempts}${r.lastAttempt ? html`<span class="small">${r.lastAttempt}</span>` : ''}</td>
  <td class="write outcomes">${outcomesHtml()}</td>
  <td class="write"></td>
</tr>`;
}

function callRowsHtml(rows: readonly CallSheetRow[]): RawHtml | RawHtml[] {
  if (rows.length === 0) return html`<tr><td class="empty" colspan="11">这一天没有要打的回访电话</td></tr>`;
  const out: RawHtml[] = [];
  let n = 0;
  for (const state of OPEN_STATES) {
    const group = rows.filter((r) => r.state === state);
    if (group.length === 0) continue;
    const note =
      state === 'later'
        ? '到了时间再打'
        : state === 'overdue'
          ? '之前没打通或没打的，尽快补打'
          : '在门店时段和客户方便的时间内';
    out.push(
      html`<tr class="group"><td colspan="11">${GROUP_LABELS[state]} ${group.length} 通<span class="note">${note}</span></td></tr>`,
    );
    for (const r of group) out.push(rowHtml(r, ++n));
  }
  return out;
}

function skippedHtml(skipped: readonly CallSheetRow[]): RawHtml | string {
  if (skipped.length === 0) return '';
  return html`<h2>不打电话的客户 ${skipped.length} 位<span class="note">客户拒绝电话或没有电话号码：不要拨打</span></h2>
<table class="skipped">
<colgroup><col style="width:4%"><col style="width:13%"><col style="width:12%"><col style="width:17%"><col style="width:13%"><col style="width:41%"></colgroup>
<thead><tr><th>序号</th><th>类别</th><th>客户</th><th>车牌/车型</th><th>工单号</th><th>原因</th></tr></thead>
<tbody>${skipped.map(
    (r, i) => html`<tr><td class="center">${i + 1}</td><td>${r.kindLabel}</td><td>${r.customerName ?? ''}</td>
<td>${r.plate ?? ''} ${r.model}</td><td>${r.roNumber ?? ''}</td><td>${r.skipReason ?? r.reason}</td></tr>`,
  )}</tbody></table>`;
}

/**
 * 今日电话单: the day's open calls on landscape A4 in queue order (now, later, overdue), with room to
 * tick the outcome and write the customer's words by hand, for calling away from the PC; the
 * customers not to call listed at the end. Customer data is escaped by `html`.
 */
export function callSheetPrintHtml(data: CallSheetData, context: CallSheetContext): { title: string; html: string } {
  const title = callSheetTitle(data.date);
  const open = data.rows.length;
  const footerLeft = `今日电话单 ${data.date} · 待打 ${open} 通${data.unmasked ? ' · 含完整姓名电话，用后销毁' : ''}`;
  const footerRight = `打印于 ${shortTime(context.printedAt)}`;
  const c = data.counts;
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}
${raw(a4SheetFooterCss(footerLeft, footerRight))}
</style></head>
<body>
<header class="masthead">
  <div class="store">${context.storeName}</div>
  <h1>今日电话单</h1>
  <div class="state"><span class="stamp ${open > 0 ? 'open' : 'done'}">${open > 0 ? `待打 ${open} 通` : '已打完'}</span></div>
</header>
<div class="sub">
  <span>日期：<b>${chineseDate(data.date)}</b>　打电话时段：<b>${data.windows}</b></span>
  <span class="counts">现在可打<b>${c.now}</b>稍后<b>${c.later}</b>逾期<b>${c.overdue}</b><span class="sep">|</span>已完成<b>${c.done}</b>未接通<b>${c.unreached}</b>不打<b>${c.skipped}</b></span>
</div>
<table>
<colgroup><col style="width:3.5%"><col style="width:7.5%"><col style="width:7%"><col style="width:9%"><col style="width:8.5%"><col style="width:8.5%"><col style="width:13.5%"><col style="width:6.5%"><col style="width:6%"><col style="width:15%"><col style="width:15%"></colgroup>
<thead><tr><th>序号</th><th>类别</th><th>客户</th><th>电话</th><th>车牌/车型</th><th>工单号</th><th>原因/到期</th><th>方便时间</th><th>已打次数</th><th>结果</th><th>用户原话/备注</th></tr></thead>
<tbody>${callRowsHtml(data.rows)}</tbody></table>
${skippedHtml(data.skipped)}
<div class="howto">结果打勾；约回电写上时间；客户不满意时把用户原话记下来。回到电脑后在 回访 → 今日电话 里逐个录入，没录入的不算打过。</div>
<div class="signatures">
  <div class="sig"><span class="k">打电话人</span><span class="v"></span></div>
  <div class="sig"><span class="k">录入时间</span><span class="v"></span></div>
  <div class="sig"><span class="k">服务经理</span><span class="v"></span></div>
</div>
</body></html>`;
  return { title, html: page.value };
}
