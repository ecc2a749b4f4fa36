import { APPOINTMENT_STATE_LABELS, type AppointmentState } from '../../../src-shared/domain/revisits';
import { chineseDate, shortTime } from '../daily-report/daily-report.print';
import { html, type RawHtml, raw } from '../print/html';
import { A4_REPORT_SHEET_CSS, a4SheetFooterCss } from '../print/sheet-css';

/** One row of the front desk's sheet, names and phones already masked or not. */
export interface AppointmentSheetRow {
  time: string | null;
  plate: string | null;
  model: string;
  customerName: string | null;
  phone: string | null;
  /** 首保, 定保… */
  purpose: string;
  advisor: string;
  note: string;
  state: AppointmentState;
  arrivedRoNumber: string | null;
}

export interface AppointmentSheetData {
  date: string;
  rows: readonly AppointmentSheetRow[];
}

export function appointmentsTitle(date: string): string {
  return `预约登记表 ${date}`;
}

/** 已到店 (工单号) for the arrived, the state for the others. */
export function stateText(r: Pick<AppointmentSheetRow, 'state' | 'arrivedRoNumber'>): string {
  if (r.state === 'arrived' && r.arrivedRoNumber) return `${APPOINTMENT_STATE_LABELS.arrived} ${r.arrivedRoNumber}`;
  return APPOINTMENT_STATE_LABELS[r.state];
}

const CSS = `${A4_REPORT_SHEET_CSS}
.masthead h1 { letter-spacing: 0.3em; text-indent: 0.3em; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 1.4mm 1.2mm; border: 0.2mm solid #9aa6b5; vertical-align: top; overflow-wrap: anywhere; }
th { background: #e4e9f0; font-weight: 700; font-size: 8.5pt; text-align: center; white-space: nowrap; }
td { font-size: 9pt; }
td.center { text-align: center; }
td.nowrap { white-space: nowrap; }
td.time { text-align: center; font-weight: 700; font-size: 10pt; white-space: nowrap; }
td.phone { font-size: 8.5pt; white-space: nowrap; }
td.note { font-size: 8pt; }
td.state { font-size: 8pt; text-align: center; }
tr.arrived td { background: #eef6f0; }
tr.no_show td.state { color: #b3261e; font-weight: 700; }
td.empty { text-align: center; color: #666; padding: 4mm; }
.hint { margin-top: 3mm; font-size: 8pt; color: #555; }
`;

function rowsHtml(rows: readonly AppointmentSheetRow[]): RawHtml | RawHtml[] {
  if (rows.length === 0) return html`<tr><td class="empty" colspan="10">这一天没有预约</td></tr>`;
  return rows.map(
    (r, i) => html`<tr class="${r.state}">
  <td class="center">${i + 1}</td><td class="time">${r.time ?? '未定'}</td><td class="nowrap">${r.plate ?? ''}</td>
  <td>${r.model}</td><td>${r.customerName ?? ''}</td><td class="phone">${r.phone ?? ''}</td>
  <td class="center">${r.purpose}</td><td>${r.advisor}</td><td class="note">${r.note}</td>
  <td class="state">${stateText(r)}</td>
</tr>`,
  );
}

/**
 * 今日预约 for the front desk (A4): the day's appointments by time with the vehicle, customer,
 * purpose and advisor, and whether the car came in. Customer data is escaped by `html`.
 */
export function appointmentsPrintHtml(
  data: AppointmentSheetData,
  context: { storeName: string; printedAt: string },
): { title: string; html: string } {
  const title = appointmentsTitle(data.date);
  const arrived = data.rows.filter((r) => r.state === 'arrived').length;
  const footerLeft = `预约登记表 ${data.date} · ${data.rows.length} 条`;
  const footerRight = `打印于 ${shortTime(context.printedAt)}`;
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${raw(CSS)}
${raw(a4SheetFooterCss(footerLeft, footerRight))}
</style></head>
<body>
<header class="masthead">
  <div class="store">${context.storeName}</div>
  <h1>预约登记表</h1>
  <div class="state"></div>
</header>
<div class="sub">
  <span>预约日期：<b>${chineseDate(data.date)}</b></span>
  <span>共 <b>${data.rows.length}</b> 位预约　已到店 <b>${arrived}</b></span>
</div>
<table>
<colgroup><col style="width:5%"><col style="width:7%"><col style="width:10%"><col style="width:11%"><col style="width:9%"><col style="width:12%"><col style="width:6%"><col style="width:8%"><col style="width:19%"><col style="width:13%"></colgroup>
<thead><tr><th>序号</th><th>时间</th><th>车牌</th><th>车型</th><th>客户</th><th>电话</th><th>目的</th><th>服务顾问</th><th>备注</th><th>到店</th></tr></thead>
<tbody>${rowsHtml(data.rows)}</tbody></table>
<div class="hint">车辆进厂开单后自动标记“已到店”；取消的预约不列出。</div>
</body></html>`;
  return { title, html: page.value };
}
