import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../src-shared/domain/service-due';
import { addDays } from '../../src-shared/validation/dates';
import { api, E2E_TODAY, launchChromium, loginAs, type RunningHost, shot, startHost } from './harness';

/**
 * 招揽/首保 in a real Chromium against the real browser host. The archive is seeded through the API
 * with cars whose due dates are worked out by hand (store default rule: 首保 5,000 km / 6 months,
 * then 定保 every 7,500 km / 6 months):
 * - 京A66001: delivered 6 months before the 10th of next month, never back, no readings:
 *   首保 due on the 10th, by time only.
 * - 京A66002: delivered 300 days before its last 定保 (S), first service 200 days before S at
 *   6,000 km, 定保 at S at 18,000 km: 60 km/day. A mistyped 99,999 km reading 100 days before S
 *   is ignored. 25,500 km is reached 125 days after S = the 15th of next month, before 6 months.
 * - 京A66003: delivered 3 months ago; its first-service voucher is registered in the UI.
 * The clerk builds next month's list, asks why, records calls, sees 回厂 after a 定保 RO is
 * created, registers a voucher and hands the day to sales, and sets a model's service rule.
 */

describe('招揽/首保 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const today = E2E_TODAY;
  // Next month, as 新建一览表 defaults to.
  const from = addMonths(`${today.slice(0, 7)}-01`, 1);
  const firstDue = addDays(from, 9);
  const periodicDue = addDays(from, 14);
  const lastPeriodic = addDays(periodicDue, -125);
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    host = await startHost();
    await api(host, 'setup.complete', {
      store: { name: '北京东城汽车销售服务有限公司', address: '北京市东城区安定门外大街 88 号', postalCode: '100011' },
      users: [
        { name: '赵管理', role: 'admin', pin: '1234' },
        { name: '王小红', role: 'clerk', pin: '1111' },
        { name: '王经理', role: 'manager', pin: '2580' },
      ],
      demo: null,
    });
    const created = async (method: string, input: unknown) =>
      (await api<{ record: { id: number } }>(host, method, input)).record.id;
    const chen = await created('customers.create', { name: '陈一鸣', mobile: '13987654321' });
    const liu = await created('customers.create', { name: '刘芳', mobile: '13612345678' });
    const sun = await created('customers.create', { name: '孙强', mobile: '13700001234' });
    ids.first = await created('vehicles.create', {
      plate: '京A66001',
      model: '朗逸 1.5L',
      deliveryDate: addMonths(firstDue, -6),
      ownerId: chen,
    });
    ids.periodic = await created('vehicles.create', {
      plate: '京A66002',
      model: '速腾 280TSI',
      deliveryDate: addDays(lastPeriodic, -300),
      ownerId: liu,
    });
    ids.voucher = await created('vehicles.create', {
      plate: '京A66003',
      model: '宝来',
      deliveryDate: addDays(today, -90),
      ownerId: sun,
    });
    const ro = (roNumber: string, vehicleId: number, on: string, type: string, mileageIn: number) =>
      created('repairOrders.create', {
        roNumber,
        vehicleId,
        openedAt: `${on} 09:00`,
        type,
        status: 'delivered',
        deliveredAt: `${on} 11:30`,
        mileageIn,
        advisorName: '刘顾问',
      });
    await ro('RO-E2E-0001', ids.periodic!, addDays(lastPeriodic, -200), 'first_service', 6000);
    await ro('RO-E2E-0002', ids.periodic!, lastPeriodic, 'periodic_service', 18000);
    await api(host, 'vehicles.addMileage', {
      vehicleId: ids.periodic,
      readOn: addDays(lastPeriodic, -100),
      mileage: 99999,
    });

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const row = (plate: string) => page.locator(`tr[data-plate="${plate}"]`);

  it('builds next month’s list, shows why, saves it, and records calls', async () => {
    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await page.locator('.shell-sider').getByText('招揽/首保').click();
    await page.getByText('还没有保存的一览表。点“新建一览表”，选择时间段，预览后保存。').waitFor();
    await page.getByRole('button', { name: /新建一览表/ }).click();

    const first = page.locator('.due-group[data-kind="first"]');
    const periodic = page.locator('.due-group[data-kind="periodic"]');
    await first.waitFor();
    expect(await first.locator('.ant-card-head-title').textContent()).toBe('首保（1 辆）');
    expect(await first.textContent()).toContain(firstDue);
    expect(await first.locator('.due-basis').textContent()).toBe('仅按时间');
    expect(await periodic.textContent()).toContain('京A66002');
    expect(await periodic.textContent()).toContain(periodicDue);
    expect(await periodic.textContent()).toContain('25,500 km');
    expect(await periodic.locator('.due-basis').textContent()).toBe('按里程');
    // 京A66003 is due in 3 months, not next month.
    expect(await page.locator('.invitations-page').textContent()).not.toContain('京A66003');

    await periodic.getByRole('button', { name: /为什么/ }).click();
    const why = page.locator('.why-popover');
    await why.waitFor();
    expect(await why.textContent()).toContain(`从定保 ${lastPeriodic}（18,000 km）起算`);
    expect(await why.textContent()).toContain('按本车读数日均 60 km');
    expect(await why.textContent()).toContain(`定保以里程为准：${periodicDue}`);
    await shot(page, 'invitations-new', false);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /保存一览表/ }).click();
    await expect.poll(() => page.url()).toMatch(/#\/invitations\/lists\/\d+$/);
    await row('京A66001').waitFor();

    // The letters went out (by hand until 信件与打印 does it).
    await page.getByRole('checkbox', { name: '京A66001' }).check();
    await page.getByRole('checkbox', { name: '京A66002' }).check();
    await page.getByRole('button', { name: /标记已寄信（2）/ }).click();
    await page
      .locator('.letter-sent-modal')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => row('京A66001').locator('.letter-cell').textContent()).toContain(today);

    // First call: no answer (key 2, Enter).
    await row('京A66001')
      .getByRole('button', { name: /记录电话/ })
      .click();
    const call = page.locator('.call-modal');
    await call.waitFor();
    await page.keyboard.press('2');
    await expect.poll(() => call.locator('.ant-radio-button-wrapper-checked').textContent()).toContain('无人接听');
    await page.keyboard.press('Enter');
    await expect.poll(() => call.count()).toBe(0);
    await expect.poll(() => row('京A66001').locator('.calls-cell').textContent()).toContain('无人接听');

    // Second call: booked; without a date the field says so.
    await row('京A66001')
      .getByRole('button', { name: /记录电话/ })
      .click();
    await call.waitFor();
    await call.locator('.previous-calls').getByText('无人接听').waitFor();
    await call.locator('.ant-radio-button-wrapper', { hasText: '已预约' }).click();
    await call.getByRole('button', { name: /保\s*存/ }).click();
    await call.getByText('已预约请填写预约日期').waitFor();
    await page.locator('#call_bookedFor').fill(firstDue);
    await page.locator('#call_bookedFor').press('Enter');
    await page.locator('#call_words').fill('下个月 10 号上午来做首保，要提前洗车');
    await shot(page, 'invitation-call', false);
    await page.locator('#call_words').press('Enter');
    await expect.poll(() => call.count()).toBe(0);
    await expect.poll(() => row('京A66001').locator('.booked-for').textContent()).toBe(firstDue);
    expect(await row('京A66001').locator('.calls-cell').textContent()).toContain('共 2 次');
    expect(await page.locator('.funnel [data-step="booked"] .funnel-value').textContent()).toContain('1');
  });

  it('marks the row 回厂 once a 定保 RO for the vehicle is created', async () => {
    const listUrl = page.url();
    const roId = (
      await api<{ record: { id: number } }>(host, 'repairOrders.create', {
        roNumber: 'RO-E2E-0003',
        vehicleId: ids.periodic,
        openedAt: `${today} 08:45`,
        type: 'periodic_service',
        mileageIn: 23800,
        advisorName: '孙顾问',
      })
    ).record.id;
    await page.goto(`${host.baseUrl}#/today`);
    await page.goto(listUrl);
    const came = row('京A66002').locator('.came-cell');
    await came.waitFor();
    expect(await came.textContent()).toContain('已回厂');
    expect(await came.locator('a').getAttribute('href')).toBe(`#/archive/repair-orders/${roId}`);
    expect(await page.locator('.funnel [data-step="came"] .funnel-value').textContent()).toContain('1');
    await shot(page, 'invitations-list');
  });

  it('shows the pace, the ignored reading and the next due on the vehicle page', async () => {
    await page.goto(`${host.baseUrl}#/archive/vehicles/${ids.periodic}`);
    const card = page.locator('.vehicle-due');
    await card.locator('.pace').waitFor();
    expect(await card.locator('.outlier').textContent()).toBe(
      `读数 ${addDays(lastPeriodic, -100)} 99,999 km 与其他读数不符，已忽略`,
    );
    expect(await card.locator('.pace').textContent()).toContain('按本车读数');
    await card.locator('.due-explanation').waitFor();
    await shot(page, 'vehicle-due');
  });

  it('registers a first-service voucher and hands the day to sales', async () => {
    await page.goto(`${host.baseUrl}#/invitations/first-service`);
    const voucherNo = page.locator('#voucher_voucherNo');
    await voucherNo.waitFor();
    await voucherNo.fill('SB2611220007');
    await page.locator('#voucher_vehicleId').click();
    await page.keyboard.type('66003');
    await page.locator('.ant-select-item-option', { hasText: '京A66003' }).click();
    await page.locator('#voucher_mileage').fill('3650');
    await page.locator('#voucher_advisor').fill('刘顾问');
    await page.locator('#voucher_advisor').press('Enter');
    await page.getByText(/刚登记：SB2611220007 · 京A66003 · 3,650 km/).waitFor();
    await expect.poll(() => voucherNo.inputValue()).toBe('');
    await page.locator('.voucher-table').getByText('SB2611220007').waitFor();

    const xlsx = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出 Excel/ }).click();
    const download = await xlsx;
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    await page.getByRole('button', { name: /打印预览/ }).click();
    const frame = page.frameLocator('.print-preview-frame');
    await frame.getByText('SB2611220007').first().waitFor();
    await page
      .locator('.print-preview-modal .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();

    await page.getByRole('button', { name: /已交接/ }).click();
    await page.locator('#handOver_receivedBy').fill('销售部 周敏');
    await page.locator('#handOver_receivedBy').press('Enter');
    await page.getByText(/^已交接：销售部 周敏 接收，/).waitFor();
    await shot(page, 'first-service');
  });

  it('refuses a zero interval on the field and saves a model rule', async () => {
    // The service rules are a store-wide setting: the admin's.
    await loginAs(host, '赵管理', '1234');
    await page.goto(`${host.baseUrl}#/settings`);
    await page.reload();
    const card = page.locator('.service-rules');
    await card.waitFor();
    await card.getByRole('button', { name: /添加车型规则/ }).click();
    const modal = page.locator('.rule-modal');
    await modal.waitFor();
    await page.locator('#rule_match').fill('速腾');
    await page.locator('#rule_intervalKm').fill('0');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await modal.getByText('定保间隔里程必须大于 0').waitFor();
    await shot(page, 'service-rules-refused', false);
    await page.locator('#rule_intervalKm').fill('10000');
    await page.locator('#rule_intervalMonths').fill('12');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => modal.count()).toBe(0);
    await card.locator('tr[data-match="速腾"]').waitFor();
    expect(await card.locator('tr[data-match="速腾"]').textContent()).toContain('每 10,000 km / 12 个月');
    await shot(page, 'service-rules');
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
