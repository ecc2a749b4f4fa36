import fs from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page as Paged, VehicleListRow } from '../../src-shared/domain/records';
import type { Appointment, CallQueue, SmsBatch, SmsBatchPreview, SmsTemplate } from '../../src-shared/domain/revisits';
import { api, counterPage, launchChromium, type RunningHost, setUpDemoStore, shot, startHost } from './harness';

/**
 * 回访 → 预约登记 and 回访 → 短信 in a real Chromium against the real browser host, on the demo
 * archive (a year of a store, seed 7), at 10:30 in the store on 3 December. A customer phones in
 * and books for 14:00 today; the car comes in early, its RO is opened through the archive's RO form,
 * and the appointment turns into an arrival with that RO's number (on screen and on the printed
 * sheet). Then the customers the calls could not reach get an SMS batch: recipients, template,
 * the preview's counts, the batch exported as XLSX and CSV (read back) and confirmed as sent.
 */
const NOW = '2026-12-03T02:30:00Z';
const TODAY = '2026-12-03';
const RO_NUMBER = 'RO2612030031';
const SAVE = /保\s*存/;

describe('预约登记 and 短信 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    host = await startHost({ env: { CLERKDESK_FAKE_NOW: NOW } });
    await setUpDemoStore(host, { years: 1, phone: '010-64001234', manager: false });
    browser = await launchChromium();
    page = await counterPage(browser, problems);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const toTab = async (tab: '预约登记' | '短信') => {
    await page.locator('.shell-sider').getByText('回访').click();
    await page.locator('.revisits-page .ant-tabs-tab', { hasText: tab }).click();
  };
  const closePreview = () =>
    page
      .locator('.print-preview-modal .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();

  it('books a phoned-in appointment for later today and sees it arrive when its RO opens', async () => {
    // A car of an active customer with a mobile phone, not booked today.
    const booked = await api<Appointment[]>(host, 'appointments.list', { date: TODAY, state: 'all' });
    const cars = await api<Paged<VehicleListRow>>(host, 'vehicles.list', { page: 1, pageSize: 50 });
    const car = cars.rows.find(
      (v) =>
        v.status === 'active' &&
        v.plate !== null &&
        v.ownerMobile !== null &&
        !booked.some((a) => a.vehicleId === v.id),
    )!;
    expect(car).toBeTruthy();
    const plate = car.plate!;

    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await toTab('预约登记');
    const day = page.locator('.appointments-day');
    await day.locator('.ant-card-head-title', { hasText: '今日预约' }).waitFor();
    await shot(page, 'appointments-01-today-before', false);

    // ---- 新建预约: the customer phones in for 14:00 today ----
    await page.getByRole('button', { name: /新建预约/ }).click();
    const modal = page.locator('.new-appointment-modal');
    await modal.locator('#appointment_vehicleId').waitFor();
    // Today is already the day (the store's, not the PC's: the PC is still on 2 December in UTC).
    expect(await modal.locator('#appointment_date').inputValue()).toBe(TODAY);
    await modal.locator('#appointment_vehicleId').click();
    await page.keyboard.type(plate.slice(-5));
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: plate }).first().click();
    const time = modal.locator('#appointment_time');
    await time.click();
    await time.fill('14:00');
    await time.press('Enter');
    await modal.locator('.ant-radio-button-wrapper', { hasText: '维修' }).click();
    await modal.locator('#appointment_advisor').fill('孙顾问');
    await modal.locator('#appointment_note').fill('刹车有异响，客户下午两点到');
    await shot(page, 'appointments-02-new', false);
    await modal.getByRole('button', { name: /登记预约/ }).click();
    await page.getByText(`已登记预约：${plate} ${TODAY} 14:00`).waitFor();
    await modal.waitFor({ state: 'detached' });

    const row = page.locator('.appointments-table tbody tr', { hasText: plate });
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('14:00');
    expect(await row.textContent()).toContain('客户来电');
    expect(await row.locator('.appointment-state-booked').textContent()).toBe('已预约');
    const [appointment] = (await api<Appointment[]>(host, 'appointments.list', { date: TODAY, state: 'all' })).filter(
      (a) => a.vehicleId === car.id,
    );
    expect(appointment).toMatchObject({
      date: TODAY,
      time: '14:00',
      purpose: 'repair',
      source: 'phone_in',
      advisor: '孙顾问',
      state: 'booked',
      createdBy: '王小红',
    });
    expect(await day.locator('.ant-card-head-title').textContent()).toBe(`今日预约（${booked.length + 1}）`);
    await shot(page, 'appointments-03-booked', false);

    // ---- the car comes in at 10:30: the advisor's RO, opened in 档案 → 修理单 → 新建修理单 ----
    await page.locator('.shell-sider').getByText('档案').click();
    await page.locator('.ant-tabs-tab', { hasText: '修理单' }).click();
    await page.getByRole('button', { name: /新建修理单/ }).click();
    await page.locator('h3', { hasText: '新建修理单' }).waitFor();
    await page.getByLabel('工单号').fill(RO_NUMBER);
    await page.locator('#vehicleId').click();
    await page.keyboard.type(plate.slice(-5));
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: plate }).first().click();
    // The opening time is the store's now, to the minute.
    expect(await page.locator('#openedAt').inputValue()).toBe(`${TODAY} 10:30`);
    await page.locator('#type').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="一般维修"]').click();
    await page.locator('#advisorName').fill('孙顾问');
    await page.locator('#complaint').fill('刹车异响');
    await page.getByRole('button', { name: SAVE }).click();
    await page.locator('h3', { hasText: RO_NUMBER }).waitFor();

    // ---- back in 预约登记: arrived, with the RO's number ----
    await toTab('预约登记');
    const arrived = page.locator('.appointments-table tbody tr', { hasText: plate });
    await arrived.locator('.appointment-state-arrived').waitFor();
    expect(await arrived.locator('.appointment-state-arrived').textContent()).toBe('已到店');
    expect(await arrived.textContent()).toContain(RO_NUMBER);
    // Arrived: no longer cancellable.
    expect(await arrived.getByRole('button', { name: /取消/ }).count()).toBe(0);
    expect(
      (await api<Appointment[]>(host, 'appointments.list', { date: TODAY, state: 'all' })).find(
        (a) => a.id === appointment!.id,
      ),
    ).toMatchObject({ state: 'arrived', arrivedRoNumber: RO_NUMBER });
    await shot(page, 'appointments-04-arrived', false);

    // ---- the front desk's sheet ----
    await day.getByRole('button', { name: /打印预览/ }).click();
    const sheet = page.frameLocator('.print-preview-frame');
    await sheet.getByText(`已到店 ${RO_NUMBER}`).waitFor();
    expect(await sheet.locator('body').textContent()).toContain(plate);
    await page.waitForTimeout(500);
    await shot(page, 'appointments-05-sheet', false);
    await closePreview();
  });

  it('prepares an SMS batch for the customers the calls could not reach, exports it and confirms it sent', async () => {
    const from = '2026-11-19';
    await toTab('短信');
    const card = page.locator('.sms-new');
    await card.waitFor();
    await card.locator('.ant-radio-button-wrapper', { hasText: '电话未接通的客户' }).click();

    // The period: the last two weeks (the demo's calls given up after three attempts are in it).
    const range = card.locator('.ant-picker-range');
    const [start, end] = [range.locator('input').first(), range.locator('input').last()];
    await start.click();
    await start.fill(from);
    await start.press('Enter');
    await end.fill(TODAY);
    await end.press('Enter');
    await expect.poll(() => start.inputValue()).toBe(from);
    expect(await end.inputValue()).toBe(TODAY);

    // The template for them.
    const templates = await api<SmsTemplate[]>(host, 'sms.templates', {});
    const template = templates.find((x) => x.name === '未接通回访')!;
    expect(template).toBeTruthy();
    await card.getByRole('combobox', { name: '模板' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '未接通回访' }).click();
    await expect.poll(() => card.getByLabel('短信内容').inputValue()).toBe(template.body);

    // The preview: who gets one, who is left out and why, how many SMS are billed.
    const expected = await api<SmsBatchPreview>(host, 'sms.preview', {
      recipients: { kind: 'unreached', from, to: TODAY },
      body: template.body,
    });
    expect(expected.recipients).toBeGreaterThan(3);
    expect(expected.skipped).toBeGreaterThan(0);
    const counts = card.locator('.sms-counts .ant-statistic');
    await expect
      .poll(() => counts.nth(0).locator('.ant-statistic-content-value').textContent())
      .toBe(String(expected.recipients));
    expect(await counts.nth(1).locator('.ant-statistic-content-value').textContent()).toBe(String(expected.skipped));
    expect(await counts.nth(2).locator('.ant-statistic-content-value').textContent()).toBe(String(expected.segments));
    // The template is over 70 characters once merged: two SMS each.
    expect(expected.segments).toBe(expected.recipients * 2);
    const reasons = new Set(expected.messages.flatMap((m) => (m.skippedReason ? [m.skippedReason] : [])));
    const reasonsText = await card.locator('.sms-reasons').textContent();
    for (const reason of reasons) expect(reasonsText).toContain(reason);
    const first = expected.messages.find((m) => m.skippedReason === null)!;
    const firstRow = card.locator('.sms-messages tbody tr', { hasText: first.content });
    expect(await firstRow.textContent()).toContain(first.phone!);
    expect(first.content).toContain('010-64001234');
    // 生成批次 right under the counts, on the counter's screen without scrolling past the messages.
    const create = card.getByRole('button', { name: /生成批次/ });
    const box = (await create.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(768);
    await shot(page, 'sms-01-preview', false);
    await shot(page, 'sms-01b-preview-whole');

    // ---- the batch ----
    const title = '12月上旬未接通回访';
    await card.getByLabel('批次名称').fill(title);
    await create.click();
    await page.getByText(`已生成短信批次：${expected.recipients} 条`).waitFor();
    // The same recipients and text once more would send everything twice: not without a change.
    await expect.poll(() => create.isDisabled()).toBe(true);
    await card.locator('.sms-made').waitFor();
    const batches = page.locator('.sms-batches');
    const batchRow = batches.locator('tbody tr.ant-table-row', { hasText: title });
    await batchRow.waitFor();
    expect(await batchRow.textContent()).toContain('待确认发送');
    const listed = await api<Paged<Omit<SmsBatch, 'messages'>>>(host, 'sms.batches', { page: 1, pageSize: 10 });
    const summary = listed.rows.find((b) => b.title === title)!;
    expect(summary).toMatchObject({
      source: 'unreached',
      recipients: expected.recipients,
      skipped: expected.skipped,
      segments: expected.segments,
      sentAt: null,
    });
    // The new batch opens with its messages, brought into view (the preview above is long).
    await batches.locator('.sms-batch-body').waitFor();
    await expect.poll(async () => (await batches.boundingBox())!.y).toBeLessThan(200);
    await shot(page, 'sms-02-batch', false);

    const batch = await api<SmsBatch>(host, 'sms.batch', { id: summary.id });
    const going = batch.messages.filter((m) => m.skippedReason === null);
    expect(going.length).toBe(expected.recipients);

    // ---- exported for the SMS platform: XLSX ----
    const xlsxDownload = page.waitForEvent('download');
    await batchRow.getByRole('button', { name: /Excel/ }).click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await xlsx.path());
    const sheet = workbook.worksheets[0]!;
    const cell = (r: number, c: number) => String(sheet.getRow(r).getCell(c).value ?? '');
    expect([cell(1, 1), cell(1, 2)]).toEqual(['手机号', '内容']);
    expect(sheet.actualRowCount).toBe(going.length + 1);
    for (const [i, m] of going.entries()) {
      // A phone is text in the file, never a number that loses its leading digits.
      expect(typeof sheet.getRow(i + 2).getCell(1).value).toBe('string');
      expect([cell(i + 2, 1), cell(i + 2, 2)]).toEqual([m.phone, m.content]);
    }

    // ---- and CSV (UTF-8 with a BOM, for Excel) ----
    const csvDownload = page.waitForEvent('download');
    await batchRow.getByRole('button', { name: /CSV/ }).click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = fs.readFileSync(await csv.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(iconv.decode(bytes, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields?.slice(0, 2)).toEqual(['手机号', '内容']);
    expect(parsed.data.map((r) => [r.手机号, r.内容])).toEqual(going.map((m) => [m.phone, m.content]));

    // ---- sent on the platform: confirmed here ----
    await batchRow.getByRole('button', { name: /确认已发送/ }).click();
    const confirm = page.locator('.sms-confirm-modal');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(
      `“${title}”：${expected.recipients} 条短信（计费 ${expected.segments} 条）`,
    );
    await shot(page, 'sms-03-confirm', false);
    await confirm
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /确认已发送/ })
      .click();
    await page.getByText('已记录：这批短信已发送').waitFor();
    await confirm.waitFor({ state: 'detached' });
    await batchRow.locator('.sms-sent').waitFor();
    expect(await batchRow.locator('.sms-sent').textContent()).toBe('已发送');
    expect(await batchRow.textContent()).toContain('王小红 12-03 10:30');
    expect(await batchRow.getByRole('button', { name: /确认已发送/ }).count()).toBe(0);
    const sent = await api<SmsBatch>(host, 'sms.batch', { id: summary.id });
    expect(sent.sentAt).not.toBeNull();
    expect(sent.sentBy).toBe('王小红');
    await shot(page, 'sms-04-sent', false);
    // Their calls are followed up now: the queue no longer offers them an SMS.
    const queue = await api<CallQueue>(host, 'calls.queue', {});
    const messaged = new Set(going.map((m) => m.customerId));
    const theirs = queue.entries.filter((e) => e.state === 'unreached' && messaged.has(e.customerId));
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((e) => e.followUpChannel === 'sms')).toBe(true);

    // The counter that reads English.
    await page.getByText('English', { exact: true }).first().click();
    await batches.locator('.ant-card-head-title', { hasText: 'SMS batches' }).waitFor();
    await page.locator('.shell-content').evaluate((content) => content.scrollTo(0, 0));
    expect(await card.locator('.sms-reasons').textContent()).toContain('Do not contact');
    await shot(page, 'sms-05-english', false);
    await page.locator('.revisits-page .ant-tabs-tab', { hasText: 'Appointments' }).click();
    await page.locator('.appointments-day .ant-card-head-title', { hasText: "Today's appointments (1)" }).waitFor();
    expect(await page.locator('.appointments-bar .ant-picker input').inputValue()).toBe(`${TODAY} Thu`);
    await shot(page, 'appointments-06-english', false);
    await page.getByText('中文', { exact: true }).first().click();

    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
