import { MailOutlined, PhoneOutlined, PlusOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Flex, Form, Input, Modal, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import type { InvitationList, InvitationRow } from '../../../src-shared/domain/invitations';
import { DUE_KIND_LABELS, type DueKind } from '../../../src-shared/domain/service-due';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { RecordPicker } from '../../components/record-picker';
import { useStoreClock } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { CallModal } from './call-modal';
import { DueBasis, dueColumns, WhyButton } from './due-columns';
import { Funnel } from './funnel';
import { LISTS_PATH } from './paths';
import { BookedCell, CallsCell, CameCell, LetterCell } from './row-cells';

/** One saved 定保招揽一览表: its rows, letters, calls, bookings and who came back. */
export function InvitationListPage({ id }: { id: number }) {
  const { data, error, reload } = useQuery('invitations.get', { id });
  return (
    <Loaded data={data} error={error} reload={reload}>
      {(list) => <ListBody list={list} />}
    </Loaded>
  );
}

function ListBody({ list }: { list: InvitationList }) {
  const { t } = useI18n();
  const [calling, setCalling] = useState<InvitationRow | null>(null);
  const [removing, setRemoving] = useState<InvitationRow | null>(null);
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [marking, setMarking] = useState(false);
  const groups: DueKind[] = ['first', 'periodic'];
  const live = list.rows.filter((r) => !r.removed);
  const removed = list.rows.length - live.length;
  // The modal follows the row as the list refreshes after a save.
  const callingRow = calling ? (list.rows.find((r) => r.id === calling.id) ?? calling) : null;

  return (
    <>
      <Flex align="center" gap={8} wrap className="invitations-bar">
        <Link to={LISTS_PATH}>{t('定保招揽一览表')}</Link>
        <span className="muted">/</span>
        <Typography.Title level={4} className="list-heading">
          {list.title || t('{from} 至 {to}', { from: list.from, to: list.to })}
        </Typography.Title>
        {list.title && !list.title.includes(list.from) && (
          <Tag>{t('{from} 至 {to}', { from: list.from, to: list.to })}</Tag>
        )}
        <span className="muted small">
          {t('建立：{by} {at}', { by: list.createdBy, at: instantText(list.createdAt) })}
        </span>
      </Flex>
      <Card size="small" className="section funnel-card">
        <Funnel funnel={list.funnel} />
      </Card>
      <Flex align="center" gap={8} wrap className="list-actions">
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('加入车辆')}
        </Button>
        <Tooltip title={selected.length === 0 ? t('先在表格左侧勾选寄了信的行') : undefined}>
          <Button icon={<MailOutlined />} disabled={selected.length === 0} onClick={() => setMarking(true)}>
            {t('标记已寄信（{n}）', { n: selected.length })}
          </Button>
        </Tooltip>
        <span className="grow" />
        <Typography.Text type="secondary">
          {t('共 {n} 辆', { n: live.length })}
          {removed > 0 && t('，已移除 {n} 辆', { n: removed })}
        </Typography.Text>
      </Flex>
      {groups.map((kind) => (
        <RowsGroup
          key={kind}
          kind={kind}
          rows={list.rows.filter((r) => r.kind === kind)}
          listId={list.id}
          selected={selected}
          onSelect={(ids, inGroup) => setSelected((prev) => [...prev.filter((x) => !inGroup.includes(x)), ...ids])}
          onCall={setCalling}
          onRemove={setRemoving}
        />
      ))}
      {list.rows.length === 0 && (
        <Card size="small" className="section">
          <Typography.Text type="secondary">{t('这张一览表没有车辆。')}</Typography.Text>
        </Card>
      )}
      {callingRow && <CallModal row={callingRow} onClose={() => setCalling(null)} />}
      {removing && <RemoveRowModal listId={list.id} row={removing} onClose={() => setRemoving(null)} />}
      {adding && <AddRowModal listId={list.id} onClose={() => setAdding(false)} />}
      {marking && (
        <LetterSentModal
          listId={list.id}
          rowIds={selected}
          onClose={(done) => {
            setMarking(false);
            if (done) setSelected([]);
          }}
        />
      )}
    </>
  );
}

