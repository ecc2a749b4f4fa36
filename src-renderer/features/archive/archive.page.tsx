import { PlusOutlined } from '@ant-design/icons';
import { Button, Tabs } from 'antd';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route } from '../../router/hash-router';
import { useAppInfo } from '../shell/app-info';
import { CustomersList } from './customers-list';
import { type ArchiveTab, listPath } from './list-state';
import { RepairOrdersList } from './repair-orders-list';
import { VehiclesList } from './vehicles-list';

/** 档案: customers, vehicles, repair orders; each a server-paged list. */
export function ArchivePage({ tab, route }: { tab: ArchiveTab; route: Route }) {
  const { t } = useI18n();
  const { info } = useAppInfo();
  const newLabel = tab === 'customers' ? t('新建客户') : tab === 'vehicles' ? t('新建车辆') : t('新建修理单');
  return (
    <div className="page">
      <PageHeader
        title={t('档案')}
        actions={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(`/archive/${tab}/new`)}>
            {newLabel}
          </Button>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(listPath(key as ArchiveTab))}
        items={[
          { key: 'customers', label: `${t('客户')} ${info.counts.customers.toLocaleString('en-US')}` },
          { key: 'vehicles', label: `${t('车辆')} ${info.counts.vehicles.toLocaleString('en-US')}` },
          { key: 'repair-orders', label: `${t('修理单')} ${info.counts.repairOrders.toLocaleString('en-US')}` },
        ]}
        className="archive-tabs"
      />
      {tab === 'customers' && <CustomersList route={route} />}
      {tab === 'vehicles' && <VehiclesList route={route} />}
      {tab === 'repair-orders' && <RepairOrdersList route={route} />}
    </div>
  );
}
