import { DeleteOutlined, PrinterOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Flex, Form, Input, Segmented, Table, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type HTMLAttributes, type Key, useState } from 'react';
import {
  OLD_PART_STATE_LABELS,
  OLD_PART_STATES,
  type OldPart,
  type OldPartState,
} from '../../../src-shared/domain/claims';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { applyServerErrors } from '../../components/form-support';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route, withQuery } from '../../router/hash-router';
import { HtmlPreviewModal } from '../daily-report/print-preview';
import { useCan } from '../shell/permissions';
import { claimPath, claimsTabPath } from './paths';

type StateFilter = OldPartState | 'all';

const STATE_COLOR: Record<OldPartState, string> = { kept: 'blue', returned: 'green', scrapped: 'default' };

/** 在库 / 已返厂 / 已报废. */
export function OldPartStateTag({ state }: { state: OldPartState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} className="old-part-state-tag" data-state={state}>
      {label(OLD_PART_STATE_LABELS[state])}
    </Tag>
  );
}

/** 打印旧件标签: one tag per chosen part, in the print preview. */
export function OldPartTagsPreview({ ids, onClose }: { ids: number[]; onClose(): void }) {
  const query = useQuery('oldParts.tagsHtml', { ids });
  return <HtmlPreviewModal query={query} onClose={onClose} sendRequest={{ doc: 'oldPartTags', ids }} />;
}

/**
 * 旧件: the parts kept for the manufacturer (due back settlement + the return days; red once
 * overdue), returned (date, waybill) or scrapped (on instruction). Chosen rows are returned,
 * scrapped or get their tags printed.
 */
