import {
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_LEVEL_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_TYPE_LABELS,
  COMPLAINT_VERDICT_LABELS,
  COMPLAINT_VERDICTS,
  type Complaint,
  responseHoursLabel,
} from '../../../src-shared/domain/complaints';
import { DEPARTMENT_LABELS } from '../../../src-shared/domain/revisits';
import { shortTime } from '../daily-report/daily-report.print';
import { html, type RawHtml, raw } from '../print/html';
import { A4_REPORT_SHEET_CSS, a4SheetFooterCss } from '../print/sheet-css';

/**
 * The two complaint papers: 客户投诉处理单 (the department's and the manager's form, every level) and
 * 客户投诉解决确认书 (重大投诉, for the customer's signature). Both are built from a Complaint whose
 * name and phone the caller has already masked or not (the disclosure); every value is escaped by `html`.
 */

export interface ComplaintPrintContext {
  storeName: string;
  /** When the page was made (ISO with offset). */
  printedAt: string;
}

export const complaintFormTitle = (c: Pick<Complaint, 'no'>) => `客户投诉处理单 ${c.no}`;
export const complaintConfirmationTitle = (c: Pick<Complaint, 'no'>) => `客户投诉解决确认书 ${c.no}`;

const CSS = `${A4_REPORT_SHEET_CSS}
.masthead h1 { letter-spacing: 0.3em; text-indent: 0.3em; }
.stamp.open { color: #b3261e; border-color: #b3261e; }
.stamp.resolved { color: #8a5a00; border-color: #8a5a00; }
.stamp.closed { color: #17603a; border-color: #17603a; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.form th, table.form td { border: 0.3mm solid #1f3a5f; padding: 1.4mm 2mm; vertical-align: top; overflow-wrap: anywhere; font-size: 9pt; }
table.form th { background: #e4e9f0; font-weight: 700; text-align: center; vertical-align: middle; white-space: nowrap; }
table.form td.tall { height: 22mm; }
table.steps th { font-size: 8.5pt; }
table.steps td { font-size: 8.5pt; }
table.steps td.when { white-space: nowrap; }
table.steps td.blank-row { height: 6.5mm; }
.section { margin: 2mm 0 0; padding: 1mm 2mm; background: #1f3a5f; color: #fff; font-weight: 700; font-size: 9pt; letter-spacing: 0.1em; break-after: avoid; page-break-after: avoid; }
.words { min-height: 9mm; padding: 1.2mm 2.5mm; border-left: 0.8mm solid #b3261e; background: #fbf3f2; white-space: pre-wrap; }
.filled { white-space: pre-wrap; }
.label { color: #555; font-size: 8pt; }
.late { color: #b3261e; font-weight: 700; }
.lines div { height: 6mm; border-bottom: 0.25mm dashed #8a96a8; }
.check { white-space: nowrap; margin-right: 3.5mm; }
.blank { display: inline-block; min-width: 30mm; border-bottom: 0.25mm solid #333; padding: 0 1mm; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; margin-top: 4mm; break-inside: avoid; page-break-inside: avoid; }
.sig { border: 0.3mm solid #1f3a5f; padding: 2mm 3mm 3mm; }
.sig .role { font-weight: 700; color: #1f3a5f; }
.sig .hint { font-size: 7.5pt; color: #555; }
.sig .row { display: flex; gap: 4mm; margin-top: 7mm; }
.sig .row span { flex: 1; border-bottom: 0.25mm solid #333; font-size: 8pt; color: #444; padding-bottom: 0.5mm; }
.note { margin-top: 2mm; font-size: 8pt; color: #555; }
/* The confirmation: a letter the customer reads and signs. */
.letter { margin-top: 6mm; font-size: 10.5pt; line-height: 1.9; }
.letter p { margin: 0 0 3mm; text-indent: 2em; }
.letter .statement { margin: 6mm 0 4mm; padding: 3mm 4mm; border: 0.4mm solid #1f3a5f; background: #f3f5f8; text-indent: 0; font-weight: 700; }
.confirm-sigs { display: grid; grid-template-columns: 1fr 1fr; gap: 12mm; margin-top: 14mm; break-inside: avoid; page-break-inside: avoid; font-size: 10.5pt; }
.confirm-sigs .line { display: flex; align-items: baseline; gap: 2mm; margin-bottom: 9mm; }
.confirm-sigs .line .k { white-space: nowrap; font-weight: 700; }
.confirm-sigs .line .v { flex: 1; border-bottom: 0.3mm solid #333; min-height: 6mm; }
.seal { margin-top: -2mm; width: 32mm; height: 32mm; border: 0.3mm dashed #8a96a8; border-radius: 50%; display: flex; align-items: center; justify-content: center; color: #8a96a8; font-size: 8.5pt; }
`;

