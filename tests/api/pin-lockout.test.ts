import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src-main/api/dispatcher';
import { createHandlers, createServices } from '../../src-main/api/handlers';
import { openArchive } from '../../src-main/db/database';
import { type CallContext, Session } from '../../src-main/services/context';
import { PIN_LOCK_AFTER } from '../../src-main/services/system/accounts';
import type { AppErrorShape } from '../../src-shared/errors';
import { openSetUpArchive, type TestArchive } from '../support/archive';

/** The store's clock, moved only by the tests (the waits between PIN tries are on it). */
let nowMs = 0;
const clock = { now: () => new Date(nowMs) };
const seconds = (n: number) => {
  nowMs += n * 1000;
};
const D = '2026-11-21';

let t: TestArchive;
beforeEach(async () => {
  nowMs = Date.parse('2026-11-22T02:00:00Z');
  t = await openSetUpArchive({ clock });
  await t.must('session.logout', {});
});
afterEach(async () => {
  await t.close();
});

async function userId(name: string): Promise<number> {
  return (await t.archive.db.selectFrom('app_user').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

function security(name: string): Promise<{ failed_pins: number; locked_at: string | null }> {
  return t.archive.db
    .selectFrom('app_user')
    .select(['failed_pins', 'locked_at'])
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
}

function audit(action: string): Promise<{ actor: string; entity_id: number | null; after_json: string | null }[]> {
  return t.archive.db
    .selectFrom('audit_log')
    .select(['actor', 'entity_id', 'after_json'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

async function login(name: string, pin: string, ctx: CallContext = t.ctx): Promise<AppErrorShape | null> {
  const r = await t.dispatch('session.login', { userId: await userId(name), pin }, ctx);
  return r.ok ? null : r.error;
}

/** Wrong PINs for `name`, each after the wait the host asks for, until it is locked. */
async function lockOut(name: string): Promise<number> {
  let tries = 0;
  for (;;) {
    const e = await login(name, '0000');
    if (e?.details?.locked) return tries;
    const wait = e?.details?.retryAfterSeconds;
    if (typeof wait === 'number') seconds(wait);
    else tries += 1;
    if (tries > 50) throw new Error('never locked');
  }
}

describe('PINs resist guessing', () => {
  it('after 3 wrong PINs each try waits (1 s, 2 s, 4 s …), answered at once; even the right PIN waits', async () => {
    for (let i = 1; i <= 3; i++) {
      const e = await login('小王', '9999');
      expect(e?.code).toBe('UNAUTHORIZED');
      expect(e?.message).toBe('PIN 密码：用户或 PIN 不对，请重新输入。');
    }
    const early = await login('小王', '1111');
    expect(early?.code).toBe('FORBIDDEN');
    expect(early?.message).toBe('PIN 密码：已连续输错 3 次，请 1 秒后再试。');
    expect(early?.details?.retryAfterSeconds).toBe(1);
    seconds(1);
    expect((await login('小王', '9999'))?.code).toBe('UNAUTHORIZED');
    expect((await login('小王', '1111'))?.message).toContain('请 2 秒后再试');
    seconds(2);
    // The right PIN after the wait: in, and the count starts again.
    expect(await login('小王', '1111')).toBeNull();
    expect(await security('小王')).toEqual({ failed_pins: 0, locked_at: null });
    const failures = (await audit('session.loginFailed')).map((a) => JSON.parse(a.after_json!).failures);
    expect(failures).toEqual([1, 2, 3, 4]);
  });

  it('30 wrong PINs sent at once: one is checked, the others are refused unchecked', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => login('李经理', '0000')));
    const checked = answers.filter((e) => e?.code === 'UNAUTHORIZED');
    expect(checked.length).toBeLessThanOrEqual(3);
    expect(answers.filter((e) => e?.details?.retryAfterSeconds !== undefined).length).toBeGreaterThanOrEqual(27);
    expect((await security('李经理')).failed_pins).toBe(checked.length);
  });

  it("a manager's 4-digit PIN cannot be found by trying them all: locked after 10, kept in the archive, lifted only by an admin", async () => {
    await t.loginAs('admin');
    await t.must('users.update', { id: await userId('李经理'), pin: '0428' });
    await t.must('session.logout', {});
    let found: string | null = null;
    let locked = false;
    for (let n = 0; n < 10_000 && !locked && found === null; n++) {
      const guess = String(n).padStart(4, '0');
      for (;;) {
        const e = await login('李经理', guess);
        if (e === null) found = guess;
        else if (e.details?.locked) locked = true;
        else if (typeof e.details?.retryAfterSeconds === 'number') {
          seconds(e.details.retryAfterSeconds);
          continue;
        }
        break;
      }
    }
    expect(found).toBeNull();
    expect(locked).toBe(true);
    expect((await security('李经理')).failed_pins).toBe(PIN_LOCK_AFTER);
    expect(await audit('user.locked')).toHaveLength(1);
    expect((await audit('user.locked'))[0]!.entity_id).toBe(await userId('李经理'));
    // The right PIN a day later: still locked, also after reopening the archive.
    seconds(86_400);
    const e = await login('李经理', '0428');
    expect(e?.code).toBe('FORBIDDEN');
    expect(e?.message).toContain('账户已锁定');
    const reopened = await openArchive(t.file);
    try {
      const dispatch = createDispatcher(createHandlers(createServices(reopened, clock)));
      const again = await dispatch(
        'session.login',
        { userId: await userId('李经理'), pin: '0428' },
        { door: 'ipc', session: new Session() },
      );
      expect(again.ok).toBe(false);
    } finally {
      await reopened.close();
    }
    // The clerk may not unlock; the admin does (audited), and the manager is in again.
    await t.loginAs('clerk');
    expect((await t.call('users.unlock', { id: await userId('李经理') })).ok).toBe(false);
    await t.loginAs('admin');
    const users = await t.must('users.list', { includeInactive: true });
    expect(users.find((u) => u.name === '李经理')?.lockedAt).not.toBeNull();
    const unlocked = await t.must('users.unlock', { id: await userId('李经理') });
    expect(unlocked.lockedAt).toBeNull();
    expect(await audit('user.unlock')).toHaveLength(1);
    expect((await audit('user.unlock'))[0]!.actor).toBe('管理员');
    expect(await login('李经理', '0428')).toBeNull();
  });
});

describe('the daily report sign-off checks the report before the PIN', () => {
  async function arrangeDay(): Promise<string> {
    await t.loginAs('clerk');
    const car = await t.must('vehicles.create', { plate: '京A12345', model: '朗逸' });
    await t.must('repairOrders.create', {
      roNumber: 'RO2611210001',
      vehicleId: car.record.id,
      advisorName: '赵顾问',
      openedAt: `${D} 08:30`,
      type: 'repair',
      status: 'settled',
      completedAt: `${D} 11:00`,
      deliveredAt: `${D} 15:00`,
      settledAt: `${D} 15:10`,
      laborFen: 10000,
      partsFen: 5000,
    });
    await t.must('reconciliation.tick', { date: D, roNumber: 'RO2611210001' });
    await t.must('reconciliation.complete', { date: D });
    return (await t.must('dailyReport.get', { date: D })).fingerprint;
  }

  it('an advisor is refused before any PIN is looked at; a report not ready says so whatever the PIN', async () => {
    const fingerprint = await arrangeDay();
    await t.loginAs('admin');
    await t.must('users.create', { name: '赵顾问', role: 'advisor', pin: '3333' });
    await t.loginAs({ name: '赵顾问', pin: '3333' });
    for (const pin of ['2222', '9999']) {
      const r = await t.call('dailyReport.sign', { date: D, signerId: await userId('李经理'), pin, fingerprint });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('FORBIDDEN');
    }
    // The clerk at the counter, report not yet confirmed: the same answer for a right and a wrong PIN.
    await t.loginAs('clerk');
    const answers: AppErrorShape[] = [];
    for (const pin of ['2222', '9999']) {
      const r = await t.call('dailyReport.sign', { date: D, signerId: await userId('李经理'), pin, fingerprint });
      if (!r.ok) answers.push(r.error);
    }
    expect(answers).toHaveLength(2);
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.code).toBe('CONFLICT');
    expect(answers[0]!.message).toContain('还没有核对确认');
    // Nor is a stale fingerprint a PIN oracle.
    await t.must('dailyReport.confirm', { date: D, fingerprint });
    const stale = await t.call('dailyReport.sign', {
      date: D,
      signerId: await userId('李经理'),
      pin: '9999',
      fingerprint: 'f'.repeat(fingerprint.length),
    });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.code).toBe('CONFLICT');
    expect((await security('李经理')).failed_pins).toBe(0);
  });

  it("the lockout holds for the manager's signature too", async () => {
    const fingerprint = await arrangeDay();
    await t.must('dailyReport.confirm', { date: D, fingerprint });
    // Wrong PINs at the sign-off count as at login: 3 free, then waits, locked at 10.
    let tries = 0;
    for (;;) {
      const r = await t.call('dailyReport.sign', {
        date: D,
        signerId: await userId('李经理'),
        pin: '9999',
        fingerprint,
      });
      if (r.ok) throw new Error('signed with a wrong PIN');
      if (r.error.details?.locked) break;
      const wait = r.error.details?.retryAfterSeconds;
      if (typeof wait === 'number') seconds(wait);
      else tries += 1;
      if (tries > 50) throw new Error('never locked');
    }
    expect(tries).toBe(PIN_LOCK_AFTER - 1);
    const right = await t.call('dailyReport.sign', {
      date: D,
      signerId: await userId('李经理'),
      pin: '2222',
      fingerprint,
    });
    expect(right.ok).toBe(false);
    if (!right.ok) expect(right.error.message).toContain('账户已锁定');
    expect((await security('李经理')).locked_at).not.toBeNull();
    // Locked at the sign-off means locked at login as well.
    await t.must('session.logout', {});
    expect((await login('李经理', '2222'))?.message).toContain('账户已锁定');
  });

  it('lockOut helper sanity: 10 wrong logins lock', async () => {
    expect(await lockOut('小王')).toBe(PIN_LOCK_AFTER - 1);
  });
});
