import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Popover, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import type { DueVehicle } from '../../../src-shared/domain/invitations';
import { dateText, mileageText, phoneText } from '../../components/format';
import { type I18n, useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { vehiclePath } from './paths';

/** What a preview row (DueVehicle) and a saved row (InvitationRow) have in common. */
export type DueLike = Pick<
  DueVehicle,
  | 'vehicleId'
  | 'customerId'
  | 'customerName'
  | 'phone'
  | 'plate'
  | 'vin'
  | 'model'
  | 'lastVisitOn'
  | 'lastKm'
  | 'estimatedKm'
  | 'dueOn'
  | 'dueKm'
  | 'dueBy'
  | 'explanation'
> & { timeOnly?: boolean };

/** A saved row does not carry timeOnly: its explanation says so in the same words the summary uses. */
export function isTimeOnly(row: DueLike): boolean {
  return row.timeOnly ?? row.explanation.includes('只按时间');
}

/** 依据: by time, by mileage, or time only (no readings). */
export function DueBasis({ row }: { row: DueLike }) {
  const { t } = useI18n();
  if (isTimeOnly(row))
    return (
      <Tooltip title={t('没有可用的里程读数，只按时间算')}>
        <Tag className="due-basis" data-basis="time-only">
          {t('仅按时间')}
        </Tag>
      </Tooltip>
    );
  return row.dueBy === 'mileage' ? (
    <Tag color="blue" className="due-basis" data-basis="mileage">
      {t('按里程')}
    </Tag>
  ) : (
    <Tag color="geekblue" className="due-basis" data-basis="time">
      {t('按时间')}
    </Tag>
  );
}

/** 为什么: the explanation, one clause a line. */
export function WhyButton({ explanation }: { explanation: string }) {
  const { t } = useI18n();
  const parts = explanation
    .split('；')
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <Popover
      trigger="click"
      placement="topRight"
      title={t('为什么到期')}
      content={
        <ol className="why-list">
          {parts.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ol>
      }
      overlayClassName="why-popover"
    >
      <Button size="small" type="link" icon={<QuestionCircleOutlined />} className="why-button">
        {t('为什么')}
      </Button>
    </Popover>
  );
}

function Stack({ main, sub }: { main: ReactNode; sub?: ReactNode }) {
  return (
    <div className="cell-stack">
      <div>{main}</div>
      {sub && <div className="muted small">{sub}</div>}
    </div>
  );
}

/**
 * The columns every due list shows: 客户/电话, 车牌/车型, 上次进厂/上次里程, 估计当前里程,
 * 到期日期/到期里程, 依据, 为什么. Two facts share a cell so the list fits the counter's screen.
 */
export function dueColumns<T extends DueLike>(t: I18n['t']): ColumnsType<T> {
  return [
    {
      title: <Stack main={t('客户')} sub={t('电话')} />,
      key: 'customer',
      width: 130,
      render: (_: unknown, r) => (
        <Stack
          main={
            r.customerId ? (
              <Link to={`/archive/customers/${r.customerId}`}>{r.customerName ?? '—'}</Link>
            ) : (
              (r.customerName ?? <span className="muted">{t('未登记')}</span>)
            )
          }
          sub={<span className="phone">{phoneText(r.phone)}</span>}
        />
      ),
    },
    {
      title: <Stack main={t('车牌')} sub={t('车型')} />,
      key: 'plate',
      width: 120,
      render: (_: unknown, r) => (
        <Stack
          main={
            <Link to={vehiclePath(r.vehicleId)} className="plate">
              {r.plate ?? r.vin ?? `#${r.vehicleId}`}
            </Link>
          }
          sub={r.model || '—'}
        />
      ),
    },
    {
      title: <Stack main={t('上次进厂')} sub={t('上次里程')} />,
      key: 'last',
      width: 110,
      render: (_: unknown, r) => <Stack main={dateText(r.lastVisitOn)} sub={mileageText(r.lastKm)} />,
    },
    {
      title: t('估计当前里程'),
      key: 'estimatedKm',
      width: 110,
      align: 'right',
      render: (_: unknown, r) => <span className="num">{mileageText(r.estimatedKm)}</span>,
    },
    {
      title: <Stack main={t('到期日期')} sub={t('到期里程')} />,
      key: 'due',
      width: 110,
      render: (_: unknown, r) => (
        <Stack main={<strong className="due-on">{r.dueOn}</strong>} sub={mileageText(r.dueKm)} />
      ),
    },
    {
      title: t('依据'),
      key: 'basis',
      width: 90,
      render: (_: unknown, r) => <DueBasis row={r} />,
    },
    {
      title: t('为什么'),
      key: 'why',
      width: 86,
      render: (_: unknown, r) => <WhyButton explanation={r.explanation} />,
    },
  ];
}
