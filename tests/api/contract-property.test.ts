import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src-main/db/database';
import type { Clock } from '../../src-main/services/context';
import { labelForPath } from '../../src-shared/contract/fields';
import { contract, METHOD_NAMES, type MethodName } from '../../src-shared/contract/index';
import type { User } from '../../src-shared/domain/records';
import type { Result } from '../../src-shared/errors';
import { openTestArchive, type TestArchive, tableNames, VIN_A, VIN_B } from '../support/archive';

/**
 * Issue 10, text at the boundary and the property of the whole contract: arbitrary payloads sent
 * to every method through the real dispatcher, on a real archive with a little of everything in
 * it. Nothing may end in an unhandled error (INTERNAL or a throw; the archive helper turns an
 * internal error into a throw with its stack), every refusal is a Result with a Chinese message,
 * and a refused call changes nothing in the archive.
 *
 * "Changes nothing" is watched by TEMP triggers on every table of the archive's connection (all
 * service writes go through it): a trigger counts each row written, and a rolled-back write rolls
 * its count back with it, so the count moves only for a committed change. audit_log is left out:
 * refusals (wrong PIN, a role refused) are rightly written there.
 */
const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };
const DAY = '2026-11-21';

/** Not sent: they start Chromium for a PDF (seconds each; the same input's HTML twin is sent). */
const SKIPPED: Partial<Record<string, string>> = {
  'dailyReport.exportPdf': 'starts Chromium (PDF); dailyReport.printHtml takes the same input',
  'firstService.handoffPdf': 'starts Chromium (PDF); firstService.handoffHtml takes the same input',
  'letterBatches.lettersPdf': 'starts Chromium (PDF); letterBatches.lettersHtml takes the same input',
  'letterBatches.envelopesPdf': 'starts Chromium (PDF); letterBatches.envelopesHtml takes the same input',
  'envelopes.pdf': 'starts Chromium (PDF); envelopes.html takes the same input',
  'calibration.testPagePdf': 'starts Chromium (PDF); calibration.testPageHtml takes the same input',
  'labels.binderPdf': 'starts Chromium (PDF); labels.binderHtml takes the same input',
  'settlement.pdf': 'starts Chromium (PDF); settlement.html takes the same input',
  'calls.sheetPdf': 'starts Chromium (PDF); calls.sheetHtml takes the same input',
  'binders.labelsPdf': 'starts Chromium (PDF); binders.labelsHtml takes the same input',
  'destructions.pdf': 'starts Chromium (PDF); destructions.html takes the same input',
  'statements.pdf': 'starts Chromium (PDF); statements.html takes the same input',
  'reports.pdf': 'starts Chromium (PDF); reports.html takes the same input',
  'backup.create': 'writes backup files (outside the archive); tests/db/backup*.test.ts cover it',
  'backup.restore': 'replaces the archive itself; tests/db/backup*.test.ts cover it',
  'backup.updateSettings': 'a near-valid second place could be any folder (backups copied there)',
};
/** Methods sent only arbitrary payloads (their valid input would write files outside the archive). */
const NO_EXAMPLE = /^backup\.(create|restore|updateSettings)$/;
/** Tables a refusal may rightly write besides audit_log: the wrong-PIN bookkeeping of issue 10 (lockout). */
const REFUSAL_MAY_WRITE: Partial<Record<string, readonly string[]>> = {
  'session.login': ['app_user', 'pin_attempt', 'user_lockout'],
  'dailyReport.sign': ['app_user', 'pin_attempt', 'user_lockout'],
  'privacy.retentionApply': ['app_user', 'pin_attempt', 'user_lockout'],
};

const METHODS = METHOD_NAMES.filter((m) => !SKIPPED[m]);
type Access = 'open' | readonly string[];
const accessOf = (m: MethodName): Access | undefined => (contract[m] as { roles?: Access }).roles;

let t: TestArchive;
let users: Record<'admin' | 'clerk' | 'manager' | 'advisor', User>;
let examples: Partial<Record<string, Record<string, unknown>>>;
let writes: () => Promise<Record<string, number>>;
const tried = { sweep: 0, admin: 0, nobody: 0 };
/** Outcomes of the property runs by code (ok, VALIDATION, NOT_FOUND, …), for the report. */
const outcomes: Record<string, number> = {};

/**
 * Counts committed row writes per table (see above). On a server the counter is a table in a schema
 * of its own (not among the archive's tables), kept by one trigger function on every table.
 */
async function watchWrites(archive: Archive): Promise<() => Promise<Record<string, number>>> {
  if (!archive.sqlite) {
    const db = archive.db;
    await sql`CREATE SCHEMA f_watch`.execute(db);
    await sql`CREATE TABLE f_watch.writes (tbl TEXT PRIMARY KEY, n BIGINT NOT NULL)`.execute(db);
    await sql`CREATE FUNCTION f_watch.count_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO f_watch.writes (tbl, n) VALUES (TG_TABLE_NAME, 1)
          ON CONFLICT (tbl) DO UPDATE SET n = f_watch.writes.n + 1;
        RETURN NULL;
      END $$`.execute(db);
    for (const table of await tableNames(archive)) {
      if (table === 'audit_log') continue;
      await sql`CREATE TRIGGER ${sql.id(`f_${table}_write`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
        FOR EACH ROW EXECUTE FUNCTION f_watch.count_write()`.execute(db);
    }
    return async () => {
      const rows = await sql<{ tbl: string; n: number }>`SELECT tbl, n FROM f_watch.writes`.execute(db);
      return Object.fromEntries(rows.rows.map((r) => [r.tbl, Number(r.n)]));
    };
  }
  const s = archive.sqlite;
  s.exec('CREATE TEMP TABLE f_writes (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  const tables = s
    .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    if (table === 'audit_log') continue;
    for (const op of ['INSERT', 'UPDATE', 'DELETE'])
      s.exec(
        `CREATE TEMP TRIGGER "f_${table}_${op}" AFTER ${op} ON main."${table}" BEGIN
           INSERT INTO f_writes (tbl, n) VALUES ('${table}', 1) ON CONFLICT (tbl) DO UPDATE SET n = n + 1;
         END`,
      );
  }
  const read = s.prepare('SELECT tbl, n FROM temp.f_writes');
  return async () => Object.fromEntries((read.all() as { tbl: string; n: number }[]).map((r) => [r.tbl, r.n]));
}

