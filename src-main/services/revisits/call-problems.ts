import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { CallKind, CallProblem, Department, Question } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import { addDays } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import type { CallContext } from '../context';

/**
 * 问题客户: a call answered at or below the store's threshold (or whose problem was not fixed)
 * makes one problem per department concerned, with the customer's words; each carries its own
 * quick-handling form (快速处理表: owner, action, result, done). `complaint_id` is left for the
 * complaints work, which turns a problem into a complaint and links it here.
 */

/** A question that scores no department (总体评价) lands on 接待: the front desk owns the whole visit. */
export const UNASSIGNED_DEPARTMENT: Department = 'reception';
/** 问题未解决 without a low answer: the repair did not fix it, the workshop's. */
export const UNFIXED_DEPARTMENT: Department = 'workshop';

/** The departments concerned and the questions that put each there, in the questionnaire's order. */
export function problemsOf(dissatisfied: readonly Question[], unfixed: boolean): Map<Department, string[]> {
  const out = new Map<Department, string[]>();
  for (const q of dissatisfied) {
    const department = q.department ?? UNASSIGNED_DEPARTMENT;
    out.set(department, [...(out.get(department) ?? []), q.text]);
  }
  if (unfixed) {
    const department = dissatisfied.length > 0 ? [...out.keys()][0]! : UNFIXED_DEPARTMENT;
    out.set(department, [...(out.get(department) ?? []), '问题未解决']);
  }
  return out;
}

export async function createProblems(
  trx: Db,
  ctx: CallContext,
  at: string,
  callId: number,
  problems: Map<Department, string[]>,
  words: string,
): Promise<void> {
  for (const [department, questions] of problems) {
    const inserted = await trx
      .insertInto('call_problem')
      .values({
        call_id: callId,
        department,
        questions_json: JSON.stringify(questions),
        words,
        owner_user_id: null,
        complaint_id: null,
        done_at: null,
        done_by: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, at, {
      action: 'callProblem.create',
      entity: 'call_problem',
      entityId: inserted.id,
      after: { callId, department, questions, words },
    });
  }
}

function problemsQuery(db: Db) {
  return db
    .selectFrom('call_problem as p')
    .innerJoin('revisit_call as k', 'k.id', 'p.call_id')
    .leftJoin('customer as c', 'c.id', 'k.customer_id')
    .leftJoin('vehicle as v', 'v.id', 'k.vehicle_id')
    .leftJoin('repair_order as r', 'r.id', 'k.ro_id')
    .leftJoin('app_user as u', 'u.id', 'p.owner_user_id')
    .select([
      'p.id',
      'p.call_id',
      'p.department',
      'p.questions_json',
      'p.words',
      'p.owner_user_id',
      'p.action',
      'p.result',
      'p.done_at',
      'p.done_by',
      'p.complaint_id',
      'p.created_at',
      'p.version',
      'k.call_key',
      'k.kind',
      'k.customer_id',
      'c.name as customer_name',
      'c.mobile',
      'v.plate',
      'r.ro_number',
      'u.name as owner_name',
    ]);
}

type ProblemRecord = Awaited<ReturnType<ReturnType<typeof problemsQuery>['executeTakeFirstOrThrow']>>;

function toCallProblem(r: ProblemRecord): CallProblem {
  return {
    id: r.id,
    callId: r.call_id,
    callKey: r.call_key,
    kind: r.kind as CallKind,
    customerId: r.customer_id,
    customerName: r.customer_name,
    phone: r.mobile,
    plate: r.plate,
    roNumber: r.ro_number,
    department: r.department as Department,
    questions: JSON.parse(r.questions_json) as string[],
    words: r.words,
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_name,
    action: r.action,
    result: r.result,
    doneAt: r.done_at,
    doneBy: r.done_by,
    complaintId: r.complaint_id,
    createdAt: r.created_at,
  };
}

export async function problemsOfCall(db: Db, callId: number): Promise<CallProblem[]> {
  const rows = await problemsQuery(db).where('p.call_id', '=', callId).orderBy('p.id').execute();
  return rows.map(toCallProblem);
}

export async function problemById(db: Db, id: number): Promise<CallProblem> {
  const row = await problemsQuery(db).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('问题客户记录', id);
  return toCallProblem(row);
}

/** Open ones oldest first (the longest waiting at the top); done and all newest first. */
export async function listProblems(db: Db, input: ParsedInputOf<'callProblems.list'>): Promise<CallProblem[]> {
  let q = problemsQuery(db);
  if (input.state === 'open') q = q.where('p.done_at', 'is', null);
  if (input.state === 'done') q = q.where('p.done_at', 'is not', null);
  if (input.from) q = q.where('p.created_at', '>=', input.from);
  if (input.to) q = q.where('p.created_at', '<', addDays(input.to, 1));
  const rows = await q
    .orderBy('p.created_at', input.state === 'open' ? 'asc' : 'desc')
    .orderBy('p.id', input.state === 'open' ? 'asc' : 'desc')
    .limit(1000)
    .execute();
  return rows.map(toCallProblem);
}

/**
 * The quick-handling form. Marking it done needs a result (what was done is what the form is for);
 * un-ticking done clears who and when. Guarded by the row's version against a concurrent edit.
 */
export async function updateProblem(
  trx: Db,
  input: ParsedInputOf<'callProblems.update'>,
  ctx: CallContext,
  at: string,
): Promise<void> {
  const before = await trx.selectFrom('call_problem').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!before) throw AppError.notFound('问题客户记录', input.id);
  if (input.ownerUserId !== undefined && input.ownerUserId !== null) {
    const user = await trx
      .selectFrom('app_user')
      .select(['id', 'is_active'])
      .where('id', '=', input.ownerUserId)
      .executeTakeFirst();
    if (user?.is_active !== 1) throw AppError.validation('ownerUserId', '责任人', '找不到这个用户或已停用，请重新选择');
  }
  const result = input.result ?? before.result;
  const done = input.done ?? before.done_at !== null;
  if (done && before.done_at === null && result.trim() === '')
    throw AppError.validation('result', '处理结果', '标记“已完成”前请填写处理结果');
  const by = ctx.session.user?.name ?? (ctx.door === 'cli' ? '命令行' : '系统');
  const changes = {
    department: input.department ?? before.department,
    owner_user_id: input.ownerUserId === undefined ? before.owner_user_id : input.ownerUserId,
    action: input.action ?? before.action,
    result,
    done_at: done ? (before.done_at ?? at) : null,
    done_by: done ? (before.done_by ?? by) : null,
  };
  if (changes.department !== before.department) {
    const taken = await trx
      .selectFrom('call_problem')
      .select('id')
      .where('call_id', '=', before.call_id)
      .where('department', '=', changes.department)
      .executeTakeFirst();
    if (taken) throw AppError.validation('department', '部门', '这通电话在这个部门已有一条问题记录，请在那一条上处理');
  }
  const updated = await trx
    .updateTable('call_problem')
    .set({ ...changes, updated_at: at, version: before.version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '这条问题记录刚被别人改过，请刷新后再改。');
  await writeAudit(trx, ctx, at, {
    action: 'callProblem.update',
    entity: 'call_problem',
    entityId: before.id,
    before: {
      department: before.department,
      ownerUserId: before.owner_user_id,
      action: before.action,
      result: before.result,
      doneAt: before.done_at,
      doneBy: before.done_by,
    },
    after: {
      department: changes.department,
      ownerUserId: changes.owner_user_id,
      action: changes.action,
      result: changes.result,
      doneAt: changes.done_at,
      doneBy: changes.done_by,
    },
  });
}
