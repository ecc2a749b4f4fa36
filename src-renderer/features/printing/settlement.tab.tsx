import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { HistoryVisit } from '../../../src-shared/domain/records';
import { useApi, useQuery } from '../../api/client';
import { RoTypeTag } from '../../components/enum-labels';
import { dateText, money } from '../../components/format';
import { RecordPicker } from '../../components/record-picker';
import { useI18n } from '../../i18n/i18n';
import type { Route } from '../../router/hash-router';
import { SettlementPreviewModal } from './settlement-preview';

/**
 * 结算单: find the RO (by its number, or by the vehicle and then its visits) and open the same
 * preview as the RO's own page.
 */
export function SettlementTab(_props: { route: Route }) {
  const { t } = useI18n();
  const api = useApi();
  const [roId, setRoId] = useState<number | null>(null);
  const [roNumber, setRoNumber] = useState('');
  const [finding, setFinding] = useState(false);
  const [notFound, setNotFound] = useState<string | null>(null);
  const [vehicleId, setVehicleId] = useState<number | null>(null);

  const findByNumber = async (text: string) => {
    const typed = text.trim();
    if (typed === '') return;
    setFinding(true);
    setNotFound(null);
    try {
      const result = await api.invoke('repairOrders.get', { roNumber: typed });
      if (result.ok) setRoId(result.value.id);
      else setNotFound(result.error.message);
    } finally {
      setFinding(false);
    }
  };

  return (
    <div className="settlement-tab">
      <Alert
        type="info"
        showIcon
        className="section"
        title={t('结算单在交车时打印：工时、材料明细，金额大写，下次保养日期和里程，客户暂不维修的项目及签字栏。')}
        description={t('每张修理单的页面上也有「打印结算单」按钮（快捷键 Ctrl+P）。')}
      />
      <Card size="small" className="section" title={t('按工单号')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.Search
            aria-label={t('工单号')}
            placeholder={t('扫码或输入工单号')}
            enterButton={t('打印结算单')}
            loading={finding}
            value={roNumber}
            onChange={(e) => setRoNumber(e.target.value)}
            onSearch={(text) => void findByNumber(text)}
            style={{ maxWidth: 480 }}
          />
          {notFound && <Typography.Text type="danger">{notFound}</Typography.Text>}
        </Space>
      </Card>
      <Card size="small" className="section" title={t('按车辆')}>
        <div style={{ maxWidth: 480 }}>
          <RecordPicker
            kind="vehicle"
            value={vehicleId}
            onChange={(id) => setVehicleId(id)}
            placeholder={t('车牌、车架号后几位或车主')}
          />
        </div>
        {vehicleId !== null && <VehicleVisits vehicleId={vehicleId} onPrint={setRoId} />}
      </Card>
      {roId !== null && <SettlementPreviewModal roId={roId} onClose={() => setRoId(null)} />}
    </div>
  );
}

function VehicleVisits({ vehicleId, onPrint }: { vehicleId: number; onPrint(roId: number): void }) {
  const { t } = useI18n();
  const { data, loading } = useQuery('vehicles.get', { id: vehicleId });
  return (
    <Table<HistoryVisit>
      size="small"
      className="section"
      rowKey="roId"
      loading={loading}
      dataSource={data?.history ?? []}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: t('这辆车还没有修理单') }}
      columns={[
        { key: 'date', title: t('进厂日期'), render: (_, v) => dateText(v.openedAt.slice(0, 10)) },
        { key: 'ro', title: t('工单号'), render: (_, v) => <span className="mono">{v.roNumber}</span> },
        { key: 'type', title: t('类别'), render: (_, v) => <RoTypeTag type={v.type} /> },
        { key: 'work', title: t('项目'), dataIndex: 'work', ellipsis: true },
        { key: 'total', title: t('金额'), align: 'right', render: (_, v) => money(v.totalFen) },
        {
          key: 'print',
          title: '',
          align: 'right',
          render: (_, v) => (
            <Button size="small" icon={<PrinterOutlined />} onClick={() => onPrint(v.roId)}>
              {t('打印结算单')}
            </Button>
          ),
        },
      ]}
    />
  );
}
