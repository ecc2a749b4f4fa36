/**
 * 扫描件 on a real archive behind the real dispatcher, with the real content-addressed store beside
 * it (archive.sqlite.files/ab/abcdef…) and a real watched folder in a temp dir: uploads judged by their
 * bytes, empty and too-large scans refused, deduplication, the inbox, attach and discard, the
 * matched scans that follow a paper filed (attachMatched), damaged files refused and audited, the
 * full check, and the scanner's folder taken in (matched by RO number or VIN, refused files left
 * with their reason, the rest moved to 已导入).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql as kyselySql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesCopyOf } from '../../src-main/services/backup/backup-files';
import { type Clock, Session } from '../../src-main/services/context';
import { writeFilingSettings } from '../../src-main/services/filing/filing-settings';
import { ScanStore, scanFolderFor, serverScanFolder } from '../../src-main/services/scans/scan-store';
import { ScansService, WATCH_IMPORTED_DIR } from '../../src-main/services/scans/scans.service';
import { DEFAULT_FILING_SETTINGS, type FilingSettings } from '../../src-shared/domain/filing';
import { openSetUpArchive, rowCounts, type TestArchive, VIN_A, VIN_B } from '../support/archive';
import { onPostgres } from '../support/pg';

let nowUtc = '2026-12-03T02:00:00Z';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};
const STAMP = '2026-12-03T10:00:00+08:00';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0 scan of a PDI sheet'),
]);
/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const TIFF = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0, 0, 0]), Buffer.from('tiff body')]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const b64 = (b: Buffer) => b.toString('base64');

let t: TestArchive;
let store: ScanStore;
let ids: { vehicleA: number; vehicleB: number; ro1: number; ro2: number };

beforeEach(async () => {
  at('2026-12-03T10:00:00');
  t = await openSetUpArchive({ clock });
  await t.loginAs('clerk');
  store = new ScanStore(scanFolderFor(t.file));
  // Arranged through SQL that runs on both archives (RETURNING id: no lastInsertRowid on a server).
  const vehicle = async (plate: string, vin: string) =>
    (
      await sql<{ id: number }>(
        "INSERT INTO vehicle (plate, vin, model, status, created_at, updated_at) VALUES (?, ?, '朗逸', 'active', ?, ?) RETURNING id",
        plate,
        vin,
        STAMP,
        STAMP,
      )
    )[0]!.id;
  const ro = async (roNumber: string, vehicleId: number) =>
    (
      await sql<{ id: number }>(
        "INSERT INTO repair_order (ro_number, vehicle_id, opened_at, type, status, created_at, updated_at) VALUES (?, ?, ?, 'repair', 'settled', ?, ?) RETURNING id",
        roNumber,
        vehicleId,
        STAMP,
        STAMP,
        STAMP,
      )
    )[0]!.id;
  const vehicleA = await vehicle('京A12345', VIN_A);
  const vehicleB = await vehicle('京B67890', VIN_B);
  const ro1 = await ro('RO2612030001', vehicleA);
  const ro2 = await ro('RO2612030002', vehicleB);
  ids = { vehicleA, vehicleB, ro1, ro2 };
});
afterEach(async () => {
  // A server archive's scans are kept in this PC's user-data folder (server-scans/…): not left behind.
  if (onPostgres()) fs.rmSync(scanFolderFor(t.file), { recursive: true, force: true });
  await t.close();
});

/** A query on either archive (`?` placeholders, bound as Kysely parameters). */
async function sql<T>(query: string, ...params: unknown[]): Promise<T[]> {
  const parts = query.split('?');
  const strings = Object.assign([...parts], { raw: [...parts] }) as unknown as TemplateStringsArray;
  return (await kyselySql<T>(strings, ...params).execute(t.archive.db)).rows;
}

async function settings(change: Partial<FilingSettings>): Promise<void> {
  await writeFilingSettings(t.archive.db, { ...DEFAULT_FILING_SETTINGS, ...change });
}

/** A paper row as filing would leave it (received, for the RO or the vehicle). */
async function paper(
  subject: { roId?: number; vehicleId?: number },
  kind = 'settlement',
  state = 'received',
): Promise<number> {
  const removed = state === 'removed';
  const rows = await sql<{ id: number }>(
    `INSERT INTO paper (kind, ro_id, vehicle_id, doc_date, received_on, state, removed_at, removed_reason, created_at, created_by, updated_at)
     VALUES (?, ?, ?, '2026-12-03', '2026-12-03', ?, ?, ?, ?, '小王', ?) RETURNING id`,
    kind,
    subject.roId ?? null,
    subject.vehicleId ?? null,
    state,
    removed ? STAMP : null,
    removed ? '放错了' : '',
    STAMP,
    STAMP,
  );
  return rows[0]!.id;
}

