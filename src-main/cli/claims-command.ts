/**
 * `claims [--status STATUS] [--due-before YYYY-MM-DD] [--json]`: the warranty claims (索赔单), every
 * one when no status is given; `claims statement --month YYYY-MM --format json|xlsx|pdf [--out FILE]`:
 * the month's service-fee statement (服务费结算). Both through the dispatcher like the window, on the
 * store clock. The JSON speaks codes (status 'reported', claimType 'warranty') beside the amounts in
 * fen; the table speaks Chinese. No customer names are printed (RO, claim number, plate, VIN only).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MethodName, OutputOf } from '../../src-shared/contract/index';
import {
  CLAIM_DUE_LABELS,
  CLAIM_STATUS_LABELS,
  CLAIM_STATUSES,
  type ClaimRow,
  type ClaimStatus,
  type ServiceFeeStatement,
  type StatementState,
} from '../../src-shared/domain/claims';
import { isRealDate } from '../../src-shared/validation/dates';
import { formatFen } from '../../src-shared/validation/money';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const CLAIMS_USAGE = `用法：
  claims [--status 状态] [--due-before YYYY-MM-DD] [--json]
      索赔单（不写 --status 为全部）；--json 输出 [{ro, claimNo, plate, vin, status, deadline, amountFen}]
      状态可写代码或名称：draft 待填报、reported 已上报、reviewing 审核中、approved 已通过、
      rejected 已驳回、settled 已结算，open 未结算（除已结算外的全部），all 全部
      --due-before：上报期限在这一天或之前、还没有上报的索赔单（待填报、已驳回）
      amountFen：已通过、已结算的为审核金额，其余为修理单的索赔金额（分）
  claims statement --month YYYY-MM --format json|xlsx|pdf [--out FILE]
      某月服务费结算（当月审核通过的索赔单、按索赔类型的金额、开票和回款）：json 输出到屏幕
      （或 --out 文件），xlsx、pdf 写入 --out 文件`;

/** Exit code 2 for what the clerk typed, 1 for everything else (reported by main.ts's one error path). */
export class ClaimsCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new ClaimsCommandFailure({ code: 'VALIDATION', message: `${message}\n${CLAIMS_USAGE}` }, 2);

export type ClaimsStatusFilter = ClaimStatus | 'open' | 'all';

const FILTER_LABELS: Record<ClaimsStatusFilter, string> = { ...CLAIM_STATUS_LABELS, open: '未结算', all: '全部' };

