import { Pagination, Space } from 'antd';
import type { PreviewPage } from '../../../src-shared/contract/printing.contract';
import { ENVELOPE_DIMENSIONS, type EnvelopeSize } from '../../../src-shared/domain/printing';
import { useI18n } from '../../i18n/i18n';

/**
 * Pages through a large print preview (letters, envelopes): the window shows one page of the batch
 * at a time; printing from the preview prints the page shown, direct printing and the PDF take all.
 */
export function PreviewPager({
  data,
  onPage,
  unit,
}: {
  data: PreviewPage | undefined;
  onPage(page: number): void;
  /** What is counted. */
  unit: 'letters' | 'envelopes';
}) {
  const { t } = useI18n();
  if (!data || data.total <= data.pageSize) return null;
  const first = (data.page - 1) * data.pageSize + 1;
  const last = Math.min(data.total, data.page * data.pageSize);
  return (
    <Space direction="vertical" size={4} style={{ display: 'flex', marginBottom: 8 }}>
      <Pagination
        size="small"
        current={data.page}
        pageSize={data.pageSize}
        total={data.total}
        showSizeChanger={false}
        onChange={onPage}
      />
      <div className="muted">
        {unit === 'letters'
          ? t(
              '预览分页显示：第 {first}–{last} 封，共 {n} 封。“打印”只打印这一页；要打印全部，请用“导出 PDF”或“直接打印”。',
              {
                first,
                last,
                n: data.total,
              },
            )
          : t(
              '预览分页显示：第 {first}–{last} 个信封，共 {n} 个。“打印”只打印这一页；要打印全部，请用“导出 PDF”或“直接打印”。',
              {
                first,
                last,
                n: data.total,
              },
            )}
      </div>
    </Space>
  );
}

/** Above an envelope preview: the pager and how to print at the envelope's true size. */
export function EnvelopePreviewToolbar({
  data,
  onPage,
  size,
}: {
  data: PreviewPage | undefined;
  onPage(page: number): void;
  size: EnvelopeSize;
}) {
  const { t } = useI18n();
  return (
    <>
      <PreviewPager data={data} onPage={onPage} unit="envelopes" />
      <div className="muted">
        {t('共 {n} 页，每页一个信封，实际尺寸 {size}。打印时请选择相同的纸张尺寸，不缩放。', {
          n: data?.total ?? 0,
          size: ENVELOPE_DIMENSIONS[size].label,
        })}
      </div>
    </>
  );
}
