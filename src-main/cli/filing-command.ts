/**
 * `filing missing --month YYYY-MM`: the month's required papers not filed (缺失资料);
 * `filing file --ro RO --kind KIND [--scan FILE] [--yes]`: files one paper of an RO and says where it
 * went (binder, position, shelf), with its scan when given;
 * `filing where --ro RO | --vin VIN`: an RO's or a vehicle's papers (binder, month, position, shelf,
 * scans, on loan to whom) and what is missing.
 * All through the dispatcher like the window. The rows carry RO numbers, VINs and plates; a
 * customer's name (a missing customer file) is masked unless --unmasked (audited).
 * The JSON speaks codes (kind) beside the Chinese label (kindLabel).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MethodName, OutputOf } from '../../src-shared/contract/index';
import type { DocKind, MissingPaper, Paper } from '../../src-shared/domain/filing';
import { maskNameOrNull } from '../../src-shared/domain/masking';
import type { AppErrorShape } from '../../src-shared/errors';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { ScanStore } from '../services/scans/scan-store';
import { DailyReportCommandFailure } from './daily-report-command';

export const FILING_USAGE = `用法：
  filing missing --month YYYY-MM [--json] [--unmasked]
      某月应归档而未归档的资料（该月结算的修理单、交车的新车、新建的客户）；--json 输出
      [{kind, kindLabel, ro, vin, plate, customer, reason, since}]
  filing file --ro 工单号 --kind 类型 [--scan 文件] [--yes] [--json]
      把修理单的一份资料归档，显示放进了哪个资料夹、第几位、放在哪里；类型可写代码或名称
      （ro_sheet 修理单/任务委托书、consultation 问诊表、settlement 结算单、inspection 质检单、
      certificate 竣工出厂合格证(副本)、warranty_claim 三包/索赔单据…）；--scan 同时保存扫描件
      （PDF、JPEG、PNG 或 TIFF）。资料夹已装订或已寄回时先询问（退出码 3），确定放入请加 --yes
  filing where --ro 工单号 | --vin 车架号 [--json]
      修理单或车辆的全部资料：资料夹、月份、位置、存放处、扫描件数、借给了谁，以及还缺什么`;

/** Exit code 2 for what the clerk typed, 3 for a question to confirm (--yes), 1 for everything else. */
export class FilingCommandFailure extends DailyReportCommandFailure {}

/** The paper would go into a bound or sent binder: asked first (answer with --yes). */
export const CONFIRM_EXIT_CODE = 3;

const badInput = (message: string) =>
  new FilingCommandFailure({ code: 'VALIDATION', message: `${message}\n${FILING_USAGE}` }, 2);

export type FilingArgs =
  | { sub: 'missing'; month: string; unmasked: boolean }
  | {
      sub: 'file';
      ro: string;
      kind: string;
      scan: { name: string; file: string; content: Buffer } | null;
      yes: boolean;
    }
  | { sub: 'where'; ro: string | null; vin: string | null };

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseFilingArgs(
  positionals: readonly string[],
  values: {
    month?: unknown;
    ro?: unknown;
    vin?: unknown;
    kind?: unknown;
    scan?: unknown;
    yes?: unknown;
    unmasked?: unknown;
  },
  env: NodeJS.ProcessEnv = process.env,
): FilingArgs {
  const [sub, ...extra] = positionals;
  if (!sub) throw badInput('请指定 missing、file 或 where。');
  if (extra.length > 0) throw badInput(`多余的参数：${extra.join(' ')}`);
  if (sub === 'missing') {
    const month = text(values.month);
    if (month === null) throw badInput('请用 --month 指定月份。');
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw badInput(`--month：“${month}”不是有效月份，应为 YYYY-MM（如 2026-11）。`);
    return { sub, month, unmasked: values.unmasked === true };
  }
  if (sub === 'file') {
    const ro = text(values.ro);
    const kind = text(values.kind);
    if (ro === null) throw badInput('请用 --ro 指定修理单号。');
    if (kind === null) throw badInput('请用 --kind 指定资料类型（代码或名称，如 settlement 或 结算单）。');
    const scanName = text(values.scan);
    return { sub, ro, kind, scan: scanName === null ? null : readScanFile(scanName, env), yes: values.yes === true };
  }
  if (sub === 'where') {
    const ro = text(values.ro);
    const vin = text(values.vin);
    if ((ro === null) === (vin === null)) throw badInput('请用 --ro 指定修理单号，或用 --vin 指定车架号（二选一）。');
    return { sub, ro, vin };
  }
  throw badInput(`未知的 filing 子命令：${sub}`);
}

