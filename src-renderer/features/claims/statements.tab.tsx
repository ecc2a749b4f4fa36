import {
  CheckCircleOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  LeftOutlined,
  PrinterOutlined,
  RightOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Flex, Row, Space, Steps, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { type HTMLAttributes, useEffect, useRef, useState } from 'react';
import { capitalAmount } from '../../../src-shared/domain/capital-amount';
import {
  CLAIM_STATUS_LABELS,
  type ClaimRow,
  type ServiceFeeStatement,
  STATEMENT_STATE_LABELS,
  STATEMENT_STATES,
  type StatementState,
  type StatementSummary,
} from '../../../src-shared/domain/claims';
import { useApi, useQuery } from '../../api/client';
import { money } from '../../components/format';
import { pageKeyPress } from '../../components/list-keys';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route, withQuery } from '../../router/hash-router';
import { addMonths, isMonth, monthOf } from '../complaints/lost-months';
import { HtmlPreviewModal } from '../daily-report/print-preview';
import { downloadBase64 } from '../import/file-bytes';
import { useCan } from '../shell/permissions';
import { claimPath, claimsTabPath } from './paths';
import { type StatementStep, StatementStepModal } from './statement-actions';

const STATE_COLOR: Record<StatementState, string> = {
  open: 'default',
  requested: 'orange',
  invoiced: 'blue',
  paid: 'green',
};

/** 未开票 / 已申请开票 / 已开票 / 已回款. */
export function StatementStateTag({ state }: { state: StatementState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} className="statement-state-tag" data-state={state}>
      {label(STATEMENT_STATE_LABELS[state])}
    </Tag>
  );
}

/**
 * 服务费结算: a month's approved claims and their amounts per claim type, the total the station
 * head invoices the manufacturer (in figures and in capitals), and the invoice's way: 申请开票 →
 * 登记发票 → 登记回款 (which settles the month's claims). ← → move a month; last month by default.
 */
export function StatementsTab({ route }: { route: Route }) {
  const { t } = useI18n();
  const today = useStoreToday();
  const thisMonth = monthOf(today);
  const lastMonth = addMonths(thisMonth, -1);
  const asked = route.query.get('month');
  const month = isMonth(asked) && asked <= thisMonth ? asked : lastMonth;
  const { data, error, reload } = useQuery('statements.get', { month }, { keepPrevious: true });

  const toMonth = (m: string) => {
    if (m > thisMonth) return;
    void navigate(withQuery(claimsTabPath('statements'), { month: m === lastMonth ? undefined : m }), {
      replace: true,
    });
  };
  const latest = useRef({ month, toMonth });
  latest.current = { month, toMonth };
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!pageKeyPress(e)) return;
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      e.preventDefault();
      const { month: m, toMonth: move } = latest.current;
      move(addMonths(m, e.key === 'ArrowLeft' ? -1 : 1));
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <div className="statements-tab">
      <Flex gap={8} align="center" wrap className="list-filters statements-filters">
        <Space.Compact size="small" className="statements-month">
          <Tooltip title={t('上个月（←）')}>
            <Button
              size="small"
              icon={<LeftOutlined />}
              aria-label={t('上个月')}
              onClick={() => toMonth(addMonths(month, -1))}
            />
          </Tooltip>
          <DatePicker
            size="small"
            picker="month"
            format="YYYY-MM"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && toMonth(d.format('YYYY-MM'))}
            disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
            aria-label={t('月份')}
            className="statements-month-picker"
          />
          <Tooltip title={t('下个月（→）')}>
            <Button
              size="small"
              icon={<RightOutlined />}
              aria-label={t('下个月')}
              disabled={month >= thisMonth}
              onClick={() => toMonth(addMonths(month, 1))}
            />
          </Tooltip>
        </Space.Compact>
        {month !== lastMonth && (
          <Button size="small" type="link" onClick={() => toMonth(lastMonth)}>
            {t('上月')}
          </Button>
        )}
        {month === thisMonth && <span className="muted small">{t('本月还没结束，金额还会变')}</span>}
      </Flex>
      <Row gutter={16}>
        <Col xs={24} xl={18}>
          <Loaded data={data?.month === month ? data : undefined} error={error} reload={reload}>
            {(statement) => <StatementView statement={statement} />}
          </Loaded>
        </Col>
        <Col xs={24} xl={6}>
          <YearMonths month={month} thisMonth={thisMonth} onMonth={toMonth} />
        </Col>
      </Row>
    </div>
  );
}

