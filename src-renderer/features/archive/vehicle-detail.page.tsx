import { DashboardOutlined, EditOutlined, FileAddOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Flex, Form, InputNumber, Table, Tooltip } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { mileage as mileageSchema } from '../../../src-shared/contract/fields';
import type { HistoryVisit, MileageReading, VehicleDetail } from '../../../src-shared/domain/records';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { MILEAGE_SOURCE_LABELS, RoStatusTag, RoTypeTag, VehicleStatusTag } from '../../components/enum-labels';
import { useFlashWarnings } from '../../components/flash';
import { applyServerErrors, fieldRule, SaveErrorAlert, SaveWarningsAlert } from '../../components/form-support';
import { dateText, instantText, mileageText, money, phoneText } from '../../components/format';
import { Loaded, PageHeader } from '../../components/page';
import { useStoreClock } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import { PapersCard } from '../filing/papers.card';
import { VehicleDueCard } from '../invitations/vehicle-due.card';
import { useRecordShortcuts } from './detail-support';
import { listPath } from './list-state';
import { rowOpener } from './table-support';

export function VehicleDetailPage({ id }: { id: number }) {
  const { t } = useI18n();
  const path = `/archive/vehicles/${id}`;
  const warnings = useFlashWarnings(path);
  const { data, error, reload } = useQuery('vehicles.get', { id });
  useRecordShortcuts(`${path}/edit`);
  return (
    <div className="page">
      <Loaded data={data} error={error} reload={reload}>
        {(v) => (
          <>
            <PageHeader
              crumbs={[
                { label: t('档案'), to: '/archive/customers' },
                { label: t('车辆'), to: listPath('vehicles') },
                { label: v.plate ?? v.vin ?? `#${v.id}` },
              ]}
              title={v.plate ?? t('（无车牌）')}
              subtitle={[v.model, v.color].filter(Boolean).join(' · ')}
              tags={<VehicleStatusTag status={v.status} />}
              actions={
                <>
                  <Tooltip title={t('快捷键 E')}>
                    <Button icon={<EditOutlined />} onClick={() => void navigate(`${path}/edit`)}>
                      {t('编辑')}
                    </Button>
                  </Tooltip>
                  <Button
                    icon={<FileAddOutlined />}
                    onClick={() => void navigate(`/archive/repair-orders/new?vehicleId=${v.id}`)}
                  >
                    {t('为此车新建修理单')}
                  </Button>
                </>
              }
            />
            <SaveWarningsAlert warnings={warnings} />
            <VehicleFacts v={v} />
            <VehicleDueCard vehicleId={v.id} />
            <HistoryCard v={v} />
            <MileageCard v={v} />
            <PapersCard vehicleId={v.id} />
          </>
        )}
      </Loaded>
    </div>
  );
}

function VehicleFacts({ v }: { v: VehicleDetail }) {
  const { t } = useI18n();
  return (
    <Card size="small" className="section">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'plate', label: t('车牌号'), children: v.plate ?? '—' },
          { key: 'vin', label: t('车架号'), children: v.vin ? <span className="mono">{v.vin}</span> : '—' },
          { key: 'model', label: t('车型'), children: v.model || '—' },
          { key: 'color', label: t('颜色'), children: v.color || '—' },
          { key: 'delivery', label: t('交车日期'), children: dateText(v.deliveryDate) },
          { key: 'latest', label: t('最新里程'), children: mileageText(v.latestMileage) },
          {
            key: 'owner',
            label: t('车主'),
            children: v.owner ? (
              <span>
                <Link to={`/archive/customers/${v.owner.id}`}>{v.owner.name}</Link>{' '}
                <span className="muted">{phoneText(v.owner.mobile)}</span>
              </span>
            ) : (
              t('未登记')
            ),
          },
          { key: 'status', label: t('状态'), children: <VehicleStatusTag status={v.status} /> },
          { key: 'visits', label: t('进厂次数'), children: v.history.length },
          { key: 'notes', label: t('备注'), children: v.notes ? <span className="pre">{v.notes}</span> : '—', span: 3 },
          { key: 'created', label: t('建档时间'), children: instantText(v.createdAt) },
          { key: 'updated', label: t('更新时间'), children: instantText(v.updatedAt) },
        ]}
      />
    </Card>
  );
}

