import { reportCharts } from '../../../src-shared/charts/report-charts';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import {
  COMEBACK_STATE_LABELS,
  COMPLAINT_LEVEL_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_TYPE_LABELS,
  COMPLAINT_VERDICT_LABELS,
  LOST_REASON_LABELS,
} from '../../../src-shared/domain/complaints';
import { RO_TYPE_LABELS } from '../../../src-shared/domain/enums';
import { orDash, percentText } from '../../../src-shared/domain/report-format';
import {
  type AppointmentSection,
  type ClaimsSection,
  type ComebackSection,
  type ComplaintSection,
  type FilingSection,
  type FirstServiceSection,
  FUNNEL_STAGE_LABELS,
  FUNNEL_STAGES,
  type InvitationSection,
  type LostSection,
  type MonthlyReport,
  type ProblemCustomer,
  REPORT_KIND_LABELS,
  type Report,
  type RevisitSection,
  type RoVolumeSection,
  type SatisfactionSection,
  type WeeklyReport,
} from '../../../src-shared/domain/reports';
import { CALL_KIND_LABELS, DEPARTMENT_LABELS } from '../../../src-shared/domain/revisits';
import { formatFen } from '../../../src-shared/validation/money';
import { shortTime } from '../daily-report/daily-report.print';
import { type HtmlValue, html, type RawHtml, raw } from '../print/html';
import { A4_REPORT_SHEET_CSS, a4SheetFooterCss } from '../print/sheet-css';
import type { Disclosure } from '../privacy/disclosure';
import { chartSvg } from './chart-svg';

/**
 * 周报 / 月报 on A4 portrait: the store header, a row of key figures, then each section as a compact
 * table with its formula under it and its chart as inline SVG (rendered on the server from the
 * same ECharts option the screen draws, so the PDF's charts are vector), and the signature line
 * 制表 / 服务经理 / 日期 under the key figures on the first page (at the end it could fall alone on
 * a last page). Long lists carry their heading in the table head, so it repeats on every
 * page they run onto; short tables and charts are kept whole. Every value is escaped; names and
 * phones go through the disclosure (masked unless a manager asked).
 */

/**
 * Charts are drawn at the size they print (CSS px), so their 12 px text prints at 9 pt: the full
 * width (A4 210 mm less 2 × 12 mm margins) or half of it beside a narrow table.
 */
const FULL = { width: 700, height: 220 };
const HALF = { width: 342, height: 240 };
/** Charts that sit beside their section's table. */
const HALF_CHARTS = new Set(['departments', 'funnel', 'lostReasons', 'claims']);

const CSS = `${A4_REPORT_SHEET_CSS}
.masthead h1 { letter-spacing: 0.3em; text-indent: 0.3em; }
.stamp { color: #1f3a5f; border-color: #1f3a5f; }
.stamp.partial { color: #b3261e; border-color: #b3261e; }
.partial-note { margin: 0 0 3mm; padding: 1.5mm 3mm; border: 0.3mm dashed #b3261e; color: #b3261e; font-size: 8.5pt; }
h2 { margin: 5mm 0 1.5mm; font-size: 11pt; font-weight: 700; color: #1f3a5f; break-after: avoid; page-break-after: avoid; }
h3 { margin: 2.5mm 0 1mm; font-size: 9.5pt; font-weight: 700; color: #1f3a5f; break-after: avoid; page-break-after: avoid; }
tr.caption th { padding: 5mm 0 1.5mm; border: none; background: none; text-align: left; font-size: 11pt; color: #1f3a5f; }
tr.caption.minor th { padding: 2.5mm 0 1mm; font-size: 9.5pt; }
h2 .note, h3 .note, tr.caption .note { margin-left: 2mm; font-size: 8pt; font-weight: 400; color: #555; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.tiles { display: grid; grid-template-columns: repeat(6, 1fr); border: 0.3mm solid #1f3a5f; margin-bottom: 1mm; }
.tile { padding: 1.5mm 0 1.2mm; text-align: center; border-left: 0.2mm solid #b8c2d0; }
.tile:first-child { border-left: none; }
.tile .label { font-size: 8pt; color: #444; }
.tile .value { font-size: 14pt; font-weight: 700; line-height: 1.2; }
.tile .value small { font-size: 8.5pt; font-weight: 400; color: #444; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 0.8mm 1.3mm; border: 0.2mm solid #9aa6b5; vertical-align: top; overflow-wrap: anywhere; }
th { background: #e4e9f0; font-weight: 700; font-size: 8pt; text-align: center; }
td { font-size: 8pt; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.d { text-align: center; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.c { text-align: center; }
td.nowrap { white-space: nowrap; }
td.small { font-size: 7.5pt; }
tbody tr:nth-child(even) td { background: #f8f9fb; }
tr.total td { background: #eef2f7; font-weight: 700; border-top: 0.4mm solid #1f3a5f; }
td.empty { text-align: center; color: #666; padding: 2mm; }
.open { color: #b3261e; }
.formula { margin: 1mm 0 0; padding: 1mm 2.5mm; background: #f3f5f8; border-left: 0.8mm solid #1f3a5f; font-size: 7.5pt; color: #333; break-before: avoid; page-break-before: avoid; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); border: 0.3mm solid #1f3a5f; }
.figures > div { padding: 1.2mm 2.5mm; border-left: 0.2mm solid #b8c2d0; display: flex; justify-content: space-between; align-items: baseline; gap: 2mm; }
.figures > div:first-child { border-left: none; }
.figures .label { font-size: 8pt; color: #444; }
.figures .value { font-size: 11pt; font-weight: 700; white-space: nowrap; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; align-items: start; }
.chart { margin: 2mm 0 0; break-inside: avoid; page-break-inside: avoid; }
.chart svg { display: block; width: 100%; height: auto; }
.signatures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 8mm; margin: 3mm 0 1mm; break-inside: avoid; page-break-inside: avoid; }
.sig .role { font-weight: 700; color: #1f3a5f; }
.sig .line { margin-top: 7mm; border-bottom: 0.25mm solid #333; }
`;

