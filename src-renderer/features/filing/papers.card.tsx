import { FolderOpenOutlined } from '@ant-design/icons';
import { Card, Flex, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useMemo } from 'react';
import {
  BUILTIN_DOC_KINDS,
  type MissingPaper,
  PAPER_STATE_LABELS,
  type Paper,
  type PaperState,
} from '../../../src-shared/domain/filing';
import { useQuery } from '../../api/client';
import { LoadError } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { binderPath, filingTabPath } from './paths';
import { ScanLinks } from './scan-preview';

/** 当月修理单 2026-11 第1册 · 第 37 号 · 档案柜 A */
export function placeText(
  t: ReturnType<typeof useI18n>['t'],
  place: { binderTitle: string | null; position: number | null; shelf: string | null },
): string {
  return [place.binderTitle, place.position !== null ? t('第 {n} 号', { n: place.position }) : null, place.shelf]
    .filter(Boolean)
    .join(' · ');
}

/** The desk with the number already typed and looked up. */
export function deskPathFor(text: string): string {
  return filingTabPath('desk', { text });
}

const STATE_COLOR: Record<PaperState, string> = {
  received: 'orange',
  filed: 'green',
  removed: 'default',
  destroyed: 'default',
};

/** Missing papers grouped by the RO (or vehicle, or customer) they belong to, in the order given. */
function groupMissing(
  missing: MissingPaper[],
): { key: string; what: string; lookup: string | null; kinds: string[] }[] {
  const groups = new Map<string, { key: string; what: string; lookup: string | null; kinds: string[] }>();
  for (const m of missing) {
    const key = m.roId !== null ? `ro:${m.roId}` : m.vehicleId !== null ? `v:${m.vehicleId}` : `c:${m.customerId}`;
    const what = m.roNumber ?? m.plate ?? m.vin ?? m.customerName ?? '—';
    const lookup = m.roNumber ?? m.vin ?? m.plate;
    const group = groups.get(key) ?? { key, what, lookup, kinds: [] };
    group.kinds.push(m.kindLabel);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const KIND_ORDER = new Map<string, number>(BUILTIN_DOC_KINDS.map((k, i) => [k, i]));

/** Newest first; an RO's papers together, in the kinds' usual order (修理单, 问诊表, 结算单 …). */
function sortedPapers(papers: Paper[]): Paper[] {
  return [...papers].sort(
    (a, b) =>
      b.docDate.localeCompare(a.docDate) ||
      (b.roId ?? 0) - (a.roId ?? 0) ||
      (KIND_ORDER.get(a.kind) ?? 99) - (KIND_ORDER.get(b.kind) ?? 99) ||
      a.id - b.id,
  );
}

/** How many groups of missing papers the card lists before it says "and N more". */
const MISSING_SHOWN = 6;

/**
 * 在哪里: a customer's, vehicle's or RO's papers (binder, month, position, shelf, scans, who has
 * borrowed them) and, in orange, the required ones not filed yet, each with a way to the desk.
 */
export function PapersCard(props: { roId?: number; vehicleId?: number; customerId?: number }) {
  const { t, label } = useI18n();
  const input = {
    roId: props.roId ?? null,
    vehicleId: props.vehicleId ?? null,
    customerId: props.customerId ?? null,
  };
  const { data, error, reload, loading } = useQuery('papers.where', input, { keepPrevious: true });
  const papers = useMemo(() => sortedPapers(data?.papers ?? []), [data]);
  const missing = groupMissing(data?.missing ?? []);
  return (
    <Card size="small" title={t('纸质资料在哪里')} className="section papers-card">
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <>
          {missing.length > 0 && (
            <div className="papers-missing">
              {missing.slice(0, MISSING_SHOWN).map((g) => (
                <Flex key={g.key} gap={8} align="center" wrap className="papers-missing-row" data-what={g.what}>
                  <Typography.Text className="papers-missing-text">
                    {missing.length > 1 || props.roId === undefined ? <span className="mono">{g.what}</span> : null}{' '}
                    {t('缺：{kinds}', { kinds: g.kinds.map(label).join('、') })}
                  </Typography.Text>
                  {g.lookup && (
                    <Link to={deskPathFor(g.lookup)} className="papers-missing-file">
                      <FolderOpenOutlined /> {t('去归档台')}
                    </Link>
                  )}
                </Flex>
              ))}
              {missing.length > MISSING_SHOWN && (
                <Typography.Text className="muted">
                  {t('另有 {n} 处缺资料，见', { n: missing.length - MISSING_SHOWN })}{' '}
                  <Link to={filingTabPath('missing')}>{t('缺失检查')}</Link>
                </Typography.Text>
              )}
            </div>
          )}
          <Table<Paper>
            rowKey="id"
            size="small"
            loading={loading && !data}
            dataSource={papers}
            className="papers-table"
            pagination={papers.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
            locale={{ emptyText: t('还没有归档的纸质资料') }}
            rowClassName={(p) => `paper-row-${p.state}`}
            onRow={(p) => ({ 'data-paper': p.id, 'data-kind': p.kind }) as HTMLAttributes<HTMLElement>}
            scroll={{ x: 860 }}
            columns={[
              {
                title: t('资料'),
                key: 'kind',
                width: 170,
                render: (_: unknown, p) => (
                  <Flex gap={4} align="center" wrap>
                    <span>{label(p.kindLabel)}</span>
                    {p.state !== 'filed' && (
                      <Tag color={STATE_COLOR[p.state]}>{label(PAPER_STATE_LABELS[p.state])}</Tag>
                    )}
                    {p.keepForever && <Tag color="purple">{t('永久保存')}</Tag>}
                  </Flex>
                ),
              },
              {
                title: t('修理单 / 车辆'),
                key: 'subject',
                width: 140,
                render: (_: unknown, p) =>
                  p.roId !== null ? (
                    <Link to={`/archive/repair-orders/${p.roId}`} className="mono">
                      {p.roNumber}
                    </Link>
                  ) : p.vehicleId !== null ? (
                    <Link to={`/archive/vehicles/${p.vehicleId}`}>{p.plate ?? p.vin}</Link>
                  ) : (
                    (p.customerName ?? '—')
                  ),
              },
              {
                title: t('资料夹'),
                key: 'binder',
                render: (_: unknown, p) =>
                  p.binderId !== null ? (
                    <Link to={binderPath(p.binderId)} className="paper-binder">
                      {p.binderTitle}
                    </Link>
                  ) : (
                    <span className="muted">—</span>
                  ),
              },
              { title: t('月份'), dataIndex: 'month', key: 'month', width: 80, render: (m: string | null) => m ?? '—' },
              {
                title: t('位置'),
                key: 'position',
                width: 80,
                render: (_: unknown, p) => (
                  <span className="paper-position">
                    {p.position !== null ? t('第 {n} 号', { n: p.position }) : '—'}
                  </span>
                ),
              },
              {
                title: t('存放'),
                dataIndex: 'shelf',
                key: 'shelf',
                width: 110,
                render: (s: string | null) => s ?? '—',
              },
              {
                title: t('扫描件'),
                key: 'scans',
                width: 110,
                render: (_: unknown, p) => (
                  <ScanLinks scans={p.scans} title={`${label(p.kindLabel)} ${p.roNumber ?? p.plate ?? ''}`} />
                ),
              },
              {
                title: t('借阅'),
                key: 'loan',
                width: 150,
                render: (_: unknown, p) =>
                  p.loan ? (
                    <Typography.Text type={p.loan.overdue ? 'danger' : 'warning'} className="paper-loan">
                      {t('借出给 {who}（应还 {due}）', { who: p.loan.borrower, due: p.loan.dueOn })}
                    </Typography.Text>
                  ) : (
                    <span className="muted">{t('在架')}</span>
                  ),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
