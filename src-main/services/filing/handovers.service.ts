import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { FiledPapers, Handover } from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import { markVouchersFiled } from '../first-service/first-service.service';
import { FilingService, type PaperToFile } from './filing.service';
import { readFilingSettings } from './filing-settings';
import { readPapers } from './paper-queries';

/**
 * 销售交接: warranty registrations and PDI sheets handed over by sales, entered in a batch with who
 * handed them over and when (filed at once, or kept as received); the first-service vouchers of the
 * 首保登记 filed through the same filing (the register then shows them 已归档).
 */
export class HandoversService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly filing: FilingService,
  ) {}

  private today(): string {
    return todayDate(this.clock.now());
  }

  async create(input: ParsedInputOf<'handovers.create'>, ctx: CallContext): Promise<Handover> {
    const at = nowInstant(this.clock.now());
    const today = this.today();
    if (input.handedOn > today) throw AppError.validation('handedOn', '交接日期', `不能晚于今天（${today}）`);
    const settings = await readFilingSettings(this.db);
    const handedBy = input.handedBy.trim();
    const by = actorName(ctx);
    return this.db.transaction().execute(async (trx) => {
      const items: PaperToFile[] = [];
      const seen = new Set<string>();
      for (const [i, item] of input.items.entries()) {
        for (const [j, code] of item.kinds.entries()) {
          const path = `items.${i}.kinds.${j}`;
          const kind = FilingService.activeKind(settings, code, path);
          if (kind.subject !== 'vehicle')
            throw AppError.validation(path, '资料类型', `“${kind.label}”不是车辆的资料，不能在销售交接里登记`);
          const key = `${item.vehicleId}:${kind.code}`;
          if (seen.has(key))
            throw AppError.validation(path, '资料类型', `同一辆车的“${kind.label}”登记了两次，同一种资料只登记一份`);
          seen.add(key);
          const subject = await this.filing.subjectFor(
            trx,
            kind,
            { roId: null, vehicleId: item.vehicleId, customerId: null },
            `items.${i}.vehicleId`,
          );
          items.push({ kind, subject, docDate: input.handedOn, receivedOn: input.handedOn, receivedFrom: handedBy });
        }
      }
      const handover = await trx
        .insertInto('handover')
        .values({
          handed_by: handedBy,
          handed_on: input.handedOn,
          received_by: by,
          note: input.note.trim(),
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const item of items) item.handoverId = handover.id;
      if (input.fileNow) {
        await this.filing.fileIn(trx, ctx, at, settings, items, input.confirmClosedBinder);
      } else {
        for (const item of items) await this.receive(trx, ctx, at, settings, item);
      }
      await writeAudit(trx, ctx, at, {
        action: 'handovers.create',
        entity: 'handover',
        entityId: handover.id,
        after: { handedBy, handedOn: input.handedOn, papers: items.length, fileNow: input.fileNow },
      });
      const [created] = await this.read(trx, { ids: [handover.id] });
      if (!created) throw new AppError('INTERNAL', '销售交接没有保存');
      return created;
    });
  }

  /** A paper in hand, not filed yet (refused when one of the kind is already in hand for the vehicle that month). */
  private async receive(
    trx: Db,
    ctx: CallContext,
    at: string,
    settings: Awaited<ReturnType<typeof readFilingSettings>>,
    item: PaperToFile,
  ): Promise<number> {
    const month = item.docDate.slice(0, 7);
    const dup = await trx
      .selectFrom('paper')
      .select('id')
      .where('kind', '=', item.kind.code)
      .where('vehicle_id', '=', item.subject.vehicleId)
      .where('ro_id', 'is', null)
      .where('state', 'in', ['received', 'filed'])
      .where('doc_date', '>=', `${month}-01`)
      .where('doc_date', '<=', `${month}-31`)
      .executeTakeFirst();
    if (dup) {
      const [p] = await readPapers(trx, settings, { ids: [dup.id] });
      throw new AppError(
        'CONFLICT',
        `车辆 ${p?.plate ?? p?.vin ?? ''} 的“${item.kind.label}”${p?.state === 'filed' ? `已归档在“${p.binderTitle ?? ''}”第 ${p.position ?? '?'} 位` : '已收到，尚未归档'}，不能重复登记`,
        { paperId: dup.id },
      );
    }
    const by = actorName(ctx);
    const r = await trx
      .insertInto('paper')
      .values({
        kind: item.kind.code,
        ro_id: null,
        vehicle_id: item.subject.vehicleId,
        customer_id: null,
        doc_date: item.docDate,
        received_on: item.receivedOn,
        received_from: item.receivedFrom ?? '',
        handover_id: item.handoverId ?? null,
        state: 'received',
        created_at: at,
        created_by: by,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, at, {
      action: 'filing.receive',
      entity: 'paper',
      entityId: r.id,
      after: {
        kind: item.kind.code,
        vehicleId: item.subject.vehicleId,
        receivedFrom: item.receivedFrom,
        handoverId: item.handoverId,
      },
    });
    return r.id;
  }

  private async read(db: Db, filter: { ids?: number[]; from?: string; to?: string }): Promise<Handover[]> {
    let q = db.selectFrom('handover').selectAll();
    if (filter.ids) q = q.where('id', 'in', filter.ids);
    if (filter.from !== undefined) q = q.where('handed_on', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('handed_on', '<=', filter.to);
    const rows = await q.orderBy('handed_on', 'desc').orderBy('id', 'desc').limit(500).execute();
    if (rows.length === 0) return [];
    const papers = await readPapers(db, await readFilingSettings(db), {
      handoverIds: rows.map((r) => r.id),
      order: 'received',
      today: this.today(),
    });
    return rows.map((r) => ({
      id: r.id,
      handedBy: r.handed_by,
      handedOn: r.handed_on,
      receivedBy: r.received_by,
      note: r.note,
      papers: papers.filter((p) => p.handoverId === r.id),
    }));
  }

  /** Newest first (the latest 500 in the period). */
  async list(input: ParsedInputOf<'handovers.list'>): Promise<Handover[]> {
    if (input.from !== undefined && input.to !== undefined && input.to < input.from)
      throw AppError.validation('to', '结束日期', `不能早于开始日期（${input.from}）`);
    return this.read(this.db, { from: input.from, to: input.to });
  }

  /** The vouchers' papers filed, and the register's 已归档 set (as firstService.markFiled does). */
  async fileVouchers(input: ParsedInputOf<'handovers.fileVouchers'>, ctx: CallContext): Promise<FiledPapers> {
    const at = nowInstant(this.clock.now());
    const ids = [...new Set(input.voucherIds)];
    const by = actorName(ctx);
    return this.db.transaction().execute(async (trx) => {
      const { paperIds, notes } = await this.filing.fileVoucherPapers(trx, ctx, at, ids, input.confirmClosedBinder);
      const rows = await trx
        .selectFrom('first_service_voucher')
        .select(['id', 'voucher_no', 'filed_at'])
        .where('id', 'in', ids)
        .execute();
      await markVouchersFiled(trx, ctx, at, by, rows);
      return this.filing.filedPapers(trx, await readFilingSettings(trx), paperIds, notes);
    });
  }
}
