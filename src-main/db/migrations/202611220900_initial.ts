import type { Kysely } from 'kysely';
import { type MigrationStatement, PG_REFUSE_FUNCTION, runStatements } from './ddl';

/**
 * The first archive: store profile, users, customers, vehicles, repair orders with their lines,
 * mileage readings, the quick-search term index and the append-only audit log.
 * Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  `CREATE TABLE store_profile (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     name TEXT NOT NULL,
     address TEXT NOT NULL DEFAULT '',
     postal_code TEXT NOT NULL DEFAULT '',
     phone TEXT NOT NULL DEFAULT '',
     updated_at TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE app_user (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     role TEXT NOT NULL CHECK (role IN ('clerk','manager','advisor','admin')),
     pin_salt TEXT NOT NULL,
     pin_hash TEXT NOT NULL,
     is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0,1)),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE customer (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     mobile TEXT,
     other_phones TEXT NOT NULL DEFAULT '[]',
     address TEXT NOT NULL DEFAULT '',
     postal_code TEXT NOT NULL DEFAULT '',
     birthday TEXT,
     preferred_call_time TEXT NOT NULL DEFAULT '',
     is_do_not_contact INTEGER NOT NULL DEFAULT 0 CHECK (is_do_not_contact IN (0,1)),
     is_marketing_consent INTEGER NOT NULL DEFAULT 1 CHECK (is_marketing_consent IN (0,1)),
     notes TEXT NOT NULL DEFAULT '',
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT`,
  'CREATE INDEX customer_mobile ON customer (mobile)',
  'CREATE INDEX customer_updated_at ON customer (updated_at)',
  'CREATE INDEX customer_created_at ON customer (created_at)',
  'CREATE INDEX customer_name ON customer (name)',
  `CREATE TABLE vehicle (
     id INTEGER PRIMARY KEY,
     plate TEXT,
     vin TEXT,
     model TEXT NOT NULL DEFAULT '',
     color TEXT NOT NULL DEFAULT '',
     delivery_date TEXT,
     owner_id INTEGER REFERENCES customer (id),
     status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','lost','sold','scrapped')),
     notes TEXT NOT NULL DEFAULT '',
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     CHECK (plate IS NOT NULL OR vin IS NOT NULL)
   ) STRICT`,
  'CREATE UNIQUE INDEX vehicle_vin ON vehicle (vin) WHERE vin IS NOT NULL',
  'CREATE INDEX vehicle_plate ON vehicle (plate)',
  'CREATE INDEX vehicle_owner ON vehicle (owner_id)',
  'CREATE INDEX vehicle_updated_at ON vehicle (updated_at)',
  'CREATE INDEX vehicle_model ON vehicle (model)',
  'CREATE INDEX vehicle_delivery_date ON vehicle (delivery_date)',
  'CREATE INDEX vehicle_status_updated ON vehicle (status, updated_at)',
  `CREATE TABLE repair_order (
     id INTEGER PRIMARY KEY,
     ro_number TEXT NOT NULL UNIQUE,
     vehicle_id INTEGER NOT NULL REFERENCES vehicle (id),
     customer_id INTEGER REFERENCES customer (id),
     advisor_name TEXT NOT NULL DEFAULT '',
     opened_at TEXT NOT NULL,
     mileage_in INTEGER CHECK (mileage_in >= 0),
     type TEXT NOT NULL CHECK (type IN ('first_service','periodic_service','repair','body_paint','warranty','insurance','comeback')),
     status TEXT NOT NULL CHECK (status IN ('in_repair','completed','delivered','settled')),
     completed_at TEXT,
     delivered_at TEXT,
     settled_at TEXT,
     payer TEXT NOT NULL DEFAULT 'customer' CHECK (payer IN ('customer','warranty','insurance','internal')),
     labor_fen INTEGER NOT NULL DEFAULT 0,
     parts_fen INTEGER NOT NULL DEFAULT 0,
     total_fen INTEGER NOT NULL DEFAULT 0,
     complaint TEXT NOT NULL DEFAULT '',
     declined_work TEXT NOT NULL DEFAULT '',
     next_service_date TEXT,
     next_service_mileage INTEGER,
     notes TEXT NOT NULL DEFAULT '',
     source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual','import','paper','demo')),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT`,
  'CREATE INDEX repair_order_vehicle_opened ON repair_order (vehicle_id, opened_at)',
  'CREATE INDEX repair_order_customer ON repair_order (customer_id)',
  'CREATE INDEX repair_order_opened ON repair_order (opened_at)',
  'CREATE INDEX repair_order_delivered ON repair_order (delivered_at)',
  'CREATE INDEX repair_order_settled ON repair_order (settled_at)',
  'CREATE INDEX repair_order_total ON repair_order (total_fen)',
  `CREATE TABLE ro_labor_line (
     id INTEGER PRIMARY KEY,
     ro_id INTEGER NOT NULL REFERENCES repair_order (id) ON DELETE CASCADE,
     line_no INTEGER NOT NULL,
     description TEXT NOT NULL,
     hours REAL NOT NULL DEFAULT 0,
     amount_fen INTEGER NOT NULL,
     payer TEXT NOT NULL DEFAULT 'customer' CHECK (payer IN ('customer','warranty','insurance','internal')),
     UNIQUE (ro_id, line_no)
   ) STRICT`,
  `CREATE TABLE ro_part_line (
     id INTEGER PRIMARY KEY,
     ro_id INTEGER NOT NULL REFERENCES repair_order (id) ON DELETE CASCADE,
     line_no INTEGER NOT NULL,
     part_number TEXT NOT NULL DEFAULT '',
     name TEXT NOT NULL,
     quantity REAL NOT NULL,
     unit_price_fen INTEGER NOT NULL,
     amount_fen INTEGER NOT NULL,
     payer TEXT NOT NULL DEFAULT 'customer' CHECK (payer IN ('customer','warranty','insurance','internal')),
     UNIQUE (ro_id, line_no)
   ) STRICT`,
  `CREATE TABLE mileage_reading (
     id INTEGER PRIMARY KEY,
     vehicle_id INTEGER NOT NULL REFERENCES vehicle (id),
     read_on TEXT NOT NULL,
     mileage INTEGER NOT NULL CHECK (mileage >= 0),
     source TEXT NOT NULL CHECK (source IN ('ro','manual','import','demo')),
     ro_id INTEGER REFERENCES repair_order (id) ON DELETE SET NULL,
     created_at TEXT NOT NULL
   ) STRICT`,
  'CREATE INDEX mileage_reading_vehicle ON mileage_reading (vehicle_id, read_on)',
  'CREATE INDEX mileage_reading_ro ON mileage_reading (ro_id)',
  // One row per searchable key of a record. Exact keys (phone last 4, pinyin initials) and
  // suffixes (plates) make every quick search one B-tree range scan, 2-character names included.
  `CREATE TABLE search_term (
     term TEXT NOT NULL,
     kind INTEGER NOT NULL,
     entity_id INTEGER NOT NULL,
     field INTEGER NOT NULL,
     PRIMARY KEY (term, kind, entity_id, field)
   ) STRICT, WITHOUT ROWID`,
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     user_id INTEGER REFERENCES app_user (id),
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     entity TEXT NOT NULL,
     entity_id INTEGER,
     before_json TEXT,
     after_json TEXT
   ) STRICT`,
  'CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)',
  { sqlite: 'SELECT 1', postgres: PG_REFUSE_FUNCTION },
  {
    sqlite: `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
   BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    postgres: `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
   FOR EACH ROW EXECUTE FUNCTION clerkdesk_refuse('audit_log is append-only')`,
  },
  {
    sqlite: `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
   BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    postgres: `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
   FOR EACH ROW EXECUTE FUNCTION clerkdesk_refuse('audit_log is append-only')`,
  },
  `CREATE TABLE app_setting (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   ) STRICT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
