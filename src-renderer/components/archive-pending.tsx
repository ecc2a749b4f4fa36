import { Button, Result, Spin } from 'antd';
import type { AppErrorShape } from '../../src-shared/errors';
import { useI18n } from '../i18n/i18n';

/** While the archive's first answer is awaited: its error with 重试, or the spinner. */
export function ArchivePending({ error, retry }: { error: AppErrorShape | null | undefined; retry(): void }) {
  const { t } = useI18n();
  if (error)
    return (
      <Result
        status="error"
        title={t('打不开档案库')}
        subTitle={error.message}
        extra={<Button onClick={retry}>{t('重试')}</Button>}
      />
    );
  return (
    <div className="full-center">
      <Spin size="large" />
      <div className="muted">{t('正在打开档案库……')}</div>
    </div>
  );
}
