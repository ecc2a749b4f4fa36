import { ExportOutlined, ImportOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Segmented, Table, Tag } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import type { Loan } from '../../../src-shared/domain/filing';
import { useApi, useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, type Route, withQuery } from '../../router/hash-router';
import { useCan } from '../shell/permissions';
import { LendModal } from './lend-modal';
import { binderPath, filingTabPath } from './paths';

type LoanFilter = 'open' | 'overdue' | 'all';

/**
 * 借阅: what is out (a binder or a paper), with whom, why, since when and until when (red once
 * overdue); 归还 takes it back; 借出 lends a binder or a paper.
 */
export function LoansTab({ route }: { route: Route }) {
  const { t } = useI18n();
  const can = useCan();
  const asked = route.query.get('state');
  const state: LoanFilter = asked === 'overdue' || asked === 'all' ? asked : 'open';
  const { data, error, reload, loading } = useQuery('loans.list', { state }, { keepPrevious: true });
  const [lending, setLending] = useState(false);
  return (
    <div className="loans-tab">
      <Flex gap={8} align="center" wrap className="list-filters loans-filters">
        <Segmented<LoanFilter>
          size="small"
          value={state}
          onChange={(v) =>
            void navigate(withQuery(filingTabPath('loans'), { state: v === 'open' ? undefined : v }), { replace: true })
          }
          options={[
            { value: 'open', label: t('借出未还') },
            { value: 'overdue', label: t('已逾期') },
            { value: 'all', label: t('全部') },
          ]}
          className="loans-state"
        />
        {data && <span className="muted small">{t('共 {n} 条', { n: data.length })}</span>}
        <span className="grow" />
        {can('loans.lend') && (
          <Button
            size="small"
            type="primary"
            icon={<ExportOutlined />}
            onClick={() => setLending(true)}
            className="lend-new"
          >
            {t('借出')}
          </Button>
        )}
      </Flex>
      <Loaded data={data} error={error} reload={reload}>
        {(loans) => <LoansTable loans={loans} loading={loading} canReturn={can('loans.return')} />}
      </Loaded>
      {lending && <LendModal onClose={() => setLending(false)} />}
    </div>
  );
}

function LoansTable({ loans, loading, canReturn }: { loans: Loan[]; loading: boolean; canReturn: boolean }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [returning, setReturning] = useState<number | null>(null);
  const giveBack = async (loan: Loan) => {
    setReturning(loan.id);
    try {
      const result = await api.invoke('loans.return', { id: loan.id });
      if (result.ok) message.success(t('{who} 已归还 {what}', { who: loan.borrower, what: loan.what }));
      else message.error(result.error.message);
    } finally {
      setReturning(null);
    }
  };
  return (
    <Table<Loan>
      rowKey="id"
      size="small"
      dataSource={loans}
      loading={loading}
      className="loans-table"
      pagination={loans.length > 100 ? { pageSize: 100, size: 'small', showSizeChanger: false } : false}
      locale={{ emptyText: t('没有借出的资料') }}
      rowClassName={(l) => (l.overdue ? 'loan-overdue-row' : '')}
      onRow={(l) =>
        ({
          'data-loan': l.id,
          'data-binder': l.binderId ?? '',
          'data-paper': l.paperId ?? '',
          'data-overdue': l.overdue ? 'true' : 'false',
          'data-returned': l.returnedAt ? 'true' : 'false',
        }) as HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          title: t('借出的'),
          key: 'what',
          render: (_: unknown, l) => (
            <span>
              <Tag className="loan-kind">{l.binderId !== null ? t('资料夹') : t('资料')}</Tag>
              {l.binderId !== null ? <Link to={binderPath(l.binderId)}>{l.what}</Link> : l.what}
            </span>
          ),
        },
        { title: t('借阅人'), key: 'borrower', dataIndex: 'borrower', width: 110 },
        {
          title: t('原因'),
          key: 'reason',
          width: 160,
          render: (_: unknown, l) => l.reason || <span className="muted">—</span>,
        },
        {
          title: t('借出'),
          key: 'lent',
          width: 140,
          render: (_: unknown, l) => (
            <div className="cell-stack">
              <div className="small">{instantText(l.lentAt)}</div>
              <div className="muted small">{l.lentBy}</div>
            </div>
          ),
        },
        {
          title: t('应还'),
          key: 'due',
          width: 110,
          render: (_: unknown, l) =>
            l.overdue ? (
              <Tag color="red" className="loan-due overdue">
                {l.dueOn} {t('逾期')}
              </Tag>
            ) : (
              <span className="loan-due">{l.dueOn}</span>
            ),
        },
        {
          title: t('归还'),
          key: 'returned',
          width: 150,
          render: (_: unknown, l) =>
            l.returnedAt ? (
              <div className="cell-stack">
                <div className="small">{instantText(l.returnedAt)}</div>
                <div className="muted small">{l.returnedBy ?? ''}</div>
              </div>
            ) : canReturn ? (
              <Popconfirm
                title={t('{who} 归还了 {what}？', { who: l.borrower, what: l.what })}
                okText={t('已归还')}
                cancelText={t('返回')}
                onConfirm={() => giveBack(l)}
              >
                <Button size="small" icon={<ImportOutlined />} loading={returning === l.id} className="loan-return">
                  {t('归还')}
                </Button>
              </Popconfirm>
            ) : (
              <span className="muted">{t('未还')}</span>
            ),
        },
      ]}
    />
  );
}
