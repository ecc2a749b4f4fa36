import { Alert, App, DatePicker, Form, Input, Modal, Radio, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import {
  CALL_RESULT_LABELS,
  CALL_RESULTS,
  type CallResult,
  type InvitationCall,
  type InvitationRow,
} from '../../../src-shared/domain/invitations';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { applyServerErrors } from '../../components/form-support';
import { instantText, phoneText } from '../../components/format';
import { useI18n } from '../../i18n/i18n';
import { CallResultTag } from './row-cells';

interface CallValues {
  result?: CallResult;
  bookedFor?: Dayjs | null;
  words?: string;
}

/** Enter in the date box picks the typed date; it does not save. */
function inDatePicker(target: HTMLElement | null): boolean {
  return target?.closest('.ant-picker') != null;
}

function pickerOpen(): boolean {
  return (
    document.querySelector('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden):not([class*="-leave"])') !== null
  );
}

/**
 * 记录电话: one reminder call on a list row. Keyboard first: 1-7 pick the result, Enter saves
 * (Shift+Enter is a new line in 用户原话). 已预约 needs the booked date (the server says so on the field).
 */
export function CallModal({ row, onClose }: { row: InvitationRow; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const [form] = Form.useForm<CallValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const result = Form.useWatch('result', form);

  const submit = async (values: CallValues) => {
    setBusy(true);
    setError(null);
    const saved = await api.invoke('invitations.recordCall', {
      rowId: row.id,
      result: values.result as CallResult,
      bookedFor: values.result === 'booked' && values.bookedFor ? values.bookedFor.format('YYYY-MM-DD') : null,
      words: values.words ?? '',
    });
    setBusy(false);
    if (saved.ok) {
      message.success(t('已记录：{result}', { result: label(CALL_RESULT_LABELS[values.result as CallResult]) }));
      onClose();
      return;
    }
    const shown = applyServerErrors(form, saved.error, (path) =>
      ['result', 'bookedFor', 'words'].includes(path) ? [path] : null,
    );
    if (shown.length === 0) setError(saved.error);
  };

  // While the modal is open: 1-7 pick the result (not while typing), Enter saves (Shift+Enter: new line).
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      const typing =
        target !== null &&
        (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && target.getAttribute('type') !== 'radio'));
      if (!typing && /^[1-7]$/.test(e.key)) {
        e.preventDefault();
        form.setFieldValue('result', CALL_RESULTS[Number(e.key) - 1]);
        form.setFields([{ name: 'bookedFor', errors: [] }]);
        return;
      }
      if (
        e.key === 'Enter' &&
        !e.shiftKey &&
        !e.isComposing &&
        // Buttons keep their Enter (保存, 取消), except the close ×, which has the focus on opening.
        (target?.tagName !== 'BUTTON' || target.classList.contains('ant-modal-close')) &&
        !inDatePicker(target) &&
        !pickerOpen()
      ) {
        e.preventDefault();
        form.submit();
      }
    };
    // Capture: see the key before the date picker does (Enter with its panel open only picks the date).
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [form]);

  const calls = [...row.calls].reverse();
  return (
    <Modal
      open
      title={t('记录电话：{who} {plate}', { who: row.customerName ?? '', plate: row.plate ?? row.vin ?? '' })}
      okText={t('保存')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={600}
      className="call-modal"
      afterOpenChange={(open) => {
        // Focus on the results (not the close button, where Enter would close the modal).
        if (open)
          setTimeout(() =>
            document.querySelector<HTMLInputElement>('.call-modal .call-results input[type="radio"]')?.focus(),
          );
      }}
    >
      <div>
        <Typography.Paragraph className="call-phone">
          {t('电话')} <strong className="phone">{phoneText(row.phone)}</strong>
          {row.letterSentOn && <span className="muted"> · {t('信件 {date} 已寄出', { date: row.letterSentOn })}</span>}
        </Typography.Paragraph>
        {calls.length > 0 && (
          <div className="previous-calls">
            <Typography.Text type="secondary">{t('之前的电话（{n} 次）', { n: calls.length })}</Typography.Text>
            <ul>
              {calls.map((c: InvitationCall) => (
                <li key={c.id} className="previous-call">
                  <span className="muted">{instantText(c.at)}</span> <CallResultTag result={c.result} />
                  {c.bookedFor && <span>{t('预约 {date}', { date: c.bookedFor })}</span>}
                  {c.words && <span className="call-words">“{c.words}”</span>}
                  <span className="muted small"> {c.by}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {error && <Alert type="error" showIcon title={error.message} className="save-error" />}
        <Form<CallValues>
          name="call"
          form={form}
          component={false}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => void submit(v)}
          onValuesChange={(changed) => {
            if ('result' in changed || 'bookedFor' in changed) form.setFields([{ name: 'bookedFor', errors: [] }]);
          }}
        >
          <Form.Item name="result" label={t('结果')} rules={[{ required: true, message: t('请选择电话结果') }]}>
            <Radio.Group className="call-results" buttonStyle="solid">
              {CALL_RESULTS.map((r, i) => (
                <Radio.Button key={r} value={r} data-result={r}>
                  <span className="key-hint">{i + 1}</span>
                  {label(CALL_RESULT_LABELS[r])}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="bookedFor"
            label={t('预约日期')}
            extra={result === 'booked' ? undefined : t('结果为“已预约”时填写')}
          >
            <DatePicker style={{ width: 180 }} disabled={result !== undefined && result !== 'booked'} />
          </Form.Item>
          <Form.Item name="words" label={t('用户原话')}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('客户怎么说的，照原话记下')} />
          </Form.Item>
        </Form>
        <Typography.Text type="secondary" className="small">
          {t('数字键 1-7 选结果，Enter 保存（在日期框里 Enter 只确认日期），Shift+Enter 换行。')}
        </Typography.Text>
      </div>
    </Modal>
  );
}
