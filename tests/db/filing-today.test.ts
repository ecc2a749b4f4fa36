/**
 * 归档 on the Today board and the end-of-day check, through the real dispatcher with a fixed store
 * clock: papers received and not filed, the day's settled ROs without their papers, ROs not
 * uploaded to the 电子健康档案 in time (only with the check on), the day's incomplete new files per
 * advisor, and borrowed papers or binders overdue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FILING_SETTINGS, type FilingSettings } from '../../src-shared/domain/filing';
import type { DayTask } from '../../src-shared/domain/today';
import { type TestArchive, VIN_A, VIN_B } from '../support/archive';
import { local, movableClock, openClerkArchive, rawSql } from '../support/filing';

const { clock, at } = movableClock();
const TODAY = '2026-11-20';

let t: TestArchive;
beforeEach(async () => {
  at(`${TODAY}T18:00:00`);
  t = await openClerkArchive(clock);
});
afterEach(async () => {
  await t.close();
});

const { run } = rawSql(() => t);

async function filing(date = TODAY): Promise<DayTask[]> {
  return (await t.must('today.tasks', { date })).tasks.filter((task) => task.area === 'filing');
}
const byKey = async (key: string, date = TODAY) => (await filing(date)).find((task) => task.key === key);

async function customer(name: string, created = '2026-10-01', mobile: string | null = '13800138000'): Promise<number> {
  return Number(
    (
      await run(
        `INSERT INTO customer (name, mobile, other_phones, address, postal_code, birthday, preferred_call_time,
         is_do_not_contact, is_marketing_consent, notes, created_at, updated_at)
       VALUES (?, ?, '', '北京', '', NULL, '', 0, 0, '', ?, ?)`,
        name,
        mobile,
        local(created),
        local(created),
      )
    ).lastInsertRowid,
  );
}

async function vehicle(plate: string, vin: string, ownerId: number | null, created = '2026-10-01'): Promise<number> {
  return Number(
    (
      await run(
        `INSERT INTO vehicle (plate, vin, model, color, delivery_date, owner_id, status, notes, created_at, updated_at)
       VALUES (?, ?, '朗逸', '', NULL, ?, 'active', '', ?, ?)`,
        plate,
        vin,
        ownerId,
        local(created),
        local(created),
      )
    ).lastInsertRowid,
  );
}

async function ro(
  no: string,
  vehicleId: number,
  customerId: number | null,
  settled: string | null,
  advisor = '王顾问',
) {
  const opened = settled ? `${settled.slice(0, 10)}T08:00:00+08:00` : local(TODAY, '08:00:00');
  return Number(
    (
      await run(
        `INSERT INTO repair_order (ro_number, vehicle_id, customer_id, advisor_name, opened_at, type, status, settled_at,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'repair', ?, ?, ?, ?)`,
        no,
        vehicleId,
        customerId,
        advisor,
        opened,
        settled ? 'settled' : 'in_repair',
        settled,
        opened,
        opened,
      )
    ).lastInsertRowid,
  );
}

async function received(kind: string, roId: number, on: string): Promise<number> {
  return Number(
    (
      await run(
        `INSERT INTO paper (kind, ro_id, doc_date, received_on, state, created_at, created_by, updated_at)
       VALUES (?, ?, ?, ?, 'received', ?, '小王', ?)`,
        kind,
        roId,
        on,
        on,
        local(on),
        local(on),
      )
    ).lastInsertRowid,
  );
}

async function settings(change: Partial<FilingSettings>): Promise<void> {
  await run(
    "INSERT INTO app_setting (key, value) VALUES ('filing', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    JSON.stringify({ ...DEFAULT_FILING_SETTINGS, ...change }),
  );
}

/** A customer and a car, both old files, complete. */
async function regular() {
  const owner = await customer('张三');
  const car = await vehicle('京A12345', VIN_A, owner);
  return { owner, car };
}

