import { CarOutlined, FileAddOutlined, ImportOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Statistic, Typography } from 'antd';
import { USER_ROLE_LABELS } from '../../../src-shared/domain/enums';
import { Kbd, PageHeader, shortcut } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import { TodayReconciliation } from '../reconciliation/today-reconciliation';
import { useQuickSearch } from '../search/quick-search';
import { useAppInfo } from '../shell/app-info';

/** Real facts only: the store, the archive and who is at the counter. The day's tasks come later. */
export function TodayPage() {
  const { info } = useAppInfo();
  const { t, label } = useI18n();
  const quickSearch = useQuickSearch();
  const user = info.currentUser;
  return (
    <div className="page">
      <PageHeader title={t('今日工作台')} subtitle={info.storeName ?? undefined} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('档案概况')}>
            <Row gutter={16}>
              <Col span={8}>
                <Link to="/archive/customers" className="stat-link">
                  <Statistic title={t('客户档案')} value={info.counts.customers} />
                </Link>
              </Col>
              <Col span={8}>
                <Link to="/archive/vehicles" className="stat-link">
                  <Statistic title={t('车辆档案')} value={info.counts.vehicles} />
                </Link>
              </Col>
              <Col span={8}>
                <Link to="/archive/repair-orders" className="stat-link">
                  <Statistic title={t('修理单')} value={info.counts.repairOrders} />
                </Link>
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('常用操作')}>
            <div className="quick-actions">
              <Button icon={<SearchOutlined />} onClick={() => quickSearch.open()} title={shortcut('Ctrl+K')}>
                {t('快速搜索')} <Kbd>{shortcut('Ctrl+K')}</Kbd>
              </Button>
              <Button icon={<UserAddOutlined />} onClick={() => void navigate('/archive/customers/new')}>
                {t('新建客户')}
              </Button>
              <Button icon={<CarOutlined />} onClick={() => void navigate('/archive/vehicles/new')}>
                {t('新建车辆')}
              </Button>
              <Button icon={<FileAddOutlined />} onClick={() => void navigate('/archive/repair-orders/new')}>
                {t('新建修理单')}
              </Button>
              <Button icon={<ImportOutlined />} onClick={() => void navigate('/daily/import')}>
                {t('导入 DMS 修理单')}
              </Button>
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('今天的工作')}>
            <TodayReconciliation />
            <Typography.Paragraph>
              {t(
                '电话回访、日报、定保招揽和首保登记、信件、归档和下班前检查，会在后续版本中逐步在这里列出当天要做的事。',
              )}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              {t('这个版本可以：建立和查找客户、车辆、修理单档案，查看车历卡，维护门店信息和用户。')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('本机')}>
            <Descriptions
              column={1}
              size="small"
              colon={false}
              className="facts"
              items={[
                { key: 'store', label: t('门店'), children: info.storeName ?? '—' },
                {
                  key: 'user',
                  label: t('当前用户'),
                  children: user ? `${user.name}（${label(USER_ROLE_LABELS[user.role])}）` : '—',
                },
                {
                  key: 'path',
                  label: t('档案库位置'),
                  children: (
                    <Typography.Text copyable className="path-text">
                      {info.archivePath}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
