import { EditOutlined, PhoneOutlined, PrinterOutlined, ToolOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Steps, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import {
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_TYPE_LABELS,
  type Complaint,
  DEFAULT_COMPLAINT_SETTINGS,
} from '../../../src-shared/domain/complaints';
import { DEPARTMENT_LABELS } from '../../../src-shared/domain/revisits';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useQuery } from '../../api/client';
import { StaleAlert } from '../../components/form-support';
import { instantText, phoneText } from '../../components/format';
import { LoadingPage, PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import { callPath, PROBLEMS_PATH } from '../revisits/paths';
import { ComplaintStateTag, Deadline, LevelTag } from './complaint-cells';
import { hoursText } from './complaint-fields';
import { ActionsCard, CallbackCard, ComebackModal, EditModal, ResolutionCard } from './complaint-loop';
import { ComplaintPrintPreview } from './complaint-print';
import { COMPLAINTS_PATH, complaintTabPath } from './paths';

/** The queue key of a complaint's callback (二次回访) in 回访 → 今日电话. */
export function complaintCallbackKey(id: number): string {
  return `callback:complaint:${id}`;
}

/** One complaint: the facts, deadlines, 处理过程, 处理结果, 二次回访, the loop's steps, the forms to print. */
export function ComplaintPage({ id }: { id: number }) {
  const { data, error, reload } = useQuery('complaints.get', { id });
  if (!data) return <LoadingPage data={data} error={error} reload={reload} />;
  return <ComplaintView complaint={data} reload={reload} />;
}

function ComplaintView({ complaint: c, reload }: { complaint: Complaint; reload(): void }) {
  const { t } = useI18n();
  const [conflict, setConflict] = useState<AppErrorShape | null>(null);
  const [editing, setEditing] = useState(false);
  const [marking, setMarking] = useState(false);
  const [printing, setPrinting] = useState<'complaintForm' | 'complaintConfirmation' | null>(null);
  const settings = useQuery('complaintSettings.get', {});
  const users = useQuery('users.list', {});
  /** A write refused because someone changed the complaint meanwhile: say so and offer 刷新. */
  const onConflict = (e: AppErrorShape) => setConflict(e);
  const closed = c.state === 'closed';

  return (
    <div className="page complaint-page" data-id={c.id} data-state={c.state}>
      <PageHeader
        crumbs={[
          { label: t('投诉'), to: COMPLAINTS_PATH },
          { label: t('投诉登记'), to: COMPLAINTS_PATH },
          { label: c.no },
        ]}
        title={
          <span>
            {t('投诉')} <span className="mono complaint-title-no">{c.no}</span>
          </span>
        }
        subtitle={[c.customerName, c.plate].filter(Boolean).join(' ')}
        tags={
          <Space size={4}>
            <LevelTag level={c.level} />
            <ComplaintStateTag state={c.state} reopened={c.reopened} />
          </Space>
        }
        actions={
          <>
            {!closed && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} className="edit-complaint">
                {t('修改')}
              </Button>
            )}
            {c.vehicleId !== null &&
              (c.comebackId !== null ? (
                <Button icon={<ToolOutlined />} onClick={() => void navigate(complaintTabPath('comebacks'))}>
                  {t('已登记返修')}
                </Button>
              ) : (
                <Button icon={<ToolOutlined />} onClick={() => setMarking(true)} className="mark-comeback">
                  {t('标记返修')}
                </Button>
              ))}
            <Button icon={<PrinterOutlined />} onClick={() => setPrinting('complaintForm')} className="print-form">
              {t('客户投诉处理单')}
            </Button>
            {c.level === 'major' && (
              <Button
                icon={<PrinterOutlined />}
                onClick={() => setPrinting('complaintConfirmation')}
                className="print-confirmation"
              >
                {t('客户投诉解决确认书')}
              </Button>
            )}
          </>
        }
      />
      <StaleAlert
        error={conflict}
        title={t('这条投诉刚被别人修改过，你的操作没有保存')}
        className="complaint-conflict"
        onReload={() => {
          setConflict(null);
          reload();
        }}
      />
      <LoopSteps complaint={c} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={11}>
          <FactsCard complaint={c} />
          <DeadlinesCard
            complaint={c}
            callbackDays={settings.data?.callbackWithinDays ?? DEFAULT_COMPLAINT_SETTINGS.callbackWithinDays}
          />
        </Col>
        <Col xs={24} lg={13}>
          <ActionsCard complaint={c} onConflict={onConflict} />
          <ResolutionCard complaint={c} onConflict={onConflict} />
          <CallbackCard
            complaint={c}
            onConflict={onConflict}
            callKey={complaintCallbackKey(c.id)}
            callLink={
              c.state === 'resolved' ? (
                <Button
                  size="small"
                  icon={<PhoneOutlined />}
                  onClick={() => void navigate(callPath(complaintCallbackKey(c.id)))}
                  className="go-call"
                >
                  {t('去回访队列打电话')}
                </Button>
              ) : null
            }
          />
        </Col>
      </Row>
      {editing && (
        <EditModal
          complaint={c}
          settings={settings.data ?? DEFAULT_COMPLAINT_SETTINGS}
          users={users.data ?? []}
          onConflict={onConflict}
          onClose={() => setEditing(false)}
        />
      )}
      {marking && <ComebackModal complaint={c} onClose={() => setMarking(false)} />}
      {printing && <ComplaintPrintPreview id={c.id} doc={printing} onClose={() => setPrinting(null)} />}
    </div>
  );
}

