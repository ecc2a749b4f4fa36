import { USER_ROLE_LABELS, USER_ROLES, type UserRole } from '../domain/enums';

/**
 * Who may call a contract method. `'open'` is for the few a login screen needs; every other entry
 * names the roles whose logged-in, active users may call it. The dispatcher checks this once for
 * every door, against the user's role as the archive says it now (not as it was at login).
 */
export type Access = 'open' | readonly UserRole[];

/**
 * The named role sets, in one place. Decisions (docs/roles.md is generated from the contract):
 * - counter: the clerk's daily work (import, 对单, daily report tally and confirm, invitations,
 *   first service, letters and templates, printing, RO edits); the manager and admin can do it too.
 * - anyone: reads, search, and what an advisor does at the counter (calls, ROs of unsigned days).
 * - manager: only a service manager (an admin signs or approves only if also made a manager).
 * - oversight: manager and admin, e.g. the audit log.
 * - admin: users, store-wide settings (store profile, service rules, idle logout), restore.
 * The CLI is a local operator with the archive file in hand: it acts as admin (see dispatcher).
 */
export const ROLES = {
  open: 'open',
  anyone: USER_ROLES,
  counter: ['clerk', 'manager', 'admin'],
  manager: ['manager'],
  oversight: ['manager', 'admin'],
  admin: ['admin'],
} as const satisfies Record<string, Access>;

export function allows(access: Access, role: UserRole): boolean {
  return access === 'open' || access.includes(role);
}

/** 信息员、服务经理 — for messages and the role matrix. */
export function accessLabel(access: Access): string {
  if (access === 'open') return '无需登录';
  return access.map((r) => USER_ROLE_LABELS[r]).join('、');
}
