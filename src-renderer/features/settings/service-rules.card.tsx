import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Popconfirm, Row, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import type { ServiceRule } from '../../../src-shared/domain/invitations';
import { DEFAULT_SERVICE_RULE } from '../../../src-shared/domain/service-due';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';

/** What the editor starts from: a saved rule, or a new one (id undefined). */
type Draft = Pick<ServiceRule, 'match' | 'firstKm' | 'firstMonths' | 'intervalKm' | 'intervalMonths'> & {
  id?: number;
  /** The store default (match ''): its match is not editable. */
  isDefault: boolean;
};

function km(n: number): string {
  return n.toLocaleString('en-US');
}

/** 保养规则: the store default and per-model rules; saving recomputes every vehicle's due date. */
export function ServiceRulesCard() {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const { data, error, reload } = useQuery('serviceRules.list', {});
  const [editing, setEditing] = useState<Draft | null>(null);
  const remove = async (rule: ServiceRule) => {
    const result = await api.invoke('serviceRules.remove', { id: rule.id });
    if (result.ok) message.success(t('已删除“{m}”的规则，这些车改按门店默认', { m: rule.match }));
    else message.error(result.error.message);
  };
  return (
    <Card
      size="small"
      title={t('保养规则')}
      className="section service-rules"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() =>
            setEditing({ ...DEFAULT_SERVICE_RULE, ...storeDefault(data), id: undefined, match: '', isDefault: false })
          }
        >
          {t('添加车型规则')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" className="card-note">
        {t(
          '首保：交车后到一定里程或月数，先到为准；之后每隔一定里程或月数做定保。车型名称包含所填文字的车辆用该车型的规则（最长的匹配优先），其余用门店默认。',
        )}
      </Typography.Paragraph>
      <Loaded data={data} error={error} reload={reload}>
        {(rules) => {
          const rows: (ServiceRule | (Omit<Draft, 'isDefault'> & { id: 0 }))[] = rules.some((r) => r.match === '')
            ? [...rules].sort((a, b) => (a.match === '' ? -1 : b.match === '' ? 1 : a.match.localeCompare(b.match)))
            : [{ ...DEFAULT_SERVICE_RULE, id: 0, match: '' }, ...rules];
          return (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={rows}
              className="rules-table"
              onRow={(r) => ({ 'data-match': r.match }) as HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t('适用车型'),
                  key: 'match',
                  render: (_: unknown, r) =>
                    r.match === '' ? (
                      <Tag color="blue">{t('门店默认')}</Tag>
                    ) : (
                      <span>{t('车型包含“{m}”', { m: r.match })}</span>
                    ),
                },
                {
                  title: t('首保'),
                  key: 'first',
                  width: 190,
                  render: (_: unknown, r) => t('{km} km / {m} 个月', { km: km(r.firstKm), m: r.firstMonths }),
                },
                {
                  title: t('定保'),
                  key: 'interval',
                  width: 200,
                  render: (_: unknown, r) => t('每 {km} km / {m} 个月', { km: km(r.intervalKm), m: r.intervalMonths }),
                },
                {
                  title: t('修改'),
                  key: 'updated',
                  width: 180,
                  render: (_: unknown, r) =>
                    'updatedAt' in r ? (
                      <span className="muted small">
                        {r.updatedBy} {instantText(r.updatedAt)}
                      </span>
                    ) : (
                      <span className="muted small">{t('出厂设置')}</span>
                    ),
                },
                {
                  title: '',
                  key: 'actions',
                  width: 130,
                  render: (_: unknown, r) => (
                    <span className="row-actions">
                      <Button
                        size="small"
                        type="link"
                        icon={<EditOutlined />}
                        onClick={() =>
                          setEditing({ ...r, id: r.id === 0 ? undefined : r.id, isDefault: r.match === '' })
                        }
                      >
                        {t('修改')}
                      </Button>
                      {r.match !== '' && 'updatedAt' in r && (
                        <Popconfirm
                          title={t('删除这条车型规则？')}
                          description={t('这些车辆改按门店默认规则计算到期。')}
                          okText={t('删除')}
                          cancelText={t('取消')}
                          onConfirm={() => void remove(r)}
                        >
                          <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={t('删除')} />
                        </Popconfirm>
                      )}
                    </span>
                  ),
                },
              ]}
            />
          );
        }}
      </Loaded>
      {editing && <RuleModal draft={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function storeDefault(rules: ServiceRule[] | undefined): Partial<Draft> {
  const d = rules?.find((r) => r.match === '');
  return d
    ? { firstKm: d.firstKm, firstMonths: d.firstMonths, intervalKm: d.intervalKm, intervalMonths: d.intervalMonths }
    : {};
}

type RuleValues = Omit<Draft, 'id' | 'isDefault'>;
const RULE_FIELDS = ['match', 'firstKm', 'firstMonths', 'intervalKm', 'intervalMonths'];

function RuleModal({ draft, onClose }: { draft: Draft; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [form] = Form.useForm<RuleValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const isDefault = draft.isDefault;
  const submit = async (values: RuleValues) => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('serviceRules.save', {
      ...(draft.id !== undefined ? { id: draft.id } : {}),
      match: isDefault ? '' : (values.match ?? ''),
      firstKm: values.firstKm,
      firstMonths: values.firstMonths,
      intervalKm: values.intervalKm,
      intervalMonths: values.intervalMonths,
    });
    setBusy(false);
    if (result.ok) {
      message.success(t('保养规则已保存，已重算所有车辆的到期'));
      onClose();
      return;
    }
    const shown = applyServerErrors(form, result.error, (p) => (RULE_FIELDS.includes(p) ? [p] : null));
    setError(shown.length === 0 ? result.error : null);
  };
  const number = (name: keyof RuleValues, label: string, unit: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('请填写') }]}>
      <InputNumber<number> precision={0} style={{ width: '100%' }} suffix={unit} />
    </Form.Item>
  );
  return (
    <Modal
      open
      title={isDefault ? t('门店默认保养规则') : t('车型保养规则')}
      okText={t('保存')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
      className="rule-modal"
    >
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form<RuleValues>
        name="rule"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={draft}
        onFinish={(v) => void submit(v)}
      >
        {!isDefault && (
          <Form.Item
            name="match"
            label={t('车型包含')}
            rules={[{ required: true, whitespace: true, message: t('请填写车型名称中的文字，如：朗逸') }]}
            extra={t('车型名称包含这段文字的车辆用这条规则，如“朗逸”。')}
          >
            <Input maxLength={40} autoFocus />
          </Form.Item>
        )}
        <Typography.Text strong>{t('首保（交车后，先到为准）')}</Typography.Text>
        <Row gutter={12}>
          <Col span={12}>{number('firstKm', t('首保里程'), 'km')}</Col>
          <Col span={12}>{number('firstMonths', t('首保月数'), t('个月'))}</Col>
        </Row>
        <Typography.Text strong>{t('定保（之后每隔，先到为准）')}</Typography.Text>
        <Row gutter={12}>
          <Col span={12}>{number('intervalKm', t('定保间隔里程'), 'km')}</Col>
          <Col span={12}>{number('intervalMonths', t('定保间隔月数'), t('个月'))}</Col>
        </Row>
        <Typography.Paragraph type="secondary" className="card-note">
          {t('保存后会重算所有车辆的保养到期日期，已保存的一览表不变。')}
        </Typography.Paragraph>
      </Form>
    </Modal>
  );
}