/** 车历卡: every visit of this vehicle, newest first. */
function HistoryCard({ v }: { v: VehicleDetail }) {
  const { t } = useI18n();
  const total = v.history.reduce((s, h) => s + h.totalFen, 0);
  return (
    <Card
      size="small"
      title={t('车历卡（{n} 次进厂）', { n: v.history.length })}
      extra={v.history.length > 0 ? <span className="muted">{t('累计金额 {sum}', { sum: money(total) })}</span> : null}
      className="section history-card"
    >
      <Table<HistoryVisit>
        rowKey="roId"
        size="small"
        dataSource={v.history}
        pagination={v.history.length > 50 ? { pageSize: 50, size: 'small' } : false}
        onRow={rowOpener((h) => `/archive/repair-orders/${h.roId}`)}
        locale={{ emptyText: t('这辆车还没有进厂记录') }}
        columns={[
          { title: t('进厂日期'), key: 'openedAt', width: 105, render: (_: unknown, h) => h.openedAt.slice(0, 10) },
          {
            title: t('里程'),
            key: 'mileageIn',
            width: 100,
            align: 'right',
            render: (_: unknown, h) => mileageText(h.mileageIn),
          },
          { title: t('维修类别'), key: 'type', width: 100, render: (_: unknown, h) => <RoTypeTag type={h.type} /> },
          { title: t('维修项目'), key: 'work', dataIndex: 'work', ellipsis: { showTitle: true } },
          {
            title: t('金额'),
            key: 'totalFen',
            width: 115,
            align: 'right',
            render: (_: unknown, h) => <span className="money">{money(h.totalFen)}</span>,
          },
          { title: t('服务顾问'), key: 'advisorName', dataIndex: 'advisorName', width: 90 },
          { title: t('状态'), key: 'status', width: 80, render: (_: unknown, h) => <RoStatusTag status={h.status} /> },
          {
            title: t('工单号'),
            key: 'roNumber',
            width: 150,
            render: (_: unknown, h) => (
              <Link to={`/archive/repair-orders/${h.roId}`} className="mono">
                {h.roNumber}
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}

function MileageCard({ v }: { v: VehicleDetail }) {
  const { t, label } = useI18n();
  return (
    <Card size="small" title={t('里程记录')} className="section">
      <AddMileage vehicleId={v.id} />
      <Table<MileageReading>
        rowKey="id"
        size="small"
        dataSource={v.mileageReadings}
        pagination={v.mileageReadings.length > 20 ? { pageSize: 20, size: 'small' } : false}
        locale={{ emptyText: t('还没有里程记录') }}
        columns={[
          { title: t('日期'), key: 'readOn', width: 110, render: (_: unknown, r) => r.readOn },
          {
            title: t('里程'),
            key: 'mileage',
            width: 120,
            align: 'right',
            render: (_: unknown, r) => mileageText(r.mileage),
          },
          {
            title: t('来源'),
            key: 'source',
            width: 100,
            render: (_: unknown, r) => label(MILEAGE_SOURCE_LABELS[r.source]),
          },
          {
            title: t('修理单'),
            key: 'ro',
            render: (_: unknown, r) =>
              r.roId ? <Link to={`/archive/repair-orders/${r.roId}`}>{t('查看修理单')}</Link> : '',
          },
        ]}
      />
    </Card>
  );
}

/** A reading taken outside an RO (a call, a photo of the dashboard); lower than before warns, not blocks. */
function AddMileage({ vehicleId }: { vehicleId: number }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const clock = useStoreClock();
  const [form] = Form.useForm<{ readOn: Dayjs | null; mileage: number | null }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);

  const submit = async (values: { readOn: Dayjs | null; mileage: number | null }) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('vehicles.addMileage', {
      vehicleId,
      readOn: values.readOn ? values.readOn.format('YYYY-MM-DD') : clock.today,
      mileage: values.mileage ?? 0,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form, result.error);
      return;
    }
    setWarnings(result.value.warnings);
    message.success(t('已记录里程'));
    form.resetFields();
  };

  return (
    <div className="add-mileage">
      <Form
        name="mileage"
        form={form}
        layout="inline"
        onFinish={submit}
        initialValues={{ readOn: clock.todayValue(), mileage: null }}
        disabled={busy}
      >
        <Form.Item name="readOn" rules={[{ required: true, message: t('请选择日期') }]}>
          <DatePicker
            allowClear={false}
            style={{ width: 130 }}
            aria-label={t('读数日期')}
            disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today}
          />
        </Form.Item>
        <Form.Item name="mileage" rules={[{ required: true, message: t('请填写里程') }, fieldRule(mileageSchema)]}>
          <InputNumber<number>
            min={0}
            precision={0}
            placeholder={t('公里数')}
            style={{ width: 130 }}
            suffix="km"
            aria-label={t('里程')}
          />
        </Form.Item>
        <Button htmlType="submit" icon={<DashboardOutlined />} loading={busy}>
          {t('记录里程')}
        </Button>
      </Form>
      {(error || warnings.length > 0) && (
        <Flex vertical gap={4} className="add-mileage-msg">
          <SaveErrorAlert error={error} onClose={() => setError(null)} />
          <SaveWarningsAlert warnings={warnings} />
        </Flex>
      )}
    </div>
  );
}
