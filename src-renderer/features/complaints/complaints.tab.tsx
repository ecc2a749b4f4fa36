import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Segmented, Select, Space, Table, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { type HTMLAttributes, type MouseEvent, useEffect, useState } from 'react';
import {
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_TYPE_LABELS,
  type ComplaintSummary,
} from '../../../src-shared/domain/complaints';
import { DEPARTMENT_LABELS } from '../../../src-shared/domain/revisits';
import { addDays } from '../../../src-shared/validation/dates';
import { useQuery } from '../../api/client';
import { pageKeyPress, useKeyboardList } from '../../components/list-keys';
import { Kbd, Loaded, shortcut } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { type Phrase, useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route } from '../../router/hash-router';
import { ComplaintStateTag, Deadline, LevelTag, OverdueNote, VerdictText } from './complaint-cells';
import { complaintPath, newComplaintPath } from './paths';

type StateFilter = 'all' | 'open' | 'resolved' | 'closed' | 'active' | 'overdue';

const STATE_FILTERS: { value: StateFilter; label: Phrase }[] = [
  { value: 'all', label: '全部' },
  { value: 'open', label: '处理中' },
  { value: 'resolved', label: '待二次回访' },
  { value: 'closed', label: '已闭环' },
  { value: 'active', label: '未闭环的全部' },
  { value: 'overdue', label: '超期' },
];

/** The list's default period: the last 90 days up to the store's today. */
const DEFAULT_DAYS = 90;

/**
 * 投诉登记: the complaints opened in a period (the last 90 days by default) or every one not closed
 * yet, by state and owner; deadlines in red once missed. ↑/↓ choose, Enter (or a click) opens one,
 * N registers a new one.
 */
export function ComplaintsTab({ route: _route }: { route: Route }) {
  const { t } = useI18n();
  const today = useStoreToday();
  const [period, setPeriod] = useState<[string, string] | null>(null);
  const [from, to] = period ?? [addDays(today, -DEFAULT_DAYS), today];
  const [state, setState] = useState<StateFilter>('all');
  const [ownerUserId, setOwnerUserId] = useState<number | null>(null);
  // 未闭环 and 超期 are every complaint still open, whatever its age: the period does not apply.
  const periodApplies = state !== 'active' && state !== 'overdue';
  const { data, error, reload, loading } = useQuery(
    'complaints.list',
    {
      ...(periodApplies ? { from, to } : {}),
      state,
      ...(ownerUserId !== null ? { ownerUserId } : {}),
    },
    { keepPrevious: true },
  );
  const active = useQuery('complaints.list', { state: 'active' });
  const users = useQuery('users.list', {});

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!pageKeyPress(e)) return;
      if (e.key.toLowerCase() === 'n') {
        e.preventDefault();
        void navigate(newComplaintPath());
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const counts = active.data
    ? {
        open: active.data.filter((c) => c.state === 'open').length,
        resolved: active.data.filter((c) => c.state === 'resolved').length,
        overdue: active.data.filter(isOverdue).length,
      }
    : null;

  return (
    <Card
      size="small"
      className="section complaints-list"
      title={
        <Space size={12} wrap>
          <span>{t('投诉登记')}</span>
          {counts && (
            <span className="complaint-counts small" data-counts="">
              <button type="button" className="link-button" onClick={() => setState('open')}>
                {t('处理中')} <strong data-count="open">{counts.open}</strong>
              </button>
              {' · '}
              <button type="button" className="link-button" onClick={() => setState('resolved')}>
                {t('待回访')} <strong data-count="resolved">{counts.resolved}</strong>
              </button>
              {' · '}
              <button
                type="button"
                className={counts.overdue > 0 ? 'link-button overdue' : 'link-button'}
                onClick={() => setState('overdue')}
              >
                {t('超期')} <strong data-count="overdue">{counts.overdue}</strong>
              </button>
            </span>
          )}
        </Space>
      }
      extra={
        <Space size={8}>
          <Button size="small" icon={<ReloadOutlined />} loading={loading && data !== undefined} onClick={reload}>
            {t('刷新')}
          </Button>
          <Tooltip title={t('快捷键 {key}', { key: shortcut('N') })}>
            <Button
              type="primary"
              size="small"
              icon={<PlusOutlined />}
              onClick={() => void navigate(newComplaintPath())}
              className="new-complaint"
            >
              {t('登记投诉')}
            </Button>
          </Tooltip>
        </Space>
      }
    >
      <Flex gap={8} wrap align="center" className="complaint-filters">
        <DatePicker.RangePicker
          allowClear={false}
          disabled={!periodApplies}
          value={[dayjs(from), dayjs(to)]}
          onChange={(range) => {
            const [a, b] = range ?? [];
            if (a && b) setPeriod([a.format('YYYY-MM-DD'), b.format('YYYY-MM-DD')]);
          }}
          aria-label={t('登记日期')}
          className="complaint-period"
        />
        <Segmented<StateFilter>
          value={state}
          onChange={setState}
          options={STATE_FILTERS.map((f) => ({ value: f.value, label: t(f.label) }))}
          className="complaint-state-filter"
        />
        <Select<number | null>
          allowClear
          value={ownerUserId}
          onChange={(v) => setOwnerUserId(v ?? null)}
          placeholder={t('负责人')}
          style={{ width: 140 }}
          options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          className="complaint-owner-filter"
          aria-label={t('负责人')}
        />
        {!periodApplies && <span className="muted small">{t('未闭环的投诉不论登记日期都列出')}</span>}
      </Flex>
      <Loaded data={data} error={error} reload={reload}>
        {(rows) => <ComplaintTable rows={rows} loading={loading} filtered={state !== 'all' || ownerUserId !== null} />}
      </Loaded>
    </Card>
  );
}

