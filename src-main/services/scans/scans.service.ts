import fs from 'node:fs';
import path from 'node:path';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import {
  type FilingSettings,
  type FolderCheck,
  type InboxScan,
  PAPER_STATE_LABELS,
  type Paper,
  type PaperState,
  type ScanCheck,
  type ScanContent,
  type ScanInfo,
  type ScanMime,
  type UploadedScan,
} from '../../../src-shared/domain/filing';
import { RO_NUMBER_PATTERN } from '../../../src-shared/domain/reconciliation';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import { toHalfWidth } from '../../../src-shared/validation/normalize';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import { readFilingSettings } from '../filing/filing-settings';
import { readPaper, toScanInfo } from '../filing/paper-queries';
import { SCAN_DAMAGE_LABELS, ScanStore } from './scan-store';

/** Subfolders of the watched folder: what was taken in (never deleted, moved here). */
export const WATCH_IMPORTED_DIR = '已导入';
/** A file changed this recently may still be written by the scanner: the next look takes it. */
const SETTLE_MS = 2000;
/** Never taken in from the watched folder, never listed: the system's own files. */
const IGNORED_NAMES = new Set(['thumbs.db', 'desktop.ini', '.ds_store']);

const MB = 1024 * 1024;
const mbText = (bytes: number) => (bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0);

/** Who took in a file of the watched folder when no one is logged in (the host's own look). */
const WATCH_ACTOR = '扫描文件夹';

interface Problem {
  reason: string;
}

/** What the bytes of a scan are refused for, or their type (the rules of upload and the watched folder). */
function judge(bytes: Buffer, settings: FilingSettings): { mime: ScanMime } | Problem {
  if (bytes.length === 0) return { reason: '扫描件是空的，请重新扫描或选择文件' };
  const limit = settings.scanMaxMb * MB;
  if (bytes.length > limit) return tooLarge(bytes.length, settings);
  const mime = ScanStore.sniff(bytes);
  if (!mime) return { reason: '不是 PDF 或图片（JPEG/PNG/TIFF），请检查文件；按内容判断，不看扩展名' };
  return { mime };
}

const tooLarge = (bytes: number, settings: FilingSettings): Problem => ({
  reason: `扫描件太大（${mbText(bytes)} MB），上限 ${settings.scanMaxMb} MB，可在归档设置里调整`,
});

const refusedUpload = (reason: string) =>
  new AppError('VALIDATION', reason, { fields: [{ path: 'contentBase64', label: '扫描件', message: reason }] });

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Characters decoded per turn of the event loop (a multiple of 4: 3 MB of bytes). */
const BASE64_CHUNK = 4 * MB;

/** base64 → bytes a few megabytes per turn of the event loop (whitespace allowed anywhere, as the contract does). */
export async function decodeBase64(text: string): Promise<Buffer> {
  if (text.length <= BASE64_CHUNK) return Buffer.from(text, 'base64');
  const parts: Buffer[] = [];
  let carry = '';
  for (let at = 0; at < text.length; at += BASE64_CHUNK) {
    if (at > 0) await yieldToLoop();
    let piece = carry + text.slice(at, at + BASE64_CHUNK);
    if (/\s/.test(piece)) piece = piece.replace(/\s+/g, '');
    const whole = piece.length - (piece.length % 4);
    parts.push(Buffer.from(piece.slice(0, whole), 'base64'));
    carry = piece.slice(whole);
  }
  if (carry) parts.push(Buffer.from(carry, 'base64'));
  return Buffer.concat(parts);
}

/** bytes → base64 a few megabytes per turn of the event loop (chunks of a multiple of 3 bytes join cleanly). */
export async function encodeBase64(bytes: Buffer): Promise<string> {
  const step = (BASE64_CHUNK / 4) * 3;
  if (bytes.length <= step) return bytes.toString('base64');
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += step) {
    if (at > 0) await yieldToLoop();
    parts.push(bytes.subarray(at, at + step).toString('base64'));
  }
  return parts.join('');
}

const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;

/**
 * The RO numbers and VINs a file name may carry: its words (runs of letters, digits, - and _; the
 * extension left out, full-width folded, upper-cased) and their parts split at - and _.
 * “RO2611220001_结算单.pdf” → RO2611220001; “扫描 LSVAU2180N2183456-2.jpg” → the VIN.
 */
