import {
  CheckCircleFilled,
  CloseCircleFilled,
  DatabaseOutlined,
  ExclamationCircleFilled,
  LaptopOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Flex, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import {
  type ArchiveLocation,
  type ArchiveServerCheck,
  serverAddress,
} from '../../../src-shared/contract/system.contract';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, fieldRule, SaveErrorAlert } from '../../components/form-support';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';

interface ServerValues {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

/**
 * 设置 → 档案库 (admin): which archive this PC opens from the next start, a shared PostgreSQL
 * server or the file. A server is tested first (read only) and saved only after a good test of the
 * same fields; the open archive stays open until ClerkDesk is started again.
 */
export function ArchiveLocationCard() {
  const api = useApi();
  const { modal, message } = App.useApp();
  const { t } = useI18n();
  const location = useQuery('archiveLocation.get', {});
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const backToFile = (l: ArchiveLocation) =>
    modal.confirm({
      title: t('改回本机文件？'),
      content: (
        <>
          <p>{t('保存后需要重新启动 ClerkDesk 才会打开新的档案库。')}</p>
          {l.current.kind === 'server' && (
            <p>
              {t(
                '本机文件里只有迁移到服务器之前的档案；服务器上之后录入的不会自动复制回来（需要时用 migrate-archive 从服务器复制到文件）。',
              )}
            </p>
          )}
        </>
      ),
      okText: t('改回本机文件'),
      cancelText: t('取消'),
      onOk: async () => {
        const result = await api.invoke('archiveLocation.set', { target: 'file' });
        if (!result.ok) {
          message.error(result.error.message);
          return;
        }
        setSaved(result.value.message);
        location.reload();
      },
    });

  return (
    <div className="archive-location">
      <Loaded data={location.data} error={location.error} reload={location.reload}>
        {(l) => (
          <Flex vertical gap={8}>
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'next',
                  label: t('下次启动打开'),
                  children: (
                    <span className="archive-location-next">
                      {l.next.kind === 'server' ? <DatabaseOutlined /> : <LaptopOutlined />}{' '}
                      <Typography.Text className="path-text">{l.next.display}</Typography.Text>
                    </span>
                  ),
                },
                {
                  key: 'file',
                  label: t('设置文件'),
                  children: (
                    <Typography.Text copyable className="path-text">
                      {l.setting.file}
                    </Typography.Text>
                  ),
                },
              ]}
            />
            {l.overridden && (
              <Alert
                type="info"
                showIcon
                className="archive-location-overridden"
                title={
                  l.overridden === 'cli'
                    ? t('这次启动用启动参数 --db 指定了档案库（{place}）。', { place: l.current.display })
                    : t('这次启动用环境变量 CLERKDESK_DB 指定了档案库（{place}）。', { place: l.current.display })
                }
                description={t('这里的设置只在不带它启动时生效。')}
              />
            )}
            {l.settingProblem && (
              <Alert type="error" showIcon title={t('档案库设置文件有问题')} description={l.settingProblem} />
            )}
            {(saved || l.restartNeeded) && (
              <Alert
                type="warning"
                showIcon
                className="archive-location-restart"
                title={t('已保存，重新启动后使用 {place}', { place: l.next.display })}
                description={saved ?? undefined}
              />
            )}
            <Flex gap={8} wrap>
              <Button icon={<DatabaseOutlined />} onClick={() => setEditing(true)}>
                {t('更改档案库位置…')}
              </Button>
              {(l.current.kind === 'server' || l.next.kind === 'server') && (
                <Button icon={<LaptopOutlined />} onClick={() => backToFile(l)}>
                  {t('改回本机文件')}
                </Button>
              )}
            </Flex>
            {editing && (
              <ServerModal
                onClose={() => setEditing(false)}
                onSaved={(text) => {
                  setEditing(false);
                  setSaved(text);
                  location.reload();
                }}
              />
            )}
          </Flex>
        )}
      </Loaded>
    </div>
  );
}