/** The scan's bytes, refused before anything is filed when they are not a PDF or image (by the bytes, not the name). */
function readScanFile(name: string, env: NodeJS.ProcessEnv): { name: string; file: string; content: Buffer } {
  const file = path.resolve(env.INIT_CWD || process.cwd(), name);
  let content: Buffer;
  try {
    if (fs.statSync(file).isDirectory()) throw badInput(`--scan：“${name}”是文件夹，请指定扫描件文件。`);
    content = fs.readFileSync(file);
  } catch (error) {
    if (error instanceof FilingCommandFailure) throw error;
    throw new FilingCommandFailure(
      { code: 'NOT_FOUND', message: `找不到或无法读取扫描件“${name}”（${file}），请检查文件名和路径。` },
      1,
    );
  }
  if (content.length === 0) throw badInput(`--scan：“${name}”是空文件，没有保存，也没有归档。`);
  if (ScanStore.sniff(content) === null)
    throw badInput(`--scan：“${name}”不是 PDF、JPEG、PNG 或 TIFF 文件（按文件内容判断），没有保存，也没有归档。`);
  return { name: path.basename(file), file, content };
}

async function call<M extends MethodName>(
  dispatch: Dispatch,
  ctx: CallContext,
  method: M,
  input: unknown,
): Promise<OutputOf<M>> {
  const result = await dispatch(method, input, ctx);
  if (!result.ok) throw failure(result.error);
  return result.value as OutputOf<M>;
}

function failure(error: AppErrorShape): FilingCommandFailure {
  if (error.code === 'CONFLICT' && (error.details as { confirm?: unknown } | undefined)?.confirm === 'closedBinder')
    return new FilingCommandFailure(
      { ...error, message: `${error.message}（确定放入请加 --yes 再运行一次）` },
      CONFIRM_EXIT_CODE,
    );
  return new FilingCommandFailure(error, error.code === 'VALIDATION' ? 2 : 1);
}

/** A missing paper as the JSON prints it. */
export interface MissingJson {
  kind: string;
  kindLabel: string;
  ro: string | null;
  vin: string | null;
  plate: string | null;
  /** A missing customer paper's customer (masked as 王** unless --unmasked); null otherwise. */
  customer: string | null;
  reason: string;
  since: string;
}

function missingJson(list: readonly MissingPaper[], unmasked: boolean): MissingJson[] {
  return list.map((m) => ({
    kind: m.kind,
    kindLabel: m.kindLabel,
    ro: m.roNumber,
    vin: m.vin,
    plate: m.plate,
    customer:
      m.roNumber === null && m.vehicleId === null ? (unmasked ? m.customerName : maskNameOrNull(m.customerName)) : null,
    reason: m.reason,
    since: m.since,
  }));
}

/** A paper as `filing file` and `filing where` print it. */
export interface PaperJson {
  id: number;
  kind: string;
  kindLabel: string;
  ro: string | null;
  vin: string | null;
  plate: string | null;
  /** filed, received (not filed yet), removed, destroyed. */
  state: Paper['state'];
  docDate: string;
  binder: string | null;
  month: string | null;
  position: number | null;
  shelf: string | null;
  filedAt: string | null;
  scans: number;
  /** Out on loan now: to whom, until when, overdue or not. */
  loan: { borrower: string; dueOn: string; overdue: boolean } | null;
}

