import {
  FileExcelOutlined,
  LeftOutlined,
  PlusOutlined,
  PrinterOutlined,
  RightOutlined,
  StopOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Segmented,
  Space,
  Table,
  Tag,
  TimePicker,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  APPOINTMENT_PURPOSE_LABELS,
  APPOINTMENT_PURPOSES,
  APPOINTMENT_SOURCE_LABELS,
  APPOINTMENT_STATE_LABELS,
  type Appointment,
  type AppointmentPurpose,
  type AppointmentState,
} from '../../../src-shared/domain/revisits';
import type { AppErrorShape } from '../../../src-shared/errors';
import { addDays } from '../../../src-shared/validation/dates';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { instantText, phoneText } from '../../components/format';
import { Loaded } from '../../components/page';
import { type PickerOption, RecordPicker } from '../../components/record-picker';
import { useStoreClock, useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { HtmlPreviewModal } from '../daily-report/print-preview';
import { downloadBase64 } from '../import/file-bytes';
import { vehiclePath } from '../invitations/paths';
import { UnmaskCheckbox, unmaskedInput, useUnmasked } from '../settings/unmask-choice';

type StateFilter = AppointmentState | 'all';
const FILTERS: readonly StateFilter[] = ['all', 'booked', 'arrived', 'no_show', 'cancelled'];

const STATE_COLOR: Record<AppointmentState, string> = {
  booked: 'blue',
  arrived: 'green',
  no_show: 'red',
  cancelled: 'default',
};

/**
 * 预约登记 for the front desk: a day's appointments by time (the store's today unless another day
 * is picked), 新建预约 for a customer who phones in, cancel with a reason, the printable sheet and
 * its Excel. Arrival is marked by the archive when an RO of the vehicle opens that day.
 */
export function AppointmentsTab() {
  const today = useStoreToday();
  const { t, label } = useI18n();
  const [picked, setPicked] = useState<string | null>(null);
  const date = picked ?? today;
  const [filter, setFilter] = useState<StateFilter>('all');
  const [creating, setCreating] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const { data, error, reload, loading } = useQuery(
    'appointments.list',
    { date, state: 'all' },
    { keepPrevious: true },
  );
  const rows = (data ?? []).filter((a) => filter === 'all' || a.state === filter);
  const count = (s: AppointmentState) => (data ?? []).filter((a) => a.state === s).length;
  const go = (next: string) => setPicked(next === today ? null : next);

  return (
    <div className="appointments-tab">
      <Flex align="center" gap={8} wrap className="section appointments-bar">
        <Tooltip title={t('前一天')}>
          <Button icon={<LeftOutlined />} aria-label={t('前一天')} onClick={() => go(addDays(date, -1))} />
        </Tooltip>
        <DatePicker
          allowClear={false}
          value={dayjs(date)}
          format="YYYY-MM-DD ddd"
          onChange={(d) => d && go(d.format('YYYY-MM-DD'))}
          aria-label={t('预约日期')}
          style={{ width: 170 }}
        />
        <Tooltip title={t('后一天')}>
          <Button icon={<RightOutlined />} aria-label={t('后一天')} onClick={() => go(addDays(date, 1))} />
        </Tooltip>
        <Button onClick={() => go(today)} disabled={date === today}>
          {t('今天')}
        </Button>
        <Segmented<StateFilter>
          value={filter}
          onChange={setFilter}
          options={FILTERS.map((f) => ({
            value: f,
            label: f === 'all' ? t('全部') : label(APPOINTMENT_STATE_LABELS[f]),
          }))}
        />
        <span className="grow" style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('新建预约')}
        </Button>
      </Flex>
      <Card
        size="small"
        className="section appointments-day"
        title={
          date === today
            ? t('今日预约（{n}）', { n: data?.filter((a) => a.state !== 'cancelled').length ?? 0 })
            : t('{date} 的预约（{n}）', { date, n: data?.filter((a) => a.state !== 'cancelled').length ?? 0 })
        }
        extra={<SheetExports date={date} onPreview={() => setPreviewing(true)} />}
      >
        {data && data.length > 0 && (
          <Typography.Paragraph type="secondary" className="appointments-counts">
            {t('已预约 {booked} · 已到店 {arrived} · 未到店 {noShow} · 已取消 {cancelled}', {
              booked: count('booked'),
              arrived: count('arrived'),
              noShow: count('no_show'),
              cancelled: count('cancelled'),
            })}
          </Typography.Paragraph>
        )}
        <Loaded data={data} error={error} reload={reload}>
          {() => (
            <Table<Appointment>
              rowKey="id"
              size="small"
              loading={loading}
              dataSource={rows}
              pagination={false}
              className="appointments-table"
              rowClassName={(a) => `appointment-${a.state}`}
              locale={{ emptyText: t('这一天没有预约') }}
              columns={[
                {
                  title: t('时间'),
                  key: 'time',
                  width: 70,
                  render: (_: unknown, a) =>
                    a.time ? <b className="mono">{a.time}</b> : <span className="muted">{t('未定')}</span>,
                },
                {
                  title: t('车牌'),
                  key: 'plate',
                  width: 100,
                  render: (_: unknown, a) => <Link to={vehiclePath(a.vehicleId)}>{a.plate ?? '—'}</Link>,
                },
                { title: t('车型'), key: 'model', dataIndex: 'model', width: 100 },
                {
                  title: t('客户'),
                  key: 'customer',
                  width: 90,
                  render: (_: unknown, a) => a.customerName ?? '—',
                },
                {
                  title: t('电话'),
                  key: 'phone',
                  width: 120,
                  render: (_: unknown, a) => <span className="mono">{phoneText(a.phone)}</span>,
                },
                {
                  title: t('目的'),
                  key: 'purpose',
                  width: 70,
                  render: (_: unknown, a) => label(APPOINTMENT_PURPOSE_LABELS[a.purpose]),
                },
                { title: t('服务顾问'), key: 'advisor', dataIndex: 'advisor', width: 80 },
                {
                  title: t('备注'),
                  key: 'note',
                  render: (_: unknown, a) => (
                    <>
                      {a.note}
                      {a.state === 'cancelled' && a.cancelledReason && (
                        <div className="small muted">{t('取消原因：{reason}', { reason: a.cancelledReason })}</div>
                      )}
                    </>
                  ),
                },
                {
                  title: t('来源'),
                  key: 'source',
                  width: 90,
                  render: (_: unknown, a) => (
                    <Tooltip title={t('{by} 登记于 {at}', { by: a.createdBy, at: instantText(a.createdAt) })}>
                      <span className="small">{label(APPOINTMENT_SOURCE_LABELS[a.source])}</span>
                    </Tooltip>
                  ),
                },
                {
                  title: t('状态'),
                  key: 'state',
                  width: 150,
                  render: (_: unknown, a) => (
                    <Space size={4}>
                      <Tag color={STATE_COLOR[a.state]} className={`appointment-state-${a.state}`}>
                        {label(APPOINTMENT_STATE_LABELS[a.state])}
                      </Tag>
                      {a.arrivedRoNumber && <span className="mono small">{a.arrivedRoNumber}</span>}
                    </Space>
                  ),
                },
                {
                  title: '',
                  key: 'actions',
                  width: 70,
                  render: (_: unknown, a) =>
                    a.state === 'booked' || a.state === 'no_show' ? (
                      <Button
                        size="small"
                        type="link"
                        danger
                        icon={<StopOutlined />}
                        onClick={() => setCancelling(a)}
                        aria-label={t('取消预约 {plate}', { plate: a.plate ?? '' })}
                      >
                        {t('取消')}
                      </Button>
                    ) : null,
                },
              ]}
            />
          )}
        </Loaded>
      </Card>
      {creating && <NewAppointmentModal date={date < today ? today : date} onClose={() => setCreating(false)} />}
      {cancelling && <CancelModal appointment={cancelling} onClose={() => setCancelling(null)} />}
      {previewing && <SheetPreview date={date} onClose={() => setPreviewing(false)} />}
    </div>
  );
}

