import { Card, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { FirstServiceCandidate } from '../../../src-shared/domain/invitations';
import { FIRST_SERVICE_EXPIRY_WARNING_DAYS } from '../../../src-shared/domain/service-due';
import { useQuery } from '../../api/client';
import { phoneText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { rowOpener } from '../archive/table-support';
import { vehiclePath } from './paths';

/** Days left until the first service's time limit: red when passed or close. */
export function DaysLeft({ days }: { days: number }) {
  const { t } = useI18n();
  const urgent = days <= FIRST_SERVICE_EXPIRY_WARNING_DAYS;
  return (
    <span className={urgent ? 'days-left days-urgent' : 'days-left'} data-days={days}>
      {days < 0 ? t('已过期 {n} 天', { n: -days }) : days === 0 ? t('今天到期') : t('还剩 {n} 天', { n: days })}
    </span>
  );
}

/** 待首保车辆: delivered, no first service yet, soonest time limit first. */
export function CandidatesTab() {
  const { t } = useI18n();
  const [within, setWithin] = useState(60);
  const { data, error, reload, loading } = useQuery(
    'firstService.candidates',
    { withinDays: within },
    { keepPrevious: true },
  );
  return (
    <Card
      size="small"
      className="section candidates"
      title={t('待首保车辆')}
      extra={
        <Flex align="center" gap={8}>
          <span className="muted">{t('首保期限在')}</span>
          <Segmented<number>
            size="small"
            value={within}
            onChange={setWithin}
            options={[
              { value: 30, label: t('30 天内') },
              { value: 60, label: t('60 天内') },
              { value: 180, label: t('180 天内') },
            ]}
          />
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary" className="card-note">
        {t('已交车、还没有首保的车辆（包括期限已过的），按首保期限排列。期限按保养规则的首保月数从交车日期算起。')}
      </Typography.Paragraph>
      <Loaded data={data} error={error} reload={reload}>
        {(rows) => (
          <Table<FirstServiceCandidate>
            rowKey="vehicleId"
            size="small"
            loading={loading}
            dataSource={rows}
            onRow={rowOpener((r) => vehiclePath(r.vehicleId))}
            pagination={rows.length > 50 ? { pageSize: 50, size: 'small' } : false}
            locale={{ emptyText: t('没有待首保的车辆') }}
            className="candidates-table"
            rowClassName={(r) => (r.daysLeft <= FIRST_SERVICE_EXPIRY_WARNING_DAYS ? 'row-urgent' : '')}
            columns={[
              {
                title: t('车牌'),
                key: 'plate',
                width: 110,
                render: (_: unknown, r) => <Link to={vehiclePath(r.vehicleId)}>{r.plate ?? r.vin ?? '—'}</Link>,
              },
              { title: t('车型'), key: 'model', dataIndex: 'model', width: 120 },
              { title: t('客户'), key: 'customer', width: 100, render: (_: unknown, r) => r.customerName ?? '—' },
              { title: t('电话'), key: 'phone', width: 130, render: (_: unknown, r) => phoneText(r.phone) },
              { title: t('交车日期'), key: 'deliveryOn', dataIndex: 'deliveryOn', width: 110 },
              { title: t('首保期限'), key: 'expiresOn', dataIndex: 'expiresOn', width: 110 },
              {
                title: t('剩余'),
                key: 'daysLeft',
                width: 120,
                render: (_: unknown, r) =>
                  r.daysLeft < 0 ? (
                    <Tag color="red">
                      <DaysLeft days={r.daysLeft} />
                    </Tag>
                  ) : (
                    <DaysLeft days={r.daysLeft} />
                  ),
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}
