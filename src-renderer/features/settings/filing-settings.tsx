import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
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
  Switch,
  Table,
  type TableColumnType,
  Tag,
  Typography,
} from 'antd';
import type { HTMLAttributes } from 'react';
import { RO_TYPE_LABELS, RO_TYPES, type RoType } from '../../../src-shared/domain/enums';
import {
  BINDER_SCHEME_LABELS,
  BINDER_SCHEMES,
  type BinderSeries,
  CUSTOMER_FILE_FIELD_LABELS,
  CUSTOMER_FILE_FIELDS,
  DOC_SUBJECT_LABELS,
  DOC_SUBJECTS,
  type DocKind,
  type DocSubject,
  type FilingSettings,
  REQUIRED_ON_LABELS,
  type RequiredWhen,
  VEHICLE_FILE_FIELD_LABELS,
  VEHICLE_FILE_FIELDS,
} from '../../../src-shared/domain/filing';
import { useApi, useQuery } from '../../api/client';
import { enumOptions } from '../../components/enum-labels';
import { toNamePath } from '../../components/form-support';
import { useI18n } from '../../i18n/i18n';
import '../filing/filing.css';
import { DATE_TEXT_ITEM, nextFreeCode, RemoveRowButton, SettingsCard, SettingsSaveForm } from './settings-form';

/**
 * 归档设置: the kinds of paper (what each belongs to, how it is bound, into which binder series,
 * when it is required, how long it is kept), the binder series, the major-repair rule, the day
 * checks begin, the 电子健康档案 check, the fields a new customer or vehicle file must have, the
 * scan size limit, the watched scanner folder and the loan days. The whole object is saved at once.
 */
export function FilingSettingsCard() {
  const { t } = useI18n();
  const query = useQuery('filingSettings.get', {});
  return (
    <SettingsCard title={t('归档设置')} className="section filing-settings" query={query}>
      {(settings) => <SettingsForm settings={settings} />}
    </SettingsCard>
  );
}

/** Which `on` fits a subject (the server refuses the others). */
const REQUIRED_FOR: Record<DocSubject, RequiredWhen['on'][]> = {
  ro: ['never', 'ro_settled'],
  vehicle: ['never', 'vehicle_delivered'],
  customer: ['never', 'customer_created'],
};

function requiredOf(on: RequiredWhen['on']): RequiredWhen {
  return on === 'ro_settled' ? { on, roTypes: [], majorOnly: false } : { on };
}

/** Server paths below a composite control (kinds.3.required.roTypes) go on the control itself. */
function fieldPath(path: string): (string | number)[] {
  const name = toNamePath(path);
  if (name[0] === 'kinds' && name[2] === 'required') return name.slice(0, 3);
  if (name[0] === 'requiredCustomerFields' || name[0] === 'requiredVehicleFields') return name.slice(0, 1);
  if (name[0] === 'majorRepair' && name[1] === 'roTypes') return name.slice(0, 2);
  return name;
}

/** What is sent: the form's whole store, with blanks made null. */
function toInput(values: FilingSettings): FilingSettings {
  const folder = values.watchFolder?.trim() ?? '';
  return {
    ...values,
    watchFolder: folder === '' ? null : folder,
    checkFrom: values.checkFrom || null,
    majorRepair: {
      roTypes: values.majorRepair.roTypes ?? [],
      minLaborHours: values.majorRepair.minLaborHours ?? null,
    },
  };
}

