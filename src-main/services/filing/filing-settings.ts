import { DEFAULT_FILING_SETTINGS, type DocKind, type FilingSettings } from '../../../src-shared/domain/filing';
import type { Db } from '../../db/database';

/** app_setting key of the filing settings (JSON; absent keys take the defaults). */
export const FILING_SETTINGS_KEY = 'filing';

/**
 * The store's settings, defaults filled in. Builtin kinds the saved settings lack (a later version
 * added them) come back from the defaults, so a kind is never lost.
 */
export async function readFilingSettings(db: Db): Promise<FilingSettings> {
  const row = await db
    .selectFrom('app_setting')
    .select('value')
    .where('key', '=', FILING_SETTINGS_KEY)
    .executeTakeFirst();
  if (!row) return DEFAULT_FILING_SETTINGS;
  try {
    const saved = JSON.parse(row.value) as Partial<FilingSettings>;
    const kinds: DocKind[] = [...(saved.kinds ?? DEFAULT_FILING_SETTINGS.kinds)];
    for (const builtin of DEFAULT_FILING_SETTINGS.kinds)
      if (!kinds.some((k) => k.code === builtin.code)) kinds.push(builtin);
    return {
      ...DEFAULT_FILING_SETTINGS,
      ...saved,
      kinds,
      majorRepair: { ...DEFAULT_FILING_SETTINGS.majorRepair, ...(saved.majorRepair ?? {}) },
    };
  } catch {
    return DEFAULT_FILING_SETTINGS;
  }
}

/** Writes the settings (inside the caller's transaction, which audits). */
export async function writeFilingSettings(trx: Db, settings: FilingSettings): Promise<void> {
  const value = JSON.stringify(settings);
  await trx
    .insertInto('app_setting')
    .values({ key: FILING_SETTINGS_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** A kind by code, or undefined (a kind removed from the settings that papers still carry). */
export function kindOf(settings: FilingSettings, code: string): DocKind | undefined {
  return settings.kinds.find((k) => k.code === code);
}
