import type {
  DepartmentSatisfaction,
  QuestionSatisfaction,
  SatisfactionSection,
} from '../../../../src-shared/domain/reports';
import {
  DEPARTMENTS,
  type Department,
  QUESTIONNAIRE_KINDS,
  type Question,
  type RevisitSettings,
} from '../../../../src-shared/domain/revisits';
import type { Db } from '../../../db/database';
import { type PeriodBounds, percentText, rateOf } from '../report-period';
import { askedQuestionnaires, scoredAnswers } from '../scored-answers';

interface Tally {
  answers: number;
  satisfied: number;
}

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) {
    t = { answers: 0, satisfied: 0 };
    map.set(key, t);
  }
  return t;
}

/**
 * 满意度: the calls closed as 已回访 in the period with a questionnaire (revisit_call_closed), each
 * scored answer (not 未回答, not a 选项 question) judged against the store's problem threshold with
 * the questionnaire version the call asked. Per question (by key: stable across versions; text,
 * scale and department of the newest version asked), per department, overall. A department's
 * problems are the 问题客户 rows of those calls.
 */
export async function satisfactionSection(
  db: Db,
  p: PeriodBounds,
  settings: RevisitSettings,
): Promise<SatisfactionSection> {
  const calls = await db
    .selectFrom('revisit_call')
    .select(['id', 'questionnaire_id', 'answers_json'])
    .where('closed_at', '>=', p.from)
    .where('closed_at', '<', p.end)
    .where('state', '=', 'done')
    .where('questionnaire_id', 'is not', null)
    .execute();
  const questionnaires = await askedQuestionnaires(
    db,
    calls.map((c) => c.questionnaire_id!),
  );
  const questionsOf = new Map(questionnaires.map((q) => [q.id, q.questions]));

  // The question rows in the questionnaires' order: by kind, the newest version first.
  const kindRank = (kind: string) => (QUESTIONNAIRE_KINDS as readonly string[]).indexOf(kind);
  const ordered = [...questionnaires].sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || b.version - a.version);
  const questionOf = new Map<string, Question>();
  for (const q of ordered) for (const x of q.questions.values()) if (!questionOf.has(x.key)) questionOf.set(x.key, x);

  const byQuestion = new Map<string, Tally>();
  const byDepartment = new Map<Department, Tally>();
  const overall: Tally = { answers: 0, satisfied: 0 };
  const count = (t: Tally, satisfied: boolean) => {
    t.answers++;
    if (satisfied) t.satisfied++;
  };
  for (const call of calls) {
    const asked = questionsOf.get(call.questionnaire_id!);
    if (!asked) continue;
    for (const { question: q, satisfied } of scoredAnswers(call.answers_json, asked, settings)) {
      count(tallyOf(byQuestion, q.key), satisfied);
      count(overall, satisfied);
      if (q.department !== null) count(tallyOf(byDepartment, q.department), satisfied);
    }
  }

  const problems = new Map<Department, number>();
  if (calls.length > 0) {
    const rows = await db
      .selectFrom('call_problem as p')
      .innerJoin('revisit_call as k', 'k.id', 'p.call_id')
      .select(['p.department'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('k.closed_at', '>=', p.from)
      .where('k.closed_at', '<', p.end)
      .where('k.state', '=', 'done')
      .where('k.questionnaire_id', 'is not', null)
      .groupBy('p.department')
      .execute();
    for (const r of rows) problems.set(r.department as Department, Number(r.n));
  }

  const questions: QuestionSatisfaction[] = [...questionOf.values()]
    .filter((q) => byQuestion.has(q.key))
    .map((q) => {
      const t = byQuestion.get(q.key)!;
      return {
        key: q.key,
        text: q.text,
        scale: q.scale,
        department: q.department,
        answers: t.answers,
        satisfied: t.satisfied,
        rate: rateOf(t.satisfied, t.answers),
      };
    });
  const departments: DepartmentSatisfaction[] = DEPARTMENTS.filter((d) => byDepartment.has(d) || problems.has(d)).map(
    (department) => {
      const t = byDepartment.get(department) ?? { answers: 0, satisfied: 0 };
      return {
        department,
        answers: t.answers,
        satisfied: t.satisfied,
        rate: rateOf(t.satisfied, t.answers),
        problems: problems.get(department) ?? 0,
      };
    },
  );
  const overallRate = rateOf(overall.satisfied, overall.answers);
  const limit = settings.problemAtOrBelow;
  return {
    calls: calls.length,
    questions,
    departments,
    overall: { ...overall, rate: overallRate },
    formula:
      '部门满意率 = 该部门题目的满意回答数 / 该部门题目的回答数（未回答和选项题不计）；' +
      `满意 = 高于问题线（五级 ≤${limit.five}、1-10 分 ≤${limit.ten}、NPS ≤${limit.nps} 为不满意，满意/不满意题按“不满意”）；` +
      `总满意率 = ${overall.satisfied} / ${overall.answers} = ${percentText(overallRate)}`,
  };
}
