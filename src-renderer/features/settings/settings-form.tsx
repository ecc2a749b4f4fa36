import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Fragment, type ReactNode, useState } from 'react';
import type { AppErrorShape, Result } from '../../../src-shared/errors';
import type { QueryState } from '../../api/client';
import { applyServerErrors, SaveErrorAlert, toNamePath } from '../../components/form-support';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';

/**
 * What the settings cards that save one whole object share (归档设置, 索赔设置): the card that reads
 * the settings and shows a fresh form for what was read (after a save too), and the form that sends
 * the whole object, puts the server's refusals on the fields (the rest in an alert) and says so when
 * saved.
 */

/** A settings card: the form keyed by the settings read, so a save shows the saved values afresh. */
export function SettingsCard<T>({
  title,
  className,
  query,
  children,
}: {
  title: string;
  className: string;
  query: QueryState<T>;
  children(settings: T): ReactNode;
}) {
  const { data, error, reload } = query;
  return (
    <Card size="small" title={title} className={className}>
      <Loaded data={data} error={error} reload={reload}>
        {(settings) => <Fragment key={JSON.stringify(settings)}>{children(settings)}</Fragment>}
      </Loaded>
    </Card>
  );
}

/**
 * The form of a settings card: `send` gets the form's whole store; a field's refusal goes on the
 * field (`mapPath`), anything else in the alert above the save button, which is primary once edited.
 */
export function SettingsSaveForm<V extends object>({
  form,
  name,
  className,
  initialValues,
  send,
  mapPath = toNamePath,
  savedText,
  saveText,
  saveClassName,
  children,
}: {
  form: FormInstance<V>;
  name: string;
  className: string;
  initialValues: V;
  send(values: V): Promise<Result<unknown>>;
  mapPath?(path: string): (string | number)[] | null;
  savedText: string;
  saveText: string;
  saveClassName: string;
  children: ReactNode;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [dirty, setDirty] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await send(form.getFieldsValue(true) as V);
      if (result.ok) {
        setDirty(false);
        message.success(savedText);
        return;
      }
      const shown = applyServerErrors(form, result.error, mapPath);
      setError(shown.length === 0 ? result.error : null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<V>
      form={form}
      name={name}
      layout="vertical"
      size="small"
      initialValues={initialValues}
      onValuesChange={() => setDirty(true)}
      onFinish={() => void save()}
      onFinishFailed={({ errorFields }) => {
        const first = errorFields[0];
        if (first) form.scrollToField(first.name, { block: 'center' });
      }}
      className={className}
    >
      {children}
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Button
        type={dirty ? 'primary' : 'default'}
        htmlType="submit"
        loading={busy}
        size="middle"
        className={saveClassName}
      >
        {saveText}
      </Button>
    </Form>
  );
}

/** A Form.Item's props for a date kept as 'YYYY-MM-DD' text (null when empty) shown in a DatePicker. */
export const DATE_TEXT_ITEM = {
  getValueProps: (v: string | null) => ({ value: v ? dayjs(v) : null }),
  normalize: (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null),
};

/** The next free `${prefix}N` (a store's own code or key: x_1, custom_2, series_3). */
export function nextFreeCode(prefix: string, taken: readonly string[]): string {
  let n = 1;
  while (taken.includes(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

/** The delete button of a list row the store added. */
export function RemoveRowButton({ onClick }: { onClick(): void }) {
  const { t } = useI18n();
  return <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('删除')} onClick={onClick} />;
}
