import {
  CheckCircleOutlined,
  DeleteOutlined,
  FileAddOutlined,
  ImportOutlined,
  LoadingOutlined,
  ReloadOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Input,
  type InputRef,
  Popconfirm,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { RO_STATUS_LABELS, RO_STATUSES, type RoStatus } from '../../../src-shared/domain/enums';
import {
  type Discrepancy,
  type DiscrepancyKind,
  normalizeRoNumber,
  type ReconciliationDay,
  type ReconciliationTick,
  type TickResult,
} from '../../../src-shared/domain/reconciliation';
import { isRealDate } from '../../../src-shared/validation/dates';
import { useApi, useQuery } from '../../api/client';
import { DayNav } from '../../components/day-nav';
import { enumOptions, RoStatusTag } from '../../components/enum-labels';
import { instantText } from '../../components/format';
import { Kbd, Loaded, shortcut } from '../../components/page';
import { type Phrase, useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route, withQuery } from '../../router/hash-router';
import './reconciliation.css';

export const RECONCILE_PATH = '/daily/reconcile';

export function reconcilePath(date: string): string {
  return withQuery(RECONCILE_PATH, { date });
}

/** The day asked for in the address, else today (the store's date: useStoreToday). */
export function dayOf(route: Route, today: string): string {
  const asked = route.query.get('date');
  return asked && isRealDate(asked) ? asked : today;
}

const KIND_TITLES: Record<DiscrepancyKind, Phrase> = {
  missing_on_paper: '系统有、纸质无',
  missing_in_archive: '纸质有、系统无',
  status_mismatch: '状态不符',
};

const KIND_HINTS: Record<DiscrepancyKind, Phrase> = {
  missing_on_paper:
    '档案里当天有、但纸质单夹里没有勾到的修理单：找到纸质单就扫一下；找不到就写明原因（如“客户未取车”）。',
  missing_in_archive:
    '勾了、但档案里没有这个工单号：在 DMS 补录并导入，或在这里新建修理单，然后点“重新核对”；是错单就写明原因。',
  status_mismatch: '纸质单上的状态与档案不同：改正档案或纸质单，或写明原因。',
};

function noteInputId(d: Pick<Discrepancy, 'kind' | 'roNumber'>): string {
  return `note-${d.kind}-${d.roNumber}`;
}

/**
 * 对单: for one day the clerk ticks off the paper ROs in the folder by scanning or typing the RO
 * number, and sees what does not agree with the archive. Everything is saved as it is done.
 */
export function ReconcileView({ date }: { date: string }) {
  const { data, error, reload } = useQuery('reconciliation.getDay', { date });
  return (
    <>
      <DayBar date={date} day={data} />
      <Loaded data={data} error={error} reload={reload}>
        {(day) => <DayView date={date} day={day} reload={reload} />}
      </Loaded>
    </>
  );
}

function DayBar({ date, day }: { date: string; day: ReconciliationDay | undefined }) {
  const { t } = useI18n();
  const go = (next: string) => void navigate(reconcilePath(next));
  const summary = day?.summary;
  return (
    <Flex align="center" gap={8} wrap className="reconcile-daybar">
      <DayNav date={date} go={go} label={t('对单日期')} />
      {summary &&
        (summary.completedAt ? (
          <Tag color="success" icon={<CheckCircleOutlined />} className="reconcile-state">
            {t('已完成')}
          </Tag>
        ) : (
          <Tag color="processing" className="reconcile-state">
            {t('未完成')}
          </Tag>
        ))}
      <span className="grow" />
      <Link to="/daily/import" className="reconcile-import-link">
        <ImportOutlined /> {t('导入 DMS 修理单')}
      </Link>
    </Flex>
  );
}

function DayView({ date, day, reload }: { date: string; day: ReconciliationDay; reload(): void }) {
  const { t } = useI18n();
  const completed = day.summary.completedAt !== null;
  return (
    <>
      <Typography.Paragraph type="secondary" className="reconcile-hint">
        {t(
          '当天的修理单：当天进厂的，加上当天交车或结算的，也就是纸质单夹里当天应有的单子。用扫码枪扫纸质单上的工单号条码，或输入工单号后按回车；每一步即时保存，中途离开也不会丢。',
        )}
      </Typography.Paragraph>
      <CompletionBar date={date} day={day} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <ScanCard date={date} day={day} disabled={completed} />
          <TicksCard date={date} day={day} disabled={completed} />
        </Col>
        <Col xs={24} xl={15}>
          <Counts day={day} />
          {(['missing_on_paper', 'missing_in_archive', 'status_mismatch'] as const).map((kind) => (
            <DiscrepancyCard key={kind} date={date} day={day} kind={kind} disabled={completed} reload={reload} />
          ))}
        </Col>
      </Row>
    </>
  );
}

function Counts({ day }: { day: ReconciliationDay }) {
  const { t } = useI18n();
  const s = day.summary;
  const items: { key: string; title: Phrase; value: number; warn?: boolean }[] = [
    { key: 'inArchive', title: '当天档案修理单', value: s.inArchive },
    { key: 'ticked', title: '已勾纸质单', value: s.ticked },
    { key: 'missingOnPaper', title: '系统有、纸质无', value: s.missingOnPaper, warn: true },
    { key: 'missingInArchive', title: '纸质有、系统无', value: s.missingInArchive, warn: true },
    { key: 'statusMismatch', title: '状态不符', value: s.statusMismatch, warn: true },
    { key: 'unresolved', title: '待处理', value: s.unresolved, warn: true },
  ];
  return (
    <Card size="small" className="reconcile-counts section">
      <Flex gap={8} wrap justify="space-between">
        {items.map((item) => (
          <Statistic
            key={item.key}
            title={t(item.title)}
            value={item.value}
            className={item.warn && item.value > 0 ? 'count-warn' : undefined}
            data-count={item.key}
          />
        ))}
      </Flex>
    </Card>
  );
}

function CompletionBar({ date, day }: { date: string; day: ReconciliationDay }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const [blocked, setBlocked] = useState<Discrepancy[] | null>(null);
  const [busy, setBusy] = useState(false);
  const s = day.summary;
  const open = [...day.missingOnPaper, ...day.missingInArchive, ...day.statusMismatch].filter((d) => d.open);

  // The list of what keeps the day open shrinks as the clerk works through it.
  const stillOpen = blocked?.filter((b) => open.some((d) => d.kind === b.kind && d.roNumber === b.roNumber)) ?? null;

  const complete = async () => {
    if (open.length > 0) {
      setBlocked(open);
      return;
    }
    setBusy(true);
    const result = await api.invoke('reconciliation.complete', { date });
    setBusy(false);
    if (result.ok) {
      setBlocked(null);
      message.success(t('对单完成'));
    } else message.error(result.error.message);
  };
  const reopen = async () => {
    const result = await api.invoke('reconciliation.reopen', { date });
    if (!result.ok) message.error(result.error.message);
  };

  if (s.completedAt !== null) {
    const changed =
      day.completedSummary !== null &&
      (['inArchive', 'ticked', 'missingOnPaper', 'missingInArchive', 'statusMismatch', 'unresolved'] as const).some(
        (k) => day.completedSummary?.[k] !== s[k],
      );
    return (
      <Alert
        type={s.unresolved > 0 ? 'warning' : 'success'}
        showIcon
        className="section"
        title={t('对单已完成：{by}，{at}', { by: s.completedBy ?? '', at: instantText(s.completedAt) })}
        description={
          s.unresolved > 0
            ? t('完成后档案有变化，现在有 {n} 条差异没有说明。请重新打开对单处理。', { n: s.unresolved })
            : changed
              ? t('完成后档案有变化（数字与完成时不同），差异都已说明或处理。')
              : t('结果已随当天保存，日报会显示。如需修改，请先重新打开对单。')
        }
        action={
          <Popconfirm
            title={t('重新打开对单？')}
            description={t('重新打开后可以继续勾选、修改说明，完成后需要再次点“对单完成”。')}
            okText={t('重新打开')}
            cancelText={t('取消')}
            onConfirm={reopen}
          >
            <Button size="small">{t('重新打开对单')}</Button>
          </Popconfirm>
        }
      />
    );
  }
  return (
    <div className="section">
      <Flex align="center" gap={12} wrap>
        <Button type="primary" icon={<CheckCircleOutlined />} loading={busy} onClick={() => void complete()}>
          {t('对单完成')}
        </Button>
        <Typography.Text type="secondary">
          {open.length > 0
            ? t('还有 {n} 条差异没有说明也没有标记已处理。', { n: open.length })
            : t('所有差异都已说明或处理，可以完成对单。')}
        </Typography.Text>
      </Flex>
      {stillOpen && stillOpen.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setBlocked(null) }}
          className="reconcile-blocked"
          title={t('还不能完成对单：以下 {n} 条差异既没有说明也没有标记已处理', { n: stillOpen.length })}
          description={
            <ul className="reconcile-open-list">
              {stillOpen.map((d) => (
                <li key={noteInputId(d)}>
                  <Button type="link" size="small" onClick={() => document.getElementById(noteInputId(d))?.focus()}>
                    <span className="mono">{d.roNumber}</span>
                  </Button>
                  {label(KIND_TITLES[d.kind])}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </div>
  );
}

interface Feedback {
  type: 'success' | 'info' | 'warning' | 'error';
  text: string;
}

function ScanCard({ date, day, disabled }: { date: string; day: ReconciliationDay; disabled: boolean }) {
  const api = useApi();
  const { t, label } = useI18n();
  const [text, setText] = useState('');
  const [paperStatus, setPaperStatus] = useState<RoStatus | 'none'>('none');
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const input = useRef<InputRef>(null);
  // Scans arrive faster than answers: ticks and undos go out one after another, in order.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const latest = useRef({ day, text });
  latest.current = { day, text };

  const focus = useCallback(() => input.current?.focus(), []);
  useEffect(() => {
    if (!disabled) focus();
  }, [disabled, focus]);

  const statusLabel = (s: RoStatus) => label(RO_STATUS_LABELS[s]);

  const describe = (r: TickResult): Feedback => {
    const ro = r.tick.roNumber;
    if (r.outcome === 'already') return { type: 'info', text: t('{ro} 已勾过', { ro }) };
    if (r.outcome === 'statusChanged')
      return {
        type: 'info',
        text: t('{ro} 已勾过，纸质单状态改为 {status}', { ro, status: statusLabel(r.tick.paperStatus ?? 'in_repair') }),
      };
    if (r.tick.repairOrderId === null)
      return { type: 'warning', text: t('{ro} 档案里没有，记为“纸质有、系统无”', { ro }) };
    if (r.tick.paperStatus && r.tick.archiveStatus && r.tick.paperStatus !== r.tick.archiveStatus)
      return {
        type: 'warning',
        text: t('已勾选 {ro}：状态不符，纸质 {paper}，档案 {archive}', {
          ro,
          paper: statusLabel(r.tick.paperStatus),
          archive: statusLabel(r.tick.archiveStatus),
        }),
      };
    if (!r.tick.inDay)
      return {
        type: 'info',
        text: t('已勾选 {ro}：不是当天的修理单（进厂 {opened}）', { ro, opened: instantText(r.tick.openedAt) }),
      };
    return { type: 'success', text: t('已勾选 {ro} {plate}', { ro, plate: r.tick.plate ?? '' }) };
  };

  const submit = () => {
    const typed = text;
    if (normalizeRoNumber(typed) === '') return;
    const status = paperStatus === 'none' ? null : paperStatus;
    setText('');
    setPaperStatus('none');
    focus();
    queue.current = queue.current.then(async () => {
      const result = await api.invoke('reconciliation.tick', {
        date,
        roNumber: typed,
        ...(status ? { paperStatus: status } : {}),
      });
      if (result.ok) setFeedback(describe(result.value));
      else {
        setFeedback({ type: 'error', text: result.error.message });
        // Put the refused text back, selected, so the next scan replaces it.
        setText((current) => (current === '' ? typed : current));
        setTimeout(() => input.current?.select(), 0);
      }
    });
  };

  const undo = useCallback(() => {
    queue.current = queue.current.then(async () => {
      const last = latest.current.day.ticks[0];
      if (!last) {
        setFeedback({ type: 'info', text: t('没有可以撤销的勾选') });
        return;
      }
      const result = await api.invoke('reconciliation.untick', { date, tickId: last.id });
      setFeedback(
        result.ok
          ? { type: 'info', text: t('已撤销勾选 {ro}', { ro: last.roNumber }) }
          : { type: 'error', text: result.error.message },
      );
    });
  }, [api, date, t]);

  // Ctrl+Z undoes the last tick, from the scan box (when empty) or from anywhere that is not a text field.
  useEffect(() => {
    if (disabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z') return;
      const target = e.target as HTMLElement | null;
      const inScan = target !== null && target === input.current?.input;
      const editable = target?.closest?.('input, textarea, [contenteditable="true"]');
      if (inScan ? latest.current.text !== '' : editable) return;
      e.preventDefault();
      undo();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [disabled, undo]);

  return (
    <Card size="small" title={t('勾选纸质单')} className="section reconcile-scan">
      <Input
        ref={input}
        size="large"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={submit}
        placeholder={t('扫码或输入工单号，按回车')}
        aria-label={t('扫码或输入工单号')}
        className="mono scan-input"
      />
      <Flex align="center" gap={8} wrap className="scan-status">
        <span className="muted">{t('纸质单状态')}</span>
        <Segmented<RoStatus | 'none'>
          size="small"
          value={paperStatus}
          disabled={disabled}
          onChange={(v) => {
            setPaperStatus(v);
            focus();
          }}
          options={[
            { value: 'none', label: t('不指定') },
            ...RO_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
          ]}
          aria-label={t('纸质单状态')}
        />
      </Flex>
      <div className="scan-feedback" role="status" aria-live="polite">
        {feedback && (
          <Typography.Text
            type={
              feedback.type === 'success'
                ? 'success'
                : feedback.type === 'info'
                  ? undefined
                  : feedback.type === 'warning'
                    ? 'warning'
                    : 'danger'
            }
          >
            {feedback.text}
          </Typography.Text>
        )}
      </div>
      <Flex align="center" gap={8} wrap>
        <Button
          size="small"
          icon={<UndoOutlined />}
          disabled={disabled || day.ticks.length === 0}
          onClick={() => {
            undo();
            focus();
          }}
        >
          {t('撤销上一次勾选')} <Kbd>{shortcut('Ctrl+Z')}</Kbd>
        </Button>
        <Typography.Text type="secondary" className="scan-tip">
          {t('状态选填：选了就核对纸质单上的状态，勾完自动恢复“不指定”。')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

function TicksCard({ date, day, disabled }: { date: string; day: ReconciliationDay; disabled: boolean }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const setStatus = async (tick: ReconciliationTick, paperStatus: RoStatus | null) => {
    const result = await api.invoke('reconciliation.setPaperStatus', { date, tickId: tick.id, paperStatus });
    if (!result.ok) message.error(result.error.message);
  };
  const remove = async (tick: ReconciliationTick) => {
    const result = await api.invoke('reconciliation.untick', { date, tickId: tick.id });
    if (!result.ok) message.error(result.error.message);
  };
  const columns: TableColumnsType<ReconciliationTick> = [
    {
      title: t('工单号'),
      key: 'roNumber',
      render: (_: unknown, tick) => (
        <Flex vertical gap={0}>
          <Flex gap={4} align="center" wrap>
            <RoNumber roNumber={tick.roNumber} repairOrderId={tick.repairOrderId} />
            {tick.repairOrderId !== null && !tick.inDay && (
              <Tooltip title={t('进厂 {opened}，不在当天范围', { opened: instantText(tick.openedAt) })}>
                <Tag>{t('非当日')}</Tag>
              </Tooltip>
            )}
          </Flex>
          {tick.plate && <span className="muted small">{tick.plate}</span>}
        </Flex>
      ),
    },
    {
      title: t('纸质状态'),
      key: 'paperStatus',
      width: 104,
      render: (_: unknown, tick) => (
        <Select<RoStatus | undefined>
          size="small"
          allowClear
          placeholder={t('不指定')}
          value={tick.paperStatus ?? undefined}
          disabled={disabled}
          onChange={(v) => void setStatus(tick, v ?? null)}
          options={enumOptions(RO_STATUSES, RO_STATUS_LABELS, label)}
          style={{ width: 96 }}
          aria-label={t('纸质状态')}
        />
      ),
    },
    {
      title: t('档案'),
      key: 'archiveStatus',
      width: 76,
      render: (_: unknown, tick) =>
        tick.archiveStatus ? (
          <RoStatusTag status={tick.archiveStatus} />
        ) : (
          <Typography.Text type="danger">{t('档案中没有')}</Typography.Text>
        ),
    },
    {
      title: t('时间'),
      key: 'tickedAt',
      width: 56,
      render: (_: unknown, tick) => (
        <Tooltip title={`${instantText(tick.tickedAt)} ${tick.tickedBy}`}>{tick.tickedAt.slice(11, 16)}</Tooltip>
      ),
    },
    {
      title: '',
      key: 'remove',
      width: 40,
      render: (_: unknown, tick) => (
        <Tooltip title={t('取消勾选')}>
          <Button
            type="text"
            size="small"
            icon={<DeleteOutlined />}
            disabled={disabled}
            aria-label={t('取消勾选 {ro}', { ro: tick.roNumber })}
            onClick={() => void remove(tick)}
          />
        </Tooltip>
      ),
    },
  ];
  return (
    <Card size="small" title={t('已勾选的纸质单（{n}）', { n: day.ticks.length })} className="section">
      <Table<ReconciliationTick>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={day.ticks}
        pagination={day.ticks.length > 50 ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
        className="reconcile-ticks"
        locale={{ emptyText: t('还没有勾选') }}
      />
    </Card>
  );
}

function RoNumber({ roNumber, repairOrderId }: { roNumber: string; repairOrderId: number | null }) {
  return repairOrderId !== null ? (
    <Link to={`/archive/repair-orders/${repairOrderId}`} className="mono">
      {roNumber}
    </Link>
  ) : (
    <span className="mono">{roNumber}</span>
  );
}

function DiscrepancyCard({
  date,
  day,
  kind,
  disabled,
  reload,
}: {
  date: string;
  day: ReconciliationDay;
  kind: DiscrepancyKind;
  disabled: boolean;
  reload(): void;
}) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const rows =
    kind === 'missing_on_paper'
      ? day.missingOnPaper
      : kind === 'missing_in_archive'
        ? day.missingInArchive
        : day.statusMismatch;
  const count =
    kind === 'missing_on_paper'
      ? day.summary.missingOnPaper
      : kind === 'missing_in_archive'
        ? day.summary.missingInArchive
        : day.summary.statusMismatch;
  const setResolved = async (d: Discrepancy, resolved: boolean) => {
    const result = await api.invoke('reconciliation.annotate', { date, roNumber: d.roNumber, kind, resolved });
    if (!result.ok) message.error(result.error.message);
  };
  const status = (s: RoStatus | null, missing: ReactNode) => (s ? <RoStatusTag status={s} /> : missing);
  const columns: TableColumnsType<Discrepancy> = [
    {
      title: t('工单号'),
      key: 'roNumber',
      width: 136,
      render: (_: unknown, d) => (
        <Flex vertical gap={2} align="flex-start">
          <Flex gap={4} align="center">
            <RoNumber roNumber={d.roNumber} repairOrderId={d.repairOrderId} />
            {d.cleared && (
              <Tooltip title={t('这条差异已经消除，说明留作记录')}>
                <Tag color="success">{t('已消除')}</Tag>
              </Tooltip>
            )}
          </Flex>
          {kind === 'missing_in_archive' && !d.cleared && (
            <Link to={`/archive/repair-orders/new?roNumber=${encodeURIComponent(d.roNumber)}`} className="fix-link">
              <FileAddOutlined /> {t('新建修理单')}
            </Link>
          )}
        </Flex>
      ),
    },
    {
      title: t('车牌号/客户'),
      key: 'vehicle',
      width: 130,
      ellipsis: true,
      render: (_: unknown, d) => (
        <>
          {d.plate ?? ''} <span className="muted">{d.customerName ?? ''}</span>
        </>
      ),
    },
    {
      title: t('档案/纸质状态'),
      key: 'status',
      width: 136,
      render: (_: unknown, d) => (
        <Flex gap={2} align="center" className="status-pair">
          {status(d.archiveStatus, <span className="muted">{t('无')}</span>)}
          <span className="muted">/</span>
          {status(d.paperStatus, <span className="muted">{kind === 'missing_on_paper' ? t('无') : t('未指定')}</span>)}
        </Flex>
      ),
    },
    {
      title: t('说明'),
      key: 'note',
      render: (_: unknown, d) => <NoteInput date={date} discrepancy={d} disabled={disabled} />,
    },
    {
      title: t('已处理'),
      key: 'resolved',
      width: 80,
      align: 'center',
      render: (_: unknown, d) => (
        <Checkbox
          checked={d.resolved}
          disabled={disabled}
          onChange={(e) => void setResolved(d, e.target.checked)}
          aria-label={t('{ro} 已处理', { ro: d.roNumber })}
        />
      ),
    },
  ];
  return (
    <Card
      size="small"
      className={`section discrepancy-card discrepancy-${kind}`}
      data-kind={kind}
      title={
        <Flex align="center" gap={8}>
          <span>{t(KIND_TITLES[kind])}</span>
          <Tag color={count > 0 ? 'warning' : 'default'} className="kind-count">
            {count}
          </Tag>
        </Flex>
      }
      extra={
        kind === 'missing_in_archive' ? (
          <Button size="small" icon={<ReloadOutlined />} onClick={reload}>
            {t('重新核对')}
          </Button>
        ) : undefined
      }
    >
      <Typography.Paragraph type="secondary" className="card-note">
        {t(KIND_HINTS[kind])}
      </Typography.Paragraph>
      <Table<Discrepancy>
        rowKey={(d) => noteInputId(d)}
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        rowClassName={(d) => (d.cleared ? 'row-cleared' : d.open ? 'row-open' : '')}
        className="discrepancy-table"
        locale={{ emptyText: t('没有') }}
      />
    </Card>
  );
}

const NOTE_DELAY_MS = 600;

/** Saved as it is typed (after a short pause, and on leaving the box); no save button. */
function NoteInput({ date, discrepancy, disabled }: { date: string; discrepancy: Discrepancy; disabled: boolean }) {
  const api = useApi();
  const { t } = useI18n();
  const [draft, setDraft] = useState(discrepancy.note);
  const [state, setState] = useState<{ saving: boolean; error: string | null }>({ saving: false, error: null });
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; value: string } | null>(null);
  const dirty = useRef(false);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const key = { date, roNumber: discrepancy.roNumber, kind: discrepancy.kind };
  const keyRef = useRef(key);
  keyRef.current = key;

  // Follow the archive (another window, a reopen) unless the clerk is typing here.
  useEffect(() => {
    if (!dirty.current && discrepancy.note !== draftRef.current.trim()) setDraft(discrepancy.note);
  }, [discrepancy.note]);

  const save = useCallback(
    async (value: string) => {
      if (pending.current) clearTimeout(pending.current.timer);
      pending.current = null;
      setState({ saving: true, error: null });
      const result = await api.invoke('reconciliation.annotate', { ...keyRef.current, note: value });
      if (draftRef.current === value) dirty.current = false;
      setState({ saving: false, error: result.ok ? null : result.error.message });
    },
    [api],
  );

  // Leaving the page with a note still waiting: save it now.
  useEffect(
    () => () => {
      const waiting = pending.current;
      if (waiting) {
        clearTimeout(waiting.timer);
        void api.invoke('reconciliation.annotate', { ...keyRef.current, note: waiting.value });
      }
    },
    [api],
  );

  return (
    <Input
      id={noteInputId(discrepancy)}
      size="small"
      value={draft}
      disabled={disabled}
      maxLength={200}
      status={state.error ? 'error' : undefined}
      title={state.error ?? undefined}
      placeholder={
        discrepancy.kind === 'missing_on_paper'
          ? t('如：客户未取车')
          : discrepancy.kind === 'missing_in_archive'
            ? t('如：DMS 漏录，已补录')
            : t('如：纸质单未更新')
      }
      suffix={
        state.saving ? (
          <LoadingOutlined className="muted" />
        ) : state.error ? (
          <Tooltip title={state.error}>
            <span className="note-error">!</span>
          </Tooltip>
        ) : (
          <span />
        )
      }
      onChange={(e) => {
        const value = e.target.value;
        setDraft(value);
        dirty.current = true;
        if (pending.current) clearTimeout(pending.current.timer);
        pending.current = { value, timer: setTimeout(() => void save(value), NOTE_DELAY_MS) };
      }}
      onBlur={() => {
        if (pending.current) void save(pending.current.value);
      }}
      onPressEnter={() => {
        if (pending.current) void save(pending.current.value);
      }}
      aria-label={t('{ro} 的说明', { ro: discrepancy.roNumber })}
    />
  );
}
