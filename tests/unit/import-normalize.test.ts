import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, findHeader, locateHeader, readDmsTable } from '../../src-main/services/imports/dms-table';
import {
  excelSerialToInstant,
  headerScore,
  normalizeHeader,
  parseDmsAmount,
  parseDmsDate,
  parseDmsDateDetailed,
  parseDmsMileage,
  parseRoStatus,
  parseRoType,
  recognizeHeader,
} from '../../src-main/services/imports/dms-values';
import { checkRow, classifyRow, RowChecker, resolveMapping, rowKey } from '../../src-main/services/imports/import-rows';
import { IMPORT_FIELDS } from '../../src-shared/domain/imports';
import { AppError } from '../../src-shared/errors';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';

describe('parseDmsDate', () => {
  it.each([
    ['2026-11-22 08:30', '2026-11-22T08:30:00+08:00'],
    ['2026-11-22 08:30:15', '2026-11-22T08:30:15+08:00'],
    ['2026/11/22 8:30', '2026-11-22T08:30:00+08:00'],
    ['2026/1/5 8:05', '2026-01-05T08:05:00+08:00'],
    ['2026.11.22', '2026-11-22T00:00:00+08:00'],
    ['2026年11月22日', '2026-11-22T00:00:00+08:00'],
    ['2026年11月22日 08时30分', '2026-11-22T08:30:00+08:00'],
    ['2026年11月22日08时30分05秒', '2026-11-22T08:30:05+08:00'],
    ['2026年11月22日 下午3:05', '2026-11-22T15:05:00+08:00'],
    ['2026/11/22 12:10 AM', '2026-11-22T00:10:00+08:00'],
    ['2026-11-22 星期日 09:00', '2026-11-22T09:00:00+08:00'],
    ['20261122', '2026-11-22T00:00:00+08:00'],
    ['202611220830', '2026-11-22T08:30:00+08:00'],
    ['２０２６－１１－２２　０８：３０', '2026-11-22T08:30:00+08:00'],
    ['46348', '2026-11-22T00:00:00+08:00'],
    ['46348.35', '2026-11-22T08:24:00+08:00'],
    ['46348.5', '2026-11-22T12:00:00+08:00'],
    ['2026-11-22T08:30:00+08:00', '2026-11-22T08:30:00+08:00'],
    ['2026-11-22T00:30:00Z', '2026-11-22T08:30:00+08:00'],
    ['2026-11-22T08:30:00.000+08:00', '2026-11-22T08:30:00+08:00'],
    ['  2026-11-22 08:30  ', '2026-11-22T08:30:00+08:00'],
  ])('%s → %s', (text, expected) => {
    expect(parseDmsDate(text)).toBe(expected);
  });

  it('tells a date that does not exist from text that is not a date', () => {
    expect(parseDmsDateDetailed('2026-02-30')).toEqual({ ok: false, error: 'notReal' });
    expect(parseDmsDateDetailed('2026-11-22 25:00')).toEqual({ ok: false, error: 'notReal' });
    expect(parseDmsDateDetailed('20260230')).toEqual({ ok: false, error: 'notReal' });
    expect(parseDmsDateDetailed('2025-02-29 08:00')).toEqual({ ok: false, error: 'notReal' });
    expect(parseDmsDate('2028-02-29 08:00')).toBe('2028-02-29T08:00:00+08:00');
    for (const bad of ['', '明天', '11/22', '2026-11', '12', 'abc 2026-11-22', '2026-11-22 8点半左右'])
      expect(parseDmsDateDetailed(bad)).toEqual({ ok: false, error: 'format' });
  });

  it('reads Excel serials with their time of day, rounded to the second', () => {
    expect(excelSerialToInstant(46348.354166666664)).toBe('2026-11-22T08:30:00+08:00');
    expect(excelSerialToInstant(45000)).toBe('2023-03-15T00:00:00+08:00');
    // Too small to be a date in a DMS export.
    expect(excelSerialToInstant(12)).toBeNull();
  });
});

describe('parseDmsMileage', () => {
  it.each([
    ['12345', 12345],
    ['12,345', 12345],
    ['12,345 km', 12345],
    ['12345KM', 12345],
    ['12345公里', 12345],
    ['8888千米', 8888],
    ['１２，３４５公里', 12345],
    ['1.2万公里', 12000],
    ['12345.6', 12346],
    ['0', 0],
  ])('%s → %d', (text, expected) => {
    expect(parseDmsMileage(text)).toEqual({ ok: true, value: expected });
  });
  it('refuses negatives, absurd figures and words', () => {
    expect(parseDmsMileage('-100')).toEqual({ ok: false, error: 'negative' });
    expect(parseDmsMileage('3000000')).toEqual({ ok: false, error: 'tooLarge' });
    expect(parseDmsMileage('一万二')).toEqual({ ok: false, error: 'format' });
    expect(parseDmsMileage('12 345 67a')).toEqual({ ok: false, error: 'format' });
  });
});

