import { Table, type TableColumnsType, Tag } from 'antd';
import type { Customer } from '../../../src-shared/domain/records';
import { useQuery } from '../../api/client';
import { instantText, phoneText } from '../../components/format';
import { LoadError } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route } from '../../router/hash-router';
import { listHref, readListParams, rememberListPath, sorterToParams, sortOrderOf } from './list-state';
import { pagination, rowOpener } from './table-support';

const SORTS = ['name', 'updatedAt', 'createdAt'] as const;
type Sort = (typeof SORTS)[number];

export function CustomersList({ route }: { route: Route }) {
  const { t } = useI18n();
  const params = readListParams<Sort>(route, SORTS, 'updatedAt');
  rememberListPath('customers', listHref('customers', { ...params }));
  const { data, error, loading, reload } = useQuery('customers.list', params, { keepPrevious: true });

  const columns: TableColumnsType<Customer> = [
    {
      title: t('姓名'),
      key: 'name',
      dataIndex: 'name',
      sorter: true,
      sortOrder: sortOrderOf(params, 'name'),
      width: 140,
      ellipsis: true,
      render: (name: string, c) => <Link to={`/archive/customers/${c.id}`}>{name}</Link>,
    },
    { title: t('手机号'), key: 'mobile', dataIndex: 'mobile', width: 140, render: (m: string | null) => phoneText(m) },
    {
      title: t('其他电话'),
      key: 'otherPhones',
      dataIndex: 'otherPhones',
      width: 150,
      ellipsis: true,
      render: (phones: string[]) => (phones.length > 0 ? phones.join('，') : ''),
    },
    { title: t('地址'), key: 'address', dataIndex: 'address', ellipsis: true },
    { title: t('邮编'), key: 'postalCode', dataIndex: 'postalCode', width: 80 },
    { title: t('方便接听时间'), key: 'preferredCallTime', dataIndex: 'preferredCallTime', width: 130, ellipsis: true },
    {
      title: t('联系'),
      key: 'contact',
      width: 80,
      render: (_: unknown, c) =>
        c.doNotContact ? <Tag color="red">{t('勿扰')}</Tag> : !c.marketingConsent ? <Tag>{t('不营销')}</Tag> : null,
    },
    {
      title: t('建档时间'),
      key: 'createdAt',
      dataIndex: 'createdAt',
      sorter: true,
      sortOrder: sortOrderOf(params, 'createdAt'),
      width: 120,
      render: (v: string) => v.slice(0, 10),
    },
    {
      title: t('更新时间'),
      key: 'updatedAt',
      dataIndex: 'updatedAt',
      sorter: true,
      sortOrder: sortOrderOf(params, 'updatedAt'),
      width: 150,
      render: (v: string) => instantText(v),
    },
  ];

  return (
    <>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<Customer>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.rows ?? []}
        loading={loading}
        pagination={pagination(params, data?.total ?? 0, t)}
        onRow={rowOpener((c) => `/archive/customers/${c.id}`)}
        onChange={(p, _filters, sorter) => {
          const { sort, order } = sorterToParams<Sort, Customer>(sorter, SORTS, 'updatedAt');
          const sortChanged = sort !== params.sort || order !== params.order;
          void navigate(
            listHref('customers', {
              page: sortChanged ? 1 : p.current,
              pageSize: p.pageSize,
              sort,
              order,
            }),
            { replace: true },
          );
        }}
        scroll={{ x: 1100 }}
        className="archive-table"
        locale={{ emptyText: t('还没有客户档案') }}
      />
    </>
  );
}
