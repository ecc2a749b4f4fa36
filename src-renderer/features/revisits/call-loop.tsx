import { FileAddOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Radio,
  Skeleton,
  Space,
  Switch,
  Tag,
  Tooltip,
} from 'antd';
import {
  COMPLAINT_TYPE_LABELS,
  type ComplaintVerdict,
  LOST_REASON_LABELS,
  LOST_REASONS,
  type LostReason,
} from '../../../src-shared/domain/complaints';
import { type CallDetail, type CallProblem, DEPARTMENT_LABELS } from '../../../src-shared/domain/revisits';
import { useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import { ComplaintStateTag, LevelTag } from '../complaints/complaint-cells';
import { CallbackFields, reopens } from '../complaints/complaint-loop';
import { complaintPath, newComplaintPath } from '../complaints/paths';

/**
 * The call screen's part of the complaints loop (issue 12): a complaint callback (二次回访) asks the
 * verdict and 是否闭环; a win-back call (流失召回) asks why the customer stopped coming; any reached
 * call may hand a comeback (返修) to the service manager; a call's problems turn into complaints.
 */

export interface LoopValues {
  complaint?: { verdict?: ComplaintVerdict; closedLoop?: boolean };
  lostReason?: { reason?: LostReason; words?: string; stopContact?: boolean };
  withComeback?: boolean;
  comeback?: { words?: string };
}

/** The complaint a callback:complaint:N call is about, or null. */
export function complaintIdOf(key: string): number | null {
  const m = /^callback:complaint:(\d{1,12})$/.exec(key);
  return m ? Number(m[1]) : null;
}

/** True for a win-back call (流失召回): reminder:vehicle:N. */
export function isWinback(key: string): boolean {
  return /^reminder:vehicle:\d{1,12}$/.test(key);
}

/** The fields record() must check for a reached call of this kind (besides its own). */
export function loopFieldsToCheck(key: string, values: LoopValues): (string | number)[][] {
  const fields: (string | number)[][] = [];
  if (complaintIdOf(key) !== null) fields.push(['complaint', 'verdict'], ['complaint', 'closedLoop']);
  if (isWinback(key) && values.lostReason?.reason) fields.push(['lostReason', 'words']);
  if (values.withComeback) fields.push(['comeback', 'words']);
  return fields;
}

/** What calls.record takes from these parts (reached calls only). */
export function loopInput(key: string, values: LoopValues, reached: boolean) {
  const complaint =
    reached && complaintIdOf(key) !== null && values.complaint?.verdict && values.complaint.closedLoop !== undefined
      ? { verdict: values.complaint.verdict, closedLoop: values.complaint.closedLoop }
      : null;
  const lostReason =
    reached && isWinback(key) && values.lostReason?.reason
      ? {
          reason: values.lostReason.reason,
          words: values.lostReason.words ?? '',
          stopContact: values.lostReason.stopContact ?? false,
        }
      : null;
  const comeback = reached && values.withComeback ? { words: values.comeback?.words ?? '' } : null;
  return { complaint, lostReason, comeback };
}

/** Where a server field path of these parts lands on the call form. */
export function loopFieldOf(path: string): (string | number)[] | null {
  const [head, second, third] = path.split('.');
  if (third !== undefined || !second) return null;
  if (head === 'complaint' && (second === 'verdict' || second === 'closedLoop')) return ['complaint', second];
  if (head === 'lostReason' && ['reason', 'words', 'stopContact'].includes(second)) return ['lostReason', second];
  if (head === 'comeback' && second === 'words') return ['comeback', 'words'];
  return null;
}

/** The parts this call shows, in the right column above the outcomes. */
export function CallLoop({ detail, closed }: { detail: CallDetail; closed: boolean }) {
  const complaintId = complaintIdOf(detail.entry.key);
  return (
    <>
      {complaintId !== null && <ComplaintCallbackCard complaintId={complaintId} closed={closed} />}
      {isWinback(detail.entry.key) && !closed && <WinbackCard />}
      {!closed && detail.vehicle && <ComebackCard />}
    </>
  );
}

/** 投诉二次回访: what the complaint was and how it was resolved; the verdict and 是否闭环 (required). */
function ComplaintCallbackCard({ complaintId, closed }: { complaintId: number; closed: boolean }) {
  const { t, label } = useI18n();
  const { data } = useQuery('complaints.get', { id: complaintId });
  const verdict = Form.useWatch(['complaint', 'verdict']) as ComplaintVerdict | undefined;
  const closedLoop = Form.useWatch(['complaint', 'closedLoop']) as boolean | undefined;
  return (
    <Card
      size="small"
      className="section complaint-callback-card"
      title={t('投诉二次回访')}
      extra={
        data ? (
          <Link to={complaintPath(data.id)} className="mono complaint-link">
            {data.no}
          </Link>
        ) : undefined
      }
    >
      {!data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          <Descriptions
            size="small"
            column={2}
            colon={false}
            className="facts"
            items={[
              {
                key: 'level',
                label: t('级别'),
                children: (
                  <Space size={4}>
                    <LevelTag level={data.level} />
                    <ComplaintStateTag state={data.state} reopened={data.reopened} />
                  </Space>
                ),
              },
              {
                key: 'type',
                label: t('类型'),
                children: `${label(COMPLAINT_TYPE_LABELS[data.type])} · ${label(DEPARTMENT_LABELS[data.department])}`,
              },
              {
                key: 'words',
                label: t('客户反映'),
                span: 2,
                children: <div className="call-words">“{data.description}”</div>,
              },
              {
                key: 'resolution',
                label: t('处理结果'),
                span: 2,
                children: (
                  <span>
                    {data.resolution || '—'}
                    {data.customerAccepted === true && <Tag color="green">{t('客户接受')}</Tag>}
                    {data.customerAccepted === false && <Tag color="orange">{t('客户未接受')}</Tag>}
                    {data.resolvedAt && (
                      <span className="muted small">
                        {' '}
                        {instantText(data.resolvedAt)} {data.resolvedBy}
                      </span>
                    )}
                  </span>
                ),
              },
            ]}
          />
          {!closed && data.state === 'resolved' && (
            <div className="complaint-callback-fields">
              <CallbackFields names={{ verdict: ['complaint', 'verdict'], closedLoop: ['complaint', 'closedLoop'] }} />
              {reopens(verdict, closedLoop) && (
                <Alert
                  type="warning"
                  showIcon
                  className="reopen-note"
                  title={t('保存后投诉重新处理，请在“客户原话”里写下客户的意见')}
                />
              )}
            </div>
          )}
          {!closed && data.state !== 'resolved' && (
            <Alert
              type="info"
              showIcon
              title={
                data.state === 'closed'
                  ? t('这条投诉已经闭环，不用再回访')
                  : t('这条投诉正在重新处理，处理完毕后再回访')
              }
            />
          )}
        </>
      )}
    </Card>
  );
}

