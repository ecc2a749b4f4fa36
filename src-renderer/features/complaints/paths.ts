/** 投诉 area: complaints, comebacks, lost customers and the churn rate, each its own address. */
export const COMPLAINT_TABS = ['list', 'comebacks', 'lost', 'churn'] as const;
export type ComplaintTab = (typeof COMPLAINT_TABS)[number];

export const COMPLAINTS_PATH = '/complaints/list';

export function complaintTabPath(tab: ComplaintTab): string {
  return `/complaints/${tab}`;
}

/** One complaint's page. */
export function complaintPath(id: number): string {
  return `/complaints/${id}`;
}

/** 登记投诉, optionally from a problem call (its words, department, customer and RO carried over). */
export function newComplaintPath(from?: { problemId?: number; customerId?: number; vehicleId?: number }): string {
  const q = new URLSearchParams();
  if (from?.problemId) q.set('problemId', String(from.problemId));
  if (from?.customerId) q.set('customerId', String(from.customerId));
  if (from?.vehicleId) q.set('vehicleId', String(from.vehicleId));
  const query = q.toString();
  return query ? `/complaints/new?${query}` : '/complaints/new';
}

/** What an address under /complaints shows; null when there is no such page. */
export type ComplaintsView = { page: 'tab'; tab: ComplaintTab } | { page: 'complaint'; id: number } | { page: 'new' };

export function complaintsView(segments: string[]): ComplaintsView | null {
  const [, second, third] = segments;
  if (third !== undefined) return null;
  if (second === undefined) return { page: 'tab', tab: 'list' };
  if (second === 'new') return { page: 'new' };
  if (/^\d{1,12}$/.test(second)) return { page: 'complaint', id: Number(second) };
  return (COMPLAINT_TABS as readonly string[]).includes(second) ? { page: 'tab', tab: second as ComplaintTab } : null;
}
