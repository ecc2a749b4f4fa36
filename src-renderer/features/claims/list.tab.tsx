import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, type InputRef, Segmented, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, type MouseEvent, useEffect, useRef, useState } from 'react';
import { CLAIM_STATUSES, type ClaimRow, type ClaimStatus } from '../../../src-shared/domain/claims';
import { addDays, isRealDate } from '../../../src-shared/validation/dates';
import { useQuery } from '../../api/client';
import { money } from '../../components/format';
import { pageKeyPress, useKeyboardList } from '../../components/list-keys';
import { Kbd, Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { type Phrase, useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route, withQuery } from '../../router/hash-router';
import { ClaimDeadline, ClaimStatusTag } from './claim-cells';
import { claimPath, claimsTabPath } from './paths';

type StatusFilter = ClaimStatus | 'open' | 'all';

const STATUS_FILTERS: { value: StatusFilter; label: Phrase }[] = [
  { value: 'open', label: '待处理' },
  { value: 'draft', label: '待填报' },
  { value: 'reported', label: '已上报' },
  { value: 'reviewing', label: '审核中' },
  { value: 'rejected', label: '已驳回' },
  { value: 'approved', label: '已通过' },
  { value: 'settled', label: '已结算' },
  { value: 'all', label: '全部' },
];

function statusOf(raw: string | null): StatusFilter {
  return raw === 'open' || raw === 'all' || (CLAIM_STATUSES as readonly string[]).includes(raw ?? '')
    ? (raw as StatusFilter)
    : 'open';
}

/**
 * The list path with a status chosen and, with dueBefore, only the claims not reported whose deadline
 * is on or before the day (the Today rows link this way: ?status=draft&dueBefore=…).
 */
export function claimsListPath(
  status: StatusFilter,
  options: { text?: string; dueBefore?: string | null } = {},
): string {
  return withQuery(claimsTabPath('list'), {
    status: status === 'open' ? undefined : status,
    dueBefore: options.dueBefore ?? undefined,
    text: options.text || undefined,
  });
}

/** The open claims (every one not settled) the counts are taken from. */
const OPEN_LIMIT = 5000;

/**
 * 索赔单: every warranty RO's claim, by status (?status=, 待处理 by default: not settled yet), found
 * by RO number, claim number, plate or VIN; the deadline with the days left or overdue. / puts the
 * cursor in the search box, ↑/↓ choose, Enter (or a click) opens the claim.
 */
export function ClaimsListTab({ route }: { route: Route }) {
  const { t } = useI18n();
  const status = statusOf(route.query.get('status'));
  const today = useStoreToday();
  const askedDue = route.query.get('dueBefore');
  const dueBefore = askedDue && isRealDate(askedDue) ? askedDue : null;
  const yesterday = addDays(today, -1);
  const [text, setText] = useState(route.query.get('text') ?? '');
  const search = useRef<InputRef>(null);
  const query = text.trim();
  const { data, error, reload, loading } = useQuery(
    'claims.list',
    { status, text: query, limit: 500, ...(dueBefore ? { dueBefore } : {}) },
    { keepPrevious: true },
  );
  const open = useQuery('claims.list', { status: 'open', limit: OPEN_LIMIT });

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!pageKeyPress(e) || e.key !== '/') return;
      e.preventDefault();
      search.current?.focus({ cursor: 'all' });
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const counts = new Map<StatusFilter, number>();
  let overdue = 0;
  for (const r of open.data?.rows ?? []) {
    counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    if (r.dueState === 'overdue') overdue += 1;
  }
  if (open.data) counts.set('open', open.data.total);

  const go = (next: StatusFilter, due: string | null) =>
    void navigate(claimsListPath(next, { text: text.trim(), dueBefore: due }), { replace: true });
  const choose = (next: StatusFilter) => go(next, dueBefore);
  const rows = data?.rows ?? [];

  return (
    <Card
      size="small"
      className="section claims-list"
      title={
        <Space size={12} wrap>
          <span>{t('索赔单')}</span>
          {open.data && (
            <span className="claim-counts small" data-counts="">
              {t('待处理')} <strong data-count="open">{open.data.total}</strong>
              {' · '}
              <button
                type="button"
                className={overdue > 0 ? 'link-button overdue' : 'link-button'}
                onClick={() => go('open', yesterday)}
              >
                {t('已超期')} <strong data-count="overdue">{overdue}</strong>
              </button>
            </span>
          )}
        </Space>
      }
      extra={
        <Button size="small" icon={<ReloadOutlined />} loading={loading && data !== undefined} onClick={reload}>
          {t('刷新')}
        </Button>
      }
    >
      <Flex gap={8} wrap align="center" className="claim-filters">
        <Segmented<StatusFilter>
          value={status}
          onChange={choose}
          options={STATUS_FILTERS.map((f) => {
            const n = counts.get(f.value);
            return {
              value: f.value,
              label: (
                <span data-filter={f.value}>
                  {t(f.label)}
                  {n !== undefined && f.value !== 'open' && <span className="claim-filter-count"> {n}</span>}
                </span>
              ),
            };
          })}
          className="claim-status-filter"
        />
        <Input
          ref={search}
          allowClear
          prefix={<SearchOutlined />}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => {
            const first = rows[0];
            if (first) void navigate(claimPath(first.roId));
          }}
          placeholder={t('修理单号、索赔单号、车牌或车架号')}
          aria-label={t('查找索赔单')}
          className="claim-search"
          maxLength={40}
        />
        {dueBefore && (
          <Tag
            closable
            color={dueBefore < today ? 'red' : 'orange'}
            onClose={() => go(status, null)}
            className="claim-due-filter"
          >
            {dueBefore === yesterday ? t('只看已超期') : t('未上报，期限在 {date} 或之前', { date: dueBefore })}
          </Tag>
        )}
        {data && (
          <span className="muted small claim-total">
            {data.total > rows.length
              ? t('共 {n} 张，显示前 {m} 张', { n: data.total, m: rows.length })
              : t('共 {n} 张', { n: data.total })}
          </span>
        )}
      </Flex>
      <Loaded data={data} error={error} reload={reload}>
        {(d) => (
          <ClaimTable
            rows={d.rows}
            loading={loading}
            filtered={status !== 'all' || query !== '' || dueBefore !== null}
          />
        )}
      </Loaded>
    </Card>
  );
}

