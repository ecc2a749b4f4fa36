import type { Db } from '../../db/database';

/**
 * Marketing consent (PIPL): invitations (首保/定保招揽), their reminder calls, holiday and birthday
 * greetings and thank-you letters are marketing and go only to customers with
 * customer.is_marketing_consent = 1. Contacts the service itself needs (the car is ready, a recall,
 * the follow-up of the customer's own repair) are not marketing and are not gated here.
 * The checks sit in each area's query (invitations, call queue, mail recipients, letter queue);
 * this helper serves the places that read customers one list at a time.
 */
export async function customersWithoutMarketingConsent(
  db: Db,
  customerIds: ReadonlyArray<number | null>,
): Promise<Set<number>> {
  const ids = [...new Set(customerIds.filter((id): id is number => id !== null))];
  const out = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('customer')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500))
      .where('is_marketing_consent', '=', 0)
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}