function RowsGroup({
  kind,
  rows,
  listId,
  selected,
  onSelect,
  onCall,
  onRemove,
}: {
  kind: DueKind;
  rows: InvitationRow[];
  listId: number;
  selected: number[];
  onSelect(ids: number[], inGroup: number[]): void;
  onCall(row: InvitationRow): void;
  onRemove(row: InvitationRow): void;
}) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  if (rows.length === 0) return null;
  const restore = async (row: InvitationRow) => {
    const result = await api.invoke('invitations.restoreRow', { listId, rowId: row.id });
    if (result.ok) message.success(t('已恢复 {plate}', { plate: row.plate ?? row.vin ?? '' }));
    else message.error(result.error.message);
  };
  // The list is wider than the preview: 依据 and 为什么 share a cell so every column fits the screen.
  const columns: ColumnsType<InvitationRow> = [
    ...dueColumns<InvitationRow>(t)
      .filter((c) => c.key !== 'why')
      .map((c) => {
        if (c.key === 'basis')
          return {
            ...c,
            width: 92,
            render: (_: unknown, r: InvitationRow) => (
              <div className="cell-stack">
                <DueBasis row={r} />
                <div>
                  <WhyButton explanation={r.explanation} />
                </div>
              </div>
            ),
          };
        if (c.key !== 'customer') return { ...c, width: Math.min(Number(c.width ?? 100), 104) };
        return {
          ...c,
          width: 112,
          render: (value: unknown, r: InvitationRow, i: number) => (
            <>
              {c.render?.(value, r, i)}
              {r.addedManually && (
                <Tooltip title={t('手工加入：{reason}', { reason: r.addReason })}>
                  <Tag className="manual-tag">{t('手工加入')}</Tag>
                </Tooltip>
              )}
              {r.removed && <div className="removed-reason">{t('已移除：{reason}', { reason: r.removedReason })}</div>}
            </>
          ),
        };
      }),
    { title: t('信件'), key: 'letter', width: 108, render: (_: unknown, r) => <LetterCell row={r} /> },
    { title: t('电话结果'), key: 'calls', width: 88, render: (_: unknown, r) => <CallsCell row={r} /> },
    { title: t('预约'), key: 'booked', width: 92, render: (_: unknown, r) => <BookedCell row={r} /> },
    { title: t('回厂'), key: 'came', width: 92, render: (_: unknown, r) => <CameCell row={r} /> },
    {
      title: t('操作'),
      key: 'actions',
      width: 128,
      render: (_: unknown, r) =>
        r.removed ? (
          <Button size="small" icon={<RollbackOutlined />} onClick={() => void restore(r)}>
            {t('恢复')}
          </Button>
        ) : (
          <span className="row-actions">
            <Button size="small" type="primary" ghost icon={<PhoneOutlined />} onClick={() => onCall(r)}>
              {t('记录电话')}
            </Button>
            <Tooltip title={t('移除')}>
              <Button
                size="small"
                type="text"
                icon={<StopOutlined />}
                aria-label={t('移除')}
                onClick={() => onRemove(r)}
              />
            </Tooltip>
          </span>
        ),
    },
  ];
  const ids = rows.map((r) => r.id);
  return (
    <Card
      size="small"
      className="section due-group"
      data-kind={kind}
      title={t('{kind}（{n} 辆）', { kind: label(DUE_KIND_LABELS[kind]), n: rows.filter((r) => !r.removed).length })}
    >
      <Table<InvitationRow>
        rowKey="id"
        size="small"
        dataSource={rows}
        columns={columns}
        className="due-table invitation-rows"
        rowClassName={(r) => (r.removed ? 'row-removed' : r.cameRoId ? 'row-came' : '')}
        onRow={(r) => ({ 'data-row-id': r.id, 'data-plate': r.plate ?? '' }) as HTMLAttributes<HTMLElement>}
        rowSelection={{
          selectedRowKeys: selected.filter((x) => ids.includes(x)),
          onChange: (keys) => onSelect(keys as number[], ids),
          getCheckboxProps: (r) => ({ disabled: r.removed, 'aria-label': r.plate ?? String(r.id) }),
          columnWidth: 36,
        }}
        pagination={rows.length > 100 ? { pageSize: 100, size: 'small', showSizeChanger: false } : false}
      />
    </Card>
  );
}

