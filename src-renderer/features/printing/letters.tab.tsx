import { FilePdfOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Input, List, Radio, Select, Space, Switch, Table, Tag } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { InputOf } from '../../../src-shared/contract/index';
import { DEFAULT_PRINTER } from '../../../src-shared/contract/printing.contract';
import {
  LETTER_ITEM_STATUS_LABELS,
  LETTER_KIND_LABELS,
  LETTER_KINDS,
  type LetterBatch,
  type LetterKind,
  type LetterTemplate,
  LOGO_MAX_BYTES,
  MERGE_FIELDS,
  templateProblem,
} from '../../../src-shared/domain/letters';
import {
  ENVELOPE_DIMENSIONS,
  ENVELOPE_SIZES,
  type EnvelopeSize,
  type MailRecipient,
} from '../../../src-shared/domain/printing';
import { useApi, useQuery } from '../../api/client';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import type { Route } from '../../router/hash-router';
import { HtmlPreviewModal } from '../daily-report/print-preview';
import { downloadBase64 } from '../import/file-bytes';
import { envelopeSheet } from './envelopes.tab';
import { LetterPreviewFrame } from './letter-preview-frame';
import { EnvelopePreviewToolbar, PreviewPager } from './preview-pager';

type Draft = Pick<LetterTemplate, 'kind' | 'name' | 'letterhead' | 'body' | 'logo' | 'showLogo'> & { id?: number };

/** 信件: templates with a live preview on real data, new batches, 都打印好了吗, batch history. */
export function LettersPrintTab(_props: { route: Route }) {
  const [batchId, setBatchId] = useState<number | null>(null);
  return (
    <div className="letters-tab">
      <TemplatesCard />
      <NewBatchCard onCreated={setBatchId} />
      {batchId !== null && <BatchCard batchId={batchId} />}
      <HistoryCard onOpen={setBatchId} />
    </div>
  );
}

function TemplatesCard() {
  const { t, label } = useI18n();
  const templates = useQuery('letterTemplates.list', {});
  const [draft, setDraft] = useState<Draft | null>(null);
  return (
    <Card title={t('信件模板')} size="small" className="letter-templates">
      <Loaded data={templates.data} error={templates.error} reload={templates.reload}>
        {(rows) => (
          <div className="letter-templates-body" style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
            <List
              style={{ width: 220, flex: 'none' }}
              size="small"
              bordered
              dataSource={rows}
              renderItem={(tp) => (
                <List.Item
                  className={draft?.id === tp.id ? 'selected' : undefined}
                  style={{ cursor: 'pointer', background: draft?.id === tp.id ? '#e6f4ff' : undefined }}
                  onClick={() => setDraft({ ...tp })}
                >
                  <List.Item.Meta title={tp.name} description={label(LETTER_KIND_LABELS[tp.kind])} />
                </List.Item>
              )}
              footer={
                <Button
                  size="small"
                  onClick={() =>
                    setDraft({
                      kind: 'invitation',
                      name: t('新模板'),
                      letterhead: rows[0]?.letterhead ?? '{门店名称}',
                      body: '尊敬的{客户称呼}：\n',
                      logo: null,
                      showLogo: true,
                    })
                  }
                >
                  {t('新建模板')}
                </Button>
              }
            />
            {draft ? (
              <TemplateEditor key={draft.id ?? 'new'} initial={draft} onSaved={(saved) => setDraft({ ...saved })} />
            ) : (
              <div style={{ color: '#888', paddingTop: 8 }}>{t('选择左边的模板进行编辑，右边实时预览真实数据。')}</div>
            )}
          </div>
        )}
      </Loaded>
    </Card>
  );
}