// ---- formatting ----

/** The screen's rounding, so the print and the page agree to the last digit (23/80: 28.8%). */
const pct = percentText;
/** Amount in a table cell: the header says 元. */
const yuan = (fen: number) => formatFen(fen).replace('¥', '');

interface Column {
  head: string;
  /** Share of the width, in %. */
  width: number;
  num?: boolean;
}

/**
 * A list with its heading in the table head (repeated on each page it runs onto, never left alone
 * at a page's foot); `rows` already built, `empty` printed across when there are none.
 */
function listTable(options: {
  /** null: the section's h2 above says it (a table beside a chart). */
  caption: RawHtml | string | null;
  columns: readonly Column[];
  rows: readonly RawHtml[];
  empty: string;
  total?: RawHtml;
  minor?: boolean;
}): RawHtml {
  const { columns } = options;
  const bodyHtml =
    options.rows.length === 0
      ? html`<tr><td class="empty" colspan="${columns.length}">${options.empty}</td></tr>`
      : options.rows;
  return html`<table>
<colgroup>${columns.map((c) => html`<col style="width:${c.width}%">`)}</colgroup>
<thead>${options.caption === null ? '' : html`<tr class="caption${options.minor ? ' minor' : ''}"><th colspan="${columns.length}">${options.caption}</th></tr>`}
<tr>${columns.map((c) => html`<th${c.num ? raw(' class="num"') : ''}>${c.head}</th>`)}</tr></thead>
<tbody>${bodyHtml}${options.total ?? ''}</tbody></table>`;
}

const caption = (title: string, note?: string) =>
  note ? html`${title}<span class="note">（${note}）</span>` : html`${title}`;

const formulaHtml = (...lines: string[]) => html`<p class="formula">${lines.filter((l) => l !== '').join('；')}</p>`;

const tile = (label: string, value: string | number, small?: string) =>
  html`<div class="tile"><div class="label">${label}</div><div class="value">${value}${small ? html` <small>${small}</small>` : ''}</div></div>`;

const figure = (label: string, value: string | number) =>
  html`<div><span class="label">${label}</span><span class="value">${value}</span></div>`;

// ---- sections ----

