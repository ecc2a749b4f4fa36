import { Card, Descriptions, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { reportCharts } from '../../../src-shared/charts/report-charts';
import {
  COMEBACK_STATE_LABELS,
  COMPLAINT_LEVEL_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_TYPE_LABELS,
  COMPLAINT_VERDICT_LABELS,
  LOST_REASON_LABELS,
} from '../../../src-shared/domain/complaints';
import { RO_TYPE_LABELS } from '../../../src-shared/domain/enums';
import { orDash, percentText } from '../../../src-shared/domain/report-format';
import {
  type AppointmentSection,
  type ClaimsSection,
  type ComebackEntry,
  type ComebackSection,
  type ComplaintEntry,
  type ComplaintSection,
  type FilingSection,
  type FirstServiceSection,
  FUNNEL_STAGE_LABELS,
  FUNNEL_STAGES,
  type InvitationSection,
  type LostSection,
  type ProblemCustomer,
  type Report,
  type RevisitSection,
  type RevisitTally,
  type RoVolumeSection,
  type SatisfactionSection,
} from '../../../src-shared/domain/reports';
import { CALL_KIND_LABELS, DEPARTMENT_LABELS } from '../../../src-shared/domain/revisits';
import { EChart } from '../../components/echart';
import { instantText, money, phoneText } from '../../components/format';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { complaintPath } from '../complaints/paths';

/** One section of the report: a titled card whose id the tests and the table of contents use. */
function Section({
  id,
  title,
  extra,
  children,
}: {
  id: string;
  title: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card size="small" title={title} extra={extra} className="report-section" data-section={id}>
      {children}
    </Card>
  );
}

/** The formula the figure follows, as the page states it. */
function Formula({ text }: { text: string }) {
  const { t } = useI18n();
  if (!text) return null;
  return (
    <Typography.Paragraph type="secondary" className="report-formula">
      {t('计算方法：')}
      {text}
    </Typography.Paragraph>
  );
}

function Figures({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <Descriptions
      size="small"
      column={{ xs: 2, sm: 3, md: 4, lg: 6 }}
      className="report-figures-line"
      items={items.map((item) => ({ key: item.label, label: item.label, children: item.value }))}
    />
  );
}

function SmallTable<T extends object>({
  rows,
  columns,
  rowKey,
  empty,
  summary,
}: {
  rows: T[];
  columns: ColumnsType<T>;
  rowKey: (row: T, index?: number) => string | number;
  empty: string;
  summary?: () => ReactNode;
}) {
  return (
    <Table<T>
      size="small"
      className="report-table"
      rowKey={rowKey}
      dataSource={rows}
      columns={columns}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <span className="report-empty">{empty}</span> }}
      {...(summary ? { summary } : {})}
    />
  );
}

/** A cell of two lines: a name over its phone, a plate over its RO number. */
function TwoLines({ first, second }: { first: string; second: string | null }) {
  return (
    <>
      <div>{first}</div>
      {second && <div className="report-second-line">{second}</div>}
    </>
  );
}

// ---- charts ----

/** The report's charts (the same ECharts options the print renders to SVG). */
export function ReportChartsGrid({ report }: { report: Report }) {
  const charts = reportCharts(report);
  if (charts.length === 0) return null;
  return (
    <div className="report-charts">
      {charts.map((chart) => (
        <Card size="small" key={chart.key} className="report-chart" data-chart={chart.key}>
          <EChart option={chart.option} label={chart.title} height={260} />
        </Card>
      ))}
    </div>
  );
}

// ---- sections ----

function tallyColumns(t: ReturnType<typeof useI18n>['t']): ColumnsType<RevisitTally & { name: string }> {
  const n = (key: keyof RevisitTally, title: string) => ({ key, title, dataIndex: key, align: 'right' as const });
  return [
    { key: 'name', title: t('回访类型'), dataIndex: 'name' },
    n('due', t('应回访')),
    n('done', t('已回访')),
    n('reached', t('接通')),
    n('unreached', t('未接通')),
    n('open', t('未完成')),
  ];
}

