/**
 * Desktop hardening (issue 10, part 10) that can be checked without an Electron binary: the
 * packaging config as electron-builder itself reads and validates it (fuses), the link allow-list
 * behind shell.openExternal, the native-binding decision, Chromium's launch options, and the
 * private temporary file every desktop print goes through (real files, real permissions).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXTERNAL_LINK_HOSTS, externalLinkDecision } from '../../src-main/electron/external-links';
import { chooseSqliteBinding, type SqliteBindingInput } from '../../src-main/electron/native-binding';
import {
  CHROMIUM_ARGS,
  chromiumLaunchArgs,
  chromiumLaunchOptions,
} from '../../src-main/services/print/chromium-pdf-renderer';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, withPrivateTempFile } from '../../src-main/services/print/private-temp';
import { tempDir } from '../support/archive';

const root = path.resolve(import.meta.dirname, '../..');
const posix = process.platform !== 'win32';

describe('electron-builder config: fuses', () => {
  // electron-builder's own loader and schema validation (the same code `npm run dist` runs first),
  // so a misspelt or unsupported key fails here, not on a packaging machine.
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  const { getConfig, validateConfiguration } = requireFromRoot('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Record<string, unknown>>;
    validateConfiguration(config: Record<string, unknown>, debugLogger: unknown): Promise<void>;
  };
  const { DebugLogger } = requireFromRoot('builder-util/out/DebugLogger') as {
    DebugLogger: new (enabled: boolean) => unknown;
  };

  it('sets the fuses that keep anyone from running other code in the installed app, and electron-builder accepts them', async () => {
    const config = await getConfig(root, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // Fuses guard app.asar: packing into an asar must stay on.
    expect(config.asar ?? true).toBe(true);
  });

  it('packs the command line with the window, keeps the archive on uninstall, and takes the version from package.json', async () => {
    const config = (await getConfig(root, null, null)) as {
      files?: (string | { filter?: string[] })[];
      nsis?: { deleteAppDataOnUninstall?: boolean; perMachine?: boolean };
      extraMetadata?: { version?: string };
      buildVersion?: string;
    };
    await validateConfiguration(config, new DebugLogger(false));
    // out/** holds out/cli (the `--cli` switch loads out/cli/main.js next to out/main).
    const patterns = (config.files ?? []).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])));
    expect(patterns).toContain('out/**');
    expect(patterns.some((f) => /^!out\b|^!\*\*\/cli\b/.test(f))).toBe(false);
    // The archive and backups are user data: an uninstall (or the uninstall inside an upgrade) keeps them.
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
    expect(config.nsis?.perMachine).toBe(false);
    // One version: package.json's, not a second one here.
    expect(config.extraMetadata?.version).toBeUndefined();
    expect(config.buildVersion).toBeUndefined();
  });

  it('the schema check is real: a misspelt fuse is refused', async () => {
    const config = await getConfig(root, null, null);
    await expect(
      validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, new DebugLogger(false)),
    ).rejects.toThrow(/electronFuses/);
  });
});

describe('shell.openExternal allow-list', () => {
  const allowed = ['help.clerkdesk.example'];

  it('the app itself links to no outside host today', () => {
    expect(EXTERNAL_LINK_HOSTS).toEqual([]);
    expect(externalLinkDecision('https://www.example.com/')).toMatchObject({ open: false });
  });

  it('opens an https link to an allowed host, normalised', () => {
    expect(externalLinkDecision('https://help.clerkdesk.example/zh/backup?x=1#a', allowed)).toEqual({
      open: true,
      url: 'https://help.clerkdesk.example/zh/backup?x=1#a',
    });
    expect(externalLinkDecision('https://HELP.clerkdesk.example/', allowed)).toMatchObject({ open: true });
  });

  it.each([
    ['http://help.clerkdesk.example/', 'scheme http:'],
    ['file:///C:/Windows/System32/calc.exe', 'scheme file:'],
    ['ms-msdt:/id PCWDiagnostic', 'scheme ms-msdt:'],
    ['search-ms:query=x&crumb=location:\\\\evil\\share', 'scheme search-ms:'],
    ['smb://evil.example/share', 'scheme smb:'],
    ['javascript:alert(1)', 'scheme javascript:'],
    ['mailto:someone@example.com', 'scheme mailto:'],
    ['tel:13800138000', 'scheme tel:'],
    ['https://evil.example/', 'host evil.example'],
    ['https://help.clerkdesk.example.evil.example/', 'not on the allow-list'],
    ['https://sub.help.clerkdesk.example/', 'not on the allow-list'],
    ['https://help.clerkdesk.example@evil.example/', 'user name'],
    ['https://user:pw@help.clerkdesk.example/', 'user name'],
    ['https://help.clerkdesk.example:8443/', 'port 8443'],
    ['not a url', 'not a valid URL'],
    ['', 'empty'],
    [`https://help.clerkdesk.example/${'a'.repeat(3000)}`, 'longer than'],
  ])('refuses %s', (url, reason) => {
    const decision = externalLinkDecision(url, allowed);
    expect(decision.open).toBe(false);
    if (decision.open) return;
    expect(decision.reason).toContain(reason);
    // Only scheme and host may reach the log: never a path or query (they can hold customer data).
    expect(decision.shown).not.toMatch(/share|calc|13800138000|someone|alert|aaaa/);
  });
});

describe('native SQLite binding', () => {
  const base: SqliteBindingInput = {
    isPackaged: false,
    env: {},
    resourcesPath: '/opt/ClerkDesk/resources',
    appPath: '/src/clerkdesk',
    platform: 'linux',
    arch: 'x64',
    exists: () => true,
  };

  it('development: CLERKDESK_SQLITE_BINDING is honoured', () => {
    expect(chooseSqliteBinding({ ...base, env: { CLERKDESK_SQLITE_BINDING: 'build/x.node' } })).toEqual({
      nativeBinding: path.resolve('build/x.node'),
      source: 'override',
      ignoredOverride: null,
    });
  });

  it('installed app: the variable cannot choose a native module; the shipped one is loaded and the attempt reported', () => {
    const choice = chooseSqliteBinding({
      ...base,
      isPackaged: true,
      env: { CLERKDESK_SQLITE_BINDING: '/tmp/evil.node' },
    });
    expect(choice).toEqual({
      nativeBinding: path.join('/opt/ClerkDesk/resources', 'native', 'better_sqlite3.node'),
      source: 'packaged',
      ignoredOverride: '/tmp/evil.node',
    });
    // Even with no shipped copy, the override is not a fallback.
    expect(
      chooseSqliteBinding({
        ...base,
        isPackaged: true,
        env: { CLERKDESK_SQLITE_BINDING: '/tmp/evil.node' },
        exists: () => false,
      }).nativeBinding,
    ).toBeUndefined();
  });

  it('development without the variable: resources/native/<os>-<arch>, else node_modules', () => {
    expect(chooseSqliteBinding({ ...base, platform: 'win32' }).nativeBinding).toBe(
      path.join('/src/clerkdesk', 'resources', 'native', 'win-x64', 'better_sqlite3.node'),
    );
    expect(chooseSqliteBinding({ ...base, exists: () => false })).toEqual({
      nativeBinding: undefined,
      source: 'node_modules',
      ignoredOverride: null,
    });
    expect(chooseSqliteBinding({ ...base, env: { CLERKDESK_SQLITE_BINDING: '  ' } }).source).toBe('development');
  });
});

describe('Chromium launch (PDFs in the CLI and browser host)', () => {
  it('keeps the sandbox unless running as root', () => {
    expect(chromiumLaunchArgs(false)).not.toContain('--no-sandbox');
    expect(chromiumLaunchArgs(false)).toEqual([...CHROMIUM_ARGS]);
    // playwright adds --no-sandbox itself unless asked for the sandbox.
    expect(chromiumLaunchOptions('/usr/bin/chromium', false)).toMatchObject({ chromiumSandbox: true });
    expect(chromiumLaunchOptions('/usr/bin/chromium', false).args).not.toContain('--no-sandbox');
  });

  it('as root (where Chromium will not start sandboxed) adds --no-sandbox', () => {
    expect(chromiumLaunchArgs(true)).toContain('--no-sandbox');
    expect(chromiumLaunchOptions('/usr/bin/chromium', true)).toMatchObject({ chromiumSandbox: false });
  });

  it('still keeps Chromium off the network', () => {
    for (const asRoot of [false, true])
      expect(chromiumLaunchArgs(asRoot)).toEqual(
        expect.arrayContaining(['--disable-background-networking', '--disable-component-update', '--disable-sync']),
      );
  });
});

describe('private temporary print file', () => {
  const parent = tempDir('clerkdesk-private-');
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));
  const mode = (file: string) => fs.statSync(file).mode & 0o777;
  const leftovers = () => fs.readdirSync(parent);

  it.runIf(posix)(
    'the document is owner-only while in use, even under a permissive umask, and gone afterwards',
    async () => {
      const previous = process.umask(0o000);
      try {
        const seen = await withPrivateTempFile(
          'print.html',
          '<p>王小明 13800138000</p>',
          async (file) => {
            expect(path.dirname(path.dirname(file))).toBe(parent);
            expect(mode(path.dirname(file))).toBe(PRIVATE_DIR_MODE);
            expect(mode(file)).toBe(PRIVATE_FILE_MODE);
            expect(fs.readFileSync(file, 'utf8')).toBe('<p>王小明 13800138000</p>');
            return file;
          },
          { parent, prefix: 'clerkdesk-print-' },
        );
        expect(fs.existsSync(seen)).toBe(false);
        expect(fs.existsSync(path.dirname(seen))).toBe(false);
        expect(leftovers()).toEqual([]);
      } finally {
        process.umask(previous);
      }
    },
  );

  it('is removed when the print fails too, and the failure is passed on', async () => {
    let seen = '';
    await expect(
      withPrivateTempFile(
        'print.html',
        'x',
        async (file) => {
          seen = file;
          throw new Error('printer jammed');
        },
        { parent },
      ),
    ).rejects.toThrow('printer jammed');
    expect(seen).not.toBe('');
    expect(fs.existsSync(seen)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('each print gets its own folder', async () => {
    const dirs = await Promise.all(
      [1, 2, 3].map((n) =>
        withPrivateTempFile('print.html', String(n), async (file) => path.dirname(file), { parent }),
      ),
    );
    expect(new Set(dirs).size).toBe(3);
    expect(leftovers()).toEqual([]);
  });

  it('takes a bare file name only', async () => {
    await expect(withPrivateTempFile('../escape.html', 'x', async () => 1, { parent })).rejects.toThrow(
      /bare file name/,
    );
    expect(leftovers()).toEqual([]);
  });
});
