import {
  CheckCircleOutlined,
  ExportOutlined,
  ImportOutlined,
  PrinterOutlined,
  SendOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  type FormInstance,
  Input,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type HTMLAttributes, type ReactNode, useState } from 'react';
import {
  BINDER_SCHEME_LABELS,
  type Binder,
  type BinderCompleteness,
  type BinderDetail,
  type MissingPaper,
  type Paper,
} from '../../../src-shared/domain/filing';
import type { AppErrorShape, Result } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { applyServerErrors, StaleAlert } from '../../components/form-support';
import { instantText } from '../../components/format';
import { Loaded, LoadingPage, PageHeader } from '../../components/page';
import { useStoreClock } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { useCan } from '../shell/permissions';
import { BinderLabelsPreview, BinderStateTag, LoanTag } from './binders.tab';
import { LendModal } from './lend-modal';
import { filingTabPath } from './paths';

/**
 * One binder: its facts (shelf editable), its papers in position order, whether it is complete
 * (the required papers of its series and month still missing), and its life: 装订 (asking again
 * when papers are missing), 寄回服务中心, 重新打开, 借出 / 归还, labels and cover.
 */
export function BinderPage({ id }: { id: number }) {
  const { data, error, reload } = useQuery('binders.get', { id });
  if (!data) return <LoadingPage data={data} error={error} reload={reload} />;
  return <BinderView detail={data} reload={reload} />;
}

/** The server's CONFLICT for binding with papers missing carries them (a list, or their count). */
function missingCount(error: AppErrorShape, fallback: number): number | null {
  const missing = error.details?.missing;
  if (Array.isArray(missing)) return missing.length;
  if (typeof missing === 'number') return missing;
  return error.details && 'missing' in error.details ? fallback : null;
}