export function nameCandidates(name: string): { roNumbers: string[]; vins: string[] } {
  const base = path.basename(name).replace(/\.[^.]*$/, '');
  const words = toHalfWidth(base)
    .toUpperCase()
    .split(/[^A-Z0-9\-_]+/)
    .filter((w) => w.length > 0);
  const all = new Set<string>();
  for (const w of words) {
    all.add(w);
    for (const part of w.split('_')) all.add(part);
    for (const part of w.split(/[-_]/)) all.add(part);
  }
  const list = [...all].filter((w) => w.length > 0).slice(0, 60);
  return { roNumbers: list.filter((w) => RO_NUMBER_PATTERN.test(w)), vins: list.filter((w) => VIN.test(w)) };
}

/** The RO (its number in the name) or else the vehicle (its VIN) a scan's file name names. */
export async function matchByName(db: Db, name: string): Promise<{ roId: number | null; vehicleId: number | null }> {
  const { roNumbers, vins } = nameCandidates(name);
  if (roNumbers.length > 0) {
    const ros = await db
      .selectFrom('repair_order')
      .select(['id', 'ro_number', 'vehicle_id'])
      .where('ro_number', 'in', roNumbers)
      .execute();
    // Two numbers in one name: the longer (the more specific) one.
    const ro = ros.sort((a, b) => b.ro_number.length - a.ro_number.length || a.id - b.id)[0];
    if (ro) return { roId: ro.id, vehicleId: ro.vehicle_id };
  }
  if (vins.length > 0) {
    const vehicle = await db
      .selectFrom('vehicle')
      .select('id')
      .where('vin', 'in', vins)
      .orderBy('id')
      .executeTakeFirst();
    if (vehicle) return { roId: null, vehicleId: vehicle.id };
  }
  return { roId: null, vehicleId: null };
}

interface Remembered {
  size: number;
  mtimeMs: number;
  reason: string;
}

/** Scans with their stored file's facts: the columns toScanInfo reads (more may be selected and joined). */
function scansWithBlob(db: Db) {
  return db
    .selectFrom('scan as s')
    .innerJoin('scan_blob as sb', 'sb.sha256', 's.sha256')
    .select(['s.id', 's.sha256', 'sb.mime', 'sb.bytes', 's.original_name', 's.added_at', 's.added_by']);
}

/**
 * 扫描件: uploads checked by their bytes (PDF, JPEG, PNG, TIFF; not empty; under the size limit),
 * kept in the content-addressed store; attached to a paper or waiting in the inbox; the watched
 * scanner folder taken in (file names with an RO number or VIN are matched); served for preview
 * only after the bytes match their SHA-256.
 *
 * The store's files are written before the rows that name them (a failed transaction leaves an
 * unnamed file, never a row without its file). Discarding a scan keeps its blob: other scans may
 * share the bytes; only a destruction deletes files (retention).
 */
