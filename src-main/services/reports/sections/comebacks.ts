import type { ComebackState } from '../../../../src-shared/domain/complaints';
import type { ComebackSection } from '../../../../src-shared/domain/reports';
import type { Db } from '../../../db/database';
import type { PeriodBounds } from '../report-period';

/**
 * 返修: the comebacks dated in the period (comeback_date) that are comebacks (confirmed or closed;
 * a proposal not yet confirmed and a dismissed one are not), by date then id.
 */
export async function comebackSection(db: Db, p: PeriodBounds): Promise<ComebackSection> {
  const rows = await db
    .selectFrom('comeback as b')
    .leftJoin('vehicle as v', 'v.id', 'b.vehicle_id')
    .leftJoin('repair_order as r', 'r.id', 'b.ro_id')
    .leftJoin('repair_order as e', 'e.id', 'b.earlier_ro_id')
    .select([
      'b.id',
      'b.date',
      'b.state',
      'b.words',
      'b.cause',
      'b.result',
      'v.plate',
      'r.ro_number',
      'e.ro_number as earlier_ro_number',
    ])
    .where('b.date', '>=', p.from)
    .where('b.date', '<=', p.to)
    .where('b.state', 'in', ['confirmed', 'closed'])
    .orderBy('b.date')
    .orderBy('b.id')
    .execute();
  return {
    count: rows.length,
    closed: rows.filter((r) => r.state === 'closed').length,
    rows: rows.map((r) => ({
      id: r.id,
      date: r.date,
      plate: r.plate,
      roNumber: r.ro_number,
      earlierRoNumber: r.earlier_ro_number,
      words: r.words,
      state: r.state as ComebackState,
      cause: r.cause,
      result: r.result,
    })),
  };
}
