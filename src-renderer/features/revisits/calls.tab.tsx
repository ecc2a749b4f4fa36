import { FileExcelOutlined, FilePdfOutlined, PhoneOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useEffect, useMemo, useState } from 'react';
import {
  CALL_KIND_LABELS,
  CALL_KINDS,
  type CallKind,
  type CallQueue,
  QUEUE_STATES,
  type QueueEntry,
  type QueueState,
} from '../../../src-shared/domain/revisits';
import type { Result } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { CustomerPhoneCell } from '../../components/customer-cells';
import { useKeyboardList } from '../../components/list-keys';
import { Kbd, Loaded } from '../../components/page';
import { type Phrase, useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import { HtmlPreviewModal, type PreviewSheet } from '../daily-report/print-preview';
import { downloadBase64 } from '../import/file-bytes';
import { UnmaskCheckbox, unmaskedInput, useUnmasked } from '../settings/unmask-choice';
import { KIND_COLOR, KindTag, LastAttemptCell, OfferButtons, QueueStateTag, STATE_COLOR, timeOf } from './call-cells';
import { callPath } from './paths';

/** The queue is asked again every minute: the store clock moves entries from 稍后 to 现在可打. */
const REFRESH_MS = 60_000;

const STATE_FILTER_LABELS: Record<QueueState, Phrase> = {
  now: '现在可打',
  later: '稍后',
  overdue: '逾期',
  skipped: '跳过',
  done: '已完成',
  unreached: '未接通',
};

/**
 * 今日电话: the day's calls in the queue's order, counts per kind and state (click to filter), the
 * call sheet to print, and the keyboard: ↑/↓ choose, Enter opens the call.
 */
export function CallsTab() {
  const { t } = useI18n();
  const { data, error, reload, loading } = useQuery('calls.queue', {});
  const [kind, setKind] = useState<CallKind | null>(null);
  const [state, setState] = useState<QueueState | null>(null);
  const [printing, setPrinting] = useState(false);

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <Card
      size="small"
      className="section calls-queue"
      title={
        <Space size={8}>
          <span>{t('今天要打的电话')}</span>
          {data && (
            <span className="muted small queue-at">
              {t('{date} {time} 的队列，每分钟刷新', { date: data.date, time: timeOf(data.at) })}
            </span>
          )}
        </Space>
      }
      extra={
        <Space size={8} wrap>
          <Button size="small" icon={<ReloadOutlined />} loading={loading && data !== undefined} onClick={reload}>
            {t('刷新')}
          </Button>
          <Button size="small" icon={<PrinterOutlined />} onClick={() => setPrinting(true)}>
            {t('打印电话单')}
          </Button>
          <SheetXlsxButton />
          <UnmaskCheckbox />
        </Space>
      }
    >
      <Loaded data={data} error={error} reload={reload}>
        {(queue) => (
          <>
            <QueueCounts queue={queue} kind={kind} state={state} onKind={setKind} onState={setState} />
            <QueueTable queue={queue} kind={kind} state={state} />
          </>
        )}
      </Loaded>
      {printing && <SheetPreview onClose={() => setPrinting(false)} />}
    </Card>
  );
}

function QueueCounts({
  queue,
  kind,
  state,
  onKind,
  onState,
}: {
  queue: CallQueue;
  kind: CallKind | null;
  state: QueueState | null;
  onKind(kind: CallKind | null): void;
  onState(state: QueueState | null): void;
}) {
  const { t, label } = useI18n();
  const windows = queue.windows.map((w) => `${w.from}-${w.to}`).join('、');
  return (
    <div className="queue-counts">
      <Flex gap={6} wrap align="center" className="queue-counts-row" data-counts="state">
        <span className="muted small counts-label">{t('状态')}</span>
        {QUEUE_STATES.map((s) => (
          <Tag.CheckableTag
            key={s}
            checked={state === s}
            onChange={(on) => onState(on ? s : null)}
            className={`count-chip count-${STATE_COLOR[s]}`}
            data-state={s}
          >
            {t(STATE_FILTER_LABELS[s])} <strong className="count-value">{queue.counts.byState[s] ?? 0}</strong>
          </Tag.CheckableTag>
        ))}
      </Flex>
      <Flex gap={6} wrap align="center" className="queue-counts-row" data-counts="kind">
        <span className="muted small counts-label">{t('类别')}</span>
        {CALL_KINDS.map((k) => (
          <Tag.CheckableTag
            key={k}
            checked={kind === k}
            onChange={(on) => onKind(on ? k : null)}
            className={`count-chip count-${KIND_COLOR[k]}`}
            data-kind={k}
          >
            {label(CALL_KIND_LABELS[k])} <strong className="count-value">{queue.counts.byKind[k] ?? 0}</strong>
          </Tag.CheckableTag>
        ))}
        <span className="muted small queue-windows">{t('打电话时段：{windows}', { windows })}</span>
      </Flex>
    </div>
  );
}

