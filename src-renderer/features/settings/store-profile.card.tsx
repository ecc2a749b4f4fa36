import { App, Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { phone, postalCode, requiredText, text } from '../../../src-shared/contract/fields';
import type { StoreProfile } from '../../../src-shared/domain/records';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, fieldRule, SaveErrorAlert, useUnsavedGuard } from '../../components/form-support';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';

type StoreValues = Pick<StoreProfile, 'name' | 'address' | 'postalCode' | 'phone'>;

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
  useUnsavedGuard(dirty);

  const submit = async (values: StoreValues) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('store.update', {
      name: values.name ?? '',
      address: values.address ?? '',
      postalCode: values.postalCode ?? '',
      phone: values.phone ?? '',
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
      initialValues={profile ?? { name: '', address: '', postalCode: '', phone: '' }}
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
