import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { Loan } from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import { addDays, dateOf, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { forUpdate } from '../../db/dialect';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import { readFilingSettings } from './filing-settings';
import { readBinder, readLoan, readLoans, readPaper } from './paper-queries';

const outTo = (l: Loan) => `已借给${l.borrower}（${dateOf(l.lentAt)} 借出，应于 ${l.dueOn} 归还）`;

/** 借阅: a paper or a binder lent, to whom, why, due back when; returned; overdue ones. */
export class LoansService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  private today(): string {
    return todayDate(this.clock.now());
  }

  /** Newest first: the open ones, the overdue ones (due before today), or all. */
  async list(input: ParsedInputOf<'loans.list'>): Promise<Loan[]> {
    return readLoans(this.db, await readFilingSettings(this.db), { state: input.state, today: this.today() });
  }

  async lend(input: ParsedInputOf<'loans.lend'>, ctx: CallContext): Promise<Loan> {
    const at = nowInstant(this.clock.now());
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const settings = await readFilingSettings(trx);
      const dueOn = input.dueOn ?? addDays(today, settings.loanDays);
      if (dueOn < today) throw AppError.validation('dueOn', '归还日期', `不能早于今天（${today}）`);
      await lockLent(trx, input);
      let what: string;
      if (input.paperId !== null) {
        const paper = await readPaper(trx, input.paperId, { settings, today });
        if (paper.state !== 'filed')
          throw AppError.validation(
            'paperId',
            '资料',
            `这份“${paper.kindLabel}”不在资料夹里（${paper.state === 'received' ? '尚未归档' : '已撤销或销毁'}），不能借出`,
          );
        if (paper.loan)
          throw new AppError(
            'CONFLICT',
            paper.loan.paperId === paper.id
              ? `这份“${paper.kindLabel}”${outTo(paper.loan)}。`
              : `这份“${paper.kindLabel}”所在的资料夹${outTo(paper.loan)}。`,
            { loanId: paper.loan.id },
          );
        what = `${paper.kindLabel} ${paper.roNumber ?? paper.plate ?? ''}`.trim();
      } else {
        const binder = await readBinder(trx, settings, input.binderId as number, today);
        if (binder.state === 'destroyed')
          throw AppError.validation('binderId', '资料夹', `“${binder.title}”已销毁，不能借出`);
        if (binder.loan)
          throw new AppError('CONFLICT', `资料夹“${binder.title}”${outTo(binder.loan)}。`, { loanId: binder.loan.id });
        what = binder.title;
      }
      const borrower = input.borrower.trim();
      const reason = input.reason.trim();
      const row = await trx
        .insertInto('loan')
        .values({
          paper_id: input.paperId,
          binder_id: input.binderId,
          borrower,
          reason,
          lent_at: at,
          lent_by: actorName(ctx),
          due_on: dueOn,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, ctx, at, {
        action: 'loans.lend',
        entity: 'loan',
        entityId: row.id,
        after: { paperId: input.paperId, binderId: input.binderId, what, borrower, reason, dueOn },
      });
      return readLoan(trx, settings, row.id, today);
    });
  }

  async giveBack(input: ParsedInputOf<'loans.return'>, ctx: CallContext): Promise<Loan> {
    const at = nowInstant(this.clock.now());
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const settings = await readFilingSettings(trx);
      const loan = await readLoan(trx, settings, input.id, today);
      if (loan.returnedAt !== null)
        throw new AppError(
          'CONFLICT',
          `“${loan.what}”已于 ${dateOf(loan.returnedAt)} 由${loan.returnedBy ?? ''}登记归还。`,
        );
      const r = await trx
        .updateTable('loan')
        .set({ returned_at: at, returned_by: actorName(ctx) })
        .where('id', '=', input.id)
        .where('returned_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '这条借阅刚被别人登记归还，请刷新。');
      await writeAudit(trx, ctx, at, {
        action: 'loans.return',
        entity: 'loan',
        entityId: input.id,
        before: { what: loan.what, borrower: loan.borrower, dueOn: loan.dueOn, returnedAt: null },
        after: { returnedAt: at, overdue: loan.overdue },
      });
      return readLoan(trx, settings, input.id, today);
    });
  }

  /** Open loans past their due day (the Today board and the end-of-day check). */
  async overdue(today: string): Promise<Loan[]> {
    return readLoans(this.db, await readFilingSettings(this.db), { state: 'overdue', today });
  }
}

/**
 * Two counters lending the same paper (or a paper and its binder) at once: the binder row (the
 * paper's, or the one lent) is locked first, so the second lend waits for the first and then sees
 * its loan (refused by name) rather than slipping past the check.
 */
async function lockLent(trx: Db, input: { paperId: number | null; binderId: number | null }): Promise<void> {
  let binderId = input.binderId;
  if (input.paperId !== null) {
    const paper = await forUpdate(
      trx,
      trx.selectFrom('paper').select('binder_id').where('id', '=', input.paperId),
    ).executeTakeFirst();
    binderId = paper?.binder_id ?? null;
  }
  if (binderId !== null)
    await forUpdate(trx, trx.selectFrom('binder').select('id').where('id', '=', binderId)).executeTakeFirst();
}
