import { WarningOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Tag, Typography } from 'antd';
import type { VehicleServiceSummary } from '../../../src-shared/domain/invitations';
import { DUE_KIND_LABELS, PACE_SOURCE_LABELS } from '../../../src-shared/domain/service-due';
import { useQuery } from '../../api/client';
import { dateText, mileageText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';

/** 保养到期 on the vehicle page: the pace and what it rests on, readings ignored, next due and why. */
export function VehicleDueCard({ vehicleId }: { vehicleId: number }) {
  const { t } = useI18n();
  const { data, error, reload } = useQuery('vehicles.serviceSummary', { vehicleId });
  return (
    <Card size="small" title={t('保养到期')} className="section vehicle-due">
      <Loaded data={data} error={error} reload={reload}>
        {(summary) =>
          summary ? (
            <SummaryBody s={summary} />
          ) : (
            <Typography.Text type="secondary">
              {t('还算不出这辆车的保养到期：没有交车日期、保养记录或里程读数。')}
            </Typography.Text>
          )
        }
      </Loaded>
    </Card>
  );
}

function SummaryBody({ s }: { s: VehicleServiceSummary }) {
  const { t, label } = useI18n();
  const due = s.due;
  const pace = s.pace;
  const today = useStoreToday();
  const paceBasis =
    pace.source === 'own'
      ? t('依据 {n} 个读数，{from} 至 {to}', { n: pace.points, from: dateText(pace.fromOn), to: dateText(pace.toOn) })
      : pace.source === 'model'
        ? t('本车读数不够，按同车型平均')
        : t('本车读数不够，按门店默认');
  return (
    <>
      {due?.timeOnly && !s.lastReading && (
        <Alert type="info" showIcon className="section time-only" title={t('没有里程读数，只按时间')} />
      )}
      {s.outliers.length > 0 && (
        <Alert
          type="warning"
          showIcon
          icon={<WarningOutlined />}
          className="section outliers"
          title={t('有 {n} 个里程读数与其他读数不符，已忽略', { n: s.outliers.length })}
          description={
            <ul className="problem-list">
              {s.outliers.map((o) => (
                <li key={`${o.id}-${o.on}`} className="outlier">
                  {t('读数 {date} {km} 与其他读数不符，已忽略', { date: o.on, km: mileageText(o.km) })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2, xl: 3 }}
        className="due-facts"
        items={[
          {
            key: 'pace',
            label: t('日均里程'),
            span: 2,
            children: (
              <span className="pace" data-source={pace.source}>
                <strong>{t('{n} km', { n: Math.round(pace.kmPerDay) })}</strong>（
                {label(PACE_SOURCE_LABELS[pace.source])}）<span className="muted small"> {paceBasis}</span>
              </span>
            ),
          },
          {
            key: 'estimated',
            label: t('估计当前里程'),
            children: <span className="estimated-km">{mileageText(s.estimatedKmToday)}</span>,
          },
          {
            key: 'lastReading',
            label: t('最近读数'),
            children: s.lastReading ? `${s.lastReading.on} · ${mileageText(s.lastReading.km)}` : t('没有'),
          },
          { key: 'lastVisit', label: t('上次进厂'), children: dateText(s.lastVisitOn) },
          {
            key: 'rule',
            label: t('保养规则'),
            children: s.ruleMatch ? t('车型包含“{m}”', { m: s.ruleMatch }) : t('门店默认'),
          },
          {
            key: 'next',
            label: due ? t('下次{kind}', { kind: label(DUE_KIND_LABELS[due.kind]) }) : t('下次保养'),
            span: 3,
            children: due ? (
              <span className="next-due">
                <strong className={due.dueOn < today ? 'overdue' : undefined}>{due.dueOn}</strong>
                {due.dueKm !== null && <> · {mileageText(due.dueKm)}</>}{' '}
                <Tag color={due.timeOnly ? 'default' : due.dueBy === 'mileage' ? 'blue' : 'geekblue'}>
                  {due.timeOnly ? t('仅按时间') : due.dueBy === 'mileage' ? t('以里程为准') : t('以时间为准')}
                </Tag>
                {due.dueOn < today && <Tag color="red">{t('已到期')}</Tag>}
              </span>
            ) : (
              t('算不出')
            ),
          },
          {
            key: 'why',
            label: t('为什么'),
            span: 3,
            children: <span className="due-explanation">{s.explanation || '—'}</span>,
          },
        ]}
      />
    </>
  );
}
