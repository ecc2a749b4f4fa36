import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  CALL_KIND_LABELS,
  DEPARTMENT_LABELS,
  DEPARTMENTS,
  QUESTIONNAIRE_KINDS,
  type Question,
  type Questionnaire,
  type QuestionnaireKind,
  SCALE_LABELS,
  SCALES,
} from '../../../src-shared/domain/revisits';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { enumOptions } from '../../components/enum-labels';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import './revisit-settings.css';

/** 回访问卷: the store's questions per call kind; a questionnaire already answered is saved as a new version. */
export function QuestionnairesCard() {
  const { t, label } = useI18n();
  const { data, error, reload } = useQuery('questionnaires.list', {});
  const [kind, setKind] = useState<QuestionnaireKind>('csi');
  return (
    <Card size="small" title={t('回访问卷')} className="section questionnaires">
      <Typography.Paragraph type="secondary" className="card-note">
        {t(
          '每类回访电话问哪些问题、用什么量表、评价哪个部门。已经有回答的问卷不会被改动：保存后成为新版本，以前的回答保留当时的版本。',
        )}
      </Typography.Paragraph>
      <Loaded data={data} error={error} reload={reload}>
        {(list) => (
          <Tabs
            size="small"
            activeKey={kind}
            onChange={(k) => setKind(k as QuestionnaireKind)}
            items={QUESTIONNAIRE_KINDS.map((k) => {
              const current = list.find((q) => q.kind === k && q.isCurrent) ?? list.find((q) => q.kind === k);
              return {
                key: k,
                label: label(CALL_KIND_LABELS[k]),
                children: (
                  <QuestionnaireEditor
                    key={current ? `${current.id}:${current.version}` : `new:${k}`}
                    kind={k}
                    current={current}
                  />
                ),
              };
            })}
          />
        )}
      </Loaded>
    </Card>
  );
}

interface EditorValues {
  title: string;
  questions: Question[];
}

/** A key no other question of the questionnaire has (q1, q2…), kept across versions once saved. */
function freshKey(questions: (Question | undefined)[]): string {
  const used = new Set(questions.map((q) => q?.key));
  let n = questions.length + 1;
  while (used.has(`q${n}`)) n += 1;
  return `q${n}`;
}

function QuestionnaireEditor({ kind, current }: { kind: QuestionnaireKind; current: Questionnaire | undefined }) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<EditorValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [dirty, setDirty] = useState(false);

  const save = async (values: EditorValues) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('questionnaires.save', {
      kind,
      title: values.title ?? '',
      questions: (values.questions ?? []).map((q) => ({
        key: q.key,
        text: q.text ?? '',
        scale: q.scale,
        department: q.department ?? null,
        options: q.scale === 'choice' ? (q.options ?? []) : [],
      })),
    });
    setBusy(false);
    if (result.ok) {
      setDirty(false);
      message.success(
        result.value.version > (current?.version ?? 0) && current
          ? t('已保存为第 {v} 版', { v: result.value.version })
          : t('问卷已保存'),
      );
      return;
    }
    const shown = applyServerErrors(form, result.error);
    setError(shown.length === 0 || shown.some((p) => p.path === 'questions' || p.path === '') ? result.error : null);
  };

  const submit = (values: EditorValues) => {
    if (current?.inUse)
      modal.confirm({
        title: t('保存为第 {v} 版？', { v: current.version + 1 }),
        content: t('第 {v} 版已经有回访用过。保存后以后的电话用新版本，已有的回答仍按第 {v} 版保留。', {
          v: current.version,
        }),
        okText: t('保存新版本'),
        cancelText: t('取消'),
        onOk: () => save(values),
      });
    else void save(values);
  };

  return (
    <div className="questionnaire-editor" data-kind={kind}>
      <div className="questionnaire-meta">
        {current ? (
          <Space size={8} wrap>
            <Tag color="blue" className="questionnaire-version">
              {t('第 {v} 版', { v: current.version })}
            </Tag>
            {current.inUse && <Tag color="orange">{t('已有回答')}</Tag>}
            <span className="muted small">
              {current.createdBy} {instantText(current.createdAt)}
            </span>
          </Space>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('这类电话还没有问卷。添加题目后保存即可使用。')} />
        )}
      </div>
      <Form<EditorValues>
        form={form}
        name={`questionnaire-${kind}`}
        layout="vertical"
        size="small"
        initialValues={{
          title: current?.title ?? label(CALL_KIND_LABELS[kind]),
          questions: current?.questions ?? [],
        }}
        onValuesChange={() => setDirty(true)}
        onFinish={submit}
      >
        <Form.Item name="title" label={t('问卷名称')} className="questionnaire-title">
          <Input maxLength={40} style={{ maxWidth: 360 }} />
        </Form.Item>
        <Form.List name="questions">
          {(fields, { add, remove, move }, { errors }) => (
            <>
              <table className="question-table">
                <thead>
                  <tr>
                    <th className="col-no">#</th>
                    <th>{t('题目')}</th>
                    <th className="col-scale">{t('量表')}</th>
                    <th className="col-dept">{t('评价部门')}</th>
                    <th className="col-options">{t('选项（仅“选项”题）')}</th>
                    <th className="col-actions" />
                  </tr>
                </thead>
                <tbody>
                  {fields.map((field, i) => (
                    <QuestionRow
                      key={field.key}
                      name={field.name}
                      index={i}
                      last={i === fields.length - 1}
                      onUp={() => move(i, i - 1)}
                      onDown={() => move(i, i + 1)}
                      onRemove={() => remove(field.name)}
                    />
                  ))}
                </tbody>
              </table>
              <Form.ErrorList errors={errors} />
              <Space size={8} className="questionnaire-actions">
                <Button
                  icon={<PlusOutlined />}
                  disabled={fields.length >= 40}
                  onClick={() =>
                    add({
                      key: freshKey((form.getFieldValue('questions') as Question[] | undefined) ?? []),
                      text: '',
                      scale: 'five',
                      department: null,
                      options: [],
                    })
                  }
                >
                  {t('添加题目')}
                </Button>
                <Button type={dirty ? 'primary' : 'default'} htmlType="submit" loading={busy}>
                  {current?.inUse ? t('保存为新版本') : t('保存问卷')}
                </Button>
                {current?.inUse && dirty && (
                  <span className="muted small">{t('将保存为第 {v} 版', { v: current.version + 1 })}</span>
                )}
              </Space>
            </>
          )}
        </Form.List>
        <SaveErrorAlert error={error} onClose={() => setError(null)} />
      </Form>
    </div>
  );
}

