import type { ParsedInputOf } from '../../../src-shared/contract/index';
import {
  type ChurnMonth,
  LOST_REASON_LABELS,
  type LostCustomer,
  type LostCustomerPage,
  type LostLevel,
  type LostReason,
} from '../../../src-shared/domain/complaints';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { ContactChannel, NoContactReason } from '../../../src-shared/domain/invitations';
import type { CallState } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import { readComplaintSettings } from '../complaints/complaint-settings';
import { actorName, type CallContext, type Clock } from '../context';
import { XLSX_MIME } from '../daily-report/daily-report.xlsx';
import { writeContactPref } from '../invitations/invitations.service';
import { ServiceDueService } from '../invitations/service-due.service';
import { disclosureFor } from '../privacy/disclosure';
import { parseCallKey } from '../revisits/call-subject';
import type { CallRecordedListener, CallRow } from '../revisits/calls.service';
import { customerFacts } from '../revisits/queue/subjects';
import { winbackContributor } from '../revisits/queue/winback';
import { readRevisitSettings } from '../revisits/revisit-settings';
import { churnMonth, monthsFromTo } from './churn';
import { lostCustomersWorkbook } from './lost-customers.xlsx';
import { lostCustomers, lostCustomersPage, winbackKey } from './lost-list';

type ReasonInput = ParsedInputOf<'lostCustomers.recordReason'>;

/** What a reason with 停止联系 stops, and the contact preference's reason. */
const STOP_CONTACT: Record<LostReason, { channels: ContactChannel[]; reason: NoContactReason }> = {
  sold: { channels: ['letter', 'phone', 'sms'], reason: 'sold' },
  elsewhere: { channels: ['letter', 'phone'], reason: 'serviced_elsewhere' },
  moved: { channels: ['letter', 'phone'], reason: 'other' },
  dissatisfied: { channels: ['letter', 'phone'], reason: 'asked' },
  price: { channels: ['letter', 'phone'], reason: 'asked' },
  distance: { channels: ['letter', 'phone'], reason: 'asked' },
  little_use: { channels: ['letter', 'phone'], reason: 'asked' },
  other: { channels: ['letter', 'phone'], reason: 'other' },
};

/**
 * 流失客户: vehicles whose last visit is older than the store's threshold (at risk before), not
 * sold, scrapped or moved away; their reasons (from calls or typed); win-back calls in the 回访
 * queue (reminder:vehicle:N); the churn rate per month and retention from 首保 to the 2nd service.
 *
 * The list reads vehicle_service_summary (last visit, last reading, pace): built on first use and
 * kept by the VehicleChanges hub, so `summary.ensureSummary()` comes first (pass the app's
 * ServiceDueService so reads also catch up with deferred refreshes).
 */