function StatementView({ statement: s }: { statement: ServiceFeeStatement }) {
  const { t, label } = useI18n();
  const can = useCan();
  const api = useApi();
  const { message } = App.useApp();
  const [step, setStep] = useState<StatementStep | null>(null);
  const [printing, setPrinting] = useState(false);
  const [exporting, setExporting] = useState<'xlsx' | 'pdf' | null>(null);
  const current = STATEMENT_STATES.indexOf(s.state);

  const exportFile = async (kind: 'xlsx' | 'pdf') => {
    setExporting(kind);
    try {
      const result = await api.invoke(kind === 'xlsx' ? 'statements.xlsx' : 'statements.pdf', { month: s.month });
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setExporting(null);
    }
  };

  const next: {
    step: StatementStep;
    text: string;
    method: 'statements.requestInvoice' | 'statements.recordInvoice' | 'statements.recordPaid';
  } | null =
    s.state === 'open'
      ? { step: 'request', text: t('申请开票'), method: 'statements.requestInvoice' }
      : s.state === 'requested'
        ? { step: 'invoice', text: t('登记发票'), method: 'statements.recordInvoice' }
        : s.state === 'invoiced'
          ? { step: 'paid', text: t('登记回款'), method: 'statements.recordPaid' }
          : null;
  const canNext = next !== null && can(next.method) && (s.state !== 'open' || s.claims.length > 0);

  return (
    <div className="statement-view" data-month={s.month} data-state={s.state}>
      <Card
        size="small"
        className="statement-card"
        title={
          <Flex gap={8} align="center">
            <span>{t('{month} 服务费结算', { month: s.month })}</span>
            <StatementStateTag state={s.state} />
          </Flex>
        }
        extra={
          <Space size={6} wrap>
            <Button
              size="small"
              icon={<PrinterOutlined />}
              onClick={() => setPrinting(true)}
              className="statement-print"
            >
              {t('打印')}
            </Button>
            <Button
              size="small"
              icon={<FileExcelOutlined />}
              loading={exporting === 'xlsx'}
              onClick={() => void exportFile('xlsx')}
              className="statement-xlsx"
            >
              {t('导出 Excel')}
            </Button>
            <Button
              size="small"
              icon={<FilePdfOutlined />}
              loading={exporting === 'pdf'}
              onClick={() => void exportFile('pdf')}
              className="statement-pdf"
            >
              {t('导出 PDF')}
            </Button>
          </Space>
        }
      >
        <Steps
          size="small"
          current={current}
          status={s.state === 'paid' ? 'finish' : 'process'}
          className="statement-steps"
          items={[
            { title: label(STATEMENT_STATE_LABELS.open), description: t('{n} 张', { n: s.claims.length }) },
            {
              title: label(STATEMENT_STATE_LABELS.requested),
              description: s.requestedOn ? `${s.requestedOn} ${money(s.requestedFen)}` : undefined,
            },
            {
              title: label(STATEMENT_STATE_LABELS.invoiced),
              description: s.invoiceOn ? (
                <span className="statement-invoice-no">
                  {s.invoiceOn} <span className="mono">{s.invoiceNo}</span>
                </span>
              ) : undefined,
            },
            { title: label(STATEMENT_STATE_LABELS.paid), description: s.paidOn ?? undefined },
          ]}
        />
        {s.changedSinceRequest && s.state !== 'open' && (
          <Alert
            type="warning"
            showIcon
            className="statement-changed"
            title={t('开票后有变化')}
            description={t('申请开票时是 {asked}，现在本月通过的金额是 {now}。请和站长核对发票金额。', {
              asked: money(s.requestedFen),
              now: money(s.totalFen),
            })}
          />
        )}
        <Flex gap={16} align="center" wrap className="statement-total-line">
          <div className="statement-total">
            <div className="muted small">{t('本月应开票金额')}</div>
            <div className="statement-total-figure money">{money(s.totalFen)}</div>
            <div className="statement-total-capital">{t('大写：{text}', { text: capitalAmount(s.totalFen) })}</div>
          </div>
          <span className="grow" />
          {next && canNext && (
            <Button type="primary" onClick={() => setStep(next.step)} className={`statement-${next.step}`}>
              {next.text}
            </Button>
          )}
          {next && !canNext && s.claims.length === 0 && s.state === 'open' && (
            <span className="muted small">{t('本月没有审核通过的索赔单，无需开票')}</span>
          )}
          {s.state === 'paid' && (
            <Tag icon={<CheckCircleOutlined />} color="green" className="statement-paid-tag">
              {t('{date} 已回款', { date: s.paidOn ?? '' })}
            </Tag>
          )}
        </Flex>
        <Table
          rowKey="claimType"
          size="small"
          pagination={false}
          dataSource={s.byType}
          className="statement-types"
          locale={{ emptyText: t('本月没有审核通过的索赔单') }}
          columns={[
            { title: t('索赔类型'), key: 'label', render: (_: unknown, r) => label(r.label) },
            { title: t('张数'), key: 'count', dataIndex: 'count', width: 80, align: 'right' },
            {
              title: t('金额'),
              key: 'amount',
              width: 140,
              align: 'right',
              render: (_: unknown, r) => <span className="money">{money(r.amountFen)}</span>,
            },
          ]}
          summary={() =>
            s.byType.length > 0 ? (
              <Table.Summary.Row className="statement-types-total">
                <Table.Summary.Cell index={0}>
                  <strong>{t('合计')}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <strong>{s.claims.length}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <strong className="money">{money(s.totalFen)}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Card size="small" title={t('本月审核通过的索赔单')} className="statement-claims-card">
        <StatementClaims claims={s.claims} />
      </Card>
      {step && <StatementStepModal step={step} statement={s} onClose={() => setStep(null)} />}
      {printing && <StatementPrintPreview month={s.month} onClose={() => setPrinting(false)} />}
    </div>
  );
}

function StatementClaims({ claims }: { claims: ClaimRow[] }) {
  const { t, label } = useI18n();
  return (
    <Table<ClaimRow>
      rowKey="roId"
      size="small"
      dataSource={claims}
      className="statement-claims"
      pagination={claims.length > 50 ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
      locale={{ emptyText: t('本月没有审核通过的索赔单') }}
      onRow={(c) => ({ 'data-ro': c.roId, 'data-status': c.status }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('修理单'),
          key: 'ro',
          width: 130,
          render: (_: unknown, c) => (
            <Link to={claimPath(c.roId)} className="mono">
              {c.roNumber}
            </Link>
          ),
        },
        {
          title: t('索赔单号'),
          key: 'claimNo',
          width: 140,
          render: (_: unknown, c) => <span className="mono">{c.claimNo ?? '—'}</span>,
        },
        {
          title: t('车辆'),
          key: 'vehicle',
          render: (_: unknown, c) => (
            <div className="cell-stack">
              <div className="plate">{c.plate ?? '—'}</div>
              <div className="muted small mono">{c.vin ?? ''}</div>
            </div>
          ),
        },
        { title: t('索赔类型'), key: 'type', width: 110, render: (_: unknown, c) => label(c.claimTypeLabel) },
        {
          title: t('审核金额'),
          key: 'approved',
          width: 120,
          align: 'right',
          render: (_: unknown, c) => <span className="money">{money(c.approvedFen)}</span>,
        },
        {
          title: t('状态'),
          key: 'status',
          width: 84,
          render: (_: unknown, c) => (
            <Tag color={c.status === 'settled' ? 'green' : 'blue'} className="statement-claim-status">
              {label(CLAIM_STATUS_LABELS[c.status])}
            </Tag>
          ),
        },
      ]}
    />
  );
}

/** 打印: the statement on A4 in the print preview, with 导出 PDF. */
function StatementPrintPreview({ month, onClose }: { month: string; onClose(): void }) {
  const query = useQuery('statements.html', { month });
  return <HtmlPreviewModal query={query} onClose={onClose} sendRequest={{ doc: 'claimStatement', month }} />;
}

/** The months of the shown month's year, each with its state (click to open it). */
function YearMonths({ month, thisMonth, onMonth }: { month: string; thisMonth: string; onMonth(m: string): void }) {
  const { t } = useI18n();
  const year = Number(month.slice(0, 4));
  const { data, error, reload } = useQuery('statements.list', { year });
  return (
    <Card size="small" title={t('{year} 年', { year })} className="statement-year">
      <Loaded data={data} error={error} reload={reload}>
        {(months) => {
          const shown = months.filter((m: StatementSummary) => m.month <= thisMonth);
          if (shown.length === 0)
            return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('这一年没有结算')} />;
          return (
            <ul className="statement-year-list">
              {shown.map((m) => (
                <li key={m.month} className={m.month === month ? 'current' : undefined} data-month={m.month}>
                  <button type="button" className="statement-year-month" onClick={() => onMonth(m.month)}>
                    <span className="mono">
                      {m.month.slice(5)}
                      {t('月')}
                    </span>
                    <span className="money">{money(m.totalFen)}</span>
                    <StatementStateTag state={m.state} />
                  </button>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </Card>
  );
}
