import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Destruction,
  FilingSettings,
  HealthUpload,
  IncompleteFile,
  MissingPaper,
  RetentionDue,
} from '../../src-shared/domain/filing';
import type { Page as ListPage, RepairOrderListRow } from '../../src-shared/domain/records';
import { addDays } from '../../src-shared/validation/dates';
import {
  api,
  counterPage,
  E2E_TODAY,
  launchChromium,
  loginAs,
  type RunningHost,
  setUpDemoStore,
  shot,
  startHost,
} from './harness';

/**
 * 缺失检查, 保管期限 and 归档设置 in a real Chromium against the real browser host, on the demo
 * archive (two years, seed 7; filing began two months ago, so this month and the last two have
 * papers filed and some missing), at the pinned E2E_NOW (07:30 on 3 December in the store). The
 * clerk looks at the month's missing papers and opens the filing desk from one, marks two ROs
 * uploaded to the 电子健康档案, looks at a day's incomplete new files per advisor; the admin
 * changes a retention period and adds a kind; the service manager approves the destruction of
 * two papers past their period (filed for ROs of 2025 after shortening a period) and prints the
 * 销毁清单.
 */
const TODAY = E2E_TODAY;
const THIS_MONTH = TODAY.slice(0, 7);

describe('缺失检查、保管期限、归档设置 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    host = await startHost();
    await setUpDemoStore(host, { years: 2 });
    browser = await launchChromium();
    page = await counterPage(browser, problems);
    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const openTab = async (tab: '缺失检查' | '保管期限') => {
    await page.locator('.shell-sider').getByText('归档', { exact: true }).click();
    await page.locator('.filing-page .ant-tabs-tab', { hasText: new RegExp(`^${tab}$`) }).click();
  };
  /** Straight to an address inside the app (the session is kept). */
  const goTo = (path: string) => page.evaluate(`window.location.hash = ${JSON.stringify(path)}`);
  const modalButton = (scope: string, name: RegExp) => page.locator(scope).getByRole('button', { name });

  it('lists the month’s missing papers, counted by kind, and opens the filing desk from one', async () => {
    const missing = await api<MissingPaper[]>(host, 'filing.missing', { month: THIS_MONTH });
    expect(missing.length).toBeGreaterThan(0);
    await openTab('缺失检查');
    const rows = page.locator('.missing-table tr[data-kind]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(missing.length, 100));
    expect(await page.locator('.missing-counts').textContent()).toContain(`共 ${missing.length} 份`);

    // The counts per kind are filters.
    const byKind = new Map<string, number>();
    for (const m of missing) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
    const [kind, n] = [...byKind.entries()].sort((a, b) => a[1] - b[1])[0]!;
    const chip = page.locator(`.missing-counts [data-kind="${kind}"]`);
    expect(Number(await chip.locator('.count-value').textContent())).toBe(n);
    await shot(page, 'filing-checks-01-missing');
    await chip.click();
    await expect.poll(() => rows.count()).toBe(Math.min(n, 100));
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind'))))).toEqual(
      new Set([kind]),
    );
    await chip.click();
    await expect.poll(() => rows.count()).toBe(Math.min(missing.length, 100));

    // 去归档: the filing desk with the RO number typed.
    const withRo = missing.find((m) => m.roNumber !== null)!;
    const row = page.locator(`.missing-table tr[data-ro="${withRo.roNumber}"]`).first();
    expect(await row.textContent()).toContain(withRo.reason);
    await row.locator('.to-desk').click();
    await expect.poll(() => page.url()).toContain(`#/filing/desk?text=${encodeURIComponent(withRo.roNumber!)}`);
    await page.goBack();
    await rows.first().waitFor();
  });

  it('marks two ROs uploaded to the 电子健康档案', async () => {
    let month = THIS_MONTH;
    let notUploaded = await api<HealthUpload[]>(host, 'healthUploads.list', { month, state: 'missing' });
    if (notUploaded.length < 2) {
      month = `${Number(TODAY.slice(0, 4))}-${String(Number(TODAY.slice(5, 7)) - 1).padStart(2, '0')}`;
      notUploaded = await api<HealthUpload[]>(host, 'healthUploads.list', { month, state: 'missing' });
    }
    expect(notUploaded.length).toBeGreaterThanOrEqual(2);
    const all = await api<HealthUpload[]>(host, 'healthUploads.list', { month, state: 'all' });
    await goTo(`/filing/missing?part=health${month === THIS_MONTH ? '' : `&month=${month}`}`);
    const rows = page.locator('.health-table tr[data-ro]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(all.length, 100));
    await page.locator('.health-state').getByText('未上传', { exact: true }).click();
    await expect.poll(() => rows.count()).toBe(Math.min(notUploaded.length, 100));
    expect(await page.locator('.health-total').textContent()).toContain(`共 ${notUploaded.length} 张`);

    const chosen = notUploaded.slice(0, 2);
    for (const h of chosen) await page.locator(`.health-table tr[data-ro="${h.roNumber}"] .ant-checkbox-input`).check();
    const button = page.locator('.mark-uploaded');
    expect(await button.textContent()).toContain('标记已上传（2）');
    await button.click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.waitFor();
    expect(await confirm.locator('.ant-modal-confirm-title').textContent()).toBe('标记 2 张修理单已上传电子健康档案？');
    await shot(page, 'filing-checks-02-health-confirm', false);
    await modalButton('.ant-modal-confirm', /标记已上传/).click();
    await page.getByText('已标记 2 张修理单已上传').waitFor();
    await confirm.waitFor({ state: 'detached' });
    for (const h of chosen)
      await page.locator(`.health-table tr[data-ro="${h.roNumber}"]`).waitFor({ state: 'detached' });

    const after = await api<HealthUpload[]>(host, 'healthUploads.list', { month, state: 'all' });
    for (const h of chosen) {
      const now = after.find((a) => a.roId === h.roId)!;
      expect(now.uploadedAt).not.toBeNull();
      expect(now.source).toBe('clerk');
    }
    // All of them: the two now 已上传, marked by hand.
    await page.locator('.health-state').getByText('全部', { exact: true }).click();
    const marked = page.locator(`.health-table tr[data-ro="${chosen[0]!.roNumber}"]`);
    await marked.waitFor();
    expect(await marked.getAttribute('data-uploaded')).toBe('yes');
    expect(await marked.textContent()).toContain('手工');
    await shot(page, 'filing-checks-03-health');
  });

  it('lists a day’s incomplete new files per advisor', async () => {
    let day = TODAY;
    let files = await api<IncompleteFile[]>(host, 'filing.incompleteFiles', { date: day });
    for (let back = 1; files.length === 0 && back <= 60; back += 1) {
      day = addDays(TODAY, -back);
      files = await api<IncompleteFile[]>(host, 'filing.incompleteFiles', { date: day });
    }
    expect(files.length).toBeGreaterThan(0);
    await goTo(`/filing/missing?part=incomplete${day === TODAY ? '' : `&date=${day}`}`);
    const rows = page.locator('.incomplete-table tr[data-entity]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(files.length);
    const advisors = new Map<string, number>();
    for (const f of files) advisors.set(f.advisor, (advisors.get(f.advisor) ?? 0) + 1);
    expect(await page.locator('.incomplete-group').count()).toBe(advisors.size);
    for (const [advisor, n] of advisors)
      expect(await page.locator(`.incomplete-group[data-advisor="${advisor}"] .group-title`).textContent()).toBe(
        `${advisor}：${n} 份`,
      );
    const first = files[0]!;
    const row = page.locator(`.incomplete-table tr[data-entity="${first.entity}"][data-id="${first.id}"]`);
    expect(await row.locator('.missing-field').count()).toBe(first.missingFields.length);
    await shot(page, 'filing-checks-04-incomplete');
    // 补全 opens the customer's or vehicle's edit page.
    await row.locator('.edit-file').click();
    await expect
      .poll(() => page.url())
      .toContain(`#/archive/${first.entity === 'customer' ? 'customers' : 'vehicles'}/${first.id}/edit`);
  });

  it('the admin changes a retention period and adds a kind in 归档设置', async () => {
    await loginAs(host, '赵管理', '1234');
    await goTo('/settings');
    await page.reload();
    const card = page.locator('.filing-settings');
    await card.locator('.kinds-table tr[data-code="ro_sheet"]').waitFor();
    await card.scrollIntoViewIfNeeded();
    const roSheet = card.locator('.kinds-table tr[data-code="ro_sheet"]');
    await roSheet.locator('.retention-input input.ant-input-number-input').fill('3');
    // complaint_form is kept for good: the checkbox says so.
    expect(
      await card.locator('.kinds-table tr[data-code="complaint_form"] .retention-input .forever-tag').count(),
    ).toBe(1);

    await card.locator('.add-kind').click();
    const added = card.locator('.kinds-table tr[data-code="x_1"]');
    await added.waitFor();
    // Saving without its name: refused at the field, nothing sent.
    await card.locator('.save-filing').click();
    await added.getByText('请填写名称').waitFor();
    await added.locator('input[aria-label="名称"]').fill('事故现场照片');
    await shot(page, 'filing-checks-05-settings');
    await card.locator('.save-filing').click();
    // Saved, or (failing) what the form says at its fields.
    await expect
      .poll(async () =>
        [
          ...(await page.locator('.ant-message').allTextContents()),
          ...(await card.locator('.ant-form-item-explain-error, .save-error').allTextContents()),
        ].join(' | '),
      )
      .toContain('归档设置已保存');

    const saved = await api<FilingSettings>(host, 'filingSettings.get', {});
    expect(saved.kinds.find((k) => k.code === 'ro_sheet')?.retentionYears).toBe(3);
    expect(saved.kinds.find((k) => k.code === 'x_1')).toMatchObject({
      label: '事故现场照片',
      builtin: false,
      active: true,
      subject: 'vehicle',
    });
  });

  it('the manager approves the destruction of papers past their period and prints the 销毁清单', async () => {
    // Arrange (as the admin): 问诊表 kept 1 year, two ROs of early 2025 given their 问诊表 now.
    const settings = await api<FilingSettings>(host, 'filingSettings.get', {});
    await api(host, 'filingSettings.save', {
      ...settings,
      kinds: settings.kinds.map((k) => (k.code === 'consultation' ? { ...k, retentionYears: 1 } : k)),
    });
    const old = await api<ListPage<RepairOrderListRow>>(host, 'repairOrders.list', {
      from: '2025-03-01',
      to: '2025-06-30',
      type: 'periodic_service',
      status: 'settled',
      pageSize: 10,
      order: 'asc',
    });
    const ros = old.rows.filter((r) => r.settledAt !== null && r.settledAt < '2025-07').slice(0, 2);
    expect(ros.length).toBe(2);
    const paperIds: number[] = [];
    for (const ro of ros) {
      const filed = await api<{ papers: { id: number }[] }>(host, 'filing.file', {
        roId: ro.id,
        kinds: ['consultation'],
      });
      paperIds.push(filed.papers[0]!.id);
    }
    const due = await api<{ rows: RetentionDue[]; total: number }>(host, 'retention.due', {});
    expect(due.rows.map((r) => r.paperId)).toEqual(expect.arrayContaining(paperIds));

    // The clerk sees the list but cannot approve.
    await loginAs(host, '王小红', '1111');
    await page.reload();
    // The host may be busy a while (its first automatic backup of the demo archive).
    await page.locator('.shell-sider').getByText('归档', { exact: true }).waitFor({ timeout: 60_000 });
    await openTab('保管期限');
    const rows = page.locator('.retention-table tr[data-paper]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(due.rows.length, 100));
    expect(await page.locator('.retention-note').textContent()).toContain('不会自动删除');
    expect(await page.locator('.needs-manager').textContent()).toBe('需服务经理批准');
    expect(await page.locator('.retention-table .ant-checkbox-input').count()).toBe(0);
    await shot(page, 'filing-checks-06-retention-clerk');

    // The service manager approves, with a reason.
    await loginAs(host, '王经理', '2580');
    await page.reload();
    await page.locator('.retention-table tr[data-paper]').first().waitFor();
    for (const id of paperIds)
      await page.locator(`.retention-table tr[data-paper="${id}"] .ant-checkbox-input`).check();
    await page.locator('.approve-destruction').click();
    const modal = page.locator('.approve-destruction-modal');
    await modal.getByText('批准销毁 2 份资料？').waitFor();
    await modal.locator('#destruction_reason').fill('超过保管期限，按档案管理规定销毁');
    await shot(page, 'filing-checks-07-approve', false);
    await modalButton('.approve-destruction-modal .ant-modal-footer', /批准销毁/).click();
    await page.getByText(/已批准销毁 2 份，销毁单号/).waitFor();

    // The 销毁清单 opens at once.
    const frame = page.locator('.print-preview-frame');
    await frame.waitFor();
    await page.waitForTimeout(800);
    const sheet = await frame.contentFrame().locator('body').textContent();
    for (const ro of ros) expect(sheet).toContain(ro.roNumber);
    await shot(page, 'filing-checks-08-destruction-list', false);
    await modalButton('.print-preview-modal .ant-modal-footer', /关\s*闭/).click();
    await frame.waitFor({ state: 'detached' });

    const [destruction] = await api<Destruction[]>(host, 'destructions.list', {});
    expect(destruction).toMatchObject({ approvedBy: '王经理', reason: '超过保管期限，按档案管理规定销毁' });
    expect(destruction!.papers.map((p) => p.paperId).sort()).toEqual([...paperIds].sort());
    for (const id of paperIds)
      await page.locator(`.retention-table tr[data-paper="${id}"]`).waitFor({ state: 'detached' });
    const record = page.locator(`.destructions-table tr[data-no="${destruction!.no}"]`);
    await record.waitFor();
    await record.locator('.print-destruction').click();
    await frame.waitFor();
    await page.waitForTimeout(800);
    await modalButton('.print-preview-modal .ant-modal-footer', /关\s*闭/).click();
    await shot(page, 'filing-checks-09-destructions');
    expect(problems).toEqual([]);
  });
});