/** 登记 → 处理 → 待回访 → 闭环, with how often a callback sent it back. */
function LoopSteps({ complaint: c }: { complaint: Complaint }) {
  const { t } = useI18n();
  const current = c.state === 'closed' ? 3 : c.state === 'resolved' ? 2 : 1;
  return (
    <Card size="small" className="section complaint-steps">
      <Steps
        size="small"
        current={current}
        status={c.state === 'closed' ? 'finish' : 'process'}
        items={[
          { title: t('登记'), description: instantText(c.openedAt) },
          {
            title: t('处理'),
            description: c.resolvedAt
              ? instantText(c.resolvedAt)
              : c.respondedAt
                ? t('已回复 {at}', { at: instantText(c.respondedAt) })
                : t('待回复'),
          },
          {
            title: t('待回访'),
            description: c.callbackDueBy ? t('{date} 前回访', { date: c.callbackDueBy }) : undefined,
          },
          { title: t('闭环'), description: c.closedAt ? instantText(c.closedAt) : undefined },
        ]}
      />
      {c.reopened > 0 && (
        <Typography.Text type="warning" className="small reopened-note">
          {t('客户回访不满意或未闭环，已重新处理 {n} 次', { n: c.reopened })}
        </Typography.Text>
      )}
    </Card>
  );
}

