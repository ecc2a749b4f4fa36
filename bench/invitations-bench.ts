/**
 * The `invitations` section of the benchmark (`npm run bench -- --only invitations`), on the
 * 10-year archive:
 * - rebuilding every vehicle's service summary (rebuildAll: what an archive without one gets on first use);
 * - who is due next month (invitations.due through the dispatcher: the month's list before it is
 *   saved, with each row's explanation) next to a hand-written raw better-sqlite3 query over the
 *   summary table with the same joins and exclusions, interleaved in the same run;
 * - recomputing one vehicle's summary (what every RO, reading or vehicle change does inside its
 *   transaction), for random vehicles.
 * The clock is fixed the day after the archive ends, so the figures do not change with the calendar.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { createDispatcher } from '../src-main/api/dispatcher';
import { createHandlers, createServices } from '../src-main/api/handlers';
import { openArchive } from '../src-main/db/database';
import { Rng } from '../src-main/demo/prng';
import { type CallContext, type Clock, Session } from '../src-main/services/context';
import type { DueListPreview } from '../src-shared/contract/invitations.contract';
import { addMonths } from '../src-shared/domain/service-due';
import { addDays } from '../src-shared/validation/dates';
import { round3, type Timing, timeAsync, timeSync, timing } from './stats';

export const INVITATIONS_TARGETS = { monthListP95Ms: 50, ratioMax: 10, recomputeP95Ms: 1 } as const;
const WARMUP = 5;

export interface InvitationsBenchReport {
  vehicles: number;
  rebuildAll: { vehicles: number; millis: number };
  monthList: {
    from: string;
    to: string;
    samples: number;
    rows: number;
    excluded: DueListPreview['excluded'];
    dispatcher: Timing;
    raw: Timing;
    ratio: number;
    sameVehicles: boolean;
  };
  recomputeOne: { samples: number } & Timing;
  targets: typeof INVITATIONS_TARGETS;
  met: { monthListP95Ms: boolean; ratioMax: boolean; recomputeP95Ms: boolean };
}

/** The same rows as invitations.due, hand-written: one range scan, the same exclusions, the same order. */
function rawDue(sqlite: BetterSqlite3.Database) {
  const stmt = sqlite.prepare(
    `SELECT s.vehicle_id, s.kind, s.due_on, s.due_km, s.last_visit_on, s.last_reading_on, s.last_reading_km,
            s.pace_km_day, v.plate, v.vin, v.model, c.name, c.mobile
     FROM vehicle_service_summary s
     JOIN vehicle v ON v.id = s.vehicle_id
     LEFT JOIN customer c ON c.id = v.owner_id
     WHERE s.due_on BETWEEN @from AND @to
       AND v.status NOT IN ('sold', 'scrapped', 'lost')
       AND coalesce(c.is_do_not_contact, 0) = 0
       AND (SELECT count(*) FROM contact_preference p
            WHERE p.customer_id = v.owner_id AND p.allowed = 0 AND p.channel IN ('letter', 'phone')) < 2
       AND NOT EXISTS (SELECT 1 FROM invitation_row b WHERE b.vehicle_id = s.vehicle_id AND b.booked_for >= @today)
       AND NOT EXISTS (SELECT 1 FROM invitation_row o JOIN invitation_list l ON l.id = o.list_id
                       WHERE o.vehicle_id = s.vehicle_id AND o.removed_at IS NULL
                         AND l.period_from <= @to AND l.period_to >= @from)
     ORDER BY s.kind, s.due_on, s.vehicle_id`,
  );
  return (from: string, to: string, today: string) => stmt.all({ from, to, today }) as { vehicle_id: number }[];
}

