import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import {
  type Claim,
  type ClaimLabourItem,
  type ClaimPartItem,
  type ClaimRound,
  OLD_PART_STATE_LABELS,
  type OldPart,
  type OldPartState,
  OUTSIDE_SERVICE_STATE_LABELS,
} from '../../../src-shared/domain/claims';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { money } from '../../components/format';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { claimsTabPath } from './paths';

/** 维修项目和零件: the RO's warranty labour and part lines (read-only), the warranty part and the outside-service km. */
export function WarrantyLinesCard({ claim: c }: { claim: Claim }) {
  const { t, label } = useI18n();
  return (
    <Card size="small" title={t('保修项目和零件（来自修理单）')} className="section claim-lines">
      <Table<ClaimLabourItem>
        rowKey={(_, i) => `l${i}`}
        size="small"
        pagination={false}
        dataSource={c.labour}
        className="claim-labour"
        locale={{ emptyText: t('没有保修的维修项目') }}
        columns={[
          { title: t('维修项目'), key: 'description', render: (_: unknown, l) => l.description },
          { title: t('工时'), key: 'hours', width: 70, align: 'right', render: (_: unknown, l) => l.hours },
          {
            title: t('金额'),
            key: 'amount',
            width: 110,
            align: 'right',
            render: (_: unknown, l) => money(l.amountFen),
          },
        ]}
      />
      <Table<ClaimPartItem>
        rowKey={(_, i) => `p${i}`}
        size="small"
        pagination={false}
        dataSource={c.parts}
        className="claim-parts"
        locale={{ emptyText: t('没有保修的零件') }}
        columns={[
          {
            title: t('零件号'),
            key: 'partNumber',
            width: 140,
            render: (_: unknown, p) => <span className="mono">{p.partNumber || '—'}</span>,
          },
          { title: t('零件名称'), key: 'name', render: (_: unknown, p) => p.name },
          { title: t('数量'), key: 'quantity', width: 70, align: 'right', render: (_: unknown, p) => p.quantity },
          {
            title: t('金额'),
            key: 'amount',
            width: 110,
            align: 'right',
            render: (_: unknown, p) => money(p.amountFen),
          },
        ]}
      />
      <Descriptions
        size="small"
        column={2}
        colon={false}
        className="claim-lines-totals"
        items={[
          {
            key: 'warranty',
            label: t('保修部分'),
            children: <strong className="claim-warranty-fen">{money(c.warrantyFen)}</strong>,
          },
          {
            key: 'outside',
            label: t('外出服务里程'),
            children: (
              <Flex gap={6} wrap align="baseline" className="claim-outside">
                <span className="claim-outside-km">{c.outsideKm > 0 ? `${c.outsideKm} km` : t('无')}</span>
                {c.outsideOrders.map((o) => (
                  <Tag key={o.id} className="mono" color={o.state === 'closed' ? 'default' : 'orange'}>
                    {o.orderNo} {o.km !== null ? `${o.km} km` : label(OUTSIDE_SERVICE_STATE_LABELS[o.state])}
                  </Tag>
                ))}
                <Link to={claimsTabPath('outside')} className="small">
                  {t('外出服务单')}
                </Link>
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

const ROUND_RESULT_COLOR: Record<ClaimRound['result'], string> = {
  pending: 'blue',
  approved: 'green',
  rejected: 'red',
};

/** 上报记录: every submission and its answer (a rejected claim reported again is the next round). */
export function RoundsCard({ claim: c }: { claim: Claim }) {
  const { t } = useI18n();
  const resultLabel = { pending: t('待审核'), approved: t('已通过'), rejected: t('已驳回') };
  return (
    <Card size="small" title={t('上报记录')} className="section claim-rounds">
      <Table<ClaimRound>
        rowKey="round"
        size="small"
        pagination={false}
        dataSource={c.rounds}
        locale={{ emptyText: t('还没有上报') }}
        onRow={(r) => ({ 'data-round': r.round, 'data-result': r.result }) as HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowRender: (r) => (
            <Descriptions
              size="small"
              column={1}
              colon={false}
              className="claim-round-text"
              items={[
                {
                  key: 'fault',
                  label: t('故障描述'),
                  children: <span className="pre-wrap">{r.faultDescription}</span>,
                },
                { key: 'cause', label: t('故障原因'), children: <span className="pre-wrap">{r.cause || '—'}</span> },
                {
                  key: 'handling',
                  label: t('处理方法'),
                  children: <span className="pre-wrap">{r.handling || '—'}</span>,
                },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('次'), key: 'round', width: 48, render: (_: unknown, r) => r.round },
          {
            title: t('上报'),
            key: 'reported',
            width: 150,
            render: (_: unknown, r) => (
              <div className="cell-stack small">
                <div>{r.reportedOn}</div>
                <div className="muted">{r.reportedBy}</div>
              </div>
            ),
          },
          {
            title: t('索赔单号'),
            key: 'claimNo',
            width: 180,
            render: (_: unknown, r) => <span className="mono">{r.claimNo}</span>,
          },
          {
            title: t('结果'),
            key: 'result',
            width: 180,
            render: (_: unknown, r) => (
              <div className="cell-stack small">
                <Tag color={ROUND_RESULT_COLOR[r.result]} className="claim-round-result">
                  {resultLabel[r.result]}
                </Tag>
                {r.resultOn && <div className="muted">{r.resultOn}</div>}
              </div>
            ),
          },
          {
            title: t('驳回原因 / 审核金额'),
            key: 'answer',
            render: (_: unknown, r) =>
              r.result === 'rejected' ? (
                <span className="claim-round-reason">{r.rejectReason}</span>
              ) : r.approvedFen !== null ? (
                <span className="claim-round-amount">{money(r.approvedFen)}</span>
              ) : (
                ''
              ),
          },
        ]}
      />
    </Card>
  );
}

const OLD_PART_COLOR: Record<OldPartState, string> = { kept: 'orange', returned: 'green', scrapped: 'default' };

/** 旧件: the parts kept for the manufacturer, with 添加旧件 and 去掉 (a line entered in error, while kept). */
export function OldPartsCard({
  claim: c,
  canChange,
  onAdd,
  onConflict,
}: {
  claim: Claim;
  canChange: boolean;
  onAdd(): void;
  onConflict(error: AppErrorShape): void;
}) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const remove = async (p: OldPart) => {
    const result = await api.invoke('oldParts.remove', { id: p.id, version: p.version });
    if (result.ok) message.success(t('已去掉旧件 {name}', { name: p.name }));
    else if (result.error.code === 'CONFLICT') onConflict(result.error);
    else message.error(result.error.message);
  };
  return (
    <Card
      size="small"
      title={t('旧件')}
      className="section claim-old-parts"
      extra={
        <Flex gap={8} align="center">
          <Link to={claimsTabPath('old-parts')} className="small">
            {t('旧件管理')}
          </Link>
          {canChange && c.status !== 'settled' && (
            <Button size="small" icon={<PlusOutlined />} onClick={onAdd} className="add-old-part">
              {t('添加旧件')}
            </Button>
          )}
        </Flex>
      }
    >
      {!c.saved && c.oldParts.length === 0 && (
        <Typography.Paragraph type="secondary" className="small">
          {t('第一次保存时按修理单的保修零件生成旧件，可再添加或去掉。')}
        </Typography.Paragraph>
      )}
      <Table<OldPart>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.oldParts}
        className="claim-old-parts-table"
        locale={{ emptyText: t('没有旧件') }}
        onRow={(p) => ({ 'data-tag': p.tagNo, 'data-state': p.state }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('标签号'),
            key: 'tag',
            width: 118,
            render: (_: unknown, p) => <span className="mono">{p.tagNo}</span>,
          },
          {
            title: t('零件号'),
            key: 'partNumber',
            width: 130,
            render: (_: unknown, p) => <span className="mono">{p.partNumber || '—'}</span>,
          },
          { title: t('零件名称'), key: 'name', render: (_: unknown, p) => p.name },
          { title: t('数量'), key: 'quantity', width: 56, align: 'right', render: (_: unknown, p) => p.quantity },
          {
            title: t('状态'),
            key: 'state',
            width: 72,
            render: (_: unknown, p) => (
              <Tag color={OLD_PART_COLOR[p.state]}>{label(OLD_PART_STATE_LABELS[p.state])}</Tag>
            ),
          },
          {
            title: t('返厂期限'),
            key: 'due',
            width: 150,
            render: (_: unknown, p) =>
              p.state === 'returned' ? (
                <span className="small">
                  {t('{date} 返厂 {waybill}', { date: p.returnedOn ?? '', waybill: p.waybill })}
                </span>
              ) : p.state === 'scrapped' ? (
                <span className="small muted">{t('{date} 报废', { date: p.scrappedOn ?? '' })}</span>
              ) : (
                (p.returnDueOn ?? <span className="muted">{t('未结算')}</span>)
              ),
          },
          ...(canChange
            ? [
                {
                  title: '',
                  key: 'remove',
                  width: 96,
                  render: (_: unknown, p: OldPart) =>
                    p.state === 'kept' ? (
                      <Popconfirm
                        title={t('去掉这个旧件？')}
                        description={t('只用于录错的旧件；已去掉的不再列出。')}
                        okText={t('去掉')}
                        cancelText={t('返回')}
                        okButtonProps={{ danger: true, className: 'remove-old-part-ok' }}
                        onConfirm={() => remove(p)}
                      >
                        <Button size="small" type="link" danger icon={<DeleteOutlined />} className="remove-old-part">
                          {t('去掉（录错了）')}
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
