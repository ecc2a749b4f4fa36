import { CarOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Table, Tag, Tooltip } from 'antd';
import type { CustomerDetail, RepairOrder, Vehicle } from '../../../src-shared/domain/records';
import { useQuery } from '../../api/client';
import { RoStatusTag, RoTypeTag, VehicleStatusTag } from '../../components/enum-labels';
import { useFlashWarnings } from '../../components/flash';
import { SaveWarningsAlert } from '../../components/form-support';
import { dateText, instantText, mileageText, money, phoneText } from '../../components/format';
import { Loaded, PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import { PapersCard } from '../filing/papers.card';
import { ContactPrefsCard } from '../invitations/contact-prefs.card';
import { ExportCustomerDataButton } from './customer-detail.privacy';
import { useRecordShortcuts } from './detail-support';
import { listPath } from './list-state';
import { rowOpener } from './table-support';

export function CustomerDetailPage({ id }: { id: number }) {
  const { t } = useI18n();
  const path = `/archive/customers/${id}`;
  const warnings = useFlashWarnings(path);
  const { data, error, reload } = useQuery('customers.get', { id });
  useRecordShortcuts(`${path}/edit`);
  return (
    <div className="page">
      <Loaded data={data} error={error} reload={reload}>
        {(c) => (
          <>
            <PageHeader
              crumbs={[
                { label: t('档案'), to: '/archive/customers' },
                { label: t('客户'), to: listPath('customers') },
                { label: c.name },
              ]}
              title={c.name}
              subtitle={phoneText(c.mobile)}
              tags={
                <>
                  {c.doNotContact && <Tag color="red">{t('勿扰')}</Tag>}
                  {!c.marketingConsent && <Tag>{t('不同意营销联系')}</Tag>}
                </>
              }
              actions={
                <>
                  <Tooltip title={t('快捷键 E')}>
                    <Button icon={<EditOutlined />} onClick={() => void navigate(`${path}/edit`)}>
                      {t('编辑')}
                    </Button>
                  </Tooltip>
                  <Button icon={<CarOutlined />} onClick={() => void navigate(`/archive/vehicles/new?ownerId=${c.id}`)}>
                    {t('为此客户新建车辆')}
                  </Button>
                  <ExportCustomerDataButton customerId={c.id} />
                </>
              }
            />
            <SaveWarningsAlert warnings={warnings} />
            <CustomerFacts c={c} />
            <ContactPrefsCard customerId={c.id} />
            <OwnedVehicles vehicles={c.vehicles} />
            <RecentOrders orders={c.recentOrders} total={c.orderCount} vehicles={c.vehicles} />
            <PapersCard customerId={c.id} />
          </>
        )}
      </Loaded>
    </div>
  );
}

function CustomerFacts({ c }: { c: CustomerDetail }) {
  const { t } = useI18n();
  const yesNo = (v: boolean) => (v ? t('是') : t('否'));
  return (
    <Card size="small" className="section">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        bordered
        items={[
          { key: 'mobile', label: t('手机号'), children: phoneText(c.mobile) },
          { key: 'other', label: t('其他电话'), children: c.otherPhones.length ? c.otherPhones.join('，') : '—' },
          { key: 'call', label: t('方便接听时间'), children: c.preferredCallTime || '—' },
          { key: 'address', label: t('地址'), children: c.address || '—', span: 2 },
          { key: 'postal', label: t('邮政编码'), children: c.postalCode || '—' },
          { key: 'birthday', label: t('生日'), children: dateText(c.birthday) },
          { key: 'dnc', label: t('勿扰'), children: yesNo(c.doNotContact) },
          { key: 'consent', label: t('同意营销联系'), children: yesNo(c.marketingConsent) },
          { key: 'notes', label: t('备注'), children: c.notes ? <span className="pre">{c.notes}</span> : '—', span: 3 },
          { key: 'created', label: t('建档时间'), children: instantText(c.createdAt) },
          { key: 'updated', label: t('更新时间'), children: instantText(c.updatedAt) },
        ]}
      />
    </Card>
  );
}

function OwnedVehicles({ vehicles }: { vehicles: Vehicle[] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('名下车辆（{n}）', { n: vehicles.length })} className="section">
      <Table<Vehicle>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={vehicles}
        onRow={rowOpener((v) => `/archive/vehicles/${v.id}`)}
        locale={{ emptyText: t('名下还没有车辆') }}
        columns={[
          {
            title: t('车牌号'),
            key: 'plate',
            width: 110,
            render: (_: unknown, v) => <Link to={`/archive/vehicles/${v.id}`}>{v.plate ?? t('（无车牌）')}</Link>,
          },
          {
            title: t('车架号'),
            key: 'vin',
            dataIndex: 'vin',
            width: 190,
            render: (vin: string | null) => <span className="mono">{vin ?? ''}</span>,
          },
          { title: t('车型'), key: 'model', dataIndex: 'model' },
          { title: t('颜色'), key: 'color', dataIndex: 'color', width: 80 },
          {
            title: t('交车日期'),
            key: 'deliveryDate',
            dataIndex: 'deliveryDate',
            width: 110,
            render: (d: string | null) => dateText(d),
          },
          {
            title: t('状态'),
            key: 'status',
            width: 80,
            render: (_: unknown, v) => <VehicleStatusTag status={v.status} />,
          },
        ]}
      />
    </Card>
  );
}

function RecentOrders({ orders, total, vehicles }: { orders: RepairOrder[]; total: number; vehicles: Vehicle[] }) {
  const { t } = useI18n();
  const plateOf = (vehicleId: number) => vehicles.find((v) => v.id === vehicleId)?.plate ?? `#${vehicleId}`;
  return (
    <Card
      size="small"
      title={t('最近的修理单')}
      extra={
        total > orders.length ? (
          <span className="muted">{t('共 {total} 张，显示最近 {shown} 张', { total, shown: orders.length })}</span>
        ) : null
      }
      className="section"
    >
      <Table<RepairOrder>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={orders}
        onRow={rowOpener((ro) => `/archive/repair-orders/${ro.id}`)}
        locale={{ emptyText: t('还没有修理单') }}
        columns={[
          {
            title: t('工单号'),
            key: 'roNumber',
            width: 150,
            render: (_: unknown, ro) => (
              <Link to={`/archive/repair-orders/${ro.id}`} className="mono">
                {ro.roNumber}
              </Link>
            ),
          },
          { title: t('进厂时间'), key: 'openedAt', width: 140, render: (_: unknown, ro) => instantText(ro.openedAt) },
          { title: t('车辆'), key: 'vehicle', width: 100, render: (_: unknown, ro) => plateOf(ro.vehicleId) },
          { title: t('维修类别'), key: 'type', width: 100, render: (_: unknown, ro) => <RoTypeTag type={ro.type} /> },
          {
            title: t('状态'),
            key: 'status',
            width: 80,
            render: (_: unknown, ro) => <RoStatusTag status={ro.status} />,
          },
          {
            title: t('进厂里程'),
            key: 'mileageIn',
            width: 110,
            align: 'right',
            render: (_: unknown, ro) => mileageText(ro.mileageIn),
          },
          { title: t('服务顾问'), key: 'advisorName', dataIndex: 'advisorName', width: 90 },
          {
            title: t('金额'),
            key: 'totalFen',
            width: 120,
            align: 'right',
            render: (_: unknown, ro) => <span className="money">{money(ro.totalFen)}</span>,
          },
        ]}
      />
    </Card>
  );
}
