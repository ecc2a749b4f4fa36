import type { Answer, Question, RevisitSettings } from '../../../src-shared/domain/revisits';
import type { Db } from '../../db/database';
import { isDissatisfied } from '../revisits/questionnaires';

/** A questionnaire version a call asked, its questions by key. */
export interface AskedQuestionnaire {
  id: number;
  kind: string;
  version: number;
  questions: Map<string, Question>;
}

/** The questionnaire versions the calls asked (few), each read once. */
export async function askedQuestionnaires(db: Db, ids: readonly number[]): Promise<AskedQuestionnaire[]> {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return [];
  const rows = await db
    .selectFrom('questionnaire')
    .select(['id', 'kind', 'version', 'questions_json'])
    .where('id', 'in', distinct)
    .execute();
  return rows.map((q) => ({
    id: q.id,
    kind: q.kind,
    version: q.version,
    questions: new Map((JSON.parse(q.questions_json) as Question[]).map((x) => [x.key, x])),
  }));
}

/**
 * A call's answers that count for satisfaction: on a question of the version asked, not a 选项
 * question, with a value (未回答 not counted); satisfied = not at or below the store's problem
 * threshold. In the order answered.
 */
export function scoredAnswers(
  answersJson: string,
  asked: ReadonlyMap<string, Question>,
  settings: RevisitSettings,
): { question: Question; satisfied: boolean }[] {
  const out: { question: Question; satisfied: boolean }[] = [];
  for (const a of JSON.parse(answersJson) as Answer[]) {
    const question = asked.get(a.key);
    if (!question || question.scale === 'choice' || a.value === null) continue;
    out.push({ question, satisfied: !isDissatisfied(question.scale, a.value, settings) });
  }
  return out;
}
