import type { TablePaginationConfig } from 'antd';
import type { MouseEvent } from 'react';
import type { I18n } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { PAGE_SIZES } from './list-state';

/** Server-side paging: the table only ever holds one page; the total comes from the server. */
export function pagination(
  params: { page: number; pageSize: number },
  total: number,
  t: I18n['t'],
): TablePaginationConfig {
  return {
    current: params.page,
    pageSize: params.pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZES,
    showQuickJumper: total > params.pageSize * 5,
    showTotal: (all, range) => t('第 {from}-{to} 条，共 {total} 条', { from: range[0], to: range[1], total: all }),
    size: 'small',
  };
}

/** A click anywhere on a row opens the record (links inside the row keep their own target). */
export function rowOpener<R>(pathOf: (row: R) => string) {
  return (row: R) => ({
    onClick: (e: MouseEvent<HTMLElement>) => {
      if ((e.target as HTMLElement).closest('a, button')) return;
      void navigate(pathOf(row));
    },
    className: 'clickable-row',
  });
}
