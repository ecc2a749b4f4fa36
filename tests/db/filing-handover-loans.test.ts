/**
 * 销售交接, 首保凭证 and 借阅 on a real archive behind the real dispatcher, with a fixed store clock:
 * a batch from sales filed at once or kept as received, the first-service vouchers filed as papers
 * (the register's 已归档 and 首保凭证归档 agree), lending a paper or a binder and getting it back,
 * overdue loans, and the bad input (lent already, a due day in the past, a destroyed binder).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import type { InputOf } from '../../src-shared/contract/index';
import type { AppErrorShape } from '../../src-shared/errors';
import { openSetUpArchive, type TestArchive, VIN_A, VIN_B } from '../support/archive';
import { rawSql } from '../support/filing';

let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};
const TODAY = '2026-11-20';

let t: TestArchive;
let carA: number;
let carB: number;
beforeEach(async () => {
  at(`${TODAY}T10:00:00`);
  t = await openSetUpArchive({ clock });
  await t.loginAs('clerk');
  const owner = (await t.must('customers.create', { name: '张三', mobile: '13800138000' })).record.id;
  carA = (await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, model: '朗逸', ownerId: owner })).record.id;
  carB = (await t.must('vehicles.create', { plate: '京B22222', vin: VIN_B, model: '速腾', ownerId: null })).record.id;
});
afterEach(async () => {
  await t.close();
});

const { run, all } = rawSql(() => t);

async function refused(p: Promise<{ ok: true } | { ok: false; error: AppErrorShape }>): Promise<AppErrorShape> {
  const r = await p;
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('accepted');
  return r.error;
}
function handover(input: Partial<InputOf<'handovers.create'>> = {}) {
  return t.call('handovers.create', {
    handedBy: '销售 小李',
    handedOn: '2026-11-19',
    items: [
      { vehicleId: carA, kinds: ['warranty_registration', 'pdi'] },
      { vehicleId: carB, kinds: ['pdi'] },
    ],
    ...input,
  });
}

describe('the sales hand-over (销售交接)', () => {
  it('files a batch at once: who handed it, the day, one position per vehicle', async () => {
    const r = await handover();
    if (!r.ok) throw new Error(r.error.message);
    const h = r.value;
    expect(h).toMatchObject({ handedBy: '销售 小李', handedOn: '2026-11-19', receivedBy: '小王' });
    expect(h.papers.map((p) => [p.plate, p.kind, p.state, p.binderTitle, p.position, p.receivedFrom])).toEqual([
      ['京A12345', 'warranty_registration', 'filed', '保修登记/PDI 2026-11 第1册', 1, '销售 小李'],
      ['京A12345', 'pdi', 'filed', '保修登记/PDI 2026-11 第1册', 1, '销售 小李'],
      ['京B22222', 'pdi', 'filed', '保修登记/PDI 2026-11 第1册', 2, '销售 小李'],
    ]);
    expect(h.papers.every((p) => p.handoverId === h.id && p.docDate === '2026-11-19')).toBe(true);
    expect(await t.must('handovers.list', {})).toEqual([h]);
    expect(await t.must('handovers.list', { from: '2026-11-20' })).toEqual([]);
    expect(await all('SELECT id FROM audit_log WHERE action = ?', 'handovers.create')).toHaveLength(1);
  });

  it('keeps them as received when not filed now; they are filed later', async () => {
    const h = await t.must('handovers.create', {
      handedBy: '销售 小李',
      handedOn: '2026-11-19',
      items: [{ vehicleId: carA, kinds: ['pdi'] }],
      fileNow: false,
    });
    expect(h.papers).toMatchObject([{ state: 'received', binderId: null, receivedOn: '2026-11-19' }]);
    const received = await t.must('papers.received', {});
    expect(received.map((p) => p.id)).toEqual([h.papers[0]?.id]);
    // The same paper again in that month: refused while one is in hand.
    const again = await refused(handover({ items: [{ vehicleId: carA, kinds: ['pdi'] }], fileNow: false }));
    expect(again.message).toContain('已收到');
    const filed = await t.must('filing.fileReceived', { paperIds: [h.papers[0]!.id] });
    expect(filed.papers[0]).toMatchObject({ state: 'filed', position: 1, handoverId: h.id });
  });

  it('refuses an RO kind, the same kind twice for a vehicle, a day in the future; nothing saved', async () => {
    const roKind = await refused(handover({ items: [{ vehicleId: carA, kinds: ['ro_sheet'] }] }));
    expect(roKind.details?.fields?.[0]?.path).toBe('items.0.kinds.0');
    const twice = await refused(
      handover({
        items: [
          { vehicleId: carA, kinds: ['pdi'] },
          { vehicleId: carA, kinds: ['pdi'] },
        ],
      }),
    );
    expect(twice.details?.fields?.[0]?.path).toBe('items.1.kinds.0');
    const future = await refused(handover({ handedOn: '2026-11-21' }));
    expect(future.details?.fields?.[0]?.path).toBe('handedOn');
    expect(await all('SELECT id FROM handover')).toHaveLength(0);
    expect(await all('SELECT id FROM paper')).toHaveLength(0);
  });
});

describe('first-service vouchers (首保凭证)', () => {
  async function voucher(no: string, vehicleId: number) {
    return t.must('firstService.register', {
      voucherNo: no,
      vehicleId,
      serviceOn: '2026-11-19',
      mileage: 3000,
      advisor: '王顾问',
    });
  }

  it('files the vouchers as papers dated the day registered, and marks the register 已归档', async () => {
    at('2026-11-19T15:00:00');
    const v = await voucher('SB0001', carA);
    at(`${TODAY}T10:00:00`);
    const r = await t.must('handovers.fileVouchers', { voucherIds: [v.id] });
    expect(r.papers).toMatchObject([
      {
        kind: 'first_service_voucher',
        vehicleId: carA,
        docDate: '2026-11-19',
        receivedFrom: '王顾问',
        binderTitle: '首保凭证 2026-11 第1册',
        position: 1,
      },
    ]);
    expect(await all('SELECT filed_by FROM first_service_voucher')).toEqual([{ filed_by: '小王' }]);
    // Again: not filed twice, the answer says where it is.
    const again = await t.must('handovers.fileVouchers', { voucherIds: [v.id] });
    expect(again.papers.map((p) => p.id)).toEqual([r.papers[0]?.id]);
    expect(again.notes.join()).toContain('已归档过');
    expect(await all('SELECT id FROM paper')).toHaveLength(1);
    expect((await refused(t.call('handovers.fileVouchers', { voucherIds: [999] }))).code).toBe('NOT_FOUND');
  });

  it('the register’s 已归档 files the same papers (the two paths agree)', async () => {
    const v = await voucher('SB0002', carB);
    const [marked] = await t.must('firstService.markFiled', { ids: [v.id] });
    expect(marked?.filedAt).not.toBeNull();
    const papers = await all<{ kind: string; vehicle_id: number; state: string }>(
      'SELECT kind, vehicle_id, state FROM paper',
    );
    expect(papers).toEqual([{ kind: 'first_service_voucher', vehicle_id: carB, state: 'filed' }]);
    const r = await t.must('handovers.fileVouchers', { voucherIds: [v.id] });
    expect(r.papers).toHaveLength(1);
    expect(await all('SELECT id FROM paper')).toHaveLength(1);
  });
});

describe('borrowing (借阅)', () => {
  async function filedPaper() {
    const h = await t.must('handovers.create', {
      handedBy: '销售 小李',
      handedOn: '2026-11-19',
      items: [{ vehicleId: carA, kinds: ['pdi'] }],
    });
    return h.papers[0]!;
  }

  it('lends a paper (due in the store’s loan days), refuses it again naming the borrower, gets it back once', async () => {
    const p = await filedPaper();
    const loan = await t.must('loans.lend', { paperId: p.id, borrower: '李经理', reason: '厂家审核' });
    expect(loan).toMatchObject({
      paperId: p.id,
      borrower: '李经理',
      dueOn: '2026-11-27',
      lentBy: '小王',
      returnedAt: null,
      overdue: false,
    });
    expect(loan.what).toContain('京A12345');
    expect(loan.what).toContain('PDI检查单');
    expect((await t.must('papers.get', { id: p.id })).loan?.id).toBe(loan.id);
    const twice = await refused(t.call('loans.lend', { paperId: p.id, borrower: '王五' }));
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toContain('李经理');
    const back = await t.must('loans.return', { id: loan.id });
    expect(back.returnedBy).toBe('小王');
    expect((await refused(t.call('loans.return', { id: loan.id }))).message).toContain('已于');
    expect((await t.must('papers.get', { id: p.id })).loan).toBeNull();
    expect(
      (await all<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'loan'")).map((r) => r.action),
    ).toEqual(['loans.lend', 'loans.return']);
  });

  it('two counters lending the same paper (or the same binder) at once: exactly one lends', async () => {
    // Two calls at once through one archive: on a server they run on two connections, truly at once.
    const p = await filedPaper();
    const race = async (input: { paperId: number } | { binderId: number }) => {
      const lends = await Promise.all(
        ['李经理', '王五'].map((borrower) => t.call('loans.lend', { ...input, borrower })),
      );
      expect(lends.filter((r) => r.ok)).toHaveLength(1);
      const loser = lends.find((r) => !r.ok);
      expect(loser?.ok === false && loser.error.code).toBe('CONFLICT');
      expect(loser?.ok === false && loser.error.message).toContain('已借给');
      return lends.find((r) => r.ok);
    };
    const paperLoan = await race({ paperId: p.id });
    expect(await all('SELECT id FROM loan')).toHaveLength(1);
    if (!paperLoan?.ok) throw new Error('no loan');
    await t.must('loans.return', { id: paperLoan.value.id });
    await race({ binderId: p.binderId! });
    expect(await all('SELECT id FROM loan WHERE returned_at IS NULL')).toHaveLength(1);
  });

  it('lends a binder: lent again refused, its papers too; a due day in the past refused', async () => {
    const p = await filedPaper();
    const past = await refused(t.call('loans.lend', { binderId: p.binderId, borrower: '李经理', dueOn: '2026-11-19' }));
    expect(past.details?.fields?.[0]?.path).toBe('dueOn');
    const loan = await t.must('loans.lend', { binderId: p.binderId, borrower: '李经理', dueOn: TODAY });
    expect(loan.what).toBe('保修登记/PDI 2026-11 第1册');
    const binder = (await t.must('binders.get', { id: p.binderId! })).binder;
    expect(binder.loan?.borrower).toBe('李经理');
    expect((await refused(t.call('loans.lend', { binderId: p.binderId, borrower: '王五' }))).message).toContain(
      '李经理',
    );
    expect((await refused(t.call('loans.lend', { paperId: p.id, borrower: '王五' }))).message).toContain('资料夹');
    expect(await all('SELECT id FROM loan')).toHaveLength(1);
  });

  it('refuses a paper not in a binder and a destroyed binder', async () => {
    const h = await t.must('handovers.create', {
      handedBy: '销售 小李',
      handedOn: '2026-11-19',
      items: [{ vehicleId: carA, kinds: ['pdi'] }],
      fileNow: false,
    });
    expect((await refused(t.call('loans.lend', { paperId: h.papers[0]!.id, borrower: '王五' }))).message).toContain(
      '尚未归档',
    );
    const p = (await t.must('filing.fileReceived', { paperIds: [h.papers[0]!.id] })).papers[0]!;
    await run(
      "UPDATE binder SET state = 'destroyed', destroyed_at = ? WHERE id = ?",
      `${TODAY}T09:00:00+08:00`,
      p.binderId,
    );
    expect((await refused(t.call('loans.lend', { binderId: p.binderId, borrower: '王五' }))).message).toContain(
      '已销毁',
    );
  });

  it('lists open, overdue and all loans newest first; overdue once the due day has passed', async () => {
    const p = await filedPaper();
    const first = await t.must('loans.lend', { paperId: p.id, borrower: '李经理', dueOn: '2026-11-21' });
    at(`${TODAY}T11:00:00`);
    const second = await t.must('loans.lend', { binderId: p.binderId, borrower: '王五' });
    expect((await t.must('loans.list', {})).map((l) => l.id)).toEqual([second.id, first.id]);
    expect(await t.must('loans.list', { state: 'overdue' })).toEqual([]);
    await t.must('loans.return', { id: second.id });
    expect((await t.must('loans.list', { state: 'open' })).map((l) => l.id)).toEqual([first.id]);
    expect((await t.must('loans.list', { state: 'all' })).map((l) => l.id)).toEqual([second.id, first.id]);
    at('2026-11-22T09:00:00');
    const overdue = await t.must('loans.list', { state: 'overdue' });
    expect(overdue).toMatchObject([{ id: first.id, overdue: true }]);
  });
});
