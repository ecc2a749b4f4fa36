import { DatabaseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Select, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { useAppInfo } from '../shell/app-info';

/** Demo data is only for an empty archive: for trying out and training, never mixed with real records. */
export function DemoDataCard() {
  const api = useApi();
  const { modal, message } = App.useApp();
  const { t } = useI18n();
  const { info } = useAppInfo();
  const [years, setYears] = useState(1);
  const [busy, setBusy] = useState(false);
  const empty = info.counts.customers === 0 && info.counts.vehicles === 0 && info.counts.repairOrders === 0;
  if (!empty) return null;
  const isAdmin = info.currentUser?.role === 'admin';

  const seed = () =>
    modal.confirm({
      title: t('生成示例数据？'),
      content: t(
        '将在这个档案库中生成 {n} 年的虚构客户、车辆和修理单，用于试用和培训。生成后不能删除；正式使用请另建空档案库。',
        {
          n: years,
        },
      ),
      okText: t('生成'),
      cancelText: t('取消'),
      onOk: async () => {
        setBusy(true);
        const result = await api.invoke('demo.seed', { years, seed: 1 });
        setBusy(false);
        if (!result.ok) {
          message.error(result.error.message);
          return;
        }
        message.success(
          t('已生成示例数据：客户 {c} 位、车辆 {v} 辆、修理单 {r} 张（{from} 至 {until}）。', {
            c: result.value.customers.toLocaleString('en-US'),
            v: result.value.vehicles.toLocaleString('en-US'),
            r: result.value.repairOrders.toLocaleString('en-US'),
            from: result.value.from,
            until: result.value.until,
          }),
        );
      },
    });

  return (
    <Card size="small" title={t('示例数据')} className="section">
      <Typography.Paragraph>
        {t('档案库还是空的。想先试用或培训，可以生成一批虚构的客户、车辆和修理单。')}
      </Typography.Paragraph>
      {!isAdmin && <Alert type="info" showIcon title={t('只有管理员可以生成示例数据。')} className="card-note" />}
      <Flex gap={8} align="center">
        <Select
          value={years}
          onChange={setYears}
          style={{ width: 120 }}
          disabled={!isAdmin || busy}
          options={[1, 2, 3].map((y) => ({ value: y, label: t('{n} 年', { n: y }) }))}
          aria-label={t('年数')}
        />
        <Button icon={<DatabaseOutlined />} onClick={seed} disabled={!isAdmin} loading={busy}>
          {busy ? t('正在生成……') : t('生成示例数据')}
        </Button>
      </Flex>
    </Card>
  );
}