function BinderView({ detail, reload }: { detail: BinderDetail; reload(): void }) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message, modal } = App.useApp();
  const b = detail.binder;
  const completeness = useQuery('binders.completeness', { id: b.id });
  const [conflict, setConflict] = useState<AppErrorShape | null>(null);
  const [sending, setSending] = useState(false);
  const [reopening, setReopening] = useState(false);
  const [lending, setLending] = useState(false);
  const [printing, setPrinting] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const can = useCan();

  /** A refused write: a stale version → 已被别人修改 with 刷新; anything else as a message. */
  const refused = (error: AppErrorShape) => {
    if (error.code === 'CONFLICT') setConflict(error);
    else message.error(error.message);
  };

  const bind = async (confirmIncomplete: boolean) => {
    setBusy('bind');
    const result = await api.invoke('binders.bind', { id: b.id, version: b.version, confirmIncomplete });
    setBusy(null);
    if (result.ok) {
      message.success(t('{title} 已装订', { title: b.title }));
      return;
    }
    const count = confirmIncomplete ? null : missingCount(result.error, completeness.data?.missing.length ?? 0);
    if (count === null) {
      refused(result.error);
      return;
    }
    modal.confirm({
      title: t('还缺 {n} 份资料，仍要装订吗？', { n: count }),
      content: t('缺的资料仍列在缺失检查里；补来后放入已装订的资料夹前会再问一次。'),
      okText: t('仍然装订'),
      okButtonProps: { danger: true, className: 'bind-incomplete-ok' },
      cancelText: t('先不装订'),
      className: 'bind-incomplete-confirm',
      onOk: () => bind(true),
    });
  };
  const askBind = () => {
    modal.confirm({
      title: t('装订 {title}？', { title: b.title }),
      content: t('装订后不再放入新的资料（放入前会再问一次）。'),
      okText: t('装订'),
      okButtonProps: { className: 'bind-ok' },
      cancelText: t('返回'),
      className: 'bind-confirm',
      onOk: () => bind(false),
    });
  };
  const giveBack = async () => {
    if (!b.loan) return;
    setBusy('return');
    const result = await api.invoke('loans.return', { id: b.loan.id });
    setBusy(null);
    if (result.ok) message.success(t('{who} 已归还 {what}', { who: result.value.borrower, what: b.title }));
    else message.error(result.error.message);
  };

  return (
    <div className="page filing-page binder-page" data-id={b.id} data-state={b.state}>
      <PageHeader
        crumbs={[
          { label: t('归档'), to: filingTabPath('desk') },
          {
            label: t('资料夹'),
            to: b.month ? `${filingTabPath('binders')}?month=${b.month}` : filingTabPath('binders'),
          },
          { label: b.title },
        ]}
        title={<span className="binder-page-title">{b.title}</span>}
        subtitle={b.shelf}
        tags={
          <Space size={4}>
            <BinderStateTag state={b.state} />
            <LoanTag loan={b.loan} />
          </Space>
        }
        actions={
          <>
            {b.state === 'open' && can('binders.bind') && (
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                loading={busy === 'bind'}
                onClick={askBind}
                className="bind-binder"
              >
                {t('装订')}
              </Button>
            )}
            {b.state === 'bound' && can('binders.send') && (
              <Button type="primary" icon={<SendOutlined />} onClick={() => setSending(true)} className="send-binder">
                {t('寄回服务中心')}
              </Button>
            )}
            {(b.state === 'bound' || b.state === 'sent') && can('binders.reopen') && (
              <Button icon={<UndoOutlined />} onClick={() => setReopening(true)} className="reopen-binder">
                {t('重新打开')}
              </Button>
            )}
            {b.state !== 'destroyed' &&
              can('loans.lend') &&
              (b.loan ? (
                <Button
                  icon={<ImportOutlined />}
                  loading={busy === 'return'}
                  onClick={() => void giveBack()}
                  className="return-binder"
                >
                  {t('归还')}
                </Button>
              ) : (
                <Button icon={<ExportOutlined />} onClick={() => setLending(true)} className="lend-binder">
                  {t('借出')}
                </Button>
              ))}
            <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)} className="print-binder-labels">
              {t('打印标签和封面')}
            </Button>
          </>
        }
      />
      <StaleAlert
        error={conflict}
        title={t('这个资料夹已被别人修改，你的操作没有保存')}
        className="binder-conflict"
        onReload={() => {
          setConflict(null);
          reload();
        }}
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('资料夹')} className="section binder-facts">
            <Descriptions
              size="small"
              column={1}
              colon={false}
              items={[
                {
                  key: 'shelf',
                  label: t('存放位置'),
                  children: can('binders.update') ? <ShelfEdit binder={b} onRefused={refused} /> : b.shelf || '—',
                },
                {
                  key: 'scheme',
                  label: t('装订方式'),
                  children: label(BINDER_SCHEME_LABELS[b.scheme]),
                },
                ...(b.month ? [{ key: 'month', label: t('月份'), children: b.month }] : []),
                ...(b.scheme === 'monthly'
                  ? [{ key: 'volume', label: t('册'), children: t('第 {n} 册', { n: b.volume }) }]
                  : []),
                ...(b.vehicleId
                  ? [
                      {
                        key: 'vehicle',
                        label: t('车辆'),
                        children: (
                          <Link to={`/archive/vehicles/${b.vehicleId}`}>
                            {[b.plate, b.vin].filter(Boolean).join(' ') || `#${b.vehicleId}`}
                          </Link>
                        ),
                      },
                    ]
                  : []),
                {
                  key: 'positions',
                  label: t('位置 / 容量'),
                  children: (
                    <span>
                      {b.positions} / {b.capacity}
                      <span className="muted"> · {t('{n} 份资料', { n: b.papers })}</span>
                    </span>
                  ),
                },
                {
                  key: 'bound',
                  label: t('装订'),
                  children: b.boundAt ? (
                    `${instantText(b.boundAt)} ${b.boundBy ?? ''}`
                  ) : (
                    <span className="muted">—</span>
                  ),
                },
                {
                  key: 'sent',
                  label: t('寄回'),
                  children: b.sentOn ? (
                    <span className="binder-sent">
                      {t('{date} 寄给 {to}', { date: b.sentOn, to: b.sentTo ?? '' })}
                      {b.sentBy && <span className="muted"> · {b.sentBy}</span>}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  ),
                },
                ...(b.loan
                  ? [
                      {
                        key: 'loan',
                        label: t('借阅'),
                        children: (
                          <span className={b.loan.overdue ? 'loan-overdue' : undefined}>
                            {t('{who} 借出，{due} 前归还', { who: b.loan.borrower, due: b.loan.dueOn })}
                            {b.loan.reason && <span className="muted"> · {b.loan.reason}</span>}
                          </span>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <CompletenessCard state={completeness} />
        </Col>
      </Row>
      <PapersInBinder papers={detail.papers} scheme={b.scheme} />
      {sending && <SendModal binder={b} onRefused={refused} onClose={() => setSending(false)} />}
      {reopening && <ReopenModal binder={b} onRefused={refused} onClose={() => setReopening(false)} />}
      {lending && <LendModal target={{ binderId: b.id, title: b.title }} onClose={() => setLending(false)} />}
      {printing && <BinderLabelsPreview ids={[b.id]} onClose={() => setPrinting(false)} />}
    </div>
  );
}

/** The shelf, edited in place (Enter saves, Esc cancels). */
function ShelfEdit({ binder: b, onRefused }: { binder: Binder; onRefused(error: AppErrorShape): void }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const save = async (text: string) => {
    const shelf = text.trim();
    if (shelf === b.shelf) return;
    const result = await api.invoke('binders.update', { id: b.id, version: b.version, shelf });
    if (result.ok) message.success(t('存放位置已改为 {shelf}', { shelf: result.value.shelf || '—' }));
    else onRefused(result.error);
  };
  return (
    <Typography.Text
      className="binder-shelf"
      editable={{
        onChange: (v) => void save(v),
        maxLength: 40,
        tooltip: t('修改存放位置'),
        triggerType: ['icon', 'text'],
      }}
    >
      {b.shelf}
    </Typography.Text>
  );
}

function CompletenessCard({
  state,
}: {
  state: { data: BinderCompleteness | undefined; error: AppErrorShape | null; reload(): void };
}) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('完整性')} className="section binder-completeness">
      <Loaded data={state.data} error={state.error} reload={state.reload}>
        {(c) =>
          c.missing.length === 0 ? (
            <Alert
              type="success"
              showIcon
              title={t('齐全')}
              description={c.withoutScan > 0 ? t('其中 {n} 份还没有扫描件', { n: c.withoutScan }) : undefined}
              className="binder-complete"
            />
          ) : (
            <>
              <Alert
                type="warning"
                showIcon
                title={t('还缺 {n} 份资料', { n: c.missing.length })}
                description={
                  <>
                    {c.binder.scheme === 'monthly' && (
                      <div>{t('这是本月这一类资料还没归档的（尚未放入任何一册）')}</div>
                    )}
                    {c.withoutScan > 0 && <div>{t('另有 {n} 份还没有扫描件', { n: c.withoutScan })}</div>}
                  </>
                }
                className="binder-incomplete"
              />
              <MissingList missing={c.missing} />
            </>
          )
        }
      </Loaded>
    </Card>
  );
}

function MissingList({ missing }: { missing: MissingPaper[] }) {
  const { t } = useI18n();
  return (
    <Table<MissingPaper>
      size="small"
      rowKey={(m) => `${m.kind}:${m.roId ?? ''}:${m.vehicleId ?? ''}:${m.customerId ?? ''}`}
      dataSource={missing}
      pagination={missing.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      className="binder-missing-table"
      onRow={(m) => ({ 'data-kind': m.kind, 'data-ro': m.roNumber ?? '' }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('修理单 / 车辆'),
          key: 'subject',
          width: 140,
          render: (_: unknown, m) =>
            m.roId ? (
              <Link to={`/archive/repair-orders/${m.roId}`} className="mono">
                {m.roNumber}
              </Link>
            ) : m.vehicleId ? (
              <Link to={`/archive/vehicles/${m.vehicleId}`}>{m.plate ?? m.vin ?? `#${m.vehicleId}`}</Link>
            ) : m.customerId ? (
              <Link to={`/archive/customers/${m.customerId}`}>{m.customerName ?? `#${m.customerId}`}</Link>
            ) : (
              '—'
            ),
        },
        { title: t('缺少'), key: 'kind', dataIndex: 'kindLabel', width: 170 },
        {
          title: t('原因'),
          key: 'reason',
          render: (_: unknown, m) => <span className="muted small">{m.reason}</span>,
        },
      ]}
    />
  );
}

function PapersInBinder({ papers, scheme }: { papers: Paper[]; scheme: Binder['scheme'] }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={t('夹内资料')}
      extra={<span className="muted small">{t('共 {n} 份', { n: papers.length })}</span>}
      className="section binder-papers"
    >
      <Table<Paper>
        rowKey="id"
        size="small"
        dataSource={papers}
        pagination={
          papers.length > 50
            ? { pageSize: 50, size: 'small', showSizeChanger: false, showTotal: (n) => t('共 {n} 份', { n }) }
            : false
        }
        className="binder-papers-table"
        locale={{ emptyText: t('还没有放入资料') }}
        rowClassName={(p) => (p.state === 'filed' ? '' : 'paper-gone')}
        onRow={(p) => ({ 'data-paper': p.id, 'data-position': p.position ?? '' }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: scheme === 'monthly' ? t('位置') : t('序号'),
            key: 'position',
            width: 64,
            align: 'right',
            render: (_: unknown, p) => <span className="mono">{p.position ?? '—'}</span>,
          },
          {
            title: t('资料'),
            key: 'kind',
            width: 240,
            render: (_: unknown, p) => (
              <span>
                {p.kindLabel}
                {p.state !== 'filed' && <Tag className="paper-state-tag">{t('已撤销')}</Tag>}
                {p.loan && (
                  <Tag color={p.loan.overdue ? 'red' : 'orange'}>{t('借出：{who}', { who: p.loan.borrower })}</Tag>
                )}
              </span>
            ),
          },
          {
            title: t('修理单'),
            key: 'ro',
            width: 130,
            render: (_: unknown, p) =>
              p.roId ? (
                <Link to={`/archive/repair-orders/${p.roId}`} className="mono">
                  {p.roNumber}
                </Link>
              ) : (
                '—'
              ),
          },
          {
            title: t('车牌'),
            key: 'plate',
            render: (_: unknown, p) =>
              p.vehicleId ? <Link to={`/archive/vehicles/${p.vehicleId}`}>{p.plate ?? p.vin ?? '—'}</Link> : '—',
          },
          {
            title: t('归档'),
            key: 'filed',
            width: 150,
            render: (_: unknown, p) => (
              <div className="cell-stack">
                <div className="small">{instantText(p.filedAt)}</div>
                <div className="muted small">{p.filedBy ?? ''}</div>
              </div>
            ),
          },
          {
            title: t('扫描件'),
            key: 'scans',
            width: 70,
            align: 'right',
            render: (_: unknown, p) => (p.scans.length > 0 ? p.scans.length : <span className="muted">—</span>),
          },
        ]}
      />
    </Card>
  );
}

