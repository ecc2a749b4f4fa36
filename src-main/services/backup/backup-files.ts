import fs from 'node:fs';
import path from 'node:path';
import {
  type ArchiveCounts,
  BACKUP_KINDS,
  type BackupEntry,
  type BackupKind,
  type BackupPlace,
  type BackupSettings,
} from '../../../src-shared/contract/backup.contract';

/**
 * Where backups live and how they are named. A backup is `<base>-<YYYYMMDD-HHmmss-SSS>-<kind>.sqlite`
 * (store local time), with its record `<same>.json` and, when the archive has a file store of scans,
 * `<same>.files/`. The .sqlite only ever appears under its final name by an atomic rename of a copy
 * that passed `integrity_check`: whatever carries a final name is whole.
 */

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = {
  intervalHours: 4,
  keepDaily: 7,
  keepWeekly: 4,
  keepMonthly: 12,
  keepManual: 5,
  staleAfterHours: 26,
  secondPlace: null,
};

/** The record written beside each backup. */
export interface BackupRecord {
  format: 1;
  kind: BackupKind;
  createdAt: string;
  archivePath: string;
  schemaVersion: string;
  counts: ArchiveCounts;
  bytes: number;
  sha256: string;
  files: { count: number; bytes: number } | null;
}

/** Kept beside the local backups, outside the archive: readable when the archive is not. */
export interface BackupState {
  settings: BackupSettings;
  /** Set once an archive was opened here: a missing archive file is then a loss, not a first start. */
  archiveSeenAt: string | null;
  lastGood: { at: string; kind: BackupKind; where: BackupPlace; file: string } | null;
  lastError: { at: string; message: string } | null;
  secondPlace: { ok: boolean; message: string | null; at: string } | null;
  lastCheck: { at: string; ok: boolean; detail: string } | null;
}

export function backupsDirFor(archivePath: string): string {
  return path.join(path.dirname(archivePath), 'backups');
}

/** `archive.sqlite` → `archive`: several archives may share a folder, their backups do not mix. */
export function archiveBase(archivePath: string): string {
  return path.basename(archivePath).replace(/\.(sqlite3?|db)$/i, '');
}

/** The file store of scans (issue 13) sits beside the archive. */
export function filesDirFor(archivePath: string): string {
  return `${archivePath}.files`;
}

function stateFile(archivePath: string): string {
  return path.join(backupsDirFor(archivePath), `${archiveBase(archivePath)}.backup-state.json`);
}

/** The state before anything was recorded (and always, for a shared archive on a server). */
export function emptyBackupState(): BackupState {
  return {
    settings: { ...DEFAULT_BACKUP_SETTINGS },
    archiveSeenAt: null,
    lastGood: null,
    lastError: null,
    secondPlace: null,
    lastCheck: null,
  };
}

export function readState(archivePath: string): BackupState {
  const empty = emptyBackupState();
  try {
    const raw = JSON.parse(fs.readFileSync(stateFile(archivePath), 'utf8')) as Partial<BackupState>;
    return { ...empty, ...raw, settings: { ...DEFAULT_BACKUP_SETTINGS, ...(raw.settings ?? {}) } };
  } catch {
    return empty;
  }
}

export function stateExists(archivePath: string): boolean {
  return fs.existsSync(stateFile(archivePath));
}

