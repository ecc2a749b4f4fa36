import { Alert, App, DatePicker, Form, type FormInstance, Input, InputNumber, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import type { Claim } from '../../../src-shared/domain/claims';
import type { AppErrorShape, Result } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { applyServerErrors } from '../../components/form-support';
import { money, yuanToFen } from '../../components/format';
import { useStoreClock } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';

/** Where a refused change goes when it is not about the modal's own fields. */
export interface ClaimRefusals {
  /** Someone else changed the claim, or its status no longer allows it: the page says so, with 刷新. */
  onConflict(error: AppErrorShape): void;
  /**
   * An error on the claim's text (故障描述 …, 上报期限): shown on the claim form; true when placed
   * there (the modal closes).
   */
  onTextError(error: AppErrorShape): boolean;
}

const TEXT_FIELDS = ['claimType', 'deadline', 'faultDescription', 'cause', 'handling', 'note'];

/** True when a server error names one of the claim form's fields. */
export function isTextError(error: AppErrorShape): boolean {
  return (error.details?.fields ?? []).some((f) => TEXT_FIELDS.includes(f.path.split('.')[0] ?? ''));
}

export function textFieldOf(path: string): string[] | null {
  const head = path.split('.')[0] ?? '';
  return TEXT_FIELDS.includes(head) ? [head] : null;
}

/**
 * A claim change asked in a modal: OK sends it; a field's error on the field, the claim text's on
 * the claim form, a conflict to the page; anything else in the modal's alert.
 */
function ClaimChangeModal<V extends object>({
  form,
  name,
  title,
  okText,
  className,
  fields,
  initialValues,
  intro,
  children,
  call,
  done,
  refusals,
  onClose,
  danger = false,
}: {
  form: FormInstance<V>;
  name: string;
  title: string;
  okText: string;
  className: string;
  /** Server paths → this form's field names. */
  fields: Record<string, string>;
  initialValues?: V;
  intro?: ReactNode;
  children: ReactNode;
  /** null: nothing was sent (already said elsewhere): the modal closes. */
  call(values: V): Promise<Result<unknown> | null>;
  done: string;
  refusals: ClaimRefusals;
  onClose(): void;
  danger?: boolean;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    const result = await call(values);
    setBusy(false);
    if (result === null) {
      onClose();
      return;
    }
    if (result.ok) {
      message.success(done);
      onClose();
      return;
    }
    if (result.error.code === 'CONFLICT') {
      refusals.onConflict(result.error);
      onClose();
      return;
    }
    if (isTextError(result.error) && refusals.onTextError(result.error)) {
      message.error(result.error.message);
      onClose();
      return;
    }
    const map = (path: string) => {
      const field = fields[path.split('.')[0] ?? ''];
      return field ? [field] : null;
    };
    const shown = applyServerErrors(form, result.error, map);
    const placed = shown.filter((p) => map(p.path) !== null);
    setError(placed.length === shown.length && shown.length > 0 ? null : result.error);
  };
  return (
    <FormModal<V>
      form={form}
      name={name}
      title={title}
      okText={okText}
      className={className}
      okButtonProps={{ danger, className: `${className}-ok` }}
      busy={busy}
      error={error}
      onClearError={() => setError(null)}
      initialValues={initialValues}
      intro={intro}
      onFinish={(v) => void submit(v)}
      onClose={onClose}
    >
      {children}
    </FormModal>
  );
}

interface ModalProps {
  claim: Claim;
  refusals: ClaimRefusals;
  onClose(): void;
}

/**
 * 登记已上报 (or 重新上报 after a rejection): the day it went into the portal and the claim number
 * the portal gave. The text typed and not saved yet is saved first (`saveFirst` answers the version
 * to report, or null when saving was refused).
 */
export function ReportModal({
  claim: c,
  refusals,
  onClose,
  saveFirst,
}: ModalProps & { saveFirst(): Promise<number | null> }) {
  const { t } = useI18n();
  const api = useApi();
  const clock = useStoreClock();
  const [form] = Form.useForm<{ reportedOn?: Dayjs; claimNo?: string }>();
  const again = c.status === 'rejected';
  return (
    <ClaimChangeModal
      form={form}
      name="reportClaim"
      title={again ? t('重新上报：{ro}', { ro: c.roNumber }) : t('登记已上报：{ro}', { ro: c.roNumber })}
      okText={again ? t('重新上报') : t('登记已上报')}
      className="report-claim-modal"
      fields={{ reportedOn: 'reportedOn', claimNo: 'claimNo' }}
      initialValues={{ reportedOn: clock.todayValue(), claimNo: c.claimNo ?? '' }}
      intro={
        <Typography.Paragraph className="muted">
          {again
            ? t('修改后的内容作为第 {n} 次上报记下，之前各次都保留。', { n: c.rounds.length + 1 })
            : t('先在厂家系统提交索赔（复制“上报内容”粘贴过去），再把系统给的索赔单号填在这里。')}
        </Typography.Paragraph>
      }
      call={async (values) => {
        const version = await saveFirst();
        if (version === null) return null;
        return api.invoke('claims.report', {
          roId: c.roId,
          version,
          reportedOn: (values.reportedOn ?? clock.todayValue()).format('YYYY-MM-DD'),
          claimNo: values.claimNo?.trim() ?? '',
        });
      }}
      done={again ? t('已重新上报 {ro}', { ro: c.roNumber }) : t('已登记上报 {ro}', { ro: c.roNumber })}
      refusals={refusals}
      onClose={onClose}
    >
      <Form.Item name="reportedOn" label={t('上报日期')} rules={[{ required: true, message: t('请选择上报日期') }]}>
        <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today} />
      </Form.Item>
      <Form.Item
        name="claimNo"
        label={t('索赔单号')}
        rules={[
          { required: true, whitespace: true, message: t('请填写厂家系统给的索赔单号') },
          { max: 40, message: t('索赔单号最多 40 个字') },
        ]}
      >
        <Input autoFocus maxLength={40} className="mono" placeholder={t('厂家系统生成的单号')} />
      </Form.Item>
    </ClaimChangeModal>
  );
}

