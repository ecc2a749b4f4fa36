import {
  CheckCircleOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  PrinterOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Space,
  Switch,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import type { HandoffSheet } from '../../../src-shared/contract/invitations.contract';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { FirstServiceVoucher } from '../../../src-shared/domain/invitations';
import type { AppErrorShape, Result } from '../../../src-shared/errors';
import { addDays } from '../../../src-shared/validation/dates';
import { useApi, useQuery } from '../../api/client';
import { DayNav } from '../../components/day-nav';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { instantText, mileageText } from '../../components/format';
import { Loaded } from '../../components/page';
import { type PickerOption, RecordPicker } from '../../components/record-picker';
import { useStoreClock, useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route } from '../../router/hash-router';
import { HtmlPreviewModal } from '../daily-report/print-preview';
import { downloadBase64 } from '../import/file-bytes';
import { UnmaskCheckbox, unmaskedInput, useUnmasked } from '../settings/unmask-choice';
import { firstServicePath, isDate, vehiclePath } from './paths';

/** 首保登记表: enter the vouchers the advisors hand over, file them, hand the day's sheet to sales. */
export function FirstServiceTab({ route }: { route: Route }) {
  const param = route.query.get('date');
  const today = useStoreToday();
  const date = isDate(param) && param <= today ? param : today;
  const { t } = useI18n();
  return (
    <>
      <Flex align="center" gap={8} wrap className="invitations-bar">
        <DayNav
          date={date}
          go={(next) => void navigate(firstServicePath(next === today ? undefined : next))}
          label={t('登记日期')}
        />
      </Flex>
      <Row gutter={[16, 0]}>
        <Col xs={24} xl={15}>
          {date === today && <RegisterCard key={`register ${today}`} />}
          <DayCard key={date} date={date} />
        </Col>
        <Col xs={24} xl={9}>
          <HandoffCard key={date} date={date} />
        </Col>
      </Row>
      <EarlierCard />
    </>
  );
}

interface VoucherValues {
  voucherNo?: string;
  vehicleId?: number | null;
  serviceOn?: Dayjs | null;
  mileage?: number | null;
  advisor?: string;
}

const FIELDS = ['voucherNo', 'vehicleId', 'serviceOn', 'mileage', 'advisor'] as const;
const isField = (path: string): path is (typeof FIELDS)[number] => (FIELDS as readonly string[]).includes(path);

/** The entry form: Enter saves and the form is ready for the next voucher (date and advisor kept). */
function RegisterCard() {
  const api = useApi();
  const clock = useStoreClock();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [form] = Form.useForm<VoucherValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [last, setLast] = useState<FirstServiceVoucher | null>(null);
  const [vehicle, setVehicle] = useState<PickerOption | null>(null);
  const voucherInput = useRef<HTMLInputElement | null>(null);

  const submit = async (values: VoucherValues) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('firstService.register', {
      voucherNo: values.voucherNo ?? '',
      vehicleId: values.vehicleId ?? 0,
      serviceOn: values.serviceOn ? values.serviceOn.format('YYYY-MM-DD') : clock.today,
      mileage: values.mileage ?? 0,
      advisor: values.advisor ?? '',
    });
    setBusy(false);
    if (!result.ok) {
      // The field says what is wrong; the alert says it in full (who registered the number, when).
      applyServerErrors(form, result.error, (p) => (isField(p) ? [p] : null));
      setError(result.error);
      return;
    }
    setLast(result.value);
    setError(null);
    message.success(t('已登记 {no}', { no: result.value.voucherNo }));
    form.setFieldsValue({ voucherNo: '', vehicleId: null, mileage: null });
    form.setFields(FIELDS.map((name) => ({ name, errors: [] })));
    setVehicle(null);
    voucherInput.current?.focus();
  };

  return (
    <Card size="small" className="section register-card" title={t('录入首保凭证')}>
      <Form<VoucherValues>
        name="voucher"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ serviceOn: clock.todayValue(), advisor: '' }}
        onFinish={(v) => void submit(v)}
        disabled={busy}
      >
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item
              name="voucherNo"
              label={t('凭证号')}
              rules={[{ required: true, whitespace: true, message: t('请填写首保凭证号') }]}
            >
              <Input
                ref={(el) => {
                  voucherInput.current = el?.input ?? null;
                }}
                autoFocus
                maxLength={40}
                placeholder={t('如 SB2611220001')}
                className="mono"
                autoComplete="off"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
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
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="serviceOn" label={t('首保日期')} rules={[{ required: true, message: t('请选择日期') }]}>
              <DatePicker
                allowClear={false}
                style={{ width: '100%' }}
                disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="mileage" label={t('里程')} rules={[{ required: true, message: t('请填写里程') }]}>
              <InputNumber<number> precision={0} style={{ width: '100%' }} suffix="km" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="advisor" label={t('服务顾问')}>
              <Input maxLength={20} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <SaveErrorAlert error={error} onClose={() => setError(null)} />
        <Flex align="center" gap={12} wrap>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy}>
            {t('登记')}
          </Button>
          <Typography.Text type="secondary" className="small">
            {t('按 Enter 登记；登记后凭证号、车辆和里程清空，日期和服务顾问保留，接着录下一张。')}
          </Typography.Text>
        </Flex>
        {last && (
          <Typography.Paragraph className="last-registered" type="success">
            <CheckCircleOutlined />{' '}
            {t('刚登记：{no} · {plate} · {km}', {
              no: last.voucherNo,
              plate: last.plate ?? last.vin ?? '',
              km: mileageText(last.mileage),
            })}
          </Typography.Paragraph>
        )}
      </Form>
    </Card>
  );
}

