import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { loadSupport, openUiBackend, type UiBackend } from './support/backend';
import { button, findButton, findHeading, setupUser } from './support/dom';

/**
 * 导入修理单 against a real archive and the real import service: a GBK file as the DMS writes it
 * (built here with iconv-lite, which the browser cannot do), checked, shown, confirmed, written.
 */

interface ImportFiles {
  encodeCsv(text: string, encoding?: 'gbk' | 'gb18030' | 'utf-8'): Uint8Array;
}

// A variable, not a literal: the web-typed project does not type-check Node-side helpers.
const IMPORT_FILES_PATH = '../support/import-files.ts';

async function gbk(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const files = (await import(/* @vite-ignore */ IMPORT_FILES_PATH)) as ImportFiles;
  return new Uint8Array(files.encodeCsv(text, 'gbk'));
}

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

function fileInput(): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>('.import-drop input[type="file"]');
  if (!input) throw new Error('no file input');
  return input;
}

function count(key: string): string {
  const el = document.querySelector(`[data-count="${key}"] .ant-statistic-content-value`);
  return el?.textContent ?? '';
}

function rowsOf(selector: string): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`${selector} tbody tr.ant-table-row`)];
}

async function dmsCsv(): Promise<Uint8Array<ArrayBuffer>> {
  const { VIN_A, VIN_B } = await loadSupport();
  return gbk(
    [
      '工单号,车牌号,车架号,车型,客户名称,联系电话,进厂时间,进厂里程,维修类别,服务顾问,工单状态,工时费,材料费,总金额',
      `RO2611220001,京A12345,${VIN_A},朗逸 1.5L,张三,138 0013 8000,2026-11-22 09:10,12345,定保,李四,在修,￥120.00,"￥1,280.50","￥1,400.50"`,
      `RO2611220002,京B54321,${VIN_B},速腾,王五,+86 139 0000 1111,2026-11-22 10:20,23456,一般维修,李四,已结算,200,300,500`,
      'RO2611220003,京C88888,,帕萨特,赵六,13700001111,2026-13-45 10:00,100,一般维修,李四,在修,0,0,0',
      '合计,,,,,,,,,,,320,"1,580.50","1,900.50"',
    ].join('\r\n'),
  );
}

