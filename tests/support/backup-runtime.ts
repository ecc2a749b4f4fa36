import fs from 'node:fs';
import path from 'node:path';
import { ArchiveRuntime } from '../../src-main/api/archive-runtime';
import { type CallContext, type Clock, Session } from '../../src-main/services/context';
import { tempDir } from './archive';
import { addRecords, flipByte } from './backup';

/**
 * The archive as the hosts hold it (ArchiveRuntime: backups, restore, safe open) for UI tests: a
 * set-up store (admin 管理员 1234, clerk 小王 1111) with 25 customers. `damaged`: backed up once,
 * then its header byte flipped and opened again, so it starts in the restricted mode.
 */
export async function openBackupRuntime(options: { clock?: Clock; damaged?: boolean; loginAs?: 'admin' | 'clerk' }) {
  const dir = tempDir('clerkdesk-ui-backup-');
  const file = path.join(dir, 'archive.sqlite');
  const cli: CallContext = { door: 'cli', session: new Session() };
  let runtime = await ArchiveRuntime.start({ archivePath: file, clock: options.clock, schedule: false });
  const must = async (method: string, input: unknown, ctx: CallContext = cli) => {
    const r = await runtime.dispatch(method, input, ctx);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };
  await must('setup.complete', {
    store: { name: '测试汽车服务有限公司', address: '', postalCode: '', phone: '' },
    users: [
      { name: '管理员', role: 'admin', pin: '1234' },
      { name: '小王', role: 'clerk', pin: '1111' },
    ],
    demo: null,
  });
  addRecords(runtime.archive!.sqlite!, 25, 'U');
  if (options.damaged) {
    await runtime.backup.create('manual');
    await runtime.close();
    flipByte(file, 0);
    runtime = await ArchiveRuntime.start({ archivePath: file, clock: options.clock, schedule: false });
  }
  const ctx: CallContext = { door: 'http', session: new Session() };
  if (options.loginAs && !options.damaged) {
    const users = (await must('users.list', {})) as { id: number; name: string }[];
    const name = options.loginAs === 'admin' ? '管理员' : '小王';
    await must(
      'session.login',
      { userId: users.find((u) => u.name === name)!.id, pin: options.loginAs === 'admin' ? '1234' : '1111' },
      ctx,
    );
  }
  return {
    file,
    runtime,
    dispatch: (method: string, input: unknown, c: unknown) => runtime.dispatch(method, input, c as CallContext),
    ctx,
    async close() {
      await runtime.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
