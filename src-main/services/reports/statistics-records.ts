import {
  COMPLAINT_LEVEL_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_TYPE_LABELS,
  type ComplaintLevel,
  type ComplaintState,
  type ComplaintType,
} from '../../../src-shared/domain/complaints';
import { RO_TYPE_LABELS, type RoType } from '../../../src-shared/domain/enums';
import {
  FUNNEL_STAGE_LABELS,
  type FunnelStage,
  type StatisticsDrill,
  type StatisticsRecord,
  type StatisticsRecords,
} from '../../../src-shared/domain/reports';
import { DEPARTMENT_LABELS } from '../../../src-shared/domain/revisits';
import { addDays } from '../../../src-shared/validation/dates';
import { formatFen } from '../../../src-shared/validation/money';
import type { Db } from '../../db/database';
import { shiftMonth } from '../lost-customers/churn';
import { readRevisitSettings } from '../revisits/revisit-settings';
import { answeredCalls } from './statistics-satisfaction';

/** The most records a drawer lists; `total` says how many there are. */
export const MAX_RECORDS = 500;

// Hash routes of the record pages (the renderer's paths; src-main may not import them).
const roLink = (id: number) => `/archive/repair-orders/${id}`;
const vehicleLink = (id: number) => `/archive/vehicles/${id}`;
const complaintLink = (id: number) => `/complaints/${id}`;
/** The revisit call screen takes keys like followup7:ro:123 (src-renderer/features/revisits/paths.ts). */
const CALL_PAGE_KEY = /^[a-z0-9]+:[a-z]+:\d{1,12}$/;
const callLink = (key: string) => `/revisits/call/${encodeURIComponent(key)}`;

const dayLabel = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
const joined = (...parts: (string | null | undefined)[]) => parts.filter((p) => p).join(' · ');

type Period = { from: string; to: string };

/** The records behind one bar, point or stage of the statistics page (at most 500, newest first). */
export async function statisticsRecords(db: Db, period: Period, drill: StatisticsDrill): Promise<StatisticsRecords> {
  switch (drill.chart) {
    case 'roPerDay':
      return roOfDay(db, drill.date);
    case 'satisfaction':
      return satisfactionCalls(db, period, drill.month, drill.department);
    case 'funnel':
      return funnelRows(db, period, drill.stage);
    case 'churn':
      return churnedVehicles(db, drill.month);
    case 'complaintsByType':
      return complaints(db, period, { type: drill.type });
    case 'complaintsByLevel':
      return complaints(db, period, { level: drill.level });
  }
}

function listed(title: string, total: number, records: StatisticsRecord[]): StatisticsRecords {
  return { title: `${title} (${total})`, total, records };
}