/** The editor: letterhead, body with a merge-field palette, logo; a debounced live preview on real data. */
export function TemplateEditor({ initial, onSaved }: { initial: Draft; onSaved(t: LetterTemplate): void }) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Draft>(initial);
  const [preview, setPreview] = useState<{ html: string; sample: string } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const body = useRef<HTMLTextAreaElement | null>(null);
  const problem = templateProblem(draft);

  // Live preview: 400 ms after the last keystroke, on the first recipient of the latest list.
  useEffect(() => {
    if (problem) return;
    let current = true;
    const timer = setTimeout(() => {
      void api
        .invoke('letterTemplates.preview', {
          draft: {
            kind: draft.kind,
            letterhead: draft.letterhead,
            body: draft.body,
            logo: draft.logo,
            showLogo: draft.showLogo,
          },
        })
        .then((r) => {
          if (!current) return;
          if (r.ok) {
            setPreview({ html: r.value.html, sample: r.value.sample });
            setPreviewError(null);
          } else setPreviewError(r.error.message);
        });
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, draft.kind, draft.letterhead, draft.body, draft.logo, draft.showLogo, problem]);

  const insertField = (field: string) => {
    const el = body.current;
    const token = `{${field}}`;
    const start = el?.selectionStart ?? draft.body.length;
    const end = el?.selectionEnd ?? start;
    const next = draft.body.slice(0, start) + token + draft.body.slice(end);
    setDraft({ ...draft, body: next });
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const uploadLogo = (file: File) => {
    if (!/^image\/(png|jpeg)$/.test(file.type)) {
      message.error(t('标志应为 PNG 或 JPEG 图片'));
      return;
    }
    if (file.size > LOGO_MAX_BYTES) {
      message.error(t('标志图片太大了，最大 200 KB'));
      return;
    }
    const reader = new FileReader();
    reader.onload = () => setDraft((d) => ({ ...d, logo: String(reader.result) }));
    reader.readAsDataURL(file);
  };

  const save = async () => {
    setSaving(true);
    try {
      const { id, kind, name, letterhead, body, logo, showLogo } = draft;
      const r = await api.invoke('letterTemplates.save', {
        ...(id !== undefined ? { id } : {}),
        kind,
        name,
        letterhead,
        body,
        logo,
        showLogo,
      });
      if (r.ok) {
        message.success(t('模板已保存'));
        onSaved(r.value);
      } else message.error(r.error.message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="template-editor" style={{ display: 'flex', gap: 16, flex: 1, minWidth: 0 }}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Space wrap style={{ marginBottom: 8 }}>
          <Input
            id="template_name"
            aria-label={t('模板名称')}
            value={draft.name}
            style={{ width: 200 }}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          <Select<LetterKind>
            aria-label={t('信件类别')}
            value={draft.kind}
            style={{ width: 160 }}
            options={LETTER_KINDS.map((k) => ({ value: k, label: label(LETTER_KIND_LABELS[k]) }))}
            onChange={(kind) => setDraft({ ...draft, kind })}
          />
        </Space>
        <div className="field-label">{t('信头')}</div>
        <Input.TextArea
          id="template_letterhead"
          value={draft.letterhead}
          autoSize={{ minRows: 2, maxRows: 4 }}
          onChange={(e) => setDraft({ ...draft, letterhead: e.target.value })}
        />
        <div className="field-label" style={{ marginTop: 8 }}>
          {t('正文（第一行是称呼，每行一段）')}
        </div>
        <div className="merge-palette" style={{ margin: '4px 0' }}>
          {MERGE_FIELDS.map((f) => (
            <Tag key={f} style={{ cursor: 'pointer', marginBottom: 4 }} onClick={() => insertField(f)}>
              {`{${f}}`}
            </Tag>
          ))}
        </div>
        <Input.TextArea
          id="template_body"
          ref={(r) => {
            body.current = r?.resizableTextArea?.textArea ?? null;
          }}
          value={draft.body}
          autoSize={{ minRows: 10, maxRows: 22 }}
          onChange={(e) => setDraft({ ...draft, body: e.target.value })}
        />
        {problem && (
          <Alert className="template-problem" type="error" showIcon title={problem} style={{ marginTop: 8 }} />
        )}
        <Space wrap style={{ marginTop: 8 }}>
          <Switch
            checked={draft.showLogo}
            onChange={(showLogo) => setDraft({ ...draft, showLogo })}
            checkedChildren={t('印标志')}
            unCheckedChildren={t('不印标志')}
          />
          <Button icon={<UploadOutlined />} onClick={() => document.getElementById('template_logo')?.click()}>
            {t('上传标志')}
          </Button>
          <input
            id="template_logo"
            type="file"
            accept="image/png,image/jpeg"
            style={{ display: 'none' }}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) uploadLogo(file);
              e.target.value = '';
            }}
          />
          {draft.logo && <Button onClick={() => setDraft({ ...draft, logo: null })}>{t('改用默认标志')}</Button>}
          <Button type="primary" loading={saving} disabled={problem !== null} onClick={() => void save()}>
            {t('保存模板')}
          </Button>
        </Space>
      </div>
      <div className="template-preview" style={{ width: 360, flex: 'none' }}>
        <div style={{ color: '#666', fontSize: 12, marginBottom: 4 }}>
          {preview ? t('预览：{sample}', { sample: preview.sample }) : t('预览')}
        </div>
        {previewError && <Alert type="error" title={previewError} />}
        {preview && <LetterPreviewFrame html={preview.html} />}
      </div>
    </div>
  );
}

type SourceChoice = 'list' | 'range' | 'queue';

function NewBatchCard({ onCreated }: { onCreated(id: number): void }) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const templates = useQuery('letterTemplates.list', {});
  const lists = useQuery('invitations.lists', { page: 1, pageSize: 50 });
  const [source, setSource] = useState<SourceChoice>('list');
  const [listId, setListId] = useState<number | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<LetterKind>('invitation');
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  /** Recipients the clerk unticked (all are ticked at first). */
  const [excluded, setExcluded] = useState<number[]>([]);
  const kindTemplates = (templates.data ?? []).filter((tp) => tp.kind === kind);
  const chosenTemplate = templateId ?? kindTemplates[0]?.id ?? null;
  const store = useQuery('store.get', {});
  // A store field the chosen template prints but the store profile leaves empty: say so before printing.
  const template = kindTemplates.find((tp) => tp.id === chosenTemplate);
  const emptyStoreFields = template
    ? (
        [
          ['{门店电话}', store.data?.phone ?? '', '门店电话'],
          ['{门店地址}', store.data?.address ?? '', '门店地址'],
        ] as const
      )
        .filter(([field, value]) => value === '' && `${template.letterhead}${template.body}`.includes(field))
        .map(([, , name]) => name)
    : [];
  const src: InputOf<'letterBatches.create'>['source'] | null =
    source === 'list'
      ? listId !== null
        ? { listId }
        : null
      : source === 'range'
        ? from !== '' && to !== '' && from <= to
          ? { from, to }
          : null
        : { queue: true as const };
  const recipients = useQuery('letterBatches.recipients', src ? { kind, source: src } : null);
  const srcKey = JSON.stringify([kind, src]);
  // A new source or kind starts with everyone ticked again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: srcKey stands for the source and kind
  useEffect(() => setExcluded([]), [srcKey]);
  const mailable = recipients.data?.mailable ?? [];
  const ticked = mailable.filter((r) => !excluded.includes(r.customerId)).length;

  const create = async () => {
    if (chosenTemplate === null) return;
    if (!src) {
      message.error(source === 'list' ? t('请选择招揽一览表') : t('请填写开始和结束日期。'));
      return;
    }
    const excludeCustomerIds = excluded.filter((id) => mailable.some((r) => r.customerId === id));
    setBusy(true);
    try {
      const r = await api.invoke('letterBatches.create', {
        kind,
        templateId: chosenTemplate,
        source: src,
        ...(excludeCustomerIds.length > 0 ? { excludeCustomerIds } : {}),
      });
      if (r.ok) onCreated(r.value.id);
      else message.error(r.error.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('新建一批信件')} size="small" style={{ marginTop: 12 }}>
      <Space wrap align="center">
        <Radio.Group
          value={source}
          onChange={(e) => {
            const next = e.target.value as SourceChoice;
            setSource(next);
            if (next === 'queue') setKind('purchase_thanks');
          }}
          options={[
            { value: 'list', label: t('招揽一览表') },
            { value: 'range', label: t('日期范围') },
            { value: 'queue', label: t('感谢信队列') },
          ]}
        />
        {source === 'list' && (
          <Select<number>
            aria-label={t('招揽一览表')}
            style={{ width: 280 }}
            placeholder={t('请选择招揽一览表')}
            value={listId ?? undefined}
            onChange={setListId}
            options={(lists.data?.rows ?? []).map((l) => ({ value: l.id, label: l.title }))}
          />
        )}
        {source === 'range' && (
          <>
            <Input type="date" aria-label={t('开始日期')} value={from} onChange={(e) => setFrom(e.target.value)} />
            <Input type="date" aria-label={t('结束日期')} value={to} onChange={(e) => setTo(e.target.value)} />
          </>
        )}
        <Select<LetterKind>
          aria-label={t('信件类别')}
          style={{ width: 160 }}
          value={kind}
          onChange={(k) => {
            setKind(k);
            setTemplateId(null);
          }}
          options={LETTER_KINDS.map((k) => ({ value: k, label: label(LETTER_KIND_LABELS[k]) }))}
        />
        <Select<number>
          aria-label={t('模板')}
          style={{ width: 180 }}
          value={chosenTemplate ?? undefined}
          onChange={setTemplateId}
          options={kindTemplates.map((tp) => ({ value: tp.id, label: tp.name }))}
        />
        <Button
          type="primary"
          loading={busy}
          disabled={chosenTemplate === null || (recipients.data !== undefined && ticked === 0)}
          onClick={() => void create()}
        >
          {t('生成这批信件')}
        </Button>
      </Space>
      {store.data && emptyStoreFields.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          title={t('这份模板要印{fields}，但门店信息里还没有填写，信上会是空白。请先到 设置 → 门店信息 填写。', {
            fields: emptyStoreFields.map((f) => t(f)).join('、'),
          })}
        />
      )}
      {src && (
        <div className="new-batch-recipients" style={{ marginTop: 8 }}>
          {recipients.error ? (
            <Alert type="error" showIcon title={recipients.error.message} />
          ) : recipients.data ? (
            <>
              <div style={{ marginBottom: 4 }}>
                <span className="recipient-count">
                  {t('已选 {n} / {total} 位收信人', { n: ticked, total: mailable.length })}
                </span>
                <span className="muted" style={{ marginLeft: 12 }}>
                  {t('取消勾选的客户不寄信；勿扰的客户已排除。')}
                </span>
                {recipients.data.cannotMail.length > 0 && (
                  <span style={{ marginLeft: 12, color: '#d48806' }}>
                    {t('{n} 位不能邮寄', { n: recipients.data.cannotMail.length })}
                  </span>
                )}
              </div>
              <Table<MailRecipient>
                size="small"
                rowKey="customerId"
                dataSource={mailable}
                pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
                rowSelection={{
                  selectedRowKeys: mailable.filter((r) => !excluded.includes(r.customerId)).map((r) => r.customerId),
                  onChange: (keys) => {
                    const on = new Set(keys as number[]);
                    setExcluded(mailable.filter((r) => !on.has(r.customerId)).map((r) => r.customerId));
                  },
                  getCheckboxProps: (r) => ({ 'aria-label': t('寄给 {name}', { name: r.name }) }),
                }}
                columns={[
                  { title: t('邮编'), dataIndex: 'postalCode', width: 90 },
                  { title: t('收信人'), dataIndex: 'name' },
                  { title: t('车牌'), dataIndex: 'plate' },
                  { title: t('地址'), dataIndex: 'address' },
                ]}
              />
            </>
          ) : null}
        </div>
      )}
    </Card>
  );
}

