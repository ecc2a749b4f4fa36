import { z } from 'zod';
import { USER_ROLES } from '../domain/enums';
import type { StoreProfile, User } from '../domain/records';
import { canonicalTimeZone } from '../validation/dates';
import { command, query } from './define';
import { date, id, phone, pin, postalCode, requiredText, text } from './fields';
import { ROLES } from './roles';

export interface AppInfo {
  version: string;
  /** The archive file's path, or the shared server's address without its password. */
  archivePath: string;
  /**
   * `file`: the archive file on this PC (backed up by ClerkDesk). `server`: a shared archive on a
   * PostgreSQL server, used by several counters at once; the server's own backup applies, and scans
   * taken in here are kept on this PC only (other counters cannot open them).
   */
  archiveKind: 'file' | 'server';
  schemaVersion: string;
  needsSetup: boolean;
  storeName: string | null;
  counts: { customers: number; vehicles: number; repairOrders: number };
  currentUser: User | null;
  door: 'ipc' | 'http' | 'cli';
  /** Why the app (not the user) ended the last session at this door; null after a login. */
  sessionEnded: SessionEnd | null;
}

/** The app logged the user out: after N idle minutes, or because an admin deactivated them. */
export type SessionEnd = { reason: 'idle'; minutes: number } | { reason: 'deactivated'; name: string };

/** Idle logout: minutes without a call from a door before its user is logged out (0: never). */
export interface SecuritySettings {
  idleLogoutMinutes: number;
}

/** The store clock as the archive reads it: the UI's "today" and "now", never the PC's own zone. */
export interface StoreClockReading {
  /** The store's calendar date, YYYY-MM-DD. */
  today: string;
  /** Now in store time with its offset: 2026-12-03T07:30:00+08:00. */
  now: string;
  /** IANA name, e.g. Asia/Shanghai. */
  timeZone: string;
  /** The offset now, e.g. +08:00. */
  offset: string;
}

export interface SeedSummary {
  customers: number;
  vehicles: number;
  repairOrders: number;
  from: string;
  until: string;
  millis: number;
}

/** An IANA time zone Intl knows (Asia/Shanghai), stored as Intl spells it. */
const timeZone = z
  .string('请选择时区')
  .max(64, '太长了，时区名如 Asia/Shanghai')
  .transform((s, ctx) => {
    const zone = canonicalTimeZone(s);
    if (zone === null) {
      ctx.addIssue({
        code: 'custom',
        message: '不是可识别的时区，请从列表中选择，或填写 IANA 时区名（如 Asia/Shanghai、Asia/Urumqi）',
      });
      return z.NEVER;
    }
    return zone;
  });

const storeInput = z.object({
  name: requiredText(100),
  address: text(200).default(''),
  postalCode: postalCode.default(''),
  phone: z.union([z.literal(''), phone]).default(''),
  /** Left out: unchanged (a new store: Asia/Shanghai). */
  timeZone: timeZone.optional(),
});

const newUser = z.object({
  name: requiredText(40),
  role: z.enum(USER_ROLES, '角色应为 信息员/服务经理/服务顾问/管理员 之一'),
  pin,
});

export const systemContract = {
  /** Version, archive place, whether first-run set-up is needed, the current user. */
  'app.getInfo': query<AppInfo>()(z.object({}).strict(), '应用与档案库概况', ROLES.open, { passive: true }),
  /** First run: store profile and first users (one admin at least), then optionally demo data. */
  'setup.complete': command<{ info: AppInfo; seeded: SeedSummary | null }>()(
    z
      .object({
        store: storeInput,
        users: z.array(newUser).min(1, '至少要有一位用户').max(50),
        demo: z
          .object({ years: z.number().int().min(1).max(10), seed: z.number().int().min(0).max(1_000_000).default(1) })
          .nullable(),
      })
      .strict()
      .refine((v) => v.users.some((u) => u.role === 'admin'), { message: '至少要有一位管理员', path: ['users'] }),
    '首次使用：门店信息、初始用户、空档案或示例数据',
    ROLES.open,
  ),
  /** The store's today and now (its time zone): the UI asks for it instead of reading the PC's zone. */
  'clock.today': query<StoreClockReading>()(
    z.object({}).strict(),
    '门店时钟：今天的日期、现在的时间与时区',
    ROLES.open,
    { passive: true },
  ),
  'store.get': query<StoreProfile | null>()(z.object({}).strict(), '门店信息', ROLES.open),
  'store.update': command<StoreProfile>()(storeInput.strict(), '修改门店信息（信件与信封上使用）', ROLES.admin),
  'users.list': query<User[]>()(
    z.object({ includeInactive: z.boolean().default(false) }).strict(),
    '用户列表',
    ROLES.open,
  ),
  'users.create': command<User>()(newUser.strict(), '新增用户（管理员）', ROLES.admin),
  'users.update': command<User>()(
    z
      .object({
        id,
        name: requiredText(40).optional(),
        role: z.enum(USER_ROLES).optional(),
        isActive: z.boolean().optional(),
        pin: pin.optional(),
      })
      .strict(),
    '修改用户、角色、PIN、停用（管理员）',
    ROLES.admin,
  ),
  /** Lifts the lockout after too many wrong PINs (the count starts again). */
  'users.unlock': command<User>()(z.object({ id }).strict(), '解除 PIN 锁定（管理员）', ROLES.admin),
  'security.get': query<SecuritySettings>()(z.object({}).strict(), '安全设置：自动退出时间', ROLES.admin),
  'security.update': command<SecuritySettings>()(
    z
      .object({
        idleLogoutMinutes: z
          .number('自动退出应为分钟数')
          .int('自动退出应为整数分钟')
          .min(0, '自动退出不能为负数（0 表示不自动退出）')
          .max(480, '自动退出最长 480 分钟'),
      })
      .strict(),
    '修改安全设置：无操作多少分钟后自动退出',
    ROLES.admin,
  ),
  /** Switch the user at the counter; every later change is audited under them. */
  'session.login': command<User>()(z.object({ userId: id, pin }).strict(), '切换当前用户', ROLES.open),
  'session.logout': command<null>()(z.object({}).strict(), '退出当前用户', ROLES.open),
  'demo.seed': command<SeedSummary>()(
    z
      .object({
        years: z.number().int().min(1, '至少 1 年').max(10, '最多 10 年'),
        seed: z.number().int().min(0).max(1_000_000).default(1),
        until: date.optional(),
      })
      .strict(),
    '生成示例数据（仅限空档案）',
    ROLES.admin,
  ),
};
