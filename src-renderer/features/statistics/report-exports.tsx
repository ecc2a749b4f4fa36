import { FileExcelOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import { Fragment, useState } from 'react';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { ReportDelivery } from '../../../src-shared/domain/reports';
import type { Result } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { HtmlPreviewModal } from '../daily-report/print-preview';
import { downloadBase64 } from '../import/file-bytes';
import { UnmaskCheckbox, unmaskedInput, useUnmasked } from '../settings/unmask-choice';

/** The report a button acts on: one week or one month. */
export type ReportRef = { week: string } | { month: string };

/** 12-01 09:12 from a store instant. */
const shortAt = (at: string) => `${at.slice(5, 10)} ${at.slice(11, 16)}`;

/** 导出 Excel / 导出 PDF / 打印预览 and the manager's unmask choice; each export is recorded. */
export function ReportExportButtons({ report, disabled }: { report: ReportRef; disabled: boolean }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const input = { ...report, ...unmaskedInput(useUnmasked()) };
  const run = async (key: string, call: () => Promise<Result<ExportedFile>>) => {
    setBusy(key);
    try {
      const result = await call();
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space wrap size={8} className="report-exports">
      <Button
        icon={<FileExcelOutlined />}
        loading={busy === 'xlsx'}
        disabled={disabled}
        onClick={() => void run('xlsx', () => api.invoke('reports.xlsx', input))}
      >
        {t('导出 Excel')}
      </Button>
      <Button
        icon={<FilePdfOutlined />}
        loading={busy === 'pdf'}
        disabled={disabled}
        onClick={() => void run('pdf', () => api.invoke('reports.pdf', input))}
      >
        {t('导出 PDF')}
      </Button>
      <Button icon={<PrinterOutlined />} disabled={disabled} onClick={() => setPreviewing(true)}>
        {t('打印预览')}
      </Button>
      <UnmaskCheckbox />
      {previewing && <ReportPreview input={input} onClose={() => setPreviewing(false)} />}
    </Space>
  );
}

/** 打印预览 of the report (its charts as SVG); printing it is recorded as a delivery. */
function ReportPreview({ input, onClose }: { input: ReportRef & { unmasked?: true }; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const query = useQuery('reports.html', input);
  const recordPrinted = () => {
    void api.invoke('reports.recordPrinted', input).then((result) => {
      if (!result.ok) message.error(result.error.message);
    });
  };
  return (
    <HtmlPreviewModal
      query={query}
      onClose={onClose}
      sendRequest={{ doc: 'report', ...input }}
      onPrinted={recordPrinted}
    />
  );
}

function DeliveryText({ delivery: d }: { delivery: ReportDelivery }) {
  const { t } = useI18n();
  const vars = { at: shortAt(d.at), by: d.byName };
  const text =
    d.format === 'xlsx'
      ? t('已导出 Excel {at} {by}', vars)
      : d.format === 'pdf'
        ? t('已导出 PDF {at} {by}', vars)
        : t('已打印 {at} {by}', vars);
  return (
    <span className="report-delivery" data-format={d.format}>
      {text}
      {d.unmasked ? t('（完整姓名和电话）') : ''}
    </span>
  );
}

/** Who exported or printed this report: the Today reminder ends with the first. */
export function DeliveriesLine({ report }: { report: ReportRef }) {
  const { t } = useI18n();
  const { data } = useQuery('reports.deliveries', report);
  if (data === undefined) return null;
  const shown = data.slice(0, 5);
  return (
    <Typography.Paragraph type="secondary" className="report-deliveries" data-deliveries={data.length}>
      {data.length === 0
        ? t('还没有导出或打印（导出或打印后，今日工作台的提醒结束）')
        : shown.map((d, i) => (
            <Fragment key={`${d.at}-${d.format}-${d.byName}`}>
              {i > 0 && '；'}
              <DeliveryText delivery={d} />
            </Fragment>
          ))}
      {data.length > shown.length && t('…共 {n} 次', { n: data.length })}
    </Typography.Paragraph>
  );
}