export function RevisitsSection({ section }: { section: RevisitSection }) {
  const { t, label } = useI18n();
  const rows = [
    ...section.byKind.map((k) => ({ ...k, name: label(CALL_KIND_LABELS[k.kind]) })),
    { ...section.total, name: t('合计') },
  ];
  return (
    <Section id="revisits" title={t('回访')}>
      <Figures
        items={[
          { label: t('应回访'), value: section.total.due },
          { label: t('已回访'), value: section.total.done },
          { label: t('回访完成率'), value: percentText(section.doneRate) },
          { label: t('接通率'), value: percentText(section.reachRate) },
        ]}
      />
      <SmallTable rows={rows} columns={tallyColumns(t)} rowKey={(r) => r.name} empty={t('本期没有应回访')} />
      <Formula text={section.formula} />
    </Section>
  );
}

export function SatisfactionBlock({ section, monthly }: { section: SatisfactionSection; monthly: boolean }) {
  const { t, label } = useI18n();
  return (
    <Section id="satisfaction" title={monthly ? t('月客户满意度回访表') : t('满意度')}>
      <Figures
        items={[
          { label: t('满意度回访'), value: section.calls },
          { label: t('回答'), value: section.overall.answers },
          { label: t('满意'), value: section.overall.satisfied },
          { label: t('总满意率'), value: percentText(section.overall.rate) },
        ]}
      />
      <Typography.Title level={5} className="report-subtitle">
        {t('各部门满意率')}
      </Typography.Title>
      <SmallTable
        rows={section.departments}
        rowKey={(r) => r.department}
        empty={t('本期没有满意度回答')}
        columns={[
          { key: 'department', title: t('部门'), render: (_, r) => label(DEPARTMENT_LABELS[r.department]) },
          { key: 'answers', title: t('回答'), dataIndex: 'answers', align: 'right' },
          { key: 'satisfied', title: t('满意'), dataIndex: 'satisfied', align: 'right' },
          { key: 'rate', title: t('满意率'), align: 'right', render: (_, r) => percentText(r.rate) },
          { key: 'problems', title: t('问题客户'), dataIndex: 'problems', align: 'right' },
        ]}
      />
      <Typography.Title level={5} className="report-subtitle">
        {t('各问题满意率')}
      </Typography.Title>
      <SmallTable
        rows={section.questions}
        rowKey={(r) => r.key}
        empty={t('本期没有满意度回答')}
        columns={[
          { key: 'text', title: t('问题'), dataIndex: 'text' },
          {
            key: 'department',
            title: t('部门'),
            render: (_, r) => (r.department ? label(DEPARTMENT_LABELS[r.department]) : '—'),
          },
          { key: 'answers', title: t('回答'), dataIndex: 'answers', align: 'right' },
          { key: 'satisfied', title: t('满意'), dataIndex: 'satisfied', align: 'right' },
          { key: 'rate', title: t('满意率'), align: 'right', render: (_, r) => percentText(r.rate) },
        ]}
      />
      <Formula text={section.formula} />
    </Section>
  );
}

export function ProblemsSection({ rows }: { rows: ProblemCustomer[] }) {
  const { t, label } = useI18n();
  return (
    <Section id="problems" title={t('问题客户及处理')}>
      <SmallTable
        rows={rows}
        rowKey={(r) => r.problemId}
        empty={t('本期没有问题客户')}
        columns={[
          { key: 'on', title: t('回访日期'), dataIndex: 'on' },
          { key: 'department', title: t('部门'), render: (_, r) => label(DEPARTMENT_LABELS[r.department]) },
          {
            key: 'customer',
            title: t('客户'),
            render: (_, r) => <TwoLines first={orDash(r.customerName)} second={r.phone ? phoneText(r.phone) : null} />,
          },
          {
            key: 'vehicle',
            title: t('车牌'),
            render: (_, r) => <TwoLines first={orDash(r.plate)} second={r.roNumber} />,
          },
          { key: 'words', title: t('客户反映'), dataIndex: 'words', className: 'report-wrap' },
          { key: 'action', title: t('处理措施'), render: (_, r) => orDash(r.action), className: 'report-wrap' },
          { key: 'result', title: t('处理结果'), render: (_, r) => orDash(r.result), className: 'report-wrap' },
          { key: 'doneOn', title: t('处理完成'), render: (_, r) => r.doneOn ?? t('未处理完') },
          { key: 'complaint', title: t('转投诉'), render: (_, r) => orDash(r.complaintNo) },
        ]}
      />
    </Section>
  );
}

