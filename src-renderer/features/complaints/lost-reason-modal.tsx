import { Alert, App, Checkbox, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import {
  LOST_REASON_LABELS,
  LOST_REASONS,
  type LostCustomer,
  type LostReason,
} from '../../../src-shared/domain/complaints';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { useI18n } from '../../i18n/i18n';

interface ReasonValues {
  reason?: LostReason;
  words?: string;
  stopContact?: boolean;
}

const FIELDS = ['reason', 'words', 'stopContact'];

/** What a reason does besides being recorded (the service says the same in lostCustomers.recordReason). */
const REASON_EFFECT: Partial<Record<LostReason, '车辆将标记为已卖出，不再出现在流失名单' | '车辆不再出现在流失名单'>> =
  {
    sold: '车辆将标记为已卖出，不再出现在流失名单',
    moved: '车辆不再出现在流失名单',
  };

/** 记录流失原因: one of the list, the customer's words (required for 其他), and 不再联系. */
export function LostReasonModal({ lost, onClose }: { lost: LostCustomer; onClose(): void }) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReasonValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const reason = Form.useWatch('reason', form);
  const submit = async (values: ReasonValues) => {
    if (!values.reason) return;
    setBusy(true);
    setError(null);
    const result = await api.invoke('lostCustomers.recordReason', {
      vehicleId: lost.vehicleId,
      reason: values.reason,
      words: values.words ?? '',
      stopContact: values.stopContact ?? false,
    });
    setBusy(false);
    if (result.ok) {
      message.success(
        result.value === null
          ? t('已记录流失原因，{plate} 不再列为流失客户', { plate: lost.plate ?? '' })
          : t('已记录流失原因'),
      );
      onClose();
      return;
    }
    const shown = applyServerErrors(form, result.error, (p) => (FIELDS.includes(p) ? [p] : null));
    if (shown.length === 0) setError(result.error);
  };
  const effect = reason ? REASON_EFFECT[reason] : undefined;
  return (
    <Modal
      open
      title={t('记录流失原因：{plate}', { plate: lost.plate ?? '—' })}
      okText={t('保存')}
      cancelText={t('返回')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
      className="lost-reason-modal"
    >
      <Typography.Paragraph className="muted">
        {t('{customer} · {model} · 上次进厂 {date}', {
          customer: lost.customer ?? '—',
          model: lost.model || '—',
          date: lost.lastVisit,
        })}
      </Typography.Paragraph>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form<ReasonValues>
        name="lostReason"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ reason: lost.reason ?? undefined, words: lost.reasonWords, stopContact: false }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="reason" label={t('流失原因')} rules={[{ required: true, message: t('请选择流失原因') }]}>
          <Radio.Group
            optionType="button"
            options={LOST_REASONS.map((r) => ({ value: r, label: label(LOST_REASON_LABELS[r]) }))}
            className="lost-reasons"
          />
        </Form.Item>
        <Form.Item
          name="words"
          label={t('客户的说法')}
          rules={
            reason === 'other'
              ? [{ required: true, whitespace: true, message: t('原因选“其他”时请写明客户的说法') }]
              : []
          }
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={200}
            placeholder={t('如 公司换了用车，车在外地')}
          />
        </Form.Item>
        <Form.Item name="stopContact" valuePropName="checked" className="stop-contact">
          <Checkbox>{t('不再联系（不再寄信、打电话）')}</Checkbox>
        </Form.Item>
        {effect && <Alert type="info" showIcon title={t(effect)} />}
      </Form>
    </Modal>
  );
}
