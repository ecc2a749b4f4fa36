import type { SessionEnd } from '../../src-shared/contract/system.contract';
import type { User } from '../../src-shared/domain/records';
import {
  canonicalTimeZone,
  DEFAULT_TIME_ZONE,
  inTimeZone,
  isRealInstant,
  setStoreTimeZone,
} from '../../src-shared/validation/dates';

/** Who is at the counter for one door (the window, one browser-host launch, one CLI run). */
export class Session {
  user: User | null = null;
  /** Clock millis of the user's last call that was not background polling (idle logout). */
  lastActiveAt?: number | null = null;
  /** Why the last user was logged out by the app (idle, deactivated), for the login screen. */
  ended?: SessionEnd | null = null;
}

/** Starts a user's session at a door. */
export function beginSession(session: Session, user: User, now: number): void {
  session.user = user;
  session.lastActiveAt = now;
  session.ended = null;
}

/** Ends it; `why` is set when the app ended it rather than the user. */
export function endSession(session: Session, why: SessionEnd | null = null): void {
  session.user = null;
  session.lastActiveAt = null;
  session.ended = why;
}

export interface CallContext {
  door: 'ipc' | 'http' | 'cli';
  session: Session;
}

/** Who did it, as written on the record (created_by, closed_by…): the user, else 命令行 or 系统. */
export function actorName(ctx: CallContext): string {
  return ctx.session.user?.name ?? (ctx.door === 'cli' ? '命令行' : '系统');
}

/** The clock is injected so tests and demo data can fix "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The store clock: "now" read in the store's time zone (a store setting, default Asia/Shanghai).
 * Its moments carry the zone, so `nowInstant(clock.now())` and `todayDate(clock.now())` give the
 * store's local time and date whatever zone this PC is set to. Every service gets this clock.
 */
export class StoreClock implements Clock {
  private zone = DEFAULT_TIME_ZONE;

  constructor(
    private readonly base: Clock,
    timeZone: string = DEFAULT_TIME_ZONE,
  ) {
    this.setTimeZone(timeZone);
  }

  now(): Date {
    return inTimeZone(this.base.now(), this.zone);
  }

  get timeZone(): string {
    return this.zone;
  }

  /** At open and when the store changes its zone; local times typed without an offset follow it too. */
  setTimeZone(timeZone: string): void {
    this.zone = canonicalTimeZone(timeZone) ?? DEFAULT_TIME_ZONE;
    setStoreTimeZone(this.zone);
  }
}

/**
 * The real clock, or for tests of the running app (the browser host under e2e) a fixed start
 * given as CLERKDESK_FAKE_NOW (ISO instant) from which time runs on. Never in a packaged app.
 */
export function clockFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  packaged = env.NODE_ENV === 'production',
): Clock {
  const fake = env.CLERKDESK_FAKE_NOW?.trim();
  if (!fake || packaged) return systemClock;
  const start = Date.parse(fake);
  if (!isRealInstant(fake) || Number.isNaN(start))
    throw new Error(`CLERKDESK_FAKE_NOW 应为带时区的 ISO 时间（如 2026-12-02T23:30:00Z），现在是“${fake}”。`);
  const startedAt = Date.now();
  return { now: () => new Date(start + (Date.now() - startedAt)) };
}
