import { FilePdfOutlined, PrinterOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { InputOf } from '../../../src-shared/contract/index';
import { DEFAULT_PRINTER } from '../../../src-shared/contract/printing.contract';
import {
  ENVELOPE_DIMENSIONS,
  ENVELOPE_SIZES,
  type EnvelopeSize,
  type UnmailableRecipient,
} from '../../../src-shared/domain/printing';
import { useApi, useQuery } from '../../api/client';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import type { Route } from '../../router/hash-router';
import { HtmlPreviewModal, type PreviewSheet } from '../daily-report/print-preview';
import { downloadBase64 } from '../import/file-bytes';
import { EnvelopePreviewToolbar } from './preview-pager';

type SourceKind = 'list' | 'range';
type Source = { listId: number } | { from: string; to: string };

export const envelopeSheet = (size: EnvelopeSize): PreviewSheet => ({ ...ENVELOPE_DIMENSIONS[size], padding: '0' });
const A4_NO_MARGIN: PreviewSheet = { widthMm: 210, heightMm: 297, padding: '0' };

/**
 * 信封: envelopes (GB/T 1416) for a saved invitation list or the lists of a period, with who
 * cannot be mailed and why; 打印校准 per printer and size with a test page; 装订夹标签 for the
 * month's RO binders.
 */
export function EnvelopesTab(_props: { route: Route }) {
  const { t } = useI18n();
  const [printer, setPrinter] = useState(DEFAULT_PRINTER);
  const calibrations = useQuery('calibration.list', {});
  const printers = useMemo(
    () => [...new Set([DEFAULT_PRINTER, ...(calibrations.data ?? []).map((c) => c.printer)])],
    [calibrations.data],
  );
  return (
    <div className="envelopes-tab">
      <Alert
        type="info"
        showIcon
        className="section"
        title={t('国标信封（GB/T 1416）：左上角六个邮编方格，中间收件人地址和姓名，右下角门店地址、名称和邮编。')}
        description={t('每页一个信封，按邮编排序，与信件的顺序相同。不愿收信的客户不会打印。')}
      />
      <EnvelopesCard printer={printer} setPrinter={setPrinter} printers={printers} />
      <CalibrationCard printer={printer} setPrinter={setPrinter} printers={printers} onSaved={calibrations.reload} />
      <BinderLabelsCard />
    </div>
  );
}

function PrinterInput({
  printer,
  setPrinter,
  printers,
}: {
  printer: string;
  setPrinter(p: string): void;
  printers: string[];
}) {
  const { t } = useI18n();
  return (
    <AutoComplete
      aria-label={t('打印机')}
      value={printer}
      onChange={(v) => setPrinter(v)}
      onBlur={() => printer.trim() === '' && setPrinter(DEFAULT_PRINTER)}
      options={printers.map((p) => ({ value: p }))}
      style={{ width: 220 }}
      placeholder={t('打印机名称')}
    />
  );
}

function SizePicker({ size, setSize }: { size: EnvelopeSize; setSize(s: EnvelopeSize): void }) {
  return (
    <Segmented<EnvelopeSize>
      value={size}
      onChange={setSize}
      options={ENVELOPE_SIZES.map((s) => ({ value: s, label: ENVELOPE_DIMENSIONS[s].label }))}
    />
  );
}

function EnvelopesCard({
  printer,
  setPrinter,
  printers,
}: {
  printer: string;
  setPrinter(p: string): void;
  printers: string[];
}) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [kind, setKind] = useState<SourceKind>('list');
  const [listId, setListId] = useState<number | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [size, setSize] = useState<EnvelopeSize>('DL');
  const [preprinted, setPreprinted] = useState(false);
  const [preview, setPreview] = useState(false);
  const [exporting, setExporting] = useState(false);
  const lists = useQuery('invitations.lists', { page: 1, pageSize: 200 });
  const source: Source | null =
    kind === 'list'
      ? listId === null
        ? null
        : { listId }
      : from !== '' && to !== '' && from <= to
        ? { from, to }
        : null;
  const recipients = useQuery('mail.recipients', source);
  const input: InputOf<'envelopes.html'> | null =
    source === null ? null : { ...source, size, printer: printer.trim() || DEFAULT_PRINTER, boxes: !preprinted };
  const mailable = recipients.data?.mailable.length ?? 0;

  const exportPdf = async () => {
    if (!input) return;
    setExporting(true);
    try {
      const result = await api.invoke('envelopes.pdf', input);
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card size="small" className="section" title={t('信封')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Segmented<SourceKind>
            value={kind}
            onChange={setKind}
            options={[
              { value: 'list', label: t('招揽名单') },
              { value: 'range', label: t('日期范围') },
            ]}
          />
          {kind === 'list' ? (
            <Select<number>
              aria-label={t('招揽名单')}
              style={{ minWidth: 320 }}
              placeholder={t('选择已保存的招揽名单')}
              loading={lists.loading}
              value={listId ?? undefined}
              onChange={setListId}
              options={(lists.data?.rows ?? []).map((l) => ({
                value: l.id,
                label: `${l.title}（${l.from} ~ ${l.to}）`,
              }))}
            />
          ) : (
            <Space>
              <Input type="date" aria-label={t('开始日期')} value={from} onChange={(e) => setFrom(e.target.value)} />
              <span>~</span>
              <Input type="date" aria-label={t('结束日期')} value={to} onChange={(e) => setTo(e.target.value)} />
            </Space>
          )}
        </Space>
        <Space wrap>
          <span className="muted">{t('信封尺寸')}</span>
          <SizePicker size={size} setSize={setSize} />
        </Space>
        <Space wrap>
          <span className="muted">{t('打印机')}</span>
          <PrinterInput printer={printer} setPrinter={setPrinter} printers={printers} />
          <Checkbox checked={preprinted} onChange={(e) => setPreprinted(e.target.checked)}>
            {t('信封上已印好红色邮编方格（只打印数字）')}
          </Checkbox>
        </Space>
        {source === null ? (
          <Typography.Text type="secondary">
            {kind === 'list' ? t('请选择一张招揽名单。') : t('请填写开始和结束日期。')}
          </Typography.Text>
        ) : recipients.error ? (
          <Typography.Text type="danger">{recipients.error.message}</Typography.Text>
        ) : (
          <>
            <Space wrap>
              <Typography.Text strong>{t('可邮寄 {n} 位客户', { n: mailable })}</Typography.Text>
              {(recipients.data?.cannotMail.length ?? 0) > 0 && (
                <Typography.Text type="warning">
                  {t('{n} 位不能邮寄', { n: recipients.data?.cannotMail.length ?? 0 })}
                </Typography.Text>
              )}
              <Button
                type="primary"
                icon={<PrinterOutlined />}
                disabled={mailable === 0}
                onClick={() => setPreview(true)}
              >
                {t('预览并打印')}
              </Button>
              <Button
                icon={<FilePdfOutlined />}
                disabled={mailable === 0}
                loading={exporting}
                onClick={() => void exportPdf()}
              >
                {t('导出 PDF')}
              </Button>
            </Space>
            {(recipients.data?.cannotMail.length ?? 0) > 0 && (
              <Table<UnmailableRecipient>
                size="small"
                rowKey={(r) => `${r.customerId}-${r.listRowId}`}
                title={() => t('不能邮寄')}
                dataSource={recipients.data?.cannotMail ?? []}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { key: 'name', title: t('客户'), dataIndex: 'name' },
                  { key: 'plate', title: t('车牌'), render: (_, r) => r.plate ?? '' },
                  { key: 'reason', title: t('原因'), dataIndex: 'reason' },
                ]}
              />
            )}
          </>
        )}
      </Space>
      {preview && input && <EnvelopesPreview input={input} onClose={() => setPreview(false)} onExport={exportPdf} />}
    </Card>
  );
}

