import { DEFAULT_REVISIT_SETTINGS, type RevisitSettings } from '../../../src-shared/domain/revisits';
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
