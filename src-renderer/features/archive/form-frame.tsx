import { SaveOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, type FormInstance, Tooltip } from 'antd';
import { type ReactNode, useCallback, useState } from 'react';
import type { AppErrorShape, Result } from '../../../src-shared/errors';
import { flashWarnings } from '../../components/flash';
import {
  applyServerErrors,
  SaveErrorAlert,
  toNamePath,
  useFormShortcuts,
  useUnsavedGuard,
} from '../../components/form-support';
import { type Crumb, Kbd, PageHeader, shortcut } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';

export interface RecordFormFlow {
  saving: boolean;
  error: AppErrorShape | null;
  dirty: boolean;
  markDirty(): void;
  clearError(): void;
  submit(): Promise<void>;
  cancel(): Promise<void>;
}

/**
 * Save and cancel for a record form: client checks first (shared field schemas), then the server;
 * the server's field messages land on the fields, the form keeps what was typed, and after a save
 * the record page opens with any warnings. Ctrl+S saves, Esc cancels, unsaved edits are confirmed.
 */
export function useRecordForm<V, S extends { warnings: string[] }>(options: {
  form: FormInstance<V>;
  save(values: V): Promise<Result<S>>;
  savedPath(saved: S): string;
  cancelPath: string;
  mapErrorPath?: (path: string) => (string | number)[] | null;
}): RecordFormFlow {
  const { form, save, savedPath, cancelPath, mapErrorPath } = options;
  const { message } = App.useApp();
  const { t } = useI18n();
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const { confirmLeave } = useUnsavedGuard(dirty);

  const submit = useCallback(async () => {
    if (saving) return;
    try {
      await form.validateFields();
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
      return;
    }
    const values = form.getFieldsValue(true) as V;
    setSaving(true);
    setError(null);
    const result = await save(values);
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form, result.error, mapErrorPath ?? toNamePath);
      message.error(result.error.message);
      return;
    }
    setDirty(false);
    const path = savedPath(result.value);
    flashWarnings(path, result.value.warnings);
    if (result.value.warnings.length > 0) message.warning(t('已保存，但有需要注意的地方'));
    else message.success(t('已保存'));
    await navigate(path, { replace: true, force: true });
  }, [form, save, savedPath, mapErrorPath, message, saving, t]);

  const cancel = useCallback(async () => {
    if (saving) return;
    if (await confirmLeave()) await navigate(cancelPath, { force: true });
  }, [saving, confirmLeave, cancelPath]);

  useFormShortcuts({ onSave: () => void submit(), onCancel: () => void cancel() });

  return {
    saving,
    error,
    dirty,
    markDirty: useCallback(() => setDirty(true), []),
    clearError: useCallback(() => setError(null), []),
    submit,
    cancel,
  };
}

export function FormFrame<V>({
  form,
  flow,
  crumbs,
  title,
  initialValues,
  children,
}: {
  form: FormInstance<V>;
  flow: RecordFormFlow;
  crumbs: Crumb[];
  title: ReactNode;
  initialValues: Partial<V>;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="page form-page">
      <PageHeader crumbs={crumbs} title={title} />
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={flow.markDirty}
        disabled={flow.saving}
        className="record-form"
        scrollToFirstError
      >
        {children}
        <div className="form-footer">
          <SaveErrorAlert error={flow.error} onClose={flow.clearError} />
          <Flex gap={8} align="center">
            <Tooltip title={shortcut('Ctrl+S')}>
              <Button type="primary" icon={<SaveOutlined />} loading={flow.saving} onClick={() => void flow.submit()}>
                {t('保存')}
              </Button>
            </Tooltip>
            <Tooltip title="Esc">
              <Button onClick={() => void flow.cancel()} disabled={flow.saving}>
                {t('取消')}
              </Button>
            </Tooltip>
            <span className="muted form-hint">
              <Kbd>{shortcut('Ctrl+S')}</Kbd> {t('保存')} · <Kbd>Esc</Kbd> {t('取消')}
              {flow.dirty && <span className="dirty-note"> · {t('有未保存的修改')}</span>}
            </span>
          </Flex>
        </div>
      </Form>
    </div>
  );
}
