import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/**
 * One build, three parts (`electron-vite build` needs no Electron binary):
 * - main: the Electron main process, plus the browser host entry (out/main/serve-main.js) so
 *   `npm run serve` starts plain Node on built JS. Target node20 because the browser host runs on
 *   the developer's Node 20; Electron's newer Node runs it all the same. out/main/import-worker.js is
 *   the import worker thread, found next to the code that starts it. Dependencies (better-sqlite3,
 *   exceljs, ...) stay external and load from node_modules, except kysely and zod (see below).
 * - preload: CommonJS (out/preload/preload.cjs), because sandboxed preloads cannot be ES modules.
 * - renderer: src-renderer → out/renderer, served by app:// in Electron and by the browser host.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      target: 'node20.18',
      // kysely and zod are needed before the host can answer; loaded from node_modules they are
      // ~380 ES module files (≈290 ms on the reference machine), bundled a fraction of that.
      // Heavy modules used later (exceljs, pinyin-pro, playwright-core, …) stay external and lazy.
      externalizeDeps: { exclude: ['kysely', 'zod'] },
      rolldownOptions: {
        input: {
          main: resolve(root, 'src-main/electron/main.ts'),
          'serve-main': resolve(root, 'src-main/api/serve-main.ts'),
          // The import worker thread (reading, checking and writing a DMS export off the host's event loop).
          'import-worker': resolve(root, 'src-main/services/imports/import.worker.ts'),
        },
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          // Less to read and compile at every start; names are kept so stack traces stay readable.
          minify: { compress: true, mangle: false, codegen: { removeWhitespace: true } },
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [
      react(),
      {
        // electron-vite forces base './' for production; absolute '/' keeps assets loading when the
        // browser host answers a deep link (/customers/12) with index.html. app://clerkdesk/ is a
        // standard scheme, so '/' works in the window too.
        name: 'clerkdesk:absolute-base',
        enforce: 'post',
        config: () => ({ base: '/' }),
      },
    ],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // Halves the JS the window and the browser parse at start (3.2 MB → ~1.5 MB).
      minify: true,
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