/** 流失召回: why the customer stopped coming (其他 needs the words), and 不再联系. */
function WinbackCard() {
  const { t, label } = useI18n();
  const reason = Form.useWatch(['lostReason', 'reason']) as LostReason | undefined;
  return (
    <Card size="small" className="section winback-card" title={t('流失原因')}>
      <Form.Item name={['lostReason', 'reason']} label={t('客户为什么没有再来')} className="lost-reason-item">
        <Radio.Group size="small" optionType="button">
          {LOST_REASONS.map((r) => (
            <Radio.Button key={r} value={r} data-reason={r}>
              {label(LOST_REASON_LABELS[r])}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      {reason && (
        <>
          <Form.Item
            name={['lostReason', 'words']}
            label={t('客户的说法')}
            rules={[
              {
                required: reason === 'other',
                whitespace: true,
                message: t('原因选“其他”时请写明客户的说法'),
              },
            ]}
          >
            <Input maxLength={200} placeholder={t('如：搬到城西了，在附近的店保养')} />
          </Form.Item>
          <Form.Item name={['lostReason', 'stopContact']} valuePropName="checked" className="stop-contact-item">
            <Checkbox>{t('不再联系（停止寄信和回访电话）')}</Checkbox>
          </Form.Item>
        </>
      )}
    </Card>
  );
}

/** 需要返修: the customer says the vehicle must come back; handed to the service manager with the words. */
function ComebackCard() {
  const { t } = useI18n();
  const on = Form.useWatch('withComeback') as boolean | undefined;
  return (
    <Card size="small" className="section comeback-card">
      <Form.Item
        name="withComeback"
        valuePropName="checked"
        label={t('需要返修')}
        layout="horizontal"
        colon={false}
        className="comeback-toggle-item"
        extra={on ? undefined : t('客户说车辆还有问题、要回厂再修时打开')}
      >
        <Switch size="small" className="comeback-toggle" />
      </Form.Item>
      {on && (
        <Form.Item
          name={['comeback', 'words']}
          label={t('客户反映的问题')}
          rules={[{ required: true, whitespace: true, message: t('请写明客户反映的问题') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={500}
            placeholder={t('照客户的原话记下，交服务经理')}
          />
        </Form.Item>
      )}
    </Card>
  );
}

/** 问题客户 of this call: each one to a complaint in one click, or the complaint it became. */
export function CallProblemsCard({ problems }: { problems: CallProblem[] }) {
  const { t, label } = useI18n();
  if (problems.length === 0) return null;
  return (
    <Card size="small" className="section call-problems-card" title={t('这通电话的问题')}>
      <ul className="call-problem-list">
        {problems.map((p) => (
          <li key={p.id} data-problem={p.id}>
            <Tag color="red">{label(DEPARTMENT_LABELS[p.department])}</Tag>
            <span className="call-words">{p.words ? `“${p.words}”` : p.questions.join('、')}</span>{' '}
            <ToComplaint problem={p} />
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** 转为投诉 for a problem; disabled with the complaint's number (a link) once it was turned into one. */
export function ToComplaint({ problem, size = 'small' }: { problem: CallProblem; size?: 'small' | 'middle' }) {
  const { t } = useI18n();
  if (problem.complaintId !== null) return <TurnedInto complaintId={problem.complaintId} size={size} />;
  return (
    <Button
      size={size}
      icon={<FileAddOutlined />}
      onClick={() => void navigate(newComplaintPath({ problemId: problem.id }))}
      className="to-complaint"
    >
      {t('转为投诉')}
    </Button>
  );
}

function TurnedInto({ complaintId, size }: { complaintId: number; size: 'small' | 'middle' }) {
  const { t } = useI18n();
  const { data } = useQuery('complaints.get', { id: complaintId });
  return (
    <Space size={4} className="turned-into">
      <Tooltip title={t('这个问题已经登记为投诉')}>
        <Button size={size} icon={<FileAddOutlined />} disabled className="to-complaint">
          {t('已转投诉')}
        </Button>
      </Tooltip>
      <Link to={complaintPath(complaintId)} className="mono complaint-link">
        {data?.no ?? t('查看投诉')}
      </Link>
    </Space>
  );
}