function revisitsHtml(s: RevisitSection, n: string): RawHtml {
  const row = (label: string, t: RevisitSection['total'], cls = '') =>
    html`<tr${cls ? raw(` class="${cls}"`) : ''}><td>${label}</td><td class="num">${t.due}</td><td class="num">${t.done}</td><td class="num">${t.reached}</td><td class="num">${t.unreached}</td><td class="num">${t.open}</td><td class="num">${pct(t.due === 0 ? null : t.done / t.due)}</td><td class="num">${pct(t.due === 0 ? null : t.reached / t.due)}</td></tr>`;
  return html`<section class="keep">${listTable({
    caption: caption(`${n}、回访完成情况`, '按应回访日期'),
    columns: [
      { head: '回访类型', width: 22 },
      { head: '应回访', width: 11, num: true },
      { head: '已回访', width: 11, num: true },
      { head: '接通', width: 11, num: true },
      { head: '未接通', width: 11, num: true },
      { head: '未完成', width: 11, num: true },
      { head: '完成率', width: 11.5, num: true },
      { head: '接通率', width: 11.5, num: true },
    ],
    rows: s.byKind.map((k) => row(CALL_KIND_LABELS[k.kind], k)),
    empty: '本期没有应回访的客户',
    total: row('合计', s.total, 'total'),
  })}
${formulaHtml(s.formula)}</section>`;
}

function satisfactionHtml(s: SatisfactionSection, n: string, monthly: boolean, chartHtml: HtmlValue): RawHtml {
  const title = monthly ? `${n}、月客户满意度回访表` : `${n}、客户满意度`;
  const questions = listTable({
    caption: caption(title, `${s.calls} 个回访有问卷，满意率 ${pct(s.overall.rate)}`),
    columns: [
      { head: '序号', width: 6 },
      { head: '问题', width: 52 },
      { head: '部门', width: 10 },
      { head: '回答', width: 10, num: true },
      { head: '满意', width: 10, num: true },
      { head: '满意率', width: 12, num: true },
    ],
    rows: s.questions.map(
      (q, i) =>
        html`<tr><td class="c">${i + 1}</td><td>${q.text}</td><td class="c">${q.department === null ? '—' : DEPARTMENT_LABELS[q.department]}</td><td class="num">${q.answers}</td><td class="num">${q.satisfied}</td><td class="num">${pct(q.rate)}</td></tr>`,
    ),
    empty: '本期没有带问卷的回访',
    total: html`<tr class="total"><td colspan="3">全部问题</td><td class="num">${s.overall.answers}</td><td class="num">${s.overall.satisfied}</td><td class="num">${pct(s.overall.rate)}</td></tr>`,
  });
  const departments = listTable({
    caption: caption('各部门满意率', '部门的问题客户见下表'),
    minor: true,
    columns: [
      { head: '部门', width: 24 },
      { head: '回答', width: 19, num: true },
      { head: '满意', width: 19, num: true },
      { head: '满意率', width: 19, num: true },
      { head: '问题客户', width: 19, num: true },
    ],
    rows: s.departments.map(
      (d) =>
        html`<tr><td>${DEPARTMENT_LABELS[d.department]}</td><td class="num">${d.answers}</td><td class="num">${d.satisfied}</td><td class="num">${pct(d.rate)}</td><td class="num">${d.problems}</td></tr>`,
    ),
    empty: '本期没有计分的回答',
  });
  return html`${questions}<div class="two keep"><div>${departments}${formulaHtml(s.formula)}</div>${chartHtml}</div>`;
}

function problemsHtml(problems: readonly ProblemCustomer[], n: string, d: Disclosure): RawHtml {
  const open = problems.filter((p) => p.doneOn === null).length;
  return listTable({
    caption: caption(`${n}、问题客户及处理`, `${problems.length} 个${open > 0 ? `，${open} 个未处理完` : ''}`),
    columns: [
      { head: '回访日期', width: 10 },
      { head: '部门', width: 6 },
      { head: '客户 / 电话', width: 13 },
      { head: '车牌 / 工单', width: 13 },
      { head: '客户反映', width: 20 },
      { head: '处理措施', width: 16 },
      { head: '处理结果', width: 12 },
      { head: '处理日期', width: 10 },
    ],
    rows: problems.map(
      (p) =>
        html`<tr><td class="d">${p.on}</td><td class="c">${DEPARTMENT_LABELS[p.department]}</td><td>${orDash(d.name(p.customerName))}<br>${d.phone(p.phone) ?? ''}</td><td>${p.plate ?? ''}<br>${p.roNumber ?? ''}</td><td>${p.words}</td><td>${p.action}</td><td>${p.result}${p.complaintNo ? html`<br>转投诉 ${p.complaintNo}` : ''}</td><td class="d">${p.doneOn ?? raw('<span class="open">未处理</span>')}</td></tr>`,
    ),
    empty: '本期没有问题客户',
  });
}