function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after).filter((k) => after[k] !== before[k]);
}

/** Who is at the counter: set directly, so no PIN is tried (wrong PINs would lock the admin out). */
function actAs(user: User | null): void {
  const session = t.ctx.session as { user: User | null; begin?: (u: User, now: number) => void; end?: () => void };
  if (user === null) {
    if (session.end) session.end();
    else session.user = null;
  } else if (session.begin) session.begin(user, clock.now().getTime());
  else session.user = user;
}

/** The user a method is sent as in the admin runs: the admin, or a role the method allows. */
function callerFor(method: MethodName): User {
  const access = accessOf(method);
  if (access === undefined || access === 'open' || access.includes('admin')) return users.admin;
  if (access.includes('manager')) return users.manager;
  if (access.includes('clerk')) return users.clerk;
  return users.advisor;
}

interface Outcome {
  method: string;
  input: unknown;
  result: Result<unknown>;
  changed: string[];
}

async function send(method: string, input: unknown): Promise<Outcome> {
  const before = await writes();
  let result: Result<unknown>;
  try {
    result = await t.dispatch(method, input, t.ctx);
  } catch (error) {
    throw new Error(`${method} threw on ${preview(input)}: ${String((error as Error)?.stack ?? error)}`);
  }
  return { method, input, result, changed: changedTables(before, await writes()) };
}

function preview(input: unknown): string {
  try {
    return fc.stringify(input).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(input);
  }
}

/** What every outcome must satisfy (messages built only on failure: payloads can be huge). */
function checkOutcome(o: Outcome): void {
  const fail = (why: string): never => {
    throw new Error(`${o.method} ${preview(o.input)}: ${why}`);
  };
  if (typeof o.result?.ok !== 'boolean') fail(`not a Result: ${preview(o.result)}`);
  const key = o.result.ok ? 'ok' : o.result.error.code;
  outcomes[key] = (outcomes[key] ?? 0) + 1;
  if (o.result.ok) return;
  const { code, message } = o.result.error;
  if (code === 'INTERNAL') fail(`INTERNAL ${message}`);
  if (typeof message !== 'string' || !/[\u4e00-\u9fff]/.test(message))
    fail(`refusal without a Chinese message: ${message}`);
  const allowed = REFUSAL_MAY_WRITE[o.method] ?? [];
  const wrote = o.changed.filter((table) => !allowed.includes(table));
  if (wrote.length > 0) fail(`refused (${code} ${message}) but wrote to ${wrote.join(', ')}`);
}

// ---- valid examples, one per method, on the arranged archive ----

