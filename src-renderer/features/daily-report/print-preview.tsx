import { CheckOutlined, DownOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import chinese400 from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2?url';
import chinese700 from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff2?url';
import latin400 from '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-400-normal.woff2?url';
import latin700 from '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-700-normal.woff2?url';
import { App, Button, Dropdown, Modal, Space, Tooltip } from 'antd';
import { Fragment, type ReactNode, useMemo, useRef, useState } from 'react';
import type { PrintableDocument } from '../../../src-shared/contract/print.contract';
import { type PrintFontUrls, withPrintFonts } from '../../../src-shared/print';
import { type QueryState, useApi, useQuery } from '../../api/client';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { unmaskedInput, useUnmasked } from '../settings/unmask-choice';

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
  const unmask = unmaskedInput(useUnmasked());
  const input = version === undefined ? { date, ...unmask } : { date, version, ...unmask };
  const query = useQuery('dailyReport.printHtml', input);
  return <HtmlPreviewModal query={query} onClose={onClose} sendRequest={{ doc: 'dailyReport', ...input }} />;
}

/** Where 直接打印 sent the last job on this computer: a printer's system name, or absent for the default. */
const PRINTER_STORAGE_KEY = 'clerkdesk.print.printer';

function readRememberedPrinter(): string | null {
  try {
    return window.localStorage.getItem(PRINTER_STORAGE_KEY);
  } catch {
    return null;
  }
}

function rememberPrinter(name: string | null): void {
  try {
    if (name === null) window.localStorage.removeItem(PRINTER_STORAGE_KEY);
    else window.localStorage.setItem(PRINTER_STORAGE_KEY, name);
  } catch {
    // Storage unavailable: the choice lasts for this preview only.
  }
}

const DEFAULT_KEY = '\u0000default';
/** Keeps the names aligned where the tick is not. */
const BLANK_ICON = { display: 'inline-block', width: 14 } as const;

/**
 * 直接打印 (desktop window only): the document straight to a printer, no dialog — the last printer
 * chosen on this computer, or the system's default; the arrow picks another (and remembers it).
 * Where the door has no printers (the browser), nothing is shown: 打印 and the system dialog remain.
 */
function DirectPrintButton({
  request,
  disabled,
  onSent,
}: {
  request: PrintableDocument;
  disabled: boolean;
  onSent?: (() => void) | undefined;
}) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const printers = useQuery('print.printers', {});
  const [remembered, setRemembered] = useState(readRememberedPrinter);
  const [sending, setSending] = useState(false);
  const list = printers.data?.printers ?? [];
  if (!printers.data?.silentAvailable) return null;
  // A printer removed since it was chosen: back to the default.
  const current = list.find((p) => p.name === remembered) ?? null;
  const nameOf = (p: (typeof list)[number] | null) => (p ? p.displayName : t('默认打印机'));
  const send = async (printer: (typeof list)[number] | null) => {
    setSending(true);
    try {
      const result = await api.invoke(
        'print.send',
        printer ? { document: request, deviceName: printer.name } : { document: request },
      );
      if (result.ok) {
        message.success(t('已发送到{printer}。', { printer: nameOf(printer) }));
        onSent?.();
      } else message.error(result.error.message);
    } finally {
      setSending(false);
    }
  };
  const choose = (key: string) => {
    const printer = key === DEFAULT_KEY ? null : (list.find((p) => p.name === key) ?? null);
    rememberPrinter(printer?.name ?? null);
    setRemembered(printer?.name ?? null);
    void send(printer);
  };
  return (
    <Space.Compact>
      <Tooltip title={t('不弹出对话框，直接打印到{printer}', { printer: nameOf(current) })}>
        <Button icon={<SendOutlined />} loading={sending} disabled={disabled} onClick={() => void send(current)}>
          {t('直接打印')}
        </Button>
      </Tooltip>
      <Dropdown
        trigger={['click']}
        disabled={disabled || sending}
        menu={{
          items: [
            {
              key: DEFAULT_KEY,
              icon: current === null ? <CheckOutlined /> : <span style={BLANK_ICON} />,
              label: t('默认打印机'),
            },
            { type: 'divider' },
            ...list.map((p) => ({
              key: p.name,
              icon: current?.name === p.name ? <CheckOutlined /> : <span style={BLANK_ICON} />,
              label: p.isDefault ? `${p.displayName}${t('（系统默认）')}` : p.displayName,
            })),
          ],
          onClick: ({ key }) => choose(key),
        }}
      >
        <Button icon={<DownOutlined />} aria-label={t('选择打印机')} disabled={disabled || sending} />
      </Dropdown>
    </Space.Compact>
  );
}

/** The preview of any print document the services render ({ title, html }). */
export function HtmlPreviewModal({
  query,
  onClose,
  sheet = A4_SHEET,
  toolbar,
  footerExtra,
  sendRequest,
  onPrinted,
}: {
  query: QueryState<{ title: string; html: string }>;
  onClose(): void;
  /** Paper other than A4 (the 241 mm continuous form). */
  sheet?: PreviewSheet;
  /** Above the pages (e.g. a paper switch). */
  toolbar?: ReactNode;
  /** Footer buttons before 打印 (e.g. 导出 PDF). */
  footerExtra?: ReactNode;
  /** The document shown, as print.send takes it: offers 直接打印 where the door has printers. */
  sendRequest?: PrintableDocument | undefined;
  /** 打印 was clicked (the frame's dialog opened) or 直接打印 sent the job: e.g. record the delivery. */
  onPrinted?: (() => void) | undefined;
}) {
  const { t } = useI18n();
  const frame = useRef<HTMLIFrameElement>(null);
  const { data, error, reload } = query;
  const html = useMemo(() => (data ? previewDocument(data.html, sheet) : null), [data, sheet]);
  // A paged preview (a large letter or envelope batch) prints the page shown: the button says so,
  // so no one prints 50 of 300 letters believing the batch is done (导出 PDF / 直接打印 take all).
  const paged = data as { total?: number; page?: number; pageSize?: number } | undefined;
  const partial =
    paged?.total !== undefined &&
    paged.page !== undefined &&
    paged.pageSize !== undefined &&
    paged.total > paged.pageSize
      ? {
          first: (paged.page - 1) * paged.pageSize + 1,
          last: Math.min(paged.total, paged.page * paged.pageSize),
          n: paged.total,
        }
      : null;
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
        sendRequest ? (
          <DirectPrintButton key="direct" request={sendRequest} disabled={html === null} onSent={onPrinted} />
        ) : null,
        <Button
          key="print"
          type="primary"
          icon={<PrinterOutlined />}
          disabled={html === null}
          onClick={() => {
            frame.current?.contentWindow?.print();
            onPrinted?.();
          }}
        >
          {partial ? t('只打印这一页（第 {first}–{last} 页，共 {n} 页）', partial) : t('打印')}
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