/** ROs opened on the day, newest first. */
async function roOfDay(db: Db, date: string): Promise<StatisticsRecords> {
  const base = () => db.selectFrom('repair_order as r');
  const range = (q: ReturnType<typeof base>) =>
    q.where('r.opened_at', '>=', date).where('r.opened_at', '<', addDays(date, 1));
  const total = await range(base())
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await range(base())
    .leftJoin('vehicle as v', 'v.id', 'r.vehicle_id')
    .select(['r.id', 'r.ro_number', 'r.opened_at', 'r.type', 'r.advisor_name', 'r.total_fen', 'v.plate'])
    .orderBy('r.opened_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(MAX_RECORDS)
    .execute();
  return listed(
    `${dayLabel(date)} 进厂修理单`,
    Number(total?.n ?? 0),
    rows.map((r) => ({
      link: roLink(r.id),
      title: r.ro_number,
      detail: joined(
        r.plate ?? '无车牌',
        RO_TYPE_LABELS[r.type as RoType] ?? r.type,
        r.advisor_name || '未填顾问',
        formatFen(r.total_fen),
      ),
      date: r.opened_at.slice(0, 10),
    })),
  );
}

/**
 * Calls closed in `month` (within the period) with an answer on the department's questions: those
 * with a dissatisfied answer first, then newest first.
 */
async function satisfactionCalls(
  db: Db,
  period: Period,
  month: string,
  department: keyof typeof DEPARTMENT_LABELS,
): Promise<StatisticsRecords> {
  const monthEnd = addDays(`${shiftMonth(month, 1)}-01`, -1);
  const from = period.from > `${month}-01` ? period.from : `${month}-01`;
  const to = period.to < monthEnd ? period.to : monthEnd;
  const settings = await readRevisitSettings(db);
  const calls =
    from > to
      ? []
      : (await answeredCalls(db, from, to, settings))
          .map((c) => {
            const mine = c.answers.filter((a) => a.department === department);
            return { call: c, answers: mine.length, satisfied: mine.filter((a) => a.satisfied).length };
          })
          .filter((x) => x.answers > 0);
  // answeredCalls is newest first; a stable sort keeps that within each group.
  calls.sort((a, b) => Number(a.satisfied === a.answers) - Number(b.satisfied === b.answers));
  const label = DEPARTMENT_LABELS[department];
  return listed(
    `${monthLabel(month)} ${label}满意度回访`,
    calls.length,
    calls.slice(0, MAX_RECORDS).map(({ call, answers, satisfied }) => ({
      link: CALL_PAGE_KEY.test(call.callKey)
        ? callLink(call.callKey)
        : call.vehicleId !== null
          ? vehicleLink(call.vehicleId)
          : call.roId !== null
            ? roLink(call.roId)
            : '/revisits/calls',
      title: call.plate ?? call.roNumber ?? `回访 ${call.id}`,
      detail: joined(
        call.customerName,
        call.roNumber,
        `${label} ${satisfied}/${answers} 满意`,
        satisfied < answers ? '不满意' : null,
      ),
      date: call.closedAt.slice(0, 10),
    })),
  );
}

/** The invitation rows due in the period (not removed) that reached the stage. */
async function funnelRows(db: Db, period: Period, stage: FunnelStage): Promise<StatisticsRecords> {
  const base = () => {
    let q = db
      .selectFrom('invitation_row as r')
      .where('r.removed_at', 'is', null)
      .where('r.due_on', '>=', period.from)
      .where('r.due_on', '<=', period.to);
    if (stage === 'letter') q = q.where('r.letter_sent_on', 'is not', null);
    if (stage === 'came') q = q.where('r.came_on', 'is not', null);
    if (stage === 'called' || stage === 'booked')
      q = q.where(({ exists, selectFrom }) => {
        let calls = selectFrom('invitation_call as c').select('c.id').whereRef('c.row_id', '=', 'r.id');
        if (stage === 'booked') calls = calls.where('c.result', '=', 'booked');
        return exists(calls);
      });
    return q;
  };
  const total = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await base()
    .select([
      'r.id',
      'r.vehicle_id',
      'r.plate',
      'r.customer_name',
      'r.due_on',
      'r.letter_sent_on',
      'r.booked_for',
      'r.came_on',
    ])
    .orderBy('r.due_on', 'desc')
    .orderBy('r.id', 'desc')
    .limit(MAX_RECORDS)
    .execute();
  return listed(
    `招揽 ${FUNNEL_STAGE_LABELS[stage]}（${period.from} 至 ${period.to} 到期）`,
    Number(total?.n ?? 0),
    rows.map((r) => ({
      link: vehicleLink(r.vehicle_id),
      title: r.plate ?? `车辆 ${r.vehicle_id}`,
      detail: joined(
        r.customer_name,
        `到期 ${r.due_on}`,
        r.letter_sent_on ? `寄信 ${r.letter_sent_on}` : null,
        r.booked_for ? `预约 ${r.booked_for}` : null,
        r.came_on ? `进厂 ${r.came_on}` : null,
      ),
      date: r.due_on,
    })),
  );
}

/** The vehicles of the month's base (month − 6) that did not come back by the month's end. */
async function churnedVehicles(db: Db, month: string): Promise<StatisticsRecords> {
  const baseMonth = shiftMonth(month, -6);
  const baseFrom = `${baseMonth}-01`;
  const baseTo = `${shiftMonth(baseMonth, 1)}-01`;
  const end = `${shiftMonth(month, 1)}-01`;
  const gone = await db
    .selectFrom('repair_order as r')
    .select((eb) => ['r.vehicle_id', eb.fn.max<string>('r.opened_at').as('last_at')])
    .where('r.opened_at', '>=', baseFrom)
    .where('r.opened_at', '<', baseTo)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('repair_order as n')
            .select('n.id')
            .whereRef('n.vehicle_id', '=', 'r.vehicle_id')
            .where('n.opened_at', '>=', baseTo)
            .where('n.opened_at', '<', end),
        ),
      ),
    )
    .groupBy('r.vehicle_id')
    .execute();
  gone.sort((a, b) => (a.last_at === b.last_at ? b.vehicle_id - a.vehicle_id : a.last_at < b.last_at ? 1 : -1));
  const shown = gone.slice(0, MAX_RECORDS);
  const ids = shown.map((g) => g.vehicle_id);
  const vehicles =
    ids.length === 0
      ? []
      : await db
          .selectFrom('vehicle as v')
          .leftJoin('customer as c', 'c.id', 'v.owner_id')
          .select(['v.id', 'v.plate', 'v.vin', 'v.model', 'c.name'])
          .where('v.id', 'in', ids)
          .execute();
  const byId = new Map(vehicles.map((v) => [v.id, v]));
  return listed(
    `${monthLabel(month)} 流失车辆（${monthLabel(baseMonth)}进厂，至 ${monthLabel(month)} 未回厂）`,
    gone.length,
    shown.map((g) => {
      const v = byId.get(g.vehicle_id);
      return {
        link: vehicleLink(g.vehicle_id),
        title: v?.plate ?? v?.vin ?? `车辆 ${g.vehicle_id}`,
        detail: joined(v?.name, v?.model, `${monthLabel(baseMonth)}最后进厂 ${g.last_at.slice(0, 10)}`),
        date: g.last_at.slice(0, 10),
      };
    }),
  );
}

