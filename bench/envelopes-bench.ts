/**
 * The `envelopes` section of the benchmark (`npm run bench -- --only envelopes`): 500 envelopes
 * (DL) to one PDF through the dispatcher — recipients from a saved invitation list, the one
 * HTML document of 500 pages, one Chromium render, the exact page size. Its own temp archive
 * (500 customers with addresses, each with a car due in the list's period), so it does not need
 * the 10-year one. "cold" includes launching the browser; "warm" is the same call again.
 * Target (issue 6): 500 envelopes to one PDF ≤ 10 s.
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

export const ENVELOPES_TARGETS = { pdf500Ms: 10_000 } as const;
const COUNT = 500;

export interface EnvelopesBenchReport {
  envelopes: number;
  recipientsMs: number;
  coldPdfMs: number;
  warmPdfMs: number;
  pages: number;
  bytes: number;
  targets: typeof ENVELOPES_TARGETS;
  met: { pdf500Ms: boolean };
}

export async function runEnvelopesBench(log: (s: string) => void): Promise<EnvelopesBenchReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerkdesk-bench-env-'));
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
    log(`envelopes: making ${COUNT} customers with a car due…`);
    for (let i = 1; i <= COUNT; i++) {
      const c = (await must('customers.create', {
        name: `客户${String(i).padStart(3, '0')}`,
        mobile: `1370000${String(i).padStart(4, '0')}`,
        address: `浙江省杭州市西湖区文三路${i}号${(i % 30) + 1}幢${(i % 6) + 1}单元${(i % 9) + 1}01室`,
        postalCode: String(310000 + (i % 97) * 7).padStart(6, '0'),
      })) as { record: { id: number } };
      await must('vehicles.create', {
        plate: `浙A${String(20000 + i)}`,
        vin: withCheckDigit(`LSVAU2180N4${String(i).padStart(6, '0')}`),
        model: '朗逸',
        ownerId: c.record.id,
        deliveryDate: '2026-08-01',
      });
    }
    const list = (await must('invitations.create', { from: '2027-01-01', to: '2027-03-31', title: '' })) as {
      id: number;
    };
    let t = performance.now();
    const recipients = (await must('mail.recipients', { listId: list.id })) as { mailable: unknown[] };
    const recipientsMs = performance.now() - t;
    t = performance.now();
    await must('envelopes.pdf', { listId: list.id, size: 'DL' });
    const coldPdfMs = performance.now() - t;
    t = performance.now();
    const file = (await must('envelopes.pdf', { listId: list.id, size: 'DL' })) as { pages: number; bytes: number };
    const warmPdfMs = performance.now() - t;
    return {
      envelopes: recipients.mailable.length,
      recipientsMs: Math.round(recipientsMs),
      coldPdfMs: Math.round(coldPdfMs),
      warmPdfMs: Math.round(warmPdfMs),
      pages: file.pages,
      bytes: file.bytes,
      targets: ENVELOPES_TARGETS,
      met: { pdf500Ms: coldPdfMs <= ENVELOPES_TARGETS.pdf500Ms },
    };
  } finally {
    await services.print.close();
    await archive.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function envelopesLines(r: EnvelopesBenchReport): string[] {
  const ok = (b: boolean) => (b ? 'ok' : 'MISSED');
  return [
    `envelopes: ${r.envelopes} DL envelopes, recipients from the list ${r.recipientsMs} ms`,
    `  one PDF, cold (browser launch included): ${r.coldPdfMs} ms  [target ≤ ${r.targets.pdf500Ms} ms: ${ok(r.met.pdf500Ms)}]`,
    `  one PDF, warm: ${r.warmPdfMs} ms; ${r.pages} pages, ${(r.bytes / 1024).toFixed(0)} KB`,
  ];
}
