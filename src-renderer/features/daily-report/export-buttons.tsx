import { FileExcelOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import type { InputOf } from '../../../src-shared/contract/index';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { Result } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { downloadBase64 } from '../import/file-bytes';
import { UnmaskCheckbox, unmaskedInput, useUnmasked } from '../settings/unmask-choice';

/** The exports hand the file to the browser's download, named by the service. */
export function ExportButtons({
  date,
  version,
  onPreview,
  monthly = true,
}: {
  date: string;
  version?: number;
  onPreview(): void;
  monthly?: boolean;
}) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const unmask = unmaskedInput(useUnmasked());
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
  const pdfInput: InputOf<'dailyReport.exportPdf'> =
    version === undefined ? { date, ...unmask } : { date, version, ...unmask };
  return (
    <Space wrap size={8} className="report-exports">
      {version === undefined && (
        <Button
          icon={<FileExcelOutlined />}
          loading={busy === 'day'}
          onClick={() => void run('day', () => api.invoke('dailyReport.exportXlsx', { date, ...unmask }))}
        >
          {t('导出 Excel（当天）')}
        </Button>
      )}
      {version === undefined && monthly && (
        <Button
          icon={<FileExcelOutlined />}
          loading={busy === 'month'}
          onClick={() =>
            void run('month', () => api.invoke('dailyReport.exportXlsx', { month: date.slice(0, 7), ...unmask }))
          }
        >
          {t('导出本月 Excel')}
        </Button>
      )}
      <Button
        icon={<FilePdfOutlined />}
        loading={busy === 'pdf'}
        onClick={() => void run('pdf', () => api.invoke('dailyReport.exportPdf', pdfInput))}
      >
        {t('导出 PDF')}
      </Button>
      <Button icon={<PrinterOutlined />} onClick={onPreview}>
        {t('打印预览')}
      </Button>
      <UnmaskCheckbox />
    </Space>
  );
}