/** Complaints opened in the period of one type or level, newest first. */
async function complaints(
  db: Db,
  period: Period,
  by: { type: ComplaintType } | { level: ComplaintLevel },
): Promise<StatisticsRecords> {
  const base = () => {
    const q = db
      .selectFrom('complaint as p')
      .where('p.opened_at', '>=', period.from)
      .where('p.opened_at', '<', addDays(period.to, 1));
    return 'type' in by ? q.where('p.type', '=', by.type) : q.where('p.level', '=', by.level);
  };
  const total = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await base()
    .leftJoin('customer as c', 'c.id', 'p.customer_id')
    .leftJoin('vehicle as v', 'v.id', 'p.vehicle_id')
    .select(['p.id', 'p.no', 'p.opened_at', 'p.type', 'p.level', 'p.state', 'c.name', 'v.plate'])
    .orderBy('p.opened_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(MAX_RECORDS)
    .execute();
  const title =
    'type' in by ? `投诉类型 ${COMPLAINT_TYPE_LABELS[by.type]}` : `投诉级别 ${COMPLAINT_LEVEL_LABELS[by.level]}`;
  return listed(
    `${title}（${period.from} 至 ${period.to}）`,
    Number(total?.n ?? 0),
    rows.map((r) => ({
      link: complaintLink(r.id),
      title: r.no,
      detail: joined(
        r.name,
        r.plate,
        COMPLAINT_TYPE_LABELS[r.type as ComplaintType] ?? r.type,
        COMPLAINT_LEVEL_LABELS[r.level as ComplaintLevel] ?? r.level,
        COMPLAINT_STATE_LABELS[r.state as ComplaintState] ?? r.state,
      ),
      date: r.opened_at.slice(0, 10),
    })),
  );
}
