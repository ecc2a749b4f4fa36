import type { Kysely } from 'kysely';
import * as m202611220900 from './202611220900_initial';

export interface Migration {
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/**
 * Static index: bundlers and vitest break file discovery. Append only; never edit a landed entry.
 */
export const MIGRATIONS: readonly Migration[] = [{ name: '202611220900_initial', up: m202611220900.up }];
