import type { Kysely } from 'kysely';
import * as m202611220900 from './202611220900_initial';
import * as m202611221000 from './202611221000_imports';
import * as m202611221010 from './202611221010_reconciliation';
import * as m202611221100 from './202611221100_daily_report';
import * as m202611221200 from './202611221200_invitations';
import * as m202611221210 from './202611221210_vehicle_change_pending';
import * as m202611221310 from './202611221310_letters';
import * as m202612030900 from './202612030900_store_time_zone';
import * as m202612030910 from './202612030910_user_security';
import * as m202612030930 from './202612030930_privacy';
import * as m202612031000 from './202612031000_revisits';
import * as m202612031010 from './202612031010_revisit_defaults';
import * as m202612031200 from './202612031200_complaints';
import * as m202612031500 from './202612031500_filing';
import * as m202612031800 from './202612031800_claims';
import * as m202612032000 from './202612032000_reports';

export interface Migration {
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/**
 * Static index: bundlers and vitest break file discovery. Append only; never edit a landed entry.
 */
export const MIGRATIONS: readonly Migration[] = [
  { name: '202611220900_initial', up: m202611220900.up },
  { name: '202611221000_imports', up: m202611221000.up },
  { name: '202611221010_reconciliation', up: m202611221010.up },
  { name: '202611221100_daily_report', up: m202611221100.up },
  { name: '202611221200_invitations', up: m202611221200.up },
  { name: '202611221210_vehicle_change_pending', up: m202611221210.up },
  { name: '202611221310_letters', up: m202611221310.up },
  { name: '202612030900_store_time_zone', up: m202612030900.up },
  { name: '202612030910_user_security', up: m202612030910.up },
  { name: '202612030930_privacy', up: m202612030930.up },
  { name: '202612031000_revisits', up: m202612031000.up },
  { name: '202612031010_revisit_defaults', up: m202612031010.up },
  { name: '202612031200_complaints', up: m202612031200.up },
  { name: '202612031500_filing', up: m202612031500.up },
  { name: '202612031800_claims', up: m202612031800.up },
  { name: '202612032000_reports', up: m202612032000.up },
];
