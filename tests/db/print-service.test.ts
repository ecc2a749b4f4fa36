/**
 * The one print service on a real Chromium (/usr/bin/chromium, or CLERKDESK_BROWSER), checked with
 * poppler's pdfinfo / pdffonts / pdftotext: page size, the shipped Chinese font embedded, customer
 * text printed as text, nothing fetched from the network, and the message when no browser is found.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_NOT_FOUND_MESSAGE,
  browserCandidates,
  ChromiumPdfRenderer,
  findBrowser,
} from '../../src-main/services/print/chromium-pdf-renderer';
import { escapeHtml, html, raw } from '../../src-main/services/print/html';
import { pdfPageCount } from '../../src-main/services/print/pdf-pages';
import { PrintService } from '../../src-main/services/print/print.service';
import { AppError } from '../../src-shared/errors';
import { PRINT_FONT_PLACEHOLDER, PRINT_FONT_STACK } from '../../src-shared/print';
import { tempDir } from '../support/archive';

const dir = tempDir('clerkdesk-print-');
let print: PrintService;

beforeAll(() => {
  print = new PrintService();
});
afterAll(async () => {
  await print.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let fileNo = 0;
function poppler(tool: 'pdfinfo' | 'pdffonts' | 'pdftotext', pdf: Buffer, ...args: string[]): string {
  const file = path.join(dir, `doc-${++fileNo}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
}

function pageSize(info: string): [number, number] {
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  if (!m) throw new Error(`no page size in:\n${info}`);
  return [Number(m[1]), Number(m[2])];
}

/** A small template the way real ones are written: CSS as a trusted constant, data escaped. */
function page(bodyHtml: ReturnType<typeof html>, pageCss = 'size: A4; margin: 12mm;'): string {
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${raw(PRINT_FONT_PLACEHOLDER)}
@page { ${raw(pageCss)} @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-family: ${raw(PRINT_FONT_STACK)}; } }
body { font-family: ${raw(PRINT_FONT_STACK)}; font-size: 11pt; }
.break { break-before: page; }
</style></head><body>${bodyHtml}</body></html>`.value;
}

describe('html: escaping late', () => {
  it('escapes every interpolated value, keeps raw() and html fragments, joins arrays, prints nothing for null', () => {
    const name = `<script>alert(1)</script>&"'`;
    expect(escapeHtml(name)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;');
    const rowsHtml = ['张三', name].map((n) => html`<li>${n}</li>`);
    expect(html`<ul>${rowsHtml}</ul>${null}${undefined}${false}${0}${raw('<hr>')}`.value).toBe(
      '<ul><li>张三</li><li>&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;</li></ul>0<hr>',
    );
    expect(html`<td title="${'" onmouseover="x'}">`.value).toBe('<td title="&quot; onmouseover=&quot;x">');
  });
});