export function ComebacksBlock({ section }: { section: ComebackSection }) {
  const { t, label } = useI18n();
  return (
    <Section id="comebacks" title={t('返修')}>
      <Figures
        items={[
          { label: t('返修'), value: section.count },
          { label: t('已关闭'), value: section.closed },
        ]}
      />
      <SmallTable<ComebackEntry>
        rows={section.rows}
        rowKey={(r) => r.id}
        empty={t('本期没有返修')}
        columns={[
          { key: 'date', title: t('日期'), dataIndex: 'date' },
          { key: 'plate', title: t('车牌'), render: (_, r) => orDash(r.plate) },
          { key: 'ro', title: t('修理单号'), render: (_, r) => orDash(r.roNumber) },
          { key: 'earlier', title: t('上次修理单'), render: (_, r) => orDash(r.earlierRoNumber) },
          { key: 'words', title: t('客户反映'), dataIndex: 'words', className: 'report-wrap' },
          { key: 'cause', title: t('原因'), render: (_, r) => orDash(r.cause), className: 'report-wrap' },
          { key: 'result', title: t('处理结果'), render: (_, r) => orDash(r.result), className: 'report-wrap' },
          { key: 'state', title: t('状态'), render: (_, r) => label(COMEBACK_STATE_LABELS[r.state]) },
        ]}
      />
    </Section>
  );
}

