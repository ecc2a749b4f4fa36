import {
  COMPLAINT_LEVELS,
  COMPLAINT_TYPES,
  type ComplaintLevel,
  type ComplaintState,
  type ComplaintType,
  type ComplaintVerdict,
} from '../../../../src-shared/domain/complaints';
import type { ComplaintEntry, ComplaintSection } from '../../../../src-shared/domain/reports';
import type { Department } from '../../../../src-shared/domain/revisits';
import { dateOf, daysBetween } from '../../../../src-shared/validation/dates';
import type { Db } from '../../../db/database';
import { phoneOf } from '../../first-service/candidates';
import type { PeriodBounds } from '../report-period';

const complaintsQuery = (db: Db) =>
  db
    .selectFrom('complaint as k')
    .leftJoin('customer as c', 'c.id', 'k.customer_id')
    .leftJoin('vehicle as v', 'v.id', 'k.vehicle_id')
    .leftJoin('app_user as u', 'u.id', 'k.owner_user_id')
    .select([
      'k.id',
      'k.no',
      'k.opened_at',
      'k.closed_at',
      'k.type',
      'k.level',
      'k.department',
      'k.state',
      'k.description',
      'k.resolution',
      'k.verdict',
      'c.name as customer_name',
      'c.mobile',
      'c.other_phones',
      'v.plate',
      'u.name as owner_name',
    ]);
type ComplaintRecord = Awaited<ReturnType<ReturnType<typeof complaintsQuery>['execute']>>[number];

function toEntry(r: ComplaintRecord): ComplaintEntry {
  const openedOn = dateOf(r.opened_at);
  const closedOn = r.closed_at === null ? null : dateOf(r.closed_at);
  return {
    id: r.id,
    no: r.no,
    openedOn,
    customerName: r.customer_name,
    phone: phoneOf(r.mobile, r.other_phones),
    plate: r.plate,
    type: r.type as ComplaintType,
    level: r.level as ComplaintLevel,
    department: r.department as Department,
    owner: r.owner_name,
    state: r.state as ComplaintState,
    description: r.description,
    resolution: r.resolution,
    closedOn,
    daysToClose: closedOn === null ? null : daysBetween(openedOn, closedOn),
    verdict: r.verdict as ComplaintVerdict | null,
  };
}

/**
 * 投诉: opened in the period (complaint_opened), closed in it (whenever opened), those opened in it
 * and not closed by its end, the mean calendar days to close of those closed in it; the 投诉处理表
 * rows (opened or closed in the period, by opening); per type and level of those opened, every key
 * in the domain's order (zeros included).
 */
export async function complaintSection(db: Db, p: PeriodBounds): Promise<ComplaintSection> {
  const opened = await complaintsQuery(db)
    .where('k.opened_at', '>=', p.from)
    .where('k.opened_at', '<', p.end)
    .execute();
  // Closed in the period but opened before it (complaints are few; closed_at has no index of its own).
  const closedEarlier = await complaintsQuery(db)
    .where('k.closed_at', '>=', p.from)
    .where('k.closed_at', '<', p.end)
    .where('k.opened_at', '<', p.from)
    .execute();
  const rows = [...closedEarlier, ...opened]
    .sort((a, b) => (a.opened_at < b.opened_at ? -1 : a.opened_at > b.opened_at ? 1 : a.id - b.id))
    .map(toEntry);
  const closedIn = rows.filter((r) => r.closedOn !== null && r.closedOn >= p.from && r.closedOn <= p.to);
  const days = closedIn.map((r) => r.daysToClose ?? 0);
  const openedIn = rows.filter((r) => r.openedOn >= p.from);
  return {
    opened: openedIn.length,
    closed: closedIn.length,
    stillOpen: openedIn.filter((r) => r.closedOn === null || r.closedOn > p.to).length,
    averageDaysToClose: days.length === 0 ? null : days.reduce((s, d) => s + d, 0) / days.length,
    rows,
    byType: COMPLAINT_TYPES.map((type) => ({ type, count: openedIn.filter((r) => r.type === type).length })),
    byLevel: COMPLAINT_LEVELS.map((level) => ({ level, count: openedIn.filter((r) => r.level === level).length })),
  };
}
