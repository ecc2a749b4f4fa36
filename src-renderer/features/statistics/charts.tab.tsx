import { Alert } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { Route } from '../../router/hash-router';

/** 图表: ROs per day, satisfaction per department, the invitation funnel, churn, complaints. */
export function ChartsTab(_props: { route: Route }) {
  const { t } = useI18n();
  return <Alert type="info" showIcon title={t('统计图表尚未完成')} />;
}