/** The envelope choices of the batch view, remembered from the last time. */
interface EnvelopeChoice {
  size: EnvelopeSize;
  printer: string;
  boxes: boolean;
}
const ENVELOPE_CHOICE_KEY = 'clerkdesk.letters.envelopes';

function readEnvelopeChoice(): EnvelopeChoice {
  const fallback: EnvelopeChoice = { size: 'DL', printer: DEFAULT_PRINTER, boxes: true };
  try {
    const v = JSON.parse(window.localStorage.getItem(ENVELOPE_CHOICE_KEY) ?? 'null') as Partial<EnvelopeChoice> | null;
    if (!v || typeof v !== 'object') return fallback;
    return {
      size: ENVELOPE_SIZES.includes(v.size as EnvelopeSize) ? (v.size as EnvelopeSize) : fallback.size,
      printer: typeof v.printer === 'string' && v.printer.trim() !== '' ? v.printer : fallback.printer,
      boxes: typeof v.boxes === 'boolean' ? v.boxes : fallback.boxes,
    };
  } catch {
    return fallback;
  }
}

function useEnvelopeChoice(): [EnvelopeChoice, (next: Partial<EnvelopeChoice>) => void] {
  const [choice, setChoice] = useState<EnvelopeChoice>(readEnvelopeChoice);
  const update = (next: Partial<EnvelopeChoice>) =>
    setChoice((c) => {
      const merged = { ...c, ...next };
      try {
        window.localStorage.setItem(ENVELOPE_CHOICE_KEY, JSON.stringify(merged));
      } catch {
        // Storage unavailable: the choice lasts for this session only.
      }
      return merged;
    });
  return [choice, update];
}