describe('parseDmsAmount', () => {
  it.each([
    ['1234.5', 123450],
    ['¥1,234.50', 123450],
    ['￥1,234.50', 123450],
    ['1234.5元', 123450],
    ['RMB 88', 8800],
    ['(120.00)', -12000],
    ['-5', -500],
    ['0', 0],
    ['123.45000000000002', 12345],
    ['１，２００．００', 120000],
  ])('%s → %d fen', (text, expected) => {
    expect(parseDmsAmount(text)).toEqual({ ok: true, value: expected });
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['abc', '12.3.4', '¥', '1,2a', '一百元']) expect(parseDmsAmount(bad).ok).toBe(false);
    expect(parseDmsAmount('99999999999999')).toEqual({ ok: false, error: 'tooLarge' });
  });
});

describe('RO types and statuses', () => {
  it.each([
    ['首保', 'first_service'],
    ['首次保养', 'first_service'],
    ['定保', 'periodic_service'],
    ['常规保养', 'periodic_service'],
    ['保养', 'periodic_service'],
    ['一般维修', 'repair'],
    ['机修', 'repair'],
    ['维修', 'repair'],
    ['钣喷', 'body_paint'],
    ['钣金', 'body_paint'],
    ['喷漆', 'body_paint'],
    ['事故车', 'body_paint'],
    ['索赔', 'warranty'],
    ['三包', 'warranty'],
    ['保修', 'warranty'],
    ['保险', 'insurance'],
    ['保险理赔', 'insurance'],
    ['返修', 'comeback'],
    ['返工', 'comeback'],
    [' 定 保 ', 'periodic_service'],
  ])('type %s → %s', (text, code) => {
    expect(parseRoType(text)).toBe(code);
  });
  it.each([
    ['在修', 'in_repair'],
    ['维修中', 'in_repair'],
    ['已派工', 'in_repair'],
    ['已完工', 'completed'],
    ['完工', 'completed'],
    ['已交车', 'delivered'],
    ['交车', 'delivered'],
    ['已结算', 'settled'],
    ['结算', 'settled'],
    ['已收款', 'settled'],
  ])('status %s → %s', (text, code) => {
    expect(parseRoStatus(text)).toBe(code);
  });
  it('knows nothing of other words', () => {
    expect(parseRoType('洗车')).toBeNull();
    expect(parseRoStatus('待定')).toBeNull();
  });
});

