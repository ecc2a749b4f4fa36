import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PRINT_FONT_FAMILY } from '../../../src-shared/print';

/**
 * The shipped font's folder. Resolved through the package (a runtime dependency, left external by
 * electron-vite), so it is found from the sources under tsx/vitest, from out/main in the bundle,
 * and inside the packaged app's node_modules alike.
 */
export function printFontDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json');
  return path.join(path.dirname(pkg), 'files');
}

/** One of the font's unicode-range slices, as @fontsource/noto-sans-sc declares it. */
interface FontSlice {
  weight: 400 | 700;
  file: string;
  /** The declared unicode-range, as written. */
  rangeText: string;
  ranges: [number, number][];
}

let slices: FontSlice[] | null = null;
const sliceUrls = new Map<string, string>();

function parseRanges(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const [lo, hi] = part.trim().replace(/^U\+/i, '').split('-');
    const from = Number.parseInt(lo!, 16);
    return [from, hi === undefined ? from : Number.parseInt(hi, 16)];
  });
}

/** The slices of both weights, in the package's order (its Latin slice last, so it wins for ASCII). */
function fontSlices(): FontSlice[] {
  if (slices) return slices;
  const pkgDir = path.dirname(printFontDir());
  const out: FontSlice[] = [];
  for (const weight of [400, 700] as const) {
    const css = fs.readFileSync(path.join(pkgDir, `${weight}.css`), 'utf8');
    for (const block of css.split('@font-face').slice(1)) {
      const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
      if (file && range) out.push({ weight, file, rangeText: range.trim(), ranges: parseRanges(range) });
    }
  }
  slices = out;
  return out;
}

/** Always in: what the page margins print (page counters, dates) may use beyond the body's text. */
const ALWAYS = [...'0123456789 /-:.第页共'].map((c) => c.codePointAt(0)!);

/**
 * @font-face rules for the print font with only the slices the document's characters fall in, each
 * with its unicode-range. Chromium decodes every face it is given before printing; the whole
 * Chinese file (1.1 MB per weight) cost about 1.4 s per PDF, the few slices a document uses a
 * fraction of that. The same font and glyphs as the preview's whole files.
 */
export function printFontCssFor(html: string): string {
  const used = new Set<number>(ALWAYS);
  for (const ch of html) used.add(ch.codePointAt(0)!);
  const points = [...used].sort((a, b) => a - b);
  const anyIn = (lo: number, hi: number) => {
    let a = 0;
    let b = points.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (points[mid]! < lo) a = mid + 1;
      else b = mid;
    }
    return a < points.length && points[a]! <= hi;
  };
  const dir = printFontDir();
  const rules: string[] = [];
  for (const slice of fontSlices()) {
    if (!slice.ranges.some(([lo, hi]) => anyIn(lo, hi))) continue;
    let url = sliceUrls.get(slice.file);
    if (url === undefined) {
      url = `data:font/woff2;base64,${fs.readFileSync(path.join(dir, slice.file)).toString('base64')}`;
      sliceUrls.set(slice.file, url);
    }
    rules.push(
      `@font-face { font-family: '${PRINT_FONT_FAMILY}'; font-style: normal; font-weight: ${slice.weight}; font-display: block; src: url("${url}") format('woff2'); unicode-range: ${slice.rangeText}; }`,
    );
  }
  return rules.join('\n');
}