function textOrLines(text: string, lines: number): RawHtml {
  if (text.trim() !== '') return html`<div class="filled">${text}</div>`;
  return html`<div class="lines">${Array.from({ length: lines }, () => html`<div></div>`)}</div>`;
}

const box = (checked: boolean) => (checked ? '☑' : '□');

function page(title: string, footerLeft: string, context: ComplaintPrintContext, bodyHtml: RawHtml): string {
  const footerRight = `打印于 ${shortTime(context.printedAt)}`;
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}
${raw(a4SheetFooterCss(footerLeft, footerRight))}
</style></head>
<body>
${bodyHtml}
</body></html>`.value;
}

function departmentsHtml(c: Complaint): RawHtml {
  const secondary = c.secondaryDepartments.map((d) => DEPARTMENT_LABELS[d]).join('、');
  return html`<span class="label">直接：</span><b>${DEPARTMENT_LABELS[c.department]}</b>　　<span class="label">次要：</span>${secondary || '无'}`;
}

function actionsHtml(c: Complaint): RawHtml {
  const blankRows = Math.max(0, 3 - c.actions.length);
  return html`<table class="form steps">
<colgroup><col style="width:22%"><col style="width:14%"><col style="width:64%"></colgroup>
<tr><th>时间</th><th>处理人</th><th>处理过程</th></tr>
${c.actions.map(
  (a) => html`<tr><td class="when">${shortTime(a.at)}</td><td>${a.byName}</td><td class="filled">${a.text}</td></tr>`,
)}${Array.from({ length: blankRows }, () => html`<tr><td class="blank-row"></td><td></td><td></td></tr>`)}
</table>`;
}

function callbacksHtml(c: Complaint): RawHtml {
  const verdictBoxes = (chosen: string | null) =>
    COMPLAINT_VERDICTS.map((v) => html`<span class="check">${box(v === chosen)} ${COMPLAINT_VERDICT_LABELS[v]}</span>`);
  if (c.callbacks.length === 0)
    return html`<table class="form">
<colgroup><col style="width:14%"><col style="width:86%"></colgroup>
<tr><th>回访时间</th><td><span class="blank"></span>　<span class="label">回访人：</span><span class="blank"></span>${
      c.callbackDueBy ? html`　<span class="label">应在 ${c.callbackDueBy} 前回访</span>` : ''
    }</td></tr>
<tr><th>回访结果</th><td>${verdictBoxes(null)}</td></tr>
<tr><th>是否闭环</th><td><span class="check">□ 是</span><span class="check">□ 否（重新处理）</span>　<span class="label">客户意见：</span><span class="blank" style="min-width:80mm"></span></td></tr>
</table>`;
  return html`<table class="form steps">
<colgroup><col style="width:19%"><col style="width:11%"><col style="width:11%"><col style="width:10%"><col style="width:49%"></colgroup>
<tr><th>回访时间</th><th>回访人</th><th>回访结果</th><th>是否闭环</th><th>客户意见</th></tr>
${c.callbacks.map(
  (cb) =>
    html`<tr><td class="when">${shortTime(cb.at)}</td><td>${cb.byName}</td><td>${COMPLAINT_VERDICT_LABELS[cb.verdict]}</td><td>${cb.closedLoop ? '是' : '否'}</td><td class="filled">${cb.words}</td></tr>`,
)}
</table>`;
}

/**
 * 客户投诉处理单 (A4 portrait): the registration (编号, time and clerk, channel, customer, vehicle, RO
 * and advisor, type, level, deadlines, departments), the customer's own words and demand, the steps
 * taken, the result and whether the customer accepted it, the callback (二次回访) with the verdict and
 * 是否闭环 — filled in where known, boxes and lines where not — and the two signatures that close it.
 */
export function complaintFormPrintHtml(c: Complaint, context: ComplaintPrintContext): { title: string; html: string } {
  const title = complaintFormTitle(c);
  const accepted = c.customerAccepted;
  const bodyHtml = html`<header class="masthead">
  <div class="store">${context.storeName}</div>
  <h1>客户投诉处理单</h1>
  <div class="state"><span class="stamp ${c.state}">${COMPLAINT_STATE_LABELS[c.state]}</span></div>
