import { App, Button, Card, Flex, InputNumber, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useApi, useQuery } from '../../api/client';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';

/** Idle logout (admin): after N minutes without a call from a door its user is logged out (0: never). */
export function SecurityCard() {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const settings = useQuery('security.get', {});
  const [minutes, setMinutes] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (settings.data) setMinutes(settings.data.idleLogoutMinutes);
  }, [settings.data]);
  const save = async () => {
    if (minutes === null) return;
    setBusy(true);
    const result = await api.invoke('security.update', { idleLogoutMinutes: minutes });
    setBusy(false);
    if (result.ok) message.success(t('已保存'));
    else message.error(result.error.message);
  };
  return (
    <Card size="small" title={t('自动退出')} className="section">
      <Loaded data={settings.data} error={settings.error} reload={settings.reload}>
        {() => (
          <>
            <Flex gap={8} align="center" wrap>
              <span>{t('无操作')}</span>
              <InputNumber<number>
                min={0}
                max={480}
                precision={0}
                value={minutes}
                onChange={(v) => setMinutes(v)}
                aria-label={t('自动退出（分钟）')}
                style={{ width: 90 }}
              />
              <span>{t('分钟后自动退出当前用户')}</span>
              <Button type="primary" loading={busy} onClick={() => void save()}>
                {t('保存')}
              </Button>
            </Flex>
            <Typography.Paragraph type="secondary" className="card-note">
              {t('对桌面窗口和浏览器都有效；后台刷新（如导入进度）不算操作。0 表示不自动退出。')}
            </Typography.Paragraph>
          </>
        )}
      </Loaded>
    </Card>
  );
}
