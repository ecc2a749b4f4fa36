import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, startHost } from './harness';

/** True where `npm start` would open the desktop window instead (a machine with the Electron binary). */
function electronPresent(): boolean {
  try {
    const executable = createRequire(path.join(ROOT, 'package.json'))('electron') as unknown;
    return typeof executable === 'string' && fs.existsSync(executable);
  } catch {
    return false;
  }
}

describe('npm start without an Electron binary', () => {
  it.skipIf(electronPresent())('says so in one line and serves the same app to the browser', async () => {
    // No download attempt in a test: the fallback is what is under test.
    const host = await startHost({ script: 'start.mjs', env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    try {
      const notice = host
        .stderr()
        .split('\n')
        .filter((line) => line.includes('桌面窗口'));
      expect(notice).toHaveLength(1);
      expect(notice[0]).toContain('浏览器');
      const page = await fetch(host.baseUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('ClerkDesk');
      const info = await fetch(`${host.baseUrl}api/app.getInfo`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-ClerkDesk-Token': host.token },
        body: '{}',
      });
      expect(await info.json()).toMatchObject({ ok: true, value: { needsSetup: true, archivePath: host.db } });
    } finally {
      await host.stop();
    }
  });
});
