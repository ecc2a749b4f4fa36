import { Button, DatePicker, Flex, Select, Table, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import {
  RO_STATUS_LABELS,
  RO_STATUSES,
  RO_TYPE_LABELS,
  RO_TYPES,
  type RoStatus,
  type RoType,
} from '../../../src-shared/domain/enums';
import type { RepairOrderListRow } from '../../../src-shared/domain/records';
import { isRealDate } from '../../../src-shared/validation/dates';
import { useQuery } from '../../api/client';
import { enumOptions, RoStatusTag, RoTypeTag } from '../../components/enum-labels';
import { instantText, mileageText, money } from '../../components/format';
import { LoadError } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route } from '../../router/hash-router';
import { listHref, readListParams, rememberListPath, sorterToParams, sortOrderOf } from './list-state';
import { pagination, rowOpener } from './table-support';

const SORTS = ['openedAt', 'roNumber', 'totalFen'] as const;
type Sort = (typeof SORTS)[number];

function dateParam(text: string | null): string | undefined {
  return text && isRealDate(text) ? text : undefined;
}

export function RepairOrdersList({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const params = readListParams<Sort>(route, SORTS, 'openedAt');
  const from = dateParam(route.query.get('from'));
  const to = dateParam(route.query.get('to'));
  const type = RO_TYPES.find((x) => x === route.query.get('type'));
  const status = RO_STATUSES.find((x) => x === route.query.get('status'));
  const filters = { from, to, type, status };
  const query = {
    ...params,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(type ? { type } : {}),
    ...(status ? { status } : {}),
  };
  rememberListPath('repair-orders', listHref('repair-orders', { ...params, ...filters }));
  const { data, error, loading, reload } = useQuery('repairOrders.list', query, { keepPrevious: true });
  const filtered = Boolean(from || to || type || status);

  const go = (changes: Record<string, string | number | undefined>) =>
    void navigate(listHref('repair-orders', { ...params, ...filters, ...changes }), { replace: true });

  const columns: TableColumnsType<RepairOrderListRow> = [
    {
      title: t('工单号'),
      key: 'roNumber',
      dataIndex: 'roNumber',
      sorter: true,
      sortOrder: sortOrderOf(params, 'roNumber'),
      width: 150,
      render: (n: string, ro) => (
        <Link to={`/archive/repair-orders/${ro.id}`} className="mono">
          {n}
        </Link>
      ),
    },
    {
      title: t('进厂时间'),
      key: 'openedAt',
      dataIndex: 'openedAt',
      sorter: true,
      sortOrder: sortOrderOf(params, 'openedAt'),
      width: 140,
      render: (v: string) => instantText(v),
    },
    {
      title: t('车牌号'),
      key: 'plate',
      width: 100,
      render: (_: unknown, ro) => (
        <Link to={`/archive/vehicles/${ro.vehicleId}`}>{ro.plate ?? `#${ro.vehicleId}`}</Link>
      ),
    },
    {
      title: t('客户'),
      key: 'customer',
      width: 100,
      ellipsis: true,
      render: (_: unknown, ro) =>
        ro.customerId ? <Link to={`/archive/customers/${ro.customerId}`}>{ro.customerName}</Link> : '',
    },
    { title: t('维修类别'), key: 'type', dataIndex: 'type', width: 100, render: (v: RoType) => <RoTypeTag type={v} /> },
    {
      title: t('状态'),
      key: 'status',
      dataIndex: 'status',
      width: 80,
      render: (v: RoStatus) => <RoStatusTag status={v} />,
    },
    { title: t('服务顾问'), key: 'advisorName', dataIndex: 'advisorName', width: 90, ellipsis: true },
    {
      title: t('进厂里程'),
      key: 'mileageIn',
      dataIndex: 'mileageIn',
      width: 110,
      align: 'right',
      render: (v: number | null) => mileageText(v),
    },
    {
      title: t('金额'),
      key: 'totalFen',
      dataIndex: 'totalFen',
      sorter: true,
      sortOrder: sortOrderOf(params, 'totalFen'),
      width: 120,
      align: 'right',
      render: (v: number) => <span className="money">{money(v)}</span>,
    },
  ];

  return (
    <>
      <Flex gap={8} align="center" wrap className="list-filters">
        <span className="muted">{t('进厂日期')}</span>
        <DatePicker.RangePicker
          value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
          allowEmpty={[true, true]}
          onChange={(range) =>
            go({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD'), page: 1 })
          }
          aria-label={t('进厂日期')}
        />
        <span className="muted">{t('维修类别')}</span>
        <Select<RoType | undefined>
          allowClear
          placeholder={t('全部')}
          value={type}
          onChange={(v) => go({ type: v, page: 1 })}
          options={enumOptions(RO_TYPES, RO_TYPE_LABELS, label)}
          style={{ width: 130 }}
          aria-label={t('维修类别')}
        />
        <span className="muted">{t('状态')}</span>
        <Select<RoStatus | undefined>
          allowClear
          placeholder={t('全部')}
          value={status}
          onChange={(v) => go({ status: v, page: 1 })}
          options={enumOptions(RO_STATUSES, RO_STATUS_LABELS, label)}
          style={{ width: 110 }}
          aria-label={t('状态')}
        />
        {filtered && (
          <Button
            type="link"
            onClick={() => go({ from: undefined, to: undefined, type: undefined, status: undefined, page: 1 })}
          >
            {t('清除筛选')}
          </Button>
        )}
      </Flex>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<RepairOrderListRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.rows ?? []}
        loading={loading}
        pagination={pagination(params, data?.total ?? 0, t)}
        onRow={rowOpener((ro) => `/archive/repair-orders/${ro.id}`)}
        onChange={(p, _filters, sorter) => {
          const { sort, order } = sorterToParams<Sort, RepairOrderListRow>(sorter, SORTS, 'openedAt');
          const sortChanged = sort !== params.sort || order !== params.order;
          go({ page: sortChanged ? 1 : (p.current ?? 1), pageSize: p.pageSize, sort, order });
        }}
        scroll={{ x: 1000 }}
        className="archive-table"
        locale={{ emptyText: filtered ? t('没有符合筛选条件的修理单') : t('还没有修理单') }}
      />
    </>
  );
}
