import { DownloadOutlined, FileImageOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Modal, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { SCAN_MIME_LABELS, type ScanContent, type ScanInfo } from '../../../src-shared/domain/filing';
import { useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { useI18n } from '../../i18n/i18n';
import { base64ToBytes, downloadBase64 } from '../import/file-bytes';

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A blob URL for the scan's bytes while the preview is open (not for TIFF: nothing shows it); revoked when it closes or changes. */
function useBlobUrl(content: ScanContent | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!content || content.scan.mime === 'image/tiff') return;
    const blob = new Blob([base64ToBytes(content.contentBase64)], { type: content.scan.mime });
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => {
      URL.revokeObjectURL(next);
      setUrl(null);
    };
  }, [content]);
  return url;
}

/** The name a downloaded scan gets: its own, or the hash with the type's extension. */
function downloadName(content: ScanContent): string {
  if (content.scan.originalName) return content.scan.originalName;
  const ext = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/tiff': 'tif' }[
    content.scan.mime
  ];
  return `${content.scan.sha256.slice(0, 12)}.${ext}`;
}

/**
 * 扫描件预览: the bytes checked by the archive (scans.content) shown as they are: JPEG and PNG as an
 * image, PDF in the browser's viewer, TIFF offered for download (browsers do not show TIFF). A
 * damaged scan (its bytes no longer match the SHA-256) is never served: the archive's message shows.
 */
export function ScanPreviewModal({ scanId, title, onClose }: { scanId: number; title?: string; onClose(): void }) {
  const { t } = useI18n();
  const { data, error } = useQuery('scans.content', { id: scanId });
  const url = useBlobUrl(data);
  const scan = data?.scan;
  return (
    <Modal
      open
      title={title ?? t('扫描件预览')}
      onCancel={onClose}
      footer={
        <Button onClick={onClose} className="scan-preview-close">
          {t('关闭')}
        </Button>
      }
      width={900}
      style={{ top: 24 }}
      destroyOnHidden
      className="scan-preview-modal"
    >
      {error ? (
        <Alert type="error" showIcon className="scan-damaged" title={t('无法预览')} description={error.message} />
      ) : !data || (!url && data.scan.mime !== 'image/tiff') ? (
        <div className="scan-preview-loading">
          <Spin />
        </div>
      ) : (
        <>
          <Typography.Paragraph className="muted scan-preview-facts">
            {[
              scan?.originalName || '—',
              scan ? SCAN_MIME_LABELS[scan.mime] : '',
              scan ? sizeText(scan.bytes) : '',
              scan ? `${scan.addedBy} ${instantText(scan.addedAt)}` : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Paragraph>
          <ScanBody content={data} url={url} />
        </>
      )}
    </Modal>
  );
}

function ScanBody({ content, url }: { content: ScanContent; url: string | null }) {
  const { t } = useI18n();
  switch (content.scan.mime) {
    case 'image/jpeg':
    case 'image/png':
      return (
        <div className="scan-preview-frame">
          <img src={url ?? undefined} alt={content.scan.originalName || t('扫描件')} className="scan-preview-image" />
        </div>
      );
    case 'application/pdf':
      return <iframe src={url ?? undefined} title={content.scan.originalName || 'PDF'} className="scan-preview-pdf" />;
    case 'image/tiff':
      return (
        <Empty
          className="scan-preview-tiff"
          description={t('浏览器不能直接预览 TIFF，请下载后用看图软件打开')}
          image={Empty.PRESENTED_IMAGE_SIMPLE}
        >
          <Button
            icon={<DownloadOutlined />}
            onClick={() => downloadBase64(downloadName(content), content.contentBase64)}
          >
            {t('下载')}
          </Button>
        </Empty>
      );
  }
}

/** A paper's scans as small links (PDF · 1, PNG · 2 …); a click opens the preview. */
export function ScanLinks({ scans, title }: { scans: ScanInfo[]; title?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  if (scans.length === 0) return <span className="muted">{t('无')}</span>;
  return (
    <span className="scan-links">
      {scans.map((s, i) => (
        <Button
          key={s.id}
          size="small"
          type="link"
          icon={<FileImageOutlined />}
          className="scan-link"
          data-scan={s.id}
          title={s.originalName}
          onClick={() => setOpen(s.id)}
        >
          {scans.length > 1 ? `${SCAN_MIME_LABELS[s.mime]} ${i + 1}` : SCAN_MIME_LABELS[s.mime]}
        </Button>
      ))}
      {open !== null && <ScanPreviewModal scanId={open} title={title} onClose={() => setOpen(null)} />}
    </span>
  );
}
