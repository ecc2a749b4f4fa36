import { Alert, Drawer, Empty, List, Typography } from 'antd';
import type { StatisticsDrill } from '../../../src-shared/domain/reports';
import { useQuery } from '../../api/client';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';

/** The records behind one bar, point or stage (statistics.records), each a link to its page. */
export function RecordsDrawer({
  period,
  drill,
  onClose,
}: {
  period: { from: string; to: string };
  drill: StatisticsDrill | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { data, error, reload } = useQuery(
    'statistics.records',
    drill === null ? null : { from: period.from, to: period.to, drill },
  );
  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      size={520}
      title={data?.title ?? t('记录')}
      className="statistics-records"
      destroyOnHidden
    >
      <Loaded data={data} error={error} reload={reload}>
        {(found) =>
          found.records.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有记录')} />
          ) : (
            <>
              {found.total > found.records.length && (
                <Alert
                  type="info"
                  showIcon
                  className="section"
                  title={t('共 {total} 条，只列出最近的 {shown} 条', {
                    total: found.total,
                    shown: found.records.length,
                  })}
                />
              )}
              <List
                size="small"
                dataSource={found.records}
                renderItem={(r) => (
                  <List.Item
                    className="statistics-record"
                    extra={<span className="muted small statistics-record-date">{r.date ?? ''}</span>}
                  >
                    <List.Item.Meta
                      title={
                        <Link to={r.link} className="mono" onClick={onClose}>
                          {r.title}
                        </Link>
                      }
                      description={<Typography.Text type="secondary">{r.detail}</Typography.Text>}
                    />
                  </List.Item>
                )}
              />
            </>
          )
        }
      </Loaded>
    </Drawer>
  );
}
