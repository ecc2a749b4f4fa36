import type { DeliveryFormat, ReportDelivery, ReportKind } from '../../../src-shared/domain/reports';
import { nowInstant } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { actorName, type CallContext, type Clock } from '../context';

/** The report a delivery is of: a week (2026-W48) or a month (2026-11). */
export interface ReportKey {
  kind: ReportKind;
  period: string;
}

/** Writes one export or print of a report (the Today reminder ends with the first). */
export async function recordDelivery(
  db: Db,
  clock: Clock,
  ctx: CallContext | undefined,
  key: ReportKey,
  format: DeliveryFormat,
  unmasked: boolean,
): Promise<ReportDelivery> {
  const at = nowInstant(clock.now());
  const byName = ctx ? actorName(ctx) : '系统';
  await db
    .insertInto('report_delivery')
    .values({
      kind: key.kind,
      period: key.period,
      format,
      unmasked: unmasked ? 1 : 0,
      at,
      by_user_id: ctx?.session.user?.id ?? null,
      by_name: byName,
    })
    .execute();
  return { kind: key.kind, period: key.period, format, unmasked, at, byName };
}

/** Every export and print of a report, newest first. */
export async function listDeliveries(db: Db, key: ReportKey): Promise<ReportDelivery[]> {
  const rows = await db
    .selectFrom('report_delivery')
    .select(['kind', 'period', 'format', 'unmasked', 'at', 'by_name'])
    .where('kind', '=', key.kind)
    .where('period', '=', key.period)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    kind: r.kind as ReportKind,
    period: r.period,
    format: r.format as DeliveryFormat,
    unmasked: r.unmasked === 1,
    at: r.at,
    byName: r.by_name,
  }));
}

/** The reports of these keys that were exported or printed at least once. */
export async function deliveredKeys(db: Db, keys: readonly ReportKey[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const key of keys) {
    const row = await db
      .selectFrom('report_delivery')
      .select('id')
      .where('kind', '=', key.kind)
      .where('period', '=', key.period)
      .limit(1)
      .executeTakeFirst();
    if (row) out.add(`${key.kind}:${key.period}`);
  }
  return out;
}
