import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../src-shared/contract/index';
import { allows } from '../../src-shared/contract/roles';
import { openSetUpArchive, openTestArchive, rowCounts, type TestArchive, VIN_A } from '../support/archive';
import { onPostgres } from '../support/pg';

let t: TestArchive;
afterEach(async () => {
  await t?.close();
});

describe('malformed input never reaches a service and changes nothing', () => {
  // One set-up archive for the whole sweep: every test checks that its own calls changed nothing.
  let g: TestArchive;
  beforeAll(async () => {
    g = await openSetUpArchive();
    await g.must('session.login', { userId: 1, pin: '1234' });
  });
  afterAll(async () => {
    await g?.close();
  });

  const garbage: unknown[] = [
    null,
    42,
    'text',
    [],
    { unexpected: 1 },
    { id: 'x', name: 123, page: -1, text: 5 },
    { name: 'a'.repeat(1_000_000), text: 'b'.repeat(100_001) },
    { name: '张\u0000三', mobile: '138\u00000013800' },
    { name: '\u0007', plate: '京A\u001b12345' },
  ];

  it.each(METHOD_NAMES.filter((m) => m !== 'session.logout' && m !== 'app.getInfo' && m !== 'store.get'))(
    '%s refuses garbage',
    async (method) => {
      const before = await rowCounts(g.archive);
      for (const input of garbage) {
        const r = await g.dispatch(method, input, g.ctx);
        if (r.ok) {
          // Some list/read methods accept {} with defaults; garbage that parses must not have written anything.
          expect(
            [
              'customers.list',
              'vehicles.list',
              'repairOrders.list',
              'users.list',
              'imports.history',
              'imports.presets',
              // The day's board defaults to today.
              'today.tasks',
              'today.endOfDay',
              'firstService.list',
              'firstService.candidates',
              'letters.queue',
              // Letters: the templates (made by the migration) and the batch history.
              'letterTemplates.list',
              'letterBatches.list',
              // Envelope calibrations (none saved: an empty list).
              'calibration.list',
              // The printers: none outside the desktop window (silentAvailable false).
              'print.printers',
              // Invitations: the rules (the store default shown unsaved), saved lists, today's call queue.
              'serviceRules.list',
              'invitations.lists',
              'invitations.callQueue',
              // Issue 10 B: the idle-logout setting and the audit log (all filters optional).
              'security.get',
              'audit.list',
              // Issue 10 G: the retention setting.
              'privacy.settings',
              // Issue 10 E: backups (a manual backup writes only beside the archive; {} changes no setting).
              'backup.list',
              'backup.status',
              'backup.create',
              'backup.settings',
              'backup.updateSettings',
              'backup.chooseFolder',
              // Issue 10 A: the store's today (no input).
              'clock.today',
              // Issue 11: the day's calls and call sheet, problem calls, questionnaires and settings,
              // appointments and their sheet, SMS templates and batches (nothing is written by reading).
              'calls.queue',
              'calls.sheetHtml',
              'calls.sheetPdf',
              'calls.sheetXlsx',
              'callProblems.list',
              'questionnaires.list',
              'revisitSettings.get',
              'appointments.list',
              'appointments.sheetHtml',
              'appointments.sheetXlsx',
              'sms.templates',
              'sms.batches',
              // Issue 12: complaints, comebacks, lost customers (default periods) and the settings.
              'complaints.list',
              'complaintSettings.get',
              'comebacks.list',
              'lostCustomers.list',
              'lostCustomers.xlsx',
              // Issue 13: filing settings, papers received, the scan inbox and folder (none set: nothing
              // taken in), the scan check, binders, hand-overs, loans, incomplete files, retention.
              'filingSettings.get',
              'papers.received',
              'scans.inbox',
              'scans.checkFolder',
              'scans.verify',
              'binders.list',
              'handovers.list',
              'loans.list',
              'filing.incompleteFiles',
              'retention.due',
              'destructions.list',
              // Issue 14: claim settings, the open claims, kept old parts, outside-service orders, statements.
              'claimSettings.get',
              'claims.list',
              'oldParts.list',
              'outsideService.list',
              'statements.list',
              // Issue 15: last week's and last month's reports, the statistics of the last 30 days.
              'reports.weekly',
              'reports.monthly',
              'statistics.view',
              // Issue 16: which archive this PC opens (no input).
              'archiveLocation.get',
            ],
            `${method} accepted ${JSON.stringify(input).slice(0, 80)}`,
          ).toContain(method);
        } else {
          // A method the admin may not call (a manager's approval) is refused for that, before its input is read.
          // On a server, what only a file has (its backups) is refused as such.
          const refusal = onPostgres() ? /VALIDATION|NOT_FOUND|NOT_ON_SERVER/ : /VALIDATION|NOT_FOUND/;
          expect(r.error.code).toMatch(allows(contract[method].roles, 'admin') ? refusal : /FORBIDDEN/);
          expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
        }
      }
      if (allows(contract[method].roles, 'admin')) expect(await rowCounts(g.archive)).toEqual(before);
      else {
        // A refusal for the role is written to the audit log (once a minute); nothing else changes.
        const { audit_log: refusalsAfter, ...after } = await rowCounts(g.archive);
        const { audit_log: refusalsBefore, ...rest } = before;
        expect(after).toEqual(rest);
        expect(refusalsAfter! - refusalsBefore!).toBeLessThanOrEqual(1);
      }
    },
  );

  it('an unknown method is refused by name', async () => {
    const r = await g.dispatch('customers.dropAll', {}, g.ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('names the field at fault in Chinese', async () => {
    const r = await g.call('vehicles.create', { plate: '京A12345', vin: 'LSVAU2180N2183457' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain('车架号(VIN)');
      expect(r.error.message).toContain('校验位');
      expect(r.error.details?.fields?.[0]?.path).toBe('vin');
    }
    const m = await g.call('customers.create', { name: '张三', mobile: '12345' });
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.error.message).toMatch(/^手机号：/);
    const missing = await g.dispatch('customers.create', {}, g.ctx);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toMatch(/^姓名/);
  });

  it('random JSON never crashes the dispatcher and never writes (property)', async () => {
    const before = await rowCounts(g.archive);
    await fc.assert(
      fc.asyncProperty(
        // Methods the admin may not call (destructions.create: a manager's approval) are refused for the
        // role and that refusal audited: the test above covers them.
        fc.constantFrom(
          ...METHOD_NAMES.filter(
            (m) => (m.endsWith('.create') || m.endsWith('.update')) && allows(contract[m].roles, 'admin'),
          ),
        ),
        fc.jsonValue(),
        async (method, input) => {
          const r = await g.dispatch(method, input, g.ctx);
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(r.error.code).not.toBe('INTERNAL');
        },
      ),
      { numRuns: 200 },
    );
    expect(await rowCounts(g.archive)).toEqual(before);
  });
});

describe('doors and sessions', () => {
  it('a fresh archive asks for set-up and refuses writes until someone is at the counter', async () => {
    t = await openTestArchive();
    const info = await t.must('app.getInfo', {});
    expect(info.needsSetup).toBe(true);
    const r = await t.call('customers.create', { name: '张三' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('set-up needs an admin, runs once, and logs a user in', async () => {
    t = await openTestArchive();
    const noAdmin = await t.call('setup.complete', {
      store: { name: '店' },
      users: [{ name: '小王', role: 'clerk', pin: '1111' }],
      demo: null,
    });
    expect(noAdmin.ok).toBe(false);
    if (!noAdmin.ok) expect(noAdmin.error.message).toContain('管理员');
    const done = await t.must('setup.complete', {
      store: { name: '店', postalCode: '100000' },
      users: [
        { name: '管理员', role: 'admin', pin: '1234' },
        { name: '小王', role: 'clerk', pin: '1111' },
      ],
      demo: null,
    });
    expect(done.info.needsSetup).toBe(false);
    expect(done.info.currentUser?.name).toBe('小王');
    const again = await t.call('setup.complete', {
      store: { name: '店2' },
      users: [{ name: 'a', role: 'admin', pin: '1234' }],
      demo: null,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('a wrong PIN is refused and audited; roles guard user management', async () => {
    t = await openSetUpArchive();
    const wrong = await t.call('session.login', { userId: 1, pin: '9999' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const failed = await t.archive.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'session.loginFailed')
      .executeTakeFirst();
    expect(failed).toEqual({ n: 1 });
    await t.must('session.login', { userId: 2, pin: '1111' });
    const asClerk = await t.call('users.create', { name: '新人', role: 'advisor', pin: '5555' });
    expect(asClerk).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await t.must('session.login', { userId: 1, pin: '1234' });
    const created = await t.must('users.create', { name: '新人', role: 'advisor', pin: '5555' });
    expect(created.role).toBe('advisor');
    const lastAdmin = await t.call('users.update', { id: 1, role: 'clerk' });
    expect(lastAdmin.ok).toBe(false);
    const salts = await t.archive.db.selectFrom('app_user').select(['pin_salt', 'pin_hash']).execute();
    expect(new Set(salts.map((s) => s.pin_salt)).size).toBe(salts.length);
    for (const s of salts) expect(s.pin_hash).not.toMatch(/^\d{4,8}$/);
  });

  it('writes the current user into the audit log with before and after', async () => {
    t = await openSetUpArchive();
    const c = await t.must('customers.create', { name: '张三', mobile: '13800138000' });
    await t.must('customers.update', { id: c.record.id, name: '张三', mobile: '13900139000' });
    const rows = await t.archive.db
      .selectFrom('audit_log')
      .select(['actor', 'user_id', 'action', 'before_json', 'after_json'])
      .where('entity', '=', 'customer')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['customer.create', 'customer.update']);
    expect(rows[1]!.actor).toBe('小王');
    expect(JSON.parse(rows[1]!.before_json!).mobile).toBe('13800138000');
    expect(JSON.parse(rows[1]!.after_json!).mobile).toBe('13900139000');
  });

  it('VIN and RO numbers are unique, with a message saying what to do', async () => {
    t = await openSetUpArchive();
    const v = await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A });
    const dupVin = await t.call('vehicles.create', { plate: '京B12345', vin: VIN_A.toLowerCase() });
    expect(dupVin).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const dupPlate = await t.call('vehicles.create', { plate: '京A12345' });
    expect(dupPlate.ok).toBe(false);
    if (!dupPlate.ok) expect(dupPlate.error.message).toContain('已售出');
    await t.must('repairOrders.create', {
      roNumber: 'RO1',
      vehicleId: v.record.id,
      openedAt: '2026-11-20 09:00',
      type: 'repair',
    });
    const dupRo = await t.call('repairOrders.create', {
      roNumber: 'ro1',
      vehicleId: v.record.id,
      openedAt: '2026-11-20 09:00',
      type: 'repair',
    });
    expect(dupRo).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('storage faults', () => {
  // A read-only archive file is a SQLite storage fault; a server's permissions are another matter.
  it.skipIf(onPostgres())(
    'a read-only archive refuses a write with a message naming the cause, and nothing changes',
    async () => {
      const { openArchive } = await import('../../src-main/db/database');
      const { createDispatcher } = await import('../../src-main/api/dispatcher');
      const { createHandlers, createServices } = await import('../../src-main/api/handlers');
      const { Session } = await import('../../src-main/services/context');
      t = await openSetUpArchive();
      t.archive.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      const readonly = await openArchive(t.file, { readonly: true });
      try {
        const dispatch = createDispatcher(createHandlers(createServices(readonly)), {
          onInternalError: (method, error) => {
            throw new Error(`unexpected internal error in ${method}: ${String(error)}`);
          },
        });
        const ctx = { door: 'cli' as const, session: new Session() };
        const before = await rowCounts(readonly);
        const r = await dispatch('customers.create', { name: '张三', mobile: '13800138000' }, ctx);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.message).toContain('只读');
          expect(r.error.message).toContain('档案未被修改');
        }
        expect(await rowCounts(readonly)).toEqual(before);
        const read = await dispatch('customers.list', {}, ctx);
        expect(read.ok).toBe(true);
      } finally {
        await readonly.close();
      }
    },
  );
});
