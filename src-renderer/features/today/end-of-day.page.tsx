import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Result, Typography } from 'antd';
import type { DayTask, DayTasks, TaskState } from '../../../src-shared/domain/today';
import { useQuery } from '../../api/client';
import { DayNav } from '../../components/day-nav';
import { Loaded, PageHeader } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route, withQuery } from '../../router/hash-router';
import { dayOf } from '../reconciliation/reconcile.page';
import { TaskList } from './day-tasks';

export const END_OF_DAY_PATH = '/today/end-of-day';

const ORDER: Record<TaskState, number> = { open: 0, warn: 1, done: 2 };

/** Still open first (in the order the areas gave them), then what to look at, then what is done. */
export function openFirst(tasks: DayTask[]): DayTask[] {
  return tasks
    .map((task, i) => ({ task, i }))
    .sort((a, b) => ORDER[a.task.state] - ORDER[b.task.state] || a.i - b.i)
    .map((x) => x.task);
}

/** 今日遗漏检查: before leaving, what must not be left open overnight, across every area. */
export function EndOfDayPage({ route }: { route: Route }) {
  const { t } = useI18n();
  const date = dayOf(route, useStoreToday());
  const { data, error, loading, reload } = useQuery('today.endOfDay', { date });
  return (
    <div className="page page-narrow end-of-day">
      <PageHeader
        crumbs={[{ label: t('今日工作台'), to: '/today' }, { label: t('今日遗漏检查') }]}
        title={t('今日遗漏检查')}
        actions={
          <Button icon={<ReloadOutlined />} loading={loading && data !== undefined} onClick={reload}>
            {t('刷新')}
          </Button>
        }
      />
      <Flex align="center" gap={8} wrap className="end-of-day-bar">
        <DayNav
          date={date}
          go={(next) => void navigate(withQuery(END_OF_DAY_PATH, { date: next }))}
          label={t('检查日期')}
        />
      </Flex>
      <Loaded data={data} error={error} reload={reload}>
        {(day) => <EndOfDay day={day} />}
      </Loaded>
    </div>
  );
}

function EndOfDay({ day }: { day: DayTasks }) {
  const { t } = useI18n();
  const isToday = day.date === useStoreToday();
  const tasks = openFirst(day.tasks);
  return (
    <>
      {day.open === 0 ? (
        <Result
          status="success"
          className="all-done"
          title={isToday ? t('今天的事都做完了') : t('{date} 的事都做完了', { date: day.date })}
          subTitle={t('下面每一项都已完成，可以放心下班。')}
        />
      ) : (
        <Typography.Paragraph className="end-of-day-summary">
          {t('还有 {n} 件事没有做完，点进去处理；做完后点“刷新”。', { n: day.open })}
        </Typography.Paragraph>
      )}
      <Card size="small" className="section">
        <TaskList tasks={tasks} />
      </Card>
    </>
  );
}
