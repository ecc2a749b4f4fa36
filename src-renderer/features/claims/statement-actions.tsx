import { App, DatePicker, Flex, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ServiceFeeStatement } from '../../../src-shared/domain/claims';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { applyServerErrors } from '../../components/form-support';
import { money } from '../../components/format';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';

/** The statement's next step: 申请开票, 登记发票, 登记回款. */
export type StatementStep = 'request' | 'invoice' | 'paid';

interface StepValues {
  on?: Dayjs;
  invoiceNo?: string;
}

/** The date field each step sends, as the server names it. */
const DATE_FIELD: Record<StatementStep, 'requestedOn' | 'invoiceOn' | 'paidOn'> = {
  request: 'requestedOn',
  invoice: 'invoiceOn',
  paid: 'paidOn',
};

/** The form's name (its fields' ids: statementInvoice_invoiceNo). */
const STEP_FORM: Record<StatementStep, string> = {
  request: 'statementRequest',
  invoice: 'statementInvoice',
  paid: 'statementPaid',
};

/**
 * One step of the month's statement: the day (and for the invoice its number). 登记回款 says first
 * how many claims it settles. The server's field errors (a day before the previous step's) go next
 * to the field; a stale version says someone else changed it.
 */
export function StatementStepModal({
  step,
  statement,
  onClose,
}: {
  step: StatementStep;
  statement: ServiceFeeStatement;
  onClose(): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const today = useStoreToday();
  const { message } = App.useApp();
  const [form] = Form.useForm<StepValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const toSettle = statement.claims.filter((c) => c.status === 'approved').length;
  const { month, version } = statement;

  const submit = async (values: StepValues) => {
    setBusy(true);
    setError(null);
    try {
      const on = (values.on ?? dayjs(today)).format('YYYY-MM-DD');
      const result =
        step === 'request'
          ? await api.invoke('statements.requestInvoice', { month, version, requestedOn: on })
          : step === 'invoice'
            ? await api.invoke('statements.recordInvoice', {
                month,
                version,
                invoiceNo: values.invoiceNo?.trim() ?? '',
                invoiceOn: on,
              })
            : await api.invoke('statements.recordPaid', { month, version, paidOn: on });
      if (result.ok) {
        message.success(
          step === 'request'
            ? t('{month} 已申请开票：{amount}', { month, amount: money(result.value.requestedFen) })
            : step === 'invoice'
              ? t('{month} 已登记发票 {no}', { month, no: result.value.invoiceNo ?? '' })
              : t('{month} 已回款，{n} 张索赔单已结算', { month, n: toSettle }),
        );
        onClose();
        return;
      }
      const toField = (p: string) => (p === DATE_FIELD[step] ? ['on'] : p === 'invoiceNo' ? ['invoiceNo'] : null);
      const shown = applyServerErrors(form, result.error, toField);
      if (shown.filter((s) => toField(s.path) !== null).length === 0) setError(result.error);
    } finally {
      setBusy(false);
    }
  };

  const title =
    step === 'request'
      ? t('{month} 申请开票', { month })
      : step === 'invoice'
        ? t('{month} 登记发票', { month })
        : t('{month} 登记回款', { month });
  const dateLabel = step === 'request' ? t('申请日期') : step === 'invoice' ? t('开票日期') : t('回款日期');
  const earliest = step === 'invoice' ? statement.requestedOn : step === 'paid' ? statement.invoiceOn : null;
  return (
    <FormModal<StepValues>
      form={form}
      name={STEP_FORM[step]}
      title={title}
      okText={step === 'request' ? t('申请开票') : step === 'invoice' ? t('登记发票') : t('登记回款')}
      cancelText={t('取消')}
      width={480}
      className={`statement-step-modal statement-step-${step}`}
      busy={busy}
      error={error}
      onClearError={() => setError(null)}
      initialValues={{ on: dayjs(today), invoiceNo: '' }}
      intro={
        <>
          <p className="statement-step-amount">
            {step === 'request'
              ? t('请站长按 {amount} 向厂家开具发票。', { amount: money(statement.totalFen) })
              : t('开票金额 {amount}', { amount: money(statement.requestedFen ?? statement.totalFen) })}
          </p>
          {step === 'paid' && (
            <p className="statement-settle-note">{t('本月 {n} 张索赔单将标为已结算', { n: toSettle })}</p>
          )}
        </>
      }
      onFinish={(v) => void submit(v)}
      onClose={onClose}
    >
      <Flex gap={12} wrap>
        {step === 'invoice' && (
          <Form.Item
            name="invoiceNo"
            label={t('发票号')}
            rules={[{ required: true, whitespace: true, message: t('请填写发票号') }]}
            className="grow"
          >
            <Input autoFocus maxLength={40} className="mono" />
          </Form.Item>
        )}
        <Form.Item name="on" label={dateLabel} rules={[{ required: true, message: t('请选择日期') }]}>
          <DatePicker
            allowClear={false}
            disabledDate={(d) => {
              const day = d.format('YYYY-MM-DD');
              return day > today || (earliest !== null && day < earliest);
            }}
          />
        </Form.Item>
      </Flex>
    </FormModal>
  );
}
