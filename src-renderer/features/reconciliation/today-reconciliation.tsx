import { CheckCircleOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Flex } from 'antd';
import { todayDate } from '../../../src-shared/validation/dates';
import { useQuery } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { reconcilePath } from './reconcile.page';

/** 今日工作台's line for today's reconciliation: done or not, and how many discrepancies. */
export function TodayReconciliation() {
  const { t } = useI18n();
  const date = todayDate();
  const { data } = useQuery('reconciliation.summary', { date });
  const discrepancies = data ? data.missingOnPaper + data.missingInArchive + data.statusMismatch : null;
  return (
    <Flex align="center" gap={8} wrap className="today-reconciliation">
      {data?.completedAt ? <CheckCircleOutlined className="ok-icon" /> : <FileSearchOutlined />}
      <Link to={reconcilePath(date)} className="today-reconciliation-link">
        {data === undefined
          ? t('今日对单')
          : data.completedAt
            ? t('今日对单：已完成，差异 {n} 条', { n: discrepancies ?? 0 })
            : t('今日对单：未完成，差异 {n} 条', { n: discrepancies ?? 0 })}
      </Link>
      {data && !data.completedAt && data.unresolved > 0 && (
        <span className="muted">{t('（{n} 条待处理）', { n: data.unresolved })}</span>
      )}
    </Flex>
  );
}
