import { CheckCircleFilled, EnterOutlined, ScanOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Input, type InputRef, Table, Tag } from 'antd';
import { type HTMLAttributes, type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { RO_STATUSES, type RoStatus } from '../../../src-shared/domain/enums';
import type { FiledPapers, FilingTarget, Paper } from '../../../src-shared/domain/filing';
import type { AppErrorShape, Result } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { RoStatusTag, RoTypeTag } from '../../components/enum-labels';
import { dateText, instantText } from '../../components/format';
import { LoadError } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route } from '../../router/hash-router';
import { InboxCard } from './inbox';
import { placeText } from './papers.card';
import { filingTabPath } from './paths';
import { ScanDrop } from './scan-drop';
import { ScanLinks } from './scan-preview';

/**
 * The papers filed at this desk since the app was opened, newest first: the list survives going to
 * another tab and back (it is this session's, not the archive's; the archive has them all).
 */
let sessionFiled: Paper[] = [];

function useSessionFiled(): [Paper[], (update: (papers: Paper[]) => Paper[]) => void] {
  const [papers, setPapers] = useState<Paper[]>(sessionFiled);
  const update = useCallback((change: (papers: Paper[]) => Paper[]) => {
    sessionFiled = change(sessionFiled);
    setPapers(sessionFiled);
  }, []);
  return [papers, update];
}

/** Newly filed papers on top; a paper filed again (its scans changed) replaces its old row. */
function withFiled(list: Paper[], filed: Paper[]): Paper[] {
  const ids = new Set(filed.map((p) => p.id));
  return [...filed, ...list.filter((p) => !ids.has(p.id))];
}

/** The kinds ticked after a lookup: the required ones not filed yet (the whole set). */
function requiredNotFiled(target: FilingTarget): string[] {
  return target.kinds.filter((k) => k.required && !k.filed).map((k) => k.code);
}

/** What filing.file is given for the looked-up target: the RO when there is one, else the vehicle, else the customer. */
function subjectOf(target: FilingTarget) {
  if (target.ro) return { roId: target.ro.id, vehicleId: null, customerId: null };
  if (target.vehicle) return { roId: null, vehicleId: target.vehicle.id, customerId: null };
  return { roId: null, vehicleId: null, customerId: target.customer?.id ?? null };
}

/** A closed-binder CONFLICT: the archive asks before a paper goes into a bound or sent binder. */
function asksClosedBinder(error: AppErrorShape): boolean {
  return error.code === 'CONFLICT' && error.details?.confirm === 'closedBinder';
}

/**
 * Filing with the one question the archive may ask: the binder is bound or sent (装订/寄回) —
 * 确定要放入吗？ — and, if the clerk says yes, the same filing again with confirmClosedBinder.
 */
function useFilingCall() {
  const { modal } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (call: (confirmClosedBinder: boolean) => Promise<Result<FiledPapers>>): Promise<Result<FiledPapers> | null> =>
      call(false).then((first) => {
        if (first.ok || !asksClosedBinder(first.error)) return first;
        return new Promise((resolve) => {
          const state = first.error.details?.state;
          modal.confirm({
            title: state === 'sent' ? t('该资料夹已寄回，确定要放入吗？') : t('该资料夹已装订，确定要放入吗？'),
            content: first.error.message,
            okText: t('放入'),
            cancelText: t('返回'),
            className: 'closed-binder-confirm',
            onOk: () => call(true).then(resolve),
            onCancel: () => resolve(null),
          });
        });
      }),
    [modal, t],
  );
}

/**
 * 归档台: the scanner types an RO number (or VIN, or plate) and Enter → what it is and which of its
 * papers are filed; Enter again files the required ones not filed yet into their binder and says
 * where they went. Digits 1-9 tick kinds, Esc clears. Below: today's filed papers (drop a scan on
 * one), the papers received and not filed yet, and the scans waiting for the clerk.
 */
