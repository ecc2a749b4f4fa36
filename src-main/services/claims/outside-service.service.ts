import type { Updateable } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { OutsideServiceOrder, OutsideServiceState } from '../../../src-shared/domain/claims';
import type { RoType } from '../../../src-shared/domain/enums';
import { AppError } from '../../../src-shared/errors';
import { dateOf, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { OutsideServiceTable } from '../../db/schema';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import { shortTime } from '../daily-report/daily-report.print';
import { shiftMonth } from '../lost-customers/churn';

/** Closed orders shown by default (every order still out is always shown). */
const CLOSED_SHOWN = 200;

const STALE = () => new AppError('CONFLICT', '其他人已修改了这张外出服务单，请刷新后再试');

function ordersQuery(db: Db) {
  return db
    .selectFrom('outside_service as o')
    .leftJoin('repair_order as r', 'r.id', 'o.ro_id')
    .leftJoin('vehicle as v', 'v.id', 'o.vehicle_id')
    .leftJoin('customer as c', 'c.id', 'o.customer_id')
    .selectAll('o')
    .select(['r.ro_number', 'r.type as ro_type', 'v.plate', 'v.vin', 'c.name as customer_name']);
}
type OrderRow = Awaited<ReturnType<ReturnType<typeof ordersQuery>['executeTakeFirstOrThrow']>>;

function toOrder(r: OrderRow): OutsideServiceOrder {
  return {
    id: r.id,
    orderNo: r.order_no,
    roId: r.ro_id,
    roNumber: r.ro_number ?? null,
    roType: (r.ro_type ?? null) as RoType | null,
    vehicleId: r.vehicle_id,
    plate: r.plate ?? null,
    vin: r.vin ?? null,
    customerId: r.customer_id,
    customerName: r.customer_name ?? null,
    place: r.place,
    fault: r.fault,
    staff: r.staff,
    device: r.device,
    outAt: r.out_at,
    odometerOut: r.odometer_out,
    backAt: r.back_at,
    odometerBack: r.odometer_back,
    km: r.state === 'closed' && r.odometer_back !== null ? r.odometer_back - r.odometer_out : null,
    state: r.state as OutsideServiceState,
    signedOutBy: r.signed_out_by,
    closedBy: r.closed_by,
    note: r.note,
    version: r.version,
  };
}

/** What the audit keeps of an order. */
const auditView = (o: OutsideServiceOrder) => ({
  orderNo: o.orderNo,
  roId: o.roId,
  vehicleId: o.vehicleId,
  customerId: o.customerId,
  place: o.place,
  fault: o.fault,
  staff: o.staff,
  device: o.device,
  outAt: o.outAt,
  odometerOut: o.odometerOut,
  backAt: o.backAt,
  odometerBack: o.odometerBack,
  state: o.state,
  note: o.note,
});

/** 外出服务单: signed out at the counter with its 服务令号, closed on return; km reach the RO's claim. */
export class OutsideServiceService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  /**
   * Newest first. With a month: the orders signed out in it. Without: every order still out and
   * the last CLOSED_SHOWN closed ones.
   */
  async list(input: ParsedInputOf<'outsideService.list'>): Promise<OutsideServiceOrder[]> {
    const newestFirst = <Q extends ReturnType<typeof ordersQuery>>(q: Q) =>
      q.orderBy('o.out_at', 'desc').orderBy('o.id', 'desc');
    if (input.month !== undefined) {
      let q = ordersQuery(this.db)
        .where('o.out_at', '>=', `${input.month}-01`)
        .where('o.out_at', '<', `${shiftMonth(input.month, 1)}-01`);
      if (input.state !== 'all') q = q.where('o.state', '=', input.state);
      return (await newestFirst(q).execute()).map(toOrder);
    }
    const out =
      input.state === 'closed' ? [] : await newestFirst(ordersQuery(this.db).where('o.state', '=', 'out')).execute();
    const closed =
      input.state === 'out'
        ? []
        : await newestFirst(ordersQuery(this.db).where('o.state', '=', 'closed'))
            .limit(CLOSED_SHOWN)
            .execute();
    return [...out, ...closed].sort((a, b) => Date.parse(b.out_at) - Date.parse(a.out_at) || b.id - a.id).map(toOrder);
  }

  async get(id: number): Promise<OutsideServiceOrder> {
    return this.read(this.db, id);
  }

  private async read(db: Db, id: number): Promise<OutsideServiceOrder> {
    const row = await ordersQuery(db).where('o.id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('外出服务单', id);
    return toOrder(row);
  }

  /**
   * The RO, vehicle and customer an order names, checked to exist; the vehicle and customer
   * default from the RO when only the RO is given.
   */
  private async links(
    trx: Db,
    input: { roId: number | null; vehicleId: number | null; customerId: number | null },
  ): Promise<{ roId: number | null; vehicleId: number | null; customerId: number | null }> {
    let { vehicleId, customerId } = input;
    if (input.roId !== null) {
      const ro = await trx
        .selectFrom('repair_order')
        .select(['vehicle_id', 'customer_id'])
        .where('id', '=', input.roId)
        .executeTakeFirst();
      if (!ro) throw AppError.validation('roId', '修理单', '找不到这张修理单，请重新选择');
      vehicleId ??= ro.vehicle_id;
      customerId ??= ro.customer_id;
    }
    if (vehicleId !== null) {
      const v = await trx.selectFrom('vehicle').select('id').where('id', '=', vehicleId).executeTakeFirst();
      if (!v) throw AppError.validation('vehicleId', '车辆', '找不到这辆车，请重新选择');
    }
    if (customerId !== null) {
      const c = await trx.selectFrom('customer').select('id').where('id', '=', customerId).executeTakeFirst();
      if (!c) throw AppError.validation('customerId', '客户', '找不到这位客户，请重新选择');
    }
    return { roId: input.roId, vehicleId, customerId };
  }

  async signOut(input: ParsedInputOf<'outsideService.signOut'>, ctx: CallContext): Promise<OutsideServiceOrder> {
    const now = this.clock.now();
    const at = nowInstant(now);
    const today = todayDate(now);
    const outAt = input.outAt ?? at;
    if (dateOf(outAt) > today) throw AppError.validation('outAt', '派出时间', `不能晚于今天（${today}）`);
    const orderNo = input.orderNo.trim();
    return this.db.transaction().execute(async (trx) => {
      const taken = await ordersQuery(trx).where('o.order_no', '=', orderNo).executeTakeFirst();
      if (taken)
        throw AppError.validation(
          'orderNo',
          '服务令号',
          `“${orderNo}”已用于 ${shortTime(taken.out_at)} 派出的外出服务单（${taken.staff}，${taken.place}），请核对服务令号`,
        );
      const links = await this.links(trx, input);
      const row = await trx
        .insertInto('outside_service')
        .values({
          order_no: orderNo,
          ro_id: links.roId,
          vehicle_id: links.vehicleId,
          customer_id: links.customerId,
          place: input.place.trim(),
          fault: input.fault.trim(),
          staff: input.staff.trim(),
          device: input.device.trim(),
          out_at: outAt,
          odometer_out: input.odometerOut,
          state: 'out',
          signed_out_by: actorName(ctx),
          note: input.note.trim(),
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const order = await this.read(trx, row.id);
      await writeAudit(trx, ctx, at, {
        action: 'outsideService.signOut',
        entity: 'outside_service',
        entityId: row.id,
        after: auditView(order),
      });
      return order;
    });
  }

  /** The order's details; a closed order only its note and its RO. */
  async update(input: ParsedInputOf<'outsideService.update'>, ctx: CallContext): Promise<OutsideServiceOrder> {
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const before = await this.read(trx, input.id);
      if (before.version !== input.version) throw STALE();
      const next = {
        place: input.place.trim(),
        fault: input.fault.trim(),
        staff: input.staff.trim(),
        device: input.device.trim(),
        note: input.note.trim(),
      };
      let links = { roId: input.roId, vehicleId: input.vehicleId, customerId: input.customerId };
      if (before.state === 'closed') {
        const changed =
          next.place !== before.place ||
          next.fault !== before.fault ||
          next.staff !== before.staff ||
          next.device !== before.device ||
          input.vehicleId !== before.vehicleId ||
          input.customerId !== before.customerId;
        if (changed)
          throw new AppError(
            'CONFLICT',
            `外出服务单 ${before.orderNo} 已于 ${shortTime(before.backAt ?? '')} 返回，只能修改备注和关联的修理单`,
          );
      }
      links = await this.links(trx, links);
      return this.write(trx, ctx, at, before, input.version, 'outsideService.update', {
        ro_id: links.roId,
        vehicle_id: links.vehicleId,
        customer_id: links.customerId,
        ...next,
      });
    });
  }

  /** Back: the time (not before departure, not in the future) and the odometer (not below departure). */
  async close(input: ParsedInputOf<'outsideService.close'>, ctx: CallContext): Promise<OutsideServiceOrder> {
    const now = this.clock.now();
    const at = nowInstant(now);
    const backAt = input.backAt ?? at;
    return this.db.transaction().execute(async (trx) => {
      const before = await this.read(trx, input.id);
      if (before.version !== input.version) throw STALE();
      if (before.state !== 'out')
        throw new AppError(
          'CONFLICT',
          `外出服务单 ${before.orderNo} 已于 ${shortTime(before.backAt ?? '')} 由${before.closedBy ?? ''}登记返回`,
        );
      if (Date.parse(backAt) > now.getTime())
        throw AppError.validation('backAt', '返回时间', `不能晚于现在（${shortTime(at)}）`);
      if (Date.parse(backAt) < Date.parse(before.outAt))
        throw AppError.validation('backAt', '返回时间', `不能早于派出时间（${shortTime(before.outAt)}）`);
      if (input.odometerBack < before.odometerOut)
        throw AppError.validation(
          'odometerBack',
          '返回里程',
          `不能低于派出时的里程（${before.odometerOut} km），请核对里程表读数`,
        );
      const links =
        input.roId === undefined
          ? { roId: before.roId, vehicleId: before.vehicleId, customerId: before.customerId }
          : await this.links(trx, {
              roId: input.roId,
              vehicleId: before.vehicleId,
              customerId: before.customerId,
            });
      return this.write(
        trx,
        ctx,
        at,
        before,
        input.version,
        'outsideService.close',
        {
          back_at: backAt,
          odometer_back: input.odometerBack,
          state: 'closed',
          closed_by: actorName(ctx),
          ro_id: links.roId,
          vehicle_id: links.vehicleId,
          customer_id: links.customerId,
        },
        { closing: true },
      );
    });
  }

  /**
   * One versioned update of an order (a stale version, or when `closing` an order no longer out →
   * CONFLICT), audited with the order before and after (after closing: with its km).
   */
  private async write(
    trx: Db,
    ctx: CallContext,
    at: string,
    before: OutsideServiceOrder,
    version: number,
    action: string,
    set: Omit<Updateable<OutsideServiceTable>, 'updated_at' | 'version'>,
    { closing = false }: { closing?: boolean } = {},
  ): Promise<OutsideServiceOrder> {
    let update = trx
      .updateTable('outside_service')
      .set((eb) => ({ ...set, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', before.id)
      .where('version', '=', version);
    if (closing) update = update.where('state', '=', 'out');
    const r = await update.executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw STALE();
    const after = await this.read(trx, before.id);
    await writeAudit(trx, ctx, at, {
      action,
      entity: 'outside_service',
      entityId: before.id,
      before: auditView(before),
      after: closing ? { ...auditView(after), km: after.km } : auditView(after),
    });
    return after;
  }
}
