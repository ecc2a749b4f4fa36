import { Alert, App, DatePicker, Descriptions, Flex, Form, Input, InputNumber } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { OutsideServiceOrder } from '../../../src-shared/domain/claims';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { applyServerErrors } from '../../components/form-support';
import { instantText, mileageText } from '../../components/format';
import { useStoreClock } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { NO_TARGET, type OutsideTarget, OutsideTargetPick } from './outside-target';

const DATETIME = 'YYYY-MM-DD HH:mm';

interface OrderValues {
  orderNo?: string;
  place?: string;
  fault?: string;
  staff?: string;
  device?: string;
  outAt?: Dayjs;
  odometerOut?: number | null;
  note?: string;
}

const ORDER_FIELDS = ['orderNo', 'place', 'fault', 'staff', 'device', 'outAt', 'odometerOut', 'note'];

/** The server's field paths that are the vehicle / RO pick rather than a form field. */
const TARGET_FIELDS = ['roId', 'vehicleId', 'customerId'];

function targetOf(order: OutsideServiceOrder, roWord: string): OutsideTarget {
  return {
    roId: order.roId,
    vehicleId: order.vehicleId,
    customerId: order.customerId,
    text: [order.plate, order.vin, order.customerName, order.roNumber ? `${roWord} ${order.roNumber}` : null]
      .filter(Boolean)
      .join(' · '),
  };
}

/**
 * 外出登记 (no order yet) or 修改 (an order): the service order number, the vehicle or RO, the
 * place, the fault as reported, who goes with which handheld device, the time out (now by the
 * store clock) and the service vehicle's odometer. The number, time and odometer out are fixed
 * once signed out.
 */
