/**
 * 服务费结算 and 旧件 on a real archive behind the real dispatcher, with a fixed store clock. Claims
 * are taken through the real ClaimsService (save → report → approve). The statement: the month's
 * approved claims, the sums per claim type against hand-computed figures, the total in capitals,
 * a future month refused, the invoice requested → issued → paid (paid settles the month's claims,
 * audited), changedSinceRequest, every bad date refused naming the field with nothing saved, the
 * months of the year, the printed page (escaped; a PDF) and the workbook. Old parts: the list by
 * due day, returned and scrapped all-or-nothing, their tags.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadExcelJs } from '../../src-main/services/lazy-exceljs';
import { rowCounts, VIN_A, VIN_B } from '../support/archive';
import { clerkArchiveEachTest, local, refused } from '../support/filing';

const TODAY = '2026-11-20';
const arch = clerkArchiveEachTest(`${TODAY}T10:00:00`);
const { run, all } = arch;

let cars: number[];
let owner: number;
beforeEach(async () => {
  owner = (await arch.t.must('customers.create', { name: '张三', mobile: '13800138000' })).record.id;
  cars = [
    (await arch.t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, model: '朗逸', ownerId: owner })).record.id,
    (await arch.t.must('vehicles.create', { plate: '京B22222', vin: VIN_B, model: '<b>速腾</b>', ownerId: null }))
      .record.id,
  ];
});

/** A settled warranty RO with a warranty labour line and part lines (the claim's amount is their sum). */
async function warrantyRo(
  no: string,
  settled: string,
  o: { car?: number; labourFen?: number; parts?: { pn: string; name: string; fen: number }[] } = {},
): Promise<number> {
  const opened = local(settled, '08:30:00');
  const id = Number(
    (
      await run(
        `INSERT INTO repair_order (ro_number, vehicle_id, customer_id, advisor_name, opened_at, type, status, settled_at,
         payer, created_at, updated_at) VALUES (?, ?, ?, '王顾问', ?, 'warranty', 'settled', ?, 'warranty', ?, ?)`,
        no,
        o.car ?? cars[0],
        owner,
        opened,
        local(settled, '17:00:00'),
        opened,
        opened,
      )
    ).lastInsertRowid,
  );
  await run(
    "INSERT INTO ro_labor_line (ro_id, line_no, description, hours, amount_fen, payer) VALUES (?, 1, '更换水泵', 1.5, ?, 'warranty')",
    id,
    o.labourFen ?? 30_000,
  );
  const parts = o.parts ?? [{ pn: '06H121026DD', name: '水泵总成', fen: 200_000 }];
  for (const [i, p] of parts.entries()) {
    await run(
      `INSERT INTO ro_part_line (ro_id, line_no, part_number, name, quantity, unit_price_fen, amount_fen, payer)
       VALUES (?, ?, ?, ?, 1, ?, ?, 'warranty')`,
      id,
      i + 1,
      p.pn,
      p.name,
      p.fen,
      p.fen,
    );
  }
  return id;
}

/** The claim saved, reported (and approved when approvedOn is given) through the claims service. */
async function claim(
  roId: number,
  o: { type?: string; claimNo: string; reportedOn: string; approvedOn?: string; fen?: number; reject?: string },
) {
  let c = await arch.t.must('claims.save', {
    roId,
    version: 0,
    claimType: o.type ?? 'warranty',
    deadline: null,
    faultDescription: '水泵漏水',
    cause: '水封老化',
    handling: '更换水泵总成',
  });
  c = await arch.t.must('claims.report', { roId, version: c.version, reportedOn: o.reportedOn, claimNo: o.claimNo });
  if (o.reject)
    c = await arch.t.must('claims.reject', { roId, version: c.version, rejectedOn: o.reject, reason: '照片不清' });
  if (o.approvedOn)
    c = await arch.t.must('claims.approve', {
      roId,
      version: c.version,
      approvedOn: o.approvedOn,
      approvedFen: o.fen ?? 0,
    });
  return c;
}

