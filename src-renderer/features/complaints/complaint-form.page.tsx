import { SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Flex, Form, Radio, Row, Select, Skeleton, Tooltip } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import {
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_CHANNELS,
  type ComplaintChannel,
  type ComplaintSettings,
  DEFAULT_COMPLAINT_SETTINGS,
} from '../../../src-shared/domain/complaints';
import { RO_TYPE_LABELS, type RoType } from '../../../src-shared/domain/enums';
import type { User } from '../../../src-shared/domain/records';
import type { CallProblem } from '../../../src-shared/domain/revisits';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { enumOptions } from '../../components/enum-labels';
import { applyServerErrors, SaveErrorAlert, useFormShortcuts, useUnsavedGuard } from '../../components/form-support';
import { Kbd, PageHeader, shortcut } from '../../components/page';
import { type PickerOption, RecordPicker } from '../../components/record-picker';
import { useStoreClock } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route } from '../../router/hash-router';
import { PROBLEMS_PATH } from '../revisits/paths';
import {
  REGISTRATION_FIELDS,
  RegistrationFields,
  type RegistrationValues,
  registrationInput,
} from './complaint-fields';
import { COMPLAINTS_PATH, complaintPath } from './paths';

interface NewComplaintValues extends RegistrationValues {
  channel?: ComplaintChannel;
  customerId?: number | null;
  vehicleId?: number | null;
  roId?: number | null;
  openedAt?: Dayjs | null;
}

/** Where a server field path lands on this form. */
function fieldOf(path: string): (string | number)[] | null {
  const head = path.split('.')[0] ?? '';
  if (['channel', 'customerId', 'vehicleId', 'roId', 'openedAt', 'callProblemId'].includes(head))
    return head === 'callProblemId' ? null : [head];
  return REGISTRATION_FIELDS.includes(head) ? [head] : null;
}

/** What a problem call carries over: its customer, vehicle and RO (from the call), words and department. */
interface Prefill {
  problem: CallProblem | null;
  values: NewComplaintValues;
  customer: PickerOption | null;
}

function positiveId(raw: string | null): number | null {
  return raw && /^\d{1,12}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
}

/**
 * 登记投诉 (/complaints/new?problemId=…): from any channel, or from a problem call of 回访 with its
 * customer, vehicle, RO, words and department filled in and the channel 回访电话.
 */
export function ComplaintFormPage({ route }: { route: Route }) {
  const api = useApi();
  const problemId = positiveId(route.query.get('problemId'));
  const customerId = positiveId(route.query.get('customerId'));
  const vehicleId = positiveId(route.query.get('vehicleId'));
  const settings = useQuery('complaintSettings.get', {});
  const users = useQuery('users.list', {});
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [prefillError, setPrefillError] = useState(false);

  useEffect(() => {
    let current = true;
    void (async () => {
      const values: NewComplaintValues = { channel: problemId ? 'call' : 'phone_in' };
      let problem: CallProblem | null = null;
      let customer: PickerOption | null = null;
      if (problemId) {
        const problems = await api.invoke('callProblems.list', { state: 'all' });
        problem = problems.ok ? (problems.value.find((p) => p.id === problemId) ?? null) : null;
        if (!problem) {
          if (current) setPrefillError(true);
        } else {
          const call = await api.invoke('calls.get', { key: problem.callKey });
          if (call.ok) {
            values.customerId = call.value.customer?.id ?? problem.customerId;
            values.vehicleId = call.value.vehicle?.id ?? null;
            values.roId = call.value.repairOrder?.id ?? null;
          } else values.customerId = problem.customerId;
          values.description = problem.words;
          values.department = problem.department;
          if (problem.ownerUserId) values.ownerUserId = problem.ownerUserId;
          if (values.customerId && problem.customerName)
            customer = { value: values.customerId, label: problem.customerName };
        }
      } else if (vehicleId) {
        const vehicle = await api.invoke('vehicles.get', { id: vehicleId });
        if (vehicle.ok && vehicle.value.owner) {
          values.customerId = vehicle.value.owner.id;
          values.vehicleId = vehicleId;
          customer = { value: vehicle.value.owner.id, label: vehicle.value.owner.name };
        }
      } else if (customerId) {
        const found = await api.invoke('customers.get', { id: customerId });
        if (found.ok) {
          values.customerId = customerId;
          customer = { value: customerId, label: found.value.name };
          if (found.value.vehicles.length === 1) values.vehicleId = found.value.vehicles[0]?.id ?? null;
        }
      }
      if (current) setPrefill({ problem, values, customer });
    })();
    return () => {
      current = false;
    };
  }, [api, problemId, customerId, vehicleId]);

  if (!prefill || !settings.data || !users.data)
    return (
      <div className="page">
        <Skeleton active paragraph={{ rows: 10 }} />
      </div>
    );
  return (
    <NewComplaintForm
      prefill={prefill}
      prefillError={prefillError}
      settings={settings.data ?? DEFAULT_COMPLAINT_SETTINGS}
      users={users.data}
    />
  );
}

