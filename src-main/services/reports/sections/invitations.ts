import type { InvitationFunnel, InvitationSection } from '../../../../src-shared/domain/reports';
import type { Db } from '../../../db/database';
import { type PeriodBounds, percentText, rateOf } from '../report-period';

/**
 * 招揽 funnel over the invitation rows due in a period (not removed from their list): listed →
 * letter sent → called (an invitation_call) → booked (a call that booked) → came (came_on). One
 * aggregate statement; the calls by invitation_call_row.
 */
export async function invitationFunnel(db: Db, from: string, to: string): Promise<InvitationFunnel> {
  const row = await db
    .selectFrom('invitation_row as r')
    .select((eb) => {
      const called = eb.exists(eb.selectFrom('invitation_call as k').select('k.id').whereRef('k.row_id', '=', 'r.id'));
      const booked = eb.exists(
        eb
          .selectFrom('invitation_call as k')
          .select('k.id')
          .whereRef('k.row_id', '=', 'r.id')
          .where('k.result', '=', 'booked'),
      );
      const flag = (condition: Parameters<typeof eb.case>[0]) =>
        eb.fn.sum<number>(eb.case().when(condition).then(1).else(0).end());
      return [
        eb.fn.countAll<number>().as('listed'),
        flag(eb('r.letter_sent_on', 'is not', null)).as('letter'),
        flag(called).as('called'),
        flag(booked).as('booked'),
        flag(eb('r.came_on', 'is not', null)).as('came'),
      ];
    })
    .where('r.removed_at', 'is', null)
    .where('r.due_on', '>=', from)
    .where('r.due_on', '<=', to)
    .executeTakeFirst();
  const listed = Number(row?.listed ?? 0);
  const came = Number(row?.came ?? 0);
  return {
    listed,
    letter: Number(row?.letter ?? 0),
    called: Number(row?.called ?? 0),
    booked: Number(row?.booked ?? 0),
    came,
    conversion: rateOf(came, listed),
  };
}

/**
 * 招揽: letters sent in the period (invitation_row_letter_sent) and of those the vehicles that came
 * since (so far); the funnel of the rows due in the period.
 */
export async function invitationSection(db: Db, p: PeriodBounds): Promise<InvitationSection> {
  const letters = await db
    .selectFrom('invitation_row')
    .select((eb) => [eb.fn.countAll<number>().as('sent'), eb.fn.count<number>('came_on').as('came')])
    .where('letter_sent_on', '>=', p.from)
    .where('letter_sent_on', '<=', p.to)
    .executeTakeFirst();
  const funnel = await invitationFunnel(db, p.from, p.to);
  const sent = Number(letters?.sent ?? 0);
  const came = Number(letters?.came ?? 0);
  return {
    lettersSent: sent,
    lettersCame: came,
    funnel,
    formula:
      `招揽转化率 = 已进厂 / 应招揽 = ${funnel.came} / ${funnel.listed} = ${percentText(funnel.conversion)}；` +
      `本期寄出 ${sent} 封信，至今已进厂 ${came} 台（${percentText(rateOf(came, sent))}）`,
  };
}
