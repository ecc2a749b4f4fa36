import { FileProtectOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions } from 'antd';
import { useQuery } from '../../api/client';
import { money } from '../../components/format';
import { LoadError } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { ClaimDeadline, ClaimStatusTag } from './claim-cells';
import { claimPath } from './paths';

/**
 * 索赔: on a warranty RO's page, its claim's status, deadline (days left or overdue), claim number
 * and 打开索赔单. Other RO types: nothing. A warranty RO from before the claims began (openFrom) has
 * no claim and shows nothing either.
 */
export function ClaimCard({ roId, roType }: { roId: number; roType: string }) {
  const warranty = roType === 'warranty';
  const { data: c, error, reload } = useQuery('claims.get', warranty ? { roId } : null);
  const { t, label } = useI18n();
  if (!warranty) return null;
  if (!c) {
    if (error && error.code !== 'NOT_FOUND')
      return (
        <Card size="small" title={t('索赔单')} className="section claim-card">
          <LoadError error={error} onRetry={reload} />
        </Card>
      );
    return null;
  }
  return (
    <Card
      size="small"
      title={t('索赔单')}
      className="section claim-card"
      data-status={c.status}
      extra={
        <Button
          size="small"
          type={c.status === 'draft' || c.status === 'rejected' ? 'primary' : 'default'}
          icon={<FileProtectOutlined />}
          onClick={() => void navigate(claimPath(roId))}
          className="open-claim"
        >
          {t('打开索赔单')}
        </Button>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        colon={false}
        items={[
          { key: 'status', label: t('状态'), children: <ClaimStatusTag status={c.status} /> },
          {
            key: 'deadline',
            label: t('上报期限'),
            children: <ClaimDeadline deadline={c.deadline} dueState={c.dueState} compact />,
          },
          {
            key: 'claimNo',
            label: t('索赔单号'),
            children: <span className="mono claim-card-no">{c.claimNo ?? '—'}</span>,
          },
          {
            key: 'amount',
            label: c.approvedFen !== null ? t('审核金额') : t('保修部分'),
            children: `${money(c.approvedFen ?? c.warrantyFen)} · ${label(c.claimTypeLabel)}`,
          },
        ]}
      />
    </Card>
  );
}
