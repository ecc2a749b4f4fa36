import { Result } from 'antd';
import { useI18n } from '../../i18n/i18n';

/** 预约登记: not built yet (track C replaces this file). */
export function AppointmentsTab() {
  const { t } = useI18n();
  return <Result status="info" title={t('尚未开放')} />;
}
