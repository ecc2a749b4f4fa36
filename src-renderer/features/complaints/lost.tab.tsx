import { EditOutlined, FileExcelOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Segmented, Space, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { type HTMLAttributes, type Key, useEffect, useState } from 'react';
import {
  LOST_LEVEL_LABELS,
  LOST_PAGE_SIZE_DEFAULT,
  LOST_REASON_FILTERS,
  LOST_REASON_LABELS,
  LOST_STAGE_LABELS,
  LOST_STAGES,
  type LostCustomer,
  type LostCustomerPage,
  type LostLevel,
  type LostReasonFilter,
  type LostStage,
} from '../../../src-shared/domain/complaints';
import { isRealDate } from '../../../src-shared/validation/dates';
import { useApi, useQuery } from '../../api/client';
import { CustomerPhoneCell } from '../../components/customer-cells';
import { mileageText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route, withQuery } from '../../router/hash-router';
import { downloadBase64 } from '../import/file-bytes';
import { CALLS_PATH } from '../revisits/paths';
import { UnmaskCheckbox, unmaskedInput, useUnmasked } from '../settings/unmask-choice';
import { useCan } from '../shell/permissions';
import { LostReasonModal } from './lost-reason-modal';
import { complaintTabPath } from './paths';
import './lost-comebacks.css';

type LevelFilter = LostLevel | 'all';
/** Page sizes offered (the service allows up to 500). */
const PAGE_SIZES = [50, 100, 200];

const LEVEL_COLOR: Record<LostLevel, string> = { lost: 'red', at_risk: 'orange' };
const STAGE_COLOR: Record<LostStage, string> = {
  never_serviced: 'default',
  after_first: 'magenta',
  after_second: 'purple',
  later: 'blue',
};
const WINBACK_LABELS = { open: '待打', done: '已打', unreached: '未接通' } as const;
const WINBACK_COLOR = { open: 'blue', done: 'green', unreached: 'orange' } as const;

interface WinbackOutcome {
  added: number;
  skipped: { vehicleId: number; reason: string }[];
}

/**
 * 流失客户: the vehicles that stopped coming (as of a day, by default the store's today), most
 * recently lost first, paged by the service (lostCustomers.list); counted by the stage they left at
 * and the reason recorded over the whole list (the counts are the filters); chosen rows go to the
 * 回访 queue as win-back calls, each row takes its reason (流失原因), and the whole list goes to Excel.
 */
export function LostTab({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const today = useStoreToday();
  const can = useCan();
  const asked = route.query.get('asOf');
  const asOf = asked && isRealDate(asked) ? asked : today;
  const levelText = route.query.get('level');
  const level: LevelFilter = levelText === 'all' || levelText === 'at_risk' ? levelText : 'lost';
  const stage = LOST_STAGES.find((s) => s === route.query.get('stage')) ?? null;
  const reasonText = route.query.get('reason');
  const reason: LostReasonFilter | null = LOST_REASON_FILTERS.find((r) => r === reasonText) ?? null;
  const pageText = Number(route.query.get('page'));
  const page = Number.isInteger(pageText) && pageText > 1 ? pageText : 1;
  const sizeText = Number(route.query.get('size'));
  const pageSize = PAGE_SIZES.includes(sizeText) ? sizeText : LOST_PAGE_SIZE_DEFAULT;
  const { data, error, reload, loading } = useQuery(
    'lostCustomers.list',
    { asOf, level, page, pageSize, ...(stage ? { stage } : {}), ...(reason ? { reason } : {}) },
    { keepPrevious: true },
  );
  const [selected, setSelected] = useState<number[]>([]);
  const [outcome, setOutcome] = useState<WinbackOutcome | null>(null);
  const [recording, setRecording] = useState<LostCustomer | null>(null);

  /** Another filter starts again on page 1 (and clears the choice); paging keeps the choice. */
  const go = (changes: Record<string, string | null | undefined>, paging = false) => {
    if (!paging) setSelected([]);
    void navigate(
      withQuery(complaintTabPath('lost'), {
        asOf: asOf === today ? undefined : asOf,
        level: level === 'lost' ? undefined : level,
        stage,
        reason,
        size: pageSize === LOST_PAGE_SIZE_DEFAULT ? undefined : String(pageSize),
        page: undefined,
        ...changes,
      }),
      { replace: true },
    );
  };
  // The whole list (before the stage and reason filters) is the sum of its stages.
  const listed = data ? LOST_STAGES.reduce((n, s) => n + data.byStage[s], 0) : 0;
  // A page left empty (its last rows got a reason that takes them off): back to the last page.
  const lastPage = data ? Math.max(1, Math.ceil(data.total / pageSize)) : 1;
  const beyond = data !== undefined && data.rows.length === 0 && page > lastPage;
  useEffect(() => {
    if (beyond)
      void navigate(
        withQuery(route.path, {
          ...Object.fromEntries(route.query),
          page: lastPage > 1 ? String(lastPage) : undefined,
        }),
        {
          replace: true,
        },
      );
  }, [beyond, lastPage, route]);

  return (
    <Card
      size="small"
      className="section lost-card"
      title={t('久未回厂的车辆')}
      extra={
        <Space size={8} wrap>
          {can('lostCustomers.winback') && (
            <WinbackButton
              ids={selected}
              onDone={(o) => {
                setOutcome(o);
                setSelected([]);
              }}
            />
          )}
          {can('lostCustomers.xlsx') && <LostXlsxButton asOf={asOf} level={level} />}
          <UnmaskCheckbox />
        </Space>
      }
    >
      <Flex gap={8} align="center" wrap className="list-filters lost-filters">
        <span className="muted">{t('截至')}</span>
        <DatePicker
          size="small"
          value={dayjs(asOf)}
          allowClear={false}
          onChange={(d) => d && go({ asOf: d.format('YYYY-MM-DD') === today ? undefined : d.format('YYYY-MM-DD') })}
          aria-label={t('截至')}
          className="lost-as-of"
        />
        <Segmented<LevelFilter>
          size="small"
          value={level}
          onChange={(v) => go({ level: v === 'lost' ? undefined : v })}
          options={[
            { value: 'lost', label: label(LOST_LEVEL_LABELS.lost) },
            { value: 'at_risk', label: label(LOST_LEVEL_LABELS.at_risk) },
            { value: 'all', label: t('全部') },
          ]}
          className="lost-level"
        />
        {data && (
          <span className="muted small lost-total">
            {t('共 {n} 辆', { n: listed })}
            {data.total !== listed ? ` · ${t('显示 {n} 辆', { n: data.total })}` : ''}
          </span>
        )}
      </Flex>
      {data && (
        <div className="lost-counts">
          <Flex gap={6} wrap align="center" data-counts="stage">
            <span className="muted small counts-label">{t('流失阶段')}</span>
            {LOST_STAGES.map((s) => (
              <Tag.CheckableTag
                key={s}
                checked={stage === s}
                onChange={(on) => go({ stage: on ? s : undefined })}
                className="count-chip"
                data-stage={s}
              >
                {label(LOST_STAGE_LABELS[s])} <strong className="count-value">{data.byStage[s]}</strong>
              </Tag.CheckableTag>
            ))}
          </Flex>
          <Flex gap={6} wrap align="center" data-counts="reason">
            <span className="muted small counts-label">{t('流失原因')}</span>
            {LOST_REASON_FILTERS.map((r) => (
              <Tag.CheckableTag
                key={r}
                checked={reason === r}
                onChange={(on) => go({ reason: on ? r : undefined })}
                className="count-chip"
                data-reason={r}
              >
                {r === 'none' ? t('未记录') : label(LOST_REASON_LABELS[r])}{' '}
                <strong className="count-value">{data.byReason[r]}</strong>
              </Tag.CheckableTag>
            ))}
          </Flex>
        </div>
      )}
      {outcome && <WinbackOutcomeAlert outcome={outcome} rows={data?.rows ?? []} onClose={() => setOutcome(null)} />}
      <Loaded data={data} error={error} reload={reload}>
        {(result) => (
          <LostTable
            page={result}
            current={page}
            pageSize={pageSize}
            onPage={(p, size) =>
              go(
                {
                  page: size === pageSize && p > 1 ? String(p) : undefined,
                  size: size === LOST_PAGE_SIZE_DEFAULT ? undefined : String(size),
                },
                true,
              )
            }
            loading={loading}
            selected={selected}
            onSelect={can('lostCustomers.winback') ? setSelected : null}
            onRecord={setRecording}
          />
        )}
      </Loaded>
      {recording && <LostReasonModal lost={recording} onClose={() => setRecording(null)} />}
    </Card>
  );
}

function LostTable({
  page,
  current,
  pageSize,
  onPage,
  loading,
  selected,
  onSelect,
  onRecord,
}: {
  page: LostCustomerPage;
  current: number;
  pageSize: number;
  onPage(page: number, pageSize: number): void;
  loading: boolean;
  selected: number[];
  onSelect: ((ids: number[]) => void) | null;
  onRecord(lost: LostCustomer): void;
}) {
  const { t, label } = useI18n();
  return (
    <Table<LostCustomer>
      rowKey="vehicleId"
      size="small"
      dataSource={page.rows}
      loading={loading}
      className="lost-table"
      scroll={{ x: 1080 }}
      pagination={{
        current,
        pageSize,
        total: page.total,
        size: 'small',
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES,
        hideOnSinglePage: page.total <= PAGE_SIZES[0]!,
        showTotal: (n) => t('共 {n} 辆', { n }),
        onChange: onPage,
      }}
      locale={{ emptyText: t('没有流失客户') }}
      rowSelection={
        onSelect
          ? {
              selectedRowKeys: selected,
              onChange: (keys: Key[]) => onSelect(keys.map(Number)),
              preserveSelectedRowKeys: true,
            }
          : undefined
      }
      onRow={(v) =>
        ({
          'data-vehicle': v.vehicleId,
          'data-plate': v.plate ?? '',
          'data-level': v.level,
        }) as HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          title: t('车牌 / 车型'),
          key: 'vehicle',
          width: 110,
          render: (_: unknown, v) => (
            <div className="cell-stack">
              <Link to={`/archive/vehicles/${v.vehicleId}`} className="plate">
                {v.plate ?? `#${v.vehicleId}`}
              </Link>
              <div className="muted small">{v.model || '—'}</div>
            </div>
          ),
        },
        {
          title: t('客户 / 电话'),
          key: 'customer',
          width: 114,
          render: (_: unknown, v) => <CustomerPhoneCell id={v.customerId} name={v.customer} phone={v.phone} small />,
        },
        {
          title: t('上次进厂'),
          key: 'lastVisit',
          className: 'nowrap',
          dataIndex: 'lastVisit',
          width: 94,
        },
        {
          title: t('未回厂月数'),
          key: 'monthsAway',
          width: 104,
          align: 'right',
          render: (_: unknown, v) => (
            <Tag color={LEVEL_COLOR[v.level]} className="months-away">
              {t('{n} 个月', { n: v.monthsAway })}
            </Tag>
          ),
        },
        {
          title: t('上次里程'),
          key: 'lastMileage',
          className: 'nowrap',
          width: 90,
          align: 'right',
          render: (_: unknown, v) => mileageText(v.lastMileage),
        },
        {
          title: t('估算现在里程'),
          key: 'estimatedMileage',
          className: 'nowrap',
          width: 114,
          align: 'right',
          render: (_: unknown, v) => (v.estimatedMileage === null ? '—' : `≈ ${mileageText(v.estimatedMileage)}`),
        },
        {
          title: t('流失阶段'),
          key: 'stage',
          width: 104,
          render: (_: unknown, v) => <Tag color={STAGE_COLOR[v.stage]}>{label(LOST_STAGE_LABELS[v.stage])}</Tag>,
        },
        {
          title: t('错过的招揽'),
          key: 'missed',
          width: 88,
          align: 'right',
          render: (_: unknown, v) => (v.missedInvitations > 0 ? t('{n} 次', { n: v.missedInvitations }) : '—'),
        },
        {
          title: t('流失原因'),
          key: 'reason',
          width: 132,
          render: (_: unknown, v) => (
            <Flex gap={4} align="center" className="lost-reason-cell">
              {v.reason ? (
                <Tooltip title={v.reasonWords || undefined}>
                  <Tag className="reason-tag">{label(LOST_REASON_LABELS[v.reason])}</Tag>
                </Tooltip>
              ) : null}
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => onRecord(v)}>
                {v.reason ? t('改') : t('记录原因')}
              </Button>
            </Flex>
          ),
        },
        {
          title: t('召回电话'),
          key: 'winback',
          width: 96,
          render: (_: unknown, v) =>
            v.winbackOn ? (
              <div className="cell-stack">
                <div className="small">{v.winbackOn}</div>
                {v.winbackState && (
                  <Tag color={WINBACK_COLOR[v.winbackState]} className="winback-tag">
                    {t(WINBACK_LABELS[v.winbackState])}
                  </Tag>
                )}
              </div>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}

/** 加入召回电话: the chosen vehicles as win-back calls in today's 回访 queue. */
function WinbackButton({ ids, onDone }: { ids: number[]; onDone(outcome: WinbackOutcome): void }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const result = await api.invoke('lostCustomers.winback', { vehicleIds: ids });
      if (result.ok) onDone(result.value);
      else message.error(result.error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      type="primary"
      icon={<PhoneOutlined />}
      disabled={ids.length === 0}
      loading={busy}
      onClick={() => void run()}
      className="winback-button"
    >
      {ids.length > 0 ? t('加入召回电话（{n}）', { n: ids.length }) : t('加入召回电话')}
    </Button>
  );
}

function WinbackOutcomeAlert({
  outcome,
  rows,
  onClose,
}: {
  outcome: WinbackOutcome;
  rows: LostCustomer[];
  onClose(): void;
}) {
  const { t } = useI18n();
  const plateOf = (id: number) => rows.find((r) => r.vehicleId === id)?.plate ?? `#${id}`;
  return (
    <Alert
      type={outcome.skipped.length > 0 ? 'warning' : 'success'}
      showIcon
      closable={{ onClose }}
      className="winback-outcome card-note"
      title={
        <span>
          {outcome.added > 0 ? t('已加入今天的召回电话 {n} 辆', { n: outcome.added }) : t('没有新加入的召回电话')}
          {outcome.skipped.length > 0 ? t('，跳过 {n} 辆', { n: outcome.skipped.length }) : ''}
          {outcome.added > 0 && (
            <>
              {' · '}
              <Link to={CALLS_PATH}>{t('去回访 → 今日电话')}</Link>
            </>
          )}
        </span>
      }
      description={
        outcome.skipped.length > 0 ? (
          <ul className="winback-skipped">
            {outcome.skipped.map((s) => (
              <li key={s.vehicleId}>
                <strong>{plateOf(s.vehicleId)}</strong>：{s.reason}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

function LostXlsxButton({ asOf, level }: { asOf: string; level: LevelFilter }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const unmask = unmaskedInput(useUnmasked());
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const result = await api.invoke('lostCustomers.xlsx', { asOf, level, ...unmask });
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" icon={<FileExcelOutlined />} loading={busy} onClick={() => void run()}>
      {t('导出 Excel')}
    </Button>
  );
}
