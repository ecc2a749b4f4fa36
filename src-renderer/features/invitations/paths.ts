import { addDays } from '../../../src-shared/validation/dates';
import { withQuery } from '../../router/hash-router';

/** 招揽/首保 area: one tab per part of the work, each its own address. */
export const INVITATION_TABS = ['lists', 'calls', 'first-service', 'candidates', 'letters'] as const;
export type InvitationTab = (typeof INVITATION_TABS)[number];

export const LISTS_PATH = '/invitations';
export const CALLS_PATH = '/invitations/calls';
export const FIRST_SERVICE_PATH = '/invitations/first-service';
export const CANDIDATES_PATH = '/invitations/candidates';
export const LETTERS_PATH = '/invitations/letters';

export function tabPath(tab: InvitationTab): string {
  return tab === 'lists' ? LISTS_PATH : `/invitations/${tab}`;
}

export function listPath(id: number): string {
  return `/invitations/lists/${id}`;
}

export function newListPath(from?: string, to?: string): string {
  return withQuery('/invitations/new', { from, to });
}

export function firstServicePath(date?: string): string {
  return withQuery(FIRST_SERVICE_PATH, { date });
}

export function vehiclePath(id: number): string {
  return `/archive/vehicles/${id}`;
}

export function repairOrderPath(id: number): string {
  return `/archive/repair-orders/${id}`;
}

export type PeriodPreset = 'nextWeek' | 'nextMonth';

/** 下周: next Monday to Sunday; 下月: the whole next calendar month (from the store's today). */
export function presetPeriod(preset: PeriodPreset, today: string): { from: string; to: string } {
  if (preset === 'nextWeek') {
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
    const from = addDays(today, weekday === 0 ? 1 : 8 - weekday);
    return { from, to: addDays(from, 6) };
  }
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)); // 1-12; next month is index m (0-based)
  const year = m === 12 ? y + 1 : y;
  const month = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

export function isDate(text: string | null): text is string {
  return text !== null && /^\d{4}-\d{2}-\d{2}$/.test(text);
}