async function refusedUpload(input: { name?: string; contentBase64: string; paperId?: number | null }) {
  const before = await rowCounts(t.archive);
  const r = await t.call('scans.upload', input);
  if (r.ok) throw new Error('accepted');
  expect(await rowCounts(t.archive)).toEqual(before);
  return r.error;
}

describe('upload (上传扫描件)', () => {
  it('stores a PDF, JPEG, PNG and TIFF by their bytes under their SHA-256, fsynced and renamed, and audits each', async () => {
    const p = await paper({ roId: ids.ro1 });
    for (const [name, bytes, mime] of [
      ['结算单.pdf', PDF, 'application/pdf'],
      ['照片.jpg', JPEG, 'image/jpeg'],
      ['1x1.png', PNG, 'image/png'],
      ['扫描.tif', TIFF, 'image/tiff'],
    ] as const) {
      const info = await t.must('scans.upload', { paperId: p, name, contentBase64: b64(bytes) });
      expect(info).toMatchObject({
        sha256: sha(bytes),
        mime,
        bytes: bytes.length,
        originalName: name,
        addedAt: '2026-12-03T10:00:00+08:00',
        addedBy: '小王',
      });
      const file = path.join(scanFolderFor(t.file), sha(bytes).slice(0, 2), sha(bytes));
      expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    }
    // archive.sqlite.files beside the archive (a server archive: this PC's user-data folder, by host,
    // port and database); nothing but the four files and their two-letter folders, no temp files left.
    const folder = scanFolderFor(t.file);
    expect(folder).toBe(onPostgres() ? serverScanFolder(t.file) : `${t.file}.files`);
    if (onPostgres()) expect(folder).toMatch(/[\\/]ClerkDesk[\\/]server-scans[\\/]127\.0\.0\.1_\d+_clerkdesk_t_\w+$/);
    const files = fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.map((e) => e.name).sort()).toEqual([PDF, JPEG, PNG, TIFF].map(sha).sort());

    const scans = await sql<{ paper_id: number; source: string; matched_ro_id: number | null }>(
      'SELECT paper_id, source, matched_ro_id FROM scan ORDER BY id',
    );
    expect(scans).toEqual(Array(4).fill({ paper_id: p, source: 'upload', matched_ro_id: null }));
    const audit = await sql<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE entity = 'scan' ORDER BY id",
    );
    expect(audit).toEqual(Array(4).fill({ action: 'scans.upload', actor: '小王' }));
    // The paper shows them (one loader: paper-queries).
    const read = await t.must('papers.get', { id: p });
    expect(read.scans.map((s) => s.originalName)).toEqual(['结算单.pdf', '照片.jpg', '1x1.png', '扫描.tif']);
  });

  it('refuses a text file named .pdf (by its bytes, not its name), an empty scan, and one over the limit; nothing saved', async () => {
    const notPdf = await refusedUpload({ name: 'RO2612030001.pdf', contentBase64: b64(Buffer.from('只是一段文字')) });
    expect(notPdf.code).toBe('VALIDATION');
    expect(notPdf.message).toBe('不是 PDF 或图片（JPEG/PNG/TIFF），请检查文件；按内容判断，不看扩展名');
    expect(notPdf.details?.fields?.[0]).toMatchObject({ path: 'contentBase64', label: '扫描件' });

    // A line break only: valid base64 of no bytes at all (nothing at all is refused by the contract).
    const empty = await refusedUpload({ name: 'empty.pdf', contentBase64: '\n' });
    expect(empty.message).toMatch(/^扫描件是空的/);
    expect((await refusedUpload({ name: 'empty.pdf', contentBase64: '' })).code).toBe('VALIDATION');

    await settings({ scanMaxMb: 1 });
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1.5 * 1024 * 1024 - 9, 0x20)]);
    const tooBig = await refusedUpload({ name: 'big.pdf', contentBase64: b64(big) });
    expect(tooBig.message).toBe('扫描件太大（1.5 MB），上限 1 MB，可在归档设置里调整');
    // Just under the limit is taken.
    const fits = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024 - 9, 0x20)]);
    expect((await t.must('scans.upload', { name: 'fits.pdf', contentBase64: b64(fits) })).bytes).toBe(1024 * 1024);
    expect(fs.existsSync(path.join(scanFolderFor(t.file), sha(big).slice(0, 2), sha(big)))).toBe(false);
  });

  it('refuses a paper that was removed (filed in error) or does not exist', async () => {
    const removed = await paper({ roId: ids.ro1 }, 'settlement', 'removed');
    const e = await refusedUpload({ paperId: removed, name: 'a.pdf', contentBase64: b64(PDF) });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('已撤销');
    expect((await refusedUpload({ paperId: 9999, name: 'a.pdf', contentBase64: b64(PDF) })).code).toBe('NOT_FOUND');
  });

  it('deduplicates: the same bytes twice are one file and one blob, two scans', async () => {
    const a = await t.must('scans.upload', { name: '第一次.pdf', contentBase64: b64(PDF) });
    const b = await t.must('scans.upload', { name: '第二次.pdf', contentBase64: b64(PDF) });
    expect(b.id).not.toBe(a.id);
    expect(b.sha256).toBe(a.sha256);
    expect(await sql('SELECT sha256, bytes, mime FROM scan_blob')).toEqual([
      { sha256: sha(PDF), bytes: PDF.length, mime: 'application/pdf' },
    ]);
    expect((await sql<{ n: number }>('SELECT count(*) AS n FROM scan'))[0]!.n).toBe(2);
    const dir = path.join(scanFolderFor(t.file), sha(PDF).slice(0, 2));
    expect(fs.readdirSync(dir)).toEqual([sha(PDF)]);
    const after = (
      await sql<{ after_json: string }>("SELECT after_json FROM audit_log WHERE action = 'scans.upload' ORDER BY id")
    ).map((r) => JSON.parse(r.after_json).deduplicated);
    expect(after).toEqual([false, true]);
  });

  it('stores a 5 MB scan and serves the same bytes back', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE((i * 2654435761) >>> 0, i);
    PDF.copy(big, 0, 0, 9);
    const info = await t.must('scans.upload', { name: 'big.pdf', contentBase64: b64(big) });
    expect(info.sha256).toBe(sha(big));
    const back = await t.must('scans.content', { id: info.id });
    expect(Buffer.from(back.contentBase64, 'base64').equals(big)).toBe(true);
  });

  // Backups are of the archive file (a server archive is backed up by the server: backup.test.ts).
  it.skipIf(onPostgres())(
    'lives in the archive’s file store, so a backup carries the scan with the archive',
    async () => {
      const info = await t.must('scans.upload', { name: 'RO2612030001.png', contentBase64: b64(PNG) });
      expect(fs.existsSync(path.join(`${t.file}.files`, info.sha256.slice(0, 2), info.sha256))).toBe(true);
      await t.loginAs('admin');
      const backup = await t.must('backup.create', {});
      const copy = path.join(filesCopyOf(backup.file), info.sha256.slice(0, 2), info.sha256);
      expect(sha(fs.readFileSync(copy))).toBe(info.sha256);
    },
  );
});

