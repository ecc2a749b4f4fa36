import {
  CheckCircleOutlined,
  CloseCircleOutlined,
  CopyOutlined,
  EyeOutlined,
  FileTextOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  type FormInstance,
  Input,
  Row,
  Select,
  Space,
  Steps,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type Claim,
  type ClaimSettings,
  claimPortalText,
  DEFAULT_CLAIM_SETTINGS,
  deadlineDays,
  EDITABLE_CLAIM_STATUSES,
  ruleDeadline,
} from '../../../src-shared/domain/claims';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import {
  applyServerErrors,
  SaveErrorAlert,
  StaleAlert,
  useFormShortcuts,
  useUnsavedGuard,
} from '../../components/form-support';
import { mileageText } from '../../components/format';
import { LoadingPage, PageHeader, shortcut } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import { useCan } from '../shell/permissions';
import {
  AddOldPartModal,
  ApproveModal,
  type ClaimRefusals,
  RejectModal,
  ReportModal,
  textFieldOf,
} from './claim-actions';
import { ClaimDeadline, ClaimStatusTag } from './claim-cells';
import { OldPartsCard, RoundsCard, WarrantyLinesCard } from './claim-lines';
import { claimsTabPath } from './paths';

interface ClaimFormValues {
  claimType: string;
  /** null: the rules' deadline. */
  deadline: Dayjs | null;
  faultDescription: string;
  cause: string;
  handling: string;
  note: string;
}

function formValuesOf(c: Claim): ClaimFormValues {
  return {
    claimType: c.claimType,
    deadline: c.deadlineSet && c.deadline ? dayjs(c.deadline) : null,
    faultDescription: c.faultDescription,
    cause: c.cause,
    handling: c.handling,
    note: c.note,
  };
}

/** One warranty RO's claim: the RO, the text for the portal, report / review / approve / reject, the rounds, old parts. */
export function ClaimPage({ roId }: { roId: number }) {
  const { data, error, reload } = useQuery('claims.get', { roId });
  const settings = useQuery('claimSettings.get', {});
  if (!data) return <LoadingPage data={data} error={error} reload={reload} />;
  return <ClaimView claim={data} settings={settings.data ?? DEFAULT_CLAIM_SETTINGS} reload={reload} />;
}

type Asking = 'report' | 'approve' | 'reject' | 'addPart' | null;

