import {
  CALL_KINDS,
  type CallKind,
  type CallQueue,
  QUEUE_STATES,
  type QueueEntry,
  type QueueState,
  type RevisitSettings,
} from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import { addDays, nowInstant, todayDate, toInstant } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { Clock } from '../context';
import { type CallRecord, recordById, recordsByKeys, recordsFor, unreachedRecords } from './queue/call-records';
import { type CustomerTime, type DayWindows, parsePreferredTime, windowsFor } from './queue/call-windows';
import { complaintCallbackContributor } from './queue/complaint-callback';
import { csiContributor } from './queue/csi';
import { deliveryContributor } from './queue/delivery';
import { followup7Contributor } from './queue/followup7';
import { type DayContext, evaluate, sortEntries } from './queue/queue-state';
import { noShowContributor, reminderContributor } from './queue/reminder';
import { customerFacts, loadCustomers, type QueueContributor, type Subject, splitKey } from './queue/subjects';
import { winbackContributor } from './queue/winback';
import { readRevisitSettings } from './revisit-settings';

/** The contributors, one per kind of call (the reminder kind has two: invitation rows and no-shows). */
export const QUEUE_CONTRIBUTORS: readonly QueueContributor[] = [
  followup7Contributor,
  csiContributor,
  deliveryContributor,
  reminderContributor,
  noShowContributor,
  complaintCallbackContributor,
  winbackContributor,
];

/** What the Today board and the end-of-day check need of the day's calls. */
export interface CallQueueCounts {
  date: string;
  byKind: Record<CallKind, number>;
  byState: Record<QueueState, number>;
  /** Still to be called on the day: now, later with a time, overdue. */
  toCall: number;
  /** Tried today and moved to tomorrow (later, no time left today). */
  tomorrow: number;
  /** Callbacks promised for the day (any state). */
  callbacks: number;
  /** 未接通 with no SMS or letter chosen yet. */
  offerPending: number;
}

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * 回访 → 今日电话: the day's calls from one contributor per kind (queue/*.ts), each one range query
 * on an indexed column over the queue's look-back, joined with the call records of those days
 * (queue/call-records.ts) and the customers (two queries per 500), then placed by the rules in
 * queue/queue-state.ts and ordered callable now → later today → overdue, then skipped / done / given up.
 *
 * The look-back: a call stays in the queue `maxDays` days after its due day (overdue), and on the
 * day its days run out it shows as 未接通; so the subjects due in the last maxDays days are read
 * (one range per contributor), plus the call records that still matter (open callbacks, closed
 * lately). Nothing is written by looking: a call record is made by its first attempt (CallsService.record).
 *
 * A queue for another day than today is that day as it starts (00:00): nothing is callable yet,
 * each call shows the window it can be called in.
 */
export class RevisitQueueService {
  private readonly byPrefix = new Map(QUEUE_CONTRIBUTORS.map((c) => [c.prefix, c]));
  /** The customers' 方便接听时间, read once per distinct text. */
  private readonly times = new Map<string, CustomerTime>();

  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  private readTime = (text: string): CustomerTime => {
    let t = this.times.get(text);
    if (!t) {
      t = parsePreferredTime(text);
      if (this.times.size > 5000) this.times.clear();
      this.times.set(text, t);
    }
    return t;
  };

  /** The day asked for (default today), its moment and time of day on the store clock. */
  private dayOf(date: string | undefined): { date: string; at: string; now: string } {
    const clock = this.clock.now();
    const today = todayDate(clock);
    if (date === undefined || date === today) {
      const at = nowInstant(clock);
      return { date: today, at, now: at.slice(11, 16) };
    }
    return { date, at: toInstant(`${date}T00:00`) ?? `${date}T00:00:00`, now: '00:00' };
  }

  async queue(input: { date?: string; kind?: CallKind }): Promise<CallQueue> {
    const settings = await readRevisitSettings(this.db);
    const day = this.dayOf(input.date);
    const all = await this.entriesOn(day.date, day.now, settings);
    const entries = input.kind ? all.filter((e) => e.kind === input.kind) : all;
    const byKind = zero(CALL_KINDS);
    for (const e of all) byKind[e.kind]++;
    const byState = zero(QUEUE_STATES);
    for (const e of entries) byState[e.state]++;
    // byKind counts the whole day (the kind tabs); byState what is listed.
    return { date: day.date, at: day.at, entries, counts: { byKind, byState }, windows: settings.windows };
  }

  /** The day's figures for the Today board and the end-of-day check. */
  async counts(date?: string): Promise<CallQueueCounts> {
    const q = await this.queue({ date });
    const e = q.entries;
    return {
      date: q.date,
      byKind: q.counts.byKind,
      byState: q.counts.byState,
      toCall: e.filter((x) => x.state === 'now' || x.state === 'overdue' || (x.state === 'later' && x.nextAt !== null))
        .length,
      tomorrow: e.filter((x) => x.state === 'later' && x.nextAt === null).length,
      callbacks: e.filter((x) => x.dueAt !== null && x.dueAt.slice(0, 10) === q.date).length,
      offerPending: e.filter((x) => x.state === 'unreached' && x.followUpChannel === null).length,
    };
  }

