/**
 * `call METHOD --input JSON|@FILE|- [--unmasked]` and `methods [--json]`: every contract method from
 * the command line, so whatever the window can do can be scripted. `call` goes through the same
 * dispatcher as every door (door 'cli', a local operator acting as admin) and prints the Result's
 * value as JSON; `methods` lists the contract (name, doc, who may call it) without opening an archive.
 *
 * Masking follows the CLI's rule: names and phones of customers are masked (王**, 138****5678) in
 * what `call` prints unless --unmasked, which is written to the audit log first (privacy.disclose).
 * Methods with their own `unmasked` input (exports, printouts) get it set by --unmasked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { contract, isMethodName, METHOD_NAMES, type MethodName } from '../../src-shared/contract/index';
import { type Access, accessLabel } from '../../src-shared/contract/roles';
import { maskName, maskPhone } from '../../src-shared/domain/masking';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const CALL_USAGE =
  '用法：call METHOD [--input JSON | --input @文件.json | --input -] [--unmasked]（用 methods 列出全部操作）';

/** Exit code 2 for what was typed (bad JSON, invalid input), 1 otherwise (unknown method, refused, failed). */
export class CallCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new CallCommandFailure({ code: 'VALIDATION', message: `${message}\n${CALL_USAGE}` }, 2);

export interface CallArgs {
  method: MethodName;
  input: unknown;
  unmasked: boolean;
}

/** Up to five method names near what was typed: same area first, then names containing it. */
export function similarMethods(typed: string): MethodName[] {
  const lower = typed.toLowerCase();
  const area = lower.split('.')[0] ?? '';
  const last = lower.split('.').pop() ?? '';
  const score = (name: string): number => {
    const n = name.toLowerCase();
    if (area !== '' && n.startsWith(`${area}.`)) return 3;
    if (last.length >= 3 && n.includes(last)) return 2;
    if (area.length >= 3 && n.includes(area)) return 1;
    return 0;
  };
  return METHOD_NAMES.map((name) => ({ name, s: score(name) }))
    .filter((m) => m.s > 0)
    .sort((a, b) => b.s - a.s || a.name.localeCompare(b.name))
    .slice(0, 5)
    .map((m) => m.name);
}

function unknownMethod(method: string): CallCommandFailure {
  const near = similarMethods(method);
  return new CallCommandFailure(
    {
      code: 'UNKNOWN_METHOD',
      message: `没有这个操作：${method.slice(0, 80)}。${near.length > 0 ? `是不是：${near.join('、')}？` : ''}用 clerkdesk methods 列出全部操作及说明。`,
    },
    1,
  );
}

/** The --input text: inline JSON, @file (relative to the current folder), or - for standard input. */
function readInputText(raw: string, readStdin: () => string): string {
  if (raw === '-') {
    try {
      return readStdin();
    } catch (error) {
      throw badInput(`--input -：无法读取标准输入（${(error as Error).message}）。`);
    }
  }
  if (raw.startsWith('@')) {
    const file = path.resolve(raw.slice(1));
    if (raw.length === 1) throw badInput('--input @文件：@ 后面应写 JSON 文件的路径。');
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw badInput(
        code === 'ENOENT'
          ? `--input：找不到文件 ${file}。`
          : `--input：无法读取文件 ${file}（${(error as Error).message}）。`,
      );
    }
  }
  return raw;
}

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseCallArgs(
  positionals: readonly string[],
  values: { input?: unknown; unmasked?: unknown },
  readStdin: () => string = () => fs.readFileSync(0, 'utf8'),
): CallArgs {
  const [method, ...extra] = positionals;
  if (!method) throw badInput('请写出要调用的操作，例如 call search.quick --input \'{"text":"京A"}\'。');
  if (!isMethodName(method)) throw unknownMethod(method);
  if (extra.length > 0) throw badInput(`多余的参数：${extra.join(' ')}（输入请放在 --input 的 JSON 里）。`);
  let input: unknown = {};
  if (values.input !== undefined) {
    const text = readInputText(String(values.input), readStdin).replace(/^\uFEFF/, '');
    if (text.trim() === '') throw badInput('--input：内容是空的，应为 JSON，例如 {} 或 {"text":"京A"}。');
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw badInput(
        `--input：不是有效的 JSON（${(error as Error).message}）。例：--input '{"text":"京A"}'；在 Windows 命令提示符中可把 JSON 写进文件，用 --input @文件.json。`,
      );
    }
  }
  return { method, input, unmasked: values.unmasked === true };
}

type ZodDefLike = { type?: string; shape?: unknown; in?: unknown; innerType?: unknown; schema?: unknown };