describe('header recognition', () => {
  it.each([
    ['工单号', 'roNumber'],
    ['委托书号', 'roNumber'],
    ['维修单号', 'roNumber'],
    ['工单编号', 'roNumber'],
    ['单据号', 'roNumber'],
    ['车牌号', 'plate'],
    ['车牌', 'plate'],
    ['车牌号码', 'plate'],
    ['车架号', 'vin'],
    ['VIN', 'vin'],
    ['vin码', 'vin'],
    ['底盘号', 'vin'],
    ['车架号(VIN)', 'vin'],
    ['车型名称', 'model'],
    ['客户姓名', 'customerName'],
    ['车主', 'customerName'],
    ['送修人', 'customerName'],
    ['联系电话', 'phone'],
    ['手机号', 'phone'],
    ['联系方式', 'phone'],
    ['进厂时间', 'openedAt'],
    ['接车时间', 'openedAt'],
    ['开单时间', 'openedAt'],
    ['行驶里程', 'mileage'],
    ['公里数', 'mileage'],
    ['进厂里程(km)', 'mileage'],
    ['维修类别', 'type'],
    ['业务类型', 'type'],
    ['服务顾问', 'advisorName'],
    ['接待员', 'advisorName'],
    ['工单状态', 'status'],
    ['结算日期', 'settledAt'],
    ['出厂时间', 'deliveredAt'],
    ['工时费(元)', 'laborFen'],
    ['工时费（元）', 'laborFen'],
    [' 工时 费 ', 'laborFen'],
    ['配件费', 'partsFen'],
    ['材料金额', 'partsFen'],
    ['应收金额', 'totalFen'],
    ['合计金额【元】', 'totalFen'],
    ['*工单号:', 'roNumber'],
  ])('%s → %s', (text, field) => {
    expect(recognizeHeader(text)).toBe(field);
  });
  it('ignores what is not a header, and scores rows by distinct fields', () => {
    expect(recognizeHeader('备注')).toBeNull();
    expect(recognizeHeader('')).toBeNull();
    expect(normalizeHeader('工时费 (元)')).toBe('工时费');
    expect(headerScore(['北京朝阳汽车销售服务有限公司 维修工单明细表', '', ''])).toBe(0);
    expect(headerScore(['工单号', '委托书号', '车牌', '备注'])).toBe(2);
  });
  it('finds the header under title and date lines', () => {
    const rows = [
      ['XX汽车 维修工单明细表'],
      ['统计期间：2026-11-22', '', '导出人：小王'],
      ['委托书号', '车牌', 'VIN', '进厂日期'],
      ['WT1', '京A12345', '', '2026-11-22'],
    ].map((cells, i) => ({ line: i + 1, lineCount: 1, cells }));
    expect(findHeader(rows)).toEqual({ index: 2, score: 4 });
  });
  it('maps recognised columns, then a preset by header text, then the clerk’s choice by index', () => {
    const headers = ['单号', '牌照', '日期', '里程', '备注'];
    const auto = resolveMapping(headers, null, undefined);
    expect(auto.mapping.roNumber).toBe(0);
    expect(auto.mapping.openedAt).toBeNull();
    expect(auto.missingRequired).toEqual(['openedAt', 'plate', 'vin']);
    const preset = resolveMapping(headers, { 牌照: 'plate', 日期: 'openedAt' }, undefined);
    expect(preset.mapping).toMatchObject({ plate: 1, openedAt: 2 });
    expect(preset.missingRequired).toEqual([]);
    const chosen = resolveMapping(
      headers,
      { 牌照: 'plate', 日期: 'openedAt' },
      { complaint: 4, mileage: 2, openedAt: null },
    );
    expect(chosen.mapping).toMatchObject({ complaint: 4, mileage: 2, openedAt: null });
    expect(chosen.missingRequired).toEqual(['openedAt']);
    expect(resolveMapping(headers, null, { vin: 9 }).outOfRange).toEqual([{ field: 'vin', index: 9 }]);
  });
});

const HEADER = ['工单号', '车牌号', '车架号', '联系电话', '进厂时间', '行驶里程', '维修类别', '工单状态', '总金额'];
const MAPPING = resolveMapping(HEADER, null, undefined).mapping;
const VIN = withCheckDigit('LSVAU2180N2183456');

describe('checkRow', () => {
  const row = (changes: Partial<Record<number, string>> = {}) =>
    [
      'RO2611220001',
      '京A12345',
      VIN,
      '+86 138 0013 8000',
      '2026/11/22 8:30',
      '12,000公里',
      '定保',
      '已结算',
      '¥1,234.50',
    ].map((c, i) => changes[i] ?? c);

  it('normalises a good row', () => {
    const r = checkRow(row(), 5, MAPPING, HEADER);
    expect(r).toMatchObject({
      ok: true,
      row: {
        line: 5,
        roNumber: 'RO2611220001',
        plate: '京A12345',
        vin: VIN,
        mobile: '13800138000',
        openedAt: '2026-11-22T08:30:00+08:00',
        mileage: 12000,
        type: 'periodic_service',
        status: 'settled',
        totalFen: 123450,
        laborFen: null,
      },
    });
  });

  it('half-width, upper case and separators for plates, VINs and RO numbers', () => {
    const r = checkRow(
      row({ 0: ' ro2611220001 ', 1: '京ａ·１２３４５', 2: VIN.toLowerCase(), 3: '010 8888 6666' }),
      2,
      MAPPING,
      HEADER,
    );
    expect(r).toMatchObject({
      ok: true,
      row: { roNumber: 'RO2611220001', plate: '京A12345', vin: VIN, landline: '010-88886666', mobile: null },
    });
  });

  it('names the column, the raw value and what to do for each fault', () => {
    const cases: [Partial<Record<number, string>>, string, RegExp][] = [
      [{ 2: `${VIN.slice(0, 8)}${VIN[8] === '1' ? '2' : '1'}${VIN.slice(9)}` }, '车架号', /校验位/],
      [{ 1: '京A1234' }, '车牌号', /车牌号格式不对/],
      [{ 3: '12345' }, '联系电话', /电话号码格式不对/],
      [{ 4: '2026-02-30' }, '进厂时间', /不存在/],
      [{ 4: '' }, '进厂时间', /为空/],
      [{ 5: '-100' }, '行驶里程', /负数/],
      [{ 6: '洗车' }, '维修类别', /首保、定保/],
      [{ 7: '待定' }, '工单状态', /在修、已完工/],
      [{ 8: 'abc' }, '总金额', /数字金额/],
      [{ 0: 'RO#1' }, '工单号', /格式不对/],
      [{ 0: '' }, '工单号', /为空/],
      [{ 1: '', 2: '' }, '车牌号/车架号', /至少填写一个/],
    ];
    for (const [changes, column, reason] of cases) {
      const r = checkRow(row(changes), 7, MAPPING, HEADER);
      expect(r.ok, column).toBe(false);
      if (r.ok) continue;
      expect(r.problems[0]).toMatchObject({ line: 7, column });
      expect(r.problems[0]!.reason).toMatch(reason);
    }
  });

  it('a car without a plate yet is fine when it has a VIN', () => {
    expect(checkRow(row({ 1: '未上牌' }), 2, MAPPING, HEADER)).toMatchObject({
      ok: true,
      row: { plate: null, vin: VIN },
    });
    expect(checkRow(row({ 1: '无牌', 2: '' }), 2, MAPPING, HEADER).ok).toBe(false);
  });
});

