import { render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../src-renderer/App';
import { addDays } from '../../src-shared/validation/dates';
import { openUiBackend, UI_NOW, UI_TODAY, type UiBackend } from './support/backend';
import { button, findHeading, formItemOf, inputById, setupUser } from './support/dom';

/**
 * This PC is in Los Angeles and its clock says the same moment as the archive's: 15:30 on
 * 2 December there, 07:30 on 3 December at the store (China time). Whatever the UI shows as today
 * must be the store's 3 December; a UI that read the PC's zone would show the 2nd.
 */
const PC_ZONE = 'America/Los_Angeles';
/** Node's environment (this project is typed for the web); setting TZ makes Node re-read the zone. */
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const savedZone = env.TZ;

beforeAll(() => {
  // Node re-reads the zone when TZ is set; nothing has formatted a date in this file yet.
  env.TZ = PC_ZONE;
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(UI_NOW), shouldAdvanceTime: true });
});
afterAll(() => {
  vi.useRealTimers();
  if (savedZone === undefined) delete env.TZ;
  else env.TZ = savedZone;
});

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function loginAsAdmin(b: UiBackend) {
  const admin = (await b.must('users.list', {})).find((u) => u.role === 'admin')!;
  await b.must('session.login', { userId: admin.id, pin: '1234' });
}

describe('one store clock, on a PC in another time zone', () => {
  it('the PC really is elsewhere: its own date is still the 2nd', () => {
    const pc = new Date();
    expect(pc.getTimezoneOffset()).toBe(8 * 60);
    expect(pc.getDate()).toBe(2);
  });

  it('shows the store’s today in forms and pickers, and a new RO opens at the store’s time', async () => {
    backend = await openUiBackend({ setUp: true });
    expect(backend.today).toBe(UI_TODAY);
    const owner = await backend.must('customers.create', { name: '李四', mobile: '13900002222' });
    const car = await backend.must('vehicles.create', {
      plate: '京B20001',
      model: '宝来',
      deliveryDate: addDays(UI_TODAY, -90),
      ownerId: owner.record.id,
    });

    window.location.hash = '#/invitations/first-service';
    render(<App transport={backend.transport} initialLang="zh" />);
    await waitFor(() => inputById('voucher_serviceOn'));
    expect(inputById('voucher_serviceOn').value).toBe(UI_TODAY);
    // The day picker offers no later day than the store's today, and its title says 今天.
    expect(screen.getByText('今天登记的首保（0）')).toBeTruthy();
    expect(button('今天').disabled).toBe(true);

    window.location.hash = `#/archive/repair-orders/new?vehicleId=${car.record.id}`;
    await findHeading('新建修理单');
    await waitFor(() => expect(inputById('openedAt').value).toBe(`${UI_TODAY} 07:30`));
  });

  it('the store’s zone is a setting: London makes it the 2nd, and an unknown zone is not offered', async () => {
    backend = await openUiBackend({ setUp: true });
    await loginAsAdmin(backend);
    window.location.hash = '#/settings';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('设置');
    await waitFor(() => expect(formItemOf('store_timeZone').textContent).toContain('北京时间（Asia/Shanghai）'));
    expect(formItemOf('store_timeZone').textContent).toContain('门店现在是 2026-12-03 07:30（UTC+08:00）');

    // Pasted, not typed key by key: each keystroke filters some 400 zones, which under load is slow.
    await user.click(inputById('store_timeZone'));
    await user.paste('Mars/Olympus');
    await screen.findByText('不是可识别的时区，请填写 IANA 时区名（如 Asia/Shanghai）');
    await user.clear(inputById('store_timeZone'));
    await user.paste('europe/london');
    const london = await waitFor(() => {
      const option = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
        (o) => o.textContent === 'Europe/London',
      );
      if (!option) throw new Error('no Europe/London option');
      return option;
    });
    await user.click(london);
    await user.click(button('保存门店信息'));
    await screen.findByText('门店信息已保存');
    expect((await backend.must('store.get', {}))?.timeZone).toBe('Europe/London');
    // The UI follows at once: the store's today is now the 2nd.
    await waitFor(() =>
      expect(formItemOf('store_timeZone').textContent).toContain('门店现在是 2026-12-02 23:30（UTC+00:00）'),
    );
    window.location.hash = '#/invitations/first-service';
    await waitFor(() => expect(inputById('voucher_serviceOn').value).toBe('2026-12-02'));
    // The whole settings page (a dozen cards) renders in jsdom: some 20 s on 2 busy cores.
  }, 60_000);
});
