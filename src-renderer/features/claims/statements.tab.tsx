import { Alert } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { Route } from '../../router/hash-router';

/** Not built yet: says so plainly. */
export function StatementsTab({ route: _route }: { route: Route }) {
  const { t } = useI18n();
  return <Alert type="info" showIcon message={t('这一部分尚未完成')} />;
}
