/** Calendar dates are `YYYY-MM-DD`; instants are ISO 8601 with an offset, in the store's local time. */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[mo - 1] ?? 0);
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isRealInstant(text: string): boolean {
  const m = INSTANT.exec(text);
  return m !== null && isRealDate(m[1] ?? '');
}

/** Accepts `2026-11-22 08:30`, `2026-11-22T08:30`, `2026-11-22` and full ISO; returns ISO with the store's offset. */
export function toInstant(text: string, offset = '+08:00'): string | null {
  const s = text.trim().replace(' ', 'T');
  if (isRealInstant(s)) return s;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m || !isRealDate(m[1] ?? '')) return null;
  const hh = m[2] ?? '00';
  const mm = m[3] ?? '00';
  const ss = m[4] ?? '00';
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
  return `${m[1]}T${hh}:${mm}:${ss}${offset}`;
}

/** The local calendar date of an instant as written (the archive stores local time with its offset). */
export function dateOf(instant: string): string {
  return instant.slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD`, remembered: the due logic compares the same few dates many times. */
const dayNumbers = new Map<string, number>();
function dayNumber(date: string): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = Math.round(
      Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000,
    );
    if (dayNumbers.size >= 100_000) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Now in the store's local time (UTC+8) as ISO with offset. */
export function nowInstant(now: Date = new Date()): string {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

export function todayDate(now: Date = new Date()): string {
  return nowInstant(now).slice(0, 10);
}
