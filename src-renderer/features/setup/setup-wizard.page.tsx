import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Radio, Select, Spin, Steps, Typography } from 'antd';
import { useState } from 'react';
import { phone, pin, postalCode, requiredText, text } from '../../../src-shared/contract/fields';
import type { SeedSummary } from '../../../src-shared/contract/index';
import { USER_ROLE_LABELS, USER_ROLES, type UserRole } from '../../../src-shared/domain/enums';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { applyServerErrors, fieldRule, SaveErrorAlert } from '../../components/form-support';
import { useI18n } from '../../i18n/i18n';

interface UserRow {
  name?: string;
  role?: UserRole;
  pin?: string;
  pinAgain?: string;
}

interface SetupValues {
  store: { name?: string; address?: string; postalCode?: string; phone?: string };
  users: UserRow[];
  data: { mode: 'empty' | 'demo'; years: number };
}

const STEP_FIELDS: ((string | number)[] | string)[][] = [
  [
    ['store', 'name'],
    ['store', 'address'],
    ['store', 'postalCode'],
    ['store', 'phone'],
  ],
  [],
  [],
];

const INITIAL: SetupValues = {
  store: { name: '', address: '', postalCode: '', phone: '' },
  users: [{ role: 'admin' }, { role: 'clerk' }],
  data: { mode: 'empty', years: 1 },
};

/** First run: store profile → first users (one admin at least) → empty archive or demo data. */
export function SetupWizard() {
  const api = useApi();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const [form] = Form.useForm<SetupValues>();
  const [step, setStep] = useState(0);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const mode = Form.useWatch(['data', 'mode'], form) ?? 'empty';

  const validateStep = async (index: number) => {
    if (index === 1) {
      const users = (form.getFieldValue('users') as UserRow[] | undefined) ?? [];
      const names = users.flatMap((_, i) => [
        ['users', i, 'name'],
        ['users', i, 'role'],
        ['users', i, 'pin'],
        ['users', i, 'pinAgain'],
      ]);
      await form.validateFields([...names, 'users']);
    } else {
      await form.validateFields(STEP_FIELDS[index] ?? []);
    }
  };

  const next = async () => {
    try {
      await validateStep(step);
      setStep((s) => s + 1);
    } catch {
      // antd shows the messages on the fields.
    }
  };

  const finish = async () => {
    try {
      await validateStep(0);
    } catch {
      setStep(0);
      return;
    }
    try {
      await validateStep(1);
    } catch {
      setStep(1);
      return;
    }
    const values = form.getFieldsValue(true) as SetupValues;
    setSaving(true);
    setError(null);
    const result = await api.invoke('setup.complete', {
      store: {
        name: values.store.name ?? '',
        address: values.store.address ?? '',
        postalCode: values.store.postalCode ?? '',
        phone: values.store.phone ?? '',
      },
      users: values.users.map((u) => ({ name: u.name ?? '', role: u.role ?? 'clerk', pin: u.pin ?? '' })),
      demo: values.data.mode === 'demo' ? { years: values.data.years, seed: 1 } : null,
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      const problems = applyServerErrors(form, result.error);
      const firstPath = problems[0]?.path ?? '';
      if (firstPath.startsWith('store')) setStep(0);
      else if (firstPath.startsWith('users')) setStep(1);
      return;
    }
    const { info, seeded } = result.value;
    const who = info.currentUser ? `${info.currentUser.name}（${label(USER_ROLE_LABELS[info.currentUser.role])}）` : '';
    message.success(t('设置完成。当前用户：{who}', { who }));
    if (seeded) message.info(seedText(seeded, t));
  };

  const steps = [
    { title: t('门店信息'), content: t('信件和信封上使用') },
    { title: t('初始用户'), content: t('至少一位管理员') },
    { title: t('数据'), content: t('空档案或示例数据') },
  ];

  return (
    <div className="setup-page">
      <Card className="setup-card">
        <Typography.Title level={3}>{t('欢迎使用 ClerkDesk 售后信息员工作台')}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('第一次使用，请先填写门店信息、建立用户。以后可以在“设置”里修改。')}
        </Typography.Paragraph>
        <Steps current={step} items={steps} className="setup-steps" />
        <Spin
          spinning={saving}
          description={mode === 'demo' ? t('正在生成示例数据，可能需要几秒到几十秒……') : t('正在保存……')}
        >
          <Form form={form} layout="vertical" initialValues={INITIAL} requiredMark="optional" disabled={saving}>
            <div hidden={step !== 0}>
              <StoreStep />
            </div>
            <div hidden={step !== 1}>
              <UsersStep />
            </div>
            <div hidden={step !== 2}>
              <DataStep mode={mode} />
            </div>
            <SaveErrorAlert error={error} onClose={() => setError(null)} />
            <Flex justify="space-between" className="setup-actions">
              <Button disabled={step === 0 || saving} onClick={() => setStep((s) => s - 1)}>
                {t('上一步')}
              </Button>
              {step < 2 ? (
                <Button type="primary" onClick={next}>
                  {t('下一步')}
                </Button>
              ) : (
                <Button type="primary" loading={saving} onClick={finish}>
                  {t('完成设置')}
                </Button>
              )}
            </Flex>
          </Form>
        </Spin>
      </Card>
    </div>
  );
}