const FORMATS = ['json', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

export type ClaimsArgs =
  | { sub: 'list'; status: ClaimsStatusFilter; dueBefore: string | null }
  | { sub: 'statement'; month: string; format: Format; out: string | null };

/** A status as typed: the code, the Chinese label, open/未结算 or all/全部. */
export function statusFor(typed: string): ClaimsStatusFilter {
  const t = typed.trim();
  const entries = Object.entries(FILTER_LABELS) as [ClaimsStatusFilter, string][];
  const found = entries.find(([code, label]) => code === t.toLowerCase() || label === t);
  if (found) return found[0];
  const allowed = [...CLAIM_STATUSES, 'open', 'all'].map((c) => `${c} ${FILTER_LABELS[c as ClaimsStatusFilter]}`);
  throw badInput(`--status：不认识“${t}”，可选：${allowed.join('、')}。`);
}

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseClaimsArgs(
  positionals: readonly string[],
  values: { status?: unknown; 'due-before'?: unknown; month?: unknown; format?: unknown; out?: unknown },
  env: NodeJS.ProcessEnv = process.env,
): ClaimsArgs {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
  const [sub, ...extra] = positionals;
  if (extra.length > 0) throw badInput(`多余的参数：${extra.join(' ')}`);
  if (sub === undefined) {
    for (const option of ['month', 'format', 'out'] as const)
      if (values[option] !== undefined) throw badInput(`--${option} 只用于 claims statement。`);
    const status = text(values.status);
    const dueBefore = text(values['due-before']);
    if (status === '') throw badInput('--status：请写明状态。');
    if (dueBefore !== null && !isRealDate(dueBefore))
      throw badInput(`--due-before：“${dueBefore}”不是有效日期，应为 YYYY-MM-DD（如 2026-11-25）。`);
    return { sub: 'list', status: status === null ? 'all' : statusFor(status), dueBefore };
  }
  if (sub === 'statement') {
    for (const option of ['status', 'due-before'] as const)
      if (values[option] !== undefined) throw badInput(`--${option} 只用于索赔单列表（claims）。`);
    const month = text(values.month);
    if (month === null) throw badInput('请用 --month 指定月份。');
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw badInput(`--month：“${month}”不是有效月份，应为 YYYY-MM（如 2026-11）。`);
    const format = text(values.format);
    if (format === null || !(FORMATS as readonly string[]).includes(format))
      throw badInput(`--format：${format === null ? '请指定输出格式' : `不认识“${format}”`}，应为 json、xlsx 或 pdf。`);
    const out = text(values.out);
    if (format !== 'json' && out === null) throw badInput(`--format ${format} 需要用 --out 指定要保存的文件。`);
    if (out === '') throw badInput('--out：文件名不能为空。');
    return {
      sub: 'statement',
      month,
      format: format as Format,
      out: out === null ? null : path.resolve(env.INIT_CWD || process.cwd(), out),
    };
  }
  throw badInput(`未知的 claims 子命令：${sub}`);
}

/** One claim as `claims --json` prints it. */
export interface ClaimJson {
  ro: string;
  claimNo: string | null;
  plate: string | null;
  vin: string | null;
  status: ClaimStatus;
  /** null while the RO is not settled. */
  deadline: string | null;
  /** The approved amount when approved or settled, else the RO's warranty part (fen). */
  amountFen: number;
}

export function claimJson(r: ClaimRow): ClaimJson {
  return {
    ro: r.roNumber,
    claimNo: r.claimNo,
    plate: r.plate,
    vin: r.vin,
    status: r.status,
    deadline: r.deadline,
    amountFen:
      (r.status === 'approved' || r.status === 'settled') && r.approvedFen !== null ? r.approvedFen : r.warrantyFen,
  };
}

/** The statement as `claims statement --format json` prints it. */
export interface StatementJson {
  month: string;
  state: StatementState;
  claims: (ClaimJson & { claimType: string; claimTypeLabel: string; approvedOn: string })[];
  byType: ServiceFeeStatement['byType'];
  totalFen: number;
  requestedFen: number | null;
  requestedOn: string | null;
  requestedBy: string | null;
  invoiceNo: string | null;
  invoiceOn: string | null;
  paidOn: string | null;
  changedSinceRequest: boolean;
}

export function statementJson(s: ServiceFeeStatement): StatementJson {
  return {
    month: s.month,
    state: s.state,
    claims: s.claims.map((c) => ({
      ...claimJson(c),
      claimType: c.claimType,
      claimTypeLabel: c.claimTypeLabel,
      approvedOn: c.approvedOn,
    })),
    byType: s.byType,
    totalFen: s.totalFen,
    requestedFen: s.requestedFen,
    requestedOn: s.requestedOn,
    requestedBy: s.requestedBy,
    invoiceNo: s.invoiceNo,
    invoiceOn: s.invoiceOn,
    paidOn: s.paidOn,
    changedSinceRequest: s.changedSinceRequest,
  };
}

export type ClaimsResult =
  | {
      sub: 'list';
      status: ClaimsStatusFilter;
      dueBefore: string | null;
      rows: ClaimJson[];
      /** The list's rows with their due states (for the table). */
      list: ClaimRow[];
      total: number;
    }
  | {
      sub: 'statement';
      month: string;
      json: StatementJson | null;
      statement: ServiceFeeStatement | null;
      file: WrittenFile | null;
    };

export interface WrittenFile {
  path: string;
  fileName: string;
  bytes: number;
  pages: number | null;
}

/** The most rows claims.list answers in one call. */
const LIST_LIMIT = 5000;

function writeOut(file: string, content: Buffer | string): void {
  try {
    fs.writeFileSync(file, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ClaimsCommandFailure(
      {
        code: 'INTERNAL',
        message:
          code === 'EISDIR'
            ? `“${file}”是文件夹，请在 --out 里写上文件名。`
            : `无法写入文件“${file}”（${code ?? String(error)}），请检查文件夹是否存在、文件是否正被 Excel 或 PDF 阅读器打开。`,
      },
      1,
    );
  }
}

export async function runClaimsCommand(dispatch: Dispatch, ctx: CallContext, args: ClaimsArgs): Promise<ClaimsResult> {
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<OutputOf<M>> => {
    const result = await dispatch(method, input, ctx);
    if (!result.ok) throw new ClaimsCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
    return result.value as OutputOf<M>;
  };
  if (args.sub === 'list') {
    const { rows, total } = await call('claims.list', {
      status: args.status,
      ...(args.dueBefore !== null ? { dueBefore: args.dueBefore } : {}),
      limit: LIST_LIMIT,
    });
    return {
      sub: 'list',
      status: args.status,
      dueBefore: args.dueBefore,
      rows: rows.map(claimJson),
      list: rows,
      total,
    };
  }
  if (args.format === 'json') {
    const statement = await call('statements.get', { month: args.month });
    const json = statementJson(statement);
    if (args.out === null) return { sub: 'statement', month: args.month, json, statement, file: null };
    const text = `${JSON.stringify(json, null, 2)}\n`;
    writeOut(args.out, text);
    return {
      sub: 'statement',
      month: args.month,
      json: null,
      statement,
      file: { path: args.out, fileName: path.basename(args.out), bytes: Buffer.byteLength(text), pages: null },
    };
  }
  const exported: { fileName: string; contentBase64: string; pages?: number } =
    args.format === 'pdf'
      ? await call('statements.pdf', { month: args.month })
      : await call('statements.xlsx', { month: args.month });
  const content = Buffer.from(exported.contentBase64, 'base64');
  writeOut(args.out!, content);
  return {
    sub: 'statement',
    month: args.month,
    json: null,
    statement: null,
    file: { path: args.out!, fileName: exported.fileName, bytes: content.length, pages: exported.pages ?? null },
  };
}

/** What --json prints (the statement's JSON goes to stdout by --format json alone). */
export function claimsJsonOutput(result: ClaimsResult): unknown {
  if (result.sub === 'list') return result.rows;
  return result.file ?? result.json;
}

export function formatClaims(result: ClaimsResult, table: (rows: string[][]) => string): string {
  if (result.sub === 'statement') {
    if (result.file) {
      const what = result.file.fileName.toLowerCase().endsWith('.pdf')
        ? 'PDF'
        : result.file.fileName.toLowerCase().endsWith('.xlsx')
          ? 'Excel'
          : 'JSON';
      const pages = result.file.pages === null ? '' : `，${result.file.pages} 页`;
      return `已导出 ${result.month} 服务费结算 ${what}（${Math.max(1, Math.round(result.file.bytes / 1024))} KB${pages}）：${result.file.path}`;
    }
    return JSON.stringify(result.json, null, 2);
  }
  const what = [
    result.status === 'all' ? '' : `状态：${FILTER_LABELS[result.status]}`,
    result.dueBefore === null ? '' : `上报期限在 ${result.dueBefore} 或之前、未上报`,
  ]
    .filter(Boolean)
    .join('，');
  if (result.list.length === 0) return `没有${what ? `符合条件（${what}）的` : ''}索赔单。`;
  const head = `索赔单 ${result.total} 张${what ? `（${what}）` : ''}${result.total > result.list.length ? `，只列出前 ${result.list.length} 张` : ''}：`;
  return [
    head,
    table([
      ['工单号', '索赔单号', '车牌', '车架号', '状态', '上报期限', '金额'],
      ...result.list.map((r, i) => {
        const due = CLAIM_DUE_LABELS[r.dueState];
        return [
          r.roNumber,
          r.claimNo ?? '',
          r.plate ?? '',
          r.vin ?? '',
          CLAIM_STATUS_LABELS[r.status],
          r.deadline === null ? '未结算' : `${r.deadline}${due ? `（${due}）` : ''}`,
          formatFen(result.rows[i]!.amountFen),
        ];
      }),
    ]),
  ].join('\n');
}
