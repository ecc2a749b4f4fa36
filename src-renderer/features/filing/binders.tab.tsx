import { FilePdfOutlined, LeftOutlined, PrinterOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Flex, Input, Segmented, Select, Space, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { type HTMLAttributes, type Key, useEffect, useRef, useState } from 'react';
import {
  BINDER_SCHEME_LABELS,
  BINDER_STATE_LABELS,
  BINDER_STATES,
  type Binder,
  type BinderScheme,
  type BinderState,
} from '../../../src-shared/domain/filing';
import type { SearchHit } from '../../../src-shared/domain/records';
import { useApi, useQuery } from '../../api/client';
import { pageKeyPress } from '../../components/list-keys';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route, withQuery } from '../../router/hash-router';
import { addMonths, isMonth, monthOf } from '../complaints/lost-months';
import { HtmlPreviewModal } from '../daily-report/print-preview';
import { downloadBase64 } from '../import/file-bytes';
import { binderPath, filingTabPath } from './paths';

type StateFilter = BinderState | 'all';

const STATE_COLOR: Record<BinderState, string> = {
  open: 'blue',
  bound: 'green',
  sent: 'purple',
  destroyed: 'default',
};

/** 在用 / 已装订 / 已寄回 / 已销毁. */
export function BinderStateTag({ state }: { state: BinderState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} className="binder-state-tag" data-state={state}>
      {label(BINDER_STATE_LABELS[state])}
    </Tag>
  );
}

/** Who has the binder now, and until when (red once overdue). */
export function LoanTag({ loan }: { loan: Binder['loan'] }) {
  const { t } = useI18n();
  if (!loan) return null;
  return (
    <Tooltip title={t('{by} 借出，应还 {due}', { by: loan.lentBy, due: loan.dueOn })}>
      <Tag color={loan.overdue ? 'red' : 'orange'} className="binder-loan-tag">
        {t('借出：{who}', { who: loan.borrower })}
      </Tag>
    </Tooltip>
  );
}

/**
 * 打印标签和封面: the chosen binders' spine labels and cover sheets in the print preview, with
 * 打印, 直接打印 (where the door has printers) and PDF.
 */
