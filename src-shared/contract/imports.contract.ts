import { z } from 'zod';
import { IMPORT_FIELDS, type ImportBatch, type ImportJob, type ImportPreset } from '../domain/imports';
import type { Page } from '../domain/records';
import { command, query } from './define';
import { base64, requiredText, text } from './fields';
import { ROLES } from './roles';

/** 64 MB of file is far beyond any day's export; base64 makes it 4/3 larger on the wire. */
export const MAX_IMPORT_BASE64 = 90_000_000;

const jobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '任务编号不对');
// partialRecord: the clerk overrides only some fields (z.record with an enum key demands every field in zod 4).
const mapping = z.partialRecord(z.enum(IMPORT_FIELDS), z.number().int().min(0).max(500).nullable());

export const importsContract = {
  /** Starts reading and checking a DMS export; poll imports.job. Nothing is written yet. */
  'imports.start': command<ImportJob>()(
    z
      .object({
        fileName: requiredText(260),
        contentBase64: base64(MAX_IMPORT_BASE64, '文件太大（最大 64 MB），请按日期分开导出'),
        presetName: text(60).optional(),
        /** Overrides of the recognised mapping, chosen by the clerk. */
        mapping: mapping.optional(),
      })
      .strict(),
    '开始读取并检查 DMS 导出的修理单文件（预览，不写入）',
    ROLES.counter,
  ),
  /** Progress, and the preview once checked, or the result once committed. */
  'imports.job': query<ImportJob>()(z.object({ jobId }).strict(), '导入任务的进度、预览或结果', ROLES.counter, {
    passive: true,
  }),
  /** Writes every accepted row in one transaction, or nothing; poll imports.job. */
  'imports.commit': command<ImportJob>()(z.object({ jobId }).strict(), '确认导入：一次写入全部合格行', ROLES.counter),
  'imports.cancel': command<ImportJob>()(
    z.object({ jobId }).strict(),
    '取消导入（写入中取消则全部撤回）',
    ROLES.counter,
  ),
  /** The refused lines in the file's own encoding and format, to fix and import again. */
  'imports.rejectedFile': query<{ fileName: string; contentBase64: string; rows: number }>()(
    z.object({ jobId }).strict(),
    '下载被拒绝的行（原编码），改正后重新导入',
    ROLES.counter,
  ),
  'imports.history': query<Page<ImportBatch>>()(
    z
      .object({
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    '导入记录',
    ROLES.anyone,
  ),
  'imports.presets': query<ImportPreset[]>()(z.object({}).strict(), '已保存的列对应方案', ROLES.counter),
  'imports.savePreset': command<ImportPreset>()(
    z.object({ name: requiredText(60), jobId }).strict(),
    '把当前文件的列对应保存为方案',
    ROLES.counter,
  ),
};