function SheetExports({ date, onPreview }: { date: string; onPreview(): void }) {
  const api = useApi();
  const unmask = unmaskedInput(useUnmasked());
  const { message } = App.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const xlsx = async () => {
    setBusy(true);
    try {
      const result = await api.invoke('appointments.sheetXlsx', { date, ...unmask });
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap size={8}>
      <UnmaskCheckbox />
      <Button size="small" icon={<PrinterOutlined />} onClick={onPreview}>
        {t('打印预览')}
      </Button>
      <Button size="small" icon={<FileExcelOutlined />} loading={busy} onClick={() => void xlsx()}>
        {t('导出 Excel')}
      </Button>
    </Space>
  );
}

function SheetPreview({ date, onClose }: { date: string; onClose(): void }) {
  const unmask = unmaskedInput(useUnmasked());
  const query = useQuery('appointments.sheetHtml', { date, ...unmask });
  return <HtmlPreviewModal query={query} onClose={onClose} sendRequest={{ doc: 'appointments', date, ...unmask }} />;
}

interface AppointmentValues {
  vehicleId?: number | null;
  date?: Dayjs | null;
  time?: Dayjs | null;
  purpose?: AppointmentPurpose;
  advisor?: string;
  note?: string;
}

const FIELDS = ['vehicleId', 'date', 'time', 'purpose', 'advisor', 'note'] as const;

/** 新建预约 (客户来电): the vehicle by the quick search; the customer is its owner. */
function NewAppointmentModal({ date, onClose }: { date: string; onClose(): void }) {
  const api = useApi();
  const clock = useStoreClock();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const [form] = Form.useForm<AppointmentValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [vehicle, setVehicle] = useState<PickerOption | null>(null);

  const submit = async (values: AppointmentValues) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('appointments.create', {
      vehicleId: values.vehicleId ?? 0,
      date: values.date ? values.date.format('YYYY-MM-DD') : date,
      time: values.time ? values.time.format('HH:mm') : null,
      purpose: values.purpose ?? 'periodic_service',
      advisor: values.advisor ?? '',
      note: values.note ?? '',
    });
    setBusy(false);
    if (!result.ok) {
      const shown = applyServerErrors(form, result.error, (p) =>
        (FIELDS as readonly string[]).includes(p) ? [p] : p === 'customerId' ? ['vehicleId'] : null,
      );
      if (shown.length === 0 || result.error.details?.fields?.some((f) => f.path === 'customerId'))
        setError(result.error);
      return;
    }
    const a = result.value;
    message.success(
      t('已登记预约：{plate} {date} {time}', { plate: a.plate ?? '', date: a.date, time: a.time ?? t('未定') }),
    );
    onClose();
  };

  return (
    <Modal
      open
      title={t('新建预约（客户来电）')}
      okText={t('登记预约')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={620}
      className="new-appointment-modal"
    >
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form<AppointmentValues>
        name="appointment"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ date: dayjs(date), purpose: 'periodic_service', advisor: '', note: '' }}
        onFinish={(v) => void submit(v)}
        disabled={busy}
      >
        <Form.Item
          name="vehicleId"
          label={t('车辆（车牌或车架号）')}
          rules={[{ required: true, message: t('请选择车辆') }]}
        >
          <RecordPicker
            kind="vehicle"
            initialOption={vehicle}
            onChange={(_, option) => setVehicle(option)}
            placeholder={t('车牌片段、车架号后6位或车主姓名、手机号')}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12} md={8}>
            <Form.Item name="date" label={t('预约日期')} rules={[{ required: true, message: t('请选择日期') }]}>
              <DatePicker
                allowClear={false}
                style={{ width: '100%' }}
                disabledDate={(d) => d.format('YYYY-MM-DD') < clock.today}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="time" label={t('预约时间')} extra={t('不填：客户只约了日期')}>
              <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} needConfirm={false} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="advisor" label={t('服务顾问')}>
              <Input maxLength={20} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="purpose" label={t('预约目的')}>
          <Radio.Group
            optionType="button"
            options={APPOINTMENT_PURPOSES.map((p) => ({ value: p, label: label(APPOINTMENT_PURPOSE_LABELS[p]) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('备注')}>
          <Input.TextArea
            maxLength={200}
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('客户说的问题、要带的配件…')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CancelModal({ appointment, onClose }: { appointment: Appointment; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const submit = async (values: { reason?: string }) => {
    setBusy(true);
    const result = await api.invoke('appointments.cancel', { id: appointment.id, reason: values.reason ?? '' });
    setBusy(false);
    if (result.ok) {
      message.success(t('已取消预约'));
      onClose();
      return;
    }
    if (applyServerErrors(form, result.error, (p) => (p === 'reason' ? ['reason'] : null)).length === 0)
      setError(result.error);
  };
  return (
    <Modal
      open
      title={t('取消预约')}
      okText={t('确认取消预约')}
      okButtonProps={{ danger: true }}
      cancelText={t('返回')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      className="cancel-appointment-modal"
    >
      <Typography.Paragraph>
        {t('{plate} {date} {time} 的预约', {
          plate: appointment.plate ?? '',
          date: appointment.date,
          time: appointment.time ?? t('未定'),
        })}
      </Typography.Paragraph>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form
        name="cancelAppointment"
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="reason"
          label={t('取消原因')}
          rules={[{ required: true, whitespace: true, message: t('请写明取消原因') }]}
        >
          <Input
            maxLength={100}
            autoFocus
            placeholder={t('如 客户出差，改天再约')}
            onPressEnter={() => form.submit()}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
