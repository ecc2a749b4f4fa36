/**
 * Large print previews come a page at a time (issue 10: a 9,887-letter batch preview was one
 * 111 MB answer). A 2,000-recipient list, arranged with SQL for speed, previewed through the real
 * dispatcher: each page's answer stays small and paging gives every recipient exactly once. (The
 * PDF and printing take the whole batch: tests/db/letter-envelopes.test.ts, letters.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, type TestArchive } from '../support/archive';

/** 10:00 at the store on 2026-11-22. */
const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };
const RECIPIENTS = 2000;
const MAX_ANSWER_BYTES = 1024 * 1024;

const open: TestArchive[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

function nameOf(i: number): string {
  return `收件人${String(i).padStart(5, '0')}`;
}

/** A set-up archive with one invitation list of RECIPIENTS mailable customers, the clerk logged in. */
async function bigList(): Promise<{ t: TestArchive; listId: number }> {
  const t = await openSetUpArchive({ clock });
  open.push(t);
  const users = await t.must('users.list', {});
  await t.must('session.login', { userId: users.find((u) => u.name === '小王')!.id, pin: '1111' });
  const list = await t.must('invitations.create', { from: '2030-01-01', to: '2030-01-31', title: '大名单' });
  const at = '2026-11-22T10:00:00+08:00';
  const mobileOf = (i: number) => `139${String(i).padStart(8, '0')}`;
  const plateOf = (i: number) => `京N${String(i).padStart(5, '0')}`;
  const vinOf = (i: number) => withCheckDigit(`LSVAU2180N7${String(i).padStart(6, '0')}`);
  await t.archive.db.transaction().execute(async (trx) => {
    for (let first = 1; first <= RECIPIENTS; first += 500) {
      const nums = Array.from({ length: Math.min(500, RECIPIENTS - first + 1) }, (_, k) => first + k);
      const customers = await trx
        .insertInto('customer')
        .values(
          nums.map((i) => ({
            name: nameOf(i),
            mobile: mobileOf(i),
            other_phones: '[]',
            address: `北京市朝阳区测试路${i}号`,
            postal_code: '100020',
            birthday: null,
            preferred_call_time: '',
            is_do_not_contact: 0,
            is_marketing_consent: 1,
            notes: '',
            created_at: at,
            updated_at: at,
          })),
        )
        .returning(['id', 'mobile'])
        .execute();
      const customerOf = new Map(customers.map((c) => [c.mobile, c.id]));
      const vehicles = await trx
        .insertInto('vehicle')
        .values(
          nums.map((i) => ({
            plate: plateOf(i),
            vin: vinOf(i),
            model: '朗逸',
            color: '',
            delivery_date: null,
            owner_id: customerOf.get(mobileOf(i))!,
            status: 'active',
            notes: '',
            created_at: at,
            updated_at: at,
          })),
        )
        .returning(['id', 'plate'])
        .execute();
      const vehicleOf = new Map(vehicles.map((v) => [v.plate, v.id]));
      await trx
        .insertInto('invitation_row')
        .values(
          nums.map((i) => ({
            list_id: list.id,
            vehicle_id: vehicleOf.get(plateOf(i))!,
            customer_id: customerOf.get(mobileOf(i))!,
            kind: 'periodic',
            plate: plateOf(i),
            vin: vinOf(i),
            model: '朗逸',
            customer_name: nameOf(i),
            phone: mobileOf(i),
            due_on: '2030-01-15',
            due_by: 'time',
            added_manually: 1,
            add_reason: '测试',
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    }
  });
  return { t, listId: list.id };
}

/** Every recipient name in a page's HTML. */
function namesIn(html: string): string[] {
  return [...html.matchAll(/收件人(\d{5})/g)].map((m) => m[0]);
}

/** Pages through a preview; checks each answer's size; returns every name seen, in order, per page once. */
async function pageThrough(
  fetchPage: (page: number) => Promise<{ html: string; total: number; page: number; pageSize: number }>,
): Promise<{ names: string[]; pages: number; total: number }> {
  const names: string[] = [];
  let page = 1;
  let total = 0;
  for (;;) {
    const answer = await fetchPage(page);
    expect(Buffer.byteLength(JSON.stringify(answer))).toBeLessThan(MAX_ANSWER_BYTES);
    expect(answer.page).toBe(page);
    total = answer.total;
    // A name may appear more than once in one letter (salutation and address): once per page counts.
    names.push(...new Set(namesIn(answer.html)));
    if (page * answer.pageSize >= answer.total) break;
    page++;
  }
  return { names, pages: page, total };
}

const everyone = Array.from({ length: RECIPIENTS }, (_, i) => nameOf(i + 1));

describe('large previews are paged', () => {
  it('a 2,000-letter batch: every page answer under 1 MB, each letter exactly once', async () => {
    const { t, listId } = await bigList();
    const template = (await t.must('letterTemplates.list', {})).find((x) => x.kind === 'invitation')!;
    const batch = await t.must('letterBatches.create', {
      kind: 'invitation',
      templateId: template.id,
      source: { listId },
    });
    expect(batch.items).toBe(RECIPIENTS);

    const letters = await pageThrough((page) => t.must('letterBatches.lettersHtml', { batchId: batch.id, page }));
    expect(letters.total).toBe(RECIPIENTS);
    expect(letters.pages).toBe(RECIPIENTS / 50);
    expect([...letters.names].sort()).toEqual(everyone);

    const envelopes = await pageThrough((page) =>
      t.must('letterBatches.envelopesHtml', { batchId: batch.id, page, pageSize: 200 }),
    );
    expect(envelopes.pages).toBe(RECIPIENTS / 200);
    expect([...envelopes.names].sort()).toEqual(everyone);
    // The same order as the letters (postcode order, then the batch's order).
    expect(envelopes.names).toEqual(letters.names);
  });

  it('envelopes for a list: paged the same way; a page past the end shows the last page', async () => {
    const { t, listId } = await bigList();
    const envelopes = await pageThrough((page) => t.must('envelopes.html', { listId, page }));
    expect(envelopes.total).toBe(RECIPIENTS);
    expect([...envelopes.names].sort()).toEqual(everyone);
    const last = await t.must('envelopes.html', { listId, page: 9999 });
    expect(last).toMatchObject({ page: RECIPIENTS / 50, total: RECIPIENTS, pages: 50 });
    const refused = await t.call('envelopes.html', { listId, pageSize: 500 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/每页最多 200 个/);
  });
});
