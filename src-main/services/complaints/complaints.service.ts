import type { Updateable } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import {
  COMPLAINT_STATE_LABELS,
  COMPLAINT_VERDICT_LABELS,
  type Complaint,
  type ComplaintLevel,
  type ComplaintSettings,
  type ComplaintState,
  type ComplaintSummary,
  type ComplaintVerdict,
  REOPENING_VERDICTS,
  type ResponseHours,
} from '../../../src-shared/domain/complaints';
import type { CallState } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import { addDays, dateOf, nowInstant, timeZoneOf, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { RevisitCallTable } from '../../db/schema';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import type { CallRecordedListener, CallRow } from '../revisits/calls.service';
import { readComplaintSettings, writeComplaintSettings } from './complaint-settings';
import {
  actionsOf,
  type ComplaintRow,
  callbacksOf,
  complaintCallKey,
  complaintRow,
  complaintsQuery,
  nextComplaintNo,
  toSummary,
} from './complaints.queries';
import { addWorkingDays } from './working-days';

/**
 * 投诉: the complaints closed loop. Registered from any channel or from a problem call; handled by
 * its owner (actions); resolved; called back (二次回访, in the 回访 queue as callback:complaint:N)
 * until the customer's verdict closes it (是否闭环) or 不满意 reopens it. Deadlines: 处理时效 in
 * hours, the resolution in Chinese working days (working-days.ts).
 *
 * The rules, as decided here:
 * - 处理时效 (respondBy) = openedAt + the hours (立即: openedAt itself); the first action is the
 *   response (respondedAt), and so is the resolution when no action came before it.
 * - 解决期限 (resolveBy) = the resolveWorkingDays-th Chinese working day after the day it was
 *   opened, unless set by hand (never before that day). An edit keeps it unless it is set by hand
 *   again or the working days change (then it is counted again from the opening day).
 * - A complaint closes only through a callback (二次回访) with the customer's verdict and 是否闭环
 *   (complaints.recordCallback, or the 回访 call callback:complaint:N recorded as reached). 不满意
 *   or 未闭环 reopens it: state open again, reopened + 1, the resolution fields cleared (the
 *   resolution is kept in the actions, written there when it was recorded, with the callback's
 *   verdict as an action "二次回访：不满意，重新处理"), and a fresh resolution deadline counted from
 *   the day it was reopened.
 * - The callback's call record (revisit_call, key callback:complaint:N, one per key): a complaint
 *   resolved again after a reopening is called again under the same key, so resolving reopens that
 *   record in the same transaction (state open, due the day of the resolution, the attempt counter
 *   and callback time cleared so the queue's limits count the new round; the attempts themselves
 *   stay in revisit_attempt and on the call screen). A callback recorded on the complaint page
 *   while its call is still open cancels that call (it is no longer needed).
 * - Every write is under the complaint's version (stale → CONFLICT) and audited.
 */
export class ComplaintsService implements CallRecordedListener {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  // ---- reading ----

  async list(input: ParsedInputOf<'complaints.list'>): Promise<ComplaintSummary[]> {
    const now = this.clock.now();
    const today = todayDate(now);
    if (input.from && input.to && input.to < input.from)
      throw AppError.validation('to', '结束日期', `${input.to} 早于开始日期 ${input.from}，请重新选择`);
    let q = complaintsQuery(this.db);
    const any = input.state === 'active' || input.state === 'overdue';
    if (any) {
      // Still open or waiting for the callback, whatever its age (complaint_state); a period only when asked for.
      q = q.where('k.state', 'in', ['open', 'resolved']);
      if (input.from) q = q.where('k.opened_at', '>=', input.from);
      if (input.to) q = q.where('k.opened_at', '<', addDays(input.to, 1));
    } else {
      // Opened in the period (complaint_opened): instants carry the store's offset, the day is their prefix.
      const to = input.to ?? today;
      const from = input.from ?? addDays(to, -89);
      q = q.where('k.opened_at', '>=', from).where('k.opened_at', '<', addDays(to, 1));
      if (input.state !== 'all') q = q.where('k.state', '=', input.state);
    }
    if (input.ownerUserId !== undefined) q = q.where('k.owner_user_id', '=', input.ownerUserId);
    const rows = await q.orderBy('k.opened_at', 'desc').orderBy('k.id', 'desc').limit(5000).execute();
    const list = rows.map((r) => toSummary(r, now.getTime(), today));
    return input.state === 'overdue'
      ? list.filter((c) => c.overdue.response || c.overdue.resolution || c.overdue.callback)
      : list;
  }

  async get(id: number): Promise<Complaint> {
    const now = this.clock.now();
    const row = await complaintsQuery(this.db).where('k.id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('投诉', id);
    const [actions, callbacks] = await Promise.all([actionsOf(this.db, id), callbacksOf(this.db, id)]);
    return { ...toSummary(row, now.getTime(), todayDate(now)), actions, callbacks };
  }

  // ---- registering and editing ----

  async create(input: ParsedInputOf<'complaints.create'>, ctx: CallContext): Promise<Complaint> {
    const now = this.clock.now();
    const at = nowInstant(now);
    const settings = await readComplaintSettings(this.db);
    const by = actorName(ctx);
    const id = await this.db.transaction().execute(async (trx) => {
      // From a problem call (回访 → 问题客户): its call gives the customer, vehicle, RO and words.
      let carried: { callId: number; customerId: number | null; vehicleId: number | null; roId: number | null } | null =
        null;
      let words = '';
      if (input.callProblemId !== null) {
        const problem = await trx
          .selectFrom('call_problem as p')
          .innerJoin('revisit_call as k', 'k.id', 'p.call_id')
          .leftJoin('complaint as t', 't.id', 'p.complaint_id')
          .select([
            'p.id',
            'p.words',
            'p.questions_json',
            'k.id as call_id',
            'k.customer_id',
            'k.vehicle_id',
            'k.ro_id',
          ])
          .select(['t.no as complaint_no'])
          .where('p.id', '=', input.callProblemId)
          .executeTakeFirst();
        if (!problem) throw AppError.notFound('问题客户记录', input.callProblemId);
        if (problem.complaint_no !== null)
          throw new AppError('CONFLICT', `这个问题客户已经转为投诉 ${problem.complaint_no}，请在那条投诉上处理。`);
        carried = {
          callId: problem.call_id,
          customerId: problem.customer_id,
          vehicleId: problem.vehicle_id,
          roId: problem.ro_id,
        };
        words = problem.words.trim() || (JSON.parse(problem.questions_json) as string[]).join('、');
      }
      const customerId = input.customerId ?? carried?.customerId ?? null;
      const roId = input.roId ?? (input.vehicleId === null ? (carried?.roId ?? null) : null);
      const vehicleId = input.vehicleId ?? carried?.vehicleId ?? null;
      const subject = await this.checkSubject(trx, customerId, vehicleId, roId);
      const description = input.description.trim() === '' ? words : input.description;
      if (description.trim() === '')
        throw AppError.validation('description', '客户反映', '请填写客户反映的问题（客户原话）');

      const openedAt = input.openedAt === null ? at : nowInstant(new Date(Date.parse(input.openedAt)), timeZoneOf(now));
      if (Date.parse(openedAt) > now.getTime())
        throw AppError.validation(
          'openedAt',
          '登记时间',
          `${shortTime(openedAt)} 还没到（现在 ${shortTime(at)}），不能晚于现在`,
        );
      const openedOn = dateOf(openedAt);
      const hours = input.respondWithinHours ?? settings.responseHours[input.level];
      const workingDays = input.resolveWorkingDays ?? settings.resolveWorkingDays;
      const resolve = this.resolveDeadline(openedOn, workingDays, input.resolveBy);
      await checkOwner(trx, input.ownerUserId);

      const values = {
        no: await nextComplaintNo(trx, openedOn.slice(0, 7)),
        channel: input.channel,
        customer_id: subject.customerId,
        vehicle_id: subject.vehicleId,
        ro_id: subject.roId,
        department: input.department,
        secondary_departments_json: JSON.stringify(secondaryOf(input.department, input.secondaryDepartments)),
        type: input.type,
        level: input.level,
        description,
        demand: input.demand,
        opened_at: openedAt,
        opened_by: by,
        respond_within_hours: hours,
        respond_by: plusHours(openedAt, hours, now),
        responded_at: null,
        resolve_working_days: workingDays,
        resolve_by: resolve.date,
        resolve_by_approximate: resolve.approximate ? 1 : 0,
        owner_user_id: input.ownerUserId,
        customer_accepted: null,
        resolved_at: null,
        resolved_by: null,
        callback_due_by: null,
        verdict: null,
        closed_loop: null,
        closed_at: null,
        closed_by: null,
        state: 'open',
        call_problem_id: input.callProblemId,
        call_id: carried?.callId ?? null,
        created_at: at,
        updated_at: at,
      };
      const inserted = await trx.insertInto('complaint').values(values).returning('id').executeTakeFirstOrThrow();
      if (input.callProblemId !== null) {
        const linked = await trx
          .updateTable('call_problem')
          .set((eb) => ({ complaint_id: inserted.id, updated_at: at, version: eb('version', '+', 1) }))
          .where('id', '=', input.callProblemId)
          .where('complaint_id', 'is', null)
          .executeTakeFirst();
        if (Number(linked.numUpdatedRows) !== 1)
          throw new AppError('CONFLICT', '这个问题客户刚被别人转为投诉，请刷新后查看。');
        await writeAudit(trx, ctx, at, {
          action: 'callProblem.toComplaint',
          entity: 'call_problem',
          entityId: input.callProblemId,
          before: { complaintId: null },
          after: { complaintId: inserted.id, complaintNo: values.no },
        });
      }
      await writeAudit(trx, ctx, at, {
        action: 'complaint.create',
        entity: 'complaint',
        entityId: inserted.id,
        after: auditValues(values),
      });
      return inserted.id;
    });
    return this.get(id);
  }

  async update(input: ParsedInputOf<'complaints.update'>, ctx: CallContext): Promise<Complaint> {
    const now = this.clock.now();
    const at = nowInstant(now);
    const settings = await readComplaintSettings(this.db);
    await this.db.transaction().execute(async (trx) => {
      const before = await this.current(trx, input.id, input.version);
      if (before.state === 'closed')
        throw AppError.validation('id', '投诉', `投诉 ${before.no} 已闭环，不能再修改登记内容`);
      const openedOn = dateOf(before.opened_at);
      const level = input.level;
      // Absent 处理时效: the level's, when the level changed; otherwise as it was.
      const hours =
        input.respondWithinHours ??
        (level === before.level ? (before.respond_within_hours as ResponseHours) : settings.responseHours[level]);
      const workingDays = input.resolveWorkingDays ?? before.resolve_working_days;
      const resolve =
        input.resolveBy !== null || workingDays !== before.resolve_working_days
          ? this.resolveDeadline(openedOn, workingDays, input.resolveBy)
          : { date: before.resolve_by, approximate: before.resolve_by_approximate === 1 };
      if (input.ownerUserId !== before.owner_user_id) await checkOwner(trx, input.ownerUserId);
      const changes = {
        department: input.department,
        secondary_departments_json: JSON.stringify(secondaryOf(input.department, input.secondaryDepartments)),
        type: input.type,
        level,
        description: input.description,
        demand: input.demand,
        respond_within_hours: hours,
        respond_by: plusHours(before.opened_at, hours, now),
        resolve_working_days: workingDays,
        resolve_by: resolve.date,
        resolve_by_approximate: resolve.approximate ? 1 : 0,
        owner_user_id: input.ownerUserId,
      };
      await this.write(trx, before, changes, at);
      await writeAudit(trx, ctx, at, {
        action: 'complaint.update',
        entity: 'complaint',
        entityId: before.id,
        before: auditValues(pick(before, Object.keys(changes) as (keyof typeof changes)[])),
        after: auditValues(changes),
      });
    });
    return this.get(input.id);
  }

  /** One step taken (处理过程); the first one is the response (respondedAt). */
  async addAction(input: ParsedInputOf<'complaints.addAction'>, ctx: CallContext): Promise<Complaint> {
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      const before = await this.current(trx, input.id, input.version);
      if (before.state === 'closed')
        throw AppError.validation('text', '处理过程', `投诉 ${before.no} 已闭环，不能再记录处理过程`);
      await this.write(trx, before, { responded_at: before.responded_at ?? at }, at);
      await this.addActionRow(trx, ctx, at, before.id, input.text);
      await writeAudit(trx, ctx, at, {
        action: 'complaint.action',
        entity: 'complaint',
        entityId: before.id,
        after: { text: input.text, respondedAt: before.responded_at ?? at },
      });
    });
    return this.get(input.id);
  }

  /** The resolution (处理结果): the callback (二次回访) is due within the store's days, in the 回访 queue. */
  async resolve(input: ParsedInputOf<'complaints.resolve'>, ctx: CallContext): Promise<Complaint> {
    const now = this.clock.now();
    const at = nowInstant(now);
    const today = dateOf(at);
    const settings = await readComplaintSettings(this.db);
    const by = actorName(ctx);
    await this.db.transaction().execute(async (trx) => {
      const before = await this.current(trx, input.id, input.version);
      if (before.state !== 'open')
        throw AppError.validation(
          'resolution',
          '处理结果',
          before.state === 'resolved'
            ? `投诉 ${before.no} 已登记处理结果，正等待二次回访`
            : `投诉 ${before.no} 已闭环，不能再登记处理结果`,
        );
      const changes = {
        resolution: input.resolution,
        customer_accepted: input.customerAccepted ? 1 : 0,
        resolved_at: at,
        resolved_by: by,
        callback_due_by: addDays(today, settings.callbackWithinDays),
        responded_at: before.responded_at ?? at,
        state: 'resolved',
      };
      await this.write(trx, before, changes, at);
      // The resolution stays in the history even when a callback reopens the complaint.
      await this.addActionRow(
        trx,
        ctx,
        at,
        before.id,
        `处理完毕：${input.resolution}（客户${input.customerAccepted ? '接受' : '不接受'}处理结果）`,
      );
      await this.reopenCallbackCall(trx, ctx, at, before.id, today);
      await writeAudit(trx, ctx, at, {
        action: 'complaint.resolve',
        entity: 'complaint',
        entityId: before.id,
        before: { state: before.state },
        after: auditValues(changes),
      });
    });
    return this.get(input.id);
  }

  /** The callback (二次回访) recorded on the complaint itself (the customer came in, called in…). */
  async recordCallback(input: ParsedInputOf<'complaints.recordCallback'>, ctx: CallContext): Promise<Complaint> {
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      const before = await this.current(trx, input.id, input.version);
      checkResolved(before, 'verdict', '回访结果');
      await this.applyCallback(trx, ctx, at, before, {
        verdict: input.verdict,
        closedLoop: input.closedLoop,
        words: input.words,
        callId: null,
      });
    });
    return this.get(input.id);
  }

  // ---- settings ----

  settings(): Promise<ComplaintSettings> {
    return readComplaintSettings(this.db);
  }

  async saveSettings(input: ParsedInputOf<'complaintSettings.save'>, ctx: CallContext): Promise<ComplaintSettings> {
    const at = nowInstant(this.clock.now());
    const settings: ComplaintSettings = {
      responseHours: input.responseHours as Record<ComplaintLevel, ResponseHours>,
      resolveWorkingDays: input.resolveWorkingDays,
      callbackWithinDays: input.callbackWithinDays,
      comebackDays: input.comebackDays,
      lostMonths: input.lostMonths,
      atRiskMonths: input.atRiskMonths,
    };
    await this.db.transaction().execute(async (trx) => {
      const before = await readComplaintSettings(trx);
      await writeComplaintSettings(trx, settings);
      await writeAudit(trx, ctx, at, {
        action: 'complaintSettings.save',
        entity: 'app_setting',
        entityId: null,
        before,
        after: settings,
      });
    });
    return settings;
  }

  // ---- the 回访 call (二次回访) ----

  /**
   * A complaint callback (callback:complaint:N) recorded from the 回访 queue. Reached (已接通):
   * the verdict and 是否闭环 are required and applied as on the complaint page, with the call's id.
   * 拒访 closes the call: a verdict sent with it is applied, otherwise the complaint keeps waiting
   * (its callback can still be recorded on the complaint page). Not reached: stays in the queue.
   */
  async callRecorded(
    trx: Db,
    ctx: CallContext,
    at: string,
    call: CallRow,
    input: ParsedInputOf<'calls.record'>,
    state: CallState,
  ): Promise<void> {
    const m = /^callback:complaint:(\d{1,12})$/.exec(call.call_key);
    if (!m || state !== 'done') return;
    if (input.complaint === null) {
      if (input.outcome !== 'reached') return;
      throw AppError.validation('complaint', '回访结果', '请选择客户对处理结果的评价和是否闭环');
    }
    const row = await complaintRow(trx, Number(m[1]));
    if (!row) throw AppError.notFound('投诉', Number(m[1]));
    checkResolved(row, 'complaint', '回访结果');
    await this.applyCallback(trx, ctx, at, row, {
      verdict: input.complaint.verdict,
      closedLoop: input.complaint.closedLoop,
      words: input.words,
      callId: call.id,
    });
  }

  // ---- the pieces ----

  /** The row under the version the screen read; a stale version is someone else's edit. */
  private async current(trx: Db, id: number, version: number): Promise<ComplaintRow> {
    const row = await complaintRow(trx, id);
    if (!row) throw AppError.notFound('投诉', id);
    if (row.version !== version) throw stale();
    return row;
  }

  private async write(trx: Db, before: ComplaintRow, changes: Partial<ComplaintRow>, at: string): Promise<void> {
    const r = await trx
      .updateTable('complaint')
      .set({ ...changes, updated_at: at, version: before.version + 1 })
      .where('id', '=', before.id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw stale();
  }

  private async addActionRow(trx: Db, ctx: CallContext, at: string, complaintId: number, text: string): Promise<void> {
    await trx
      .insertInto('complaint_action')
      .values({
        complaint_id: complaintId,
        at,
        by_user_id: ctx.session.user?.id ?? null,
        by_name: actorName(ctx),
        text,
      })
      .execute();
  }

  /** The customer, vehicle and RO exist and agree: the RO is the vehicle's (the vehicle's owner may be someone else). */
  private async checkSubject(
    trx: Db,
    customerId: number | null,
    vehicleId: number | null,
    roId: number | null,
  ): Promise<{ customerId: number; vehicleId: number | null; roId: number | null }> {
    if (customerId === null) throw AppError.validation('customerId', '客户', '请选择客户');
    const customer = await trx.selectFrom('customer').select('id').where('id', '=', customerId).executeTakeFirst();
    if (!customer) throw AppError.validation('customerId', '客户', '找不到这位客户，请重新选择');
    let vehicle = vehicleId;
    if (roId !== null) {
      const ro = await trx
        .selectFrom('repair_order')
        .select(['id', 'vehicle_id', 'ro_number'])
        .where('id', '=', roId)
        .executeTakeFirst();
      if (!ro) throw AppError.validation('roId', '修理单', '找不到这张修理单，请重新选择');
      if (vehicle !== null && ro.vehicle_id !== vehicle)
        throw AppError.validation('roId', '修理单', `修理单 ${ro.ro_number} 不是所选车辆的，请重新选择车辆或修理单`);
      vehicle = ro.vehicle_id;
    }
    if (vehicle !== null) {
      const found = await trx.selectFrom('vehicle').select('id').where('id', '=', vehicle).executeTakeFirst();
      if (!found) throw AppError.validation('vehicleId', '车辆', '找不到这辆车，请重新选择');
    }
    return { customerId, vehicleId: vehicle, roId };
  }

  /** 解决期限: set by hand (not before the opening day), or counted in working days from it. */
  private resolveDeadline(
    openedOn: string,
    workingDays: number,
    byHand: string | null,
  ): { date: string; approximate: boolean } {
    if (byHand !== null) {
      if (byHand < openedOn)
        throw AppError.validation('resolveBy', '解决期限', `${byHand} 早于登记日期 ${openedOn}，不能早于登记日期`);
      return { date: byHand, approximate: false };
    }
    return addWorkingDays(openedOn, workingDays);
  }

  /**
   * The callback's verdict: closes the complaint (是否闭环 = 是, not 不满意) or reopens it. `callId`:
   * the 回访 call it was recorded on; null on the complaint page, where an open call of the
   * callback is cancelled (no longer needed).
   */
  private async applyCallback(
    trx: Db,
    ctx: CallContext,
    at: string,
    before: ComplaintRow,
    result: { verdict: ComplaintVerdict; closedLoop: boolean; words: string; callId: number | null },
  ): Promise<void> {
    const by = actorName(ctx);
    await trx
      .insertInto('complaint_callback')
      .values({
        complaint_id: before.id,
        at,
        by_user_id: ctx.session.user?.id ?? null,
        by_name: by,
        verdict: result.verdict,
        closed_loop: result.closedLoop ? 1 : 0,
        words: result.words,
        call_id: result.callId,
      })
      .execute();
    const reopen = REOPENING_VERDICTS.includes(result.verdict) || !result.closedLoop;
    let changes: Partial<ComplaintRow>;
    if (reopen) {
      const resolve = addWorkingDays(dateOf(at), before.resolve_working_days);
      changes = {
        state: 'open',
        reopened: before.reopened + 1,
        resolution: '',
        customer_accepted: null,
        resolved_at: null,
        resolved_by: null,
        callback_due_by: null,
        verdict: null,
        closed_loop: null,
        resolve_by: resolve.date,
        resolve_by_approximate: resolve.approximate ? 1 : 0,
      };
      const label = COMPLAINT_VERDICT_LABELS[result.verdict];
      await this.addActionRow(
        trx,
        ctx,
        at,
        before.id,
        `二次回访：${label}${result.closedLoop ? '' : '，未闭环'}，重新处理${result.words.trim() ? `（客户：${result.words.trim()}）` : ''}`,
      );
    } else {
      changes = { state: 'closed', verdict: result.verdict, closed_loop: 1, closed_at: at, closed_by: by };
    }
    await this.write(trx, before, changes, at);
    if (result.callId === null) await this.cancelCallbackCall(trx, ctx, at, before.id, by);
    await writeAudit(trx, ctx, at, {
      action: reopen ? 'complaint.reopen' : 'complaint.close',
      entity: 'complaint',
      entityId: before.id,
      before: { state: before.state, resolution: before.resolution, resolvedAt: before.resolved_at },
      after: {
        verdict: result.verdict,
        closedLoop: result.closedLoop,
        words: result.words,
        callId: result.callId,
        ...auditValues(changes),
      },
    });
  }

  /** Resolved (again): the callback's call record, if one was made, is open again for the new round. */
  private async reopenCallbackCall(
    trx: Db,
    ctx: CallContext,
    at: string,
    complaintId: number,
    today: string,
  ): Promise<void> {
    const key = complaintCallKey(complaintId);
    const call = await trx
      .selectFrom('revisit_call')
      .select(['id', 'state', 'due_on', 'attempts', 'closed_at', 'closed_by', 'version'])
      .where('call_key', '=', key)
      .executeTakeFirst();
    if (!call) return;
    await updateCallbackCall(
      trx,
      ctx,
      at,
      call,
      {
        state: 'open',
        due_on: today,
        closed_at: null,
        closed_by: null,
        callback_at: null,
        attempts: 0,
        last_attempt_at: null,
        last_outcome: null,
        follow_up_channel: null,
        follow_up_at: null,
      },
      {
        action: 'revisitCall.reopen',
        before: { key, state: call.state, dueOn: call.due_on, attempts: call.attempts, closedAt: call.closed_at },
        after: { key, state: 'open', dueOn: today, attempts: 0, why: '投诉重新处理完毕，需再次二次回访' },
      },
    );
  }

  /** The callback recorded on the complaint page: its 回访 call, when open, is no longer needed. */
  private async cancelCallbackCall(
    trx: Db,
    ctx: CallContext,
    at: string,
    complaintId: number,
    by: string,
  ): Promise<void> {
    const key = complaintCallKey(complaintId);
    const call = await trx
      .selectFrom('revisit_call')
      .select(['id', 'state', 'version'])
      .where('call_key', '=', key)
      .executeTakeFirst();
    if (call?.state !== 'open') return;
    await updateCallbackCall(
      trx,
      ctx,
      at,
      call,
      { state: 'cancelled', closed_at: at, closed_by: by, callback_at: null },
      {
        action: 'revisitCall.cancel',
        before: { key, state: 'open' },
        after: { key, state: 'cancelled', why: '二次回访结果已在投诉上登记' },
      },
    );
  }
}