/**
 * A binder change asked in a modal (寄回, 重新打开): done → told and closed; refused (CONFLICT: someone
 * else changed the binder, or its state no longer allows it) → the page says why; a field's error on the field.
 */
function BinderChangeModal<V extends object>({
  form,
  name,
  title,
  okText,
  className,
  fields,
  initialValues,
  intro,
  children,
  call,
  done,
  onRefused,
  onClose,
}: {
  form: FormInstance<V>;
  name: string;
  title: string;
  okText: string;
  className: string;
  /** The input fields that are on the form (a server error on another goes in the alert). */
  fields: readonly string[];
  initialValues?: V;
  intro?: ReactNode;
  children: ReactNode;
  call(values: V): Promise<Result<unknown>>;
  /** Said when it is done. */
  done: string;
  onRefused(error: AppErrorShape): void;
  onClose(): void;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    const result = await call(values);
    setBusy(false);
    if (result.ok) {
      message.success(done);
      onClose();
      return;
    }
    if (result.error.code === 'CONFLICT') {
      onRefused(result.error);
      onClose();
      return;
    }
    const shown = applyServerErrors(form, result.error, (p) => (fields.includes(p) ? [p] : null));
    if (shown.length === 0) setError(result.error);
  };
  return (
    <FormModal<V>
      form={form}
      name={name}
      title={title}
      okText={okText}
      className={className}
      busy={busy}
      error={error}
      onClearError={() => setError(null)}
      initialValues={initialValues}
      intro={intro}
      onFinish={(v) => void submit(v)}
      onClose={onClose}
    >
      {children}
    </FormModal>
  );
}

