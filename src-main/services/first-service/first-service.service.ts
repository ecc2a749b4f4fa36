import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { HandoffSheet, QueuedLetter } from '../../../src-shared/contract/invitations.contract';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { FirstServiceCandidate, FirstServiceVoucher } from '../../../src-shared/domain/invitations';
import type { Page } from '../../../src-shared/domain/records';
import { MAX_KM_PER_DAY } from '../../../src-shared/domain/service-due';
import { AppError } from '../../../src-shared/errors';
import { addDays, daysBetween, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { mileageWarning } from '../archive/mileage';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import { shortTime } from '../daily-report/daily-report.print';
import { XLSX_MIME } from '../daily-report/daily-report.xlsx';
import type { PrintService } from '../print/print.service';
import { type Disclosure, disclosureFor, MASKED } from '../privacy/disclosure';
import { firstServiceCandidates, phoneOf } from './candidates';
import { type HandoffPrintData, type HandoffRow, handoffPrintHtml } from './handoff.print';
import { handoffWorkbook } from './handoff.xlsx';
import { materialiseLetters, readLetterQueue } from './letter-queue';

function actorName(ctx: CallContext): string {
  const user = ctx.session.user;
  return user ? user.name : ctx.door === 'cli' ? 'cli' : 'system';
}

function exported(fileName: string, mimeType: string, content: Buffer): ExportedFile {
  return { fileName, mimeType, contentBase64: content.toString('base64'), bytes: content.length };
}

const vehicleLabel = (v: { plate: string | null; vin: string | null; id: number }) =>
  v.plate ?? (v.vin ? `VIN …${v.vin.slice(-8)}` : `#${v.id}`);

/**
 * Told, inside the register's transaction, which vehicle got a new reading and a first service
 * (the per-vehicle due summary listens). Optional: wired in createServices.
 */
export interface VehicleChangeNotifier {
  changed(trx: Db, vehicleIds: Iterable<number>, at: string): Promise<void>;
}

/**
 * Files the vouchers' papers (首保凭证) into their binder inside the register's transaction, so
 * 已归档 here and 首保凭证归档 in 归档 agree (FilingService; wired in createServices).
 */
export interface VoucherPaperFiler {
  fileVoucherPapers(
    trx: Db,
    ctx: CallContext,
    at: string,
    voucherIds: readonly number[],
    confirmClosedBinder: boolean,
  ): Promise<unknown>;
}

/**
 * 已归档 set on the vouchers not filed yet (one already filed keeps its first filing), each audited as
 * firstService.markFiled. Shared by firstService.markFiled and handovers.fileVouchers.
 */
export async function markVouchersFiled(
  trx: Db,
  ctx: CallContext,
  at: string,
  by: string,
  rows: readonly { id: number; voucher_no: string; filed_at: string | null }[],
): Promise<void> {
  for (const r of rows) {
    if (r.filed_at !== null) continue;
    await trx.updateTable('first_service_voucher').set({ filed_at: at, filed_by: by }).where('id', '=', r.id).execute();
    await writeAudit(trx, ctx, at, {
      action: 'firstService.markFiled',
      entity: 'first_service_voucher',
      entityId: r.id,
      before: { voucherNo: r.voucher_no, filedAt: null },
      after: { voucherNo: r.voucher_no, filedAt: at, filedBy: by },
    });
  }
}

/** A voucher with what the hand-off sheet adds (the customer's phone). */
type VoucherWithPhone = FirstServiceVoucher & { phone: string | null };

/**
 * The first-service register (首保登记表): vouchers entered from what the advisors hand over,
 * filed, and each day's new entries handed to sales (the hand-off sheet, printable and XLSX);
 * the vehicles still waiting for their first service; the thank-you letters queue.
 */
export class FirstServiceService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly print: PrintService,
    readonly vehicleChanges: VehicleChangeNotifier | null = null,
  ) {}

  private voucherFiler: VoucherPaperFiler | null = null;

  /** From then on 已归档 also files the vouchers' papers (归档). */
  fileVouchersWith(filer: VoucherPaperFiler): this {
    this.voucherFiler = filer;
    return this;
  }

  private vouchers(db: Db = this.db) {
    return db
      .selectFrom('first_service_voucher as fsv')
      .innerJoin('vehicle', 'vehicle.id', 'fsv.vehicle_id')
      .leftJoin('customer', 'customer.id', 'vehicle.owner_id')
      .selectAll('fsv')
      .select([
        'vehicle.plate',
        'vehicle.vin',
        'vehicle.model',
        'customer.name as customer_name',
        'customer.mobile',
        'customer.other_phones',
      ]);
  }

  private static toVoucher(
    r: Awaited<ReturnType<ReturnType<FirstServiceService['vouchers']>['executeTakeFirstOrThrow']>>,
  ): VoucherWithPhone {
    return {
      id: r.id,
      voucherNo: r.voucher_no,
      vehicleId: r.vehicle_id,
      plate: r.plate,
      vin: r.vin,
      model: r.model,
      customerName: r.customer_name,
      serviceOn: r.service_on,
      mileage: r.mileage,
      advisor: r.advisor_name,
      filedAt: r.filed_at,
      handedOverAt: r.handed_over_at,
      handedTo: r.handed_to,
      handedBy: r.handed_by,
      createdAt: r.created_at,
      createdBy: r.created_by,
      phone: phoneOf(r.mobile, r.other_phones),
    };
  }

  private static withoutPhone({ phone: _phone, ...voucher }: VoucherWithPhone): FirstServiceVoucher {
    return voucher;
  }

  /**
   * 首保登记: a voucher number is registered once, a vehicle has one first service, the date is
   * between the delivery and today, and the mileage is one the car can have driven since delivery.
   * The mileage is also recorded as a reading of the vehicle, so the due logic sees it.
   */
  async register(input: ParsedInputOf<'firstService.register'>, ctx: CallContext): Promise<FirstServiceVoucher> {
    const now = this.clock.now();
    const at = nowInstant(now);
    const today = todayDate(now);
    const id = await this.db.transaction().execute(async (trx) => {
      const same = await this.vouchers(trx).where('fsv.voucher_no', '=', input.voucherNo).executeTakeFirst();
      if (same)
        throw new AppError(
          'CONFLICT',
          `凭证号：${input.voucherNo} 已于 ${shortTime(same.created_at)} 由 ${same.created_by} 登记（车辆 ${vehicleLabel({ ...same, id: same.vehicle_id })}，首保日期 ${same.service_on}），请核对凭证号，不要重复登记。`,
          { fields: [{ path: 'voucherNo', label: '凭证号', message: '已登记' }], existingId: same.id },
        );
      const vehicle = await trx
        .selectFrom('vehicle')
        .select(['id', 'plate', 'vin', 'delivery_date', 'status'])
        .where('id', '=', input.vehicleId)
        .executeTakeFirst();
      if (!vehicle) throw AppError.notFound('车辆', input.vehicleId);
      if (input.serviceOn > today)
        throw AppError.validation(
          'serviceOn',
          '首保日期',
          `${input.serviceOn} 晚于今天（${today}），请按凭证上的首保日期填写`,
        );
      if (vehicle.delivery_date !== null && input.serviceOn < vehicle.delivery_date)
        throw AppError.validation(
          'serviceOn',
          '首保日期',
          `${input.serviceOn} 早于这辆车的交车日期 ${vehicle.delivery_date}，请核对凭证上的日期，或车辆档案里的交车日期`,
        );
      const earlier = await this.vouchers(trx).where('fsv.vehicle_id', '=', input.vehicleId).executeTakeFirst();
      if (earlier)
        throw new AppError(
          'CONFLICT',
          `车辆：${vehicleLabel(vehicle)} 已登记过首保凭证 ${earlier.voucher_no}（首保日期 ${earlier.service_on}，${earlier.created_by} 于 ${shortTime(earlier.created_at)} 登记）。一辆车只有一次首保，请核对车辆或凭证号。`,
          { fields: [{ path: 'vehicleId', label: '车辆', message: '已有首保凭证' }], existingId: earlier.id },
        );
      if (vehicle.delivery_date !== null) {
        const days = Math.max(daysBetween(vehicle.delivery_date, input.serviceOn), 1);
        const limit = MAX_KM_PER_DAY * days;
        if (input.mileage > limit)
          throw AppError.validation(
            'mileage',
            '里程',
            `${input.mileage} 公里不可信：交车（${vehicle.delivery_date}）后 ${days} 天最多约 ${limit} 公里（每天不超过 ${MAX_KM_PER_DAY} 公里），请核对凭证上的里程`,
          );
      }
      // Lower than an earlier reading: kept (the earlier reading may be the wrong one), noted in the audit.
      const warning = await mileageWarning(trx, input.vehicleId, input.serviceOn, input.mileage, null);
      const row = await trx
        .insertInto('first_service_voucher')
        .values({
          voucher_no: input.voucherNo,
          vehicle_id: input.vehicleId,
          service_on: input.serviceOn,
          mileage: input.mileage,
          advisor_name: input.advisor,
          created_at: at,
          created_by: actorName(ctx),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('mileage_reading')
        .values({
          vehicle_id: input.vehicleId,
          read_on: input.serviceOn,
          mileage: input.mileage,
          source: 'manual',
          ro_id: null,
          created_at: at,
        })
        .execute();
      await this.vehicleChanges?.changed(trx, [input.vehicleId], at);
      const voucher = FirstServiceService.toVoucher(
        await this.vouchers(trx).where('fsv.id', '=', row.id).executeTakeFirstOrThrow(),
      );
      await writeAudit(trx, ctx, at, {
        action: 'firstService.register',
        entity: 'first_service_voucher',
        entityId: row.id,
        after: { ...FirstServiceService.withoutPhone(voucher), ...(warning ? { warnings: [warning] } : {}) },
      });
      return row.id;
    });
    return FirstServiceService.withoutPhone(
      FirstServiceService.toVoucher(await this.vouchers().where('fsv.id', '=', id).executeTakeFirstOrThrow()),
    );
  }

  /** 首保登记表: by first-service date (首保日期) in the range, newest first. */
  async list(input: ParsedInputOf<'firstService.list'>): Promise<Page<FirstServiceVoucher>> {
    let rows = this.vouchers();
    let count = this.db.selectFrom('first_service_voucher as fsv').select((eb) => eb.fn.countAll<number>().as('n'));
    if (input.from !== undefined) {
      rows = rows.where('fsv.service_on', '>=', input.from);
      count = count.where('fsv.service_on', '>=', input.from);
    }
    if (input.to !== undefined) {
      rows = rows.where('fsv.service_on', '<=', input.to);
      count = count.where('fsv.service_on', '<=', input.to);
    }
    const [page, total] = await Promise.all([
      rows
        .orderBy('fsv.service_on', 'desc')
        .orderBy('fsv.id', 'desc')
        .limit(input.pageSize)
        .offset((input.page - 1) * input.pageSize)
        .execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    return {
      rows: page.map((r) => FirstServiceService.withoutPhone(FirstServiceService.toVoucher(r))),
      total: Number(total.n),
      page: input.page,
      pageSize: input.pageSize,
    };
  }

  /** 已归档: the paper vouchers are in the binder. One already filed keeps its first filing. */
  async markFiled(input: ParsedInputOf<'firstService.markFiled'>, ctx: CallContext): Promise<FirstServiceVoucher[]> {
    const at = nowInstant(this.clock.now());
    const ids = [...new Set(input.ids)];
    return this.db.transaction().execute(async (trx) => {
      const before = await this.vouchers(trx).where('fsv.id', 'in', ids).execute();
      const missing = ids.filter((id) => !before.some((r) => r.id === id));
      if (missing.length > 0)
        throw new AppError(
          'NOT_FOUND',
          `找不到首保凭证 ${missing.map((id) => `#${id}`).join('、')}，请刷新首保登记表后重新选择。`,
        );
      const by = actorName(ctx);
      // The paper vouchers go into their binder (the clerk says they are there: a bound binder is no question).
      const newlyFiled = before.filter((r) => r.filed_at === null).map((r) => r.id);
      if (this.voucherFiler && newlyFiled.length > 0)
        await this.voucherFiler.fileVoucherPapers(trx, ctx, at, newlyFiled, true);
      await markVouchersFiled(trx, ctx, at, by, before);
      const after = await this.vouchers(trx).where('fsv.id', 'in', ids).execute();
      return ids.map((id) =>
        FirstServiceService.withoutPhone(FirstServiceService.toVoucher(after.find((r) => r.id === id)!)),
      );
    });
  }

  /** The vouchers registered (created) on `date`, in the order they were entered. */
  private async dayVouchers(date: string, db: Db = this.db): Promise<VoucherWithPhone[]> {
    const rows = await this.vouchers(db)
      .where('fsv.created_at', '>=', date)
      .where('fsv.created_at', '<', addDays(date, 1))
      .orderBy('fsv.created_at')
      .orderBy('fsv.id')
      .execute();
    return rows.map((r) => FirstServiceService.toVoucher(r));
  }

  /** The sheet's hand-over: the latest one once every voucher of the day is handed over, else none. */
  private static sheetOf(date: string, vouchers: readonly VoucherWithPhone[]): HandoffSheet {
    const allHanded = vouchers.length > 0 && vouchers.every((v) => v.handedOverAt !== null);
    const last = allHanded
      ? vouchers.reduce((a, b) => ((b.handedOverAt as string) > (a.handedOverAt as string) ? b : a))
      : null;
    return {
      date,
      vouchers: vouchers.map((v) => FirstServiceService.withoutPhone(v)),
      handedOverAt: last?.handedOverAt ?? null,
      handedTo: last?.handedTo ?? null,
      handedBy: last?.handedBy ?? null,
    };
  }

  /** The day's new entries: the hand-off sheet for sales (首保邀请汇总). */
  async handoff(date: string): Promise<HandoffSheet> {
    return FirstServiceService.sheetOf(date, await this.dayVouchers(date));
  }

  /**
   * The day's vouchers not yet handed over are marked handed to `receivedBy` now. Refused when the
   * day has none, or when all were handed over already (saying when and to whom).
   */
  async handOver(input: ParsedInputOf<'firstService.handOver'>, ctx: CallContext): Promise<HandoffSheet> {
    const at = nowInstant(this.clock.now());
    const by = actorName(ctx);
    return this.db.transaction().execute(async (trx) => {
      const vouchers = await this.dayVouchers(input.date, trx);
      if (vouchers.length === 0)
        throw AppError.validation(
          'date',
          '登记日期',
          `${input.date} 没有登记首保凭证，没有要交给销售部的内容。请先录入当天的首保凭证，或选择别的日期`,
        );
      const open = vouchers.filter((v) => v.handedOverAt === null);
      if (open.length === 0) {
        const last = FirstServiceService.sheetOf(input.date, vouchers);
        throw new AppError(
          'CONFLICT',
          `${input.date} 的 ${vouchers.length} 张首保凭证已于 ${shortTime(last.handedOverAt as string)} 交给 ${last.handedTo}（${last.handedBy} 交出），不需要再交接。`,
        );
      }
      await trx
        .updateTable('first_service_voucher')
        .set({ handed_over_at: at, handed_to: input.receivedBy, handed_by: by })
        .where(
          'id',
          'in',
          open.map((v) => v.id),
        )
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'firstService.handOver',
        entity: 'first_service_voucher',
        entityId: null,
        after: { date: input.date, voucherNos: open.map((v) => v.voucherNo), handedTo: input.receivedBy, handedBy: by },
      });
      return FirstServiceService.sheetOf(input.date, await this.dayVouchers(input.date, trx));
    });
  }

  private async storeName(): Promise<string> {
    const row = await this.db.selectFrom('store_profile').select('name').executeTakeFirst();
    return row?.name ?? '';
  }

  /** The hand-off sheet leaves the counter (to sales): names and phones masked unless a manager unmasks. */
  private async printData(date: string, disclosure: Disclosure = MASKED): Promise<HandoffPrintData> {
    const vouchers = await this.dayVouchers(date);
    const sheet = FirstServiceService.sheetOf(date, vouchers);
    const rows: HandoffRow[] = vouchers.map((v) => ({
      voucherNo: v.voucherNo,
      plate: v.plate,
      vin: v.vin,
      model: v.model,
      customerName: disclosure.name(v.customerName),
      phone: disclosure.phone(v.phone),
      serviceOn: v.serviceOn,
      mileage: v.mileage,
      advisor: v.advisor,
    }));
    return { date, rows, handedOverAt: sheet.handedOverAt, handedTo: sheet.handedTo, handedBy: sheet.handedBy };
  }

  private disclosure(ctx: CallContext | undefined, unmasked: boolean | undefined, document: string, date: string) {
    return disclosureFor(this.db, this.clock, ctx, unmasked, { document, scope: { date } });
  }

  async handoffXlsx(date: string, unmasked?: boolean, ctx?: CallContext): Promise<ExportedFile> {
    const disclosure = await this.disclosure(ctx, unmasked, '首保交接单 Excel', date);
    const content = await handoffWorkbook(await this.printData(date, disclosure), {
      storeName: await this.storeName(),
      createdAt: this.clock.now(),
    });
    return exported(`首保交接单_${date}.xlsx`, XLSX_MIME, content);
  }

  async handoffPdf(date: string, unmasked?: boolean, ctx?: CallContext): Promise<ExportedFile & { pages: number }> {
    const page = await this.handoffPage(date, await this.disclosure(ctx, unmasked, '首保交接单 PDF', date));
    const { pdf, pages } = await this.print.pdf(page.html);
    return { ...exported(`首保交接单_${date}.pdf`, 'application/pdf', pdf), pages };
  }

  /** The same page as the PDF, with the font placeholder left for the preview to fill in. */
  async handoffHtml(date: string, unmasked?: boolean, ctx?: CallContext): Promise<{ title: string; html: string }> {
    return this.handoffPage(date, await this.disclosure(ctx, unmasked, '首保交接单打印', date));
  }

  private async handoffPage(date: string, disclosure: Disclosure): Promise<{ title: string; html: string }> {
    return handoffPrintHtml(await this.printData(date, disclosure), {
      storeName: await this.storeName(),
      printedAt: nowInstant(this.clock.now()),
    });
  }

  /** Delivered and no first service yet, expiring within `withinDays` (or up to 30 days ago). */
  candidates(withinDays: number): Promise<FirstServiceCandidate[]> {
    return this.candidatesOn(todayDate(this.clock.now()), withinDays);
  }

  /** As `candidates`, seen from `today` (the Today board of a given day). */
  candidatesOn(today: string, withinDays: number): Promise<FirstServiceCandidate[]> {
    return firstServiceCandidates(this.db, today, withinDays);
  }

  /** Purchase and first-service thank-you letters; the missing ones are queued first. */
  async letterQueue(includePrinted: boolean): Promise<QueuedLetter[]> {
    const now = this.clock.now();
    const today = todayDate(now);
    await materialiseLetters(this.db, today, nowInstant(now));
    return readLetterQueue(this.db, today, includePrinted);
  }
}
