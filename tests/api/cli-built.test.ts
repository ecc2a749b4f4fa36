/**
 * The command line as it ships: out/cli (scripts/build-cli.mjs, esbuild) run by bin/clerkdesk.mjs on
 * plain Node — no tsx, no vitest transform — against a real archive (a SQLite file, or a fresh
 * PostgreSQL database when CLERKDESK_TEST_DIALECT=postgres). Covers `methods`, `call` for every
 * contract method, a round trip through setup, customers and search, and `npm run dist` refusing
 * clearly where the Electron binary cannot be had.
 */
import { execFile, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../src-shared/contract/index';
import { accessLabel } from '../../src-shared/contract/roles';
import { openTestArchive, type TestArchive, tempDir } from '../support/archive';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin', 'clerkdesk.mjs');
const bundle = path.join(root, 'out', 'cli', 'main.js');
const packageVersion = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;

let t: TestArchive;
let work: string;

interface Run {
  code: number;
  out: string;
  err: string;
}

/** bin/clerkdesk.mjs in a child process of plain Node, in a scratch folder, on the test archive. */
function clerkdesk(args: string[], options: { stdin?: string; db?: string | null } = {}): Promise<Run> {
  const db = options.db === undefined ? t.file : options.db;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args, ...(db === null ? [] : ['--db', db])],
      { cwd: work, env: { ...process.env, CLERKDESK_DB: '' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: String(stdout), err: String(stderr) });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

beforeAll(async () => {
  // Always from the sources of this checkout: a stale out/cli would test yesterday's CLI.
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-cli.mjs'), '--quiet'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(build.stderr).toBe('');
  expect(build.status).toBe(0);
  expect(fs.existsSync(bundle)).toBe(true);
  expect(fs.existsSync(path.join(root, 'out', 'cli', 'import-worker.js'))).toBe(true);
  t = await openTestArchive();
  work = tempDir('clerkdesk-cli-built-');
}, 120_000);

afterAll(async () => {
  await t?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('built CLI: methods', () => {
  it('methods --json lists every contract method with its doc and roles, without an archive', async () => {
    const r = await clerkdesk(['methods', '--json'], { db: null });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.out) as { method: string; doc: string; roles: unknown; mutates: boolean }[];
    expect(listed.map((m) => m.method).sort()).toEqual([...METHOD_NAMES].sort());
    for (const m of listed) {
      const def = contract[m.method as keyof typeof contract];
      expect(m).toMatchObject({ doc: def.doc, roles: def.roles, mutates: def.mutates });
    }
    expect(listed.find((m) => m.method === 'customers.create')).toMatchObject({
      area: 'customers',
      input: { type: 'object', properties: { name: expect.any(Object) } },
    });
  });

  it('methods prints them grouped by area in Chinese', async () => {
    const r = await clerkdesk(['methods'], { db: null });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`共 ${METHOD_NAMES.length} 个操作`);
    expect(r.out).toMatch(/^customers（\d+）$/m);
    const line = r.out.split('\n').find((l) => l.trim().startsWith('customers.create '));
    expect(line).toContain('写入');
    expect(line).toContain(contract['customers.create'].doc);
    expect(line).toContain(`[${accessLabel(contract['customers.create'].roles)}]`);
  });

  it('the help names call and methods', async () => {
    const r = await clerkdesk(['--help'], { db: null });
    expect(r.code).toBe(0);
    expect(r.out).toContain('call METHOD [--input JSON|@文件|-]');
    expect(r.out).toContain('methods [--json]');
  });
});

describe('built CLI: call', () => {
  it('reaches every contract method through the dispatcher (invalid input: VALIDATION, exit 2; never unknown)', async () => {
    // One plain-Node process calls the bundle's runCli once per method (252 processes would take minutes).
    const driver = `
      const { runCli } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
      const answers = {};
      for (const method of JSON.parse(process.argv[1])) {
        let err = '';
        const code = await runCli(['call', method, '--input', '"not an object"', '--db', process.argv[2]],
          { out: () => {}, err: (s) => { err += s; } }, {});
        answers[method] = { code, err };
      }
      process.stdout.write(JSON.stringify(answers));`;
    const answers = await new Promise<Record<string, { code: number; err: string }>>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', driver, JSON.stringify(METHOD_NAMES), t.file],
        { cwd: work, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
      );
    });
    expect(Object.keys(answers).sort()).toEqual([...METHOD_NAMES].sort());
    const notValidation = Object.entries(answers).filter(
      ([, a]) => a.code !== 2 || !a.err.startsWith('错误：--input：'),
    );
    expect(notValidation).toEqual([]);
    expect(Object.values(answers).some((a) => a.err.includes('没有这个操作'))).toBe(false);
  }, 180_000);

  it('a round trip: setup.complete from a file, customers.create, search.quick from stdin; masked unless --unmasked', async () => {
    const setupFile = path.join(work, 'setup.json');
    fs.writeFileSync(
      setupFile,
      JSON.stringify({
        store: {
          name: '测试汽车服务有限公司',
          address: '北京市朝阳区测试路1号',
          postalCode: '100020',
          phone: '010-12345678',
        },
        users: [{ name: '管理员', role: 'admin', pin: '1234' }],
        demo: null,
      }),
    );
    const setup = await clerkdesk(['call', 'setup.complete', '--input', '@setup.json']);
    expect(setup.err).toBe('');
    expect(setup.code).toBe(0);
    expect(JSON.parse(setup.out)).toMatchObject({ info: { storeName: '测试汽车服务有限公司', needsSetup: false } });

    const created = await clerkdesk([
      'call',
      'customers.create',
      '--input',
      JSON.stringify({
        name: '张三丰',
        mobile: '13912345678',
        address: '北京市海淀区中关村大街1号',
        postalCode: '100080',
      }),
    ]);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    const record = (JSON.parse(created.out) as { record: { id: number; name: string; mobile: string } }).record;
    // What the CLI prints is masked like its other outputs; the archive has the full values.
    expect(record).toMatchObject({ name: '张**', mobile: '139****5678' });
    const stored = await t.archive.db
      .selectFrom('customer')
      .select(['name', 'mobile'])
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: '张三丰', mobile: '13912345678' });

    const found = await clerkdesk(['call', 'search.quick', '--input', '-'], { stdin: '{"text":"5678"}' });
    expect(found.err).toBe('');
    expect(found.code).toBe(0);
    expect(JSON.parse(found.out)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'customer', id: record.id, matchedOn: 'phone' })]),
    );

    const full = await clerkdesk(['call', 'customers.get', '--input', JSON.stringify({ id: record.id }), '--unmasked']);
    expect(full.code).toBe(0);
    expect(JSON.parse(full.out)).toMatchObject({ id: record.id, name: '张三丰', mobile: '13912345678' });
    const unmaskings = await t.archive.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('action', '=', 'privacy.unmask')
      .execute();
    expect(unmaskings).toHaveLength(1);
    expect(JSON.parse(String(unmaskings[0]!.after_json))).toMatchObject({
      document: '命令行 call customers.get',
      method: 'customers.get',
    });
  });

  it('app.getInfo shows the version of package.json', async () => {
    const r = await clerkdesk(['call', 'app.getInfo']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ version: packageVersion, door: 'cli' });
  });

  it('invalid JSON in --input: a Chinese message naming --input, exit 2, and no archive created', async () => {
    const fresh = path.join(work, 'never.sqlite');
    const r = await clerkdesk(['call', 'customers.create', '--input', '{name: 张三}'], { db: fresh });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^错误：--input：不是有效的 JSON（/);
    expect(fs.existsSync(fresh)).toBe(false);
    const missing = await clerkdesk(['call', 'customers.create', '--input', '@nope.json'], { db: fresh });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`--input：找不到文件 ${path.join(work, 'nope.json')}`);
  });

  it('input the contract refuses: the field named in Chinese, exit 2', async () => {
    const r = await clerkdesk(['call', 'customers.create', '--input', '{"mobile":"13800138000"}']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^错误：--input：姓名/);
  });

  it('an unknown method: says so, suggests near names and `clerkdesk methods`, exit 1', async () => {
    const r = await clerkdesk(['call', 'customers.craete', '--input', '{}']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('没有这个操作：customers.craete');
    expect(r.err).toContain('customers.create');
    expect(r.err).toContain('clerkdesk methods');
  });

  it('bin/clerkdesk.mjs without a built CLI says in Chinese to run npm run build', () => {
    const copy = path.join(work, 'unbuilt');
    fs.mkdirSync(path.join(copy, 'bin'), { recursive: true });
    fs.copyFileSync(bin, path.join(copy, 'bin', 'clerkdesk.mjs'));
    const r = spawnSync(process.execPath, [path.join(copy, 'bin', 'clerkdesk.mjs'), 'info'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('命令行尚未构建');
    expect(r.stderr).toContain('npm run build');
  });
});

describe('npm run dist where Electron cannot be had', () => {
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  const electronPresent = (() => {
    try {
      const file = requireFromRoot('electron') as unknown;
      return typeof file === 'string' && fs.existsSync(file);
    } catch {
      return false;
    }
  })();
  const nativeForLinux = path.join(root, 'resources', 'native', 'linux-x64', 'better_sqlite3.node');
  const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  it.skipIf(electronPresent || fs.existsSync(nativeForLinux))(
    'names what is missing and how to get it, exits non-zero, builds nothing and leaves node_modules alone',
    () => {
      const before = sha256(nodeBuild);
      const electronDir = path.join(root, 'node_modules', 'electron');
      const electronFiles = fs.readdirSync(electronDir).sort();
      const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'dist.mjs'), '--linux'], {
        cwd: root,
        encoding: 'utf8',
        // No download attempt here (there is no network to GitHub): the refusal itself is under test.
        env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('无法打包 / cannot package');
      expect(r.stderr).toContain('Electron 41');
      expect(r.stderr).toContain('node node_modules/electron/install.js');
      expect(r.stderr).toContain(
        '缺少为 Electron 编译的 better-sqlite3：resources/native/linux-x64/better_sqlite3.node',
      );
      expect(r.stderr).toContain('docs/desktop-build.md');
      // Stopped before building or packaging.
      expect(r.stdout).not.toContain('electron-vite build');
      expect(r.stdout).not.toContain('electron-builder');
      expect(sha256(nodeBuild)).toBe(before);
      expect(fs.readdirSync(electronDir).sort()).toEqual(electronFiles);
    },
  );
});
