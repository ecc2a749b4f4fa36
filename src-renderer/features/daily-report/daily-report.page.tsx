import { CheckCircleOutlined, EditOutlined, EyeOutlined, LockOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Row, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import {
  type DailyReportView,
  REPORT_STATUS_LABELS,
  type ReportStatus,
  type ReportVersionSummary,
} from '../../../src-shared/domain/daily-report';
import { useApi, useQuery } from '../../api/client';
import { DayNav } from '../../components/day-nav';
import { instantText, money } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { navigate, withQuery } from '../../router/hash-router';
import { NotAllowedNote, useCan } from '../shell/permissions';
import { CorrectionModal, SignModal } from './daily-report-modals';
import { ExportButtons } from './export-buttons';
import { PaperEntriesCard } from './paper-entries';
import { PrintPreviewModal } from './print-preview';
import { Findings, ReconciliationResult, ReportFigures } from './report-figures';
import { VersionModal } from './version-modal';
import './daily-report.css';

export const REPORT_PATH = '/daily/report';

export function reportPath(date: string): string {
  return withQuery(REPORT_PATH, { date });
}

const STATUS_COLOR: Record<ReportStatus, string> = { draft: 'default', ready: 'processing', signed: 'success' };

export function ReportStatusTag({ status }: { status: ReportStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} className="report-status" data-status={status}>
      {label(REPORT_STATUS_LABELS[status])}
    </Tag>
  );
}

/** 日报 tab: the day's report, its tally, the manager's signature, versions and exports. */
export function DailyReportTab({ date }: { date: string }) {
  const { data, error, reload } = useQuery('dailyReport.get', { date });
  return (
    <>
      <ReportBar date={date} view={data} />
      <Loaded data={data} error={error} reload={reload}>
        {(view) => <ReportBody view={view} />}
      </Loaded>
    </>
  );
}

function ReportBar({ date, view }: { date: string; view: DailyReportView | undefined }) {
  const { t } = useI18n();
  const [previewing, setPreviewing] = useState(false);
  return (
    <Flex align="center" gap={8} wrap className="report-bar">
      <DayNav date={date} go={(next) => void navigate(reportPath(next))} label={t('日报日期')} />
      {view && (
        <>
          <ReportStatusTag status={view.status} />
          <Tag className="report-version">{t('第 {n} 版', { n: view.version })}</Tag>
        </>
      )}
      <span className="grow" />
      <ExportButtons date={date} onPreview={() => setPreviewing(true)} />
      {previewing && <PrintPreviewModal date={date} onClose={() => setPreviewing(false)} />}
    </Flex>
  );
}

function ReportBody({ view }: { view: DailyReportView }) {
  return (
    <>
      <SignedBanner view={view} />
      <Row gutter={[16, 0]}>
        <Col xs={24} xl={16} className="report-main">
          <ReportFigures figures={view.figures} />
          <PaperEntriesCard view={view} />
        </Col>
        <Col xs={24} xl={8} className="report-side">
          <TallyCard view={view} />
          <ReconciliationResult figures={view.figures} />
          <VersionsCard view={view} />
        </Col>
      </Row>
    </>
  );
}

/** Signed: who and when, frozen; and whether the archive has moved on since. */
function SignedBanner({ view }: { view: DailyReportView }) {
  const { t } = useI18n();
  const [correcting, setCorrecting] = useState(false);
  const signed = view.signed;
  if (!signed) return null;
  const current = view.status === 'signed' && signed.version === view.version;
  return (
    <>
      {current ? (
        <Alert
          type="success"
          showIcon
          icon={<LockOutlined />}
          className="section signed-banner"
          title={t('已签字：{by} {at}，已冻结', { by: signed.by, at: instantText(signed.at) })}
          description={t('这是签字时的数字，之后档案里的修改不会改变它。')}
        />
      ) : (
        <Alert
          type="info"
          showIcon
          className="section signed-banner"
          title={t('第 {v} 版已由 {by} 于 {at} 签字；现在是第 {n} 版（更正稿），需要重新核对和签字。', {
            v: signed.version,
            by: signed.by,
            at: instantText(signed.at),
            n: view.version,
          })}
          description={view.reason ? t('更正原因：{reason}', { reason: view.reason }) : undefined}
        />
      )}
      {current && view.liveDiffers && (
        <Alert
          type="warning"
          showIcon
          className="section live-differs"
          title={t('签字后档案有变化。签字版保持不变；如需更正请点“更正”')}
          action={
            <Button size="small" icon={<EditOutlined />} onClick={() => setCorrecting(true)}>
              {t('更正')}
            </Button>
          }
        />
      )}
      {correcting && <CorrectionModal view={view} onClose={() => setCorrecting(false)} />}
    </>
  );
}

