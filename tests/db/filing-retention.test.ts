/**
 * 保管期限 and 销毁 on a real archive with a fixed store clock: what is past its period (oldest
 * first, kept-for-good papers never: keep_forever, accident ROs, ROs with a complaint), a
 * manager-approved destruction (numbers per year, papers and emptied binders destroyed, scans
 * removed and their files deleted unless another live paper uses the bytes, audited, refused for
 * a clerk and for papers not due), the list and the printable 销毁清单 (escaped; plates and RO
 * numbers, no names or phones) and its PDF made by a real Chromium.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import { ScanStore, scanFolderFor } from '../../src-main/services/scans/scan-store';
import { DEFAULT_FILING_SETTINGS } from '../../src-shared/domain/filing';
import { openSetUpArchive, rowCounts, type TestArchive, VIN_A, VIN_B } from '../support/archive';
import { rawSql } from '../support/filing';

let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};

let t: TestArchive;
let store: ScanStore;
beforeEach(async () => {
  at('2026-12-03T10:00:00');
  t = await openSetUpArchive({ clock });
  store = new ScanStore(scanFolderFor(t.file));
});
afterEach(async () => {
  await t.close();
});

const { run, all } = rawSql(() => t);

const NOW = '2026-01-01T09:00:00+08:00';
const NAME = '王<b>五</b>&';
const PHONE = '13912345678';

async function setup() {
  const owner = Number(
    (
      await run(
        `INSERT INTO customer (name, mobile, other_phones, address, postal_code, birthday, preferred_call_time,
         is_do_not_contact, is_marketing_consent, notes, created_at, updated_at)
       VALUES (?, ?, '', '', '', NULL, '', 0, 0, '', ?, ?)`,
        NAME,
        PHONE,
        NOW,
        NOW,
      )
    ).lastInsertRowid,
  );
  const car = Number(
    (
      await run(
        `INSERT INTO vehicle (plate, vin, model, color, delivery_date, owner_id, status, notes, created_at, updated_at)
       VALUES ('京A12345', ?, '朗逸', '', '2024-03-02', ?, 'active', '', ?, ?)`,
        VIN_A,
        owner,
        NOW,
        NOW,
      )
    ).lastInsertRowid,
  );
  const other = Number(
    (
      await run(
        `INSERT INTO vehicle (plate, vin, model, color, delivery_date, owner_id, status, notes, created_at, updated_at)
       VALUES ('京B<9>', ?, '速腾', '', NULL, ?, 'active', '', ?, ?)`,
        VIN_B,
        owner,
        NOW,
        NOW,
      )
    ).lastInsertRowid,
  );
  const ro = async (no: string, type: string, settled: string, vehicleId = car) =>
    Number(
      (
        await run(
          `INSERT INTO repair_order (ro_number, vehicle_id, customer_id, advisor_name, opened_at, type, status, settled_at,
           created_at, updated_at)
         VALUES (?, ?, ?, '王顾问', ?, ?, 'settled', ?, ?, ?)`,
          no,
          vehicleId,
          owner,
          `${settled}T08:00:00+08:00`,
          type,
          `${settled}T16:00:00+08:00`,
          NOW,
          NOW,
        )
      ).lastInsertRowid,
    );
  const binder = async (series: string, month: string) =>
    Number(
      (
        await run(
          `INSERT INTO binder (scheme, series, month, volume, shelf, state, capacity, positions, created_at, updated_at)
         VALUES ('monthly', ?, ?, 1, '档案柜 A', 'bound', 200, 3, ?, ?)`,
          series,
          month,
          NOW,
          NOW,
        )
      ).lastInsertRowid,
    );
  let position = 0;
  const paper = async (
    kind: string,
    s: { roId?: number; vehicleId?: number },
    docDate: string,
    binderId: number | null,
  ) =>
    Number(
      (
        await run(
          `INSERT INTO paper (kind, ro_id, vehicle_id, doc_date, received_on, state, binder_id, position, filed_at, filed_by,
           created_at, created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '小王', ?, '小王', ?)`,
          kind,
          s.roId ?? null,
          s.vehicleId ?? null,
          docDate,
          docDate,
          binderId === null ? 'received' : 'filed',
          binderId,
          binderId === null ? null : ++position,
          binderId === null ? null : NOW,
          NOW,
          NOW,
        )
      ).lastInsertRowid,
    );

  const march = await binder('repair', '2024-03');
  const april = await binder('repair', '2024-04');
  const sales = await binder('sales', '2024-03');
  const r1 = await ro('RO2403150001', 'repair', '2024-03-15');
  const r2 = await ro('RO2403200001', 'insurance', '2024-03-20');
  const r3 = await ro('RO2403250001', 'repair', '2024-03-25', other);
  const r4 = await ro('RO2404010001', 'repair', '2024-04-01');
  const p = {
    sheet: await paper('ro_sheet', { roId: r1 }, '2024-03-15', march),
    settlement: await paper('settlement', { roId: r1 }, '2024-03-15', march),
    accident: await paper('ro_sheet', { roId: r2 }, '2024-03-20', march),
    disputed: await paper('ro_sheet', { roId: r3 }, '2024-03-25', march),
    april: await paper('ro_sheet', { roId: r4 }, '2024-04-01', april),
    pdi: await paper('pdi', { vehicleId: car }, '2024-03-02', sales),
    // 3 years: kept until 2027-03-31.
    warranty: await paper('warranty_registration', { vehicleId: car }, '2024-03-02', sales),
    // Handed in and never filed: due all the same.
    loose: await paper('consultation', { roId: r1 }, '2024-02-29', null),
    forever: await paper('settlement', { roId: r4 }, '2024-01-10', april),
  };
  await run('UPDATE paper SET keep_forever = 1 WHERE id = ?', p.forever);
  await run(
    `INSERT INTO complaint (no, channel, customer_id, vehicle_id, ro_id, department, type, level, description, opened_at,
       opened_by, respond_within_hours, respond_by, resolve_working_days, resolve_by, state, created_at, updated_at)
     VALUES ('TS202403-0001', 'phone_in', ?, ?, ?, 'workshop', 'quality', 'complaint', '漆面问题', ?, '小王', 24, ?, 5,
       '2024-04-05', 'open', ?, ?)`,
    owner,
    other,
    r3,
    '2024-03-28T10:00:00+08:00',
    '2024-03-29T10:00:00+08:00',
    '2024-03-28T10:00:00+08:00',
    '2024-03-28T10:00:00+08:00',
  );
  return { march, april, sales, p, ros: { r1, r2, r3, r4 } };
}

describe('past the period (retention.due)', () => {
  it('oldest first, with keep-until and binder; kept for good never; the total beyond the limit', async () => {
    const { p } = await setup();
    const due = await t.must('retention.due', { asOf: '2026-04-01' });
    expect(due.total).toBe(3);
    expect(due.rows).toEqual([
      {
        paperId: p.loose,
        kindLabel: '问诊表',
        roNumber: 'RO2403150001',
        plate: '京A12345',
        binderTitle: null,
        docDate: '2024-02-29',
        keepUntil: '2026-02-28',
      },
      {
        paperId: p.sheet,
        kindLabel: '修理单/任务委托书',
        roNumber: 'RO2403150001',
        plate: '京A12345',
        binderTitle: '当月修理单 2024-03 第1册',
        docDate: '2024-03-15',
        keepUntil: '2026-03-31',
      },
      {
        paperId: p.settlement,
        kindLabel: '结算单',
        roNumber: 'RO2403150001',
        plate: '京A12345',
        binderTitle: '当月修理单 2024-03 第1册',
        docDate: '2024-03-15',
        keepUntil: '2026-03-31',
      },
    ]);
    // The last day kept is not past; leap February: a 2024-02-29 paper is kept through 2026-02-28.
    expect((await t.must('retention.due', { asOf: '2026-03-31' })).rows.map((r) => r.paperId)).toEqual([p.loose]);
    expect((await t.must('retention.due', { asOf: '2026-02-28' })).total).toBe(0);
    expect((await t.must('retention.due', { asOf: '2026-03-01' })).total).toBe(1);
    // A year on: April's sheet and the sales papers (3 years) come due too; the rest never.
    const later = await t.must('retention.due', { asOf: '2027-04-01', limit: 2 });
    expect(later.total).toBe(6);
    expect(later.rows.map((r) => r.paperId)).toEqual([p.loose, p.pdi]);
    const all6 = await t.must('retention.due', { asOf: '2027-04-01' });
    expect(all6.rows.map((r) => r.paperId)).not.toContain(p.accident);
    expect(all6.rows.map((r) => r.paperId)).not.toContain(p.disputed);
    expect(all6.rows.map((r) => r.paperId)).not.toContain(p.forever);
    // Today by default (2026-12-03).
    expect((await t.must('retention.due', {})).total).toBe(4);
  });

  it('a kind the store keeps for good (permanent) is never due', async () => {
    const { p } = await setup();
    const value = JSON.stringify({
      ...DEFAULT_FILING_SETTINGS,
      kinds: DEFAULT_FILING_SETTINGS.kinds.map((k) => (k.code === 'ro_sheet' ? { ...k, retentionYears: null } : k)),
    });
    await run("INSERT INTO app_setting (key, value) VALUES ('filing', ?)", value);
    const due = await t.must('retention.due', { asOf: '2030-01-01' });
    expect(due.rows.map((r) => r.paperId)).toEqual([p.loose, p.pdi, p.warranty, p.settlement]);
  });
});

describe('destruction (销毁)', () => {
  it('a clerk may not; a paper not due is refused by name and nothing is saved', async () => {
    const { p } = await setup();
    await t.loginAs('clerk');
    const forbidden = await t.call('destructions.create', { paperIds: [p.sheet], reason: '' });
    expect(forbidden.ok).toBe(false);
    if (!forbidden.ok) expect(forbidden.error.code).toBe('FORBIDDEN');

    await t.loginAs('manager');
    const before = await rowCounts(t.archive);
    const refused = await t.call('destructions.create', { paperIds: [p.sheet, p.accident, p.pdi], reason: '' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('VALIDATION');
      expect(refused.error.message).toContain('RO2403200001 修理单/任务委托书');
      expect(refused.error.message).toContain('京A12345 PDI检查单');
      expect(refused.error.message).not.toContain('RO2403150001');
    }
    const missing = await t.call('destructions.create', { paperIds: [p.sheet, 99999], reason: '' });
    expect(missing.ok || missing.error.code).toBe('NOT_FOUND');
    expect(await rowCounts(t.archive)).toEqual(before);
  });

  it('a paper out on loan (or in a binder on loan) waits until it is back', async () => {
    const { p, march } = await setup();
    await run(
      `INSERT INTO loan (binder_id, borrower, lent_at, lent_by, due_on) VALUES (?, '审计', ?, '小王', '2026-12-10')`,
      march,
      '2026-12-01T09:00:00+08:00',
    );
    await t.loginAs('manager');
    const refused = await t.call('destructions.create', { paperIds: [p.sheet, p.loose], reason: '' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toContain('RO2403150001 修理单/任务委托书');
      expect(refused.error.message).toContain('审计');
      expect(refused.error.message).not.toContain('问诊表');
    }
  });

  it('destroys the papers under XH2026-001: binder emptied → destroyed, scans removed, unshared files deleted, audited', async () => {
    const { p, march } = await setup();
    const shared = await store.put(Buffer.from('%PDF-1.4 shared scan'));
    const own = await store.put(Buffer.from('%PDF-1.4 own scan'));
    const scan = async (sha: string, paperId: number) => {
      await run(
        `INSERT INTO scan_blob (sha256, bytes, mime, stored_at) VALUES (?, 10, 'application/pdf', ?)
         ON CONFLICT (sha256) DO NOTHING`,
        sha,
        NOW,
      );
      await run(
        `INSERT INTO scan (sha256, paper_id, original_name, source, added_at, added_by)
         VALUES (?, ?, 'a.pdf', 'upload', ?, '小王')`,
        sha,
        paperId,
        NOW,
      );
    };
    await scan(own.sha256, p.sheet);
    await scan(shared.sha256, p.settlement);
    await scan(shared.sha256, p.accident);

    await t.loginAs('manager');
    const first = await t.must('destructions.create', { paperIds: [p.sheet, p.settlement], reason: '超过保管期限' });
    expect(first).toMatchObject({
      no: 'XH2026-001',
      approvedBy: '李经理',
      approvedAt: '2026-12-03T10:00:00+08:00',
      reason: '超过保管期限',
      scansDeleted: 1,
    });
    expect(first.papers.map((r) => r.paperId)).toEqual([p.sheet, p.settlement]);
    const papers = await all<{ id: number; state: string; destroyed_at: string; destruction_id: number }>(
      'SELECT id, state, destroyed_at, destruction_id FROM paper WHERE id IN (?, ?)',
      p.sheet,
      p.settlement,
    );
    expect(papers.every((r) => r.state === 'destroyed' && r.destruction_id === first.id)).toBe(true);
    // March's binder still holds the accident and the disputed sheets: not destroyed.
    expect((await all<{ state: string }>('SELECT state FROM binder WHERE id = ?', march))[0]?.state).toBe('bound');
    // The own file is gone; the shared one stays (the accident sheet still uses it).
    expect(fs.existsSync(store.pathOf(own.sha256))).toBe(false);
    expect(fs.existsSync(store.pathOf(shared.sha256))).toBe(true);
    expect(
      await all<{ sha256: string; deleted: number }>(
        'SELECT sha256, deleted_at IS NOT NULL AS deleted FROM scan_blob ORDER BY sha256',
      ),
    ).toEqual(
      [
        { sha256: own.sha256, deleted: 1 },
        { sha256: shared.sha256, deleted: 0 },
      ].sort((a, b) => a.sha256.localeCompare(b.sha256)),
    );
    expect(
      await all<{ paper_id: number; removed: number }>(
        'SELECT paper_id, removed_at IS NOT NULL AS removed FROM scan ORDER BY id',
      ),
    ).toEqual([
      { paper_id: p.sheet, removed: 1 },
      { paper_id: p.settlement, removed: 1 },
      { paper_id: p.accident, removed: 0 },
    ]);
    const audit = await all<{ actor: string; entity_id: number; after_json: string }>(
      "SELECT actor, entity_id, after_json FROM audit_log WHERE action = 'destructions.create'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: '李经理', entity_id: first.id });
    expect(JSON.parse(audit[0]!.after_json)).toMatchObject({
      no: 'XH2026-001',
      papers: [
        { id: p.sheet, kind: 'ro_sheet', ro: 'RO2403150001', keepUntil: '2026-03-31' },
        { id: p.settlement, kind: 'settlement' },
      ],
      scanFilesDeleted: [own.sha256],
    });
    // Not due any more; destroyed twice is refused.
    expect((await t.must('retention.due', {})).rows.map((r) => r.paperId)).not.toContain(p.sheet);
    expect((await t.call('destructions.create', { paperIds: [p.sheet], reason: '' })).ok).toBe(false);
  });

  it('a binder whose papers are all destroyed is destroyed; numbers run per year', async () => {
    const { p, sales } = await setup();
    await t.loginAs('manager');
    at('2027-04-02T09:00:00');
    const d1 = await t.must('destructions.create', { paperIds: [p.pdi], reason: '' });
    expect(d1.no).toBe('XH2027-001');
    expect((await all<{ state: string }>('SELECT state FROM binder WHERE id = ?', sales))[0]?.state).toBe('bound');
    const d2 = await t.must('destructions.create', { paperIds: [p.warranty, p.loose], reason: '' });
    expect(d2.no).toBe('XH2027-002');
    expect(d2.papers.map((r) => r.paperId)).toEqual([p.loose, p.warranty]);
    expect(
      (
        await all<{ state: string; destroyed_at: string }>('SELECT state, destroyed_at FROM binder WHERE id = ?', sales)
      )[0],
    ).toEqual({ state: 'destroyed', destroyed_at: '2027-04-02T09:00:00+08:00' });
    at('2028-01-05T09:00:00');
    const d3 = await t.must('destructions.create', { paperIds: [p.sheet], reason: '' });
    expect(d3.no).toBe('XH2028-001');
    expect((await t.must('destructions.list', {})).map((d) => d.no)).toEqual([
      'XH2028-001',
      'XH2027-002',
      'XH2027-001',
    ]);
  });

  it('the 销毁清单: store, number, approval line, the list, signatures; escaped, no names or phones; a real PDF', async () => {
    const { p } = await setup();
    await t.loginAs('manager');
    at('2027-04-02T09:00:00');
    await run("UPDATE repair_order SET type = 'repair' WHERE ro_number = 'RO2403250001'");
    await run('DELETE FROM complaint');
    const d = await t.must('destructions.create', { paperIds: [p.disputed, p.sheet], reason: '到期<销毁>' });
    const page = await t.must('destructions.html', { id: d.id });
    expect(page.title).toBe(`销毁清单 ${d.no}`);
    expect(page.pages).toBe(1);
    for (const text of [
      '测试汽车服务有限公司',
      '资料销毁清单',
      'XH2027-001',
      '批准人：<b>李经理</b>',
      '批准日期：<b>2027-04-02</b>',
      '到期&lt;销毁&gt;',
      'RO2403250001',
      '京B&lt;9&gt;',
      '当月修理单 2024-03 第1册',
      '2026-03-31',
      '经办人',
      '审批人',
      '监销人',
    ])
      expect(page.html, text).toContain(text);
    expect(page.html).not.toContain('京B<9>');
    expect(page.html).not.toContain('王');
    expect(page.html).not.toContain(PHONE);
    const pdf = await t.must('destructions.pdf', { id: d.id });
    expect(pdf.fileName).toBe('销毁清单_XH2027-001.pdf');
    expect(pdf.pages).toBe(1);
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const missing = await t.call('destructions.html', { id: 999 });
    expect(missing.ok || missing.error.code).toBe('NOT_FOUND');
  });
});