describe('which lines are data', () => {
  const key = rowKey(HEADER);
  const kind = (cells: string[]) => classifyRow(cells, MAPPING, HEADER, key);
  it('skips blank, totals, footers and repeated headers', () => {
    expect(kind(['', ' ', ''])).toBe('blank');
    expect(kind(['合计', '', '', '', '', '', '', '', '¥11,084.50'])).toBe('totals');
    expect(kind(['', '总计：15单', '', '', '', '', '', '', '¥11,084.50'])).toBe('totals');
    expect(kind(['', '', '', '', '', '', '', '15', '¥11,084.50'])).toBe('totals');
    expect(kind(['制表人：小王'])).toBe('totals');
    expect(kind([...HEADER])).toBe('header');
    expect(kind(['RO2611220001'])).toBe('data');
    expect(kind(['', '京A12345', '', '', '2026-11-22'])).toBe('data');
  });
});

// ---- properties: the reader never crashes, and every refusal says where and why ----

/** What the import does with a file up to the archive: read, find the header, map, check every data row. */
async function checkFile(bytes: Uint8Array) {
  const table = await readDmsTable(bytes);
  const header = locateHeader(table.rows);
  const headers = table.rows[header.index]!.cells;
  const { mapping } = resolveMapping(headers, null, undefined);
  const checker = new RowChecker(mapping, headers);
  const key = rowKey(headers);
  const problems = [];
  for (const row of table.rows.slice(header.index + 1)) {
    if (classifyRow(row.cells, mapping, headers, key) !== 'data') continue;
    const r = checker.check(row.cells, row.line);
    if (!r.ok) problems.push(...r.problems);
  }
  return { table, problems };
}

async function readsOrRefuses(bytes: Uint8Array): Promise<void> {
  try {
    const { problems, table } = await checkFile(bytes);
    for (const p of problems) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.reason.length).toBeGreaterThan(0);
      expect(p.column.length).toBeGreaterThan(0);
    }
    const lines = table.rows.map((r) => r.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  } catch (error) {
    // Refusing a file is fine, with the clerk's message; anything else is a crash.
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message.length).toBeGreaterThan(0);
  }
}

const cellArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('"', '""', ',', '\n', '\r\n', ';', '\t', '京A12345', '2026-11-22', '¥1,2', '合计', '\u0000', '𠮷'),
  fc.string({ unit: fc.constantFrom('"', ',', '\n', 'a', '工', '\r'), maxLength: 20 }),
);

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

