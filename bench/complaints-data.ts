/**
 * Complaints, comebacks and lost-customer reasons for the bench archive (raw inserts, like the demo
 * seeder's bulk data): one complaint per ~200 ROs (a store's 15-20 a month) in every state, the
 * DMS's 返修 ROs as comebacks handed to the manager (closed once a month old), and a reason for one
 * in 20 vehicles gone more than a year. Deterministic; used by build-archive.ts after seeding and by
 * complaints-bench.ts on its copy of an archive built before this existed.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  COMPLAINT_LEVELS,
  COMPLAINT_TYPES,
  DEFAULT_COMPLAINT_SETTINGS,
  LOST_REASONS,
} from '../src-shared/domain/complaints';
import { DEPARTMENTS } from '../src-shared/domain/revisits';
import { addDays } from '../src-shared/validation/dates';

const CHANNELS = ['call', 'phone_in', 'walk_in', 'letter', 'oem', 'online'] as const;
const at = (day: string, time: string) => `${day}T${time}:00+08:00`;

export function addBenchComplaints(
  sqlite: BetterSqlite3.Database,
  until: string,
): { complaints: number; comebacks: number; lostReasons: number } {
  const now = at(until, '18:00');
  let complaints = 0;
  let comebacks = 0;
  let lostReasons = 0;
  sqlite.transaction(() => {
    const ros = sqlite
      .prepare(
        `SELECT r.id, r.vehicle_id, coalesce(r.customer_id, v.owner_id) AS customer_id, substr(r.opened_at, 1, 10) AS day
         FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id
         WHERE r.id % 200 = 7 AND coalesce(r.customer_id, v.owner_id) IS NOT NULL ORDER BY r.opened_at, r.id`,
      )
      .all() as { id: number; vehicle_id: number; customer_id: number; day: string }[];
    const insertComplaint = sqlite.prepare(
      `INSERT INTO complaint (no, channel, customer_id, vehicle_id, ro_id, department, type, level, description, opened_at,
         opened_by, respond_within_hours, respond_by, responded_at, resolve_working_days, resolve_by, state, resolution,
         customer_accepted, resolved_at, resolved_by, callback_due_by, verdict, closed_loop, closed_at, closed_by,
         created_at, updated_at)
       VALUES (@no, @channel, @customer, @vehicle, @ro, @department, @type, @level, '客户反映：维修后问题仍在', @openedAt,
         '信息员', @hours, @respondBy, @respondedAt, 3, @resolveBy, @state, @resolution, @accepted, @resolvedAt, @resolvedBy,
         @callbackDue, @verdict, @closedLoop, @closedAt, @closedBy, @openedAt, @updatedAt)`,
    );
    const insertAction = sqlite.prepare(
      `INSERT INTO complaint_action (complaint_id, at, by_user_id, by_name, text) VALUES (?, ?, NULL, '信息员', ?)`,
    );
    const insertCallback = sqlite.prepare(
      `INSERT INTO complaint_callback (complaint_id, at, by_user_id, by_name, verdict, closed_loop, words, call_id)
       VALUES (?, ?, NULL, '信息员', 'satisfied', 1, '问题已解决', NULL)`,
    );
    const perMonth = new Map<string, number>();
    ros.forEach((r, i) => {
      const day = addDays(r.day, 2);
      if (day > until) return;
      const month = day.slice(0, 7);
      const seq = (perMonth.get(month) ?? 0) + 1;
      perMonth.set(month, seq);
      const level = COMPLAINT_LEVELS[i % COMPLAINT_LEVELS.length]!;
      const hours = DEFAULT_COMPLAINT_SETTINGS.responseHours[level];
      const openedAt = at(day, '10:00');
      const age = until < addDays(day, 30) ? (until < addDays(day, 10) ? 'open' : 'resolved') : 'closed';
      const resolvedDay = addDays(day, 3);
      const closedDay = addDays(day, 8);
      const result = insertComplaint.run({
        no: `TS${month.replace('-', '')}-${String(seq).padStart(4, '0')}`,
        channel: CHANNELS[i % CHANNELS.length],
        customer: r.customer_id,
        vehicle: r.vehicle_id,
        ro: r.id,
        department: DEPARTMENTS[i % 3],
        type: COMPLAINT_TYPES[i % COMPLAINT_TYPES.length],
        level,
        openedAt,
        hours,
        respondBy: hours === 12 ? at(day, '22:00') : at(addDays(day, hours / 24), '10:00'),
        respondedAt: at(day, '11:00'),
        resolveBy: addDays(day, 5),
        state: age,
        resolution: age === 'open' ? '' : '重新检修并免收工时费',
        accepted: age === 'open' ? null : 1,
        resolvedAt: age === 'open' ? null : at(resolvedDay, '16:00'),
        resolvedBy: age === 'open' ? null : '服务经理',
        callbackDue: age === 'open' ? null : addDays(resolvedDay, DEFAULT_COMPLAINT_SETTINGS.callbackWithinDays),
        verdict: age === 'closed' ? 'satisfied' : null,
        closedLoop: age === 'closed' ? 1 : null,
        closedAt: age === 'closed' ? at(closedDay, '10:30') : null,
        closedBy: age === 'closed' ? '信息员' : null,
        updatedAt: age === 'closed' ? at(closedDay, '10:30') : age === 'resolved' ? at(resolvedDay, '16:00') : openedAt,
      });
      const id = Number(result.lastInsertRowid);
      insertAction.run(id, at(day, '11:00'), '已联系客户，约定回厂检查');
      if (age === 'closed') insertCallback.run(id, at(closedDay, '10:30'));
      complaints++;
    });

    const returns = sqlite
      .prepare(
        `SELECT r.id, r.vehicle_id, r.customer_id, substr(r.opened_at, 1, 10) AS day,
           (SELECT e.id FROM repair_order e WHERE e.vehicle_id = r.vehicle_id AND e.opened_at < r.opened_at
            ORDER BY e.opened_at DESC LIMIT 1) AS earlier
         FROM repair_order r WHERE r.type = 'comeback' ORDER BY r.opened_at, r.id`,
      )
      .all() as { id: number; vehicle_id: number; customer_id: number | null; day: string; earlier: number | null }[];
    const insertComeback = sqlite.prepare(
      `INSERT INTO comeback (source, state, date, vehicle_id, customer_id, earlier_ro_id, ro_id, words, handed_at, handed_by,
         cause, action, result, closed_at, closed_by, created_at, created_by, updated_at)
       VALUES ('imported', @state, @day, @vehicle, @customer, @earlier, @ro, '同样的问题又出现了', @handedAt, '信息员',
         @cause, @action, @result, @closedAt, @closedBy, @handedAt, '信息员', @updatedAt)`,
    );
    for (const r of returns) {
      const closed = addDays(r.day, 30) <= until;
      const handedAt = at(r.day, '15:00');
      const closedAt = closed ? at(addDays(r.day, 5), '17:00') : null;
      insertComeback.run({
        state: closed ? 'closed' : 'confirmed',
        day: r.day,
        vehicle: r.vehicle_id,
        customer: r.customer_id,
        earlier: r.earlier,
        ro: r.id,
        handedAt,
        cause: closed ? '上次维修未彻底排除故障' : '',
        action: closed ? '更换故障件并路试' : '',
        result: closed ? '故障排除，客户确认' : '',
        closedAt,
        closedBy: closed ? '服务经理' : null,
        updatedAt: closedAt ?? handedAt,
      });
      comebacks++;
    }

    const gone = sqlite
      .prepare(
        `SELECT vehicle_id FROM repair_order GROUP BY vehicle_id HAVING max(opened_at) < ? AND vehicle_id % 20 = 3
         ORDER BY vehicle_id`,
      )
      .pluck()
      .all(addDays(until, -365)) as number[];
    const insertLost = sqlite.prepare(
      `INSERT INTO lost_vehicle (vehicle_id, reason, words, reason_at, reason_by, updated_at)
       VALUES (?, ?, ?, ?, '信息员', ?)`,
    );
    gone.forEach((vehicleId, i) => {
      const reason = LOST_REASONS[i % LOST_REASONS.length]!;
      insertLost.run(vehicleId, reason, reason === 'other' ? '客户没说原因' : '', now, now);
      lostReasons++;
    });
  })();
  return { complaints, comebacks, lostReasons };
}
