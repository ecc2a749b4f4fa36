/**
 * The `calls` section of the benchmark (`npm run bench -- --only calls`), on the 10-year archive:
 * - the day's call queue (calls.queue through the dispatcher: every contributor's range query, the
 *   call records, the customers, the rules and the order) next to hand-written raw better-sqlite3
 *   queries making the same selection (the same ranges, joins and records), interleaved in the same run;
 * - recording a call (calls.record through the dispatcher: the attempt, the call record, its audit)
 *   for distinct calls of the day, then the queue again with those calls recorded.
 * It works on its own copy of the archive (it writes: a month's invitation list with its letters sent
 * in daily batches, the last a week ago, the earlier batches' reminder calls made on their day; and
 * the recorded attempts). The archive's past 7-day and CSI calls were made by the demo seeder. The clock is fixed at 10:30
 * on the day after the archive ends, inside the morning window, so the figures do not change with
 * the calendar.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { createDispatcher } from '../src-main/api/dispatcher';
import { createHandlers, createServices } from '../src-main/api/handlers';
import { openArchive } from '../src-main/db/database';
import { type CallContext, type Clock, Session } from '../src-main/services/context';
import type { InvitationList } from '../src-shared/domain/invitations';
import {
  type CallQueue,
  DEFAULT_REVISIT_SETTINGS,
  type QueueState,
  type RecordedCall,
} from '../src-shared/domain/revisits';
import { addDays } from '../src-shared/validation/dates';
import { round3, type Timing, timeAsync, timeSync, timing } from './stats';

export const CALLS_TARGETS = { queueP95Ms: 20, recordP95Ms: 5 } as const;
const WARMUP = 5;
/** The month's letters are sent over this many days. */
const LETTER_DAYS = 20;

export interface CallsBenchReport {
  date: string;
  setup: { copyMs: number; invitationRows: number; remindersMade: number; setupMs: number };
  queue: {
    samples: number;
    entries: number;
    byState: Record<QueueState, number>;
    dispatcher: Timing;
    raw: Timing & { rows: number };
    ratio: number;
    /** Every entry of the queue is among the raw selection's rows. */
    sameSelection: boolean;
  };
  record: { samples: number } & Timing;
  queueAfterRecording: { entries: number; dispatcher: Timing };
  targets: typeof CALLS_TARGETS;
  met: { queueP95Ms: boolean; recordP95Ms: boolean };
}

/**
 * The same selection as calls.queue, hand-written: the ROs delivered (or settled without a delivery
 * time) in the 7-day and CSI ranges, the invitation rows whose letter went out in the reminder
 * range, the appointments not kept, each with vehicle, customer and phone refusal; the call records
 * of the look-back, the open callbacks and those closed lately.
 */