export function OutsideOrderModal({
  order,
  onClose,
}: {
  order?: OutsideServiceOrder;
  onClose(saved?: OutsideServiceOrder): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const clock = useStoreClock();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrderValues>();
  const [target, setTarget] = useState<OutsideTarget>(order ? targetOf(order, t('修理单')) : NO_TARGET);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [targetError, setTargetError] = useState<string | null>(null);

  const submit = async (values: OrderValues) => {
    setBusy(true);
    setError(null);
    setTargetError(null);
    const common = {
      roId: target.roId,
      vehicleId: target.vehicleId,
      customerId: target.customerId,
      place: values.place?.trim() ?? '',
      fault: values.fault?.trim() ?? '',
      staff: values.staff?.trim() ?? '',
      device: values.device?.trim() ?? '',
      note: values.note?.trim() ?? '',
    };
    try {
      const result = order
        ? await api.invoke('outsideService.update', { id: order.id, version: order.version, ...common })
        : await api.invoke('outsideService.signOut', {
            ...common,
            orderNo: values.orderNo?.trim() ?? '',
            outAt: values.outAt ? clock.instantOf(values.outAt.format(DATETIME)) : null,
            odometerOut: values.odometerOut ?? Number.NaN,
          });
      if (result.ok) {
        message.success(
          order
            ? t('外出服务单 {no} 已修改', { no: result.value.orderNo })
            : t('已登记外出：{no}，{staff}', { no: result.value.orderNo, staff: result.value.staff }),
        );
        onClose(result.value);
        return;
      }
      const shown = applyServerErrors(form, result.error, (p) => (ORDER_FIELDS.includes(p) ? [p] : null));
      const onTarget = shown.find((s) => TARGET_FIELDS.includes(s.path));
      if (onTarget) setTargetError(onTarget.message);
      if (shown.filter((s) => ORDER_FIELDS.includes(s.path) || TARGET_FIELDS.includes(s.path)).length === 0)
        setError(result.error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormModal<OrderValues>
      form={form}
      name="outside"
      initialValues={
        order
          ? {
              orderNo: order.orderNo,
              place: order.place,
              fault: order.fault,
              staff: order.staff,
              device: order.device,
              outAt: dayjs(order.outAt.slice(0, 16)),
              odometerOut: order.odometerOut,
              note: order.note,
            }
          : { outAt: clock.nowValue(), place: '', fault: '', staff: '', device: '', note: '' }
      }
      title={order ? t('修改外出服务单 {no}', { no: order.orderNo }) : t('外出登记')}
      okText={order ? t('保存') : t('登记外出')}
      cancelText={t('返回')}
      onClose={() => onClose()}
      busy={busy}
      width={640}
      className="outside-order-modal"
      error={error}
      onClearError={() => setError(null)}
      onFinish={(v) => void submit(v)}
    >
      <Flex gap={12} wrap>
        <Form.Item
          name="orderNo"
          label={t('服务令号')}
          rules={[{ required: true, whitespace: true, message: t('请填写服务令号') }]}
          className="outside-order-no"
        >
          <Input maxLength={40} disabled={order !== undefined} autoFocus={!order} className="mono" />
        </Form.Item>
        <Form.Item
          name="outAt"
          label={t('出发时间')}
          rules={[{ required: true, message: t('请选择出发时间') }]}
          className="outside-out-at"
        >
          <DatePicker
            showTime={{ format: 'HH:mm', minuteStep: 5 }}
            format={DATETIME}
            allowClear={false}
            disabled={order !== undefined}
            disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today}
          />
        </Form.Item>
        <Form.Item
          name="odometerOut"
          label={t('出发里程')}
          rules={[{ required: true, message: t('请填写出发时服务车的里程') }]}
          className="outside-odometer-out"
        >
          <InputNumber<number>
            min={0}
            precision={0}
            suffix="km"
            disabled={order !== undefined}
            style={{ width: 150 }}
          />
        </Form.Item>
      </Flex>
      <Form.Item label={t('车辆 / 修理单')} validateStatus={targetError ? 'error' : undefined} help={targetError}>
        <OutsideTargetPick
          value={target}
          onChange={(next) => {
            setTarget(next);
            setTargetError(null);
          }}
        />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item
          name="place"
          label={t('外出地点')}
          rules={[{ required: true, whitespace: true, message: t('请填写外出地点') }]}
          className="outside-place grow"
        >
          <Input maxLength={100} placeholder={t('如 京承高速 K32 处')} />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item
          name="staff"
          label={t('外出人员')}
          rules={[{ required: true, whitespace: true, message: t('请填写外出人员') }]}
          className="outside-staff grow"
        >
          <Input maxLength={60} placeholder={t('如 李师傅、张师傅')} />
        </Form.Item>
        <Form.Item name="device" label={t('手持设备')} className="outside-device grow">
          <Input maxLength={60} placeholder={t('如 诊断仪 2 号')} />
        </Form.Item>
      </Flex>
      <Form.Item name="fault" label={t('故障（客户电话所述）')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={300} />
      </Form.Item>
      <Form.Item name="note" label={t('备注')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={300} />
      </Form.Item>
    </FormModal>
  );
}

interface CloseValues {
  backAt?: Dayjs;
  odometerBack?: number | null;
}

/**
 * 返回: the time back (now by the store clock) and the service vehicle's odometer; the kilometres
 * are shown before saving and reach the RO's claim. An order without its RO may be linked now.
 */
export function OutsideCloseModal({
  order,
  onClose,
}: {
  order: OutsideServiceOrder;
  onClose(saved?: OutsideServiceOrder): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const clock = useStoreClock();
  const { message } = App.useApp();
  const [form] = Form.useForm<CloseValues>();
  const [target, setTarget] = useState<OutsideTarget>(NO_TARGET);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const odometerBack = Form.useWatch('odometerBack', form);
  const km = typeof odometerBack === 'number' ? odometerBack - order.odometerOut : null;

  const submit = async (values: CloseValues) => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.invoke('outsideService.close', {
        id: order.id,
        version: order.version,
        backAt: values.backAt ? clock.instantOf(values.backAt.format(DATETIME)) : null,
        odometerBack: values.odometerBack ?? Number.NaN,
        ...(order.roId === null && target.roId !== null ? { roId: target.roId } : {}),
      });
      if (result.ok) {
        message.success(t('{no} 已返回，外出 {km} km', { no: result.value.orderNo, km: result.value.km ?? 0 }));
        onClose(result.value);
        return;
      }
      const fields = ['backAt', 'odometerBack'];
      const shown = applyServerErrors(form, result.error, (p) => (fields.includes(p) ? [p] : null));
      if (shown.filter((s) => fields.includes(s.path)).length === 0) setError(result.error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormModal<CloseValues>
      form={form}
      name="outsideClose"
      initialValues={{ backAt: clock.nowValue() }}
      title={t('外出返回：{no}', { no: order.orderNo })}
      okText={t('登记返回')}
      cancelText={t('取消')}
      onClose={() => onClose()}
      busy={busy}
      width={640}
      className="outside-close-modal"
      error={error}
      onClearError={() => setError(null)}
      intro={
        <Descriptions
          size="small"
          column={2}
          className="outside-close-facts"
          items={[
            { key: 'staff', label: t('外出人员'), children: order.staff },
            { key: 'place', label: t('外出地点'), children: order.place },
            { key: 'out', label: t('出发时间'), children: instantText(order.outAt) },
            {
              key: 'odo',
              label: t('出发里程'),
              children: <span className="outside-close-odometer-out">{mileageText(order.odometerOut)}</span>,
            },
          ]}
        />
      }
      onFinish={(v) => void submit(v)}
    >
      <Flex gap={12} wrap align="start">
        <Form.Item name="backAt" label={t('返回时间')} rules={[{ required: true, message: t('请选择返回时间') }]}>
          <DatePicker
            showTime={{ format: 'HH:mm', minuteStep: 5 }}
            format={DATETIME}
            allowClear={false}
            disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today}
          />
        </Form.Item>
        <Form.Item
          name="odometerBack"
          label={t('返回里程')}
          rules={[{ required: true, message: t('请填写返回时服务车的里程') }]}
          className="outside-odometer-back"
        >
          <InputNumber<number> min={0} precision={0} suffix="km" autoFocus style={{ width: 150 }} />
        </Form.Item>
        <Form.Item label={t('外出里程')}>
          <span
            className={km !== null && km < 0 ? 'outside-km-preview negative' : 'outside-km-preview'}
            data-km={km ?? ''}
          >
            {km === null ? '—' : `${km} km`}
          </span>
        </Form.Item>
      </Flex>
      {km !== null && km < 0 && (
        <Alert type="warning" showIcon className="outside-km-warning" title={t('返回里程低于出发里程，请核对')} />
      )}
      {order.roId === null && (
        <Form.Item label={t('关联修理单')} extra={t('外出修好的车开了修理单的，在这里关联，里程计入它的索赔单。')}>
          <OutsideTargetPick value={target} onChange={setTarget} roOnly />
        </Form.Item>
      )}
    </FormModal>
  );
}
