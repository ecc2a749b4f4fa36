import { App, Descriptions, Form, Input, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import type { Comeback } from '../../../src-shared/domain/complaints';
import type { AppErrorShape, Result } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { dateText, phoneText } from '../../components/format';
import { useI18n } from '../../i18n/i18n';

/** The comeback in a few lines, at the top of each dialog: who, which vehicle, which ROs. */
function ComebackFacts({ comeback, words = true }: { comeback: Comeback; words?: boolean }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={2} className="comeback-facts">
      <Descriptions.Item label={t('客户')}>
        {comeback.customerName ?? '—'} {phoneText(comeback.phone)}
      </Descriptions.Item>
      <Descriptions.Item label={t('车辆')}>
        {comeback.plate ?? '—'} {comeback.model}
      </Descriptions.Item>
      <Descriptions.Item label={t('上次修理单')}>
        {comeback.earlierRoNumber ?? '—'} {dateText(comeback.earlierOpenedOn)}
        {comeback.earlierAdvisor ? ` · ${comeback.earlierAdvisor}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('本次修理单')}>
        {comeback.roNumber ?? '—'} {dateText(comeback.roOpenedOn)}
      </Descriptions.Item>
      {comeback.earlierWork ? (
        <Descriptions.Item label={t('上次维修内容')} span={2}>
          {comeback.earlierWork}
        </Descriptions.Item>
      ) : null}
      {words && comeback.words ? (
        <Descriptions.Item label={t('客户反映')} span={2}>
          “{comeback.words}”
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

/** Runs one write; field problems go on the form, anything else in the alert. */
function useSubmit<V>(fields: readonly string[]) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const run = async (
    form: ReturnType<typeof Form.useForm<V>>[0],
    write: () => Promise<Result<unknown>>,
    done: string,
    onDone: () => void,
  ) => {
    setBusy(true);
    setError(null);
    const result = await write();
    setBusy(false);
    if (result.ok) {
      message.success(done);
      onDone();
      return;
    }
    const shown = applyServerErrors(form, result.error, (p) => (fields.includes(p) ? [p] : null));
    if (shown.length === 0) setError(result.error);
  };
  return { busy, error, setError, run };
}

/** The frame every comeback dialog shares: the facts on top, the save error, then its form. */
function ComebackDialog({
  comeback,
  words,
  title,
  okText,
  className,
  busy,
  error,
  onClearError,
  onOk,
  onClose,
  children,
}: {
  comeback: Comeback;
  words?: boolean;
  title: string;
  okText: string;
  className: string;
  busy: boolean;
  error: AppErrorShape | null;
  onClearError(): void;
  onOk(): void;
  onClose(): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('返回')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={720}
      className={className}
    >
      <ComebackFacts comeback={comeback} words={words} />
      <SaveErrorAlert error={error} onClose={onClearError} />
      {children}
    </Modal>
  );
}

/** 确认返修: stored and handed to the service manager, with what the customer said. */
export function ConfirmComebackModal({ comeback, onClose }: { comeback: Comeback; onClose(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const [form] = Form.useForm<{ words?: string }>();
  const { busy, error, setError, run } = useSubmit<{ words?: string }>(['words']);
  const submit = (values: { words?: string }) =>
    void run(
      form,
      () => api.invoke('comebacks.confirm', { key: comeback.key, words: values.words ?? '' }),
      t('已确认返修，交服务经理处理'),
      onClose,
    );
  return (
    <ComebackDialog
      comeback={comeback}
      words={false}
      title={t('确认返修：{plate}', { plate: comeback.plate ?? '—' })}
      okText={t('确认返修并交服务经理')}
      className="comeback-confirm-modal"
      busy={busy}
      error={error}
      onClearError={() => setError(null)}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Form
        name="comebackConfirm"
        form={form}
        layout="vertical"
        initialValues={{ words: comeback.words }}
        onFinish={submit}
      >
        <Form.Item name="words" label={t('客户反映（原话）')}>
          <Input.TextArea
            autoFocus
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={500}
            placeholder={t('如 上次换的刹车片还是有异响')}
          />
        </Form.Item>
      </Form>
    </ComebackDialog>
  );
}

/** 不算返修: the reason is required (e.g. a new, unrelated fault). */
export function DismissComebackModal({ comeback, onClose }: { comeback: Comeback; onClose(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const [form] = Form.useForm<{ reason?: string }>();
  const { busy, error, setError, run } = useSubmit<{ reason?: string }>(['reason']);
  const submit = (values: { reason?: string }) =>
    void run(
      form,
      () => api.invoke('comebacks.dismiss', { key: comeback.key, reason: values.reason ?? '' }),
      t('已记为不算返修'),
      onClose,
    );
  return (
    <ComebackDialog
      comeback={comeback}
      title={t('不算返修：{plate}', { plate: comeback.plate ?? '—' })}
      okText={t('不算返修')}
      className="comeback-dismiss-modal"
      busy={busy}
      error={error}
      onClearError={() => setError(null)}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Form name="comebackDismiss" form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('不算返修的原因')}
          rules={[{ required: true, whitespace: true, message: t('请写明不算返修的原因') }]}
        >
          <Input autoFocus maxLength={200} placeholder={t('如 这次是定期保养，与上次维修无关')} />
        </Form.Item>
      </Form>
    </ComebackDialog>
  );
}

interface CloseValues {
  cause?: string;
  action?: string;
  result?: string;
}

/** The service manager's part of the 跟踪及返修记录表: 原因, 措施, 结果; closes the comeback. */
export function CloseComebackModal({ comeback, onClose }: { comeback: Comeback; onClose(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const [form] = Form.useForm<CloseValues>();
  const { busy, error, setError, run } = useSubmit<CloseValues>(['cause', 'action', 'result']);
  const submit = (values: CloseValues) =>
    void run(
      form,
      async () => {
        if (comeback.id === null || comeback.version === null)
          return { ok: false as const, error: { code: 'VALIDATION' as const, message: t('这条返修还没有确认') } };
        return api.invoke('comebacks.close', {
          id: comeback.id,
          version: comeback.version,
          cause: values.cause ?? '',
          action: values.action ?? '',
          result: values.result ?? '',
        });
      },
      t('返修已处理并关闭'),
      onClose,
    );
  const required = (message: string) => [{ required: true, whitespace: true, message }];
  return (
    <ComebackDialog
      comeback={comeback}
      title={t('服务经理处理返修：{plate}', { plate: comeback.plate ?? '—' })}
      okText={t('处理完毕，关闭')}
      className="comeback-close-modal"
      busy={busy}
      error={error}
      onClearError={() => setError(null)}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Form name="comebackClose" form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item name="cause" label={t('返修原因')} rules={required(t('请填写返修原因'))}>
          <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="action" label={t('处理措施')} rules={required(t('请填写处理措施'))}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="result" label={t('处理结果')} rules={required(t('请填写处理结果'))}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      </Form>
    </ComebackDialog>
  );
}