function comebacksHtml(s: ComebackSection, n: string): RawHtml {
  return listTable({
    caption: caption(`${n}、返修`, `${s.count} 次，已处理 ${s.closed} 次`),
    columns: [
      { head: '日期', width: 10 },
      { head: '车牌', width: 9 },
      { head: '返修工单', width: 13 },
      { head: '原工单', width: 13 },
      { head: '客户反映', width: 18 },
      { head: '状态', width: 10 },
      { head: '原因', width: 14 },
      { head: '处理结果', width: 13 },
    ],
    rows: s.rows.map(
      (c) =>
        html`<tr><td class="d">${c.date}</td><td class="nowrap">${c.plate ?? ''}</td><td>${c.roNumber ?? ''}</td><td>${c.earlierRoNumber ?? ''}</td><td>${c.words}</td><td class="c">${COMEBACK_STATE_LABELS[c.state]}</td><td>${c.cause}</td><td>${c.result}</td></tr>`,
    ),
    empty: '本期没有返修',
  });
}

function complaintsHtml(s: ComplaintSection, n: string, d: Disclosure, monthly: boolean): RawHtml {
  const figures = html`<div class="figures keep">
${figure('本期受理', s.opened)}${figure('本期关闭', s.closed)}${figure('受理未关闭', s.stillOpen)}${figure('平均处理天数', s.averageDaysToClose === null ? '—' : s.averageDaysToClose.toFixed(1))}
</div>`;
  const table = listTable({
    caption: caption(monthly ? `${n}、投诉处理表` : `${n}、投诉`, '本期受理或关闭的投诉'),
    columns: [
      { head: '编号 / 受理', width: 12 },
      { head: '客户 / 电话', width: 12 },
      { head: '类型 / 级别', width: 9 },
      { head: '部门 / 负责人', width: 9 },
      { head: '投诉内容', width: 18 },
      { head: '处理结果', width: 16 },
      { head: '状态', width: 7.5 },
      { head: '结案日期', width: 9.5 },
      { head: '天数', width: 5, num: true },
      { head: '客户评价', width: 7 },
    ],
    rows: s.rows.map(
      (c) =>
        html`<tr><td class="nowrap">${c.no}<br>${c.openedOn}</td><td>${orDash(d.name(c.customerName))}<br>${d.phone(c.phone) ?? ''}</td><td>${COMPLAINT_TYPE_LABELS[c.type]}<br>${COMPLAINT_LEVEL_LABELS[c.level]}</td><td>${DEPARTMENT_LABELS[c.department]}<br>${c.owner ?? ''}</td><td>${c.description}</td><td>${c.resolution}</td><td class="c${c.state === 'open' ? ' open' : ''}">${COMPLAINT_STATE_LABELS[c.state]}</td><td class="d">${c.closedOn ?? ''}</td><td class="num">${c.daysToClose ?? ''}</td><td class="c">${c.verdict === null ? '' : COMPLAINT_VERDICT_LABELS[c.verdict]}</td></tr>`,
    ),
    empty: '本期没有投诉',
  });
  return html`${table}<div class="keep">${figures}${formulaHtml('处理天数 = 结案日期 − 受理日期（自然日）', '平均处理天数按本期关闭的投诉计')}</div>`;
}

function invitationsHtml(s: InvitationSection, n: string, chartHtml: HtmlValue): RawHtml {
  const f = s.funnel;
  return html`<section class="keep"><h2>${caption(`${n}、招揽转化`, `本期寄出招揽信 ${s.lettersSent} 封，其中已进厂 ${s.lettersCame} 台`)}</h2>
<div class="two"><div>${listTable({
    caption: null,
    columns: [
      { head: '环节', width: 40 },
      { head: '车辆', width: 30, num: true },
      { head: '占应招揽', width: 30, num: true },
    ],
    rows: FUNNEL_STAGES.map(
      (stage) =>
        html`<tr><td>${FUNNEL_STAGE_LABELS[stage]}</td><td class="num">${f[stage]}</td><td class="num">${pct(f.listed === 0 ? null : f[stage] / f.listed)}</td></tr>`,
    ),
    empty: '',
    total: html`<tr class="total"><td>招揽转化率</td><td class="num"></td><td class="num">${pct(f.conversion)}</td></tr>`,
  })}
${formulaHtml(s.formula)}</div>${chartHtml}</div></section>`;
}

