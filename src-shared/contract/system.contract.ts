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

/** Where an archive is: the local file, or a shared PostgreSQL server. */
export interface ArchivePlace {
  kind: 'file' | 'server';
  /** The file's path, or the server's address without its password. */
  display: string;
}

/** 设置 → 档案库: what is open, what the setting names, and whether a restart would change it. */
export interface ArchiveLocation {
  /** The archive open now. */
  current: ArchivePlace;
  /** archive.json in this user's profile: where it is, and the archive it names (null: the default file). */
  setting: { file: string; db: string | null };
  /** The place a start opens when nothing overrides the setting (the setting's archive, or the default file). */
  next: ArchivePlace;
  /**
   * `--db` (cli) or the environment variable CLERKDESK_DB (env) chose the open archive: the setting
   * applies only to starts without them. Null: the setting (or the default) chose it.
   */
  overridden: null | 'cli' | 'env';
  /** The setting names another archive than the one open, and nothing overrides it: a restart opens it. */
  restartNeeded: boolean;
  /** archive.json is there but cannot be read as a setting (the next start without --db would refuse it). */
  settingProblem: string | null;
}

/** The fields of a server address as the admin types them. */
export type ServerAddressField = 'host' | 'port' | 'database' | 'user' | 'password';

/** 测试连接: what a look at a server database found, without changing anything on it. */
export interface ArchiveServerCheck {
  /** The address tried, without its password. */
  address: string;
  /** A connection was made and the database answered. */
  reachable: boolean;
  /** UTF8 with the C collation (null: not reached). */
  encodingOk: boolean | null;
  /** Nothing in it yet / a ClerkDesk archive / another program's tables (null: not reached or refused). */
  state: 'empty' | 'clerkdesk' | 'foreign' | null;
  /** A ClerkDesk archive's newest migration. */
  schemaVersion: string | null;
  /** Written by a newer ClerkDesk: this version would refuse to open it. */
  newerThanApp: boolean;
  /** A ClerkDesk archive's store name, when readable. */
  storeName: string | null;
  /** It may be saved as this PC's archive (a ClerkDesk archive this version opens, or an empty database). */
  usable: boolean;
  /** The field to fix, when the address is at fault; 'encoding' when the database was made wrongly. */
  field: ServerAddressField | 'encoding' | null;
  /** The result in plain Chinese: what was found, or what to fix. */
  message: string;
  /** An empty database: the command that copies the archive open now into it (password left for the admin to type). */
  migrateCommand: string | null;
}

/** 更改档案库位置 saved: the next start opens it. */
export interface ArchiveLocationSaved {
  location: ArchiveLocation;
  restartNeeded: boolean;
  message: string;
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

/** A PostgreSQL server's address, field by field (the password is kept in archive.json, in the user's own profile). */
export const serverAddress = {
  host: z
    .string('请填写服务器地址')
    .trim()
    .min(1, '请填写服务器地址（如 192.168.1.10 或 server01）')
    .max(253, '服务器地址太长')
    .regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/, {
      message: '服务器地址只能是主机名或 IP 地址（如 192.168.1.10 或 server01），不要带 postgres:// 或端口',
    }),
  port: z
    .number('端口应为数字，通常是 5432')
    .int('端口应为整数，通常是 5432')
    .min(1, '端口应在 1–65535 之间，通常是 5432')
    .max(65535, '端口应在 1–65535 之间，通常是 5432')
    .default(5432),
  database: z
    .string('请填写数据库名')
    .trim()
    .min(1, '请填写数据库名（如 clerkdesk）')
    .max(63, '数据库名最长 63 个字符')
    .regex(/^[^\s/?#@:\\\p{Cc}\p{Cs}\p{Cf}]+$/u, { message: '数据库名不能含空格或 / ? # @ : 等符号' }),
  user: z
    .string('请填写用户名')
    .trim()
    .min(1, '请填写用户名（如 clerkdesk）')
    .max(63, '用户名最长 63 个字符')
    .regex(/^[^\s\p{Cc}\p{Cs}\p{Cf}]+$/u, { message: '用户名不能含空格或控制字符' }),
  password: z
    .string('密码应为文字')
    .max(200, '密码太长')
    .regex(/^[^\p{Cc}\p{Cs}\p{Cf}]*$/u, { message: '密码不能含控制字符或无法识别的字符' })
    .default(''),
};

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
  /** Which archive is open, which one archive.json names, and whether --db / CLERKDESK_DB override it. */
  'archiveLocation.get': query<ArchiveLocation>()(
    z.object({}).strict(),
    '档案库位置：当前打开的与设置中的',
    ROLES.admin,
  ),
  /** Connects to a server database and looks (without changing anything on it): reachable, set up right, what it holds. */
  'archiveLocation.testServer': query<ArchiveServerCheck>()(
    z.object(serverAddress).strict(),
    '测试共享档案库服务器的连接（不改动服务器）',
    ROLES.admin,
  ),
  /** Points this PC at a server (after the same test passes) or back at the file; used from the next start. */
  'archiveLocation.set': command<ArchiveLocationSaved>()(
    z.discriminatedUnion(
      'target',
      [
        z.object({ target: z.literal('server'), ...serverAddress }).strict(),
        z
          .object({
            target: z.literal('file'),
            /** Left out: the default file in the user-data folder. */
            path: z
              .string('档案库文件路径应为文字')
              .trim()
              .min(1, '请填写档案库文件路径，或不填以使用默认位置')
              .max(1000, '档案库文件路径太长')
              .regex(/^[^\p{Cc}\p{Cs}\p{Cf}]+$/u, { message: '档案库文件路径不能含控制字符或无法识别的字符' })
              .optional(),
          })
          .strict(),
      ],
      '请选择档案库位置：共享服务器（server）或本机文件（file）',
    ),
    '更改本机打开的档案库（共享服务器或本机文件，重新启动后生效）',
    ROLES.admin,
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
