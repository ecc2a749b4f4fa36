import { EditOutlined, UnlockOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { pin, requiredText } from '../../../src-shared/contract/fields';
import { USER_ROLE_LABELS, USER_ROLES, type UserRole } from '../../../src-shared/domain/enums';
import type { User } from '../../../src-shared/domain/records';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { enumOptions } from '../../components/enum-labels';
import { applyServerErrors, fieldRule, SaveErrorAlert } from '../../components/form-support';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { useAppInfo } from '../shell/app-info';

interface UserValues {
  name: string;
  role: UserRole;
  isActive: boolean;
  pin: string;
  pinAgain: string;
}

/** Users at the counter; only an admin changes them (the server checks it too). */
export function UsersCard() {
  const { t, label } = useI18n();
  const { info } = useAppInfo();
  const isAdmin = info.currentUser?.role === 'admin';
  // Deactivated users are listed for the admin only (the archive refuses it to others).
  const users = useQuery('users.list', { includeInactive: isAdmin });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  return (
    <Card
      size="small"
      title={t('用户')}
      className="section"
      extra={
        isAdmin ? (
          <Button icon={<UserAddOutlined />} onClick={() => setEditing('new')}>
            {t('新增用户')}
          </Button>
        ) : null
      }
    >
      {!isAdmin && (
        <Alert type="info" showIcon title={t('只有管理员可以新增、修改或停用用户。')} className="card-note" />
      )}
      <Loaded data={users.data} error={users.error} reload={users.reload}>
        {(list) => (
          <Table<User>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={list}
            columns={[
              {
                title: t('姓名'),
                key: 'name',
                render: (_: unknown, u) => (
                  <span>
                    {u.name} {u.id === info.currentUser?.id && <Tag color="blue">{t('当前用户')}</Tag>}
                  </span>
                ),
              },
              { title: t('角色'), key: 'role', width: 120, render: (_: unknown, u) => label(USER_ROLE_LABELS[u.role]) },
              {
                title: t('状态'),
                key: 'active',
                width: 90,
                render: (_: unknown, u) => (
                  <>
                    {u.isActive ? <Tag color="green">{t('启用')}</Tag> : <Tag>{t('已停用')}</Tag>}
                    {u.lockedAt && (
                      <Tooltip title={t('PIN 连续输错 10 次，{at} 起锁定', { at: instantText(u.lockedAt) })}>
                        <Tag color="red">{t('已锁定')}</Tag>
                      </Tooltip>
                    )}
                  </>
                ),
              },
              {
                title: t('建立时间'),
                key: 'createdAt',
                width: 120,
                render: (_: unknown, u) => u.createdAt.slice(0, 10),
              },
              {
                title: '',
                key: 'actions',
                width: 200,
                render: (_: unknown, u) =>
                  isAdmin ? (
                    <Space size={4}>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>
                        {t('修改')}
                      </Button>
                      {u.lockedAt && <UnlockButton user={u} />}
                    </Space>
                  ) : null,
              },
            ]}
          />
        )}
      </Loaded>
      {editing !== null && <UserModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

/** 解除锁定: after ten wrong PINs only an admin lets the user in again (audited). */
function UnlockButton({ user }: { user: User }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="small"
      icon={<UnlockOutlined />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        const result = await api.invoke('users.unlock', { id: user.id });
        setBusy(false);
        if (result.ok) message.success(t('已解除 {name} 的锁定', { name: user.name }));
        else message.error(result.error.message);
      }}
    >
      {t('解除锁定')}
    </Button>
  );
}

function UserModal({ user, onClose }: { user: User | null; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const [form] = Form.useForm<UserValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const creating = user === null;

  const submit = async () => {
    let values: UserValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    const result = creating
      ? await api.invoke('users.create', { name: values.name, role: values.role, pin: values.pin })
      : await api.invoke('users.update', {
          id: user.id,
          ...(values.name !== user.name ? { name: values.name } : {}),
          ...(values.role !== user.role ? { role: values.role } : {}),
          ...(values.isActive !== user.isActive ? { isActive: values.isActive } : {}),
          ...(values.pin ? { pin: values.pin } : {}),
        });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form, result.error);
      return;
    }
    message.success(
      creating ? t('已新增用户 {name}', { name: result.value.name }) : t('已保存 {name}', { name: result.value.name }),
    );
    onClose();
  };

  return (
    <Modal
      open
      title={creating ? t('新增用户') : t('修改用户：{name}', { name: user.name })}
      onCancel={onClose}
      onOk={submit}
      okText={t('保存')}
      cancelText={t('取消')}
      confirmLoading={busy}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<UserValues>
        name="user"
        form={form}
        layout="vertical"
        initialValues={{
          name: user?.name ?? '',
          role: user?.role ?? 'clerk',
          isActive: user?.isActive ?? true,
          pin: '',
          pinAgain: '',
        }}
        disabled={busy}
      >
        <Form.Item name="name" label={t('姓名')} required rules={[fieldRule(requiredText(40))]}>
          <Input maxLength={40} autoFocus />
        </Form.Item>
        <Form.Item name="role" label={t('角色')}>
          <Select options={enumOptions(USER_ROLES, USER_ROLE_LABELS, label)} />
        </Form.Item>
        {!creating && (
          <Form.Item
            name="isActive"
            label={t('启用')}
            valuePropName="checked"
            extra={t('停用后不能再选为当前用户，历史记录保留。')}
          >
            <Switch />
          </Form.Item>
        )}
        <Form.Item
          name="pin"
          label={creating ? 'PIN' : t('重设 PIN（不改请留空）')}
          required={creating}
          rules={[fieldRule(pin, { optional: !creating })]}
        >
          <Input.Password maxLength={8} inputMode="numeric" autoComplete="new-password" placeholder={t('4-8 位数字')} />
        </Form.Item>
        <Form.Item
          name="pinAgain"
          label={t('再次输入 PIN')}
          dependencies={['pin']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if ((value ?? '') !== ((getFieldValue('pin') as string | undefined) ?? ''))
                  throw new Error(t('两次输入的 PIN 不一致'));
              },
            }),
          ]}
        >
          <Input.Password maxLength={8} inputMode="numeric" autoComplete="new-password" />
        </Form.Item>
        <SaveErrorAlert error={error} onClose={() => setError(null)} />
      </Form>
    </Modal>
  );
}
