import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { Payer } from '../../../src-shared/domain/enums';
import type { Page, RepairOrderDetail, RepairOrderListRow, Saved } from '../../../src-shared/domain/records';
import { AppError, type FieldProblem } from '../../../src-shared/errors';
import { addDays, nowInstant } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { forUpdate } from '../../db/dialect';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import { lockReportDays } from '../daily-report/daily-report.service';
import { refuseOnSignedDay } from '../daily-report/signed-days';
import type { VehicleChanges } from '../invitations/vehicle-changes';
import { replaceTerms } from '../search/search-index';
import { repairOrderTerms } from '../search/search-terms';
import { toCustomer, toRepairOrder, toVehicle } from './mappers';
import { mileageWarning } from './mileage';

type RoFields = ParsedInputOf<'repairOrders.create'>;

const SORT_COLUMN = {
  openedAt: 'repair_order.opened_at',
  roNumber: 'repair_order.ro_number',
  totalFen: 'repair_order.total_fen',
} as const;

function problem(path: string, label: string, message: string): FieldProblem {
  return { path, label, message };
}

/** Order-level rules the schema cannot see: times in sequence, the status backed by its time, amounts that add up. */
export function checkRepairOrder(input: RoFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const after = (field: 'completedAt' | 'deliveredAt' | 'settledAt', label: string) => {
    const value = input[field];
    if (value !== null && value < input.openedAt)
      problems.push(problem(field, label, `不能早于进厂时间 ${input.openedAt.slice(0, 16).replace('T', ' ')}`));
  };
  after('completedAt', '完工时间');
  after('deliveredAt', '交车时间');
  after('settledAt', '结算时间');
  if (
    (input.status === 'delivered' || input.status === 'settled') &&
    input.deliveredAt === null &&
    input.settledAt === null
  )
    problems.push(problem('deliveredAt', '交车时间', '状态为已交车/已结算时必须填写交车时间'));
  if (input.status === 'settled' && input.settledAt === null)
    problems.push(problem('settledAt', '结算时间', '状态为已结算时必须填写结算时间'));
  input.partLines.forEach((line, i) => {
    const expected = Math.round(line.quantity * line.unitPriceFen);
    if (Math.abs(expected - line.amountFen) > 1)
      problems.push(
        problem(
          `partLines.${i}.amountFen`,
          `金额（材料第 ${i + 1} 行）`,
          `应为 数量×单价 = ${(expected / 100).toFixed(2)} 元`,
        ),
      );
  });
  if (input.laborLines.length > 0 && input.laborFen !== undefined) {
    const sum = input.laborLines.reduce((s, l) => s + l.amountFen, 0);
    if (sum !== input.laborFen)
      problems.push(problem('laborFen', '工时费', `与工时项目合计 ${(sum / 100).toFixed(2)} 元不符`));
  }
  if (input.partLines.length > 0 && input.partsFen !== undefined) {
    const sum = input.partLines.reduce((s, l) => s + l.amountFen, 0);
    if (sum !== input.partsFen)
      problems.push(problem('partsFen', '材料费', `与材料项目合计 ${(sum / 100).toFixed(2)} 元不符`));
  }
  return problems;
}

function amounts(input: RoFields): { labor: number; parts: number } {
  const labor =
    input.laborLines.length > 0 ? input.laborLines.reduce((s, l) => s + l.amountFen, 0) : (input.laborFen ?? 0);
  const parts =
    input.partLines.length > 0 ? input.partLines.reduce((s, l) => s + l.amountFen, 0) : (input.partsFen ?? 0);
  return { labor, parts };
}

/** The times of an RO that decide which days' reports count it. */
interface RoTimes {
  openedAt: string;
  completedAt: string | null;
  deliveredAt: string | null;
  settledAt: string | null;
}

/**
 * The report days an RO counts on, as it was and as it will be (daily-report/figures.ts dayRos):
 * the days it was opened, completed, delivered and settled, and the days it was in the workshop
 * at closing time (opened before the next day, finished — completed, else delivered, else settled
 * — on or after it) among the days that have a report version: a day without one cannot be being
 * signed (a confirm makes version 1), and an RO never finished would otherwise name every day since.
 */
