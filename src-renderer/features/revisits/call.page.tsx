import { ArrowLeftOutlined, PhoneOutlined, StepForwardOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ChangeEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  CALL_OUTCOME_LABELS,
  CALL_OUTCOMES,
  type CallDetail,
  type CallOutcome,
  DEFAULT_REVISIT_SETTINGS,
  type RecordedCall,
} from '../../../src-shared/domain/revisits';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, SaveErrorAlert, useUnsavedGuard } from '../../components/form-support';
import { instantText, phoneText } from '../../components/format';
import { Kbd, LoadingPage, PageHeader, shortcut } from '../../components/page';
import { useStoreClock } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { AppointmentFields, type AppointmentValues, QuestionnaireCard, wordsRequired } from './call-answers';
import { KindTag, OfferButtons, QueueStateTag } from './call-cells';
import { CallFacts, type CustomerValues, customerPatch } from './call-facts';
import { CallLoop, CallProblemsCard, type LoopValues, loopFieldOf, loopFieldsToCheck, loopInput } from './call-loop';
import { CALLS_PATH, callPath } from './paths';

export interface CallValues extends LoopValues {
  answers?: Record<string, number | null | undefined>;
  words?: string;
  problemFixed?: 'yes' | 'no' | 'na' | null;
  suggestions?: string;
  note?: string;
  callbackAt?: Dayjs | null;
  customer?: CustomerValues;
  withAppointment?: boolean;
  appointment?: AppointmentValues;
}

const CUSTOMER_FIELDS = ['address', 'postalCode', 'birthday', 'otherPhones', 'preferredCallTime'];
const APPOINTMENT_FIELDS = ['date', 'time', 'purpose', 'advisor'];

/** Where a server field path (details.fields) is shown on this form. */
function fieldOf(detail: CallDetail, path: string): (string | number)[] | null {
  const parts = path.split('.');
  const [head, second, third] = parts;
  if (head === 'answers') {
    const question = detail.questionnaire?.questions[Number(second)];
    return question ? ['answers', question.key] : null;
  }
  if (head === 'customer' && second) return ['customer', second];
  if (head === 'appointment' && second) return ['appointment', second];
  if (head && ['words', 'problemFixed', 'suggestions', 'note', 'callbackAt'].includes(head) && third === undefined)
    return [head];
  return loopFieldOf(path);
}

function initialValues(detail: CallDetail): CallValues {
  const answers: Record<string, number | null> = {};
  for (const a of detail.answers) answers[a.key] = a.value;
  return {
    answers,
    words: detail.words,
    problemFixed: detail.problemFixed,
    suggestions: detail.suggestions,
    note: '',
    callbackAt: null,
    customer: detail.customer
      ? {
          address: detail.customer.address,
          postalCode: detail.customer.postalCode,
          birthday: detail.customer.birthday ? dayjs(detail.customer.birthday) : null,
          otherPhones: detail.customer.otherPhones,
          preferredCallTime: detail.customer.preferredCallTime,
        }
      : undefined,
    withAppointment: false,
    appointment: { purpose: 'periodic_service', advisor: detail.repairOrder?.advisor ?? '' },
    withComeback: false,
  };
}

/** 一通电话: one call on one screen, from calls.get; see CallForm. */
export function CallPage({ callKey }: { callKey: string }) {
  const { data, error, reload } = useQuery('calls.get', { key: callKey });
  const settings = useQuery('revisitSettings.get', {});
  if (!data) return <LoadingPage data={data} error={error} reload={reload} />;
  return <CallForm detail={data} settings={settings.data ?? DEFAULT_REVISIT_SETTINGS} />;
}

/**
 * Left: who and what (customer with the missing data editable, vehicle, RO, earlier calls,
 * attempts). Right: the questionnaire, 用户原话 (required once an answer is dissatisfied), fixed or
 * not, suggestions, an optional appointment, and the outcome buttons (Alt+1…7; Ctrl+Enter = 已接通).
 * After saving: the next callable call, or back to the queue.
 */
