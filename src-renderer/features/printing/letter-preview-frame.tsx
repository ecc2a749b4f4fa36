import chinese400 from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2?url';
import chinese700 from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff2?url';
import latin400 from '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-400-normal.woff2?url';
import latin700 from '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-700-normal.woff2?url';
import { useMemo } from 'react';
import { withPrintFonts } from '../../../src-shared/print';
import { useI18n } from '../../i18n/i18n';

const absolute = (url: string) => new URL(url, document.baseURI).href;

/** The letter as an A4 sheet on a grey desk, scaled down to fit the editor's side. */
const SHEET_CSS = `<style>@media screen {
  html { background: #e3e6ea; }
  body { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 8px auto; padding: 16mm 22mm 14mm;
    background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); zoom: 0.62; }
}</style>`;

/** The live preview: the service's letter HTML in a sandboxed frame (no scripts). */
export function LetterPreviewFrame({ html }: { html: string }) {
  const { t } = useI18n();
  const srcDoc = useMemo(() => {
    const withFonts = withPrintFonts(html, {
      chinese400: absolute(chinese400),
      chinese700: absolute(chinese700),
      latin400: absolute(latin400),
      latin700: absolute(latin700),
    });
    return withFonts.replace('</head>', () => `${SHEET_CSS}</head>`);
  }, [html]);
  return <iframe title={t('信件预览')} className="letter-preview-frame" sandbox="" srcDoc={srcDoc} />;
}
