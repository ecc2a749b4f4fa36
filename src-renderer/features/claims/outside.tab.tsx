import { EditOutlined, ExportOutlined, ImportOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Segmented, Space, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import {
  OUTSIDE_SERVICE_STATE_LABELS,
  type OutsideServiceOrder,
  type OutsideServiceState,
} from '../../../src-shared/domain/claims';
import { useQuery } from '../../api/client';
import { instantText, mileageText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route, withQuery } from '../../router/hash-router';
import { addMonths, isMonth, monthOf } from '../complaints/lost-months';
import { useCan } from '../shell/permissions';
import { OutsideCloseModal, OutsideOrderModal } from './outside-modals';
import { claimPath, claimsTabPath } from './paths';

type StateFilter = OutsideServiceState | 'all';

/** 外出中 first, then the closed ones; newest out first within each. */
function byStateThenOut(a: OutsideServiceOrder, b: OutsideServiceOrder): number {
  if (a.state !== b.state) return a.state === 'out' ? -1 : 1;
  return a.outAt < b.outAt ? 1 : a.outAt > b.outAt ? -1 : 0;
}

/** 外出中 / 已返回. */
export function OutsideStateTag({ state }: { state: OutsideServiceState }) {
  const { label } = useI18n();
  return (
    <Tag color={state === 'out' ? 'orange' : 'green'} className="outside-state-tag" data-state={state}>
      {label(OUTSIDE_SERVICE_STATE_LABELS[state])}
    </Tag>
  );
}

/**
 * 外出服务: the orders out now and the closed ones (of a month, or the latest), 外出登记 signs one
 * out with its 服务令号, 返回 closes it with the odometer (the km reach the RO's claim), 修改.
 */
export function OutsideTab({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const can = useCan();
  const today = useStoreToday();
  const thisMonth = monthOf(today);
  const askedMonth = route.query.get('month');
  const month = isMonth(askedMonth) ? askedMonth : null;
  const askedState = route.query.get('state');
  const state: StateFilter = askedState === 'out' || askedState === 'closed' ? askedState : 'all';
  const { data, error, reload, loading } = useQuery('outsideService.list', month ? { state, month } : { state }, {
    keepPrevious: true,
  });
  const [signingOut, setSigningOut] = useState(false);
  const [closing, setClosing] = useState<OutsideServiceOrder | null>(null);
  const [editing, setEditing] = useState<OutsideServiceOrder | null>(null);

  const go = (changes: Record<string, string | undefined>) =>
    void navigate(
      withQuery(claimsTabPath('outside'), {
        month: month ?? undefined,
        state: state === 'all' ? undefined : state,
        ...changes,
      }),
      { replace: true },
    );
  const toMonth = (m: string | null) => go({ month: m ?? undefined });

  const rows = data ? [...data].sort(byStateThenOut) : undefined;
  const canClose = can('outsideService.close');
  const canEdit = can('outsideService.update');
  return (
    <div className="outside-tab">
      <Flex gap={8} align="center" wrap className="list-filters outside-filters">
        <Segmented<StateFilter>
          size="small"
          value={state}
          onChange={(v) => go({ state: v === 'all' ? undefined : v })}
          options={[
            { value: 'all', label: t('全部') },
            { value: 'out', label: label(OUTSIDE_SERVICE_STATE_LABELS.out) },
            { value: 'closed', label: label(OUTSIDE_SERVICE_STATE_LABELS.closed) },
          ]}
          className="outside-state"
        />
        <Space.Compact size="small" className="outside-month">
          <Tooltip title={t('上个月')}>
            <Button
              size="small"
              icon={<LeftOutlined />}
              aria-label={t('上个月')}
              onClick={() => toMonth(addMonths(month ?? thisMonth, -1))}
            />
          </Tooltip>
          <DatePicker
            size="small"
            picker="month"
            format="YYYY-MM"
            value={month ? dayjs(`${month}-01`) : null}
            placeholder={t('最近')}
            onChange={(d) => toMonth(d ? d.format('YYYY-MM') : null)}
            disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
            aria-label={t('外出月份')}
            className="outside-month-picker"
          />
          <Tooltip title={t('下个月')}>
            <Button
              size="small"
              icon={<RightOutlined />}
              aria-label={t('下个月')}
              disabled={month === null || month >= thisMonth}
              onClick={() => month && toMonth(addMonths(month, 1))}
            />
          </Tooltip>
        </Space.Compact>
        <span className="muted small">
          {month === null ? t('外出中的全部，和最近返回的') : t('{month} 派出的', { month })}
        </span>
        {rows && <span className="muted small">{t('共 {n} 条', { n: rows.length })}</span>}
        <span className="grow" />
        {can('outsideService.signOut') && (
          <Button
            size="small"
            type="primary"
            icon={<ExportOutlined />}
            onClick={() => setSigningOut(true)}
            className="outside-sign-out"
          >
            {t('外出登记')}
          </Button>
        )}
      </Flex>
      <Loaded data={rows} error={error} reload={reload}>
        {(orders) => (
          <Table<OutsideServiceOrder>
            rowKey="id"
            size="small"
            dataSource={orders}
            loading={loading}
            className="outside-table"
            scroll={{ x: 1100 }}
            pagination={orders.length > 100 ? { pageSize: 100, size: 'small', showSizeChanger: false } : false}
            locale={{ emptyText: month ? t('{month} 没有外出服务单', { month }) : t('没有外出服务单') }}
            rowClassName={(o) => (o.state === 'out' ? 'outside-row-out' : '')}
            onRow={(o) =>
              ({
                'data-order': o.id,
                'data-order-no': o.orderNo,
                'data-state': o.state,
              }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t('服务令号'),
                key: 'orderNo',
                width: 140,
                render: (_: unknown, o) => (
                  <Flex gap={2} align="center">
                    <span className="mono outside-order-no-cell">{o.orderNo}</span>
                    {canEdit && (
                      <Tooltip title={t('修改')}>
                        <Button
                          size="small"
                          type="text"
                          icon={<EditOutlined />}
                          aria-label={t('修改')}
                          onClick={() => setEditing(o)}
                          className="outside-edit"
                        />
                      </Tooltip>
                    )}
                  </Flex>
                ),
              },
              {
                title: t('车辆 / 客户'),
                key: 'vehicle',
                width: 180,
                render: (_: unknown, o) =>
                  o.plate || o.vin || o.customerName ? (
                    <div className="cell-stack">
                      <div>
                        <span className="plate">{o.plate ?? '—'}</span>
                        {o.customerName && <span className="outside-customer"> {o.customerName}</span>}
                      </div>
                      <div className="muted small mono">{o.vin ?? ''}</div>
                    </div>
                  ) : (
                    <span className="muted">—</span>
                  ),
              },
              {
                title: t('地点'),
                key: 'place',
                render: (_: unknown, o) => (
                  <Tooltip title={o.fault || undefined}>
                    <span>{o.place}</span>
                  </Tooltip>
                ),
              },
              {
                title: t('外出人员 / 设备'),
                key: 'staff',
                width: 130,
                render: (_: unknown, o) => (
                  <div className="cell-stack">
                    <div>{o.staff}</div>
                    {o.device && <div className="muted small">{o.device}</div>}
                  </div>
                ),
              },
              {
                title: t('出发'),
                key: 'out',
                width: 128,
                render: (_: unknown, o) => (
                  <div className="cell-stack">
                    <div className="small">{instantText(o.outAt)}</div>
                    <div className="muted small">{mileageText(o.odometerOut)}</div>
                  </div>
                ),
              },
              {
                title: t('返回'),
                key: 'back',
                width: 128,
                render: (_: unknown, o) =>
                  o.backAt ? (
                    <div className="cell-stack">
                      <div className="small">{instantText(o.backAt)}</div>
                      <div className="muted small">{mileageText(o.odometerBack)}</div>
                    </div>
                  ) : canClose ? (
                    <Button
                      size="small"
                      icon={<ImportOutlined />}
                      onClick={() => setClosing(o)}
                      className="outside-close"
                    >
                      {t('登记返回')}
                    </Button>
                  ) : (
                    <span className="muted">—</span>
                  ),
              },
              {
                title: t('里程'),
                key: 'km',
                width: 76,
                align: 'right',
                render: (_: unknown, o) =>
                  o.km === null ? <span className="muted">—</span> : <span className="outside-km">{o.km} km</span>,
              },
              {
                title: t('修理单'),
                key: 'ro',
                width: 126,
                render: (_: unknown, o) =>
                  o.roId === null ? (
                    <span className="muted">—</span>
                  ) : o.roType === 'warranty' ? (
                    <Tooltip title={t('打开它的索赔单')}>
                      <Link to={claimPath(o.roId)} className="mono outside-claim-link">
                        {o.roNumber}
                      </Link>
                    </Tooltip>
                  ) : (
                    <Link to={`/archive/repair-orders/${o.roId}`} className="mono">
                      {o.roNumber}
                    </Link>
                  ),
              },
              {
                title: t('状态'),
                key: 'state',
                width: 80,
                render: (_: unknown, o) => <OutsideStateTag state={o.state} />,
              },
            ]}
          />
        )}
      </Loaded>
      {signingOut && <OutsideOrderModal onClose={() => setSigningOut(false)} />}
      {editing && <OutsideOrderModal order={editing} onClose={() => setEditing(null)} />}
      {closing && <OutsideCloseModal order={closing} onClose={() => setClosing(null)} />}
    </div>
  );
}
