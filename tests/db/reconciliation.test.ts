import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../src-main/db/database';
import { MIGRATIONS } from '../../src-main/db/migrations/index';
import type { Clock } from '../../src-main/services/context';
import type { ReconciliationDay } from '../../src-shared/domain/reconciliation';
import {
  openSetUpArchive,
  openTestArchive,
  rowCounts,
  type TestArchive,
  tempDir,
  VIN_A,
  VIN_B,
} from '../support/archive';

/** 2026-11-22 10:00 at the store (UTC+8). */
const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };
const DAY = '2026-11-22';

let t: TestArchive;
beforeEach(async () => {
  t = await openSetUpArchive({ clock });
});
afterEach(async () => {
  await t.close();
});

/**
 * The day's folder: RO…01 opened today (in repair), RO…02 opened two days ago and delivered today,
 * RO…03 opened today and settled, RO…04 opened yesterday and still in repair (not of today).
 */
async function arrange() {
  const zhang = await t.must('customers.create', { name: '张三', mobile: '13800138000' });
  const car = await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, ownerId: zhang.record.id });
  const ev = await t.must('vehicles.create', { plate: '京AD23456', vin: VIN_B });
  const ro = (roNumber: string, fields: Record<string, unknown>) =>
    t.must('repairOrders.create', {
      roNumber,
      vehicleId: car.record.id,
      type: 'periodic_service',
      openedAt: `${DAY} 09:00`,
      ...fields,
    } as Parameters<typeof t.must<'repairOrders.create'>>[1]);
  const opened = await ro('RO2611220001', {});
  const delivered = await ro('RO2611200007', {
    openedAt: '2026-11-20 08:30',
    status: 'delivered',
    deliveredAt: `${DAY} 16:00`,
  });
  const settled = await ro('RO2611220002', {
    vehicleId: ev.record.id,
    status: 'settled',
    deliveredAt: `${DAY} 15:00`,
    settledAt: `${DAY} 15:10`,
  });
  const yesterday = await ro('RO2611210003', { openedAt: '2026-11-21 11:00' });
  return { opened: opened.record, delivered: delivered.record, settled: settled.record, yesterday: yesterday.record };
}

function numbers(list: { roNumber: string; cleared?: boolean }[]): string[] {
  return list.filter((d) => !d.cleared).map((d) => d.roNumber);
}

function auditActions(): Promise<{ action: string; actor: string; entity: string }[]> {
  return t.archive.db
    .selectFrom('audit_log')
    .select(['action', 'actor', 'entity'])
    .where('action', 'like', 'reconciliation.%')
    .orderBy('id')
    .execute();
}