describe('reader properties', () => {
  it('arbitrary bytes never crash it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => readsOrRefuses(bytes)),
      { numRuns: 300 },
    );
  });

  it('any text in any of the encodings, with a real header, never crashes it; every refusal has a line and a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cellArb, { maxLength: 10 }), { maxLength: 12 }),
        fc.constantFrom('utf8', 'gbk', 'gb18030', 'utf16le', 'latin1'),
        fc.constantFrom('\n', '\r\n', '\r'),
        async (rows, encoding, newline) => {
          const text = [HEADER.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join(newline);
          await readsOrRefuses(iconv.encode(text, encoding));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('huge fields and unbalanced quotes are read, not a crash', async () => {
    const huge = 'x'.repeat(2_000_000);
    await readsOrRefuses(Buffer.from(`${HEADER.join(',')}\nRO2611220001,京A12345,"${huge}`));
    await readsOrRefuses(Buffer.from(`${HEADER.join(',')}\nRO2611220001,${huge},${huge}\n`));
    await readsOrRefuses(Buffer.from(`${HEADER.join(',')}\n"RO2611220001,"京A12345\n"\n"\n`));
  });

  it('counts physical lines across quoted newlines: each row starts on the line Notepad shows', async () => {
    // NUL makes a file binary (refused), which is not what this property is about.
    const textCell = cellArb.map((c) => c.replaceAll(String.fromCharCode(0), ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(textCell, { minLength: 1, maxLength: 6 }), { maxLength: 15 }),
        fc.constantFrom('\n', '\r\n'),
        async (rows, newline) => {
          const lines = [HEADER.join(','), ...rows.map((r) => r.map(csvCell).join(','))];
          const text = lines.join(newline);
          const table = await readDmsTable(Buffer.from(text, 'utf8'));
          let expected = 1;
          const starts = lines.map((l) => {
            const at = expected;
            expected += 1 + (l.match(/\r\n|\n|\r/g)?.length ?? 0);
            return at;
          });
          expect(table.rows.map((r) => r.line)).toEqual(starts.slice(0, table.rows.length));
          expect(table.rows).toHaveLength(lines.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('encodings', () => {
  it('tells UTF-8, UTF-8 with BOM, GBK and GB18030 apart by content', () => {
    const text = '工单号,客户名称\nRO1,张三\n';
    expect(decodeText(Buffer.from(text, 'utf8')).encoding).toBe('utf-8');
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({
      text,
      encoding: 'utf-8-bom',
    });
    expect(decodeText(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gbk' });
    const rare = '工单号,客户名称\nRO1,𠮷田\n';
    expect(decodeText(iconv.encode(rare, 'gb18030'))).toEqual({ text: rare, encoding: 'gb18030' });
  });

  it('refuses an old .xls, UTF-16 and HTML tables with what to do', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
    await expect(readDmsTable(xls)).rejects.toThrow(/另存为.*\.xlsx/);
    await expect(readDmsTable(iconv.encode('\ufeff工单号,车牌号', 'utf16le'))).rejects.toThrow(/UTF-16/);
    await expect(readDmsTable(Buffer.from('<html><table><tr><td>工单号</td></tr></table></html>'))).rejects.toThrow(
      /HTML/,
    );
    await expect(readDmsTable(Buffer.from('just some words\nnothing tabular'))).rejects.toThrow(/不是表格文件/);
    await expect(readDmsTable(Buffer.from('标题\n\n只有一列\n'))).rejects.toThrow(/不是表格文件/);
    // Columns without names the import knows: the first row is the header, for the clerk to map by hand.
    const unnamed = await readDmsTable(Buffer.from('导出\na;b;c\n1;2;3\n'));
    expect(unnamed.delimiter).toBe(';');
    expect(findHeader(unnamed.rows)).toBeNull();
    expect(locateHeader(unnamed.rows)).toEqual({ index: 1, score: 0 });
    expect(findHeader(unnamed.rows, ['a', 'c'])).toEqual({ index: 1, score: 2 });
  });

  it('picks the delimiter that gives a header: comma, semicolon or tab', async () => {
    for (const d of [',', ';', '\t']) {
      const table = await readDmsTable(Buffer.from(`导出,${d}x\n${HEADER.join(d)}\nRO1${d}京A12345\n`));
      expect(table.delimiter).toBe(d);
    }
  });

  it('every contract field has header names', () => {
    for (const field of IMPORT_FIELDS) expect(recognizeHeader(IMPORT_FIELD_NAMES[field])).toBe(field);
  });
});

const IMPORT_FIELD_NAMES = {
  roNumber: '工单号',
  plate: '车牌号',
  vin: '车架号',
  model: '车型',
  customerName: '客户名称',
  phone: '联系电话',
  openedAt: '进厂时间',
  mileage: '行驶里程',
  type: '维修类别',
  advisorName: '服务顾问',
  status: '工单状态',
  settledAt: '结算时间',
  deliveredAt: '交车时间',
  laborFen: '工时费',
  partsFen: '材料费',
  totalFen: '总金额',
  complaint: '故障描述',
  color: '颜色',
  address: '地址',
  healthUploadedAt: '电子健康档案上传时间',
} as const;
