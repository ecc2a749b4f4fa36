import { Col, DatePicker, Form, type FormInstance, Input, InputNumber, Radio, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  COMPLAINT_LEVEL_LABELS,
  COMPLAINT_LEVELS,
  COMPLAINT_TYPE_LABELS,
  COMPLAINT_TYPES,
  type ComplaintLevel,
  type ComplaintSettings,
  type ComplaintType,
  RESPONSE_HOURS,
  type ResponseHours,
} from '../../../src-shared/domain/complaints';
import { USER_ROLE_LABELS } from '../../../src-shared/domain/enums';
import type { User } from '../../../src-shared/domain/records';
import { DEPARTMENT_LABELS, DEPARTMENTS, type Department } from '../../../src-shared/domain/revisits';
import { enumOptions } from '../../components/enum-labels';
import { useI18n } from '../../i18n/i18n';
import { LEVEL_COLOR } from './complaint-cells';

/** The registration's fields shared by 登记投诉 and 修改 (complaintFields in the contract). */
export interface RegistrationValues {
  description?: string;
  demand?: string;
  department?: Department;
  secondaryDepartments?: Department[];
  type?: ComplaintType;
  level?: ComplaintLevel;
  respondWithinHours?: ResponseHours;
  resolveMode?: 'workdays' | 'date';
  resolveWorkingDays?: number | null;
  resolveBy?: Dayjs | null;
  ownerUserId?: number | null;
}

/** The server's field paths that these fields show (others go to the alert). */
export const REGISTRATION_FIELDS = [
  'description',
  'demand',
  'department',
  'secondaryDepartments',
  'type',
  'level',
  'respondWithinHours',
  'resolveWorkingDays',
  'resolveBy',
  'ownerUserId',
];

/** What the contract takes from these fields (resolveBy only when a day was set by hand). */
export function registrationInput(values: RegistrationValues, settings: ComplaintSettings) {
  const level = values.level ?? 'complaint';
  const byDate = values.resolveMode === 'date';
  return {
    description: values.description ?? '',
    demand: values.demand ?? '',
    department: values.department ?? 'reception',
    secondaryDepartments: (values.secondaryDepartments ?? []).filter((d) => d !== values.department),
    type: values.type ?? 'quality',
    level,
    respondWithinHours: values.respondWithinHours ?? settings.responseHours[level],
    resolveWorkingDays: values.resolveWorkingDays ?? settings.resolveWorkingDays,
    resolveBy: byDate && values.resolveBy ? values.resolveBy.format('YYYY-MM-DD') : null,
    ownerUserId: values.ownerUserId ?? null,
  };
}

/**
 * 责任部门 (direct + secondary), 类型, 级别 (colour by gravity), 处理时效 (follows the level until
 * changed by hand), 解决期限 in working days or a day set by hand, 负责人, 客户反映, 客户诉求.
 */
export function RegistrationFields({
  form,
  settings,
  users,
  openedOn,
  currentResolveBy,
}: {
  form: FormInstance;
  settings: ComplaintSettings;
  users: User[];
  /** The day it was opened: a hand-set deadline may not be before it. */
  openedOn: string;
  /** Editing: the deadline as the archive counted it. */
  currentResolveBy?: string;
}) {
  const { t, label } = useI18n();
  const mode = Form.useWatch('resolveMode', form) as RegistrationValues['resolveMode'];
  const department = Form.useWatch('department', form) as Department | undefined;
  const active = users.filter((u) => u.isActive);
  return (
    <>
      <Form.Item
        name="description"
        label={t('客户反映（原话）')}
        rules={[{ required: true, whitespace: true, message: t('请填写客户反映') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} placeholder={t('照客户的原话记下')} />
      </Form.Item>
      <Form.Item name="demand" label={t('客户诉求')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} placeholder={t('客户希望怎么解决')} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item
            name="department"
            label={t('直接责任部门')}
            rules={[{ required: true, message: t('请选择责任部门') }]}
          >
            <Select options={enumOptions(DEPARTMENTS, DEPARTMENT_LABELS, label)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="secondaryDepartments" label={t('次要责任部门')}>
            <Select
              mode="multiple"
              allowClear
              placeholder={t('可不选')}
              options={enumOptions(DEPARTMENTS, DEPARTMENT_LABELS, label).filter((o) => o.value !== department)}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="type" label={t('投诉类型')} rules={[{ required: true, message: t('请选择投诉类型') }]}>
        <Radio.Group
          optionType="button"
          size="small"
          options={enumOptions(COMPLAINT_TYPES, COMPLAINT_TYPE_LABELS, label)}
        />
      </Form.Item>
      <Form.Item name="level" label={t('投诉级别')} rules={[{ required: true, message: t('请选择投诉级别') }]}>
        <Radio.Group size="small" className="level-radios">
          {COMPLAINT_LEVELS.map((l) => (
            <Radio.Button key={l} value={l} className={`level-radio level-${LEVEL_COLOR[l]}`} data-level={l}>
              {label(COMPLAINT_LEVEL_LABELS[l])}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item
            name="respondWithinHours"
            label={t('处理时效')}
            extra={t('按级别默认，可改')}
            rules={[{ required: true, message: t('请选择处理时效') }]}
          >
            <Select
              options={RESPONSE_HOURS.map((h) => ({
                value: h,
                label: h === 0 ? t('立即') : t('{h} 小时', { h }),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="resolveMode" label={t('解决期限')} className="resolve-mode-item">
            <Radio.Group size="small">
              <Radio value="workdays">{t('按工作日')}</Radio>
              <Radio value="date">{t('指定日期')}</Radio>
            </Radio.Group>
          </Form.Item>
          <div className="resolve-row">
            {mode === 'date' ? (
              <Form.Item
                name="resolveBy"
                rules={[{ required: true, message: t('请选择解决期限') }]}
                extra={t('如厂家规定的期限；不能早于登记日')}
              >
                <DatePicker style={{ width: 180 }} disabledDate={(d) => d.format('YYYY-MM-DD') < openedOn} />
              </Form.Item>
            ) : (
              <Form.Item
                name="resolveWorkingDays"
                rules={[{ required: true, message: t('请填写工作日天数') }]}
                extra={
                  currentResolveBy
                    ? t('现在的解决期限：{date}（保存后按法定节假日和调休重新计算）', { date: currentResolveBy })
                    : t('登记后按法定节假日和调休算出日期（默认 {n} 个工作日）', { n: settings.resolveWorkingDays })
                }
              >
                <InputNumber<number> min={1} max={30} precision={0} suffix={t('个工作日')} style={{ width: 180 }} />
              </Form.Item>
            )}
          </div>
        </Col>
      </Row>
      <Form.Item name="ownerUserId" label={t('负责人')}>
        <Select
          allowClear
          placeholder={t('选择负责处理的人')}
          options={active.map((u) => ({ value: u.id, label: `${u.name}（${label(USER_ROLE_LABELS[u.role])}）` }))}
        />
      </Form.Item>
    </>
  );
}

/** 立即 / 24 小时, for the complaint page. */
export function hoursText(hours: number, t: ReturnType<typeof useI18n>['t']): string {
  return hours === 0 ? t('立即') : t('{h} 小时', { h: hours });
}