function appointmentsHtml(s: AppointmentSection, n: string): RawHtml {
  return html`<section class="keep">${listTable({
    caption: caption(`${n}、预约`, '预约日期在本期'),
    columns: [
      { head: '预约', width: 20, num: true },
      { head: '到店', width: 20, num: true },
      { head: '爽约', width: 20, num: true },
      { head: '取消', width: 20, num: true },
      { head: '守约率', width: 20, num: true },
    ],
    rows: [
      html`<tr><td class="num">${s.booked}</td><td class="num">${s.arrived}</td><td class="num">${s.noShow}</td><td class="num">${s.cancelled}</td><td class="num">${pct(s.keptRate)}</td></tr>`,
    ],
    empty: '',
  })}
${formulaHtml('守约率 = 到店 / (预约 − 取消)', '爽约 = 预约日已过仍未到店')}</section>`;
}

function lostHtml(s: LostSection, n: string, chartHtml: HtmlValue): RawHtml {
  const c = s.churn;
  const base = `${Number(c.baseMonth.slice(0, 4))}年${Number(c.baseMonth.slice(5, 7))}月`;
  const churn = listTable({
    caption: caption(`${n}、流失客户`, `以 ${base} 进厂的车辆为基数`),
    columns: [
      { head: '基数车辆', width: 16, num: true },
      { head: '此后回厂', width: 16, num: true },
      { head: '流失率', width: 16, num: true },
      { head: '首保车辆', width: 16, num: true },
      { head: '其中二保', width: 16, num: true },
      { head: '首保后保持率', width: 20, num: true },
    ],
    rows: [
      html`<tr><td class="num">${c.base}</td><td class="num">${c.returned}</td><td class="num">${pct(c.churn)}</td><td class="num">${c.firstServiceBase}</td><td class="num">${c.secondService}</td><td class="num">${pct(c.retention)}</td></tr>`,
    ],
    empty: '',
  });
  const total = s.reasons.reduce((sum, r) => sum + r.count, 0);
  const reasons = listTable({
    caption: caption('流失原因', '本月登记'),
    minor: true,
    columns: [
      { head: '原因', width: 50 },
      { head: '车辆', width: 25, num: true },
      { head: '占比', width: 25, num: true },
    ],
    rows: s.reasons.map(
      (r) =>
        html`<tr><td>${LOST_REASON_LABELS[r.reason]}</td><td class="num">${r.count}</td><td class="num">${pct(total === 0 ? null : r.count / total)}</td></tr>`,
    ),
    empty: '本月没有登记流失原因',
    total: html`<tr class="total"><td>合计</td><td class="num">${total}</td><td class="num"></td></tr>`,
  });
  const winback = listTable({
    caption: caption('流失召回电话', '本月完成'),
    minor: true,
    columns: [
      { head: '召回电话', width: 34, num: true },
      { head: '接通', width: 33, num: true },
      { head: '接通率', width: 33, num: true },
    ],
    rows: [
      html`<tr><td class="num">${s.winbackCalls}</td><td class="num">${s.winbackReached}</td><td class="num">${pct(s.winbackCalls === 0 ? null : s.winbackReached / s.winbackCalls)}</td></tr>`,
    ],
    empty: '',
  });
  return html`<section class="keep">${churn}${formulaHtml(c.formula)}
<div class="two"><div>${reasons}${winback}</div>${chartHtml}</div></section>`;
}

function firstServiceHtml(s: FirstServiceSection, n: string): RawHtml {
  return html`<section class="keep">${listTable({
    caption: caption(`${n}、首保登记与交接`),
    columns: [
      { head: '本月首保登记', width: 34, num: true },
      { head: '其中已交销售', width: 33, num: true },
      { head: '全部待交接', width: 33, num: true },
    ],
    rows: [
      html`<tr><td class="num">${s.registered}</td><td class="num">${s.handedOver}</td><td class="num">${s.waiting}</td></tr>`,
    ],
    empty: '',
  })}</section>`;
}