async function reportDaysOf(trx: Db, states: readonly RoTimes[]): Promise<string[]> {
  const days = new Set<string>();
  for (const ro of states) {
    for (const t of [ro.openedAt, ro.completedAt, ro.deliveredAt, ro.settledAt]) if (t) days.add(t.slice(0, 10));
    const opened = ro.openedAt.slice(0, 10);
    const finished = (ro.completedAt ?? ro.deliveredAt ?? ro.settledAt)?.slice(0, 10) ?? null;
    if (finished !== null && finished <= addDays(opened, 1)) continue;
    let inWorkshop = trx.selectFrom('daily_report_version').select('day').distinct().where('day', '>', opened);
    if (finished !== null) inWorkshop = inWorkshop.where('day', '<', finished);
    for (const r of await inWorkshop.execute()) days.add(r.day);
  }
  return [...days];
}

export class RepairOrdersService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Told about the vehicle of every RO written here (service summary, 回厂 on invitation rows). */
    private readonly changes: VehicleChanges | null = null,
  ) {}

  async list(input: ParsedInputOf<'repairOrders.list'>): Promise<Page<RepairOrderListRow>> {
    // Filters apply to repair_order alone, so the page's ids are found on its indexes first and only
    // those rows are joined: OFFSET then skips index entries, not joined rows (page 10,000 in ms).
    let pageIds = this.db.selectFrom('repair_order').select(['repair_order.id']);
    let countQuery = this.db.selectFrom('repair_order').select((eb) => eb.fn.countAll<number>().as('n'));
    if (input.from) {
      pageIds = pageIds.where('repair_order.opened_at', '>=', input.from);
      countQuery = countQuery.where('repair_order.opened_at', '>=', input.from);
    }
    if (input.to) {
      pageIds = pageIds.where('repair_order.opened_at', '<', addDays(input.to, 1));
      countQuery = countQuery.where('repair_order.opened_at', '<', addDays(input.to, 1));
    }
    if (input.type) {
      pageIds = pageIds.where('repair_order.type', '=', input.type);
      countQuery = countQuery.where('repair_order.type', '=', input.type);
    }
    if (input.status) {
      pageIds = pageIds.where('repair_order.status', '=', input.status);
      countQuery = countQuery.where('repair_order.status', '=', input.status);
    }
    const page = pageIds
      .orderBy(SORT_COLUMN[input.sort], input.order)
      .orderBy('repair_order.id', input.order)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize);
    const [rows, total] = await Promise.all([
      this.db
        .selectFrom(page.as('page'))
        // CROSS JOIN makes SQLite drive the join from the page's ids, not from a scan of the table.
        .crossJoin('repair_order')
        .whereRef('repair_order.id', '=', 'page.id')
        .innerJoin('vehicle', 'vehicle.id', 'repair_order.vehicle_id')
        .leftJoin('customer', 'customer.id', 'repair_order.customer_id')
        .selectAll('repair_order')
        .select(['vehicle.plate', 'customer.name as customer_name'])
        .orderBy(SORT_COLUMN[input.sort], input.order)
        .orderBy('repair_order.id', input.order)
        .execute(),
      countQuery.executeTakeFirstOrThrow(),
    ]);
    return {
      rows: rows.map((r) => ({ ...toRepairOrder(r), plate: r.plate, customerName: r.customer_name })),
      total: Number(total.n),
      page: input.page,
      pageSize: input.pageSize,
    };
  }

  async get(
    key: { id?: number | undefined; roNumber?: string | undefined },
    db: Db = this.db,
  ): Promise<RepairOrderDetail> {
    let q = db.selectFrom('repair_order').selectAll();
    q =
      key.id !== undefined ? q.where('id', '=', key.id) : q.where('ro_number', '=', (key.roNumber ?? '').toUpperCase());
    const row = await q.executeTakeFirst();
    if (!row) throw AppError.notFound('修理单', key.id ?? key.roNumber ?? '');
    const [labor, parts, vehicle, customer] = await Promise.all([
      db.selectFrom('ro_labor_line').selectAll().where('ro_id', '=', row.id).orderBy('line_no').execute(),
      db.selectFrom('ro_part_line').selectAll().where('ro_id', '=', row.id).orderBy('line_no').execute(),
      db.selectFrom('vehicle').selectAll().where('id', '=', row.vehicle_id).executeTakeFirstOrThrow(),
      row.customer_id === null
        ? undefined
        : db.selectFrom('customer').selectAll().where('id', '=', row.customer_id).executeTakeFirst(),
    ]);
    return {
      ...toRepairOrder(row),
      laborLines: labor.map((l) => ({
        lineNo: l.line_no,
        description: l.description,
        hours: l.hours,
        amountFen: l.amount_fen,
        payer: l.payer as Payer,
      })),
      partLines: parts.map((p) => ({
        lineNo: p.line_no,
        partNumber: p.part_number,
        name: p.name,
        quantity: p.quantity,
        unitPriceFen: p.unit_price_fen,
        amountFen: p.amount_fen,
        payer: p.payer as Payer,
      })),
      vehicle: toVehicle(vehicle),
      customer: customer ? toCustomer(customer) : null,
    };
  }

  private async prepare(trx: Db, input: RoFields, selfId: number | null): Promise<number | null> {
    const problems = checkRepairOrder(input);
    if (problems.length > 0) {
      const first = problems[0]!;
      throw new AppError('VALIDATION', `${first.label}：${first.message}`, { fields: problems });
    }
    const vehicle = await trx
      .selectFrom('vehicle')
      .select(['id', 'owner_id'])
      .where('id', '=', input.vehicleId)
      .executeTakeFirst();
    if (!vehicle)
      throw new AppError('VALIDATION', `车辆：找不到车辆 #${input.vehicleId}，请先建车辆档案。`, {
        fields: [problem('vehicleId', '车辆', '车辆不存在')],
      });
    let dup = trx.selectFrom('repair_order').select('id').where('ro_number', '=', input.roNumber);
    if (selfId !== null) dup = dup.where('id', '!=', selfId);
    if (await dup.executeTakeFirst())
      throw new AppError('CONFLICT', `工单号：${input.roNumber} 已存在，请核对工单号或打开原工单修改。`, {
        fields: [problem('roNumber', '工单号', '已存在')],
      });
    const customerId = input.customerId ?? vehicle.owner_id;
    if (customerId !== null) {
      const customer = await trx.selectFrom('customer').select('id').where('id', '=', customerId).executeTakeFirst();
      if (!customer)
        throw new AppError('VALIDATION', `客户：找不到客户 #${customerId}。`, {
          fields: [problem('customerId', '客户', '客户不存在')],
        });
    }
    return customerId;
  }

  private async writeChildren(trx: Db, roId: number, input: RoFields, at: string): Promise<string[]> {
    await trx.deleteFrom('ro_labor_line').where('ro_id', '=', roId).execute();
    await trx.deleteFrom('ro_part_line').where('ro_id', '=', roId).execute();
    if (input.laborLines.length > 0)
      await trx
        .insertInto('ro_labor_line')
        .values(
          input.laborLines.map((l, i) => ({
            ro_id: roId,
            line_no: i + 1,
            description: l.description,
            hours: l.hours,
            amount_fen: l.amountFen,
            payer: l.payer,
          })),
        )
        .execute();
    if (input.partLines.length > 0)
      await trx
        .insertInto('ro_part_line')
        .values(
          input.partLines.map((p, i) => ({
            ro_id: roId,
            line_no: i + 1,
            part_number: p.partNumber,
            name: p.name,
            quantity: p.quantity,
            unit_price_fen: p.unitPriceFen,
            amount_fen: p.amountFen,
            payer: p.payer,
          })),
        )
        .execute();
    await trx.deleteFrom('mileage_reading').where('ro_id', '=', roId).execute();
    if (input.mileageIn === null) return [];
    const readOn = input.openedAt.slice(0, 10);
    const warning = await mileageWarning(trx, input.vehicleId, readOn, input.mileageIn, roId);
    await trx
      .insertInto('mileage_reading')
      .values({
        vehicle_id: input.vehicleId,
        read_on: readOn,
        mileage: input.mileageIn,
        source: 'ro',
        ro_id: roId,
        created_at: at,
      })
      .execute();
    return warning ? [warning] : [];
  }

  private row(input: RoFields, customerId: number | null) {
    const { labor, parts } = amounts(input);
    return {
      ro_number: input.roNumber,
      vehicle_id: input.vehicleId,
      customer_id: customerId,
      advisor_name: input.advisorName,
      opened_at: input.openedAt,
      mileage_in: input.mileageIn,
      type: input.type,
      status: input.status,
      completed_at: input.completedAt,
      delivered_at: input.deliveredAt,
      settled_at: input.settledAt,
      payer: input.payer,
      labor_fen: labor,
      parts_fen: parts,
      total_fen: labor + parts,
      complaint: input.complaint,
      declined_work: input.declinedWork,
      next_service_date: input.nextServiceDate,
      next_service_mileage: input.nextServiceMileage,
      notes: input.notes,
    };
  }

  async create(input: RoFields, ctx: CallContext): Promise<Saved<RepairOrderDetail>> {
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      // Waits for a confirm or sign of the RO's days under way; one starting meanwhile waits for this.
      await lockReportDays(trx, await reportDaysOf(trx, [input]));
      await refuseOnSignedDay(trx, ctx, input.roNumber, [
        input.openedAt,
        input.completedAt,
        input.deliveredAt,
        input.settledAt,
      ]);
      const customerId = await this.prepare(trx, input, null);
      const inserted = await trx
        .insertInto('repair_order')
        .values({ ...this.row(input, customerId), source: 'manual', created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const warnings = await this.writeChildren(trx, inserted.id, input, at);
      await replaceTerms(trx, [], repairOrderTerms({ id: inserted.id, roNumber: input.roNumber }));
      const detail = await this.get({ id: inserted.id }, trx);
      await writeAudit(trx, ctx, at, {
        action: 'repairOrder.create',
        entity: 'repair_order',
        entityId: inserted.id,
        after: detail,
      });
      await this.changes?.changed(trx, [input.vehicleId], at);
      return { record: detail, warnings };
    });
  }

  async update(input: ParsedInputOf<'repairOrders.update'>, ctx: CallContext): Promise<Saved<RepairOrderDetail>> {
    const at = nowInstant(this.clock.now());
    const { id, ...fields } = input;
    return this.db.transaction().execute(async (trx) => {
      // The days the RO counts on before and after the edit first (a confirm or sign of one of them
      // under way finishes first, one starting waits for this), then the RO (a second edit waits):
      // days before rows, as everywhere, so two writers never wait on each other in a circle.
      const times = async (lock: boolean): Promise<RoTimes> => {
        const q = trx
          .selectFrom('repair_order')
          .select(['opened_at', 'completed_at', 'delivered_at', 'settled_at'])
          .where('id', '=', id);
        const row = await (lock ? forUpdate(trx, q) : q).executeTakeFirst();
        if (!row) throw AppError.notFound('修理单', id);
        return {
          openedAt: row.opened_at,
          completedAt: row.completed_at,
          deliveredAt: row.delivered_at,
          settledAt: row.settled_at,
        };
      };
      const locked = await reportDaysOf(trx, [await times(false), fields]);
      await lockReportDays(trx, locked);
      // Another edit that moved the RO's dates meanwhile: its days too (rare; taken after, out of order).
      const moved = (await reportDaysOf(trx, [await times(true), fields])).filter((d) => !locked.includes(d));
      if (moved.length > 0) await lockReportDays(trx, moved);
      const before = await this.get({ id }, trx);
      await refuseOnSignedDay(trx, ctx, before.roNumber, [
        before.openedAt,
        before.completedAt,
        before.deliveredAt,
        before.settledAt,
        fields.openedAt,
        fields.completedAt,
        fields.deliveredAt,
        fields.settledAt,
      ]);
      const customerId = await this.prepare(trx, fields, id);
      await trx
        .updateTable('repair_order')
        .set({ ...this.row(fields, customerId), updated_at: at })
        .where('id', '=', id)
        .execute();
      const warnings = await this.writeChildren(trx, id, fields, at);
      await replaceTerms(trx, repairOrderTerms(before), repairOrderTerms({ id, roNumber: fields.roNumber }));
      const after = await this.get({ id }, trx);
      await writeAudit(trx, ctx, at, {
        action: 'repairOrder.update',
        entity: 'repair_order',
        entityId: id,
        before,
        after,
      });
      await this.changes?.changed(trx, [before.vehicleId, fields.vehicleId], at);
      return { record: after, warnings };
    });
  }
}
