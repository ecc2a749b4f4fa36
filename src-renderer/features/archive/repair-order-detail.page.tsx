import { EditOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Space, Statistic, Table, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import type { LaborLine, PartLine, RepairOrderDetail } from '../../../src-shared/domain/records';
import { useQuery } from '../../api/client';
import { PayerText, RoStatusTag, RoTypeTag } from '../../components/enum-labels';
import { useFlashWarnings } from '../../components/flash';
import { SaveWarningsAlert } from '../../components/form-support';
import { dateText, instantText, mileageText, money, phoneText } from '../../components/format';
import { Loaded, PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import { ClaimCard } from '../claims/claim.card';
import { PapersCard } from '../filing/papers.card';
import { SettlementPreviewModal } from '../printing/settlement-preview';
import { useRecordShortcuts } from './detail-support';
import { listPath } from './list-state';

export function RepairOrderDetailPage({ id }: { id: number }) {
  const { t } = useI18n();
  const path = `/archive/repair-orders/${id}`;
  const warnings = useFlashWarnings(path);
  const { data, error, reload } = useQuery('repairOrders.get', { id });
  useRecordShortcuts(`${path}/edit`);
  const [printing, setPrinting] = useState(false);
  // Ctrl+P on this page opens the 结算单 preview instead of printing the app's window.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'p' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      e.preventDefault();
      setPrinting(true);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <div className="page">
      <Loaded data={data} error={error} reload={reload}>
        {(ro) => (
          <>
            <PageHeader
              crumbs={[
                { label: t('档案'), to: '/archive/customers' },
                { label: t('修理单'), to: listPath('repair-orders') },
                { label: ro.roNumber },
              ]}
              title={<span className="mono">{ro.roNumber}</span>}
              subtitle={instantText(ro.openedAt)}
              tags={
                <>
                  <RoTypeTag type={ro.type} />
                  <RoStatusTag status={ro.status} />
                </>
              }
              actions={
                <Space>
                  <Tooltip title={t('快捷键 Ctrl+P')}>
                    <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)}>
                      {t('打印结算单')}
                    </Button>
                  </Tooltip>
                  <Tooltip title={t('快捷键 E')}>
                    <Button icon={<EditOutlined />} onClick={() => void navigate(`${path}/edit`)}>
                      {t('编辑')}
                    </Button>
                  </Tooltip>
                </Space>
              }
            />
            <SaveWarningsAlert warnings={warnings} />
            <OrderFacts ro={ro} />
            <LaborTable lines={ro.laborLines} />
            <PartsTable lines={ro.partLines} />
            <Totals ro={ro} />
            <ClaimCard roId={ro.id} roType={ro.type} />
            <PapersCard roId={ro.id} />
            {printing && <SettlementPreviewModal roId={ro.id} onClose={() => setPrinting(false)} />}
          </>
        )}
      </Loaded>
    </div>
  );
}

