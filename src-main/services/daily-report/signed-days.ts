import type { UserRole } from '../../../src-shared/domain/enums';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext } from '../context';

/** The days among `days` whose daily report, in its latest version, is signed. */
export async function signedDays(db: Db, days: readonly string[]): Promise<string[]> {
  const unique = [...new Set(days)].filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  if (unique.length === 0) return [];
  const rows = await db
    .selectFrom('daily_report_version as v')
    .select('v.day')
    .where('v.day', 'in', unique)
    .where('v.status', '=', 'signed')
    .where((eb) =>
      eb(
        'v.version',
        '=',
        eb
          .selectFrom('daily_report_version as w')
          .select((e) => e.fn.max('w.version').as('m'))
          .whereRef('w.day', '=', 'v.day'),
      ),
    )
    .orderBy('v.day')
    .execute();
  return rows.map((r) => r.day);
}

/** Roles that may not change an RO counted in a signed daily report (the counter corrects those). */
const NOT_ON_SIGNED_DAYS: readonly UserRole[] = ['advisor'];

/**
 * An advisor works on ROs of days not yet signed; once the manager has signed a day's report its
 * ROs are the counter's to correct (a correction makes a new version to sign). `instants` are the
 * RO's times before and after the change (opened, completed, delivered, settled).
 */
export async function refuseOnSignedDay(
  db: Db,
  ctx: CallContext,
  roNumber: string,
  instants: ReadonlyArray<string | null | undefined>,
): Promise<void> {
  const user = ctx.session.user;
  if (ctx.door === 'cli' || !user || !NOT_ON_SIGNED_DAYS.includes(user.role)) return;
  const days = instants.filter((t): t is string => typeof t === 'string').map((t) => t.slice(0, 10));
  const signed = await signedDays(db, days);
  if (signed.length > 0)
    throw new AppError(
      'FORBIDDEN',
      `修理单 ${roNumber} 计入了已签字的 ${signed.join('、')} 日报，服务顾问不能修改或补录。请信息员修改（日报会提示需要更正）。`,
      { signedDays: signed },
    );
}
