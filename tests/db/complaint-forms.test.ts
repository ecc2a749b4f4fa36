/**
 * The printed forms of issue 12 — 客户投诉处理单, 客户投诉解决确认书 (重大投诉 only) and 跟踪及返修记录表 —
 * from a real archive behind the real dispatcher (store clock pinned): every field a store's paper
 * form has, customer text escaped (a customer who types `<script>`), names and phones masked unless a
 * service manager asks (audited), and each page made into a PDF by a real Chromium through the one
 * print service (A4 portrait / landscape, read back with pdfinfo and pdftotext, rendered to PNG at
 * 60 dpi into /tmp/b12-*.png to be looked at).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complaintFormPrintHtml } from '../../src-main/services/complaints/complaint-form.print';
import type { Clock } from '../../src-main/services/context';
import { PrintService } from '../../src-main/services/print/print.service';
import type { Complaint } from '../../src-shared/domain/complaints';
import { openSetUpArchive, type TestArchive, VIN_A, VIN_B } from '../support/archive';
import { rawSql } from '../support/filing';

/** The store's clock, movable: starts Wednesday 2026-12-02 09:00 at the store (UTC+8). */
let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};
const SCRIPT = '<script>alert(1)</script>';

let t: TestArchive;
beforeEach(async () => {
  at('2026-12-02T09:00:00');
  t = await openSetUpArchive({ clock });
});
afterEach(async () => {
  await t.close();
});

const { all: sql } = rawSql(() => t);

/** 欧阳明辉's 帕萨特 with a repair RO delivered 11-25, and a second customer named `<script>…`. */
async function arrange() {
  const c = (await t.must('customers.create', { name: '欧阳明辉', mobile: '13812345678' })).record.id;
  const v = (await t.must('vehicles.create', { plate: '京B55555', vin: VIN_A, model: '帕萨特', ownerId: c })).record.id;
  const ro = (
    await t.must('repairOrders.create', {
      roNumber: 'RO2611250007',
      vehicleId: v,
      customerId: c,
      advisorName: '赵顾问',
      openedAt: '2026-11-25 09:00',
      type: 'repair',
      status: 'delivered',
      completedAt: '2026-11-25 15:00',
      deliveredAt: '2026-11-25 16:00',
      laborLines: [{ description: '更换变速箱油', hours: 1, amountFen: 30000 }],
    })
  ).record.id;
  const s = (await t.must('customers.create', { name: SCRIPT, mobile: '13987654321' })).record.id;
  const sv = (await t.must('vehicles.create', { plate: '京C66666', vin: VIN_B, model: '速腾', ownerId: s })).record.id;
  return { c, v, ro, s, sv };
}

/** A complaint handled to the end: two steps, resolved, called back and closed. */
async function handledComplaint(level: 'complaint' | 'major') {
  const a = await arrange();
  await t.loginAs('clerk');
  const created = await t.must('complaints.create', {
    channel: 'phone_in',
    customerId: a.c,
    vehicleId: a.v,
    roId: a.ro,
    description: `换完变速箱油后换挡顿挫更明显了，${SCRIPT}，要求给个说法`,
    demand: '免费检查并彻底修好，耽误的时间给个补偿',
    department: 'workshop',
    secondaryDepartments: ['reception'],
    type: 'quality',
    level,
  });
  at('2026-12-02T10:00:00');
  let c = await t.must('complaints.addAction', {
    id: created.id,
    version: created.version,
    text: '车间主管电话联系客户，约定明天上午到店检查',
  });
  at('2026-12-03T11:30:00');
  c = await t.must('complaints.addAction', {
    id: c.id,
    version: c.version,
    text: '检查发现油位偏高，重新放油加注至标准油位，路试换挡正常',
  });
  at('2026-12-03T16:00:00');
  c = await t.must('complaints.resolve', {
    id: c.id,
    version: c.version,
    resolution: '重新调整变速箱油位并做自适应学习，赠送一次免费保养工时',
    customerAccepted: true,
  });
  return { a, complaint: c };
}

function pdfOf(file: string, pdf: Buffer) {
  fs.writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number) as [number, number];
  return { info, text, landscape: w > h };
}

/** The first page at 60 dpi (and the PDF beside it), for a person to look at. */
function png(pdfFile: string, name: string): string {
  const prefix = path.join('/tmp', name);
  fs.copyFileSync(pdfFile, `${prefix}.pdf`);
  execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', pdfFile, prefix]);
  return `${prefix}.png`;
}