describe('the inbox, attach and discard', () => {
  it('an upload without a paper waits in the inbox, matched by its name to an RO or a vehicle; newest first', async () => {
    // A browser's C:\fakepath\ is left out of the name kept.
    const byRo = await t.must('scans.upload', {
      name: 'C:\\fakepath\\RO2612030001_结算单.pdf',
      contentBase64: b64(PDF),
    });
    at('2026-12-03T10:05:00');
    const byVin = await t.must('scans.upload', { name: `${VIN_B.toLowerCase()}-PDI.jpg`, contentBase64: b64(JPEG) });
    at('2026-12-03T10:10:00');
    const none = await t.must('scans.upload', { name: '未命名.png', contentBase64: b64(PNG) });
    const inbox = await t.must('scans.inbox', {});
    expect(inbox.map((s) => s.id)).toEqual([none.id, byVin.id, byRo.id]);
    expect(inbox[2]).toMatchObject({
      source: 'upload',
      matchedRo: { id: ids.ro1, roNumber: 'RO2612030001' },
      matchedVehicle: { id: ids.vehicleA, plate: '京A12345', vin: VIN_A },
      scan: { originalName: 'RO2612030001_结算单.pdf', mime: 'application/pdf' },
    });
    expect(inbox[1]).toMatchObject({ matchedRo: null, matchedVehicle: { id: ids.vehicleB, vin: VIN_B } });
    expect(inbox[0]).toMatchObject({ matchedRo: null, matchedVehicle: null });
  });

  it('attach moves an inbox scan to a paper (audited) and answers the paper; discard takes it out with the reason, the blob stays', async () => {
    const scan = await t.must('scans.upload', { name: '未命名.pdf', contentBase64: b64(PDF) });
    const p = await paper({ roId: ids.ro2 });
    const attached = await t.call('scans.attach', { scanId: scan.id, paperId: p });
    if (!attached.ok) throw new Error(attached.error.message);
    expect(attached.value.id).toBe(p);
    expect(attached.value.scans.map((s) => s.id)).toEqual([scan.id]);
    expect(await t.must('scans.inbox', {})).toEqual([]);
    // Already on a paper: not moved to another one by attach.
    const other = await paper({ roId: ids.ro1 });
    expect((await t.call('scans.attach', { scanId: scan.id, paperId: other })).ok).toBe(false);
    // Nor onto a removed paper.
    const second = await t.must('scans.upload', { name: 'x.jpg', contentBase64: b64(JPEG) });
    const removed = await paper({ roId: ids.ro1 }, 'consultation', 'removed');
    const refused = await t.call('scans.attach', { scanId: second.id, paperId: removed });
    expect(refused.ok ? null : refused.error.code).toBe('VALIDATION');

    const blank = await t.call('scans.discard', { scanId: scan.id, reason: '  ' });
    expect(blank.ok).toBe(false);
    expect(await t.must('scans.discard', { scanId: scan.id, reason: '扫歪了，重扫' })).toEqual({ id: scan.id });
    expect(await sql('SELECT removed_at, removed_by FROM scan WHERE id = ?', scan.id)).toEqual([
      { removed_at: '2026-12-03T10:00:00+08:00', removed_by: '小王' },
    ]);
    expect((await t.call('scans.discard', { scanId: scan.id, reason: '再来一次' })).ok).toBe(false);
    expect(fs.existsSync(store.pathOf(sha(PDF)))).toBe(true);
    expect(await sql('SELECT count(*) AS n FROM scan_blob WHERE deleted_at IS NULL')).toEqual([{ n: 2 }]);
    expect((await t.call('scans.content', { id: scan.id })).ok).toBe(false);
    const actions = await sql<{ action: string; after_json: string }>(
      "SELECT action, after_json FROM audit_log WHERE entity = 'scan' AND action IN ('scans.attach', 'scans.discard')",
    );
    expect(actions.map((a) => a.action)).toEqual(['scans.attach', 'scans.discard']);
    expect(JSON.parse(actions[1]!.after_json)).toEqual({ removed: true, reason: '扫歪了，重扫' });
  });

  it('attachMatched (inside filing): the RO’s matched scans go to the paper filed; with no RO, the vehicle’s', async () => {
    const forRo = await t.must('scans.upload', { name: 'RO2612030001.pdf', contentBase64: b64(PDF) });
    const forVehicle = await t.must('scans.upload', { name: `${VIN_A}.jpg`, contentBase64: b64(JPEG) });
    const unmatched = await t.must('scans.upload', { name: 'scan0001.png', contentBase64: b64(PNG) });
    const service = new ScansService(t.archive.db, clock, store);
    const roPaper = await paper({ roId: ids.ro1 });
    const vehiclePaper = await paper({ vehicleId: ids.vehicleA }, 'pdi');
    const n = await t.archive.db
      .transaction()
      .execute((trx) => service.attachMatched(trx, t.ctx, STAMP, { roId: ids.ro1, vehicleId: ids.vehicleA }, roPaper));
    expect(n).toBe(1);
    // The RO's scan (whose vehicle is also A) is not the vehicle paper's: only the scan named by VIN alone.
    const m = await t.archive.db
      .transaction()
      .execute((trx) =>
        service.attachMatched(trx, t.ctx, STAMP, { roId: null, vehicleId: ids.vehicleA }, vehiclePaper),
      );
    expect(m).toBe(1);
    expect(await sql('SELECT id, paper_id FROM scan ORDER BY id')).toEqual([
      { id: forRo.id, paper_id: roPaper },
      { id: forVehicle.id, paper_id: vehiclePaper },
      { id: unmatched.id, paper_id: null },
    ]);
    expect(
      (await sql<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'scans.attachMatched'"))[0]!.n,
    ).toBe(2);
    expect(
      await t.archive.db
        .transaction()
        .execute((trx) => service.attachMatched(trx, t.ctx, STAMP, { roId: ids.ro2, vehicleId: null }, roPaper)),
    ).toBe(0);
  });
});

describe('a scan of papers already filed goes straight to its paper', () => {
  it('named after the RO: to the kind its name names, else the RO’s first paper; a VIN: the vehicle’s one paper; in the inbox otherwise', async () => {
    const filed = await t.must('filing.file', { roId: ids.ro1, kinds: ['ro_sheet', 'settlement'] });
    const [roSheet, settlement] = filed.papers.map((p) => p.id);
    const named = await t.must('scans.upload', { name: 'RO2612030001_结算单.pdf', contentBase64: b64(PDF) });
    expect(named.paperId).toBe(settlement);
    const set = await t.must('scans.upload', { name: 'RO2612030001.jpg', contentBase64: b64(JPEG) });
    expect(set.paperId).toBe(roSheet);
    const notFiled = await t.must('scans.upload', { name: 'RO2612030002.png', contentBase64: b64(PNG) });
    expect(notFiled.paperId).toBeNull();
    expect((await t.must('scans.inbox', {})).map((s) => s.id)).toEqual([notFiled.id]);
    const pdi = (await t.must('filing.file', { vehicleId: ids.vehicleB, kinds: ['pdi'] })).papers[0]!;
    const byVin = await t.must('scans.upload', { name: `${VIN_B}.tif`, contentBase64: b64(TIFF) });
    expect(byVin.paperId).toBe(pdi.id);
    const paper = await t.must('papers.get', { id: settlement! });
    expect(paper.scans.map((x) => x.originalName)).toEqual(['RO2612030001_结算单.pdf']);
  });
});

describe('filing a paper takes its matched scans (filing.file → attachMatched)', () => {
  it('the scan named after the RO waits in the inbox until the RO’s paper is filed, then is on that paper', async () => {
    const scan = await t.must('scans.upload', { name: 'RO2612030001 结算单.pdf', contentBase64: b64(PDF) });
    const other = await t.must('scans.upload', { name: 'RO2612030002.jpg', contentBase64: b64(JPEG) });
    const filed = await t.must('filing.file', { roId: ids.ro1, kinds: ['settlement'] });
    expect(filed.papers[0]!.scans.map((s) => s.id)).toEqual([scan.id]);
    expect((await t.must('scans.inbox', {})).map((s) => s.id)).toEqual([other.id]);
  });
});

describe('checked on every read (content, verify)', () => {
  it('a changed file is refused with ARCHIVE_DAMAGED and audited, never served; a missing one too; verify reports both with their papers', async () => {
    const p = await paper({ roId: ids.ro1 });
    const good = await t.must('scans.upload', { paperId: p, name: 'good.png', contentBase64: b64(PNG) });
    const changed = await t.must('scans.upload', { paperId: p, name: 'changed.pdf', contentBase64: b64(PDF) });
    const gone = await t.must('scans.upload', { name: 'gone.jpg', contentBase64: b64(JPEG) });
    expect(await verifyAsManager()).toEqual({ checked: 3, damaged: [] });
    await t.loginAs('clerk');

    // One byte changed on disk.
    const file = store.pathOf(changed.sha256);
    const bytes = fs.readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 2) ^ 0xff, bytes.length - 2);
    fs.writeFileSync(file, bytes);
    fs.rmSync(store.pathOf(gone.sha256));

    const r = await t.call('scans.content', { id: changed.id });
    if (r.ok) throw new Error('served a damaged scan');
    expect(r.error.code).toBe('ARCHIVE_DAMAGED');
    expect(r.error.message).toContain('扫描件已损坏');
    expect(r.error.message).toContain('文件内容与登记的校验值不符');
    const missing = await t.call('scans.content', { id: gone.id });
    expect(missing.ok ? null : missing.error.code).toBe('ARCHIVE_DAMAGED');
    expect((await t.must('scans.content', { id: good.id })).contentBase64).toBe(b64(PNG));

    const audit = await sql<{ action: string; entity_id: number; actor: string; after_json: string }>(
      "SELECT action, entity_id, actor, after_json FROM audit_log WHERE action = 'scans.damaged' ORDER BY id",
    );
    expect(audit.map((a) => [a.entity_id, a.actor, JSON.parse(a.after_json).reason])).toEqual([
      [changed.id, '小王', 'changed'],
      [gone.id, '小王', 'missing'],
    ]);

    const check = await verifyAsManager();
    expect(check.checked).toBe(3);
    expect(check.damaged.sort((a, b) => a.reason.localeCompare(b.reason))).toEqual(
      [
        { sha256: changed.sha256, reason: '文件内容与登记的校验值不符', paperIds: [p] },
        { sha256: gone.sha256, reason: '文件不见了', paperIds: [] },
      ].sort((a, b) => a.reason.localeCompare(b.reason)),
    );

    // The same bytes uploaded again repair the stored file.
    await t.loginAs('clerk');
    await t.must('scans.upload', { name: 'again.pdf', contentBase64: b64(PDF) });
    expect((await t.must('scans.content', { id: changed.id })).contentBase64).toBe(b64(PDF));
  });
});

