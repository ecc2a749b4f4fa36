import { Alert, App, Descriptions, Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DailyReportView } from '../../../src-shared/domain/daily-report';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors } from '../../components/form-support';
import { money } from '../../components/format';
import { useI18n } from '../../i18n/i18n';

interface SignValues {
  signerId?: number;
  pin?: string;
}

/**
 * 服务经理签字: the manager steps up to the counter, picks their own name and types their own PIN.
 * The clerk stays logged in; a wrong PIN or a non-manager is refused (and audited) by the service.
 */
export function SignModal({ view, onClose }: { view: DailyReportView; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [form] = Form.useForm<SignValues>();
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const users = useQuery('users.list', { includeInactive: false });
  const managers = (users.data ?? []).filter((u) => u.isActive && u.role === 'manager');
  const f = view.figures;
  const onlyManager = managers.length === 1 ? managers[0]?.id : undefined;
  // With one manager in the store, their name is chosen already: they only type the PIN.
  useEffect(() => {
    if (onlyManager !== undefined && form.getFieldValue('signerId') === undefined)
      form.setFieldValue('signerId', onlyManager);
  }, [form, onlyManager]);

  const submit = async (values: SignValues) => {
    if (values.signerId === undefined || !values.pin) return;
    setBusy(true);
    const result = await api.invoke('dailyReport.sign', {
      date: view.date,
      signerId: values.signerId,
      pin: values.pin,
      fingerprint: view.fingerprint,
    });
    setBusy(false);
    if (result.ok) {
      message.success(t('已签字'));
      onClose();
      return;
    }
    // A wrong PIN or an unknown signer shows on its field (the PIN cleared, to be typed again);
    // anything else (not a manager, already signed, figures changed) above the form.
    const problems = (result.error.details?.fields ?? []).filter((f) => f.path === 'pin' || f.path === 'signerId');
    const pinProblem = problems.find((f) => f.path === 'pin');
    form.setFields([
      { name: 'pin', value: '', errors: pinProblem ? [pinProblem.message] : [] },
      ...problems.filter((f) => f.path === 'signerId').map((f) => ({ name: 'signerId' as const, errors: [f.message] })),
    ]);
    setError(problems.length > 0 ? null : result.error);
  };

  return (
    <Modal
      open
      title={t('服务经理签字')}
      okText={t('签字')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: managers.length === 0 }}
      destroyOnHidden
      width={560}
      className="sign-modal"
    >
      <Descriptions
        size="small"
        column={2}
        bordered
        className="sign-facts"
        items={[
          { key: 'date', label: t('日报日期'), children: view.date },
          { key: 'version', label: t('版本'), children: t('第 {n} 版', { n: view.version }) },
          { key: 'opened', label: t('进厂'), children: f.opened },
          { key: 'delivered', label: t('交车'), children: f.delivered },
          { key: 'labor', label: t('工时费'), children: <span className="money">{money(f.totals.laborFen)}</span> },
          { key: 'parts', label: t('材料费'), children: <span className="money">{money(f.totals.partsFen)}</span> },
          {
            key: 'total',
            label: t('合计'),
            span: 2,
            children: <strong className="money">{money(f.totals.totalFen)}</strong>,
          },
        ]}
      />
      <Typography.Paragraph type="secondary" className="sign-hint">
        {t('请服务经理本人选择自己的名字并输入自己的 PIN。签字后这一版日报冻结，不再随档案变化。')}
      </Typography.Paragraph>
      {users.data && managers.length === 0 && (
        <Alert
          type="warning"
          showIcon
          className="sign-error"
          title={t('还没有服务经理账号')}
          description={t('请管理员在“设置 → 用户”中添加用户，角色选“服务经理”，并设置 PIN。')}
        />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          className="sign-error"
          title={t('没有签字')}
          description={error.message}
          closable={{ onClose: () => setError(null) }}
        />
      )}
      <Form<SignValues> name="sign" form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item
          name="signerId"
          label={t('签字人（服务经理）')}
          rules={[{ required: true, message: t('请选择签字人') }]}
        >
          <Select
            options={managers.map((m) => ({ value: m.id, label: m.name }))}
            placeholder={t('选择服务经理')}
            loading={users.data === undefined}
          />
        </Form.Item>
        <Form.Item
          name="pin"
          label={t('服务经理的 PIN')}
          rules={[
            { required: true, message: t('请输入 PIN') },
            { pattern: /^\d{4,8}$/, message: t('PIN 应为 4 到 8 位数字') },
          ]}
        >
          <Input.Password inputMode="numeric" autoComplete="off" maxLength={8} onPressEnter={() => form.submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 更正: a signed report is never edited; a correction is a new version, with the reason. */
export function CorrectionModal({ view, onClose }: { view: DailyReportView; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason?: string }>();
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { reason?: string }) => {
    setBusy(true);
    const result = await api.invoke('dailyReport.startCorrection', { date: view.date, reason: values.reason ?? '' });
    setBusy(false);
    if (result.ok) {
      message.success(t('已建立第 {n} 版，请重新核对和签字', { n: result.value.version }));
      onClose();
      return;
    }
    setError(result.error);
    applyServerErrors(form, result.error, (path) => (path === 'reason' ? ['reason'] : null));
  };
  return (
    <Modal
      open
      title={t('更正日报')}
      okText={t('开始更正')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={520}
      className="correction-modal"
    >
      <Typography.Paragraph>
        {t('签字的第 {n} 版保持不变。更正会建立第 {m} 版：按档案现在的数字重新生成，需要重新核对和服务经理签字。', {
          n: view.version,
          m: view.version + 1,
        })}
      </Typography.Paragraph>
      {error && !error.details?.fields?.length && (
        <Alert type="error" showIcon title={error.message} className="sign-error" />
      )}
      <Form name="correction" form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('更正原因')}
          rules={[{ required: true, whitespace: true, message: t('请写明更正原因') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder={t('如：RO2611220003 金额录错，已在档案中改正')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