describe('reconciliation with the paper folder (对单)', () => {
  it('takes the day as opened + delivered/settled that day; an empty day is just empty', async () => {
    await arrange();
    const day = await t.must('reconciliation.getDay', { date: DAY });
    expect(day.summary).toEqual({
      date: DAY,
      inArchive: 3,
      ticked: 0,
      missingOnPaper: 3,
      missingInArchive: 0,
      statusMismatch: 0,
      unresolved: 3,
      completedAt: null,
      completedBy: null,
    });
    expect(numbers(day.missingOnPaper)).toEqual(['RO2611200007', 'RO2611220001', 'RO2611220002']);
    expect(day.missingOnPaper[0]).toMatchObject({
      plate: '京A12345',
      customerName: '张三',
      archiveStatus: 'delivered',
    });

    const empty = await t.must('reconciliation.getDay', { date: '2026-11-01' });
    expect(empty.summary).toMatchObject({ inArchive: 0, ticked: 0, unresolved: 0, completedAt: null });
    expect(empty.ticks).toEqual([]);
    // Reading writes nothing.
    expect((await rowCounts(t.archive)).reconciliation_day).toBe(0);
  });

  it('ticks a scanned number once, keeps unknown numbers, finds status mismatches and other days’ ROs', async () => {
    await arrange();
    const first = await t.must('reconciliation.tick', { date: DAY, roNumber: ' ｒｏ２６１１２２０００１ ' });
    expect(first.outcome).toBe('added');
    expect(first.tick).toMatchObject({ roNumber: 'RO2611220001', inDay: true, archiveStatus: 'in_repair' });
    expect(first.tick.tickedBy).toBe('小王');
    const typed = await t.archive.db
      .selectFrom('reconciliation_tick')
      .select(['ro_number', 'typed_text', 'repair_order_id'])
      .executeTakeFirst();
    expect(typed).toEqual({ ro_number: 'RO2611220001', typed_text: ' ｒｏ２６１１２２０００１ ', repair_order_id: 1 });

    const again = await t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611220001' });
    expect(again.outcome).toBe('already');
    expect(again.day.summary.ticked).toBe(1);

    const unknown = await t.must('reconciliation.tick', { date: DAY, roNumber: 'ro 2611 229999' });
    expect(unknown.outcome).toBe('added');
    expect(unknown.tick).toMatchObject({ repairOrderId: null, archiveStatus: null, inDay: false });

    // The paper says in repair; the archive says delivered.
    const mismatch = await t.must('reconciliation.tick', {
      date: DAY,
      roNumber: 'RO2611200007',
      paperStatus: 'in_repair',
    });
    // Yesterday's RO, still in the folder: found in the archive, not of this day, no discrepancy.
    const other = await t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611210003' });
    expect(other.tick).toMatchObject({ inDay: false, archiveStatus: 'in_repair' });

    const day = other.day;
    expect(day.summary).toMatchObject({
      inArchive: 3,
      ticked: 4,
      missingOnPaper: 1,
      missingInArchive: 1,
      statusMismatch: 1,
      unresolved: 3,
    });
    expect(numbers(day.missingOnPaper)).toEqual(['RO2611220002']);
    expect(numbers(day.missingInArchive)).toEqual(['RO2611229999']);
    expect(day.statusMismatch[0]).toMatchObject({
      roNumber: 'RO2611200007',
      archiveStatus: 'delivered',
      paperStatus: 'in_repair',
      tickId: mismatch.tick.id,
      open: true,
    });
    expect(day.ticks.map((x) => x.roNumber)).toEqual(['RO2611210003', 'RO2611200007', 'RO2611229999', 'RO2611220001']);

    // The same sheet ticked again with the right status corrects the first tick.
    const corrected = await t.must('reconciliation.tick', {
      date: DAY,
      roNumber: 'RO2611200007',
      paperStatus: 'delivered',
    });
    expect(corrected.outcome).toBe('statusChanged');
    expect(corrected.day.summary.statusMismatch).toBe(0);
    const back = await t.must('reconciliation.setPaperStatus', {
      date: DAY,
      tickId: mismatch.tick.id,
      paperStatus: 'completed',
    });
    expect(back.summary.statusMismatch).toBe(1);

    // Undo the last tick.
    const undone = await t.must('reconciliation.untick', { date: DAY, tickId: other.tick.id });
    expect(undone.ticks.map((x) => x.roNumber)).not.toContain('RO2611210003');

    expect((await auditActions()).map((a) => a.action)).toEqual([
      'reconciliation.tick',
      'reconciliation.tick',
      'reconciliation.tick',
      'reconciliation.tick',
      'reconciliation.setPaperStatus',
      'reconciliation.setPaperStatus',
      'reconciliation.untick',
    ]);
    expect(new Set((await auditActions()).map((a) => `${a.actor}/${a.entity}`))).toEqual(
      new Set(['小王/reconciliation_day']),
    );
  });

  it('blocks completion while a discrepancy has neither note nor mark, then completes, freezes and reopens', async () => {
    await arrange();
    await t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611220001' });
    await t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611200007', paperStatus: 'in_repair' });
    await t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611229999' });

    const before = await rowCounts(t.archive);
    const blocked = await t.call('reconciliation.complete', { date: DAY });
    expect(blocked.ok).toBe(false);
    if (blocked.ok) return;
    expect(blocked.error.code).toBe('CONFLICT');
    expect(blocked.error.message).toContain('还有 3 条差异');
    expect(blocked.error.message).toContain('RO2611220002（系统有、纸质无）');
    expect(blocked.error.message).toContain('RO2611229999（纸质有、系统无）');
    expect(blocked.error.details?.open).toHaveLength(3);
    expect(await rowCounts(t.archive)).toEqual(before);

    await t.must('reconciliation.annotate', {
      date: DAY,
      roNumber: 'RO2611220002',
      kind: 'missing_on_paper',
      note: '  客户未取车 ',
    });
    await t.must('reconciliation.annotate', {
      date: DAY,
      roNumber: 'RO2611229999',
      kind: 'missing_in_archive',
      resolved: true,
    });
    const one = await t.call('reconciliation.complete', { date: DAY });
    expect(one.ok || one.error.message).toContain('还有 1 条差异');
    const noted = await t.must('reconciliation.annotate', {
      date: DAY,
      roNumber: 'RO2611200007',
      kind: 'status_mismatch',
      note: '纸质单未更新',
    });
    expect(noted.missingOnPaper[0]).toMatchObject({
      note: '客户未取车',
      resolved: false,
      notedBy: '小王',
      open: false,
    });
    expect(noted.missingInArchive[0]).toMatchObject({ note: '', resolved: true, open: false });
    expect(noted.summary.unresolved).toBe(0);

    const done = await t.must('reconciliation.complete', { date: DAY });
    expect(done.summary).toMatchObject({
      completedAt: '2026-11-22T10:00:00+08:00',
      completedBy: '小王',
      unresolved: 0,
    });
    expect(done.completedSummary).toMatchObject({ inArchive: 3, ticked: 3, missingOnPaper: 1, completedBy: '小王' });

    // A completed day is frozen until reopened.
    const frozen = await rowCounts(t.archive);
    const late = await t.call('reconciliation.tick', { date: DAY, roNumber: 'RO2611220002' });
    expect(late.ok || late.error).toMatchObject({ code: 'CONFLICT' });
    expect(late.ok || late.error.message).toContain('重新打开');
    const lateNote = await t.call('reconciliation.annotate', {
      date: DAY,
      roNumber: 'RO2611220002',
      kind: 'missing_on_paper',
      note: '改',
    });
    expect(lateNote.ok).toBe(false);
    expect(await rowCounts(t.archive)).toEqual(frozen);

    const reopened = await t.must('reconciliation.reopen', { date: DAY });
    expect(reopened.summary.completedAt).toBeNull();
    expect(reopened.completedSummary).toBeNull();
    const twice = await t.call('reconciliation.reopen', { date: DAY });
    expect(twice.ok || twice.error.message).toContain('还没有完成');

    expect((await auditActions()).map((a) => a.action)).toEqual([
      'reconciliation.tick',
      'reconciliation.tick',
      'reconciliation.tick',
      'reconciliation.annotate',
      'reconciliation.annotate',
      'reconciliation.annotate',
      'reconciliation.complete',
      'reconciliation.reopen',
    ]);
    const annotateRow = await t.archive.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'reconciliation.annotate')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(annotateRow.before_json).toBeNull();
    expect(JSON.parse(annotateRow.after_json!)).toEqual({
      date: DAY,
      roNumber: 'RO2611220002',
      kind: 'missing_on_paper',
      note: '客户未取车',
      resolved: false,
    });
  });

  it('a paper RO keyed into the archive afterwards clears its discrepancy and keeps the note on record', async () => {
    const { opened } = await arrange();
    await t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611229999' });
    await t.must('reconciliation.annotate', {
      date: DAY,
      roNumber: 'RO2611229999',
      kind: 'missing_in_archive',
      note: 'DMS 漏录，已补录',
    });
    await t.must('repairOrders.create', {
      roNumber: 'RO2611229999',
      vehicleId: opened.vehicleId,
      type: 'repair',
      openedAt: `${DAY} 13:00`,
    });
    const day = await t.must('reconciliation.getDay', { date: DAY });
    expect(day.summary.missingInArchive).toBe(0);
    expect(day.summary.inArchive).toBe(4);
    expect(day.ticks[0]).toMatchObject({ roNumber: 'RO2611229999', inDay: true, archiveStatus: 'in_repair' });
    expect(day.missingInArchive).toEqual([
      expect.objectContaining({ roNumber: 'RO2611229999', note: 'DMS 漏录，已补录', cleared: true, open: false }),
    ]);
  });

  it('keeps everything in the archive file: the same state after closing and reopening it', async () => {
    await arrange();
    await t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611220001', paperStatus: 'completed' });
    await t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611229999' });
    await t.must('reconciliation.annotate', {
      date: DAY,
      roNumber: 'RO2611220002',
      kind: 'missing_on_paper',
      note: '客户未取车',
      resolved: true,
    });
    const before = await t.must('reconciliation.getDay', { date: DAY });
    const { file, dir } = t;
    await t.archive.close();
    t = await openTestArchive({ file, clock });
    try {
      await t.loginAs('clerk');
      const after: ReconciliationDay = await t.must('reconciliation.getDay', { date: DAY });
      expect(after).toEqual(before);
      expect(after.summary).toMatchObject({ ticked: 2, statusMismatch: 1, missingInArchive: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad input with Chinese messages naming the field, and changes nothing', async () => {
    await arrange();
    await t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611220001' });
    const before = await rowCounts(t.archive);
    const cases: [string, unknown, RegExp][] = [
      ['reconciliation.tick', { date: '2026-13-01', roNumber: 'RO1' }, /^日期：日期不对/],
      [
        'reconciliation.tick',
        { date: '2026-11-23', roNumber: 'RO2611230001' },
        /^日期：不能对未来的日期对单（今天是 2026-11-22）/,
      ],
      ['reconciliation.getDay', { date: '1999-12-31' }, /^日期：日期太早/],
      ['reconciliation.tick', { date: DAY, roNumber: '   ' }, /^工单号：请扫描或输入工单号/],
      ['reconciliation.tick', { date: DAY, roNumber: 'RO 26#1' }, /^工单号：工单号应为字母数字/],
      [
        'reconciliation.tick',
        { date: DAY, roNumber: 'RO2611220001', paperStatus: 'lost' },
        /^纸质单状态：纸质单状态应为/,
      ],
      ['reconciliation.untick', { date: DAY, tickId: -1 }, /^勾选记录：/],
      ['reconciliation.untick', { date: DAY, tickId: 999 }, /没有编号为 999 的勾选记录/],
      [
        'reconciliation.annotate',
        { date: DAY, roNumber: 'RO2611220002', kind: 'missing_on_paper' },
        /^说明：请填写说明或标记已处理/,
      ],
      [
        'reconciliation.annotate',
        { date: DAY, roNumber: 'RO2611220002', kind: 'nope', note: 'x' },
        /^类别：差异类别应为/,
      ],
      [
        'reconciliation.annotate',
        { date: DAY, roNumber: 'RO2611220002', kind: 'missing_on_paper', note: 'x'.repeat(201) },
        /^说明：太长了/,
      ],
      [
        'reconciliation.annotate',
        { date: DAY, roNumber: 'RO2611220001', kind: 'missing_on_paper', note: '无此差异' },
        /没有“RO2611220001 系统有、纸质无”这条差异/,
      ],
      ['reconciliation.reopen', { date: DAY }, /还没有完成/],
    ];
    for (const [method, input, message] of cases) {
      const r = await t.call(method as 'reconciliation.tick', input as never);
      expect(r.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
      if (!r.ok) expect(r.error.message, `${method} ${JSON.stringify(input)}`).toMatch(message);
    }
    expect(await rowCounts(t.archive)).toEqual(before);

    // Nobody at the counter: no change is made.
    await t.must('session.logout', {});
    const anonymous = await t.call('reconciliation.tick', { date: DAY, roNumber: 'RO2611220002' });
    expect(anonymous.ok || anonymous.error.code).toBe('UNAUTHORIZED');
    expect((await rowCounts(t.archive)).reconciliation_tick).toBe(before.reconciliation_tick);
  });
});

describe('two counters reconciling the same day at once', () => {
  it('the same RO ticked by both at once is ticked once: one is added, the other told it is already ticked', async () => {
    await arrange();
    // The day has no row yet: both calls create it at the same moment.
    const [a, b] = await Promise.all([
      t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611220001' }),
      t.must('reconciliation.tick', { date: DAY, roNumber: 'ro2611220001' }),
    ]);
    expect([a.outcome, b.outcome].sort()).toEqual(['added', 'already']);
    expect(a.tick.id).toBe(b.tick.id);
    const counts = await rowCounts(t.archive);
    expect(counts.reconciliation_day).toBe(1);
    expect(counts.reconciliation_tick).toBe(1);
    expect((await auditActions()).map((x) => x.action)).toEqual(['reconciliation.tick']);

    // Different ROs at once: both land.
    const [c, d] = await Promise.all([
      t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611200007' }),
      t.must('reconciliation.tick', { date: DAY, roNumber: 'RO2611220002' }),
    ]);
    expect([c.outcome, d.outcome]).toEqual(['added', 'added']);
    expect((await t.must('reconciliation.getDay', { date: DAY })).summary.ticked).toBe(3);

    // Undoing the same tick twice at once: one undoes it, the other is told it is already gone.
    const [e, f] = await Promise.all([
      t.call('reconciliation.untick', { date: DAY, tickId: c.tick.id }),
      t.call('reconciliation.untick', { date: DAY, tickId: c.tick.id }),
    ]);
    expect([e.ok, f.ok].sort()).toEqual([false, true]);
    const loser = e.ok ? f : e;
    expect(loser.ok || loser.error.code).toBe('NOT_FOUND');
    expect((await rowCounts(t.archive)).reconciliation_tick).toBe(2);
  });
});

describe('migration 202611221010_reconciliation', () => {
  it('adds the STRICT reconciliation tables to an archive of the version before, keeping its data', async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'archive.sqlite');
      const previous = MIGRATIONS.filter((m) => m.name < '202611221010_reconciliation');
      const old = await openArchive(file, { migrations: previous });
      const at = '2026-11-22T09:00:00+08:00';
      old
        .sqlite!.prepare('INSERT INTO vehicle (id, plate, created_at, updated_at) VALUES (1, ?, ?, ?)')
        .run('京A12345', at, at);
      old
        .sqlite!.prepare(
          `INSERT INTO repair_order (id, ro_number, vehicle_id, opened_at, type, status, created_at, updated_at)
           VALUES (1, 'RO2611220001', 1, ?, 'repair', 'in_repair', ?, ?)`,
        )
        .run(at, at, at);
      await old.close();

      const migrated = await openArchive(file);
      expect(migrated.backupPath).not.toBeNull();
      const tables = migrated
        .sqlite!.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'reconciliation_%'")
        .all() as { name: string; sql: string }[];
      expect(tables.map((x) => x.name).sort()).toEqual([
        'reconciliation_day',
        'reconciliation_note',
        'reconciliation_tick',
      ]);
      for (const table of tables) expect(table.sql, table.name).toMatch(/STRICT/);
      expect(migrated.sqlite!.prepare('SELECT ro_number FROM repair_order').all()).toEqual([
        { ro_number: 'RO2611220001' },
      ]);
      // Foreign keys hold: a tick cannot point at an RO that does not exist.
      migrated
        .sqlite!.prepare(
          "INSERT INTO reconciliation_day (id, day, created_at, updated_at) VALUES (1, '2026-11-22', ?, ?)",
        )
        .run(at, at);
      expect(() =>
        migrated
          .sqlite!.prepare(
            `INSERT INTO reconciliation_tick (day_id, ro_number, typed_text, repair_order_id, ticked_at, ticked_by, updated_at)
             VALUES (1, 'X', 'X', 42, ?, 'x', ?)`,
          )
          .run(at, at),
      ).toThrow(/FOREIGN KEY/);
      await migrated.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