function voucherColumns(t: ReturnType<typeof useI18n>['t']) {
  return [
    {
      title: t('凭证号'),
      key: 'voucherNo',
      width: 140,
      render: (_: unknown, v: FirstServiceVoucher) => <span className="mono voucher-no">{v.voucherNo}</span>,
    },
    {
      title: t('车牌'),
      key: 'plate',
      width: 100,
      render: (_: unknown, v: FirstServiceVoucher) => (
        <Link to={vehiclePath(v.vehicleId)}>{v.plate ?? v.vin ?? '—'}</Link>
      ),
    },
    { title: t('车型'), key: 'model', dataIndex: 'model', width: 100 },
    {
      title: t('客户'),
      key: 'customer',
      width: 90,
      render: (_: unknown, v: FirstServiceVoucher) => v.customerName ?? '—',
    },
    { title: t('首保日期'), key: 'serviceOn', dataIndex: 'serviceOn', width: 105 },
    {
      title: t('里程'),
      key: 'mileage',
      width: 100,
      align: 'right' as const,
      render: (_: unknown, v: FirstServiceVoucher) => mileageText(v.mileage),
    },
    { title: t('服务顾问'), key: 'advisor', dataIndex: 'advisor', width: 90 },
  ];
}

/** The day's entries: what goes to sales, and the 已归档 switch for each voucher. */
function DayCard({ date }: { date: string }) {
  const today = useStoreToday();
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const { data, error, reload } = useQuery('firstService.handoff', { date });
  const [busy, setBusy] = useState(false);
  const file = async (ids: number[]) => {
    setBusy(true);
    const result = await api.invoke('firstService.markFiled', { ids });
    setBusy(false);
    if (result.ok) message.success(t('已归档 {n} 张凭证', { n: ids.length }));
    else message.error(result.error.message);
  };
  const unfiled = (data?.vouchers ?? []).filter((v) => !v.filedAt).map((v) => v.id);
  return (
    <Card
      size="small"
      className="section day-vouchers"
      title={
        date === today
          ? t('今天登记的首保（{n}）', { n: data?.vouchers.length ?? 0 })
          : t('{date} 登记的首保（{n}）', { date, n: data?.vouchers.length ?? 0 })
      }
      extra={
        unfiled.length > 0 ? (
          <Button size="small" loading={busy} onClick={() => void file(unfiled)}>
            {t('全部归档（{n}）', { n: unfiled.length })}
          </Button>
        ) : null
      }
    >
      <Loaded data={data} error={error} reload={reload}>
        {(sheet) => (
          <Table<FirstServiceVoucher>
            rowKey="id"
            size="small"
            dataSource={sheet.vouchers}
            pagination={false}
            locale={{ emptyText: t('这一天还没有登记首保凭证') }}
            className="voucher-table"
            columns={[
              ...voucherColumns(t),
              {
                title: t('已归档'),
                key: 'filed',
                width: 90,
                render: (_: unknown, v) => (
                  <Tooltip
                    title={v.filedAt ? t('归档于 {at}', { at: instantText(v.filedAt) }) : t('凭证放进文件夹后打开')}
                  >
                    <Switch
                      size="small"
                      checked={v.filedAt !== null}
                      disabled={v.filedAt !== null || busy}
                      onChange={() => void file([v.id])}
                      aria-label={t('已归档 {no}', { no: v.voucherNo })}
                      className="filed-switch"
                    />
                  </Tooltip>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}

/** 交接给销售: the day's sheet, printable and as Excel/PDF, marked handed over with who received it. */
function HandoffCard({ date }: { date: string }) {
  const { t } = useI18n();
  const { data } = useQuery('firstService.handoff', { date });
  const [previewing, setPreviewing] = useState(false);
  const [handing, setHanding] = useState(false);
  const count = data?.vouchers.length ?? 0;
  return (
    <Card size="small" className="section handoff-card" title={t('交接给销售部')}>
      <Typography.Paragraph type="secondary" className="card-note">
        {t('每天把当天登记的首保交给销售部，做首保邀请汇总表。')}
      </Typography.Paragraph>
      {data && <HandoffState sheet={data} />}
      <HandoffExports date={date} onPreview={() => setPreviewing(true)} disabled={count === 0} />
      <div className="handoff-action">
        {data && !data.handedOverAt && (
          <Tooltip title={count === 0 ? t('这一天没有登记，不用交接') : undefined}>
            <Button type="primary" icon={<SendOutlined />} disabled={count === 0} onClick={() => setHanding(true)}>
              {t('已交接')}
            </Button>
          </Tooltip>
        )}
      </div>
      {previewing && <HandoffPreview date={date} onClose={() => setPreviewing(false)} />}
      {handing && <HandOverModal date={date} count={count} onClose={() => setHanding(false)} />}
    </Card>
  );
}

function HandoffState({ sheet }: { sheet: HandoffSheet }) {
  const { t } = useI18n();
  if (sheet.handedOverAt)
    return (
      <Alert
        type="success"
        showIcon
        className="section handoff-done"
        title={t('已交接：{to} 接收，{at}', { to: sheet.handedTo ?? '', at: instantText(sheet.handedOverAt) })}
        description={sheet.handedBy ? t('经办：{by}', { by: sheet.handedBy }) : undefined}
      />
    );
  if (sheet.vouchers.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="section handoff-pending"
      title={t('{n} 张首保登记还没有交给销售部', { n: sheet.vouchers.length })}
    />
  );
}

function HandoffExports({ date, onPreview, disabled }: { date: string; onPreview(): void; disabled: boolean }) {
  const api = useApi();
  const unmask = unmaskedInput(useUnmasked());
  const { message } = App.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (key: string, call: () => Promise<Result<ExportedFile>>) => {
    setBusy(key);
    try {
      const result = await call();
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space wrap size={8} className="handoff-exports">
      <Button icon={<PrinterOutlined />} onClick={onPreview} disabled={disabled}>
        {t('打印预览')}
      </Button>
      <Button
        icon={<FileExcelOutlined />}
        loading={busy === 'xlsx'}
        disabled={disabled}
        onClick={() => void run('xlsx', () => api.invoke('firstService.handoffXlsx', { date, ...unmask }))}
      >
        {t('导出 Excel')}
      </Button>
      <Button
        icon={<FilePdfOutlined />}
        loading={busy === 'pdf'}
        disabled={disabled}
        onClick={() => void run('pdf', () => api.invoke('firstService.handoffPdf', { date, ...unmask }))}
      >
        {t('导出 PDF')}
      </Button>
      <UnmaskCheckbox />
    </Space>
  );
}

function HandoffPreview({ date, onClose }: { date: string; onClose(): void }) {
  const unmask = unmaskedInput(useUnmasked());
  const query = useQuery('firstService.handoffHtml', { date, ...unmask });
  return <HtmlPreviewModal query={query} onClose={onClose} sendRequest={{ doc: 'handoff', date, ...unmask }} />;
}

function HandOverModal({ date, count, onClose }: { date: string; count: number; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [form] = Form.useForm<{ receivedBy?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const submit = async (values: { receivedBy?: string }) => {
    setBusy(true);
    const result = await api.invoke('firstService.handOver', { date, receivedBy: values.receivedBy ?? '' });
    setBusy(false);
    if (result.ok) {
      message.success(t('已记录交接'));
      onClose();
      return;
    }
    if (applyServerErrors(form, result.error, (p) => (p === 'receivedBy' ? ['receivedBy'] : null)).length === 0)
      setError(result.error);
  };
  return (
    <Modal
      open
      title={t('交接给销售部')}
      okText={t('确认已交接')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      className="hand-over-modal"
    >
      <Typography.Paragraph>
        {t('{date} 登记的 {n} 张首保已交给销售部。记录接收人，时间按现在记。', { date, n: count })}
      </Typography.Paragraph>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form name="handOver" form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="receivedBy" label={t('接收人')}>
          <Input maxLength={20} autoFocus placeholder={t('销售部接收人姓名')} onPressEnter={() => form.submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const EARLIER_PAGE_SIZE = 20;

/** 以前的登记: by date range, each day linked to its own page (handoff, filing). */
function EarlierCard() {
  const { t } = useI18n();
  const today = useStoreToday();
  const [range, setRange] = useState<[string, string]>([addDays(today, -30), today]);
  const [page, setPage] = useState(1);
  const { data, error, reload, loading } = useQuery(
    'firstService.list',
    { from: range[0], to: range[1], page, pageSize: EARLIER_PAGE_SIZE },
    { keepPrevious: true },
  );
  return (
    <Card
      size="small"
      className="section earlier-vouchers"
      title={t('以往的首保登记')}
      extra={
        <DatePicker.RangePicker
          size="small"
          allowClear={false}
          value={[dayjs(range[0]), dayjs(range[1])]}
          onChange={(r) => {
            const [a, b] = r ?? [];
            if (a && b) {
              setRange([a.format('YYYY-MM-DD'), b.format('YYYY-MM-DD')]);
              setPage(1);
            }
          }}
          aria-label={t('首保日期范围')}
        />
      }
    >
      <Loaded data={data} error={error} reload={reload}>
        {(list) => (
          <Table<FirstServiceVoucher>
            rowKey="id"
            size="small"
            loading={loading}
            dataSource={list.rows}
            locale={{ emptyText: t('这段时间没有首保登记') }}
            pagination={
              list.total > EARLIER_PAGE_SIZE
                ? {
                    current: list.page,
                    pageSize: EARLIER_PAGE_SIZE,
                    total: list.total,
                    size: 'small',
                    showSizeChanger: false,
                    onChange: setPage,
                  }
                : false
            }
            columns={[
              ...voucherColumns(t),
              {
                title: t('登记'),
                key: 'created',
                width: 150,
                render: (_: unknown, v) => (
                  <Link to={firstServicePath(v.createdAt.slice(0, 10))} className="small">
                    {instantText(v.createdAt)}
                  </Link>
                ),
              },
              {
                title: t('归档'),
                key: 'filed',
                width: 70,
                render: (_: unknown, v) => (v.filedAt ? t('已归档') : <span className="muted">{t('未归档')}</span>),
              },
              {
                title: t('交接销售'),
                key: 'handed',
                width: 170,
                render: (_: unknown, v) =>
                  v.handedOverAt ? (
                    <span className="small">
                      {v.handedTo} {instantText(v.handedOverAt)}
                    </span>
                  ) : (
                    <span className="muted">{t('未交接')}</span>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}
