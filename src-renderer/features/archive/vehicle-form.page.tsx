import { Card, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { multilineText, plate, text, vin } from '../../../src-shared/contract/fields';
import { VEHICLE_STATUS_LABELS, VEHICLE_STATUSES, type VehicleStatus } from '../../../src-shared/domain/enums';
import type { Customer, Vehicle } from '../../../src-shared/domain/records';
import { useApi, useQuery } from '../../api/client';
import { enumOptions } from '../../components/enum-labels';
import { fieldRule } from '../../components/form-support';
import { phoneText } from '../../components/format';
import { LoadingPage } from '../../components/page';
import { type PickerOption, RecordPicker } from '../../components/record-picker';
import { useI18n } from '../../i18n/i18n';
import { FormFrame, useRecordForm } from './form-frame';
import { listPath } from './list-state';

export interface VehicleFormValues {
  plate: string;
  vin: string;
  model: string;
  color: string;
  deliveryDate: Dayjs | null;
  ownerId: number | null;
  status: VehicleStatus;
  notes: string;
}

function emptyValues(ownerId: number | null): VehicleFormValues {
  return { plate: '', vin: '', model: '', color: '', deliveryDate: null, ownerId, status: 'active', notes: '' };
}

function fromVehicle(v: Vehicle): VehicleFormValues {
  return {
    plate: v.plate ?? '',
    vin: v.vin ?? '',
    model: v.model,
    color: v.color,
    deliveryDate: v.deliveryDate ? dayjs(v.deliveryDate) : null,
    ownerId: v.ownerId,
    status: v.status,
    notes: v.notes,
  };
}

function toInput(v: VehicleFormValues) {
  return {
    plate: v.plate?.trim() ? v.plate : null,
    vin: v.vin?.trim() ? v.vin : null,
    model: v.model ?? '',
    color: v.color ?? '',
    deliveryDate: v.deliveryDate ? v.deliveryDate.format('YYYY-MM-DD') : null,
    ownerId: v.ownerId ?? null,
    status: v.status ?? 'active',
    notes: v.notes ?? '',
  };
}

export function ownerOption(c: Customer | null | undefined): PickerOption | null {
  return c ? { value: c.id, label: c.mobile ? `${c.name} · ${phoneText(c.mobile)}` : c.name } : null;
}

/** New vehicle (`/archive/vehicles/new?ownerId=3`) or edit (`/archive/vehicles/5/edit`). */
export function VehicleFormPage({ id, ownerId }: { id?: number; ownerId?: number }) {
  const vehicle = useQuery('vehicles.get', id === undefined ? null : { id });
  const owner = useQuery('customers.get', id === undefined && ownerId !== undefined ? { id: ownerId } : null);
  if (id === undefined) {
    if (ownerId !== undefined && owner.data === undefined && owner.error === null) return <div className="page" />;
    const initialOwner = owner.data ? ownerOption(owner.data) : null;
    return <VehicleForm initial={emptyValues(initialOwner ? (ownerId ?? null) : null)} initialOwner={initialOwner} />;
  }
  const v = vehicle.data;
  if (!v) return <LoadingPage data={v} error={vehicle.error} reload={vehicle.reload} />;
  return (
    <VehicleForm
      id={v.id}
      initial={fromVehicle(v)}
      initialOwner={ownerOption(v.owner)}
      title={v.plate ?? v.vin ?? ''}
    />
  );
}

function VehicleForm({
  id,
  initial,
  initialOwner,
  title,
}: {
  id?: number;
  initial: VehicleFormValues;
  initialOwner: PickerOption | null;
  title?: string;
}) {
  const api = useApi();
  const { t, label } = useI18n();
  const [form] = Form.useForm<VehicleFormValues>();
  const flow = useRecordForm({
    form,
    save: (values: VehicleFormValues) =>
      id === undefined
        ? api.invoke('vehicles.create', toInput(values))
        : api.invoke('vehicles.update', { id, ...toInput(values) }),
    savedPath: (saved) => `/archive/vehicles/${saved.record.id}`,
    cancelPath: id === undefined ? listPath('vehicles') : `/archive/vehicles/${id}`,
  });
  const vinValue = Form.useWatch('vin', form) ?? '';
  const vinLength = vinValue.replace(/[\s\-_]/g, '').length;
  const crumbs = [
    { label: t('档案'), to: '/archive/customers' },
    { label: t('车辆'), to: listPath('vehicles') },
    ...(id !== undefined && title ? [{ label: title, to: `/archive/vehicles/${id}` }] : []),
    { label: id === undefined ? t('新建') : t('编辑') },
  ];
  const upper = (value: string | undefined) => (value ?? '').toUpperCase();
  return (
    <FormFrame
      form={form}
      flow={flow}
      crumbs={crumbs}
      title={id === undefined ? t('新建车辆') : t('编辑车辆')}
      initialValues={initial}
    >
      <Card size="small" className="section">
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="plate"
              label={t('车牌号')}
              normalize={upper}
              dependencies={['vin']}
              rules={[
                fieldRule(plate, { optional: true }),
                ({ getFieldValue }) => ({
                  validator: async (_rule, value: string | undefined) => {
                    if (!(value ?? '').trim() && !((getFieldValue('vin') as string | undefined) ?? '').trim())
                      throw new Error('车牌号和车架号至少填一个');
                  },
                }),
              ]}
              extra={t('如 京A12345，新能源 京AD12345')}
            >
              <Input maxLength={20} autoFocus placeholder="京A12345" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item
              name="vin"
              label={t('车架号(VIN)')}
              normalize={upper}
              rules={[fieldRule(vin, { optional: true })]}
              extra={t('17 位，第 9 位是校验位；现在 {n} 位', { n: vinLength })}
            >
              <Input maxLength={40} className="mono" placeholder="LSVAU2180N2123456" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="status" label={t('状态')}>
              <Select options={enumOptions(VEHICLE_STATUSES, VEHICLE_STATUS_LABELS, label)} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="model" label={t('车型')} rules={[fieldRule(text(60), { optional: true })]}>
              <Input maxLength={60} placeholder={t('如：朗逸 1.5L 自动')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="color" label={t('颜色')} rules={[fieldRule(text(20), { optional: true })]}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="deliveryDate" label={t('交车日期')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="ownerId" label={t('车主')} extra={t('输入姓名、手机号（或后4位）、拼音首字母搜索客户')}>
              <RecordPicker kind="customer" initialOption={initialOwner} placeholder={t('搜索客户')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="notes" label={t('备注')} rules={[fieldRule(multilineText(2000), { optional: true })]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Card>
    </FormFrame>
  );
}
