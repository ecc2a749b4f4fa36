import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { loadSupport, openUiBackend, type UiBackend } from './support/backend';
import { findHeading } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

describe('vehicle page', () => {
  it('shows the history card (车历卡): every visit with date, mileage, type, work, amount, advisor, status', async () => {
    backend = await openUiBackend({ setUp: true });
    const { VIN_B } = await loadSupport();
    const owner = await backend.must('customers.create', { name: '孙七', mobile: '13600004444' });
    const car = await backend.must('vehicles.create', {
      plate: '京AD12345',
      vin: VIN_B,
      model: '朗逸',
      ownerId: owner.record.id,
    });
    await backend.must('repairOrders.create', {
      roNumber: 'RO2601050001',
      vehicleId: car.record.id,
      advisorName: '刘顾问',
      openedAt: '2026-01-05 09:10',
      mileageIn: 5000,
      type: 'first_service',
      status: 'settled',
      deliveredAt: '2026-01-05 16:00',
      settledAt: '2026-01-05 16:05',
      laborLines: [{ description: '首次保养', amountFen: 0 }],
      partLines: [{ name: '机油', quantity: 4, unitPriceFen: 30862, amountFen: 123450 - 2 }],
    });
    await backend.must('repairOrders.create', {
      roNumber: 'RO2606180002',
      vehicleId: car.record.id,
      advisorName: '陈顾问',
      openedAt: '2026-06-18 10:00',
      mileageIn: 15230,
      type: 'repair',
      laborLines: [
        { description: '更换刹车片', hours: 1.5, amountFen: 30000 },
        { description: '四轮定位', hours: 1, amountFen: 20000 },
      ],
    });
    window.location.hash = `#/archive/vehicles/${car.record.id}`;
    render(<App transport={backend.transport} initialLang="zh" />);

    await findHeading('京AD12345');
    const card = screen.getByText('车历卡（2 次进厂）').closest('.ant-card') as HTMLElement;
    const rows = [...card.querySelectorAll('tbody tr.ant-table-row')];
    expect(rows).toHaveLength(2);
    const [latest, first] = rows.map((r) => r.textContent ?? '');
    expect(latest).toContain('2026-06-18');
    expect(latest).toContain('15,230 km');
    expect(latest).toContain('一般维修');
    expect(latest).toContain('更换刹车片、四轮定位');
    expect(latest).toContain('¥500.00');
    expect(latest).toContain('陈顾问');
    expect(latest).toContain('在修');
    expect(latest).toContain('RO2606180002');
    expect(first).toContain('2026-01-05');
    expect(first).toContain('5,000 km');
    expect(first).toContain('首保');
    expect(first).toContain('首次保养');
    expect(first).toContain('¥1,234.48');
    expect(first).toContain('刘顾问');
    expect(first).toContain('已结算');
    // Owner link and latest mileage in the facts.
    expect(screen.getByText('孙七').closest('a')?.getAttribute('href')).toBe(`#/archive/customers/${owner.record.id}`);
    expect(screen.getAllByText('15,230 km').length).toBeGreaterThan(1);
  });
});