function SettingsForm({ settings }: { settings: FilingSettings }) {
  const { t, label } = useI18n();
  const api = useApi();
  const [form] = Form.useForm<FilingSettings>();
  // preserve: the keys have no field of their own (they are not edited), and the options need them.
  const series = (Form.useWatch('series', { form, preserve: true }) ?? settings.series) as BinderSeries[];
  const healthCheck = Form.useWatch('healthRecordCheck', form) ?? settings.healthRecordCheck;
  const savedKinds = new Set(settings.kinds.map((k) => k.code));
  const savedSeries = new Set(settings.series.map((s) => s.key));

  const seriesOptions = series.map((s) => ({ value: s.key, label: s.label || s.key }));

  /** A row's fixed code (a kind) or key (a series). */
  const codeOf = (list: 'kinds' | 'series', row: number): string =>
    list === 'kinds' ? form.getFieldValue(['kinds', row, 'code']) : form.getFieldValue(['series', row, 'key']);

  /** 名称 in the kinds and series lists: the label typed, the row's fixed code (or key) under it. */
  const nameColumn = (list: 'kinds' | 'series', width?: number): TableColumnType<FormListFieldData> => ({
    title: t('名称'),
    key: 'label',
    width,
    render: (_: unknown, f) => (
      <>
        <Form.Item
          name={[f.name, 'label']}
          className="cell-item"
          rules={[{ required: true, whitespace: true, message: t('请填写名称') }]}
        >
          <Input maxLength={30} aria-label={t('名称')} />
        </Form.Item>
        <span className="muted small mono">{codeOf(list, f.name)}</span>
      </>
    ),
  });

  /** The delete button of a row not saved yet (saved kinds and series are kept: papers may use them). */
  const removeColumn = (
    list: 'kinds' | 'series',
    saved: ReadonlySet<string>,
    remove: (index: number) => void,
  ): TableColumnType<FormListFieldData> => ({
    title: '',
    key: 'remove',
    width: 40,
    render: (_: unknown, f) =>
      saved.has(codeOf(list, f.name)) ? null : <RemoveRowButton onClick={() => remove(f.name)} />,
  });

  return (
    <SettingsSaveForm<FilingSettings>
      form={form}
      name="filingSettings"
      className="filing-settings-form"
      initialValues={settings}
      send={(values) => api.invoke('filingSettings.save', toInput(values))}
      mapPath={fieldPath}
      savedText={t('归档设置已保存')}
      saveText={t('保存归档设置')}
      saveClassName="save-filing"
    >
      <Typography.Text strong>{t('资料类型')}</Typography.Text>
      <Typography.Paragraph type="secondary" className="card-note small">
        {t('内置类型可以改名、改装订方式、停用，不能删除；停用的类型已归档的资料保留，归档时不再提供。')}
      </Typography.Paragraph>
      <Form.List name="kinds">
        {(fields, { add, remove }) => (
          <>
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={fields}
              className="kinds-table"
              scroll={{ x: 1094 }}
              onRow={(f) =>
                ({ 'data-code': form.getFieldValue(['kinds', f.name, 'code']) }) as HTMLAttributes<HTMLElement>
              }
              columns={[
                nameColumn('kinds', 180),
                {
                  title: t('归属'),
                  key: 'subject',
                  width: 96,
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'subject']} className="cell-item">
                      <Select
                        disabled={form.getFieldValue(['kinds', f.name, 'builtin']) === true}
                        options={enumOptions(DOC_SUBJECTS, DOC_SUBJECT_LABELS, label)}
                        aria-label={t('归属')}
                        onChange={(subject: DocSubject) => {
                          const on = (form.getFieldValue(['kinds', f.name, 'required']) as RequiredWhen).on;
                          if (!REQUIRED_FOR[subject].includes(on))
                            form.setFieldValue(['kinds', f.name, 'required'], { on: 'never' });
                        }}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: t('装订方式'),
                  key: 'scheme',
                  width: 112,
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'scheme']} className="cell-item">
                      <Select
                        options={enumOptions(BINDER_SCHEMES, BINDER_SCHEME_LABELS, label)}
                        aria-label={t('装订方式')}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: t('资料夹'),
                  key: 'series',
                  width: 140,
                  render: (_: unknown, f) => (
                    <Form.Item noStyle dependencies={[['kinds', f.name, 'scheme']]}>
                      {() =>
                        form.getFieldValue(['kinds', f.name, 'scheme']) === 'vehicle' ? (
                          <span className="muted small">{t('车辆档案袋')}</span>
                        ) : (
                          <Form.Item name={[f.name, 'series']} className="cell-item">
                            <Select options={seriesOptions} aria-label={t('资料夹')} />
                          </Form.Item>
                        )
                      }
                    </Form.Item>
                  ),
                },
                {
                  title: t('何时必须'),
                  key: 'required',
                  width: 290,
                  render: (_: unknown, f) => (
                    <Form.Item noStyle dependencies={[['kinds', f.name, 'subject']]}>
                      {() => (
                        <Form.Item name={[f.name, 'required']} className="cell-item">
                          <RequiredWhenInput subject={form.getFieldValue(['kinds', f.name, 'subject']) as DocSubject} />
                        </Form.Item>
                      )}
                    </Form.Item>
                  ),
                },
                {
                  title: t('保管年限'),
                  key: 'retentionYears',
                  width: 176,
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'retentionYears']} className="cell-item">
                      <RetentionInput />
                    </Form.Item>
                  ),
                },
                {
                  title: t('启用'),
                  key: 'active',
                  width: 60,
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'active']} valuePropName="checked" className="cell-item">
                      <Switch size="small" aria-label={t('启用')} />
                    </Form.Item>
                  ),
                },
                removeColumn('kinds', savedKinds, remove),
              ]}
            />
            <Button
              size="small"
              icon={<PlusOutlined />}
              className="add-row add-kind"
              onClick={() => {
                const kinds = form.getFieldValue('kinds') as DocKind[];
                const first = (form.getFieldValue('series') as BinderSeries[])[0];
                const kind: DocKind = {
                  code: nextFreeCode(
                    'x_',
                    kinds.map((k) => k.code),
                  ),
                  label: '',
                  subject: 'vehicle',
                  builtin: false,
                  active: true,
                  scheme: 'monthly',
                  series: first?.key ?? '',
                  required: { on: 'never' },
                  retentionYears: 2,
                };
                add(kind);
              }}
            >
              {t('新增类型')}
            </Button>
          </>
        )}
      </Form.List>

      <Divider className="settings-divider" />
      <Typography.Text strong>{t('资料夹')}</Typography.Text>
      <Typography.Paragraph type="secondary" className="card-note small">
        {t('按月装订的资料每月一册（满了开下一册）；几种资料可以放进同一种资料夹。')}
      </Typography.Paragraph>
      <Form.List name="series">
        {(fields, { add, remove }) => (
          <>
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={fields}
              className="series-table"
              onRow={(f) =>
                ({ 'data-key': form.getFieldValue(['series', f.name, 'key']) }) as HTMLAttributes<HTMLElement>
              }
              columns={[
                nameColumn('series'),
                {
                  title: t('存放位置'),
                  key: 'shelf',
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'shelf']} className="cell-item">
                      <Input maxLength={40} placeholder={t('如：档案柜 A 2层')} aria-label={t('存放位置')} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('每册份数'),
                  key: 'capacity',
                  width: 130,
                  render: (_: unknown, f) => (
                    <Form.Item
                      name={[f.name, 'capacity']}
                      className="cell-item"
                      rules={[{ required: true, message: t('请填写数字') }]}
                    >
                      <InputNumber<number> min={10} max={2000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                },
                removeColumn('series', savedSeries, remove),
              ]}
            />
            <Flex gap={12} align="end" wrap className="series-foot">
              <Button
                size="small"
                icon={<PlusOutlined />}
                className="add-row add-series"
                onClick={() => {
                  const list = form.getFieldValue('series') as BinderSeries[];
                  add({
                    key: nextFreeCode(
                      'series_',
                      list.map((s) => s.key),
                    ),
                    label: '',
                    shelf: '',
                    capacity: 200,
                  } satisfies BinderSeries);
                }}
              >
                {t('新增资料夹')}
              </Button>
              <Form.Item name="vehicleBagShelf" label={t('一车一档的档案袋存放位置')} className="inline-item">
                <Input maxLength={40} style={{ width: 220 }} />
              </Form.Item>
            </Flex>
          </>
        )}
      </Form.List>

      <Divider className="settings-divider" />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Form.Item
            name={['majorRepair', 'roTypes']}
            label={t('大修：这些修理类型')}
            extra={t('大修（二级维护、总成修理、整车修理）还须附质检单和竣工出厂合格证副本。')}
          >
            <Select<RoType[]>
              mode="multiple"
              allowClear
              options={enumOptions(RO_TYPES, RO_TYPE_LABELS, label)}
              placeholder={t('不按修理类型')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          <Form.Item name={['majorRepair', 'minLaborHours']} label={t('或工时至少')}>
            <InputNumber<number> min={0.5} max={500} step={0.5} suffix={t('小时')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          <Form.Item
            name="checkFrom"
            label={t('起始日期')}
            extra={t('从这一天起检查缺失；空着：从第一张修理单起')}
            {...DATE_TEXT_ITEM}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={12} lg={6}>
          <Form.Item name="healthRecordCheck" label={t('电子健康档案检查')} valuePropName="checked">
            <Switch checkedChildren={t('检查')} unCheckedChildren={t('不检查')} />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          <Form.Item
            name="healthRecordHours"
            label={t('结算后应上传的时限')}
            rules={[{ required: true, message: t('请填写数字') }]}
          >
            <InputNumber<number>
              min={1}
              max={720}
              precision={0}
              suffix={t('小时')}
              disabled={!healthCheck}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          <Form.Item name="loanDays" label={t('借阅天数')} rules={[{ required: true, message: t('请填写数字') }]}>
            <InputNumber<number> min={1} max={90} precision={0} suffix={t('天')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          <Form.Item
            name="scanMaxMb"
            label={t('扫描件大小上限')}
            rules={[{ required: true, message: t('请填写数字') }]}
          >
            <InputNumber<number> min={1} max={100} precision={0} suffix="MB" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Form.Item name="requiredCustomerFields" label={t('新建客户档案必填')}>
            <Checkbox.Group options={enumOptions(CUSTOMER_FILE_FIELDS, CUSTOMER_FILE_FIELD_LABELS, label)} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={12}>
          <Form.Item name="requiredVehicleFields" label={t('新建车辆档案必填')}>
            <Checkbox.Group options={enumOptions(VEHICLE_FILE_FIELDS, VEHICLE_FILE_FIELD_LABELS, label)} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="watchFolder"
        label={t('扫描文件夹')}
        extra={t('扫描仪保存文件的文件夹；新文件自动收进来，文件名含修理单号或车架号的自动匹配。空着：不监视。')}
      >
        <Input maxLength={400} placeholder={t('如：D:\\扫描')} className="mono" />
      </Form.Item>
    </SettingsSaveForm>
  );
}

/** 何时必须: 不要求 / 修理单结算后 (which RO types, 仅大修) / 新车交车后 / 新建客户后, as the subject allows. */
function RequiredWhenInput({
  id,
  value,
  onChange,
  subject,
}: {
  id?: string;
  value?: RequiredWhen;
  onChange?(value: RequiredWhen): void;
  subject: DocSubject;
}) {
  const { t, label } = useI18n();
  const current = value ?? { on: 'never' };
  return (
    <Flex gap={4} wrap align="center" className="required-when">
      <Select<RequiredWhen['on']>
        id={id}
        value={current.on}
        onChange={(on) => onChange?.(requiredOf(on))}
        options={REQUIRED_FOR[subject].map((on) => ({ value: on, label: label(REQUIRED_ON_LABELS[on]) }))}
        style={{ width: 124 }}
        aria-label={t('何时必须')}
      />
      {current.on === 'ro_settled' && (
        <>
          <Select<RoType[]>
            mode="multiple"
            value={current.roTypes}
            onChange={(roTypes) => onChange?.({ ...current, roTypes })}
            options={enumOptions(RO_TYPES, RO_TYPE_LABELS, label)}
            placeholder={t('全部类型')}
            maxTagCount="responsive"
            style={{ width: 150 }}
            aria-label={t('修理类型')}
          />
          <Checkbox
            checked={current.majorOnly}
            onChange={(e) => onChange?.({ ...current, majorOnly: e.target.checked })}
          >
            {t('仅大修')}
          </Checkbox>
        </>
      )}
    </Flex>
  );
}

/** 保管年限: whole years, or 永久 (null). */
function RetentionInput({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: number | null;
  onChange?(value: number | null): void;
}) {
  const { t } = useI18n();
  const forever = value === null;
  return (
    <Flex gap={6} align="center" className="retention-input">
      {forever ? (
        <Tag color="purple" className="forever-tag">
          {t('永久')}
        </Tag>
      ) : (
        <InputNumber<number>
          id={id}
          value={value ?? undefined}
          min={1}
          max={50}
          precision={0}
          suffix={t('年')}
          onChange={(n) => onChange?.(n ?? 1)}
          style={{ width: 82 }}
          aria-label={t('保管年限')}
        />
      )}
      <Checkbox checked={forever} onChange={(e) => onChange?.(e.target.checked ? null : 2)}>
        {t('永久')}
      </Checkbox>
    </Flex>
  );
}
