import type { Selectable } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import {
  type Answer,
  type CallKind,
  type Question,
  type Questionnaire,
  type QuestionnaireKind,
  type RevisitSettings,
  SCALE_RANGE,
  type Scale,
} from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { QuestionnaireTable } from '../../db/schema';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext } from '../context';

/**
 * 回访问卷: the store's questions per call kind, versioned. One current version per kind. A version
 * that answers were recorded with (a revisit_call points at it) is never changed: saving makes the
 * next version and moves `is_current` to it; an unused current version is updated in place.
 */

type QuestionnaireRow = Selectable<QuestionnaireTable>;

function toQuestionnaire(r: QuestionnaireRow, inUse: boolean): Questionnaire {
  return {
    id: r.id,
    kind: r.kind as QuestionnaireKind,
    version: r.version,
    title: r.title,
    questions: JSON.parse(r.questions_json) as Question[],
    createdAt: r.created_at,
    createdBy: r.created_by,
    inUse,
    isCurrent: r.is_current === 1,
  };
}

async function usedIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('revisit_call')
    .select('questionnaire_id')
    .distinct()
    .where('questionnaire_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.questionnaire_id).filter((id): id is number => id !== null));
}

/**
 * The questionnaire kind a call asks. With `mergeCsiWithFollowup` the 7-day follow-up is the one
 * call after a visit, so it asks the CSI questionnaire (whose 维修质量 and 总体评价 cover the 7-day
 * questions; whether the problem was fixed is the call's own field on every call). A callback asks
 * what the call it continues asks.
 */
export function questionnaireKindFor(kind: CallKind, settings: RevisitSettings): QuestionnaireKind | null {
  if (kind === 'followup7' && settings.mergeCsiWithFollowup) return 'csi';
  if (kind === 'callback') return null;
  return kind;
}

/** One questionnaire with whether answers were recorded with it, in one statement (the call screen reads it each time). */
function withInUse(db: Db) {
  return db
    .selectFrom('questionnaire as q')
    .selectAll('q')
    .select((eb) =>
      eb
        .exists(eb.selectFrom('revisit_call as k').select('k.id').whereRef('k.questionnaire_id', '=', 'q.id'))
        .as('in_use'),
    );
}

export async function currentQuestionnaire(db: Db, kind: QuestionnaireKind): Promise<Questionnaire | null> {
  const row = await withInUse(db).where('q.kind', '=', kind).where('q.is_current', '=', 1).executeTakeFirst();
  return row ? toQuestionnaire(row, Boolean(row.in_use)) : null;
}

export async function questionnaireById(db: Db, id: number): Promise<Questionnaire | null> {
  const row = await withInUse(db).where('q.id', '=', id).executeTakeFirst();
  return row ? toQuestionnaire(row, Boolean(row.in_use)) : null;
}

export async function listQuestionnaires(
  db: Db,
  input: ParsedInputOf<'questionnaires.list'>,
): Promise<Questionnaire[]> {
  let q = db.selectFrom('questionnaire').selectAll();
  if (input.kind) q = q.where('kind', '=', input.kind);
  if (!input.history) q = q.where('is_current', '=', 1);
  const rows = await q.orderBy('kind').orderBy('version', 'desc').execute();
  const used = await usedIds(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toQuestionnaire(r, used.has(r.id)));
}

