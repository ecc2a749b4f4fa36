import type { Comeback, Complaint } from '../../../src-shared/domain/complaints';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { ComebacksService } from '../comebacks/comebacks.service';
import type { CallContext, Clock } from '../context';
import type { PrintService } from '../print/print.service';
import { type Disclosure, disclosureFor } from '../privacy/disclosure';
import { comebackSheetPrintHtml } from './comeback-sheet.print';
import { complaintConfirmationPrintHtml, complaintFormPrintHtml } from './complaint-form.print';
import type { ComplaintsService } from './complaints.service';

/**
 * The printed forms: 客户投诉处理单, 客户投诉解决确认书 (重大投诉), 跟踪及返修记录表. Paper that leaves
 * the counter: names and phones masked unless a service manager asks for them in full (audited),
 * as the quick-handling form (快速处理表) does. The PDF and direct printing go through the one print
 * service with the same HTML (print-jobs.service.ts).
 */
export class ComplaintFormsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly complaints: ComplaintsService,
    readonly comebacks: ComebacksService,
    readonly print: PrintService,
  ) {}

  private async context() {
    const row = await this.db.selectFrom('store_profile').select('name').executeTakeFirst();
    return { storeName: row?.name ?? '', printedAt: nowInstant(this.clock.now()) };
  }

  private disclosure(ctx: CallContext, unmasked: boolean, document: string, scope: Record<string, unknown>) {
    return disclosureFor(this.db, this.clock, ctx, unmasked, { document, scope });
  }

  private static disclosed(c: Complaint, d: Disclosure): Complaint {
    return { ...c, customerName: d.name(c.customerName), phone: d.phone(c.phone) };
  }

  /** 客户投诉处理单 (A4 portrait). */
  async formHtml(input: { id: number; unmasked: boolean }, ctx: CallContext): Promise<{ title: string; html: string }> {
    // Not found is said before anything is disclosed (and audited).
    const complaint = await this.complaints.get(input.id);
    const d = await this.disclosure(ctx, input.unmasked, '客户投诉处理单打印', {
      complaintId: input.id,
      no: complaint.no,
    });
    return complaintFormPrintHtml(ComplaintFormsService.disclosed(complaint, d), await this.context());
  }

  /** 客户投诉解决确认书 (A4 portrait), for the customer's signature: 重大投诉 only. */
  async confirmationHtml(
    input: { id: number; unmasked: boolean },
    ctx: CallContext,
  ): Promise<{ title: string; html: string }> {
    const complaint = await this.complaints.get(input.id);
    if (complaint.level !== 'major') throw AppError.validation('id', '投诉', '只有重大投诉需要解决确认书');
    const d = await this.disclosure(ctx, input.unmasked, '客户投诉解决确认书打印', {
      complaintId: input.id,
      no: complaint.no,
    });
    return complaintConfirmationPrintHtml(ComplaintFormsService.disclosed(complaint, d), await this.context());
  }

  /** 跟踪及返修记录表 (A4 landscape): the comebacks handed to the manager (confirmed, closed) dated in the period, oldest first. */
  async comebackSheetHtml(
    input: { from: string; to: string; unmasked: boolean },
    ctx: CallContext,
  ): Promise<{ title: string; html: string }> {
    if (input.to < input.from) throw AppError.validation('to', '结束日期', `不能早于开始日期（${input.from}）`);
    const handed = (await this.comebacks.stored(input.from, input.to, ['confirmed', 'closed'])).reverse();
    const d = await this.disclosure(ctx, input.unmasked, '跟踪及返修记录表打印', { from: input.from, to: input.to });
    const comebacks: Comeback[] = handed.map((c) => ({
      ...c,
      customerName: d.name(c.customerName),
      phone: d.phone(c.phone),
    }));
    return comebackSheetPrintHtml(
      { from: input.from, to: input.to, comebacks, unmasked: d.unmasked },
      await this.context(),
    );
  }
}
