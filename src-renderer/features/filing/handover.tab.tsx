import { CloseOutlined, FolderAddOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  type InputRef,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type HTMLAttributes, type Key, useEffect, useRef, useState } from 'react';
import type { FiledPapers, Handover, Paper } from '../../../src-shared/domain/filing';
import { BUILTIN_DOC_KIND_LABELS } from '../../../src-shared/domain/filing';
import type { FirstServiceVoucher } from '../../../src-shared/domain/invitations';
import type { AppErrorShape, Result } from '../../../src-shared/errors';
import { addDays } from '../../../src-shared/validation/dates';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { instantText } from '../../components/format';
import { Kbd, Loaded } from '../../components/page';
import { useStoreClock, useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link, type Route } from '../../router/hash-router';
import { useCan } from '../shell/permissions';
import { binderPath } from './paths';

/** The kinds sales hands over for a delivered vehicle. */
const HANDOVER_KINDS = ['warranty_registration', 'pdi'] as const;

interface HandoverRow {
  vehicleId: number;
  title: string;
  subtitle: string;
  kinds: string[];
}

/** What a filing answered, shown above the lists. */
interface Outcome {
  title: string;
  papers: Paper[];
  notes: string[];
}

interface HeadValues {
  handedBy?: string;
  handedOn?: Dayjs;
  note?: string;
}

type ModalApi = ReturnType<typeof App.useApp>['modal'];

/**
 * Runs a filing write; when the server asks first (a bound or sent binder: CONFLICT with
 * details.confirm 'closedBinder'), asks the clerk and runs it again with confirmClosedBinder.
 */
export function askClosedBinder<T>(
  modal: ModalApi,
  t: ReturnType<typeof useI18n>['t'],
  run: (confirmClosedBinder: boolean) => Promise<Result<T>>,
): Promise<Result<T>> {
  return run(false).then((first) => {
    if (first.ok || first.error.code !== 'CONFLICT' || first.error.details?.confirm !== 'closedBinder') return first;
    return new Promise<Result<T>>((resolve) => {
      modal.confirm({
        title: t('放入已装订或已寄回的资料夹？'),
        content: first.error.message,
        okText: t('确定放入'),
        cancelText: t('返回'),
        onOk: async () => resolve(await run(true)),
        onCancel: () => resolve(first),
      });
    });
  });
}