function roVolumeHtml(s: RoVolumeSection, n: string): RawHtml {
  const columns: Column[] = [
    { head: '', width: 40 },
    { head: '台次', width: 20, num: true },
    { head: '金额（元）', width: 25, num: true },
    { head: '占台次', width: 15, num: true },
  ];
  const share = (count: number) => pct(s.total.count === 0 ? null : count / s.total.count);
  const total = html`<tr class="total"><td>合计</td><td class="num">${s.total.count}</td><td class="num">${yuan(s.total.totalFen)}</td><td class="num">${s.total.count === 0 ? '—' : '100.0%'}</td></tr>`;
  const byType = listTable({
    caption: caption('按类型'),
    minor: true,
    columns: columns.map((c, i) => (i === 0 ? { ...c, head: '类型' } : c)),
    rows: s.byType.map(
      (t) =>
        html`<tr><td>${RO_TYPE_LABELS[t.type]}</td><td class="num">${t.count}</td><td class="num">${yuan(t.totalFen)}</td><td class="num">${share(t.count)}</td></tr>`,
    ),
    empty: '本月没有进厂',
    total,
  });
  const byAdvisor = listTable({
    caption: caption('按服务顾问'),
    minor: true,
    columns: columns.map((c, i) => (i === 0 ? { ...c, head: '服务顾问' } : c)),
    rows: s.byAdvisor.map(
      (a) =>
        html`<tr><td>${a.advisor === '' ? '未填' : a.advisor}</td><td class="num">${a.count}</td><td class="num">${yuan(a.totalFen)}</td><td class="num">${share(a.count)}</td></tr>`,
    ),
    empty: '本月没有进厂',
    total,
  });
  return html`<section class="keep"><h2>${n}、进厂台次及金额<span class="note">（本月开单的修理单，金额为工单合计）</span></h2>
<div class="two">${byType}${byAdvisor}</div></section>`;
}

function filingHtml(s: FilingSection, n: string): RawHtml {
  return html`<section class="keep">${listTable({
    caption: caption(`${n}、档案归档`, '本月修理单应归档的单据'),
    columns: [
      { head: '应归档', width: 20, num: true },
      { head: '已归档', width: 20, num: true },
      { head: '缺失', width: 20, num: true },
      { head: '归档率', width: 20, num: true },
      { head: '有缺件的工单', width: 20, num: true },
    ],
    rows: [
      html`<tr><td class="num">${s.required}</td><td class="num">${s.filed}</td><td class="num${s.missing > 0 ? ' open' : ''}">${s.missing}</td><td class="num">${pct(s.required === 0 ? null : s.filed / s.required)}</td><td class="num">${s.rosIncomplete}</td></tr>`,
    ],
    empty: '',
  })}
${formulaHtml('归档率 = 已归档 / 应归档')}</section>`;
}

function claimsHtml(s: ClaimsSection, n: string, chartHtml: HtmlValue): RawHtml {
  const summary = listTable({
    caption: caption(`${n}、索赔`),
    columns: [
      { head: '上报', width: 11, num: true },
      { head: '按时上报', width: 12, num: true },
      { head: '按时率', width: 11, num: true },
      { head: '审核通过', width: 11, num: true },
      { head: '通过金额（元）', width: 17, num: true },
      { head: '驳回', width: 9, num: true },
      { head: '结算', width: 9, num: true },
      { head: '结算金额（元）', width: 20, num: true },
    ],
    rows: [
      html`<tr><td class="num">${s.reported}</td><td class="num">${s.reportedOnTime}</td><td class="num">${pct(s.reported === 0 ? null : s.reportedOnTime / s.reported)}</td><td class="num">${s.approved}</td><td class="num">${yuan(s.approvedFen)}</td><td class="num">${s.rejected}</td><td class="num">${s.paid}</td><td class="num">${yuan(s.paidFen)}</td></tr>`,
    ],
    empty: '',
  });
  const byType = listTable({
    caption: caption('审核通过（按索赔类型）'),
    minor: true,
    columns: [
      { head: '索赔类型', width: 50 },
      { head: '单数', width: 20, num: true },
      { head: '金额（元）', width: 30, num: true },
    ],
    rows: s.byType.map(
      (t) =>
        html`<tr><td>${t.label}</td><td class="num">${t.approved}</td><td class="num">${yuan(t.approvedFen)}</td></tr>`,
    ),
    empty: '本月没有审核通过的索赔',
    total: html`<tr class="total"><td>合计</td><td class="num">${s.approved}</td><td class="num">${yuan(s.approvedFen)}</td></tr>`,
  });
  return html`<section class="keep">${summary}${formulaHtml('按时上报 = 首次上报日不晚于索赔时限', '结算 = 本月回款的结算单中的索赔')}
<div class="two">${byType}${chartHtml}</div></section>`;
}