export function writeState(archivePath: string, state: BackupState): void {
  const file = stateFile(archivePath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}

export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** `20261203-141500-123`: sorts by time, readable, no characters Windows refuses. */
export function stampOf(createdAt: string): string {
  return `${createdAt.slice(0, 10).replaceAll('-', '')}-${createdAt.slice(11, 19).replaceAll(':', '')}-${createdAt.slice(20, 23) || '000'}`;
}

export function backupFileName(archivePath: string, createdAt: string, kind: BackupKind): string {
  return `${archiveBase(archivePath)}-${stampOf(createdAt)}-${kind}.sqlite`;
}

const NAME = /^(.*)-(\d{8})-(\d{6})-(\d{3})-([a-z-]+)\.sqlite$/;

/** Kind and time from a backup's name (its record may be missing after a crash between rename and record). */
export function parseBackupName(name: string): { base: string; kind: BackupKind; createdAt: string } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const kind = m[5] as BackupKind;
  if (!BACKUP_KINDS.includes(kind)) return null;
  const [d, t, ms] = [m[2]!, m[3]!, m[4]!];
  // The name carries store local time; the record (normally present) carries the offset too.
  return {
    base: m[1]!,
    kind,
    createdAt: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.${ms}+08:00`,
  };
}

export function recordFileOf(backupFile: string): string {
  return backupFile.endsWith('.sqlite') ? backupFile.replace(/\.sqlite$/, '.json') : `${backupFile}.json`;
}

export function filesCopyOf(backupFile: string): string {
  return backupFile.endsWith('.sqlite') ? backupFile.replace(/\.sqlite$/, '.files') : `${backupFile}.files`;
}

/** A backup file given by path (the CLI's restore FILE), with its record when it has one. */
export function entryForFile(file: string): BackupEntry | null {
  let bytes: number;
  try {
    bytes = fs.statSync(file).size;
  } catch {
    return null;
  }
  let record: BackupRecord | null = null;
  try {
    record = JSON.parse(fs.readFileSync(recordFileOf(file), 'utf8')) as BackupRecord;
  } catch {
    record = null;
  }
  const parsed = parseBackupName(path.basename(file));
  return {
    id: path.basename(file),
    where: 'local',
    file,
    kind: record?.kind ?? parsed?.kind ?? 'manual',
    createdAt: record?.createdAt ?? parsed?.createdAt ?? new Date(fs.statSync(file).mtimeMs).toISOString(),
    schemaVersion: record?.schemaVersion ?? '',
    counts: record?.counts ?? null,
    bytes,
    sha256: record?.sha256 ?? null,
    files: record?.files ?? null,
  };
}

/** Every whole backup of this archive in one place, newest first. */
export function listBackupsIn(dir: string, archivePath: string, where: BackupPlace): BackupEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const base = archiveBase(archivePath);
  const entries: BackupEntry[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed || parsed.base !== base) continue;
    const file = path.join(dir, name);
    let bytes: number;
    try {
      bytes = fs.statSync(file).size;
    } catch {
      continue;
    }
    let record: BackupRecord | null = null;
    try {
      record = JSON.parse(fs.readFileSync(recordFileOf(file), 'utf8')) as BackupRecord;
    } catch {
      record = null;
    }
    entries.push({
      id: name,
      where,
      file,
      kind: parsed.kind,
      createdAt: record?.createdAt ?? parsed.createdAt,
      schemaVersion: record?.schemaVersion ?? '',
      counts: record?.counts ?? null,
      bytes,
      sha256: record?.sha256 ?? null,
      files: record?.files ?? null,
    });
  }
  return entries.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what a backup killed half-way left behind: temporary copies of processes that are gone
 * (named `.<name>.<pid>.tmp…`), and a files folder whose backup never got its final name.
 */
export function removeLeftovers(dir: string, nowMs = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const present = new Set(names);
  for (const name of names) {
    const tmp = /^\..*\.(\d+)\.tmp/.exec(name);
    const orphanFiles =
      name.endsWith('.files') &&
      NAME.test(name.replace(/\.files$/, '.sqlite')) &&
      !present.has(name.replace(/\.files$/, '.sqlite'));
    const orphanRecord =
      name.endsWith('.json') &&
      NAME.test(name.replace(/\.json$/, '.sqlite')) &&
      !present.has(name.replace(/\.json$/, '.sqlite'));
    let remove = false;
    if (tmp) remove = !pidAlive(Number(tmp[1]));
    else if (orphanFiles || orphanRecord) {
      // A live backup renames its files folder a moment before its .sqlite: leave young ones alone.
      try {
        remove = nowMs - fs.statSync(path.join(dir, name)).mtimeMs > 10 * 60_000;
      } catch {
        remove = false;
      }
    }
    if (remove) {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

export function removeBackup(entry: Pick<BackupEntry, 'file'>): void {
  fs.rmSync(entry.file, { force: true });
  fs.rmSync(recordFileOf(entry.file), { force: true });
  fs.rmSync(filesCopyOf(entry.file), { recursive: true, force: true });
}

/** Monday of the ISO week of a YYYY-MM-DD date. */
function weekKey(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - dow * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Which backups retention removes: automatic ones (scheduled, at exit) keep the last day's, then the
 * newest of each of the last N days, weeks and months; each other kind keeps its newest `keepManual`.
 * The newest backup is never removed.
 */
export function backupsToRemove(entries: BackupEntry[], settings: BackupSettings, now: string): BackupEntry[] {
  const newestFirst = [...entries].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].id);
  const automatic = newestFirst.filter((e) => e.kind === 'scheduled' || e.kind === 'exit');
  const dayAgo = new Date(Date.parse(now) - 86_400_000).toISOString();
  // Within the last day: up to 6 (every 4 hours), so a bad change this morning can be undone.
  for (const e of automatic.filter((e) => new Date(Date.parse(e.createdAt)).toISOString() > dayAgo).slice(0, 6))
    keep.add(e.id);
  const newestPer = (key: (e: BackupEntry) => string, n: number) => {
    const seen = new Set<string>();
    for (const e of automatic) {
      const k = key(e);
      if (seen.has(k)) continue;
      if (seen.size >= n) break;
      seen.add(k);
      keep.add(e.id);
    }
  };
  newestPer((e) => e.createdAt.slice(0, 10), settings.keepDaily);
  newestPer((e) => weekKey(e.createdAt.slice(0, 10)), settings.keepWeekly);
  newestPer((e) => e.createdAt.slice(0, 7), settings.keepMonthly);
  for (const kind of ['manual', 'pre-migration', 'pre-restore'] as const) {
    for (const e of newestFirst.filter((e) => e.kind === kind).slice(0, settings.keepManual)) keep.add(e.id);
  }
  return newestFirst.filter((e) => !keep.has(e.id));
}

/**
 * Copies the file store of scans into `dest` (a temporary name). Files are content-addressed and
 * never change, so one already in the previous backup's copy is hard-linked instead of copied.
 */
export async function copyFilesDir(
  source: string,
  dest: string,
  previous: string | null,
): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  const walk = async (rel: string): Promise<void> => {
    await fs.promises.mkdir(path.join(dest, rel), { recursive: true });
    for (const dirent of await fs.promises.readdir(path.join(source, rel), { withFileTypes: true })) {
      const relPath = path.join(rel, dirent.name);
      if (dirent.isDirectory()) {
        await walk(relPath);
        continue;
      }
      if (!dirent.isFile()) continue;
      const from = path.join(source, relPath);
      const to = path.join(dest, relPath);
      const size = (await fs.promises.stat(from)).size;
      let linked = false;
      if (previous) {
        try {
          const prev = path.join(previous, relPath);
          if ((await fs.promises.stat(prev)).size === size) {
            await fs.promises.link(prev, to);
            linked = true;
          }
        } catch {
          linked = false;
        }
      }
      if (!linked) await fs.promises.copyFile(from, to);
      count++;
      bytes += size;
    }
  };
  await walk('');
  return { count, bytes };
}

/** fsync a folder so a rename in it survives a power cut (a no-op where folders cannot be opened). */
export function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder; NTFS journals the rename itself.
  }
}
