import { Tag, Tooltip } from 'antd';
import {
  COMPLAINT_LEVEL_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_VERDICT_LABELS,
  type ComplaintLevel,
  type ComplaintState,
  type ComplaintSummary,
  type ComplaintVerdict,
} from '../../../src-shared/domain/complaints';
import { instantText } from '../../components/format';
import { useI18n } from '../../i18n/i18n';

/** From the mildest to the gravest: grey → blue → gold → orange → red → magenta. */
export const LEVEL_COLOR: Record<ComplaintLevel, string> = {
  minor_grumble: 'default',
  grumble: 'blue',
  serious_grumble: 'gold',
  complaint: 'orange',
  urgent: 'volcano',
  escalated: 'red',
  major: 'magenta',
};

export const STATE_COLOR: Record<ComplaintState, string> = {
  open: 'orange',
  resolved: 'gold',
  closed: 'green',
};

export function LevelTag({ level }: { level: ComplaintLevel }) {
  const { label } = useI18n();
  return (
    <Tag color={LEVEL_COLOR[level]} className="level-tag" data-level={level}>
      {label(COMPLAINT_LEVEL_LABELS[level])}
    </Tag>
  );
}

export function ComplaintStateTag({ state, reopened = 0 }: { state: ComplaintState; reopened?: number }) {
  const { t, label } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} className="complaint-state-tag" data-state={state}>
      {label(COMPLAINT_STATE_LABELS[state])}
      {reopened > 0 && state !== 'closed' ? ` · ${t('重开 {n} 次', { n: reopened })}` : ''}
    </Tag>
  );
}

export function VerdictText({ verdict }: { verdict: ComplaintVerdict | null }) {
  const { label } = useI18n();
  if (!verdict) return <span className="muted">—</span>;
  return (
    <span className={verdict === 'dissatisfied' ? 'verdict verdict-bad' : 'verdict'} data-verdict={verdict}>
      {label(COMPLAINT_VERDICT_LABELS[verdict])}
    </span>
  );
}

/** A deadline: the time, and 已超期 in red when the server says it has passed (on the store clock). */
export function Deadline({
  value,
  overdue,
  kind,
  done,
}: {
  value: string | null;
  overdue: boolean;
  kind: 'response' | 'resolution' | 'callback';
  /** The step was done (responded, resolved, called back): no overdue mark. */
  done?: boolean;
}) {
  const { t } = useI18n();
  if (!value) return <span className="muted">—</span>;
  const text = value.length > 10 ? instantText(value) : value;
  const late = overdue && !done;
  return (
    <span className={late ? 'deadline overdue' : 'deadline'} data-deadline={kind}>
      {text}
      {late && <span className="overdue-mark">{t('已超期')}</span>}
    </span>
  );
}

/** The complaint's progress as the list shows it: which deadline is missed, if any. */
export function OverdueNote({ complaint }: { complaint: ComplaintSummary }) {
  const { t } = useI18n();
  const parts: string[] = [];
  if (complaint.overdue.response && complaint.respondedAt === null) parts.push(t('未按时回复'));
  if (complaint.overdue.resolution && complaint.resolvedAt === null) parts.push(t('未按期解决'));
  if (complaint.overdue.callback && complaint.state === 'resolved') parts.push(t('二次回访逾期'));
  if (parts.length === 0) return null;
  return (
    <Tooltip title={parts.join('、')}>
      <Tag color="red" className="overdue-tag">
        {t('超期')}
      </Tag>
    </Tooltip>
  );
}
