import { sql } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type {
  ClaimSettings,
  ServiceFeeStatement,
  StatementClaim,
  StatementState,
  StatementSummary,
} from '../../../src-shared/domain/claims';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import { AppError } from '../../../src-shared/errors';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import { XLSX_MIME } from '../daily-report/daily-report.xlsx';
import { shiftMonth } from '../lost-customers/churn';
import type { PrintService } from '../print/print.service';
import { readClaimRows } from './claim-queries';
import { claimTypeLabel, readClaimSettings } from './claims-settings';
import { statementPrintHtml } from './statement.print';
import { statementWorkbook } from './statement.xlsx';

const STALE = () => new AppError('CONFLICT', '其他人已修改了这个月的服务费结算，请刷新后再试');

/** The statement's claims are those approved (or settled) in the month: approved_on in it. */
const monthRange = (month: string) => ({ from: `${month}-01`, to: `${shiftMonth(month, 1)}-01` });

/**
 * The approved (or settled) claims per month of approval, from `from` to `to` (YYYY-MM, inclusive):
 * count and amount, over the same claims the statement holds.
 */
export async function approvedByMonth(
  db: Db,
  from: string,
  to: string,
): Promise<Map<string, { count: number; totalFen: number }>> {
  const monthOf = sql<string>`substr(c.approved_on, 1, 7)`;
  const q = db
    .selectFrom('claim as c')
    .innerJoin('repair_order as ro', 'ro.id', 'c.ro_id')
    .select((eb) => [
      monthOf.as('month'),
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('c.approved_fen').as('fen'),
    ])
    .where('ro.type', '=', 'warranty')
    .where('c.status', 'in', ['approved', 'settled'])
    .where('c.approved_on', '>=', `${from}-01`)
    .where('c.approved_on', '<', `${shiftMonth(to, 1)}-01`)
    .groupBy(monthOf);
  const sums = await q.execute();
  return new Map(sums.map((r) => [r.month, { count: Number(r.n), totalFen: Number(r.fen ?? 0) }]));
}

/**
 * 服务费结算: the month's approved claims and amounts per claim type, the amount to invoice; invoice
 * requested → issued (number, date) → paid (its claims become 已结算); printable A4 and XLSX.
 */
