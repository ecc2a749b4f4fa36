import type { Db } from '../../db/database';

/**
 * Something that keeps derived per-vehicle data (the service summary, the invitation rows' 回厂)
 * up to date. Called inside the writing transaction, so the change and what is derived from it
 * commit together or not at all. Must not open a transaction of its own (the connection is held).
 */
export interface VehicleChangeListener {
  vehiclesChanged(trx: Db, vehicleIds: readonly number[], at: string): Promise<void>;
}

/** Above this many vehicles in one write (a large DMS import), the refresh is deferred. */
export const DEFER_ABOVE = 2000;
/** Vehicles refreshed per transaction when catching up. */
const CATCH_UP_CHUNK = 500;

/**
 * The services that write vehicles, readings and repair orders (VehiclesService, RepairOrdersService,
 * the DMS import, the first-service register) tell this hub which vehicles they touched; the hub
 * tells every listener, in the order they were added (the summary first, then what reads it).
 *
 * A write touching many vehicles (a 100k-row import touches ~30k) does not refresh them inside its
 * own transaction: it records them in vehicle_change_pending (same transaction, so nothing is lost)
 * and they are refreshed afterwards in small transactions, yielding between them so the app stays
 * responsive. Every read of derived data calls `catchUp()` first, so it never sees stale rows.
 */
export class VehicleChanges {
  private readonly listeners: VehicleChangeListener[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Db | null = null,
    private readonly deferAbove: number = DEFER_ABOVE,
  ) {}

  add(listener: VehicleChangeListener): this {
    this.listeners.push(listener);
    return this;
  }

  async changed(trx: Db, vehicleIds: Iterable<number>, at: string): Promise<void> {
    const ids = [...new Set(vehicleIds)].filter((id) => id > 0).sort((a, b) => a - b);
    if (ids.length === 0) return;
    if (this.db !== null && ids.length > this.deferAbove) {
      for (const part of chunks(ids))
        await trx
          .insertInto('vehicle_change_pending')
          .values(part.map((vehicle_id) => ({ vehicle_id, at })))
          .onConflict((oc) => oc.column('vehicle_id').doUpdateSet({ at }))
          .execute();
      // After the caller's transaction: the connection is busy until it commits.
      setImmediate(() => void this.catchUp().catch(() => undefined));
      return;
    }
    for (const listener of this.listeners) await listener.vehiclesChanged(trx, ids, at);
  }

  /** Refreshes every pending vehicle (left by a large write, or by a crash before it was done). */
  catchUp(): Promise<void> {
    if (this.db === null) return Promise.resolve();
    if (!this.running)
      this.running = this.drain(this.db).finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async drain(db: Db): Promise<void> {
    try {
      await this.drainChunks(db);
    } catch (error) {
      // The archive was closed while catching up (the CLI or a test finished): the rows left in
      // vehicle_change_pending are refreshed at the next open's first read, as after a crash.
      if (String((error as Error)?.message).includes('driver has already been destroyed')) return;
      throw error;
    }
  }

  private async drainChunks(db: Db): Promise<void> {
    for (;;) {
      const done = await db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('vehicle_change_pending')
          .select(['vehicle_id', 'at'])
          .orderBy('vehicle_id')
          .limit(CATCH_UP_CHUNK)
          .execute();
        if (rows.length === 0) return true;
        const ids = rows.map((r) => r.vehicle_id);
        const at = rows.reduce((latest, r) => (r.at > latest ? r.at : latest), rows[0]?.at ?? '');
        for (const listener of this.listeners) await listener.vehiclesChanged(trx, ids, at);
        await trx.deleteFrom('vehicle_change_pending').where('vehicle_id', 'in', ids).execute();
        return false;
      });
      if (done) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** Splits ids into IN lists small enough for any database's parameter limit. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