/** A binder modal's binder; a refusal goes back to the page (it says why and reloads). */
interface BinderModalProps {
  binder: Binder;
  onRefused(error: AppErrorShape): void;
  onClose(): void;
}

/** 寄回服务中心: the day (today unless told) and who received them. */
function SendModal({ binder: b, onRefused, onClose }: BinderModalProps) {
  const { t } = useI18n();
  const api = useApi();
  const clock = useStoreClock();
  const [form] = Form.useForm<{ sentOn?: Dayjs; sentTo?: string }>();
  return (
    <BinderChangeModal
      form={form}
      name="sendBinder"
      title={t('寄回服务中心：{title}', { title: b.title })}
      okText={t('寄回')}
      className="send-binder-modal"
      fields={['sentOn', 'sentTo']}
      initialValues={{ sentOn: clock.todayValue(), sentTo: '' }}
      call={(values) =>
        api.invoke('binders.send', {
          id: b.id,
          version: b.version,
          sentOn: (values.sentOn ?? clock.todayValue()).format('YYYY-MM-DD'),
          sentTo: values.sentTo?.trim() ?? '',
        })
      }
      done={t('{title} 已寄回服务中心', { title: b.title })}
      onRefused={onRefused}
      onClose={onClose}
    >
      <Form.Item name="sentOn" label={t('寄回日期')} rules={[{ required: true, message: t('请选择寄回日期') }]}>
        <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today} />
      </Form.Item>
      <Form.Item
        name="sentTo"
        label={t('接收人')}
        rules={[
          { required: true, whitespace: true, message: t('请填写接收人') },
          { max: 40, message: t('接收人最多 40 个字') },
        ]}
      >
        <Input autoFocus maxLength={40} placeholder={t('如 服务中心 李老师')} />
      </Form.Item>
    </BinderChangeModal>
  );
}