/** 移除: a row leaves the list only with a reason; it stays visible, struck through, and can come back. */
function RemoveRowModal({ listId, row, onClose }: { listId: number; row: InvitationRow; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const submit = async (values: { reason?: string }) => {
    setBusy(true);
    const result = await api.invoke('invitations.removeRow', { listId, rowId: row.id, reason: values.reason ?? '' });
    setBusy(false);
    if (result.ok) {
      message.success(t('已移除 {plate}', { plate: row.plate ?? row.vin ?? '' }));
      onClose();
      return;
    }
    if (applyServerErrors(form, result.error, (p) => (p === 'reason' ? ['reason'] : null)).length === 0)
      setError(result.error);
  };
  return (
    <Modal
      open
      title={t('从一览表移除 {plate}', { plate: row.plate ?? row.vin ?? '' })}
      okText={t('移除')}
      okButtonProps={{ danger: true }}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      className="remove-row-modal"
    >
      <Typography.Paragraph type="secondary">
        {t('移除的行仍留在表上（划掉并写明原因），不寄信、不打电话；需要时可以恢复。')}
      </Typography.Paragraph>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form name="remove" form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="reason" label={t('移除原因')}>
          <Input
            maxLength={100}
            autoFocus
            placeholder={t('如：客户已搬到外地；本周已来店保养')}
            onPressEnter={() => form.submit()}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 加入车辆: a vehicle the calculation did not list (the clerk knows better), with why. */
function AddRowModal({ listId, onClose }: { listId: number; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [form] = Form.useForm<{ vehicleId?: number | null; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const submit = async (values: { vehicleId?: number | null; reason?: string }) => {
    setBusy(true);
    const result = await api.invoke('invitations.addRow', {
      listId,
      vehicleId: values.vehicleId ?? 0,
      reason: values.reason ?? '',
    });
    setBusy(false);
    if (result.ok) {
      message.success(t('已加入一览表'));
      onClose();
      return;
    }
    const shown = applyServerErrors(form, result.error, (p) => (p === 'reason' || p === 'vehicleId' ? [p] : null));
    if (shown.length === 0) setError(result.error);
  };
  return (
    <Modal
      open
      title={t('加入车辆')}
      okText={t('加入')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      className="add-row-modal"
    >
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form name="addRow" form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="vehicleId" label={t('车辆')} rules={[{ required: true, message: t('请选择车辆') }]}>
          <RecordPicker kind="vehicle" placeholder={t('车牌、车架号后6位或车主姓名、手机号')} />
        </Form.Item>
        <Form.Item name="reason" label={t('加入原因')}>
          <Input maxLength={100} placeholder={t('如：客户来电说下月要来保养')} onPressEnter={() => form.submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 标记已寄信: by hand, until 信件与打印 records it after a print run. */
function LetterSentModal({
  listId,
  rowIds,
  onClose,
}: {
  listId: number;
  rowIds: number[];
  onClose(done: boolean): void;
}) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const clock = useStoreClock();
  const [form] = Form.useForm<{ sentOn: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const submit = async (values: { sentOn: Dayjs }) => {
    setBusy(true);
    const result = await api.invoke('invitations.markLetterSent', {
      listId,
      rowIds,
      sentOn: values.sentOn ? values.sentOn.format('YYYY-MM-DD') : clock.today,
      kind: 'invitation',
    });
    setBusy(false);
    if (result.ok) {
      message.success(t('已记录 {n} 封信已寄出', { n: rowIds.length }));
      onClose(true);
      return;
    }
    if (applyServerErrors(form, result.error, (p) => (p === 'sentOn' ? ['sentOn'] : null)).length === 0)
      setError(result.error);
  };
  return (
    <Modal
      open
      title={t('标记已寄信')}
      okText={t('保存')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      confirmLoading={busy}
      destroyOnHidden
      className="letter-sent-modal"
    >
      <Typography.Paragraph type="secondary">
        {t('记录这 {n} 行的定期保养邀请信已寄出。寄出满 7 天仍未联系上的，会出现在“今日电话”里。', {
          n: rowIds.length,
        })}
      </Typography.Paragraph>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form
        name="letterSent"
        form={form}
        layout="vertical"
        initialValues={{ sentOn: clock.todayValue() }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="sentOn" label={t('寄出日期')} rules={[{ required: true, message: t('请选择日期') }]}>
          <DatePicker
            allowClear={false}
            style={{ width: 180 }}
            disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
