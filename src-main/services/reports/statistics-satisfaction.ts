import type { Department, Question, RevisitSettings } from '../../../src-shared/domain/revisits';
import { addDays } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { askedQuestionnaires, scoredAnswers } from './scored-answers';

/** One scored answer of a call: a question with a department, not a choice, not left blank. */
export interface ScoredAnswer {
  department: Department;
  satisfied: boolean;
}

/** A revisit call closed with a questionnaire, with its scored answers. */
export interface AnsweredCall {
  id: number;
  callKey: string;
  closedAt: string;
  vehicleId: number | null;
  roId: number | null;
  plate: string | null;
  customerName: string | null;
  roNumber: string | null;
  answers: ScoredAnswer[];
}

/**
 * The calls closed ('done') from `from` to `to` (inclusive days) with a questionnaire, each with its
 * answers that count for satisfaction: on a question of a department, whose scale is not a choice,
 * with a value (未回答 not counted); satisfied = not at or below the store's threshold. One range on
 * revisit_call.closed_at; the questionnaires (few versions) read once each.
 */
export async function answeredCalls(
  db: Db,
  from: string,
  to: string,
  settings: RevisitSettings,
): Promise<AnsweredCall[]> {
  const rows = await db
    .selectFrom('revisit_call as c')
    .leftJoin('vehicle as v', 'v.id', 'c.vehicle_id')
    .leftJoin('customer as cu', 'cu.id', 'c.customer_id')
    .leftJoin('repair_order as r', 'r.id', 'c.ro_id')
    .select([
      'c.id',
      'c.call_key',
      'c.closed_at',
      'c.vehicle_id',
      'c.ro_id',
      'c.questionnaire_id',
      'c.answers_json',
      'v.plate',
      'cu.name as customer_name',
      'r.ro_number',
    ])
    .where('c.state', '=', 'done')
    .where('c.closed_at', '>=', from)
    .where('c.closed_at', '<', addDays(to, 1))
    .where('c.questionnaire_id', 'is not', null)
    .orderBy('c.closed_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  const asked = await askedQuestionnaires(
    db,
    rows.map((r) => r.questionnaire_id as number),
  );
  const questions = new Map(asked.map((q) => [q.id, q.questions]));
  return rows.map((r) => {
    const byKey = questions.get(r.questionnaire_id as number) ?? new Map<string, Question>();
    const answers: ScoredAnswer[] = [];
    for (const { question, satisfied } of scoredAnswers(r.answers_json, byKey, settings))
      if (question.department !== null) answers.push({ department: question.department, satisfied });
    return {
      id: r.id,
      callKey: r.call_key,
      closedAt: r.closed_at as string,
      vehicleId: r.vehicle_id,
      roId: r.ro_id,
      plate: r.plate ?? null,
      customerName: r.customer_name ?? null,
      roNumber: r.ro_number ?? null,
      answers,
    };
  });
}
