import {
  CALL_KIND_LABELS,
  type CallProblem,
  DEPARTMENT_LABELS,
  PROBLEM_FIXED_LABELS,
  type ProblemFixed,
} from '../../../src-shared/domain/revisits';
import { shortTime } from '../daily-report/daily-report.print';
import { html, type RawHtml, raw } from '../print/html';
import { A4_REPORT_SHEET_CSS, a4SheetFooterCss } from '../print/sheet-css';

/** A problem call as its quick-handling form prints it: the problem record and the call around it. */
export interface ProblemFormData {
  problem: CallProblem;
  model: string;
  /** The RO's service advisor (服务顾问), when the call is about an RO. */
  advisor: string;
  /** When the call was answered (the call's close), else when the problem was recorded. */
  calledAt: string;
  calledBy: string | null;
  problemFixed: ProblemFixed | null;
  suggestions: string;
}

export interface ProblemFormContext {
  storeName: string;
  /** When the page was made (ISO with offset). */
  printedAt: string;
}

/** The form's number as printed and filed: 回访问题 No. 000012. */
export const problemFormNumber = (id: number) => `No. ${String(id).padStart(6, '0')}`;

export function problemFormTitle(id: number): string {
  return `快速处理表 ${problemFormNumber(id)}`;
}

const CSS = `${A4_REPORT_SHEET_CSS}
.masthead h1 { letter-spacing: 0.4em; text-indent: 0.4em; }
.stamp.open { color: #b3261e; border-color: #b3261e; }
.stamp.done { color: #17603a; border-color: #17603a; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: 2mm; }
table.form th, table.form td { border: 0.3mm solid #1f3a5f; padding: 1.8mm 2mm; vertical-align: top; overflow-wrap: anywhere; font-size: 9.5pt; }
table.form th { width: 22mm; background: #e4e9f0; font-weight: 700; text-align: center; vertical-align: middle; white-space: nowrap; }
table.form td.tall { height: 38mm; }
table.form td.mid { height: 24mm; }
.section { margin: 0; padding: 1.2mm 2mm; background: #1f3a5f; color: #fff; font-weight: 700; font-size: 9.5pt; letter-spacing: 0.1em; }
.questions { margin: 0 0 1.5mm; padding-left: 5mm; }
.questions li { margin: 0.3mm 0; }
.words { margin-top: 1mm; padding: 1.5mm 2.5mm; border-left: 0.8mm solid #b3261e; background: #fbf3f2; white-space: pre-wrap; }
.words .k, .label { color: #555; font-size: 8pt; }
.filled { white-space: pre-wrap; }
.lines { margin-top: 1mm; }
.lines div { height: 7mm; border-bottom: 0.25mm dashed #8a96a8; }
.check { white-space: nowrap; margin-right: 5mm; }
.blank { display: inline-block; min-width: 32mm; border-bottom: 0.25mm solid #333; padding: 0 1mm; }
.signatures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 5mm; margin-top: 6mm; break-inside: avoid; page-break-inside: avoid; }
.sig { border: 0.3mm solid #1f3a5f; padding: 2mm 3mm 3mm; }
.sig .role { font-weight: 700; color: #1f3a5f; }
.sig .hint { font-size: 7.5pt; color: #555; }
.sig .v { margin-top: 9mm; border-bottom: 0.25mm solid #333; }
.sig .date { margin-top: 3mm; font-size: 8pt; color: #444; }
.note { margin-top: 4mm; font-size: 8pt; color: #555; }
`;

/** What was written, or ruled lines to write it by hand. */
function textOrLines(text: string, lines: number): RawHtml {
  if (text.trim() !== '') return html`<div class="filled">${text}</div>`;
  return html`<div class="lines">${Array.from({ length: lines }, () => html`<div></div>`)}</div>`;
}

const box = (checked: boolean) => (checked ? '☑' : '□');

/**
 * 快速处理表 (A4): a problem call handed to the department that must act — who, what the customer
 * said in their own words, the action and the result, done, and the signatures that close the loop
 * (负责人, 部门主管, the clerk's second call). Filled in from the archive where already known, lines
 * to write on where not. Customer data is escaped by `html`.
 */
