import type { User } from '../../src-shared/domain/records';

/** Who is at the counter for one door (the window, one browser-host launch, one CLI run). */
export class Session {
  user: User | null = null;
}

export interface CallContext {
  door: 'ipc' | 'http' | 'cli';
  session: Session;
}

/** The clock is injected so tests and demo data can fix "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
