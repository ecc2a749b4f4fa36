import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import {
  CALL_KIND_LABELS,
  type CallQueue,
  callTopicLabel,
  type ProblemFixed,
  type QueueEntry,
} from '../../../src-shared/domain/revisits';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import { XLSX_MIME } from '../daily-report/daily-report.xlsx';
import type { PrintService } from '../print/print.service';
import { type Disclosure, disclosureFor } from '../privacy/disclosure';
import { problemById } from './call-problems';
import {
  type CallSheetData,
  type CallSheetRow,
  callSheetPrintHtml,
  OPEN_STATES,
  PAPER_OUTCOME_LABELS,
} from './call-sheet.print';
import { callSheetWorkbook } from './call-sheet.xlsx';
import { type ProblemFormData, problemFormPrintHtml } from './problem-form.print';
import type { RevisitQueueService } from './revisit-queue.service';

function exported(fileName: string, mimeType: string, content: Buffer): ExportedFile {
  return { fileName, mimeType, contentBase64: content.toString('base64'), bytes: content.length };
}

/** 2026-11-22T15:30:00+08:00 → 11-22 15:30 (the store's clock as written). */
const monthDayTime = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;

/** A callback says which call it continues (约定回电 · 满意度回访). */
export function forKindLabelOf(entry: Pick<QueueEntry, 'kind' | 'forKind'>): string | null {
  return entry.kind === 'callback' && entry.forKind && entry.forKind !== 'callback'
    ? CALL_KIND_LABELS[entry.forKind]
    : null;
}

/** When to call, in the clerk's words, as the queue placed the entry on `date`. */
export function timingOf(entry: QueueEntry, date: string): string {
  if (entry.state === 'overdue') return `逾期 ${entry.overdueDays} 天`;
  if (entry.dueAt !== null && entry.state !== 'skipped')
    return entry.dueAt.slice(0, 10) === date
      ? `约 ${entry.dueAt.slice(11, 16)} 回电`
      : `约 ${monthDayTime(entry.dueAt)} 回电`;
  if (entry.state === 'later') return entry.nextAt ? `${entry.nextAt} 起` : (entry.window ?? '今天稍后');
  if (entry.state === 'now') return entry.window ?? '现在可打';
  return entry.window ?? '';
}

/** One queue entry as a sheet row: names and phones as the disclosure allows. */
export function sheetRowOf(entry: QueueEntry, date: string, disclosure: Disclosure): CallSheetRow {
  return {
    state: entry.state,
    kind: entry.kind,
    kindLabel: callTopicLabel(entry.key) ?? CALL_KIND_LABELS[entry.kind],
    forKindLabel: forKindLabelOf(entry),
    customerName: disclosure.name(entry.customerName),
    phone: disclosure.phone(entry.phone),
    plate: entry.plate,
    model: entry.model,
    roNumber: entry.roNumber,
    // An overdue call says the day it was due, beside why.
    reason: entry.state === 'overdue' ? `应打 ${entry.dueOn.slice(5)}，${entry.reason}` : entry.reason,
    timing: timingOf(entry, date),
    preferredTime: entry.preferredTime,
    attempts: entry.attempts,
    lastAttempt: entry.lastAttempt
      ? `${PAPER_OUTCOME_LABELS[entry.lastAttempt.outcome]} ${monthDayTime(entry.lastAttempt.at)}`
      : null,
    skipReason: entry.skipReason,
  };
}

/** The sheet from the queue: the open calls in the queue's own order, then the skipped ones. */
export function callSheetData(queue: CallQueue, disclosure: Disclosure): CallSheetData {
  // Grouped by state in the queue's order (now → later → overdue); within a state, as the queue sorted.
  const open = OPEN_STATES.flatMap((state) => queue.entries.filter((e) => e.state === state));
  return {
    date: queue.date,
    rows: open.map((e) => sheetRowOf(e, queue.date, disclosure)),
    skipped: queue.entries.filter((e) => e.state === 'skipped').map((e) => sheetRowOf(e, queue.date, disclosure)),
    counts: { ...queue.counts.byState },
    windows: queue.windows.map((w) => `${w.from}-${w.to}`).join('、'),
    unmasked: disclosure.unmasked,
  };
}

/**
 * The day's call sheet (今日电话单: A4 landscape preview and PDF, XLSX) for calling away from the PC,
 * and a problem call's quick-handling form (快速处理表). Names are masked unless a manager asks for them
 * in full (audited), as on the first-service hand-off sheet; the printed sheet keeps phones dialable.
 */