  /** One entry by its key, whatever its state (the call screen, recording; `known`: settings the caller read). Throws NOT_FOUND. */
  async entry(key: string, date?: string, known?: RevisitSettings): Promise<QueueEntry> {
    const settings = known ?? (await readRevisitSettings(this.db));
    const day = this.dayOf(date);
    let callKey = key;
    // callback:call:N names call N: its entry is under the call's own key.
    const callback = /^callback:call:(\d{1,12})$/.exec(key);
    if (callback) {
      const record = await recordById(this.db, Number(callback[1]));
      if (!record) throw AppError.notFound('回访电话', key);
      callKey = record.key;
    }
    const split = splitKey(callKey);
    const contributor = split ? this.byPrefix.get(split.prefix) : undefined;
    if (!split || !contributor) throw AppError.notFound('回访电话', key);
    const [subject] = await contributor.byIds(this.db, [split.id], settings, day.date);
    if (!subject) throw AppError.notFound('回访电话', key);
    const [record] = await recordsByKeys(this.db, [callKey]);
    const [entry] = await this.place([subject], new Map(record ? [[record.key, record]] : []), {
      date: day.date,
      now: day.now,
      settings,
      mode: 'entry',
    });
    if (!entry) throw AppError.notFound('回访电话', key);
    return entry;
  }

  /**
   * The calls that gave up (未接通) from `from` to `to` — for the SMS batch "customers a call could
   * not reach": closed as 未接通 in the period, and those whose days ran out in it (tried or never
   * tried: attempts says which). Customers who refuse calls are not among them (they were skipped).
   */
  async unreached(from: string, to: string): Promise<QueueEntry[]> {
    const settings = await readRevisitSettings(this.db);
    const dueFrom = addDays(from, -settings.maxDays);
    const dueTo = addDays(to, -settings.maxDays);
    const subjects = await this.subjectsDue(dueFrom, dueTo, settings, to);
    const records = await unreachedRecords(this.db, from, to, dueFrom, dueTo);
    const byKey = new Map(records.map((r) => [r.key, r]));
    // The records of never-closed subjects of the range too (to know who was tried).
    const missing = subjects.filter((s) => !byKey.has(s.key)).map((s) => s.key);
    for (const r of await recordsByKeys(this.db, missing)) byKey.set(r.key, r);
    const all = await this.withRecordSubjects(subjects, byKey, settings, to);
    const entries = await this.place(all, byKey, { date: to, now: '23:59', settings, mode: 'entry' });
    const found = entries
      .filter((e) => e.state === 'unreached')
      .filter((e) => {
        const r = byKey.get(e.key);
        // Gave up in the period: closed then, or its days ran out then.
        const on =
          r?.state === 'unreached' && r.closedAt ? r.closedAt.slice(0, 10) : addDays(e.dueOn, settings.maxDays);
        return on >= from && on <= to;
      });
    return sortEntries(found);
  }

  // ---- the day ----

  private async entriesOn(date: string, now: string, settings: RevisitSettings): Promise<QueueEntry[]> {
    const dueFrom = addDays(date, -settings.maxDays);
    const subjects = await this.subjectsDue(dueFrom, date, settings, date);
    const records = await recordsFor(
      this.db,
      date,
      dueFrom,
      addDays(date, -(settings.maxDays - 1)),
      addDays(date, -2 * settings.maxDays),
    );
    const byKey = new Map(records.map((r) => [r.key, r]));
    const all = await this.withRecordSubjects(subjects, byKey, settings, date);
    return sortEntries(await this.place(all, byKey, { date, now, settings, mode: 'queue' }));
  }

  private async subjectsDue(from: string, to: string, settings: RevisitSettings, date: string): Promise<Subject[]> {
    const out: Subject[] = [];
    for (const c of QUEUE_CONTRIBUTORS)
      if (c.enabled(settings))
        // A contributor reads by its own column; the due day decides.
        for (const s of await c.dueBetween(this.db, from, to, settings))
          if (s.dueOn >= from && s.dueOn <= to && s.dueOn <= date) out.push(s);
    return out;
  }

  /**
   * The subjects of call records not among `subjects` (a callback on an old call, a call closed
   * today whose RO changed, a reminder row called today): read by id, per contributor.
   */
  private async withRecordSubjects(
    subjects: Subject[],
    records: Map<string, CallRecord>,
    settings: RevisitSettings,
    date: string,
  ): Promise<Subject[]> {
    const known = new Set(subjects.map((s) => s.key));
    const wanted = new Map<QueueContributor, number[]>();
    for (const key of records.keys()) {
      if (known.has(key)) continue;
      const split = splitKey(key);
      const c = split ? this.byPrefix.get(split.prefix) : undefined;
      if (!split || !c) continue;
      wanted.set(c, [...(wanted.get(c) ?? []), split.id]);
    }
    const more: Subject[] = [];
    for (const [c, ids] of wanted) more.push(...(await c.byIds(this.db, ids, settings, date)));
    return more.length > 0 ? [...subjects, ...more] : subjects;
  }

  /** Customers read for all subjects at once, then each placed by the rules. */
  private async place(subjects: Subject[], records: Map<string, CallRecord>, day: DayContext): Promise<QueueEntry[]> {
    // Contributors join the customer with their subjects; only subjects read otherwise need a look-up.
    const { customers, phoneRefusals } = await loadCustomers(
      this.db,
      subjects.filter((s) => s.joined === undefined && s.customerId !== null).map((s) => s.customerId!),
    );
    const windows = new Map<string, DayWindows>();
    const ctx: DayContext = {
      ...day,
      readTime: this.readTime,
      windowsOf: (text) => {
        let w = windows.get(text);
        if (!w) {
          w = windowsFor(day.settings.windows, this.readTime(text), day.date);
          windows.set(text, w);
        }
        return w;
      },
    };
    const out: QueueEntry[] = [];
    for (const s of subjects) {
      const customer = s.joined ? s.joined.customer : s.customerId === null ? undefined : customers.get(s.customerId);
      const refusal = s.joined ? s.joined.refusal : s.customerId === null ? undefined : phoneRefusals.get(s.customerId);
      const entry = evaluate(s, customerFacts(s, customer, refusal), records.get(s.key) ?? null, ctx);
      if (entry) out.push(entry);
    }
    return out;
  }
}
