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
    .selectFrom('revisit_call as k')
    .select([
      'k.id',
      'k.call_key',
      'k.kind',
      'k.state',
      'k.due_on',
      'k.callback_at',
      'k.closed_at',
      'k.attempts',
      'k.last_attempt_at',
      'k.last_outcome',
      'k.follow_up_channel',
      'k.follow_up_at',
    ])
    // Who made the last attempt: one probe of revisit_attempt_call (call_id, at) per call, in the
    // same statement (the latest attempt of that moment when two share it).
    .select((eb) =>
      eb
        .selectFrom('revisit_attempt as a')
        .select('a.by_name')
        .whereRef('a.call_id', '=', 'k.id')
        .whereRef('a.at', '=', 'k.last_attempt_at')
        .orderBy('a.id', 'desc')
        .limit(1)
        .as('last_by'),
    );
type RecordRow = Awaited<ReturnType<ReturnType<typeof recordsQuery>['execute']>>[number];

function toRecord(r: RecordRow): CallRecord {
  return {
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
        ? { at: r.last_attempt_at, outcome: r.last_outcome as CallOutcome, by: r.last_by ?? '' }
        : null,
    followUpChannel: r.follow_up_channel as CallRecord['followUpChannel'],
    followUpAt: r.follow_up_at,
  };
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
      .where('k.due_on', '>=', dueFrom)
      .where('k.due_on', '<=', date)
      .where('k.state', '=', sql.lit('open'))
      .execute(),
    await recordsQuery(db)
      .where('k.state', '=', sql.lit('open'))
      .where('k.callback_at', 'is not', null)
      .where('k.callback_at', '<', next)
      .execute(),
    await recordsQuery(db).where('k.closed_at', '>=', date).where('k.closed_at', '<', next).execute(),
    await recordsQuery(db)
      .where('k.due_on', '>=', unreachedDueFrom)
      .where('k.due_on', '<=', date)
      .where('k.state', '=', sql.lit('unreached'))
      .where('k.closed_at', '>=', closedFrom)
      .execute(),
  ];
  const byId = new Map<number, CallRecord>();
  for (const part of [open, callbacks, closedToday, unreached])
    for (const r of part) if (!byId.has(r.id)) byId.set(r.id, toRecord(r));
  return [...byId.values()];
}

/** Records by key (the call screen; the SMS source). */
export async function recordsByKeys(db: Db, keys: readonly string[]): Promise<CallRecord[]> {
  const out: CallRecord[] = [];
  for (const part of chunks([...new Set(keys)], 500))
    for (const r of await recordsQuery(db).where('k.call_key', 'in', part).execute()) out.push(toRecord(r));
  return out;
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
      .where('k.closed_at', '>=', closedFrom)
      .where('k.closed_at', '<', addDays(closedTo, 1))
      .where('k.state', '=', 'unreached')
      .execute(),
    await recordsQuery(db)
      .where('k.due_on', '>=', dueFrom)
      .where('k.due_on', '<=', dueTo)
      .where('k.state', '=', 'open')
      .execute(),
  ];
  const byId = new Map<number, CallRecord>();
  for (const part of [closed, open]) for (const r of part) if (!byId.has(r.id)) byId.set(r.id, toRecord(r));
  return [...byId.values()];
}

export async function recordById(db: Db, id: number): Promise<CallRecord | null> {
  const row = await recordsQuery(db).where('k.id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}
