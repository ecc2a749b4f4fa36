import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxScan, MissingPaper, Paper, PaperWhereabouts } from '../../src-shared/domain/filing';
import {
  api,
  counterPage,
  E2E_NOW,
  E2E_TODAY,
  launchChromium,
  type RunningHost,
  setUpDemoStore,
  shot,
  startHost,
} from './harness';

/**
 * 归档 in a real Chromium against the real browser host, on the demo archive (a year of a store,
 * seed 7), at 07:30 in the store on 3 December (E2E_NOW). The clerk files the papers of the last
 * days' settled ROs by scanning their numbers into the 归档台 (type + Enter, Enter), sees the binder
 * and position; attaches a scan (a real PNG and a real PDF made here) to a filed paper and previews
 * it; finds the paper from the vehicle's page (binder and position); attaches a scan waiting in the
 * inbox (待处理扫描件) to a paper.
 */

// ---- small real files: a PNG (drawn here: a grey page with a dark band, like a scanned sheet) and a PDF ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** An RGB PNG of width × height; `shade` makes each copy's bytes different. */
function png(width: number, height: number, shade: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      const band = y > height * 0.2 && y < height * 0.3 && x > width * 0.1 && x < width * 0.9;
      const v = band ? 40 : 235 - shade;
      row[1 + x * 3] = v;
      row[2 + x * 3] = v;
      row[3 + x * 3] = band ? 120 : v;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** A one-page PDF with a line of text. */
function pdf(text: string): Buffer {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** 当月修理单 2026-11 第1册 · 第 37 号 · 档案柜 A, as the desk writes it. */
function placeOf(p: Paper): string {
  return [p.binderTitle, p.position !== null ? `第 ${p.position} 号` : null, p.shelf].filter(Boolean).join(' · ');
}

describe('归档 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    host = await startHost({ env: { CLERKDESK_FAKE_NOW: E2E_NOW } });
    await setUpDemoStore(host, { years: 1 });
    browser = await launchChromium();
    page = await counterPage(browser, problems);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const go = (path: string) => page.evaluate(`window.location.assign(${JSON.stringify(`#${path}`)})`);
  const deskInput = () => page.locator('.desk-input input');
  const where = (roId: number) => api<PaperWhereabouts>(host, 'papers.where', { roId });

  it('files a day’s papers by scanning RO numbers, attaches and previews a scan, finds it from the vehicle', async () => {
    // ---- the last days' settled ROs without their papers (the month's missing list) ----
    const month = E2E_TODAY.slice(0, 7);
    const previous = '2026-11';
    const missing = [
      ...(await api<MissingPaper[]>(host, 'filing.missing', { month })),
      ...(await api<MissingPaper[]>(host, 'filing.missing', { month: previous })),
    ].filter((m) => m.roId !== null && m.roNumber !== null);
    const latestFirst = [...missing].sort((a, b) => b.since.localeCompare(a.since));
    const ros: { id: number; roNumber: string }[] = [];
    for (const m of latestFirst) {
      if (ros.length === 3) break;
      if (!ros.some((r) => r.id === m.roId)) ros.push({ id: m.roId!, roNumber: m.roNumber! });
    }
    expect(ros).toHaveLength(3);

    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await go('/filing/desk');
    await deskInput().waitFor();
    // The input has the focus: the scanner types straight into it.
    await expect.poll(() => deskInput().evaluate((el) => el.matches(':focus'))).toBe(true);

    // ---- scan each RO number (type + Enter), then Enter files the required set ----
    for (const [i, ro] of ros.entries()) {
      await page.keyboard.type(ro.roNumber);
      await page.keyboard.press('Enter');
      const target = page.locator(`.desk-target[data-ro="${ro.roNumber}"]`);
      await target.waitFor();
      const before = await where(ro.id);
      const required = missing.filter((m) => m.roId === ro.id).map((m) => m.kind);
      // The required kinds not filed are ticked; where they will go is said before filing.
      for (const kind of required) {
        expect(await target.locator(`.desk-kind[data-kind="${kind}"] .ant-checkbox-checked`).count()).toBe(1);
      }
      const place = await target.locator('.desk-place-text').textContent();
      expect(place).toMatch(/第 \d+ 号/);
      if (i === 0) await shot(page, 'filing-01-looked-up', false);

      await page.keyboard.press('Enter');
      await expect.poll(async () => (await where(ro.id)).papers.length).toBeGreaterThan(before.papers.length);
      const after = await where(ro.id);
      const filedNow = after.papers.filter((p) => p.state === 'filed' && required.includes(p.kind));
      expect(filedNow.map((p) => p.kind).sort()).toEqual([...required].sort());
      expect(after.missing.filter((m) => m.roId === ro.id)).toEqual([]);
      // One position per binder for the RO's papers; the month's RO binder as the desk said before filing.
      for (const title of new Set(filedNow.map((p) => p.binderTitle))) {
        expect(new Set(filedNow.filter((p) => p.binderTitle === title).map((p) => p.position)).size).toBe(1);
      }
      const sheet = filedNow.find((p) => p.kind === 'ro_sheet') ?? filedNow[0]!;
      expect(placeOf(sheet)).toBe(place);
      await expect.poll(() => page.locator('.desk-result .desk-result-place').allTextContents()).toContain(place);
      // Filed kinds show ✓ with their place; the input is empty and focused for the next scan.
      await expect
        .poll(() => page.locator(`.desk-target[data-ro="${ro.roNumber}"] .desk-kind-filed`).count())
        .toBeGreaterThanOrEqual(required.length);
      await expect.poll(() => deskInput().inputValue()).toBe('');
      await expect.poll(() => deskInput().evaluate((el) => el.matches(':focus'))).toBe(true);
    }
    await expect.poll(() => page.locator('.desk-today-table tbody tr[data-paper]').count()).toBeGreaterThanOrEqual(6);
    await shot(page, 'filing-02-filed');

    // ---- a plate scanned: the vehicle's kinds and its latest ROs to pick from; Esc clears ----
    const firstPaper = (await where(ros[0]!.id)).papers[0]!;
    expect(firstPaper.plate).toBeTruthy();
    await page.keyboard.type(firstPaper.plate!);
    await page.keyboard.press('Enter');
    const vehicleTarget = page.locator(`.desk-target[data-vehicle="${firstPaper.vehicleId}"][data-ro=""]`);
    await vehicleTarget.waitFor();
    await vehicleTarget.locator('.desk-recent-ro', { hasText: ros[0]!.roNumber }).waitFor();
    await shot(page, 'filing-02b-vehicle', false);
    await vehicleTarget.locator('.desk-recent-ro', { hasText: ros[0]!.roNumber }).click();
    await page.locator(`.desk-target[data-ro="${ros[0]!.roNumber}"]`).waitFor();
    await expect.poll(() => deskInput().inputValue()).toBe(ros[0]!.roNumber);
    await deskInput().press('Escape');
    await page.locator('.desk-target').waitFor({ state: 'detached' });
    await expect.poll(() => deskInput().inputValue()).toBe('');

    // ---- a PNG scan on the last filed paper (picked through the file input), previewed ----
    const last = ros[2]!;
    const lastPapers = (await where(last.id)).papers.filter((p) => p.state === 'filed');
    const sheet = lastPapers.find((p) => p.kind === 'ro_sheet') ?? lastPapers[0]!;
    const row = page.locator(`.desk-today-table tr[data-paper="${sheet.id}"]`);
    await row.locator('.scan-file-input').setInputFiles({
      name: `${last.roNumber}-修理单.png`,
      mimeType: 'image/png',
      buffer: png(320, 440, 0),
    });
    await row.locator('.scan-link').first().waitFor();
    const withScan = await api<Paper>(host, 'papers.get', { id: sheet.id });
    expect(withScan.scans).toHaveLength(1);
    expect(withScan.scans[0]).toMatchObject({ mime: 'image/png', originalName: `${last.roNumber}-修理单.png` });
    await row.locator('.scan-link').first().click();
    const image = page.locator('.scan-preview-modal img.scan-preview-image');
    await image.waitFor();
    await expect
      .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(320);
    await shot(page, 'filing-03-preview-png', false);
    await page.locator('.scan-preview-modal .scan-preview-close').click();
    await image.waitFor({ state: 'detached' });

    // ---- a PDF on another paper of the same RO ----
    const settlement = lastPapers.find((p) => p.kind === 'settlement')!;
    const pdfRow = page.locator(`.desk-today-table tr[data-paper="${settlement.id}"]`);
    await pdfRow.locator('.scan-file-input').setInputFiles({
      name: `${last.roNumber}-结算单.pdf`,
      mimeType: 'application/pdf',
      buffer: pdf(`${last.roNumber} settlement`),
    });
    await pdfRow.locator('.scan-link').first().waitFor();
    await pdfRow.locator('.scan-link').first().click();
    await page.locator('.scan-preview-modal iframe.scan-preview-pdf').waitFor();
    await shot(page, 'filing-04-preview-pdf', false);
    await page.locator('.scan-preview-modal .scan-preview-close').click();

    // A file that is not a scan is refused with the archive's reason, nothing stored.
    await pdfRow.locator('.scan-file-input').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a scan'),
    });
    await pdfRow.locator('.scan-refused').waitFor();
    expect((await api<Paper>(host, 'papers.get', { id: settlement.id })).scans).toHaveLength(1);

    // ---- where is it: from the vehicle's page ----
    const vehicleId = sheet.vehicleId!;
    expect(vehicleId).toBeTruthy();
    await go(`/archive/vehicles/${vehicleId}`);
    const paperRow = page.locator(`.papers-card tr[data-paper="${sheet.id}"]`);
    await paperRow.waitFor();
    const rowText = await paperRow.textContent();
    expect(rowText).toContain(sheet.binderTitle!);
    expect(rowText).toContain(`第 ${sheet.position} 号`);
    expect(rowText).toContain(sheet.shelf!);
    await paperRow.scrollIntoViewIfNeeded();
    await shot(page, 'filing-05-vehicle-papers');
    await paperRow.locator('.scan-link').first().click();
    await page.locator('.scan-preview-modal img.scan-preview-image').waitFor();
    await page.locator('.scan-preview-modal .scan-preview-close').click();

    // ---- a scan named after a filed RO goes straight to its paper; one without a name waits in the inbox
    // and is attached to the first RO's paper by hand ----
    const first = ros[0]!;
    await go('/filing/desk');
    const firstPapers = (await where(first.id)).papers.filter((p) => p.state === 'filed');
    const consultation = firstPapers.find((p) => p.kind === 'consultation') ?? firstPapers[0]!;
    const namedScan = `${first.roNumber}-问诊表.png`;
    await page.locator('.inbox-drop .scan-file-input').setInputFiles({
      name: namedScan,
      mimeType: 'image/png',
      buffer: png(200, 280, 40),
    });
    await page.locator('.ant-message', { hasText: '已附到已归档的资料上' }).waitFor();
    // This session's row of that paper shows the scan now.
    await page.locator(`.desk-today-table tr[data-paper="${consultation.id}"] .scan-link`).first().waitFor();
    expect((await api<Paper>(host, 'papers.get', { id: consultation.id })).scans.map((x) => x.originalName)).toContain(
      namedScan,
    );
    const inboxName = '扫描仪0001.png';
    await page.locator('.inbox-drop .scan-file-input').setInputFiles({
      name: inboxName,
      mimeType: 'image/png',
      buffer: png(200, 280, 30),
    });
    const inboxRow = page.locator(`.inbox-table tr[data-name="${inboxName}"]`);
    await inboxRow.waitFor();
    const waiting = (await api<InboxScan[]>(host, 'scans.inbox', {})).find((s) => s.scan.originalName === inboxName);
    expect(waiting).toBeTruthy();
    await shot(page, 'filing-06-inbox');
    await inboxRow.locator('.inbox-attach').click();
    const modal = page.locator('.attach-modal');
    await modal.waitFor();
    if (!waiting!.matchedRo) {
      await modal.locator('.attach-lookup input').fill(first.roNumber);
      await modal.locator('.attach-lookup input').press('Enter');
    }
    await modal.locator(`.attach-papers [data-paper="${consultation.id}"]`).waitFor();
    await modal.locator(`.attach-papers [data-paper="${consultation.id}"]`).click();
    await shot(page, 'filing-07-attach', false);
    await page.locator('.attach-modal .attach-ok').click();
    await modal.waitFor({ state: 'detached' });
    await inboxRow.waitFor({ state: 'detached' });
    const attached = await api<Paper>(host, 'papers.get', { id: consultation.id });
    expect(attached.scans.map((s) => s.originalName)).toContain(inboxName);

    // ---- a TIFF is offered for download; a scan whose bytes changed on disk is refused, in red ----
    const tiff = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
    await api(host, 'scans.upload', {
      paperId: consultation.id,
      name: `${first.roNumber}-问诊表.tif`,
      contentBase64: tiff.toString('base64'),
    });
    await go(`/archive/repair-orders/${first.id}`);
    const tiffRow = page.locator(`.papers-card tr[data-paper="${consultation.id}"]`);
    await tiffRow.locator('.scan-link', { hasText: 'TIFF' }).click();
    await page.locator('.scan-preview-modal .scan-preview-tiff').waitFor();
    const download = page.waitForEvent('download');
    await page
      .locator('.scan-preview-modal .scan-preview-tiff')
      .getByRole('button', { name: /下\s*载/ })
      .click();
    expect((await download).suggestedFilename()).toBe(`${first.roNumber}-问诊表.tif`);
    await shot(page, 'filing-10-preview-tiff', false);
    await page.locator('.scan-preview-modal .scan-preview-close').click();

    const stored = (await api<Paper>(host, 'papers.get', { id: settlement.id })).scans[0]!;
    const file = path.join(`${host.db}.files`, stored.sha256.slice(0, 2), stored.sha256);
    fs.writeFileSync(file, pdf('changed after it was stored'));
    await go(`/archive/repair-orders/${last.id}`);
    await page.locator(`.papers-card tr[data-paper="${settlement.id}"] .scan-link`).first().click();
    const damaged = page.locator('.scan-preview-modal .scan-damaged');
    await damaged.waitFor();
    expect(await page.locator('.scan-preview-modal iframe').count()).toBe(0);
    await shot(page, 'filing-11-damaged', false);
    await page.locator('.scan-preview-modal .scan-preview-close').click();

    // ---- from an RO page's 缺 line to the desk; its binder is bound: asked first, then filed ----
    const fourth = latestFirst.find((m) => !ros.some((r) => r.id === m.roId))!;
    expect(fourth).toBeTruthy();
    await go(`/archive/repair-orders/${fourth.roId}`);
    await page.locator('.papers-card .papers-missing-file').first().waitFor();
    await shot(page, 'filing-08-ro-missing');
    await page.locator('.papers-card .papers-missing-file').first().click();
    const fourthTarget = page.locator(`.desk-target[data-ro="${fourth.roNumber}"]`);
    await fourthTarget.waitFor();
    await expect.poll(() => deskInput().inputValue()).toBe(fourth.roNumber);
    // Digits tick a kind while the looked-up number is selected: an optional kind on, then off again.
    const kindCodes = await fourthTarget
      .locator('.desk-kind')
      .evaluateAll((els) =>
        els.map((el) => ({ code: el.getAttribute('data-kind'), checkbox: el.querySelector('.ant-checkbox') !== null })),
      );
    const fourthRequired = missing.filter((m) => m.roId === fourth.roId).map((m) => m.kind);
    const optional = kindCodes.findIndex((k, i) => i < 9 && k.checkbox && !fourthRequired.includes(k.code ?? ''));
    if (optional >= 0) {
      const box = fourthTarget.locator(`.desk-kind[data-kind="${kindCodes[optional]!.code}"] .ant-checkbox`);
      await deskInput().press(String(optional + 1));
      await expect.poll(() => box.getAttribute('class')).toContain('ant-checkbox-checked');
      await deskInput().press(String(optional + 1));
      await expect.poll(() => box.getAttribute('class')).not.toContain('ant-checkbox-checked');
      expect(await deskInput().inputValue()).toBe(fourth.roNumber);
    }
    const goesTo = (await fourthTarget.locator('.desk-place-text').textContent())!;
    const binder = (await api<{ id: number; title: string; version: number }[]>(host, 'binders.list', {})).find((b) =>
      goesTo.startsWith(`${b.title} · `),
    )!;
    expect(binder).toBeTruthy();
    await api(host, 'binders.bind', { id: binder.id, version: binder.version, confirmIncomplete: true });
    await deskInput().press('Enter');
    const confirm = page.locator('.closed-binder-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('该资料夹已装订，确定要放入吗？');
    await shot(page, 'filing-09-closed-binder', false);
    await confirm.getByRole('button', { name: /放\s*入/ }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(async () => (await where(fourth.roId!)).missing.length).toBe(0);
    await expect.poll(() => page.locator('.desk-result .desk-result-place').allTextContents()).toContain(goesTo);

    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
