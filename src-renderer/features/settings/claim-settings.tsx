import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Col,
  DatePicker,
  Divider,
  Flex,
  Form,
  type FormListFieldData,
  Input,
  InputNumber,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { HTMLAttributes } from 'react';
import { CLAIM_TYPE_PATTERN, type ClaimSettings, type ClaimType } from '../../../src-shared/domain/claims';
import { useApi, useQuery } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { DATE_TEXT_ITEM, nextFreeCode, RemoveRowButton, SettingsCard, SettingsSaveForm } from './settings-form';
import '../claims/claims.css';

/**
 * 索赔设置: the claim types (builtin ones renamed, never removed; the store's own added), the type a
 * new claim takes, the reporting deadline (days after settlement by default, per brand and claim
 * type by rule), the day claims begin, the warning days, the old parts' return days, the day the
 * month's statement should be invoiced by and the manufacturer's name. The whole object is saved.
 */
export function ClaimSettingsCard() {
  const { t } = useI18n();
  const query = useQuery('claimSettings.get', {});
  return (
    <SettingsCard title={t('索赔设置')} className="section claim-settings" query={query}>
      {(settings) => <SettingsForm settings={settings} />}
    </SettingsCard>
  );
}

/** A rule's claim type in the form: '' stands for 任意 (null on the wire; a Select has no null option). */
const ANY_TYPE = '';

interface RuleValues {
  brand: string;
  claimType: string;
  days: number | null;
}

interface SettingsValues extends Omit<ClaimSettings, 'rules'> {
  rules: RuleValues[];
}

function toValues(settings: ClaimSettings): SettingsValues {
  return { ...settings, rules: settings.rules.map((r) => ({ ...r, claimType: r.claimType ?? ANY_TYPE })) };
}

/** What is sent: the form's whole store, 任意 back to null, blanks trimmed. */
function toInput(values: SettingsValues): ClaimSettings {
  return {
    ...values,
    claimTypes: values.claimTypes.map((c) => ({ ...c, code: c.code.trim(), label: c.label.trim() })),
    rules: (values.rules ?? []).map((r) => ({
      brand: r.brand?.trim() ?? '',
      claimType: r.claimType === ANY_TYPE ? null : r.claimType,
      days: r.days ?? Number.NaN,
    })),
    openFrom: values.openFrom || null,
    manufacturer: values.manufacturer?.trim() ?? '',
  };
}