/** October: two 保修索赔 and one 三包 approved; November: a 召回; one reported, one rejected (not on any statement). */
async function octoberAndNovember() {
  const ro1 = await warrantyRo('RO2610001', '2026-10-08');
  const ro2 = await warrantyRo('RO2610002', '2026-10-10', { car: cars[1] });
  const ro3 = await warrantyRo('RO2610003', '2026-10-25');
  const ro4 = await warrantyRo('RO2610004', '2026-10-28');
  const ro5 = await warrantyRo('RO2611001', '2026-11-03');
  const ro6 = await warrantyRo('RO2611002', '2026-11-04');
  await claim(ro1, { claimNo: 'SP-1001', reportedOn: '2026-10-09', approvedOn: '2026-10-12', fen: 120_000 });
  await claim(ro2, {
    type: 'sanbao',
    claimNo: 'SP-1002',
    reportedOn: '2026-10-11',
    approvedOn: '2026-10-20',
    fen: 35_050,
  });
  await claim(ro3, { claimNo: 'SP-1003', reportedOn: '2026-10-26', approvedOn: '2026-10-31', fen: 8_025 });
  await claim(ro4, {
    type: 'recall',
    claimNo: 'SP-1004',
    reportedOn: '2026-10-29',
    approvedOn: '2026-11-02',
    fen: 50_000,
  });
  await claim(ro5, { claimNo: 'SP-1005', reportedOn: '2026-11-04' });
  await claim(ro6, { claimNo: 'SP-1006', reportedOn: '2026-11-05', reject: '2026-11-10' });
  return { ro1, ro2, ro3, ro4, ro5, ro6 };
}