const stale = () => new AppError('CONFLICT', '这条投诉刚被别人修改过，请刷新后再改');

/**
 * A complaint's callback call (`call`, as read in this transaction) reopened or cancelled: updated
 * only if no one changed it since (else stale), with its audit entry.
 */
async function updateCallbackCall(
  trx: Db,
  ctx: CallContext,
  at: string,
  call: { id: number; version: number },
  set: Omit<Updateable<RevisitCallTable>, 'updated_at' | 'version'>,
  audit: { action: string; before: unknown; after: unknown },
): Promise<void> {
  const r = await trx
    .updateTable('revisit_call')
    .set({ ...set, updated_at: at, version: call.version + 1 })
    .where('id', '=', call.id)
    .where('version', '=', call.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw stale();
  await writeAudit(trx, ctx, at, { ...audit, entity: 'revisit_call', entityId: call.id });
}

/** Only a resolved complaint is called back: the callback is what closes it. */
function checkResolved(row: ComplaintRow, path: string, label: string): void {
  if (row.state === 'resolved') return;
  throw AppError.validation(
    path,
    label,
    row.state === 'open'
      ? '还没有处理结果，不能回访/关闭：请先登记处理结果'
      : `投诉 ${row.no} 已${COMPLAINT_STATE_LABELS[row.state as ComplaintState]}，不能再记录二次回访`,
  );
}

/** The owner (负责人): an active user, or nobody yet. */
async function checkOwner(trx: Db, ownerUserId: number | null): Promise<void> {
  if (ownerUserId === null) return;
  const user = await trx
    .selectFrom('app_user')
    .select(['id', 'is_active'])
    .where('id', '=', ownerUserId)
    .executeTakeFirst();
  if (user?.is_active !== 1) throw AppError.validation('ownerUserId', '负责人', '找不到这个用户或已停用，请重新选择');
}

/** The secondary departments, without the direct one and repeats, in the order given. */
function secondaryOf(department: string, secondary: readonly string[]): string[] {
  return [...new Set(secondary)].filter((d) => d !== department);
}

/** `openedAt` + hours, as an instant of the store's clock (立即: the moment itself). */
function plusHours(instant: string, hours: number, now: Date): string {
  if (hours === 0) return instant;
  return nowInstant(new Date(Date.parse(instant) + hours * 3_600_000), timeZoneOf(now));
}

/** 2026-11-22 10:30 of an instant. */
const shortTime = (instant: string) => `${instant.slice(0, 10)} ${instant.slice(11, 16)}`;

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

/** Row values as the audit log shows them (the JSON column parsed back). */
function auditValues(values: Partial<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  if (typeof out.secondary_departments_json === 'string') {
    out.secondary_departments = JSON.parse(out.secondary_departments_json);
    delete out.secondary_departments_json;
  }
  return out;
}