/** 审核通过: the day and the amount the manufacturer approved (元), at most the RO's warranty part. */
export function ApproveModal({ claim: c, refusals, onClose }: ModalProps) {
  const { t } = useI18n();
  const api = useApi();
  const clock = useStoreClock();
  const [form] = Form.useForm<{ approvedOn?: Dayjs; approvedYuan?: number | null }>();
  return (
    <ClaimChangeModal
      form={form}
      name="approveClaim"
      title={t('审核通过：{ro}', { ro: c.roNumber })}
      okText={t('审核通过')}
      className="approve-claim-modal"
      fields={{ approvedOn: 'approvedOn', approvedFen: 'approvedYuan' }}
      initialValues={{ approvedOn: clock.todayValue(), approvedYuan: c.warrantyFen / 100 }}
      call={(values) =>
        api.invoke('claims.approve', {
          roId: c.roId,
          version: c.version,
          approvedOn: (values.approvedOn ?? clock.todayValue()).format('YYYY-MM-DD'),
          approvedFen: yuanToFen(values.approvedYuan) ?? 0,
        })
      }
      done={t('{ro} 已审核通过', { ro: c.roNumber })}
      refusals={refusals}
      onClose={onClose}
    >
      <Form.Item name="approvedOn" label={t('审核通过日期')} rules={[{ required: true, message: t('请选择日期') }]}>
        <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today} />
      </Form.Item>
      <Form.Item
        name="approvedYuan"
        label={t('审核金额（元）')}
        extra={t('最多 {max}（本单保修部分）', { max: money(c.warrantyFen) })}
        rules={[{ required: true, message: t('请填写厂家审核通过的金额') }]}
      >
        {/* No max here: the box would quietly cut a larger amount; the server says what is wrong. */}
        <InputNumber autoFocus precision={2} step={1} style={{ width: 180 }} className="approved-amount" />
      </Form.Item>
    </ClaimChangeModal>
  );
}

/** 驳回: the day and the manufacturer's reason; the clerk then fixes the claim and reports it again. */
export function RejectModal({ claim: c, refusals, onClose }: ModalProps) {
  const { t } = useI18n();
  const api = useApi();
  const clock = useStoreClock();
  const [form] = Form.useForm<{ rejectedOn?: Dayjs; reason?: string }>();
  return (
    <ClaimChangeModal
      form={form}
      name="rejectClaim"
      title={t('登记驳回：{ro}', { ro: c.roNumber })}
      okText={t('登记驳回')}
      danger
      className="reject-claim-modal"
      fields={{ rejectedOn: 'rejectedOn', reason: 'reason' }}
      initialValues={{ rejectedOn: clock.todayValue(), reason: '' }}
      intro={
        <Alert
          type="info"
          showIcon
          className="card-note"
          title={t('驳回后可以修改索赔内容并重新上报，这一次的上报和驳回原因都会保留。')}
        />
      }
      call={(values) =>
        api.invoke('claims.reject', {
          roId: c.roId,
          version: c.version,
          rejectedOn: (values.rejectedOn ?? clock.todayValue()).format('YYYY-MM-DD'),
          reason: values.reason ?? '',
        })
      }
      done={t('已登记驳回 {ro}', { ro: c.roNumber })}
      refusals={refusals}
      onClose={onClose}
    >
      <Form.Item name="rejectedOn" label={t('驳回日期')} rules={[{ required: true, message: t('请选择日期') }]}>
        <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > clock.today} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('驳回原因')}
        rules={[
          { required: true, whitespace: true, message: t('请写明驳回原因') },
          { max: 200, message: t('驳回原因最多 200 个字') },
        ]}
      >
        <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 5 }} maxLength={200} />
      </Form.Item>
    </ClaimChangeModal>
  );
}

/** 添加旧件: a replaced part the RO's lines do not show. */
export function AddOldPartModal({ claim: c, refusals, onClose }: ModalProps) {
  const { t } = useI18n();
  const api = useApi();
  const [form] = Form.useForm<{ partNumber?: string; name?: string; quantity?: number | null }>();
  return (
    <ClaimChangeModal
      form={form}
      name="addOldPart"
      title={t('添加旧件：{ro}', { ro: c.roNumber })}
      okText={t('添加')}
      className="add-old-part-modal"
      fields={{ partNumber: 'partNumber', name: 'name', quantity: 'quantity' }}
      initialValues={{ partNumber: '', name: '', quantity: 1 }}
      call={(values) =>
        api.invoke('oldParts.add', {
          roId: c.roId,
          partNumber: values.partNumber?.trim() ?? '',
          name: values.name?.trim() ?? '',
          quantity: values.quantity ?? 0,
        })
      }
      done={t('已添加旧件')}
      refusals={refusals}
      onClose={onClose}
    >
      <Form.Item name="partNumber" label={t('零件号')} rules={[{ max: 40, message: t('零件号最多 40 个字') }]}>
        <Input autoFocus maxLength={40} className="mono" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('零件名称')}
        rules={[
          { required: true, whitespace: true, message: t('请填写零件名称') },
          { max: 60, message: t('零件名称最多 60 个字') },
        ]}
      >
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="quantity" label={t('数量')} rules={[{ required: true, message: t('请填写数量') }]}>
        <InputNumber step={1} style={{ width: 120 }} />
      </Form.Item>
    </ClaimChangeModal>
  );
}
