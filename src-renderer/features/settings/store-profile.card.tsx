import { App, Button, Card, Col, Form, Input, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { phone, postalCode, requiredText, text } from '../../../src-shared/contract/fields';
import type { StoreProfile } from '../../../src-shared/domain/records';
import type { AppErrorShape } from '../../../src-shared/errors';
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '../../../src-shared/validation/dates';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, fieldRule, SaveErrorAlert, useUnsavedGuard } from '../../components/form-support';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useStoreClock } from '../../components/store-clock';
import { type Phrase, useI18n } from '../../i18n/i18n';

type StoreValues = Pick<StoreProfile, 'name' | 'address' | 'postalCode' | 'phone' | 'timeZone'>;

/** The zones a store in China (and its neighbours) uses; any other IANA name can be typed in. */
const COMMON_ZONES: readonly { zone: string; label: Phrase }[] = [
  { zone: 'Asia/Shanghai', label: '北京时间' },
  { zone: 'Asia/Urumqi', label: '乌鲁木齐时间' },
  { zone: 'Asia/Hong_Kong', label: '香港时间' },
  { zone: 'Asia/Taipei', label: '台北时间' },
  { zone: 'Asia/Macau', label: '澳门时间' },
];

/** A typed zone is offered only when Intl knows it; the archive checks it again. */
function TimeZoneSelect({ value, onChange }: { value?: string; onChange?: (zone: string) => void }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const known = new Set(COMMON_ZONES.map((z) => z.zone));
  const options = COMMON_ZONES.map((z) => ({ value: z.zone, label: `${t(z.label)}（${z.zone}）` }));
  for (const extra of [value, canonicalTimeZone(typed)])
    if (extra && !known.has(extra)) {
      known.add(extra);
      options.push({ value: extra, label: extra });
    }
  return (
    <Select
      id="store_timeZone"
      showSearch
      value={value}
      onChange={onChange}
      onSearch={setTyped}
      options={options}
      optionFilterProp="label"
      notFoundContent={t('不是可识别的时区，请填写 IANA 时区名（如 Asia/Shanghai）')}
      aria-label={t('时区')}
    />
  );
}

/** The store as it appears on letters and envelopes (sender). */
export function StoreProfileCard() {
  const { t } = useI18n();
  const store = useQuery('store.get', {});
  return (
    <Card size="small" title={t('门店信息')} className="section">
      <Loaded data={store.data} error={store.error} reload={store.reload}>
        {(profile) => <StoreForm profile={profile} />}
      </Loaded>
    </Card>
  );
}

function StoreForm({ profile }: { profile: StoreProfile | null }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [form] = Form.useForm<StoreValues>();
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const clock = useStoreClock();
  useUnsavedGuard(dirty);

  const submit = async (values: StoreValues) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('store.update', {
      name: values.name ?? '',
      address: values.address ?? '',
      postalCode: values.postalCode ?? '',
      phone: values.phone ?? '',
      timeZone: values.timeZone ?? DEFAULT_TIME_ZONE,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form, result.error);
      return;
    }
    setDirty(false);
    form.setFieldsValue(result.value);
    message.success(t('门店信息已保存'));
  };

  return (
    <Form<StoreValues>
      name="store"
      form={form}
      layout="vertical"
      initialValues={profile ?? { name: '', address: '', postalCode: '', phone: '', timeZone: DEFAULT_TIME_ZONE }}
      onValuesChange={() => setDirty(true)}
      onFinish={submit}
      disabled={busy}
    >
      <Form.Item name="name" label={t('门店名称')} required rules={[fieldRule(requiredText(100))]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="address" label={t('地址')} rules={[fieldRule(text(200), { optional: true })]}>
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="postalCode" label={t('邮政编码')} rules={[fieldRule(postalCode, { optional: true })]}>
            <Input maxLength={6} inputMode="numeric" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="phone" label={t('电话')} rules={[fieldRule(phone, { optional: true })]}>
            <Input maxLength={30} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="timeZone"
        label={t('时区')}
        extra={t('决定“今天”是哪一天和档案里记下的时间，与这台电脑的时区设置无关。门店现在是 {now}（{zone}）。', {
          now: instantText(clock.now()),
          zone: `UTC${clock.now().slice(19)}`,
        })}
        rules={[
          { required: true, message: t('请选择时区') },
          {
            validator: async (_, zone: string | undefined) => {
              if (zone && !canonicalTimeZone(zone))
                throw new Error(t('不是可识别的时区，请填写 IANA 时区名（如 Asia/Shanghai）'));
            },
          },
        ]}
      >
        <TimeZoneSelect />
      </Form.Item>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <div className="card-actions">
        <Button type="primary" htmlType="submit" loading={busy} disabled={!dirty}>
          {t('保存门店信息')}
        </Button>
        {profile && (
          <Typography.Text type="secondary">
            {t('上次修改：{at}', { at: instantText(profile.updatedAt) })}
          </Typography.Text>
        )}
      </div>
    </Form>
  );
}