export function BinderLabelsPreview({ ids, onClose }: { ids: number[]; onClose(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const query = useQuery('binders.labelsHtml', { ids });
  const [busy, setBusy] = useState(false);
  const pdf = async () => {
    setBusy(true);
    try {
      const result = await api.invoke('binders.labelsPdf', { ids });
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
      sendRequest={{ doc: 'filingLabels', ids }}
      footerExtra={
        <Button icon={<FilePdfOutlined />} loading={busy} onClick={() => void pdf()} className="labels-pdf">
          {t('导出 PDF')}
        </Button>
      }
    />
  );
}

/**
 * 资料夹: the month's binders (← → move a month; ↑ ↓ choose, Enter opens), by series and state, or
 * the vehicles' own bags (一车一档) found by plate or VIN; chosen rows get their labels and covers.
 */
export function BindersTab({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const today = useStoreToday();
  const thisMonth = monthOf(today);
  const asked = route.query.get('month');
  const month = isMonth(asked) ? asked : thisMonth;
  const scheme: BinderScheme = route.query.get('scheme') === 'vehicle' ? 'vehicle' : 'monthly';
  const series = route.query.get('series') || null;
  const state: StateFilter = BINDER_STATES.find((s) => s === route.query.get('state')) ?? 'all';
  const vehicleText = Number(route.query.get('vehicle'));
  const vehicleId = Number.isInteger(vehicleText) && vehicleText > 0 ? vehicleText : null;
  const settings = useQuery('filingSettings.get', {});
  const { data, error, reload, loading } = useQuery(
    'binders.list',
    scheme === 'monthly'
      ? { scheme, month, state, ...(series ? { series } : {}) }
      : { scheme, state, ...(vehicleId ? { vehicleId } : {}) },
    { keepPrevious: true },
  );
  const [selected, setSelected] = useState<number[]>([]);
  const [printing, setPrinting] = useState<number[] | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);

  const go = (changes: Record<string, string | null | undefined>) => {
    setSelected([]);
    setCursor(null);
    void navigate(
      withQuery(filingTabPath('binders'), {
        month: month === thisMonth ? undefined : month,
        scheme: scheme === 'monthly' ? undefined : scheme,
        series,
        state: state === 'all' ? undefined : state,
        vehicle: vehicleId ? String(vehicleId) : undefined,
        ...changes,
      }),
      { replace: true },
    );
  };
  const toMonth = (m: string) => go({ month: m === thisMonth ? undefined : m });

  // ← → move a month (monthly binders); ↑ ↓ choose a row, Enter opens it.
  const latest = useRef({ month, scheme, rows: data ?? [], cursor, toMonth });
  latest.current = { month, scheme, rows: data ?? [], cursor, toMonth };
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!pageKeyPress(e)) return;
      const { month: m, scheme: s, rows, cursor: c, toMonth: move } = latest.current;
      if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && s === 'monthly') {
        e.preventDefault();
        move(addMonths(m, e.key === 'ArrowLeft' ? -1 : 1));
      } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && rows.length > 0) {
        e.preventDefault();
        const at = rows.findIndex((r) => r.id === c);
        const next = at < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
        setCursor(rows[next]!.id);
      } else if (e.key === 'Enter' && c !== null && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        void navigate(binderPath(c));
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  useEffect(() => {
    if (cursor === null) return;
    tableRef.current?.querySelector<HTMLElement>(`tr[data-binder="${cursor}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [cursor]);

  const seriesOptions = (settings.data?.series ?? []).map((s) => ({ value: s.key, label: s.label }));
  return (
    <div className="binders-tab">
      <Flex gap={8} align="center" wrap className="list-filters binders-filters">
        <Segmented<BinderScheme>
          size="small"
          value={scheme}
          onChange={(v) => go({ scheme: v === 'monthly' ? undefined : v, vehicle: undefined, series: undefined })}
          options={[
            { value: 'monthly', label: label(BINDER_SCHEME_LABELS.monthly) },
            { value: 'vehicle', label: label(BINDER_SCHEME_LABELS.vehicle) },
          ]}
          className="binders-scheme"
        />
        {scheme === 'monthly' ? (
          <>
            <Space.Compact size="small" className="binders-month">
              <Tooltip title={t('上个月（←）')}>
                <Button
                  size="small"
                  icon={<LeftOutlined />}
                  aria-label={t('上个月')}
                  onClick={() => toMonth(addMonths(month, -1))}
                />
              </Tooltip>
              <DatePicker
                size="small"
                picker="month"
                value={dayjs(`${month}-01`)}
                allowClear={false}
                format="YYYY-MM"
                onChange={(d) => d && toMonth(d.format('YYYY-MM'))}
                aria-label={t('月份')}
                className="binders-month-picker"
              />
              <Tooltip title={t('下个月（→）')}>
                <Button
                  size="small"
                  icon={<RightOutlined />}
                  aria-label={t('下个月')}
                  onClick={() => toMonth(addMonths(month, 1))}
                />
              </Tooltip>
            </Space.Compact>
            {month !== thisMonth && (
              <Button size="small" type="link" onClick={() => toMonth(thisMonth)}>
                {t('本月')}
              </Button>
            )}
            <Select
              size="small"
              allowClear
              placeholder={t('全部资料夹')}
              value={series ?? undefined}
              onChange={(v: string | undefined) => go({ series: v ?? undefined })}
              options={seriesOptions}
              className="binders-series"
              aria-label={t('资料夹种类')}
            />
          </>
        ) : (
          <VehicleBagSearch vehicleId={vehicleId} onVehicle={(id) => go({ vehicle: id ? String(id) : undefined })} />
        )}
        <Segmented<StateFilter>
          size="small"
          value={state}
          onChange={(v) => go({ state: v === 'all' ? undefined : v })}
          options={[
            { value: 'all', label: t('全部') },
            ...BINDER_STATES.map((s) => ({ value: s, label: label(BINDER_STATE_LABELS[s]) })),
          ]}
          className="binders-state"
        />
        <span className="grow" />
        <Button
          size="small"
          icon={<PrinterOutlined />}
          disabled={selected.length === 0}
          onClick={() => setPrinting(selected)}
          className="print-labels"
        >
          {selected.length > 0 ? t('打印标签和封面（{n}）', { n: selected.length }) : t('打印标签和封面')}
        </Button>
      </Flex>
      <Loaded data={data} error={error} reload={reload}>
        {(binders) => (
          <div ref={tableRef}>
            <Table<Binder>
              rowKey="id"
              size="small"
              dataSource={binders}
              loading={loading}
              pagination={binders.length > 100 ? { pageSize: 100, size: 'small', showSizeChanger: false } : false}
              className="binders-table"
              locale={{
                emptyText: scheme === 'monthly' ? t('{month} 还没有资料夹', { month }) : t('没有找到这辆车的档案袋'),
              }}
              rowSelection={{
                selectedRowKeys: selected,
                onChange: (keys: Key[]) => setSelected(keys.map(Number)),
              }}
              rowClassName={(b) => (b.id === cursor ? 'row-cursor' : '')}
              onRow={(b) =>
                ({
                  'data-binder': b.id,
                  'data-state': b.state,
                  onClick: (e) => {
                    const target = e.target as HTMLElement;
                    if (target.closest('.ant-checkbox-wrapper, .ant-table-selection-column, button, a')) return;
                    void navigate(binderPath(b.id));
                  },
                }) as HTMLAttributes<HTMLElement>
              }
              columns={[
                {
                  title: t('资料夹'),
                  key: 'title',
                  render: (_: unknown, b) => <span className="binder-title">{b.title}</span>,
                },
                { title: t('存放位置'), key: 'shelf', dataIndex: 'shelf', width: 150 },
                { title: t('资料份数'), key: 'papers', dataIndex: 'papers', width: 90, align: 'right' },
                {
                  title: t('位置 / 容量'),
                  key: 'positions',
                  width: 110,
                  align: 'right',
                  render: (_: unknown, b) => (
                    <span className={b.positions >= b.capacity ? 'binder-full' : undefined}>
                      {b.positions} / {b.capacity}
                    </span>
                  ),
                },
                {
                  title: t('状态'),
                  key: 'state',
                  width: 90,
                  render: (_: unknown, b) => <BinderStateTag state={b.state} />,
                },
                {
                  title: t('借阅'),
                  key: 'loan',
                  width: 150,
                  render: (_: unknown, b) => (b.loan ? <LoanTag loan={b.loan} /> : <span className="muted">—</span>),
                },
              ]}
            />
          </div>
        )}
      </Loaded>
      {printing && <BinderLabelsPreview ids={printing} onClose={() => setPrinting(null)} />}
    </div>
  );
}

/** 一车一档: a vehicle's own bag, found by plate or VIN (as typed or scanned). */
function VehicleBagSearch({ vehicleId, onVehicle }: { vehicleId: number | null; onVehicle(id: number | null): void }) {
  const { t } = useI18n();
  const api = useApi();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [choices, setChoices] = useState<SearchHit[]>([]);
  const find = async (typed: string) => {
    const q = typed.trim();
    setProblem(null);
    setChoices([]);
    if (!q) {
      onVehicle(null);
      return;
    }
    setBusy(true);
    try {
      const result = await api.invoke('search.quick', { text: q, kind: 'vehicle', limit: 10 });
      if (!result.ok) {
        setProblem(result.error.message);
        return;
      }
      const vehicles = result.value.filter((h) => h.kind === 'vehicle');
      if (vehicles.length === 1) onVehicle(vehicles[0]!.id);
      else if (vehicles.length > 1) setChoices(vehicles);
      else setProblem(t('没有找到车辆'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex gap={6} align="center" wrap className="vehicle-bag-search">
      <Input.Search
        size="small"
        allowClear
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value === '') {
            setChoices([]);
            setProblem(null);
            onVehicle(null);
          }
        }}
        onSearch={(v) => void find(v)}
        enterButton={<SearchOutlined />}
        placeholder={t('车牌或车架号')}
        aria-label={t('车牌或车架号')}
        loading={busy}
        className="vehicle-bag-input"
      />
      {problem && <span className="muted small">{problem}</span>}
      {choices.map((v) => (
        <Tag.CheckableTag
          key={v.id}
          checked={v.id === vehicleId}
          onChange={() => onVehicle(v.id)}
          className="vehicle-choice"
        >
          {v.title} <span className="muted small">{v.subtitle}</span>
        </Tag.CheckableTag>
      ))}
    </Flex>
  );
}