function NewComplaintForm({
  prefill,
  prefillError,
  settings,
  users,
}: {
  prefill: Prefill;
  prefillError: boolean;
  settings: ComplaintSettings;
  users: User[];
}) {
  const { t, label } = useI18n();
  const api = useApi();
  const clock = useStoreClock();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewComplaintValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [dirty, setDirty] = useState(false);
  const [hoursByHand, setHoursByHand] = useState(false);
  const [customer, setCustomer] = useState<PickerOption | null>(prefill.customer);
  const { confirmLeave } = useUnsavedGuard(dirty);
  const customerId = Form.useWatch('customerId', form) as number | null | undefined;
  const vehicleId = Form.useWatch('vehicleId', form) as number | null | undefined;
  const customerDetail = useQuery('customers.get', customerId ? { id: customerId } : null);
  const vehicleDetail = useQuery('vehicles.get', vehicleId ? { id: vehicleId } : null);
  const problem = prefill.problem;
  const level = prefill.values.level ?? 'complaint';

  const submit = useCallback(async () => {
    if (saving) return;
    try {
      await form.validateFields();
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
      return;
    }
    const values = form.getFieldsValue(true) as NewComplaintValues;
    const openedAt = values.openedAt ? clock.instantOf(values.openedAt.format('YYYY-MM-DD HH:mm')) : null;
    setSaving(true);
    setError(null);
    const result = await api.invoke('complaints.create', {
      channel: values.channel ?? 'phone_in',
      customerId: values.customerId ?? null,
      vehicleId: values.vehicleId ?? null,
      roId: values.roId ?? null,
      openedAt,
      callProblemId: problem?.id ?? null,
      ...registrationInput(values, settings),
    });
    setSaving(false);
    if (!result.ok) {
      const shown = applyServerErrors(form, result.error, fieldOf);
      const placed = shown.filter((p) => fieldOf(p.path) !== null);
      setError(placed.length === shown.length && shown.length > 0 ? null : result.error);
      return;
    }
    setDirty(false);
    message.success(t('已登记投诉 {no}', { no: result.value.no }));
    await navigate(complaintPath(result.value.id), { replace: true, force: true });
  }, [api, clock, form, message, problem, saving, settings, t]);

  const backPath = problem ? PROBLEMS_PATH : COMPLAINTS_PATH;
  const cancel = useCallback(async () => {
    if (saving) return;
    if (await confirmLeave()) await navigate(backPath, { force: true });
  }, [saving, confirmLeave, backPath]);
  useFormShortcuts({ onSave: () => void submit(), onCancel: () => void cancel() });

  const vehicles = customerDetail.data?.vehicles ?? [];
  const ros = vehicleDetail.data?.history ?? [];
  return (
    <div className="page complaint-form-page">
      <PageHeader
        crumbs={[{ label: t('投诉'), to: COMPLAINTS_PATH }, { label: t('登记投诉') }]}
        title={t('登记投诉')}
        subtitle={problem ? t('来自回访问题客户：{who}', { who: problem.customerName ?? '' }) : undefined}
        actions={
          <>
            <Button onClick={() => void cancel()}>{t('取消')}</Button>
            <Tooltip title={shortcut('Ctrl+S')}>
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={saving}
                onClick={() => void submit()}
                className="save-complaint"
              >
                {t('保存')}
              </Button>
            </Tooltip>
          </>
        }
      />
      {prefillError && <Alert type="warning" showIcon title={t('没有找到这条问题客户记录，请在下面手工填写')} />}
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form<NewComplaintValues>
        form={form}
        name="complaint"
        layout="vertical"
        requiredMark
        initialValues={{
          level,
          type: 'quality',
          department: 'reception',
          secondaryDepartments: [],
          respondWithinHours: settings.responseHours[level],
          resolveMode: 'workdays',
          resolveWorkingDays: settings.resolveWorkingDays,
          resolveBy: null,
          ownerUserId: null,
          vehicleId: null,
          roId: null,
          openedAt: null,
          demand: '',
          ...prefill.values,
        }}
        onValuesChange={(changed: Partial<NewComplaintValues>) => {
          setDirty(true);
          if ('respondWithinHours' in changed) setHoursByHand(true);
          if (changed.level && !hoursByHand)
            form.setFieldValue('respondWithinHours', settings.responseHours[changed.level]);
          if ('customerId' in changed) form.setFieldsValue({ vehicleId: null, roId: null });
          if ('vehicleId' in changed) form.setFieldValue('roId', null);
        }}
        className="complaint-form"
      >
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('谁，哪辆车')} className="section">
              <Form.Item name="channel" label={t('渠道')} rules={[{ required: true, message: t('请选择投诉渠道') }]}>
                <Radio.Group
                  optionType="button"
                  size="small"
                  options={enumOptions(COMPLAINT_CHANNELS, COMPLAINT_CHANNEL_LABELS, label)}
                />
              </Form.Item>
              <Form.Item name="customerId" label={t('客户')} rules={[{ required: true, message: t('请选择客户') }]}>
                <RecordPicker
                  kind="customer"
                  initialOption={customer}
                  onChange={(_, option) => setCustomer(option)}
                  placeholder={t('输入姓名、手机号（或后4位）、拼音首字母')}
                />
              </Form.Item>
              <Form.Item name="vehicleId" label={t('车辆')}>
                <Select<number | null>
                  allowClear
                  disabled={!customerId}
                  loading={customerDetail.loading}
                  placeholder={customerId ? t('客户名下的车辆') : t('先选客户')}
                  options={vehicles.map((v) => ({
                    value: v.id,
                    label: [v.plate ?? v.vin ?? '—', v.model].filter(Boolean).join(' · '),
                  }))}
                />
              </Form.Item>
              <Form.Item name="roId" label={t('修理单')}>
                <Select<number | null>
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  disabled={!vehicleId}
                  loading={vehicleDetail.loading}
                  placeholder={vehicleId ? t('这辆车的修理单') : t('先选车辆')}
                  options={ros.map((r) => ({
                    value: r.roId,
                    label: `${r.roNumber} · ${r.openedAt.slice(0, 10)} · ${label(RO_TYPE_LABELS[r.type as RoType] ?? r.type)}${r.advisorName ? ` · ${r.advisorName}` : ''}`,
                  }))}
                />
              </Form.Item>
              <Form.Item name="openedAt" label={t('收到时间')} extra={t('不填：现在。信件、厂家转办可填收到的时间')}>
                <DatePicker
                  showTime={{ format: 'HH:mm', minuteStep: 5 }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                  disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today}
                  placeholder={t('现在')}
                />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small" title={t('投诉内容与处理要求')} className="section">
              <RegistrationFields form={form} settings={settings} users={users} openedOn={clock.today} />
            </Card>
          </Col>
        </Row>
      </Form>
      <Flex className="keys-hint small muted" gap={8}>
        <span>
          <Kbd>{shortcut('Ctrl+S')}</Kbd> {t('保存')} · <Kbd>Esc</Kbd> {t('取消')}
        </span>
      </Flex>
    </div>
  );
}
