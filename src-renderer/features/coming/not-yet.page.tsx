import { ClockCircleOutlined } from '@ant-design/icons';
import { Card, Tag, Typography } from 'antd';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import type { Area } from '../shell/areas';

/** An area that is not built yet: says so plainly and what will come; shows no made-up data. */
export function NotYetPage({ area }: { area: Area }) {
  const { t } = useI18n();
  return (
    <div className="page page-narrow">
      <PageHeader
        title={t(area.label)}
        tags={
          <Tag icon={<ClockCircleOutlined />} color="default">
            {t('尚未开放')}
          </Tag>
        }
      />
      <Card>
        <Typography.Paragraph>{t('这一部分还没有做好，会在后续版本中开放。将来这里会有：')}</Typography.Paragraph>
        <ul className="coming-list">
          {(area.coming ?? []).map((line) => (
            <li key={line}>{t(line)}</li>
          ))}
        </ul>
        <Typography.Paragraph type="secondary" className="coming-now">
          {t('现在可以使用：')}
          <Link to="/archive/customers">{t('档案')}</Link>
          {t('（客户、车辆、修理单）、快速搜索（Ctrl+K）和')}
          <Link to="/settings">{t('设置')}</Link>
          {t('。')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
