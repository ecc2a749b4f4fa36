import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { Customer, CustomerDetail, Page, Saved } from '../../../src-shared/domain/records';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import { replaceTerms } from '../search/search-index';
import { customerTerms } from '../search/search-terms';
import { toCustomer, toRepairOrder, toVehicle } from './mappers';

type CustomerFields = ParsedInputOf<'customers.create'>;

const SORT_COLUMN = { name: 'name', updatedAt: 'updated_at', createdAt: 'created_at' } as const;

function toRow(input: CustomerFields) {
  return {
    name: input.name,
    mobile: input.mobile,
    other_phones: JSON.stringify(input.otherPhones),
    address: input.address,
    postal_code: input.postalCode,
    birthday: input.birthday,
    preferred_call_time: input.preferredCallTime,
    is_do_not_contact: input.doNotContact ? 1 : 0,
    is_marketing_consent: input.marketingConsent ? 1 : 0,
    notes: input.notes,
  };
}

export class CustomersService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async list(input: ParsedInputOf<'customers.list'>): Promise<Page<Customer>> {
    const column = SORT_COLUMN[input.sort];
    const [rows, total] = await Promise.all([
      this.db
        .selectFrom('customer')
        .selectAll()
        .orderBy(column, input.order)
        .orderBy('id', input.order)
        .limit(input.pageSize)
        .offset((input.page - 1) * input.pageSize)
        .execute(),
      this.db
        .selectFrom('customer')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(toCustomer), total: Number(total.n), page: input.page, pageSize: input.pageSize };
  }

  async get(id: number): Promise<CustomerDetail> {
    const row = await this.db.selectFrom('customer').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('客户', id);
    const [vehicles, orders, orderCount] = await Promise.all([
      this.db.selectFrom('vehicle').selectAll().where('owner_id', '=', id).orderBy('id').execute(),
      this.db
        .selectFrom('repair_order')
        .selectAll()
        .where('customer_id', '=', id)
        .orderBy('opened_at', 'desc')
        .limit(20)
        .execute(),
      this.db
        .selectFrom('repair_order')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('customer_id', '=', id)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      ...toCustomer(row),
      vehicles: vehicles.map(toVehicle),
      recentOrders: orders.map(toRepairOrder),
      orderCount: Number(orderCount.n),
    };
  }

  private async warnings(trx: Db, input: CustomerFields, selfId: number | null): Promise<string[]> {
    if (!input.mobile) return [];
    let q = trx.selectFrom('customer').select(['id', 'name']).where('mobile', '=', input.mobile);
    if (selfId !== null) q = q.where('id', '!=', selfId);
    const others = await q.limit(3).execute();
    return others.length > 0
      ? [`手机号 ${input.mobile} 也登记在客户 ${others.map((o) => o.name).join('、')} 名下，请确认不是重复建档。`]
      : [];
  }

  async create(input: CustomerFields, ctx: CallContext): Promise<Saved<Customer>> {
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const warnings = await this.warnings(trx, input, null);
      const row = await trx
        .insertInto('customer')
        .values({ ...toRow(input), created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      const customer = toCustomer(row);
      await replaceTerms(trx, [], customerTerms(customer));
      await writeAudit(trx, ctx, at, {
        action: 'customer.create',
        entity: 'customer',
        entityId: customer.id,
        after: customer,
      });
      return { record: customer, warnings };
    });
  }

  async update(input: ParsedInputOf<'customers.update'>, ctx: CallContext): Promise<Saved<Customer>> {
    const at = nowInstant(this.clock.now());
    const { id, ...fields } = input;
    return this.db.transaction().execute(async (trx) => {
      const beforeRow = await trx.selectFrom('customer').selectAll().where('id', '=', id).executeTakeFirst();
      if (!beforeRow) throw AppError.notFound('客户', id);
      const before = toCustomer(beforeRow);
      const warnings = await this.warnings(trx, fields, id);
      const row = await trx
        .updateTable('customer')
        .set({ ...toRow(fields), updated_at: at })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toCustomer(row);
      await replaceTerms(trx, customerTerms(before), customerTerms(after));
      await writeAudit(trx, ctx, at, { action: 'customer.update', entity: 'customer', entityId: id, before, after });
      return { record: after, warnings };
    });
  }
}