/** Where each paper went: binder and position (or received, not filed yet). */
export function PapersPlaced({ papers }: { papers: Paper[] }) {
  const { t } = useI18n();
  return (
    <ul className="papers-placed">
      {papers.map((p) => (
        <li key={p.id} data-paper={p.id}>
          <strong>{p.plate ?? p.vin ?? p.roNumber ?? ''}</strong> {p.kindLabel} →{' '}
          {p.binderId !== null && p.binderTitle ? (
            <span>
              <Link to={binderPath(p.binderId)}>{p.binderTitle}</Link>
              {p.position !== null && <span className="paper-position"> {t('第 {n} 位', { n: p.position })}</span>}
              {p.shelf && <span className="muted"> · {p.shelf}</span>}
            </span>
          ) : (
            <span className="muted">{t('已收，未归档')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * 销售交接: warranty registrations and PDI sheets from sales, a batch per hand-over (who, when),
 * each vehicle scanned or typed (VIN or plate); filed at once unless told. Below: recent
 * hand-overs, and the first-service vouchers registered (首保登记) but not filed yet.
 */
export function HandoverTab({ route: _route }: { route: Route }) {
  const can = useCan();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  // Filed from further down (vouchers, a hand-over's received papers): the answer is shown up here.
  useEffect(() => {
    if (outcome) outcomeRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [outcome]);
  return (
    <div className="handover-tab">
      {can('handovers.create') && <HandoverForm onDone={setOutcome} />}
      {outcome && (
        <div ref={outcomeRef} className="handover-outcome">
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => setOutcome(null) }}
            title={outcome.title}
            description={
              <>
                <PapersPlaced papers={outcome.papers} />
                {outcome.notes.map((n) => (
                  <div key={n} className="muted small">
                    {n}
                  </div>
                ))}
              </>
            }
          />
        </div>
      )}
      <RecentHandovers onDone={setOutcome} />
      <UnfiledVouchers onDone={setOutcome} />
    </div>
  );
}

function HandoverForm({ onDone }: { onDone(outcome: Outcome): void }) {
  const { t, label } = useI18n();
  const api = useApi();
  const clock = useStoreClock();
  const { message, modal } = App.useApp();
  const settings = useQuery('filingSettings.get', {});
  const [form] = Form.useForm<HeadValues>();
  const [rows, setRows] = useState<HandoverRow[]>([]);
  const [fileNow, setFileNow] = useState(true);
  const [text, setText] = useState('');
  const [finding, setFinding] = useState(false);
  const [choices, setChoices] = useState<{ id: number; title: string; subtitle: string }[]>([]);
  const [findProblem, setFindProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const scanBox = useRef<InputRef>(null);

  const kindLabel = (code: string) =>
    settings.data?.kinds.find((k) => k.code === code)?.label ??
    label(BUILTIN_DOC_KIND_LABELS[code as keyof typeof BUILTIN_DOC_KIND_LABELS] ?? code);

  const add = (row: Omit<HandoverRow, 'kinds'>) => {
    setChoices([]);
    setText('');
    if (rows.some((r) => r.vehicleId === row.vehicleId)) {
      message.warning(t('{vehicle} 已在列表中', { vehicle: row.title }));
      return;
    }
    setRows((list) => [...list, { ...row, kinds: [...HANDOVER_KINDS] }]);
    scanBox.current?.focus();
  };

  /** A VIN, plate or RO number → a vehicle (filing.lookup; quick search when it finds none). */
  const find = async () => {
    const typed = text.trim();
    if (!typed) return;
    setFinding(true);
    setFindProblem(null);
    setChoices([]);
    try {
      const found = await api.invoke('filing.lookup', { text: typed });
      if (found.ok && found.value.vehicle) {
        const v = found.value.vehicle;
        add({
          vehicleId: v.id,
          title: v.plate ?? v.vin ?? `#${v.id}`,
          subtitle: [v.plate ? v.vin : null, v.model].filter(Boolean).join(' · '),
        });
        return;
      }
      const hits = await api.invoke('search.quick', { text: typed, kind: 'vehicle', limit: 10 });
      const vehicles = hits.ok ? hits.value.filter((h) => h.kind === 'vehicle') : [];
      if (vehicles.length === 1)
        add({ vehicleId: vehicles[0]!.id, title: vehicles[0]!.title, subtitle: vehicles[0]!.subtitle });
      else if (vehicles.length > 1)
        setChoices(vehicles.map((h) => ({ id: h.id, title: h.title, subtitle: h.subtitle })));
      else setFindProblem(t('没有找到车辆“{text}”', { text: typed }));
    } finally {
      setFinding(false);
    }
  };

  const submit = async (values: HeadValues) => {
    setError(null);
    if (rows.length === 0) {
      setError({ code: 'VALIDATION', message: t('请至少登记一辆车的资料') });
      return;
    }
    const empty = rows.find((r) => r.kinds.length === 0);
    if (empty) {
      setError({ code: 'VALIDATION', message: t('{vehicle} 没有勾选资料', { vehicle: empty.title }) });
      return;
    }
    setBusy(true);
    const result = await askClosedBinder(modal, t, (confirmClosedBinder) =>
      api.invoke('handovers.create', {
        handedBy: values.handedBy?.trim() ?? '',
        handedOn: (values.handedOn ?? clock.todayValue()).format('YYYY-MM-DD'),
        note: values.note?.trim() ?? '',
        items: rows.map((r) => ({ vehicleId: r.vehicleId, kinds: r.kinds })),
        fileNow,
        confirmClosedBinder,
      }),
    );
    setBusy(false);
    if (result.ok) {
      const h = result.value;
      onDone({
        title: fileNow
          ? t('已登记 {who} 交来的 {n} 份资料，并已归档', { who: h.handedBy, n: h.papers.length })
          : t('已登记 {who} 交来的 {n} 份资料（未归档）', { who: h.handedBy, n: h.papers.length }),
        papers: h.papers,
        notes: [],
      });
      setRows([]);
      form.setFieldsValue({ note: '' });
      scanBox.current?.focus();
      return;
    }
    const shown = applyServerErrors(form, result.error, (p) =>
      p === 'handedBy' || p === 'handedOn' || p === 'note' ? [p] : null,
    );
    if (shown.filter((s) => ['handedBy', 'handedOn', 'note'].includes(s.path)).length === 0) setError(result.error);
  };

  return (
    <Card size="small" title={t('登记销售交来的资料')} className="section handover-form-card">
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form<HeadValues>
        name="handover"
        form={form}
        layout="inline"
        requiredMark={false}
        initialValues={{ handedBy: '', handedOn: clock.todayValue(), note: '' }}
        onFinish={(v) => void submit(v)}
        className="handover-head"
      >
        <Form.Item
          name="handedBy"
          label={t('交来人')}
          rules={[
            { required: true, whitespace: true, message: t('请填写交来人') },
            { max: 20, message: t('交来人最多 20 个字') },
          ]}
        >
          <Input maxLength={20} placeholder={t('如 销售部 张伟')} className="handover-by" />
        </Form.Item>
        <Form.Item name="handedOn" label={t('日期')} rules={[{ required: true, message: t('请选择日期') }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today} />
        </Form.Item>
        <Form.Item name="note" label={t('备注')} className="handover-note">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
      <Flex gap={8} align="center" wrap className="handover-scan">
        <Input
          ref={scanBox}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setFindProblem(null);
          }}
          onPressEnter={() => void find()}
          placeholder={t('扫描或输入车架号、车牌，回车加入')}
          aria-label={t('车架号或车牌')}
          className="handover-scan-input"
          allowClear
        />
        <Button icon={<PlusOutlined />} loading={finding} onClick={() => void find()} className="handover-add">
          {t('加入')}
        </Button>
        {findProblem && <Typography.Text type="danger">{findProblem}</Typography.Text>}
        {choices.map((c) => (
          <Tag.CheckableTag
            key={c.id}
            checked={false}
            onChange={() => add({ vehicleId: c.id, title: c.title, subtitle: c.subtitle })}
            className="vehicle-choice"
          >
            {c.title} <span className="muted small">{c.subtitle}</span>
          </Tag.CheckableTag>
        ))}
      </Flex>
      <Table<HandoverRow>
        rowKey="vehicleId"
        size="small"
        dataSource={rows}
        pagination={false}
        className="handover-rows"
        locale={{ emptyText: t('扫描车架号或车牌，逐辆加入') }}
        onRow={(r) => ({ 'data-vehicle': r.vehicleId }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('车辆'),
            key: 'vehicle',
            render: (_: unknown, r) => (
              <div className="cell-stack">
                <Link to={`/archive/vehicles/${r.vehicleId}`} className="plate">
                  {r.title}
                </Link>
                <div className="muted small">{r.subtitle}</div>
              </div>
            ),
          },
          {
            title: t('交来的资料'),
            key: 'kinds',
            render: (_: unknown, r) => (
              <Checkbox.Group
                value={r.kinds}
                onChange={(v) =>
                  setRows((list) => list.map((x) => (x.vehicleId === r.vehicleId ? { ...x, kinds: v as string[] } : x)))
                }
                options={HANDOVER_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
                className="handover-kinds"
              />
            ),
          },
          {
            title: '',
            key: 'remove',
            width: 48,
            render: (_: unknown, r) => (
              <Button
                size="small"
                type="text"
                icon={<CloseOutlined />}
                aria-label={t('移除')}
                onClick={() => setRows((list) => list.filter((x) => x.vehicleId !== r.vehicleId))}
              />
            ),
          },
        ]}
      />
      <Flex gap={12} align="center" justify="flex-end" wrap className="handover-actions">
        <Checkbox checked={fileNow} onChange={(e) => setFileNow(e.target.checked)} className="handover-file-now">
          {t('登记后立即归档')}
        </Checkbox>
        <Button
          type="primary"
          icon={<FolderAddOutlined />}
          loading={busy}
          onClick={() => form.submit()}
          className="handover-submit"
        >
          {rows.length > 0 ? t('登记交接（{n} 辆）', { n: rows.length }) : t('登记交接')}
        </Button>
      </Flex>
      <div className="muted small handover-hint">
        {t('扫描枪扫完按')} <Kbd>Enter</Kbd> {t('即加入一辆；默认两样资料都已交来。')}
      </div>
    </Card>
  );
}

/** The last 60 days' hand-overs; papers received and not filed yet are filed from here. */
function RecentHandovers({ onDone }: { onDone(outcome: Outcome): void }) {
  const { t } = useI18n();
  const api = useApi();
  const can = useCan();
  const { message, modal } = App.useApp();
  const today = useStoreToday();
  const { data, error, reload } = useQuery('handovers.list', { from: addDays(today, -60), to: today });
  const [filing, setFiling] = useState<number | null>(null);
  const fileReceived = async (h: Handover) => {
    const paperIds = h.papers.filter((p) => p.state === 'received').map((p) => p.id);
    if (paperIds.length === 0) return;
    setFiling(h.id);
    const result = await askClosedBinder<FiledPapers>(modal, t, (confirmClosedBinder) =>
      api.invoke('filing.fileReceived', { paperIds, confirmClosedBinder }),
    );
    setFiling(null);
    if (result.ok)
      onDone({
        title: t('已归档 {who} {date} 交来的 {n} 份资料', {
          who: h.handedBy,
          date: h.handedOn,
          n: result.value.papers.length,
        }),
        papers: result.value.papers,
        notes: result.value.notes,
      });
    else message.error(result.error.message);
  };
  return (
    <Card size="small" title={t('最近的交接（60 天）')} className="section handover-recent">
      <Loaded data={data} error={error} reload={reload}>
        {(list) => (
          <Table<Handover>
            rowKey="id"
            size="small"
            dataSource={list}
            pagination={list.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
            className="handovers-table"
            locale={{ emptyText: t('还没有交接记录') }}
            expandable={{
              expandedRowRender: (h) => <PapersPlaced papers={h.papers} />,
              rowExpandable: (h) => h.papers.length > 0,
            }}
            onRow={(h) => ({ 'data-handover': h.id }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('日期'), key: 'handedOn', dataIndex: 'handedOn', width: 110 },
              { title: t('交来人'), key: 'handedBy', dataIndex: 'handedBy', width: 120 },
              { title: t('接收人'), key: 'receivedBy', dataIndex: 'receivedBy', width: 100 },
              {
                title: t('车辆'),
                key: 'vehicles',
                width: 80,
                align: 'right',
                render: (_: unknown, h) => new Set(h.papers.map((p) => p.vehicleId)).size,
              },
              {
                title: t('资料'),
                key: 'papers',
                width: 260,
                render: (_: unknown, h) => {
                  const received = h.papers.filter((p) => p.state === 'received').length;
                  return (
                    <Flex gap={6} align="center" wrap>
                      {t('{n} 份', { n: h.papers.length })}
                      {received > 0 && (
                        <Tag color="orange" className="handover-unfiled">
                          {t('{n} 份未归档', { n: received })}
                        </Tag>
                      )}
                      {received > 0 && can('filing.fileReceived') && (
                        <Button
                          size="small"
                          icon={<FolderAddOutlined />}
                          loading={filing === h.id}
                          onClick={() => void fileReceived(h)}
                          className="handover-file-received"
                        >
                          {t('归档')}
                        </Button>
                      )}
                    </Flex>
                  );
                },
              },
              {
                title: t('备注'),
                key: 'note',
                render: (_: unknown, h) => h.note || <span className="muted">—</span>,
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}

/** 首保凭证 registered (首保登记) and not filed yet, filed together here. */
function UnfiledVouchers({ onDone }: { onDone(outcome: Outcome): void }) {
  const { t } = useI18n();
  const api = useApi();
  const can = useCan();
  const { message, modal } = App.useApp();
  const { data, error, reload } = useQuery('firstService.list', { page: 1, pageSize: 200 });
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const unfiled = data ? data.rows.filter((v) => v.filedAt === null) : undefined;
  const file = async () => {
    setBusy(true);
    const result = await askClosedBinder<FiledPapers>(modal, t, (confirmClosedBinder) =>
      api.invoke('handovers.fileVouchers', { voucherIds: selected, confirmClosedBinder }),
    );
    setBusy(false);
    if (result.ok) {
      onDone({
        title: t('已归档 {n} 张首保凭证', { n: result.value.papers.length }),
        papers: result.value.papers,
        notes: result.value.notes,
      });
      setSelected([]);
    } else message.error(result.error.message);
  };
  return (
    <Card
      size="small"
      title={t('首保凭证（已登记，未归档）')}
      className="section vouchers-unfiled"
      extra={
        can('handovers.fileVouchers') && (
          <Button
            size="small"
            type="primary"
            icon={<FolderAddOutlined />}
            disabled={selected.length === 0}
            loading={busy}
            onClick={() => void file()}
            className="file-vouchers"
          >
            {selected.length > 0 ? t('归档（{n}）', { n: selected.length }) : t('归档')}
          </Button>
        )
      }
    >
      <Loaded data={unfiled} error={error} reload={reload}>
        {(vouchers) => (
          <Table<FirstServiceVoucher>
            rowKey="id"
            size="small"
            dataSource={vouchers}
            pagination={vouchers.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
            className="vouchers-table"
            locale={{ emptyText: t('首保凭证都已归档') }}
            rowSelection={
              can('handovers.fileVouchers')
                ? { selectedRowKeys: selected, onChange: (keys: Key[]) => setSelected(keys.map(Number)) }
                : undefined
            }
            onRow={(v) => ({ 'data-voucher': v.id }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('凭证号'), key: 'voucherNo', dataIndex: 'voucherNo', width: 120 },
              {
                title: t('车辆'),
                key: 'vehicle',
                render: (_: unknown, v) => (
                  <div className="cell-stack">
                    <Link to={`/archive/vehicles/${v.vehicleId}`} className="plate">
                      {v.plate ?? v.vin ?? `#${v.vehicleId}`}
                    </Link>
                    <div className="muted small">{[v.model, v.customerName].filter(Boolean).join(' · ')}</div>
                  </div>
                ),
              },
              { title: t('首保日期'), key: 'serviceOn', dataIndex: 'serviceOn', width: 110 },
              { title: t('服务顾问'), key: 'advisor', dataIndex: 'advisor', width: 100 },
              {
                title: t('登记'),
                key: 'created',
                width: 150,
                render: (_: unknown, v) => (
                  <div className="cell-stack">
                    <div className="small">{instantText(v.createdAt)}</div>
                    <div className="muted small">{v.createdBy}</div>
                  </div>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}
