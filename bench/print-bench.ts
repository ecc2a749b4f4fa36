/**
 * The `print` section of the benchmark (`npm run bench -- --only print`): one settlement sheet
 * (结算单) to PDF through the dispatcher (settlement.pdf), A4 and the 241 mm continuous form. Its
 * own temp archive with one typical RO (8 labour lines, 12 parts, declined work), so it does not
 * need the 10-year one. "cold" includes launching the browser; "warm" runs are the same call again.
 * Target (issue 6): one settlement sheet to PDF ≤ 1 s after the renderer is warm.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDispatcher } from '../src-main/api/dispatcher';
import { createHandlers, createServices } from '../src-main/api/handlers';
import { openArchive } from '../src-main/db/database';
import { type CallContext, type Clock, Session } from '../src-main/services/context';
import type { MethodName } from '../src-shared/contract/index';
import { withCheckDigit } from '../src-shared/validation/vehicle-ids';
import { median } from './stats';

export const PRINT_TARGETS = { settlementWarmMs: 1000 } as const;
const WARM_RUNS = 7;

export interface PrintBenchReport {
  settlement: {
    coldMs: number;
    a4: { runsMs: number[]; medianMs: number; maxMs: number; pages: number; bytes: number };
    continuous: { runsMs: number[]; medianMs: number; maxMs: number; pages: number; bytes: number };
  };
  targets: typeof PRINT_TARGETS;
  met: { settlementWarmMs: boolean };
}

export async function runPrintBench(log: (s: string) => void): Promise<PrintBenchReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerkdesk-bench-print-'));
  const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };
  const archive = await openArchive(path.join(dir, 'archive.sqlite'));
  const services = createServices(archive, clock);
  const dispatch = createDispatcher(createHandlers(services));
  const ctx: CallContext = { door: 'cli', session: new Session() };
  const must = async (method: MethodName, input: unknown) => {
    const r = await dispatch(method, input, ctx);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as never;
  };
  try {
    await must('setup.complete', {
      store: {
        name: '基准测试汽车服务有限公司',
        address: '浙江省杭州市拱墅区莫干山路888号',
        postalCode: '310005',
        phone: '0571-88888888',
      },
      users: [{ name: '管理员', role: 'admin', pin: '1234' }],
      demo: null,
    });
    const users = (await must('users.list', {})) as { id: number }[];
    await must('session.login', { userId: users[0]!.id, pin: '1234' });
    const c = (await must('customers.create', {
      name: '王建国',
      mobile: '13700001234',
      preferredCallTime: '工作日 18:00 以后',
    })) as { record: { id: number } };
    const v = (await must('vehicles.create', {
      plate: '浙A20001',
      vin: withCheckDigit('LSVAU2180N4000001'),
      model: '朗逸 1.5L',
      ownerId: c.record.id,
      deliveryDate: '2024-08-01',
    })) as { record: { id: number } };
    const ro = (await must('repairOrders.create', {
      roNumber: 'RO2611210001',
      vehicleId: v.record.id,
      customerId: c.record.id,
      advisorName: '李顾问',
      openedAt: '2026-11-21 08:30',
      mileageIn: 45210,
      type: 'periodic_service',
      status: 'settled',
      completedAt: '2026-11-21 11:00',
      deliveredAt: '2026-11-21 15:00',
      settledAt: '2026-11-21 15:10',
      declinedWork: '前刹车片剩余 3mm，建议更换\n空调滤芯脏污，建议更换',
      laborLines: Array.from({ length: 8 }, (_, i) => ({
        description: `维修项目 ${i + 1}`,
        hours: 0.5 + i * 0.25,
        amountFen: 8000 + i * 1500,
      })),
      partLines: Array.from({ length: 12 }, (_, i) => ({
        partNumber: `06L11556${i}B`,
        name: `配件 ${i + 1}`,
        quantity: 1 + (i % 3),
        unitPriceFen: 3500 + i * 700,
        amountFen: (1 + (i % 3)) * (3500 + i * 700),
      })),
    })) as { record: { id: number } };
    const roId = ro.record.id;
    const once = async (form: 'a4' | 'continuous') => {
      const t = performance.now();
      const file = (await must('settlement.pdf', { roId, form })) as { pages: number; bytes: number };
      return { ms: performance.now() - t, file };
    };
    log('print: settlement sheet, cold (browser launch included)…');
    const cold = await once('a4');
    const section = async (form: 'a4' | 'continuous') => {
      const runs: number[] = [];
      let last = cold.file;
      for (let i = 0; i < WARM_RUNS; i++) {
        const r = await once(form);
        runs.push(Math.round(r.ms));
        last = r.file;
      }
      return {
        runsMs: runs,
        medianMs: Math.round(median(runs)),
        maxMs: Math.max(...runs),
        pages: last.pages,
        bytes: last.bytes,
      };
    };
    const a4 = await section('a4');
    const continuous = await section('continuous');
    return {
      settlement: { coldMs: Math.round(cold.ms), a4, continuous },
      targets: PRINT_TARGETS,
      met: { settlementWarmMs: Math.max(a4.medianMs, continuous.medianMs) <= PRINT_TARGETS.settlementWarmMs },
    };
  } finally {
    await services.print.close();
    await archive.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printLines(r: PrintBenchReport): string[] {
  const ok = (b: boolean) => (b ? 'ok' : 'MISSED');
  const s = r.settlement;
  return [
    'print: one settlement sheet (8 labour + 12 parts lines) to PDF',
    `  cold (browser launch included): ${s.coldMs} ms`,
    `  A4 warm: median ${s.a4.medianMs} ms, max ${s.a4.maxMs} ms (${s.a4.runsMs.join(', ')}); ${s.a4.pages} page(s), ${(s.a4.bytes / 1024).toFixed(0)} KB  [target ≤ ${r.targets.settlementWarmMs} ms: ${ok(s.a4.medianMs <= r.targets.settlementWarmMs)}]`,
    `  241 mm warm: median ${s.continuous.medianMs} ms, max ${s.continuous.maxMs} ms (${s.continuous.runsMs.join(', ')}); ${s.continuous.pages} page(s)  [target ≤ ${r.targets.settlementWarmMs} ms: ${ok(s.continuous.medianMs <= r.targets.settlementWarmMs)}]`,
  ];
}