export function DeskTab({ route }: { route: Route }) {
  const { t } = useI18n();
  const api = useApi();
  const fileWithConfirm = useFilingCall();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState('');
  /** The text the shown target was looked up with. */
  const [lookedUp, setLookedUp] = useState<string | null>(null);
  const [target, setTarget] = useState<FilingTarget | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<FiledPapers | null>(null);
  const [filed, updateFiled] = useSessionFiled();
  const asked = useRef(0);

  const focus = useCallback((select = false) => {
    setTimeout(() => {
      input.current?.focus();
      if (select) input.current?.select();
    }, 0);
  }, []);

  const lookup = useCallback(
    async (value: string, options: { keepResult?: boolean } = {}) => {
      const trimmed = value.trim();
      if (!trimmed) return;
      const ask = ++asked.current;
      setBusy(true);
      setError(null);
      if (!options.keepResult) setResult(null);
      const answer = await api.invoke('filing.lookup', { text: trimmed });
      if (ask !== asked.current) return;
      setBusy(false);
      if (!answer.ok) {
        setTarget(null);
        setLookedUp(null);
        setSelected([]);
        setError(answer.error);
        focus();
        return;
      }
      setTarget(answer.value);
      setLookedUp(trimmed);
      setSelected(requiredNotFiled(answer.value));
      focus(true);
    },
    [api, focus],
  );

  // #/filing/desk?text=RO… (from a 缺 line of the papers card): looked up at once.
  const textParam = route.query.get('text');
  useEffect(() => {
    if (!textParam) return;
    setText(textParam);
    void lookup(textParam);
  }, [textParam, lookup]);

  const clear = () => {
    asked.current += 1;
    setText('');
    setTarget(null);
    setLookedUp(null);
    setSelected([]);
    setError(null);
    setBusy(false);
    if (textParam) void navigate(filingTabPath('desk'), { replace: true });
    focus();
  };

  const afterFiling = (answer: Result<FiledPapers> | null, lookupAgain: string | null) => {
    if (answer === null) {
      focus(true);
      return;
    }
    if (!answer.ok) {
      setError(answer.error);
      focus(true);
      return;
    }
    setResult(answer.value);
    if (textParam) void navigate(filingTabPath('desk'), { replace: true });
    updateFiled((list) => withFiled(list, answer.value.papers));
    setText('');
    focus();
    // The target again, now with ✓ where its papers went (the scanner's next number replaces it).
    if (lookupAgain) void lookup(lookupAgain, { keepResult: true });
  };

  const file = async () => {
    if (!target || busy) return;
    if (selected.length === 0) {
      setError({
        code: 'VALIDATION',
        message: target.kinds.some((k) => k.required && !k.filed)
          ? t('请选择资料类型（数字键 1-9 勾选）')
          : t('必需的资料都已归档；要归档其他资料，请用数字键 1-9 勾选'),
      });
      return;
    }
    setBusy(true);
    setError(null);
    const subject = subjectOf(target);
    const kinds = target.kinds.filter((k) => selected.includes(k.code)).map((k) => k.code);
    const answer = await fileWithConfirm((confirmClosedBinder) =>
      api.invoke('filing.file', { ...subject, kinds, confirmClosedBinder }),
    );
    setBusy(false);
    afterFiling(answer, lookedUp);
  };

  const toggle = (index: number) => {
    const kind = target?.kinds[index];
    if (!kind || kind.filed) return;
    setSelected((s) => (s.includes(kind.code) ? s.filter((c) => c !== kind.code) : [...s, kind.code]));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    if (e.key === 'Escape') {
      e.preventDefault();
      clear();
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      if (busy) return;
      const trimmed = value.trim();
      if (target && (trimmed === '' || trimmed === lookedUp)) void file();
      else void lookup(trimmed);
      return;
    }
    if (/^[1-9]$/.test(e.key) && target) {
      // A digit ticks a kind with Alt, or when the looked-up number is still there and selected
      // (the scanner's next number then replaces it; a store whose numbers begin with a digit uses Alt).
      const all = e.currentTarget.selectionStart === 0 && e.currentTarget.selectionEnd === value.length;
      const ticks = e.altKey || (value.trim() === lookedUp && value.length > 0 && all && !/^\d/.test(lookedUp ?? ''));
      if (ticks) {
        e.preventDefault();
        toggle(Number(e.key) - 1);
      }
    }
  };

  return (
    <div className="filing-desk">
      <Card size="small" className="section desk-scan-card">
        <Input
          ref={input}
          size="large"
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          prefix={<ScanOutlined />}
          placeholder={t('扫描或输入修理单号、车架号或车牌，按回车')}
          aria-label={t('修理单号、车架号或车牌')}
          className="desk-input"
          allowClear
          suffix={
            <Button
              type="primary"
              icon={<EnterOutlined />}
              loading={busy}
              onClick={() => {
                const trimmed = text.trim();
                if (target && (trimmed === '' || trimmed === lookedUp)) void file();
                else void lookup(trimmed);
              }}
              className="desk-go"
            >
              {target && (text.trim() === '' || text.trim() === lookedUp) ? t('归档') : t('查找')}
            </Button>
          }
        />
        <div className="desk-keys muted small">
          {t('回车：查找；再按回车：归档勾选的资料　数字键 1-9（或 Alt+数字）：勾选资料　Esc：清空')}
        </div>
        {error && <Alert type="error" showIcon title={error.message} className="desk-error" data-code={error.code} />}
        {result && <FiledResult result={result} />}
      </Card>
      {target && (
        <TargetPanel
          target={target}
          selected={selected}
          onToggle={(i) => {
            toggle(i);
            focus(text.trim() === lookedUp);
          }}
          onPickRo={(roNumber) => {
            setText(roNumber);
            void lookup(roNumber);
          }}
        />
      )}
      <TodayFiled
        papers={filed}
        lastIds={new Set(result?.papers.map((p) => p.id) ?? [])}
        onChanged={(paper) => updateFiled((list) => list.map((p) => (p.id === paper.id ? paper : p)))}
      />
      <InboxCard
        onPaperChanged={(paperId) => {
          // A scan that went onto one of this session's papers: show it on its row.
          if (!filed.some((p) => p.id === paperId)) return;
          void api.invoke('papers.get', { id: paperId }).then((answer) => {
            if (answer.ok) updateFiled((list) => list.map((p) => (p.id === paperId ? answer.value : p)));
          });
        }}
      />
      <ReceivedCard
        onFiled={(answer) => {
          afterFiling(answer, null);
        }}
      />
    </div>
  );
}

