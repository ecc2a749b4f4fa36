import packageJson from '../../../package.json' with { type: 'json' };
import type { AppInfo, ParsedInputOf, SeedSummary } from '../../../src-shared/contract/index';
import type { StoreClockReading } from '../../../src-shared/contract/system.contract';
import type { StoreProfile, User } from '../../../src-shared/domain/records';
import { AppError } from '../../../src-shared/errors';
import { DEFAULT_TIME_ZONE, nowInstant, timeZoneOf } from '../../../src-shared/validation/dates';
import { type Archive, type Db, sqliteOf } from '../../db/database';
import { toUser } from '../archive/mappers';
import { writeAudit } from '../audit/audit';
import { beginSession, type CallContext, type Clock, endSession } from '../context';
import { Accounts, pinRefusal } from './accounts';
import { hashPin } from './pin';

/** The one version number: package.json's (electron-builder and app.getVersion() read the same). */
export const APP_VERSION: string = packageJson.version;

/** The store's time zone as the archive has it (default before set-up, or if it cannot be read yet). */
export function storeTimeZoneOf(archive: Archive): string {
  if (!archive.sqlite) return archive.storeTimeZone ?? DEFAULT_TIME_ZONE;
  try {
    const row = archive.sqlite.prepare('SELECT time_zone FROM store_profile WHERE id = 1').get() as
      | { time_zone: string }
      | undefined;
    return row?.time_zone ?? DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

export class SystemService {
  private readonly db: Db;

  constructor(
    private readonly archive: Archive,
    private readonly clock: Clock,
    /** afterSeed: the demo seeder writes with raw inserts; what is derived from them is rebuilt after it. */
    private readonly hooks: {
      afterSeed?: () => Promise<unknown>;
      /** The store's time zone was read or changed: the store clock follows it. */
      onTimeZone?: (timeZone: string) => void;
      /** The dispatcher's accounts (PIN limits, lockout); one per archive. */
      accounts?: Accounts;
    } = {},
  ) {
    this.db = archive.db;
    this.accounts = hooks.accounts ?? new Accounts(archive, clock);
  }

  private readonly accounts: Accounts;

  /**
   * The store clock follows a new zone; so does the archive's copy of it (on a server the zone is
   * read at open, not from the file each time), which a second door opened on this archive reads.
   */
  private timeZoneSet(timeZone: string): void {
    if (!this.archive.sqlite) this.archive.storeTimeZone = timeZone;
    this.hooks.onTimeZone?.(timeZone);
  }

  private async needsSetup(): Promise<boolean> {
    const [store, users] = await Promise.all([
      this.db.selectFrom('store_profile').select('id').executeTakeFirst(),
      this.db.selectFrom('app_user').select('id').limit(1).executeTakeFirst(),
    ]);
    return !store || !users;
  }

  async info(ctx: CallContext): Promise<AppInfo> {
    const count = (table: 'customer' | 'vehicle' | 'repair_order') =>
      this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
    const [store, customers, vehicles, orders, needsSetup] = await Promise.all([
      this.db.selectFrom('store_profile').select('name').executeTakeFirst(),
      count('customer'),
      count('vehicle'),
      count('repair_order'),
      this.needsSetup(),
    ]);
    return {
      version: APP_VERSION,
      archivePath: this.archive.path,
      archiveKind: this.archive.dialect === 'postgres' ? 'server' : 'file',
      schemaVersion: this.archive.schemaVersion,
      needsSetup,
      storeName: store?.name ?? null,
      counts: { customers: Number(customers.n), vehicles: Number(vehicles.n), repairOrders: Number(orders.n) },
      currentUser: ctx.session.user,
      door: ctx.door,
      sessionEnded: ctx.session.user === null ? (ctx.session.ended ?? null) : null,
    };
  }

  async getStore(): Promise<StoreProfile | null> {
    const row = await this.db.selectFrom('store_profile').selectAll().executeTakeFirst();
    return row
      ? {
          name: row.name,
          address: row.address,
          postalCode: row.postal_code,
          phone: row.phone,
          timeZone: row.time_zone,
          updatedAt: row.updated_at,
        }
      : null;
  }

  private async writeStore(trx: Db, input: ParsedInputOf<'store.update'>, at: string): Promise<void> {
    await trx
      .insertInto('store_profile')
      .values({
        id: 1,
        name: input.name,
        address: input.address,
        postal_code: input.postalCode,
        phone: input.phone,
        ...(input.timeZone === undefined ? {} : { time_zone: input.timeZone }),
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          name: input.name,
          address: input.address,
          postal_code: input.postalCode,
          phone: input.phone,
          ...(input.timeZone === undefined ? {} : { time_zone: input.timeZone }),
          updated_at: at,
        }),
      )
      .execute();
  }

  async updateStore(input: ParsedInputOf<'store.update'>, ctx: CallContext): Promise<StoreProfile> {
    const at = nowInstant(this.clock.now());
    const before = await this.getStore();
    await this.db.transaction().execute(async (trx) => {
      await this.writeStore(trx, input, at);
      await writeAudit(trx, ctx, at, {
        action: 'store.update',
        entity: 'store_profile',
        entityId: 1,
        before,
        after: input,
      });
    });
    const after = (await this.getStore())!;
    this.timeZoneSet(after.timeZone);
    return after;
  }

  /** The store clock now: today, now and the offset in the store's zone. */
  clockReading(): StoreClockReading {
    const now = nowInstant(this.clock.now());
    return { today: now.slice(0, 10), now, timeZone: timeZoneOf(this.clock.now()), offset: now.slice(19) };
  }

  /** Active users for the login screen; with the deactivated ones only for an admin (or the CLI). */
  async listUsers(includeInactive: boolean, ctx: CallContext): Promise<User[]> {
    if (includeInactive && ctx.door !== 'cli' && ctx.session.user?.role !== 'admin')
      throw new AppError('FORBIDDEN', '停用的用户只有管理员可以查看。');
    let q = this.db.selectFrom('app_user').selectAll().orderBy('id');
    if (!includeInactive) q = q.where('is_active', '=', 1);
    return (await q.execute()).map(toUser);
  }

  private async insertUser(trx: Db, input: ParsedInputOf<'users.create'>, at: string, salt?: string): Promise<User> {
    const exists = await trx.selectFrom('app_user').select('id').where('name', '=', input.name).executeTakeFirst();
    if (exists)
      throw new AppError('CONFLICT', `姓名：用户“${input.name}”已存在，请换一个名字（同名可加工号区分）。`, {
        fields: [{ path: 'name', label: '姓名', message: '已存在' }],
      });
    const { salt: s, hash } = await hashPin(input.pin, salt);
    const row = await trx
      .insertInto('app_user')
      .values({
        name: input.name,
        role: input.role,
        pin_salt: s,
        pin_hash: hash,
        is_active: 1,
        created_at: at,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async createUser(input: ParsedInputOf<'users.create'>, ctx: CallContext): Promise<User> {
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const user = await this.insertUser(trx, input, at);
      await writeAudit(trx, ctx, at, { action: 'user.create', entity: 'app_user', entityId: user.id, after: user });
      return user;
    });
  }

  async updateUser(input: ParsedInputOf<'users.update'>, ctx: CallContext): Promise<User> {
    const at = nowInstant(this.clock.now());
    const updated = await this.db.transaction().execute(async (trx) => {
      const beforeRow = await trx.selectFrom('app_user').selectAll().where('id', '=', input.id).executeTakeFirst();
      if (!beforeRow) throw AppError.notFound('用户', input.id);
      const before = toUser(beforeRow);
      if (input.name !== undefined && input.name !== before.name) {
        const clash = await trx.selectFrom('app_user').select('id').where('name', '=', input.name).executeTakeFirst();
        if (clash) throw AppError.validation('name', '姓名', `用户“${input.name}”已存在，请换一个名字`);
      }
      const becomesInactiveOrNotAdmin =
        before.role === 'admin' && ((input.role !== undefined && input.role !== 'admin') || input.isActive === false);
      if (becomesInactiveOrNotAdmin) {
        const admins = await trx
          .selectFrom('app_user')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('role', '=', 'admin')
          .where('is_active', '=', 1)
          .executeTakeFirstOrThrow();
        if (Number(admins.n) <= 1)
          throw input.isActive === false
            ? AppError.validation('isActive', '启用', '这是最后一位管理员，不能停用；请先让另一位用户成为管理员')
            : AppError.validation('role', '角色', '这是最后一位管理员，不能改为其他角色；请先让另一位用户成为管理员');
      }
      const pin = input.pin === undefined ? undefined : await hashPin(input.pin);
      const row = await trx
        .updateTable('app_user')
        .set({
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.role === undefined ? {} : { role: input.role }),
          ...(input.isActive === undefined ? {} : { is_active: input.isActive ? 1 : 0 }),
          // A new PIN set by the admin also lifts a lockout.
          ...(pin === undefined
            ? {}
            : { pin_salt: pin.salt, pin_hash: pin.hash, failed_pins: 0, last_failed_pin_at: null, locked_at: null }),
          updated_at: at,
        })
        .where('id', '=', input.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toUser(row);
      await writeAudit(trx, ctx, at, {
        action: pin ? 'user.update+pin' : 'user.update',
        entity: 'app_user',
        entityId: input.id,
        before,
        after,
      });
      return after;
    });
    this.accounts.forget(input.id);
    return updated;
  }

  /**
   * Wrong PINs count per user in the archive: after the third a growing wait, after the tenth a
   * lockout only an admin lifts (Accounts.attemptPin). Unknown and deactivated users get the same
   * answer as a wrong PIN.
   */
  async login(input: ParsedInputOf<'session.login'>, ctx: CallContext): Promise<User> {
    const row = await this.db.selectFrom('app_user').selectAll().where('id', '=', input.userId).executeTakeFirst();
    const at = nowInstant(this.clock.now());
    const loginFailed = (trx: Db, after: unknown) =>
      writeAudit(trx, ctx, at, { action: 'session.loginFailed', entity: 'app_user', entityId: row?.id ?? null, after });
    const wrong = new AppError('UNAUTHORIZED', 'PIN 密码：用户或 PIN 不对，请重新输入。', {
      fields: [{ path: 'pin', label: 'PIN 密码', message: '不正确' }],
    });
    if (row?.is_active !== 1) {
      await this.db.transaction().execute((trx) => loginFailed(trx, { door: ctx.door }));
      throw wrong;
    }
    const attempt = await this.accounts.attemptPin(row, input.pin, ctx, 'session.login', (trx, failures, locked) =>
      loginFailed(trx, { door: ctx.door, failures, ...(locked ? { locked } : {}) }),
    );
    if (!attempt.ok) {
      if (!attempt.locked) throw wrong;
      throw pinRefusal(attempt, row.name, '');
    }
    beginSession(ctx.session, toUser(row), this.clock.now().getTime());
    await this.db.transaction().execute((trx) =>
      writeAudit(trx, ctx, at, {
        action: 'session.login',
        entity: 'app_user',
        entityId: row.id,
        after: { door: ctx.door },
      }),
    );
    return ctx.session.user!;
  }

  logout(ctx: CallContext): null {
    endSession(ctx.session);
    return null;
  }

  /** Admin: lifts a PIN lockout; the user can log in again with their PIN. */
  async unlockUser(id: number, ctx: CallContext): Promise<User> {
    await this.accounts.unlock(id, ctx);
    const row = await this.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toUser(row);
  }

  async completeSetup(
    input: ParsedInputOf<'setup.complete'>,
    ctx: CallContext,
  ): Promise<{ info: AppInfo; seeded: SeedSummary | null }> {
    if (!(await this.needsSetup()))
      throw new AppError('CONFLICT', '这个档案库已经设置过门店和用户。如需修改，请到“设置”页面。');
    const at = nowInstant(this.clock.now());
    const names = new Set<string>();
    input.users.forEach((u, i) => {
      if (names.has(u.name)) throw AppError.validation(`users.${i}.name`, `姓名（第 ${i + 1} 行）`, `与前面的用户重名`);
      names.add(u.name);
    });
    const users = await this.db.transaction().execute(async (trx) => {
      await this.writeStore(trx, input.store, at);
      const created: User[] = [];
      for (const u of input.users) created.push(await this.insertUser(trx, u, at));
      await writeAudit(trx, ctx, at, {
        action: 'setup.complete',
        entity: 'store_profile',
        entityId: 1,
        after: { store: input.store, users: created },
      });
      return created;
    });
    if (input.store.timeZone !== undefined) this.timeZoneSet(input.store.timeZone);
    const first = users.find((u) => u.role !== 'admin') ?? users[0];
    if (first) beginSession(ctx.session, first, this.clock.now().getTime());
    let seeded: SeedSummary | null = null;
    if (input.demo) seeded = await this.seed({ years: input.demo.years, seed: input.demo.seed }, ctx);
    return { info: await this.info(ctx), seeded };
  }

  async seed(
    input: { years: number; seed: number; until?: string | undefined },
    ctx: CallContext,
  ): Promise<SeedSummary> {
    const existing = await this.db.selectFrom('repair_order').select('id').limit(1).executeTakeFirst();
    const customers = await this.db.selectFrom('customer').select('id').limit(1).executeTakeFirst();
    if (existing || customers)
      throw new AppError(
        'CONFLICT',
        '示例数据只能生成在空档案库中。这个档案库已经有客户或修理单，请用 --db 指定一个新文件。',
      );
    // The seeder and its catalogues load only when a demo archive is made, not with every start.
    const { seedDemo } = await import('../../demo/seed-demo');
    const summary = seedDemo(sqliteOf(this.archive, '演示数据'), {
      seed: input.seed,
      years: input.years,
      until: input.until,
      now: this.clock.now(),
    });
    // The per-vehicle service summary (who is due when) of the seeded vehicles.
    await this.hooks.afterSeed?.();
    const at = nowInstant(this.clock.now());
    // An archive seeded from the CLI has no one to manage users or work the counter: add a demo
    // admin and clerk (PIN 0000, as for the demo advisors). A store set up by the wizard has its own.
    await this.db.transaction().execute(async (trx) => {
      const hasAdmin = await trx.selectFrom('app_user').select('id').where('role', '=', 'admin').executeTakeFirst();
      if (hasAdmin) return;
      for (const [role, name] of [
        ['admin', '管理员'],
        ['clerk', '信息员'],
      ] as const) {
        const has = await trx.selectFrom('app_user').select('id').where('role', '=', role).executeTakeFirst();
        const taken = await trx.selectFrom('app_user').select('id').where('name', '=', name).executeTakeFirst();
        if (!has && !taken) {
          const user = await this.insertUser(trx, { name, role, pin: '0000' }, at);
          await writeAudit(trx, ctx, at, { action: 'user.create', entity: 'app_user', entityId: user.id, after: user });
        }
      }
    });
    await this.db
      .transaction()
      .execute((trx) =>
        writeAudit(trx, ctx, at, { action: 'demo.seed', entity: 'archive', entityId: null, after: summary }),
      );
    return summary;
  }
}
