import { sql } from 'kysely';
import type { CallKind, CallOutcome, CallState } from '../../../../src-shared/domain/revisits';
import { addDays } from '../../../../src-shared/validation/dates';
import type { Db } from '../../../db/database';
import { chunks } from '../../invitations/vehicle-changes';

/** A call record (revisit_call) as the queue reads it: state, attempts, the last one and by whom. */
export interface CallRecord {
  id: number;
  key: string;
  kind: CallKind;
  state: CallState;
  dueOn: string;
  callbackAt: string | null;
  closedAt: string | null;
  attempts: number;
  lastAttempt: { at: string; outcome: CallOutcome; by: string } | null;
  followUpChannel: 'sms' | 'letter' | null;
  followUpAt: string | null;
}

const recordsQuery = (db: Db) =>
  db
    .selectFrom('revisit_call')
    .select([
      'id',
      'call_key',
      'kind',
      'state',
      'due_on',
      'callback_at',
      'closed_at',
      'attempts',
      'last_attempt_at',
      'last_outcome',
      'follow_up_channel',
      'follow_up_at',
    ]);
type RecordRow = Awaited<ReturnType<ReturnType<typeof recordsQuery>['execute']>>[number];

/** Who made each call's last attempt: one query per 500 calls. */
async function withLastAttempts(db: Db, rows: RecordRow[]): Promise<CallRecord[]> {
  const by = new Map<number, string>();
  const tried = rows.filter((r) => r.last_attempt_at !== null);
  for (const part of chunks(tried, 500)) {
    const attempts = await db
      .selectFrom('revisit_attempt')
      .select(['call_id', 'at', 'by_name'])
      .where(
        'call_id',
        'in',
        part.map((r) => r.id),
      )
      .orderBy('call_id')
      .orderBy('at')
      .orderBy('id')
      .execute();
    const lastAt = new Map(part.map((r) => [r.id, r.last_attempt_at]));
    for (const a of attempts) if (a.at === lastAt.get(a.call_id)) by.set(a.call_id, a.by_name);
  }
  return rows.map((r) => ({
    id: r.id,
    key: r.call_key,
    kind: r.kind as CallKind,
    state: r.state as CallState,
    dueOn: r.due_on,
    callbackAt: r.callback_at,
    closedAt: r.closed_at,
    attempts: r.attempts,
    lastAttempt:
      r.last_attempt_at !== null && r.last_outcome !== null
        ? { at: r.last_attempt_at, outcome: r.last_outcome as CallOutcome, by: by.get(r.id) ?? '' }
        : null,
    followUpChannel: r.follow_up_channel as CallRecord['followUpChannel'],
    followUpAt: r.follow_up_at,
  }));
}

/**
 * The call records that can matter on `date` (the look-back's done calls are not read: they are
 * hidden after their day), by index ranges:
 * - open, due from `dueFrom` to the day (revisit_call_due: the state is checked in the index);
 * - open callbacks booked up to the end of the day (the partial index revisit_call_callback), however old the call;
 * - closed on the day (revisit_call_closed): done today shows as progress;
 * - 未接通 closed since `closedFrom` (revisit_call_due over 2 × maxDays: a call closes within its
 *   maxDays), still waiting for an SMS or a letter to be chosen.
 * The states are literals so the planner can use them (and the partial index its WHERE).
 */
export async function recordsFor(
  db: Db,
  date: string,
  dueFrom: string,
  closedFrom: string,
  unreachedDueFrom: string,
): Promise<CallRecord[]> {
  const next = addDays(date, 1);
  const [open, callbacks, closedToday, unreached] = [
    await recordsQuery(db)
      .where('due_on', '>=', dueFrom)
      .where('due_on', '<=', date)
      .where('state', '=', sql.lit('open'))
      .execute(),
    await recordsQuery(db)
      .where('state', '=', sql.lit('open'))
      .where('callback_at', 'is not', null)
      .where('callback_at', '<', next)
      .execute(),
    await recordsQuery(db).where('closed_at', '>=', date).where('closed_at', '<', next).execute(),
    await recordsQuery(db)
      .where('due_on', '>=', unreachedDueFrom)
      .where('due_on', '<=', date)
      .where('state', '=', sql.lit('unreached'))
      .where('closed_at', '>=', closedFrom)
      .execute(),
  ];
  const byId = new Map<number, RecordRow>();
  for (const r of [...open, ...callbacks, ...closedToday, ...unreached]) byId.set(r.id, r);
  return withLastAttempts(db, [...byId.values()]);
}

/** Records by key (the call screen; the SMS source). */
export async function recordsByKeys(db: Db, keys: readonly string[]): Promise<CallRecord[]> {
  const rows: RecordRow[] = [];
  for (const part of chunks([...new Set(keys)], 500))
    rows.push(...(await recordsQuery(db).where('call_key', 'in', part).execute()));
  return withLastAttempts(db, rows);
}

/** Records that gave up (未接通) in a period, and open ones due early enough to have passed the limits. */
export async function unreachedRecords(
  db: Db,
  closedFrom: string,
  closedTo: string,
  dueFrom: string,
  dueTo: string,
): Promise<CallRecord[]> {
  const [closed, open] = [
    await recordsQuery(db)
      .where('closed_at', '>=', closedFrom)
      .where('closed_at', '<', addDays(closedTo, 1))
      .where('state', '=', 'unreached')
      .execute(),
    await recordsQuery(db)
      .where('due_on', '>=', dueFrom)
      .where('due_on', '<=', dueTo)
      .where('state', '=', 'open')
      .execute(),
  ];
  const byId = new Map<number, RecordRow>();
  for (const r of [...closed, ...open]) byId.set(r.id, r);
  return withLastAttempts(db, [...byId.values()]);
}

export async function recordById(db: Db, id: number): Promise<CallRecord | null> {
  const row = await recordsQuery(db).where('id', '=', id).executeTakeFirst();
  return row ? ((await withLastAttempts(db, [row]))[0] ?? null) : null;
}
