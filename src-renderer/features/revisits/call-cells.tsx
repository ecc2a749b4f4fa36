import { MailOutlined, MessageOutlined } from '@ant-design/icons';
import { App, Button, Space, Tag } from 'antd';
import { useState } from 'react';
import {
  CALL_KIND_LABELS,
  CALL_OUTCOME_LABELS,
  type CallKind,
  type CallOutcome,
  callTopicLabel,
  QUEUE_STATE_LABELS,
  type QueueEntry,
  type QueueState,
} from '../../../src-shared/domain/revisits';
import { useApi } from '../../api/client';
import { instantText } from '../../components/format';
import { useI18n } from '../../i18n/i18n';

export const KIND_COLOR: Record<CallKind, string> = {
  followup7: 'blue',
  csi: 'geekblue',
  delivery: 'cyan',
  reminder: 'purple',
  callback: 'gold',
};

export const STATE_COLOR: Record<QueueState, string> = {
  now: 'green',
  later: 'blue',
  overdue: 'orange',
  skipped: 'default',
  done: 'default',
  unreached: 'red',
};

const OUTCOME_COLOR: Record<CallOutcome, string> = {
  reached: 'green',
  no_answer: 'orange',
  busy: 'orange',
  off: 'orange',
  wrong_number: 'red',
  refused: 'default',
  call_back: 'gold',
};

/** What a call is for: 7天跟踪回访, 满意度回访… (a callback says what it continues). */
export function KindTag({ kind, forKind, callKey }: { kind: CallKind; forKind?: CallKind | null; callKey?: string }) {
  const { label } = useI18n();
  // 投诉二次回访 and 流失召回 are stored as a callback and a reminder: their key names them.
  const topic = callKey ? callTopicLabel(callKey) : null;
  return (
    <Tag color={KIND_COLOR[kind]} className="kind-tag" data-kind={kind}>
      {label(topic ?? CALL_KIND_LABELS[kind])}
      {kind === 'callback' && forKind && forKind !== 'callback' ? (
        <span className="kind-for">·{label(CALL_KIND_LABELS[forKind])}</span>
      ) : null}
    </Tag>
  );
}

export function OutcomeTag({ outcome }: { outcome: CallOutcome | string }) {
  const { label } = useI18n();
  const known = outcome in CALL_OUTCOME_LABELS;
  return (
    <Tag
      color={known ? OUTCOME_COLOR[outcome as CallOutcome] : 'default'}
      className="outcome-tag"
      data-outcome={outcome}
    >
      {known ? label(CALL_OUTCOME_LABELS[outcome as CallOutcome]) : label(outcome)}
    </Tag>
  );
}

/** HH:mm of an instant as the store's wall clock wrote it. */
export function timeOf(instant: string | null | undefined): string {
  return instant ? instant.slice(11, 16) : '';
}

/** 现在可打 / 稍后 15:00 / 逾期 2 天 / 跳过（原因）/ 已完成 / 未接通. */
export function QueueStateTag({ entry }: { entry: QueueEntry }) {
  const { t, label } = useI18n();
  const text = (() => {
    switch (entry.state) {
      case 'now':
        return t('现在可打');
      case 'later': {
        const at = entry.dueAt && entry.dueOn === entry.dueAt.slice(0, 10) ? timeOf(entry.dueAt) : entry.nextAt;
        return at ? t('稍后 {time}', { time: at }) : t('稍后再打');
      }
      case 'overdue':
        return t('逾期 {n} 天', { n: entry.overdueDays });
      case 'skipped':
        return entry.skipReason ? t('跳过（{reason}）', { reason: entry.skipReason }) : t('跳过');
      case 'done':
        return t('已完成');
      case 'unreached':
        return t('未接通');
      default:
        return label(QUEUE_STATE_LABELS[entry.state]);
    }
  })();
  return (
    <Tag color={STATE_COLOR[entry.state]} className="state-tag" data-state={entry.state}>
      {text}
    </Tag>
  );
}

/** After 未接通: 改发短信 / 改发信件 (calls.offer), or what was chosen. */
export function OfferButtons({
  entry,
  size = 'small',
  compact = false,
}: {
  entry: QueueEntry;
  size?: 'small' | 'middle';
  /** In a table cell: two links, no icons. */
  compact?: boolean;
}) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'sms' | 'letter' | null>(null);
  if (entry.state !== 'unreached') return null;
  if (entry.followUpChannel)
    return (
      <Tag color="purple" className="offer-chosen" data-channel={entry.followUpChannel}>
        {entry.followUpChannel === 'sms' ? t('已改发短信') : t('已改发信件')}
      </Tag>
    );
  const offer = async (channel: 'sms' | 'letter') => {
    setBusy(channel);
    try {
      const result = await api.invoke('calls.offer', { key: entry.key, channel });
      if (result.ok)
        message.success(channel === 'sms' ? t('已改为发短信，可在“短信”中选“电话未接通的客户”') : t('已改为寄信'));
      else message.error(result.error.message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space size={compact ? 0 : 4} className="offer-buttons">
      <Button
        size={size}
        type={compact ? 'link' : 'default'}
        icon={compact ? undefined : <MessageOutlined />}
        loading={busy === 'sms'}
        onClick={(e) => {
          e.stopPropagation();
          void offer('sms');
        }}
      >
        {t('改发短信')}
      </Button>
      <Button
        size={size}
        type={compact ? 'link' : 'default'}
        icon={compact ? undefined : <MailOutlined />}
        loading={busy === 'letter'}
        onClick={(e) => {
          e.stopPropagation();
          void offer('letter');
        }}
      >
        {t('改发信件')}
      </Button>
    </Space>
  );
}

/** 最后一次: when, the outcome, who. */
export function LastAttemptCell({ entry }: { entry: QueueEntry }) {
  const { t } = useI18n();
  if (!entry.lastAttempt) return <span className="muted">{t('未打')}</span>;
  return (
    <div className="cell-stack">
      <div>
        <OutcomeTag outcome={entry.lastAttempt.outcome} />
      </div>
      <div className="muted small">
        {instantText(entry.lastAttempt.at)} {entry.lastAttempt.by}
      </div>
    </div>
  );
}