/** Envelope size, printer (its calibration) and pre-printed postcode frames, for the batch's envelopes. */
function EnvelopeChoices({
  choice,
  onChange,
}: {
  choice: EnvelopeChoice;
  onChange(next: Partial<EnvelopeChoice>): void;
}) {
  const { t } = useI18n();
  const calibrations = useQuery('calibration.list', {});
  const printers = useMemo(
    () => [...new Set([DEFAULT_PRINTER, choice.printer, ...(calibrations.data ?? []).map((c) => c.printer)])],
    [calibrations.data, choice.printer],
  );
  return (
    <>
      <Select<EnvelopeSize>
        aria-label={t('信封尺寸')}
        className="envelope-size"
        style={{ width: 180 }}
        value={choice.size}
        onChange={(size) => onChange({ size })}
        options={ENVELOPE_SIZES.map((s) => ({ value: s, label: ENVELOPE_DIMENSIONS[s].label }))}
      />
      <Select<string>
        aria-label={t('打印机')}
        style={{ width: 160 }}
        value={choice.printer}
        onChange={(printer) => onChange({ printer })}
        options={printers.map((p) => ({ value: p, label: p }))}
      />
      <Checkbox checked={!choice.boxes} onChange={(e) => onChange({ boxes: !e.target.checked })}>
        {t('信封上已印好邮编方格')}
      </Checkbox>
    </>
  );
}

