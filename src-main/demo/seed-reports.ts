/**
 * 统计 data for the demo (issue 15): what the weekly and monthly reports of the days before `until`
 * need beyond the seeder's morning scene, from the first day of last month (the month before the
 * day after `until`) to `until`:
 * - the 7-day and satisfaction calls due before the morning scene's nine days, worked (mostly
 *   reached, with the questionnaire answered; a few given up after three attempts); the morning
 *   scene's reached calls get their answers too. An answer at or below the store's threshold makes
 *   a problem (问题客户) per department, handled (done) a day later;
 * - complaints (one every other day, from an RO two days before; closed, resolved or open by age),
 *   the DMS's 返修 ROs as comebacks handed to the manager (closed once five days old);
 * - last month's invitation list (定保 due in the month: letters, calls, bookings, arrivals);
 * - appointments (a few a day: most arrived with their RO, some cancelled, a few not kept long ago);
 * - lost-customer reasons and the win-back calls that found them, first-service vouchers of the
 *   first-service ROs (handed over to sales after a week).
 * Raw prepared statements like the rest of the seeder; deterministic for a seed and `until`. Used by
 * seed-demo.ts and, on an archive built before it existed, by bench/reports-data.ts. Writes nothing
 * that is due today, so the morning queue stays the seeder's.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  COMPLAINT_LEVELS,
  COMPLAINT_TYPES,
  DEFAULT_COMPLAINT_SETTINGS,
  LOST_REASONS,
} from '../../src-shared/domain/complaints';
import { DEFAULT_REVISIT_SETTINGS, type Question } from '../../src-shared/domain/revisits';
import { addDays } from '../../src-shared/validation/dates';
import { shiftMonth } from '../services/lost-customers/churn';
import type { Rng } from './prng';

export interface ReportsDataSummary {
  from: string;
  calls: number;
  answeredMorningCalls: number;
  problems: number;
  complaints: number;
  comebacks: number;
  invitationRows: number;
  appointments: number;
  lostReasons: number;
  vouchers: number;
}

const at = (day: string, time: string) => `${day}T${time}:00+08:00`;
const HAPPY_WORDS = ['车况很好，没有问题', '保养后开着挺好', '服务态度不错', '洗车挺干净', '价格还可以', ''];
const UNHAPPY_WORDS = ['等了太久才交车', '保养后还有异响', '报价和结算不一样', '车没洗干净', '顾问没解释做了什么'];
/** What a customer says about the department an answer was low for (用户原话). */
const WORDS_OF: Record<string, string> = {
  workshop: '保养后还有异响',
  reception: '顾问没解释做了什么',
  parts: '配件等了好几天',
  cashier: '结算排队太久',
  wash: '车没洗干净',
  sales: '交车时讲解太匆忙',
};
const wordsFor = (problems: Map<string, string[]>) => WORDS_OF[[...problems.keys()][0] ?? ''] ?? '不太满意';
const CHANNELS = ['call', 'phone_in', 'walk_in', 'letter', 'oem', 'online'] as const;

/** A score on the question's scale: mostly satisfied, about one answer in 250 at or below the threshold. */
function answerFor(rng: Rng, q: Question): number | null {
  switch (q.scale) {
    case 'five': {
      const r = rng.next();
      return r < 0.65 ? 5 : r < 0.996 ? 4 : r < 0.9985 ? 3 : r < 0.9995 ? 2 : 1;
    }
    case 'yesno':
      return rng.chance(0.995) ? 1 : 0;
    case 'ten':
      return rng.chance(0.99) ? rng.int(8, 10) : rng.int(3, 6);
    case 'nps':
      return rng.chance(0.97) ? rng.int(8, 10) : rng.int(4, 7);
    case 'choice':
      return q.options.length > 0 ? 0 : null;
  }
}

function dissatisfied(q: Question, value: number | null): boolean {
  if (value === null) return false;
  const t = DEFAULT_REVISIT_SETTINGS.problemAtOrBelow;
  if (q.scale === 'yesno') return value === 0;
  if (q.scale === 'five') return value <= t.five;
  if (q.scale === 'ten') return value <= t.ten;
  if (q.scale === 'nps') return value <= t.nps;
  return false;
}

