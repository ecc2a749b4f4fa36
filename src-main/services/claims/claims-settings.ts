import { type ClaimSettings, type ClaimType, DEFAULT_CLAIM_SETTINGS } from '../../../src-shared/domain/claims';
import type { Db } from '../../db/database';

/** app_setting key of the claim settings (JSON; absent keys take the defaults). */
export const CLAIM_SETTINGS_KEY = 'claims';

/**
 * The store's settings, defaults filled in. Builtin claim types the saved settings lack come back
 * from the defaults, so a type claims carry is never lost.
 */
export async function readClaimSettings(db: Db): Promise<ClaimSettings> {
  const row = await db
    .selectFrom('app_setting')
    .select('value')
    .where('key', '=', CLAIM_SETTINGS_KEY)
    .executeTakeFirst();
  if (!row) return DEFAULT_CLAIM_SETTINGS;
  try {
    const saved = JSON.parse(row.value) as Partial<ClaimSettings>;
    const claimTypes: ClaimType[] = [...(saved.claimTypes ?? DEFAULT_CLAIM_SETTINGS.claimTypes)];
    for (const builtin of DEFAULT_CLAIM_SETTINGS.claimTypes)
      if (!claimTypes.some((t) => t.code === builtin.code)) claimTypes.push(builtin);
    return { ...DEFAULT_CLAIM_SETTINGS, ...saved, claimTypes };
  } catch {
    return DEFAULT_CLAIM_SETTINGS;
  }
}

/** Writes the settings (inside the caller's transaction, which audits). */
export async function writeClaimSettings(trx: Db, settings: ClaimSettings): Promise<void> {
  const value = JSON.stringify(settings);
  await trx
    .insertInto('app_setting')
    .values({ key: CLAIM_SETTINGS_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** 保修索赔 (or the code itself when the store removed a custom type claims still carry). */
export function claimTypeLabel(settings: ClaimSettings, code: string): string {
  return settings.claimTypes.find((t) => t.code === code)?.label ?? code;
}