export function ComplaintsBlock({ section, monthly }: { section: ComplaintSection; monthly: boolean }) {
  const { t, label } = useI18n();
  return (
    <Section id="complaints" title={monthly ? t('投诉处理表') : t('投诉')}>
      <Figures
        items={[
          { label: t('新投诉'), value: section.opened },
          { label: t('已结案'), value: section.closed },
          { label: t('期末未结案'), value: section.stillOpen },
          {
            label: t('平均处理天数'),
            value: section.averageDaysToClose === null ? '—' : section.averageDaysToClose.toFixed(1),
          },
        ]}
      />
      <SmallTable<ComplaintEntry>
        rows={section.rows}
        rowKey={(r) => r.id}
        empty={t('本期没有投诉')}
        columns={[
          { key: 'no', title: t('投诉编号'), render: (_, r) => <Link to={complaintPath(r.id)}>{r.no}</Link> },
          { key: 'openedOn', title: t('登记日期'), dataIndex: 'openedOn' },
          { key: 'customer', title: t('客户'), render: (_, r) => orDash(r.customerName) },
          { key: 'plate', title: t('车牌'), render: (_, r) => orDash(r.plate) },
          { key: 'type', title: t('类型'), render: (_, r) => label(COMPLAINT_TYPE_LABELS[r.type]) },
          { key: 'level', title: t('级别'), render: (_, r) => label(COMPLAINT_LEVEL_LABELS[r.level]) },
          { key: 'department', title: t('部门'), render: (_, r) => label(DEPARTMENT_LABELS[r.department]) },
          { key: 'owner', title: t('负责人'), render: (_, r) => orDash(r.owner) },
          { key: 'resolution', title: t('处理结果'), render: (_, r) => orDash(r.resolution), className: 'report-wrap' },
          { key: 'state', title: t('状态'), render: (_, r) => label(COMPLAINT_STATE_LABELS[r.state]) },
          { key: 'closedOn', title: t('结案日期'), render: (_, r) => orDash(r.closedOn) },
          {
            key: 'days',
            title: t('处理天数'),
            align: 'right',
            render: (_, r) => (r.daysToClose === null ? '—' : r.daysToClose),
          },
          {
            key: 'verdict',
            title: t('客户评价'),
            render: (_, r) => (r.verdict ? label(COMPLAINT_VERDICT_LABELS[r.verdict]) : '—'),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" className="report-formula">
        {t('按类型：')}
        {section.byType.map((x) => `${label(COMPLAINT_TYPE_LABELS[x.type])} ${x.count}`).join('，')}
        {'；'}
        {t('按级别：')}
        {section.byLevel.map((x) => `${label(COMPLAINT_LEVEL_LABELS[x.level])} ${x.count}`).join('，')}
      </Typography.Paragraph>
    </Section>
  );
}

export function InvitationsBlock({ section }: { section: InvitationSection }) {
  const { t, label } = useI18n();
  return (
    <Section id="invitations" title={t('招揽')}>
      <Figures
        items={[
          { label: t('本期寄信'), value: section.lettersSent },
          { label: t('寄信后已进厂'), value: section.lettersCame },
          ...FUNNEL_STAGES.map((stage) => ({ label: label(FUNNEL_STAGE_LABELS[stage]), value: section.funnel[stage] })),
          { label: t('转化率'), value: percentText(section.funnel.conversion) },
        ]}
      />
      <Formula text={section.formula} />
    </Section>
  );
}

export function AppointmentsBlock({ section }: { section: AppointmentSection }) {
  const { t } = useI18n();
  return (
    <Section id="appointments" title={t('预约')}>
      <Figures
        items={[
          { label: t('预约'), value: section.booked },
          { label: t('已到店'), value: section.arrived },
          { label: t('爽约'), value: section.noShow },
          { label: t('已取消'), value: section.cancelled },
          { label: t('守约率'), value: percentText(section.keptRate) },
        ]}
      />
      <Formula text={t('守约率 = 已到店 ÷（预约 − 已取消）')} />
    </Section>
  );
}

export function LostBlock({ section }: { section: LostSection }) {
  const { t, label } = useI18n();
  const c = section.churn;
  return (
    <Section id="lost" title={t('客户流失')}>
      <Figures
        items={[
          { label: t('基数（{month} 进厂车辆）', { month: c.baseMonth }), value: c.base },
          { label: t('之后回厂'), value: c.returned },
          { label: t('流失率'), value: percentText(c.churn) },
          { label: t('首保后二保率'), value: percentText(c.retention) },
          { label: t('流失召回电话'), value: section.winbackCalls },
          { label: t('召回接通'), value: section.winbackReached },
        ]}
      />
      <Formula text={c.formula} />
      <SmallTable
        rows={section.reasons}
        rowKey={(r) => r.reason}
        empty={t('本月没有记录流失原因')}
        columns={[
          { key: 'reason', title: t('流失原因'), render: (_, r) => label(LOST_REASON_LABELS[r.reason]) },
          { key: 'count', title: t('车辆'), dataIndex: 'count', align: 'right' },
        ]}
      />
    </Section>
  );
}

export function FirstServiceBlock({ section }: { section: FirstServiceSection }) {
  const { t } = useI18n();
  return (
    <Section id="firstService" title={t('首保登记')}>
      <Figures
        items={[
          { label: t('本月登记'), value: section.registered },
          { label: t('已交销售部'), value: section.handedOver },
          { label: t('待交接（全部）'), value: section.waiting },
        ]}
      />
    </Section>
  );
}

export function RoVolumeBlock({ section }: { section: RoVolumeSection }) {
  const { t, label } = useI18n();
  return (
    <Section id="roVolume" title={t('进厂台次与产值')}>
      <Figures
        items={[
          { label: t('进厂台次'), value: section.total.count },
          { label: t('金额'), value: money(section.total.totalFen) },
        ]}
      />
      <div className="report-two">
        <SmallTable
          rows={section.byType}
          rowKey={(r) => r.type}
          empty={t('本期没有修理单')}
          columns={[
            { key: 'type', title: t('类型'), render: (_, r) => label(RO_TYPE_LABELS[r.type]) },
            { key: 'count', title: t('台次'), dataIndex: 'count', align: 'right' },
            { key: 'fen', title: t('金额'), align: 'right', render: (_, r) => money(r.totalFen) },
          ]}
        />
        <SmallTable
          rows={section.byAdvisor}
          rowKey={(r) => r.advisor}
          empty={t('本期没有修理单')}
          columns={[
            { key: 'advisor', title: t('服务顾问'), render: (_, r) => r.advisor || t('未填') },
            { key: 'count', title: t('台次'), dataIndex: 'count', align: 'right' },
            { key: 'fen', title: t('金额'), align: 'right', render: (_, r) => money(r.totalFen) },
          ]}
        />
      </div>
    </Section>
  );
}

export function FilingBlock({ section }: { section: FilingSection }) {
  const { t } = useI18n();
  return (
    <Section id="filing" title={t('归档')}>
      <Figures
        items={[
          { label: t('应归档单据'), value: section.required },
          { label: t('已归档'), value: section.filed },
          { label: t('缺失'), value: section.missing },
          { label: t('缺单据的修理单'), value: section.rosIncomplete },
        ]}
      />
    </Section>
  );
}

export function ClaimsBlock({ section }: { section: ClaimsSection }) {
  const { t } = useI18n();
  return (
    <Section id="claims" title={t('索赔')}>
      <Figures
        items={[
          { label: t('首次上报'), value: section.reported },
          { label: t('按期上报'), value: section.reportedOnTime },
          { label: t('批准'), value: section.approved },
          { label: t('批准金额'), value: money(section.approvedFen) },
          { label: t('驳回'), value: section.rejected },
          { label: t('结算'), value: section.paid },
          { label: t('结算金额'), value: money(section.paidFen) },
        ]}
      />
      <SmallTable
        rows={section.byType}
        rowKey={(r) => r.type}
        empty={t('本月没有批准的索赔')}
        columns={[
          { key: 'type', title: t('索赔类型'), render: (_, r) => r.label || r.type },
          { key: 'approved', title: t('批准'), dataIndex: 'approved', align: 'right' },
          { key: 'fen', title: t('批准金额'), align: 'right', render: (_, r) => money(r.approvedFen) },
        ]}
      />
    </Section>
  );
}

/** The whole report: its charts, then every section in the order the print has them. */
export function ReportSections({ report }: { report: Report }) {
  const { t } = useI18n();
  const monthly = report.kind === 'monthly';
  return (
    <div className="report-body" data-report={report.period.key}>
      <Typography.Paragraph type="secondary" className="report-made">
        {t('{store} · {period} · 生成于 {at}', {
          store: report.storeName,
          period: report.period.label,
          at: instantText(report.generatedAt),
        })}
      </Typography.Paragraph>
      <ReportChartsGrid report={report} />
      <div className="report-sections">
        <RevisitsSection section={report.revisits} />
        <SatisfactionBlock section={report.satisfaction} monthly={monthly} />
        <ProblemsSection rows={report.problems} />
        {report.kind === 'weekly' ? (
          <>
            <ComebacksBlock section={report.comebacks} />
            <ComplaintsBlock section={report.complaints} monthly={false} />
            <InvitationsBlock section={report.invitations} />
            <AppointmentsBlock section={report.appointments} />
          </>
        ) : (
          <>
            <ComplaintsBlock section={report.complaints} monthly />
            <LostBlock section={report.lost} />
            <FirstServiceBlock section={report.firstService} />
            <InvitationsBlock section={report.invitations} />
            <RoVolumeBlock section={report.roVolume} />
            <FilingBlock section={report.filing} />
            <ClaimsBlock section={report.claims} />
          </>
        )}
      </div>
    </div>
  );
}