function CallForm({ detail, settings }: { detail: CallDetail; settings: typeof DEFAULT_REVISIT_SETTINGS }) {
  const { t, label } = useI18n();
  const api = useApi();
  const clock = useStoreClock();
  const { message } = App.useApp();
  const [form] = Form.useForm<CallValues>();
  const [busy, setBusy] = useState<CallOutcome | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [dirty, setDirty] = useState(false);
  const [closedFirst, setClosedFirst] = useState<RecordedCall['alreadyClosed']>(null);
  // The call as recording it closed it (未接通), until the refreshed calls.get says so too.
  const [gaveUp, setGaveUp] = useState<CallDetail | null>(null);
  const entry = detail.entry;
  const unreached = detail.state === 'unreached' ? detail : gaveUp;
  const closed = (detail.state !== null && detail.state !== 'open') || unreached !== null || closedFirst !== null;
  const questions = detail.questionnaire?.questions ?? [];
  useUnsavedGuard(dirty && !closed);

  const nextCall = useCallback(async () => {
    const queue = await api.invoke('calls.queue', {});
    const next = queue.ok ? queue.value.entries.find((e) => e.state === 'now' && e.key !== entry.key) : undefined;
    await navigate(next ? callPath(next.key) : CALLS_PATH, { force: true });
  }, [api, entry.key]);

  const record = async (outcome: CallOutcome) => {
    if (busy) return;
    setError(null);
    const values = form.getFieldsValue(true) as CallValues;
    const words = (values.words ?? '').trim();
    const toCheck: (string | number)[][] = CUSTOMER_FIELDS.map((f) => ['customer', f]);
    if (outcome === 'reached' && values.withAppointment)
      toCheck.push(...APPOINTMENT_FIELDS.map((f) => ['appointment', f]));
    if (outcome === 'reached') toCheck.push(...loopFieldsToCheck(entry.key, values));
    try {
      await form.validateFields(toCheck);
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
      return;
    }
    if (outcome === 'reached' && wordsRequired(questions, values, settings) && words === '') {
      form.setFields([{ name: 'words', errors: [t('请记下用户原话：有不满意的回答或问题未解决')] }]);
      form.scrollToField('words', { block: 'center' });
      return;
    }
    let callbackAt: string | null = null;
    if (outcome === 'call_back') {
      const picked = values.callbackAt;
      callbackAt = picked ? clock.instantOf(picked.format('YYYY-MM-DD HH:mm')) : null;
      if (!callbackAt) {
        form.setFields([{ name: 'callbackAt', errors: [t('约回电请填写回电时间')] }]);
        form.scrollToField('callbackAt', { block: 'center' });
        return;
      }
    }
    const reached = outcome === 'reached';
    const appointment =
      reached && values.withAppointment && values.appointment
        ? {
            date: values.appointment.date ? values.appointment.date.format('YYYY-MM-DD') : '',
            time: values.appointment.time?.trim() ? values.appointment.time.trim() : null,
            purpose: values.appointment.purpose ?? 'periodic_service',
            advisor: values.appointment.advisor ?? '',
            note: values.appointment.note ?? '',
          }
        : null;
    setBusy(outcome);
    const result = await api.invoke('calls.record', {
      key: entry.key,
      outcome,
      callbackAt,
      questionnaireId: reached ? (detail.questionnaire?.id ?? null) : null,
      answers: reached ? questions.map((q) => ({ key: q.key, value: values.answers?.[q.key] ?? null })) : [],
      words: reached ? words : '',
      problemFixed: reached ? (values.problemFixed ?? null) : null,
      suggestions: reached ? (values.suggestions ?? '') : '',
      note: values.note ?? '',
      customer: detail.customer ? customerPatch(detail.customer, values.customer) : null,
      appointment,
      ...loopInput(entry.key, values, reached),
    });
    setBusy(null);
    if (!result.ok) {
      const shown = applyServerErrors(form, result.error, (path) => fieldOf(detail, path));
      const placed = shown.filter((p) => fieldOf(detail, p.path) !== null);
      setError(placed.length === shown.length && shown.length > 0 ? null : result.error);
      return;
    }
    setDirty(false);
    if (result.value.alreadyClosed) {
      setClosedFirst(result.value.alreadyClosed);
      return;
    }
    if (result.value.gaveUp) {
      setGaveUp(result.value.detail);
      return;
    }
    message.success(t('已记录：{outcome}', { outcome: label(CALL_OUTCOME_LABELS[outcome]) }));
    await nextCall();
  };

  // Alt+1…7 record an outcome, Ctrl+Enter records 已接通 (the answers as filled in).
  const recordRef = useRef(record);
  recordRef.current = record;
  useEffect(() => {
    if (closed) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      if (e.altKey && !e.ctrlKey && !e.metaKey && /^Digit[1-7]$/.test(e.code)) {
        e.preventDefault();
        const outcome = CALL_OUTCOMES[Number(e.code.slice(5)) - 1];
        if (outcome) void recordRef.current(outcome);
      } else if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key === 'Enter') {
        e.preventDefault();
        void recordRef.current('reached');
      }
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [closed]);

  const who = [entry.customerName, entry.plate].filter(Boolean).join(' ');
  return (
    <div className="page call-page" data-key={entry.key}>
      <PageHeader
        crumbs={[{ label: t('回访'), to: CALLS_PATH }, { label: t('今日电话'), to: CALLS_PATH }, { label: who || '—' }]}
        title={
          <span>
            {t('回访电话')} <span className="call-title-who">{who}</span>
          </span>
        }
        subtitle={
          <span className="call-title-phone">
            <PhoneOutlined /> {phoneText(entry.phone)}
          </span>
        }
        tags={
          <Space size={4}>
            <KindTag kind={entry.kind} forKind={entry.forKind} callKey={entry.key} />
            <QueueStateTag entry={entry} />
            {entry.attempts > 0 && <Tag>{t('已打 {n} 次', { n: entry.attempts })}</Tag>}
          </Space>
        }
        actions={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(CALLS_PATH)}>
              {t('回到队列')}
            </Button>
            <Button icon={<StepForwardOutlined />} onClick={() => void nextCall()}>
              {t('下一个电话')}
            </Button>
          </>
        }
      />
      {closedFirst && (
        <Alert
          type="warning"
          showIcon
          className="call-notice already-closed"
          title={t('这通电话已由{by}在 {at} 记录完毕', { by: closedFirst.by, at: instantText(closedFirst.at) })}
          description={t('你这次的记录已作为一次尝试保留；回答以先记录的为准。')}
          action={
            <Button size="small" onClick={() => void nextCall()}>
              {t('下一个电话')}
            </Button>
          }
        />
      )}
      {unreached && (
        <Alert
          type="error"
          showIcon
          className="call-notice gave-up"
          title={t('已尝试 {n} 次仍未接通，这通电话已关闭为“未接通”', { n: unreached.attempts.length })}
          description={
            <Space orientation="vertical" size={6}>
              <span>{t('请改发短信或信件，请客户下次来店时核对联系方式。')}</span>
              <OfferButtons entry={unreached.entry} size="middle" />
            </Space>
          }
          action={
            <Button size="small" onClick={() => void nextCall()}>
              {t('下一个电话')}
            </Button>
          }
        />
      )}
      {detail.state === 'done' && !closedFirst && (
        <Alert
          type="success"
          showIcon
          className="call-notice call-done"
          title={t('这通电话已完成：{by} {at}', { by: detail.closedBy ?? '', at: instantText(detail.closedAt) })}
        />
      )}
      {entry.state === 'skipped' && (
        <Alert
          type="info"
          showIcon
          className="call-notice"
          title={t('客户不接受电话回访：{reason}', { reason: entry.skipReason ?? '' })}
        />
      )}
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form<CallValues>
        form={form}
        name="call"
        layout="vertical"
        initialValues={initialValues(detail)}
        disabled={closed}
        onValuesChange={(changed: Partial<CallValues>) => {
          setDirty(true);
          if ('words' in changed) form.setFields([{ name: 'words', errors: [] }]);
          if ('callbackAt' in changed) form.setFields([{ name: 'callbackAt', errors: [] }]);
        }}
        className="call-form"
      >
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={10}>
            <CallFacts detail={detail} />
          </Col>
          <Col xs={24} lg={14}>
            <CallLoop detail={detail} closed={closed} />
            <QuestionnaireCard detail={detail} settings={settings} />
            <CallProblemsCard problems={detail.problems} />
            {!closed && (
              <>
                <AppointmentFields form={form} />
                <OutcomeCard busy={busy} onRecord={(o) => void record(o)} />
              </>
            )}
          </Col>
        </Row>
      </Form>
    </div>
  );
}

