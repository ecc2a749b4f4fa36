import { App, Button, Card, Col, Divider, Form, InputNumber, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import {
  COMPLAINT_LEVEL_LABELS,
  COMPLAINT_LEVELS,
  type ComplaintSettings,
  RESPONSE_HOURS,
} from '../../../src-shared/domain/complaints';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';

/** 投诉、返修、流失设置: 处理时效 per level, the working days to resolve, the callback, comeback and lost-customer thresholds. */
export function ComplaintSettingsCard() {
  const { t } = useI18n();
  const { data, error, reload } = useQuery('complaintSettings.get', {});
  return (
    <Card size="small" title={t('投诉、返修、流失设置')} className="section complaint-settings">
      <Loaded data={data} error={error} reload={reload}>
        {(settings) => <SettingsForm key={JSON.stringify(settings)} settings={settings} />}
      </Loaded>
    </Card>
  );
}

function SettingsForm({ settings }: { settings: ComplaintSettings }) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<ComplaintSettings>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [dirty, setDirty] = useState(false);

  const save = async (values: ComplaintSettings) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('complaintSettings.save', values);
    setBusy(false);
    if (result.ok) {
      setDirty(false);
      message.success(t('投诉、返修、流失设置已保存'));
      return;
    }
    const shown = applyServerErrors(form, result.error);
    setError(shown.length === 0 ? result.error : null);
  };

  const number = (
    name: keyof ComplaintSettings,
    text: string,
    suffix: string,
    min: number,
    max: number,
    extra?: string,
  ) => (
    <Form.Item name={name} label={text} extra={extra} rules={[{ required: true, message: t('请填写数字') }]}>
      <InputNumber<number> min={min} max={max} precision={0} suffix={suffix} style={{ width: '100%' }} />
    </Form.Item>
  );

  return (
    <Form<ComplaintSettings>
      form={form}
      name="complaintSettings"
      layout="vertical"
      size="small"
      initialValues={settings}
      onValuesChange={() => setDirty(true)}
      onFinish={(v) => void save(v)}
      className="complaint-settings-form"
    >
      <Typography.Text strong>{t('处理时效（按投诉级别）')}</Typography.Text>
      <Row gutter={12}>
        {COMPLAINT_LEVELS.map((level) => (
          <Col xs={12} md={6} xl={3} key={level}>
            <Form.Item name={['responseHours', level]} label={label(COMPLAINT_LEVEL_LABELS[level])}>
              <Select
                options={RESPONSE_HOURS.map((h) => ({ value: h, label: h === 0 ? t('立即') : t('{h} 小时', { h }) }))}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Divider className="settings-divider" />
      <Row gutter={12}>
        <Col xs={12} md={8}>
          {number('resolveWorkingDays', t('解决期限'), t('个工作日'), 1, 30, t('按法定节假日和调休计算'))}
        </Col>
        <Col xs={12} md={8}>
          {number('callbackWithinDays', t('二次回访：处理完毕后'), t('天内'), 1, 30)}
        </Col>
        <Col xs={12} md={8}>
          {number(
            'comebackDays',
            t('返修：维修后再次进厂'),
            t('天内'),
            1,
            180,
            t('同一辆车在维修（非保养）后这么多天内又进厂，提示是否返修'),
          )}
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={12} md={8}>
          {number('atRiskMonths', t('流失预警：未回厂'), t('个月'), 1, 35)}
        </Col>
        <Col xs={12} md={8}>
          {number('lostMonths', t('已流失：未回厂'), t('个月'), 2, 36)}
        </Col>
        <Col xs={24} md={8}>
          <Typography.Paragraph type="secondary" className="card-note small">
            {t('流失预警的月数要小于流失的月数；已卖、报废、搬走的车辆不计。')}
          </Typography.Paragraph>
        </Col>
      </Row>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Button type={dirty ? 'primary' : 'default'} htmlType="submit" loading={busy} size="middle">
        {t('保存投诉设置')}
      </Button>
    </Form>
  );
}
