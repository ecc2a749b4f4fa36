import { z } from 'zod';
import { USER_ROLES } from '../domain/enums';
import type { StoreProfile, User } from '../domain/records';
import { command, query } from './define';
import { date, id, phone, pin, postalCode, requiredText, text } from './fields';

export interface AppInfo {
  version: string;
  archivePath: string;
  schemaVersion: string;
  needsSetup: boolean;
  storeName: string | null;
  counts: { customers: number; vehicles: number; repairOrders: number };
  currentUser: User | null;
  door: 'ipc' | 'http' | 'cli';
}

export interface SeedSummary {
  customers: number;
  vehicles: number;
  repairOrders: number;
  from: string;
  until: string;
  millis: number;
}

const storeInput = z.object({
  name: requiredText(100),
  address: text(200).default(''),
  postalCode: postalCode.default(''),
  phone: z.union([z.literal(''), phone]).default(''),
});

const newUser = z.object({
  name: requiredText(40),
  role: z.enum(USER_ROLES, '角色应为 信息员/服务经理/服务顾问/管理员 之一'),
  pin,
});

export const systemContract = {
  /** Version, archive place, whether first-run set-up is needed, the current user. */
  'app.getInfo': query<AppInfo>()(z.object({}).strict(), '应用与档案库概况'),
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
  ),
  'store.get': query<StoreProfile | null>()(z.object({}).strict(), '门店信息'),
  'store.update': command<StoreProfile>()(storeInput.strict(), '修改门店信息（信件与信封上使用）'),
  'users.list': query<User[]>()(z.object({ includeInactive: z.boolean().default(false) }).strict(), '用户列表'),
  'users.create': command<User>()(newUser.strict(), '新增用户（管理员）'),
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
  ),
  /** Switch the user at the counter; every later change is audited under them. */
  'session.login': command<User>()(z.object({ userId: id, pin }).strict(), '切换当前用户'),
  'session.logout': command<null>()(z.object({}).strict(), '退出当前用户'),
  'demo.seed': command<SeedSummary>()(
    z
      .object({
        years: z.number().int().min(1, '至少 1 年').max(10, '最多 10 年'),
        seed: z.number().int().min(0).max(1_000_000).default(1),
        until: date.optional(),
      })
      .strict(),
    '生成示例数据（仅限空档案）',
  ),
};