export function writeReportsData(
  sqlite: BetterSqlite3.Database,
  options: { rng: Rng; until: string },
): ReportsDataSummary {
  const { rng, until } = options;
  const today = addDays(until, 1);
  const from = `${shiftMonth(today.slice(0, 7), -1)}-01`;
  const summary: ReportsDataSummary = {
    from,
    calls: 0,
    answeredMorningCalls: 0,
    problems: 0,
    complaints: 0,
    comebacks: 0,
    invitationRows: 0,
    appointments: 0,
    lostReasons: 0,
    vouchers: 0,
  };
  const clerk = (sqlite
    .prepare("SELECT id, name FROM app_user WHERE is_active = 1 ORDER BY role = 'clerk' DESC, id LIMIT 1")
    .get() as { id: number; name: string } | undefined) ?? { id: null, name: '信息员' };
  const days: string[] = [];
  for (let d = from; d <= until; d = addDays(d, 1)) days.push(d);

  // ---- 回访: questionnaires, calls, answers, problems ----
  const questionnaires = new Map(
    (
      sqlite
        .prepare(
          "SELECT id, kind, questions_json FROM questionnaire WHERE is_current = 1 AND kind IN ('followup7','csi')",
        )
        .all() as { id: number; kind: string; questions_json: string }[]
    ).map((q) => [q.kind, { id: q.id, questions: JSON.parse(q.questions_json) as Question[] }]),
  );
  const insertCall = sqlite.prepare(
    `INSERT OR IGNORE INTO revisit_call (call_key, kind, ro_id, vehicle_id, customer_id, due_on, state, closed_at, closed_by,
       questionnaire_id, answers_json, words, problem_fixed, is_problem, follow_up_channel, follow_up_at, attempts,
       last_attempt_at, last_outcome, created_at, updated_at)
     VALUES (@key, @kind, @roId, @vehicleId, @customerId, @dueOn, @state, @closedAt, @closedBy, @questionnaireId,
       @answers, @words, @problemFixed, @isProblem, @followUpChannel, @followUpAt, @attempts, @lastAt, @lastOutcome,
       @createdAt, @lastAt)`,
  );
  const insertAttempt = sqlite.prepare(
    `INSERT INTO revisit_attempt (call_id, at, outcome, callback_at, note, by_user_id, by_name)
     VALUES (?, ?, ?, NULL, '', ?, ?)`,
  );
  const insertProblem = sqlite.prepare(
    `INSERT INTO call_problem (call_id, department, questions_json, words, action, result, done_at, done_by,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, '客户表示理解', ?, ?, ?, ?)`,
  );
  /** Answers for a reached call, and the problems (department → question texts) they make. */
  const answersOf = (kind: string) => {
    const q = questionnaires.get(kind);
    if (!q) return null;
    const answers: { key: string; value: number | null }[] = [];
    const problems = new Map<string, string[]>();
    for (const question of q.questions) {
      const value = answerFor(rng, question);
      answers.push({ key: question.key, value });
      if (dissatisfied(question, value)) {
        // A question without a department is the reception's (the advisor speaks for the store).
        const department = question.department ?? 'reception';
        problems.set(department, [...(problems.get(department) ?? []), question.text]);
      }
    }
    return { id: q.id, answers, problems };
  };
  const writeProblems = (callId: number, closedAt: string, words: string, problems: Map<string, string[]>) => {
    const doneAt = at(addDays(closedAt.slice(0, 10), 1), '16:30');
    for (const [department, texts] of problems) {
      insertProblem.run(
        callId,
        department,
        JSON.stringify(texts),
        words,
        '部门主管致电客户说明并致歉',
        doneAt,
        '服务经理',
        closedAt,
        doneAt,
      );
      summary.problems++;
    }
  };
  const delivered = sqlite.prepare(
    `SELECT r.id, r.vehicle_id, coalesce(r.customer_id, v.owner_id) AS customer_id
     FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id
     WHERE (r.delivered_at >= @from AND r.delivered_at < @next)
        OR (r.delivered_at IS NULL AND r.settled_at >= @from AND r.settled_at < @next)
     ORDER BY r.id`,
  );
  // The morning scene has the calls due in the last nine days; these are the ones before.
  const lastOld = addDays(until, -9);
  for (const due of days) {
    if (due > lastOld) break;
    for (const [kind, offset] of [
      ['followup7', DEFAULT_REVISIT_SETTINGS.followupDays],
      ['csi', DEFAULT_REVISIT_SETTINGS.csiDays],
    ] as const) {
      const on = addDays(due, -offset);
      for (const ro of delivered.all({ from: on, next: addDays(on, 1) }) as {
        id: number;
        vehicle_id: number;
        customer_id: number | null;
      }[]) {
        const first = at(
          due,
          `${rng.chance(0.6) ? rng.int(10, 11) : rng.int(15, 17)}:${String(rng.int(0, 59)).padStart(2, '0')}`,
        );
        const reached = rng.chance(0.95);
        const attempts = reached
          ? [{ at: first, outcome: 'reached' }]
          : [
              { at: first, outcome: 'no_answer' },
              { at: at(due, '17:40'), outcome: 'off' },
              { at: at(addDays(due, 1), '10:20'), outcome: 'no_answer' },
            ];
        const last = attempts[attempts.length - 1]!;
        const answered = reached ? answersOf(kind) : null;
        const isProblem = answered !== null && answered.problems.size > 0;
        const words = answered && isProblem ? wordsFor(answered.problems) : reached ? rng.pick(HAPPY_WORDS) : '';
        const result = insertCall.run({
          key: `${kind}:ro:${ro.id}`,
          kind,
          roId: ro.id,
          vehicleId: ro.vehicle_id,
          customerId: ro.customer_id,
          dueOn: due,
          state: reached ? 'done' : 'unreached',
          closedAt: last.at,
          closedBy: clerk.name,
          questionnaireId: answered?.id ?? null,
          answers: JSON.stringify(answered?.answers ?? []),
          words,
          problemFixed: reached && kind === 'followup7' ? 'yes' : null,
          isProblem: isProblem ? 1 : 0,
          // Long past: the customer not reached was sent a letter then (the SMS source and the
          // morning scene's unreached calls are left to the demo's own days).
          followUpChannel: reached ? null : 'letter',
          followUpAt: reached ? null : last.at,
          attempts: attempts.length,
          lastAt: last.at,
          lastOutcome: last.outcome,
          createdAt: first,
        });
        if (result.changes === 0) continue;
        const callId = Number(result.lastInsertRowid);
        for (const a of attempts) insertAttempt.run(callId, a.at, a.outcome, clerk.id, clerk.name);
        if (answered && isProblem) writeProblems(callId, last.at, words, answered.problems);
        summary.calls++;
      }
    }
  }
  // The morning scene's reached calls: answered on the questionnaire of their kind.
  const morning = sqlite
    .prepare(
      `SELECT id, kind, closed_at FROM revisit_call
       WHERE kind IN ('followup7','csi') AND state = 'done' AND last_outcome = 'reached' AND questionnaire_id IS NULL
         AND closed_at >= ? ORDER BY id`,
    )
    .all(from) as { id: number; kind: string; closed_at: string }[];
  const answerCall = sqlite.prepare(
    'UPDATE revisit_call SET questionnaire_id = ?, answers_json = ?, is_problem = ?, words = CASE WHEN ? THEN ? ELSE words END WHERE id = ?',
  );
  for (const call of morning) {
    const answered = answersOf(call.kind);
    if (!answered) continue;
    const isProblem = answered.problems.size > 0;
    const words = wordsFor(answered.problems);
    answerCall.run(answered.id, JSON.stringify(answered.answers), isProblem ? 1 : 0, isProblem ? 1 : 0, words, call.id);
    if (isProblem) writeProblems(call.id, call.closed_at, words, answered.problems);
    summary.answeredMorningCalls++;
  }

  // ---- complaints: one every other day, from an RO two days before ----
  const nextNo = new Map<string, number>();
  for (const row of sqlite.prepare('SELECT no FROM complaint').pluck().all() as string[]) {
    const m = /^TS(\d{6})-(\d+)$/.exec(row);
    if (m) nextNo.set(m[1]!, Math.max(nextNo.get(m[1]!) ?? 0, Number(m[2])));
  }
  const roOn = sqlite.prepare(
    `SELECT r.id, r.vehicle_id, coalesce(r.customer_id, v.owner_id) AS customer_id
     FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id
     WHERE r.opened_at >= ? AND r.opened_at < ? AND coalesce(r.customer_id, v.owner_id) IS NOT NULL
     ORDER BY r.id LIMIT 1 OFFSET ?`,
  );
  const insertComplaint = sqlite.prepare(
    `INSERT INTO complaint (no, channel, customer_id, vehicle_id, ro_id, department, type, level, description, opened_at,
       opened_by, respond_within_hours, respond_by, responded_at, resolve_working_days, resolve_by, state, resolution,
       customer_accepted, resolved_at, resolved_by, callback_due_by, verdict, closed_loop, closed_at, closed_by,
       created_at, updated_at)
     VALUES (@no, @channel, @customer, @vehicle, @ro, @department, @type, @level, @description, @openedAt,
       @by, @hours, @respondBy, @respondedAt, 3, @resolveBy, @state, @resolution, @accepted, @resolvedAt, @resolvedBy,
       @callbackDue, @verdict, @closedLoop, @closedAt, @closedBy, @openedAt, @updatedAt)`,
  );
  const insertAction = sqlite.prepare(
    `INSERT INTO complaint_action (complaint_id, at, by_user_id, by_name, text) VALUES (?, ?, NULL, ?, ?)`,
  );
  const insertCallback = sqlite.prepare(
    `INSERT INTO complaint_callback (complaint_id, at, by_user_id, by_name, verdict, closed_loop, words, call_id)
     VALUES (?, ?, NULL, ?, ?, 1, '问题已解决', NULL)`,
  );
  const DEPARTMENT_OF = ['workshop', 'reception', 'parts', 'cashier', 'wash'] as const;
  days.forEach((day, i) => {
    if (i % 2 === 1 || day > addDays(until, -1)) return;
    const ro = roOn.get(addDays(day, -2), addDays(day, -1), rng.int(0, 20)) as
      | { id: number; vehicle_id: number; customer_id: number }
      | undefined;
    if (!ro) return;
    const month = day.slice(0, 7).replace('-', '');
    const seq = (nextNo.get(month) ?? 0) + 1;
    nextNo.set(month, seq);
    const level = COMPLAINT_LEVELS[rng.int(0, 3)]!;
    const hours = DEFAULT_COMPLAINT_SETTINGS.responseHours[level];
    const openedAt = at(day, '10:00');
    const age = addDays(day, 8) <= until ? 'closed' : addDays(day, 3) <= until ? 'resolved' : 'open';
    const drawnResolvedDay = addDays(day, rng.int(1, 3));
    // A complaint still 已解决 awaits its callback, which the queue counts from the resolved day: a
    // recent one, not one long given up (listed as 未接通 with no call an SMS could follow up).
    const resolvedDay =
      age === 'resolved' && drawnResolvedDay < addDays(until, -2) ? addDays(until, -2) : drawnResolvedDay;
    const closedDay = addDays(day, rng.int(4, 8));
    const result = insertComplaint.run({
      no: `TS${month}-${String(seq).padStart(4, '0')}`,
      channel: CHANNELS[i % CHANNELS.length],
      customer: ro.customer_id,
      vehicle: ro.vehicle_id,
      ro: ro.id,
      department: DEPARTMENT_OF[i % DEPARTMENT_OF.length],
      type: COMPLAINT_TYPES[(i >> 1) % COMPLAINT_TYPES.length],
      level,
      description: rng.pick(UNHAPPY_WORDS),
      openedAt,
      by: clerk.name,
      hours,
      respondBy: hours === 12 ? at(day, '22:00') : at(addDays(day, Math.max(1, hours / 24)), '10:00'),
      respondedAt: at(day, '11:00'),
      resolveBy: addDays(day, 5),
      state: age,
      resolution: age === 'open' ? '' : '重新检修，免收工时费',
      accepted: age === 'open' ? null : 1,
      resolvedAt: age === 'open' ? null : at(resolvedDay, '16:00'),
      resolvedBy: age === 'open' ? null : '服务经理',
      callbackDue: age === 'open' ? null : addDays(resolvedDay, DEFAULT_COMPLAINT_SETTINGS.callbackWithinDays),
      verdict: age === 'closed' ? (rng.chance(0.8) ? 'satisfied' : 'understand') : null,
      closedLoop: age === 'closed' ? 1 : null,
      closedAt: age === 'closed' ? at(closedDay, '10:30') : null,
      closedBy: age === 'closed' ? clerk.name : null,
      updatedAt: age === 'closed' ? at(closedDay, '10:30') : age === 'resolved' ? at(resolvedDay, '16:00') : openedAt,
    });
    const id = Number(result.lastInsertRowid);
    insertAction.run(id, at(day, '11:00'), clerk.name, '已联系客户，约定回厂检查');
    if (age === 'closed') insertCallback.run(id, at(closedDay, '10:30'), clerk.name, 'satisfied');
    summary.complaints++;
  });

  // ---- comebacks: the DMS's 返修 ROs, handed to the manager ----
  const returns = sqlite
    .prepare(
      `SELECT r.id, r.vehicle_id, r.customer_id, substr(r.opened_at, 1, 10) AS day,
         (SELECT e.id FROM repair_order e WHERE e.vehicle_id = r.vehicle_id AND e.opened_at < r.opened_at
          ORDER BY e.opened_at DESC LIMIT 1) AS earlier
       FROM repair_order r
       WHERE r.type = 'comeback' AND r.opened_at >= ? AND r.opened_at < ?
         AND NOT EXISTS (SELECT 1 FROM comeback c WHERE c.ro_id = r.id)
       ORDER BY r.opened_at, r.id`,
    )
    .all(from, today) as {
    id: number;
    vehicle_id: number;
    customer_id: number | null;
    day: string;
    earlier: number | null;
  }[];
  const insertComeback = sqlite.prepare(
    `INSERT INTO comeback (source, state, date, vehicle_id, customer_id, earlier_ro_id, ro_id, words, handed_at, handed_by,
       cause, action, result, closed_at, closed_by, created_at, created_by, updated_at)
     VALUES ('imported', @state, @day, @vehicle, @customer, @earlier, @ro, '同样的问题又出现了', @handedAt, @by,
       @cause, @action, @result, @closedAt, @closedBy, @handedAt, @by, @updatedAt)`,
  );
  for (const r of returns) {
    const closed = addDays(r.day, 5) <= until;
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
      by: clerk.name,
      cause: closed ? '上次维修未彻底排除故障' : '',
      action: closed ? '更换故障件并路试' : '',
      result: closed ? '故障排除，客户确认' : '',
      closedAt,
      closedBy: closed ? '服务经理' : null,
      updatedAt: closedAt ?? handedAt,
    });
    summary.comebacks++;
  }

  // ---- last month's invitation list: 定保 due in the month ----
  const lastMonth = from.slice(0, 7);
  const monthEnd = addDays(`${today.slice(0, 7)}-01`, -1);
  const dueRows = sqlite
    .prepare(
      `SELECT r.vehicle_id, v.owner_id, v.plate, v.vin, v.model, c.name, c.mobile, substr(r.opened_at, 1, 10) AS last_on,
         r.mileage_in
       FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id JOIN customer c ON c.id = v.owner_id
       WHERE r.opened_at >= @from AND r.opened_at < @to AND r.type = 'periodic_service' AND c.mobile IS NOT NULL
         AND v.status = 'active' AND c.is_do_not_contact = 0
       ORDER BY r.opened_at, r.id LIMIT 60`,
    )
    .all({ from: addDays(from, -182), to: addDays(monthEnd, -181) }) as {
    vehicle_id: number;
    owner_id: number;
    plate: string | null;
    vin: string | null;
    model: string;
    name: string;
    mobile: string;
    last_on: string;
    mileage_in: number | null;
  }[];
  if (dueRows.length > 0) {
    const listAt = at(addDays(from, -20), '09:00');
    const list = sqlite
      .prepare(
        'INSERT INTO invitation_list (title, period_from, period_to, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
      )
      .run(`${lastMonth} 定保招揽`, from, monthEnd, listAt, clerk.name);
    const insertRow = sqlite.prepare(
      `INSERT INTO invitation_row (list_id, vehicle_id, customer_id, kind, plate, vin, model, customer_name, phone,
         last_visit_on, last_km, due_on, due_by, explanation, letter_sent_on, letter_kind, came_ro_id, came_on,
         created_at, updated_at)
       VALUES (?, ?, ?, 'periodic', ?, ?, ?, ?, ?, ?, ?, ?, 'time', '上次保养后 6 个月', ?, ?, ?, ?, ?, ?)`,
    );
    const insertInvitationCall = sqlite.prepare(
      `INSERT INTO invitation_call (row_id, at, result, booked_for, words, by_user_id, by_name)
       VALUES (?, ?, ?, ?, '', ?, ?)`,
    );
    const cameBy = sqlite.prepare(
      `SELECT id, substr(opened_at, 1, 10) AS day FROM repair_order
       WHERE vehicle_id = ? AND opened_at >= ? AND opened_at < ? ORDER BY opened_at LIMIT 1`,
    );
    for (const r of dueRows) {
      const dueOn = addDays(r.last_on, 182);
      // Letters go out two weeks ahead, never after the list's reminder calls could still be due.
      const letter = rng.chance(0.85) ? addDays(dueOn, -14) : null;
      const sentOn = letter !== null && letter <= addDays(until, -30) ? letter : null;
      const came = cameBy.get(r.vehicle_id, addDays(dueOn, -30), today) as { id: number; day: string } | undefined;
      const row = insertRow.run(
        Number(list.lastInsertRowid),
        r.vehicle_id,
        r.owner_id,
        r.plate,
        r.vin,
        r.model,
        r.name,
        r.mobile,
        r.last_on,
        r.mileage_in,
        dueOn,
        sentOn,
        sentOn === null ? null : 'invitation',
        came?.id ?? null,
        came?.day ?? null,
        listAt,
        came ? at(came.day, '09:00') : listAt,
      );
      const rowId = Number(row.lastInsertRowid);
      if (sentOn !== null && rng.chance(0.7)) {
        const callDay = addDays(sentOn, 7);
        const result = came ? 'booked' : rng.pick(['reached', 'no_answer', 'not_interested'] as const);
        insertInvitationCall.run(
          rowId,
          at(callDay, '10:40'),
          result,
          result === 'booked' ? (came?.day ?? dueOn) : null,
          clerk.id,
          clerk.name,
        );
      }
      summary.invitationRows++;
    }
  }

  // ---- appointments: most kept (their RO that day), some cancelled, a few not kept long ago ----
  const rosOfDay = sqlite.prepare(
    `SELECT r.id, r.vehicle_id, coalesce(r.customer_id, v.owner_id) AS customer_id, r.opened_at, r.type, r.advisor_name
     FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id
     WHERE r.opened_at >= ? AND r.opened_at < ? AND r.type IN ('first_service','periodic_service','repair','body_paint')
     ORDER BY r.id LIMIT 6`,
  );
  const insertAppointment = sqlite.prepare(
    `INSERT INTO appointment (customer_id, vehicle_id, date, time, purpose, advisor, source, state, arrived_ro_id,
       arrived_at, cancelled_reason, created_at, created_by, updated_at)
     VALUES (@customer, @vehicle, @date, @time, @purpose, @advisor, 'phone_in', @state, @ro, @arrivedAt, @reason,
       @createdAt, @by, @updatedAt)`,
  );
  for (const day of days) {
    if (day >= until) break;
    const ros = rosOfDay.all(day, addDays(day, 1)) as {
      id: number;
      vehicle_id: number;
      customer_id: number | null;
      opened_at: string;
      type: 'first_service' | 'periodic_service' | 'repair' | 'body_paint';
      advisor_name: string;
    }[];
    ros.forEach((ro, i) => {
      // The last of the day's six: cancelled; a few weeks back, one not kept (its call long made).
      const state = i === 5 ? 'cancelled' : i === 4 && day <= addDays(until, -10) ? 'booked' : 'arrived';
      const createdAt = at(addDays(day, -rng.int(1, 5)), '11:00');
      insertAppointment.run({
        customer: ro.customer_id,
        vehicle: ro.vehicle_id,
        // Not kept: booked for the day before the visit.
        date: state === 'booked' ? addDays(day, -1) : day,
        time: ro.opened_at.slice(11, 16) > '08:00' ? ro.opened_at.slice(11, 16) : '09:00',
        purpose: ro.type,
        advisor: ro.advisor_name,
        state,
        ro: state === 'arrived' ? ro.id : null,
        arrivedAt: state === 'arrived' ? ro.opened_at : null,
        reason: state === 'cancelled' ? '客户临时有事' : '',
        createdAt,
        by: clerk.name,
        updatedAt: state === 'arrived' ? ro.opened_at : createdAt,
      });
      summary.appointments++;
    });
  }

  // ---- lost reasons, found by win-back calls ----
  const gone = sqlite
    .prepare(
      `SELECT r.vehicle_id, coalesce(max(r.customer_id), v.owner_id) AS customer_id FROM repair_order r
       JOIN vehicle v ON v.id = r.vehicle_id
       WHERE NOT EXISTS (SELECT 1 FROM lost_vehicle l WHERE l.vehicle_id = r.vehicle_id)
       GROUP BY r.vehicle_id HAVING max(r.opened_at) < ? AND r.vehicle_id % 37 = 5
       ORDER BY r.vehicle_id LIMIT ?`,
    )
    // Half a year without a visit: gone by the demo's one year (a store's 流失 setting is a year or so).
    .all(addDays(today, -182), Math.max(1, Math.round(days.length / 2))) as {
    vehicle_id: number;
    customer_id: number | null;
  }[];
  const insertLost = sqlite.prepare(
    `INSERT INTO lost_vehicle (vehicle_id, reason, words, reason_at, reason_by, call_id, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  gone.forEach((g, i) => {
    const day = days[Math.min(days.length - 2, Math.max(0, i * 2))]!;
    const calledAt = at(day, '15:20');
    const key = `reminder:vehicle:${g.vehicle_id}`;
    const call = insertCall.run({
      key,
      kind: 'reminder',
      roId: null,
      vehicleId: g.vehicle_id,
      customerId: g.customer_id,
      dueOn: day,
      state: 'done',
      closedAt: calledAt,
      closedBy: clerk.name,
      questionnaireId: null,
      answers: '[]',
      words: '',
      problemFixed: null,
      isProblem: 0,
      followUpChannel: null,
      followUpAt: null,
      attempts: 1,
      lastAt: calledAt,
      lastOutcome: 'reached',
      createdAt: calledAt,
    });
    if (call.changes === 0) return;
    const callId = Number(call.lastInsertRowid);
    insertAttempt.run(callId, calledAt, 'reached', clerk.id, clerk.name);
    const reason = LOST_REASONS[i % LOST_REASONS.length]!;
    insertLost.run(
      g.vehicle_id,
      reason,
      reason === 'other' ? '客户没说原因' : '',
      calledAt,
      clerk.name,
      callId,
      calledAt,
    );
    summary.lostReasons++;
  });

  // ---- first-service vouchers of the first-service ROs, handed to sales a week later ----
  const firstServices = sqlite
    .prepare(
      `SELECT r.id, r.vehicle_id, substr(r.opened_at, 1, 10) AS day, coalesce(r.mileage_in, 5000) AS mileage, r.advisor_name
       FROM repair_order r
       WHERE r.type = 'first_service' AND r.opened_at >= ? AND r.opened_at < ?
         AND NOT EXISTS (SELECT 1 FROM first_service_voucher f WHERE f.vehicle_id = r.vehicle_id)
       ORDER BY r.opened_at, r.id`,
    )
    .all(from, today) as { id: number; vehicle_id: number; day: string; mileage: number; advisor_name: string }[];
  const insertVoucher = sqlite.prepare(
    `INSERT OR IGNORE INTO first_service_voucher (voucher_no, vehicle_id, service_on, mileage, advisor_name, filed_at,
       filed_by, handed_over_at, handed_to, handed_by, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const f of firstServices) {
    const created = at(f.day, '16:00');
    const handed = addDays(f.day, 7) <= until ? at(addDays(f.day, 7), '17:00') : null;
    const r = insertVoucher.run(
      `SB${f.day.replaceAll('-', '')}${String(f.id).padStart(6, '0')}`,
      f.vehicle_id,
      f.day,
      f.mileage,
      f.advisor_name,
      created,
      clerk.name,
      handed,
      handed ? '销售部' : null,
      handed ? clerk.name : null,
      created,
      clerk.name,
    );
    summary.vouchers += r.changes;
  }
  return summary;
}