/** Saves the kind's questionnaire: in place when its current version is unused, else as the next version. */
export async function saveQuestionnaire(
  trx: Db,
  input: ParsedInputOf<'questionnaires.save'>,
  ctx: CallContext,
  at: string,
): Promise<number> {
  const questions: Question[] = input.questions.map((x) => ({
    key: x.key,
    text: x.text,
    scale: x.scale,
    department: x.department,
    // Options belong to choice questions only: a scale switched away from 选项 drops them.
    options: x.scale === 'choice' ? x.options : [],
  }));
  const current = await trx
    .selectFrom('questionnaire')
    .selectAll()
    .where('kind', '=', input.kind)
    .where('is_current', '=', 1)
    .executeTakeFirst();
  const inUse = current ? (await usedIds(trx, [current.id])).has(current.id) : false;
  const before = current
    ? { version: current.version, title: current.title, questions: JSON.parse(current.questions_json) }
    : null;
  if (current && !inUse) {
    // Nobody was asked this version yet: it becomes what was saved, written now by this user.
    await trx
      .updateTable('questionnaire')
      .set({
        title: input.title,
        questions_json: JSON.stringify(questions),
        created_at: at,
        created_by: actorName(ctx),
      })
      .where('id', '=', current.id)
      .execute();
    await writeAudit(trx, ctx, at, {
      action: 'questionnaire.update',
      entity: 'questionnaire',
      entityId: current.id,
      before,
      after: { version: current.version, title: input.title, questions },
    });
    return current.id;
  }
  const last = await trx
    .selectFrom('questionnaire')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('kind', '=', input.kind)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  // One current version per kind (a unique partial index): the old one steps down first.
  if (current) await trx.updateTable('questionnaire').set({ is_current: 0 }).where('id', '=', current.id).execute();
  const inserted = await trx
    .insertInto('questionnaire')
    .values({
      kind: input.kind,
      version,
      title: input.title,
      questions_json: JSON.stringify(questions),
      is_current: 1,
      created_at: at,
      created_by: actorName(ctx),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, ctx, at, {
    action: 'questionnaire.newVersion',
    entity: 'questionnaire',
    entityId: inserted.id,
    before,
    after: { version, title: input.title, questions, previousId: current?.id ?? null },
  });
  return inserted.id;
}

// ---- answers ----

/** Whether an answer is at or below the store's threshold (yes/no: 不满意 always; choices never). */
export function isDissatisfied(scale: Scale, value: number | null, settings: RevisitSettings): boolean {
  if (value === null) return false;
  switch (scale) {
    case 'yesno':
      return value === 0;
    case 'five':
      return value <= settings.problemAtOrBelow.five;
    case 'ten':
      return value <= settings.problemAtOrBelow.ten;
    case 'nps':
      return value <= settings.problemAtOrBelow.nps;
    case 'choice':
      return false;
  }
}

function rangeText(q: Question): string {
  if (q.scale === 'choice') return `选项序号 0-${q.options.length - 1}`;
  const r = SCALE_RANGE[q.scale];
  return `${r.min}-${r.max}`;
}

/**
 * Checks answers against the version asked: each key a question of it (once), each value on the
 * question's scale (a choice: the index of one of its options). Returns them in the questionnaire's
 * order with the questions answered at or below the threshold.
 */
export function checkAnswers(
  questionnaire: Questionnaire,
  answers: readonly Answer[],
  settings: RevisitSettings,
): { answers: Answer[]; dissatisfied: Question[] } {
  const byKey = new Map(questionnaire.questions.map((q) => [q.key, q]));
  const given = new Map<string, number | null>();
  answers.forEach((a, i) => {
    const q = byKey.get(a.key);
    if (!q)
      throw AppError.validation(
        `answers.${i}.key`,
        '问卷回答',
        `“${a.key}”不是问卷“${questionnaire.title}”（第 ${questionnaire.version} 版）的题目，请刷新后重新填写`,
      );
    if (given.has(a.key)) throw AppError.validation(`answers.${i}.key`, q.text, '这道题回答了两次');
    if (a.value !== null) {
      const range = SCALE_RANGE[q.scale];
      const max = q.scale === 'choice' ? q.options.length - 1 : range.max;
      if (!Number.isInteger(a.value) || a.value < range.min || a.value > max)
        throw AppError.validation(`answers.${i}.value`, q.text, `分数超出量表（${rangeText(q)}），现在是 ${a.value}`);
    }
    given.set(a.key, a.value);
  });
  const ordered: Answer[] = questionnaire.questions
    .filter((q) => given.has(q.key))
    .map((q) => ({ key: q.key, value: given.get(q.key) ?? null }));
  const dissatisfied = questionnaire.questions.filter((q) =>
    isDissatisfied(q.scale, given.get(q.key) ?? null, settings),
  );
  return { answers: ordered, dissatisfied };
}
