import type { AppointmentSection } from '../../../../src-shared/domain/reports';
import type { Db } from '../../../db/database';
import { type PeriodBounds, rateOf } from '../report-period';

/**
 * 预约: the appointments for days in the period (appointment_date): booked (all), arrived,
 * cancelled, and no-shows (still 已预约 on a day before today); 守约率 = arrived / (booked − cancelled).
 */
export async function appointmentSection(db: Db, p: PeriodBounds): Promise<AppointmentSection> {
  const rows = await db
    .selectFrom('appointment')
    .select(['state', 'date'])
    .where('date', '>=', p.from)
    .where('date', '<=', p.to)
    .execute();
  const booked = rows.length;
  const arrived = rows.filter((r) => r.state === 'arrived').length;
  const cancelled = rows.filter((r) => r.state === 'cancelled').length;
  const noShow = rows.filter((r) => r.state === 'booked' && r.date < p.today).length;
  return { booked, arrived, noShow, cancelled, keptRate: rateOf(arrived, booked - cancelled) };
}