function BatchCard({ batchId }: { batchId: number }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const batch = useQuery('letterBatches.get', { id: batchId });
  const [preview, setPreview] = useState<number[] | 'all' | null>(null);
  const [envelopesPreview, setEnvelopesPreview] = useState<number[] | 'all' | null>(null);
  const [misprints, setMisprints] = useState<number[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [choice, setChoice] = useEnvelopeChoice();

  const envelopesInput = (onlyItemIds?: number[]): InputOf<'letterBatches.envelopesPdf'> => ({
    batchId,
    ...(onlyItemIds ? { onlyItemIds } : {}),
    size: choice.size,
    printer: choice.printer,
    boxes: choice.boxes,
  });
  const envelopesPdf = async (onlyItemIds?: number[]) => {
    setBusy(onlyItemIds ? 'reprint-envelopes' : 'envelopes');
    try {
      const r = await api.invoke('letterBatches.envelopesPdf', envelopesInput(onlyItemIds));
      if (r.ok) {
        downloadBase64(r.value.fileName, r.value.contentBase64);
        message.success(t('已导出 {pages} 页', { pages: r.value.pages }));
      } else message.error(r.error.message);
    } finally {
      setBusy(null);
    }
  };

  const pdf = async (onlyItemIds?: number[]) => {
    setBusy(onlyItemIds ? 'reprint' : 'pdf');
    try {
      const r = await api.invoke('letterBatches.lettersPdf', onlyItemIds ? { batchId, onlyItemIds } : { batchId });
      if (r.ok) {
        downloadBase64(r.value.fileName, r.value.contentBase64);
        message.success(t('已导出 {pages} 页', { pages: r.value.pages }));
      } else message.error(r.error.message);
    } finally {
      setBusy(null);
    }
  };
  const confirm = async () => {
    setBusy('confirm');
    try {
      const r = await api.invoke('letterBatches.confirm', { batchId, misprintItemIds: misprints });
      if (r.ok) {
        message.success(
          t('已记录寄出 {sent} 封，待重印 {misprints} 封', { sent: r.value.sent, misprints: r.value.misprints }),
        );
        setMisprints([]);
      } else message.error(r.error.message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('这批信件')} size="small" style={{ marginTop: 12 }} className="letter-batch">
      <Loaded data={batch.data} error={batch.error} reload={batch.reload}>
        {(b: LetterBatch) => {
          const open = b.rows.filter((r) => r.status !== 'sent');
          return (
            <>
              <div style={{ marginBottom: 8 }}>
                <b>{b.title}</b>
                <span style={{ marginLeft: 12 }}>
                  {t('{n} 封信（按邮政编码排序，与信封顺序相同）', { n: b.items })}
                </span>
              </div>
              {b.cannotMailRows.length > 0 && (
                <Alert
                  type="warning"
                  className="cannot-mail"
                  showIcon
                  title={t('不能邮寄 {n} 位（不打印）', { n: b.cannotMailRows.length })}
                  description={
                    <ul style={{ margin: 0, paddingLeft: 18 }}>
                      {b.cannotMailRows.map((u) => (
                        <li key={`${u.customerId}-${u.plate}`}>
                          {u.name || '—'} {u.plate ?? ''}：{u.reason}
                        </li>
                      ))}
                    </ul>
                  }
                  style={{ marginBottom: 8 }}
                />
              )}
              <Space wrap style={{ marginBottom: 8 }}>
                <Button icon={<PrinterOutlined />} onClick={() => setPreview('all')}>
                  {t('预览并打印')}
                </Button>
                <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => void pdf()}>
                  {t('导出 PDF')}
                </Button>
              </Space>
              <Space wrap style={{ marginBottom: 8 }} className="batch-envelopes">
                <span className="muted">{t('信封（与信件顺序相同）')}</span>
                <EnvelopeChoices choice={choice} onChange={setChoice} />
                <Button icon={<PrinterOutlined />} onClick={() => setEnvelopesPreview('all')}>
                  {t('预览信封')}
                </Button>
                <Button icon={<FilePdfOutlined />} loading={busy === 'envelopes'} onClick={() => void envelopesPdf()}>
                  {t('导出信封 PDF')}
                </Button>
              </Space>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={b.rows}
                columns={[
                  { title: t('序号'), dataIndex: 'position', width: 60 },
                  { title: t('邮编'), dataIndex: 'postalCode', width: 90 },
                  { title: t('收信人'), dataIndex: 'addressee' },
                  { title: t('车牌'), dataIndex: 'plate' },
                  { title: t('地址'), dataIndex: 'address' },
                  {
                    title: t('状态'),
                    dataIndex: 'status',
                    render: (s: LetterBatch['rows'][number]['status']) => LETTER_ITEM_STATUS_LABELS[s],
                  },
                  {
                    title: t('打错了'),
                    key: 'misprint',
                    render: (_: unknown, r: LetterBatch['rows'][number]) =>
                      r.status === 'sent' ? null : (
                        <Checkbox
                          aria-label={t('打错了')}
                          checked={misprints.includes(r.id)}
                          onChange={(e) =>
                            setMisprints((m) => (e.target.checked ? [...m, r.id] : m.filter((x) => x !== r.id)))
                          }
                        />
                      ),
                  },
                ]}
              />
              {open.length > 0 && (
                <Card size="small" style={{ marginTop: 8, background: '#fafafa' }} title={t('都打印好了吗？')}>
                  <div style={{ marginBottom: 8 }}>{t('勾选打错的信，重印它们；确认后其余的信记为今天已寄出。')}</div>
                  <Space wrap>
                    <Button disabled={misprints.length === 0} onClick={() => setPreview(misprints)}>
                      {t('重印打错的 {n} 封', { n: misprints.length })}
                    </Button>
                    <Button
                      disabled={misprints.length === 0}
                      loading={busy === 'reprint'}
                      onClick={() => void pdf(misprints)}
                    >
                      {t('导出重印 PDF')}
                    </Button>
                    <Button disabled={misprints.length === 0} onClick={() => setEnvelopesPreview(misprints)}>
                      {t('重印信封 {n} 个', { n: misprints.length })}
                    </Button>
                    <Button
                      disabled={misprints.length === 0}
                      loading={busy === 'reprint-envelopes'}
                      onClick={() => void envelopesPdf(misprints)}
                    >
                      {t('导出重印信封 PDF')}
                    </Button>
                    <Button type="primary" loading={busy === 'confirm'} onClick={() => void confirm()}>
                      {t('确认，记为已寄出')}
                    </Button>
                  </Space>
                </Card>
              )}
            </>
          );
        }}
      </Loaded>
      {preview !== null && (
        <LettersPreview
          batchId={batchId}
          only={preview}
          onClose={() => setPreview(null)}
          onExport={() => pdf(preview === 'all' ? undefined : preview)}
        />
      )}
      {envelopesPreview !== null && (
        <BatchEnvelopesPreview
          input={envelopesInput(envelopesPreview === 'all' ? undefined : envelopesPreview)}
          onClose={() => setEnvelopesPreview(null)}
          onExport={() => envelopesPdf(envelopesPreview === 'all' ? undefined : envelopesPreview)}
        />
      )}
    </Card>
  );
}

function BatchEnvelopesPreview({
  input,
  onClose,
  onExport,
}: {
  input: InputOf<'letterBatches.envelopesHtml'>;
  onClose(): void;
  onExport(): Promise<void>;
}) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const query = useQuery('letterBatches.envelopesHtml', { ...input, page });
  const size = input.size ?? 'DL';
  return (
    <HtmlPreviewModal
      query={query}
      onClose={onClose}
      sheet={envelopeSheet(size)}
      toolbar={<EnvelopePreviewToolbar data={query.data} onPage={setPage} size={size} />}
      footerExtra={
        <Button icon={<FilePdfOutlined />} onClick={() => void onExport()}>
          {t('导出信封 PDF')}
        </Button>
      }
    />
  );
}

