import type { ParsedInputOf } from '../../../src-shared/contract/index';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import { toCustomer } from '../archive/mappers';
import { writeAudit } from '../audit/audit';
import type { CallContext } from '../context';
import { replaceTerms } from '../search/search-index';
import { customerTerms } from '../search/search-terms';

type CustomerPatch = NonNullable<ParsedInputOf<'calls.record'>['customer']>;

/**
 * The customer data filled in during a call (address, postal code, birthday, other phones,
 * preferred time), written inside the call's transaction the way customers.update writes: the
 * search terms follow (other phones are searchable) and the audit keeps before and after, as a
 * `customer.update` like any other edit of the file. Absent fields are left as they are; nothing
 * is written when nothing changed.
 */
export async function patchCustomerFromCall(
  trx: Db,
  ctx: CallContext,
  at: string,
  customerId: number | null,
  patch: CustomerPatch,
  callKey: string,
): Promise<boolean> {
  if (customerId === null)
    throw AppError.validation('customer', '客户资料', '这通电话没有对应的客户档案，不能在这里补充资料');
  const beforeRow = await trx.selectFrom('customer').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!beforeRow) throw AppError.validation('customer', '客户资料', '客户档案已不存在，请刷新');
  if (beforeRow.anonymised_at !== null)
    throw AppError.validation('customer', '客户资料', '这位客户的资料已匿名化，不能再补充');
  const before = toCustomer(beforeRow);
  const set: {
    address?: string;
    postal_code?: string;
    birthday?: string | null;
    other_phones?: string;
    preferred_call_time?: string;
  } = {};
  if (patch.address !== undefined && patch.address !== before.address) set.address = patch.address;
  if (patch.postalCode !== undefined && patch.postalCode !== before.postalCode) set.postal_code = patch.postalCode;
  if (patch.birthday !== undefined && patch.birthday !== before.birthday) set.birthday = patch.birthday;
  if (patch.otherPhones !== undefined && JSON.stringify(patch.otherPhones) !== JSON.stringify(before.otherPhones))
    set.other_phones = JSON.stringify(patch.otherPhones);
  if (patch.preferredCallTime !== undefined && patch.preferredCallTime !== before.preferredCallTime)
    set.preferred_call_time = patch.preferredCallTime;
  if (Object.keys(set).length === 0) return false;
  const row = await trx
    .updateTable('customer')
    .set({ ...set, updated_at: at })
    .where('id', '=', customerId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toCustomer(row);
  await replaceTerms(trx, customerTerms(before), customerTerms(after));
  await writeAudit(trx, ctx, at, {
    action: 'customer.update',
    entity: 'customer',
    entityId: customerId,
    before,
    after: { ...after, via: callKey },
  });
  return true;
}