function QuestionRow({
  name,
  index,
  last,
  onUp,
  onDown,
  onRemove,
}: {
  name: number;
  index: number;
  last: boolean;
  onUp(): void;
  onDown(): void;
  onRemove(): void;
}) {
  const { t, label } = useI18n();
  const scale = Form.useWatch(['questions', name, 'scale']) as Question['scale'] | undefined;
  return (
    <tr className="question-row" data-index={index}>
      <td className="col-no">{index + 1}</td>
      <td>
        <Form.Item name={[name, 'key']} hidden>
          <Input />
        </Form.Item>
        <Form.Item name={[name, 'text']} className="cell-item">
          <Input maxLength={100} placeholder={t('如：接待速度')} aria-label={t('题目')} />
        </Form.Item>
      </td>
      <td className="col-scale">
        <Form.Item name={[name, 'scale']} className="cell-item">
          <Select
            options={enumOptions(SCALES, SCALE_LABELS, label)}
            aria-label={t('量表')}
            popupMatchSelectWidth={false}
          />
        </Form.Item>
      </td>
      <td className="col-dept">
        <Form.Item name={[name, 'department']} className="cell-item">
          <Select
            allowClear
            placeholder={t('不计部门')}
            options={enumOptions(DEPARTMENTS, DEPARTMENT_LABELS, label)}
            aria-label={t('评价部门')}
          />
        </Form.Item>
      </td>
      <td className="col-options">
        <Form.Item name={[name, 'options']} className="cell-item">
          <Select
            mode="tags"
            disabled={scale !== 'choice'}
            placeholder={scale === 'choice' ? t('输入选项后按回车') : '—'}
            open={scale === 'choice' ? undefined : false}
            tokenSeparators={['、']}
            aria-label={t('选项')}
          />
        </Form.Item>
      </td>
      <td className="col-actions">
        <Button
          type="text"
          size="small"
          icon={<ArrowUpOutlined />}
          disabled={index === 0}
          onClick={onUp}
          aria-label={t('上移')}
        />
        <Button
          type="text"
          size="small"
          icon={<ArrowDownOutlined />}
          disabled={last}
          onClick={onDown}
          aria-label={t('下移')}
        />
        <Button
          type="text"
          size="small"
          danger
          icon={<DeleteOutlined />}
          onClick={onRemove}
          aria-label={t('删除题目')}
        />
      </td>
    </tr>
  );
}
