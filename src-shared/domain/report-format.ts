/**
 * The reports' figures as text, the same on the screen (统计), in the printed report and in the
 * workbook: rates as `80.0%` (— when there was nothing to divide by), empty text as —.
 */

/** A rate, or null when there is nothing to divide by (shown as —). */
export const rateOf = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** `80.0%` from 0.8; — when there was nothing to divide by. */
export const percentText = (rate: number | null): string =>
  rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

/** The text, or — when there is none. */
export const orDash = (v: string | null | undefined): string => (v === null || v === undefined || v === '' ? '—' : v);
