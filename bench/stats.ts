/** Nearest-rank percentile of milliseconds, rounded to microseconds. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round3(sorted[rank]!);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export interface Timing {
  p50: number;
  p95: number;
}

export function timing(values: readonly number[]): Timing {
  return { p50: percentile(values, 50), p95: percentile(values, 95) };
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export function timeSync(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}
