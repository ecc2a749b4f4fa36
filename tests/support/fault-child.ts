/**
 * The child process of tests/db/faults-kill.test.ts: real work on a real archive, killed with
 * SIGKILL by the test at a random moment. It prints a line on stdout only after a commit returned;
 * stdout is a pipe, whose writes are synchronous on Linux, so a line read by the test is a commit
 * that must survive the kill.
 *
 *   import DB FILE           the CLI's `import FILE --db DB`, printing `imported` when done
 *   sign DB DATE...          confirm and sign each day's report, printing `confirmed D` and `signed D V`
 *   save DB N                N customers saved one by one, printing `saved ID`
 */
import { createDispatcher } from '../../src-main/api/dispatcher';
import { createHandlers, createServices } from '../../src-main/api/handlers';
import { runCli } from '../../src-main/cli/main';
import { openArchive } from '../../src-main/db/database';
import { type CallContext, type Clock, Session } from '../../src-main/services/context';

/** The same "now" as the test's arrangements: the days signed are in the past. */
const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };
const line = (text: string) => process.stdout.write(`${text}\n`);

async function withDispatcher(
  db: string,
  work: (call: (method: string, input: unknown) => Promise<unknown>) => Promise<void>,
): Promise<void> {
  const archive = await openArchive(db);
  const dispatch = createDispatcher(createHandlers(createServices(archive, clock)));
  const ctx: CallContext = { door: 'cli', session: new Session() };
  const call = async (method: string, input: unknown) => {
    const r = await dispatch(method, input, ctx);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  try {
    // The clerk at the counter; the manager signs with their own PIN.
    await call('session.login', { userId: 2, pin: '1111' });
    await work(call);
  } finally {
    await archive.close();
  }
}

async function main(): Promise<number> {
  const [mode, db, ...rest] = process.argv.slice(2);
  if (!db) throw new Error('usage: fault-child MODE DB ...');
  if (mode === 'import') {
    // Not --json: the CLI then reports its progress (正在写入：n/m 行) on stderr, which the test reads.
    const code = await runCli(['import', rest[0]!, '--db', db], {
      out: () => {},
      err: (t) => process.stderr.write(`${t}\n`),
    });
    if (code === 0) line('imported');
    return code;
  }
  if (mode === 'sign') {
    await withDispatcher(db, async (call) => {
      for (const date of rest) {
        const view = (await call('dailyReport.get', { date })) as { fingerprint: string };
        await call('dailyReport.confirm', { date, fingerprint: view.fingerprint });
        line(`confirmed ${date}`);
        const signed = (await call('dailyReport.sign', {
          date,
          signerId: 3,
          pin: '2222',
          fingerprint: view.fingerprint,
        })) as { version: number };
        line(`signed ${date} ${signed.version}`);
      }
    });
    return 0;
  }
  if (mode === 'save') {
    await withDispatcher(db, async (call) => {
      const n = Number(rest[0] ?? 1);
      for (let i = 0; i < n; i++) {
        const saved = (await call('customers.create', {
          name: `故障测试客户${process.pid}-${i}`,
          notes: '一次保存一个客户，\n每次保存后打印一行。',
        })) as { record: { id: number } };
        line(`saved ${saved.record.id}`);
      }
    });
    return 0;
  }
  throw new Error(`unknown mode ${mode}`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