describe('归档 on the Today board', () => {
  it('nothing to say on an empty day', async () => {
    expect(await filing()).toEqual([]);
  });

  it('资料未归档: papers received by the day and not filed; a done row once the day’s are filed', async () => {
    const { owner, car } = await regular();
    const old = await ro('RO2611100001', car, owner, local('2026-11-10'));
    await received('ro_sheet', old, '2026-11-19');
    const today = await received('consultation', old, TODAY);
    await received('settlement', old, '2026-11-21');
    expect(await byKey('received')).toEqual({
      area: 'filing',
      key: 'received',
      title: '资料未归档',
      count: 2,
      state: 'open',
      detail: '2 份资料已收到还没有归档（当天收到 1 份）：请在归档台扫描单号放入资料夹',
      link: '/filing/desk',
      endOfDay: true,
    });
    await run(
      "UPDATE paper SET state = 'removed', removed_at = ?, removed_reason = '重复' WHERE state = 'received'",
      NOW,
    );
    await run(
      `INSERT INTO binder (scheme, series, month, volume, shelf, state, capacity, positions, created_at, updated_at)
       VALUES ('monthly', 'repair', '2026-11', 1, 'A', 'open', 200, 1, ?, ?)`,
      NOW,
      NOW,
    );
    await run(
      "UPDATE paper SET state = 'filed', binder_id = 1, position = 1, filed_at = ?, filed_by = '小王' WHERE id = ?",
      NOW,
      today,
    );
    expect(await byKey('received')).toMatchObject({
      state: 'done',
      count: null,
      detail: '当天收到的 1 份资料都已归档',
    });
  });

  it('今日结算单据未归档: the day’s settled ROs still missing papers, then done', async () => {
    const { owner, car } = await regular();
    const settled = await ro('RO2611200001', car, owner, local(TODAY, '15:00:00'));
    await ro('RO2611190001', car, owner, local('2026-11-19'));
    await ro('RO2611200002', car, owner, null);
    expect(await byKey('settled')).toEqual({
      area: 'filing',
      key: 'settled',
      title: '今日结算单据未归档',
      count: 1,
      state: 'open',
      detail: 'RO2611200001 已结算，还缺 3 份单据（修理单/任务委托书、问诊表、结算单）：请收齐后归档',
      link: '/filing/missing',
      endOfDay: true,
    });
    for (const kind of ['ro_sheet', 'consultation', 'settlement']) await received(kind, settled, TODAY);
    expect(await byKey('settled')).toMatchObject({
      state: 'done',
      count: null,
      detail: '当天结算的 1 张修理单单据齐全',
    });
  });

  it('电子健康档案未上传: settled more than healthRecordHours ago, judged now (end of day for an earlier day); off: no row', async () => {
    const { owner, car } = await regular();
    const late = await ro('RO2611190001', car, owner, local('2026-11-19', '10:00:00'));
    await ro('RO2611200001', car, owner, local(TODAY, '09:00:00'));
    await ro('RO2609010001', car, owner, local('2026-09-01'));
    const uploaded = await ro('RO2611180001', car, owner, local('2026-11-18'));
    await run(
      "INSERT INTO health_upload (ro_id, uploaded_at, source, marked_by) VALUES (?, ?, 'clerk', '小王')",
      uploaded,
      local('2026-11-18', '17:00:00'),
    );
    expect(await byKey('health')).toEqual({
      area: 'filing',
      key: 'health',
      title: '电子健康档案未上传',
      count: 1,
      state: 'open',
      detail: 'RO2611190001 结算超过 24 小时还没有上传电子健康档案：请上传后在“缺失”里标记已上传',
      link: '/filing/missing',
      endOfDay: true,
    });
    // Seen for the 19th: at its end the RO was 14 hours settled.
    expect(await byKey('health', '2026-11-19')).toBeUndefined();
    await t.must('healthUploads.mark', { roIds: [late], uploadedAt: null });
    expect(await byKey('health')).toBeUndefined();
    await run('DELETE FROM health_upload');
    await settings({ healthRecordCheck: false });
    expect(await byKey('health')).toBeUndefined();
  });

  it('新建档案不完整: the day’s new files missing required fields, per advisor', async () => {
    const first = await customer('新客户', TODAY, null);
    const car = await vehicle('京B22222', VIN_B, first, TODAY);
    await ro('RO2611200001', car, first, null, '赵顾问');
    await customer('散客', TODAY, null);
    await customer('昨天', '2026-11-19', null);
    expect(await byKey('incomplete')).toEqual({
      area: 'filing',
      key: 'incomplete',
      title: '新建档案不完整',
      count: 2,
      state: 'open',
      detail: '当天新建的 2 份客户/车辆档案缺少必填信息：赵顾问 1 份、未知 1 份，请服务顾问补全',
      link: '/filing/missing',
      endOfDay: true,
    });
  });

  it('借阅逾期: papers and binders not back by their due day, on the board and the end-of-day check', async () => {
    const { owner, car } = await regular();
    const settled = await ro('RO2611100001', car, owner, local('2026-11-10'));
    const paper = await received('ro_sheet', settled, '2026-11-10');
    await run(
      `INSERT INTO binder (scheme, series, month, volume, shelf, state, capacity, positions, created_at, updated_at)
       VALUES ('monthly', 'repair', '2026-10', 1, 'A', 'bound', 200, 0, ?, ?)`,
      NOW,
      NOW,
    );
    const lend = async (what: { paperId?: number; binderId?: number }, who: string, due: string, returned = false) =>
      await run(
        `INSERT INTO loan (paper_id, binder_id, borrower, lent_at, lent_by, due_on, returned_at, returned_by)
         VALUES (?, ?, ?, ?, '小王', ?, ?, ?)`,
        what.paperId ?? null,
        what.binderId ?? null,
        who,
        local('2026-11-12'),
        due,
        returned ? local('2026-11-15') : null,
        returned ? '小王' : null,
      );
    await lend({ binderId: 1 }, '厂家审核', '2026-11-19');
    await lend({ paperId: paper }, '王顾问', TODAY);
    expect(await byKey('loans')).toEqual({
      area: 'filing',
      key: 'loans',
      title: '借阅逾期',
      count: 1,
      state: 'open',
      detail: '厂家审核（当月修理单 2026-10 第1册，应还 2026-11-19） 已过归还日期：请催还，归还后在借阅登记里点“归还”',
      link: '/filing/loans',
      endOfDay: true,
    });
    const endOfDay = await t.must('today.endOfDay', { date: TODAY });
    expect(endOfDay.tasks.filter((task) => task.area === 'filing').map((task) => task.key)).toEqual([
      'received',
      'health',
      'loans',
    ]);
    at('2026-11-21T09:00:00');
    expect((await byKey('loans', '2026-11-21'))?.count).toBe(2);
  });
});

const NOW = '2026-11-20T10:00:00+08:00';
