import { CheckOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Radio, Space, Tag, Timeline, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import {
  COMPLAINT_VERDICT_LABELS,
  COMPLAINT_VERDICTS,
  type Complaint,
  type ComplaintSettings,
  type ComplaintVerdict,
  REOPENING_VERDICTS,
} from '../../../src-shared/domain/complaints';
import type { User } from '../../../src-shared/domain/records';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { instantText } from '../../components/format';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { callPath } from '../revisits/paths';
import { VerdictText } from './complaint-cells';
import {
  REGISTRATION_FIELDS,
  RegistrationFields,
  type RegistrationValues,
  registrationInput,
} from './complaint-fields';

type OnConflict = (error: AppErrorShape) => void;

/**
 * A refused write: a stale version goes to the page's 刷新 notice; field messages go on the fields;
 * anything else to the card's alert. Returns the error for the alert, or null.
 */
function placeError(
  error: AppErrorShape,
  onConflict: OnConflict,
  form: Parameters<typeof applyServerErrors>[0],
  fields: readonly string[],
): AppErrorShape | null {
  if (error.code === 'CONFLICT') {
    onConflict(error);
    return null;
  }
  const map = (path: string) => {
    const head = path.split('.')[0] ?? '';
    return fields.includes(head) ? [head] : null;
  };
  const shown = applyServerErrors(form, error, map);
  const placed = shown.filter((p) => map(p.path) !== null);
  return placed.length === shown.length && shown.length > 0 ? null : error;
}

/** 处理过程: every step with its time and who, and one more (the first is the response). */
export function ActionsCard({ complaint: c, onConflict }: { complaint: Complaint; onConflict: OnConflict }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const add = async (values: { text?: string }) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('complaints.addAction', { id: c.id, version: c.version, text: values.text ?? '' });
    setBusy(false);
    if (!result.ok) {
      setError(placeError(result.error, onConflict, form, ['text']));
      return;
    }
    form.resetFields();
    message.success(t('已记录处理过程'));
  };
  return (
    <Card size="small" title={t('处理过程')} className="section complaint-actions">
      {c.actions.length === 0 ? (
        <Typography.Paragraph type="secondary" className="small">
          {t('还没有处理记录；记下的第一步算作回复客户。')}
        </Typography.Paragraph>
      ) : (
        <Timeline
          items={c.actions.map((a) => ({
            key: a.id,
            content: (
              <div className="complaint-action" data-action={a.id}>
                <span className="muted small">
                  {instantText(a.at)} {a.byName}
                </span>
                <div>{a.text}</div>
              </div>
            ),
          }))}
        />
      )}
      {c.state !== 'closed' && (
        <Form<{ text?: string }>
          form={form}
          name="complaintAction"
          layout="vertical"
          size="small"
          onFinish={(v) => void add(v)}
          className="action-form"
        >
          <Form.Item
            name="text"
            rules={[{ required: true, whitespace: true, message: t('请填写处理过程') }]}
            className="action-text-item"
          >
            <Input.TextArea
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={500}
              placeholder={t('如：服务经理致电客户道歉，约周六来店重新检查')}
            />
          </Form.Item>
          <SaveErrorAlert error={error} onClose={() => setError(null)} />
          <Button htmlType="submit" icon={<PlusOutlined />} loading={busy} className="add-action">
            {t('记录处理过程')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

interface ResolveValues {
  resolution?: string;
  customerAccepted?: boolean;
}

/** 处理结果 (整改措施) and whether the customer accepted it; 处理完毕 makes the callback due. */
export function ResolutionCard({ complaint: c, onConflict }: { complaint: Complaint; onConflict: OnConflict }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResolveValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const resolve = async (values: ResolveValues) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('complaints.resolve', {
      id: c.id,
      version: c.version,
      resolution: values.resolution ?? '',
      customerAccepted: values.customerAccepted ?? false,
    });
    setBusy(false);
    if (!result.ok) {
      setError(placeError(result.error, onConflict, form, ['resolution', 'customerAccepted']));
      return;
    }
    message.success(t('已处理完毕，请在 {date} 前二次回访', { date: result.value.callbackDueBy ?? '' }));
  };
  const resolved = c.resolvedAt !== null;
  return (
    <Card size="small" title={t('处理结果')} className="section complaint-resolution">
      {resolved && (
        <div className="resolution-shown">
          <div className="complaint-resolution-text">{c.resolution}</div>
          <Space size={6} className="small">
            <span className="muted">
              {instantText(c.resolvedAt)} {c.resolvedBy}
            </span>
            {c.customerAccepted === true && <Tag color="green">{t('客户接受')}</Tag>}
            {c.customerAccepted === false && <Tag color="orange">{t('客户未接受')}</Tag>}
          </Space>
        </div>
      )}
      {c.state === 'open' && (
        <Form<ResolveValues>
          form={form}
          name="complaintResolve"
          layout="vertical"
          size="small"
          initialValues={{ resolution: c.resolution, customerAccepted: c.customerAccepted ?? undefined }}
          onFinish={(v) => void resolve(v)}
          className="resolve-form"
        >
          {resolved && (
            <Typography.Paragraph type="warning" className="small">
              {t('回访后重新处理：写下这次的处理结果')}
            </Typography.Paragraph>
          )}
          <Form.Item
            name="resolution"
            label={t('处理结果 / 整改措施')}
            rules={[{ required: true, whitespace: true, message: t('请填写处理结果') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
          </Form.Item>
          <Form.Item
            name="customerAccepted"
            label={t('客户是否接受')}
            rules={[{ required: true, message: t('请选择客户是否接受') }]}
          >
            <Radio.Group size="small">
              <Radio value={true}>{t('接受')}</Radio>
              <Radio value={false}>{t('不接受')}</Radio>
            </Radio.Group>
          </Form.Item>
          <SaveErrorAlert error={error} onClose={() => setError(null)} />
          <Button type="primary" htmlType="submit" icon={<CheckOutlined />} loading={busy} className="resolve-button">
            {t('处理完毕')}
          </Button>
        </Form>
      )}
      {!resolved && c.state !== 'open' && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
    </Card>
  );
}

export interface CallbackValues {
  verdict?: ComplaintVerdict;
  closedLoop?: boolean;
  words?: string;
}

/** The verdict radio (非常满意…接受) and 是否闭环, as the callback card and the call screen ask them. */
export function CallbackFields({
  names = {},
}: {
  names?: { verdict?: (string | number)[]; closedLoop?: (string | number)[] };
}) {
  const { t, label } = useI18n();
  return (
    <>
      <Form.Item
        name={names.verdict ?? 'verdict'}
        label={t('回访结果')}
        rules={[{ required: true, message: t('请选择回访结果') }]}
      >
        <Radio.Group size="small" optionType="button" className="verdict-radios">
          {COMPLAINT_VERDICTS.map((v) => (
            <Radio.Button key={v} value={v} data-verdict={v}>
              {label(COMPLAINT_VERDICT_LABELS[v])}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name={names.closedLoop ?? 'closedLoop'}
        label={t('是否闭环')}
        rules={[{ required: true, message: t('请选择是否闭环') }]}
        extra={t('“不满意”或“否”：投诉重新处理，处理完再回访')}
      >
        <Radio.Group size="small" className="closed-loop-radios">
          <Radio value={true} data-closed-loop="yes">
            {t('是')}
          </Radio>
          <Radio value={false} data-closed-loop="no">
            {t('否')}
          </Radio>
        </Radio.Group>
      </Form.Item>
    </>
  );
}

/** True when this verdict and 是否闭环 will send the complaint back to 处理中. */
export function reopens(verdict: ComplaintVerdict | undefined, closedLoop: boolean | undefined): boolean {
  return (verdict !== undefined && REOPENING_VERDICTS.includes(verdict)) || closedLoop === false;
}

/** 二次回访: the callbacks recorded, and (once resolved) the verdict recorded from here or the call queue. */
export function CallbackCard({
  complaint: c,
  onConflict,
  callKey,
  callLink,
}: {
  complaint: Complaint;
  onConflict: OnConflict;
  callKey: string;
  callLink: ReactNode;
}) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<CallbackValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const verdict = Form.useWatch('verdict', form) as ComplaintVerdict | undefined;
  const closedLoop = Form.useWatch('closedLoop', form) as boolean | undefined;
  const record = async (values: CallbackValues) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('complaints.recordCallback', {
      id: c.id,
      version: c.version,
      verdict: values.verdict ?? 'satisfied',
      closedLoop: values.closedLoop ?? false,
      words: values.words ?? '',
    });
    setBusy(false);
    if (!result.ok) {
      setError(placeError(result.error, onConflict, form, ['verdict', 'closedLoop', 'words']));
      return;
    }
    form.resetFields();
    message.success(result.value.state === 'closed' ? t('投诉已闭环') : t('已记录回访结果，投诉重新处理'));
  };
  return (
    <Card size="small" title={t('二次回访')} extra={callLink} className="section complaint-callbacks">
      {c.callbacks.length > 0 && (
        <ul className="complaint-callback-list">
          {c.callbacks.map((cb) => (
            <li key={cb.id} data-callback={cb.id}>
              <span className="muted small">
                {instantText(cb.at)} {cb.byName}
              </span>{' '}
              <VerdictText verdict={cb.verdict} />{' '}
              {cb.closedLoop ? <Tag color="green">{t('已闭环')}</Tag> : <Tag color="orange">{t('未闭环')}</Tag>}
              {cb.callId !== null && (
                <Link to={callPath(callKey)} className="small">
                  {t('回访电话')}
                </Link>
              )}
              {cb.words && <div className="call-words">“{cb.words}”</div>}
            </li>
          ))}
        </ul>
      )}
      {c.state === 'open' && c.callbacks.length === 0 && (
        <Typography.Text type="secondary" className="small">
          {t('处理完毕后回访客户，客户认可才算闭环。')}
        </Typography.Text>
      )}
      {c.state === 'resolved' && (
        <Form<CallbackValues>
          form={form}
          name="complaintCallback"
          layout="vertical"
          size="small"
          onFinish={(v) => void record(v)}
          className="callback-form"
        >
          <Typography.Paragraph type="secondary" className="small">
            {t('客户来店或来电时可在这里记录；打电话请用回访队列。')}
          </Typography.Paragraph>
          <CallbackFields />
          <Form.Item name="words" label={t('客户原话')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
          </Form.Item>
          <SaveErrorAlert error={error} onClose={() => setError(null)} />
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            danger={reopens(verdict, closedLoop)}
            className="record-callback"
          >
            {reopens(verdict, closedLoop) ? t('记录并重新处理') : t('记录回访结果')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** 修改: the registration (department, type, level, deadlines, owner, words, demand) under its version. */
export function EditModal({
  complaint: c,
  settings,
  users,
  onConflict,
  onClose,
}: {
  complaint: Complaint;
  settings: ComplaintSettings;
  users: User[];
  onConflict: OnConflict;
  onClose(): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<RegistrationValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const save = async (values: RegistrationValues) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('complaints.update', {
      id: c.id,
      version: c.version,
      ...registrationInput(values, settings),
    });
    setBusy(false);
    if (!result.ok) {
      if (result.error.code === 'CONFLICT') onClose();
      setError(placeError(result.error, onConflict, form, REGISTRATION_FIELDS));
      return;
    }
    message.success(t('投诉登记已修改'));
    onClose();
  };
  return (
    <Modal
      open
      title={t('修改投诉登记 {no}', { no: c.no })}
      okText={t('保存')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={760}
      className="edit-complaint-modal"
    >
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form<RegistrationValues>
        form={form}
        name="complaintEdit"
        layout="vertical"
        size="small"
        initialValues={{
          description: c.description,
          demand: c.demand,
          department: c.department,
          secondaryDepartments: c.secondaryDepartments,
          type: c.type,
          level: c.level,
          respondWithinHours: c.respondWithinHours,
          resolveMode: 'workdays',
          resolveWorkingDays: c.resolveWorkingDays,
          resolveBy: null,
          ownerUserId: c.ownerUserId,
        }}
        onValuesChange={(changed: Partial<RegistrationValues>) => {
          // A new level brings its 处理时效; the clerk may pick another after.
          if (changed.level) form.setFieldValue('respondWithinHours', settings.responseHours[changed.level]);
        }}
        onFinish={(v) => void save(v)}
      >
        <RegistrationFields
          form={form}
          settings={settings}
          users={users.filter((u) => u.isActive || u.id === c.ownerUserId)}
          openedOn={c.openedAt.slice(0, 10)}
          currentResolveBy={c.resolveBy}
        />
      </Form>
    </Modal>
  );
}

/** 标记返修: the vehicle must come back; handed to the service manager with the customer's words. */
export function ComebackModal({ complaint: c, onClose }: { complaint: Complaint; onClose(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ words?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const save = async (values: { words?: string }) => {
    if (c.vehicleId === null) return;
    setBusy(true);
    setError(null);
    const result = await api.invoke('comebacks.mark', {
      vehicleId: c.vehicleId,
      earlierRoId: c.roId,
      complaintId: c.id,
      words: values.words ?? '',
    });
    setBusy(false);
    if (!result.ok) {
      const shown = applyServerErrors(form, result.error, (p) => (p === 'words' ? ['words'] : null));
      if (shown.every((p) => p.path !== 'words') || shown.length === 0) setError(result.error);
      return;
    }
    message.success(t('已登记返修，交服务经理处理'));
    onClose();
  };
  return (
    <Modal
      open
      title={t('标记返修：{plate}', { plate: c.plate ?? '' })}
      okText={t('登记返修')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      className="comeback-modal"
    >
      <Typography.Paragraph type="secondary">
        {c.roNumber
          ? t('返修对应的修理单：{ro}。登记后交服务经理处理（原因、措施、结果）。', { ro: c.roNumber })
          : t('登记后交服务经理处理（原因、措施、结果）。')}
      </Typography.Paragraph>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form<{ words?: string }>
        form={form}
        name="complaintComeback"
        layout="vertical"
        initialValues={{ words: c.description }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item
          name="words"
          label={t('客户反映')}
          rules={[{ required: true, whitespace: true, message: t('请写明客户反映的问题') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