export function OldPartsTab({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const can = useCan();
  const today = useStoreToday();
  const state: StateFilter = [...OLD_PART_STATES, 'all' as const].find((s) => s === route.query.get('state')) ?? 'kept';
  const dueOnly = route.query.get('due') === '1' && state === 'kept';
  const { data, error, reload, loading } = useQuery(
    'oldParts.list',
    dueOnly ? { state, dueBefore: today } : { state },
    { keepPrevious: true },
  );
  const [selected, setSelected] = useState<number[]>([]);
  const [printing, setPrinting] = useState<number[] | null>(null);
  const [acting, setActing] = useState<'return' | 'scrap' | null>(null);

  const go = (changes: Record<string, string | undefined>) => {
    setSelected([]);
    void navigate(
      withQuery(claimsTabPath('old-parts'), {
        state: state === 'kept' ? undefined : state,
        due: dueOnly ? '1' : undefined,
        ...changes,
      }),
      { replace: true },
    );
  };

  const parts = data ?? [];
  const chosen = parts.filter((p) => selected.includes(p.id));
  const chosenKept = chosen.filter((p) => p.state === 'kept');
  const overdue = (p: OldPart) => p.state === 'kept' && p.returnDueOn !== null && p.returnDueOn < today;
  const overdueCount = parts.filter(overdue).length;
  return (
    <div className="old-parts-tab">
      <Flex gap={8} align="center" wrap className="list-filters old-parts-filters">
        <Segmented<StateFilter>
          size="small"
          value={state}
          onChange={(v) => go({ state: v === 'kept' ? undefined : v, due: undefined })}
          options={[
            ...OLD_PART_STATES.map((s) => ({ value: s, label: label(OLD_PART_STATE_LABELS[s]) })),
            { value: 'all', label: t('全部') },
          ]}
          className="old-parts-state"
        />
        {state === 'kept' && (
          <Tag.CheckableTag
            checked={dueOnly}
            onChange={(on) => go({ due: on ? '1' : undefined })}
            className="old-parts-due-only"
          >
            {t('今天前应返厂的')}
          </Tag.CheckableTag>
        )}
        {data && <span className="muted small">{t('共 {n} 件', { n: parts.length })}</span>}
        {overdueCount > 0 && (
          <Tag color="red" className="old-parts-overdue-count">
            {t('{n} 件已过返厂日期', { n: overdueCount })}
          </Tag>
        )}
        <span className="grow" />
        {can('oldParts.return') && (
          <Button
            size="small"
            icon={<RollbackOutlined />}
            disabled={chosenKept.length === 0}
            onClick={() => setActing('return')}
            className="old-parts-return"
          >
            {chosenKept.length > 0 ? t('返厂（{n}）', { n: chosenKept.length }) : t('返厂')}
          </Button>
        )}
        {can('oldParts.scrap') && (
          <Button
            size="small"
            icon={<DeleteOutlined />}
            disabled={chosenKept.length === 0}
            onClick={() => setActing('scrap')}
            className="old-parts-scrap"
          >
            {chosenKept.length > 0 ? t('报废（{n}）', { n: chosenKept.length }) : t('报废')}
          </Button>
        )}
        <Button
          size="small"
          icon={<PrinterOutlined />}
          disabled={selected.length === 0}
          onClick={() => setPrinting(selected)}
          className="old-parts-print"
        >
          {selected.length > 0 ? t('打印旧件标签（{n}）', { n: selected.length }) : t('打印旧件标签')}
        </Button>
      </Flex>
      <Loaded data={data} error={error} reload={reload}>
        {(rows) => (
          <Table<OldPart>
            rowKey="id"
            size="small"
            dataSource={rows}
            loading={loading}
            className="old-parts-table"
            pagination={rows.length > 100 ? { pageSize: 100, size: 'small', showSizeChanger: false } : false}
            locale={{ emptyText: t('没有旧件') }}
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys: Key[]) => setSelected(keys.map(Number)),
            }}
            rowClassName={(p) => (overdue(p) ? 'old-part-overdue-row' : '')}
            onRow={(p) =>
              ({
                'data-part': p.id,
                'data-tag': p.tagNo,
                'data-state': p.state,
                'data-overdue': overdue(p) ? 'true' : 'false',
              }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t('标签号'),
                key: 'tagNo',
                width: 120,
                render: (_: unknown, p) => <span className="mono">{p.tagNo}</span>,
              },
              {
                title: t('零件'),
                key: 'part',
                render: (_: unknown, p) => (
                  <div className="cell-stack">
                    <div>{p.name}</div>
                    <div className="muted small mono">{p.partNumber || '—'}</div>
                  </div>
                ),
              },
              { title: t('数量'), key: 'quantity', dataIndex: 'quantity', width: 60, align: 'right' },
              {
                title: t('修理单'),
                key: 'ro',
                width: 130,
                render: (_: unknown, p) => (
                  <Link to={claimPath(p.roId)} className="mono">
                    {p.roNumber}
                  </Link>
                ),
              },
              {
                title: t('索赔单号'),
                key: 'claimNo',
                width: 130,
                render: (_: unknown, p) =>
                  p.claimNo ? <span className="mono">{p.claimNo}</span> : <span className="muted">—</span>,
              },
              {
                title: t('应返厂'),
                key: 'due',
                width: 120,
                render: (_: unknown, p) =>
                  p.returnDueOn === null ? (
                    <Tooltip title={t('修理单结算后才有返厂日期')}>
                      <span className="muted">—</span>
                    </Tooltip>
                  ) : overdue(p) ? (
                    <Tag color="red" className="old-part-due overdue">
                      {p.returnDueOn} {t('逾期')}
                    </Tag>
                  ) : (
                    <span className="old-part-due">{p.returnDueOn}</span>
                  ),
              },
              {
                title: t('去向'),
                key: 'where',
                width: 200,
                render: (_: unknown, p) =>
                  p.state === 'returned' ? (
                    <div className="cell-stack">
                      <div className="small">{t('{date} 返厂', { date: p.returnedOn ?? '—' })}</div>
                      <div className="muted small">{t('运单 {no}', { no: p.waybill })}</div>
                    </div>
                  ) : p.state === 'scrapped' ? (
                    <div className="cell-stack">
                      <div className="small">{t('{date} 报废', { date: p.scrappedOn ?? '—' })}</div>
                      <div className="muted small">{p.instruction}</div>
                    </div>
                  ) : (
                    <span className="muted">{t('在库')}</span>
                  ),
              },
              {
                title: t('状态'),
                key: 'state',
                width: 84,
                render: (_: unknown, p) => <OldPartStateTag state={p.state} />,
              },
            ]}
          />
        )}
      </Loaded>
      {printing && <OldPartTagsPreview ids={printing} onClose={() => setPrinting(null)} />}
      {acting && (
        <OldPartsActionModal
          action={acting}
          parts={chosenKept}
          onClose={(done) => {
            setActing(null);
            if (done) setSelected([]);
          }}
        />
      )}
    </div>
  );
}

