import { Alert } from 'antd';
import { useI18n } from '../../i18n/i18n';

/** One complaint: not built yet, says so plainly. */
export function ComplaintPage({ id: _id }: { id: number }) {
  const { t } = useI18n();
  return <Alert type="info" showIcon message={t('这一部分尚未完成')} />;
}