describe('导入修理单', () => {
  it('checks a GBK export with a bad row, shows the counts and the refused line, then imports on confirmation', async () => {
    backend = await openUiBackend({ setUp: true });
    const bytes = await dmsCsv();
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();

    // From 今日工作台 to the import page.
    await findHeading('今日工作台');
    await user.click(await findButton('导入 DMS 修理单'));
    await findHeading('导入修理单');
    expect(window.location.hash).toBe('#/daily/import');

    await user.upload(fileInput(), new File([bytes], 'DMS修理单-20261122.csv', { type: 'text/csv' }));

    // The preview: encoding, counts, the refused line with its reason in Chinese.
    await waitFor(() => expect(count('new')).toBe('2'), { timeout: 10_000 });
    expect(count('rejected')).toBe('1');
    expect(count('changed')).toBe('0');
    const preview = document.querySelector('.import-preview') as HTMLElement;
    expect(within(preview).getAllByText('GBK').length).toBeGreaterThan(0);
    expect(preview.textContent).toContain('第 1 行，14 列');
    const refused = rowsOf('.import-rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.textContent).toContain('4');
    expect(refused[0]!.textContent).toContain('进厂时间');
    expect(refused[0]!.textContent).toContain('2026-13-45 10:00');
    expect(refused[0]!.textContent).toContain('进厂时间不存在（如 2月30日、25点），请核对后改正');
    // The recognised mapping is shown field by field.
    expect(
      (document.querySelector('.import-mapping') as HTMLElement).querySelector('#map-openedAt')?.closest('.ant-select')
        ?.textContent,
    ).toContain('G · 进厂时间');
    // Nothing written yet.
    expect((await backend.must('repairOrders.list', {})).total).toBe(0);

    // Confirm: the dialog repeats the counts.
    await user.click(button('确认导入'));
    const dialog = await waitFor(() => {
      const d = document.querySelector<HTMLElement>('.ant-modal-confirm');
      if (!d) throw new Error('no confirmation');
      return d;
    });
    expect(dialog.textContent).toContain('新增修理单 2 张');
    expect(dialog.textContent).toContain('拒绝 1 行');
    await user.click(button('确认导入', dialog));

    // The result, and the history.
    await screen.findByText('“DMS修理单-20261122.csv”已导入', undefined, { timeout: 10_000 });
    const summary = document.querySelector('.import-result-summary')?.textContent ?? '';
    expect(summary).toContain('新增 2 张修理单');
    expect(summary).toContain('新建客户 2 位');
    expect(summary).toContain('新建车辆 2 辆');
    expect(summary).toContain('拒绝 1 行');
    await waitFor(() => expect(rowsOf('.import-history')).toHaveLength(1));
    expect(rowsOf('.import-history')[0]!.textContent).toContain('DMS修理单-20261122.csv');
    expect(rowsOf('.import-history')[0]!.textContent).toContain('小王');
    const orders = await backend.must('repairOrders.list', {});
    expect(orders.rows.map((r) => r.roNumber).sort()).toEqual(['RO2611220001', 'RO2611220002']);
  }, 60_000);

  it('says it is waiting while another import writes, changes nothing meanwhile, then writes by itself', async () => {
    backend = await openUiBackend({ setUp: true });
    const vin = withCheckDigit('LSGPC52U0MF123456');
    // Another counter's import (here: through the same archive's dispatcher), checked; it starts
    // writing just before this page's import is confirmed and holds the store's import lock for 4 s.
    const other = [
      '工单号,车牌号,车架号,车型,客户名称,联系电话,进厂时间,进厂里程,维修类别,服务顾问,工单状态,工时费,材料费,总金额',
      `RO2611220009,京D66666,${vin},宝来,孙七,13600001111,2026-11-22 08:30,5000,定保,李四,在修,100,100,200`,
    ].join('\r\n');
    let first = await backend.must('imports.start', {
      fileName: 'other.csv',
      contentBase64: btoa(String.fromCharCode(...(await gbk(other)))),
    });
    await waitFor(
      async () => {
        first = await backend!.must('imports.job', { jobId: first.jobId });
        expect(first.phase).toBe('ready');
      },
      { timeout: 10_000 },
    );
    window.location.hash = '#/daily/import';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('导入修理单');
    await user.upload(fileInput(), new File([await dmsCsv()], 'dms.csv', { type: 'text/csv' }));
    await waitFor(() => expect(count('new')).toBe('2'), { timeout: 10_000 });
    await user.click(button('确认导入'));
    const dialog = await waitFor(() => {
      const d = document.querySelector<HTMLElement>('.ant-modal-confirm');
      if (!d) throw new Error('no confirmation');
      return d;
    });
    // Node's environment (this project is typed for the browser): the import service reads the pause there.
    const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
    env.CLERKDESK_TEST_PAUSE_COMMIT_MS = '4000';
    try {
      await backend.must('imports.commit', { jobId: first.jobId });
      await waitFor(
        async () => expect((await backend!.must('imports.job', { jobId: first.jobId })).done).toBeGreaterThan(0),
        { timeout: 10_000 },
      );
    } finally {
      delete env.CLERKDESK_TEST_PAUSE_COMMIT_MS;
    }

    await user.click(button('确认导入', dialog));

    // Waiting: said in words, with nothing of this file written.
    const waiting = await screen.findByRole('status', {}, { timeout: 10_000 });
    expect(waiting.textContent).toContain('正在等待另一台电脑的导入完成');
    expect(document.querySelector('.import-phase')?.textContent).toBe('等待中');
    expect(document.querySelector('.import-progress')?.textContent).toContain('在此之前档案不会被改动');
    const meanwhile = (await backend.must('repairOrders.list', {})).rows.map((r) => r.roNumber);
    expect(meanwhile).not.toContain('RO2611220001');
    expect(meanwhile).not.toContain('RO2611220002');

    // The other import lands, then this one writes by itself.
    await screen.findByText('“dms.csv”已导入', undefined, { timeout: 20_000 });
    expect(document.querySelector('.import-waiting')).toBeNull();
    const orders = await backend.must('repairOrders.list', {});
    expect(orders.rows.map((r) => r.roNumber).sort()).toEqual(['RO2611220001', 'RO2611220002', 'RO2611220009']);
  }, 60_000);

  it('shows the server’s reason for an old .xls file and stays ready for another file', async () => {
    backend = await openUiBackend({ setUp: true });
    window.location.hash = '#/daily/import';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('导入修理单');

    // The OLE2 signature of an Excel 97-2003 workbook.
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 0, 0, 0, 0]);
    await user.upload(fileInput(), new File([xls], '修理单.xls', { type: 'application/vnd.ms-excel' }));
    const error = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('.import-error');
      if (!el) throw new Error('no error shown');
      return el;
    });
    expect(error.textContent).toContain('这是旧版 Excel 97-2003 (.xls) 文件');
    expect(error.textContent).toContain('另存为');
    // The clerk can choose another file right away.
    expect(fileInput()).toBeTruthy();
    expect(window.sessionStorage.getItem('clerkdesk.import.jobId')).toBeNull();
  }, 30_000);

  it('comes back to the job after the clerk leaves the page, and re-checks with a changed mapping', async () => {
    backend = await openUiBackend({ setUp: true });
    const bytes = await dmsCsv();
    window.location.hash = '#/daily/import';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('导入修理单');
    await user.upload(fileInput(), new File([bytes], 'dms.csv', { type: 'text/csv' }));
    await waitFor(() => expect(count('new')).toBe('2'), { timeout: 10_000 });

    // Away to the archive and back: the same job, asked again by its id.
    window.location.hash = '#/archive/customers';
    await findHeading('档案');
    window.location.hash = '#/daily/import';
    await waitFor(() => expect(count('new')).toBe('2'));
    const jobId = window.sessionStorage.getItem('clerkdesk.import.jobId');
    expect(jobId).toBeTruthy();
    expect(
      backend.calls.some((c) => c.method === 'imports.job' && (c.input as { jobId: string }).jobId === jobId),
    ).toBe(true);

    // 进厂时间 → 不导入: the same file is checked again, and the commit is blocked with the reason.
    await user.click(document.getElementById('map-openedAt')!);
    const options = await screen.findAllByTitle('不导入');
    await user.click(options[options.length - 1]!);
    await screen.findByText('文件里找不到这些必需的列，请在下面的“列对应”里指定后再导入：', undefined, {
      timeout: 10_000,
    });
    expect(button('确认导入').disabled).toBe(true);
    const restart = backend.calls.filter((c) => c.method === 'imports.start').at(-1)?.input as {
      mapping?: Record<string, number | null>;
    };
    expect(restart.mapping?.openedAt).toBeNull();
    expect(restart.mapping?.roNumber).toBe(0);
    expect(window.sessionStorage.getItem('clerkdesk.import.jobId')).not.toBe(jobId);
  }, 60_000);
});
