import { PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Table, Typography } from 'antd';
import { useState } from 'react';
import type { InvitationRow } from '../../../src-shared/domain/invitations';
import { DUE_KIND_LABELS } from '../../../src-shared/domain/service-due';
import { useQuery } from '../../api/client';
import { CustomerLink } from '../../components/customer-cells';
import { phoneText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { CallModal } from './call-modal';
import { listPath, vehiclePath } from './paths';
import { CallsCell, LetterCell } from './row-cells';

/** 今日电话: reminder calls due today (letter out a week or more, not reached, booked or come in yet). */
export function CallQueueTab() {
  const { t, label } = useI18n();
  const { data, error, reload } = useQuery('invitations.callQueue', {});
  const [calling, setCalling] = useState<InvitationRow | null>(null);
  const current = calling && data ? (data.find((r) => r.id === calling.id) ?? calling) : calling;
  return (
    <Card
      size="small"
      className="section call-queue"
      title={t('今天要打的招揽提醒电话')}
      extra={data ? <span className="muted">{t('共 {n} 个', { n: data.length })}</span> : null}
    >
      <Typography.Paragraph type="secondary" className="card-note">
        {t('信件寄出满 7 天、还没有接通、预约或回厂的车辆。打完记录结果；无人接听的明天还会出现。')}
      </Typography.Paragraph>
      <Loaded data={data} error={error} reload={reload}>
        {(rows) => (
          <Table<InvitationRow>
            rowKey="id"
            size="small"
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50, size: 'small' } : false}
            locale={{ emptyText: t('今天没有要打的招揽电话') }}
            className="call-queue-table"
            columns={[
              {
                title: t('客户'),
                key: 'customer',
                width: 110,
                render: (_: unknown, r) => <CustomerLink id={r.customerId} name={r.customerName} />,
              },
              {
                title: t('电话'),
                key: 'phone',
                width: 130,
                render: (_: unknown, r) => <strong className="phone">{phoneText(r.phone)}</strong>,
              },
              {
                title: t('车牌'),
                key: 'plate',
                width: 100,
                render: (_: unknown, r) => <Link to={vehiclePath(r.vehicleId)}>{r.plate ?? r.vin ?? '—'}</Link>,
              },
              { title: t('车型'), key: 'model', dataIndex: 'model', width: 100 },
              {
                title: t('类别'),
                key: 'kind',
                width: 70,
                render: (_: unknown, r) => label(DUE_KIND_LABELS[r.kind]),
              },
              { title: t('到期日期'), key: 'dueOn', dataIndex: 'dueOn', width: 105 },
              { title: t('信件'), key: 'letter', width: 120, render: (_: unknown, r) => <LetterCell row={r} /> },
              { title: t('电话结果'), key: 'calls', width: 110, render: (_: unknown, r) => <CallsCell row={r} /> },
              {
                title: t('一览表'),
                key: 'list',
                width: 90,
                render: (_: unknown, r) => <Link to={listPath(r.listId)}>{t('查看')}</Link>,
              },
              {
                title: t('操作'),
                key: 'actions',
                width: 120,
                render: (_: unknown, r) => (
                  <Button size="small" type="primary" icon={<PhoneOutlined />} onClick={() => setCalling(r)}>
                    {t('记录电话')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {current && <CallModal row={current} onClose={() => setCalling(null)} />}
    </Card>
  );
}