describe('客户投诉处理单 (a pure template from a hand-made complaint)', () => {
  const base: Complaint = {
    id: 7,
    no: 'TS202612-0007',
    channel: 'walk_in',
    customerId: 1,
    customerName: SCRIPT,
    phone: '13812345678',
    vehicleId: 1,
    plate: '京A12345',
    vin: VIN_A,
    model: '朗逸',
    roId: 1,
    roNumber: 'RO2612010001',
    advisor: '王顾问',
    department: 'reception',
    secondaryDepartments: ['workshop', 'parts'],
    type: 'attitude',
    level: 'urgent',
    description: '接待态度差 & 不耐烦 "原话"',
    demand: '',
    openedAt: '2026-12-01T09:15:00+08:00',
    openedBy: '小王',
    respondWithinHours: 12,
    respondBy: '2026-12-01T21:15:00+08:00',
    respondedAt: null,
    resolveWorkingDays: 3,
    resolveBy: '2026-12-04',
    resolveByApproximate: false,
    ownerUserId: null,
    ownerName: null,
    actions: [],
    resolution: '',
    customerAccepted: null,
    resolvedAt: null,
    resolvedBy: null,
    callbackDueBy: null,
    callbacks: [],
    verdict: null,
    closedLoop: null,
    closedAt: null,
    closedBy: null,
    state: 'open',
    reopened: 0,
    callProblemId: null,
    callId: null,
    comebackId: null,
    overdue: { response: true, resolution: false, callback: false },
    version: 1,
  };

  it('has every field of a store’s form, escapes customer text, and leaves lines and boxes where nothing is recorded yet', () => {
    const { title, html } = complaintFormPrintHtml(base, {
      storeName: '测试<店>',
      printedAt: '2026-12-02T09:00:00+08:00',
    });
    expect(title).toBe('客户投诉处理单 TS202612-0007');
    for (const expected of [
      '客户投诉处理单',
      '编号：<b>TS202612-0007</b>',
      '渠道：<b>来店</b>',
      '登记时间：<b>2026-12-01 09:15</b>',
      '登记人：<b>小王</b>',
      '朗逸',
      VIN_A,
      'RO2612010001',
      '王顾问',
      '服务态度',
      '紧急投诉',
      '12 小时',
      '2026-12-01 21:15',
      '2026-12-04 前',
      '3 个工作日',
      '<b>接待</b>',
      '车间、配件',
      '客户反映',
      '客户诉求',
      '处理过程',
      '处理结果',
      '客户是否接受',
      '二次回访',
      '是否闭环',
      '非常满意',
      '不表态',
      '责任部门主管签字',
      '服务经理签字',
      '日期：',
    ])
      expect(html).toContain(expected);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('接待态度差 &amp; 不耐烦 &quot;原话&quot;');
    expect(html).toContain('测试&lt;店&gt;');
    expect(html).not.toContain('<script>');
    // Past its response deadline: the time is marked.
    expect(html).toContain('class="late"');
    // Nothing handled yet: blank rows and ruled lines, all boxes empty.
    expect(html).toContain('class="lines"');
    expect(html).not.toContain('☑');
  });

  it('the blank form (nothing handled yet) is one A4 portrait page with room to write', async () => {
    const { html } = complaintFormPrintHtml(base, {
      storeName: '测试汽车服务有限公司',
      printedAt: '2026-12-02T09:00:00+08:00',
    });
    const print = new PrintService();
    try {
      const { pdf, pages } = await print.pdf(html);
      const file = path.join(t.dir, 'blank-form.pdf');
      const out = pdfOf(file, pdf);
      expect(fs.existsSync(png(file, 'b12-complaint-form-blank'))).toBe(true);
      expect(pages).toBe(1);
      expect(out.landscape).toBe(false);
      expect(out.text).toContain('责任部门主管签字');
    } finally {
      await print.close();
    }
  });
});