describe('the statement (服务费结算)', () => {
  it("holds the month's approved claims with sums per type, the total, by approval day", async () => {
    await octoberAndNovember();
    const s = await arch.t.must('statements.get', { month: '2026-10' });
    expect(s.claims.map((c) => [c.roNumber, c.claimNo, c.approvedOn, c.approvedFen, c.status])).toEqual([
      ['RO2610001', 'SP-1001', '2026-10-12', 120_000, 'approved'],
      ['RO2610002', 'SP-1002', '2026-10-20', 35_050, 'approved'],
      ['RO2610003', 'SP-1003', '2026-10-31', 8_025, 'approved'],
    ]);
    // By hand: 保修索赔 1,200.00 + 80.25 = 1,280.25 (2); 三包 350.50 (1); total 1,630.75.
    expect(s.byType).toEqual([
      { claimType: 'warranty', label: '保修索赔', count: 2, amountFen: 128_025 },
      { claimType: 'sanbao', label: '三包', count: 1, amountFen: 35_050 },
    ]);
    expect(s).toMatchObject({
      month: '2026-10',
      state: 'open',
      totalFen: 163_075,
      requestedFen: null,
      changedSinceRequest: false,
      version: 0,
    });
    const nov = await arch.t.must('statements.get', { month: '2026-11' });
    expect(nov.claims.map((c) => c.roNumber)).toEqual(['RO2610004']);
    expect(nov.byType).toEqual([{ claimType: 'recall', label: '召回/服务活动', count: 1, amountFen: 50_000 }]);
    const sept = await arch.t.must('statements.get', { month: '2026-09' });
    expect(sept).toMatchObject({ claims: [], byType: [], totalFen: 0, state: 'open' });
  });

  it('refuses a month in the future naming 月份', async () => {
    for (const call of [
      arch.t.call('statements.get', { month: '2026-12' }),
      arch.t.call('statements.html', { month: '2027-01' }),
      arch.t.call('statements.requestInvoice', { month: '2026-12', version: 0, requestedOn: TODAY }),
    ]) {
      const e = await refused(call);
      expect(e.code).toBe('VALIDATION');
      expect(e.details?.fields?.[0]).toMatchObject({ path: 'month', label: '月份' });
    }
  });

  it('requested → invoiced → paid: paid settles the month’s approved claims, audited; bad dates refused, nothing saved', async () => {
    const { ro1, ro2, ro4 } = await octoberAndNovember();
    const month = '2026-10';
    let before = await rowCounts(arch.t.archive);
    const requestBad = [
      { requestedOn: '2026-11-21', label: '申请日期' },
      { requestedOn: '2026-09-30', label: '申请日期' },
    ];
    for (const b of requestBad) {
      const e = await refused(
        arch.t.call('statements.requestInvoice', { month, version: 0, requestedOn: b.requestedOn }),
      );
      expect(e.details?.fields?.[0]).toMatchObject({ path: 'requestedOn', label: b.label });
    }
    // A month without approved claims has nothing to invoice.
    expect(
      (await refused(arch.t.call('statements.requestInvoice', { month: '2026-09', version: 0, requestedOn: TODAY })))
        .code,
    ).toBe('CONFLICT');
    // An invoice before the request, or paid before invoiced.
    expect(
      (await refused(arch.t.call('statements.recordInvoice', { month, version: 1, invoiceNo: 'X', invoiceOn: TODAY })))
        .code,
    ).toBe('CONFLICT');
    expect(await rowCounts(arch.t.archive)).toEqual(before);

    let s = await arch.t.must('statements.requestInvoice', { month, version: 0, requestedOn: '2026-11-03' });
    expect(s).toMatchObject({
      state: 'requested',
      requestedFen: 163_075,
      requestedOn: '2026-11-03',
      requestedBy: '小王',
      version: 1,
    });
    expect(
      (await refused(arch.t.call('statements.requestInvoice', { month, version: 0, requestedOn: TODAY }))).message,
    ).toContain('其他人已修改');
    expect((await refused(arch.t.call('statements.recordPaid', { month, version: 1, paidOn: TODAY }))).code).toBe(
      'CONFLICT',
    );

    before = await rowCounts(arch.t.archive);
    const invoiceBad = [
      { invoiceOn: '2026-11-02', msg: '申请开票' },
      { invoiceOn: '2026-11-21', msg: '今天' },
    ];
    for (const b of invoiceBad) {
      const e = await refused(
        arch.t.call('statements.recordInvoice', { month, version: 1, invoiceNo: 'NO.0012345', invoiceOn: b.invoiceOn }),
      );
      expect(e.details?.fields?.[0]).toMatchObject({ path: 'invoiceOn', label: '开票日期' });
      expect(e.message).toContain(b.msg);
    }
    expect(await rowCounts(arch.t.archive)).toEqual(before);
    s = await arch.t.must('statements.recordInvoice', {
      month,
      version: 1,
      invoiceNo: ' NO.0012345 ',
      invoiceOn: '2026-11-05',
    });
    expect(s).toMatchObject({ state: 'invoiced', invoiceNo: 'NO.0012345', invoiceOn: '2026-11-05', version: 2 });

    before = await rowCounts(arch.t.archive);
    const early = await refused(arch.t.call('statements.recordPaid', { month, version: 2, paidOn: '2026-11-04' }));
    expect(early.details?.fields?.[0]).toMatchObject({ path: 'paidOn', label: '回款日期' });
    const future = await refused(arch.t.call('statements.recordPaid', { month, version: 2, paidOn: '2026-11-21' }));
    expect(future.details?.fields?.[0]?.label).toBe('回款日期');
    expect(await rowCounts(arch.t.archive)).toEqual(before);
    expect((await arch.t.must('claims.get', { roId: ro1 })).status).toBe('approved');

    s = await arch.t.must('statements.recordPaid', { month, version: 2, paidOn: '2026-11-18' });
    expect(s).toMatchObject({ state: 'paid', paidOn: '2026-11-18', totalFen: 163_075, version: 3 });
    expect(s.claims.map((c) => c.status)).toEqual(['settled', 'settled', 'settled']);
    const settled = await arch.t.must('claims.get', { roId: ro2 });
    expect(settled).toMatchObject({ status: 'settled', statementMonth: '2026-10', approvedFen: 35_050 });
    // November's claim is not touched.
    expect((await arch.t.must('claims.get', { roId: ro4 })).status).toBe('approved');
    expect(
      await all("SELECT id FROM audit_log WHERE action = 'statements.recordPaid' AND entity = 'claim'"),
    ).toHaveLength(3);
    expect(
      (await all<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'claim_statement' ORDER BY id")).map(
        (a) => a.action,
      ),
    ).toEqual(['statements.requestInvoice', 'statements.recordInvoice', 'statements.recordPaid']);
    expect((await refused(arch.t.call('statements.recordPaid', { month, version: 3, paidOn: TODAY }))).code).toBe(
      'CONFLICT',
    );
    expect(
      (await refused(arch.t.call('statements.recordInvoice', { month, version: 3, invoiceNo: 'Y', invoiceOn: TODAY })))
        .code,
    ).toBe('CONFLICT');

    // The year's months up to this one, newest first.
    const year = await arch.t.must('statements.list', {});
    expect(year.map((m) => m.month)).toEqual([
      '2026-11',
      '2026-10',
      '2026-09',
      '2026-08',
      '2026-07',
      '2026-06',
      '2026-05',
      '2026-04',
      '2026-03',
      '2026-02',
      '2026-01',
    ]);
    expect(year[0]).toEqual({
      month: '2026-11',
      state: 'open',
      count: 1,
      totalFen: 50_000,
      invoiceNo: null,
      paidOn: null,
    });
    expect(year[1]).toEqual({
      month: '2026-10',
      state: 'paid',
      count: 3,
      totalFen: 163_075,
      invoiceNo: 'NO.0012345',
      paidOn: '2026-11-18',
    });
    expect(await arch.t.must('statements.list', { year: 2027 })).toEqual([]);
    expect(await arch.t.must('statements.list', { year: 2025 })).toHaveLength(12);
  });

  it('says the total changed since the invoice was requested, and a new request takes the new total', async () => {
    await octoberAndNovember();
    await arch.t.must('statements.requestInvoice', { month: '2026-10', version: 0, requestedOn: '2026-11-03' });
    const late = await warrantyRo('RO2610009', '2026-10-13');
    await claim(late, { claimNo: 'SP-1009', reportedOn: '2026-10-14', approvedOn: '2026-10-30', fen: 10_000 });
    let s = await arch.t.must('statements.get', { month: '2026-10' });
    expect(s).toMatchObject({ totalFen: 173_075, requestedFen: 163_075, changedSinceRequest: true, version: 1 });
    s = await arch.t.must('statements.requestInvoice', { month: '2026-10', version: 1, requestedOn: TODAY });
    expect(s).toMatchObject({ requestedFen: 173_075, requestedOn: TODAY, changedSinceRequest: false, version: 2 });
  });

  it('prints A4 with the claims, the sums per type, the total in capitals; escaped; a PDF', async () => {
    await octoberAndNovember();
    await arch.t.must('statements.requestInvoice', { month: '2026-10', version: 0, requestedOn: '2026-11-03' });
    const page = await arch.t.must('statements.html', { month: '2026-10' });
    expect(page.title).toBe('2026年10月 三包/索赔服务费结算单');
    expect(page.html).toContain('测试汽车服务有限公司');
    expect(page.html).toContain('SP-1002');
    expect(page.html).toContain(VIN_B);
    expect(page.html).toContain('&lt;b&gt;速腾&lt;/b&gt;');
    expect(page.html).not.toContain('<b>速腾</b>');
    expect(page.html).toContain('1,630.75');
    expect(page.html).toContain('壹仟陆佰叁拾元零柒角伍分');
    expect(page.html).toContain('1,280.25');
    expect(page.html).toContain('信息员');
    expect(page.html).toContain('站长');
    expect(page.html).toContain('已申请开票');
    const pdf = await arch.t.must('statements.pdf', { month: '2026-10' });
    expect(pdf.fileName).toBe('服务费结算单_2026-10.pdf');
    expect(pdf.pages).toBe(1);
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('exports a workbook: 明细 and 按类型, Chinese headers, amounts as numbers, the header frozen', async () => {
    await octoberAndNovember();
    const file = await arch.t.must('statements.xlsx', { month: '2026-10' });
    expect(file.fileName).toBe('服务费结算单_2026-10.xlsx');
    const exceljs = await loadExcelJs();
    const wb = new exceljs.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['明细', '按类型']);
    const detail = wb.getWorksheet('明细')!;
    expect(detail.getRow(4).values).toEqual([
      undefined,
      '序号',
      '工单号',
      '索赔单号',
      '车架号',
      '车牌',
      '车型',
      '索赔类型',
      '结算日期',
      '通过日期',
      '金额（元）',
    ]);
    expect(detail.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(detail.getRow(5).getCell(2).value).toBe('RO2610001');
    expect(detail.getRow(5).getCell(10).value).toBe(1200);
    expect(detail.getRow(5).getCell(10).numFmt).toBe('#,##0.00');
    expect(detail.getRow(6).getCell(10).value).toBe(350.5);
    expect(detail.getRow(8).getCell(1).value).toBe('合计');
    expect(detail.getRow(8).getCell(10).value).toBe(1630.75);
    const types = wb.getWorksheet('按类型')!;
    expect(types.getRow(5).values).toEqual([undefined, '保修索赔', 2, 1280.25]);
    expect(types.getRow(6).values).toEqual([undefined, '三包', 1, 350.5]);
    expect(types.getRow(7).values).toEqual([undefined, '合计', 3, 1630.75]);
    const texts = types
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string');
    expect(texts).toContain('壹仟陆佰叁拾元零柒角伍分');
  });
});

describe('old parts (旧件)', () => {
  async function twoClaims() {
    const a = await warrantyRo('RO2610001', '2026-10-08', {
      parts: [
        { pn: '06H121026DD', name: '水泵总成', fen: 200_000 },
        { pn: '1K0 411 315', name: '<稳定杆>', fen: 20_000 },
      ],
    });
    const b = await warrantyRo('RO2611001', '2026-11-02', { car: cars[1] });
    await claim(a, { claimNo: 'SP-2001', reportedOn: '2026-10-09' });
    await claim(b, { claimNo: 'SP-2002', reportedOn: '2026-11-03' });
    return { a, b };
  }

  it('lists the kept parts by due day (settlement + 30 days), with the RO and the claim number; due by a day', async () => {
    await twoClaims();
    const kept = await arch.t.must('oldParts.list', {});
    expect(kept.map((p) => [p.roNumber, p.claimNo, p.name, p.returnDueOn, p.state])).toEqual([
      ['RO2610001', 'SP-2001', '水泵总成', '2026-11-07', 'kept'],
      ['RO2610001', 'SP-2001', '<稳定杆>', '2026-11-07', 'kept'],
      ['RO2611001', 'SP-2002', '水泵总成', '2026-12-02', 'kept'],
    ]);
    expect(kept.every((p) => /^JJ\d{4}-\d{4}$/.test(p.tagNo))).toBe(true);
    expect((await arch.t.must('oldParts.list', { dueBefore: '2026-11-06' })).length).toBe(0);
    expect((await arch.t.must('oldParts.list', { dueBefore: '2026-11-07' })).map((p) => p.roNumber)).toEqual([
      'RO2610001',
      'RO2610001',
    ]);
    expect((await arch.t.must('oldParts.list', { dueBefore: '2026-12-02' })).length).toBe(3);
  });

  it('returns several at once (all or nothing), scraps on instruction; bad input refused, nothing saved', async () => {
    await twoClaims();
    const [p1, p2, p3] = await arch.t.must('oldParts.list', {});
    let before = await rowCounts(arch.t.archive);
    const future = await refused(
      arch.t.call('oldParts.return', { ids: [p1!.id], returnedOn: '2026-11-21', waybill: 'SF1234567890' }),
    );
    expect(future.details?.fields?.[0]).toMatchObject({ path: 'returnedOn', label: '返厂日期' });
    const beforeRo = await refused(
      arch.t.call('oldParts.return', { ids: [p1!.id], returnedOn: '2026-10-07', waybill: 'SF1234567890' }),
    );
    expect(beforeRo.details?.fields?.[0]?.label).toBe('返厂日期');
    expect(beforeRo.message).toContain('RO2610001');
    expect(
      (await refused(arch.t.call('oldParts.return', { ids: [p1!.id, 999], returnedOn: TODAY, waybill: 'SF1' }))).code,
    ).toBe('NOT_FOUND');
    expect(await rowCounts(arch.t.archive)).toEqual(before);

    const scrapped = await arch.t.must('oldParts.scrap', {
      ids: [p2!.id],
      scrappedOn: '2026-11-15',
      instruction: '厂家通知 2026-045 号：就地报废',
    });
    expect(scrapped).toEqual({ updated: 1 });

    // One of them is scrapped already: nothing of the three is returned.
    before = await rowCounts(arch.t.archive);
    const mixed = await refused(
      arch.t.call('oldParts.return', { ids: [p1!.id, p2!.id, p3!.id], returnedOn: TODAY, waybill: 'SF1234567890' }),
    );
    expect(mixed.code).toBe('CONFLICT');
    expect(mixed.message).toContain(p2!.tagNo);
    expect(mixed.message).toContain('已报废');
    expect(await rowCounts(arch.t.archive)).toEqual(before);
    expect((await arch.t.must('oldParts.list', {})).map((p) => p.id)).toEqual([p1!.id, p3!.id]);

    const returned = await arch.t.must('oldParts.return', {
      ids: [p1!.id, p3!.id],
      returnedOn: TODAY,
      waybill: ' SF1234567890 ',
    });
    expect(returned).toEqual({ updated: 2 });
    expect(await arch.t.must('oldParts.list', {})).toEqual([]);
    const everything = await arch.t.must('oldParts.list', { state: 'all' });
    expect(everything.find((p) => p.id === p1!.id)).toMatchObject({
      state: 'returned',
      returnedOn: TODAY,
      waybill: 'SF1234567890',
    });
    expect(everything.find((p) => p.id === p2!.id)).toMatchObject({
      state: 'scrapped',
      scrappedOn: '2026-11-15',
      instruction: '厂家通知 2026-045 号：就地报废',
    });
    expect((await arch.t.must('oldParts.list', { state: 'returned' })).length).toBe(2);
    expect(
      (
        await all<{ action: string }>(
          "SELECT action FROM audit_log WHERE entity = 'old_part' AND action LIKE 'oldParts.%' ORDER BY id",
        )
      )
        .map((a) => a.action)
        .filter((a) => a !== 'oldParts.add'),
    ).toEqual(['oldParts.scrap', 'oldParts.return', 'oldParts.return']);
    expect(
      (await refused(arch.t.call('oldParts.scrap', { ids: [p1!.id], scrappedOn: TODAY, instruction: 'x' }))).code,
    ).toBe('CONFLICT');
  });

  it('prints tags: 12 a sheet, the tag number, part, RO, VIN, claim number, settlement day; escaped', async () => {
    await twoClaims();
    const parts = await arch.t.must('oldParts.list', {});
    const page = await arch.t.must('oldParts.tagsHtml', { ids: parts.map((p) => p.id) });
    expect(page.pages).toBe(1);
    for (const p of parts) expect(page.html).toContain(p.tagNo);
    expect(page.html).toContain('&lt;稳定杆&gt;');
    expect(page.html).not.toContain('<稳定杆>');
    expect(page.html).toContain(VIN_A);
    expect(page.html).toContain('SP-2002');
    expect(page.html).toContain('2026-10-08');
    expect(page.html).toContain('返厂');
    expect(page.html).toContain('报废');
    const many = await arch.t.must('oldParts.tagsHtml', { ids: Array.from({ length: 13 }, () => parts[0]!.id) });
    expect(many.pages).toBe(2);
    expect((await refused(arch.t.call('oldParts.tagsHtml', { ids: [4242] }))).code).toBe('NOT_FOUND');
  });
});