interface ActionValues {
  on?: Dayjs;
  text?: string;
}

/** 返厂 (the day and the waybill) or 报废 (the day and the manufacturer's instruction) for the chosen parts. */
function OldPartsActionModal({
  action,
  parts,
  onClose,
}: {
  action: 'return' | 'scrap';
  parts: OldPart[];
  onClose(done: boolean): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const today = useStoreToday();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const ids = parts.map((p) => p.id);

  const submit = async (values: ActionValues) => {
    setBusy(true);
    setError(null);
    try {
      const on = (values.on ?? dayjs(today)).format('YYYY-MM-DD');
      const text = values.text?.trim() ?? '';
      const result =
        action === 'return'
          ? await api.invoke('oldParts.return', { ids, returnedOn: on, waybill: text })
          : await api.invoke('oldParts.scrap', { ids, scrappedOn: on, instruction: text });
      if (result.ok) {
        message.success(
          action === 'return'
            ? t('{n} 件旧件已登记返厂', { n: result.value.updated })
            : t('{n} 件旧件已登记报废', { n: result.value.updated }),
        );
        onClose(true);
        return;
      }
      const toField = (p: string) =>
        p === 'returnedOn' || p === 'scrappedOn' ? ['on'] : p === 'waybill' || p === 'instruction' ? ['text'] : null;
      const shown = applyServerErrors(form, result.error, toField);
      if (shown.filter((s) => toField(s.path) !== null).length === 0) setError(result.error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormModal<ActionValues>
      form={form}
      name={action === 'return' ? 'oldPartsReturn' : 'oldPartsScrap'}
      title={
        action === 'return'
          ? t('旧件返厂（{n} 件）', { n: parts.length })
          : t('旧件报废（{n} 件）', { n: parts.length })
      }
      okText={action === 'return' ? t('登记返厂') : t('登记报废')}
      okButtonProps={action === 'scrap' ? { danger: true } : undefined}
      cancelText={t('取消')}
      width={520}
      className="old-parts-action-modal"
      busy={busy}
      error={error}
      onClearError={() => setError(null)}
      initialValues={{ on: dayjs(today), text: '' }}
      intro={
        <ul className="old-parts-chosen">
          {parts.slice(0, 8).map((p) => (
            <li key={p.id}>
              <span className="mono">{p.tagNo}</span> {p.name} × {p.quantity}
            </li>
          ))}
          {parts.length > 8 && <li className="muted">{t('另有 {n} 件', { n: parts.length - 8 })}</li>}
        </ul>
      }
      onFinish={(v) => void submit(v)}
      onClose={() => onClose(false)}
    >
      <Flex gap={12} wrap>
        <Form.Item
          name="on"
          label={action === 'return' ? t('返厂日期') : t('报废日期')}
          rules={[{ required: true, message: t('请选择日期') }]}
        >
          <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item
          name="text"
          label={action === 'return' ? t('运单号') : t('报废依据（厂家指令）')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: action === 'return' ? t('请填写运单号') : t('请填写厂家的报废指令'),
            },
          ]}
          className="grow"
        >
          <Input autoFocus maxLength={action === 'return' ? 40 : 100} />
        </Form.Item>
      </Flex>
    </FormModal>
  );
}
