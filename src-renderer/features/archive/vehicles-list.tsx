import { Flex, Select, Table, type TableColumnsType } from 'antd';
import { VEHICLE_STATUS_LABELS, VEHICLE_STATUSES, type VehicleStatus } from '../../../src-shared/domain/enums';
import type { VehicleListRow } from '../../../src-shared/domain/records';
import { useQuery } from '../../api/client';
import { enumOptions, VehicleStatusTag } from '../../components/enum-labels';
import { dateText, phoneText } from '../../components/format';
import { LoadError } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route } from '../../router/hash-router';
import { listHref, readListParams, rememberListPath, sorterToParams, sortOrderOf } from './list-state';
import { pagination, rowOpener } from './table-support';

const SORTS = ['plate', 'model', 'deliveryDate', 'updatedAt'] as const;
type Sort = (typeof SORTS)[number];

export function VehiclesList({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const params = readListParams<Sort>(route, SORTS, 'updatedAt');
  const statusText = route.query.get('status');
  const status = VEHICLE_STATUSES.find((s) => s === statusText);
  const query = { ...params, ...(status ? { status } : {}) };
  rememberListPath('vehicles', listHref('vehicles', { ...params, status }));
  const { data, error, loading, reload } = useQuery('vehicles.list', query, { keepPrevious: true });

  const go = (changes: Record<string, string | number | undefined>) =>
    void navigate(listHref('vehicles', { ...params, status, ...changes }), { replace: true });

  const columns: TableColumnsType<VehicleListRow> = [
    {
      title: t('车牌号'),
      key: 'plate',
      dataIndex: 'plate',
      sorter: true,
      sortOrder: sortOrderOf(params, 'plate'),
      width: 110,
      render: (plate: string | null, v) => <Link to={`/archive/vehicles/${v.id}`}>{plate ?? t('（无车牌）')}</Link>,
    },
    {
      title: t('车架号'),
      key: 'vin',
      dataIndex: 'vin',
      width: 190,
      render: (vin: string | null) => <span className="mono">{vin ?? ''}</span>,
    },
    {
      title: t('车型'),
      key: 'model',
      dataIndex: 'model',
      sorter: true,
      sortOrder: sortOrderOf(params, 'model'),
      width: 140,
      ellipsis: true,
    },
    { title: t('颜色'), key: 'color', dataIndex: 'color', width: 70 },
    {
      title: t('交车日期'),
      key: 'deliveryDate',
      dataIndex: 'deliveryDate',
      sorter: true,
      sortOrder: sortOrderOf(params, 'deliveryDate'),
      width: 110,
      render: (d: string | null) => dateText(d),
    },
    {
      title: t('车主'),
      key: 'owner',
      width: 120,
      ellipsis: true,
      render: (_: unknown, v) => (v.ownerId ? <Link to={`/archive/customers/${v.ownerId}`}>{v.ownerName}</Link> : ''),
    },
    {
      title: t('车主手机'),
      key: 'ownerMobile',
      dataIndex: 'ownerMobile',
      width: 140,
      render: (m: string | null) => phoneText(m),
    },
    {
      title: t('状态'),
      key: 'status',
      dataIndex: 'status',
      width: 80,
      render: (s: VehicleStatus) => <VehicleStatusTag status={s} />,
    },
    {
      title: t('更新时间'),
      key: 'updatedAt',
      dataIndex: 'updatedAt',
      sorter: true,
      sortOrder: sortOrderOf(params, 'updatedAt'),
      width: 110,
      render: (v: string) => v.slice(0, 10),
    },
  ];

  return (
    <>
      <Flex gap={8} align="center" className="list-filters">
        <span className="muted">{t('状态')}</span>
        <Select<VehicleStatus | undefined>
          allowClear
          placeholder={t('全部')}
          value={status}
          onChange={(s) => go({ status: s, page: 1 })}
          options={enumOptions(VEHICLE_STATUSES, VEHICLE_STATUS_LABELS, label)}
          style={{ width: 120 }}
          aria-label={t('状态')}
        />
      </Flex>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<VehicleListRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.rows ?? []}
        loading={loading}
        pagination={pagination(params, data?.total ?? 0, t)}
        onRow={rowOpener((v) => `/archive/vehicles/${v.id}`)}
        onChange={(p, _filters, sorter) => {
          const { sort, order } = sorterToParams<Sort, VehicleListRow>(sorter, SORTS, 'updatedAt');
          const sortChanged = sort !== params.sort || order !== params.order;
          go({ page: sortChanged ? 1 : (p.current ?? 1), pageSize: p.pageSize, sort, order });
        }}
        scroll={{ x: 1100 }}
        className="archive-table"
        locale={{ emptyText: status ? t('没有这个状态的车辆') : t('还没有车辆档案') }}
      />
    </>
  );
}