const OUTCOME_BUTTON_TYPE: Partial<Record<CallOutcome, 'primary'>> = { reached: 'primary' };

/** The outcomes, each a button with its Alt+n; 约回电 takes the time picked beside it. */
function OutcomeCard({ busy, onRecord }: { busy: CallOutcome | null; onRecord(outcome: CallOutcome): void }) {
  const { t, label } = useI18n();
  const clock = useStoreClock();
  return (
    <Card size="small" className="section outcome-card">
      <div className="outcome-buttons">
        {CALL_OUTCOMES.map((o, i) => (
          <Button
            key={o}
            type={OUTCOME_BUTTON_TYPE[o] ?? 'default'}
            danger={o === 'wrong_number' || o === 'refused'}
            loading={busy === o}
            disabled={busy !== null && busy !== o}
            onClick={() => onRecord(o)}
            data-outcome={o}
            className="outcome-button"
            title={shortcut(`Alt+${i + 1}`)}
          >
            {o === 'reached' ? t('已接通（保存）') : o === 'call_back' ? t('约回电') : label(CALL_OUTCOME_LABELS[o])}
            <span className="key-hint">{i + 1}</span>
          </Button>
        ))}
      </div>
      <div className="outcome-extras">
        <Form.Item
          name="callbackAt"
          label={t('约回电时间')}
          layout="horizontal"
          colon={false}
          tooltip={t('客户说不方便时，问好方便的时间')}
          className="callback-item"
        >
          <CallbackPicker today={clock.today} />
        </Form.Item>
        <Form.Item name="note" label={t('备注')} layout="horizontal" colon={false} className="note-item">
          <InputNote />
        </Form.Item>
      </div>
      <Typography.Text type="secondary" className="small keys-hint">
        <Kbd>{shortcut('Alt+1')}</Kbd>…<Kbd>{shortcut('Alt+7')}</Kbd> {t('记录结果')} ·{' '}
        <Kbd>{shortcut('Ctrl+Enter')}</Kbd> {t('已接通并保存')}
      </Typography.Text>
    </Card>
  );
}

/** The callback moment: not before the store's today (the server also refuses the past and outside business hours). */
function CallbackPicker(props: {
  today: string;
  value?: Dayjs | null;
  onChange?: (v: Dayjs | null) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const { today, ...rest } = props;
  return (
    <DatePicker
      {...rest}
      showTime={{ format: 'HH:mm', minuteStep: 5 }}
      format="YYYY-MM-DD HH:mm"
      placeholder={t('日期和时间')}
      style={{ width: '100%' }}
      disabledDate={(d) => d.format('YYYY-MM-DD') < today}
    />
  );
}

function InputNote(props: { value?: string; onChange?: (e: ChangeEvent<HTMLInputElement>) => void; id?: string }) {
  const { t } = useI18n();
  return <Input {...props} maxLength={200} placeholder={t('如：客户在开会，下午再打')} />;
}
