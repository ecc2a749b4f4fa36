import dayjs, { type Dayjs } from 'dayjs';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { StoreClockReading } from '../../src-shared/contract/system.contract';
import type { AppErrorShape } from '../../src-shared/errors';
import { nowInstant, toInstant } from '../../src-shared/validation/dates';
import { useApi } from '../api/client';
import { ArchivePending } from './archive-pending';

/**
 * The store clock in the UI. "Today" and "now" are the store's (its time zone, a store setting),
 * as the archive side reads them, never the zone this PC is set to: the UI asks `clock.today` at
 * start, at the store's midnight, when the window gets focus again and after every write (the
 * store may have changed its zone), and counts the seconds in between itself.
 */
export interface StoreClock {
  /** The store's date, YYYY-MM-DD. */
  today: string;
  /** IANA name, e.g. Asia/Shanghai. */
  timeZone: string;
  /** Now in store time with its offset: 2026-12-03T07:30:00+08:00. */
  now(): string;
  /** The store's today for a date picker (the calendar date, whatever the PC's zone). */
  todayValue(): Dayjs;
  /** Now to the minute for a date-and-time picker, as the store's wall clock shows it. */
  nowValue(): Dayjs;
  /** A local time typed in a picker (YYYY-MM-DD HH:mm) → ISO with the store's offset then. */
  instantOf(local: string): string | null;
}

const StoreClockContext = createContext<StoreClock | null>(null);

/** Milliseconds left until the store's next midnight, from its wall clock (a little after, to be sure). */
function untilMidnight(now: string): number {
  const seconds = Number(now.slice(11, 13)) * 3600 + Number(now.slice(14, 16)) * 60 + Number(now.slice(17, 19));
  return (86_400 - seconds) * 1000 + 500;
}

export function StoreClockProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [reading, setReading] = useState<{ value: StoreClockReading; at: number } | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const asking = useRef(false);

  const refresh = useCallback(async () => {
    if (asking.current) return;
    asking.current = true;
    try {
      const result = await api.invoke('clock.today', {});
      if (result.ok) {
        setError(null);
        setReading({ value: result.value, at: performance.now() });
      } else setError(result.error);
    } finally {
      asking.current = false;
    }
  }, [api]);

  useEffect(() => {
    void refresh();
    const onFocus = () => void refresh();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    const unsubscribe = api.subscribe(onFocus);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
      unsubscribe();
    };
  }, [api, refresh]);

  useEffect(() => {
    if (!reading) return;
    const timer = setTimeout(() => void refresh(), untilMidnight(reading.value.now));
    return () => clearTimeout(timer);
  }, [reading, refresh]);

  // The latest answer, for now(): read at call time, so the page need not re-render every second.
  const latest = useRef(reading);
  latest.current = reading;
  const today = reading?.value.today;
  const timeZone = reading?.value.timeZone;
  const clock = useMemo<StoreClock | null>(() => {
    if (today === undefined || timeZone === undefined) return null;
    const now = () => {
      const r = latest.current;
      // performance.now() only measures the time since that answer; the archive said what time it was.
      const ms = r ? Date.parse(r.value.now) + (performance.now() - r.at) : Number.NaN;
      return Number.isNaN(ms) ? `${today}T00:00:00${r?.value.offset ?? ''}` : nowInstant(new Date(ms), timeZone);
    };
    return {
      today,
      timeZone,
      now,
      todayValue: () => dayjs(today),
      nowValue: () => dayjs(now().slice(0, 16)),
      instantOf: (local) => toInstant(local, timeZone),
    };
  }, [today, timeZone]);

  if (!clock) return <ArchivePending error={error} retry={() => void refresh()} />;
  return <StoreClockContext.Provider value={clock}>{children}</StoreClockContext.Provider>;
}

/** The store clock (today, now, its zone); see StoreClockProvider. */
export function useStoreClock(): StoreClock {
  const clock = useContext(StoreClockContext);
  if (!clock) throw new Error('useStoreClock outside StoreClockProvider');
  return clock;
}

/** The store's date, YYYY-MM-DD: what "today" means on every page. */
export function useStoreToday(): string {
  return useStoreClock().today;
}