async function arrange(): Promise<void> {
  t = await openTestArchive({ clock });
  const done = (await t.must('setup.complete', {
    store: {
      name: '测试汽车服务有限公司',
      address: '北京市朝阳区测试路1号',
      postalCode: '100020',
      phone: '010-12345678',
    },
    users: [
      { name: '管理员', role: 'admin', pin: '1234' },
      { name: '小王', role: 'clerk', pin: '1111' },
      { name: '李经理', role: 'manager', pin: '2222' },
    ],
    demo: null,
  })) as { info: { currentUser: User | null } };
  expect(done.info.currentUser).not.toBeNull();
  await t.must('session.login', { userId: 1, pin: '1234' });
  const advisor = await t.must('users.create', { name: '赵顾问', role: 'advisor', pin: '4444' });
  const list = await t.must('users.list', { includeInactive: true });
  const byRole = (role: string) => list.find((u) => u.role === role)!;
  users = { admin: byRole('admin'), clerk: byRole('clerk'), manager: byRole('manager'), advisor };

  const owner = await t.must('customers.create', {
    name: '张三',
    mobile: '13800138000',
    address: '北京市朝阳区测试路2号',
    postalCode: '100020',
    notes: '老客户\n喜欢周末来',
  });
  const customerId = owner.record.id;
  const car = await t.must('vehicles.create', {
    plate: '京A12345',
    vin: VIN_A,
    model: '朗逸',
    ownerId: customerId,
    deliveryDate: '2026-06-01',
  });
  const other = await t.must('vehicles.create', { plate: '京B54321', vin: VIN_B, ownerId: customerId });
  const vehicleId = car.record.id;
  const ro = await t.must('repairOrders.create', {
    roNumber: 'RO2611210001',
    vehicleId,
    customerId,
    openedAt: `${DAY} 09:00`,
    mileageIn: 12000,
    type: 'periodic_service',
    status: 'settled',
    settledAt: `${DAY} 16:00`,
    complaint: '保养',
    laborLines: [{ description: '更换机油', hours: 1, amountFen: 20000 }],
    partLines: [{ partNumber: 'P-001', name: '机油', quantity: 4, unitPriceFen: 5000, amountFen: 20000 }],
  });
  const tick = await t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611210001', paperStatus: 'settled' });
  const listed = await t.must('invitations.create', { from: '2026-11-01', to: '2026-12-31', title: '十一、十二月' });
  const withRow = await t.must('invitations.addRow', {
    listId: listed.id,
    vehicleId: other.record.id,
    reason: '客户要求',
  });
  const rowId = withRow.rows[0]!.id;
  const templates = await t.must('letterTemplates.list', {});
  const template = templates.find((x) => x.kind === 'invitation')!;
  const holidayTemplate = templates.find((x) => x.kind === 'holiday')!;
  const batch = await t.must('letterBatches.create', {
    kind: 'invitation',
    templateId: template.id,
    source: { listId: listed.id },
  });
  const voucher = await t.must('firstService.register', {
    voucherNo: 'SB2611210001',
    vehicleId,
    serviceOn: DAY,
    mileage: 5000,
    advisor: '赵顾问',
  });
  const csv = [
    '工单号,车牌号,进厂时间,行驶里程,维修类别,联系电话,客户名称',
    'IM2611210001,苏E00001,2026-11-21 09:00,2000,定保,13600000001,客户甲',
  ];
  const job = await t.must('imports.start', {
    fileName: 'dms.csv',
    contentBase64: Buffer.from(csv.join('\n'), 'utf8').toString('base64'),
  });
  let jobNow = job;
  for (let i = 0; i < 500 && (jobNow.phase === 'reading' || jobNow.phase === 'checking'); i++) {
    await new Promise((r) => setTimeout(r, 10));
    jobNow = await t.must('imports.job', { jobId: job.jobId });
  }
  const paper = await t.must('dailyReport.savePaperEntry', {
    date: DAY,
    roNumber: 'PA2611210001',
    type: 'repair',
    status: 'settled',
    openedOn: DAY,
    laborFen: 10000,
    note: '纸质单在服务顾问处',
  });
  const rules = await t.must('serviceRules.list', {});
  // 回访 (issue 11, one call): a problem call (quick-handling form) and a call closed as 未接通 (offer).
  const ro2 = await t.must('repairOrders.create', {
    roNumber: 'RO2611210002',
    vehicleId: other.record.id,
    customerId,
    openedAt: `${DAY} 10:00`,
    type: 'repair',
    status: 'settled',
    settledAt: `${DAY} 15:00`,
  });
  const problemCall = await t.must('calls.record', {
    key: `csi:ro:${ro.record.id}`,
    outcome: 'reached',
    answers: [{ key: 'overall', value: 1 }],
    words: '等了很久',
  });
  await t.must('calls.record', { key: `csi:ro:${ro2.record.id}`, outcome: 'wrong_number' });
  const revisitSettings = await t.must('revisitSettings.get', {});

  // 投诉、返修、流失 (issue 12): a complaint from the problem call, a 重大投诉 resolved (its callback and
  // 确认书), a comeback marked by hand (for the manager to close).
  const complaint = await t.must('complaints.create', {
    channel: 'call',
    callProblemId: problemCall.detail.problems[0]!.id,
    department: 'reception',
    type: 'time',
    level: 'grumble',
  });
  const major = await t.must('complaints.create', {
    channel: 'phone_in',
    customerId,
    vehicleId,
    description: '刹车失灵\n差点出事',
    department: 'workshop',
    type: 'quality',
    level: 'major',
  });
  const resolved = await t.must('complaints.resolve', {
    id: major.id,
    version: major.version,
    resolution: '免费更换刹车总泵',
    customerAccepted: true,
  });
  const comeback = await t.must('comebacks.mark', { vehicleId: other.record.id, words: '修完又漏油' });
  const complaintSettings = await t.must('complaintSettings.get', {});

  // 归档 (issue 13): the RO's papers filed (its binder, lent out), a paper received from sales, a scan
  // in the inbox (its file name names the RO), a paper of the other RO to take out and keep for good.
  const filingSettings = await t.must('filingSettings.get', {});
  const filed = await t.must('filing.file', { roId: ro.record.id, kinds: ['ro_sheet', 'settlement'] });
  const filedPaper = filed.papers[0]!;
  const binder = filed.binder!;
  const handover = await t.must('handovers.create', {
    handedBy: '销售小李',
    handedOn: DAY,
    items: [{ vehicleId, kinds: ['pdi'] }],
    fileNow: false,
  });
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const inboxScan = await t.must('scans.upload', { paperId: null, name: 'RO2611210001.png', contentBase64: PNG });
  const otherPaper = (await t.must('filing.file', { roId: ro2.record.id, kinds: ['ro_sheet'] })).papers[0]!;
  await t.must('loans.lend', { binderId: binder.id, borrower: '李经理', reason: '厂家检查' });

  // 三包/索赔 (issue 14): a warranty RO whose claim is saved and reported (to review, approve or
  // reject), another left 待填报 (to save and report), an outside-service order out (to close), and
  // a kept old part (to return; another to scrap).
  const warrantyRo = await t.must('repairOrders.create', {
    roNumber: 'RO2611210003',
    vehicleId,
    customerId,
    openedAt: `${DAY} 11:00`,
    mileageIn: 12500,
    type: 'warranty',
    payer: 'warranty',
    status: 'settled',
    settledAt: `${DAY} 17:00`,
    complaint: '水泵渗漏',
    laborLines: [{ description: '更换水泵(索赔)', hours: 3, amountFen: 45000, payer: 'warranty' }],
    partLines: [
      {
        partNumber: '04E121600AL',
        name: '水泵总成',
        quantity: 1,
        unitPriceFen: 128000,
        amountFen: 128000,
        payer: 'warranty',
      },
      { partNumber: '06L103121', name: '密封圈', quantity: 2, unitPriceFen: 1000, amountFen: 2000, payer: 'warranty' },
    ],
  });
  const draftRo = await t.must('repairOrders.create', {
    roNumber: 'RO2611210004',
    vehicleId: other.record.id,
    customerId,
    openedAt: `${DAY} 13:00`,
    type: 'warranty',
    payer: 'warranty',
    status: 'settled',
    settledAt: `${DAY} 18:00`,
  });
  const claimSettings = await t.must('claimSettings.get', {});
  const savedClaim = await t.must('claims.save', {
    roId: warrantyRo.record.id,
    version: 0,
    claimType: 'warranty',
    deadline: null,
    faultDescription: '水泵渗漏\n冷却液减少',
    cause: '水泵密封失效',
    handling: '更换水泵总成',
  });
  const reportedClaim = await t.must('claims.report', {
    roId: warrantyRo.record.id,
    version: savedClaim.version,
    reportedOn: DAY,
    claimNo: 'SV261100001',
  });
  const [keptPart, otherPart] = reportedClaim.oldParts;
  const outside = await t.must('outsideService.signOut', {
    orderNo: 'FW2611210001',
    roId: warrantyRo.record.id,
    place: '京承高速 K20 服务区',
    staff: '王师傅、李师傅',
    device: '诊断仪 VAS6150',
    outAt: `${DAY} 08:00`,
    odometerOut: 52000,
  });

  const fingerprint = '0123456789abcdef';
  // 预约登记 and 短信 (issue 11): an appointment to cancel and remind of, an SMS batch to export and confirm.
  const appointment = await t.must('appointments.create', {
    vehicleId: other.record.id,
    date: '2026-11-23',
    time: '09:30',
    purpose: 'repair',
  });
  const smsBatch = await t.must('sms.createBatch', {
    recipients: { kind: 'appointments', date: '2026-11-23' },
    body: '{客户称呼}：您预约了{预约日期}{预约时间}到店',
  });
  examples = {
    'app.getInfo': {},
    'setup.complete': { store: { name: '店' }, users: [{ name: '管理员2', role: 'admin', pin: '1234' }], demo: null },
    'store.get': {},
    'store.update': {
      name: '测试汽车服务有限公司',
      address: '北京市朝阳区测试路1号',
      postalCode: '100020',
      phone: '010-12345678',
    },
    'users.list': { includeInactive: true },
    'users.create': { name: '新人', role: 'clerk', pin: '5555' },
    'users.update': { id: users.advisor.id, name: '赵顾问', role: 'advisor', isActive: true },
    'session.login': { userId: users.advisor.id, pin: '4444' },
    'session.logout': {},
    'demo.seed': { years: 1, seed: 1, until: '2026-11-21' },
    // 设置 → 档案库: port 1 is refused at once; set is refused here (these services were not told how
    // the archive was chosen, so archive.json in the real user folder is never written).
    'archiveLocation.get': {},
    'archiveLocation.testServer': {
      host: '127.0.0.1',
      port: 1,
      database: 'clerkdesk',
      user: 'clerkdesk',
      password: '',
    },
    'archiveLocation.set': { target: 'file' },
    'customers.list': { page: 1, pageSize: 20, order: 'desc', sort: 'name' },
    'customers.get': { id: customerId },
    'customers.create': {
      name: '李四',
      mobile: '13900139000',
      otherPhones: ['010-87654321'],
      address: '上海市浦东新区世纪大道1号',
      postalCode: '200120',
      birthday: '1980-02-29',
      preferredCallTime: '下午',
      notes: '第一行\n第二行',
    },
    'customers.update': { id: customerId, name: '张三', mobile: '13800138000', notes: '老客户' },
    'vehicles.list': { page: 1, sort: 'plate', status: 'active' },
    'vehicles.get': { id: vehicleId },
    'vehicles.create': { plate: '沪C12345', model: '帕萨特', color: '白色', deliveryDate: '2026-01-15', notes: '新车' },
    'vehicles.update': { id: other.record.id, plate: '京B54321', vin: VIN_B, ownerId: customerId, model: '途观' },
    'vehicles.addMileage': { vehicleId, readOn: DAY, mileage: 12500 },
    'repairOrders.list': { from: '2026-11-01', to: '2026-11-30', type: 'repair', status: 'settled' },
    'repairOrders.get': { roNumber: 'RO2611210001' },
    'repairOrders.create': {
      roNumber: 'RO2611220009',
      vehicleId: other.record.id,
      openedAt: '2026-11-22 08:30',
      type: 'repair',
      advisorName: '赵顾问',
      complaint: '异响',
      laborLines: [{ description: '检查底盘', hours: 0.5, amountFen: 5000 }],
    },
    'repairOrders.update': {
      id: ro.record.id,
      roNumber: 'RO2611210001',
      vehicleId,
      openedAt: `${DAY} 09:00`,
      type: 'periodic_service',
      status: 'settled',
      settledAt: `${DAY} 16:00`,
      notes: '已结算',
      laborLines: [{ description: '更换机油', hours: 1, amountFen: 20000 }],
    },
    'search.quick': { text: '京A', limit: 10, kind: 'vehicle' },
    'imports.start': { fileName: 'dms.csv', contentBase64: Buffer.from(csv.join('\n'), 'utf8').toString('base64') },
    'imports.job': { jobId: job.jobId },
    'imports.commit': { jobId: job.jobId },
    'imports.cancel': { jobId: job.jobId },
    'imports.rejectedFile': { jobId: job.jobId },
    'imports.history': { page: 1, pageSize: 20 },
    'imports.presets': {},
    'imports.savePreset': { name: '我们的 DMS', jobId: job.jobId },
    'reconciliation.getDay': { date: DAY },
    'reconciliation.summary': { date: DAY },
    'reconciliation.tick': { date: DAY, roNumber: 'RO2611210001', paperStatus: 'settled' },
    'reconciliation.untick': { date: DAY, tickId: tick.tick.id },
    'reconciliation.setPaperStatus': { date: DAY, tickId: tick.tick.id, paperStatus: 'delivered' },
    'reconciliation.annotate': { date: DAY, roNumber: 'RO2611210001', kind: 'missing_on_paper', note: '客户未取车' },
    'reconciliation.complete': { date: DAY },
    'reconciliation.reopen': { date: DAY },
    'dailyReport.get': { date: DAY },
    'dailyReport.version': { date: DAY, version: 1 },
    'dailyReport.confirm': { date: DAY, fingerprint },
    'dailyReport.unconfirm': { date: DAY },
    'dailyReport.sign': { date: DAY, signerId: users.manager.id, pin: '2222', fingerprint },
    'dailyReport.startCorrection': { date: DAY, reason: '金额录错\n已改正' },
    'dailyReport.savePaperEntry': {
      date: DAY,
      id: paper.id,
      roNumber: 'PA2611210001',
      plate: '京A12345',
      customerName: '张三',
      advisor: '赵顾问',
      type: 'repair',
      status: 'settled',
      openedOn: DAY,
      laborFen: 10000,
      partsFen: 0,
      note: '纸质单\n在服务顾问处',
    },
    'dailyReport.removePaperEntry': { date: DAY, id: paper.id },
    'dailyReport.exportXlsx': { date: DAY },
    'dailyReport.printHtml': { date: DAY },
    'today.tasks': { date: DAY },
    'today.endOfDay': { date: DAY },
    'serviceRules.list': {},
    'serviceRules.save': { match: '朗逸', firstKm: 5000, firstMonths: 6, intervalKm: 10000, intervalMonths: 12 },
    'serviceRules.remove': { id: rules[rules.length - 1]!.id + 1 },
    'vehicles.serviceSummary': { vehicleId },
    'invitations.due': { from: '2026-12-01', to: '2026-12-31' },
    'invitations.create': { from: '2027-01-01', to: '2027-01-31', title: '一月' },
    'invitations.lists': { page: 1 },
    'invitations.get': { id: listed.id },
    'invitations.addRow': { listId: listed.id, vehicleId, reason: '客户要求加入' },
    'invitations.removeRow': { listId: listed.id, rowId, reason: '车已卖' },
    'invitations.restoreRow': { listId: listed.id, rowId },
    'invitations.recordCall': { rowId, result: 'booked', bookedFor: '2026-11-25', words: '下周二上午来\n要洗车' },
    'invitations.markLetterSent': { listId: listed.id, rowIds: [rowId], sentOn: DAY, kind: 'invitation', batch: 'B1' },
    'invitations.callQueue': { date: DAY, afterDays: 7 },
    'contactPrefs.get': { customerId },
    'contactPrefs.set': { customerId, channel: 'sms', allowed: false, reason: 'asked', note: '客户说\n不要短信' },
    'firstService.register': { voucherNo: 'SB2611210002', vehicleId: other.record.id, serviceOn: DAY, mileage: 4800 },
    'firstService.list': { from: '2026-11-01', to: '2026-11-30' },
    'firstService.markFiled': { ids: [voucher.id] },
    'firstService.handoff': { date: DAY },
    'firstService.handOver': { date: DAY, receivedBy: '销售小李' },
    'firstService.handoffXlsx': { date: DAY },
    'firstService.handoffHtml': { date: DAY },
    'firstService.candidates': { withinDays: 60 },
    'letters.queue': { includePrinted: true },
    'letterTemplates.list': {},
    'letterTemplates.save': {
      id: template.id,
      kind: 'invitation',
      name: template.name,
      letterhead: template.letterhead,
      body: template.body,
      showLogo: false,
    },
    'letterTemplates.preview': {
      draft: { kind: 'invitation', letterhead: template.letterhead, body: template.body },
      listId: listed.id,
    },
    'letterHolidays.list': { year: 2026 },
    'letterBatches.recipients': { kind: 'invitation', source: { listId: listed.id } },
    'letterBatches.create': {
      kind: 'holiday',
      templateId: holidayTemplate.id,
      source: { queue: true },
      holiday: '春节',
    },
    'letterBatches.lettersHtml': { batchId: batch.id },
    'letterBatches.envelopesHtml': { batchId: batch.id, size: 'DL', printer: '', boxes: false },
    'letterBatches.confirm': { batchId: batch.id, misprintItemIds: [] },
    'letterBatches.list': { page: 1 },
    'letterBatches.get': { id: batch.id },
    'mail.recipients': { listId: listed.id },
    'envelopes.html': { from: '2026-11-01', to: '2026-12-31', size: 'C5', printer: '前台打印机' },
    'calibration.list': {},
    'calibration.set': { printer: '前台打印机', size: 'DL', dxMm: 1.5, dyMm: -2 },
    'calibration.testPageHtml': { printer: '前台打印机', size: 'ZL' },
    'labels.binderHtml': { month: '2026-11' },
    'print.printers': {},
    'print.send': { document: { doc: 'calibration', size: 'DL' }, deviceName: '前台打印机' },
    'settlement.html': { roId: ro.record.id, form: 'continuous' },
    // Issue 10's other tracks: store clock, PIN lockout, idle logout, audit viewer, personal data.
    'clock.today': {},
    'users.unlock': { id: users.advisor.id },
    'security.get': {},
    'security.update': { idleLogoutMinutes: 30 },
    'audit.list': {
      from: '2026-11-01',
      to: DAY,
      userId: users.admin.id,
      action: 'customer',
      entity: 'customer',
      entityId: customerId,
      text: '张三',
      page: 1,
      pageSize: 20,
    },
    'privacy.settings': {},
    'privacy.setRetention': { years: 10 },
    'privacy.retentionPreview': { years: 10 },
    'privacy.retentionApply': {
      years: 10,
      cutoff: '2016-11-22',
      expectedCustomers: 0,
      expectedVehicles: 0,
      pin: '2222',
    },
    'privacy.exportCustomer': { customerId },
    // 预约登记 and 短信 (issue 11, track C).
    'appointments.list': { date: '2026-11-22', to: '2026-11-30', state: 'all' },
    'appointments.create': {
      vehicleId,
      customerId: null,
      date: '2026-11-24',
      time: '10:00',
      purpose: 'repair',
      advisor: '赵顾问',
      note: '看\n异响',
    },
    'appointments.cancel': { id: appointment.id, reason: '客户改期' },
    'appointments.sheetHtml': { date: '2026-11-23' },
    'appointments.sheetXlsx': { date: '2026-11-23' },
    'sms.templates': {},
    'sms.saveTemplate': { name: '回电提醒', body: '{客户称呼}您好\n请回电{门店电话}' },
    'sms.preview': {
      recipients: { kind: 'invitation_list', listId: listed.id },
      body: '{客户称呼}：您的爱车{车牌}该保养了',
    },
    'sms.createBatch': {
      recipients: { kind: 'appointments', date: '2026-11-23' },
      body: '{客户称呼}：明天{预约时间}见',
      title: '预约提醒',
    },
    'sms.batches': { page: 1, pageSize: 20 },
    'sms.batch': { id: smsBatch.id },
    'sms.export': { id: smsBatch.id, format: 'csv' },
    'sms.markSent': { id: smsBatch.id },
    // Backups (track E): the reads; a backup that is not there is refused by name.
    'backup.list': {},
    'backup.status': {},
    'backup.settings': {},
    'backup.chooseFolder': {}, // no folder dialog outside the desktop window: nothing chosen
    'backup.restorePreview': { id: 'archive-20261121-0200-manual.sqlite', where: 'local' },
    'backup.drill': { id: 'archive-20261121-0200-manual.sqlite', where: 'local' },
    // 回访 (issue 11): one call, problem calls, questionnaires, settings.
    'calls.queue': { date: DAY },
    'calls.get': { key: `followup7:ro:${ro.record.id}` },
    'calls.sheetHtml': { date: DAY },
    'calls.sheetXlsx': { date: DAY },
    'callProblems.formHtml': { id: problemCall.detail.problems[0]!.id },
    'calls.record': {
      key: `followup7:ro:${ro.record.id}`,
      outcome: 'reached',
      answers: [{ key: 'overall', value: 4 }],
      words: '保养很好\n下次还来',
      problemFixed: 'yes',
      suggestions: '希望\n早点交车',
      note: '客户在开车',
      customer: {
        address: '北京市朝阳区测试路3号',
        postalCode: '100020',
        birthday: '1980-02-29',
        otherPhones: '010-87654321、13900139001',
        preferredCallTime: '下午',
      },
      appointment: { date: '2026-11-25', time: '10:00', purpose: 'repair', advisor: '赵顾问', note: '看\n异响' },
    },
    'calls.offer': { key: `csi:ro:${ro2.record.id}`, channel: 'letter' },
    'callProblems.list': { state: 'all', from: '2026-11-01', to: '2026-11-30' },
    'callProblems.update': {
      id: problemCall.detail.problems[0]!.id,
      department: 'reception',
      ownerUserId: users.manager.id,
      action: '经理致电\n道歉',
      result: '客户接受',
      done: true,
    },
    'questionnaires.list': { kind: 'csi', history: true },
    'questionnaires.save': {
      kind: 'reminder',
      title: '提醒电话',
      questions: [
        { key: 'impression', text: '对本店的印象', scale: 'five', department: 'reception' },
        { key: 'channel', text: '怎么知道保养到期', scale: 'choice', department: null, options: ['信件', '短信'] },
      ],
    },
    'revisitSettings.get': {},
    'revisitSettings.save': { ...revisitSettings, maxAttempts: 4 },
    // 投诉、返修、流失 (issue 12).
    'complaints.list': { from: '2026-11-01', to: DAY, state: 'all', ownerUserId: users.manager.id },
    'complaints.get': { id: complaint.id },
    'complaints.create': {
      channel: 'letter',
      customerId,
      vehicleId,
      roId: ro.record.id,
      description: '报价\n不透明',
      openedAt: `${DAY} 09:00`,
      department: 'reception',
      secondaryDepartments: ['cashier'],
      type: 'transparency',
      level: 'complaint',
      respondWithinHours: 24,
      resolveWorkingDays: 3,
      resolveBy: null,
      ownerUserId: users.manager.id,
      demand: '解释\n每一项费用',
    },
    'complaints.update': {
      id: complaint.id,
      version: complaint.version,
      description: '等了\n很久',
      department: 'reception',
      secondaryDepartments: ['workshop'],
      type: 'time',
      level: 'serious_grumble',
      respondWithinHours: 12,
      resolveWorkingDays: 2,
      resolveBy: null,
      ownerUserId: users.manager.id,
      demand: '道歉',
    },
    'complaints.addAction': { id: complaint.id, version: complaint.version, text: '经理致电\n道歉' },
    'complaints.resolve': {
      id: complaint.id,
      version: complaint.version,
      resolution: '赠送\n保养一次',
      customerAccepted: true,
    },
    'complaints.recordCallback': {
      id: resolved.id,
      version: resolved.version,
      verdict: 'satisfied',
      closedLoop: true,
      words: '满意\n谢谢',
    },
    'complaints.formHtml': { id: complaint.id },
    'complaints.confirmationHtml': { id: major.id },
    'complaintSettings.get': {},
    'complaintSettings.save': { ...complaintSettings, resolveWorkingDays: 4 },
    'comebacks.list': { from: '2026-11-01', to: DAY, state: 'all' },
    'comebacks.confirm': { key: `ro:${ro2.record.id}`, words: '又\n漏油' },
    'comebacks.dismiss': { key: `ro:${ro2.record.id}`, reason: '不是同一故障' },
    'comebacks.mark': { vehicleId, earlierRoId: null, roId: null, complaintId: complaint.id, words: '异响\n又来了' },
    'comebacks.close': {
      id: comeback.id!,
      version: comeback.version!,
      cause: '密封圈\n装配不当',
      action: '重新更换',
      result: '不再漏油',
    },
    'comebacks.rate': { from: '2026-06', to: '2026-11' },
    'comebacks.sheetHtml': { from: '2026-11-01', to: DAY },
    'lostCustomers.list': { asOf: DAY, level: 'all', stage: 'after_first', reason: 'none', page: 1, pageSize: 50 },
    'lostCustomers.recordReason': { vehicleId, reason: 'other', words: '换了\n工作', stopContact: false },
    'lostCustomers.winback': { vehicleIds: [vehicleId], on: DAY },
    'lostCustomers.xlsx': { asOf: DAY, level: 'all' },
    'churn.months': { from: '2026-06', to: '2026-11' },
    // 归档 (issue 13).
    'filingSettings.get': {},
    'filingSettings.save': { ...filingSettings, vehicleBagShelf: '车辆档案柜 2号', watchFolder: null },
    'filing.lookup': { text: 'RO2611210001' },
    'filing.file': {
      roId: ro.record.id,
      kinds: ['consultation'],
      receivedOn: DAY,
      note: '客户自带',
      confirmClosedBinder: false,
    },
    'filing.fileReceived': { paperIds: [handover.papers[0]!.id], confirmClosedBinder: false },
    'filing.remove': { paperId: otherPaper.id, version: otherPaper.version, reason: '放错了' },
    'filing.keepForever': { paperId: filedPaper.id, version: filedPaper.version, keepForever: true, reason: '有纠纷' },
    'papers.get': { id: filedPaper.id },
    'papers.where': { vehicleId },
    'papers.received': {},
    'scans.upload': { paperId: filedPaper.id, name: '结算单.png', contentBase64: PNG },
    'scans.attach': { scanId: inboxScan.id, paperId: filedPaper.id },
    'scans.discard': { scanId: inboxScan.id, reason: '扫错了' },
    'scans.inbox': {},
    'scans.content': { id: inboxScan.id },
    'scans.checkFolder': {},
    'scans.verify': {},
    'binders.list': { month: '2026-11', state: 'all', scheme: 'monthly' },
    'binders.get': { id: binder.id },
    'binders.completeness': { id: binder.id },
    'binders.update': { id: binder.id, version: binder.version, shelf: '档案柜 A 2层' },
    'binders.bind': { id: binder.id, version: binder.version, confirmIncomplete: true },
    'binders.reopen': { id: binder.id, version: binder.version, reason: '还有单据要放' },
    'binders.send': { id: binder.id, version: binder.version, sentOn: DAY, sentTo: '服务中心王老师' },
    'binders.labelsHtml': { ids: [binder.id] },
    'handovers.create': {
      handedBy: '销售小张',
      handedOn: DAY,
      note: '两辆\n新车',
      items: [{ vehicleId: other.record.id, kinds: ['warranty_registration', 'pdi'] }],
      fileNow: true,
      confirmClosedBinder: false,
    },
    'handovers.list': { from: '2026-11-01', to: DAY },
    'handovers.fileVouchers': { voucherIds: [voucher.id], confirmClosedBinder: false },
    'loans.list': { state: 'all' },
    'loans.lend': { paperId: filedPaper.id, borrower: '王顾问', reason: '客户要复印', dueOn: '2026-11-25' },
    'loans.return': { id: 1 },
    'filing.missing': { month: '2026-11' },
    'healthUploads.list': { month: '2026-11', state: 'all' },
    'healthUploads.mark': { roIds: [ro.record.id], uploadedAt: `${DAY} 17:00` },
    'filing.incompleteFiles': { date: DAY },
    'retention.due': { asOf: '2030-01-01', limit: 100 },
    'destructions.create': { paperIds: [filedPaper.id], reason: '到期\n销毁' },
    'destructions.list': {},
    'destructions.html': { id: 1 },
    'claimSettings.get': {},
    'claimSettings.save': {
      ...claimSettings,
      manufacturer: '上汽大众汽车有限公司',
      rules: [{ brand: '朗逸', claimType: 'recall', days: 30 }],
    },
    'claims.list': { status: 'open', dueBefore: '2026-11-30', text: 'RO26', limit: 100 },
    'claims.get': { roId: warrantyRo.record.id },
    'claims.save': {
      roId: draftRo.record.id,
      version: 0,
      claimType: 'sanbao',
      deadline: '2026-11-28',
      faultDescription: '车窗无法升降',
      cause: '升降器电机损坏',
      handling: '更换升降器\n试车正常',
      note: '客户急用',
    },
    'claims.report': { roId: draftRo.record.id, version: 0, reportedOn: DAY, claimNo: 'SV261100002' },
    'claims.review': { roId: warrantyRo.record.id, version: reportedClaim.version },
    'claims.approve': {
      roId: warrantyRo.record.id,
      version: reportedClaim.version,
      approvedOn: DAY,
      approvedFen: 150000,
    },
    'claims.reject': {
      roId: warrantyRo.record.id,
      version: reportedClaim.version,
      rejectedOn: DAY,
      reason: '照片不清楚',
    },
    'oldParts.list': { state: 'all', dueBefore: '2026-12-31' },
    'oldParts.add': { roId: warrantyRo.record.id, partNumber: '06L103121', name: '密封圈', quantity: 1 },
    'oldParts.remove': { id: keptPart!.id, version: keptPart!.version },
    'oldParts.return': { ids: [keptPart!.id], returnedOn: DAY, waybill: 'SF1234567890' },
    'oldParts.scrap': { ids: [otherPart!.id], scrappedOn: DAY, instruction: '厂家通知就地报废' },
    'oldParts.tagsHtml': { ids: [keptPart!.id, otherPart!.id] },
    'outsideService.list': { state: 'all', month: '2026-11' },
    'outsideService.get': { id: outside.id },
    'outsideService.signOut': {
      orderNo: 'FW2611210002',
      roId: null,
      vehicleId: other.record.id,
      customerId,
      place: '客户家中（朝阳区）',
      fault: '无法启动',
      staff: '赵师傅',
      device: '',
      outAt: `${DAY} 09:30`,
      odometerOut: 1000,
      note: '',
    },
    'outsideService.update': {
      id: outside.id,
      version: outside.version,
      roId: warrantyRo.record.id,
      vehicleId,
      customerId,
      place: '京承高速 K21',
      fault: '水泵漏水',
      staff: '王师傅',
      device: '诊断仪',
      note: '改了地点',
    },
    'outsideService.close': { id: outside.id, version: outside.version, backAt: `${DAY} 12:00`, odometerBack: 52080 },
    'statements.list': { year: 2026 },
    'statements.get': { month: '2026-11' },
    'statements.requestInvoice': { month: '2026-10', version: 0, requestedOn: DAY },
    'statements.recordInvoice': { month: '2026-10', version: 1, invoiceNo: 'FP2026100001', invoiceOn: DAY },
    'statements.recordPaid': { month: '2026-10', version: 1, paidOn: DAY },
    'statements.html': { month: '2026-11' },
    'statements.xlsx': { month: '2026-11' },
    // The week and the month of DAY (so far): the archive's ROs begin in them.
    'reports.weekly': { week: '2026-W47' },
    'reports.monthly': { month: '2026-11' },
    'reports.html': { month: '2026-11' },
    'reports.xlsx': { week: '2026-W47' },
    'reports.recordPrinted': { month: '2026-11' },
    'reports.deliveries': { month: '2026-11' },
    'statistics.view': { from: '2026-11-01', to: DAY },
    'statistics.records': { from: '2026-11-01', to: DAY, drill: { chart: 'roPerDay', date: DAY } },
  };
  for (const m of Object.keys(examples))
    if (NO_EXAMPLE.test(m) || !METHODS.includes(m as MethodName)) delete examples[m];
  t.archive.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
  writes = await watchWrites(t.archive);
}