function isOverdue(c: ComplaintSummary): boolean {
  return (
    (c.overdue.response && c.respondedAt === null) ||
    (c.overdue.resolution && c.resolvedAt === null) ||
    (c.overdue.callback && c.state === 'resolved')
  );
}

function ComplaintTable({
  rows,
  loading,
  filtered,
}: {
  rows: ComplaintSummary[];
  loading: boolean;
  filtered: boolean;
}) {
  const { t, label } = useI18n();
  const { selected, select, tableRef } = useKeyboardList(
    rows,
    (r) => String(r.id),
    (r) => void navigate(complaintPath(r.id)),
    'id',
  );

  return (
    <div ref={tableRef}>
      <Table<ComplaintSummary>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={rows.length > 100 ? { pageSize: 100, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: filtered ? t('没有符合条件的投诉') : t('这段时间没有登记投诉') }}
        className="complaints-table"
        rowClassName={(r) =>
          [r.id === selected?.id ? 'complaint-row-selected' : '', `complaint-row-${r.state}`, 'clickable-row'].join(' ')
        }
        onRow={(r) =>
          ({
            'data-id': r.id,
            'data-no': r.no,
            'data-state': r.state,
            onClick: (e: MouseEvent<HTMLElement>) => {
              if ((e.target as HTMLElement).closest('a, button')) return;
              select(String(r.id));
              void navigate(complaintPath(r.id));
            },
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('编号'),
            key: 'no',
            width: 112,
            render: (_: unknown, r) => (
              <Link to={complaintPath(r.id)} className="mono complaint-no">
                {r.no}
              </Link>
            ),
          },
          {
            title: t('登记时间'),
            key: 'openedAt',
            width: 88,
            render: (_: unknown, r) => (
              <div className="cell-stack small">
                <div>{r.openedAt.slice(0, 10)}</div>
                <div className="muted">{r.openedAt.slice(11, 16)}</div>
              </div>
            ),
          },
          {
            title: t('渠道'),
            key: 'channel',
            width: 80,
            render: (_: unknown, r) => label(COMPLAINT_CHANNEL_LABELS[r.channel]),
          },
          {
            title: t('客户 / 车牌'),
            key: 'customer',
            width: 100,
            render: (_: unknown, r) => (
              <div className="cell-stack">
                <div>{r.customerName ?? '—'}</div>
                <div className="plate small muted">{r.plate ?? ''}</div>
              </div>
            ),
          },
          { title: t('类型'), key: 'type', width: 80, render: (_: unknown, r) => label(COMPLAINT_TYPE_LABELS[r.type]) },
          { title: t('级别'), key: 'level', width: 88, render: (_: unknown, r) => <LevelTag level={r.level} /> },
          {
            title: t('责任部门'),
            key: 'department',
            width: 84,
            render: (_: unknown, r) => (
              <span>
                {label(DEPARTMENT_LABELS[r.department])}
                {r.secondaryDepartments.length > 0 && (
                  <span className="muted small">
                    {' '}
                    +{r.secondaryDepartments.map((d) => label(DEPARTMENT_LABELS[d])).join('、')}
                  </span>
                )}
              </span>
            ),
          },
          { title: t('负责人'), key: 'owner', width: 66, render: (_: unknown, r) => r.ownerName ?? '—' },
          {
            title: t('回复期限'),
            key: 'respondBy',
            width: 104,
            render: (_: unknown, r) => (
              <Deadline
                value={r.respondBy}
                overdue={r.overdue.response}
                done={r.respondedAt !== null}
                kind="response"
              />
            ),
          },
          {
            title: t('解决期限'),
            key: 'resolveBy',
            width: 100,
            render: (_: unknown, r) => (
              <Deadline
                value={r.resolveBy}
                overdue={r.overdue.resolution}
                done={r.resolvedAt !== null}
                kind="resolution"
              />
            ),
          },
          {
            title: t('状态'),
            key: 'state',
            width: 96,
            render: (_: unknown, r) => (
              <Space size={2} wrap>
                <ComplaintStateTag state={r.state} reopened={r.reopened} />
                <OverdueNote complaint={r} />
              </Space>
            ),
          },
          {
            title: t('回访结果'),
            key: 'verdict',
            width: 80,
            render: (_: unknown, r) => <VerdictText verdict={r.verdict} />,
          },
        ]}
      />
      <Typography.Text type="secondary" className="small keys-hint">
        <Kbd>↑</Kbd>
        <Kbd>↓</Kbd> {t('选择')} · <Kbd>Enter</Kbd> {t('打开投诉')} · <Kbd>N</Kbd> {t('登记投诉')}
      </Typography.Text>
    </div>
  );
}