async function verifyAsManager() {
  await t.loginAs('manager');
  return t.must('scans.verify', {});
}

describe('the watched scanner folder (扫描文件夹)', () => {
  let folder: string;
  const LONG_AGO = new Date('2026-01-01T00:00:00Z');
  const put = (name: string, bytes: Buffer, settled = true) => {
    fs.writeFileSync(path.join(folder, name), bytes);
    if (settled) fs.utimesSync(path.join(folder, name), LONG_AGO, LONG_AGO);
  };
  const listing = (dir = folder) =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
      .sort();

  beforeEach(async () => {
    folder = path.join(t.dir, '扫描仪');
    fs.mkdirSync(folder);
    await settings({ watchFolder: folder });
  });

  it('takes in what it can: matched by RO number or VIN, the rest to the inbox; refused files stay with their reason; taken ones moved to 已导入', async () => {
    put('RO2612030001_结算单.pdf', PDF);
    put(`${VIN_B}.jpg`, JPEG);
    put('scan0001.png', PNG);
    put('scan0002.tif', TIFF);
    put('说明.pdf', Buffer.from('这是改了扩展名的文本文件'));
    put('空白.pdf', Buffer.alloc(0));
    fs.mkdirSync(path.join(folder, '子文件夹'));
    put('子文件夹/RO2612030002.pdf', PDF);

    const check = await t.must('scans.checkFolder', {});
    expect(check).toEqual({
      folder,
      picked: 4,
      matched: 2,
      refused: [
        { name: '空白.pdf', reason: '扫描件是空的，请重新扫描' },
        { name: '说明.pdf', reason: '不是 PDF 或图片（JPEG/PNG/TIFF），请检查文件；按内容判断，不看扩展名' },
      ],
    });
    expect(listing()).toEqual(['子文件夹/', '已导入/', '空白.pdf', '说明.pdf']);
    expect(listing(path.join(folder, WATCH_IMPORTED_DIR))).toEqual(
      ['RO2612030001_结算单.pdf', `${VIN_B}.jpg`, 'scan0001.png', 'scan0002.tif'].sort(),
    );
    const inbox = await t.must('scans.inbox', {});
    expect(
      inbox
        .map((s) => ({
          name: s.scan.originalName,
          source: s.source,
          ro: s.matchedRo?.id ?? null,
          v: s.matchedVehicle?.id ?? null,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual(
      [
        { name: 'RO2612030001_结算单.pdf', source: 'watch', ro: ids.ro1, v: ids.vehicleA },
        { name: `${VIN_B}.jpg`, source: 'watch', ro: null, v: ids.vehicleB },
        { name: 'scan0001.png', source: 'watch', ro: null, v: null },
        { name: 'scan0002.tif', source: 'watch', ro: null, v: null },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(await sql<{ added_by: string }>('SELECT DISTINCT added_by FROM scan')).toEqual([{ added_by: '小王' }]);
    expect(
      (await sql<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'scans.checkFolder'"))[0]!.n,
    ).toBe(4);

    // The next look: nothing new taken, the refused ones listed again (not read again), nothing written.
    const before = await rowCounts(t.archive);
    const again = await t.must('scans.checkFolder', {});
    expect(again).toMatchObject({ picked: 0, matched: 0 });
    expect(again.refused.map((r) => r.name)).toEqual(['空白.pdf', '说明.pdf']);
    expect(await rowCounts(t.archive)).toEqual(before);

    // The clerk replaces the refused file with the real scan: taken in at the next look.
    fs.rmSync(path.join(folder, '说明.pdf'));
    put('说明.pdf', PDF);
    // The same name again later: kept beside the first in 已导入, never over it.
    put('scan0001.png', PNG);
    const third = await t.must('scans.checkFolder', {});
    expect(third).toMatchObject({ picked: 2, refused: [{ name: '空白.pdf' }] });
    expect(listing(path.join(folder, WATCH_IMPORTED_DIR))).toEqual(
      [
        'RO2612030001_结算单.pdf',
        `${VIN_B}.jpg`,
        'scan0001 (2).png',
        'scan0001.png',
        'scan0002.tif',
        '说明.pdf',
      ].sort(),
    );
    // The host's own look (nobody logged in): recorded as taken in by 扫描文件夹, audited as system.
    const service = new ScansService(t.archive.db, clock, store);
    put('RO2612030002.pdf', TIFF);
    const hostCtx = { door: 'ipc' as const, session: new Session() };
    expect(await service.checkFolder(hostCtx)).toMatchObject({ picked: 1, matched: 1 });
    expect(await sql("SELECT added_by, matched_ro_id FROM scan WHERE original_name = 'RO2612030002.pdf'")).toEqual([
      { added_by: '扫描文件夹', matched_ro_id: ids.ro2 },
    ]);
    expect(
      await sql("SELECT actor FROM audit_log WHERE action = 'scans.checkFolder' ORDER BY id DESC LIMIT 1"),
    ).toEqual([{ actor: 'system' }]);
  });

  it('a file still being written (changed within the last 2 s, or its size changed since the last look) waits for the next look', async () => {
    put('RO2612030001.pdf', PDF, false);
    expect(await t.must('scans.checkFolder', {})).toMatchObject({ picked: 0, refused: [] });
    expect(listing()).toEqual(['RO2612030001.pdf']);
    fs.rmSync(path.join(folder, 'RO2612030001.pdf'));

    // The PC's clock as the service sees it, against the files' times.
    let fileNow = LONG_AGO.getTime() + 1000;
    const service = new ScansService(t.archive.db, clock, store, () => fileNow);
    put('growing.pdf', PDF.subarray(0, 10));
    expect(await service.checkFolder(t.ctx)).toMatchObject({ picked: 0, refused: [] }); // written a second ago
    fs.appendFileSync(path.join(folder, 'growing.pdf'), PDF.subarray(10));
    fs.utimesSync(path.join(folder, 'growing.pdf'), LONG_AGO, LONG_AGO);
    fileNow = LONG_AGO.getTime() + 60_000;
    expect(await service.checkFolder(t.ctx)).toMatchObject({ picked: 0, refused: [] }); // grew since the last look
    expect(listing()).toEqual(['growing.pdf']);
    expect(await service.checkFolder(t.ctx)).toMatchObject({ picked: 1, refused: [] }); // the same size twice
    expect(listing()).toEqual(['已导入/']);
    expect(await sql('SELECT sha256 FROM scan')).toEqual([{ sha256: sha(PDF) }]);
  });

  it('looks never overlap: a second caller gets the look under way; no folder set: nothing to do; a folder gone: said clearly', async () => {
    put('RO2612030001.pdf', PDF);
    const service = new ScansService(t.archive.db, clock, store);
    const [a, b] = await Promise.all([service.checkFolder(t.ctx), service.checkFolder(t.ctx)]);
    expect(a).toBe(b);
    expect(a.picked).toBe(1);
    expect((await sql<{ n: number }>('SELECT count(*) AS n FROM scan'))[0]!.n).toBe(1);

    await settings({ watchFolder: null });
    expect(await t.must('scans.checkFolder', {})).toEqual({ folder: null, picked: 0, matched: 0, refused: [] });
    await settings({ watchFolder: path.join(t.dir, '没有这个文件夹') });
    const r = await t.call('scans.checkFolder', {});
    expect(r.ok ? null : r.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('不存在') });
  });

  it('a file over the size limit is refused and stays', async () => {
    await settings({ watchFolder: folder, scanMaxMb: 1 });
    put('big.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1.5 * 1024 * 1024 - 9, 0x20)]));
    expect(await t.must('scans.checkFolder', {})).toMatchObject({
      picked: 0,
      refused: [{ name: 'big.pdf', reason: '扫描件太大（1.5 MB），上限 1 MB，可在归档设置里调整' }],
    });
    expect(listing()).toEqual(['big.pdf']);
  });
});
