import {
  CarOutlined,
  FileAddOutlined,
  FileSearchOutlined,
  ImportOutlined,
  SearchOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Statistic, Typography } from 'antd';
import { USER_ROLE_LABELS } from '../../../src-shared/domain/enums';
import { Kbd, PageHeader, shortcut } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import { useQuickSearch } from '../search/quick-search';
import { useAppInfo } from '../shell/app-info';
import { TodayTasks } from './day-tasks';
import { END_OF_DAY_PATH } from './end-of-day.page';

/** The clerk's home: what is due today in every area, the archive, quick actions, this PC. */
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
          <Card
            title={t('今天的工作')}
            className="today-work"
            extra={
              <Button size="small" icon={<FileSearchOutlined />} onClick={() => void navigate(END_OF_DAY_PATH)}>
                {t('今日遗漏检查')}
              </Button>
            }
          >
            <TodayTasks />
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
                ...(info.archiveKind === 'server'
                  ? [{ key: 'kind', label: t('档案库类型'), children: t('共享服务器（几个柜台同时使用）') }]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