function rawQueue(sqlite: BetterSqlite3.Database) {
  const customerJoin = `
    LEFT JOIN customer c ON c.id = coalesce(r.customer_id, v.owner_id)
    LEFT JOIN contact_preference p ON p.customer_id = c.id AND p.channel = 'phone' AND p.allowed = 0`;
  const roColumns = `r.id, r.ro_number, r.delivered_at, r.settled_at, v.plate, v.model, c.name, c.mobile,
    c.other_phones, c.preferred_call_time, c.is_do_not_contact, p.reason`;
  const notClosed = `AND NOT EXISTS (SELECT 1 FROM revisit_call k WHERE k.ro_id = r.id AND k.kind = @kind
    AND k.state <> 'open' AND k.closed_at < @today)`;
  const delivered = sqlite.prepare(
    `SELECT ${roColumns} FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id ${customerJoin}
     WHERE r.delivered_at >= @from AND r.delivered_at < @next ${notClosed}`,
  );
  const settled = sqlite.prepare(
    `SELECT ${roColumns} FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id ${customerJoin}
     WHERE r.settled_at >= @from AND r.settled_at < @next AND r.delivered_at IS NULL ${notClosed}`,
  );
  const rows = sqlite.prepare(
    `SELECT r.id, r.plate, r.model, r.phone, r.letter_sent_on, c.name, c.preferred_call_time, c.is_do_not_contact,
            c.is_marketing_consent, p.reason
     FROM invitation_row r LEFT JOIN customer c ON c.id = r.customer_id
     LEFT JOIN contact_preference p ON p.customer_id = c.id AND p.channel = 'phone' AND p.allowed = 0
     WHERE r.letter_sent_on >= @from AND r.letter_sent_on <= @to AND r.removed_at IS NULL AND r.came_on IS NULL
       AND r.booked_for IS NULL
       AND NOT EXISTS (SELECT 1 FROM invitation_call k WHERE k.row_id = r.id
                       AND (k.result IN ('reached','booked','not_interested','wrong_number','sold','serviced_elsewhere')
                            OR (k.at >= @today AND k.at < @next)))`,
  );
  const noShows = sqlite.prepare(
    `SELECT a.id, a.date, a.time, v.plate, v.model, c.name, c.mobile, c.preferred_call_time, p.reason
     FROM appointment a JOIN vehicle v ON v.id = a.vehicle_id
     LEFT JOIN customer c ON c.id = coalesce(a.customer_id, v.owner_id)
     LEFT JOIN contact_preference p ON p.customer_id = c.id AND p.channel = 'phone' AND p.allowed = 0
     WHERE a.date >= @from AND a.date <= @to AND a.state = 'booked' AND a.arrived_ro_id IS NULL`,
  );
  const records = sqlite.prepare(
    `SELECT id, call_key, state, due_on, callback_at, closed_at, attempts, last_attempt_at, last_outcome
     FROM revisit_call WHERE due_on >= @dueFrom AND due_on <= @today AND state = 'open'
     UNION
     SELECT id, call_key, state, due_on, callback_at, closed_at, attempts, last_attempt_at, last_outcome
     FROM revisit_call WHERE state = 'open' AND callback_at IS NOT NULL AND callback_at < @next
     UNION
     SELECT id, call_key, state, due_on, callback_at, closed_at, attempts, last_attempt_at, last_outcome
     FROM revisit_call WHERE closed_at >= @today AND closed_at < @next
     UNION
     SELECT id, call_key, state, due_on, callback_at, closed_at, attempts, last_attempt_at, last_outcome
     FROM revisit_call WHERE due_on >= @unreachedFrom AND due_on <= @today AND state = 'unreached'
       AND closed_at >= @closedFrom`,
  );
  const s = DEFAULT_REVISIT_SETTINGS;
  return (today: string): Set<string> => {
    const next = addDays(today, 1);
    const dueFrom = addDays(today, -s.maxDays);
    const keys = new Set<string>();
    for (const [kind, days] of [
      ['followup7', s.followupDays],
      ['csi', s.csiDays],
    ] as const) {
      const range = { from: addDays(dueFrom, -days), next: addDays(today, 1 - days), kind, today };
      for (const r of delivered.all(range) as { id: number }[]) keys.add(`${kind}:ro:${r.id}`);
      for (const r of settled.all(range) as { id: number }[]) keys.add(`${kind}:ro:${r.id}`);
    }
    const letters = {
      from: addDays(dueFrom, -s.reminderAfterDays),
      to: addDays(today, -s.reminderAfterDays),
      today,
      next,
    };
    for (const r of rows.all(letters) as { id: number }[]) keys.add(`reminder:row:${r.id}`);
    for (const a of noShows.all({ from: addDays(dueFrom, -1), to: addDays(today, -1) }) as { id: number }[])
      keys.add(`reminder:appointment:${a.id}`);
    const closedFrom = addDays(today, -(s.maxDays - 1));
    const unreachedFrom = addDays(today, -2 * s.maxDays);
    for (const r of records.all({ dueFrom, today, next, closedFrom, unreachedFrom }) as { call_key: string }[])
      keys.add(r.call_key);
    return keys;
  };
}

