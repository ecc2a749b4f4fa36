import { LockOutlined } from '@ant-design/icons';
import { Alert, Card } from 'antd';
import type { ReactNode } from 'react';
import { contract, type MethodName } from '../../../src-shared/contract/index';
import { allows } from '../../../src-shared/contract/roles';
import { USER_ROLE_LABELS, type UserRole } from '../../../src-shared/domain/enums';
import { type Phrase, useI18n } from '../../i18n/i18n';
import { useAppInfo } from './app-info';

/**
 * What the current user may do, read from the contract's roles: the UI hides or disables what the
 * dispatcher would refuse anyway (the dispatcher is what enforces it).
 */
export function useCan(): (method: MethodName) => boolean {
  const { info } = useAppInfo();
  const role = info.currentUser?.role;
  return (method) => role !== undefined && allows(contract[method].roles, role);
}

/** Why not: "只有 服务经理、管理员 可以使用。当前用户是 服务顾问。" */
export function NotAllowedNote({ method, className }: { method: MethodName; className?: string }) {
  const { t, label, lang } = useI18n();
  const { info } = useAppInfo();
  const access = contract[method].roles;
  const roles = access === 'open' ? [] : (access as readonly UserRole[]);
  return (
    <Alert
      type="info"
      showIcon
      icon={<LockOutlined />}
      className={className ?? 'card-note'}
      title={t('只有{roles}可以使用。当前用户是{role}。', {
        roles: roles.map((r) => label(USER_ROLE_LABELS[r])).join(lang === 'en' ? ', ' : '、'),
        role: info.currentUser ? label(USER_ROLE_LABELS[info.currentUser.role]) : '—',
      })}
    />
  );
}

/** Shows `children` when the current user may call `method`; otherwise a card saying who may. */
export function RoleGate({ method, title, children }: { method: MethodName; title: Phrase; children: ReactNode }) {
  const can = useCan();
  const { t } = useI18n();
  if (can(method)) return <>{children}</>;
  return (
    <Card size="small" title={t(title)} className="section">
      <NotAllowedNote method={method} />
    </Card>
  );
}
