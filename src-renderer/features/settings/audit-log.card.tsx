import { Card, DatePicker, Flex, Input, InputNumber, Select, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { AuditEntry } from '../../../src-shared/contract/audit.contract';
import type { InputOf } from '../../../src-shared/contract/index';
import { useQuery } from '../../api/client';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { useAppInfo } from '../shell/app-info';

type Filters = Omit<InputOf<'audit.list'>, 'pageSize'>;

/** Details as stored (JSON), shortened in the table; the whole text when the row is opened. */
function details(entry: AuditEntry): string {
  const parts = [entry.before && `before ${entry.before}`, entry.after && `after ${entry.after}`].filter(Boolean);
  return parts.join('  ');
}

/** 操作日志: who did what to which record and when, refused calls included (admin and manager). */
export function AuditLogCard() {
  const { t } = useI18n();
  const { info } = useAppInfo();
  const [filters, setFilters] = useState<Filters>({ page: 1 });
  const [typed, setTyped] = useState('');
  const isAdmin = info.currentUser?.role === 'admin';
  const users = useQuery('users.list', { includeInactive: isAdmin });
  const log = useQuery('audit.list', { ...filters, pageSize: 50 }, { keepPrevious: true });
  const set = (change: Partial<Filters>) => setFilters((f) => ({ ...f, ...change, page: change.page ?? 1 }));
  return (
    <Card size="small" title={t('操作日志')} className="section">
      <Flex gap={8} align="center" wrap className="list-filters">
        <DatePicker.RangePicker
          value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
          allowEmpty={[true, true]}
          onChange={(range) => set({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
          aria-label={t('日期')}
        />
        <Select<number | undefined>
          allowClear
          placeholder={t('全部用户')}
          value={filters.userId}
          onChange={(v) => set({ userId: v })}
          options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          style={{ width: 130 }}
          aria-label={t('用户')}
        />
        <Select<string | undefined>
          allowClear
          showSearch
          placeholder={t('全部操作')}
          value={filters.action}
          onChange={(v) => set({ action: v })}
          options={(log.data?.actions ?? []).map((a) => ({ value: a, label: a }))}
          style={{ width: 220 }}
          aria-label={t('操作')}
        />
        <Input
          allowClear
          placeholder={t('记录类型，如 repair_order')}
          value={filters.entity ?? ''}
          onChange={(e) => set({ entity: e.target.value.trim() || undefined })}
          style={{ width: 190 }}
          aria-label={t('记录类型')}
        />
        <InputNumber<number>
          min={1}
          precision={0}
          placeholder={t('记录编号')}
          value={filters.entityId ?? null}
          onChange={(v) => set({ entityId: v ?? undefined })}
          style={{ width: 110 }}
          aria-label={t('记录编号')}
        />
        <Input.Search
          allowClear
          placeholder={t('搜索内容（姓名、工单号……）')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => set({ text: v.trim() || undefined })}
          style={{ width: 230 }}
          aria-label={t('搜索内容')}
        />
      </Flex>
      <Loaded data={log.data} error={log.error} reload={log.reload}>
        {(page) => (
          <Table<AuditEntry>
            rowKey="id"
            size="small"
            loading={log.loading}
            dataSource={page.rows}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: page.total,
              showSizeChanger: false,
              showTotal: (n) => t('共 {n} 条', { n }),
              onChange: (p) => setFilters((f) => ({ ...f, page: p })),
            }}
            expandable={{
              expandedRowRender: (e) => <pre className="audit-details">{details(e)}</pre>,
              rowExpandable: (e) => e.before !== null || e.after !== null,
            }}
            columns={[
              {
                title: t('时间'),
                key: 'at',
                width: 160,
                render: (_: unknown, e) => <span className="mono">{e.at.slice(0, 19).replace('T', ' ')}</span>,
              },
              { title: t('用户'), key: 'actor', width: 100, render: (_: unknown, e) => e.actor },
              { title: t('操作'), key: 'action', width: 190, render: (_: unknown, e) => e.action },
              {
                title: t('记录'),
                key: 'record',
                width: 170,
                render: (_: unknown, e) => (e.entityId === null ? e.entity : `${e.entity} #${e.entityId}`),
              },
              {
                title: t('详情'),
                key: 'details',
                render: (_: unknown, e) => (
                  <Typography.Text type="secondary" ellipsis className="audit-summary">
                    {details(e).slice(0, 200)}
                  </Typography.Text>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}
