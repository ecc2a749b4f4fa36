import { render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { loadSupport, openUiBackend, type UiBackend } from './support/backend';
import { setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
  window.location.hash = '';
});

const deskInput = () => document.querySelector<HTMLInputElement>('.desk-input input')!;
const target = () => document.querySelector<HTMLElement>('.desk-target');
const kindRow = (code: string) => document.querySelector<HTMLElement>(`.desk-kind[data-kind="${code}"]`)!;
const ticked = (code: string) => kindRow(code).querySelector('.ant-checkbox-checked') !== null;

describe('归档台', () => {
  it('looks a scanned number up, ticks with Alt+digit, files the set with Enter, says where; a wrong number keeps its text', async () => {
    backend = await openUiBackend({ setUp: true });
    const { VIN_A } = await loadSupport();
    const owner = await backend.must('customers.create', { name: '孙七', mobile: '13600004444' });
    const car = await backend.must('vehicles.create', {
      plate: '京AD12345',
      vin: VIN_A,
      model: '朗逸',
      ownerId: owner.record.id,
    });
    const ro = await backend.must('repairOrders.create', {
      roNumber: 'RO2612020001',
      vehicleId: car.record.id,
      advisorName: '刘顾问',
      openedAt: '2026-12-02 09:10',
      mileageIn: 5000,
      type: 'repair',
      status: 'settled',
      deliveredAt: '2026-12-02 16:00',
      settledAt: '2026-12-02 16:05',
      laborLines: [{ description: '更换刹车片', hours: 1.5, amountFen: 30000 }],
    });
    window.location.hash = '#/filing/desk';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await waitFor(() => expect(document.activeElement).toBe(deskInput()));

    // A number that is nowhere: the archive's words inline, the text stays for correcting.
    await user.keyboard('RO9999{Enter}');
    await waitFor(() => expect(document.querySelector('.desk-error')?.textContent).toContain('RO9999'));
    expect(deskInput().value).toBe('RO9999');
    await user.keyboard('{Escape}');
    expect(deskInput().value).toBe('');
    expect(document.querySelector('.desk-error')).toBeNull();

    // The scan: the RO, its required kinds ticked, where they will go.
    await user.keyboard('RO2612020001{Enter}');
    await waitFor(() => expect(target()?.getAttribute('data-ro')).toBe('RO2612020001'));
    expect(['ro_sheet', 'consultation', 'settlement'].map(ticked)).toEqual([true, true, true]);
    expect(ticked('inspection')).toBe(false);
    expect(document.querySelector('.desk-place-text')?.textContent).toContain('当月修理单 2026-12');
    // Alt+4 ticks the 4th kind (质检单) and again unticks it.
    const fourth = [...document.querySelectorAll('.desk-kind')][3]!.getAttribute('data-kind')!;
    await user.keyboard('{Alt>}4{/Alt}');
    await waitFor(() => expect(ticked(fourth)).toBe(true));
    await user.keyboard('{Alt>}4{/Alt}');
    await waitFor(() => expect(ticked(fourth)).toBe(false));

    // Enter files the set: the result line says where, the kinds show ✓, the input is empty for the next scan.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.querySelector('.desk-result-place')?.textContent).toMatch(/第 \d+ 号/));
    const where = await backend.must('papers.where', { roId: ro.record.id });
    expect(where.papers.map((p) => p.kind).sort()).toEqual(['consultation', 'ro_sheet', 'settlement']);
    const place = document.querySelector('.desk-result-place')?.textContent;
    expect(place).toBe(
      `${where.papers[0]!.binderTitle} · 第 ${where.papers[0]!.position} 号 · ${where.papers[0]!.shelf}`,
    );
    await waitFor(() => expect(kindRow('settlement').classList.contains('desk-kind-filed')).toBe(true));
    expect(deskInput().value).toBe('');
    expect(document.querySelectorAll('.desk-today-table tr[data-paper]')).toHaveLength(3);

    // Enter again: nothing required is left, the desk says so and files nothing.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.querySelector('.desk-error')?.textContent).toContain('必需的资料都已归档'));
    expect((await backend.must('papers.where', { roId: ro.record.id })).papers).toHaveLength(3);
  }, 60_000);
});
