import { sql } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { RoStatus, RoType } from '../../../src-shared/domain/enums';
import type {
  HistoryVisit,
  Page,
  Saved,
  Vehicle,
  VehicleDetail,
  VehicleListRow,
} from '../../../src-shared/domain/records';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { stringAgg } from '../../db/dialect';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import type { VehicleChanges } from '../invitations/vehicle-changes';
import { replaceTerms } from '../search/search-index';
import { vehicleTerms } from '../search/search-terms';
import { toCustomer, toMileageReading, toVehicle } from './mappers';
import { mileageWarning } from './mileage';

type VehicleFields = ParsedInputOf<'vehicles.create'>;

const SORT_COLUMN = {
  plate: 'vehicle.plate',
  model: 'vehicle.model',
  deliveryDate: 'vehicle.delivery_date',
  updatedAt: 'vehicle.updated_at',
} as const;

function toRow(input: VehicleFields) {
  return {
    plate: input.plate,
    vin: input.vin,
    model: input.model,
    color: input.color,
    delivery_date: input.deliveryDate,
    owner_id: input.ownerId,
    status: input.status,
    notes: input.notes,
  };
}

export class VehiclesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Told about every vehicle written here (service summary, invitation rows). */
    private readonly changes: VehicleChanges | null = null,
  ) {}

  async list(input: ParsedInputOf<'vehicles.list'>): Promise<Page<VehicleListRow>> {
    // The page's ids first (index only), then the owner join for those rows alone: deep pages stay fast.
    let pageIds = this.db.selectFrom('vehicle').select(['vehicle.id']);
    let countQuery = this.db.selectFrom('vehicle').select((eb) => eb.fn.countAll<number>().as('n'));
    if (input.status) {
      pageIds = pageIds.where('vehicle.status', '=', input.status);
      countQuery = countQuery.where('vehicle.status', '=', input.status);
    }
    const page = pageIds
      .orderBy(SORT_COLUMN[input.sort], input.order)
      .orderBy('vehicle.id', input.order)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize);
    const [rows, total] = await Promise.all([
      this.db
        .selectFrom(page.as('page'))
        // CROSS JOIN makes SQLite drive the join from the page's ids, not from a scan of the table.
        .crossJoin('vehicle')
        .whereRef('vehicle.id', '=', 'page.id')
        .leftJoin('customer', 'customer.id', 'vehicle.owner_id')
        .selectAll('vehicle')
        .select(['customer.name as owner_name', 'customer.mobile as owner_mobile'])
        .orderBy(SORT_COLUMN[input.sort], input.order)
        .orderBy('vehicle.id', input.order)
        .execute(),
      countQuery.executeTakeFirstOrThrow(),
    ]);
    return {
      rows: rows.map((r) => ({ ...toVehicle(r), ownerName: r.owner_name, ownerMobile: r.owner_mobile })),
      total: Number(total.n),
      page: input.page,
      pageSize: input.pageSize,
    };
  }

  async get(id: number): Promise<VehicleDetail> {
    const row = await this.db.selectFrom('vehicle').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('车辆', id);
    const [owner, visits, readings] = await Promise.all([
      row.owner_id === null
        ? undefined
        : this.db.selectFrom('customer').selectAll().where('id', '=', row.owner_id).executeTakeFirst(),
      this.db
        .selectFrom('repair_order')
        .select([
          'id',
          'ro_number',
          'opened_at',
          'mileage_in',
          'type',
          'status',
          'advisor_name',
          'total_fen',
          // The lines in their order on the RO (an ordered subquery: both databases join in that order).
          sql<string | null>`(SELECT ${stringAgg(this.db, sql.ref('l.description'), '、')} FROM (
            SELECT description FROM ro_labor_line WHERE ro_id = repair_order.id ORDER BY line_no) AS l)`.as('work'),
          'complaint',
        ])
        .where('vehicle_id', '=', id)
        .orderBy('opened_at', 'desc')
        .execute(),
      this.db
        .selectFrom('mileage_reading')
        .selectAll()
        .where('vehicle_id', '=', id)
        .orderBy('read_on', 'desc')
        .orderBy('id', 'desc')
        .execute(),
    ]);
    const history: HistoryVisit[] = visits.map((v) => ({
      roId: v.id,
      roNumber: v.ro_number,
      openedAt: v.opened_at,
      mileageIn: v.mileage_in,
      type: v.type as RoType,
      status: v.status as RoStatus,
      advisorName: v.advisor_name,
      work: v.work ?? v.complaint,
      totalFen: v.total_fen,
    }));
    const latest = readings.reduce<number | null>(
      (max, r) => (max === null || r.mileage > max ? r.mileage : max),
      null,
    );
    return {
      ...toVehicle(row),
      owner: owner ? toCustomer(owner) : null,
      latestMileage: readings[0]?.mileage ?? latest,
      history,
      mileageReadings: readings.map(toMileageReading),
    };
  }

  /** A VIN is one vehicle; a plate belongs to one vehicle in use at a time. */
  private async checkIdentity(trx: Db, input: VehicleFields, selfId: number | null): Promise<void> {
    if (input.vin) {
      let q = trx.selectFrom('vehicle').select(['id', 'plate']).where('vin', '=', input.vin);
      if (selfId !== null) q = q.where('id', '!=', selfId);
      const other = await q.executeTakeFirst();
      if (other)
        throw new AppError(
          'CONFLICT',
          `车架号(VIN)：${input.vin} 已登记在车辆 ${other.plate ?? `#${other.id}`}，请打开那条档案修改，不要重复建档。`,
          {
            fields: [{ path: 'vin', label: '车架号(VIN)', message: '已存在' }],
            existingId: other.id,
          },
        );
    }
    if (input.plate && input.status === 'active') {
      let q = trx
        .selectFrom('vehicle')
        .select(['id', 'vin'])
        .where('plate', '=', input.plate)
        .where('status', '=', 'active');
      if (selfId !== null) q = q.where('id', '!=', selfId);
      const other = await q.executeTakeFirst();
      if (other)
        throw new AppError(
          'CONFLICT',
          `车牌号：${input.plate} 已属于在用车辆 #${other.id}${other.vin ? `（VIN …${other.vin.slice(-8)}）` : ''}。如车牌已转到这辆车，请先把原车状态改为已售出或已报废。`,
          { fields: [{ path: 'plate', label: '车牌号', message: '已属于另一辆在用车辆' }], existingId: other.id },
        );
    }
    if (input.ownerId !== null) {
      const owner = await trx.selectFrom('customer').select('id').where('id', '=', input.ownerId).executeTakeFirst();
      if (!owner)
        throw new AppError('VALIDATION', `车主：找不到客户 #${input.ownerId}，请先建客户档案再选择车主。`, {
          fields: [{ path: 'ownerId', label: '车主', message: '客户不存在' }],
        });
    }
  }

  async create(input: VehicleFields, ctx: CallContext): Promise<Saved<Vehicle>> {
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      await this.checkIdentity(trx, input, null);
      const row = await trx
        .insertInto('vehicle')
        .values({ ...toRow(input), created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      const vehicle = toVehicle(row);
      await replaceTerms(trx, [], vehicleTerms(vehicle));
      await writeAudit(trx, ctx, at, {
        action: 'vehicle.create',
        entity: 'vehicle',
        entityId: vehicle.id,
        after: vehicle,
      });
      await this.changes?.changed(trx, [vehicle.id], at);
      return { record: vehicle, warnings: [] };
    });
  }

  async update(input: ParsedInputOf<'vehicles.update'>, ctx: CallContext): Promise<Saved<Vehicle>> {
    const at = nowInstant(this.clock.now());
    const { id, ...fields } = input;
    return this.db.transaction().execute(async (trx) => {
      const beforeRow = await trx.selectFrom('vehicle').selectAll().where('id', '=', id).executeTakeFirst();
      if (!beforeRow) throw AppError.notFound('车辆', id);
      await this.checkIdentity(trx, fields, id);
      const before = toVehicle(beforeRow);
      const row = await trx
        .updateTable('vehicle')
        .set({ ...toRow(fields), updated_at: at })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toVehicle(row);
      await replaceTerms(trx, vehicleTerms(before), vehicleTerms(after));
      await writeAudit(trx, ctx, at, { action: 'vehicle.update', entity: 'vehicle', entityId: id, before, after });
      await this.changes?.changed(trx, [id], at);
      return { record: after, warnings: [] };
    });
  }

  async addMileage(input: ParsedInputOf<'vehicles.addMileage'>, ctx: CallContext): Promise<Saved<VehicleDetail>> {
    const at = nowInstant(this.clock.now());
    const warnings = await this.db.transaction().execute(async (trx) => {
      const vehicle = await trx.selectFrom('vehicle').select('id').where('id', '=', input.vehicleId).executeTakeFirst();
      if (!vehicle) throw AppError.notFound('车辆', input.vehicleId);
      const warning = await mileageWarning(trx, input.vehicleId, input.readOn, input.mileage, null);
      const row = await trx
        .insertInto('mileage_reading')
        .values({
          vehicle_id: input.vehicleId,
          read_on: input.readOn,
          mileage: input.mileage,
          source: 'manual',
          ro_id: null,
          created_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(trx, ctx, at, {
        action: 'mileage.add',
        entity: 'vehicle',
        entityId: input.vehicleId,
        after: toMileageReading(row),
      });
      await this.changes?.changed(trx, [input.vehicleId], at);
      return warning ? [warning] : [];
    });
    return { record: await this.get(input.vehicleId), warnings };
  }
}