beforeAll(arrange, 60_000);
afterAll(async () => {
  console.log(
    `contract property: ${tried.sweep + tried.admin + tried.nobody} payloads (${tried.sweep} odd text in each text field of ${Object.keys(examples ?? {}).length} example inputs, ${tried.admin} arbitrary or near-valid as a logged-in user, ${tried.nobody} with nobody logged in) to ${METHODS.length} methods; skipped: ${Object.keys(SKIPPED).join(', ')}; outcomes ${JSON.stringify(outcomes)}`,
  );
  await t?.close();
});

// ---- payloads ----

type Path = (string | number)[];

/** Every leaf of a JSON-like value, with its path. */
function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [{ path, value }];
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = path as [string | number, ...Path];
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}

const ODD_TEXT = [
  '\uD800',
  '张\uDC00三',
  '\uDBFF',
  '\u0000',
  '\u001b[2J',
  '\u0007',
  '\u0085',
  '\u202e',
  '\u200f',
  '\u2066',
  '',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '😀',
  'Ｆ１２３　',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '{客户姓名}',
  '../../etc/passwd',
  '__proto__',
  'NaN',
  '-0',
];
const ODD_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  1e308,
  -1,
  0,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
];

function deep(levels: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...ODD_TEXT),
  fc.constantFrom(...ODD_NUMBERS),
  fc.constantFrom(null, undefined, true, false, [], {}, deep(300)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constant('长'.repeat(100_001)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** The example with 1-3 leaves replaced, or an odd text spliced into one, plus maybe a prototype key. */
function nearValid(method: string): fc.Arbitrary<unknown> {
  const example = examples[method] ?? {};
  const spots = leaves(example).filter((l) => l.path.length > 0);
  return fc
    .record({
      changes: fc.array(
        fc.record({
          spot: fc.nat(),
          value: oddValue,
          splice: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      extra: fc.option(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'then'), {
        nil: undefined,
      }),
    })
    .map(({ changes, extra }) => {
      let input: unknown = example;
      for (const c of changes) {
        if (spots.length === 0) break;
        const spot = spots[c.spot % spots.length]!;
        const value =
          c.splice && typeof spot.value === 'string' && typeof c.value === 'string'
            ? `${spot.value.slice(0, 1)}${c.value}${spot.value.slice(1)}`
            : c.value;
        input = setAt(input, spot.path, value);
      }
      if (extra) {
        // An own property named like a prototype key, as JSON.parse makes it.
        const withKey = JSON.parse(`{"${extra}": {"isAdmin": true}}`) as Record<string, unknown>;
        input = Object.assign(withKey, input as object);
      }
      return input;
    });
}

const arbitraryPayload: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withTypedArray: true,
    withSparseArray: true,
    withBoxedValues: true,
  }),
  fc.dictionary(fc.constantFrom('id', 'name', 'text', 'date', 'page', 'jobId', 'listId', 'pin', 'userId'), oddValue),
);

const call: fc.Arbitrary<{ method: MethodName; input: unknown }> = fc
  .constantFrom(...METHODS)
  .chain((method) =>
    fc
      .oneof(
        { weight: 2, arbitrary: nearValid(method) },
        { weight: 1, arbitrary: arbitraryPayload },
        { weight: 1, arbitrary: fc.constant(examples[method] ?? {}) },
      )
      .map((input) => ({ method, input })),
  );

// ---- the tests ----

describe('text at the boundary: every text field of every example refuses odd characters, naming the field', () => {
  const ODD = [
    ['a lone surrogate', '\uD800'],
    ['a lone low surrogate', '\uDFFF'],
    ['NUL', '\u0000'],
    ['ESC', '\u001b'],
    ['a right-to-left override', '\u202e'],
  ] as const;

  it.each(ODD)(
    '%s',
    async (_what, odd) => {
      const accepted: string[] = [];
      for (const [method, example] of Object.entries(examples)) {
        actAs(callerFor(method as MethodName));
        for (const leaf of leaves(example)) {
          if (typeof leaf.value !== 'string') continue;
          const input = setAt(example, leaf.path, `${leaf.value.slice(0, 1)}${odd}${leaf.value.slice(1)}`);
          const o = await send(method, input);
          tried.sweep++;
          checkOutcome(o);
          // A search box drops what cannot be searched for instead (fields.ts searchText): quick search
          // the filing desk's scan box and the claims list's search.
          if (
            (method === 'search.quick' || method === 'filing.lookup' || method === 'claims.list') &&
            leaf.path.join('.') === 'text'
          ) {
            expect(o.result.ok).toBe(true);
            continue;
          }
          if (o.result.ok) {
            accepted.push(`${method} ${leaf.path.join('.')}`);
            continue;
          }
          expect(o.result.error.code, `${method} ${leaf.path.join('.')}: ${o.result.error.message}`).toBe('VALIDATION');
          // Named by the field, or by the part of the input it sits in (a union of documents, a row).
          const labels = leaf.path.map((_, i) => labelForPath(leaf.path.slice(0, i + 1)));
          expect(
            labels.some((label) => (o.result as { error: { message: string } }).error.message.startsWith(`${label}：`)),
            `${method} ${leaf.path.join('.')}: ${o.result.error.message}`,
          ).toBe(true);
        }
      }
      expect(accepted, 'text fields that let the odd character through').toEqual([]);
    },
    60_000,
  );

  it('the defects of the issue: a lone surrogate in a name, NUL and ESC in a letter template name', async () => {
    actAs(users.admin);
    const customer = await send('customers.create', { name: '张\uD800三' });
    checkOutcome(customer);
    expect(customer.result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!customer.result.ok) expect(customer.result.error.message).toMatch(/^姓名\/名称：.*无法识别的字符/);
    const template = examples['letterTemplates.save']!;
    const named = await send('letterTemplates.save', { ...template, name: '邀请函\u0000\u001b[31m' });
    checkOutcome(named);
    expect(named.result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!named.result.ok) expect(named.result.error.message).toMatch(/^姓名\/名称：.*控制字符/);
    const names = await t.archive.db.selectFrom('letter_template').select('name').execute();
    expect(names.filter((r) => r.name.includes('\u0000') || r.name.includes('\u001b'))).toEqual([]);
    // A search with a lone surrogate is answered (nothing to find), not refused or crashed.
    const search = await send('search.quick', { text: '张\uD800' });
    checkOutcome(search);
    expect(search.result.ok).toBe(true);
  });
});

describe('arbitrary payloads to every contract method (property)', () => {
  it('as a logged-in user: no unhandled error, Chinese refusals, and a refusal changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(call, async ({ method, input }) => {
        actAs(callerFor(method));
        const o = await send(method, input);
        tried.admin++;
        checkOutcome(o);
      }),
      { seed: 20261210, numRuns: 4000, endOnFailure: true },
    );
  }, 120_000);

  it('with nobody logged in: the same, and nothing that writes goes through except the login screen', async () => {
    await fc.assert(
      fc.asyncProperty(call, async ({ method, input }) => {
        actAs(null);
        const o = await send(method, input);
        tried.nobody++;
        checkOutcome(o);
        const access = accessOf(method);
        const open =
          access === 'open' || ['app.getInfo', 'setup.complete', 'session.login', 'session.logout'].includes(method);
        if (!open && contract[method].mutates) expect(o.result.ok, `${method} wrote with nobody logged in`).toBe(false);
        if (access !== undefined && access !== 'open')
          expect(o.result.ok, `${method} answered with nobody logged in`).toBe(false);
      }),
      { seed: 20261211, numRuns: 3000, endOnFailure: true },
    );
  }, 120_000);

  it('every example is a valid input of its method (so a refusal in the sweep is the odd text’s doing)', () => {
    for (const [method, example] of Object.entries(examples)) {
      const parsed = contract[method as MethodName].input.safeParse(example);
      expect(parsed.success, `${method}: ${parsed.error?.issues[0]?.message}`).toBe(true);
    }
  });

  it('every method not skipped has an example input (so near-valid payloads reach its checks)', () => {
    const missing = METHODS.filter((m) => !examples[m] && !NO_EXAMPLE.test(m));
    expect(missing).toEqual([]);
  });
});
