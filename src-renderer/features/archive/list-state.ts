import type { SorterResult } from 'antd/es/table/interface';
import { type Route, withQuery } from '../../router/hash-router';

export type ArchiveTab = 'customers' | 'vehicles' | 'repair-orders';

export const PAGE_SIZES = [20, 50, 100, 200];

/** Where each list was left (page, sort, filters), so tabs and breadcrumbs go back there. */
const lastListPath = new Map<ArchiveTab, string>();

export function rememberListPath(tab: ArchiveTab, path: string): void {
  lastListPath.set(tab, path);
}

export function listPath(tab: ArchiveTab): string {
  return lastListPath.get(tab) ?? `/archive/${tab}`;
}

function positiveInt(text: string | null, fallback: number, max: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

export interface ListParams<S extends string> {
  page: number;
  pageSize: number;
  sort: S;
  order: 'asc' | 'desc';
}

export function readListParams<S extends string>(route: Route, sorts: readonly S[], defaultSort: S): ListParams<S> {
  const q = route.query;
  const sortText = q.get('sort');
  const sort = sorts.find((s) => s === sortText) ?? defaultSort;
  const pageSize = positiveInt(q.get('size'), 20, 200);
  return {
    page: positiveInt(q.get('page'), 1, 1_000_000),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    sort,
    order: q.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/** antd's sorter → the contract's sort column and order; a cleared sorter goes back to the default. */
export function sorterToParams<S extends string, R>(
  sorter: SorterResult<R> | SorterResult<R>[],
  sorts: readonly S[],
  defaultSort: S,
): { sort: S; order: 'asc' | 'desc' } {
  const one = Array.isArray(sorter) ? sorter[0] : sorter;
  const key = String(one?.columnKey ?? '');
  const sort = sorts.find((s) => s === key);
  if (!one?.order || !sort) return { sort: defaultSort, order: 'desc' };
  return { sort, order: one.order === 'ascend' ? 'asc' : 'desc' };
}

export function sortOrderOf<S extends string>(
  params: { sort: S; order: 'asc' | 'desc' },
  column: S,
): 'ascend' | 'descend' | null {
  if (params.sort !== column) return null;
  return params.order === 'asc' ? 'ascend' : 'descend';
}

/** The address of a list page: page, size, sort, order, then filters. */
export function listHref(
  tab: ArchiveTab,
  params: Partial<ListParams<string>> & Record<string, string | number | null | undefined>,
): string {
  const { page, pageSize, sort, order, ...filters } = params;
  return withQuery(`/archive/${tab}`, { page, size: pageSize, sort, order, ...filters });
}
