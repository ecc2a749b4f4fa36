import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/**
 * One build, three parts (`electron-vite build` needs no Electron binary):
 * - main: the Electron main process, plus the browser host entry (out/main/serve-main.js) so
 *   `npm run serve` starts plain Node on built JS. Target node20 because the browser host runs on
 *   the developer's Node 20; Electron's newer Node runs it all the same. Dependencies (better-sqlite3,
 *   kysely, zod, ...) stay external and load from node_modules.
 * - preload: CommonJS (out/preload/preload.cjs), because sandboxed preloads cannot be ES modules.
 * - renderer: src-renderer → out/renderer, served by app:// in Electron and by the browser host.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      target: 'node20.18',
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          main: resolve(root, 'src-main/electron/main.ts'),
          'serve-main': resolve(root, 'src-main/api/serve-main.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
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
