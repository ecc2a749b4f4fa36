import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PRINT_FONT_FILES, type PrintFontUrls } from '../../../src-shared/print';

let cached: PrintFontUrls | null = null;

/**
 * The shipped font's folder. Resolved through the package (a runtime dependency, left external by
 * electron-vite), so it is found from the sources under tsx/vitest, from out/main in the bundle,
 * and inside the packaged app's node_modules alike.
 */
export function printFontDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json');
  return path.join(path.dirname(pkg), 'files');
}

/** The four woff2 files as data: URLs: read once (≈2.3 MB), then kept. */
export function printFontDataUrls(): PrintFontUrls {
  if (cached) return cached;
  const dir = printFontDir();
  const urls = {} as PrintFontUrls;
  for (const [key, file] of Object.entries(PRINT_FONT_FILES) as [keyof PrintFontUrls, string][])
    urls[key] = `data:font/woff2;base64,${fs.readFileSync(path.join(dir, file)).toString('base64')}`;
  cached = urls;
  return urls;
}
