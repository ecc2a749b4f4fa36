import { Card, DatePicker, Descriptions, Empty, Form, Input, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { postalCode } from '../../../src-shared/contract/fields';
import { phoneList } from '../../../src-shared/contract/revisits.contract';
import { RO_TYPE_LABELS, type RoType } from '../../../src-shared/domain/enums';
import type { CallDetail } from '../../../src-shared/domain/revisits';
import { fieldRule } from '../../components/form-support';
import { instantText, money, phoneText } from '../../components/format';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { KindTag, OutcomeTag } from './call-cells';

/** The customer data the call may fill in (calls.record's `customer`). */
export interface CustomerValues {
  address?: string;
  postalCode?: string;
  birthday?: Dayjs | null;
  otherPhones?: string;
  preferredCallTime?: string;
}

type Customer = NonNullable<CallDetail['customer']>;

/** Only what the clerk changed goes to the archive (and its audit trail); null when nothing did. */
export function customerPatch(customer: Customer, values: CustomerValues | undefined) {
  if (!values) return null;
  const patch: {
    address?: string;
    postalCode?: string;
    birthday?: string | null;
    otherPhones?: string;
    preferredCallTime?: string;
  } = {};
  const text = (v: string | undefined) => (v ?? '').trim();
  if (text(values.address) !== customer.address) patch.address = text(values.address);
  if (text(values.postalCode) !== customer.postalCode) patch.postalCode = text(values.postalCode);
  if (text(values.otherPhones) !== customer.otherPhones) patch.otherPhones = text(values.otherPhones);
  if (text(values.preferredCallTime) !== customer.preferredCallTime)
    patch.preferredCallTime = text(values.preferredCallTime);
  const birthday = values.birthday ? values.birthday.format('YYYY-MM-DD') : null;
  if (birthday !== customer.birthday) patch.birthday = birthday;
  return Object.keys(patch).length > 0 ? patch : null;
}

/** A customer field's label, marked 待补全 while the field is empty (it watches only its own field). */
function Missing({ name, children }: { name: keyof CustomerValues; children: ReactNode }) {
  const { t } = useI18n();
  const value = Form.useWatch(['customer', name]) as unknown;
  const empty = value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
  return (
    <span className={empty ? 'customer-field missing' : 'customer-field'}>
      {children}
      {empty && (
        <Tag color="orange" className="missing-tag">
          {t('待补全')}
        </Tag>
      )}
    </span>
  );
}

/** Left of the call screen: customer (missing data editable in place), vehicle, RO, earlier calls, attempts. */
export function CallFacts({ detail }: { detail: CallDetail }) {
  const { t, label } = useI18n();
  const today = useStoreToday();
  const customer = detail.customer;
  const vehicle = detail.vehicle;
  const ro = detail.repairOrder;
  return (
    <>
      <Card size="small" title={t('客户')} className="section call-customer">
        {customer ? (
          <>
            <Descriptions
              size="small"
              column={1}
              colon={false}
              className="facts"
              items={[
                {
                  key: 'name',
                  label: t('姓名'),
                  children: <Link to={`/archive/customers/${customer.id}`}>{customer.name}</Link>,
                },
                {
                  key: 'mobile',
                  label: t('手机'),
                  children: <strong className="phone">{phoneText(customer.mobile)}</strong>,
                },
                ...(customer.notes ? [{ key: 'notes', label: t('备注'), children: customer.notes }] : []),
              ]}
            />
            <div className="customer-fill">
              <Form.Item name={['customer', 'address']} label={<Missing name="address">{t('地址')}</Missing>}>
                <Input maxLength={200} placeholder={t('寄信用的地址')} />
              </Form.Item>
              <div className="customer-fill-row">
                <Form.Item
                  name={['customer', 'postalCode']}
                  label={<Missing name="postalCode">{t('邮编')}</Missing>}
                  rules={[fieldRule(postalCode, { optional: true })]}
                >
                  <Input maxLength={6} placeholder="100011" />
                </Form.Item>
                <Form.Item name={['customer', 'birthday']} label={<Missing name="birthday">{t('生日')}</Missing>}>
                  <DatePicker
                    style={{ width: '100%' }}
                    disabledDate={(d) => d.format('YYYY-MM-DD') > today}
                    placeholder={t('选择日期')}
                  />
                </Form.Item>
              </div>
              <div className="customer-fill-row">
                <Form.Item
                  name={['customer', 'otherPhones']}
                  label={<Missing name="otherPhones">{t('其他电话')}</Missing>}
                  rules={[fieldRule(phoneList, { optional: true })]}
                >
                  <Input maxLength={100} />
                </Form.Item>
                <Form.Item
                  name={['customer', 'preferredCallTime']}
                  label={<Missing name="preferredCallTime">{t('方便接听时间')}</Missing>}
                >
                  <Input maxLength={40} placeholder={t('如：工作日 15:00 以后')} />
                </Form.Item>
              </div>
            </div>
          </>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有客户档案')} />
        )}
      </Card>
      {vehicle && (
        <Card size="small" title={t('车辆')} className="section call-vehicle">
          <Descriptions
            size="small"
            column={2}
            colon={false}
            items={[
              {
                key: 'plate',
                label: t('车牌'),
                children: <Link to={`/archive/vehicles/${vehicle.id}`}>{vehicle.plate ?? '—'}</Link>,
              },
              { key: 'model', label: t('车型'), children: vehicle.model || '—' },
              { key: 'color', label: t('颜色'), children: vehicle.color || '—' },
              { key: 'delivery', label: t('购车日期'), children: vehicle.deliveryDate ?? '—' },
              { key: 'vin', label: 'VIN', span: 2, children: <span className="mono">{vehicle.vin ?? '—'}</span> },
            ]}
          />
        </Card>
      )}
      {ro && (
        <Card size="small" title={t('修理单')} className="section call-ro">
          <Descriptions
            size="small"
            column={2}
            colon={false}
            items={[
              {
                key: 'ro',
                label: t('单号'),
                children: <Link to={`/archive/repair-orders/${ro.id}`}>{ro.roNumber}</Link>,
              },
              {
                key: 'type',
                label: t('类别'),
                children: label(RO_TYPE_LABELS[ro.type as RoType] ?? ro.type),
              },
              { key: 'advisor', label: t('服务顾问'), children: ro.advisor || '—' },
              { key: 'total', label: t('金额'), children: money(ro.totalFen) },
              { key: 'opened', label: t('进厂'), children: instantText(ro.openedAt) },
              { key: 'delivered', label: t('交车'), children: instantText(ro.deliveredAt) },
              ...(ro.complaint ? [{ key: 'complaint', label: t('客户描述'), span: 2, children: ro.complaint }] : []),
            ]}
          />
          {ro.work.length > 0 && (
            <div className="ro-work">
              <Typography.Text type="secondary" className="small">
                {t('维修项目')}
              </Typography.Text>
              <ul>
                {ro.work.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          )}
          {ro.declinedWork && (
            <div className="ro-declined">
              <Tag color="orange">{t('客户未做的项目')}</Tag> {ro.declinedWork}
            </div>
          )}
        </Card>
      )}
      <Card
        size="small"
        title={t('这通电话的尝试（{n} 次）', { n: detail.attempts.length })}
        className="section call-attempts"
      >
        {detail.attempts.length === 0 ? (
          <span className="muted">{t('还没打过')}</span>
        ) : (
          <Timeline
            items={detail.attempts.map((a) => ({
              key: a.id,
              content: (
                <div className="attempt" data-outcome={a.outcome}>
                  <span className="muted">{instantText(a.at)}</span> <OutcomeTag outcome={a.outcome} />
                  {a.callbackAt && <span>{t('约 {at} 回电', { at: instantText(a.callbackAt) })}</span>}
                  {a.note && <span className="muted"> {a.note}</span>}
                  <span className="muted small"> {a.by}</span>
                </div>
              ),
            }))}
          />
        )}
      </Card>
      <Card size="small" title={t('以前的回访')} className="section call-earlier">
        {detail.earlierCalls.length === 0 ? (
          <span className="muted">{t('没有以前的回访记录')}</span>
        ) : (
          <ul className="earlier-calls">
            {detail.earlierCalls.map((c) => (
              <li key={`${c.at}:${c.kind}`} className="earlier-call">
                <span className="muted">{instantText(c.at)}</span> <KindTag kind={c.kind} />
                <OutcomeTag outcome={c.outcome} />
                <span className="muted small">{c.by}</span>
                {c.words && <div className="call-words">“{c.words}”</div>}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
