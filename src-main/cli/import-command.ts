/**
 * `import FILE [--preset NAME] [--dry-run] [--json]`: the same job the window runs, through the
 * dispatcher — imports.start, poll imports.job until ready, imports.commit, poll until done.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MethodName, OutputOf } from '../../src-shared/contract/index';
import type { ImportEncoding, ImportFlag, ImportJob, ImportProblem } from '../../src-shared/domain/imports';
import type { AppErrorShape } from '../../src-shared/errors';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { missingText } from '../services/imports/imports.service';

export interface ImportCommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface ImportSummary {
  file: string;
  encoding: ImportEncoding;
  rows: number;
  /** New repair orders (written, or that would be with --dry-run). */
  imported: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: ImportProblem[];
  flags: ImportFlag[];
  customersCreated: number | null;
  vehiclesCreated: number | null;
  batchId: number | null;
  dryRun: boolean;
  alreadyImported: { at: string; by: string; batchId: number } | null;
}

const ENCODING_LABEL: Record<ImportEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8（带 BOM）',
  gbk: 'GBK',
  gb18030: 'GB18030',
  xlsx: 'XLSX',
};

/** An import that cannot go on: the message for stderr, exit code 1. */
export class ImportCommandFailure extends Error {
  constructor(readonly error: AppErrorShape) {
    super(error.message);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads the file before any archive is opened, so a typo in the name creates nothing. A relative
 * name is taken from where the clerk typed the command (`npm run` changes into the project folder
 * and leaves the original in INIT_CWD).
 */
export function readImportFile(
  name: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { name: string; content: Buffer } {
  if (!name)
    throw new ImportCommandFailure({ code: 'VALIDATION', message: '用法：import FILE [--preset NAME] [--dry-run]' });
  const file = path.resolve(env.INIT_CWD || process.cwd(), name);
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory())
      throw new ImportCommandFailure({
        code: 'VALIDATION',
        message: `“${name}”是文件夹，请指定 DMS 导出的 CSV 或 XLSX 文件。`,
      });
    return { name: path.basename(file), content: fs.readFileSync(file) };
  } catch (error) {
    if (error instanceof ImportCommandFailure) throw error;
    throw new ImportCommandFailure({
      code: 'NOT_FOUND',
      message: `找不到或无法读取文件“${name}”（${file}），请检查文件名和路径。`,
    });
  }
}

function width(s: string): number {
  return [...s].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - width(cell)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatImportSummary(s: ImportSummary): string {
  const lines: string[] = [];
  const verb = s.dryRun ? '将' : '已';
  lines.push(`文件：${s.file}（${ENCODING_LABEL[s.encoding]}）${s.dryRun ? '  —— 试运行，档案库未写入' : ''}`);
  if (s.alreadyImported)
    lines.push(
      `注意：同一文件已于 ${s.alreadyImported.at.slice(0, 16).replace('T', ' ')} 由 ${s.alreadyImported.by} 导入过。`,
    );
  lines.push(
    `共 ${s.rows} 行数据：${verb}新增 ${s.imported} 张修理单，${verb}更新 ${s.updated} 张，未变 ${s.unchanged} 张，重复行 ${s.duplicates} 行，拒绝 ${new Set(s.rejected.map((r) => r.line)).size} 行。`,
  );
  if (s.customersCreated !== null) lines.push(`新建客户 ${s.customersCreated} 位、车辆 ${s.vehiclesCreated} 辆。`);
  if (s.rejected.length > 0) {
    lines.push('', '被拒绝的行（改正后可重新导入）：');
    lines.push(
      table([
        ['行号', '列', '内容', '原因'],
        ...s.rejected.map((r) => [String(r.line), r.column, r.value.replace(/\s+/g, ' ').slice(0, 30), r.reason]),
      ]),
    );
  }
  if (s.flags.length > 0) {
    lines.push('', '需要核对（已导入，档案未被覆盖）：');
    lines.push(table([['行号', '说明'], ...s.flags.map((f) => [String(f.line), f.message])]));
  }
  return lines.join('\n');
}

export async function runImportCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  io: ImportCommandIO,
  options: { file: { name: string; content: Buffer }; preset?: string | undefined; dryRun: boolean; json: boolean },
): Promise<ImportSummary> {
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<OutputOf<M>> => {
    const result = await dispatch(method, input, ctx);
    if (!result.ok) throw new ImportCommandFailure(result.error);
    return result.value as OutputOf<M>;
  };
  let lastProgress = '';
  const progress = (job: ImportJob) => {
    if (options.json || job.total === 0) return;
    const what = job.phase === 'committing' ? '正在写入' : job.phase === 'checking' ? '正在检查' : null;
    if (!what) return;
    const line = `${what}：${job.done}/${job.total} 行`;
    if (line !== lastProgress) io.err(line);
    lastProgress = line;
  };
  const waitWhile = async (job: ImportJob, phases: ImportJob['phase'][]): Promise<ImportJob> => {
    let current = job;
    while (phases.includes(current.phase)) {
      progress(current);
      await sleep(20);
      current = await call('imports.job', { jobId: current.jobId });
    }
    progress(current);
    return current;
  };

  const started = await call('imports.start', {
    fileName: options.file.name,
    contentBase64: options.file.content.toString('base64'),
    ...(options.preset ? { presetName: options.preset } : {}),
  });
  const ready = await waitWhile(started, ['reading', 'checking']);
  if (ready.phase !== 'ready' || !ready.preview)
    throw new ImportCommandFailure({ code: 'VALIDATION', message: ready.error ?? '文件没有读完，请重试。' });
  const preview = ready.preview;
  if (preview.missingRequired.length > 0)
    throw new ImportCommandFailure({
      code: 'VALIDATION',
      message: `缺少必需的列：${missingText(preview.missingRequired)}。文件表头（第 ${preview.headerLine} 行）为：${preview.headers.join('、')}。请在 DMS 导出时包含这些列，或在程序中选择列对应并用 --preset 保存的方案导入。`,
    });
  const summary = (
    counts: { imported: number; updated: number; unchanged: number },
    flags: ImportFlag[],
    created: { customers: number; vehicles: number; batchId: number } | null,
  ): ImportSummary => ({
    file: options.file.name,
    encoding: preview.encoding,
    rows: preview.counts.rows,
    ...counts,
    duplicates: preview.counts.duplicates,
    rejected: preview.rejected,
    flags,
    customersCreated: created?.customers ?? null,
    vehiclesCreated: created?.vehicles ?? null,
    batchId: created?.batchId ?? null,
    dryRun: created === null,
    alreadyImported: preview.alreadyImported,
  });
  if (options.dryRun) {
    await call('imports.cancel', { jobId: ready.jobId });
    const c = preview.counts;
    return summary({ imported: c.new, updated: c.changed, unchanged: c.unchanged }, preview.flags, null);
  }
  const committing = await call('imports.commit', { jobId: ready.jobId });
  const done = await waitWhile(committing, ['committing']);
  if (done.phase !== 'done' || !done.result)
    throw new ImportCommandFailure({
      code: 'INTERNAL',
      message: done.error ?? '导入已取消，档案未被修改。',
    });
  const r = done.result;
  return summary({ imported: r.imported, updated: r.updated, unchanged: r.unchanged }, r.flags, {
    customers: r.customersCreated,
    vehicles: r.vehiclesCreated,
    batchId: r.batchId,
  });
}