function LettersPreview({
  batchId,
  only,
  onClose,
  onExport,
}: {
  batchId: number;
  only: number[] | 'all';
  onClose(): void;
  onExport(): Promise<void>;
}) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const input = only === 'all' ? { batchId } : { batchId, onlyItemIds: only };
  const query = useQuery('letterBatches.lettersHtml', { ...input, page });
  return (
    <HtmlPreviewModal
      query={query}
      onClose={onClose}
      // Direct printing takes the whole batch, not the page shown.
      sendRequest={{ doc: 'letters', ...input }}
      toolbar={
        query.data ? (
          <>
            <PreviewPager data={query.data} onPage={setPage} unit="letters" />
            <div style={{ marginBottom: 8 }}>{t('共 {n} 封信，每封一页', { n: query.data.total })}</div>
          </>
        ) : null
      }
      footerExtra={
        <Button icon={<FilePdfOutlined />} onClick={() => void onExport()}>
          {t('导出 PDF')}
        </Button>
      }
    />
  );
}

function HistoryCard({ onOpen }: { onOpen(id: number): void }) {
  const { t, label } = useI18n();
  const history = useQuery('letterBatches.list', { page: 1, pageSize: 20 });
  return (
    <Card title={t('批次记录')} size="small" style={{ marginTop: 12 }}>
      <Loaded data={history.data} error={history.error} reload={history.reload}>
        {(page) => (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={page.rows}
            columns={[
              { title: t('批次'), dataIndex: 'id', width: 60 },
              { title: t('标题'), dataIndex: 'title' },
              {
                title: t('信件类别'),
                dataIndex: 'kind',
                render: (k: LetterKind) => label(LETTER_KIND_LABELS[k]),
              },
              { title: t('信件'), dataIndex: 'items' },
              { title: t('已寄出'), dataIndex: 'sent' },
              { title: t('待重印'), dataIndex: 'misprints' },
              { title: t('不能邮寄'), dataIndex: 'cannotMail' },
              { title: t('建立'), dataIndex: 'createdAt', render: (v: string) => v.slice(0, 16).replace('T', ' ') },
              {
                title: '',
                key: 'open',
                render: (_: unknown, r: { id: number }) => (
                  <Button size="small" onClick={() => onOpen(r.id)}>
                    {t('打开')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}
