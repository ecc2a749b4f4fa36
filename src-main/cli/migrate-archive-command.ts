import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SeedSummary } from '../../src-shared/contract/index';
import { AppError } from '../../src-shared/errors';
import { createDispatcher } from '../api/dispatcher';
import { createHandlers, createServices } from '../api/handlers';
import { assertEmptyTarget, type CopyReport, copyArchive } from '../db/archive-copy';
import { type Archive, openArchive } from '../db/database';
import { displayPostgresUrl, isPostgresUrl, sameArchive } from '../db/dialect';
import { type CallContext, Session } from '../services/context';
import type { CliIO } from './main';

/**
 * `migrate-archive`: a whole archive into an empty one, file ⇄ server (or file → file), verified
 * table by table before the target commits. Not through the dispatcher: it is about the archives
 * themselves, like backup and restore.
 */
export const MIGRATE_ARCHIVE_HELP = `  migrate-archive --from A --to B      把整个档案库复制到另一个空档案库（A、B 为档案库文件或 postgres://… 地址，
                                       两个方向都可以）：一次写入，逐表核对行数和校验值一致后才生效，不一致则全部
                                       撤销；目标已有数据时拒绝。扫描件文件（档案库旁的 .files 文件夹）不复制；
                                       --json 输出 {ok, from, to, tables: [{name, rows, checksum}], millis}`;

export interface MigrateArchiveValues {
  from?: string | boolean | undefined;
  to?: string | boolean | undefined;
  json?: string | boolean | undefined;
}

type Table = (rows: string[][]) => string;

/** The place as it may be printed: a file path, or a server address without its password. */
function shown(target: string): string {
  return isPostgresUrl(target) ? displayPostgresUrl(target) : target;
}

/** A file that is there with something in it (an archive to read, or one not to overwrite unasked). */
function fileWithContent(file: string): boolean {
  return fs.existsSync(file) && fs.statSync(file).size > 0;
}

function removeArchiveFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** Passwords out of anything printed (a driver's message may quote what it was given). */
function scrub(text: string, ...targets: string[]): string {
  let out = text;
  for (const target of targets) {
    if (!isPostgresUrl(target)) continue;
    out = out.split(target).join(displayPostgresUrl(target));
    try {
      const password = decodeURIComponent(new URL(target).password);
      if (password.length >= 3) out = out.split(password).join('***');
    } catch {
      // unparsable: nothing to hide beyond the address itself
    }
  }
  return out;
}

export function formatMigrateReport(report: CopyReport, from: string, to: string, table: Table): string {
  const rows = report.tables.reduce((n, t) => n + t.rows, 0);
  const scans = report.tables.find((t) => t.name === 'scan_blob')?.rows ?? 0;
  return [
    `已从 ${from} 复制到 ${to}：`,
    table([
      ['表', '行数', '校验值前 12 位'],
      ...report.tables.map((t) => [t.name, String(t.rows), t.checksum.slice(0, 12)]),
    ]),
    '',
    `核对一致：${report.tables.length} 张表、共 ${rows} 行，目标档案库逐表的行数和校验值与源档案库相同（用时 ${(report.millis / 1000).toFixed(1)} 秒）。`,
    scans > 0
      ? `注意：扫描件的文件（${scans} 个，存放在源档案库文件旁的 .files 文件夹里）不在数据库中，没有复制；扫描件的登记已复制，文件请另行拷贝。`
      : '扫描件的文件（档案库文件旁的 .files 文件夹）不在数据库中，不随档案库复制。',
  ].join('\n');
}

export async function runMigrateArchiveCommand(values: MigrateArchiveValues, io: CliIO, table: Table): Promise<number> {
  const json = values.json === true;
  const given = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const fromArg = given(values.from);
  const toArg = given(values.to);
  const fail = (message: string, code: number): number => {
    if (json) io.out(JSON.stringify({ ok: false, error: { message } }, null, 2));
    io.err(`错误：${message}`);
    return code;
  };
  if (!fromArg || !toArg) {
    return fail(
      `migrate-archive 需要 --from 和 --to（档案库文件路径或 postgres://… 地址），例如：migrate-archive --from archive.sqlite --to postgres://用户@服务器/clerkdesk`,
      2,
    );
  }
  const from = isPostgresUrl(fromArg) ? fromArg : path.resolve(fromArg);
  const to = isPostgresUrl(toArg) ? toArg : path.resolve(toArg);
  if (sameArchive(from, to)) return fail(`--from 和 --to 是同一个档案库（${shown(to)}），没有可复制的。`, 2);
  if (!isPostgresUrl(from) && !fileWithContent(from))
    return fail(`源档案库文件 ${from} 不存在或是空的，没有可复制的内容；什么都没有改动。`, 1);

  const createdTarget = !isPostgresUrl(to) && !fs.existsSync(to);
  let source: Archive | null = null;
  let target: Archive | null = null;
  let ok = false;
  try {
    source = await openArchive(from, { busyTimeoutMs: 5000 });
    target = await openArchive(to, { busyTimeoutMs: 5000 });
    if (!json) io.err(`正在复制 ${shown(from)} → ${shown(to)}…`);
    const printed = new Set<string>();
    let nextMark = 100_000;
    const report = await copyArchive(source, target, {
      onProgress: ({ table: name, done, total }) => {
        if (done >= total && !printed.has(name)) {
          printed.add(name);
          nextMark = 100_000;
          io.err(`  ${name}：${total} 行`);
        } else if (done >= nextMark) {
          nextMark += 100_000;
          io.err(`  ${name}：${done} / ${total} 行…`);
        }
      },
    });
    ok = true;
    if (json) io.out(JSON.stringify({ ok: true, from: shown(from), to: shown(to), ...report }, null, 2));
    else io.out(formatMigrateReport(report, shown(from), shown(to), table));
    return 0;
  } catch (error) {
    if (error instanceof AppError) return fail(scrub(error.message, from, to), 1);
    return fail(`复制失败，目标档案库没有改动：${scrub(String((error as Error)?.message ?? error), from, to)}`, 1);
  } finally {
    await source?.close().catch(() => {});
    await target?.close().catch(() => {});
    // A file made for this copy and left empty by a refusal or failure is not left lying about.
    if (!ok && createdTarget) removeArchiveFile(to);
  }
}

/**
 * The demo on a shared server: built into a temporary archive file by the same seeder (it writes
 * through the file's own connection), then copied into the server's empty database and verified.
 */
export async function seedDemoOnServer(
  archive: Archive,
  input: { seed?: number | undefined; years?: number | undefined; until?: string | undefined },
): Promise<SeedSummary> {
  // Refused before the seeder's 10–20 seconds, not after.
  await assertEmptyTarget(archive.db, archive.path);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerkdesk-demo-'));
  try {
    const temp = await openArchive(path.join(dir, 'demo.sqlite'));
    const services = createServices(temp);
    try {
      const dispatch = createDispatcher(createHandlers(services));
      const ctx: CallContext = { door: 'cli', session: new Session() };
      const result = await dispatch('demo.seed', input, ctx);
      if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
      const report = await copyArchive(temp, archive);
      const summary = result.value as SeedSummary;
      return { ...summary, millis: summary.millis + report.millis };
    } finally {
      await services.print.close();
      await temp.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