export function problemFormPrintHtml(
  data: ProblemFormData,
  context: ProblemFormContext,
): { title: string; html: string } {
  const p = data.problem;
  const title = problemFormTitle(p.id);
  const done = p.doneAt !== null;
  const footerLeft = `快速处理表 ${problemFormNumber(p.id)} · ${DEPARTMENT_LABELS[p.department]}`;
  const footerRight = `打印于 ${shortTime(context.printedAt)}`;
  const fixed = data.problemFixed ? PROBLEM_FIXED_LABELS[data.problemFixed] : '';
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}
${raw(a4SheetFooterCss(footerLeft, footerRight))}
</style></head>
<body>
<header class="masthead">
  <div class="store">${context.storeName}</div>
  <h1>快速处理表</h1>
  <div class="state"><span class="stamp ${done ? 'done' : 'open'}">${done ? '已处理' : '待处理'}</span></div>
</header>
<div class="sub">
  <span>编号：<b>${problemFormNumber(p.id)}</b>　来源：<b>电话回访（${CALL_KIND_LABELS[p.kind]}）</b></span>
  <span>回访时间：<b>${shortTime(data.calledAt)}</b>${data.calledBy ? html`　回访人：<b>${data.calledBy}</b>` : ''}</span>
</div>

<div class="section">客户与车辆</div>
<table class="form">
<colgroup><col style="width:13%"><col style="width:20%"><col style="width:13%"><col style="width:20%"><col style="width:13%"><col style="width:21%"></colgroup>
<tr><th>客户</th><td>${p.customerName ?? ''}</td><th>电话</th><td>${p.phone ?? ''}</td><th>车牌</th><td>${p.plate ?? ''}</td></tr>
<tr><th>车型</th><td>${data.model}</td><th>工单号</th><td>${p.roNumber ?? ''}</td><th>服务顾问</th><td>${data.advisor}</td></tr>
</table>

<div class="section" style="margin-top:3mm">客户反映的问题</div>
<table class="form">
<colgroup><col style="width:13%"><col style="width:87%"></colgroup>
<tr><th>不满意项</th><td>${
    p.questions.length > 0
      ? html`<ul class="questions">${p.questions.map((q) => html`<li>${q}</li>`)}</ul>`
      : html`<span class="label">（没有低分题目）</span>`
  }${fixed ? html`<div><span class="label">这次维修是否解决了问题：</span>${fixed}</div>` : ''}</td></tr>
<tr><th>用户原话</th><td><div class="words">${p.words || '（未记录）'}</div>${
    data.suggestions
      ? html`<div style="margin-top:1.5mm"><span class="label">客户建议：</span>${data.suggestions}</div>`
      : ''
  }</td></tr>
<tr><th>责任部门</th><td><b>${DEPARTMENT_LABELS[p.department]}</b>　　<span class="label">负责人：</span><span class="blank">${p.ownerName ?? ''}</span>　　<span class="label">派单时间：</span>${shortTime(p.createdAt)}</td></tr>
</table>

<div class="section" style="margin-top:3mm">处理</div>
<table class="form">
<colgroup><col style="width:13%"><col style="width:87%"></colgroup>
<tr><th>处理措施</th><td class="tall">${textOrLines(p.action, 5)}</td></tr>
<tr><th>处理结果</th><td class="mid">${textOrLines(p.result, 3)}</td></tr>
<tr><th>是否完成</th><td><span class="check">${box(done)} 已完成</span><span class="check">${box(false)} 未完成，原因：</span><span class="blank"></span>　　<span class="label">完成时间：</span><span class="blank">${done ? shortTime(p.doneAt as string) : ''}</span>${p.doneBy ? html`　<span class="label">记录人：</span>${p.doneBy}` : ''}</td></tr>
<tr><th>二次回访</th><td><span class="label">回访日期：</span><span class="blank"></span>　　<span class="check">□ 满意</span><span class="check">□ 基本满意</span><span class="check">□ 不满意</span><span class="check">□ 转投诉</span></td></tr>
</table>

<div class="signatures">
  <div class="sig"><div class="role">负责人签字</div><div class="hint">${DEPARTMENT_LABELS[p.department]}</div><div class="v"></div><div class="date">日期：</div></div>
  <div class="sig"><div class="role">部门主管签字</div><div class="hint">确认处理措施</div><div class="v"></div><div class="date">日期：</div></div>
  <div class="sig"><div class="role">服务经理确认</div><div class="hint">是否闭环</div><div class="v"></div><div class="date">日期：</div></div>
</div>
<div class="note">请尽快（24 小时内）联系客户并填写处理措施；处理完后交回信息员，由信息员二次回访并在 回访 → 问题客户 中记录结果。</div>
</body></html>`;
  return { title, html: page.value };
}
