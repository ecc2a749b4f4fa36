import { type ExpressionBuilder, sql } from 'kysely';
import type { QueuedLetter } from '../../../src-shared/contract/invitations.contract';
import type { QueuedLetterKind } from '../../../src-shared/domain/invitations';
import { addDays } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { addDays as addDaysSql } from '../../db/dialect';
import type { Database } from '../../db/schema';

/**
 * Thank-you letters waiting for the letters issue (待寄感谢信):
 * - 购车感谢信 for every vehicle delivered in the last LETTER_WINDOW_DAYS days, to be sent within a
 *   week of delivery (send_by = delivery + SEND_WITHIN_DAYS);
 * - 首保感谢信 after the vehicle's first service (a first-service RO or a voucher, whichever came
 *   first) in the last LETTER_WINDOW_DAYS days, send_by = that day + SEND_WITHIN_DAYS.
 * The rows are made on read (one per vehicle and kind, never twice), so the letters issue can mark
 * them printed. Customers who do not want letters (勿扰, or the letter channel refused) and sold or
 * scrapped vehicles get none, and are left out again on every read in case that changed since.
 */
export const LETTER_WINDOW_DAYS = 30;
export const SEND_WITHIN_DAYS = 7;

type Eb = ExpressionBuilder<Database, 'vehicle'>;

/** The vehicle is in use and its owner (if any) accepts letters. */
function wantsLetters(eb: Eb) {
  return eb.and([
    eb('vehicle.status', 'not in', ['sold', 'scrapped']),
    eb.or([
      eb('vehicle.owner_id', 'is', null),
      eb.not(
        eb.exists(
          eb
            .selectFrom('customer')
            .select('customer.id')
            .whereRef('customer.id', '=', 'vehicle.owner_id')
            .where('customer.is_do_not_contact', '=', 1),
        ),
      ),
    ]),
    eb.not(
      eb.exists(
        eb
          .selectFrom('contact_preference')
          .select('contact_preference.customer_id')
          .whereRef('contact_preference.customer_id', '=', 'vehicle.owner_id')
          .where('contact_preference.channel', '=', 'letter')
          .where('contact_preference.allowed', '=', 0),
      ),
    ),
  ]);
}

function notQueued(eb: Eb, kind: QueuedLetterKind) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('letter_queue')
        .select('letter_queue.id')
        .whereRef('letter_queue.vehicle_id', '=', 'vehicle.id')
        .where('letter_queue.kind', '=', kind),
    ),
  );
}

/** Adds the letters that are due and not queued yet. */
export async function materialiseLetters(db: Db, today: string, now: string): Promise<void> {
  const from = addDays(today, -LETTER_WINDOW_DAYS);
  const tomorrow = addDays(today, 1);
  await db.transaction().execute(async (trx) => {
    // 购车感谢信: delivered in the window.
    await trx
      .insertInto('letter_queue')
      .columns(['kind', 'vehicle_id', 'customer_id', 'reason_on', 'send_by', 'created_at'])
      .expression(
        trx
          .selectFrom('vehicle')
          .select((eb) => [
            sql.lit('purchase_thanks').as('kind'),
            'vehicle.id as vehicle_id',
            'vehicle.owner_id as customer_id',
            'vehicle.delivery_date as reason_on',
            addDaysSql(trx, sql.ref('vehicle.delivery_date'), SEND_WITHIN_DAYS).as('send_by'),
            eb.val(now).as('created_at'),
          ])
          .where('vehicle.delivery_date', '>=', from)
          .where('vehicle.delivery_date', '<=', today)
          .where((eb) => wantsLetters(eb))
          .where((eb) => notQueued(eb, 'purchase_thanks')),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();

    // 首保感谢信: the first service in the window (by RO, found through its opened_at index, or by
    // voucher), and none before it.
    const firstServices = trx
      .selectFrom('repair_order')
      .select([
        'repair_order.vehicle_id as vehicle_id',
        sql<string>`substr(repair_order.opened_at, 1, 10)`.as('served_on'),
      ])
      .where('repair_order.type', '=', 'first_service')
      .where('repair_order.opened_at', '>=', from)
      .where('repair_order.opened_at', '<', tomorrow)
      .unionAll(
        trx
          .selectFrom('first_service_voucher')
          .select(['first_service_voucher.vehicle_id as vehicle_id', 'first_service_voucher.service_on as served_on'])
          .where('first_service_voucher.service_on', '>=', from)
          .where('first_service_voucher.service_on', '<=', today),
      );
    await trx
      .insertInto('letter_queue')
      .columns(['kind', 'vehicle_id', 'customer_id', 'reason_on', 'send_by', 'created_at'])
      .expression(
        trx
          .selectFrom(
            trx
              .selectFrom(firstServices.as('fs'))
              .select(['fs.vehicle_id', (eb) => eb.fn.min<string>('fs.served_on').as('served_on')])
              .groupBy('fs.vehicle_id')
              .as('first'),
          )
          .innerJoin('vehicle', 'vehicle.id', 'first.vehicle_id')
          .select((eb) => [
            sql.lit('first_service_thanks').as('kind'),
            'vehicle.id as vehicle_id',
            'vehicle.owner_id as customer_id',
            'first.served_on as reason_on',
            addDaysSql(trx, sql.ref('first.served_on'), SEND_WITHIN_DAYS).as('send_by'),
            eb.val(now).as('created_at'),
          ])
          .where((eb) => wantsLetters(eb))
          .where((eb) => notQueued(eb, 'first_service_thanks'))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('repair_order')
                  .select('repair_order.id')
                  .whereRef('repair_order.vehicle_id', '=', 'vehicle.id')
                  .where('repair_order.type', '=', 'first_service')
                  .where('repair_order.opened_at', '<', from),
              ),
            ),
          )
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('first_service_voucher')
                  .select('first_service_voucher.id')
                  .whereRef('first_service_voucher.vehicle_id', '=', 'vehicle.id')
                  .where('first_service_voucher.service_on', '<', from),
              ),
            ),
          ),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}

/**
 * The queue: open letters whose reason (delivery, first service) is within the last
 * LETTER_WINDOW_DAYS days (a thank-you later than that is not worth sending), or all of them in
 * that window with `includePrinted`. Soonest send-by first.
 */
export async function readLetterQueue(db: Db, today: string, includePrinted: boolean): Promise<QueuedLetter[]> {
  let q = db
    .selectFrom('letter_queue')
    .innerJoin('vehicle', 'vehicle.id', 'letter_queue.vehicle_id')
    .leftJoin('customer', 'customer.id', 'letter_queue.customer_id')
    .select([
      'letter_queue.id',
      'letter_queue.kind',
      'letter_queue.vehicle_id',
      'letter_queue.customer_id',
      'letter_queue.reason_on',
      'letter_queue.send_by',
      'letter_queue.printed_at',
      'vehicle.plate',
      'customer.name as customer_name',
    ])
    .where('letter_queue.reason_on', '>=', addDays(today, -LETTER_WINDOW_DAYS))
    .where((eb) => wantsLetters(eb))
    .orderBy('letter_queue.send_by')
    .orderBy('letter_queue.kind', 'desc')
    .orderBy('letter_queue.id');
  if (!includePrinted) q = q.where('letter_queue.printed_at', 'is', null);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as QueuedLetterKind,
    vehicleId: r.vehicle_id,
    customerId: r.customer_id,
    plate: r.plate,
    customerName: r.customer_name,
    reasonOn: r.reason_on,
    sendBy: r.send_by,
    printedAt: r.printed_at,
  }));
}
