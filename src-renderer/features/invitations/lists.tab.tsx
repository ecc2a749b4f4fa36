import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Typography } from 'antd';
import type { InvitationListSummary } from '../../../src-shared/domain/invitations';
import { useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route, withQuery } from '../../router/hash-router';
import { rowOpener } from '../archive/table-support';
import { Funnel } from './funnel';
import { LISTS_PATH, listPath, newListPath, presetPeriod } from './paths';

const PAGE_SIZE = 20;

/** Saved 定保招揽一览表, newest first, each with its funnel. */
export function ListsTab({ route }: { route: Route }) {
  const { t } = useI18n();
  const page = Math.max(1, Number(route.query.get('page')) || 1);
  const { data, error, reload, loading } = useQuery(
    'invitations.lists',
    { page, pageSize: PAGE_SIZE },
    { keepPrevious: true },
  );
  const today = useStoreToday();
  const nextMonth = presetPeriod('nextMonth', today);
  const nextWeek = presetPeriod('nextWeek', today);
  return (
    <>
      <Flex align="center" gap={8} wrap className="invitations-bar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(newListPath())}>
          {t('新建一览表')}
        </Button>
        <Button onClick={() => void navigate(newListPath(nextWeek.from, nextWeek.to))}>{t('下周到期')}</Button>
        <Button onClick={() => void navigate(newListPath(nextMonth.from, nextMonth.to))}>{t('下月到期')}</Button>
        <span className="grow" />
        <Typography.Text type="secondary">
          {t('按以往修理单和里程读数算出到期的车辆，保存后寄信、打电话、记录结果。')}
        </Typography.Text>
      </Flex>
      <Card size="small" title={t('已保存的一览表')} className="section">
        <Loaded data={data} error={error} reload={reload}>
          {(lists) => (
            <Table<InvitationListSummary>
              rowKey="id"
              size="small"
              className="lists-table"
              loading={loading}
              dataSource={lists.rows}
              onRow={rowOpener((l) => listPath(l.id))}
              locale={{ emptyText: t('还没有保存的一览表。点“新建一览表”，选择时间段，预览后保存。') }}
              pagination={
                lists.total > PAGE_SIZE
                  ? {
                      current: lists.page,
                      pageSize: PAGE_SIZE,
                      total: lists.total,
                      size: 'small',
                      showSizeChanger: false,
                      onChange: (p) => void navigate(withQuery(LISTS_PATH, { page: p > 1 ? p : null })),
                    }
                  : false
              }
              columns={[
                {
                  title: t('一览表'),
                  key: 'title',
                  render: (_: unknown, l) => (
                    <Link to={listPath(l.id)} className="list-title">
                      {l.title || t('{from} 至 {to}', { from: l.from, to: l.to })}
                    </Link>
                  ),
                },
                {
                  title: t('到期时间段'),
                  key: 'period',
                  width: 200,
                  render: (_: unknown, l) => t('{from} 至 {to}', { from: l.from, to: l.to }),
                },
                { title: t('车辆'), key: 'rows', width: 70, align: 'right', render: (_: unknown, l) => l.funnel.rows },
                {
                  title: t('寄信 → 电话 → 预约 → 回厂'),
                  key: 'funnel',
                  width: 330,
                  render: (_: unknown, l) => <Funnel funnel={l.funnel} compact />,
                },
                {
                  title: t('建立'),
                  key: 'created',
                  width: 200,
                  render: (_: unknown, l) => (
                    <span className="muted">
                      {l.createdBy} {instantText(l.createdAt)}
                    </span>
                  ),
                },
              ]}
            />
          )}
        </Loaded>
      </Card>
    </>
  );
}
