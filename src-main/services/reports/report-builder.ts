import type { MonthlyReport, ReportHeader, ReportPeriod, WeeklyReport } from '../../../src-shared/domain/reports';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { Clock } from '../context';
import { readRevisitSettings } from '../revisits/revisit-settings';
import { archiveStart, boundsOf, monthPeriod, weekPeriod } from './report-period';
import { appointmentSection } from './sections/appointments';
import { claimsSection } from './sections/claims';
import { comebackSection } from './sections/comebacks';
import { complaintSection } from './sections/complaints';
import { filingSection } from './sections/filing';
import { firstServiceSection } from './sections/first-service';
import { invitationSection } from './sections/invitations';
import { lostSection } from './sections/lost';
import { problemCustomers } from './sections/problems';
import { revisitSection } from './sections/revisits';
import { roVolumeSection } from './sections/ro-volume';
import { satisfactionSection } from './sections/satisfaction';

/**
 * The reports' figures, one section per file (sections/*.ts), each a few range queries on indexed
 * columns over the period. Run one after another: the archive has one connection either way.
 * Names and phones are in full (the counter's screen); the exports mask them.
 */

/**
 * What both reports begin with: the period checked against the store's today and the archive's
 * start, its bounds, the header, and the sections both carry (回访, 满意度, 问题客户).
 */
async function begin(db: Db, clock: Clock, periodOf: (today: string, start: string | null) => ReportPeriod) {
  const now = clock.now();
  const today = todayDate(now);
  const period = periodOf(today, await archiveStart(db));
  const p = boundsOf(period, today);
  const settings = await readRevisitSettings(db);
  const store = await db.selectFrom('store_profile').select('name').executeTakeFirst();
  const header: ReportHeader = { storeName: store?.name ?? '', period, generatedAt: nowInstant(now) };
  return {
    period,
    p,
    common: {
      ...header,
      revisits: await revisitSection(db, p, settings),
      satisfaction: await satisfactionSection(db, p, settings),
      problems: await problemCustomers(db, p),
    },
  };
}

/** 周报 of an ISO week (default: last week); refused in the future or before the archive begins. */
export async function buildWeeklyReport(db: Db, clock: Clock, week: string | undefined): Promise<WeeklyReport> {
  const { p, common } = await begin(db, clock, (today, start) => weekPeriod(week, today, start));
  return {
    ...common,
    comebacks: await comebackSection(db, p),
    complaints: await complaintSection(db, p),
    invitations: await invitationSection(db, p),
    appointments: await appointmentSection(db, p),
  };
}

/** 月报 of a month (default: last month); refused in the future or before the archive begins. */
export async function buildMonthlyReport(db: Db, clock: Clock, month: string | undefined): Promise<MonthlyReport> {
  const { period, p, common } = await begin(db, clock, (today, start) => monthPeriod(month, today, start));
  return {
    ...common,
    complaints: await complaintSection(db, p),
    lost: await lostSection(db, period.key, p),
    firstService: await firstServiceSection(db, p),
    invitations: await invitationSection(db, p),
    roVolume: await roVolumeSection(db, p),
    filing: await filingSection(db, period.key),
    claims: await claimsSection(db, period.key, p),
  };
}