function ClaimTable({ rows, loading, filtered }: { rows: ClaimRow[]; loading: boolean; filtered: boolean }) {
  const { t, label } = useI18n();
  const { selected, select, tableRef } = useKeyboardList(
    rows,
    (r) => String(r.roId),
    (r) => void navigate(claimPath(r.roId)),
    'ro',
  );
  return (
    <div ref={tableRef}>
      <Table<ClaimRow>
        rowKey="roId"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={rows.length > 100 ? { pageSize: 100, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: filtered ? t('没有符合条件的索赔单') : t('还没有索赔/三包修理单') }}
        className="claims-table"
        scroll={{ x: 1054 }}
        rowClassName={(r) =>
          [r.roId === selected?.roId ? 'claim-row-selected' : '', `claim-row-${r.status}`, 'clickable-row'].join(' ')
        }
        onRow={(r) =>
          ({
            'data-ro': r.roId,
            'data-ro-number': r.roNumber,
            'data-status': r.status,
            onClick: (e: MouseEvent<HTMLElement>) => {
              if ((e.target as HTMLElement).closest('a, button')) return;
              select(String(r.roId));
              void navigate(claimPath(r.roId));
            },
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('修理单号'),
            key: 'ro',
            width: 122,
            fixed: 'left',
            render: (_: unknown, r) => (
              <Link to={claimPath(r.roId)} className="mono claim-ro-no">
                {r.roNumber}
              </Link>
            ),
          },
          {
            title: t('车牌 / 车型'),
            key: 'vehicle',
            width: 100,
            render: (_: unknown, r) => (
              <div className="cell-stack">
                <div className="plate">{r.plate ?? <span className="muted mono small">{r.vin ?? '—'}</span>}</div>
                <div className="muted small">{r.model || '—'}</div>
              </div>
            ),
          },
          { title: t('客户'), key: 'customer', width: 76, render: (_: unknown, r) => r.customerName ?? '—' },
          { title: t('服务顾问'), key: 'advisor', width: 72, render: (_: unknown, r) => r.advisorName || '—' },
          {
            title: t('结算日'),
            key: 'settled',
            width: 88,
            render: (_: unknown, r) => r.settledOn ?? <span className="muted">{t('未结算')}</span>,
          },
          { title: t('类型'), key: 'type', width: 76, render: (_: unknown, r) => label(r.claimTypeLabel) },
          {
            title: t('状态'),
            key: 'status',
            width: 68,
            render: (_: unknown, r) => <ClaimStatusTag status={r.status} />,
          },
          {
            title: t('索赔单号'),
            key: 'claimNo',
            width: 104,
            render: (_: unknown, r) => <span className="mono claim-no">{r.claimNo ?? ''}</span>,
          },
          {
            title: t('上报期限'),
            key: 'deadline',
            width: 96,
            render: (_: unknown, r) => <ClaimDeadline deadline={r.deadline} dueState={r.dueState} />,
          },
          { title: t('上报日'), key: 'reported', width: 88, render: (_: unknown, r) => r.reportedOn ?? '' },
          {
            title: t('金额（元）'),
            key: 'amount',
            width: 92,
            align: 'right',
            render: (_: unknown, r) =>
              r.approvedFen !== null ? (
                <span className="claim-amount-approved">{money(r.approvedFen)}</span>
              ) : (
                <span className="muted" title={t('申报金额（保修部分）')}>
                  {money(r.warrantyFen)}
                </span>
              ),
          },
          {
            title: t('旧件在库'),
            key: 'oldParts',
            width: 72,
            align: 'right',
            render: (_: unknown, r) => (r.oldPartsKept > 0 ? r.oldPartsKept : <span className="muted">0</span>),
          },
        ]}
      />
      <Typography.Text type="secondary" className="small keys-hint">
        <Kbd>/</Kbd> {t('查找')} · <Kbd>↑</Kbd>
        <Kbd>↓</Kbd> {t('选择')} · <Kbd>Enter</Kbd> {t('打开索赔单')}
      </Typography.Text>
    </div>
  );
}
