/**
 * PDFs in the CLI and browser host run a real Chromium; these check how it is really started
 * (issue 10, part 10): with its sandbox unless the process is root, in an owner-only profile that
 * is gone after close. Each render runs in a child process (tests/support/chromium-sandbox-child.ts)
 * so it can run as an ordinary user when the suite runs as root, as in CI; the browser's command
 * line is read from /proc, so Linux only.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/archive';

const root = path.resolve(import.meta.dirname, '../..');
const childScript = path.join(root, 'tests', 'support', 'chromium-sandbox-child.ts');
const onLinux = process.platform === 'linux';
const isRoot = process.getuid?.() === 0;
/** `nobody` on Debian and most Linux systems. */
const ORDINARY_UID = 65534;

interface ChildReport {
  uid: number | null;
  pdfHeader: string;
  browsers: string[][];
  profileModes: number[];
  leftAfterClose: string[];
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function renderInChild(uid?: number): ChildReport {
  const home = tempDir('clerkdesk-sandbox-home-');
  const tmp = tempDir('clerkdesk-sandbox-tmp-');
  made.push(home, tmp);
  if (uid !== undefined) for (const dir of [home, tmp]) fs.chownSync(dir, uid, uid);
  const result = spawnSync(process.execPath, ['--import', 'tsx', childScript], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: home, TMPDIR: tmp, CLERKDESK_BROWSER: process.env.CLERKDESK_BROWSER },
    ...(uid !== undefined ? { uid, gid: uid } : {}),
  });
  if (result.status !== 0) throw new Error(`child failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as ChildReport;
}

function expectPrivateAndClean(report: ChildReport): void {
  expect(report.pdfHeader).toBe('%PDF-');
  expect(report.browsers).toHaveLength(1);
  // Playwright's profile (cookies, cache of the rendered pages) is owner-only while it runs…
  expect(report.profileModes.length).toBeGreaterThan(0);
  for (const mode of report.profileModes) expect(mode).toBe(0o700);
  // …and nothing is left in the temp folder once the renderer is closed.
  expect(report.leftAfterClose).toEqual([]);
}

describe.runIf(onLinux)('Chromium for PDFs: sandbox and temp files', () => {
  it('as this user: --no-sandbox only if this user is root', () => {
    const report = renderInChild();
    expectPrivateAndClean(report);
    expect(report.browsers[0]!.includes('--no-sandbox')).toBe(isRoot);
  });

  it.runIf(isRoot)('as an ordinary user: Chromium keeps its sandbox and still prints', () => {
    const report = renderInChild(ORDINARY_UID);
    expect(report.uid).toBe(ORDINARY_UID);
    expectPrivateAndClean(report);
    expect(report.browsers[0]).not.toContain('--no-sandbox');
  });
});
