import { PrinterOutlined } from '@ant-design/icons';
import chinese400 from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2?url';
import chinese700 from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff2?url';
import latin400 from '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-400-normal.woff2?url';
import latin700 from '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-700-normal.woff2?url';
import { Button, Modal } from 'antd';
import { useMemo, useRef } from 'react';
import { type PrintFontUrls, withPrintFonts } from '../../../src-shared/print';
import { type QueryState, useQuery } from '../../api/client';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';

/**
 * The app's own copies of the print font. Absolute, because the srcdoc document resolves relative
 * URLs against about:srcdoc's inherited base, which differs between file:// (Electron) and http.
 */
function appFontUrls(): PrintFontUrls {
  const absolute = (url: string) => new URL(url, document.baseURI).href;
  return {
    chinese400: absolute(chinese400),
    chinese700: absolute(chinese700),
    latin400: absolute(latin400),
    latin700: absolute(latin700),
  };
}

/**
 * On screen only: the document as an A4 sheet (true width, the print margins as padding) on a grey
 * desk. Printing ignores it; pages then break where the PDF's do.
 */
const SCREEN_SHEET_CSS = `<style>@media screen {
  html { background: #e3e6ea; }
  body { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 12px auto; padding: 12mm 12mm 15mm;
    background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
}</style>`;

function previewDocument(html: string): string {
  const withFonts = withPrintFonts(html, appFontUrls());
  return withFonts.includes('</head>')
    ? withFonts.replace('</head>', () => `${SCREEN_SHEET_CSS}</head>`)
    : SCREEN_SHEET_CSS + withFonts;
}

/**
 * 打印预览: the very pages the PDF is made of, A4 at true size, in a sandboxed frame (no scripts;
 * same origin only so the window can call its print()). 打印 prints the frame, not the app.
 */
export function PrintPreviewModal({ date, version, onClose }: { date: string; version?: number; onClose(): void }) {
  const query = useQuery('dailyReport.printHtml', version === undefined ? { date } : { date, version });
  return <HtmlPreviewModal query={query} onClose={onClose} />;
}

/** The preview of any print document the services render ({ title, html }). */
export function HtmlPreviewModal({
  query,
  onClose,
}: {
  query: QueryState<{ title: string; html: string }>;
  onClose(): void;
}) {
  const { t } = useI18n();
  const frame = useRef<HTMLIFrameElement>(null);
  const { data, error, reload } = query;
  const html = useMemo(() => (data ? previewDocument(data.html) : null), [data]);
  return (
    <Modal
      open
      title={data?.title ?? t('打印预览')}
      onCancel={onClose}
      width="calc(210mm + 96px)"
      className="print-preview-modal"
      destroyOnHidden
      footer={[
        <Button key="close" onClick={onClose}>
          {t('关闭')}
        </Button>,
        <Button
          key="print"
          type="primary"
          icon={<PrinterOutlined />}
          disabled={html === null}
          onClick={() => frame.current?.contentWindow?.print()}
        >
          {t('打印')}
        </Button>,
      ]}
    >
      <Loaded data={html ?? undefined} error={error} reload={reload}>
        {(srcDoc) => (
          <div className="print-preview-stage">
            <iframe
              ref={frame}
              title={t('打印预览')}
              className="print-preview-frame"
              sandbox="allow-same-origin allow-modals"
              srcDoc={srcDoc}
            />
          </div>
        )}
      </Loaded>
    </Modal>
  );
}
