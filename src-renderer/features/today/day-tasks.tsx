import { CheckCircleFilled, ClockCircleOutlined, ExclamationCircleFilled, RightOutlined } from '@ant-design/icons';
import { Empty, Tag } from 'antd';
import type { DayTask, TaskState } from '../../../src-shared/domain/today';
import { useQuery } from '../../api/client';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { type Phrase, useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import './today.css';

const STATE_TEXT: Record<TaskState, Phrase> = { open: '待办', warn: '请注意', done: '已完成' };

export function TaskStateIcon({ state }: { state: TaskState }) {
  const { t } = useI18n();
  const props = { 'aria-label': t(STATE_TEXT[state]), role: 'img' };
  if (state === 'done') return <CheckCircleFilled className="task-icon task-icon-done" {...props} />;
  if (state === 'warn') return <ExclamationCircleFilled className="task-icon task-icon-warn" {...props} />;
  return <ClockCircleOutlined className="task-icon task-icon-open" {...props} />;
}

/** Where a task's link goes: the service gives hash routes, with or without the '#'. */
function taskRoute(link: string): string {
  const path = link.replace(/^#/, '');
  return path.startsWith('/') ? path : `/${path}`;
}

/** One row per task, in the order given: state, title, count, what is left, and the way to the work. */
export function TaskList({ tasks }: { tasks: DayTask[] }) {
  const { t, label } = useI18n();
  if (tasks.length === 0) return <Empty description={t('没有要做的事')} />;
  return (
    <ul className="day-tasks">
      {tasks.map((task) => (
        <li key={`${task.area}:${task.key}`} className={`day-task day-task-${task.state}`} data-task={task.key}>
          <TaskStateIcon state={task.state} />
          <Link to={taskRoute(task.link)} className="day-task-link">
            <span className="day-task-title">{label(task.title)}</span>
            {task.count !== null && (
              <Tag
                color={task.state === 'done' ? 'default' : task.state === 'warn' ? 'orange' : 'blue'}
                className="day-task-count"
              >
                {task.count}
              </Tag>
            )}
            <span className="day-task-detail">{task.detail}</span>
            <RightOutlined className="day-task-go" />
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** 今日工作台's "今天的工作": every area's tasks for today. */
export function TodayTasks() {
  const date = useStoreToday();
  const { data, error, reload } = useQuery('today.tasks', { date });
  return (
    <Loaded data={data} error={error} reload={reload}>
      {(day) => <TaskList tasks={day.tasks} />}
    </Loaded>
  );
}
