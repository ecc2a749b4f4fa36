import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { SecuritySettings } from '../../../src-shared/contract/system.contract';
import type { UserRole } from '../../../src-shared/domain/enums';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import type { Archive, Db } from '../../db/database';
import type { AppUserTable } from '../../db/schema';
import type { CallContext, Clock } from '../context';
import { verifyPin } from './pin';

/** What the dispatcher re-reads about the session's user on every call. */
export interface AccountState {
  id: number;
  name: string;
  role: UserRole;
  isActive: boolean;
}

/** Wrong PINs in a row before each further try must wait (1 s, then 2 s, 4 s …). */
export const PIN_FREE_TRIES = 3;
/** Wrong PINs in a row that lock the user until an admin unlocks. */
export const PIN_LOCK_AFTER = 10;
export const DEFAULT_IDLE_LOGOUT_MINUTES = 15;
const IDLE_SETTING = 'idle_logout_minutes';

/** Where the handler map carries the accounts for the dispatcher (see createHandlers). */
export const ACCOUNTS: unique symbol = Symbol('accounts');

export type PinAttempt = { ok: true } | { ok: false; failures: number; locked: boolean };

/**
 * What a refused PIN answers, the same for login, the daily-report sign-off and the retention
 * approval: the lockout names the user and who lifts it; a wrong PIN says who should type it again.
 */
export function pinRefusal(attempt: { failures: number; locked: boolean }, name: string, tryAgain: string): AppError {
  return attempt.locked
    ? new AppError(
        'FORBIDDEN',
        `PIN 密码：PIN 已连续输错 ${attempt.failures} 次，${name} 的账户已锁定。请管理员在“设置 → 用户”中解除锁定。`,
        { fields: [{ path: 'pin', label: 'PIN 密码', message: '账户已锁定' }], locked: true },
      )
    : AppError.validation('pin', 'PIN 密码', tryAgain);
}

type UserRow = Selectable<AppUserTable>;

/**
 * On a shared server a call's user check is a round trip of its own, as long as a quick search;
 * a deactivation or demotion made at another counter counts within this time (at this counter, at once).
 */
const SERVER_USER_CACHE_MS = 2_000;

function toAccountState(
  row: { id: number; name: string; role: string; is_active: number } | undefined,
): AccountState | null {
  return row ? { id: row.id, name: row.name, role: row.role as UserRole, isActive: row.is_active === 1 } : null;
}

/**
 * Who may do what, as the archive says now: the user behind a session (re-read on every call with
 * one prepared statement, so a deactivation or demotion made at another door or in the CLI counts
 * at once; on a server, within SERVER_USER_CACHE_MS), the idle-logout setting, PIN guessing limits, and the audit of refused calls.
 */
export class Accounts {
  private readonly db: Db;
  /** The file's prepared statements (SQLite: read synchronously, no query builder per call); null on a server. */
  private readonly byId: BetterSqlite3.Statement<
    [number],
    { id: number; name: string; role: string; is_active: number }
  > | null;
  private readonly insertRefusal: BetterSqlite3.Statement<[string, number | null, string, string]> | null;
  private idleMinutesCache: { minutes: number; readAt: number } | null = null;
  /** On a server only: who a session's user is, as read at most SERVER_USER_CACHE_MS ago. */
  private readonly currentCache = new Map<number, { state: AccountState | null; readAt: number }>();
  /**
   * How long the idle-logout setting is kept: for ever on the file (only this process writes it),
   * a few seconds on a shared server (another counter's admin may change it).
   */
  private readonly idleCacheMs: number;
  /** Users whose PIN is being checked right now: a second try in parallel waits its turn. */
  private readonly pinInFlight = new Set<number>();
  /** Refusals already written this minute, so a flood of them is one line per minute. */
  private readonly refusalsWritten = new Map<string, number>();

