import { ArrowRightOutlined } from '@ant-design/icons';
import type { InvitationFunnel } from '../../../src-shared/domain/invitations';
import { useI18n } from '../../i18n/i18n';

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—';
}

/** 寄信 → 电话 → 预约 → 回厂: each step counted over the list's rows. */
export function Funnel({ funnel, compact = false }: { funnel: InvitationFunnel; compact?: boolean }) {
  const { t } = useI18n();
  const steps = [
    { key: 'sent', label: t('寄信'), n: funnel.sent },
    { key: 'called', label: t('电话'), n: funnel.called },
    { key: 'booked', label: t('预约'), n: funnel.booked },
    { key: 'came', label: t('回厂'), n: funnel.came },
  ];
  if (compact)
    return (
      <span className="funnel-compact" data-funnel={`${funnel.sent}-${funnel.called}-${funnel.booked}-${funnel.came}`}>
        {steps.map((s, i) => (
          <span key={s.key} className="funnel-compact-step" data-step={s.key}>
            {i > 0 && <ArrowRightOutlined className="funnel-arrow" />}
            <span className="muted">{s.label}</span> <strong>{s.n}</strong>
          </span>
        ))}
      </span>
    );
  return (
    <div className="funnel" title={t('招揽转化')}>
      <div className="funnel-step funnel-rows" data-step="rows">
        <div className="funnel-label">{t('名单')}</div>
        <div className="funnel-value">{funnel.rows}</div>
      </div>
      {steps.map((s) => (
        <div key={s.key} className="funnel-step" data-step={s.key}>
          <ArrowRightOutlined className="funnel-arrow" />
          <div>
            <div className="funnel-label">{s.label}</div>
            <div className="funnel-value">
              {s.n}
              <span className="funnel-percent">{percent(s.n, funnel.rows)}</span>
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}
