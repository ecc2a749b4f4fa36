import { Card, Segmented } from 'antd';
import { type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

export type ChartMode = 'chart' | 'table';

/**
 * One chart of the statistics page with its numbers one click away: 图表 draws it, 表格 lists the
 * same figures (each row opens the records behind it, for keyboard users too).
 */
export function ChartCard({
  id,
  title,
  hint,
  chart,
  table,
  wide,
}: {
  /** Stable key for tests and styling: roPerDay, satisfaction… */
  id: string;
  title: string;
  /** A short line under the title: the formula, what a click does. */
  hint?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  wide?: boolean;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<ChartMode>('chart');
  return (
    <Card
      size="small"
      className={`statistics-card${wide ? ' statistics-card-wide' : ''}`}
      data-chart={id}
      title={title}
      extra={
        <Segmented<ChartMode>
          size="small"
          value={mode}
          onChange={setMode}
          aria-label={t('图表或表格')}
          options={[
            { value: 'chart', label: t('图表') },
            { value: 'table', label: t('表格') },
          ]}
        />
      }
    >
      {hint && <div className="statistics-hint muted small">{hint}</div>}
      {mode === 'chart' ? chart : <div className="statistics-table">{table}</div>}
    </Card>
  );
}
