import { CheckOutlined, EditOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Segmented, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { type HTMLAttributes, type Key, useState } from 'react';
import {
  CUSTOMER_FILE_FIELD_LABELS,
  type HealthUpload,
  type IncompleteFile,
  type MissingPaper,
  VEHICLE_FILE_FIELD_LABELS,
} from '../../../src-shared/domain/filing';
import { isRealDate } from '../../../src-shared/validation/dates';
import { useApi, useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route, withQuery } from '../../router/hash-router';
import { isMonth, monthOf } from '../complaints/lost-months';
import { useCan } from '../shell/permissions';
import { filingTabPath } from './paths';

/** The three checks of 缺失检查. */
const PARTS = ['papers', 'health', 'incomplete'] as const;
type Part = (typeof PARTS)[number];
type HealthState = 'all' | 'missing' | 'late';
const HEALTH_STATES: HealthState[] = ['all', 'missing', 'late'];

/**
 * 缺失检查: the month's required papers not filed (缺失资料), the 电子健康档案 upload of each settled
 * RO (marked in bulk by the clerk), and the day's new customer and vehicle files the advisors left
 * incomplete (新建档案不完整), per advisor. The part and its month or day live in the address.
 */
export function MissingTab({ route }: { route: Route }) {
  const { t } = useI18n();
  const part = PARTS.find((p) => p === route.query.get('part')) ?? 'papers';
  /** Another part or filter: the address changes (replace), the rest of the query stays where it applies. */
  const go = (params: Record<string, string | undefined>) =>
    void navigate(withQuery(filingTabPath('missing'), { part: part === 'papers' ? undefined : part, ...params }), {
      replace: true,
    });
  return (
    <div className="filing-checks">
      <Segmented<Part>
        value={part}
        onChange={(p) => void navigate(filingTabPath('missing', p === 'papers' ? {} : { part: p }), { replace: true })}
        options={[
          { value: 'papers', label: t('缺失资料') },
          { value: 'health', label: t('电子健康档案') },
          { value: 'incomplete', label: t('新建档案不完整') },
        ]}
        className="checks-parts"
      />
      {part === 'papers' && <MissingPapers route={route} go={go} />}
      {part === 'health' && <HealthUploads route={route} go={go} />}
      {part === 'incomplete' && <IncompleteFiles route={route} go={go} />}
    </div>
  );
}

type Go = (params: Record<string, string | undefined>) => void;

/** The month in the address, or the store's this month. */
function useMonthParam(route: Route): { month: string; thisMonth: string } {
  const today = useStoreToday();
  const asked = route.query.get('month');
  const thisMonth = monthOf(today);
  return { month: isMonth(asked) ? asked : thisMonth, thisMonth };
}

function MonthPicker({
  value,
  onChange,
  className,
}: {
  value: string;
  onChange(month: string): void;
  className: string;
}) {
  const { t } = useI18n();
  return (
    <DatePicker
      size="small"
      picker="month"
      value={dayjs(`${value}-01`)}
      allowClear={false}
      onChange={(d) => d && onChange(d.format('YYYY-MM'))}
      aria-label={t('月份')}
      className={className}
    />
  );
}

function DayPicker({ value, onChange, className }: { value: string; onChange(date: string): void; className: string }) {
  const { t } = useI18n();
  return (
    <DatePicker
      size="small"
      value={dayjs(value)}
      allowClear={false}
      onChange={(d) => d && onChange(d.format('YYYY-MM-DD'))}
      aria-label={t('日期')}
      className={className}
    />
  );
}

// ---- 缺失资料 ----

function missingKey(m: MissingPaper): string {
  return `${m.kind}:${m.roId ?? ''}:${m.vehicleId ?? ''}:${m.customerId ?? ''}`;
}

/** What the filing desk is opened with for a missing paper: its RO number, else VIN or plate. */
function deskText(m: MissingPaper): string | null {
  return m.roNumber ?? m.vin ?? m.plate ?? null;
}

function MissingPapers({ route, go }: { route: Route; go: Go }) {
  const { t } = useI18n();
  const { month, thisMonth } = useMonthParam(route);
  const kindText = route.query.get('kind');
  const { data, error, reload, loading } = useQuery('filing.missing', { month }, { keepPrevious: true });
  const counts = new Map<string, { label: string; n: number }>();
  for (const m of data ?? []) {
    const entry = counts.get(m.kind) ?? { label: m.kindLabel, n: 0 };
    entry.n += 1;
    counts.set(m.kind, entry);
  }
  const kind = kindText && counts.has(kindText) ? kindText : null;
  const rows = (data ?? []).filter((m) => kind === null || m.kind === kind);
  const monthParam = month === thisMonth ? undefined : month;
  return (
    <Card
      size="small"
      className="section missing-card"
      title={t('缺失资料')}
      extra={
        <Flex gap={8} align="center">
          <span className="muted">{t('月份')}</span>
          <MonthPicker
            value={month}
            onChange={(m) => go({ month: m === thisMonth ? undefined : m })}
            className="missing-month"
          />
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary" className="card-note small">
        {t('本月结算的修理单、交车的新车、新建的客户中，按归档设置必须归档但还没有归档的资料。')}
      </Typography.Paragraph>
      {data && (
        <Flex gap={6} wrap align="center" className="missing-counts">
          <span className="muted small">{t('共 {n} 份', { n: data.length })}</span>
          {[...counts.entries()].map(([code, c]) => (
            <Tag.CheckableTag
              key={code}
              checked={kind === code}
              onChange={(on) => go({ month: monthParam, kind: on ? code : undefined })}
              className="count-chip"
              data-kind={code}
            >
              {c.label} <strong className="count-value">{c.n}</strong>
            </Tag.CheckableTag>
          ))}
        </Flex>
      )}
      <Loaded data={data} error={error} reload={reload}>
        {() => (
          <Table<MissingPaper>
            rowKey={missingKey}
            size="small"
            dataSource={rows}
            loading={loading}
            className="missing-table"
            pagination={{ pageSize: 100, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: t('这个月没有缺失的资料') }}
            onRow={(m) =>
              ({
                'data-kind': m.kind,
                'data-ro': m.roNumber ?? '',
                'data-vehicle': m.vehicleId ?? '',
              }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t('资料类型'),
                key: 'kind',
                width: 150,
                render: (_: unknown, m) => <Tag className="kind-tag">{m.kindLabel}</Tag>,
              },
              {
                title: t('修理单'),
                key: 'ro',
                width: 140,
                render: (_: unknown, m) =>
                  m.roId !== null ? (
                    <Link to={`/archive/repair-orders/${m.roId}`} className="mono">
                      {m.roNumber ?? `#${m.roId}`}
                    </Link>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('车牌 / 车架号'),
                key: 'vehicle',
                width: 190,
                render: (_: unknown, m) =>
                  m.vehicleId !== null ? (
                    <div className="cell-stack">
                      <Link to={`/archive/vehicles/${m.vehicleId}`} className="plate">
                        {m.plate ?? '—'}
                      </Link>
                      {m.vin && <div className="muted small mono">{m.vin}</div>}
                    </div>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('客户'),
                key: 'customer',
                width: 100,
                render: (_: unknown, m) =>
                  m.customerId !== null ? (
                    <Link to={`/archive/customers/${m.customerId}`}>{m.customerName ?? `#${m.customerId}`}</Link>
                  ) : (
                    '—'
                  ),
              },
              { title: t('原因'), key: 'reason', dataIndex: 'reason' },
              { title: t('起始'), key: 'since', dataIndex: 'since', width: 100, className: 'nowrap' },
              {
                title: '',
                key: 'actions',
                width: 90,
                render: (_: unknown, m) => {
                  const text = deskText(m);
                  return text ? (
                    <Button
                      size="small"
                      type="link"
                      icon={<InboxOutlined />}
                      onClick={() => void navigate(filingTabPath('desk', { text }))}
                      className="to-desk"
                    >
                      {t('去归档')}
                    </Button>
                  ) : null;
                },
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}

// ---- 电子健康档案 ----

function HealthUploads({ route, go }: { route: Route; go: Go }) {
  const { t } = useI18n();
  const api = useApi();
  const can = useCan();
  const { message, modal } = App.useApp();
  const today = useStoreToday();
  const { month, thisMonth } = useMonthParam(route);
  const askedDate = route.query.get('date');
  const date = askedDate && isRealDate(askedDate) ? askedDate : null;
  const state = HEALTH_STATES.find((s) => s === route.query.get('state')) ?? 'all';
  const settings = useQuery('filingSettings.get', {});
  const input = date !== null ? { date, state } : { month, state };
  const { data, error, reload, loading } = useQuery('healthUploads.list', input, { keepPrevious: true });
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const base = {
    month: date === null && month !== thisMonth ? month : undefined,
    date: date ?? undefined,
    state: state === 'all' ? undefined : state,
  };
  const change = (params: Record<string, string | undefined>) => {
    setSelected([]);
    go({ ...base, ...params });
  };
  const mayMark = can('healthUploads.mark');

  const mark = () => {
    const ids = selected;
    modal.confirm({
      title: t('标记 {n} 张修理单已上传电子健康档案？', { n: ids.length }),
      content: t('上传时间记为现在，来源记为手工。'),
      okText: t('标记已上传'),
      cancelText: t('取消'),
      onOk: async () => {
        setBusy(true);
        try {
          const result = await api.invoke('healthUploads.mark', { roIds: ids });
          if (result.ok) {
            message.success(t('已标记 {n} 张修理单已上传', { n: result.value.marked }));
            setSelected([]);
          } else message.error(result.error.message);
        } finally {
          setBusy(false);
        }
      },
    });
  };

  return (
    <Card
      size="small"
      className="section health-card"
      title={t('电子健康档案上传')}
      extra={
        mayMark ? (
          <Button
            size="small"
            type="primary"
            icon={<CheckOutlined />}
            disabled={selected.length === 0}
            loading={busy}
            onClick={mark}
            className="mark-uploaded"
          >
            {selected.length > 0 ? t('标记已上传（{n}）', { n: selected.length }) : t('标记已上传')}
          </Button>
        ) : null
      }
    >
      {settings.data && !settings.data.healthRecordCheck && (
        <Alert
          type="info"
          showIcon
          className="card-note health-off"
          title={t('归档设置中已关闭电子健康档案检查：这里仍可查看和标记，但不算缺失，也不进下班前检查。')}
        />
      )}
      <Flex gap={8} align="center" wrap className="list-filters health-filters">
        <Segmented<'month' | 'day'>
          size="small"
          value={date === null ? 'month' : 'day'}
          onChange={(v) => change(v === 'day' ? { month: undefined, date: today } : { date: undefined })}
          options={[
            { value: 'month', label: t('按月') },
            { value: 'day', label: t('按日') },
          ]}
          className="health-span"
        />
        {date === null ? (
          <MonthPicker
            value={month}
            onChange={(m) => change({ month: m === thisMonth ? undefined : m })}
            className="health-month"
          />
        ) : (
          <DayPicker value={date} onChange={(d) => change({ date: d })} className="health-date" />
        )}
        <Segmented<HealthState>
          size="small"
          value={state}
          onChange={(s) => change({ state: s === 'all' ? undefined : s })}
          options={[
            { value: 'all', label: t('全部') },
            { value: 'missing', label: t('未上传') },
            { value: 'late', label: t('超时') },
          ]}
          className="health-state"
        />
        {data && (
          <span className="muted small health-total">
            {t('共 {n} 张', { n: data.length })}
            {settings.data?.healthRecordCheck
              ? ` · ${t('结算后 {h} 小时内应上传', { h: settings.data.healthRecordHours })}`
              : ''}
          </span>
        )}
      </Flex>
      <Loaded data={data} error={error} reload={reload}>
        {(rows) => (
          <Table<HealthUpload>
            rowKey="roId"
            size="small"
            dataSource={rows}
            loading={loading}
            className="health-table"
            pagination={{ pageSize: 100, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: t('没有结算的修理单') }}
            rowSelection={
              mayMark
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys: Key[]) => setSelected(keys.map(Number)),
                    getCheckboxProps: (h) => ({ disabled: h.uploadedAt !== null }),
                  }
                : undefined
            }
            onRow={(h) =>
              ({
                'data-ro': h.roNumber,
                'data-uploaded': h.uploadedAt === null ? 'no' : 'yes',
              }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t('修理单'),
                key: 'ro',
                width: 140,
                render: (_: unknown, h) => (
                  <Link to={`/archive/repair-orders/${h.roId}`} className="mono">
                    {h.roNumber}
                  </Link>
                ),
              },
              { title: t('车牌'), key: 'plate', width: 110, render: (_: unknown, h) => h.plate ?? '—' },
              {
                title: t('结算时间'),
                key: 'settledAt',
                width: 150,
                className: 'nowrap',
                render: (_: unknown, h) => instantText(h.settledAt),
              },
              {
                title: t('状态'),
                key: 'state',
                width: 90,
                render: (_: unknown, h) =>
                  h.uploadedAt !== null ? (
                    <Tag color="green" className="upload-state">
                      {t('已上传')}
                    </Tag>
                  ) : h.late ? (
                    <Tag color="red" className="upload-state">
                      {t('超时')}
                    </Tag>
                  ) : (
                    <Tag color="orange" className="upload-state">
                      {t('未上传')}
                    </Tag>
                  ),
              },
              {
                title: t('上传时间'),
                key: 'uploadedAt',
                width: 150,
                className: 'nowrap',
                render: (_: unknown, h) => (h.uploadedAt ? instantText(h.uploadedAt) : '—'),
              },
              {
                title: t('来源'),
                key: 'source',
                render: (_: unknown, h) => (h.source === 'import' ? t('导入') : h.source === 'clerk' ? t('手工') : '—'),
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}

// ---- 新建档案不完整 ----

const FIELD_LABELS: Record<string, string> = { ...CUSTOMER_FILE_FIELD_LABELS, ...VEHICLE_FILE_FIELD_LABELS };

function IncompleteFiles({ route, go }: { route: Route; go: Go }) {
  const { t, label } = useI18n();
  const today = useStoreToday();
  const asked = route.query.get('date');
  const date = asked && isRealDate(asked) ? asked : today;
  const { data, error, reload } = useQuery('filing.incompleteFiles', { date });
  const groups = new Map<string, IncompleteFile[]>();
  for (const f of data ?? []) groups.set(f.advisor, [...(groups.get(f.advisor) ?? []), f]);
  // The most first; files whose advisor is not known (no RO yet) last.
  const unknown = (advisor: string) => (advisor === '未知' ? 1 : 0);
  const sorted = [...groups.entries()].sort(
    (a, b) => unknown(a[0]) - unknown(b[0]) || b[1].length - a[1].length || a[0].localeCompare(b[0]),
  );
  return (
    <Card
      size="small"
      className="section incomplete-card"
      title={t('新建档案不完整')}
      extra={
        <Flex gap={8} align="center">
          <span className="muted">{t('建档日期')}</span>
          <DayPicker
            value={date}
            onChange={(d) => go({ date: d === today ? undefined : d })}
            className="incomplete-date"
          />
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary" className="card-note small">
        {t('这一天新建的客户和车辆档案中，缺少归档设置要求的字段的，按服务顾问（其第一张修理单的顾问）列出。')}
      </Typography.Paragraph>
      <Loaded data={data} error={error} reload={reload}>
        {(files) =>
          files.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('这一天新建的档案都完整')} />
          ) : (
            <div className="incomplete-groups">
              {sorted.map(([advisor, list]) => (
                <div key={advisor} className="incomplete-group" data-advisor={advisor}>
                  <div className="group-title">
                    <strong>{advisor}</strong>
                    <span className="muted">{t('：{n} 份', { n: list.length })}</span>
                  </div>
                  <Table<IncompleteFile>
                    rowKey={(f) => `${f.entity}:${f.id}`}
                    size="small"
                    dataSource={list}
                    pagination={false}
                    showHeader={false}
                    className="incomplete-table"
                    onRow={(f) => ({ 'data-entity': f.entity, 'data-id': f.id }) as HTMLAttributes<HTMLElement>}
                    columns={[
                      {
                        key: 'entity',
                        width: 64,
                        render: (_: unknown, f) =>
                          f.entity === 'customer' ? (
                            <Tag color="blue">{t('客户')}</Tag>
                          ) : (
                            <Tag color="cyan">{t('车辆')}</Tag>
                          ),
                      },
                      {
                        key: 'label',
                        width: 160,
                        render: (_: unknown, f) => (
                          <Link to={`/archive/${f.entity === 'customer' ? 'customers' : 'vehicles'}/${f.id}`}>
                            {f.label || `#${f.id}`}
                          </Link>
                        ),
                      },
                      {
                        key: 'missing',
                        render: (_: unknown, f) => (
                          <Flex gap={4} wrap align="center">
                            <span className="muted small">{t('缺')}</span>
                            {f.missingFields.map((field) => (
                              <Tag key={field} color="orange" className="missing-field">
                                {label(FIELD_LABELS[field] ?? field)}
                              </Tag>
                            ))}
                          </Flex>
                        ),
                      },
                      {
                        key: 'createdAt',
                        width: 140,
                        className: 'nowrap muted small',
                        render: (_: unknown, f) => instantText(f.createdAt),
                      },
                      {
                        key: 'edit',
                        width: 80,
                        render: (_: unknown, f) => (
                          <Link
                            to={`/archive/${f.entity === 'customer' ? 'customers' : 'vehicles'}/${f.id}/edit`}
                            className="edit-file"
                          >
                            <EditOutlined /> {t('补全')}
                          </Link>
                        ),
                      },
                    ]}
                  />
                </div>
              ))}
            </div>
          )
        }
      </Loaded>
    </Card>
  );
}