</header>
<div class="sub">
  <span>编号：<b>${c.no}</b>　渠道：<b>${COMPLAINT_CHANNEL_LABELS[c.channel]}</b></span>
  <span>登记时间：<b>${shortTime(c.openedAt)}</b>　登记人：<b>${c.openedBy}</b></span>
</div>

<div class="section">客户与车辆</div>
<table class="form">
<colgroup><col style="width:14%"><col style="width:20%"><col style="width:13%"><col style="width:20%"><col style="width:13%"><col style="width:20%"></colgroup>
<tr><th>客户</th><td>${c.customerName ?? ''}</td><th>电话</th><td>${c.phone ?? ''}</td><th>车牌</th><td>${c.plate ?? ''}</td></tr>
<tr><th>车型</th><td>${c.model}</td><th>VIN</th><td colspan="3">${c.vin ?? ''}</td></tr>
<tr><th>修理单号</th><td>${c.roNumber ?? ''}</td><th>服务顾问</th><td>${c.advisor}</td><th>负责人</th><td>${c.ownerName ?? ''}</td></tr>
</table>

<div class="section">投诉类别与时效</div>
<table class="form">
<colgroup><col style="width:14%"><col style="width:20%"><col style="width:13%"><col style="width:20%"><col style="width:13%"><col style="width:20%"></colgroup>
<tr><th>类型</th><td>${COMPLAINT_TYPE_LABELS[c.type]}</td><th>级别</th><td><b>${COMPLAINT_LEVEL_LABELS[c.level]}</b></td><th>处理时效</th><td>${responseHoursLabel(c.respondWithinHours)}</td></tr>
<tr><th>回复期限</th><td${c.overdue.response ? raw(' class="late"') : ''}>${shortTime(c.respondBy)}</td><th>首次响应</th><td>${c.respondedAt ? shortTime(c.respondedAt) : ''}</td><th>解决期限</th><td${c.overdue.resolution ? raw(' class="late"') : ''}>${c.resolveBy} 前<br><span class="label">${c.resolveWorkingDays} 个工作日${c.resolveByApproximate ? '（未含节假日调休，请核对）' : ''}</span></td></tr>
<tr><th>责任部门</th><td colspan="5">${departmentsHtml(c)}</td></tr>
</table>

<div class="section">客户反映</div>
<table class="form">
<colgroup><col style="width:14%"><col style="width:86%"></colgroup>
<tr><th>客户反映<br><span class="label">（原话）</span></th><td><div class="words">${c.description || '（未记录）'}</div></td></tr>
<tr><th>客户诉求</th><td>${textOrLines(c.demand, 1)}</td></tr>
</table>

<div class="section">处理过程</div>
${actionsHtml(c)}

<div class="section">处理结果</div>
<table class="form">
<colgroup><col style="width:14%"><col style="width:86%"></colgroup>
<tr><th>处理结果<br><span class="label">整改措施</span></th><td>${textOrLines(c.resolution, 3)}</td></tr>
<tr><th>客户是否接受</th><td><span class="check">${box(accepted === true)} 接受</span><span class="check">${box(accepted === false)} 不接受</span>${
    c.resolvedAt
      ? html`　<span class="label">处理完毕：</span>${shortTime(c.resolvedAt)}${c.resolvedBy ? html`　${c.resolvedBy}` : ''}`
      : html`　<span class="label">处理完毕时间：</span><span class="blank"></span>`
  }</td></tr>