function OrderFacts({ ro }: { ro: RepairOrderDetail }) {
  const { t } = useI18n();
  const v = ro.vehicle;
  return (
    <Card size="small" className="section">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'vehicle',
            label: t('车辆'),
            children: (
              <span>
                <Link to={`/archive/vehicles/${v.id}`}>{v.plate ?? v.vin ?? `#${v.id}`}</Link>{' '}
                <span className="muted">{v.model}</span>
              </span>
            ),
          },
          {
            key: 'customer',
            label: t('客户'),
            children: ro.customer ? (
              <span>
                <Link to={`/archive/customers/${ro.customer.id}`}>{ro.customer.name}</Link>{' '}
                <span className="muted">{phoneText(ro.customer.mobile)}</span>
              </span>
            ) : (
              '—'
            ),
          },
          { key: 'advisor', label: t('服务顾问'), children: ro.advisorName || '—' },
          { key: 'opened', label: t('进厂时间'), children: instantText(ro.openedAt) },
          { key: 'mileage', label: t('进厂里程'), children: mileageText(ro.mileageIn) },
          { key: 'payer', label: t('付费方'), children: <PayerText payer={ro.payer} /> },
          { key: 'completed', label: t('完工时间'), children: instantText(ro.completedAt) },
          { key: 'delivered', label: t('交车时间'), children: instantText(ro.deliveredAt) },
          { key: 'settled', label: t('结算时间'), children: instantText(ro.settledAt) },
          { key: 'nextDate', label: t('下次保养日期'), children: dateText(ro.nextServiceDate) },
          { key: 'nextMileage', label: t('下次保养里程'), children: mileageText(ro.nextServiceMileage) },
          { key: 'vin', label: t('车架号'), children: v.vin ? <span className="mono">{v.vin}</span> : '—' },
          {
            key: 'complaint',
            label: t('客户描述'),
            children: ro.complaint ? <span className="pre">{ro.complaint}</span> : '—',
            span: 3,
          },
          {
            key: 'declined',
            label: t('客户拒绝的建议项目'),
            children: ro.declinedWork ? <span className="pre">{ro.declinedWork}</span> : '—',
            span: 3,
          },
          {
            key: 'notes',
            label: t('备注'),
            children: ro.notes ? <span className="pre">{ro.notes}</span> : '—',
            span: 3,
          },
        ]}
      />
    </Card>
  );
}

function LaborTable({ lines }: { lines: LaborLine[] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('工时项目')} className="section">
      <Table<LaborLine>
        rowKey="lineNo"
        size="small"
        pagination={false}
        dataSource={lines}
        locale={{ emptyText: t('没有工时明细') }}
        columns={[
          { title: '#', key: 'lineNo', dataIndex: 'lineNo', width: 48 },
          { title: t('项目名称'), key: 'description', dataIndex: 'description' },
          { title: t('工时'), key: 'hours', dataIndex: 'hours', width: 80, align: 'right' },
          {
            title: t('金额'),
            key: 'amountFen',
            width: 120,
            align: 'right',
            render: (_: unknown, l) => <span className="money">{money(l.amountFen)}</span>,
          },
          { title: t('付费方'), key: 'payer', width: 80, render: (_: unknown, l) => <PayerText payer={l.payer} /> },
        ]}
      />
    </Card>
  );
}

function PartsTable({ lines }: { lines: PartLine[] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('材料项目')} className="section">
      <Table<PartLine>
        rowKey="lineNo"
        size="small"
        pagination={false}
        dataSource={lines}
        locale={{ emptyText: t('没有材料明细') }}
        columns={[
          { title: '#', key: 'lineNo', dataIndex: 'lineNo', width: 48 },
          {
            title: t('配件编号'),
            key: 'partNumber',
            dataIndex: 'partNumber',
            width: 150,
            render: (v: string) => <span className="mono">{v}</span>,
          },
          { title: t('名称'), key: 'name', dataIndex: 'name' },
          { title: t('数量'), key: 'quantity', dataIndex: 'quantity', width: 80, align: 'right' },
          {
            title: t('单价'),
            key: 'unitPriceFen',
            width: 110,
            align: 'right',
            render: (_: unknown, l) => <span className="money">{money(l.unitPriceFen)}</span>,
          },
          {
            title: t('金额'),
            key: 'amountFen',
            width: 120,
            align: 'right',
            render: (_: unknown, l) => <span className="money">{money(l.amountFen)}</span>,
          },
          { title: t('付费方'), key: 'payer', width: 80, render: (_: unknown, l) => <PayerText payer={l.payer} /> },
        ]}
      />
    </Card>
  );
}

function Totals({ ro }: { ro: RepairOrderDetail }) {
  const { t } = useI18n();
  return (
    <Card size="small" className="section totals">
      <Row gutter={16}>
        <Col span={8}>
          <Statistic title={t('工时费')} value={money(ro.laborFen)} />
        </Col>
        <Col span={8}>
          <Statistic title={t('材料费')} value={money(ro.partsFen)} />
        </Col>
        <Col span={8}>
          <Statistic title={t('合计')} value={money(ro.totalFen)} className="total-sum" />
        </Col>
      </Row>
    </Card>
  );
}