function seedText(s: SeedSummary, t: ReturnType<typeof useI18n>['t']): string {
  return t('已生成示例数据：客户 {c} 位、车辆 {v} 辆、修理单 {r} 张（{from} 至 {until}）。', {
    c: s.customers.toLocaleString('en-US'),
    v: s.vehicles.toLocaleString('en-US'),
    r: s.repairOrders.toLocaleString('en-US'),
    from: s.from,
    until: s.until,
  });
}

function StoreStep() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name={['store', 'name']} label={t('门店名称')} required rules={[fieldRule(requiredText(100))]}>
        <Input placeholder={t('如：北京某某汽车销售服务有限公司')} maxLength={100} autoFocus />
      </Form.Item>
      <Form.Item name={['store', 'address']} label={t('地址')} rules={[fieldRule(text(200), { optional: true })]}>
        <Input placeholder={t('寄信时作为寄件人地址')} maxLength={200} />
      </Form.Item>
      <Flex gap={16}>
        <Form.Item
          name={['store', 'postalCode']}
          label={t('邮政编码')}
          rules={[fieldRule(postalCode, { optional: true })]}
          className="grow"
        >
          <Input placeholder="100000" maxLength={6} inputMode="numeric" />
        </Form.Item>
        <Form.Item
          name={['store', 'phone']}
          label={t('电话')}
          rules={[fieldRule(phone, { optional: true })]}
          className="grow"
        >
          <Input placeholder="010-12345678" maxLength={30} />
        </Form.Item>
      </Flex>
    </>
  );
}

function UsersStep() {
  const { t, label } = useI18n();
  const roleOptions = USER_ROLES.map((r) => ({ value: r, label: label(USER_ROLE_LABELS[r]) }));
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t(
          '管理员负责用户和设置；信息员是每天使用的人。PIN 是 4-8 位数字，切换用户时输入，档案的每次修改都会记下是谁做的。',
        )}
      </Typography.Paragraph>
      <Form.List
        name="users"
        rules={[
          {
            validator: async (_rule, users: UserRow[] | undefined) => {
              if (!users || users.length === 0) throw new Error(t('至少要有一位用户'));
              if (!users.some((u) => u?.role === 'admin')) throw new Error(t('至少要有一位管理员'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            <div className="users-grid users-grid-head">
              <span>{t('姓名')}</span>
              <span>{t('角色')}</span>
              <span>PIN</span>
              <span>{t('再次输入 PIN')}</span>
              <span />
            </div>
            {fields.map((field, index) => (
              <div className="users-grid" key={field.key}>
                <Form.Item
                  name={[field.name, 'name']}
                  rules={[
                    fieldRule(requiredText(40)),
                    ({ getFieldValue }) => ({
                      validator: async (_rule, value: string | undefined) => {
                        const users = (getFieldValue('users') as UserRow[]) ?? [];
                        const name = (value ?? '').trim();
                        if (name && users.some((u, i) => i < index && (u?.name ?? '').trim() === name))
                          throw new Error(t('与前面的用户重名'));
                      },
                    }),
                  ]}
                >
                  <Input placeholder={t('姓名')} aria-label={t('姓名（第 {n} 行）', { n: index + 1 })} maxLength={40} />
                </Form.Item>
                <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: t('请选择角色') }]}>
                  <Select options={roleOptions} aria-label={t('角色（第 {n} 行）', { n: index + 1 })} />
                </Form.Item>
                <Form.Item name={[field.name, 'pin']} rules={[fieldRule(pin)]}>
                  <Input.Password
                    placeholder={t('4-8 位数字')}
                    maxLength={8}
                    inputMode="numeric"
                    autoComplete="new-password"
                    aria-label={t('PIN（第 {n} 行）', { n: index + 1 })}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'pinAgain']}
                  dependencies={[['users', field.name, 'pin']]}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: async (_rule, value: string | undefined) => {
                        if ((value ?? '') !== (getFieldValue(['users', field.name, 'pin']) ?? ''))
                          throw new Error(t('两次输入的 PIN 不一致'));
                      },
                    }),
                  ]}
                >
                  <Input.Password
                    placeholder={t('再输一次')}
                    maxLength={8}
                    inputMode="numeric"
                    autoComplete="new-password"
                    aria-label={t('再次输入 PIN（第 {n} 行）', { n: index + 1 })}
                  />
                </Form.Item>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  disabled={fields.length <= 1}
                  onClick={() => remove(field.name)}
                  aria-label={t('删除这一行')}
                  title={t('删除这一行')}
                />
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            <Button icon={<PlusOutlined />} onClick={() => add({ role: 'clerk' })} className="add-row">
              {t('添加用户')}
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}

function DataStep({ mode }: { mode: 'empty' | 'demo' }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name={['data', 'mode']}>
        <Radio.Group className="data-choice" orientation="vertical">
          <Radio value="empty">
            <strong>{t('空档案')}</strong>
            <div className="muted">{t('正式使用：从零开始建客户、车辆和修理单，或以后从 DMS 导入。')}</div>
          </Radio>
          <Radio value="demo">
            <strong>{t('示例数据')}</strong>
            <div className="muted">
              {t('用于试用和培训：生成虚构的客户、车辆和修理单。示例数据不能和正式数据混用，正式使用请另建空档案。')}
            </div>
          </Radio>
        </Radio.Group>
      </Form.Item>
      {mode === 'demo' && (
        <Form.Item name={['data', 'years']} label={t('生成多少年的修理单')}>
          <Select style={{ width: 200 }} options={[1, 2, 3].map((y) => ({ value: y, label: t('{n} 年', { n: y }) }))} />
        </Form.Item>
      )}
    </>
  );
}
