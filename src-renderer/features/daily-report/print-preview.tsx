import { PrinterOutlined } from '@ant-design/icons';
import chinese400 from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2?url';
import chinese700 from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff2?url';
import latin400 from '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-400-normal.woff2?url';
import latin700 from '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-700-normal.woff2?url';
import { Button, Modal } from 'antd';
import { Fragment, type ReactNode, useMemo, useRef } from 'react';
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
/** The sheet on screen: paper size and the document's print margins (CSS padding). A4 unless told. */
export interface PreviewSheet {
  widthMm: number;
  heightMm: number;
  padding: string;
}

const A4_SHEET: PreviewSheet = { widthMm: 210, heightMm: 297, padding: '12mm 12mm 15mm' };

const screenSheetCss = (sheet: PreviewSheet) => `<style>@media screen {
  html { background: #e3e6ea; }
  body { box-sizing: border-box; width: ${sheet.widthMm}mm; min-height: ${sheet.heightMm}mm; margin: 12px auto; padding: ${sheet.padding};
    background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
}</style>`;

function previewDocument(html: string, sheet: PreviewSheet = A4_SHEET): string {
  const withFonts = withPrintFonts(html, appFontUrls());
  const css = screenSheetCss(sheet);
  return withFonts.includes('</head>') ? withFonts.replace('</head>', () => `${css}</head>`) : css + withFonts;
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
  sheet = A4_SHEET,
  toolbar,
  footerExtra,
}: {
  query: QueryState<{ title: string; html: string }>;
  onClose(): void;
  /** Paper other than A4 (the 241 mm continuous form). */
  sheet?: PreviewSheet;
  /** Above the pages (e.g. a paper switch). */
  toolbar?: ReactNode;
  /** Footer buttons before 打印 (e.g. 导出 PDF). */
  footerExtra?: ReactNode;
}) {
  const { t } = useI18n();
  const frame = useRef<HTMLIFrameElement>(null);
  const { data, error, reload } = query;
  const html = useMemo(() => (data ? previewDocument(data.html, sheet) : null), [data, sheet]);
  return (
    <Modal
      open
      title={data?.title ?? t('打印预览')}
      onCancel={onClose}
      width={`calc(${sheet.widthMm}mm + 96px)`}
      className="print-preview-modal"
      destroyOnHidden
      footer={[
        <Button key="close" onClick={onClose}>
          {t('关闭')}
        </Button>,
        <Fragment key="extra">{footerExtra}</Fragment>,
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
      {toolbar}
      <Loaded data={html ?? undefined} error={error} reload={reload}>
        {(srcDoc) => (
          <div className="print-preview-stage">
            <iframe
              ref={frame}
              title={t('打印预览')}
              className="print-preview-frame"
              style={{ width: `calc(${sheet.widthMm}mm + 48px)` }}
              sandbox="allow-same-origin allow-modals"
              srcDoc={srcDoc}
            />
          </div>
        )}
      </Loaded>
    </Modal>
  );
}