/** 重新打开: a binding or sending recorded in error, undone with a reason. */
function ReopenModal({ binder: b, onRefused, onClose }: BinderModalProps) {
  const { t } = useI18n();
  const api = useApi();
  const [form] = Form.useForm<{ reason?: string }>();
  return (
    <BinderChangeModal
      form={form}
      name="reopenBinder"
      title={t('重新打开：{title}', { title: b.title })}
      okText={t('重新打开')}
      className="reopen-binder-modal"
      fields={['reason']}
      intro={
        <Typography.Paragraph className="muted">
          {b.state === 'sent'
            ? t('资料夹将回到“在用”，装订和寄回的记录都撤销（留痕）。')
            : t('资料夹将回到“在用”，装订记录撤销（留痕）。')}
        </Typography.Paragraph>
      }
      call={(values) => api.invoke('binders.reopen', { id: b.id, version: b.version, reason: values.reason ?? '' })}
      done={t('{title} 已重新打开', { title: b.title })}
      onRefused={onRefused}
      onClose={onClose}
    >
      <Form.Item
        name="reason"
        label={t('原因')}
        rules={[{ required: true, whitespace: true, message: t('请写明重新打开的原因') }]}
      >
        <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} />
      </Form.Item>
    </BinderChangeModal>
  );
}
