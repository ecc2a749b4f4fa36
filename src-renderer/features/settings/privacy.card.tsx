import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import {
  RETENTION_YEARS_MAX,
  RETENTION_YEARS_MIN,
  RETENTION_YEARS_OFF,
  type RetentionPreview,
} from '../../../src-shared/domain/privacy';
import { useApi, useQuery } from '../../api/client';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { useAppInfo } from '../shell/app-info';

const YEAR_CHOICES = [
  RETENTION_YEARS_OFF,
  ...Array.from({ length: RETENTION_YEARS_MAX - RETENTION_YEARS_MIN + 1 }, (_, i) => RETENTION_YEARS_MIN + i),
];

/**
 * 个人信息保护: what leaves the counter is masked, marketing only with consent, and the retention
 * rule — customers with no visit for N years anonymised after a preview and a service manager's
 * approval with their PIN (off by default).
 */
export function PrivacyCard() {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const { info } = useAppInfo();
  const role = info.currentUser?.role;
  const mayConfigure = role === 'manager' || role === 'admin';
  const isManager = role === 'manager';
  const settings = useQuery('privacy.settings', {});
  const [years, setYears] = useState<number | null>(null);
  const [preview, setPreview] = useState<RetentionPreview | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const current = years ?? settings.data?.years ?? RETENTION_YEARS_OFF;
  const save = async () => {
    setBusy('save');
    const result = await api.invoke('privacy.setRetention', { years: current });
    setBusy(null);
    if (result.ok) {
      message.success(
        result.value.years === 0 ? t('已关闭匿名化') : t('已设置保存年限 {n} 年', { n: result.value.years }),
      );
      setYears(null);
    } else message.error(result.error.message);
  };
  const runPreview = async () => {
    setBusy('preview');
    setError(null);
    const result = await api.invoke('privacy.retentionPreview', current > 0 ? { years: current } : {});
    setBusy(null);
    if (result.ok) setPreview(result.value);
    else setError(result.error.message);
  };
  const approve = async () => {
    if (!preview) return;
    setBusy('apply');
    setError(null);
    const result = await api.invoke('privacy.retentionApply', {
      years: preview.years,
      cutoff: preview.cutoff,
      expectedCustomers: preview.customers,
      expectedVehicles: preview.vehicles,
      pin,
    });
    setBusy(null);
    setPin('');
    if (result.ok) {
      message.success(t('已匿名化 {c} 位客户、{v} 辆车', { c: result.value.customers, v: result.value.vehicles }));
      setPreview(null);
    } else setError(result.error.message);
  };

  return (
    <Card
      size="small"
      title={
        <span>
          <SafetyCertificateOutlined /> {t('个人信息保护')}
        </span>
      }
      className="section privacy-card"
    >
      <Typography.Paragraph type="secondary" className="card-note">
        {t(
          '日报、首保交接单等发给门店以外的文件中，客户姓名和电话默认遮蔽（王**、138****5678），服务经理可以选择显示完整信息（记录在操作日志）。招揽信、节日和生日问候、感谢信和招揽电话只发给同意营销联系的客户；信件和信封上寄给客户本人的信息不遮蔽。',
        )}
      </Typography.Paragraph>
      <Loaded data={settings.data} error={settings.error} reload={settings.reload}>
        {() => (
          <Flex gap={8} align="center" wrap>
            <span>{t('客户信息保存年限')}</span>
            <Select
              className="retention-years"
              value={current}
              disabled={!mayConfigure}
              onChange={(v) => {
                setYears(v);
                setPreview(null);
              }}
              style={{ width: 200 }}
              options={YEAR_CHOICES.map((n) => ({
                value: n,
                label: n === 0 ? t('不匿名化（默认）') : t('{n} 年未到店则匿名化', { n }),
              }))}
            />
            <Button onClick={() => void save()} loading={busy === 'save'} disabled={!mayConfigure}>
              {t('保存')}
            </Button>
            <Button
              onClick={() => void runPreview()}
              loading={busy === 'preview'}
              disabled={!mayConfigure || current === 0}
              className="retention-preview"
            >
              {t('预览')}
            </Button>
          </Flex>
        )}
      </Loaded>
      {!mayConfigure && (
        <Alert type="info" showIcon className="card-note" title={t('只有服务经理或管理员可以设置和预览。')} />
      )}
      <Typography.Paragraph type="secondary" className="card-note">
        {t(
          '匿名化：姓名改为“已匿名客户#编号”，手机、其他电话、地址、邮编、生日、备注、联系意愿清除；车牌改为“匿名车辆#编号”，车架号清除；招揽名单和信件中的副本、操作日志中关于他们的内容一并清除。修理单及其金额、项目、里程保留（门店账目），但不再指向任何人。已签字日报的快照按签字时保存。',
        )}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon className="card-note" title={error} />}
      {preview && (
        <div className="retention-result">
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'cutoff', label: t('最后到店早于'), children: preview.cutoff },
              { key: 'customers', label: t('客户'), children: preview.customers },
              { key: 'vehicles', label: t('车辆'), children: preview.vehicles },
              { key: 'rows', label: t('招揽名单中的行'), children: preview.invitationRows },
              { key: 'letters', label: t('已寄信件'), children: preview.letterItems },
              { key: 'audit', label: t('操作日志条目'), children: preview.auditEntries },
            ]}
          />
          {preview.sample.length > 0 && (
            <Table
              rowKey="customerId"
              size="small"
              pagination={false}
              className="retention-sample"
              dataSource={preview.sample}
              columns={[
                { title: t('客户编号'), dataIndex: 'customerId' },
                { title: t('姓名'), dataIndex: 'maskedName' },
                { title: t('电话'), dataIndex: 'maskedPhone' },
                { title: t('最后到店'), dataIndex: 'lastSeenOn' },
                { title: t('车辆'), dataIndex: 'vehicles' },
              ]}
              footer={
                preview.customers > preview.sample.length
                  ? () =>
                      t('只列出最早的 {n} 位，共 {total} 位。', { n: preview.sample.length, total: preview.customers })
                  : undefined
              }
            />
          )}
          {preview.customers + preview.vehicles === 0 ? (
            <Typography.Paragraph className="card-note">{t('没有需要匿名化的客户和车辆。')}</Typography.Paragraph>
          ) : isManager ? (
            <Flex gap={8} align="center" wrap className="card-note">
              <span>{t('服务经理 PIN')}</span>
              <Input.Password
                className="retention-pin"
                value={pin}
                onChange={(e) => setPin(e.target.value)}
                maxLength={8}
                style={{ width: 140 }}
                autoComplete="off"
              />
              <Button
                danger
                type="primary"
                className="retention-apply"
                disabled={pin.length < 4}
                loading={busy === 'apply'}
                onClick={() => void approve()}
              >
                {t('批准匿名化（不可撤销）')}
              </Button>
            </Flex>
          ) : (
            <Alert type="warning" showIcon className="card-note" title={t('匿名化需要服务经理登录后输入 PIN 批准。')} />
          )}
        </div>
      )}
    </Card>
  );
}