function ClaimView({ claim: c, settings, reload }: { claim: Claim; settings: ClaimSettings; reload(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const can = useCan();
  const [form] = Form.useForm<ClaimFormValues>();
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<AppErrorShape | null>(null);
  const [conflict, setConflict] = useState<AppErrorShape | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [reviewing, setReviewing] = useState(false);
  const editable = EDITABLE_CLAIM_STATUSES.includes(c.status) && can('claims.save');
  useUnsavedGuard(dirty);

  // A newer claim (after any write, here or elsewhere) shows on the form unless the clerk is typing.
  // Only newer: an answer read before this page's own save may arrive after it, and must not put
  // the old text back on the form (复制 would then copy it).
  const shownVersion = useRef(c.version);
  useEffect(() => {
    if (c.version <= shownVersion.current) return;
    shownVersion.current = c.version;
    if (!dirty) form.setFieldsValue(formValuesOf(c));
  }, [c, dirty, form]);

  /** A refused write: a stale version or a status that moved → the notice with 刷新; field errors on the fields. */
  const placeTextError = useCallback(
    (error: AppErrorShape): boolean => {
      const shown = applyServerErrors(form, error, textFieldOf);
      return shown.some((p) => textFieldOf(p.path) !== null);
    },
    [form],
  );
  const refusals: ClaimRefusals = { onConflict: setConflict, onTextError: placeTextError };

  /** Saves the text; answers the claim's version after it, or null when refused (said on the form). */
  const save = useCallback(
    async (quiet = false): Promise<number | null> => {
      if (saving) return null;
      const v = form.getFieldsValue(true) as ClaimFormValues;
      setSaving(true);
      setSaveError(null);
      const result = await api.invoke('claims.save', {
        roId: c.roId,
        version: c.version,
        claimType: v.claimType,
        deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
        faultDescription: v.faultDescription ?? '',
        cause: v.cause ?? '',
        handling: v.handling ?? '',
        note: v.note ?? '',
      });
      setSaving(false);
      if (!result.ok) {
        if (result.error.code === 'CONFLICT') setConflict(result.error);
        else if (!placeTextError(result.error) || (result.error.details?.fields ?? []).length > 1)
          setSaveError(result.error);
        if (quiet) message.error(result.error.message);
        return null;
      }
      setDirty(false);
      shownVersion.current = result.value.version;
      form.setFieldsValue(formValuesOf(result.value));
      if (!quiet) message.success(t('已保存索赔单 {ro}', { ro: c.roNumber }));
      return result.value.version;
    },
    [api, c.roId, c.roNumber, c.version, form, message, placeTextError, saving, t],
  );
  /** Before reporting: the text typed is saved first (the report carries it). */
  const saveFirst = async (): Promise<number | null> => (dirty ? save(true) : c.version);

  useFormShortcuts({ onSave: () => void save(), onCancel: () => {} }, editable);

  const review = async () => {
    setReviewing(true);
    const result = await api.invoke('claims.review', { roId: c.roId, version: c.version });
    setReviewing(false);
    if (result.ok) message.success(t('{ro} 已登记审核中', { ro: c.roNumber }));
    else if (result.error.code === 'CONFLICT') setConflict(result.error);
    else message.error(result.error.message);
  };

  const answering = c.status === 'reported' || c.status === 'reviewing';
  return (
    <div className="page claim-page" data-ro={c.roId} data-status={c.status} data-version={c.version}>
      <PageHeader
        crumbs={[
          { label: t('三包/索赔'), to: claimsTabPath('list') },
          { label: t('索赔单'), to: claimsTabPath('list') },
          { label: c.roNumber },
        ]}
        title={
          <span>
            {t('索赔单')} <span className="mono claim-title-ro">{c.roNumber}</span>
          </span>
        }
        subtitle={[c.plate, c.customerName].filter(Boolean).join(' ')}
        tags={
          <Space size={4}>
            <ClaimStatusTag status={c.status} />
            {c.claimNo && <span className="mono claim-title-no">{c.claimNo}</span>}
          </Space>
        }
        actions={
          <>
            <Button
              icon={<FileTextOutlined />}
              onClick={() => void navigate(`/archive/repair-orders/${c.roId}`)}
              className="claim-open-ro"
            >
              {t('打开修理单')}
            </Button>
            {editable && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={() => setAsking('report')}
                className="report-claim"
              >
                {c.status === 'rejected' ? t('重新上报') : t('登记已上报')}
              </Button>
            )}
            {c.status === 'reported' && can('claims.review') && (
              <Button icon={<EyeOutlined />} loading={reviewing} onClick={() => void review()} className="review-claim">
                {t('登记审核中')}
              </Button>
            )}
            {answering && can('claims.approve') && (
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                onClick={() => setAsking('approve')}
                className="approve-claim"
              >
                {t('审核通过')}
              </Button>
            )}
            {answering && can('claims.reject') && (
              <Button
                danger
                icon={<CloseCircleOutlined />}
                onClick={() => setAsking('reject')}
                className="reject-claim"
              >
                {t('驳回')}
              </Button>
            )}
          </>
        }
      />
      <StaleAlert
        error={conflict}
        title={t('这张索赔单刚被别人改过或状态已变，你的操作没有保存')}
        className="claim-conflict"
        onReload={() => {
          setConflict(null);
          setDirty(false);
          shownVersion.current = -1;
          reload();
        }}
      />
      <ClaimSteps claim={c} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <FactsCard claim={c} settings={settings} />
          <ClaimFormCard
            claim={c}
            settings={settings}
            form={form}
            editable={editable}
            saving={saving}
            dirty={dirty}
            error={saveError}
            onChange={() => setDirty(true)}
            onSave={() => void save()}
            onCloseError={() => setSaveError(null)}
          />
        </Col>
        <Col xs={24} xl={10}>
          <PortalTextCard claim={c} settings={settings} form={form} dirty={dirty} />
          <WarrantyLinesCard claim={c} />
        </Col>
      </Row>
      <RoundsCard claim={c} />
      <OldPartsCard
        claim={c}
        canChange={can('oldParts.add')}
        onAdd={() => setAsking('addPart')}
        onConflict={setConflict}
      />
      {asking === 'report' && (
        <ReportModal claim={c} refusals={refusals} saveFirst={saveFirst} onClose={() => setAsking(null)} />
      )}
      {asking === 'approve' && <ApproveModal claim={c} refusals={refusals} onClose={() => setAsking(null)} />}
      {asking === 'reject' && <RejectModal claim={c} refusals={refusals} onClose={() => setAsking(null)} />}
      {asking === 'addPart' && <AddOldPartModal claim={c} refusals={refusals} onClose={() => setAsking(null)} />}
    </div>
  );
}

/** 待填报 → 已上报 → 审核中 → 已通过 / 已驳回 → 已结算. */
function ClaimSteps({ claim: c }: { claim: Claim }) {
  const { t } = useI18n();
  const at = { draft: 0, reported: 1, reviewing: 2, approved: 3, rejected: 3, settled: 4 }[c.status];
  const lastRound = c.rounds[c.rounds.length - 1];
  return (
    <Card size="small" className="section claim-steps">
      <Steps
        size="small"
        current={at}
        status={c.status === 'rejected' ? 'error' : c.status === 'settled' ? 'finish' : 'process'}
        items={[
          { title: t('待填报') },
          {
            title: t('已上报'),
            description:
              lastRound && c.rounds.length > 1
                ? t('第 {n} 次上报 {date}', { n: c.rounds.length, date: lastRound.reportedOn })
                : (c.reportedOn ?? lastRound?.reportedOn),
          },
          { title: t('审核中') },
          {
            title: c.status === 'rejected' ? t('已驳回') : t('已通过'),
            description: c.status === 'rejected' ? (c.rejectedOn ?? undefined) : (c.approvedOn ?? undefined),
          },
          {
            title: t('已结算'),
            description: c.statementMonth ? (
              <Link to={`${claimsTabPath('statements')}?month=${c.statementMonth}`}>
                {t('{month} 服务费', { month: c.statementMonth })}
              </Link>
            ) : undefined,
          },
        ]}
      />
      {c.status === 'rejected' && (
        <Alert
          type="error"
          showIcon
          className="claim-rejected-note"
          title={t('{date} 被驳回：{reason}', { date: c.rejectedOn ?? '', reason: c.rejectReason })}
          description={t('按驳回原因修改下面的索赔内容，保存后点“重新上报”。')}
        />
      )}
    </Card>
  );
}

/** The RO the claim is for and its deadline (the rules' or the clerk's). */
function FactsCard({ claim: c, settings }: { claim: Claim; settings: ClaimSettings }) {
  const { t } = useI18n();
  const days = deadlineDays(settings, c.model, c.claimType);
  return (
    <Card size="small" title={t('修理单')} className="section claim-facts">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        colon={false}
        items={[
          {
            key: 'ro',
            label: t('修理单号'),
            children: (
              <Link to={`/archive/repair-orders/${c.roId}`} className="mono">
                {c.roNumber}
              </Link>
            ),
          },
          {
            key: 'vehicle',
            label: t('车辆'),
            children: (
              <Link to={`/archive/vehicles/${c.vehicleId}`}>
                {[c.plate, c.model].filter(Boolean).join(' ') || `#${c.vehicleId}`}
              </Link>
            ),
          },
          { key: 'vin', label: t('车架号'), children: <span className="mono claim-vin">{c.vin ?? '—'}</span> },
          {
            key: 'customer',
            label: t('客户'),
            children:
              c.customerId !== null ? (
                <Link to={`/archive/customers/${c.customerId}`}>{c.customerName ?? '—'}</Link>
              ) : (
                (c.customerName ?? '—')
              ),
          },
          { key: 'advisor', label: t('服务顾问'), children: c.advisorName || '—' },
          { key: 'mileage', label: t('进厂里程'), children: mileageText(c.mileageIn) },
          { key: 'opened', label: t('进厂日期'), children: c.openedOn },
          {
            key: 'settled',
            label: t('结算日期'),
            children: c.settledOn ?? <span className="muted">{t('未结算')}</span>,
          },
          {
            key: 'deadline',
            label: t('上报期限'),
            span: 2,
            children: (
              <Space size={8} wrap>
                <ClaimDeadline deadline={c.deadline} dueState={c.dueState} compact />
                <span className="muted small claim-deadline-rule">
                  {c.deadlineSet
                    ? t('文员设定')
                    : c.settledOn
                      ? t('按规则：结算后 {n} 天', { n: days })
                      : t('结算后 {n} 天', { n: days })}
                </span>
                {c.reportedOnTime === false && (
                  <Typography.Text type="danger" className="small">
                    {t('超期上报')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          ...(c.roComplaint
            ? [
                {
                  key: 'complaint',
                  label: t('客户描述'),
                  span: 2,
                  children: <span className="claim-ro-complaint">“{c.roComplaint}”</span>,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/** 索赔内容: type, deadline, fault description, cause, handling, note; editable in 待填报 and 已驳回 (Ctrl+S saves). */
function ClaimFormCard({
  claim: c,
  settings,
  form,
  editable,
  saving,
  dirty,
  error,
  onChange,
  onSave,
  onCloseError,
}: {
  claim: Claim;
  settings: ClaimSettings;
  form: FormInstance<ClaimFormValues>;
  editable: boolean;
  saving: boolean;
  dirty: boolean;
  error: AppErrorShape | null;
  onChange(): void;
  onSave(): void;
  onCloseError(): void;
}) {
  const { t, label } = useI18n();
  const claimType = Form.useWatch('claimType', form) ?? c.claimType;
  const byRules = ruleDeadline(settings, c.settledOn, c.model, claimType);
  const types = settings.claimTypes.some((ct) => ct.code === c.claimType)
    ? settings.claimTypes
    : [...settings.claimTypes, { code: c.claimType, label: c.claimTypeLabel, builtin: false }];
  return (
    <Card
      size="small"
      title={t('索赔内容')}
      className="section claim-form-card"
      extra={
        editable ? (
          <Tooltip title={t('快捷键 {key}', { key: shortcut('Ctrl+S') })}>
            <Button
              size="small"
              type={dirty ? 'primary' : 'default'}
              icon={<SaveOutlined />}
              loading={saving}
              onClick={onSave}
              className="save-claim"
            >
              {t('保存')}
            </Button>
          </Tooltip>
        ) : (
          <span className="muted small">{t('已上报的索赔单不能修改，被驳回后可修改后重新上报')}</span>
        )
      }
    >
      <SaveErrorAlert error={error} onClose={onCloseError} />
      <Form<ClaimFormValues>
        name="claim"
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={!editable}
        initialValues={formValuesOf(c)}
        onValuesChange={onChange}
        className="claim-form"
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="claimType" label={t('索赔类型')}>
              <Select
                options={types.map((ct) => ({ value: ct.code, label: label(ct.label) }))}
                className="claim-type-select"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="deadline"
              label={t('上报期限')}
              extra={byRules ? t('不填按规则：{date}', { date: byRules }) : t('修理单结算后按规则计算')}
            >
              <DatePicker
                allowClear
                placeholder={byRules ?? t('按规则')}
                style={{ width: '100%' }}
                className="claim-deadline-input"
                disabledDate={(d) => c.settledOn !== null && d.format('YYYY-MM-DD') < c.settledOn}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="faultDescription" label={t('故障描述')} rules={[{ max: 1000, message: t('最多 1000 个字') }]}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={1000}
            placeholder={c.roComplaint || t('故障现象，何时出现，如何确认')}
            className="claim-fault"
          />
        </Form.Item>
        <Form.Item name="cause" label={t('故障原因')} rules={[{ max: 1000, message: t('最多 1000 个字') }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 5 }} maxLength={1000} className="claim-cause" />
        </Form.Item>
        <Form.Item name="handling" label={t('处理方法')} rules={[{ max: 1000, message: t('最多 1000 个字') }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 5 }} maxLength={1000} className="claim-handling" />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('备注（不上报）')}
          rules={[{ max: 500, message: t('最多 500 个字') }]}
          className="claim-note-item"
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} className="claim-note" />
        </Form.Item>
      </Form>
    </Card>
  );
}

/** Copies text: the clipboard API where the page may, else a hidden selection (older shells). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const box = document.createElement('textarea');
    box.value = text;
    box.setAttribute('readonly', '');
    box.style.position = 'fixed';
    box.style.opacity = '0';
    document.body.appendChild(box);
    box.select();
    const done = document.execCommand('copy');
    box.remove();
    return done;
  }
}

/** 索赔内容（复制到厂家系统）: assembled from the RO and the form as typed, with 复制. */
function PortalTextCard({
  claim: c,
  settings,
  form,
  dirty,
}: {
  claim: Claim;
  settings: ClaimSettings;
  form: FormInstance<ClaimFormValues>;
  dirty: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const claimType = Form.useWatch('claimType', form) ?? c.claimType;
  const faultDescription = Form.useWatch('faultDescription', form) ?? c.faultDescription;
  const cause = Form.useWatch('cause', form) ?? c.cause;
  const handling = Form.useWatch('handling', form) ?? c.handling;
  const claimTypeLabel = settings.claimTypes.find((ct) => ct.code === claimType)?.label ?? c.claimTypeLabel;
  const text = claimPortalText({ ...c, claimType, claimTypeLabel, faultDescription, cause, handling });
  const copy = async () => {
    if (await copyText(text)) message.success(t('已复制'));
    else message.error(t('没能复制，请选中文字后按 Ctrl+C'));
  };
  return (
    <Card
      size="small"
      title={t('上报内容（复制到厂家系统）')}
      className="section claim-portal"
      extra={
        <Button
          size="small"
          type="primary"
          ghost
          icon={<CopyOutlined />}
          onClick={() => void copy()}
          className="copy-claim-text"
        >
          {t('复制')}
        </Button>
      }
    >
      {dirty && (
        <Typography.Paragraph type="warning" className="small claim-portal-unsaved">
          {t('含未保存的修改')}
        </Typography.Paragraph>
      )}
      <Flex vertical>
        <Input.TextArea
          readOnly
          value={text}
          autoSize={{ minRows: 8, maxRows: 24 }}
          className="claim-portal-text mono"
          aria-label={t('上报内容')}
        />
      </Flex>
    </Card>
  );
}