/** 核对与签字: the findings, then the one next step for the report's status. */
function TallyCard({ view }: { view: DailyReportView }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [signing, setSigning] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const date = view.date;
  const call = async (run: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>, done: string) => {
    setBusy(true);
    const result = await run();
    setBusy(false);
    if (result.ok) message.success(done);
    else message.error(result.error.message);
  };
  const confirm = () =>
    call(() => api.invoke('dailyReport.confirm', { date, fingerprint: view.fingerprint }), t('已核对确认'));
  const unconfirm = () => call(() => api.invoke('dailyReport.unconfirm', { date }), t('已撤回核对'));
  const blocked = view.blocking > 0;
  const signHint = t('签字需要服务经理本人在这台电脑上选择自己的名字并输入自己的 PIN，当前登录的用户不变。');
  // Tally, confirm, sign-off and corrections are the counter's (an advisor reads the report).
  const counter = useCan()('dailyReport.sign');

  return (
    <Card size="small" title={t('核对与签字')} className="section tally-card">
      <Flex align="center" gap={8} wrap className="tally-status">
        <ReportStatusTag status={view.status} />
        <span className="muted">{t('第 {n} 版', { n: view.version })}</span>
      </Flex>
      {view.confirmed && view.status !== 'draft' && (
        <Typography.Paragraph type="secondary" className="tally-confirmed">
          {t('核对：{by} {at}', { by: view.confirmed.by, at: instantText(view.confirmed.at) })}
        </Typography.Paragraph>
      )}

      <Typography.Title level={5} className="tally-heading">
        {view.status === 'signed' ? t('签字时的核对结果') : t('核对结果')}
      </Typography.Title>
      <Findings checks={view.checks} readOnly={view.status === 'signed'} />

      {!counter && <NotAllowedNote method="dailyReport.sign" />}
      {counter && view.status === 'draft' && (
        <div className="tally-actions">
          <Tooltip title={blocked ? t('先改正红色的问题，才能核对确认') : undefined}>
            <Button
              type="primary"
              icon={<CheckCircleOutlined />}
              disabled={blocked}
              loading={busy}
              onClick={() => void confirm()}
            >
              {t('核对确认')}
            </Button>
          </Tooltip>
          <Typography.Text type={blocked ? 'danger' : 'secondary'} className="tally-reason">
            {blocked
              ? t('还有 {n} 个问题必须先改正（红色），改好后才能核对确认。', { n: view.blocking })
              : t('数字核对无误后点“核对确认”，再请服务经理签字。')}
          </Typography.Text>
        </div>
      )}

      {counter && view.status === 'ready' && (
        <div className="tally-actions">
          {view.confirmedStale && (
            <Alert
              type="warning"
              showIcon
              className="tally-stale"
              title={t('核对后档案有变化，数字与核对时不同。请再看一遍，重新核对确认后再签字。')}
            />
          )}
          <Flex gap={8} wrap>
            {view.confirmedStale ? (
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                disabled={blocked}
                loading={busy}
                onClick={() => void confirm()}
              >
                {t('重新核对确认')}
              </Button>
            ) : (
              <Tooltip title={signHint}>
                <Button type="primary" icon={<EditOutlined />} onClick={() => setSigning(true)}>
                  {t('服务经理签字')}
                </Button>
              </Tooltip>
            )}
            <Button icon={<RollbackOutlined />} loading={busy} onClick={() => void unconfirm()}>
              {t('撤回核对')}
            </Button>
          </Flex>
          <Typography.Text type="secondary" className="tally-reason">
            {signHint}
          </Typography.Text>
        </div>
      )}

      {counter && view.status === 'signed' && (
        <div className="tally-actions">
          <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)}>
            {t('更正')}
          </Button>
          <Typography.Text type="secondary" className="tally-reason">
            {t('签字后日报冻结。发现错误时点“更正”，写明原因，生成新版本，重新核对和签字；旧版本保留。')}
          </Typography.Text>
        </div>
      )}
      {signing && <SignModal view={view} onClose={() => setSigning(false)} />}
      {correcting && <CorrectionModal view={view} onClose={() => setCorrecting(false)} />}
    </Card>
  );
}

function VersionsCard({ view }: { view: DailyReportView }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Card size="small" title={t('版本记录')} className="section versions-card">
      <ul className="versions">
        {view.versions.map((v) => (
          <VersionLine key={v.version} v={v} current={v.version === view.version} onOpen={() => setOpen(v.version)} />
        ))}
      </ul>
      {open !== null && <VersionModal date={view.date} version={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function VersionLine({ v, current, onOpen }: { v: ReportVersionSummary; current: boolean; onOpen(): void }) {
  const { t } = useI18n();
  return (
    <li className="version" data-version={v.version}>
      <Flex align="center" gap={6} wrap>
        <strong>{t('第 {n} 版', { n: v.version })}</strong>
        <ReportStatusTag status={v.status} />
        {current && <Tag>{t('当前')}</Tag>}
        <span className="grow" />
        {v.signedAt && (
          <Button size="small" type="link" icon={<EyeOutlined />} onClick={onOpen}>
            {t('查看签字版')}
          </Button>
        )}
      </Flex>
      <div className="muted small">
        {t('建立：{by} {at}', { by: v.createdBy, at: instantText(v.createdAt) })}
        {v.signedBy && v.signedAt && <> · {t('签字：{by} {at}', { by: v.signedBy, at: instantText(v.signedAt) })}</>}
      </div>
      {v.reason && <div className="small">{t('更正原因：{reason}', { reason: v.reason })}</div>}
      {v.totals && (
        <div className="small money">
          {t('合计')} {money(v.totals.totalFen)}（{t('工时费')} {money(v.totals.laborFen)}，{t('材料费')}{' '}
          {money(v.totals.partsFen)}）
        </div>
      )}
    </li>
  );
}
