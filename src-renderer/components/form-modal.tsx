import { type ButtonProps, Form, type FormInstance, Modal } from 'antd';
import type { ReactNode } from 'react';
import type { AppErrorShape } from '../../src-shared/errors';
import { useI18n } from '../i18n/i18n';
import { SaveErrorAlert } from './form-support';

/**
 * A change asked in a modal: OK submits the form (its rules first), the last refusal the fields
 * could not show in the alert on top, `intro` between the alert and the form. The caller owns the
 * sending (busy, error, onFinish).
 */
export function FormModal<V extends object>({
  form,
  name,
  title,
  okText,
  cancelText,
  className,
  width,
  okButtonProps,
  busy,
  error,
  onClearError,
  initialValues,
  intro,
  children,
  onFinish,
  onClose,
}: {
  form: FormInstance<V>;
  /** The form's name (its fields' ids). */
  name: string;
  title: ReactNode;
  okText: string;
  /** 返回 unless told. */
  cancelText?: string;
  className: string;
  width?: number;
  okButtonProps?: ButtonProps;
  busy: boolean;
  error: AppErrorShape | null;
  onClearError(): void;
  initialValues?: Partial<V>;
  intro?: ReactNode;
  children: ReactNode;
  onFinish(values: V): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={cancelText ?? t('返回')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={okButtonProps}
      destroyOnHidden
      width={width}
      className={className}
    >
      <SaveErrorAlert error={error} onClose={onClearError} />
      {intro}
      <Form<V>
        name={name}
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initialValues}
        onFinish={onFinish}
      >
        {children}
      </Form>
    </Modal>
  );
}
