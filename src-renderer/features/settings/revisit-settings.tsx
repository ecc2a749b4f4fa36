import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Divider, Form, Input, InputNumber, Row, Switch, Typography } from 'antd';
import { useState } from 'react';
import { timeOfDay } from '../../../src-shared/contract/revisits.contract';
import type { RevisitSettings } from '../../../src-shared/domain/revisits';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, fieldRule, SaveErrorAlert } from '../../components/form-support';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import './revisit-settings.css';

/** 回访设置: which calls on which day, the calling windows, attempts and the problem thresholds. */
export function RevisitSettingsCard() {
  const { t } = useI18n();
  const { data, error, reload } = useQuery('revisitSettings.get', {});
  return (
    <Card size="small" title={t('回访设置')} className="section revisit-settings">
      <Loaded data={data} error={error} reload={reload}>
        {(settings) => <SettingsForm key={JSON.stringify(settings)} settings={settings} />}
      </Loaded>
    </Card>
  );
}

const timeRules = [fieldRule(timeOfDay)];

function SettingsForm({ settings }: { settings: RevisitSettings }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<RevisitSettings>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [dirty, setDirty] = useState(false);
  const deliveryOn = Form.useWatch('deliveryRevisit', form) as boolean | undefined;
  const merged = Form.useWatch('mergeCsiWithFollowup', form) as boolean | undefined;

  const save = async (values: RevisitSettings) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('revisitSettings.save', values);
    setBusy(false);
    if (result.ok) {
      setDirty(false);
      message.success(t('回访设置已保存，今日电话按新设置计算'));
      return;
    }
    const shown = applyServerErrors(form, result.error);
    setError(shown.length === 0 ? result.error : null);
  };

  const days = (name: keyof RevisitSettings, label: string, extra?: string, disabled?: boolean) => (
    <Form.Item name={name} label={label} extra={extra} rules={[{ required: true, message: t('请填写天数') }]}>
      <InputNumber<number>
        min={0}
        max={60}
        precision={0}
        suffix={t('天')}
        style={{ width: '100%' }}
        disabled={disabled}
      />
    </Form.Item>
  );

  return (
    <Form<RevisitSettings>
      form={form}
      name="revisitSettings"
      layout="vertical"
      size="small"
      initialValues={settings}
      onValuesChange={() => setDirty(true)}
      onFinish={(v) => void save(v)}
      className="revisit-settings-form"
    >
      <Typography.Text strong>{t('哪天打')}</Typography.Text>
      <Row gutter={12}>
        <Col xs={12} md={6}>
          {days('followupDays', t('跟踪回访：交车后'))}
        </Col>
        <Col xs={12} md={6}>
          {days('csiDays', t('满意度回访：交车后'), merged ? t('已与跟踪回访合并') : undefined, merged)}
        </Col>
        <Col xs={12} md={6}>
          {days('reminderAfterDays', t('招揽提醒：寄信后'))}
        </Col>
        <Col xs={12} md={6}>
          {days('deliveryDays', t('新车回访：购车后'), undefined, !deliveryOn)}
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item
            name="mergeCsiWithFollowup"
            valuePropName="checked"
            label={t('满意度回访与跟踪回访合并')}
            extra={t('合并后只打一次电话：跟踪回访时一并问满意度问卷')}
          >
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="deliveryRevisit"
            valuePropName="checked"
            label={t('新车交车回访')}
            extra={t('信息员也负责销售回访时打开')}
          >
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Divider className="settings-divider" />
      <Typography.Text strong>{t('什么时候打')}</Typography.Text>
      <Row gutter={24}>
        <Col xs={24} md={14}>
          <Form.List name="windows">
            {(fields, { add, remove }, { errors }) => (
              <div className="windows-list">
                <div className="muted small">{t('打电话的时段（只在这些时段内把客户列为“现在可打”）')}</div>
                {fields.map((field, i) => (
                  <div key={field.key} className="window-row" data-window={i}>
                    <Form.Item name={[field.name, 'from']} rules={timeRules} className="time-item">
                      <Input placeholder="10:00" maxLength={5} aria-label={t('开始')} />
                    </Form.Item>
                    <span className="time-dash">—</span>
                    <Form.Item name={[field.name, 'to']} rules={timeRules} className="time-item">
                      <Input placeholder="12:00" maxLength={5} aria-label={t('结束')} />
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      aria-label={t('删除时段')}
                      onClick={() => remove(field.name)}
                    />
                  </div>
                ))}
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  disabled={fields.length >= 6}
                  onClick={() => add({ from: '', to: '' })}
                >
                  {t('添加时段')}
                </Button>
                <Form.ErrorList errors={errors} />
              </div>
            )}
          </Form.List>
        </Col>
        <Col xs={24} md={10}>
          <div className="muted small">{t('营业时间（约回电的时间必须在此之内）')}</div>
          <div className="window-row">
            <Form.Item name={['businessHours', 'from']} rules={timeRules} className="time-item">
              <Input placeholder="08:30" maxLength={5} aria-label={t('开始')} />
            </Form.Item>
            <span className="time-dash">—</span>
            <Form.Item name={['businessHours', 'to']} rules={timeRules} className="time-item">
              <Input placeholder="18:00" maxLength={5} aria-label={t('结束')} />
            </Form.Item>
          </div>
        </Col>
      </Row>
      <Divider className="settings-divider" />
      <Typography.Text strong>{t('打不通时')}</Typography.Text>
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Form.Item name="maxAttempts" label={t('最多打几次')} rules={[{ required: true, message: t('请填写次数') }]}>
            <InputNumber<number> min={1} max={20} precision={0} suffix={t('次')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          {days('maxDays', t('最多尝试几天'))}
        </Col>
        <Col xs={24} md={12}>
          <Typography.Paragraph type="secondary" className="card-note small">
            {t('打不通的客户下个时段、第二天再打；达到次数或天数后关闭为“未接通”，改发短信或信件。')}
          </Typography.Paragraph>
        </Col>
      </Row>
      <Divider className="settings-divider" />
      <Typography.Text strong>{t('问题客户')}</Typography.Text>
      <Row gutter={12}>
        <Col xs={8} md={6}>
          <Form.Item name={['problemAtOrBelow', 'five']} label={t('五级量表：不高于')}>
            <InputNumber<number> min={1} max={4} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={8} md={6}>
          <Form.Item name={['problemAtOrBelow', 'ten']} label={t('10 分量表：不高于')}>
            <InputNumber<number> min={1} max={9} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={8} md={6}>
          <Form.Item name={['problemAtOrBelow', 'nps']} label={t('推荐度：不高于')}>
            <InputNumber<number> min={0} max={9} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Typography.Paragraph type="secondary" className="card-note small">
            {t('回答不高于这些分数（或“不满意”）的电话转入问题客户。五级：3 = 一般。')}
          </Typography.Paragraph>
        </Col>
      </Row>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Button type={dirty ? 'primary' : 'default'} htmlType="submit" loading={busy} size="middle">
        {t('保存回访设置')}
      </Button>
    </Form>
  );
}