export class ScansService {
  /** Files of the watched folder refused, by name: not read again while their size and time stay. */
  private readonly refusedFiles = new Map<string, Remembered>();
  /** Sizes of the files a look waited for, by name: a size that changed since is still being written. */
  private readonly lastSizes = new Map<string, number>();
  /** Files taken in that could not be moved to 已导入 (locked): not taken in twice. */
  private readonly takenIn = new Map<string, Remembered>();
  /** The look at the folder under way: a second caller waits for it instead of taking the same files. */
  private folderLook: Promise<FolderCheck> | null = null;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly store: ScanStore,
    /**
     * The PC's clock in ms, compared with the files' modification times (the file system's
     * clock, not the store's business clock). Tests may pass their own.
     */
    private readonly fileClock: () => number = () => Date.now(),
  ) {}

  // ---- upload, attach, discard ----

  async upload(input: ParsedInputOf<'scans.upload'>, ctx: CallContext): Promise<UploadedScan> {
    const settings = await readFilingSettings(this.db);
    if (input.paperId !== null) await this.livePaper(this.db, input.paperId, 'paperId');
    // A rough look before decoding: far over the limit is refused without decoding (base64 is 4/3).
    const estimate = Math.floor((input.contentBase64.length * 3) / 4);
    if (estimate > settings.scanMaxMb * MB * 1.05 + 1024 && !/\s/.test(input.contentBase64.slice(0, 4096)))
      throw refusedUpload(tooLarge(estimate, settings).reason);
    const bytes = await decodeBase64(input.contentBase64);
    const verdict = judge(bytes, settings);
    if ('reason' in verdict) throw refusedUpload(verdict.reason);
    // The file's own name (a browser may send C:\fakepath\…).
    const name = input.name.trim().split(/[\\/]/).pop() ?? '';
    const id = await this.take(bytes, verdict.mime, {
      name,
      source: 'upload',
      paperId: input.paperId,
      ctx,
      action: 'scans.upload',
    });
    const row = await this.db.selectFrom('scan').select('paper_id').where('id', '=', id).executeTakeFirstOrThrow();
    return { ...(await this.info(id)), paperId: row.paper_id };
  }

  async attach(input: ParsedInputOf<'scans.attach'>, ctx: CallContext): Promise<Paper> {
    await this.db.transaction().execute(async (trx) => {
      const scan = await this.liveScan(trx, input.scanId);
      if (scan.paper_id === input.paperId) return;
      if (scan.paper_id !== null)
        throw new AppError('CONFLICT', '这份扫描件已经附在别的资料上了；要换，请先去掉它再重新上传。', {
          paperId: scan.paper_id,
        });
      await this.livePaper(trx, input.paperId, 'paperId');
      await trx.updateTable('scan').set({ paper_id: input.paperId }).where('id', '=', scan.id).execute();
      await writeAudit(trx, ctx, nowInstant(this.clock.now()), {
        action: 'scans.attach',
        entity: 'scan',
        entityId: scan.id,
        before: { paperId: null },
        after: { paperId: input.paperId },
      });
    });
    return readPaper(this.db, input.paperId);
  }

  async discard(input: ParsedInputOf<'scans.discard'>, ctx: CallContext): Promise<{ id: number }> {
    const reason = input.reason.trim();
    await this.db.transaction().execute(async (trx) => {
      const scan = await this.liveScan(trx, input.scanId);
      const at = nowInstant(this.clock.now());
      await trx
        .updateTable('scan')
        .set({ removed_at: at, removed_by: actorName(ctx) })
        .where('id', '=', scan.id)
        .where('removed_at', 'is', null)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'scans.discard',
        entity: 'scan',
        entityId: scan.id,
        before: { paperId: scan.paper_id, sha256: scan.sha256, name: scan.original_name },
        after: { removed: true, reason },
      });
    });
    return { id: input.scanId };
  }

  /**
   * Inside FilingService.file's transaction: the inbox scans matched to the RO (or, with no RO, the
   * vehicle) by their file name are attached to the paper just filed. Returns how many.
   */
  async attachMatched(
    trx: Db,
    ctx: CallContext,
    at: string,
    subject: { roId: number | null; vehicleId: number | null },
    paperId: number,
  ): Promise<number> {
    let q = trx
      .selectFrom('scan')
      .select(['id', 'original_name'])
      .where('paper_id', 'is', null)
      .where('removed_at', 'is', null);
    if (subject.roId !== null) q = q.where('matched_ro_id', '=', subject.roId);
    else if (subject.vehicleId !== null)
      q = q.where('matched_vehicle_id', '=', subject.vehicleId).where('matched_ro_id', 'is', null);
    else return 0;
    const scans = await q.orderBy('added_at').orderBy('id').execute();
    for (const s of scans) {
      await trx.updateTable('scan').set({ paper_id: paperId }).where('id', '=', s.id).execute();
      await writeAudit(trx, ctx, at, {
        action: 'scans.attachMatched',
        entity: 'scan',
        entityId: s.id,
        before: { paperId: null, name: s.original_name },
        after: { paperId },
      });
    }
    return scans.length;
  }

  // ---- reading ----

  async inbox(): Promise<InboxScan[]> {
    const rows = await scansWithBlob(this.db)
      .leftJoin('repair_order as r', 'r.id', 's.matched_ro_id')
      .leftJoin('vehicle as v', 'v.id', 's.matched_vehicle_id')
      .select(['s.source', 'r.id as ro_id', 'r.ro_number', 'v.id as v_id', 'v.plate as v_plate', 'v.vin as v_vin'])
      .where('s.paper_id', 'is', null)
      .where('s.removed_at', 'is', null)
      .orderBy('s.added_at', 'desc')
      .orderBy('s.id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      scan: toScanInfo(r),
      source: r.source === 'watch' ? 'watch' : 'upload',
      matchedRo: r.ro_id !== null && r.ro_number !== null ? { id: r.ro_id, roNumber: r.ro_number } : null,
      matchedVehicle: r.v_id !== null ? { id: r.v_id, plate: r.v_plate, vin: r.v_vin } : null,
    }));
  }

  /** The bytes for the preview, after they were checked against their SHA-256; a damaged scan is audited and refused. */
  async content(id: number, ctx: CallContext): Promise<ScanContent> {
    const scan = await this.info(id, { live: true });
    let bytes: Buffer;
    try {
      bytes = await this.store.get(scan.sha256);
    } catch (error) {
      if (error instanceof AppError && error.code === 'ARCHIVE_DAMAGED') {
        await this.db.transaction().execute((trx) =>
          writeAudit(trx, ctx, nowInstant(this.clock.now()), {
            action: 'scans.damaged',
            entity: 'scan',
            entityId: id,
            after: { sha256: scan.sha256, reason: error.details?.reason ?? 'changed', name: scan.originalName },
          }),
        );
      }
      throw error;
    }
    return { scan, contentBase64: await encodeBase64(bytes) };
  }

  /** Reads every stored scan (one at a time, streamed) and compares it with its name; damage is audited. */
  async verify(ctx: CallContext): Promise<ScanCheck> {
    const blobs = await this.db
      .selectFrom('scan_blob')
      .select('sha256')
      .where('deleted_at', 'is', null)
      .orderBy('sha256')
      .execute();
    const damaged: ScanCheck['damaged'] = [];
    for (const b of blobs) {
      const problem = await this.store.check(b.sha256);
      if (problem === null) continue;
      const papers = await this.db
        .selectFrom('scan')
        .select('paper_id')
        .distinct()
        .where('sha256', '=', b.sha256)
        .where('removed_at', 'is', null)
        .where('paper_id', 'is not', null)
        .orderBy('paper_id')
        .execute();
      damaged.push({
        sha256: b.sha256,
        reason: SCAN_DAMAGE_LABELS[problem],
        paperIds: papers.map((p) => p.paper_id).filter((x): x is number => x !== null),
      });
    }
    if (damaged.length > 0)
      await this.db.transaction().execute(async (trx) => {
        const at = nowInstant(this.clock.now());
        for (const d of damaged)
          await writeAudit(trx, ctx, at, { action: 'scans.damaged', entity: 'scan_blob', entityId: null, after: d });
      });
    return { checked: blobs.length, damaged };
  }

  // ---- the watched folder ----

  /**
   * One look at the watched scanner folder (settings.watchFolder): each regular file at its top
   * level is judged by its bytes and size; refused ones stay where they are, listed with the
   * reason (and not read again while unchanged); accepted ones are stored, matched by name and
   * moved to 已导入/ (never deleted). A file still being written waits for the next look.
   * Looks never overlap: a caller during a look gets that look's answer.
   */
  checkFolder(ctx: CallContext): Promise<FolderCheck> {
    if (this.folderLook) return this.folderLook;
    const look = this.lookAtFolder(ctx).finally(() => {
      this.folderLook = null;
    });
    this.folderLook = look;
    return look;
  }

  private async lookAtFolder(ctx: CallContext): Promise<FolderCheck> {
    const settings = await readFilingSettings(this.db);
    const folder = settings.watchFolder?.trim() || null;
    const check: FolderCheck = { folder, picked: 0, matched: 0, refused: [] };
    if (!folder) return check;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? '不存在' : code === 'ENOTDIR' ? '不是文件夹' : `打不开（${code ?? '未知错误'}）`;
      throw AppError.validation('watchFolder', '扫描文件夹', `“${folder}”${why}，请在归档设置里改正`);
    }
    const present = new Set<string>();
    const files = entries
      .filter(
        (e) =>
          e.isFile() && !e.name.startsWith('.') && !e.name.startsWith('~') && !IGNORED_NAMES.has(e.name.toLowerCase()),
      )
      .map((e) => e.name)
      .sort();
    for (const name of files) {
      present.add(name);
      const file = path.join(folder, name);
      let stat: fs.Stats;
      try {
        stat = await fs.promises.stat(file);
      } catch {
        continue; // gone since the listing
      }
      const seen = { size: stat.size, mtimeMs: stat.mtimeMs };
      const same = (r: Remembered | undefined) => r !== undefined && r.size === seen.size && r.mtimeMs === seen.mtimeMs;
      const refused = this.refusedFiles.get(name);
      if (same(refused)) {
        check.refused.push({ name, reason: refused!.reason });
        continue;
      }
      if (same(this.takenIn.get(name))) continue;
      // Still being written: changed in the last 2 s, or its size changed since the look that waited for it.
      const lastSize = this.lastSizes.get(name);
      if (this.fileClock() - stat.mtimeMs < SETTLE_MS || (lastSize !== undefined && lastSize !== stat.size)) {
        this.lastSizes.set(name, stat.size);
        continue;
      }
      this.lastSizes.delete(name);
      const outcome = await this.takeFile(file, name, stat, settings, ctx);
      if (outcome === 'wait') continue;
      if ('reason' in outcome) {
        this.refusedFiles.set(name, { ...seen, reason: outcome.reason });
        check.refused.push({ name, reason: outcome.reason });
        continue;
      }
      this.refusedFiles.delete(name);
      check.picked += 1;
      if (outcome.matched) check.matched += 1;
      try {
        await moveInto(file, path.join(folder, WATCH_IMPORTED_DIR), name);
        this.takenIn.delete(name);
      } catch {
        // Locked by the scanner's software: it is stored; remember it so it is not taken in twice.
        this.takenIn.set(name, { ...seen, reason: '' });
      }
    }
    for (const memory of [this.refusedFiles, this.lastSizes, this.takenIn])
      for (const name of memory.keys()) if (!present.has(name)) memory.delete(name);
    return check;
  }

  /** Reads one settled file of the folder, judges it and stores it (or says why not). */
  private async takeFile(
    file: string,
    name: string,
    stat: fs.Stats,
    settings: FilingSettings,
    ctx: CallContext,
  ): Promise<'wait' | Problem | { matched: boolean }> {
    if (stat.size === 0) return { reason: '扫描件是空的，请重新扫描' };
    if (stat.size > settings.scanMaxMb * MB) return tooLarge(stat.size, settings);
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(file);
      const after = await fs.promises.stat(file);
      if (after.size !== stat.size || after.mtimeMs !== stat.mtimeMs) return 'wait';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return 'wait';
      if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') return 'wait';
      throw error;
    }
    const verdict = judge(bytes, settings);
    if ('reason' in verdict) return verdict;
    const id = await this.take(bytes, verdict.mime, {
      name,
      source: 'watch',
      paperId: null,
      ctx,
      action: 'scans.checkFolder',
    });
    const row = await this.db
      .selectFrom('scan')
      .select(['matched_ro_id', 'matched_vehicle_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { matched: row.matched_ro_id !== null || row.matched_vehicle_id !== null };
  }

  /**
   * The filed paper a scan matched by its name belongs to, when there is one: a paper of the kind
   * the name names (结算单, or its code), else the RO's first paper filed (the papers of one RO are
   * scanned as one set, as filing attaches them); for a vehicle (by its VIN), the kind the name
   * names, or its one paper. null: the scan waits in the inbox.
   */
  private async filedPaperFor(
    db: Db,
    name: string,
    match: { roId: number | null; vehicleId: number | null },
  ): Promise<number | null> {
    if (match.roId === null && match.vehicleId === null) return null;
    let q = db.selectFrom('paper').select(['id', 'kind']).where('state', '=', 'filed');
    q =
      match.roId !== null
        ? q.where('ro_id', '=', match.roId)
        : q.where('vehicle_id', '=', match.vehicleId).where('ro_id', 'is', null);
    const papers = await q.orderBy('id').execute();
    if (papers.length === 0) return null;
    const settings = await readFilingSettings(db);
    const base = toHalfWidth(path.basename(name)).toLowerCase();
    const named = papers.find((p) => {
      const kind = settings.kinds.find((k) => k.code === p.kind);
      const label = kind?.label.split('/')[0] ?? '';
      return base.includes(p.kind) || (label.length > 0 && base.includes(label.toLowerCase()));
    });
    if (named) return named.id;
    if (match.roId !== null || papers.length === 1) return papers[0]!.id;
    return null;
  }

  // ---- the parts ----

  /** Stores the bytes, then records the blob (if new) and the scan row, audited. The scan's id. */
  private async take(
    bytes: Buffer,
    mime: ScanMime,
    how: {
      name: string;
      source: 'upload' | 'watch';
      paperId: number | null;
      ctx: CallContext;
      action: string;
    },
  ): Promise<number> {
    const stored = await this.store.put(bytes);
    // The inbox only: a scan for a paper needs no match.
    const match = how.paperId === null ? await matchByName(this.db, how.name) : { roId: null, vehicleId: null };
    return this.db.transaction().execute(async (trx) => {
      if (how.paperId !== null) await this.livePaper(trx, how.paperId, 'paperId');
      // A scan of papers already filed goes straight to its paper (the clerk scans after filing).
      const paperId = how.paperId ?? (await this.filedPaperFor(trx, how.name, match));
      const at = nowInstant(this.clock.now());
      await trx
        .insertInto('scan_blob')
        .values({ sha256: stored.sha256, bytes: stored.bytes, mime, stored_at: at, deleted_at: null })
        // The same bytes again after a destruction deleted them: they are stored again.
        .onConflict((oc) => oc.column('sha256').doUpdateSet({ deleted_at: null }))
        .execute();
      const by = how.ctx.session.user?.name ?? (how.source === 'watch' ? WATCH_ACTOR : actorName(how.ctx));
      const row = await trx
        .insertInto('scan')
        .values({
          sha256: stored.sha256,
          paper_id: paperId,
          original_name: how.name.slice(0, 200),
          source: how.source,
          matched_ro_id: match.roId,
          matched_vehicle_id: match.vehicleId,
          added_at: at,
          added_by: by,
          removed_at: null,
          removed_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, how.ctx, at, {
        action: how.action,
        entity: 'scan',
        entityId: row.id,
        after: {
          name: how.name,
          sha256: stored.sha256,
          bytes: stored.bytes,
          mime,
          source: how.source,
          paperId,
          matchedRoId: match.roId,
          matchedVehicleId: match.vehicleId,
          deduplicated: stored.existed,
        },
      });
      return row.id;
    });
  }

  private async info(id: number, options: { live?: boolean } = {}): Promise<ScanInfo> {
    const row = await scansWithBlob(this.db)
      .select(['s.removed_at', 'sb.deleted_at'])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!row) throw AppError.notFound('扫描件', id);
    if (options.live && row.removed_at !== null) throw new AppError('NOT_FOUND', `扫描件 ${id} 已去掉，不再显示。`);
    if (options.live && row.deleted_at !== null)
      throw new AppError('NOT_FOUND', `扫描件 ${id} 已随资料销毁（${row.deleted_at.slice(0, 10)}），不再显示。`);
    return toScanInfo(row);
  }

  private async liveScan(trx: Db, id: number) {
    const scan = await trx
      .selectFrom('scan')
      .select(['id', 'paper_id', 'sha256', 'original_name', 'removed_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!scan) throw AppError.notFound('扫描件', id);
    if (scan.removed_at !== null) throw new AppError('CONFLICT', `扫描件 ${id} 已经去掉了。`);
    return scan;
  }

  /** The paper a scan goes to: it exists and is neither removed (filed in error) nor destroyed. */
  private async livePaper(trx: Db, id: number, field: string): Promise<void> {
    const paper = await trx.selectFrom('paper').select(['id', 'state']).where('id', '=', id).executeTakeFirst();
    if (!paper) throw AppError.notFound('资料', id);
    const state = paper.state as PaperState;
    if (state === 'removed' || state === 'destroyed')
      throw AppError.validation(field, '资料', `这份资料${PAPER_STATE_LABELS[state]}，不能再附扫描件`);
  }
}

/** Moves a file into a subfolder, never over another file: 名字.pdf, 名字 (2).pdf, … */
async function moveInto(file: string, dir: string, name: string): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true });
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 1000; n++) {
    const target = path.join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    try {
      await fs.promises.access(target);
      continue;
    } catch {
      // free
    }
    await fs.promises.rename(file, target);
    return;
  }
  throw new Error(`${WATCH_IMPORTED_DIR} 里同名文件太多：${name}`);
}