function paperJson(p: Paper): PaperJson {
  return {
    id: p.id,
    kind: p.kind,
    kindLabel: p.kindLabel,
    ro: p.roNumber,
    vin: p.vin,
    plate: p.plate,
    state: p.state,
    docDate: p.docDate,
    binder: p.binderTitle,
    month: p.month,
    position: p.position,
    shelf: p.shelf,
    filedAt: p.filedAt,
    scans: p.scans.length,
    loan: p.loan ? { borrower: p.loan.borrower, dueOn: p.loan.dueOn, overdue: p.loan.overdue } : null,
  };
}

export interface FiledJson {
  papers: PaperJson[];
  /** E.g. 本夹子已满，已开新的第 2 册. */
  notes: string[];
  scan: { id: number; sha256: string; mime: string; bytes: number; name: string } | null;
}

export interface WhereJson {
  papers: PaperJson[];
  missing: MissingJson[];
}

export type FilingResult =
  | { sub: 'missing'; month: string; rows: MissingJson[] }
  | { sub: 'file'; filed: FiledJson }
  | { sub: 'where'; of: string; where: WhereJson };

/** A kind by its code, its label, or a part of its label (修理单 for 修理单/任务委托书). */
export function kindFor(kinds: readonly DocKind[], typed: string): DocKind {
  const t = typed.trim();
  const active = kinds.filter((k) => k.active && k.subject === 'ro');
  const exact = active.find((k) => k.code === t || k.code === t.toLowerCase() || k.label === t);
  if (exact) return exact;
  const parts = active.filter((k) => k.label.split(/[/()（）]/).some((part) => part.trim() === t));
  if (parts.length === 1) return parts[0]!;
  const other = kinds.find((k) => k.code === t || k.label === t);
  if (other && !other.active) throw badInput(`--kind：“${other.label}”已停用，请在归档设置里启用后再归档。`);
  if (other) throw badInput(`--kind：“${other.label}”不属于修理单，请在归档台按车辆或客户归档。`);
  throw badInput(`--kind：没有“${t}”这种修理单资料，可选：${active.map((k) => `${k.code} ${k.label}`).join('、')}。`);
}

export async function runFilingCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  args: FilingArgs,
  /** Checks and audits --unmasked (the CLI's own output is not made by an export service). */
  disclose: (document: string) => Promise<unknown> = async () => undefined,
  json = false,
): Promise<FilingResult> {
  if (args.sub === 'missing') {
    if (args.unmasked) await disclose(json ? '缺失资料 JSON' : '缺失资料（命令行表格）');
    const list = await call(dispatch, ctx, 'filing.missing', { month: args.month });
    return { sub: 'missing', month: args.month, rows: missingJson(list, args.unmasked) };
  }
  if (args.sub === 'file') {
    const target = await call(dispatch, ctx, 'filing.lookup', { text: args.ro });
    if (!target.ro)
      throw new FilingCommandFailure({ code: 'NOT_FOUND', message: `没有找到修理单“${args.ro}”，请检查工单号。` }, 1);
    const settings = await call(dispatch, ctx, 'filingSettings.get', {});
    const kind = kindFor(settings.kinds, args.kind);
    const filed = await call(dispatch, ctx, 'filing.file', {
      roId: target.ro.id,
      kinds: [kind.code],
      confirmClosedBinder: args.yes,
    });
    const paper = filed.papers[0];
    let scan: FiledJson['scan'] = null;
    if (args.scan && paper) {
      const result = await dispatch(
        'scans.upload',
        { paperId: paper.id, name: args.scan.name, contentBase64: args.scan.content.toString('base64') },
        ctx,
      );
      if (!result.ok) {
        const where = paper.binderTitle ? `${paper.binderTitle} 第 ${paper.position} 位` : '';
        throw new FilingCommandFailure(
          { ...result.error, message: `资料已归档（${where}），但扫描件没有保存：${result.error.message}` },
          result.error.code === 'VALIDATION' ? 2 : 1,
        );
      }
      const info = result.value as OutputOf<'scans.upload'>;
      scan = { id: info.id, sha256: info.sha256, mime: info.mime, bytes: info.bytes, name: info.originalName };
    }
    return { sub: 'file', filed: { papers: filed.papers.map(paperJson), notes: filed.notes, scan } };
  }
  const typed = (args.ro ?? args.vin)!;
  const target = await call(dispatch, ctx, 'filing.lookup', { text: typed });
  let subject: { roId: number } | { vehicleId: number };
  if (args.ro !== null) {
    if (!target.ro)
      throw new FilingCommandFailure({ code: 'NOT_FOUND', message: `没有找到修理单“${args.ro}”，请检查工单号。` }, 1);
    subject = { roId: target.ro.id };
  } else {
    if (!target.vehicle)
      throw new FilingCommandFailure({ code: 'NOT_FOUND', message: `没有找到车架号为“${args.vin}”的车辆。` }, 1);
    subject = { vehicleId: target.vehicle.id };
  }
  const where = await call(dispatch, ctx, 'papers.where', subject);
  const of =
    args.ro !== null
      ? `修理单 ${target.ro!.roNumber}`
      : `车辆 ${[target.vehicle!.plate, target.vehicle!.vin].filter(Boolean).join(' ')}`;
  return {
    sub: 'where',
    of,
    where: { papers: where.papers.map(paperJson), missing: missingJson(where.missing, false) },
  };
}

