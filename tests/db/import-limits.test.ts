/**
 * An import is bounded (issue 10: a 33 MB, 3-million-row workbook sent to imports.start froze the
 * host for two minutes and killed it, out of memory). Past the row limit a CSV or an XLSX is
 * refused with a message that names the limit and says to split the file; the XLSX is read as a
 * stream and stops at the limit. Tested with a small limit (the real one is 200,000 rows).
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/services/context';
import { IMPORT_ROW_LIMIT, readDmsTable } from '../../src-main/services/imports/dms-table';
import { ImportsService } from '../../src-main/services/imports/imports.service';
import type { ImportJob } from '../../src-shared/domain/imports';
import { openSetUpArchive, rowCounts, type TestArchive } from '../support/archive';

const open: TestArchive[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

const HEADER = ['工单号', '车牌号', '进厂时间', '行驶里程', '维修类别'];
const row = (i: number) => [
  `LM2611${String(i).padStart(5, '0')}`,
  `苏E${String(i).padStart(5, '0')}`,
  '2026-11-22 09:00',
  String(1000 + i),
  '定保',
];

function csv(rows: number): Buffer {
  const lines = ['某某汽车 维修工单明细', HEADER.join(',')];
  for (let i = 0; i < rows; i++) lines.push(row(i).join(','));
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

async function xlsx(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('明细');
  sheet.addRow(HEADER);
  for (let i = 0; i < rows; i++) sheet.addRow(row(i));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function until(service: ImportsService, job: ImportJob): Promise<ImportJob> {
  let current = job;
  while (current.phase === 'reading' || current.phase === 'checking') {
    await new Promise((r) => setTimeout(r, 5));
    current = service.getJob(current.jobId);
  }
  return current;
}

describe('the row limit', () => {
  it('is 200,000 data rows by default', () => {
    expect(IMPORT_ROW_LIMIT).toBe(200_000);
  });

  it.each([
    ['CSV', csv],
    ['XLSX', xlsx],
  ] as const)(
    '%s: up to the limit reads; one row past it is refused, saying the limit and to split the file',
    async (_kind, make) => {
      const fits = await readDmsTable(await make(300), { rowLimit: 300 });
      expect(fits.rows.filter((r) => r.cells[0]?.startsWith('LM'))).toHaveLength(300);
      await expect(readDmsTable(await make(340), { rowLimit: 300 })).rejects.toThrow(/文件超过 300 行.*拆分成几个文件/);
    },
  );

  it('through the import: the job fails with the message and nothing is written', async () => {
    const t = await openSetUpArchive();
    open.push(t);
    const service = new ImportsService(t.archive, systemClock, { rowLimit: 100 });
    const before = await rowCounts(t.archive);
    for (const content of [csv(200), await xlsx(200)]) {
      const job = await until(
        service,
        await service.start({ fileName: 'big', contentBase64: content.toString('base64') }, t.ctx),
      );
      expect(job.phase).toBe('failed');
      expect(job.error).toMatch(/文件超过 100 行，无法一次导入.*拆分/);
    }
    expect(await rowCounts(t.archive)).toEqual(before);
  });
});
