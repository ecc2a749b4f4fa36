import { Tag } from 'antd';
import { CALL_RESULT_LABELS, type CallResult, type InvitationRow } from '../../../src-shared/domain/invitations';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { repairOrderPath } from './paths';

const CALL_RESULT_COLOR: Record<CallResult, string> = {
  reached: 'blue',
  no_answer: 'orange',
  booked: 'green',
  not_interested: 'default',
  wrong_number: 'red',
  sold: 'default',
  serviced_elsewhere: 'default',
};

export function CallResultTag({ result }: { result: CallResult }) {
  const { label } = useI18n();
  return (
    <Tag color={CALL_RESULT_COLOR[result]} className="call-result" data-result={result}>
      {label(CALL_RESULT_LABELS[result])}
    </Tag>
  );
}

const LETTER_KIND_LABELS: Record<string, string> = {
  invitation: '定期保养邀请信',
  first_service_reminder: '首保提醒信',
};

/** 信件: when and which letter went out. */
export function LetterCell({ row }: { row: InvitationRow }) {
  const { t, label } = useI18n();
  if (!row.letterSentOn) return <span className="muted">{t('未寄')}</span>;
  return (
    <div className="cell-stack letter-cell">
      <div>{row.letterSentOn}</div>
      <div className="muted small">
        {row.letterKind ? label(LETTER_KIND_LABELS[row.letterKind] ?? row.letterKind) : ''}
      </div>
    </div>
  );
}

/** 电话结果: the latest result and how many attempts. */
export function CallsCell({ row }: { row: InvitationRow }) {
  const { t } = useI18n();
  const last = row.calls.at(-1);
  if (!last) return <span className="muted">{t('未打')}</span>;
  return (
    <div className="cell-stack calls-cell">
      <div>
        <CallResultTag result={last.result} />
      </div>
      <div className="muted small">{t('共 {n} 次', { n: row.calls.length })}</div>
    </div>
  );
}

export function BookedCell({ row }: { row: InvitationRow }) {
  return row.bookedFor ? <span className="booked-for">{row.bookedFor}</span> : <span className="muted">—</span>;
}

/** 回厂: the later RO of the right type, linked. */
export function CameCell({ row }: { row: InvitationRow }) {
  const { t } = useI18n();
  if (!row.cameRoId) return <span className="muted">—</span>;
  return (
    <div className="cell-stack came-cell">
      <Tag color="success" className="came-tag">
        {t('已回厂')}
      </Tag>
      <Link to={repairOrderPath(row.cameRoId)} className="small">
        {row.cameOn ?? t('查看修理单')}
      </Link>
    </div>
  );
}
