import { ClockCircleOutlined } from '@ant-design/icons';
import { Card, Tag, Typography } from 'antd';
import { type Phrase, useI18n } from '../../i18n/i18n';

/** A part of 信件与打印 not built yet: says so and what it will hold; no made-up data. */
export function ComingTab({ lines }: { lines: Phrase[] }) {
  const { t } = useI18n();
  return (
    <Card className="page-narrow">
      <Typography.Paragraph>
        <Tag icon={<ClockCircleOutlined />}>{t('尚未开放')}</Tag>
        {t('这一部分还没有做好，会在后续版本中开放。将来这里会有：')}
      </Typography.Paragraph>
      <ul className="coming-list">
        {lines.map((line) => (
          <li key={line}>{t(line)}</li>
        ))}
      </ul>
    </Card>
  );
}
