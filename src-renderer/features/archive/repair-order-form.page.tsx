import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  type FormInstance,
  type FormListFieldData,
  Input,
  InputNumber,
  Row,
  Select,
  Table,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { repairOrderInput } from '../../../src-shared/contract/archive.contract';
import { mileage, multilineText, requiredText, text } from '../../../src-shared/contract/fields';
import {
  PAYER_LABELS,
  PAYERS,
  type Payer,
  RO_STATUS_LABELS,
  RO_STATUSES,
  RO_TYPE_LABELS,
  RO_TYPES,
  type RoStatus,
  type RoType,
} from '../../../src-shared/domain/enums';
import type { RepairOrderDetail, Vehicle } from '../../../src-shared/domain/records';
import { useApi, useQuery } from '../../api/client';
import { enumOptions } from '../../components/enum-labels';
import { fieldRule, toNamePath } from '../../components/form-support';
import { fenToYuan, mileageText, money, yuanToFen } from '../../components/format';
import { LoadingPage } from '../../components/page';
import { type PickerOption, RecordPicker } from '../../components/record-picker';
import { useStoreClock } from '../../components/store-clock';
import { type I18n, useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { FormFrame, useRecordForm } from './form-frame';
import { listPath } from './list-state';
import { ownerOption } from './vehicle-form.page';

interface LaborRow {
  description?: string;
  hours?: number | null;
  /** 元 in the form; fen on the wire. */
  amountFen?: number | null;
  payer?: Payer;
}

interface PartRow {
  partNumber?: string;
  name?: string;
  quantity?: number | null;
  /** 元 in the form; fen on the wire. */
  unitPriceFen?: number | null;
  payer?: Payer;
}

export interface RepairOrderFormValues {
  roNumber: string;
  vehicleId: number | null;
  customerId: number | null;
  advisorName: string;
  openedAt: Dayjs | null;
  mileageIn: number | null;
  type: RoType | undefined;
  status: RoStatus;
  completedAt: Dayjs | null;
  deliveredAt: Dayjs | null;
  settledAt: Dayjs | null;
  payer: Payer;
  complaint: string;
  declinedWork: string;
  nextServiceDate: Dayjs | null;
  nextServiceMileage: number | null;
  notes: string;
  laborLines: LaborRow[];
  partLines: PartRow[];
  /** 元; used only when the order has no labour lines (e.g. a DMS import carried only totals). */
  laborFen: number | null;
  /** 元; used only when the order has no parts lines. */
  partsFen: number | null;
}

const DATETIME = 'YYYY-MM-DD HH:mm';

function localTime(instant: string | null): Dayjs | null {
  return instant ? dayjs(instant.slice(0, 16)) : null;
}

/** A new order opened now: `openedAt` is the store's wall clock to the minute (useStoreClock). */
function emptyValues(openedAt: Dayjs, vehicleId: number | null, roNumber = ''): RepairOrderFormValues {
  return {
    roNumber,
    vehicleId,
    customerId: null,
    advisorName: '',
    openedAt,
    mileageIn: null,
    type: undefined,
    status: 'in_repair',
    completedAt: null,
    deliveredAt: null,
    settledAt: null,
    payer: 'customer',
    complaint: '',
    declinedWork: '',
    nextServiceDate: null,
    nextServiceMileage: null,
    notes: '',
    laborLines: [],
    partLines: [],
    laborFen: null,
    partsFen: null,
  };
}

function fromOrder(ro: RepairOrderDetail): RepairOrderFormValues {
  return {
    roNumber: ro.roNumber,
    vehicleId: ro.vehicleId,
    customerId: ro.customerId,
    advisorName: ro.advisorName,
    openedAt: localTime(ro.openedAt),
    mileageIn: ro.mileageIn,
    type: ro.type,
    status: ro.status,
    completedAt: localTime(ro.completedAt),
    deliveredAt: localTime(ro.deliveredAt),
    settledAt: localTime(ro.settledAt),
    payer: ro.payer,
    complaint: ro.complaint,
    declinedWork: ro.declinedWork,
    nextServiceDate: ro.nextServiceDate ? dayjs(ro.nextServiceDate) : null,
    nextServiceMileage: ro.nextServiceMileage,
    notes: ro.notes,
    laborLines: ro.laborLines.map((l) => ({
      description: l.description,
      hours: l.hours,
      amountFen: fenToYuan(l.amountFen),
      payer: l.payer,
    })),
    partLines: ro.partLines.map((p) => ({
      partNumber: p.partNumber,
      name: p.name,
      quantity: p.quantity,
      unitPriceFen: fenToYuan(p.unitPriceFen),
      payer: p.payer,
    })),
    laborFen: ro.laborLines.length === 0 ? fenToYuan(ro.laborFen) : null,
    partsFen: ro.partLines.length === 0 ? fenToYuan(ro.partsFen) : null,
  };
}

function partAmountFen(p: PartRow): number {
  return Math.round((p.quantity ?? 0) * (yuanToFen(p.unitPriceFen) ?? 0));
}

/** `instantOf`: a picked local time → ISO with the store's offset then (not the PC's). */
function toInput(v: RepairOrderFormValues, instantOf: (local: string) => string | null) {
  const laborLines = (v.laborLines ?? []).map((l) => ({
    description: l.description ?? '',
    hours: l.hours ?? 0,
    amountFen: yuanToFen(l.amountFen) ?? 0,
    payer: l.payer ?? 'customer',
  }));
  const partLines = (v.partLines ?? []).map((p) => ({
    partNumber: p.partNumber ?? '',
    name: p.name ?? '',
    quantity: p.quantity ?? 0,
    unitPriceFen: yuanToFen(p.unitPriceFen) ?? 0,
    amountFen: partAmountFen(p),
    payer: p.payer ?? 'customer',
  }));
  const at = (d: Dayjs | null) => (d ? (instantOf(d.format(DATETIME)) ?? d.format(DATETIME)) : null);
  return {
    roNumber: v.roNumber ?? '',
    vehicleId: v.vehicleId ?? 0,
    customerId: v.customerId ?? null,
    advisorName: v.advisorName ?? '',
    openedAt: at(v.openedAt) ?? '',
    mileageIn: v.mileageIn ?? null,
    type: v.type ?? 'repair',
    status: v.status ?? 'in_repair',
    completedAt: at(v.completedAt),
    deliveredAt: at(v.deliveredAt),
    settledAt: at(v.settledAt),
    payer: v.payer ?? 'customer',
    complaint: v.complaint ?? '',
    declinedWork: v.declinedWork ?? '',
    nextServiceDate: v.nextServiceDate ? v.nextServiceDate.format('YYYY-MM-DD') : null,
    nextServiceMileage: v.nextServiceMileage ?? null,
    notes: v.notes ?? '',
    laborLines,
    partLines,
    ...(laborLines.length === 0 && v.laborFen !== null && v.laborFen !== undefined
      ? { laborFen: yuanToFen(v.laborFen) ?? 0 }
      : {}),
    ...(partLines.length === 0 && v.partsFen !== null && v.partsFen !== undefined
      ? { partsFen: yuanToFen(v.partsFen) ?? 0 }
      : {}),
  };
}

/** A parts line's amount is computed (quantity × unit price), so its server message belongs on the unit price. */
function mapErrorPath(path: string): (string | number)[] | null {
  const name = toNamePath(path);
  if (name[0] === 'partLines' && name[2] === 'amountFen') return ['partLines', name[1] ?? 0, 'unitPriceFen'];
  return name;
}

function vehicleOption(v: Vehicle | null | undefined): PickerOption | null {
  if (!v) return null;
  return { value: v.id, label: [v.plate ?? v.vin ?? `#${v.id}`, v.model].filter(Boolean).join(' · ') };
}

/**
 * New RO (`/archive/repair-orders/new?vehicleId=5&roNumber=RO…`, e.g. from 对单 for a sheet on paper
 * but not in the DMS) or edit (`/archive/repair-orders/9/edit`).
 */
export function RepairOrderFormPage({
  id,
  vehicleId,
  roNumber,
}: {
  id?: number;
  vehicleId?: number;
  roNumber?: string;
}) {
  const clock = useStoreClock();
  const order = useQuery('repairOrders.get', id === undefined ? null : { id });
  const vehicle = useQuery('vehicles.get', id === undefined && vehicleId !== undefined ? { id: vehicleId } : null);
  if (id === undefined) {
    if (vehicleId !== undefined && vehicle.data === undefined && vehicle.error === null)
      return <div className="page" />;
    const initialVehicle = vehicleOption(vehicle.data);
    return (
      <RepairOrderForm
        initial={emptyValues(
          clock.nowValue(),
          initialVehicle ? (vehicleId ?? null) : null,
          (roNumber ?? '').slice(0, 40),
        )}
        initialVehicle={initialVehicle}
        initialCustomer={null}
      />
    );
  }
  const ro = order.data;
  if (!ro) return <LoadingPage data={ro} error={order.error} reload={order.reload} />;
  return (
    <RepairOrderForm
      id={ro.id}
      title={ro.roNumber}
      initial={fromOrder(ro)}
      initialVehicle={vehicleOption(ro.vehicle)}
      initialCustomer={ownerOption(ro.customer)}
    />
  );
}

function RepairOrderForm({
  id,
  title,
  initial,
  initialVehicle,
  initialCustomer,
}: {
  id?: number;
  title?: string;
  initial: RepairOrderFormValues;
  initialVehicle: PickerOption | null;
  initialCustomer: PickerOption | null;
}) {
  const api = useApi();
  const { t, label } = useI18n();
  const { instantOf } = useStoreClock();
  const [form] = Form.useForm<RepairOrderFormValues>();
  const flow = useRecordForm({
    form,
    save: (values: RepairOrderFormValues) =>
      id === undefined
        ? api.invoke('repairOrders.create', toInput(values, instantOf))
        : api.invoke('repairOrders.update', { id, ...toInput(values, instantOf) }),
    savedPath: (saved) => `/archive/repair-orders/${saved.record.id}`,
    cancelPath: id === undefined ? listPath('repair-orders') : `/archive/repair-orders/${id}`,
    mapErrorPath,
  });
  const vehicleId = Form.useWatch('vehicleId', form) as number | null | undefined;
  const status = Form.useWatch('status', form) as RoStatus | undefined;
  const vehicle = useQuery('vehicles.get', vehicleId ? { id: vehicleId } : null);
  const advisors = useQuery('users.list', { includeInactive: false });
  const advisorOptions = (advisors.data ?? []).filter((u) => u.role === 'advisor').map((u) => ({ value: u.name }));
  const payerOptions = enumOptions(PAYERS, PAYER_LABELS, label);

  const crumbs = [
    { label: t('档案'), to: '/archive/customers' },
    { label: t('修理单'), to: listPath('repair-orders') },
    ...(id !== undefined && title ? [{ label: title, to: `/archive/repair-orders/${id}` }] : []),
    { label: id === undefined ? t('新建') : t('编辑') },
  ];
  const deliveredNeeded = status === 'delivered' || status === 'settled';

  return (
    <FormFrame
      form={form}
      flow={flow}
      crumbs={crumbs}
      title={id === undefined ? t('新建修理单') : t('编辑修理单')}
      initialValues={initial}
    >
      <Card size="small" title={t('工单')} className="section">
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item
              name="roNumber"
              label={t('工单号')}
              required
              normalize={(v: string | undefined) => (v ?? '').toUpperCase()}
              validateFirst
              rules={[
                { required: true, whitespace: true, message: t('必填，请填写') },
                fieldRule(repairOrderInput.shape.roNumber),
              ]}
            >
              <Input maxLength={40} className="mono" autoFocus={id === undefined} placeholder="RO2611220001" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item
              name="vehicleId"
              label={t('车辆')}
              required
              rules={[{ required: true, message: t('请选择车辆（输入车牌或车架号搜索）') }]}
              extra={
                vehicle.data ? (
                  <span>
                    {t('车主')}：
                    {vehicle.data.owner ? (
                      <Link to={`/archive/customers/${vehicle.data.owner.id}`}>{vehicle.data.owner.name}</Link>
                    ) : (
                      t('未登记')
                    )}
                    {' · '}
                    {t('最新里程')} {mileageText(vehicle.data.latestMileage)}
                  </span>
                ) : (
                  t('输入车牌片段、车架号后6位或车主姓名搜索；没有档案的车请先新建车辆')
                )
              }
            >
              <RecordPicker kind="vehicle" initialOption={initialVehicle} placeholder={t('搜索车辆')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="customerId" label={t('客户')} extra={t('不填则为车主')}>
              <RecordPicker kind="customer" initialOption={initialCustomer} placeholder={t('默认为车主')} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item
              name="openedAt"
              label={t('进厂时间')}
              required
              rules={[{ required: true, message: t('请填写进厂时间') }]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format={DATETIME} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="mileageIn" label={t('进厂里程')} rules={[fieldRule(mileage, { optional: true })]}>
              <InputNumber<number> min={0} precision={0} style={{ width: '100%' }} suffix="km" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item
              name="type"
              label={t('维修类别')}
              required
              rules={[{ required: true, message: t('请选择维修类别') }]}
            >
              <Select options={enumOptions(RO_TYPES, RO_TYPE_LABELS, label)} placeholder={t('请选择')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="status" label={t('状态')}>
              <Select options={enumOptions(RO_STATUSES, RO_STATUS_LABELS, label)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={3}>
            <Form.Item name="payer" label={t('付费方')}>
              <Select options={payerOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} md={3}>
            <Form.Item name="advisorName" label={t('服务顾问')} rules={[fieldRule(text(40), { optional: true })]}>
              <AutoComplete options={advisorOptions} maxLength={40} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="completedAt" label={t('完工时间')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format={DATETIME} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="deliveredAt" label={t('交车时间')} required={deliveredNeeded}>
              <DatePicker showTime={{ format: 'HH:mm' }} format={DATETIME} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="settledAt" label={t('结算时间')} required={status === 'settled'}>
              <DatePicker showTime={{ format: 'HH:mm' }} format={DATETIME} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="complaint"
              label={t('客户描述')}
              rules={[fieldRule(multilineText(2000), { optional: true })]}
            >
              <Input.TextArea rows={2} maxLength={2000} placeholder={t('客户说的故障或要求')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="declinedWork"
              label={t('客户拒绝的建议项目')}
              rules={[fieldRule(multilineText(2000), { optional: true })]}
            >
              <Input.TextArea rows={2} maxLength={2000} placeholder={t('建议但客户未做的项目，尤其是安全项目')} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <LaborLines form={form} payerOptions={payerOptions} />
      <PartLines form={form} payerOptions={payerOptions} />
      <Card size="small" title={t('下次保养与备注')} className="section">
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="nextServiceDate" label={t('下次保养日期')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="nextServiceMileage"
              label={t('下次保养里程')}
              rules={[fieldRule(mileage, { optional: true })]}
            >
              <InputNumber<number> min={0} precision={0} style={{ width: '100%' }} suffix="km" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="notes" label={t('备注')} rules={[fieldRule(multilineText(2000), { optional: true })]}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <TotalsBar form={form} />
    </FormFrame>
  );
}

type PayerOptions = { value: Payer; label: string }[];

function LaborLines({ form, payerOptions }: { form: FormInstance<RepairOrderFormValues>; payerOptions: PayerOptions }) {
  const { t } = useI18n();
  const lines = (Form.useWatch('laborLines', form) ?? []) as LaborRow[];
  return (
    <Card size="small" title={t('工时项目')} className="section">
      <Form.List name="laborLines">
        {(fields, { remove }) => (
          <>
            <Table
              size="small"
              pagination={false}
              dataSource={fields}
              rowKey="key"
              className="line-table"
              locale={{ emptyText: t('没有工时明细') }}
              columns={[
                {
                  title: '#',
                  key: 'no',
                  width: 40,
                  render: (_: unknown, _f, index) => <span className="line-no">{index + 1}</span>,
                },
                {
                  title: t('项目名称'),
                  key: 'description',
                  render: (_: unknown, field) => (
                    <Form.Item
                      name={[field.name, 'description']}
                      rules={[fieldRule(requiredText(200))]}
                      className="cell-item"
                    >
                      <Input maxLength={200} aria-label={t('项目名称')} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('工时'),
                  key: 'hours',
                  width: 100,
                  render: (_: unknown, field) => (
                    <Form.Item name={[field.name, 'hours']} className="cell-item">
                      <InputNumber<number>
                        min={0}
                        max={1000}
                        step={0.1}
                        style={{ width: '100%' }}
                        aria-label={t('工时')}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: t('金额（元）'),
                  key: 'amount',
                  width: 140,
                  render: (_: unknown, field) => (
                    <Form.Item
                      name={[field.name, 'amountFen']}
                      rules={[{ required: true, message: t('请填写金额') }]}
                      className="cell-item"
                    >
                      <InputNumber<number>
                        precision={2}
                        style={{ width: '100%' }}
                        prefix="¥"
                        aria-label={t('金额（元）')}
                      />
                    </Form.Item>
                  ),
                },
                ...payerAndRemoveColumns(t, payerOptions, remove),
              ]}
            />
          </>
        )}
      </Form.List>
      {/* Outside the Form.List: a Form.Item inside it would be named laborLines.laborFen. */}
      <div className="line-actions">
        <Button
          icon={<PlusOutlined />}
          onClick={() =>
            form.setFieldValue('laborLines', [
              ...((form.getFieldValue('laborLines') as LaborRow[] | undefined) ?? []),
              { description: '', hours: 0, amountFen: null, payer: form.getFieldValue('payer') ?? 'customer' },
            ])
          }
        >
          {t('添加工时项目')}
        </Button>
        {lines.length === 0 && (
          <Form.Item name="laborFen" label={t('没有明细时的工时费合计（元）')} className="inline-total">
            <InputNumber<number> precision={2} prefix="¥" style={{ width: 160 }} />
          </Form.Item>
        )}
      </div>
    </Card>
  );
}

function PartLines({ form, payerOptions }: { form: FormInstance<RepairOrderFormValues>; payerOptions: PayerOptions }) {
  const { t } = useI18n();
  const lines = (Form.useWatch('partLines', form) ?? []) as PartRow[];
  return (
    <Card size="small" title={t('材料项目')} className="section">
      <Form.List name="partLines">
        {(fields, { remove }) => (
          <>
            <Table
              size="small"
              pagination={false}
              dataSource={fields}
              rowKey="key"
              className="line-table"
              locale={{ emptyText: t('没有材料明细') }}
              columns={[
                {
                  title: '#',
                  key: 'no',
                  width: 40,
                  render: (_: unknown, _f, index) => <span className="line-no">{index + 1}</span>,
                },
                {
                  title: t('配件编号'),
                  key: 'partNumber',
                  width: 150,
                  render: (_: unknown, field) => (
                    <Form.Item
                      name={[field.name, 'partNumber']}
                      rules={[fieldRule(text(40), { optional: true })]}
                      className="cell-item"
                    >
                      <Input maxLength={40} className="mono" aria-label={t('配件编号')} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('名称'),
                  key: 'name',
                  render: (_: unknown, field) => (
                    <Form.Item name={[field.name, 'name']} rules={[fieldRule(requiredText(200))]} className="cell-item">
                      <Input maxLength={200} aria-label={t('名称')} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('数量'),
                  key: 'quantity',
                  width: 90,
                  render: (_: unknown, field) => (
                    <Form.Item
                      name={[field.name, 'quantity']}
                      rules={[
                        { required: true, message: t('请填写数量') },
                        { type: 'number', min: 0.001, message: '数量应大于 0' },
                      ]}
                      className="cell-item"
                    >
                      <InputNumber<number> min={0} style={{ width: '100%' }} aria-label={t('数量')} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('单价（元）'),
                  key: 'unitPrice',
                  width: 130,
                  render: (_: unknown, field) => (
                    <Form.Item
                      name={[field.name, 'unitPriceFen']}
                      rules={[{ required: true, message: t('请填写单价') }]}
                      className="cell-item"
                    >
                      <InputNumber<number>
                        precision={2}
                        style={{ width: '100%' }}
                        prefix="¥"
                        aria-label={t('单价（元）')}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: t('金额'),
                  key: 'amount',
                  width: 120,
                  align: 'right',
                  render: (_: unknown, field) => (
                    <span className="money cell-text">{money(partAmountFen(lines[field.name] ?? {}))}</span>
                  ),
                },
                ...payerAndRemoveColumns(t, payerOptions, remove),
              ]}
            />
          </>
        )}
      </Form.List>
      {/* Outside the Form.List: a Form.Item inside it would be named partLines.partsFen. */}
      <div className="line-actions">
        <Button
          icon={<PlusOutlined />}
          onClick={() =>
            form.setFieldValue('partLines', [
              ...((form.getFieldValue('partLines') as PartRow[] | undefined) ?? []),
              {
                partNumber: '',
                name: '',
                quantity: 1,
                unitPriceFen: null,
                payer: form.getFieldValue('payer') ?? 'customer',
              },
            ])
          }
        >
          {t('添加材料项目')}
        </Button>
        {lines.length === 0 && (
          <Form.Item name="partsFen" label={t('没有明细时的材料费合计（元）')} className="inline-total">
            <InputNumber<number> precision={2} prefix="¥" style={{ width: 160 }} />
          </Form.Item>
        )}
      </div>
    </Card>
  );
}

function TotalsBar({ form }: { form: FormInstance<RepairOrderFormValues> }) {
  const { t } = useI18n();
  const labor = (Form.useWatch('laborLines', form) ?? []) as LaborRow[];
  const parts = (Form.useWatch('partLines', form) ?? []) as PartRow[];
  const laborTotal = Form.useWatch('laborFen', form) as number | null | undefined;
  const partsTotal = Form.useWatch('partsFen', form) as number | null | undefined;
  const laborFen =
    labor.length > 0 ? labor.reduce((s, l) => s + (yuanToFen(l?.amountFen) ?? 0), 0) : (yuanToFen(laborTotal) ?? 0);
  const partsFen =
    parts.length > 0 ? parts.reduce((s, p) => s + partAmountFen(p ?? {}), 0) : (yuanToFen(partsTotal) ?? 0);
  return (
    <div className="totals-bar">
      <span>
        {t('工时费')} <strong className="money">{money(laborFen)}</strong>
      </span>
      <span>
        {t('材料费')} <strong className="money">{money(partsFen)}</strong>
      </span>
      <span>
        {t('合计')} <strong className="money total-sum">{money(laborFen + partsFen)}</strong>
      </span>
    </div>
  );
}

/** The last two columns of both line tables (工时 and 材料): who pays, and remove the line. */
function payerAndRemoveColumns(
  t: I18n['t'],
  payerOptions: { value: string; label: string }[],
  remove: (index: number) => void,
): TableColumnsType<FormListFieldData> {
  return [
    {
      title: t('付费方'),
      key: 'payer',
      width: 100,
      render: (_: unknown, field) => (
        <Form.Item name={[field.name, 'payer']} className="cell-item">
          <Select options={payerOptions} aria-label={t('付费方')} />
        </Form.Item>
      ),
    },
    {
      title: '',
      key: 'remove',
      width: 44,
      render: (_: unknown, field) => (
        <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('删除这一行')} />
      ),
    },
  ];
}