/** 已归档 → where: one big line per binder position (the clerk's one look), and the archive's notes. */
function FiledResult({ result }: { result: FiledPapers }) {
  const { t, label } = useI18n();
  const groups = new Map<string, { place: string; kinds: string[]; subject: string }>();
  for (const p of result.papers) {
    const place = placeText(t, p);
    const group = groups.get(place) ?? { place, kinds: [], subject: p.roNumber ?? p.plate ?? p.vin ?? '' };
    group.kinds.push(label(p.kindLabel));
    groups.set(place, group);
  }
  return (
    <div className="desk-result" data-papers={result.papers.length}>
      {[...groups.values()].map((g) => (
        <div key={g.place} className="desk-result-line">
          <CheckCircleFilled className="desk-result-icon" />
          <span className="desk-result-place">{g.place}</span>
          <span className="desk-result-what">
            {g.subject} · {g.kinds.join('、')}
          </span>
        </div>
      ))}
      {result.notes.map((n) => (
        <Alert key={n} type="warning" showIcon title={n} className="desk-result-note" />
      ))}
    </div>
  );
}

/** The looked-up RO or vehicle: its facts, where its papers go, its kinds as a checklist. */
function TargetPanel({
  target,
  selected,
  onToggle,
  onPickRo,
}: {
  target: FilingTarget;
  selected: string[];
  onToggle(index: number): void;
  onPickRo(roNumber: string): void;
}) {
  const { t, label } = useI18n();
  const { ro, vehicle, customer } = target;
  return (
    <Card size="small" className="section desk-target" data-ro={ro?.roNumber ?? ''} data-vehicle={vehicle?.id ?? ''}>
      <Flex gap={12} align="center" wrap className="desk-target-facts">
        {ro ? (
          <>
            <Link to={`/archive/repair-orders/${ro.id}`} className="mono desk-target-ro">
              {ro.roNumber}
            </Link>
            <RoTypeTag type={ro.type} />
            {isRoStatus(ro.status) && <RoStatusTag status={ro.status} />}
            {ro.major && <Tag color="volcano">{t('大修')}</Tag>}
            <span className="muted">
              {ro.settledOn ? t('结算 {date}', { date: dateText(ro.settledOn) }) : t('未结算')}
            </span>
          </>
        ) : (
          <Tag color="blue">{t('车辆资料')}</Tag>
        )}
        {vehicle && (
          <Link to={`/archive/vehicles/${vehicle.id}`} className="desk-target-vehicle">
            {[vehicle.plate, vehicle.model, vehicle.vin].filter(Boolean).join(' · ')}
          </Link>
        )}
        {customer && (
          <Link to={`/archive/customers/${customer.id}`} className="muted">
            {customer.name}
          </Link>
        )}
      </Flex>
      {target.place && target.kinds.some((k) => !k.filed) && (
        <div className="desk-place">
          <span className="desk-place-label">{t('放到')}</span>
          <span className="desk-place-text">{placeText(t, target.place)}</span>
        </div>
      )}
      {target.kinds.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有可归档的资料类型（见归档设置）')} />
      ) : (
        <ol className="desk-kinds">
          {target.kinds.map((k, i) => (
            <li key={k.code} className={k.filed ? 'desk-kind desk-kind-filed' : 'desk-kind'} data-kind={k.code}>
              <span className="desk-kind-key">{i < 9 ? i + 1 : ''}</span>
              {k.filed ? (
                <CheckCircleFilled className="desk-kind-check" />
              ) : (
                <Checkbox checked={selected.includes(k.code)} onChange={() => onToggle(i)} />
              )}
              <span className="desk-kind-label">{label(k.label)}</span>
              {k.required && <Tag color={k.filed ? 'default' : 'red'}>{t('必需')}</Tag>}
              {k.filed && (
                <span className="desk-kind-where muted" title={placeText(t, k.filed)}>
                  {t('已归档')} · {placeText(t, k.filed)}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {!ro && target.recentRos.length > 0 && (
        <div className="desk-recent">
          <div className="muted small">{t('为这辆车的哪张修理单归档？')}</div>
          <Flex gap={6} wrap>
            {target.recentRos.map((r) => (
              <Button key={r.id} size="small" onClick={() => onPickRo(r.roNumber)} className="desk-recent-ro">
                <span className="mono">{r.roNumber}</span> <span className="muted">{dateText(r.openedOn)}</span>
              </Button>
            ))}
          </Flex>
        </div>
      )}
    </Card>
  );
}

function isRoStatus(s: string): s is RoStatus {
  return (RO_STATUSES as readonly string[]).includes(s);
}

/** 今天归档的: this session's papers, newest first; a scan dropped on a row (or picked) attaches to it. */
function TodayFiled({
  papers,
  lastIds,
  onChanged,
}: {
  papers: Paper[];
  lastIds: Set<number>;
  onChanged(paper: Paper): void;
}) {
  const { t, label } = useI18n();
  const api = useApi();
  const refresh = async (paperId: number) => {
    const answer = await api.invoke('papers.get', { id: paperId });
    if (answer.ok) onChanged(answer.value);
  };
  return (
    <Card size="small" className="section desk-today" title={t('本次归档（{n} 份）', { n: papers.length })}>
      <Table<Paper>
        rowKey="id"
        size="small"
        dataSource={papers}
        pagination={papers.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
        className="desk-today-table"
        locale={{ emptyText: t('还没有归档：扫描修理单号开始') }}
        rowClassName={(p) => (lastIds.has(p.id) ? 'desk-today-last' : '')}
        onRow={(p) => ({ 'data-paper': p.id, 'data-kind': p.kind }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('时间'), key: 'at', width: 70, render: (_: unknown, p) => instantText(p.filedAt).slice(11) },
          {
            title: t('修理单 / 车辆'),
            key: 'subject',
            width: 140,
            render: (_: unknown, p) => <span className="mono">{p.roNumber ?? p.plate ?? p.vin ?? p.customerName}</span>,
          },
          { title: t('资料'), key: 'kind', width: 150, render: (_: unknown, p) => label(p.kindLabel) },
          {
            title: t('放在'),
            key: 'place',
            render: (_: unknown, p) => <span className="paper-place">{placeText(t, p)}</span>,
          },
          {
            title: t('扫描件'),
            key: 'scans',
            width: 300,
            render: (_: unknown, p) => (
              <ScanDrop paperId={p.id} onUploaded={() => void refresh(p.id)} className="desk-scan-drop">
                <ScanLinks scans={p.scans} title={`${label(p.kindLabel)} ${p.roNumber ?? p.plate ?? ''}`} />
              </ScanDrop>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 已收到未归档: papers handed in (the sales hand-over, vouchers) waiting to be filed; 归档 files one. */
function ReceivedCard({ onFiled }: { onFiled(answer: Result<FiledPapers> | null): void }) {
  const { t, label } = useI18n();
  const api = useApi();
  const fileWithConfirm = useFilingCall();
  const { data, error, reload } = useQuery('papers.received', {});
  const [busy, setBusy] = useState<number | null>(null);
  const rows = data ?? [];
  if (data && rows.length === 0) return null;
  const fileOne = async (paper: Paper) => {
    setBusy(paper.id);
    const answer = await fileWithConfirm((confirmClosedBinder) =>
      api.invoke('filing.fileReceived', { paperIds: [paper.id], confirmClosedBinder }),
    );
    setBusy(null);
    onFiled(answer);
  };
  return (
    <Card
      size="small"
      className="section desk-received"
      title={data ? t('已收到未归档（{n}）', { n: rows.length }) : t('已收到未归档')}
    >
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <Table<Paper>
          rowKey="id"
          size="small"
          dataSource={rows}
          loading={!data}
          pagination={rows.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
          className="desk-received-table"
          onRow={(p) => ({ 'data-paper': p.id }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('收到'), dataIndex: 'receivedOn', key: 'received', width: 100 },
            { title: t('交来人'), dataIndex: 'receivedFrom', key: 'from', width: 100 },
            {
              title: t('修理单 / 车辆'),
              key: 'subject',
              width: 160,
              render: (_: unknown, p) => (
                <span className="mono">{p.roNumber ?? p.plate ?? p.vin ?? p.customerName}</span>
              ),
            },
            { title: t('资料'), key: 'kind', render: (_: unknown, p) => label(p.kindLabel) },
            {
              title: '',
              key: 'file',
              width: 90,
              render: (_: unknown, p) => (
                <Button size="small" type="primary" loading={busy === p.id} onClick={() => void fileOne(p)}>
                  {t('归档')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
