import { SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Input, Segmented, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { DueListPreview } from '../../../src-shared/contract/invitations.contract';
import type { DueVehicle } from '../../../src-shared/domain/invitations';
import { DUE_KIND_LABELS, type DueKind } from '../../../src-shared/domain/service-due';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { SaveErrorAlert } from '../../components/form-support';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import { dueColumns } from './due-columns';
import { isDate, LISTS_PATH, listPath, newListPath, type PeriodPreset, presetPeriod } from './paths';

type Choice = PeriodPreset | 'custom';

/** 新建一览表: pick the period (下周, 下月 or any range), see who is due and why, then save. */
export function NewListPage({ from: fromParam, to: toParam }: { from: string | null; to: string | null }) {
  const { t } = useI18n();
  const today = useStoreToday();
  const nextMonth = presetPeriod('nextMonth', today);
  const nextWeek = presetPeriod('nextWeek', today);
  const from = isDate(fromParam) ? fromParam : nextMonth.from;
  const to = isDate(toParam) ? toParam : nextMonth.to;
  const matches = (p: { from: string; to: string }) => p.from === from && p.to === to;
  const [choice, setChoice] = useState<Choice>(
    matches(nextMonth) ? 'nextMonth' : matches(nextWeek) ? 'nextWeek' : 'custom',
  );
  const go = (next: { from: string; to: string }) => void navigate(newListPath(next.from, next.to), { replace: true });
  const preview = useQuery('invitations.due', { from, to });

  return (
    <>
      <Flex align="center" gap={8} wrap className="invitations-bar">
        <Link to={LISTS_PATH}>{t('定保招揽一览表')}</Link>
        <span className="muted">/</span>
        <Typography.Text strong>{t('新建一览表')}</Typography.Text>
      </Flex>
      <Card size="small" className="section period-card" title={t('到期时间段')}>
        <Flex align="center" gap={12} wrap>
          <Segmented<Choice>
            value={choice}
            onChange={(v) => {
              setChoice(v);
              if (v !== 'custom') go(presetPeriod(v, today));
            }}
            options={[
              { value: 'nextWeek', label: t('下周') },
              { value: 'nextMonth', label: t('下月') },
              { value: 'custom', label: t('自定义') },
            ]}
            aria-label={t('到期时间段')}
          />
          <DatePicker.RangePicker
            value={[dayjs(from), dayjs(to)]}
            allowClear={false}
            onChange={(range) => {
              const [a, b] = range ?? [];
              if (!a || !b) return;
              setChoice('custom');
              go({ from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') });
            }}
            aria-label={t('自定义时间段')}
          />
          <Typography.Text type="secondary">
            {t('列出在这段时间内首保或定保到期的车辆（按日期或里程，先到为准）。')}
          </Typography.Text>
        </Flex>
      </Card>
      <Loaded data={preview.data} error={preview.error} reload={preview.reload}>
        {(p) => <Preview preview={p} loading={preview.loading} />}
      </Loaded>
    </>
  );
}

function Preview({ preview, loading }: { preview: DueListPreview; loading: boolean }) {
  const { t } = useI18n();
  const groups: DueKind[] = ['first', 'periodic'];
  return (
    <>
      <SaveBar preview={preview} />
      <Excluded preview={preview} />
      {groups.map((kind) => (
        <DueGroup key={kind} kind={kind} rows={preview.rows.filter((r) => r.kind === kind)} loading={loading} />
      ))}
      {preview.rows.length === 0 && (
        <Alert
          type="info"
          showIcon
          className="section"
          title={t('这段时间没有到期的车辆')}
          description={t('可以换一个时间段，或检查车辆的交车日期和修理单是否已录入。')}
        />
      )}
    </>
  );
}

/** 保存: the title (optional) and the button; saving freezes the rows as they are now. */
function SaveBar({ preview }: { preview: DueListPreview }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('invitations.create', { from: preview.from, to: preview.to, title });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    message.success(t('一览表已保存（{n} 辆车）', { n: result.value.rows.length }));
    void navigate(listPath(result.value.id));
  };
  const first = preview.rows.filter((r) => r.kind === 'first').length;
  return (
    <Card size="small" className="section save-list-card">
      <Flex align="center" gap={12} wrap>
        <Typography.Text strong className="preview-count">
          {t('共 {n} 辆车到期：首保 {first}，定保 {periodic}', {
            n: preview.rows.length,
            first,
            periodic: preview.rows.length - first,
          })}
        </Typography.Text>
        <span className="grow" />
        <Input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          onPressEnter={() => void save()}
          maxLength={60}
          placeholder={t('标题（可不填），如：12月定保招揽')}
          aria-label={t('一览表标题')}
          style={{ width: 260 }}
        />
        <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void save()}>
          {t('保存一览表')}
        </Button>
      </Flex>
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
    </Card>
  );
}

/** Who was left out, and why (counts). */
function Excluded({ preview }: { preview: DueListPreview }) {
  const { t } = useI18n();
  const e = preview.excluded;
  const items = [
    { key: 'sold', label: t('已售'), n: e.sold },
    { key: 'scrapped', label: t('报废'), n: e.scrapped },
    { key: 'lost', label: t('流失'), n: e.lost },
    { key: 'doNotContact', label: t('勿扰'), n: e.doNotContact },
    { key: 'noMarketingConsent', label: t('不同意营销联系'), n: e.noMarketingConsent },
    { key: 'booked', label: t('已预约'), n: e.booked },
    // Not in the contract's type (yet): vehicles already on another list for an overlapping period.
    { key: 'listed', label: t('已在其他一览表'), n: e.listed },
  ];
  const total = items.reduce((s, i) => s + i.n, 0);
  return (
    <div className="excluded section" data-total={total}>
      <Typography.Text type="secondary">
        {total > 0 ? t('未列入 {n} 辆：', { n: total }) : t('没有因状态或联系意愿而排除的车辆。')}
      </Typography.Text>
      {total > 0 &&
        items.map((i) => (
          <Tag key={i.key} data-excluded={i.key} className={i.n > 0 ? 'excluded-some' : 'excluded-none'}>
            {i.label} {i.n}
          </Tag>
        ))}
    </div>
  );
}

function DueGroup({ kind, rows, loading }: { kind: DueKind; rows: DueVehicle[]; loading: boolean }) {
  const { t, label } = useI18n();
  if (rows.length === 0) return null;
  return (
    <Card
      size="small"
      className="section due-group"
      data-kind={kind}
      title={t('{kind}（{n} 辆）', { kind: label(DUE_KIND_LABELS[kind]), n: rows.length })}
    >
      <Table<DueVehicle>
        rowKey="vehicleId"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={rows.length > 100 ? { pageSize: 100, size: 'small', showSizeChanger: false } : false}
        columns={dueColumns<DueVehicle>(t)}
        className="due-table"
      />
    </Card>
  );
}
