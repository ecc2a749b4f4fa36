import type { RevisitSection, RevisitTally } from '../../../../src-shared/domain/reports';
import type { CallKind, RevisitSettings } from '../../../../src-shared/domain/revisits';
import { addDays } from '../../../../src-shared/validation/dates';
import type { Db } from '../../../db/database';
import { chunks } from '../../invitations/vehicle-changes';
import { type QueueContributor, type Subject, splitKey } from '../../revisits/queue/subjects';
import { QUEUE_CONTRIBUTORS } from '../../revisits/revisit-queue.service';
import { type PeriodBounds, percentText, rateOf } from '../report-period';

/** The revisit kinds a report counts (the calls about a visit or a delivery). */
const REPORT_KINDS: readonly CallKind[] = ['followup7', 'csi', 'delivery'];

interface RecordFacts {
  key: string;
  state: string;
  lastOutcome: string | null;
}

const zero = (): RevisitTally => ({ due: 0, done: 0, reached: 0, unreached: 0, open: 0 });

/** `n` subjects with this call record (undefined: never called). */
function add(t: RevisitTally, record: RecordFacts | undefined, n = 1): void {
  // Cancelled (settled elsewhere) is not a call the clerk owed.
  if (record?.state === 'cancelled') return;
  t.due += n;
  if (!record || record.state === 'open') t.open += n;
  else if (record.state === 'done') {
    t.done += n;
    if (record.lastOutcome === 'reached') t.reached += n;
  } else if (record.state === 'unreached') t.unreached += n;
}

/**
 * The 7-day follow-ups or CSI calls due in the period, tallied in SQL: an RO's call is due `days` after
 * the day it was delivered (its delivered_at, else its settled_at — DeliveredRoContributor's rule),
 * joined with its call record (revisit_call_ro). Two grouped statements on repair_order_delivered and
 * repair_order_settled. The contributor's dueBetween gives the same subjects but builds each one with
 * its vehicle and customer (~0.3 s per kind for a month of the 10-year archive), and leaves out those
 * whose call closed early (they would be read again by id).
 */
async function deliveredRoTally(
  db: Db,
  kind: 'followup7' | 'csi',
  days: number,
  p: PeriodBounds,
): Promise<RevisitTally> {
  const from = addDays(p.from, -days);
  const before = addDays(p.to, 1 - days);
  const grouped = () =>
    db
      .selectFrom('repair_order as r')
      .leftJoin('revisit_call as k', (join) => join.onRef('k.ro_id', '=', 'r.id').on('k.kind', '=', kind))
      .select((eb) => ['k.state', 'k.last_outcome', eb.fn.countAll<number>().as('n')])
      .groupBy(['k.state', 'k.last_outcome']);
  const rows = [
    ...(await grouped().where('r.delivered_at', '>=', from).where('r.delivered_at', '<', before).execute()),
    ...(await grouped()
      .where('r.settled_at', '>=', from)
      .where('r.settled_at', '<', before)
      .where('r.delivered_at', 'is', null)
      .execute()),
  ];
  const t = zero();
  for (const r of rows)
    add(t, r.state === null ? undefined : { key: '', state: r.state, lastOutcome: r.last_outcome }, Number(r.n));
  return t;
}

/**
 * The calls of another contributor (新车交车回访): its subjects due in the period (dueBetween), each
 * with its call record by key. Its range leaves out subjects whose call closed before the range's
 * last day (the queue hides them), so the records due in the period are read too
 * (revisit_call_due) and their subjects fetched by id (byIds).
 */
async function contributorTally(
  db: Db,
  c: QueueContributor,
  p: PeriodBounds,
  settings: RevisitSettings,
): Promise<RevisitTally> {
  const subjects = new Map<string, Subject>();
  for (const s of await c.dueBetween(db, p.from, p.to, settings)) subjects.set(s.key, s);
  const records = new Map<string, RecordFacts>();
  const due = await db
    .selectFrom('revisit_call')
    .select(['call_key', 'state', 'last_outcome'])
    .where('due_on', '>=', p.from)
    .where('due_on', '<=', p.to)
    .where('kind', '=', c.kind)
    .execute();
  for (const r of due) records.set(r.call_key, { key: r.call_key, state: r.state, lastOutcome: r.last_outcome });
  const ids: number[] = [];
  for (const key of records.keys()) {
    const split = splitKey(key);
    if (!subjects.has(key) && split?.prefix === c.prefix) ids.push(split.id);
  }
  for (const s of await c.byIds(db, ids, settings, p.to)) if (!subjects.has(s.key)) subjects.set(s.key, s);
  // Records of subjects whose record was due on another day (the subject's day moved since): by key.
  const unread = [...subjects.keys()].filter((k) => !records.has(k));
  for (const part of chunks(unread, 500))
    for (const r of await db
      .selectFrom('revisit_call')
      .select(['call_key', 'state', 'last_outcome'])
      .where('call_key', 'in', part)
      .execute())
      records.set(r.call_key, { key: r.call_key, state: r.state, lastOutcome: r.last_outcome });
  const t = zero();
  for (const s of subjects.values()) if (s.dueOn >= p.from && s.dueOn <= p.to) add(t, records.get(s.key));
  return t;
}

/**
 * 回访: the calls due in the period of the kinds about a visit or a delivery (7 天跟踪, 满意度,
 * 新车交车; those the store has switched on, as the queue's contributors say), and what became of
 * each: none yet or still open → open; 已回访 (接通, or 拒访) → done; 未接通 (or 错号) → unreached;
 * cancelled → not counted.
 */
export async function revisitSection(db: Db, p: PeriodBounds, settings: RevisitSettings): Promise<RevisitSection> {
  const contributors = QUEUE_CONTRIBUTORS.filter(
    (c) => (REPORT_KINDS as readonly string[]).includes(c.kind) && c.enabled(settings),
  );
  const byKind: ({ kind: CallKind } & RevisitTally)[] = [];
  for (const c of contributors) {
    const tally =
      c.kind === 'followup7'
        ? await deliveredRoTally(db, 'followup7', settings.followupDays, p)
        : c.kind === 'csi'
          ? await deliveredRoTally(db, 'csi', settings.csiDays, p)
          : await contributorTally(db, c, p, settings);
    byKind.push({ kind: c.kind, ...tally });
  }
  const total = zero();
  for (const k of byKind) {
    total.due += k.due;
    total.done += k.done;
    total.reached += k.reached;
    total.unreached += k.unreached;
    total.open += k.open;
  }
  const doneRate = rateOf(total.done, total.due);
  const reachRate = rateOf(total.reached, total.due);
  return {
    byKind,
    total,
    doneRate,
    reachRate,
    formula:
      `回访完成率 = 已回访 / 应回访 = ${total.done} / ${total.due} = ${percentText(doneRate)}；` +
      `接通率 = 接通 / 应回访 = ${total.reached} / ${total.due} = ${percentText(reachRate)}`,
  };
}