/** Whether the method's input has its own `unmasked` switch (exports and printouts). */
export function acceptsUnmasked(schema: unknown, depth = 0): boolean {
  if (depth > 8 || schema === null || typeof schema !== 'object') return false;
  const def = (schema as { _zod?: { def?: ZodDefLike } })._zod?.def;
  if (!def) return false;
  if (def.type === 'object') {
    const shape = (schema as { shape?: Record<string, unknown> }).shape ?? (def.shape as Record<string, unknown>);
    return shape !== undefined && Object.hasOwn(shape, 'unmasked');
  }
  return [def.in, def.innerType, def.schema].some((inner) => acceptsUnmasked(inner, depth + 1));
}

const PHONE_KEY = /^(phone|phones|mobile|mobiles|otherPhones|ownerMobile|ownerPhone|contactPhone|customerPhone)$/;
const NAME_KEY = /^(customerName|ownerName|contactName)$/;
/** Objects that are a customer (or owner, contact): their `name` is a person's or a company's name. */
const PERSON_PARENT = /^(customer|customers|owner|owners|contact|contacts)$/;

function maskPhones(value: unknown): unknown {
  if (typeof value === 'string') return maskPhone(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? maskPhone(v) : v));
  return value;
}

/**
 * Customers' names and phones masked wherever they appear in a result, by field name: phone and
 * mobile fields, customerName/ownerName/contactName, and `name` of a customer, owner or contact (an
 * object with a phone, or under such a key). Staff, store and file names stay as they are.
 */
export function maskResult(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskResult(v, parentKey));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const person = PERSON_PARENT.test(parentKey) || Object.keys(record).some((k) => /^(mobile|phone)$/.test(k));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(record)) {
    if (PHONE_KEY.test(key)) out[key] = maskPhones(v);
    else if ((NAME_KEY.test(key) || (person && key === 'name') || key === 'customer') && typeof v === 'string')
      out[key] = maskName(v);
    else out[key] = maskResult(v, key);
  }
  return out;
}

/** Calls one method; the value as it is to be printed (masked unless --unmasked). */
export async function runCallCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  args: CallArgs,
  disclose: (document: string) => Promise<unknown>,
): Promise<unknown> {
  let input = args.input;
  if (args.unmasked) {
    await disclose(`命令行 call ${args.method}`);
    if (
      acceptsUnmasked(contract[args.method].input) &&
      input !== null &&
      typeof input === 'object' &&
      !Array.isArray(input) &&
      !Object.hasOwn(input, 'unmasked')
    )
      input = { ...input, unmasked: true };
  }
  const result = await dispatch(args.method, input, ctx);
  if (!result.ok) {
    const error =
      result.error.code === 'VALIDATION'
        ? { ...result.error, message: `--input：${result.error.message}` }
        : result.error;
    throw new CallCommandFailure(error, result.error.code === 'VALIDATION' ? 2 : 1);
  }
  const value = result.value === undefined ? null : result.value;
  return args.unmasked ? value : maskResult(value);
}

export interface MethodInfo {
  method: MethodName;
  /** The part before the first dot: customers, backup, reports, … */
  area: string;
  doc: string;
  /** 'open' (no login needed) or the roles that may call it. */
  roles: Access;
  /** 信息员、服务经理、管理员 / 无需登录 */
  rolesLabel: string;
  /** Writes to the archive. */
  mutates: boolean;
  /** The input as JSON Schema (what --input takes); null where it cannot be written as one. */
  input: unknown;
}

function inputSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return null;
  }
}

export function listMethods(withSchemas: boolean): MethodInfo[] {
  return METHOD_NAMES.map((method) => {
    const def = contract[method];
    return {
      method,
      area: method.split('.')[0] ?? method,
      doc: def.doc,
      roles: def.roles,
      rolesLabel: accessLabel(def.roles),
      mutates: def.mutates,
      input: withSchemas ? inputSchema(def.input) : null,
    };
  });
}

/** Grouped by area, in the contract's order; one line per method with its doc and roles. */
export function formatMethods(methods: readonly MethodInfo[], table: (rows: string[][]) => string): string {
  const areas = new Map<string, MethodInfo[]>();
  for (const m of methods) areas.set(m.area, [...(areas.get(m.area) ?? []), m]);
  const blocks = [...areas].map(([area, list]) =>
    [
      `${area}（${list.length}）`,
      table(list.map((m) => [`  ${m.method}`, m.mutates ? '写入' : '查询', m.doc, `[${m.rolesLabel}]`])),
    ].join('\n'),
  );
  return [
    `共 ${methods.length} 个操作。调用：clerkdesk call 操作名 --input '{"…":…}'（命令行以管理员身份执行，无需 PIN）；--json 输出含输入格式（JSON Schema）。`,
    '',
    blocks.join('\n\n'),
  ].join('\n');
}
