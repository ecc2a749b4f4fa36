import { Alert, Card, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import type { QueuedLetter } from '../../../src-shared/contract/invitations.contract';
import { QUEUED_LETTER_KIND_LABELS } from '../../../src-shared/domain/invitations';
import { useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { vehiclePath } from './paths';

/** 感谢信: purchase and first-service thank-you letters waiting for 信件与打印 (read only here). */
export function LettersTab() {
  const { t, label } = useI18n();
  const [includePrinted, setIncludePrinted] = useState(false);
  const { data, error, reload } = useQuery('letters.queue', { includePrinted });
  const today = useStoreToday();
  return (
    <Card
      size="small"
      className="section letters-queue"
      title={t('待寄感谢信')}
      extra={
        <span className="inline-switch">
          <Switch size="small" checked={includePrinted} onChange={setIncludePrinted} aria-label={t('包括已打印的')} />{' '}
          <span className="muted">{t('包括已打印的')}</span>
        </span>
      }
    >
      <Alert
        type="info"
        showIcon
        className="section"
        title={t(
          '购车感谢信（交车一周内）和首保感谢信（首保之后）会自动排进这里。打印信件和信封将在“信件与打印”中开放。',
        )}
      />
      <Loaded data={data} error={error} reload={reload}>
        {(rows) => (
          <Table<QueuedLetter>
            rowKey="id"
            size="small"
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50, size: 'small' } : false}
            locale={{ emptyText: t('没有待寄的感谢信') }}
            columns={[
              {
                title: t('信件'),
                key: 'kind',
                width: 120,
                render: (_: unknown, r) => label(QUEUED_LETTER_KIND_LABELS[r.kind]),
              },
              {
                title: t('车牌'),
                key: 'plate',
                width: 110,
                render: (_: unknown, r) => <Link to={vehiclePath(r.vehicleId)}>{r.plate ?? `#${r.vehicleId}`}</Link>,
              },
              {
                title: t('客户'),
                key: 'customer',
                width: 110,
                render: (_: unknown, r) =>
                  r.customerId ? (
                    <Link to={`/archive/customers/${r.customerId}`}>{r.customerName ?? '—'}</Link>
                  ) : (
                    (r.customerName ?? '—')
                  ),
              },
              { title: t('起因日期'), key: 'reasonOn', dataIndex: 'reasonOn', width: 110 },
              {
                title: t('最迟寄出'),
                key: 'sendBy',
                width: 110,
                render: (_: unknown, r) => (
                  <span className={r.sendBy < today && !r.printedAt ? 'overdue' : undefined}>{r.sendBy}</span>
                ),
              },
              {
                title: t('已打印'),
                key: 'printedAt',
                render: (_: unknown, r) =>
                  r.printedAt ? instantText(r.printedAt) : <span className="muted">{t('未打印')}</span>,
              },
            ]}
          />
        )}
      </Loaded>
      <Typography.Paragraph type="secondary" className="card-note">
        {t('这里只看不改。')}
      </Typography.Paragraph>
    </Card>
  );
}