describe('PrintService with Chromium', () => {
  it('prints an A4 page with the shipped Noto font embedded and customer text as text', async () => {
    const customer = '<script>alert(1)</script>&';
    const template = page(html`<h1>售后服务日报</h1><p>客户：${customer}</p><p>合计 ¥1,234.50</p>`);
    expect(template).toContain(PRINT_FONT_PLACEHOLDER);
    expect(template).not.toContain('<script>');
    const { pdf, pages } = await print.pdf(template);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = poppler('pdfinfo', pdf);
    const [w, h] = pageSize(info);
    // A4 is 595.28 x 841.89 pt; Chromium rounds to whole device pixels.
    expect(Math.abs(w - 595.28)).toBeLessThan(1);
    expect(Math.abs(h - 841.89)).toBeLessThan(1);
    expect(pages).toBe(1);
    expect(info).toMatch(/Pages:\s+1\n/);
    const text = poppler('pdftotext', pdf, '-layout');
    expect(text).toContain('售后服务日报');
    expect(text).toContain(`客户：${customer}`);
    expect(text).toContain('¥1,234.50');
    expect(text).toMatch(/第\s*1\s*页\s*\/\s*共\s*1\s*页/);
    // Our web font, not a system CJK font (this machine has Noto Sans CJK installed): NotoSansSC.
    const fonts = poppler('pdffonts', pdf)
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toMatch(/\+NotoSansSC/);
      expect(line).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, unicode map
    }
  });

  it('counts pages as pdfinfo does, and honours the template’s page size', async () => {
    const pagesHtml = [1, 2, 3].map((n) => html`<p class="${n > 1 ? 'break' : ''}">第${n}张信封</p>`);
    const { pdf, pages } = await print.pdf(page(html`${pagesHtml}`, 'size: 220mm 110mm; margin: 0;'));
    const info = poppler('pdfinfo', pdf);
    expect(pages).toBe(3);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(pages);
    const [w, h] = pageSize(info);
    // DL envelope, 220 x 110 mm = 623.6 x 311.8 pt.
    expect(Math.abs(w - 623.6)).toBeLessThan(1.5);
    expect(Math.abs(h - 311.8)).toBeLessThan(1.5);
    expect(pdfPageCount(Buffer.from('not a pdf'))).toBe(0);
  });

  it('never touches the network: images, styles and fonts from elsewhere are not fetched', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { pdf } = await print.pdf(
        page(
          html`<link rel="stylesheet" href="${`${base}/a.css`}"><img src="${`${base}/logo.png`}" alt=""><iframe src="${`${base}/frame`}"></iframe><p style="background:url(${`${base}/bg.png`})">离线打印</p>`,
        ),
      );
      expect(poppler('pdftotext', pdf)).toContain('离线打印');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(requests).toBe(0);
  });

  it('renders requests made at the same time, one after another, each complete', async () => {
    const results = await Promise.all(
      ['甲', '乙', '丙'].map((who) => print.pdf(page(html`<p>${who}的修理单</p>`)).then((r) => ({ who, ...r }))),
    );
    for (const r of results) {
      expect(r.pages).toBe(1);
      expect(poppler('pdftotext', r.pdf)).toContain(`${r.who}的修理单`);
    }
  });

  it('after close() the next print starts the browser again', async () => {
    const own = new PrintService();
    try {
      await own.pdf(page(html`<p>一</p>`));
      await own.close();
      const again = await own.pdf(page(html`<p>二</p>`));
      expect(poppler('pdftotext', again.pdf)).toContain('二');
    } finally {
      await own.close();
    }
  });
});

describe('finding the browser', () => {
  it('CLERKDESK_BROWSER naming no file is an error with the Chinese message (no quiet fallback)', async () => {
    const missing = path.join(dir, 'no-such-browser');
    const service = new PrintService({
      pdfRenderer: new ChromiumPdfRenderer({ env: { CLERKDESK_BROWSER: missing } }),
    });
    try {
      const error = await service.pdf(page(html`<p>x</p>`)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('NOT_FOUND');
      expect((error as AppError).message).toContain(missing);
      expect((error as AppError).message).toContain(BROWSER_NOT_FOUND_MESSAGE);
    } finally {
      await service.close();
    }
  });

  it('nothing installed: the message says what to install or set', () => {
    expect(() => findBrowser({}, 'linux', () => false)).toThrow(BROWSER_NOT_FOUND_MESSAGE);
    expect(() => findBrowser({}, 'win32', () => false)).toThrow(BROWSER_NOT_FOUND_MESSAGE);
  });

  it('looks for Edge first on Windows, Chromium first on Linux, and honours CLERKDESK_BROWSER', () => {
    const win = browserCandidates('win32', { 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', PROGRAMFILES: 'D:\\PF' });
    expect(win[0]).toBe('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(win).toContain('D:\\PF\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(win).toContain('D:\\PF\\Google\\Chrome\\Application\\chrome.exe');
    const seen: string[] = [];
    const found = findBrowser({}, 'linux', (f) => {
      seen.push(f);
      return f === '/usr/bin/google-chrome';
    });
    expect(found).toBe('/usr/bin/google-chrome');
    expect(seen[0]).toBe('/usr/bin/chromium');
    expect(findBrowser({ CLERKDESK_BROWSER: '/opt/edge/msedge' }, 'linux', (f) => f === '/opt/edge/msedge')).toBe(
      '/opt/edge/msedge',
    );
  });
});
