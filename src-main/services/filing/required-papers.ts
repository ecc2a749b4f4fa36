import type { RoType } from '../../../src-shared/domain/enums';
import type { DocKind, FilingSettings } from '../../../src-shared/domain/filing';

/**
 * The filing rules as pure functions (归档设置 → which kinds an RO, a vehicle or a customer needs,
 * and how long a paper is kept), shared by filing, the missing-paper checks and retention.
 */

/** What the rules need of an RO: its type and its labour hours (sum of its labour lines). */
export interface RoFacts {
  type: RoType | string;
  laborHours: number;
}

/** 二级维护、总成修理、整车修理 and the like: one of the store's types, or at least its labour hours. */
export function isMajorRepair(settings: FilingSettings, ro: RoFacts): boolean {
  const { roTypes, minLaborHours } = settings.majorRepair;
  if ((roTypes as readonly string[]).includes(ro.type)) return true;
  return minLaborHours !== null && ro.laborHours >= minLaborHours;
}

/** The active kinds a settled RO must have filed, in the settings' order. */
export function requiredKindsForRo(settings: FilingSettings, ro: RoFacts): DocKind[] {
  const major = isMajorRepair(settings, ro);
  return settings.kinds.filter((k) => {
    if (!k.active || k.subject !== 'ro' || k.required.on !== 'ro_settled') return false;
    if (k.required.roTypes.length > 0 && !(k.required.roTypes as readonly string[]).includes(ro.type)) return false;
    return !k.required.majorOnly || major;
  });
}

/** The active kinds a newly delivered vehicle must have filed (保修登记表, PDI检查单 by default). */
export function requiredKindsForVehicle(settings: FilingSettings): DocKind[] {
  return settings.kinds.filter((k) => k.active && k.subject === 'vehicle' && k.required.on === 'vehicle_delivered');
}

/** The active kinds a new customer must have filed (none by default). */
export function requiredKindsForCustomer(settings: FilingSettings): DocKind[] {
  return settings.kinds.filter((k) => k.active && k.subject === 'customer' && k.required.on === 'customer_created');
}

/** Required from the store's first filing day on: a day before checkFrom requires nothing. */
export function isChecked(settings: FilingSettings, day: string): boolean {
  return settings.checkFrom === null || day >= settings.checkFrom;
}

/**
 * The last day a paper must be kept: the end of its month plus the kind's years (a paper of
 * 2024-03-15 kept 2 years: until 2026-03-31). null: kept for good (the kind has no period, or the
 * paper is kept forever: a dispute, an accident).
 */
export function keepUntil(
  kind: Pick<DocKind, 'retentionYears'> | undefined,
  docDate: string,
  keepForever: boolean,
): string | null {
  if (keepForever || !kind || kind.retentionYears === null) return null;
  const year = Number(docDate.slice(0, 4)) + kind.retentionYears;
  const month = Number(docDate.slice(5, 7));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}

/** The binder title a paper of the kind goes to: 当月修理单 2026-11 第1册, or 车辆档案 京A12345. */
export function binderTitle(binder: {
  scheme: string;
  seriesLabel?: string | null;
  month: string | null;
  volume: number;
  plate?: string | null;
  vin?: string | null;
}): string {
  if (binder.scheme === 'vehicle') return `车辆档案 ${binder.plate ?? binder.vin ?? ''}`.trim();
  return `${binder.seriesLabel ?? ''} ${binder.month ?? ''} 第${binder.volume}册`.trim();
}
