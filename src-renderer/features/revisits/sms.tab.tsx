import {
  CheckCircleOutlined,
  FileExcelOutlined,
  FileTextOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { InputOf } from '../../../src-shared/contract/index';
import {
  SMS_APPOINTMENT_FIELDS,
  SMS_MERGE_FIELDS,
  SMS_SOURCE_LABELS,
  SMS_SOURCES,
  type SmsBatch,
  type SmsBatchPreview,
  type SmsMessage,
  type SmsSourceKind,
  smsAppointmentFieldsIn,
  smsSegments,
  smsTemplateProblem,
} from '../../../src-shared/domain/revisits';
import type { AppErrorShape } from '../../../src-shared/errors';
import { addDays } from '../../../src-shared/validation/dates';
import { useApi, useQuery } from '../../api/client';
import { SaveErrorAlert } from '../../components/form-support';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { downloadBase64 } from '../import/file-bytes';

type Recipients = InputOf<'sms.preview'>['recipients'];
type Summary = Omit<SmsBatch, 'messages'>;

/** How long the text rests before the preview is asked again (typing does not flood the archive). */
const PREVIEW_DELAY_MS = 350;

/**
 * 短信: prepare a batch for the store's SMS platform — who (an invitation list, the customers a call
 * could not reach, a period's deliveries, a day's appointments), the text (a template or written
 * here, with the letters' merge fields), the preview with counts and each message's length and
 * segments, then the batch: exported for the platform and confirmed as sent.
 */
export function SmsTab() {
  const [opened, setOpened] = useState<number | null>(null);
  /** A batch just made: brought into view once its messages are shown (the preview above is long). */
  const [reveal, setReveal] = useState<number | null>(null);
  const created = (id: number) => {
    setOpened(id);
    setReveal(id);
  };
  return (
    <div className="sms-tab">
      <NewBatchCard onCreated={created} />
      <BatchesCard opened={opened} onOpen={setOpened} reveal={reveal} onRevealed={() => setReveal(null)} />
    </div>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function RecipientsPicker({
  kind,
  value,
  onChange,
}: {
  kind: SmsSourceKind;
  value: Recipients | null;
  onChange(next: Recipients | null): void;
}) {
  const { t } = useI18n();
  const today = useStoreToday();
  const lists = useQuery('invitations.lists', kind === 'invitation_list' ? { page: 1, pageSize: 100 } : null);
  if (kind === 'invitation_list')
    return (
      <Select
        className="sms-list-select"
        style={{ minWidth: 320 }}
        placeholder={t('选择一张招揽一览表')}
        loading={lists.loading}
        value={value?.kind === 'invitation_list' ? value.listId : undefined}
        onChange={(listId: number) => onChange({ kind: 'invitation_list', listId })}
        options={(lists.data?.rows ?? []).map((l) => ({
          value: l.id,
          label: `#${l.id} ${l.title || `${l.from} ~ ${l.to}`}`,
        }))}
        aria-label={t('招揽一览表')}
      />
    );
  if (kind === 'appointments')
    return (
      <DatePicker
        allowClear={false}
        value={value?.kind === 'appointments' ? dayjs(value.date) : null}
        disabledDate={(d) => d.format('YYYY-MM-DD') < today}
        onChange={(d) => d && onChange({ kind: 'appointments', date: d.format('YYYY-MM-DD') })}
        aria-label={t('预约日期')}
      />
    );
  const range = value && value.kind === kind ? value : null;
  return (
    <DatePicker.RangePicker
      allowClear={false}
      value={range ? [dayjs(range.from), dayjs(range.to)] : null}
      disabledDate={(d) => d.format('YYYY-MM-DD') > today}
      onChange={(r) => {
        const [a, b] = r ?? [];
        if (a && b) onChange({ kind, from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') });
      }}
      aria-label={kind === 'unreached' ? t('未接通的日期范围') : t('交车日期范围')}
    />
  );
}

/** The source's starting choice: tomorrow's appointments, the last week's unreached, yesterday's deliveries. */
function defaultRecipients(kind: SmsSourceKind, today: string): Recipients | null {
  switch (kind) {
    case 'appointments':
      return { kind, date: addDays(today, 1) };
    case 'unreached':
      return { kind, from: addDays(today, -7), to: today };
    case 'deliveries':
      return { kind, from: addDays(today, -1), to: addDays(today, -1) };
    case 'invitation_list':
      return null;
  }
}

function NewBatchCard({ onCreated }: { onCreated(id: number): void }) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const today = useStoreToday();
  const templates = useQuery('sms.templates', {});
  const [kind, setKind] = useState<SmsSourceKind>('appointments');
  const [recipients, setRecipients] = useState<Recipients | null>(() => defaultRecipients('appointments', today));
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [body, setBody] = useState('');
  const [title, setTitle] = useState('');
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [saving, setSaving] = useState(false);
  /** What the last batch was made of: the same recipients and text again would send everything twice. */
  const [made, setMade] = useState<string | null>(null);
  const textArea = useRef<{ resizableTextArea?: { textArea: HTMLTextAreaElement } } | null>(null);

  const problem = body.trim() === '' ? null : smsTemplateProblem(body);
  const appointmentFields = problem ? [] : smsAppointmentFieldsIn(body);
  const wrongSource = appointmentFields.length > 0 && kind !== 'appointments';
  const settledBody = useDebounced(body, PREVIEW_DELAY_MS);
  const ready = recipients !== null && settledBody.trim() !== '' && !problem && !wrongSource;
  const preview = useQuery('sms.preview', ready ? { recipients, body: settledBody } : null, { keepPrevious: true });
  const madeAlready = made !== null && made === JSON.stringify({ recipients, body });

  const chooseKind = (next: SmsSourceKind) => {
    setKind(next);
    setRecipients(defaultRecipients(next, today));
  };
  const chooseTemplate = (id: number | null) => {
    setTemplateId(id);
    const found = templates.data?.find((x) => x.id === id);
    if (found) setBody(found.body);
  };
  const insertField = (field: string) => {
    const el = textArea.current?.resizableTextArea?.textArea;
    const token = `{${field}}`;
    if (!el) {
      setBody((b) => b + token);
      return;
    }
    const start = el.selectionStart ?? body.length;
    const end = el.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + token + body.slice(end));
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  };
  const create = async () => {
    if (!recipients) return;
    setCreating(true);
    setError(null);
    const result = await api.invoke('sms.createBatch', { recipients, body, title });
    setCreating(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    message.success(t('已生成短信批次：{n} 条', { n: result.value.recipients }));
    setTitle('');
    setMade(JSON.stringify({ recipients, body }));
    onCreated(result.value.id);
  };

  const length = smsSegments(body);
  const createRow = (
    <>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Flex gap={8} wrap align="center" className="section sms-create">
        <Input
          style={{ maxWidth: 320 }}
          value={title}
          maxLength={60}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={t('批次名称（可不填）')}
          aria-label={t('批次名称')}
        />
        <Button
          type="primary"
          icon={<FileTextOutlined />}
          loading={creating}
          disabled={!ready || !preview.data || preview.data.recipients === 0 || preview.loading || madeAlready}
          onClick={() => void create()}
        >
          {t('生成批次')}
        </Button>
        {madeAlready && (
          <Typography.Text type="secondary" className="small sms-made">
            {t('这些收件人和内容刚生成过一批（见下方短信批次）；要再生成，请先换收件人或改内容')}
          </Typography.Text>
        )}
      </Flex>
    </>
  );
  return (
    <Card size="small" className="section sms-new" title={t('准备一批短信')}>
      <Form layout="vertical" requiredMark={false} className="sms-form">
        <Form.Item label={t('收件人')}>
          <Space wrap>
            <Radio.Group
              optionType="button"
              value={kind}
              onChange={(e) => chooseKind(e.target.value)}
              options={SMS_SOURCES.map((s) => ({ value: s, label: label(SMS_SOURCE_LABELS[s]) }))}
            />
            <RecipientsPicker kind={kind} value={recipients} onChange={setRecipients} />
          </Space>
        </Form.Item>
        <Form.Item label={t('模板')}>
          <Space wrap>
            <Select
              style={{ minWidth: 220 }}
              allowClear
              placeholder={t('选择模板，或直接在下面写')}
              value={templateId ?? undefined}
              onChange={(id?: number) => chooseTemplate(id ?? null)}
              loading={templates.loading}
              options={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              aria-label={t('模板')}
            />
            <Button
              icon={<SaveOutlined />}
              disabled={body.trim() === '' || problem !== null}
              onClick={() => setSaving(true)}
            >
              {t('存为模板')}
            </Button>
          </Space>
        </Form.Item>
        <Form.Item
          label={t('短信内容')}
          validateStatus={problem || wrongSource ? 'error' : undefined}
          help={
            problem
              ? problem.message
              : wrongSource
                ? t('{fields} 只能用于“某天的预约（提醒）”', {
                    fields: appointmentFields.map((f) => `{${f}}`).join('、'),
                  })
                : t('模板 {characters} 字（合并后每条的字数见预览）；70 字以内 1 条，超过按 67 字一条计', {
                    characters: length.characters,
                  })
          }
        >
          <Input.TextArea
            ref={(el) => {
              textArea.current = el as typeof textArea.current;
            }}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={500}
            placeholder={t('如：【{门店名称}】尊敬的{客户称呼}：您已预约{预约日期}{预约时间}到店…')}
            aria-label={t('短信内容')}
          />
        </Form.Item>
        <Flex wrap gap={4} className="sms-fields" style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary" className="small">
            {t('插入合并字段：')}
          </Typography.Text>
          {SMS_MERGE_FIELDS.map((f) => {
            const onlyAppointments = (SMS_APPOINTMENT_FIELDS as readonly string[]).includes(f);
            return (
              <Tooltip key={f} title={onlyAppointments ? t('只用于“某天的预约（提醒）”') : undefined}>
                <Tag
                  className="sms-field"
                  color={onlyAppointments ? 'blue' : undefined}
                  style={{ cursor: 'pointer' }}
                  onClick={() => insertField(f)}
                >
                  {`{${f}}`}
                </Tag>
              </Tooltip>
            );
          })}
        </Flex>
      </Form>
      {preview.error && <Alert type="error" showIcon className="section" title={preview.error.message} />}
      {ready && preview.data ? (
        // 生成批次 right under the counts: a long list of messages does not push it off the screen.
        <PreviewPanel preview={preview.data} loading={preview.loading}>
          {createRow}
        </PreviewPanel>
      ) : (
        createRow
      )}
      {saving && <SaveTemplateModal body={body} onClose={() => setSaving(false)} onSaved={(id) => setTemplateId(id)} />}
    </Card>
  );
}

function reasonsOf(messages: readonly SmsMessage[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const m of messages)
    if (m.skippedReason !== null) counts.set(m.skippedReason, (counts.get(m.skippedReason) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

function PreviewPanel({
  preview,
  loading,
  children,
}: {
  preview: SmsBatchPreview;
  loading: boolean;
  /** Under the counts, above the messages: the batch's name and 生成批次. */
  children?: ReactNode;
}) {
  const { t, label } = useI18n();
  const reasons = reasonsOf(preview.messages);
  return (
    <div className="section sms-preview">
      <Flex gap={32} wrap className="sms-counts">
        <Statistic title={t('发送')} value={preview.recipients} suffix={t('人')} />
        <Statistic title={t('不发送')} value={preview.skipped} suffix={t('人')} />
        <Statistic title={t('计费条数')} value={preview.segments} suffix={t('条')} />
      </Flex>
      {reasons.length > 0 && (
        <Typography.Paragraph type="secondary" className="sms-reasons">
          {t('不发送的原因：')}
          {reasons.map(([reason, n]) => (
            <Tag key={reason}>{`${label(reason)} ${n}`}</Tag>
          ))}
        </Typography.Paragraph>
      )}
      {children}
      <MessagesTable messages={preview.messages} loading={loading} />
    </div>
  );
}

function MessagesTable({ messages, loading }: { messages: readonly SmsMessage[]; loading?: boolean }) {
  const { t, label } = useI18n();
  return (
    <Table<SmsMessage & { n: number }>
      rowKey="n"
      size="small"
      loading={loading}
      className="sms-messages"
      dataSource={messages.map((m, n) => ({ ...m, n }))}
      pagination={messages.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
      locale={{ emptyText: t('没有符合条件的客户') }}
      rowClassName={(m) => (m.skippedReason ? 'sms-skipped' : '')}
      columns={[
        { title: t('客户'), key: 'name', width: 90, render: (_: unknown, m) => m.customerName ?? '—' },
        { title: t('车牌'), key: 'plate', width: 100, render: (_: unknown, m) => m.plate ?? '—' },
        {
          title: t('手机号'),
          key: 'phone',
          width: 120,
          render: (_: unknown, m) => <span className="mono">{m.phone ?? '—'}</span>,
        },
        {
          title: t('内容'),
          key: 'content',
          render: (_: unknown, m) =>
            m.skippedReason ? (
              <Tag color="orange">{t('不发送：{reason}', { reason: label(m.skippedReason) })}</Tag>
            ) : (
              <span style={{ whiteSpace: 'pre-wrap' }}>{m.content}</span>
            ),
        },
        {
          title: t('字数'),
          key: 'characters',
          width: 60,
          align: 'right' as const,
          render: (_: unknown, m) => (m.skippedReason ? '' : m.characters),
        },
        {
          title: t('条数'),
          key: 'segments',
          width: 60,
          align: 'right' as const,
          render: (_: unknown, m) =>
            m.skippedReason ? '' : m.segments > 1 ? <Tag color="gold">{m.segments}</Tag> : m.segments,
        },
      ]}
    />
  );
}

function SaveTemplateModal({ body, onClose, onSaved }: { body: string; onClose(): void; onSaved(id: number): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const templates = useQuery('sms.templates', {});
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const existing = templates.data?.find((x) => x.name === name.trim());
  const save = async () => {
    setBusy(true);
    const result = await api.invoke('sms.saveTemplate', {
      ...(existing ? { id: existing.id } : {}),
      name: name.trim(),
      body,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    message.success(t('已保存模板“{name}”', { name: result.value.name }));
    onSaved(result.value.id);
    onClose();
  };
  return (
    <Modal
      open
      title={t('存为模板')}
      okText={existing ? t('覆盖模板') : t('保存')}
      cancelText={t('取消')}
      okButtonProps={{ disabled: name.trim() === '' }}
      onOk={() => void save()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Input
        autoFocus
        maxLength={40}
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder={t('模板名称')}
        aria-label={t('模板名称')}
        onPressEnter={() => name.trim() !== '' && void save()}
      />
      {existing && (
        <Typography.Paragraph type="warning" className="small">
          {t('已有同名模板，保存会覆盖它的内容。')}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}

const BATCHES_PAGE_SIZE = 10;

function BatchesCard({
  opened,
  onOpen,
  reveal,
  onRevealed,
}: {
  opened: number | null;
  onOpen(id: number | null): void;
  reveal: number | null;
  onRevealed(): void;
}) {
  const card = useRef<HTMLDivElement>(null);
  const { t, label } = useI18n();
  const [page, setPage] = useState(1);
  const [confirming, setConfirming] = useState<Summary | null>(null);
  const { data, error, reload, loading } = useQuery(
    'sms.batches',
    { page, pageSize: BATCHES_PAGE_SIZE },
    { keepPrevious: true },
  );
  return (
    <Card size="small" className="section sms-batches" title={t('短信批次')} ref={card}>
      <Loaded data={data} error={error} reload={reload}>
        {(list) => (
          <Table<Summary>
            rowKey="id"
            size="small"
            loading={loading}
            dataSource={list.rows}
            locale={{ emptyText: t('还没有短信批次') }}
            expandable={{
              expandedRowKeys: opened === null ? [] : [opened],
              onExpand: (expanded, b) => onOpen(expanded ? b.id : null),
              expandedRowRender: (b) => (
                <BatchMessages
                  id={b.id}
                  onShown={
                    b.id === reveal
                      ? () => {
                          card.current?.scrollIntoView({ block: 'start' });
                          onRevealed();
                        }
                      : undefined
                  }
                />
              ),
            }}
            pagination={
              list.total > BATCHES_PAGE_SIZE
                ? {
                    current: list.page,
                    pageSize: BATCHES_PAGE_SIZE,
                    total: list.total,
                    size: 'small',
                    showSizeChanger: false,
                    onChange: setPage,
                  }
                : false
            }
            columns={[
              { title: t('批次'), key: 'title', render: (_: unknown, b) => b.title },
              {
                title: t('来源'),
                key: 'source',
                width: 130,
                render: (_: unknown, b) => label(SMS_SOURCE_LABELS[b.source]),
              },
              { title: t('发送'), key: 'recipients', width: 60, align: 'right' as const, dataIndex: 'recipients' },
              { title: t('不发送'), key: 'skipped', width: 70, align: 'right' as const, dataIndex: 'skipped' },
              { title: t('计费条数'), key: 'segments', width: 80, align: 'right' as const, dataIndex: 'segments' },
              {
                title: t('生成'),
                key: 'created',
                width: 130,
                render: (_: unknown, b) => (
                  <span className="small">
                    {b.createdBy}
                    <br />
                    {instantText(b.createdAt)}
                  </span>
                ),
              },
              {
                title: t('发送情况'),
                key: 'sent',
                width: 130,
                render: (_: unknown, b) =>
                  b.sentAt ? (
                    <Tooltip title={t('已发送 {by} {at}', { by: b.sentBy ?? '', at: instantText(b.sentAt) })}>
                      <Tag color="green" icon={<CheckCircleOutlined />} className="sms-sent">
                        {t('已发送')}
                      </Tag>
                      <div className="small muted">
                        {b.sentBy} {instantText(b.sentAt).slice(5)}
                      </div>
                    </Tooltip>
                  ) : (
                    <Tag color="orange">{t('待确认发送')}</Tag>
                  ),
              },
              {
                title: '',
                key: 'actions',
                width: 270,
                render: (_: unknown, b) => <BatchActions batch={b} onConfirm={() => setConfirming(b)} />,
              },
            ]}
          />
        )}
      </Loaded>
      {confirming && <ConfirmSentModal batch={confirming} onClose={() => setConfirming(null)} />}
    </Card>
  );
}

function BatchActions({ batch, onConfirm }: { batch: Summary; onConfirm(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState<'xlsx' | 'csv' | null>(null);
  const download = async (format: 'xlsx' | 'csv') => {
    setBusy(format);
    try {
      const result = await api.invoke('sms.export', { id: batch.id, format });
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space size={4} wrap>
      <Button size="small" icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => void download('xlsx')}>
        Excel
      </Button>
      <Button size="small" icon={<FileTextOutlined />} loading={busy === 'csv'} onClick={() => void download('csv')}>
        CSV
      </Button>
      {!batch.sentAt && (
        <Button size="small" type="primary" icon={<SendOutlined />} onClick={onConfirm}>
          {t('确认已发送')}
        </Button>
      )}
    </Space>
  );
}

function BatchMessages({ id, onShown }: { id: number; onShown?: () => void }) {
  const { data, error, reload } = useQuery('sms.batch', { id });
  const { t } = useI18n();
  useEffect(() => {
    if (!data || !onShown) return;
    const frame = requestAnimationFrame(onShown);
    return () => cancelAnimationFrame(frame);
  }, [data, onShown]);
  return (
    <Loaded data={data} error={error} reload={reload}>
      {(b) => (
        <>
          <Descriptions size="small" column={1} className="sms-batch-body">
            <Descriptions.Item label={t('短信内容')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{b.templateBody}</span>
            </Descriptions.Item>
          </Descriptions>
          <MessagesTable messages={b.messages} />
        </>
      )}
    </Loaded>
  );
}

function ConfirmSentModal({ batch, onClose }: { batch: Summary; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const confirm = async () => {
    setBusy(true);
    const result = await api.invoke('sms.markSent', { id: batch.id });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    message.success(t('已记录：这批短信已发送'));
    onClose();
  };
  return (
    <Modal
      open
      title={t('确认这批短信已发送？')}
      okText={t('确认已发送')}
      cancelText={t('还没有')}
      onOk={() => void confirm()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      className="sms-confirm-modal"
    >
      <Typography.Paragraph>
        {t(
          '“{title}”：{n} 条短信（计费 {segments} 条）。请确认已在短信平台上发送成功；确认后记入操作日志，不能撤销。',
          {
            title: batch.title,
            n: batch.recipients,
            segments: batch.segments,
          },
        )}
      </Typography.Paragraph>
      {batch.source === 'unreached' && (
        <Typography.Paragraph type="secondary" className="sms-confirm-calls">
          {t('确认后，这些客户在这段时间里未接通的回访记为“已改发短信”，今日电话不再提示。')}
        </Typography.Paragraph>
      )}
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
    </Modal>
  );
}
