import { PREVIEW_PAGE_SIZE, type PreviewPage } from '../../../src-shared/contract/printing.contract';

/**
 * The page of a large preview to build: the one asked for (1 and PREVIEW_PAGE_SIZE when not
 * given), moved back to the last page when the batch has fewer (it may have shrunk since).
 */
export function previewPage(
  total: number,
  input: { page?: number | undefined; pageSize?: number | undefined },
): PreviewPage {
  const pageSize = input.pageSize ?? PREVIEW_PAGE_SIZE;
  const last = Math.max(1, Math.ceil(total / pageSize));
  return { total, page: Math.min(input.page ?? 1, last), pageSize };
}

/** The items of that page, in order. */
export function pageItems<T>(items: readonly T[], page: PreviewPage): T[] {
  const start = (page.page - 1) * page.pageSize;
  return items.slice(start, start + page.pageSize);
}
