/**
 * What a scan is, by its bytes (never its name); the RO numbers and VINs a scanner's file name may
 * carry; base64 decoded a few megabytes per turn of the event loop gives the same bytes as at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScanStore, sha256Of } from '../../src-main/services/scans/scan-store';
import { decodeBase64, encodeBase64, nameCandidates } from '../../src-main/services/scans/scans.service';

const bytes = (...xs: (number | string)[]) =>
  Buffer.concat(xs.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from([x]))));

/** A real 1×1 PNG. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('ScanStore.sniff', () => {
  it('knows a PDF, JPEG, PNG and both TIFF byte orders by their first bytes', () => {
    expect(ScanStore.sniff(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('application/pdf');
    expect(ScanStore.sniff(bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'JFIF'))).toBe('image/jpeg');
    expect(ScanStore.sniff(PNG_1X1)).toBe('image/png');
    expect(ScanStore.sniff(bytes('II*', 0x00, 0x08, 0, 0, 0))).toBe('image/tiff');
    expect(ScanStore.sniff(bytes('MM', 0x00, '*', 0, 0, 0, 8))).toBe('image/tiff');
  });

  it('refuses everything else: text named .pdf, Word, ZIP, GIF, BMP, a cut-off header, nothing at all', () => {
    for (const b of [
      Buffer.from('这不是 PDF，只是改了扩展名的文本'),
      Buffer.from('%PDF'), // cut off before the dash
      Buffer.from(' %PDF-1.4'), // not at the start
      bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), // .doc
      bytes('PK', 0x03, 0x04), // .docx / .zip
      Buffer.from('GIF89a'),
      Buffer.from('BM6'),
      bytes(0xff, 0xd8), // two bytes of a JPEG
      PNG_1X1.subarray(0, 7),
      bytes('II', 0x2b, 0x00), // BigTIFF is not taken
      Buffer.alloc(0),
    ])
      expect(ScanStore.sniff(b), b.toString('hex')).toBeNull();
  });

  it('any bytes behind a known header are that type; random bytes without one are not', () => {
    const headers = [
      [Buffer.from('%PDF-'), 'application/pdf'],
      [bytes(0xff, 0xd8, 0xff), 'image/jpeg'],
      [PNG_1X1.subarray(0, 8), 'image/png'],
      [bytes('II*', 0), 'image/tiff'],
      [bytes('MM', 0, '*'), 'image/tiff'],
    ] as const;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: headers.length - 1 }), (tail, i) => {
        const [head, mime] = headers[i]!;
        expect(ScanStore.sniff(Buffer.concat([head, Buffer.from(tail)]))).toBe(mime);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
        const b = Buffer.from(raw);
        const known = headers.some(([head]) => b.length >= head.length && b.subarray(0, head.length).equals(head));
        if (!known) expect(ScanStore.sniff(b)).toBeNull();
      }),
    );
  });
});

describe('nameCandidates (file names of the watched folder)', () => {
  const VIN = 'LSVAU2180N2183456';

  it('finds the RO number in names as scanners and clerks write them', () => {
    expect(nameCandidates('RO2611220001.pdf').roNumbers).toContain('RO2611220001');
    expect(nameCandidates('RO2611220001_结算单.pdf').roNumbers).toContain('RO2611220001');
    expect(nameCandidates('扫描 ro2611220001 (2).PDF').roNumbers).toContain('RO2611220001');
    expect(nameCandidates('结算单ＲＯ２６１１２２０００１.jpg').roNumbers).toContain('RO2611220001');
    expect(nameCandidates('RO-2611-0001_p1.tif').roNumbers).toEqual(expect.arrayContaining(['RO-2611-0001']));
  });

  it('finds a VIN (17 characters, no I, O or Q), never the extension', () => {
    expect(nameCandidates(`${VIN}.jpg`).vins).toEqual([VIN]);
    expect(nameCandidates(`保修登记_${VIN.toLowerCase()}-1.png`).vins).toEqual([VIN]);
    expect(nameCandidates('LSVAU2180N218345.jpg').vins).toEqual([]); // 16
    expect(nameCandidates('LSVAU2180N21834OQ.jpg').vins).toEqual([]); // O and Q
    expect(nameCandidates('scan.pdf').roNumbers).not.toContain('PDF');
    expect(nameCandidates('扫描件.pdf')).toEqual({ roNumbers: [], vins: [] });
  });
});

describe('decodeBase64 / encodeBase64 (a few megabytes per turn)', () => {
  it('gives the same bytes as decoding at once, with or without line breaks, across chunk edges', async () => {
    const big = Buffer.alloc(7 * 1024 * 1024 + 5);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
    const text = big.toString('base64');
    expect((await decodeBase64(text)).equals(big)).toBe(true);
    // MIME-style lines of 76 characters: the chunk edges no longer fall on groups of four.
    const wrapped = text.replace(/(.{76})/g, '$1\r\n');
    expect((await decodeBase64(wrapped)).equals(big)).toBe(true);
    expect(await sha256Of(await decodeBase64(wrapped))).toBe(await sha256Of(big));
    expect((await decodeBase64('JVBERi0=')).toString()).toBe('%PDF-');
    expect(await encodeBase64(big)).toBe(text);
    expect(await encodeBase64(Buffer.from('%PDF-'))).toBe('JVBERi0=');
  });
});