</table>

<div class="section">二次回访</div>
${callbacksHtml(c)}

<div class="signatures">
  <div class="sig"><div class="role">责任部门主管签字</div><div class="hint">${DEPARTMENT_LABELS[c.department]}：确认处理过程与整改措施</div><div class="row"><span>签字：</span><span>日期：</span></div></div>
  <div class="sig"><div class="role">服务经理签字</div><div class="hint">确认处理结果与二次回访，是否闭环</div><div class="row"><span>签字：</span><span>日期：</span></div></div>
</div>
<div class="note">回复期限内联系客户并记录处理过程；处理完后交回信息员，由信息员在处理后一周内二次回访，客户不满意的重新处理。</div>`;
  const footerLeft = `客户投诉处理单 ${c.no} · ${COMPLAINT_LEVEL_LABELS[c.level]}`;
  return { title, html: page(title, footerLeft, context, bodyHtml) };
}

/**
 * 客户投诉解决确认书 (A4 portrait, 重大投诉): the complaint and the agreed resolution, the customer's
 * statement that the matter is resolved, the customer's signature and the store's seal. Lines to
 * write the resolution by hand where none is recorded yet.
 */
export function complaintConfirmationPrintHtml(
  c: Complaint,
  context: ComplaintPrintContext,
): { title: string; html: string } {
  const title = complaintConfirmationTitle(c);
  const bodyHtml = html`<header class="masthead">
  <div class="store">${context.storeName}</div>
  <h1>客户投诉解决确认书</h1>
  <div class="state"></div>
</header>
<div class="sub">
  <span>编号：<b>${c.no}</b>　级别：<b>${COMPLAINT_LEVEL_LABELS[c.level]}</b></span>
  <span>投诉时间：<b>${shortTime(c.openedAt)}</b>　渠道：<b>${COMPLAINT_CHANNEL_LABELS[c.channel]}</b></span>
</div>

<table class="form">
<colgroup><col style="width:14%"><col style="width:20%"><col style="width:13%"><col style="width:20%"><col style="width:13%"><col style="width:20%"></colgroup>
<tr><th>客户</th><td>${c.customerName ?? ''}</td><th>电话</th><td>${c.phone ?? ''}</td><th>车牌</th><td>${c.plate ?? ''}</td></tr>
<tr><th>车型</th><td>${c.model}</td><th>VIN</th><td colspan="3">${c.vin ?? ''}</td></tr>
<tr><th>修理单号</th><td>${c.roNumber ?? ''}</td><th>服务顾问</th><td>${c.advisor}</td><th>投诉类型</th><td>${COMPLAINT_TYPE_LABELS[c.type]}</td></tr>
</table>

<div class="section">投诉内容</div>
<table class="form">
<colgroup><col style="width:14%"><col style="width:86%"></colgroup>
<tr><th>客户反映</th><td><div class="filled">${c.description}</div></td></tr>
<tr><th>客户诉求</th><td>${textOrLines(c.demand, 1)}</td></tr>
</table>

<div class="section">双方协商一致的解决方案</div>
<table class="form">
<colgroup><col style="width:100%"></colgroup>
<tr><td class="tall">${textOrLines(c.resolution, 5)}</td></tr>
</table>

<div class="letter">
  <div class="statement">本人确认：上述投诉已由${context.storeName || '本店'}按以上解决方案处理完毕，本人对处理结果无异议，此次投诉事项已经解决。</div>
  <p>本确认书一式两份，客户与门店各执一份，经双方签字（盖章）后生效。</p>
</div>

<div class="confirm-sigs">
  <div>
    <div class="line"><span class="k">客户签字：</span><span class="v"></span></div>
    <div class="line"><span class="k">日　　期：</span><span class="v"></span></div>
  </div>
  <div>
    <div class="line"><span class="k">门店经办人签字：</span><span class="v"></span></div>
    <div class="line"><span class="k">日　　期：</span><span class="v"></span></div>
    <div class="seal">门店（盖章）</div>
  </div>
</div>`;
  return { title, html: page(title, `客户投诉解决确认书 ${c.no}`, context, bodyHtml) };
}