describe('through the service (complaints.formHtml, complaints.confirmationHtml, comebacks.sheetHtml)', () => {
  it('客户投诉处理单: masked by default; in full only for a manager, audited; filled in with steps, result and the callback', async () => {
    const { complaint } = await handledComplaint('complaint');
    at('2026-12-04T10:00:00');
    const called = await t.must('complaints.recordCallback', {
      id: complaint.id,
      version: complaint.version,
      verdict: 'satisfied',
      closedLoop: true,
      words: '现在换挡平顺了，谢谢',
    });
    expect(called.state).toBe('closed');

    const masked = (await t.must('complaints.formHtml', { id: complaint.id, unmasked: false })).html;
    expect(masked).toContain('欧阳**');
    expect(masked).toContain('138****5678');
    expect(masked).not.toContain('欧阳明辉');
    expect(masked).not.toContain('13812345678');
    expect(masked).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(masked).not.toContain('<script>');
    for (const expected of [
      '车间主管电话联系客户',
      '重新调整变速箱油位',
      '☑ 接受',
      '现在换挡平顺了，谢谢',
      '满意',
      '已闭环',
      'RO2611250007',
      '赵顾问',
    ])
      expect(masked).toContain(expected);

    // A clerk may not see it in full; a manager may, and it is audited.
    const refused = await t.call('complaints.formHtml', { id: complaint.id, unmasked: true });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    await t.loginAs('manager');
    const full = (await t.must('complaints.formHtml', { id: complaint.id, unmasked: true })).html;
    expect(full).toContain('欧阳明辉');
    expect(full).toContain('13812345678');
    const unmaskAudit = await sql<{ after_json: string }>(
      "SELECT after_json FROM audit_log WHERE action = 'privacy.unmask'",
    );
    expect(unmaskAudit.map((r) => JSON.parse(r.after_json).document)).toEqual(['客户投诉处理单打印']);

    const missing = await t.call('complaints.formHtml', { id: 999, unmasked: false });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');

    // On paper: one A4 portrait page.
    const print = new PrintService();
    try {
      const { pdf, pages } = await print.pdf(masked);
      const file = path.join(t.dir, 'form.pdf');
      const out = pdfOf(file, pdf);
      expect(fs.existsSync(png(file, 'b12-complaint-form'))).toBe(true);
      expect(pages).toBe(1);
      expect(out.info).toMatch(/Page size:.*\(A4\)/);
      expect(out.landscape).toBe(false);
      expect(out.text).toContain('客户投诉处理单');
      expect(out.text).toContain('<script>alert(1)</script>');
      expect(out.text).toContain('服务经理签字');
      expect(fs.existsSync(png(file, 'b12-complaint-form'))).toBe(true);
    } finally {
      await print.close();
    }
  });

  it('客户投诉解决确认书: refused for any level but 重大投诉 (naming the field); for one, the resolution and the signatures', async () => {
    const { complaint } = await handledComplaint('complaint');
    const refused = await t.call('complaints.confirmationHtml', { id: complaint.id, unmasked: false });
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'VALIDATION',
      message: '投诉：只有重大投诉需要解决确认书',
      details: { fields: [{ path: 'id' }] },
    });
    const major = await t.must('complaints.update', {
      id: complaint.id,
      version: complaint.version,
      description: complaint.description,
      department: complaint.department,
      secondaryDepartments: complaint.secondaryDepartments,
      type: complaint.type,
      level: 'major',
      demand: complaint.demand,
    });
    const { title, html } = await t.must('complaints.confirmationHtml', { id: major.id, unmasked: false });
    expect(title).toBe(`客户投诉解决确认书 ${major.no}`);
    for (const expected of [
      '客户投诉解决确认书',
      '重大投诉',
      '欧阳**',
      '138****5678',
      '京B55555',
      '双方协商一致的解决方案',
      '重新调整变速箱油位并做自适应学习',
      '本人确认',
      '此次投诉事项已经解决',
      '客户签字',
      '门店（盖章）',
    ])
      expect(html).toContain(expected);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');

    const print = new PrintService();
    try {
      const { pdf, pages } = await print.pdf(html);
      expect(pages).toBe(1);
      const file = path.join(t.dir, 'confirmation.pdf');
      const out = pdfOf(file, pdf);
      expect(out.landscape).toBe(false);
      expect(out.text).toContain('此次投诉事项已经解决');
      expect(fs.existsSync(png(file, 'b12-complaint-confirmation'))).toBe(true);
    } finally {
      await print.close();
    }
  });

  it('跟踪及返修记录表: the confirmed and closed comebacks of the period, oldest first, masked and escaped; proposals and dismissed ones left out', async () => {
    const a = await arrange();
    await t.loginAs('clerk');
    // The 帕萨特 back 11-30 (5 days after its repair RO): proposed, confirmed, closed by the manager.
    const back = (
      await t.must('repairOrders.create', {
        roNumber: 'RO2611300003',
        vehicleId: a.v,
        customerId: a.c,
        advisorName: '赵顾问',
        openedAt: '2026-11-30 10:00',
        type: 'repair',
        complaint: '换挡还是顿挫',
      })
    ).record.id;
    const confirmed = await t.must('comebacks.confirm', { key: `ro:${back}`, words: '' });
    // The `<script>` customer: a repair RO, and marked from a call two days later.
    await t.must('repairOrders.create', {
      roNumber: 'RO2611280001',
      vehicleId: a.sv,
      customerId: a.s,
      advisorName: '钱顾问',
      openedAt: '2026-11-28 09:00',
      type: 'repair',
      status: 'delivered',
      deliveredAt: '2026-11-28 17:00',
      laborLines: [{ description: '检修空调 <压缩机>', hours: 2, amountFen: 50000 }],
    });
    at('2026-12-02T11:00:00');
    await t.must('comebacks.mark', { vehicleId: a.sv, words: `空调又不凉了 ${SCRIPT}` });
    // A proposal left undecided and one dismissed: neither is on the sheet.
    await t.must('repairOrders.create', {
      roNumber: 'RO2612010001',
      vehicleId: a.sv,
      customerId: a.s,
      openedAt: '2026-12-01 09:00',
      type: 'body_paint',
    });
    await t.loginAs('manager');
    at('2026-12-02T15:00:00');
    await t.must('comebacks.close', {
      id: confirmed.id!,
      version: 1,
      cause: '首次加注油位过高',
      action: '重新加注至标准油位并做自适应',
      result: '路试正常，客户确认',
    });

    const { title, html } = await t.must('comebacks.sheetHtml', {
      from: '2026-11-01',
      to: '2026-12-02',
      unmasked: false,
    });
    expect(title).toBe('跟踪及返修记录表 2026-11-01 至 2026-12-02');
    for (const expected of [
      '跟踪及返修记录表',
      '原修理单',
      '服务顾问',
      '客户反映',
      '交服务经理',
      '原因',
      '措施',
      '结果',
      '状态',
      'RO2611250007',
      '赵顾问',
      '换挡还是顿挫',
      '首次加注油位过高',
      '已处理',
      '已交服务经理',
      '欧阳**',
      '138****5678',
      '检修空调 &lt;压缩机&gt;',
      '空调又不凉了 &lt;script&gt;alert(1)&lt;/script&gt;',
    ])
      expect(html).toContain(expected);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('欧阳明辉');
    expect(html).not.toContain('RO2612010001');
    // Oldest first: the 11-30 comeback before the one marked 12-02.
    expect(html.indexOf('RO2611250007')).toBeLessThan(html.indexOf('RO2611280001'));

    // In full for the manager (audited): the customer named `<script>…` prints as text.
    const full = (await t.must('comebacks.sheetHtml', { from: '2026-11-01', to: '2026-12-02', unmasked: true })).html;
    expect(full).toContain('欧阳明辉');
    expect(full).toContain('13987654321');
    expect(full.split('&lt;script&gt;alert(1)&lt;/script&gt;').length).toBe(3);
    expect(full).not.toContain('<script>');
    expect(
      (await sql<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'privacy.unmask'"))[0]!.n,
    ).toBe(1);

    const backwards = await t.call('comebacks.sheetHtml', { from: '2026-12-02', to: '2026-11-01', unmasked: false });
    expect(backwards.ok ? null : backwards.error.code).toBe('VALIDATION');

    const print = new PrintService();
    try {
      const { pdf, pages } = await print.pdf(html);
      expect(pages).toBe(1);
      const file = path.join(t.dir, 'sheet.pdf');
      const out = pdfOf(file, pdf);
      expect(out.info).toMatch(/Page size:.*\(A4\)/);
      expect(out.landscape).toBe(true);
      expect(out.text).toContain('跟踪及返修记录表');
      expect(out.text).toContain('首次加注油位过高');
      expect(fs.existsSync(png(file, 'b12-comeback-sheet'))).toBe(true);
    } finally {
      await print.close();
    }
  });
});