export class StatementsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly print: PrintService,
  ) {}

  private today(): string {
    return todayDate(this.clock.now());
  }

  /** A month after this one is refused (there is nothing to settle yet). */
  private checkMonth(month: string, today: string): void {
    if (month > today.slice(0, 7))
      throw AppError.validation('month', '月份', `${month} 还没到，只能查看本月（${today.slice(0, 7)}）及以前的月份`);
  }

  /**
   * The months of the year (default: this year) up to the current month, newest first, with the
   * count and total of their approved claims and where their invoice stands.
   */
  async list(input: ParsedInputOf<'statements.list'>): Promise<StatementSummary[]> {
    const today = this.today();
    const thisMonth = today.slice(0, 7);
    const year = input.year ?? Number(today.slice(0, 4));
    const months: string[] = [];
    for (let m = `${year}-01`; m <= `${year}-12` && m <= thisMonth; m = shiftMonth(m, 1)) months.push(m);
    if (months.length === 0) return [];
    const [sumOf, rows] = await Promise.all([
      approvedByMonth(this.db, `${year}-01`, `${year}-12`),
      this.db
        .selectFrom('claim_statement')
        .selectAll()
        .where('month', '>=', `${year}-01`)
        .where('month', '<=', `${year}-12`)
        .execute(),
    ]);
    const rowOf = new Map(rows.map((r) => [r.month, r]));
    return months.reverse().map((month) => {
      const s = sumOf.get(month);
      const r = rowOf.get(month);
      return {
        month,
        state: (r?.state ?? 'open') as StatementState,
        count: s?.count ?? 0,
        totalFen: s?.totalFen ?? 0,
        invoiceNo: r?.invoice_no ?? null,
        paidOn: r?.paid_on ?? null,
      };
    });
  }

  async get(month: string): Promise<ServiceFeeStatement> {
    const today = this.today();
    this.checkMonth(month, today);
    return this.read(this.db, await readClaimSettings(this.db), month, today);
  }

  /** The statement of a month (checked not to be in the future by the caller). */
  private async read(db: Db, settings: ClaimSettings, month: string, today: string): Promise<ServiceFeeStatement> {
    const [{ rows }, row] = await Promise.all([
      readClaimRows(db, settings, { status: 'all', approvedIn: month, today }),
      db.selectFrom('claim_statement').selectAll().where('month', '=', month).executeTakeFirst(),
    ]);
    const approvedOn = new Map<number, string>();
    if (rows.length > 0) {
      const { from, to } = monthRange(month);
      const days = await db
        .selectFrom('claim')
        .select(['ro_id', 'approved_on'])
        .where('approved_on', '>=', from)
        .where('approved_on', '<', to)
        .where(
          'ro_id',
          'in',
          rows.map((r) => r.roId),
        )
        .execute();
      for (const d of days) if (d.approved_on !== null) approvedOn.set(d.ro_id, d.approved_on);
    }
    const claims: StatementClaim[] = rows
      .map((r) => ({ ...r, approvedOn: approvedOn.get(r.roId) ?? `${month}-01` }))
      .sort((a, b) => a.approvedOn.localeCompare(b.approvedOn) || a.roNumber.localeCompare(b.roNumber));
    const byCode = new Map<string, { count: number; amountFen: number }>();
    for (const c of claims) {
      const t = byCode.get(c.claimType) ?? { count: 0, amountFen: 0 };
      t.count += 1;
      t.amountFen += c.approvedFen ?? 0;
      byCode.set(c.claimType, t);
    }
    // The settings' order of types, then any type the store has since removed.
    const order = [...settings.claimTypes.map((t) => t.code), ...byCode.keys()];
    const byType = [...new Set(order)]
      .filter((code) => byCode.has(code))
      .map((code) => ({ claimType: code, label: claimTypeLabel(settings, code), ...byCode.get(code)! }));
    const totalFen = claims.reduce((s, c) => s + (c.approvedFen ?? 0), 0);
    const requestedFen = row?.requested_fen ?? null;
    return {
      month,
      state: (row?.state ?? 'open') as StatementState,
      claims,
      byType,
      totalFen,
      requestedFen,
      requestedOn: row?.requested_on ?? null,
      requestedBy: row?.requested_by ?? null,
      invoiceNo: row?.invoice_no ?? null,
      invoiceOn: row?.invoice_on ?? null,
      paidOn: row?.paid_on ?? null,
      changedSinceRequest: requestedFen !== null && requestedFen !== totalFen,
      version: row?.version ?? 0,
    };
  }

  /**
   * A month's change in one transaction: read (version checked), `change` writes, audited, read back.
   */
  private async change(
    month: string,
    version: number,
    ctx: CallContext,
    action: string,
    change: (
      trx: Db,
      s: ServiceFeeStatement,
      at: string,
      today: string,
    ) => Promise<{ set: Record<string, string | number | null>; after: Record<string, unknown> }>,
  ): Promise<ServiceFeeStatement> {
    const now = this.clock.now();
    const at = nowInstant(now);
    const today = todayDate(now);
    this.checkMonth(month, today);
    return this.db.transaction().execute(async (trx) => {
      const settings = await readClaimSettings(trx);
      const before = await this.read(trx, settings, month, today);
      if (before.version !== version) throw STALE();
      const { set, after } = await change(trx, before, at, today);
      if (version === 0) {
        await trx
          .insertInto('claim_statement')
          .values({
            month,
            state: 'open',
            requested_fen: null,
            requested_on: null,
            requested_by: null,
            invoice_no: null,
            invoice_on: null,
            paid_on: null,
            created_at: at,
            updated_at: at,
            ...set,
          })
          .execute();
      } else {
        const r = await trx
          .updateTable('claim_statement')
          .set((eb) => ({ ...set, updated_at: at, version: eb('version', '+', 1) }))
          .where('month', '=', month)
          .where('version', '=', version)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw STALE();
      }
      await writeAudit(trx, ctx, at, {
        action,
        entity: 'claim_statement',
        entityId: null,
        before: {
          month,
          state: before.state,
          totalFen: before.totalFen,
          requestedFen: before.requestedFen,
          invoiceNo: before.invoiceNo,
          invoiceOn: before.invoiceOn,
          paidOn: before.paidOn,
        },
        after: { month, ...after },
      });
      return this.read(trx, settings, month, today);
    });
  }

  /** The station head is told the amount (the total now) and asked to invoice; asked again after a change. */
  async requestInvoice(
    input: ParsedInputOf<'statements.requestInvoice'>,
    ctx: CallContext,
  ): Promise<ServiceFeeStatement> {
    return this.change(input.month, input.version, ctx, 'statements.requestInvoice', async (_trx, s, _at, today) => {
      if (s.state === 'invoiced' || s.state === 'paid')
        throw new AppError(
          'CONFLICT',
          `${s.month} 的服务费已于 ${s.invoiceOn ?? ''} 开票（发票号 ${s.invoiceNo ?? ''}），不能再申请开票`,
        );
      if (s.claims.length === 0) throw new AppError('CONFLICT', `${s.month} 没有审核通过的索赔单，不需要申请开票`);
      if (input.requestedOn > today) throw AppError.validation('requestedOn', '申请日期', `不能晚于今天（${today}）`);
      if (input.requestedOn < `${s.month}-01`)
        throw AppError.validation('requestedOn', '申请日期', `不能早于结算月份（${s.month}-01）`);
      const requestedBy = actorName(ctx);
      return {
        set: {
          state: 'requested',
          requested_fen: s.totalFen,
          requested_on: input.requestedOn,
          requested_by: requestedBy,
        },
        after: { state: 'requested', requestedFen: s.totalFen, requestedOn: input.requestedOn, requestedBy },
      };
    });
  }

  /** The invoice issued: its number and day (not before the request, not in the future); a correction until paid. */
  async recordInvoice(
    input: ParsedInputOf<'statements.recordInvoice'>,
    ctx: CallContext,
  ): Promise<ServiceFeeStatement> {
    return this.change(input.month, input.version, ctx, 'statements.recordInvoice', async (_trx, s, _at, today) => {
      if (s.state === 'open') throw new AppError('CONFLICT', `${s.month} 的服务费还没有申请开票，请先登记“已申请开票”`);
      if (s.state === 'paid')
        throw new AppError('CONFLICT', `${s.month} 的服务费已于 ${s.paidOn ?? ''} 回款，发票不能再改`);
      if (input.invoiceOn > today) throw AppError.validation('invoiceOn', '开票日期', `不能晚于今天（${today}）`);
      if (s.requestedOn !== null && input.invoiceOn < s.requestedOn)
        throw AppError.validation('invoiceOn', '开票日期', `不能早于申请开票的日期（${s.requestedOn}）`);
      const invoiceNo = input.invoiceNo.trim();
      return {
        set: { state: 'invoiced', invoice_no: invoiceNo, invoice_on: input.invoiceOn },
        after: { state: 'invoiced', invoiceNo, invoiceOn: input.invoiceOn },
      };
    });
  }

  /** Paid by the manufacturer: the month's approved claims become 已结算 with it, in the same transaction. */
  async recordPaid(input: ParsedInputOf<'statements.recordPaid'>, ctx: CallContext): Promise<ServiceFeeStatement> {
    return this.change(input.month, input.version, ctx, 'statements.recordPaid', async (trx, s, at, today) => {
      if (s.state === 'paid') throw new AppError('CONFLICT', `${s.month} 的服务费已于 ${s.paidOn ?? ''} 登记回款`);
      if (s.state !== 'invoiced')
        throw new AppError('CONFLICT', `${s.month} 的服务费还没有开票，请先登记发票号和开票日期`);
      if (input.paidOn > today) throw AppError.validation('paidOn', '回款日期', `不能晚于今天（${today}）`);
      if (s.invoiceOn !== null && input.paidOn < s.invoiceOn)
        throw AppError.validation('paidOn', '回款日期', `不能早于开票日期（${s.invoiceOn}）`);
      const toSettle = s.claims.filter((c) => c.status === 'approved');
      const claims =
        toSettle.length === 0
          ? []
          : await trx
              .selectFrom('claim')
              .select(['id', 'ro_id', 'claim_no', 'approved_fen', 'version'])
              .where(
                'ro_id',
                'in',
                toSettle.map((c) => c.roId),
              )
              .where('status', '=', 'approved')
              .execute();
      for (const c of claims) {
        const r = await trx
          .updateTable('claim')
          .set((eb) => ({
            status: 'settled',
            statement_month: s.month,
            updated_at: at,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', c.id)
          .where('version', '=', c.version)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw STALE();
        await writeAudit(trx, ctx, at, {
          action: 'statements.recordPaid',
          entity: 'claim',
          entityId: c.id,
          before: { status: 'approved', claimNo: c.claim_no, approvedFen: c.approved_fen },
          after: { status: 'settled', statementMonth: s.month, paidOn: input.paidOn },
        });
      }
      return {
        set: { state: 'paid', paid_on: input.paidOn },
        after: { state: 'paid', paidOn: input.paidOn, settled: claims.length, totalFen: s.totalFen },
      };
    });
  }

  private async page(month: string): Promise<{ title: string; html: string; pages: number }> {
    const today = this.today();
    this.checkMonth(month, today);
    const settings = await readClaimSettings(this.db);
    const statement = await this.read(this.db, settings, month, today);
    const store = await this.db.selectFrom('store_profile').select(['name', 'address', 'phone']).executeTakeFirst();
    return statementPrintHtml(statement, {
      storeName: store?.name ?? '',
      storeAddress: store?.address ?? '',
      storePhone: store?.phone ?? '',
      manufacturer: settings.manufacturer,
      printedAt: nowInstant(this.clock.now()),
    });
  }

  async html(input: ParsedInputOf<'statements.html'>, _ctx?: CallContext): Promise<PrintableHtml> {
    return this.page(input.month);
  }

  async pdf(input: ParsedInputOf<'statements.pdf'>): Promise<ExportedFile & { pages: number }> {
    const page = await this.page(input.month);
    const { pdf, pages } = await this.print.pdf(page.html);
    return {
      fileName: `服务费结算单_${input.month}.pdf`,
      mimeType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
      bytes: pdf.length,
      pages,
    };
  }

  async xlsx(input: ParsedInputOf<'statements.xlsx'>): Promise<ExportedFile> {
    const statement = await this.get(input.month);
    const settings = await readClaimSettings(this.db);
    const store = await this.db.selectFrom('store_profile').select('name').executeTakeFirst();
    const content = await statementWorkbook(statement, {
      storeName: store?.name ?? '',
      manufacturer: settings.manufacturer,
      createdAt: this.clock.now(),
    });
    return {
      fileName: `服务费结算单_${input.month}.xlsx`,
      mimeType: XLSX_MIME,
      contentBase64: content.toString('base64'),
      bytes: content.length,
    };
  }
}
