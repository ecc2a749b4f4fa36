import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, DatePicker, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { EARLIEST_RECONCILIATION_DAY } from '../../src-shared/domain/reconciliation';
import { addDays } from '../../src-shared/validation/dates';
import { useI18n } from '../i18n/i18n';
import { useStoreToday } from './store-clock';

/**
 * Picks the day a page is about: 前一天 / the date / 后一天 / 今天. The day lives in the address
 * (?date=), so `go` navigates; the future is not offered (nothing happened there yet).
 */
export function DayNav({ date, go, label }: { date: string; go(next: string): void; label: string }) {
  const { t } = useI18n();
  const today = useStoreToday();
  return (
    <>
      <Tooltip title={t('前一天')}>
        <Button
          icon={<LeftOutlined />}
          aria-label={t('前一天')}
          disabled={date <= EARLIEST_RECONCILIATION_DAY}
          onClick={() => go(addDays(date, -1))}
        />
      </Tooltip>
      <DatePicker
        allowClear={false}
        value={dayjs(date)}
        format="YYYY-MM-DD dddd"
        disabledDate={(d) => d.format('YYYY-MM-DD') > today || d.format('YYYY-MM-DD') < EARLIEST_RECONCILIATION_DAY}
        onChange={(d) => d && go(d.format('YYYY-MM-DD'))}
        aria-label={label}
        style={{ width: 170 }}
      />
      <Tooltip title={t('后一天')}>
        <Button
          icon={<RightOutlined />}
          aria-label={t('后一天')}
          disabled={date >= today}
          onClick={() => go(addDays(date, 1))}
        />
      </Tooltip>
      <Button disabled={date === today} onClick={() => go(today)}>
        {t('今天')}
      </Button>
    </>
  );
}
