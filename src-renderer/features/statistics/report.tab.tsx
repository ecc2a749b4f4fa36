import { Alert } from 'antd';
import type { ReportKind } from '../../../src-shared/domain/reports';
import { useI18n } from '../../i18n/i18n';
import type { Route } from '../../router/hash-router';

/** 周报 / 月报: the report of a week or a month, its charts, exports and print. */
export function ReportTab({ kind }: { kind: ReportKind; route: Route }) {
  const { t } = useI18n();
  return <Alert type="info" showIcon title={kind === 'weekly' ? t('周报尚未完成') : t('月报尚未完成')} />;
}
