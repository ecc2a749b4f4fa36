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

/**
 * Accepts `2026-11-22 08:30`, `2026-11-22T08:30`, `2026-11-22` and full ISO (kept as written).
 * A local time gets the store's offset at that moment: `where` is an IANA zone (default: the
 * store's) or a fixed offset such as `+08:00`.
 */
export function toInstant(text: string, where: string = storeTimeZone()): string | null {
  const s = text.trim().replace(' ', 'T');
  if (isRealInstant(s)) return s;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m || !isRealDate(m[1] ?? '')) return null;
  const hh = m[2] ?? '00';
  const mm = m[3] ?? '00';
  const ss = m[4] ?? '00';
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
  const local = `${m[1]}T${hh}:${mm}:${ss}`;
  return FIXED_OFFSET.test(where) ? `${local}${where}` : localToInstant(local, where);
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

// ---------------------------------------------------------------------------------------------
// The store clock. "Today" and "now" are the store's: its time zone (an IANA name, a setting of
// the store) decides them, never the zone of the PC the code happens to run on.

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const FIXED_OFFSET = /^[+-](?:[01]\d|2[0-3]):[0-5]\d$/;
const DAY_MS = 86_400_000;

/** Where a moment read from the store clock keeps the store's zone (see `inTimeZone`). */
const ZONE = Symbol.for('clerkdesk.storeTimeZone');
type ZonedDate = Date & { [ZONE]?: string };

/**
 * The zone for moments that do not carry one (a bare `new Date()`, a local time typed without an
 * offset and parsed at the boundary). The archive side sets it from the store profile at open and
 * when the store changes it; the renderer never relies on it (it asks the archive for today).
 */
let processZone = DEFAULT_TIME_ZONE;

export function setStoreTimeZone(timeZone: string): void {
  processZone = canonicalTimeZone(timeZone) ?? DEFAULT_TIME_ZONE;
}

export function storeTimeZone(): string {
  return processZone;
}

/**
 * The moment `at`, marked as read in `timeZone`: the helpers below (nowInstant, todayDate) write it
 * in that zone. The store clock hands out such moments, so services keep calling
 * `nowInstant(this.clock.now())` and get the store's local time whichever archive they serve.
 */
export function inTimeZone(at: Date, timeZone: string): Date {
  const d = new Date(at.getTime()) as ZonedDate;
  d[ZONE] = timeZone;
  return d;
}

/** The zone a moment was read in (`inTimeZone`), else the store's. */
export function timeZoneOf(at: Date): string {
  return (at as ZonedDate)[ZONE] ?? processZone;
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** `Asia/Shanghai` for `asia/shanghai` or `PRC`; null when Intl does not know the zone. */
export function canonicalTimeZone(name: string): string | null {
  if (typeof name !== 'string') return null;
  const s = name.trim();
  // IANA names only (Area/City, UTC): no bare offsets, nothing Intl might read loosely.
  if (s.length === 0 || s.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(s)) return null;
  try {
    return formatterFor(s).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function isTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== null;
}

/** Offset of `timeZone` from UTC at the moment `ms`, in ms, read from Intl (so DST is right). */
function offsetAt(ms: number, timeZone: string): number {
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of formatterFor(timeZone).formatToParts(ms)) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') mo = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
    else if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') mi = Number(p.value);
    else if (p.type === 'second') s = Number(p.value);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

/**
 * Offsets by zone and UTC day: a day whose first and last second have the same offset has it
 * throughout (zones change at most once a day), so "today" costs two Intl calls a day and an import
 * of ten years of ROs a few thousand. `null`: the zone changes offset that day; each moment is asked.
 */
const dayOffsets = new Map<string, number | null>();
/** The day asked last: "now" is asked for again and again within the same day. */
let last: { timeZone: string; day: number; offset: number | null } = { timeZone: '', day: Number.NaN, offset: null };

export function timeZoneOffsetMs(at: Date | number, timeZone: string): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  const day = Math.floor(ms / DAY_MS);
  if (day === last.day && timeZone === last.timeZone && last.offset !== null) return last.offset;
  const key = `${timeZone} ${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = offsetAt(day * DAY_MS, timeZone);
    offset = first === offsetAt(day * DAY_MS + DAY_MS - 1000, timeZone) ? first : null;
    if (dayOffsets.size >= 20_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  last = { timeZone, day, offset };
  return offset ?? offsetAt(ms, timeZone);
}

/** +08:00 for 8 hours; an offset with seconds (local mean time before 1901) rounds to the minute. */
export function offsetText(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The moment `ms` as the store's wall clock shows it, with the offset: 2026-12-03T07:30:00+08:00. */
function instantIn(ms: number, timeZone: string): string {
  if (FIXED_OFFSET.test(timeZone)) {
    const sign = timeZone.startsWith('-') ? -1 : 1;
    const offset = sign * (Number(timeZone.slice(1, 3)) * 60 + Number(timeZone.slice(4, 6))) * 60_000;
    return `${new Date(Math.floor(ms / 1000) * 1000 + offset).toISOString().slice(0, 19)}${timeZone}`;
  }
  const offset = timeZoneOffsetMs(ms, timeZone);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset).toISOString().slice(0, 19);
  return `${wall}${offsetText(offset)}`;
}

/**
 * A local wall-clock time (YYYY-MM-DDTHH:mm:ss) in `timeZone` → ISO instant with that zone's offset
 * then. As Temporal's "compatible": a time that happens twice (the autumn DST night) is the earlier
 * one; a time skipped (02:30 on the spring night) moves on by the gap (03:30).
 */
function localToInstant(local: string, timeZone: string): string {
  const wall = Date.UTC(
    Number(local.slice(0, 4)),
    Number(local.slice(5, 7)) - 1,
    Number(local.slice(8, 10)),
    Number(local.slice(11, 13)),
    Number(local.slice(14, 16)),
    Number(local.slice(17, 19)),
  );
  const before = timeZoneOffsetMs(wall - 86_400_000, timeZone);
  const after = timeZoneOffsetMs(wall + 86_400_000, timeZone);
  if (before === after) return instantIn(wall - before, timeZone);
  const earlier = wall - before;
  const later = wall - after;
  if (timeZoneOffsetMs(Math.min(earlier, later), timeZone) === (earlier < later ? before : after))
    return instantIn(Math.min(earlier, later), timeZone);
  if (timeZoneOffsetMs(Math.max(earlier, later), timeZone) === (earlier < later ? after : before))
    return instantIn(Math.max(earlier, later), timeZone);
  return instantIn(wall - before, timeZone);
}

/**
 * Now in the store's local time as ISO with its offset (2026-12-03T07:30:00+08:00). `timeZone` may
 * also be a fixed offset (+08:00), for data that says which offset it wants.
 */
export function nowInstant(now: Date = new Date(), timeZone: string = timeZoneOf(now)): string {
  return instantIn(now.getTime(), timeZone);
}

/** The store's calendar date at `now`. */
export function todayDate(now: Date = new Date(), timeZone: string = timeZoneOf(now)): string {
  return instantIn(now.getTime(), timeZone).slice(0, 10);
}