  constructor(
    archive: Archive,
    private readonly clock: Clock,
  ) {
    this.db = archive.db;
    const sqlite = archive.sqlite;
    this.byId = sqlite?.prepare('SELECT id, name, role, is_active FROM app_user WHERE id = ?') ?? null;
    this.insertRefusal =
      sqlite?.prepare(
        `INSERT INTO audit_log (at, user_id, actor, action, entity, entity_id, before_json, after_json)
       VALUES (?, ?, ?, 'call.refused', 'call', NULL, NULL, ?)`,
      ) ?? null;
    this.idleCacheMs = sqlite ? Number.POSITIVE_INFINITY : 10_000;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  async current(userId: number): Promise<AccountState | null> {
    if (this.byId) return toAccountState(this.byId.get(userId));
    const nowMs = Date.now();
    const cached = this.currentCache.get(userId);
    if (cached && nowMs - cached.readAt < SERVER_USER_CACHE_MS) return cached.state;
    const row = await this.db
      .selectFrom('app_user')
      .select(['id', 'name', 'role', 'is_active'])
      .where('id', '=', userId)
      .executeTakeFirst();
    const state = toAccountState(row);
    this.currentCache.set(userId, { state, readAt: nowMs });
    return state;
  }

  /** A user was changed at this counter: their next call reads the archive again. */
  forget(userId: number): void {
    this.currentCache.delete(userId);
  }

  // ---- idle logout ----

  async idleMinutes(): Promise<number> {
    const nowMs = Date.now();
    const cached = this.idleMinutesCache;
    if (cached !== null && nowMs - cached.readAt < this.idleCacheMs) return cached.minutes;
    const row = await this.db
      .selectFrom('app_setting')
      .select('value')
      .where('key', '=', IDLE_SETTING)
      .executeTakeFirst();
    const parsed = row ? Number(row.value) : Number.NaN;
    const minutes = Number.isInteger(parsed) && parsed >= 0 ? parsed : DEFAULT_IDLE_LOGOUT_MINUTES;
    this.idleMinutesCache = { minutes, readAt: nowMs };
    return minutes;
  }

  async security(): Promise<SecuritySettings> {
    return { idleLogoutMinutes: await this.idleMinutes() };
  }

  async updateSecurity(input: SecuritySettings, ctx: CallContext): Promise<SecuritySettings> {
    const before = await this.security();
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('app_setting')
        .values({ key: IDLE_SETTING, value: String(input.idleLogoutMinutes) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(input.idleLogoutMinutes) }))
        .execute();
      await this.audit(trx, ctx, at, 'security.update', 'app_setting', null, before, input);
    });
    this.idleMinutesCache = null;
    return this.security();
  }

  // ---- PINs ----

  /**
   * One try of a user's PIN under the guessing rules: refused outright while locked, while an
   * earlier try is still being checked, or before the wait after the third wrong PIN in a row is
   * over (answered at once with how long to wait; nothing sleeps). A wrong PIN is counted in the
   * archive, the tenth in a row locks the user (audited); a right one clears the count.
   */
  async attemptPin(
    row: UserRow,
    pin: string,
    ctx: CallContext,
    purpose: string,
    /** The caller's own record of the wrong PIN, written in the same transaction as the count. */
    onWrong?: (trx: Db, failures: number, locked: boolean) => Promise<void>,
  ): Promise<PinAttempt> {
    const at = this.clock.now();
    if (row.locked_at !== null) {
      this.auditRefusal(ctx, purpose, 'LOCKED', { id: row.id, name: row.name });
      throw new AppError(
        'FORBIDDEN',
        `PIN 密码：${row.name} 的 PIN 连续输错 ${PIN_LOCK_AFTER} 次，账户已锁定。请管理员在“设置 → 用户”中解除锁定。`,
        { fields: [{ path: 'pin', label: 'PIN 密码', message: '账户已锁定' }], locked: true },
      );
    }
    const wait = this.waitSeconds(row, at.getTime());
    if (wait > 0) throw tooSoon(row.failed_pins, wait);
    if (this.pinInFlight.has(row.id))
      throw new AppError('FORBIDDEN', 'PIN 密码：正在核对上一次输入的 PIN，请 1 秒后再试。', {
        fields: [{ path: 'pin', label: 'PIN 密码', message: '请 1 秒后再试' }],
        retryAfterSeconds: 1,
      });
    this.pinInFlight.add(row.id);
    try {
      // Read again inside the turn: a try that just finished may have counted a failure.
      const fresh = await this.db.selectFrom('app_user').selectAll().where('id', '=', row.id).executeTakeFirst();
      if (!fresh) return { ok: false, failures: 0, locked: false };
      const freshWait = this.waitSeconds(fresh, at.getTime());
      if (freshWait > 0) throw tooSoon(fresh.failed_pins, freshWait);
      if (await verifyPin(pin, fresh.pin_salt, fresh.pin_hash)) {
        if (fresh.failed_pins > 0)
          await this.db
            .updateTable('app_user')
            .set({ failed_pins: 0, last_failed_pin_at: null })
            .where('id', '=', fresh.id)
            .execute();
        return { ok: true };
      }
      const instant = nowInstant(at);
      return await this.db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('app_user')
          .set((eb) => ({ failed_pins: eb('failed_pins', '+', 1), last_failed_pin_at: instant }))
          .where('id', '=', fresh.id)
          .returning(['failed_pins', 'locked_at'])
          .executeTakeFirstOrThrow();
        const locked = updated.failed_pins >= PIN_LOCK_AFTER;
        if (locked && updated.locked_at === null) {
          await trx.updateTable('app_user').set({ locked_at: instant }).where('id', '=', fresh.id).execute();
          await this.audit(trx, ctx, instant, 'user.locked', 'app_user', fresh.id, undefined, {
            name: fresh.name,
            failures: updated.failed_pins,
            purpose,
          });
        }
        await onWrong?.(trx, updated.failed_pins, locked);
        return { ok: false as const, failures: updated.failed_pins, locked };
      });
    } finally {
      this.pinInFlight.delete(row.id);
    }
  }

  private waitSeconds(row: UserRow, nowMs: number): number {
    if (row.failed_pins < PIN_FREE_TRIES || row.last_failed_pin_at === null) return 0;
    const waitMs = 1000 * 2 ** Math.min(row.failed_pins - PIN_FREE_TRIES, 12);
    const left = Date.parse(row.last_failed_pin_at) + waitMs - nowMs;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /** Clears the lockout and the count of wrong PINs (admin). */
  async unlock(userId: number, ctx: CallContext): Promise<void> {
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirst();
      if (!row) throw AppError.notFound('用户', userId);
      if (row.locked_at === null && row.failed_pins === 0)
        throw new AppError('CONFLICT', `${row.name} 没有被锁定，不需要解除。`);
      await trx
        .updateTable('app_user')
        .set({ failed_pins: 0, last_failed_pin_at: null, locked_at: null, updated_at: at })
        .where('id', '=', userId)
        .execute();
      await this.audit(
        trx,
        ctx,
        at,
        'user.unlock',
        'app_user',
        userId,
        { lockedAt: row.locked_at, failures: row.failed_pins },
        { lockedAt: null, failures: 0 },
      );
    });
  }

  // ---- audit of refusals ----

  /**
   * Writes a refused call to the audit log: method, code, door and who. Identical refusals (same
   * method, code, door, user) are written once per minute, so a flood cannot fill the log. Never
   * throws: a refusal must be answered even when the archive cannot be written.
   */
  auditRefusal(ctx: CallContext, method: string, code: string, user: { id: number; name: string } | null): void {
    const minute = Math.floor(this.now() / 60_000);
    const key = `${method}\u0000${code}\u0000${ctx.door}\u0000${user?.id ?? ''}`;
    if (this.refusalsWritten.get(key) === minute) return;
    if (this.refusalsWritten.size > 1000) {
      for (const [k, m] of this.refusalsWritten) if (m !== minute) this.refusalsWritten.delete(k);
    }
    this.refusalsWritten.set(key, minute);
    const values = {
      at: nowInstant(this.clock.now()),
      user_id: user?.id ?? null,
      actor: user ? user.name : ctx.door === 'cli' ? 'cli' : 'system',
      after_json: JSON.stringify({ method, code, door: ctx.door }),
    };
    try {
      if (this.insertRefusal) {
        this.insertRefusal.run(values.at, values.user_id, values.actor, values.after_json);
      } else {
        // On a server the line is written in the background; the refusal is answered at once.
        void this.db
          .insertInto('audit_log')
          .values({ ...values, action: 'call.refused', entity: 'call', entity_id: null, before_json: null })
          .execute()
          .catch(() => {});
      }
    } catch {
      // A read-only or busy archive: the refusal is still answered.
    }
  }

  /** An audit line written by the session's user (or the one named when the session has none). */
  async audit(
    trx: Db,
    ctx: CallContext,
    at: string,
    action: string,
    entity: string,
    entityId: number | null,
    before: unknown,
    after: unknown,
    who: { id: number; name: string } | null = ctx.session.user,
  ): Promise<void> {
    await trx
      .insertInto('audit_log')
      .values({
        at,
        user_id: who?.id ?? null,
        actor: who ? who.name : ctx.door === 'cli' ? 'cli' : 'system',
        action,
        entity,
        entity_id: entityId,
        before_json: before === undefined ? null : JSON.stringify(before),
        after_json: after === undefined ? null : JSON.stringify(after),
      })
      .execute();
  }
}

function tooSoon(failures: number, seconds: number): AppError {
  return new AppError('FORBIDDEN', `PIN 密码：已连续输错 ${failures} 次，请 ${seconds} 秒后再试。`, {
    fields: [{ path: 'pin', label: 'PIN 密码', message: `请 ${seconds} 秒后再试` }],
    retryAfterSeconds: seconds,
  });
}