function QueueTable({ queue, kind, state }: { queue: CallQueue; kind: CallKind | null; state: QueueState | null }) {
  const { t } = useI18n();
  const rows = useMemo(
    () => queue.entries.filter((e) => (kind === null || e.kind === kind) && (state === null || e.state === state)),
    [queue, kind, state],
  );
  const { selected, select, tableRef } = useKeyboardList(
    rows,
    (r) => r.key,
    (r) => void navigate(callPath(r.key)),
    'key',
  );

  return (
    <div ref={tableRef}>
      <Table<QueueEntry>
        rowKey="key"
        size="small"
        dataSource={rows}
        pagination={rows.length > 100 ? { pageSize: 100, size: 'small', showSizeChanger: false } : false}
        locale={{
          emptyText: kind || state ? t('没有符合条件的电话') : t('今天没有要打的电话'),
        }}
        className="calls-queue-table"
        rowClassName={(r) =>
          [r.key === selected?.key ? 'queue-row-selected' : '', `queue-row-${r.state}`].join(' ').trim()
        }
        onRow={(r) =>
          ({
            'data-key': r.key,
            'data-state': r.state,
            'data-kind': r.kind,
            'data-plate': r.plate ?? '',
            onClick: () => select(r.key),
            onDoubleClick: () => void navigate(callPath(r.key)),
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('状态'),
            key: 'state',
            width: 130,
            render: (_: unknown, r) => (
              <div className="cell-stack">
                <QueueStateTag entry={r} />
                {r.state === 'unreached' && (
                  <div className="offer-cell">
                    <OfferButtons entry={r} compact />
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('类别'),
            key: 'kind',
            width: 104,
            render: (_: unknown, r) => <KindTag kind={r.kind} forKind={r.forKind} callKey={r.key} />,
          },
          {
            title: t('客户 / 电话'),
            key: 'customer',
            width: 130,
            render: (_: unknown, r) => <CustomerPhoneCell id={r.customerId} name={r.customerName} phone={r.phone} />,
          },
          {
            title: t('车牌 / 车型'),
            key: 'vehicle',
            width: 112,
            render: (_: unknown, r) => (
              <div className="cell-stack">
                <div className="plate">
                  {r.vehicleId ? (
                    <Link to={`/archive/vehicles/${r.vehicleId}`}>{r.plate ?? '—'}</Link>
                  ) : (
                    (r.plate ?? '—')
                  )}
                </div>
                <div className="muted small">{r.model}</div>
              </div>
            ),
          },
          {
            title: t('修理单 / 原因'),
            key: 'reason',
            render: (_: unknown, r) => (
              <div className="cell-stack">
                <div>
                  {r.roId ? <Link to={`/archive/repair-orders/${r.roId}`}>{r.roNumber}</Link> : (r.roNumber ?? '')}
                </div>
                <div className="muted small">{r.reason}</div>
              </div>
            ),
          },
          {
            title: t('时段'),
            key: 'window',
            width: 110,
            render: (_: unknown, r) => (
              <div className="cell-stack">
                <div>{r.window ?? (r.dueAt ? timeOf(r.dueAt) : '—')}</div>
                {r.preferredTime && <div className="muted small">{t('客户：{time}', { time: r.preferredTime })}</div>}
              </div>
            ),
          },
          {
            title: t('次数'),
            key: 'attempts',
            width: 48,
            align: 'center',
            render: (_: unknown, r) => <span className="attempts">{r.attempts}</span>,
          },
          {
            title: t('最后一次'),
            key: 'last',
            width: 132,
            render: (_: unknown, r) => <LastAttemptCell entry={r} />,
          },
          {
            title: '',
            key: 'open',
            width: 84,
            render: (_: unknown, r) =>
              r.state === 'skipped' ? null : (
                <Button
                  size="small"
                  type={r.state === 'now' ? 'primary' : 'default'}
                  icon={r.state === 'done' || r.state === 'unreached' ? undefined : <PhoneOutlined />}
                  onClick={(e) => {
                    e.stopPropagation();
                    void navigate(callPath(r.key));
                  }}
                >
                  {r.state === 'done' || r.state === 'unreached' ? t('查看') : t('打电话')}
                </Button>
              ),
          },
        ]}
      />
      <Typography.Text type="secondary" className="small keys-hint">
        <Kbd>↑</Kbd>
        <Kbd>↓</Kbd> {t('选择')} · <Kbd>Enter</Kbd> {t('打开这通电话')}
      </Typography.Text>
    </div>
  );
}

/** The call sheet is laid out on landscape A4 (call-sheet.print.ts), with the report sheet's margins. */
const CALL_SHEET: PreviewSheet = { widthMm: 297, heightMm: 210, padding: '12mm 12mm 15mm' };

/** 打印电话单: the day's call sheet (A4 landscape) in the print preview, with its PDF. */
function SheetPreview({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const unmask = unmaskedInput(useUnmasked());
  const query = useQuery('calls.sheetHtml', { ...unmask });
  const [busy, setBusy] = useState(false);
  const pdf = async () => {
    setBusy(true);
    try {
      const result = await api.invoke('calls.sheetPdf', { ...unmask });
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <HtmlPreviewModal
      query={query}
      onClose={onClose}
      sheet={CALL_SHEET}
      sendRequest={{ doc: 'callSheet', ...unmask }}
      footerExtra={
        <Button icon={<FilePdfOutlined />} loading={busy} onClick={() => void pdf()}>
          {t('导出 PDF')}
        </Button>
      }
    />
  );
}

function SheetXlsxButton() {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const unmask = unmaskedInput(useUnmasked());
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const result: Result<{ fileName: string; contentBase64: string }> = await api.invoke('calls.sheetXlsx', {
        ...unmask,
      });
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" icon={<FileExcelOutlined />} loading={busy} onClick={() => void run()}>
      {t('导出 Excel')}
    </Button>
  );
}
