import { Alert, Card, Checkbox, Col, DatePicker, Form, type FormInstance, Input, Radio, Row, Select, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { timeOfDay } from '../../../src-shared/contract/revisits.contract';
import {
  APPOINTMENT_PURPOSE_LABELS,
  APPOINTMENT_PURPOSES,
  type AppointmentPurpose,
  type CallDetail,
  DEPARTMENT_LABELS,
  PROBLEM_FIXED,
  PROBLEM_FIXED_LABELS,
  type Question,
  type RevisitSettings,
} from '../../../src-shared/domain/revisits';
import { enumOptions } from '../../components/enum-labels';
import { fieldRule } from '../../components/form-support';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { AnswerInput, isDissatisfied } from './answer-scale';

export interface AppointmentValues {
  date?: Dayjs | null;
  time?: string;
  purpose?: AppointmentPurpose;
  advisor?: string;
  note?: string;
}

/** 用户原话 is required once an answer is at or below the store's threshold or the problem is not fixed. */
export function wordsRequired(
  questions: readonly Question[],
  values: { answers?: Record<string, number | null | undefined>; problemFixed?: string | null },
  settings: RevisitSettings,
): boolean {
  return values.problemFixed === 'no' || questions.some((q) => isDissatisfied(q, values.answers?.[q.key], settings));
}

/**
 * The questionnaire of the call's kind (the version already answered, for a closed call), then
 * 用户原话 — required, and shown so, as soon as one answer is at or below the store's threshold —
 * whether the problem was fixed, and suggestions. Each part watches only its own fields, so an
 * answer re-renders its question and the words box, not the whole call screen.
 */
export function QuestionnaireCard({ detail, settings }: { detail: CallDetail; settings: RevisitSettings }) {
  const { t, label } = useI18n();
  const questionnaire = detail.questionnaire;
  return (
    <Card
      size="small"
      className="section questionnaire-card"
      title={questionnaire ? questionnaire.title : t('回访内容')}
      extra={
        questionnaire ? <span className="muted small">{t('第 {v} 版', { v: questionnaire.version })}</span> : undefined
      }
    >
      {questionnaire ? (
        <ol className="questions">
          {questionnaire.questions.map((q) => (
            <QuestionItem key={q.key} question={q} settings={settings} />
          ))}
        </ol>
      ) : (
        <Alert type="info" showIcon className="card-note" title={t('这类电话没有问卷，记录客户的话即可。')} />
      )}
      <WordsItem questions={questionnaire?.questions ?? []} settings={settings} />
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item name="problemFixed" label={t('问题是否解决')}>
            <Radio.Group optionType="button" size="small">
              {PROBLEM_FIXED.map((p) => (
                <Radio.Button key={p} value={p}>
                  {label(PROBLEM_FIXED_LABELS[p])}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="suggestions" label={t('建议')}>
            <Input.TextArea rows={1} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

function QuestionItem({ question, settings }: { question: Question; settings: RevisitSettings }) {
  const { t, label } = useI18n();
  const value = Form.useWatch(['answers', question.key]) as number | null | undefined;
  const problem = isDissatisfied(question, value, settings);
  return (
    <li className={problem ? 'question problem' : 'question'} data-question={question.key}>
      <div className="question-line">
        <span className="question-text">
          {question.text}
          {question.department && (
            <span className="muted small"> · {label(DEPARTMENT_LABELS[question.department])}</span>
          )}
          {problem && (
            <Tag color="red" className="problem-tag">
              {t('不满意')}
            </Tag>
          )}
        </span>
        <Form.Item name={['answers', question.key]} className="question-item">
          <AnswerInput question={question} />
        </Form.Item>
      </div>
    </li>
  );
}

function WordsItem({ questions, settings }: { questions: readonly Question[]; settings: RevisitSettings }) {
  const { t } = useI18n();
  const answers = Form.useWatch('answers') as Record<string, number | null | undefined> | undefined;
  const problemFixed = Form.useWatch('problemFixed') as string | null | undefined;
  const required = wordsRequired(questions, { answers, problemFixed }, settings);
  return (
    <Form.Item
      name="words"
      label={t('用户原话')}
      required={required}
      className="words-item"
      extra={required ? t('有不满意的回答或问题未解决：照客户的原话记下，转入问题客户') : undefined}
    >
      <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('客户怎么说的，照原话记下')} />
    </Form.Item>
  );
}

/** 预约: optional, when the customer books a visit during the call (saved with 已接通). */
export function AppointmentFields({ form }: { form: FormInstance }) {
  const { t, label } = useI18n();
  const today = useStoreToday();
  const on = Form.useWatch('withAppointment', form) as boolean | undefined;
  return (
    <Card
      size="small"
      className={on ? 'section appointment-card open' : 'section appointment-card'}
      title={
        <Form.Item name="withAppointment" valuePropName="checked" noStyle>
          <Checkbox className="appointment-toggle">{t('客户要预约进厂')}</Checkbox>
        </Form.Item>
      }
    >
      {on ? (
        <Row gutter={12}>
          <Col span={7}>
            <Form.Item
              name={['appointment', 'date']}
              label={t('预约日期')}
              rules={[{ required: true, message: t('请选择预约日期') }]}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item
              name={['appointment', 'time']}
              label={t('时间')}
              rules={[fieldRule(timeOfDay, { optional: true })]}
            >
              <Input placeholder="09:30" maxLength={5} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['appointment', 'purpose']} label={t('目的')}>
              <Select options={enumOptions(APPOINTMENT_PURPOSES, APPOINTMENT_PURPOSE_LABELS, label)} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['appointment', 'advisor']} label={t('服务顾问')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <span className="muted small">{t('客户在电话里约了进厂时，勾选后填写日期、时间、目的和服务顾问。')}</span>
      )}
    </Card>
  );
}