export class CallSheetService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly queue: RevisitQueueService,
    readonly print: PrintService,
  ) {}

  private async storeName(): Promise<string> {
    const row = await this.db.selectFrom('store_profile').select('name').executeTakeFirst();
    return row?.name ?? '';
  }

  private disclosure(
    ctx: CallContext,
    unmasked: boolean | undefined,
    document: string,
    scope: Record<string, unknown>,
  ) {
    return disclosureFor(this.db, this.clock, ctx, unmasked, { document, scope });
  }

  private async sheetData(date: string | undefined, disclosure: Disclosure): Promise<CallSheetData> {
    const queue = await this.queue.queue({ date: date ?? todayDate(this.clock.now()) });
    return callSheetData(queue, disclosure);
  }

  private async sheetPage(date: string, disclosure: Disclosure): Promise<{ title: string; html: string }> {
    return callSheetPrintHtml(await this.sheetData(date, disclosure), {
      storeName: await this.storeName(),
      printedAt: nowInstant(this.clock.now()),
    });
  }

  /**
   * The printed sheet is the clerk's own dialling list at the counter: its phones are in full, as on
   * the queue screen (a masked number cannot be dialled); names keep the masking rule (王** is
   * enough to greet 王先生) unless a manager asks. The PDF and the XLSX, files that can travel, are
   * masked as every export.
   */
  private async dialable(ctx: CallContext, unmasked: boolean | undefined, date: string): Promise<Disclosure> {
    const disclosure = await this.disclosure(ctx, unmasked, '今日电话单打印', { date });
    return disclosure.unmasked ? disclosure : { unmasked: false, name: disclosure.name, phone: (value) => value };
  }

  /** The same page as the PDF, with the font placeholder left for the preview to fill in. */
  async sheetHtml(input: ParsedInputOf<'calls.sheetHtml'>, ctx: CallContext): Promise<{ title: string; html: string }> {
    const date = input.date ?? todayDate(this.clock.now());
    return this.sheetPage(date, await this.dialable(ctx, input.unmasked, date));
  }

  async sheetPdf(input: ParsedInputOf<'calls.sheetPdf'>, ctx: CallContext): Promise<ExportedFile & { pages: number }> {
    const date = input.date ?? todayDate(this.clock.now());
    const page = await this.sheetPage(date, await this.disclosure(ctx, input.unmasked, '今日电话单 PDF', { date }));
    const { pdf, pages } = await this.print.pdf(page.html);
    return { ...exported(`今日电话单_${date}.pdf`, 'application/pdf', pdf), pages };
  }

  async sheetXlsx(input: ParsedInputOf<'calls.sheetXlsx'>, ctx: CallContext): Promise<ExportedFile> {
    const date = input.date ?? todayDate(this.clock.now());
    const disclosure = await this.disclosure(ctx, input.unmasked, '今日电话单 Excel', { date });
    const content = await callSheetWorkbook(await this.sheetData(date, disclosure), {
      storeName: await this.storeName(),
      createdAt: this.clock.now(),
    });
    return exported(`今日电话单_${date}.xlsx`, XLSX_MIME, content);
  }

  /** 快速处理表 of one problem call (A4), filled in with what is known, lines where it is not. */
  async problemFormHtml(
    input: ParsedInputOf<'callProblems.formHtml'>,
    ctx: CallContext,
  ): Promise<{ title: string; html: string }> {
    // Not found is said before anything is disclosed (and audited).
    const form = await readProblemForm(this.db, input.id);
    const disclosure = await this.disclosure(ctx, input.unmasked, '快速处理表打印', { problemId: input.id });
    const problem = {
      ...form.problem,
      customerName: disclosure.name(form.problem.customerName),
      phone: disclosure.phone(form.problem.phone),
    };
    return problemFormPrintHtml(
      { ...form, problem },
      { storeName: await this.storeName(), printedAt: nowInstant(this.clock.now()) },
    );
  }
}

/** A problem call (as 问题客户 lists it) with the call around it, for the form. Throws NOT_FOUND. */
async function readProblemForm(db: Db, id: number): Promise<ProblemFormData> {
  const problem = await problemById(db, id);
  const call = await db
    .selectFrom('revisit_call as c')
    .leftJoin('repair_order as ro', 'ro.id', 'c.ro_id')
    // The call's vehicle, else its RO's.
    .leftJoin('vehicle as v', (join) =>
      join.on((eb) =>
        eb.or([
          eb('v.id', '=', eb.ref('c.vehicle_id')),
          eb.and([eb('c.vehicle_id', 'is', null), eb('v.id', '=', eb.ref('ro.vehicle_id'))]),
        ]),
      ),
    )
    .select([
      'c.closed_at',
      'c.closed_by',
      'c.created_at',
      'c.problem_fixed',
      'c.suggestions',
      'v.plate',
      'v.model',
      'ro.advisor_name',
    ])
    .where('c.id', '=', problem.callId)
    .executeTakeFirstOrThrow();
  return {
    problem: { ...problem, plate: problem.plate ?? call.plate },
    model: call.model ?? '',
    advisor: call.advisor_name ?? '',
    calledAt: call.closed_at ?? problem.createdAt,
    calledBy: call.closed_by,
    problemFixed: call.problem_fixed as ProblemFixed | null,
    suggestions: call.suggestions,
  };
}
