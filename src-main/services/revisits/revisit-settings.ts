import { DEFAULT_REVISIT_SETTINGS, type RevisitSettings } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';

/** app_setting key of the 回访 settings (JSON of RevisitSettings; absent keys take the defaults). */
export const REVISIT_SETTINGS_KEY = 'revisits';

/** The store's 回访 settings, defaults filled in (a store that never saved any gets the defaults). */
export async function readRevisitSettings(db: Db): Promise<RevisitSettings> {
  const row = await db
    .selectFrom('app_setting')
    .select('value')
    .where('key', '=', REVISIT_SETTINGS_KEY)
    .executeTakeFirst();
  if (!row) return DEFAULT_REVISIT_SETTINGS;
  try {
    const saved = JSON.parse(row.value) as Partial<RevisitSettings>;
    return {
      ...DEFAULT_REVISIT_SETTINGS,
      ...saved,
      problemAtOrBelow: { ...DEFAULT_REVISIT_SETTINGS.problemAtOrBelow, ...(saved.problemAtOrBelow ?? {}) },
    };
  } catch {
    return DEFAULT_REVISIT_SETTINGS;
  }
}

/**
 * Refuses settings the queue could not work with: calling windows that overlap, or that fall
 * outside the business hours (nobody is at the counter then, and a callback could not be booked
 * there either). Returns them with the windows in order of the day.
 */
export function checkRevisitSettings(settings: RevisitSettings): RevisitSettings {
  const order = settings.windows.map((w, i) => ({ ...w, i })).sort((a, b) => (a.from < b.from ? -1 : 1));
  for (let n = 1; n < order.length; n++) {
    const before = order[n - 1]!;
    const w = order[n]!;
    if (w.from < before.to)
      throw AppError.validation(
        `windows.${w.i}.from`,
        `打电话时段（第 ${w.i + 1} 个）`,
        `${w.from}-${w.to} 与 ${before.from}-${before.to} 重叠，请调整`,
      );
  }
  const hours = settings.businessHours;
  for (const w of order)
    if (w.from < hours.from || w.to > hours.to)
      throw AppError.validation(
        `windows.${w.i}.from`,
        `打电话时段（第 ${w.i + 1} 个）`,
        `${w.from}-${w.to} 不在营业时间 ${hours.from}-${hours.to} 之内，请调整时段或营业时间`,
      );
  return { ...settings, windows: order.map(({ from, to }) => ({ from, to })) };
}

/** Writes the settings (inside the caller's transaction, which audits). */
export async function writeRevisitSettings(trx: Db, settings: RevisitSettings): Promise<void> {
  const value = JSON.stringify(settings);
  await trx
    .insertInto('app_setting')
    .values({ key: REVISIT_SETTINGS_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