export class LostCustomersService implements CallRecordedListener {
  private readonly summary: Pick<ServiceDueService, 'ensureSummary'>;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    summary?: Pick<ServiceDueService, 'ensureSummary'>,
  ) {
    this.summary = summary ?? new ServiceDueService(db, clock);
  }

  private today(): string {
    return todayDate(this.clock.now());
  }

  /** One page, most recently lost first, with the counts by stage and reason over the whole selection. */
  async list(input: ParsedInputOf<'lostCustomers.list'>): Promise<LostCustomerPage> {
    await this.summary.ensureSummary();
    const settings = await readComplaintSettings(this.db);
    return lostCustomersPage(
      this.db,
      settings,
      input.asOf ?? this.today(),
      input.level,
      { stage: input.stage, reason: input.reason },
      { page: input.page, pageSize: input.pageSize },
    );
  }

  /** Every row of the list at once, in its order (the workbook; not a contract method). */
  async all(asOf: string, level: LostLevel | 'all'): Promise<LostCustomer[]> {
    await this.summary.ensureSummary();
    const settings = await readComplaintSettings(this.db);
    return lostCustomers(this.db, settings, asOf, level);
  }

  /** One vehicle as the list shows it today, or null when it is not on it (any level). */
  private async one(vehicleId: number, db: Db = this.db): Promise<LostCustomer | null> {
    const settings = await readComplaintSettings(db);
    const [row] = await lostCustomers(db, settings, this.today(), 'all', { vehicleIds: [vehicleId] });
    return row ?? null;
  }

  async recordReason(input: ReasonInput, ctx: CallContext): Promise<LostCustomer | null> {
    await this.summary.ensureSummary();
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute((trx) => this.writeReason(trx, ctx, at, input, null));
    return this.one(input.vehicleId);
  }

  /**
   * 流失原因, inside the caller's transaction: lost_vehicle upserted; 车已卖 marks the vehicle sold;
   * 停止联系 refuses letters and calls (车已卖 SMS too) for the owner, keeping a refusal already there.
   */
  private async writeReason(trx: Db, ctx: CallContext, at: string, input: ReasonInput, callId: number | null) {
    if (input.reason === 'other' && input.words.trim() === '')
      throw AppError.validation('words', '客户的说法', '原因选“其他”时请写明客户的说法');
    const vehicle = await trx
      .selectFrom('vehicle')
      .select(['id', 'plate', 'status', 'owner_id'])
      .where('id', '=', input.vehicleId)
      .executeTakeFirst();
    if (!vehicle) throw AppError.notFound('车辆', input.vehicleId);
    const by = actorName(ctx);
    const before = await trx
      .selectFrom('lost_vehicle')
      .selectAll()
      .where('vehicle_id', '=', vehicle.id)
      .executeTakeFirst();
    const values = {
      reason: input.reason,
      words: input.words,
      reason_at: at,
      reason_by: by,
      call_id: callId,
      updated_at: at,
    };
    await trx
      .insertInto('lost_vehicle')
      .values({ vehicle_id: vehicle.id, ...values })
      .onConflict((oc) =>
        oc.column('vehicle_id').doUpdateSet((eb) => ({ ...values, version: eb('lost_vehicle.version', '+', 1) })),
      )
      .execute();
    await writeAudit(trx, ctx, at, {
      action: 'lostVehicle.reason',
      entity: 'vehicle',
      entityId: vehicle.id,
      before: before ? { reason: before.reason, words: before.words, reasonAt: before.reason_at } : null,
      after: {
        reason: input.reason,
        reasonLabel: LOST_REASON_LABELS[input.reason],
        words: input.words,
        stopContact: input.stopContact,
        callId,
      },
    });

    if (input.reason === 'sold' && vehicle.status !== 'sold' && vehicle.status !== 'scrapped') {
      // Only the status changes: nothing derived from the vehicle (summary, 回厂) reads it.
      await trx.updateTable('vehicle').set({ status: 'sold', updated_at: at }).where('id', '=', vehicle.id).execute();
      await writeAudit(trx, ctx, at, {
        action: 'vehicle.update',
        entity: 'vehicle',
        entityId: vehicle.id,
        before: { status: vehicle.status },
        after: { status: 'sold', why: '流失原因：车已卖' },
      });
    }

    if (input.stopContact && vehicle.owner_id !== null) {
      const stop = STOP_CONTACT[input.reason];
      const note = `流失原因：${LOST_REASON_LABELS[input.reason]}（${vehicle.plate ?? `车辆 #${vehicle.id}`}）`;
      // The channel refused, unless it is already (its own reason stands).
      for (const channel of stop.channels)
        await writeContactPref(trx, ctx, at, vehicle.owner_id, channel, false, stop.reason, note, true);
    }
  }

  /**
   * Puts win-back calls in the 回访 queue on `on` (default today): lost_vehicle.winback_on. Skipped,
   * with the reason: a vehicle not on the lost or at-risk list, one whose win-back call is already
   * in the queue (or was made: a vehicle has one win-back call key), or whose customer may not be
   * phoned for marketing (勿扰, 电话 refused, no consent, no number).
   */
  async winback(
    input: ParsedInputOf<'lostCustomers.winback'>,
    ctx: CallContext,
  ): Promise<{ added: number; skipped: { vehicleId: number; reason: string }[] }> {
    await this.summary.ensureSummary();
    const today = this.today();
    const on = input.on ?? today;
    if (on < today) throw AppError.validation('on', '召回日期', `不能早于今天（${today}）`);
    const ids = [...new Set(input.vehicleIds)];
    const at = nowInstant(this.clock.now());
    const by = actorName(ctx);
    const settings = await readComplaintSettings(this.db);
    const revisitSettings = await readRevisitSettings(this.db);
    return this.db.transaction().execute(async (trx) => {
      const listed = new Map(
        (await lostCustomers(trx, settings, today, 'all', { vehicleIds: ids })).map((r) => [r.vehicleId, r]),
      );
      const subjects = new Map(
        (await winbackContributor.byIds(trx, ids, revisitSettings, on)).map((s) => [s.vehicleId!, s]),
      );
      const calls = new Map(
        (
          await trx
            .selectFrom('revisit_call')
            .select(['vehicle_id', 'state', 'created_at'])
            .where(
              'call_key',
              'in',
              ids.map((id) => winbackKey(id)),
            )
            .execute()
        ).map((c) => [c.vehicle_id, c]),
      );
      const skipped: { vehicleId: number; reason: string }[] = [];
      let added = 0;
      for (const vehicleId of ids) {
        const row = listed.get(vehicleId);
        const subject = subjects.get(vehicleId);
        const call = calls.get(vehicleId);
        let reason: string | null = null;
        if (!subject) reason = '找不到这辆车';
        else if (!row) reason = '不在流失或流失预警名单上（近期进过厂，或已卖、报废、搬家）';
        else if (call?.state === 'open') reason = '流失召回电话已在回访队列中';
        else if (call) reason = `已打过流失召回电话（${call.created_at.slice(0, 10)}）`;
        else if (row.winbackOn !== null && row.winbackOn >= today) reason = `已加入流失召回（${row.winbackOn} 打）`;
        else {
          const facts = customerFacts(subject, subject.joined?.customer, subject.joined?.refusal);
          if (facts.skipReason !== null) reason = facts.skipReason;
        }
        if (reason !== null) {
          skipped.push({ vehicleId, reason });
          continue;
        }
        const values = { winback_on: on, winback_by: by, updated_at: at };
        await trx
          .insertInto('lost_vehicle')
          .values({ vehicle_id: vehicleId, ...values })
          .onConflict((oc) =>
            oc.column('vehicle_id').doUpdateSet((eb) => ({ ...values, version: eb('lost_vehicle.version', '+', 1) })),
          )
          .execute();
        await writeAudit(trx, ctx, at, {
          action: 'lostVehicle.winback',
          entity: 'vehicle',
          entityId: vehicleId,
          before: row?.winbackOn ? { winbackOn: row.winbackOn } : null,
          after: { winbackOn: on, key: winbackKey(vehicleId) },
        });
        added++;
      }
      return { added, skipped };
    });
  }

  async xlsx(input: ParsedInputOf<'lostCustomers.xlsx'>, ctx: CallContext): Promise<ExportedFile> {
    const asOf = input.asOf ?? this.today();
    const disclosure = await disclosureFor(this.db, this.clock, ctx, input.unmasked, {
      document: '流失客户 Excel',
      scope: { asOf, level: input.level },
    });
    const rows = await this.all(asOf, input.level);
    const settings = await readComplaintSettings(this.db);
    const store = await this.db.selectFrom('store_profile').select('name').executeTakeFirst();
    const content = await lostCustomersWorkbook(
      rows.map((r) => ({ ...r, customer: disclosure.name(r.customer), phone: disclosure.phone(r.phone) })),
      {
        storeName: store?.name ?? '',
        createdAt: this.clock.now(),
        asOf,
        level: input.level,
        lostMonths: settings.lostMonths,
        atRiskMonths: settings.atRiskMonths,
        unmasked: disclosure.unmasked,
      },
    );
    return {
      fileName: `流失客户_${asOf}.xlsx`,
      mimeType: XLSX_MIME,
      contentBase64: content.toString('base64'),
      bytes: content.length,
    };
  }

  async churn(input: ParsedInputOf<'churn.months'>): Promise<ChurnMonth[]> {
    const months = monthsFromTo(input.from, input.to);
    if (months.length > 120) throw AppError.validation('from', '开始月份', '一次最多查询 120 个月');
    const out: ChurnMonth[] = [];
    for (const month of months) out.push(await churnMonth(this.db, month));
    return out;
  }

  /**
   * A win-back call (reminder:vehicle:N) reached with the customer's reason (input.lostReason):
   * recorded with the call (call_id set), in its transaction. Reached without a reason is fine (the
   * customer may come back); a reason on another outcome or another kind of call is refused.
   */
  async callRecorded(
    trx: Db,
    ctx: CallContext,
    at: string,
    call: CallRow,
    input: ParsedInputOf<'calls.record'>,
    _state: CallState,
  ): Promise<void> {
    if (input.lostReason === null) return;
    const parsed = parseCallKey(call.call_key);
    if (parsed?.kind !== 'reminder' || parsed.on !== 'vehicle')
      throw AppError.validation('lostReason', '流失原因', '只有流失召回电话才能记录流失原因');
    if (input.outcome !== 'reached')
      throw AppError.validation('lostReason', '流失原因', '只有“已接通”的电话才能记录流失原因');
    await this.writeReason(trx, ctx, at, { ...input.lostReason, vehicleId: parsed.id }, call.id);
  }
}