function FactsCard({ complaint: c }: { complaint: Complaint }) {
  const { t, label } = useI18n();
  return (
    <Card size="small" title={t('投诉登记')} className="section complaint-facts">
      <Descriptions
        size="small"
        column={2}
        colon={false}
        items={[
          { key: 'channel', label: t('渠道'), children: label(COMPLAINT_CHANNEL_LABELS[c.channel]) },
          {
            key: 'opened',
            label: t('登记'),
            children: `${instantText(c.openedAt)} ${c.openedBy}`,
          },
          {
            key: 'customer',
            label: t('客户'),
            children: <Link to={`/archive/customers/${c.customerId}`}>{c.customerName ?? '—'}</Link>,
          },
          { key: 'phone', label: t('电话'), children: <span className="phone">{phoneText(c.phone)}</span> },
          {
            key: 'vehicle',
            label: t('车辆'),
            children: c.vehicleId ? (
              <Link to={`/archive/vehicles/${c.vehicleId}`}>{[c.plate, c.model].filter(Boolean).join(' ') || '—'}</Link>
            ) : (
              '—'
            ),
          },
          {
            key: 'ro',
            label: t('修理单'),
            children: c.roId ? <Link to={`/archive/repair-orders/${c.roId}`}>{c.roNumber}</Link> : '—',
          },
          { key: 'advisor', label: t('服务顾问'), children: c.advisor || '—' },
          { key: 'owner', label: t('负责人'), children: c.ownerName ?? <span className="muted">{t('未指定')}</span> },
          {
            key: 'department',
            label: t('责任部门'),
            children: (
              <span>
                {label(DEPARTMENT_LABELS[c.department])}
                {c.secondaryDepartments.length > 0 && (
                  <span className="muted">
                    {' '}
                    {t('次要：{d}', { d: c.secondaryDepartments.map((d) => label(DEPARTMENT_LABELS[d])).join('、') })}
                  </span>
                )}
              </span>
            ),
          },
          { key: 'type', label: t('类型'), children: label(COMPLAINT_TYPE_LABELS[c.type]) },
          {
            key: 'description',
            label: t('客户反映'),
            span: 2,
            children: <div className="call-words complaint-words">“{c.description}”</div>,
          },
          ...(c.demand ? [{ key: 'demand', label: t('客户诉求'), span: 2, children: c.demand }] : []),
          ...(c.callProblemId !== null
            ? [
                {
                  key: 'from',
                  label: t('来源'),
                  span: 2,
                  children: <Link to={PROBLEMS_PATH}>{t('回访问题客户')}</Link>,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function DeadlinesCard({ complaint: c, callbackDays }: { complaint: Complaint; callbackDays: number }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('时限')} className="section complaint-deadlines">
      <Descriptions
        size="small"
        column={1}
        colon={false}
        items={[
          {
            key: 'respond',
            label: t('回复期限'),
            children: (
              <Space size={6} wrap>
                <Deadline
                  value={c.respondBy}
                  overdue={c.overdue.response}
                  done={c.respondedAt !== null}
                  kind="response"
                />
                <span className="muted small">{t('处理时效 {h}', { h: hoursText(c.respondWithinHours, t) })}</span>
                {c.respondedAt && <Tag color="green">{t('已回复 {at}', { at: instantText(c.respondedAt) })}</Tag>}
              </Space>
            ),
          },
          {
            key: 'resolve',
            label: t('解决期限'),
            children: (
              <div>
                <Space size={6} wrap>
                  <Deadline
                    value={c.resolveBy}
                    overdue={c.overdue.resolution}
                    done={c.resolvedAt !== null}
                    kind="resolution"
                  />
                  <span className="muted small">
                    {t('登记后 {n} 个工作日（按法定节假日和调休）', { n: c.resolveWorkingDays })}
                  </span>
                </Space>
                {c.resolveByApproximate && (
                  <Alert
                    type="warning"
                    showIcon
                    className="approximate-note"
                    title={t('期限跨入的年份还没有节假日安排，暂按周末推算，请核对')}
                  />
                )}
              </div>
            ),
          },
          {
            key: 'callback',
            label: t('二次回访'),
            children: c.callbackDueBy ? (
              <Deadline
                value={c.callbackDueBy}
                overdue={c.overdue.callback}
                done={c.state === 'closed'}
                kind="callback"
              />
            ) : (
              <span className="muted">{t('处理完毕后 {n} 天内', { n: callbackDays })}</span>
            ),
          },
        ]}
      />
      {c.state === 'closed' && (
        <Tooltip title={c.closedBy ?? ''}>
          <Tag color="green" className="closed-tag">
            {t('已闭环 {at}', { at: instantText(c.closedAt) })}
          </Tag>
        </Tooltip>
      )}
    </Card>
  );
}