function EnvelopesPreview({
  input,
  onClose,
  onExport,
}: {
  input: InputOf<'envelopes.html'>;
  onClose(): void;
  onExport(): Promise<void>;
}) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const query = useQuery('envelopes.html', { ...input, page });
  const size = input.size ?? 'DL';
  return (
    <HtmlPreviewModal
      query={query}
      onClose={onClose}
      sheet={envelopeSheet(size)}
      // Direct printing takes every envelope, not the page shown.
      sendRequest={{ doc: 'envelopes', ...input }}
      toolbar={<EnvelopePreviewToolbar data={query.data} onPage={setPage} size={size} />}
      footerExtra={
        <Button icon={<FilePdfOutlined />} onClick={() => void onExport()}>
          {t('导出 PDF')}
        </Button>
      }
    />
  );
}

function CalibrationCard({
  printer,
  setPrinter,
  printers,
  onSaved,
}: {
  printer: string;
  setPrinter(p: string): void;
  printers: string[];
  onSaved(): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [size, setSize] = useState<EnvelopeSize>('DL');
  const [dx, setDx] = useState(0);
  const [dy, setDy] = useState(0);
  const [saving, setSaving] = useState(false);
  const [testPage, setTestPage] = useState(false);
  const saved = useQuery('calibration.list', {});
  const name = printer.trim() || DEFAULT_PRINTER;
  const current = saved.data?.find((c) => c.printer === name && c.size === size);
  useEffect(() => {
    setDx(current?.dxMm ?? 0);
    setDy(current?.dyMm ?? 0);
  }, [current?.dxMm, current?.dyMm]);

  const save = async () => {
    setSaving(true);
    try {
      const result = await api.invoke('calibration.set', { printer: name, size, dxMm: dx, dyMm: dy });
      if (result.ok) {
        message.success(t('校准已保存'));
        saved.reload();
        onSaved();
      } else message.error(result.error.message);
    } finally {
      setSaving(false);
    }
  };
  const changed = (current?.dxMm ?? 0) !== dx || (current?.dyMm ?? 0) !== dy;

  return (
    <Card size="small" className="section" title={t('打印校准')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('每台打印机送信封的位置略有偏差：打印测试页，量出十字的位置，填入偏移（毫米，向右、向下为正）。')}
        </Typography.Text>
        <Space wrap>
          <span className="muted">{t('打印机')}</span>
          <PrinterInput printer={printer} setPrinter={setPrinter} printers={printers} />
          <SizePicker size={size} setSize={setSize} />
        </Space>
        <Space wrap>
          <span>{t('横向偏移')}</span>
          <InputNumber<number>
            aria-label={t('横向偏移')}
            min={-20}
            max={20}
            step={0.5}
            precision={1}
            value={dx}
            onChange={(v) => setDx(Math.round((v ?? 0) * 2) / 2)}
            suffix={t('毫米')}
          />
          <span>{t('纵向偏移')}</span>
          <InputNumber<number>
            aria-label={t('纵向偏移')}
            min={-20}
            max={20}
            step={0.5}
            precision={1}
            value={dy}
            onChange={(v) => setDy(Math.round((v ?? 0) * 2) / 2)}
            suffix={t('毫米')}
          />
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={saving}
            disabled={!changed}
            onClick={() => void save()}
          >
            {t('保存')}
          </Button>
          <Button icon={<PrinterOutlined />} disabled={changed} onClick={() => setTestPage(true)}>
            {t('打印测试页')}
          </Button>
          {changed && <Typography.Text type="warning">{t('请先保存，测试页按保存的偏移打印。')}</Typography.Text>}
        </Space>
      </Space>
      {testPage && <TestPagePreview printer={name} size={size} onClose={() => setTestPage(false)} />}
    </Card>
  );
}

function TestPagePreview({ printer, size, onClose }: { printer: string; size: EnvelopeSize; onClose(): void }) {
  const query = useQuery('calibration.testPageHtml', { printer, size });
  return (
    <HtmlPreviewModal
      query={query}
      onClose={onClose}
      sheet={envelopeSheet(size)}
      sendRequest={{ doc: 'calibration', printer, size }}
    />
  );
}

function BinderLabelsCard() {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  // This month is the store's (its today), not the PC's.
  const thisMonth = useStoreToday().slice(0, 7);
  const [month, setMonth] = useState(thisMonth);
  const [preview, setPreview] = useState(false);
  const valid = /^\d{4}-\d{2}$/.test(month);
  const exportPdf = async () => {
    const result = await api.invoke('labels.binderPdf', { month });
    if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
    else message.error(result.error.message);
  };
  return (
    <Card size="small" className="section" title={t('装订夹标签')}>
      <Space wrap>
        <Typography.Text type="secondary">
          {t('当月修理单装订夹的脊标签（A4 上几条，沿虚线剪下）和封面（月份、工单号范围、各类别张数）。')}
        </Typography.Text>
      </Space>
      <Space wrap style={{ marginTop: 8 }}>
        <Input type="month" aria-label={t('月份')} value={month} onChange={(e) => setMonth(e.target.value)} />
        <Button icon={<PrinterOutlined />} disabled={!valid} onClick={() => setPreview(true)}>
          {t('预览并打印')}
        </Button>
        <Button icon={<FilePdfOutlined />} disabled={!valid} onClick={() => void exportPdf()}>
          {t('导出 PDF')}
        </Button>
      </Space>
      {preview && <BinderPreview month={month} onClose={() => setPreview(false)} />}
    </Card>
  );
}

function BinderPreview({ month, onClose }: { month: string; onClose(): void }) {
  const { t } = useI18n();
  const query = useQuery('labels.binderHtml', { month });
  return (
    <HtmlPreviewModal
      query={query}
      onClose={onClose}
      sheet={A4_NO_MARGIN}
      sendRequest={{ doc: 'binderLabels', month }}
      toolbar={<div className="muted">{t('共 {n} 页', { n: query.data?.pages ?? 0 })}</div>}
    />
  );
}
