import { Tag, Typography } from 'antd';
import { CLAIM_STATUS_LABELS, type ClaimDueState, type ClaimStatus } from '../../../src-shared/domain/claims';
import { daysBetween } from '../../../src-shared/validation/dates';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';

/** 待填报 grey-blue, on its way blue/gold, approved green, rejected red, settled grey. */
export const CLAIM_STATUS_COLOR: Record<ClaimStatus, string> = {
  draft: 'default',
  reported: 'blue',
  reviewing: 'gold',
  approved: 'green',
  rejected: 'red',
  settled: 'cyan',
};

export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={CLAIM_STATUS_COLOR[status]} className="claim-status-tag" data-status={status}>
      {label(CLAIM_STATUS_LABELS[status])}
    </Tag>
  );
}

/**
 * A claim's deadline: the day and, while it still has to be reported, 剩 N 天 (orange within the
 * warning days) or 已超期 N 天 (red), counted on the store clock; the server's dueState decides the colour.
 */
export function ClaimDeadline({
  deadline,
  dueState,
  compact = false,
}: {
  deadline: string | null;
  dueState: ClaimDueState;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const today = useStoreToday();
  if (deadline === null)
    return (
      <span className="muted claim-deadline" data-due="none">
        {t('未结算')}
      </span>
    );
  if (dueState === 'done')
    return (
      <span className="muted claim-deadline" data-due="done">
        {deadline}
      </span>
    );
  const left = daysBetween(today, deadline);
  const note = left < 0 ? t('已超期 {n} 天', { n: -left }) : left === 0 ? t('今天到期') : t('剩 {n} 天', { n: left });
  const type = dueState === 'overdue' ? 'danger' : dueState === 'due_soon' ? 'warning' : undefined;
  return (
    <span className={`claim-deadline claim-deadline-${dueState}`} data-due={dueState}>
      <span>{deadline}</span>
      {compact ? ' ' : <br />}
      <Typography.Text type={type} strong={dueState !== 'ok'} className="small claim-deadline-note">
        {note}
      </Typography.Text>
    </span>
  );
}
