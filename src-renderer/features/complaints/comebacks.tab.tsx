import { CheckOutlined, CloseOutlined, PrinterOutlined, ToolOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { type HTMLAttributes, useMemo, useState } from 'react';
import {
  COMEBACK_SOURCE_LABELS,
  COMEBACK_STATE_LABELS,
  COMEBACK_STATES,
  type Comeback,
  type ComebackRate,
  type ComebackState,
} from '../../../src-shared/domain/complaints';
import { RO_TYPES, type RoType } from '../../../src-shared/domain/enums';
import { addDays, isRealDate } from '../../../src-shared/validation/dates';
import { useQuery } from '../../api/client';
import { CustomerPhoneCell } from '../../components/customer-cells';
import { RoTypeTag } from '../../components/enum-labels';
import { dateText, instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { type Phrase, useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route, withQuery } from '../../router/hash-router';
import { HtmlPreviewModal, type PreviewSheet } from '../daily-report/print-preview';
import { UnmaskCheckbox, unmaskedInput, useUnmasked } from '../settings/unmask-choice';
import { useCan } from '../shell/permissions';
import { CloseComebackModal, ConfirmComebackModal, DismissComebackModal } from './comeback-modals';
import { addMonths, monthOf, percentText } from './lost-months';
import { complaintTabPath } from './paths';
import './lost-comebacks.css';

type StateFilter = ComebackState | 'all';

const STATE_COLOR: Record<ComebackState, string> = {
  proposed: 'orange',
  confirmed: 'blue',
  closed: 'green',
  dismissed: 'default',
};

/** The proposals first (they wait for the clerk), then the manager's, then the finished ones. */
const STATE_ORDER: Record<ComebackState, number> = { proposed: 0, confirmed: 1, closed: 2, dismissed: 3 };

/** The 跟踪及返修记录表 is landscape A4 (as the call sheet). */
const LANDSCAPE: PreviewSheet = { widthMm: 297, heightMm: 210, padding: '12mm 12mm 15mm' };

/** How many months the 返修率 card shows, this month included. */
const RATE_MONTHS = 6;

function dateParam(text: string | null): string | undefined {
  return text && isRealDate(text) ? text : undefined;
}

/**
 * 返修: the comebacks of a period (90 days by default) — ClerkDesk's proposals first, for the clerk
 * to confirm (with the customer's words) or dismiss (with a reason); the confirmed ones wait for the
 * service manager's 原因/措施/结果. Below, 返修率 per month; the 跟踪及返修记录表 prints the period.
 */
export function ComebacksTab({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const today = useStoreToday();
  const from = dateParam(route.query.get('from')) ?? addDays(today, -89);
  const to = dateParam(route.query.get('to')) ?? today;
  const asked = route.query.get('state');
  const state: StateFilter = asked === 'all' ? 'all' : (COMEBACK_STATES.find((s) => s === asked) ?? 'all');
  const { data, error, reload, loading } = useQuery(
    'comebacks.list',
    { from, to, state: 'all' },
    { keepPrevious: true },
  );
  const [printing, setPrinting] = useState(false);

  const go = (changes: Record<string, string | undefined>) =>
    void navigate(withQuery(complaintTabPath('comebacks'), { from, to, state, ...changes }), { replace: true });

  const counts = useMemo(() => {
    const by: Record<StateFilter, number> = { proposed: 0, confirmed: 0, closed: 0, dismissed: 0, all: 0 };
    for (const c of data ?? []) {
      by[c.state] += 1;
      by.all += 1;
    }
    return by;
  }, [data]);

  const rows = useMemo(
    () =>
      (data ?? [])
        .filter((c) => state === 'all' || c.state === state)
        .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || b.date.localeCompare(a.date)),
    [data, state],
  );

  return (
    <>
      <Card
        size="small"
        className="section comebacks-card"
        title={t('跟踪及返修记录')}
        extra={
          <Space size={8} wrap>
            <Button size="small" icon={<PrinterOutlined />} onClick={() => setPrinting(true)}>
              {t('打印跟踪及返修记录表')}
            </Button>
            <UnmaskCheckbox />
          </Space>
        }
      >
        <Flex gap={8} align="center" wrap className="list-filters comeback-filters">
          <span className="muted">{t('日期')}</span>
          <DatePicker.RangePicker
            size="small"
            value={[dayjs(from), dayjs(to)]}
            allowClear={false}
            onChange={(range) => {
              const [start, end] = range ?? [];
              if (start && end) go({ from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') });
            }}
            aria-label={t('日期')}
            className="comeback-range"
          />
          <Flex gap={6} wrap align="center" className="state-chips">
            {(['proposed', 'confirmed', 'closed', 'dismissed', 'all'] as const).map((s) => (
              <Tag.CheckableTag
                key={s}
                checked={state === s}
                onChange={() => go({ state: s })}
                className="count-chip"
                data-state={s}
              >
                {s === 'all' ? t('全部') : label(COMEBACK_STATE_LABELS[s])}{' '}
                <strong className="count-value">{counts[s]}</strong>
              </Tag.CheckableTag>
            ))}
          </Flex>
        </Flex>
        <Loaded data={data} error={error} reload={reload}>
          {() => <ComebackTable rows={rows} loading={loading} state={state} />}
        </Loaded>
      </Card>
      <ComebackRateCard today={today} />
      {printing && <ComebackSheetPreview from={from} to={to} onClose={() => setPrinting(false)} />}
    </>
  );
}

type Acting = { comeback: Comeback; step: 'confirm' | 'dismiss' | 'close' } | null;

function ComebackTable({ rows, loading, state }: { rows: Comeback[]; loading: boolean; state: StateFilter }) {
  const { t, label } = useI18n();
  const can = useCan();
  const [acting, setActing] = useState<Acting>(null);
  const mayConfirm = can('comebacks.confirm');
  const mayClose = can('comebacks.close');
  return (
    <>
      <Table<Comeback>
        rowKey="key"
        size="small"
        dataSource={rows}
        loading={loading}
        pagination={rows.length > 50 ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
        className="comebacks-table"
        locale={{ emptyText: state === 'all' ? t('这段时间没有返修') : t('没有符合条件的返修') }}
        rowClassName={(c) => `comeback-row-${c.state}`}
        onRow={(c) =>
          ({
            'data-key': c.key,
            'data-state': c.state,
            'data-ro': c.roId ?? '',
            'data-plate': c.plate ?? '',
          }) as HTMLAttributes<HTMLElement>
        }
        scroll={{ x: 1080 }}
        columns={[
          {
            title: t('日期 / 状态 / 来源'),
            key: 'date',
            width: 124,
            render: (_: unknown, c) => (
              <div className="cell-stack">
                <div>{c.date}</div>
                <Tag color={STATE_COLOR[c.state]} className="state-tag">
                  {label(COMEBACK_STATE_LABELS[c.state])}
                </Tag>
                <div className="muted small source">{label(COMEBACK_SOURCE_LABELS[c.source])}</div>
              </div>
            ),
          },
          {
            title: t('客户 / 电话'),
            key: 'customer',
            width: 112,
            render: (_: unknown, c) => (
              <CustomerPhoneCell id={c.customerId} name={c.customerName} phone={c.phone} small />
            ),
          },
          {
            title: t('车牌 / 车型'),
            key: 'vehicle',
            width: 100,
            render: (_: unknown, c) => (
              <div className="cell-stack">
                <div className="plate">
                  <Link to={`/archive/vehicles/${c.vehicleId}`}>{c.plate ?? `#${c.vehicleId}`}</Link>
                </div>
                <div className="muted small">{c.model}</div>
              </div>
            ),
          },
          {
            title: t('上次修理单'),
            key: 'earlier',
            width: 190,
            render: (_: unknown, c) => (
              <div className="cell-stack earlier-ro">
                <div>
                  {c.earlierRoId ? (
                    <Link to={`/archive/repair-orders/${c.earlierRoId}`} className="mono">
                      {c.earlierRoNumber}
                    </Link>
                  ) : (
                    (c.earlierRoNumber ?? '—')
                  )}{' '}
                  <span className="muted small">{dateText(c.earlierOpenedOn)}</span>
                </div>
                {c.earlierAdvisor && <div className="small">{t('服务顾问 {name}', { name: c.earlierAdvisor })}</div>}
                {c.earlierWork && (
                  <Typography.Paragraph className="muted small work" ellipsis={{ rows: 2, tooltip: c.earlierWork }}>
                    {c.earlierWork}
                  </Typography.Paragraph>
                )}
              </div>
            ),
          },
          {
            title: t('本次修理单'),
            key: 'ro',
            width: 150,
            render: (_: unknown, c) => (
              <div className="cell-stack">
                <div>
                  <span className="arrow muted">→ </span>
                  {c.roId ? (
                    <Link to={`/archive/repair-orders/${c.roId}`} className="mono">
                      {c.roNumber}
                    </Link>
                  ) : (
                    (c.roNumber ?? t('车辆未回厂'))
                  )}
                </div>
                <div className="muted small">
                  {dateText(c.roOpenedOn)} {roTypeTag(c.roType)}
                </div>
              </div>
            ),
          },
          {
            title: t('间隔'),
            key: 'days',
            width: 56,
            align: 'right',
            render: (_: unknown, c) => (c.daysBetween === null ? '—' : t('{n} 天', { n: c.daysBetween })),
          },
          {
            title: t('客户反映 / 处理'),
            key: 'words',
            render: (_: unknown, c) => <ComebackProgress comeback={c} />,
          },
          {
            title: '',
            key: 'actions',
            width: 126,
            fixed: 'right',
            render: (_: unknown, c) => {
              if (c.state === 'proposed')
                return mayConfirm ? (
                  <Space size={4} orientation="vertical" className="comeback-actions">
                    <Button
                      size="small"
                      type="primary"
                      icon={<CheckOutlined />}
                      onClick={() => setActing({ comeback: c, step: 'confirm' })}
                    >
                      {t('确认返修')}
                    </Button>
                    <Button
                      size="small"
                      icon={<CloseOutlined />}
                      onClick={() => setActing({ comeback: c, step: 'dismiss' })}
                    >
                      {t('不算返修')}
                    </Button>
                  </Space>
                ) : (
                  <span className="muted small">{t('等待信息员确认')}</span>
                );
              if (c.state === 'confirmed')
                return mayClose ? (
                  <Button
                    size="small"
                    type="primary"
                    icon={<ToolOutlined />}
                    onClick={() => setActing({ comeback: c, step: 'close' })}
                  >
                    {t('服务经理处理')}
                  </Button>
                ) : (
                  <span className="muted small waiting-manager">{t('等待服务经理处理')}</span>
                );
              return null;
            },
          },
        ]}
      />
      {acting?.step === 'confirm' && (
        <ConfirmComebackModal comeback={acting.comeback} onClose={() => setActing(null)} />
      )}
      {acting?.step === 'dismiss' && (
        <DismissComebackModal comeback={acting.comeback} onClose={() => setActing(null)} />
      )}
      {acting?.step === 'close' && <CloseComebackModal comeback={acting.comeback} onClose={() => setActing(null)} />}
    </>
  );
}

function roTypeTag(type: string | null) {
  const known = RO_TYPES.find((x) => x === type) as RoType | undefined;
  return known ? <RoTypeTag type={known} /> : (type ?? '');
}

/** The customer's words, then who has it: handed to the manager, the manager's answer, or why not a comeback. */
function ComebackProgress({ comeback: c }: { comeback: Comeback }) {
  const { t } = useI18n();
  const line = (title: Phrase, text: string) => (
    <div className="small progress-line">
      <span className="muted">{t(title)}：</span>
      {text}
    </div>
  );
  return (
    <div className="cell-stack comeback-progress">
      {c.words ? <div className="words">“{c.words}”</div> : null}
      {c.state === 'dismissed' && line('不算返修的原因', c.dismissedReason)}
      {c.handedAt && (
        <div className="muted small">
          {t('{at} {by} 交服务经理', { at: instantText(c.handedAt), by: c.handedBy ?? '' })}
        </div>
      )}
      {c.state === 'closed' && (
        <>
          {line('返修原因', c.cause)}
          {line('处理措施', c.action)}
          {line('处理结果', c.result)}
          <div className="muted small">
            {t('{at} {by} 处理完毕', { at: instantText(c.closedAt), by: c.closedBy ?? '' })}
          </div>
        </>
      )}
    </div>
  );
}

/** 返修率 per month, this month and the five before, with the formula written out. */
function ComebackRateCard({ today }: { today: string }) {
  const { t } = useI18n();
  const to = monthOf(today);
  const from = addMonths(to, -(RATE_MONTHS - 1));
  const { data, error, reload } = useQuery('comebacks.rate', { from, to });
  const highest = Math.max(0.05, ...(data ?? []).map((m) => m.rate ?? 0));
  return (
    <Card size="small" className="section comeback-rate-card" title={t('返修率（近 6 个月）')}>
      <div className="formula comeback-formula">
        <strong>{t('返修率 = 返修车辆数 / 维修车辆数')}</strong>
        <div className="muted small">
          {t(
            '返修车辆数：当月确认为返修（已交服务经理或已处理）的车辆，同一辆车只计一次；维修车辆数：当月有维修类修理单（一般维修、钣喷、保修、保险、返修；不含首保、定保）的车辆。',
          )}
        </div>
      </div>
      <Loaded data={data} error={error} reload={reload}>
        {(months) => (
          <Table<ComebackRate>
            rowKey="month"
            size="small"
            pagination={false}
            dataSource={months}
            className="comeback-rate-table"
            onRow={(m) => ({ 'data-month': m.month }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('月份'), dataIndex: 'month', key: 'month', width: 90 },
              { title: t('返修车辆数'), dataIndex: 'comebacks', key: 'comebacks', width: 100, align: 'right' },
              { title: t('维修车辆数'), dataIndex: 'repaired', key: 'repaired', width: 100, align: 'right' },
              {
                title: t('返修率'),
                key: 'rate',
                render: (_: unknown, m) => (
                  <Tooltip title={`${m.comebacks} / ${m.repaired}`}>
                    <div className="rate-bar-cell">
                      <span className="rate-value">{percentText(m.rate)}</span>
                      <span className="rate-bar">
                        <span
                          className="rate-bar-fill comeback"
                          style={{ width: `${Math.min(100, ((m.rate ?? 0) / highest) * 100)}%` }}
                        />
                      </span>
                    </div>
                  </Tooltip>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}

/** 打印跟踪及返修记录表: the period shown, landscape A4. */
function ComebackSheetPreview({ from, to, onClose }: { from: string; to: string; onClose(): void }) {
  const unmask = unmaskedInput(useUnmasked());
  const query = useQuery('comebacks.sheetHtml', { from, to, ...unmask });
  return (
    <HtmlPreviewModal
      query={query}
      onClose={onClose}
      sheet={LANDSCAPE}
      sendRequest={{ doc: 'comebackSheet', from, to, ...unmask }}
    />
  );
}
