import { PrinterOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Empty, Form, Input, Row, Segmented, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { USER_ROLE_LABELS } from '../../../src-shared/domain/enums';
import type { User } from '../../../src-shared/domain/records';
import { type CallProblem, DEPARTMENT_LABELS, DEPARTMENTS, type Department } from '../../../src-shared/domain/revisits';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { CustomerLink } from '../../components/customer-cells';
import { enumOptions } from '../../components/enum-labels';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { instantText, phoneText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { HtmlPreviewModal } from '../daily-report/print-preview';
import { UnmaskCheckbox, unmaskedInput, useUnmasked } from '../settings/unmask-choice';
import { KindTag } from './call-cells';
import { ToComplaint } from './call-loop';
import { callPath } from './paths';

type ProblemState = 'open' | 'done' | 'all';

/**
 * 问题客户: calls with an answer at or below the store's threshold, one card each with the
 * customer's words and the 快速处理表 (department, owner, action, result, done), printable.
 */
export function ProblemsTab() {
  const { t } = useI18n();
  const [state, setState] = useState<ProblemState>('open');
  const { data, error, reload } = useQuery('callProblems.list', { state });
  const users = useQuery('users.list', {});
  const [printing, setPrinting] = useState<number | null>(null);
  return (
    <Card
      size="small"
      className="section call-problems"
      title={t('回访中不满意的客户')}
      extra={
        <Space size={8}>
          <Segmented<ProblemState>
            size="small"
            value={state}
            onChange={setState}
            options={[
              { value: 'open', label: t('未处理') },
              { value: 'done', label: t('已处理') },
              { value: 'all', label: t('全部') },
            ]}
            className="problem-filter"
          />
          <UnmaskCheckbox />
        </Space>
      }
    >
      <Loaded data={data} error={error} reload={reload}>
        {(problems) =>
          problems.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={state === 'open' ? t('没有待处理的问题客户') : t('没有问题客户')}
            />
          ) : (
            <div className="problem-list">
              {problems.map((p) => (
                <ProblemCard key={p.id} problem={p} users={users.data ?? []} onPrint={() => setPrinting(p.id)} />
              ))}
            </div>
          )
        }
      </Loaded>
      {printing !== null && <ProblemFormPreview id={printing} onClose={() => setPrinting(null)} />}
    </Card>
  );
}

interface ProblemValues {
  department: Department;
  ownerUserId: number | null;
  action: string;
  result: string;
  done: boolean;
}

const PROBLEM_FIELDS = ['department', 'ownerUserId', 'action', 'result', 'done'];

function ProblemCard({ problem, users, onPrint }: { problem: CallProblem; users: User[]; onPrint(): void }) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProblemValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [dirty, setDirty] = useState(false);
  const active = users.filter((u) => u.isActive || u.id === problem.ownerUserId);
  const save = async (values: ProblemValues) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('callProblems.update', {
      id: problem.id,
      department: values.department,
      ownerUserId: values.ownerUserId ?? null,
      action: values.action ?? '',
      result: values.result ?? '',
      done: values.done ?? false,
    });
    setBusy(false);
    if (result.ok) {
      setDirty(false);
      message.success(t('快速处理表已保存'));
      return;
    }
    const shown = applyServerErrors(form, result.error, (p) => (PROBLEM_FIELDS.includes(p) ? [p] : null));
    setError(shown.length === 0 ? result.error : null);
  };
  return (
    <Card
      size="small"
      className={problem.doneAt ? 'problem-card done' : 'problem-card'}
      data-problem={problem.id}
      title={
        <Space size={8} wrap>
          <span className="problem-who">
            <CustomerLink id={problem.customerId} name={problem.customerName} />
          </span>
          <span className="phone">{phoneText(problem.phone)}</span>
          {problem.plate && <span className="plate">{problem.plate}</span>}
          <KindTag kind={problem.kind} />
          <Tag color="red">{label(DEPARTMENT_LABELS[problem.department])}</Tag>
          {problem.doneAt ? (
            <Tag color="green">{t('已处理 {at}', { at: instantText(problem.doneAt) })}</Tag>
          ) : (
            <Tag color="orange">{t('未处理')}</Tag>
          )}
        </Space>
      }
      extra={
        <Space size={4}>
          <Link to={callPath(problem.callKey)} className="small">
            {t('查看电话')}
          </Link>
          <Button size="small" icon={<PrinterOutlined />} onClick={onPrint}>
            {t('打印快速处理表')}
          </Button>
          <ToComplaint problem={problem} />
        </Space>
      }
    >
      <Row gutter={16}>
        <Col span={10} className="problem-facts">
          <div className="muted small">
            {t('回访时间 {at}', { at: instantText(problem.createdAt) })}
            {problem.roNumber ? ` · ${t('修理单 {ro}', { ro: problem.roNumber })}` : ''}
          </div>
          {problem.questions.length > 0 && (
            <ul className="problem-questions">
              {problem.questions.map((q) => (
                <li key={q}>{q}</li>
              ))}
            </ul>
          )}
          <div className="problem-words">
            <span className="muted small">{t('用户原话')}</span>
            <div className="call-words">{problem.words ? `“${problem.words}”` : '—'}</div>
          </div>
        </Col>
        <Col span={14}>
          <Form<ProblemValues>
            form={form}
            name={`problem-${problem.id}`}
            layout="vertical"
            size="small"
            initialValues={{
              department: problem.department,
              ownerUserId: problem.ownerUserId,
              action: problem.action,
              result: problem.result,
              done: problem.doneAt !== null,
            }}
            onValuesChange={() => setDirty(true)}
            onFinish={(v) => void save(v)}
            className="problem-form"
          >
            <Row gutter={8}>
              <Col span={10}>
                <Form.Item name="department" label={t('责任部门')}>
                  <Select options={enumOptions(DEPARTMENTS, DEPARTMENT_LABELS, label)} />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item name="ownerUserId" label={t('责任人')}>
                  <Select
                    allowClear
                    placeholder={t('选择负责处理的人')}
                    options={active.map((u) => ({
                      value: u.id,
                      label: `${u.name}（${label(USER_ROLE_LABELS[u.role])}）`,
                    }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="action" label={t('处理措施')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
            </Form.Item>
            <Form.Item name="result" label={t('处理结果')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
            </Form.Item>
            <SaveErrorAlert error={error} onClose={() => setError(null)} />
            <div className="problem-actions">
              <Form.Item name="done" valuePropName="checked" noStyle>
                <Checkbox>{t('已处理完毕')}</Checkbox>
              </Form.Item>
              <Button
                type={dirty ? 'primary' : 'default'}
                htmlType="submit"
                icon={<SaveOutlined />}
                loading={busy}
                size="small"
              >
                {t('保存')}
              </Button>
            </div>
          </Form>
        </Col>
      </Row>
    </Card>
  );
}

function ProblemFormPreview({ id, onClose }: { id: number; onClose(): void }) {
  const unmask = unmaskedInput(useUnmasked());
  const query = useQuery('callProblems.formHtml', { id, ...unmask });
  return <HtmlPreviewModal query={query} onClose={onClose} sendRequest={{ doc: 'problemForm', id, ...unmask }} />;
}