/** The bench's own copy of the archive (with its WAL, if the source has one not yet checkpointed). */
function copyArchive(source: string): string {
  const copy = path.join(path.dirname(source), `calls-${path.basename(source)}`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  fs.copyFileSync(source, copy);
  if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${copy}-wal`);
  return copy;
}

export async function runCallsBench(
  source: string,
  until: string,
  samples: number,
  log: (m: string) => void,
): Promise<CallsBenchReport> {
  const today = addDays(until, 1);
  // 10:30 at the store (+08:00) on the day after the archive's last day.
  // The set-up moves it back to make the calls of earlier days on their day.
  let onDay = today;
  const clock: Clock = { now: () => new Date(`${onDay}T02:30:00Z`) };
  log('copying the archive (the calls bench writes to its own copy) …');
  let started = performance.now();
  const file = copyArchive(source);
  const copyMs = round3(performance.now() - started);
  const archive = await openArchive(file);
  try {
    const services = createServices(archive, clock);
    const dispatch = createDispatcher(createHandlers(services), {
      onInternalError: (method, error) => log(`internal error in ${method}: ${String(error)}`),
    });
    const ctx: CallContext = { door: 'cli', session: new Session() };
    const call = async <T>(method: string, input: unknown): Promise<T> => {
      const r = await dispatch(method, input, ctx);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value as T;
    };

    // Reminder calls as a store has them: this month's invitation list, its letters sent day by day.
    log('an invitation list with its letters sent a week ago (the service summary is built first) …');
    started = performance.now();
    const from = `${today.slice(0, 8)}01`;
    const list = await call<InvitationList>('invitations.create', {
      from,
      to: addDays(from, 27),
      title: '基准测试招揽',
    });
    const rowIds = list.rows.map((r) => r.id);
    // Letters go out in daily batches over four weeks, the last batch a week ago; the reminder calls
    // of the earlier batches were made on their day (a store that works its calls), 1 in 10 not
    // reached and still open.
    let remindersMade = 0;
    const afterDays = DEFAULT_REVISIT_SETTINGS.reminderAfterDays;
    for (let batch = 0; batch < LETTER_DAYS; batch++) {
      const ids = rowIds.filter((_, i) => i % LETTER_DAYS === batch);
      await call('invitations.markLetterSent', {
        listId: list.id,
        rowIds: ids,
        sentOn: addDays(today, -afterDays - batch),
        kind: 'invitation',
      });
      if (batch === 0) continue;
      onDay = addDays(today, -batch);
      for (const [i, rowId] of ids.entries())
        if (i % 10 !== 9) {
          await call('invitations.recordCall', { rowId, result: 'reached', words: '知道了，会来保养' });
          remindersMade++;
        }
      onDay = today;
    }
    const setupMs = round3(performance.now() - started);

    log(`calls.queue ${today} …`);
    const raw = rawQueue(archive.sqlite!);
    const queue = () => call<CallQueue>('calls.queue', { date: today });
    for (let i = 0; i < WARMUP; i++) {
      await queue();
      raw(today);
    }
    const viaDispatcher: number[] = [];
    const viaRaw: number[] = [];
    let q: CallQueue | null = null;
    let rawKeys = new Set<string>();
    for (let i = 0; i < samples; i++) {
      viaDispatcher.push(
        await timeAsync(async () => {
          q = await queue();
        }),
      );
      viaRaw.push(
        timeSync(() => {
          rawKeys = raw(today);
        }),
      );
    }
    const day = q as CallQueue | null;
    if (!day) throw new Error('no samples');
    const d = timing(viaDispatcher);
    const r = timing(viaRaw);

    log('calls.record on distinct calls of the day …');
    const callable = day.entries.filter((e) => e.state === 'now' || e.state === 'later' || e.state === 'overdue');
    const keys = callable.slice(0, samples + WARMUP).map((e) => e.key);
    const record: number[] = [];
    for (const [i, key] of keys.entries()) {
      // Mostly reached (closes the call), some not (the call stays open for the next window).
      const outcome = i % 4 === 3 ? 'no_answer' : 'reached';
      const ms = await timeAsync(() =>
        call<RecordedCall>('calls.record', { key, outcome, words: outcome === 'reached' ? '车况良好，没有问题' : '' }),
      );
      if (i >= WARMUP) record.push(ms);
    }
    const rec = timing(record);

    const after: number[] = [];
    let afterEntries = 0;
    for (let i = 0; i < Math.max(10, Math.round(samples / 2)); i++)
      after.push(
        await timeAsync(async () => {
          afterEntries = (await queue()).entries.length;
        }),
      );

    return {
      date: today,
      setup: { copyMs, invitationRows: list.rows.length, remindersMade, setupMs },
      queue: {
        samples,
        entries: day.entries.length,
        byState: day.counts.byState,
        dispatcher: d,
        raw: { ...r, rows: rawKeys.size },
        ratio: round3(d.p95 / r.p95),
        sameSelection: day.entries.every((e) => rawKeys.has(e.key)),
      },
      record: { samples: record.length, ...rec },
      queueAfterRecording: { entries: afterEntries, dispatcher: timing(after) },
      targets: CALLS_TARGETS,
      met: { queueP95Ms: d.p95 <= CALLS_TARGETS.queueP95Ms, recordP95Ms: rec.p95 <= CALLS_TARGETS.recordP95Ms },
    };
  } finally {
    await archive.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  }
}

export function callsLines(r: CallsBenchReport): string[] {
  const q = r.queue;
  return [
    `set-up on the bench's copy: copy ${r.setup.copyMs} ms; invitation list of ${r.setup.invitationRows} rows with letters sent over ${LETTER_DAYS} days up to a week before ${r.date}, ${r.setup.remindersMade} reminder calls made on their day, in ${r.setup.setupMs} ms`,
    `calls.queue ${r.date} 10:30: p50 ${q.dispatcher.p50} p95 ${q.dispatcher.p95} ms | raw p50 ${q.raw.p50} p95 ${q.raw.p95} ms (${q.raw.rows} rows) | ratio ${q.ratio} | ${q.entries} entries ${JSON.stringify(q.byState)} | same selection: ${q.sameSelection ? 'yes' : 'NO'}`,
    `calls.record (${r.record.samples} distinct calls, 3 of 4 reached): p50 ${r.record.p50} p95 ${r.record.p95} ms`,
    `calls.queue after recording: p50 ${r.queueAfterRecording.dispatcher.p50} p95 ${r.queueAfterRecording.dispatcher.p95} ms (${r.queueAfterRecording.entries} entries)`,
    `${'queueP95Ms'.padEnd(20)} target ≤ ${r.targets.queueP95Ms}  actual ${q.dispatcher.p95}  ${r.met.queueP95Ms ? 'met' : 'MISSED'}`,
    `${'recordP95Ms'.padEnd(20)} target ≤ ${r.targets.recordP95Ms}  actual ${r.record.p95}  ${r.met.recordP95Ms ? 'met' : 'MISSED'}`,
  ];
}
