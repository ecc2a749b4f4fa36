import { SearchOutlined } from '@ant-design/icons';
import { Alert, App, DatePicker, Flex, Form, Input, Modal, Radio, Segmented, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { DEFAULT_FILING_SETTINGS, type Loan, type Paper } from '../../../src-shared/domain/filing';
import type { AppErrorShape } from '../../../src-shared/errors';
import { addDays } from '../../../src-shared/validation/dates';
import { useApi, useQuery } from '../../api/client';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { monthOf } from '../complaints/lost-months';

/** What is lent: a binder or one paper, already known (a binder's page, a paper's row). */
export type LendTarget = { binderId: number; title: string } | { paperId: number; title: string };

interface LendValues {
  borrower?: string;
  reason?: string;
  dueOn?: Dayjs;
}

const FIELDS = ['borrower', 'reason', 'dueOn'];

/** A paper as the clerk reads it in a list: kind, RO, plate, binder and position. */
export function paperText(p: Paper, t: ReturnType<typeof useI18n>['t']): string {
  const place = p.binderTitle
    ? `${p.binderTitle}${p.position !== null ? ` ${t('第 {n} 位', { n: p.position })}` : ''}`
    : '';
  return [p.kindLabel, p.roNumber, p.plate, place].filter(Boolean).join(' · ');
}

/**
 * 借出: a binder or a paper lent to someone, why, and the day it is due back (by default today plus
 * the store's loan days). Opened with what is lent, or the clerk picks it here: a binder of a month
 * by its title, or a paper by RO number, VIN or plate.
 */
export function LendModal({ target, onClose }: { target?: LendTarget; onClose(loan?: Loan): void }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const today = useStoreToday();
  const settings = useQuery('filingSettings.get', {});
  const loanDays = settings.data?.loanDays ?? DEFAULT_FILING_SETTINGS.loanDays;
  const [form] = Form.useForm<LendValues>();
  const [what, setWhat] = useState<'binder' | 'paper'>('binder');
  const [binderId, setBinderId] = useState<number | null>(null);
  const [paperId, setPaperId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const defaultDue = dayjs(addDays(today, loanDays));

  const chosen: { paperId: number | null; binderId: number | null } = target
    ? 'binderId' in target
      ? { binderId: target.binderId, paperId: null }
      : { paperId: target.paperId, binderId: null }
    : what === 'binder'
      ? { binderId, paperId: null }
      : { paperId, binderId: null };

  const submit = async (values: LendValues) => {
    if (chosen.binderId === null && chosen.paperId === null) {
      setPickError(what === 'binder' ? t('请选择要借出的资料夹') : t('请选择要借出的资料'));
      return;
    }
    setBusy(true);
    setError(null);
    const due = values.dueOn ?? defaultDue;
    const result = await api.invoke('loans.lend', {
      ...chosen,
      borrower: values.borrower?.trim() ?? '',
      reason: values.reason?.trim() ?? '',
      dueOn: due.format('YYYY-MM-DD'),
    });
    setBusy(false);
    if (result.ok) {
      message.success(t('已借出给 {who}，{due} 前归还', { who: result.value.borrower, due: result.value.dueOn }));
      onClose(result.value);
      return;
    }
    const shown = applyServerErrors(form, result.error, (p) => (FIELDS.includes(p) ? [p] : null));
    if (shown.filter((s) => FIELDS.includes(s.path)).length === 0) setError(result.error);
  };

  return (
    <Modal
      open
      title={target ? t('借出：{what}', { what: target.title }) : t('借出资料或资料夹')}
      okText={t('借出')}
      cancelText={t('返回')}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      confirmLoading={busy}
      destroyOnHidden
      width={600}
      className="lend-modal"
    >
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      {!target && (
        <div className="lend-pick">
          <Segmented<'binder' | 'paper'>
            value={what}
            onChange={(v) => {
              setWhat(v);
              setPickError(null);
            }}
            options={[
              { value: 'binder', label: t('整个资料夹') },
              { value: 'paper', label: t('一份资料') },
            ]}
            className="lend-what"
          />
          {what === 'binder' ? (
            <BinderPick
              value={binderId}
              onChange={(id) => {
                setBinderId(id);
                setPickError(null);
              }}
            />
          ) : (
            <PaperPick
              value={paperId}
              onChange={(id) => {
                setPaperId(id);
                setPickError(null);
              }}
            />
          )}
          {pickError && <Alert type="error" showIcon title={pickError} className="lend-pick-error" />}
        </div>
      )}
      <Form<LendValues>
        name="lend"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ borrower: '', reason: '', dueOn: defaultDue }}
        onFinish={(v) => void submit(v)}
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="borrower"
            label={t('借阅人')}
            rules={[
              { required: true, whitespace: true, message: t('请填写借阅人') },
              { max: 20, message: t('借阅人最多 20 个字') },
            ]}
            className="lend-borrower"
          >
            <Input autoFocus={target !== undefined} maxLength={20} placeholder={t('如 服务经理 王经理')} />
          </Form.Item>
          <Form.Item
            name="dueOn"
            label={t('应还日期')}
            rules={[{ required: true, message: t('请选择应还日期') }]}
            extra={t('默认借 {n} 天', { n: loanDays })}
            className="lend-due"
          >
            <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
          </Form.Item>
        </Flex>
        <Form.Item name="reason" label={t('借阅原因')}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={200}
            placeholder={t('如 厂家审核、客户查阅')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A monthly binder chosen by month and title (binders out on loan or destroyed cannot be lent). */
function BinderPick({ value, onChange }: { value: number | null; onChange(id: number | null): void }) {
  const { t } = useI18n();
  const today = useStoreToday();
  const [month, setMonth] = useState(monthOf(today));
  const binders = useQuery('binders.list', { scheme: 'monthly', month, state: 'all' });
  return (
    <Flex gap={8} align="center" wrap className="lend-binder-pick">
      <DatePicker
        picker="month"
        format="YYYY-MM"
        allowClear={false}
        value={dayjs(`${month}-01`)}
        onChange={(d) => {
          if (!d) return;
          setMonth(d.format('YYYY-MM'));
          onChange(null);
        }}
        disabledDate={(d) => d.format('YYYY-MM') > monthOf(today)}
        aria-label={t('月份')}
      />
      <Select
        showSearch
        allowClear
        value={value ?? undefined}
        onChange={(v: number | undefined) => onChange(v ?? null)}
        placeholder={t('输入资料夹名称查找')}
        loading={binders.loading}
        optionFilterProp="label"
        notFoundContent={binders.data ? t('{month} 没有资料夹', { month }) : undefined}
        options={(binders.data ?? []).map((b) => ({
          value: b.id,
          label: b.title,
          disabled: b.state === 'destroyed' || b.loan !== null,
        }))}
        className="lend-binder-select"
        aria-label={t('资料夹')}
      />
    </Flex>
  );
}

/** A paper found by its RO number, VIN or plate (its filed papers listed to choose from). */
function PaperPick({ value, onChange }: { value: number | null; onChange(id: number | null): void }) {
  const { t } = useI18n();
  const api = useApi();
  const [papers, setPapers] = useState<Paper[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const find = async (text: string) => {
    const typed = text.trim();
    if (!typed) return;
    setBusy(true);
    setProblem(null);
    onChange(null);
    try {
      const found = await api.invoke('filing.lookup', { text: typed });
      if (!found.ok) {
        setProblem(found.error.message);
        setPapers(null);
        return;
      }
      const target = found.value;
      const subject = target.ro
        ? { roId: target.ro.id }
        : target.vehicle
          ? { vehicleId: target.vehicle.id }
          : target.customer
            ? { customerId: target.customer.id }
            : null;
      if (!subject) {
        setProblem(t('没有找到“{text}”', { text: typed }));
        setPapers(null);
        return;
      }
      const where = await api.invoke('papers.where', subject);
      if (!where.ok) {
        setProblem(where.error.message);
        setPapers(null);
        return;
      }
      const filed = where.value.papers.filter((p) => p.state === 'filed');
      setPapers(filed);
      if (filed.length === 1 && !filed[0]!.loan) onChange(filed[0]!.id);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="lend-paper-pick">
      <Input.Search
        placeholder={t('修理单号、车架号或车牌')}
        enterButton={<SearchOutlined />}
        loading={busy}
        onSearch={(v) => void find(v)}
        aria-label={t('修理单号、车架号或车牌')}
        className="lend-paper-search"
      />
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
      {papers && papers.length === 0 && <Typography.Text type="secondary">{t('还没有归档的资料')}</Typography.Text>}
      {papers && papers.length > 0 && (
        <Radio.Group
          value={value ?? undefined}
          onChange={(e) => onChange(e.target.value as number)}
          className="lend-paper-list"
        >
          {papers.map((p) => (
            <Radio key={p.id} value={p.id} disabled={p.loan !== null} data-paper={p.id}>
              {paperText(p, t)}
              {p.loan && <span className="muted small"> {t('（已借给 {who}）', { who: p.loan.borrower })}</span>}
            </Radio>
          ))}
        </Radio.Group>
      )}
    </div>
  );
}
