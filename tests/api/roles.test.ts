import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserHost, startBrowserHost } from '../../src-main/api/browser-host';
import { runCli } from '../../src-main/cli/main';
import { type CallContext, Session } from '../../src-main/services/context';
import { contract, type InputOf, METHOD_NAMES, type MethodName } from '../../src-shared/contract/index';
import { roleMatrixMarkdown } from '../../src-shared/contract/role-matrix';
import type { AppErrorShape } from '../../src-shared/errors';
import { openSetUpArchive, rowCounts, type TestArchive, tempDir } from '../support/archive';

/** 2026-11-22 10:00 at the store; the clock moves only when a test moves it. */
let nowMs = Date.parse('2026-11-22T02:00:00Z');
const clock = { now: () => new Date(nowMs) };
const minutes = (n: number) => {
  nowMs += n * 60_000;
};
const D = '2026-11-21';

let t: TestArchive;
beforeEach(async () => {
  nowMs = Date.parse('2026-11-22T02:00:00Z');
  t = await openSetUpArchive({ clock, keepIdleLogout: true });
});
afterEach(async () => {
  await t.close();
});

async function userId(name: string): Promise<number> {
  return (await t.archive.db.selectFrom('app_user').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

/** The audited refusals, oldest first. */
function refusedCalls(): Promise<{ actor: string; after_json: string | null }[]> {
  return t.archive.db
    .selectFrom('audit_log')
    .select(['actor', 'after_json'])
    .where('action', '=', 'call.refused')
    .orderBy('id')
    .execute();
}

async function refused<M extends MethodName>(method: M, input: InputOf<M>, ctx: CallContext = t.ctx) {
  const r = await t.dispatch(method, input, ctx);
  if (r.ok) throw new Error(`${method} should have been refused`);
  return r.error;
}

/** An advisor, made by the admin; the door is left logged in as the advisor. */
async function asAdvisor(): Promise<number> {
  await t.loginAs('admin');
  const advisor = await t.must('users.create', { name: '赵顾问', role: 'advisor', pin: '3333' });
  await t.loginAs({ name: '赵顾问', pin: '3333' });
  return advisor.id;
}

const csv = Buffer.from('工单号,车牌,进厂日期\nRO2611210009,京A12345,2026-11-21\n', 'utf8').toString('base64');

/** One settled RO on D, the day ticked, confirmed and signed by the manager (as the clerk). */
async function signedDay(): Promise<{ roId: number; input: InputOf<'repairOrders.update'> }> {
  await t.loginAs('clerk');
  const customer = await t.must('customers.create', { name: '张三', mobile: '13800138000' });
  const car = await t.must('vehicles.create', { plate: '京A12345', model: '朗逸', ownerId: customer.record.id });
  const ro = {
    roNumber: 'RO2611210001',
    vehicleId: car.record.id,
    advisorName: '赵顾问',
    openedAt: `${D} 08:30`,
    type: 'repair' as const,
    status: 'settled' as const,
    completedAt: `${D} 11:00`,
    deliveredAt: `${D} 15:00`,
    settledAt: `${D} 15:10`,
    laborFen: 10000,
    partsFen: 5000,
  };
  const saved = await t.must('repairOrders.create', ro);
  await t.must('reconciliation.tick', { date: D, roNumber: ro.roNumber });
  await t.must('reconciliation.complete', { date: D });
  const view = await t.must('dailyReport.get', { date: D });
  await t.must('dailyReport.confirm', { date: D, fingerprint: view.fingerprint });
  await t.must('dailyReport.sign', {
    date: D,
    signerId: await userId('李经理'),
    pin: '2222',
    fingerprint: view.fingerprint,
  });
  return { roId: saved.record.id, input: { ...ro, id: saved.record.id } };
}

describe('every contract entry says who may call it', () => {
  it('declares roles on every method, and docs/roles.md is the matrix generated from them', () => {
    for (const method of METHOD_NAMES) {
      const roles = contract[method].roles;
      expect(roles === 'open' || (Array.isArray(roles) && roles.length > 0), method).toBe(true);
    }
    // Only the login screen's methods are open.
    expect(METHOD_NAMES.filter((m) => contract[m].roles === 'open').sort()).toEqual(
      ['app.getInfo', 'session.login', 'session.logout', 'setup.complete', 'store.get', 'users.list']
        .concat(METHOD_NAMES.filter((m) => m === 'clock.today'))
        .sort(),
    );
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/roles.md'), 'utf8');
    expect(doc, 'docs/roles.md is stale: run `npx tsx scripts/role-matrix.ts --write`').toBe(roleMatrixMarkdown());
  });
});

describe('roles enforced by the dispatcher', () => {
  it('reads need a login: names, phones and addresses are not answered to nobody', async () => {
    await t.must('customers.create', { name: '张三', mobile: '13800138000', address: '北京市朝阳区1号' });
    await t.must('session.logout', {});
    for (const [method, input] of [
      ['customers.list', {}],
      ['customers.get', { id: 1 }],
      ['search.quick', { text: '张三' }],
      ['vehicles.list', {}],
      ['repairOrders.list', {}],
      ['invitations.callQueue', {}],
    ] as const) {
      const e = await refused(method, input as never);
      expect(e.code, method).toBe('UNAUTHORIZED');
      expect(e.message).toContain('请先选择当前用户并输入 PIN');
    }
    // The login screen still works.
    expect((await t.call('users.list', {})).ok).toBe(true);
    expect((await t.call('app.getInfo', {})).ok).toBe(true);
  });

  it('an advisor may not import, change the service rules or the store, overwrite letter templates or manage users', async () => {
    await asAdvisor();
    const before = await rowCounts(t.archive);
    const attempts: [MethodName, unknown][] = [
      ['imports.start', { fileName: 'dms.csv', contentBase64: csv }],
      ['serviceRules.save', { match: '', firstKm: 5000, firstMonths: 6, intervalKm: 10000, intervalMonths: 12 }],
      ['store.update', { name: '别的店', address: '', postalCode: '', phone: '' }],
      ['letterTemplates.save', { id: 1, kind: 'invitation', name: '改掉', letterhead: '', body: '你好' }],
      ['users.create', { name: '新人', role: 'admin', pin: '1234' }],
      ['dailyReport.sign', { date: D, signerId: await userId('李经理'), pin: '2222', fingerprint: 'x'.repeat(64) }],
    ];
    for (const [method, input] of attempts) {
      const r = await t.dispatch(method, input, t.ctx);
      expect(r.ok, method).toBe(false);
      if (!r.ok) {
        expect(r.error.code, method).toBe('FORBIDDEN');
        expect(r.error.message).toContain('赵顾问 是服务顾问');
      }
    }
    const after = await rowCounts(t.archive);
    // Only the audit of the refusals was written.
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
    // On a server the refusal's line is written in the background: polled for.
    await expect
      .poll(async () => (await refusedCalls()).map((r) => JSON.parse(r.after_json!).method))
      .toEqual(expect.arrayContaining(['imports.start', 'serviceRules.save', 'store.update', 'letterTemplates.save']));
    const refusals = await refusedCalls();
    expect(refusals.every((r) => r.actor === '赵顾问')).toBe(true);
    // The advisor still reads and searches.
    expect((await t.call('customers.list', {})).ok).toBe(true);
    expect((await t.call('search.quick', { text: '京A' })).ok).toBe(true);
  });

  it('only an admin changes the store profile and the service rules; a clerk is refused too', async () => {
    const e = await refused('store.update', { name: '别的店' });
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain('只有管理员可以操作');
    await t.loginAs('admin');
    expect((await t.call('store.update', { name: '别的店' })).ok).toBe(true);
  });

  it("an advisor may not edit a settled RO of a signed day; the clerk may, and the advisor edits unsigned days' ROs", async () => {
    const { input } = await signedDay();
    await asAdvisor();
    const e = await refused('repairOrders.update', { ...input, laborFen: 1 });
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain('已签字的 2026-11-21 日报');
    expect((await t.must('repairOrders.get', { id: input.id })).laborFen).toBe(10000);
    // Nor add one to that day.
    const { id: _id, ...fields } = input;
    const back = await refused('repairOrders.create', { ...fields, roNumber: 'RO2611210002' });
    expect(back.code).toBe('FORBIDDEN');
    // A day not signed: the advisor records an RO.
    const fresh = await t.call('repairOrders.create', {
      roNumber: 'RO2611220001',
      vehicleId: input.vehicleId,
      advisorName: '赵顾问',
      openedAt: '2026-11-22 08:00',
      type: 'repair',
    });
    expect(fresh.ok).toBe(true);
    // The clerk corrects the signed day's RO (the report then asks for a correction).
    await t.loginAs('clerk');
    expect((await t.call('repairOrders.update', { ...input, laborFen: 12000 })).ok).toBe(true);
  });

  it('a user deactivated or demoted at another door is refused at their next call', async () => {
    // The clerk works at this door; the admin at another (the window and the browser host).
    const admin: CallContext = { door: 'ipc', session: new Session() };
    const adminLogin = await t.dispatch('session.login', { userId: await userId('管理员'), pin: '1234' }, admin);
    expect(adminLogin.ok).toBe(true);
    expect((await t.call('imports.history', {})).ok).toBe(true);

    // Demoted to advisor: the same open session may no longer import.
    await t.dispatch('users.update', { id: await userId('小王'), role: 'advisor' }, admin);
    const demoted = await refused('imports.start', { fileName: 'dms.csv', contentBase64: csv });
    expect(demoted.code).toBe('FORBIDDEN');
    expect(demoted.message).toContain('小王 是服务顾问');
    expect((await t.must('app.getInfo', {})).currentUser?.role).toBe('advisor');

    // Deactivated: logged out at the next call, with the reason.
    await t.dispatch('users.update', { id: await userId('小王'), isActive: false }, admin);
    const gone = await refused('customers.list', {});
    expect(gone.code).toBe('UNAUTHORIZED');
    expect(gone.message).toContain('小王 的账户已被管理员停用');
    const info = await t.must('app.getInfo', {});
    expect(info.currentUser).toBeNull();
    expect(info.sessionEnded).toEqual({ reason: 'deactivated', name: '小王' });
  });

  it('the CLI is a local operator: it acts as admin without a login', async () => {
    const cli: CallContext = { door: 'cli', session: new Session() };
    expect((await t.dispatch('store.update', { name: '命令行改的店' }, cli)).ok).toBe(true);
    expect((await t.dispatch('customers.list', {}, cli)).ok).toBe(true);
  });

  it('refusals are audited, identical ones once a minute', async () => {
    await t.must('session.logout', {});
    const count = async () => (await refusedCalls()).length;
    const before = await count();
    // On a server the refusal's line is written in the background: polled for, not read at once.
    for (let i = 0; i < 30; i++) await t.call('customers.list', {});
    await expect.poll(count).toBe(before + 1);
    minutes(1);
    await t.call('customers.list', {});
    await expect.poll(count).toBe(before + 2);
    const last = (await refusedCalls()).at(-1)!;
    expect(JSON.parse(last.after_json!)).toEqual({ method: 'customers.list', code: 'UNAUTHORIZED', door: 'http' });
  });
});

describe('idle logout', () => {
  it('logs the door out after 15 minutes without a call; background polling does not count', async () => {
    minutes(14);
    expect((await t.call('customers.list', {})).ok).toBe(true);
    // 14 more minutes of only background polling (app.getInfo every few seconds).
    for (let i = 0; i < 14; i++) {
      minutes(1);
      expect((await t.must('app.getInfo', {})).currentUser?.name).toBe('小王');
    }
    minutes(1);
    const e = await refused('customers.list', {});
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.message).toBe('已自动退出（因 15 分钟无操作）。请重新选择用户并输入 PIN。');
    const info = await t.must('app.getInfo', {});
    expect(info.currentUser).toBeNull();
    expect(info.sessionEnded).toEqual({ reason: 'idle', minutes: 15 });
    await expect
      .poll(async () =>
        (await refusedCalls()).some((a) => a.actor === '小王' && JSON.parse(a.after_json!).code === 'IDLE'),
      )
      .toBe(true);
    // Logging in again clears the notice.
    await t.loginAs('clerk');
    expect((await t.must('app.getInfo', {})).sessionEnded).toBeNull();
  });

  it('the admin sets the minutes (0: never); a clerk may not', async () => {
    expect((await refused('security.update', { idleLogoutMinutes: 0 })).code).toBe('FORBIDDEN');
    await t.loginAs('admin');
    expect(await t.must('security.get', {})).toEqual({ idleLogoutMinutes: 15 });
    expect((await refused('security.update', { idleLogoutMinutes: -1 })).message).toContain('不能为负数');
    await t.must('security.update', { idleLogoutMinutes: 5 });
    minutes(5);
    expect((await refused('customers.list', {})).message).toContain('因 5 分钟无操作');
    await t.loginAs('admin');
    await t.must('security.update', { idleLogoutMinutes: 0 });
    minutes(600);
    expect((await t.call('customers.list', {})).ok).toBe(true);
  });
});

// ---- through the browser host, over real sockets ----

interface Reply {
  status: number;
  json: { ok: boolean; error?: AppErrorShape } | undefined;
}

function post(host: BrowserHost, method: string, body: Buffer | string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path: `/api/${method}`,
        headers: {
          Host: `127.0.0.1:${host.port}`,
          'X-ClerkDesk-Token': host.token,
          'Content-Type': 'application/json',
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: Reply['json'];
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    // The host may answer and stop reading before the whole body is sent.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.end(body);
  });
}

