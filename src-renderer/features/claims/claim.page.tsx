import { Alert } from 'antd';
import { useI18n } from '../../i18n/i18n';

/** One warranty RO's claim. Not built yet: says so plainly. */
export function ClaimPage({ roId: _roId }: { roId: number }) {
  const { t } = useI18n();
  return (
    <div className="page claim-page">
      <Alert type="info" showIcon message={t('这一部分尚未完成')} />
    </div>
  );
}