// ---- the page ----

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

function keyFigures(r: Report): RawHtml {
  const common = [
    tile('应回访', r.revisits.total.due),
    tile('回访完成率', pct(r.revisits.doneRate)),
    tile('满意率', pct(r.satisfaction.overall.rate)),
    tile('问题客户', r.problems.length),
    tile('投诉受理', r.complaints.opened),
  ];
  const last =
    r.kind === 'weekly' ? tile('预约守约率', pct(r.appointments.keptRate)) : tile('进厂台次', r.roVolume.total.count);
  return html`<section class="keep"><div class="tiles">${common}${last}</div></section>`;
}

/** The report on A4: store header, each section's tables and its charts as inline SVG. */
export async function reportPage(report: Report, disclosure: Disclosure): Promise<Omit<PrintableHtml, 'pages'>> {
  const kindLabel = REPORT_KIND_LABELS[report.kind];
  const title = `${kindLabel} ${report.period.label}`;
  const svgs = new Map<string, RawHtml>();
  for (const chart of reportCharts(report)) {
    // Our own option (titles and labels are constants of ours), rendered by ECharts, which escapes text.
    const svg = await chartSvg(chart.option, HALF_CHARTS.has(chart.key) ? HALF : FULL);
    svgs.set(chart.key, html`<figure class="chart" aria-label="${chart.title}">${raw(svg)}</figure>`);
  }
  const chart = (key: string) => svgs.get(key) ?? '';
  const numeral = (() => {
    let i = 0;
    return () => CHINESE_NUMERALS[i++]!;
  })();

  let sectionsHtml: RawHtml;
  if (report.kind === 'weekly') {
    const r: WeeklyReport = report;
    sectionsHtml = html`${revisitsHtml(r.revisits, numeral())}${chart('revisits')}
${satisfactionHtml(r.satisfaction, numeral(), false, chart('departments'))}
${problemsHtml(r.problems, numeral(), disclosure)}
${comebacksHtml(r.comebacks, numeral())}
${complaintsHtml(r.complaints, numeral(), disclosure, false)}${chart('complaints')}
${invitationsHtml(r.invitations, numeral(), chart('funnel'))}
${appointmentsHtml(r.appointments, numeral())}`;
  } else {
    const r: MonthlyReport = report;
    sectionsHtml = html`${revisitsHtml(r.revisits, numeral())}
${satisfactionHtml(r.satisfaction, numeral(), true, chart('departments'))}
${problemsHtml(r.problems, numeral(), disclosure)}
${complaintsHtml(r.complaints, numeral(), disclosure, true)}${chart('complaintsByType')}
${lostHtml(r.lost, numeral(), chart('lostReasons'))}
${firstServiceHtml(r.firstService, numeral())}
${invitationsHtml(r.invitations, numeral(), chart('funnel'))}
${roVolumeHtml(r.roVolume, numeral())}${chart('roVolume')}
${filingHtml(r.filing, numeral())}
${claimsHtml(r.claims, numeral(), chart('claims'))}`;
  }

  const p = report.period;
  const made = shortTime(report.generatedAt);
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}
${raw(a4SheetFooterCss(`${report.storeName} ${title}`, `制表于 ${made}`))}
</style></head>
<body>
<header class="masthead">
  <div class="store">${report.storeName}</div>
  <h1>售后服务${kindLabel}</h1>
  <div class="state">${p.partial ? html`<span class="stamp partial">本期未结束</span>` : html`<span class="stamp">${kindLabel}</span>`}</div>
</header>
<div class="sub">
  <span>统计期间：<b>${p.label}</b>（${p.from} 至 ${p.to}）</span>
  <span>制表时间：<b>${made}</b>${disclosure.unmasked ? '　含完整姓名和电话，注意保管' : ''}</span>
</div>
${p.partial ? html`<div class="partial-note">本期尚未结束：数字截至制表时间，本期结束后请重新导出。</div>` : ''}
${keyFigures(report)}
<div class="signatures">
  ${['制表', '服务经理', '日期'].map((role) => html`<div class="sig"><div class="role">${role}</div><div class="line"></div></div>`)}
</div>
${sectionsHtml}
</body></html>`;
  return { title, html: page.value };
}
