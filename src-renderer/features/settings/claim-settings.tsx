import { Alert, Card } from 'antd';
import { useI18n } from '../../i18n/i18n';

/** 索赔设置 (claim types, deadline rules per brand and type, old-part return days). Not built yet. */
export function ClaimSettingsCard() {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('索赔设置')} className="section claim-settings">
      <Alert type="info" showIcon message={t('这一部分尚未完成')} />
    </Card>
  );
}
