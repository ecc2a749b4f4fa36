import { FilePdfOutlined } from '@ant-design/icons';
import { App, Button, Segmented } from 'antd';
import { useState } from 'react';
import { SETTLEMENT_PAGE_MM, type SettlementForm } from '../../../src-shared/domain/settlement';
import { useApi, useQuery } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { HtmlPreviewModal, type PreviewSheet } from '../daily-report/print-preview';
import { downloadBase64 } from '../import/file-bytes';

/** The paper on screen, with the template's own print margins (settlement.print.ts). */
const SHEETS: Record<SettlementForm, PreviewSheet> = {
  a4: { ...SETTLEMENT_PAGE_MM.a4, padding: '12mm 14mm 15mm' },
  continuous: { ...SETTLEMENT_PAGE_MM.continuous, padding: '10mm 18mm 13mm' },
};

/**
 * 结算单 preview: the sheet the PDF is made of, at true size, on A4 or on 241 mm continuous form
 * (dot-matrix printers); 打印 prints the frame, 导出 PDF saves the print service's PDF.
 */
export function SettlementPreviewModal({ roId, onClose }: { roId: number; onClose(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [form, setForm] = useState<SettlementForm>('a4');
  const [exporting, setExporting] = useState(false);
  const query = useQuery('settlement.html', { roId, form });
  const exportPdf = async () => {
    setExporting(true);
    try {
      const result = await api.invoke('settlement.pdf', { roId, form });
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setExporting(false);
    }
  };
  return (
    <HtmlPreviewModal
      query={query}
      onClose={onClose}
      sheet={SHEETS[form]}
      sendRequest={{ doc: 'settlement', roId, form }}
      toolbar={
        <div className="settlement-preview-toolbar">
          <span className="muted">{t('纸张')}</span>{' '}
          <Segmented<SettlementForm>
            value={form}
            onChange={setForm}
            options={[
              { value: 'a4', label: t('A4') },
              { value: 'continuous', label: t('241mm 连续纸') },
            ]}
          />{' '}
          <span className="muted">{t('连续纸用于针式打印机：只用黑色，字号较大。')}</span>
        </div>
      }
      footerExtra={
        <Button icon={<FilePdfOutlined />} loading={exporting} onClick={() => void exportPdf()}>
          {t('导出 PDF')}
        </Button>
      }
    />
  );
}
