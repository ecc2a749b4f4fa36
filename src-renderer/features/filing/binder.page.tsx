import { Alert } from 'antd';
import { useI18n } from '../../i18n/i18n';

/** Not built yet: says so plainly. */
export function BinderPage({ id: _id }: { id: number }) {
  const { t } = useI18n();
  return (
    <div className="page filing-page">
      <Alert type="info" showIcon message={t('这一部分尚未完成')} />
    </div>
  );
}
