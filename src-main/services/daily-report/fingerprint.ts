import { createHash } from 'node:crypto';
import type { DailyReportFigures } from '../../../src-shared/domain/daily-report';

/** Plain objects with their keys sorted (arrays keep their order). */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/** JSON with object keys sorted at every level: the same figures always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortedKeys) ?? 'null';
}

/**
 * What the clerk saw, as a sha256 hex of the figures' canonical JSON. The figures hold nothing
 * that depends on when they were built, so the same archive gives the same fingerprint.
 */
export function fingerprintOf(figures: DailyReportFigures): string {
  return createHash('sha256').update(canonicalJson(figures)).digest('hex');
}