function SettingsForm({ settings }: { settings: ClaimSettings }) {
  const { t, label } = useI18n();
  const api = useApi();
  const [form] = Form.useForm<SettingsValues>();
  const types = (Form.useWatch('claimTypes', { form, preserve: true }) ?? settings.claimTypes) as ClaimType[];
  // Form.List numbers its rows' keys from 0 in the order first shown: a key past the saved list is a
  // row added here, whose code may still be typed (a saved code is fixed: claims carry it).
  const isNewRow = (f: FormListFieldData) => f.key >= settings.claimTypes.length;
  const typeOptions = types.map((c) => ({ value: c.code, label: c.label ? label(c.label) : c.code }));

  const builtinAt = (row: number) => form.getFieldValue(['claimTypes', row, 'builtin']) === true;
  const codeAt = (row: number) => form.getFieldValue(['claimTypes', row, 'code']) as string;

  const typeColumns = (remove: (index: number) => void) => [
    {
      title: t('名称'),
      key: 'label',
      render: (_: unknown, f: FormListFieldData) => (
        <Form.Item
          name={[f.name, 'label']}
          className="cell-item"
          rules={[{ required: true, whitespace: true, message: t('请填写名称') }]}
        >
          <Input maxLength={20} aria-label={t('名称')} />
        </Form.Item>
      ),
    },
    {
      title: t('代码'),
      key: 'code',
      width: 170,
      render: (_: unknown, f: FormListFieldData) => (
        <Form.Item
          name={[f.name, 'code']}
          className="cell-item"
          rules={[{ pattern: CLAIM_TYPE_PATTERN, message: t('代码应为小写字母开头的字母、数字或下划线') }]}
        >
          <Input maxLength={31} disabled={!isNewRow(f)} className="mono" aria-label={t('代码')} />
        </Form.Item>
      ),
    },
    {
      title: '',
      key: 'kind',
      width: 70,
      render: (_: unknown, f: FormListFieldData) =>
        builtinAt(f.name) ? <Tag className="builtin-tag">{t('内置')}</Tag> : <Tag color="purple">{t('自定义')}</Tag>,
    },
    {
      title: '',
      key: 'remove',
      width: 40,
      render: (_: unknown, f: FormListFieldData) =>
        builtinAt(f.name) ? null : <RemoveRowButton onClick={() => remove(f.name)} />,
    },
  ];

  return (
    <SettingsSaveForm<SettingsValues>
      form={form}
      name="claimSettings"
      className="claim-settings-form"
      initialValues={toValues(settings)}
      send={(values) => api.invoke('claimSettings.save', toInput(values))}
      savedText={t('索赔设置已保存')}
      saveText={t('保存索赔设置')}
      saveClassName="save-claim-settings"
    >
      <Row gutter={24}>
        <Col xs={24} lg={12}>
          <Typography.Text strong>{t('索赔类型')}</Typography.Text>
          <Typography.Paragraph type="secondary" className="card-note small">
            {t('内置类型可以改名，不能删除；可以增加本店的类型（代码用小写字母、数字、下划线）。')}
          </Typography.Paragraph>
          <Form.List name="claimTypes">
            {(fields, { add, remove }) => (
              <>
                <Table
                  rowKey="key"
                  size="small"
                  pagination={false}
                  dataSource={fields}
                  className="claim-types-table"
                  onRow={(f) => ({ 'data-code': codeAt(f.name) }) as HTMLAttributes<HTMLElement>}
                  columns={typeColumns(remove)}
                />
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  className="add-row add-claim-type"
                  onClick={() => {
                    const list = form.getFieldValue('claimTypes') as ClaimType[];
                    add({
                      code: nextFreeCode(
                        'custom_',
                        list.map((c) => c.code),
                      ),
                      label: '',
                      builtin: false,
                    } satisfies ClaimType);
                  }}
                >
                  {t('新增类型')}
                </Button>
              </>
            )}
          </Form.List>
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Text strong>{t('上报期限')}</Typography.Text>
          <Typography.Paragraph type="secondary" className="card-note small">
            {t(
              '索赔单应在修理单结算后若干天内上报厂家。按规则：品牌和类型都对上的优先，其次类型，再次品牌，都没有用默认天数。',
            )}
          </Typography.Paragraph>
          <Flex gap={12} wrap>
            <Form.Item
              name="defaultDays"
              label={t('默认上报期限')}
              rules={[{ required: true, message: t('请填写天数') }]}
            >
              <InputNumber<number> min={1} max={365} precision={0} suffix={t('天')} style={{ width: 130 }} />
            </Form.Item>
            <Form.Item name="defaultClaimType" label={t('新索赔单的类型')}>
              <Select options={typeOptions} style={{ width: 160 }} aria-label={t('新索赔单的类型')} />
            </Form.Item>
          </Flex>
          <Form.List name="rules">
            {(fields, { add, remove }) => (
              <>
                <Table
                  rowKey="key"
                  size="small"
                  pagination={false}
                  dataSource={fields}
                  className="deadline-rules-table"
                  locale={{ emptyText: t('没有规则：都按默认天数') }}
                  columns={[
                    {
                      title: t('品牌（车型含）'),
                      key: 'brand',
                      render: (_: unknown, f) => (
                        <Form.Item name={[f.name, 'brand']} className="cell-item">
                          <Input maxLength={20} placeholder={t('任意品牌')} aria-label={t('品牌')} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('索赔类型'),
                      key: 'claimType',
                      width: 150,
                      render: (_: unknown, f) => (
                        <Form.Item name={[f.name, 'claimType']} className="cell-item">
                          <Select
                            options={[{ value: ANY_TYPE, label: t('任意') }, ...typeOptions]}
                            aria-label={t('索赔类型')}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('天数'),
                      key: 'days',
                      width: 110,
                      render: (_: unknown, f) => (
                        <Form.Item
                          name={[f.name, 'days']}
                          className="cell-item"
                          rules={[{ required: true, message: t('请填写天数') }]}
                        >
                          <InputNumber<number> min={1} max={365} precision={0} style={{ width: '100%' }} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: '',
                      key: 'remove',
                      width: 40,
                      render: (_: unknown, f) => <RemoveRowButton onClick={() => remove(f.name)} />,
                    },
                  ]}
                />
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  className="add-row add-deadline-rule"
                  onClick={() => add({ brand: '', claimType: ANY_TYPE, days: 7 } satisfies RuleValues)}
                >
                  {t('新增规则')}
                </Button>
              </>
            )}
          </Form.List>
        </Col>
      </Row>

      <Divider className="settings-divider" />
      <Row gutter={16}>
        <Col xs={12} lg={6}>
          <Form.Item
            name="openFrom"
            label={t('索赔起始日期')}
            extra={t('从这一天起开单的索赔/三包修理单才有索赔单（之前的已在厂家系统处理完）；空着：全部。')}
            {...DATE_TEXT_ITEM}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          <Form.Item
            name="warnDays"
            label={t('提前提醒')}
            extra={t('到期前这么多天起在今日工作台提醒')}
            rules={[{ required: true, message: t('请填写天数') }]}
          >
            <InputNumber<number> min={0} max={30} precision={0} suffix={t('天')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          <Form.Item
            name="oldPartReturnDays"
            label={t('旧件返厂期限')}
            extra={t('结算后这么多天内把旧件返回厂家')}
            rules={[{ required: true, message: t('请填写天数') }]}
          >
            <InputNumber<number> min={1} max={365} precision={0} suffix={t('天')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          <Form.Item
            name="invoiceByDay"
            label={t('每月开票日')}
            extra={t('上月的服务费在本月这一天前开票')}
            rules={[{ required: true, message: t('请填写日期') }]}
          >
            <InputNumber<number>
              min={1}
              max={28}
              precision={0}
              prefix={t('每月')}
              suffix={t('日')}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="manufacturer" label={t('厂家名称')} extra={t('打印在服务费结算单上（发票抬头）')}>
        <Input maxLength={60} placeholder={t('如 一汽-大众销售有限责任公司')} />
      </Form.Item>
    </SettingsSaveForm>
  );
}