export async function runInvitationsBench(
  file: string,
  until: string,
  samples: number,
  log: (m: string) => void,
): Promise<InvitationsBenchReport> {
  const today = addDays(until, 1);
  // 10:00 at the store on the day after the archive's last day.
  const clock: Clock = { now: () => new Date(`${today}T02:00:00Z`) };
  const archive = await openArchive(file);
  try {
    const services = createServices(archive, clock);
    const dispatch = createDispatcher(createHandlers(services), {
      onInternalError: (method, error) => log(`internal error in ${method}: ${String(error)}`),
    });
    const ctx: CallContext = { door: 'cli', session: new Session() };
    const vehicles = archive.sqlite!.prepare('SELECT count(*) FROM vehicle').pluck().get() as number;

    log(`rebuilding the service summary of ${vehicles} vehicles …`);
    const rebuildAll = await services.serviceDue.rebuildAll();

    // Next month.
    const from = addMonths(`${today.slice(0, 7)}-01`, 1);
    const to = addDays(addMonths(from, 1), -1);
    log(`invitations.due ${from} … ${to} …`);
    const raw = rawDue(archive.sqlite!);
    const due = async (): Promise<DueListPreview> => {
      const r = await dispatch('invitations.due', { from, to }, ctx);
      if (!r.ok) throw new Error(`invitations.due: ${r.error.message}`);
      return r.value as DueListPreview;
    };
    for (let i = 0; i < WARMUP; i++) {
      await due();
      raw(from, to, today);
    }
    const viaDispatcher: number[] = [];
    const viaRaw: number[] = [];
    let preview: DueListPreview | null = null;
    let rawRows: { vehicle_id: number }[] = [];
    for (let i = 0; i < samples; i++) {
      viaDispatcher.push(
        await timeAsync(async () => {
          preview = await due();
        }),
      );
      viaRaw.push(
        timeSync(() => {
          rawRows = raw(from, to, today);
        }),
      );
    }
    const p = preview as DueListPreview | null;
    if (!p) throw new Error('no samples');
    const d = timing(viaDispatcher);
    const r = timing(viaRaw);
    const sameVehicles =
      JSON.stringify(p.rows.map((row) => row.vehicleId)) === JSON.stringify(rawRows.map((row) => row.vehicle_id));

    log('recomputing one vehicle …');
    const rng = new Rng(0x51ce);
    const maxId = archive.sqlite!.prepare('SELECT max(id) FROM vehicle').pluck().get() as number;
    const ids = Array.from({ length: samples * 10 }, () => rng.int(1, maxId));
    const recompute: number[] = [];
    await archive.db.transaction().execute(async (trx) => {
      for (let i = 0; i < WARMUP * 4; i++) await services.serviceDue.recompute(trx, [ids[i]!]);
      for (const id of ids) recompute.push(await timeAsync(() => services.serviceDue.recompute(trx, [id])));
    });
    const rc = timing(recompute);
    return {
      vehicles,
      rebuildAll,
      monthList: {
        from,
        to,
        samples,
        rows: p.rows.length,
        excluded: p.excluded,
        dispatcher: d,
        raw: r,
        ratio: round3(d.p95 / r.p95),
        sameVehicles,
      },
      recomputeOne: { samples: ids.length, ...rc },
      targets: INVITATIONS_TARGETS,
      met: {
        monthListP95Ms: d.p95 <= INVITATIONS_TARGETS.monthListP95Ms,
        ratioMax: d.p95 / r.p95 <= INVITATIONS_TARGETS.ratioMax,
        recomputeP95Ms: rc.p95 <= INVITATIONS_TARGETS.recomputeP95Ms,
      },
    };
  } finally {
    await archive.close();
  }
}

export function invitationsLines(r: InvitationsBenchReport): string[] {
  const l = r.monthList;
  return [
    `service summary rebuildAll: ${r.rebuildAll.vehicles} vehicles in ${r.rebuildAll.millis} ms`,
    `invitations.due ${l.from}…${l.to}: p50 ${l.dispatcher.p50} p95 ${l.dispatcher.p95} ms | raw p50 ${l.raw.p50} p95 ${l.raw.p95} ms | ratio ${l.ratio} | ${l.rows} rows, excluded ${JSON.stringify(l.excluded)} | same vehicles: ${l.sameVehicles ? 'yes' : 'NO'}`,
    `recompute one vehicle (${r.recomputeOne.samples} random): p50 ${r.recomputeOne.p50} p95 ${r.recomputeOne.p95} ms`,
    `${'monthListP95Ms'.padEnd(20)} target ≤ ${r.targets.monthListP95Ms}  actual ${l.dispatcher.p95}  ${r.met.monthListP95Ms ? 'met' : 'MISSED'}`,
    `${'monthListRatio'.padEnd(20)} target ≤ ${r.targets.ratioMax}  actual ${l.ratio}  ${r.met.ratioMax ? 'met' : 'MISSED'}`,
    `${'recomputeP95Ms'.padEnd(20)} target ≤ ${r.targets.recomputeP95Ms}  actual ${r.recomputeOne.p95}  ${r.met.recomputeP95Ms ? 'met' : 'MISSED'}`,
  ];
}
