import { PaperClipOutlined } from '@ant-design/icons';
import { Button, Progress, Typography } from 'antd';
import { type DragEvent, type ReactNode, useRef, useState } from 'react';
import type { UploadedScan } from '../../../src-shared/domain/filing';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { readFileAsBase64 } from '../import/file-bytes';

/** What the file picker offers; the archive checks the bytes, not the name. */
export const SCAN_ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';

export interface ScanUpload {
  busy: boolean;
  /** 0..1 while the file is read and encoded; null once it is on its way to the archive. */
  progress: number | null;
  error: AppErrorShape | null;
  upload(file: File): Promise<UploadedScan | null>;
  clearError(): void;
}

/** One scan at a time to a paper (or, with paperId null, to the inbox 待处理扫描件). */
export function useScanUpload(paperId: number | null, onUploaded?: (scan: UploadedScan) => void): ScanUpload {
  const api = useApi();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const upload = async (file: File): Promise<UploadedScan | null> => {
    setBusy(true);
    setError(null);
    setProgress(0);
    try {
      const contentBase64 = await readFileAsBase64(file, (f) => setProgress(f));
      setProgress(null);
      const result = await api.invoke('scans.upload', { paperId, name: file.name, contentBase64 });
      if (!result.ok) {
        setError(result.error);
        return null;
      }
      onUploaded?.(result.value);
      return result.value;
    } catch {
      setError({ code: 'INTERNAL', message: t('读不出这个文件，请重新选择') });
      return null;
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  return { busy, progress, error, upload, clearError: () => setError(null) };
}

/**
 * A place to drop a scan (PDF, JPEG, PNG or TIFF) or pick one (选择文件): the children are the
 * drop target; while it uploads it says 正在上传…, a refusal shows the archive's reason.
 */
export function ScanDrop({
  paperId,
  onUploaded,
  children,
  className,
  buttonLabel,
}: {
  paperId: number | null;
  onUploaded?: (scan: UploadedScan) => void;
  children?: ReactNode;
  className?: string;
  buttonLabel?: string;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const scan = useScanUpload(paperId, onUploaded);
  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !scan.busy) void scan.upload(file);
  };
  return (
    <section
      className={['scan-drop', over ? 'scan-drop-over' : '', className ?? ''].filter(Boolean).join(' ')}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-paper={paperId ?? ''}
      aria-label={buttonLabel ?? t('附扫描件')}
    >
      {children}
      <span className="scan-drop-actions">
        <Button
          size="small"
          icon={<PaperClipOutlined />}
          loading={scan.busy}
          onClick={() => input.current?.click()}
          className="scan-pick"
        >
          {buttonLabel ?? t('附扫描件')}
        </Button>
        <input
          ref={input}
          type="file"
          accept={SCAN_ACCEPT}
          className="scan-file-input"
          style={{ display: 'none' }}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void scan.upload(file);
            e.target.value = '';
          }}
        />
        {scan.busy && (
          <span className="scan-uploading">
            {t('正在上传…')}
            {scan.progress !== null && (
              <Progress percent={Math.round(scan.progress * 100)} size="small" className="scan-progress" />
            )}
          </span>
        )}
        {scan.error && (
          <Typography.Text type="danger" className="scan-refused">
            {scan.error.message}
          </Typography.Text>
        )}
      </span>
    </section>
  );
}
