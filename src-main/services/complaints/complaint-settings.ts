import { type ComplaintSettings, DEFAULT_COMPLAINT_SETTINGS } from '../../../src-shared/domain/complaints';
import type { Db } from '../../db/database';

/** app_setting key of the complaints / comebacks / lost-customer settings (JSON; absent keys take the defaults). */
export const COMPLAINT_SETTINGS_KEY = 'complaints';

/** The store's settings, defaults filled in (a store that never saved any gets the defaults). */
export async function readComplaintSettings(db: Db): Promise<ComplaintSettings> {
  const row = await db
    .selectFrom('app_setting')
    .select('value')
    .where('key', '=', COMPLAINT_SETTINGS_KEY)
    .executeTakeFirst();
  if (!row) return DEFAULT_COMPLAINT_SETTINGS;
  try {
    const saved = JSON.parse(row.value) as Partial<ComplaintSettings>;
    return {
      ...DEFAULT_COMPLAINT_SETTINGS,
      ...saved,
      responseHours: { ...DEFAULT_COMPLAINT_SETTINGS.responseHours, ...(saved.responseHours ?? {}) },
    };
  } catch {
    return DEFAULT_COMPLAINT_SETTINGS;
  }
}

/** Writes the settings (inside the caller's transaction, which audits). */
export async function writeComplaintSettings(trx: Db, settings: ComplaintSettings): Promise<void> {
  const value = JSON.stringify(settings);
  await trx
    .insertInto('app_setting')
    .values({ key: COMPLAINT_SETTINGS_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
