import { CheckCircleOutlined, ExclamationCircleOutlined, WarningOutlined } from '@ant-design/icons';
import {
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Statistic,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type {
  AdvisorFigures,
  DailyReportFigures,
  MoneyTotals,
  ReportCheck,
  ReportRoRow,
  TypeFigures,
} from '../../../src-shared/domain/daily-report';
import { RO_TYPE_LABELS } from '../../../src-shared/domain/enums';
import { RoStatusTag, RoTypeTag } from '../../components/enum-labels';
import { instantText, money } from '../../components/format';
import { type Phrase, useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { reconcilePath } from '../reconciliation/reconcile.page';

/** Nothing happened that day: no archive RO in any section and no paper entry. */
export function isEmptyDay(f: DailyReportFigures): boolean {
  return (
    f.opened + f.inRepair + f.completed + f.delivered + f.settled + f.paperEntries === 0 &&
    f.sections.opened.length + f.sections.inRepair.length + f.sections.delivered.length === 0
  );
}

/** Findings' links are hash routes; accept them with or without the '#'. */
export function hashRoute(link: string): string {
  const path = link.replace(/^#/, '');
  return path.startsWith('/') ? path : `/${path}`;
}

const COUNTS: { key: keyof DailyReportFigures; title: Phrase }[] = [
  { key: 'opened', title: '进厂' },
  { key: 'inRepair', title: '在修' },
  { key: 'completed', title: '完工' },
  { key: 'delivered', title: '交车' },
  { key: 'settled', title: '结算' },
  { key: 'firstService', title: '首保' },
  { key: 'comebacks', title: '返修' },
  { key: 'paperEntries', title: '纸质补录' },
];

/** The day's figures: counts, money, per advisor and per type, and the three RO lists. */
export function ReportFigures({ figures }: { figures: DailyReportFigures }) {
  const { t } = useI18n();
  if (isEmptyDay(figures))
    return (
      <Card className="section">
        <Empty description={t('这一天没有修理单')} className="report-empty" />
      </Card>
    );
  return (
    <>
      <FigureCards figures={figures} />
      <Row gutter={[12, 0]}>
        <Col xs={24} xxl={12}>
          <ByAdvisor rows={figures.byAdvisor} totals={figures.totals} />
        </Col>
        <Col xs={24} xxl={12}>
          <ByType rows={figures.byType} totals={figures.totals} />
        </Col>
      </Row>
      <Sections figures={figures} />
    </>
  );
}

function FigureCards({ figures }: { figures: DailyReportFigures }) {
  const { t } = useI18n();
  return (
    <Card size="small" className="section report-figures">
      <Flex gap={8} wrap justify="space-between" align="flex-end">
        {COUNTS.map((c) => (
          <Statistic key={c.key} title={t(c.title)} value={figures[c.key] as number} data-figure={c.key} />
        ))}
        <span className="report-figures-divider" />
        <Statistic
          title={t('工时费')}
          value={money(figures.totals.laborFen)}
          className="money-stat"
          data-figure="laborFen"
        />
        <Statistic
          title={t('材料费')}
          value={money(figures.totals.partsFen)}
          className="money-stat"
          data-figure="partsFen"
        />
        <Statistic
          title={t('合计')}
          value={money(figures.totals.totalFen)}
          className="money-stat total-stat"
          data-figure="totalFen"
        />
      </Flex>
      <Typography.Text type="secondary" className="report-figures-note">
        {t('金额按当天交车（无交车时间的按结算）的修理单合计，单位：元。')}
      </Typography.Text>
    </Card>
  );
}

type FigureRow = (AdvisorFigures | TypeFigures) & { key: string };

function figureColumns(t: (p: Phrase) => string, first: TableColumnsType<FigureRow>[number]) {
  const columns: TableColumnsType<FigureRow> = [
    first,
    { title: t('进厂'), dataIndex: 'opened', align: 'right', width: 56 },
    { title: t('在修'), dataIndex: 'inRepair', align: 'right', width: 56 },
    { title: t('交车'), dataIndex: 'delivered', align: 'right', width: 56 },
    {
      title: t('工时费'),
      dataIndex: 'laborFen',
      align: 'right',
      render: (v: number) => <span className="money">{money(v)}</span>,
    },
    {
      title: t('材料费'),
      dataIndex: 'partsFen',
      align: 'right',
      render: (v: number) => <span className="money">{money(v)}</span>,
    },
    {
      title: t('合计'),
      dataIndex: 'totalFen',
      align: 'right',
      render: (v: number) => <span className="money">{money(v)}</span>,
    },
  ];
  return columns;
}

function TotalsRow({ rows, totals }: { rows: FigureRow[]; totals: MoneyTotals }) {
  const { t } = useI18n();
  const sum = (k: 'opened' | 'inRepair' | 'delivered') => rows.reduce((s, r) => s + r[k], 0);
  return (
    <Table.Summary.Row className="totals-row">
      <Table.Summary.Cell index={0}>{t('合计')}</Table.Summary.Cell>
      <Table.Summary.Cell index={1} align="right">
        {sum('opened')}
      </Table.Summary.Cell>
      <Table.Summary.Cell index={2} align="right">
        {sum('inRepair')}
      </Table.Summary.Cell>
      <Table.Summary.Cell index={3} align="right">
        {sum('delivered')}
      </Table.Summary.Cell>
      <Table.Summary.Cell index={4} align="right">
        <span className="money">{money(totals.laborFen)}</span>
      </Table.Summary.Cell>
      <Table.Summary.Cell index={5} align="right">
        <span className="money">{money(totals.partsFen)}</span>
      </Table.Summary.Cell>
      <Table.Summary.Cell index={6} align="right">
        <span className="money">{money(totals.totalFen)}</span>
      </Table.Summary.Cell>
    </Table.Summary.Row>
  );
}

function ByAdvisor({ rows, totals }: { rows: AdvisorFigures[]; totals: MoneyTotals }) {
  const { t, lang } = useI18n();
  // Chinese names in pinyin order, the one with no name last (the service leaves the UI to sort).
  const collator = new Intl.Collator(lang === 'en' ? 'en' : 'zh-CN');
  const data: FigureRow[] = [...rows]
    .sort((a, b) => (a.advisor === '' ? 1 : b.advisor === '' ? -1 : collator.compare(a.advisor, b.advisor)))
    .map((r) => ({ ...r, key: r.advisor }));
  return (
    <Card size="small" title={t('按服务顾问')} className="section">
      <Table<FigureRow>
        size="small"
        pagination={false}
        dataSource={data}
        className="figure-table by-advisor"
        columns={figureColumns(t, {
          title: t('服务顾问'),
          key: 'advisor',
          render: (_: unknown, r) => (r as AdvisorFigures).advisor || <span className="muted">{t('未填写')}</span>,
        })}
        locale={{ emptyText: t('没有') }}
        summary={() => <TotalsRow rows={data} totals={totals} />}
      />
    </Card>
  );
}

function ByType({ rows, totals }: { rows: TypeFigures[]; totals: MoneyTotals }) {
  const { t, label } = useI18n();
  const data: FigureRow[] = rows.map((r) => ({ ...r, key: r.type }));
  return (
    <Card size="small" title={t('按类型')} className="section">
      <Table<FigureRow>
        size="small"
        pagination={false}
        dataSource={data}
        className="figure-table by-type"
        rowClassName={(r) => (r.opened + r.inRepair + r.delivered === 0 ? 'row-zero' : '')}
        columns={figureColumns(t, {
          title: t('类型'),
          key: 'type',
          render: (_: unknown, r) => label(RO_TYPE_LABELS[(r as TypeFigures).type]),
        })}
        summary={() => <TotalsRow rows={data} totals={totals} />}
      />
    </Card>
  );
}

type SectionKey = 'opened' | 'inRepair' | 'delivered';

function Sections({ figures }: { figures: DailyReportFigures }) {
  const { t } = useI18n();
  const s = figures.sections;
  const items: { key: SectionKey; title: Phrase; rows: ReportRoRow[] }[] = [
    { key: 'opened', title: '进厂', rows: s.opened },
    { key: 'inRepair', title: '在修', rows: s.inRepair },
    { key: 'delivered', title: '交车', rows: s.delivered },
  ];
  return (
    <Card size="small" className="section report-sections">
      <Tabs
        size="small"
        items={items.map((item) => ({
          key: item.key,
          label: `${t(item.title)}（${item.rows.length}）`,
          children: <RoTable rows={item.rows} section={item.key} date={figures.date} />,
        }))}
      />
    </Card>
  );
}

export function RoNumberCell({ row }: { row: Pick<ReportRoRow, 'roNumber' | 'repairOrderId' | 'source'> }) {
  const { t } = useI18n();
  return (
    <Flex gap={4} align="center">
      {row.repairOrderId !== null ? (
        <Link to={`/archive/repair-orders/${row.repairOrderId}`} className="mono">
          {row.roNumber}
        </Link>
      ) : (
        <span className="mono">{row.roNumber}</span>
      )}
      {row.source === 'paper' && (
        <Tag color="gold" className="paper-tag">
          {t('纸质')}
        </Tag>
      )}
    </Flex>
  );
}

function RoTable({ rows, section, date }: { rows: ReportRoRow[]; section: SectionKey; date: string }) {
  const { t } = useI18n();
  // Times of the report's own day as HH:mm; another day (an RO still in repair) with its date.
  const time = (instant: string | null) =>
    instant === null ? '—' : instant.slice(0, 10) === date ? instant.slice(11, 16) : instantText(instant).slice(5);
  const columns: TableColumnsType<ReportRoRow> = [
    { title: t('工单号'), key: 'roNumber', width: 150, render: (_: unknown, r) => <RoNumberCell row={r} /> },
    {
      title: t('车牌号/客户'),
      key: 'vehicle',
      ellipsis: true,
      render: (_: unknown, r) => (
        <>
          {r.plate ?? ''} <span className="muted">{r.customerName ?? ''}</span>
        </>
      ),
    },
    { title: t('车型'), dataIndex: 'model', ellipsis: true, width: 80 },
    {
      title: t('服务顾问'),
      key: 'advisor',
      width: 72,
      ellipsis: true,
      render: (_: unknown, r) => r.advisor || <span className="muted">{t('未填写')}</span>,
    },
    { title: t('类型'), key: 'type', width: 76, render: (_: unknown, r) => <RoTypeTag type={r.type} /> },
    { title: t('状态'), key: 'status', width: 72, render: (_: unknown, r) => <RoStatusTag status={r.status} /> },
    {
      title: section === 'delivered' ? t('交车时间') : t('进厂时间'),
      key: 'time',
      width: 80,
      render: (_: unknown, r) => (section === 'delivered' ? time(r.deliveredAt ?? r.settledAt) : time(r.openedAt)),
    },
    {
      title: t('金额'),
      dataIndex: 'totalFen',
      align: 'right',
      width: 96,
      render: (v: number, r) => (
        <Tooltip title={`${t('工时费')} ${money(r.laborFen)}，${t('材料费')} ${money(r.partsFen)}`}>
          <span className="money">{money(v)}</span>
        </Tooltip>
      ),
    },
  ];
  return (
    <Table<ReportRoRow>
      size="small"
      rowKey={(r) => `${r.source}-${r.roNumber}`}
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
      rowClassName={(r) => (r.source === 'paper' ? 'row-paper' : '')}
      tableLayout="fixed"
      className={`report-ro-table section-${section}`}
      locale={{ emptyText: t('没有') }}
    />
  );
}

/** The tally's findings: what blocks (red, must be fixed) first, then what to look at (orange). */
export function Findings({ checks, readOnly = false }: { checks: ReportCheck[]; readOnly?: boolean }) {
  const { t } = useI18n();
  const block = checks.filter((c) => c.severity === 'block');
  const warn = checks.filter((c) => c.severity === 'warn');
  if (checks.length === 0)
    return (
      <Typography.Paragraph className="findings-none">
        <CheckCircleOutlined className="ok-icon" /> {t('核对没有发现问题')}
      </Typography.Paragraph>
    );
  return (
    <ul className="findings">
      {[...block, ...warn].map((c) => (
        <li
          // A finding has no id: kind + RO + message is unique within one report.
          key={`${c.kind}-${c.roNumber ?? ''}-${c.message}`}
          className={`finding finding-${c.severity}`}
          data-kind={c.kind}
        >
          {c.severity === 'block' ? (
            <ExclamationCircleOutlined className="finding-icon" />
          ) : (
            <WarningOutlined className="finding-icon" />
          )}
          <span className="finding-message">{c.message}</span>
          {c.link && !readOnly && (
            <Link to={hashRoute(c.link)} className="finding-link">
              {t('去修改')}
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The day's 对单 as it stood when the figures were built, with the way to it. */
export function ReconciliationResult({ figures }: { figures: DailyReportFigures }) {
  const { t } = useI18n();
  const r = figures.reconciliation;
  const items: { key: string; title: Phrase; value: number; warn?: boolean }[] = [
    { key: 'inArchive', title: '当天档案修理单', value: r.inArchive },
    { key: 'ticked', title: '已勾纸质单', value: r.ticked },
    { key: 'missingOnPaper', title: '系统有、纸质无', value: r.missingOnPaper, warn: true },
    { key: 'missingInArchive', title: '纸质有、系统无', value: r.missingInArchive, warn: true },
    { key: 'statusMismatch', title: '状态不符', value: r.statusMismatch, warn: true },
    { key: 'unresolved', title: '待处理', value: r.unresolved, warn: true },
  ];
  return (
    <Card
      size="small"
      title={t('对单结果')}
      className="section report-reconciliation"
      extra={<Link to={reconcilePath(figures.date)}>{t('去对单')}</Link>}
    >
      <Flex align="center" gap={8} className="reconciliation-state">
        {r.completedAt ? (
          <Tag color="success" icon={<CheckCircleOutlined />}>
            {t('已完成')}
          </Tag>
        ) : (
          <Tag color="processing">{t('未完成')}</Tag>
        )}
        {r.completedAt && (
          <span className="muted small">
            {r.completedBy ?? ''} {instantText(r.completedAt)}
          </span>
        )}
      </Flex>
      <dl className="reconciliation-counts">
        {items.map((item) => (
          <div key={item.key} className={item.warn && item.value > 0 ? 'count-warn' : undefined}>
            <dt>{t(item.title)}</dt>
            <dd>{item.value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