/** The test's answer with its status icon: good, usable with a step first (empty), or what to fix. */
function CheckResult({ check }: { check: ArchiveServerCheck }) {
  const { t } = useI18n();
  const good = check.usable && check.migrateCommand === null;
  const type = good ? 'success' : check.usable ? 'warning' : 'error';
  const icon = good ? <CheckCircleFilled /> : check.usable ? <ExclamationCircleFilled /> : <CloseCircleFilled />;
  return (
    <Alert
      type={type}
      showIcon
      icon={icon}
      className="archive-location-check"
      title={good ? t('连接正常，可以使用') : check.usable ? t('可以使用，但要先复制档案') : t('不能使用')}
      description={
        <>
          <div>{check.message}</div>
          {check.migrateCommand && (
            <Typography.Paragraph copyable className="mono archive-location-command">
              {check.migrateCommand}
            </Typography.Paragraph>
          )}
        </>
      }
    />
  );
}

function ServerModal({ onClose, onSaved }: { onClose(): void; onSaved(message: string): void }) {
  const api = useApi();
  const { modal } = App.useApp();
  const { t } = useI18n();
  const [form] = Form.useForm<ServerValues>();
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [check, setCheck] = useState<ArchiveServerCheck | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  // 保存 only after a good test of exactly these fields: any edit asks for a new test.
  const [edited, setEdited] = useState(false);
  const testedGood = check?.usable === true && !edited;

  const valuesOf = async (): Promise<ServerValues | null> => {
    try {
      return await form.validateFields();
    } catch {
      return null;
    }
  };

  const test = async () => {
    const values = await valuesOf();
    if (!values) return;
    setBusy('test');
    setError(null);
    const result = await api.invoke('archiveLocation.testServer', values);
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form, result.error);
      setCheck(null);
      return;
    }
    setCheck(result.value);
    setEdited(false);
    const field = result.value.field;
    if (field && field !== 'encoding') form.setFields([{ name: field, errors: [t('请检查这一项')] }]);
  };

  const save = async () => {
    const values = await valuesOf();
    if (!values) return;
    modal.confirm({
      title: t('保存档案库位置？'),
      content: t('保存后需要重新启动 ClerkDesk 才会打开新的档案库。'),
      okText: t('保存'),
      cancelText: t('取消'),
      onOk: async () => {
        setBusy('save');
        setError(null);
        const result = await api.invoke('archiveLocation.set', { target: 'server', ...values });
        setBusy(null);
        if (!result.ok) {
          setError(result.error);
          applyServerErrors(form, result.error);
          return;
        }
        onSaved(result.value.message);
      },
    });
  };

  return (
    <Modal
      open
      title={t('更改档案库位置：共享服务器（PostgreSQL）')}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Flex gap={8} justify="end" wrap>
          <Button onClick={onClose}>{t('取消')}</Button>
          <Button onClick={() => void test()} loading={busy === 'test'} disabled={busy === 'save'}>
            {t('测试连接')}
          </Button>
          <Button type="primary" onClick={() => void save()} loading={busy === 'save'} disabled={!testedGood}>
            {t('保存')}
          </Button>
        </Flex>
      }
    >
      <Form<ServerValues>
        name="archive-server"
        form={form}
        layout="vertical"
        initialValues={{ host: '', port: 5432, database: 'clerkdesk', user: 'clerkdesk', password: '' }}
        disabled={busy !== null}
        onValuesChange={() => setEdited(true)}
      >
        <Form.Item name="host" label={t('服务器地址')} required rules={[fieldRule(serverAddress.host)]}>
          <Input placeholder={t('如 192.168.1.10 或 server01')} autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item name="port" label={t('端口')} rules={[fieldRule(serverAddress.port)]}>
          <InputNumber<number> min={1} max={65535} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="database" label={t('数据库')} required rules={[fieldRule(serverAddress.database)]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="user" label={t('用户名')} required rules={[fieldRule(serverAddress.user)]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('密码')}
          rules={[fieldRule(serverAddress.password, { optional: true })]}
          extra={t('密码保存在这台电脑本用户自己的设置文件（archive.json）里，不会显示，也不写入操作日志。')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      {check && <CheckResult check={check} />}
      {check && edited && check.usable && (
        <Typography.Paragraph type="secondary" className="card-note">
          {t('填写的内容改过了，请重新测试连接后再保存。')}
        </Typography.Paragraph>
      )}
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
    </Modal>
  );
}
