import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, Checkbox, Col, DatePicker, Flex, Form, Input, Row } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { mobile, multilineText, phone, postalCode, requiredText, text } from '../../../src-shared/contract/fields';
import type { Customer } from '../../../src-shared/domain/records';
import { useApi, useQuery } from '../../api/client';
import { fieldRule } from '../../components/form-support';
import { LoadingPage } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { FormFrame, useRecordForm } from './form-frame';
import { listPath } from './list-state';

export interface CustomerFormValues {
  name: string;
  mobile: string;
  otherPhones: string[];
  address: string;
  postalCode: string;
  birthday: Dayjs | null;
  preferredCallTime: string;
  doNotContact: boolean;
  marketingConsent: boolean;
  notes: string;
}

/** Suggestions only; the text is the customer's own words and is stored as typed (in Chinese). */
const CALL_TIME_SUGGESTIONS = ['上午 10-12 点', '下午 3-6 点', '工作日晚上', '周末', '随时'];

const EMPTY: CustomerFormValues = {
  name: '',
  mobile: '',
  otherPhones: [],
  address: '',
  postalCode: '',
  birthday: null,
  preferredCallTime: '',
  doNotContact: false,
  marketingConsent: true,
  notes: '',
};

function fromCustomer(c: Customer): CustomerFormValues {
  return {
    name: c.name,
    mobile: c.mobile ?? '',
    otherPhones: c.otherPhones,
    address: c.address,
    postalCode: c.postalCode,
    birthday: c.birthday ? dayjs(c.birthday) : null,
    preferredCallTime: c.preferredCallTime,
    doNotContact: c.doNotContact,
    marketingConsent: c.marketingConsent,
    notes: c.notes,
  };
}

function toInput(v: CustomerFormValues) {
  return {
    name: v.name ?? '',
    mobile: v.mobile?.trim() ? v.mobile : null,
    otherPhones: (v.otherPhones ?? []).map((p) => p ?? ''),
    address: v.address ?? '',
    postalCode: v.postalCode ?? '',
    birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null,
    preferredCallTime: v.preferredCallTime ?? '',
    doNotContact: Boolean(v.doNotContact),
    marketingConsent: Boolean(v.marketingConsent),
    notes: v.notes ?? '',
  };
}

/** New customer (`/archive/customers/new`) or edit (`/archive/customers/12/edit`). */
export function CustomerFormPage({ id }: { id?: number }) {
  const { data, error, reload } = useQuery('customers.get', id === undefined ? null : { id });
  if (id === undefined) return <CustomerForm initial={EMPTY} />;
  if (!data) return <LoadingPage data={data} error={error} reload={reload} />;
  return <CustomerForm id={data.id} initial={fromCustomer(data)} name={data.name} />;
}

function CustomerForm({ id, initial, name }: { id?: number; initial: CustomerFormValues; name?: string }) {
  const api = useApi();
  const { t } = useI18n();
  const today = useStoreToday();
  const [form] = Form.useForm<CustomerFormValues>();
  const flow = useRecordForm({
    form,
    save: (values: CustomerFormValues) =>
      id === undefined
        ? api.invoke('customers.create', toInput(values))
        : api.invoke('customers.update', { id, ...toInput(values) }),
    savedPath: (saved) => `/archive/customers/${saved.record.id}`,
    cancelPath: id === undefined ? listPath('customers') : `/archive/customers/${id}`,
  });
  const crumbs = [
    { label: t('档案'), to: '/archive/customers' },
    { label: t('客户'), to: listPath('customers') },
    ...(id !== undefined && name ? [{ label: name, to: `/archive/customers/${id}` }] : []),
    { label: id === undefined ? t('新建') : t('编辑') },
  ];
  return (
    <FormFrame
      form={form}
      flow={flow}
      crumbs={crumbs}
      title={id === undefined ? t('新建客户') : t('编辑客户')}
      initialValues={initial}
    >
      <Card size="small" className="section">
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={t('姓名/名称')} required rules={[fieldRule(requiredText(60))]}>
              <Input maxLength={60} autoFocus placeholder={t('个人姓名或单位名称')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="mobile"
              label={t('手机号')}
              rules={[fieldRule(mobile, { optional: true })]}
              extra={t('11 位，可带 +86 或空格')}
            >
              <Input maxLength={30} inputMode="tel" placeholder="138 0013 8000" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="preferredCallTime"
              label={t('方便接听时间')}
              rules={[fieldRule(text(60), { optional: true })]}
            >
              <AutoComplete
                options={CALL_TIME_SUGGESTIONS.map((value) => ({ value }))}
                placeholder={t('如：下午 3-6 点')}
                maxLength={60}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('其他电话')}>
          <Form.List name="otherPhones">
            {(fields, { add, remove }) => (
              <Flex gap={8} wrap align="flex-start">
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={4} align="flex-start">
                    <Form.Item name={field.name} rules={[fieldRule(phone)]} className="inline-item">
                      <Input
                        maxLength={30}
                        placeholder="010-12345678"
                        style={{ width: 170 }}
                        aria-label={t('其他电话（第 {n} 个）', { n: index + 1 })}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('删除')}
                    />
                  </Flex>
                ))}
                {fields.length < 5 && (
                  <Button icon={<PlusOutlined />} onClick={() => add('')}>
                    {t('添加电话')}
                  </Button>
                )}
              </Flex>
            )}
          </Form.List>
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="address" label={t('地址')} rules={[fieldRule(text(200), { optional: true })]}>
              <Input maxLength={200} placeholder={t('寄信用的完整地址')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="postalCode" label={t('邮政编码')} rules={[fieldRule(postalCode, { optional: true })]}>
              <Input maxLength={6} inputMode="numeric" placeholder="100000" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="birthday" label={t('生日')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
            </Form.Item>
          </Col>
        </Row>
        <Flex gap={24}>
          <Form.Item name="doNotContact" valuePropName="checked">
            <Checkbox>{t('勿扰（不要打电话、不要寄信）')}</Checkbox>
          </Form.Item>
          <Form.Item name="marketingConsent" valuePropName="checked">
            <Checkbox>{t('同意营销联系（邀请信、节日问候）')}</Checkbox>
          </Form.Item>
        </Flex>
        <Form.Item name="notes" label={t('备注')} rules={[fieldRule(multilineText(2000), { optional: true })]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Card>
    </FormFrame>
  );
}
