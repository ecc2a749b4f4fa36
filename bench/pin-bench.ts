/**
 * Roles and PINs (issue 10 B), on its own small demo archive:
 * - what the per-call check costs: quick search through the dispatcher as the CLI (no user to
 *   re-read) and as a logged-in user at the browser door (role and active flag re-read from the
 *   archive on every call), beside the same search written by hand (raw);
 * - whether wrong PINs slow everyone else: quick-search latency while 50 wrong logins (50 users,
 *   so each is really checked) run, with scrypt on the thread pool as now, and, for comparison,
 *   with scryptSync on the event loop as before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDispatcher } from '../src-main/api/dispatcher';
import { createHandlers, createServices } from '../src-main/api/handlers';
import { openArchive } from '../src-main/db/database';
import { type CallContext, Session } from '../src-main/services/context';
import { hashPinSync } from '../src-main/services/system/pin';
import { RawSearch } from './raw-search';
import { round3, type Timing, timeAsync, timeSync, timing } from './stats';

export interface PinBenchResult {
  vehicles: number;
  searches: number;
  check: { raw: Timing; cli: Timing; loggedIn: Timing; ratioLoggedInToRaw: number };
  flood: { logins: number; quiet: Timing; asyncScrypt: Timing; syncScrypt: Timing; floodMillis: number };
}

const FLOOD = 50;

export async function runPinBench(log: (message: string) => void): Promise<PinBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerkdesk-pin-bench-'));
  const archive = await openArchive(path.join(dir, 'archive.sqlite'));
  try {
    const clock = { now: () => new Date('2026-11-22T02:00:00Z') };
    const dispatch = createDispatcher(createHandlers(createServices(archive, clock)));
    const cli: CallContext = { door: 'cli', session: new Session() };
    const must = async (method: string, input: unknown, ctx: CallContext = cli) => {
      const r = await dispatch(method, input, ctx);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value;
    };
    log('pin: a 1-year demo archive …');
    await must('setup.complete', {
      store: { name: '基准测试门店' },
      users: [
        { name: '管理员', role: 'admin', pin: '1234' },
        { name: '小王', role: 'clerk', pin: '1111' },
      ],
      demo: null,
    });
    await must('demo.seed', { years: 1, seed: 7 });
    const users: number[] = [];
    for (let i = 0; i < FLOOD; i++)
      users.push(
        ((await must('users.create', { name: `顾问${i}`, role: 'advisor', pin: '4321' })) as { id: number }).id,
      );
    const counter: CallContext = { door: 'http', session: new Session() };
    const clerkId =
      (archive.sqlite!.prepare("SELECT id FROM app_user WHERE name = '小王'").pluck().get() as number) ?? 0;
    await must('session.login', { userId: clerkId, pin: '1111' }, counter);

    const plates = (
      archive.sqlite!.prepare('SELECT plate FROM vehicle WHERE plate IS NOT NULL ORDER BY id').pluck().all() as string[]
    ).filter((_, i) => i % 7 === 0);
    const texts = plates.slice(0, 300).map((p) => p.slice(0, 4));
    const raw = new RawSearch(archive.sqlite!);
    for (const text of texts) {
      raw.quick(text);
      await must('search.quick', { text }, counter);
    }

    log('pin: per-call check …');
    const rawTimes: number[] = [];
    const cliTimes: number[] = [];
    const loggedIn: number[] = [];
    for (let round = 0; round < 2; round++)
      for (const text of texts) {
        rawTimes.push(timeSync(() => raw.quick(text)));
        cliTimes.push(await timeAsync(() => must('search.quick', { text })));
        loggedIn.push(await timeAsync(() => must('search.quick', { text }, counter)));
      }

    // A call arriving now waits for whatever the event loop is busy with, then runs: timed from
    // its arrival (queued behind a setImmediate, as a socket read would be) to its answer.
    const arriving = async (text: string) => {
      const arrived = performance.now();
      await new Promise((r) => setImmediate(r));
      await must('search.quick', { text }, counter);
      return performance.now() - arrived;
    };
    const searchWhile = async (busy: () => boolean, out: number[]) => {
      let i = 0;
      while (busy()) out.push(await arriving(texts[i++ % texts.length]!));
    };

    log('pin: quick search, quiet …');
    const quiet: number[] = [];
    for (let round = 0; round < 2; round++) for (const text of texts) quiet.push(await arriving(text));

    // The flood as it is now (scrypt on the thread pool, the count and the audit in one write) and,
    // in alternate rounds for the same machine load, as it was (scryptSync on the event loop, then
    // the audit line: what the old login did for a wrong PIN).
    const duringAsync: number[] = [];
    const duringSync: number[] = [];
    const oldAudit = archive.sqlite!.prepare(
      "INSERT INTO audit_log (at, user_id, actor, action, entity, entity_id) VALUES ('2026-11-22T10:00:00+08:00', NULL, 'system', 'session.loginFailed', 'app_user', ?)",
    );
    let floodMillis = 0;
    for (let round = 0; round < 4; round++) {
      log(`pin: round ${round + 1}/4: ${FLOOD} wrong logins now, then as before …`);
      let running = true;
      const started = performance.now();
      const flood = Promise.all(
        users.map((userId) =>
          dispatch('session.login', { userId, pin: '0000' }, { door: 'http', session: new Session() }),
        ),
      ).then(() => {
        running = false;
        floodMillis = Math.max(floodMillis, round3(performance.now() - started));
      });
      await searchWhile(() => running, duringAsync);
      await flood;
      // Each advisor has one wrong PIN more; clear them so every round checks all 50.
      archive.sqlite!.prepare('UPDATE app_user SET failed_pins = 0, last_failed_pin_at = NULL, locked_at = NULL').run();

      let left = FLOOD;
      const step = () => {
        hashPinSync('0000', `salt-${left}`);
        archive.sqlite!.transaction(() => oldAudit.run(users[left - 1]!))();
        left -= 1;
        if (left > 0) setImmediate(step);
      };
      setImmediate(step);
      await searchWhile(() => left > 0, duringSync);
    }

    const r = timing(rawTimes);
    const l = timing(loggedIn);
    return {
      vehicles: archive.sqlite!.prepare('SELECT count(*) FROM vehicle').pluck().get() as number,
      searches: texts.length,
      check: { raw: r, cli: timing(cliTimes), loggedIn: l, ratioLoggedInToRaw: round3(l.p95 / r.p95) },
      flood: {
        logins: FLOOD,
        quiet: timing(quiet),
        asyncScrypt: timing(duringAsync),
        syncScrypt: timing(duringSync),
        floodMillis,
      },
    };
  } finally {
    await archive.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function pinLines(r: PinBenchResult): string[] {
  const t = (x: Timing) => `p50 ${x.p50.toFixed(3)} ms, p95 ${x.p95.toFixed(3)} ms`;
  return [
    `roles & PINs (1-year demo archive, ${r.vehicles} vehicles, ${r.searches} plate fragments)`,
    `  quick search, raw                      ${t(r.check.raw)}`,
    `  quick search, dispatcher as CLI        ${t(r.check.cli)}`,
    `  quick search, dispatcher logged in     ${t(r.check.loggedIn)}   (p95 ${r.check.ratioLoggedInToRaw}× raw; target ≤ 2×)`,
    `  quick search, quiet                    ${t(r.flood.quiet)}`,
    `  … during ${r.flood.logins} wrong logins (async)   ${t(r.flood.asyncScrypt)}   (flood answered in ${r.flood.floodMillis} ms)`,
    `  … during ${r.flood.logins} scryptSync (before)    ${t(r.flood.syncScrypt)}`,
  ];
}
