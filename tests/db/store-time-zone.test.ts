import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src-main/api/dispatcher';
import { createHandlers, createServices } from '../../src-main/api/handlers';
import { openArchive } from '../../src-main/db/database';
import { MIGRATIONS } from '../../src-main/db/migrations/index';
import { type Clock, Session } from '../../src-main/services/context';
import { DEFAULT_TIME_ZONE, setStoreTimeZone } from '../../src-shared/validation/dates';
import { openSetUpArchive, rowCounts, type TestArchive, tempDir } from '../support/archive';

/** 07:30 on 3 December in China, 23:30 on 2 December in London. */
const clock: Clock = { now: () => new Date('2026-12-02T23:30:00Z') };

let t: TestArchive | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  setStoreTimeZone(DEFAULT_TIME_ZONE);
});

const STORE = {
  name: '测试汽车服务有限公司',
  address: '北京市朝阳区测试路1号',
  postalCode: '100020',
  phone: '010-12345678',
};

describe('the store’s time zone decides today and now for every service', () => {
  it('a store starts in China time; clock.today answers with the store’s date, not UTC’s', async () => {
    t = await openSetUpArchive({ clock });
    expect((await t.must('store.get', {}))?.timeZone).toBe('Asia/Shanghai');
    expect(await t.must('clock.today', {})).toEqual({
      today: '2026-12-03',
      now: '2026-12-03T07:30:00+08:00',
      timeZone: 'Asia/Shanghai',
      offset: '+08:00',
    });
    // What the services write and count as today follows the same clock.
    const c = await t.must('customers.create', { name: '张三', mobile: '13800001111' });
    expect(c.record.createdAt).toBe('2026-12-03T07:30:00+08:00');
    expect((await t.must('today.tasks', {})).date).toBe('2026-12-03');
  });

  it('moving the store to another zone moves today, now and every time written; it survives a reopen', async () => {
    t = await openSetUpArchive({ clock });
    await t.loginAs('admin');
    const saved = await t.must('store.update', { ...STORE, timeZone: 'europe/london' });
    expect(saved.timeZone).toBe('Europe/London');
    expect(await t.must('clock.today', {})).toMatchObject({ today: '2026-12-02', offset: '+00:00' });
    const c = await t.must('customers.create', { name: '李四', mobile: '13800002222' });
    expect(c.record.createdAt).toBe('2026-12-02T23:30:00+00:00');
    expect((await t.must('today.tasks', {})).date).toBe('2026-12-02');
    // Leaving the zone out of an update keeps it.
    await t.must('store.update', { ...STORE, name: '测试汽车服务（伦敦）' });
    expect((await t.must('store.get', {}))?.timeZone).toBe('Europe/London');

    // A second door on the same file (the CLI, another start) reads the zone at open.
    const services = createServices(t.archive, clock);
    const dispatch = createDispatcher(createHandlers(services));
    const again = await dispatch('clock.today', {}, { door: 'cli', session: new Session() });
    expect(again).toMatchObject({ ok: true, value: { today: '2026-12-02', timeZone: 'Europe/London' } });
  });

  it('a local time typed without an offset gets the store’s offset on that date (DST included)', async () => {
    t = await openSetUpArchive({ clock });
    await t.loginAs('admin');
    await t.must('store.update', { ...STORE, timeZone: 'America/Los_Angeles' });
    const car = await t.must('vehicles.create', { plate: '京A12345' });
    const summer = await t.must('repairOrders.create', {
      roNumber: 'RO0701',
      vehicleId: car.record.id,
      openedAt: '2026-07-01 10:00',
      type: 'repair',
    });
    const winter = await t.must('repairOrders.create', {
      roNumber: 'RO1201',
      vehicleId: car.record.id,
      openedAt: '2026-12-01 10:00',
      type: 'repair',
    });
    expect(summer.record.openedAt).toBe('2026-07-01T10:00:00-07:00');
    expect(winter.record.openedAt).toBe('2026-12-01T10:00:00-08:00');
  });

  it('an unknown zone is refused with the field named, and nothing changes', async () => {
    t = await openSetUpArchive({ clock });
    await t.loginAs('admin');
    const before = { counts: await rowCounts(t.archive), store: await t.must('store.get', {}) };
    for (const timeZone of ['Mars/Olympus', '+08:00', '', '北京时间', 'x'.repeat(200)]) {
      const r = await t.call('store.update', { ...STORE, timeZone });
      expect(r.ok, timeZone).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message).toMatch(/^时区：/);
      }
    }
    expect({ counts: await rowCounts(t.archive), store: await t.must('store.get', {}) }).toEqual(before);
    expect((await t.must('clock.today', {})).timeZone).toBe('Asia/Shanghai');
  });
});

describe('migration 202612030900_store_time_zone', () => {
  it('gives an existing store China time, as the archive assumed before', async () => {
    const file = path.join(tempDir(), 'archive.sqlite');
    const upTo = MIGRATIONS.findIndex((m) => m.name === '202612030900_store_time_zone');
    expect(upTo).toBeGreaterThan(0);
    const old = await openArchive(file, { migrations: MIGRATIONS.slice(0, upTo) });
    old
      .sqlite!.prepare(
        "INSERT INTO store_profile (id, name, address, postal_code, phone, updated_at) VALUES (1, '老店', '', '', '', '2026-11-22T08:00:00+08:00')",
      )
      .run();
    await old.close();
    const migrated = await openArchive(file);
    expect(migrated.sqlite!.prepare('SELECT name, time_zone FROM store_profile').get()).toEqual({
      name: '老店',
      time_zone: 'Asia/Shanghai',
    });
    await migrated.close();
  });
});
