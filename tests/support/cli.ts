/**
 * The command-line tests' arrangement: an archive with one customer, vehicle and repair order, and
 * the CLI run in this process or as its own process (`npm run --silent cli -- …`).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../src-main/cli/main';
import { type TestArchive, VIN_A } from './archive';

const exec = promisify(execFile);
const root = path.resolve(__dirname, '../..');

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * 张三 (13800138000) with 京A12345 (VIN_A, 朗逸) and its repair order RO2611200001 of 2026-11-20, in
 * the archive's file: checkpointed, so a CLI opening the same file in its own connection sees it all.
 */
export async function arrangeCliArchive(t: TestArchive): Promise<void> {
  const c = await t.must('customers.create', {
    name: '张三',
    mobile: '13800138000',
    address: '北京市朝阳区建国路88号',
    postalCode: '100022',
  });
  const v = await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, model: '朗逸', ownerId: c.record.id });
  await t.must('repairOrders.create', {
    roNumber: 'RO2611200001',
    vehicleId: v.record.id,
    openedAt: '2026-11-20 09:15',
    mileageIn: 12000,
    type: 'periodic_service',
    laborLines: [{ description: '更换机油机滤', amountFen: 12000 }],
  });
  t.archive.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
}

/** The CLI in this process, with no CLERKDESK_* settings from the environment (quicker than a process). */
export async function cliInProcess(...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) }, {});
  return { code, out, err };
}

/** The CLI in its own process, as `npm run --silent cli -- …` runs it (CLERKDESK_DB cleared). */
export async function cliProcess(...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src-main/cli/main.ts', ...args],
      { cwd: root, env: { ...process.env, CLERKDESK_DB: '' }, maxBuffer: 16 * 1024 * 1024 },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}