describe('browser host: who may call is decided before the body is read', () => {
  let host: BrowserHost;
  let staticDir: string;
  let session: Session;

  beforeEach(async () => {
    staticDir = tempDir('clerkdesk-roles-host-');
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ClerkDesk</title>');
    session = new Session();
    host = await startBrowserHost({ dispatch: t.dispatch, session, staticDir });
  });
  afterEach(async () => {
    await host.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('refuses reads without login (401), and 50 MB of junk without login gets 401, not parsed', async () => {
    const read = await post(host, 'customers.list', '{}');
    expect(read.status).toBe(401);
    expect(read.json?.error?.code).toBe('UNAUTHORIZED');
    const junk = Buffer.alloc(50 * 1024 * 1024, '{');
    for (const method of ['imports.start', 'customers.create', 'search.quick']) {
      const r = await post(host, method, junk);
      // Not 400 (parsed as JSON) nor 413 (read to the limit): refused from the URL alone.
      expect(r.status, method).toBe(401);
      expect(r.json?.error?.code).toBe('UNAUTHORIZED');
    }
  });

  it('an advisor logged in at the host: import refused with 403 before the file is read; reads answered', async () => {
    await t.loginAs('admin');
    await t.must('users.create', { name: '赵顾问', role: 'advisor', pin: '3333' });
    const login = await post(host, 'session.login', JSON.stringify({ userId: await userId('赵顾问'), pin: '3333' }));
    expect(login.json?.ok).toBe(true);
    const junk = Buffer.alloc(50 * 1024 * 1024, 'x');
    const imp = await post(host, 'imports.start', junk);
    expect(imp.status).toBe(403);
    expect(imp.json?.error?.message).toContain('赵顾问 是服务顾问');
    const rules = await post(
      host,
      'serviceRules.save',
      JSON.stringify({ match: '', firstKm: 5000, firstMonths: 6, intervalKm: 10000, intervalMonths: 12 }),
    );
    expect(rules.status).toBe(403);
    const list = await post(host, 'customers.list', '{}');
    expect(list.status).toBe(200);
    expect(list.json?.ok).toBe(true);
  });

  it('idle logout holds for the browser host too', async () => {
    const login = await post(host, 'session.login', JSON.stringify({ userId: await userId('小王'), pin: '1111' }));
    expect(login.json?.ok).toBe(true);
    minutes(16);
    const r = await post(host, 'customers.list', '{}');
    expect(r.status).toBe(401);
    expect(r.json?.error?.message).toContain('因 15 分钟无操作');
  });
});

describe('the audit log', () => {
  it('audit.list filters by user, action, day and record; only a manager or admin reads it; the CLI prints it', async () => {
    const customer = await t.must('customers.create', { name: '张三', mobile: '13800138000' });
    await t.must('customers.update', { id: customer.record.id, name: '张三丰', mobile: '13800138000' });
    minutes(24 * 60);
    await t.loginAs('clerk');
    await t.must('customers.create', { name: '李四' });
    expect((await refused('audit.list', {})).code).toBe('FORBIDDEN');
    await t.loginAs('manager');
    const all = await t.must('audit.list', {});
    expect(all.total).toBeGreaterThan(3);
    expect(all.actions).toEqual(expect.arrayContaining(['customer.create', 'customer.update', 'session.login']));
    const byRecord = await t.must('audit.list', { entity: 'customer', entityId: customer.record.id });
    expect(byRecord.rows.map((r) => r.action)).toEqual(['customer.update', 'customer.create']);
    expect(byRecord.rows[0]!.at).toBe('2026-11-22T10:00:00+08:00');
    const day2 = await t.must('audit.list', { from: '2026-11-23', to: '2026-11-23', action: 'customer' });
    expect(day2.rows.map((r) => r.action)).toEqual(['customer.create']);
    expect(day2.rows[0]!.after).toContain('李四');
    const byUser = await t.must('audit.list', { userId: await userId('小王'), text: '张三丰' });
    expect(byUser.rows.map((r) => r.action)).toEqual(['customer.update']);
    expect((await refused('audit.list', { from: '2026-11-23', to: '2026-11-22' })).message).toContain(
      '开始日期不能晚于结束日期',
    );

    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      ['audit', '--from', '2026-11-22', '--to', '2026-11-22', '--user', '小王', '--db', t.file, '--json'],
      { out: (x) => out.push(x), err: (x) => err.push(x) },
      {},
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const rows = JSON.parse(out.join('')) as { action: string; user: string; record: { entity: string } }[];
    expect(rows.map((r) => r.action)).toEqual(['customer.create', 'customer.update']);
    expect(rows.every((r) => r.user === '小王')).toBe(true);
    const bad = await runCli(['audit', '--from', '2026-13-01', '--to', '2026-11-22', '--db', t.file], {
      out: () => {},
      err: (x) => err.push(x),
    });
    expect(bad).toBe(2);
    expect(err.join('')).toContain('--from');
  });
});