/** What --json prints. */
export function filingJson(result: FilingResult): unknown {
  if (result.sub === 'missing') return result.rows;
  if (result.sub === 'file') return result.filed;
  return result.where;
}

const STATE_LABELS: Record<Paper['state'], string> = {
  received: '已收未归档',
  filed: '已归档',
  removed: '已撤销',
  destroyed: '已销毁',
};

function missingTable(rows: readonly MissingJson[], table: (rows: string[][]) => string): string {
  return table([
    ['资料', '工单号', '车牌', '车架号', '原因'],
    ...rows.map((r) => [r.kindLabel, r.ro ?? '', r.plate ?? r.customer ?? '', r.vin ?? '', r.reason]),
  ]);
}

export function formatFiling(result: FilingResult, table: (rows: string[][]) => string): string {
  if (result.sub === 'missing') {
    if (result.rows.length === 0) return `${result.month} 应归档的资料都已归档。`;
    return [`${result.month} 缺失资料 ${result.rows.length} 份：`, missingTable(result.rows, table)].join('\n');
  }
  if (result.sub === 'file') {
    const { papers, notes, scan } = result.filed;
    const lines = papers.map((p) =>
      p.binder
        ? `已归档：${p.ro ?? ''} ${p.kindLabel} → ${p.binder} 第 ${p.position} 位（存放：${p.shelf || '未设'}）`
        : `已收到：${p.ro ?? ''} ${p.kindLabel}（尚未放入资料夹）`,
    );
    lines.push(...notes);
    if (scan)
      lines.push(`扫描件已保存：${scan.name || '（无名称）'}，${Math.max(1, Math.round(scan.bytes / 1024))} KB`);
    return lines.join('\n');
  }
  const { papers, missing } = result.where;
  const lines: string[] = [];
  if (papers.length === 0) lines.push(`${result.of} 还没有归档的资料。`);
  else
    lines.push(
      `${result.of} 的资料 ${papers.length} 份：`,
      table([
        ['资料', '工单号', '状态', '资料夹', '月份', '位置', '存放', '扫描件', '借出'],
        ...papers.map((p) => [
          p.kindLabel,
          p.ro ?? '',
          STATE_LABELS[p.state],
          p.binder ?? '',
          p.month ?? '',
          p.position === null ? '' : String(p.position),
          p.shelf ?? '',
          String(p.scans),
          p.loan ? `${p.loan.borrower}，${p.loan.dueOn} 前归还${p.loan.overdue ? '（已逾期）' : ''}` : '',
        ]),
      ]),
    );
  if (missing.length === 0) lines.push('应归档的资料都齐了。');
  else lines.push('', `还缺 ${missing.length} 份：`, missingTable(missing, table));
  return lines.join('\n');
}
