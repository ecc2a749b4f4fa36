import { UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { pin } from '../../../src-shared/contract/fields';
import { USER_ROLE_LABELS } from '../../../src-shared/domain/enums';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, fieldRule } from '../../components/form-support';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { useAppInfo } from '../shell/app-info';

/** Nobody is at the counter: pick yourself and type your PIN. */
export function LoginPage() {
  const { info } = useAppInfo();
  const { t } = useI18n();
  const users = useQuery('users.list', { includeInactive: false });
  return (
    <div className="setup-page">
      <Card className="login-card">
        <Typography.Title level={3}>{info.storeName ?? 'ClerkDesk'}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('请选择当前用户并输入 PIN。之后的每次修改都会记在这位用户名下。')}
        </Typography.Paragraph>
        <SessionEndedNotice />
        <Loaded data={users.data} error={users.error} reload={users.reload}>
          {(list) => <LoginForm users={list} />}
        </Loaded>
      </Card>
    </div>
  );
}

/** Why the app logged the last user out (idle, deactivated), so the login screen is no surprise. */
function SessionEndedNotice() {
  const { info } = useAppInfo();
  const { t } = useI18n();
  const ended = info.sessionEnded;
  if (!ended) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="card-note"
      title={
        ended.reason === 'idle'
          ? t('已自动退出（因 {n} 分钟无操作）', { n: ended.minutes })
          : t('{name} 的账户已被管理员停用，已退出。', { name: ended.name })
      }
    />
  );
}

export function LoginForm({
  users,
  onDone,
  initialUserId,
}: {
  users: { id: number; name: string; role: keyof typeof USER_ROLE_LABELS }[];
  onDone?: () => void;
  initialUserId?: number;
}) {
  const api = useApi();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ userId?: number; pin?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);

  const submit = async (values: { userId?: number; pin?: string }) => {
    if (values.userId === undefined) return;
    setBusy(true);
    setError(null);
    const result = await api.invoke('session.login', { userId: values.userId, pin: values.pin ?? '' });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      form.setFieldValue('pin', '');
      applyServerErrors(form, result.error);
      return;
    }
    message.success(t('当前用户：{name}', { name: result.value.name }));
    onDone?.();
  };

  return (
    <Form
      name="login"
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ userId: initialUserId ?? (users.length === 1 ? users[0]?.id : undefined) }}
      disabled={busy}
    >
      <Form.Item name="userId" label={t('用户')} rules={[{ required: true, message: t('请选择用户') }]}>
        <Radio.Group className="user-choice">
          {users.map((u) => (
            <Radio.Button key={u.id} value={u.id}>
              <UserOutlined /> {u.name} <span className="muted">{label(USER_ROLE_LABELS[u.role])}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="pin" label="PIN" rules={[fieldRule(pin)]}>
        <Input.Password maxLength={8} inputMode="numeric" autoComplete="off" placeholder={t('4-8 位数字')} autoFocus />
      </Form.Item>
      {error && <Typography.Paragraph type="danger">{error.message}</Typography.Paragraph>}
      <Button type="primary" htmlType="submit" loading={busy} block>
        {t('进入')}
      </Button>
    </Form>
  );
}
