import type BetterSqlite3 from 'better-sqlite3';
import type { SeedSummary } from '../../src-shared/contract/index';

export interface SeedOptions {
  seed: number;
  years: number;
  /** Last day with repair orders; defaults to the day before `now`. */
  until?: string | undefined;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}

export function seedDemo(_sqlite: BetterSqlite3.Database, _options: SeedOptions): SeedSummary {
  throw new Error('seed-demo: being written');
}
