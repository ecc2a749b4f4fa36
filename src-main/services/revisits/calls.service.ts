import type { Selectable } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { CallResult } from '../../../src-shared/domain/invitations';
import {
  type Answer,
  type Appointment,
  CALL_OUTCOME_LABELS,
  type CallAttempt,
  type CallDetail,
  type CallOutcome,
  type CallProblem,
  type CallState,
  type EarlierCall,
  type ProblemFixed,
  type Questionnaire,
  type QueueEntry,
  type RecordedCall,
  type RevisitSettings,
  UNREACHED_OUTCOMES,
} from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import { daysBetween, nowInstant, timeZoneOf } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { forUpdate } from '../../db/dialect';
import type { RevisitCallTable } from '../../db/schema';
import type { AppointmentsService } from '../appointments/appointments.service';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import type { InvitationsService } from '../invitations/invitations.service';
import { patchCustomerFromCall } from './call-customer';
import { createProblems, listProblems, problemById, problemsOf, problemsOfCall, updateProblem } from './call-problems';
import { canonicalCallKey, parseCallKey } from './call-subject';
import {
  checkAnswers,
  currentQuestionnaire,
  listQuestionnaires,
  questionnaireById,
  questionnaireKindFor,
  saveQuestionnaire,
} from './questionnaires';
import type { RevisitQueueService } from './revisit-queue.service';
import { checkRevisitSettings, readRevisitSettings, writeRevisitSettings } from './revisit-settings';

/**
 * One call (回访): the screen's facts, recording attempts, problem calls, questionnaires, settings.
 *
 * The record (revisit_call, one per call key) is made by the first attempt; every attempt is kept
 * (revisit_attempt) whatever happens to the call. Outcomes, as decided here:
 * - 已接通 (reached): the answers are checked against the questionnaire version asked (any version of
 *   the call's questionnaire kind: one edited meanwhile keeps its answers' version); 用户原话 is
 *   required when an answer is at or below the store's threshold or the problem was not fixed;
 *   the call closes as done. A problem call gets one call_problem per department concerned.
 * - 无人接听 / 占线 / 关机停机: the call stays open and moves on (the queue's windows); it closes as
 *   未接通 (state 'unreached', gaveUp) when the not-reached attempts reach maxAttempts, or on an
 *   attempt more than maxDays after the day it was due. Only not-reached attempts count toward
 *   maxAttempts: a customer who asked to be called back was reached.
 * - 号码错误: closes as 'unreached' at once (not the limits, so not gaveUp): the customer is offered
 *   a letter or an SMS like any unreached one (the practice: ask them to confirm their details).
 * - 拒访: closes as 'done' with the customer's words, no answers. The phone channel is NOT set to
 *   "do not contact" automatically: refusing a survey is not refusing every call (a complaint
 *   callback, an appointment); the clerk sets 电话 不联系 in the contact preferences when asked to.
 * - 约回电: stays open with callback_at (not in the past, inside business hours); any later attempt
 *   clears it.
 * Only 已接通 carries answers, words, problem fixed and suggestions (other outcomes ignore them; 拒访
 * keeps the words); an appointment only with 已接通 (refused otherwise). The customer data filled in
 * is saved with any outcome. A reminder key (reminder:row:N) also writes the invitation call, so the
 * invitation list keeps showing its result: reached → 已接通 (已预约 with an appointment), not
 * reached → 无人接听, 号码错误 → 号码错误, 拒访 → 不感兴趣; 约回电 writes nothing there (the row is
 * called again at the callback). A no-show key (reminder:appointment:N) just records.
 *
 * revisit_call.appointment_id is the appointment booked during the call (CallDetail.appointment);
 * the appointment a no-show call is about is in its key.
 *
 * Two windows at once: the record is read and written under its version (UPDATE … WHERE version);
 * an attempt on a call someone else closed is kept, their answers stand, and the caller is told
 * (alreadyClosed).
 */

export type CallRow = Selectable<RevisitCallTable>;

const INVITATION_RESULT: Partial<Record<CallOutcome, CallResult>> = {
  reached: 'reached',
  no_answer: 'no_answer',
  busy: 'no_answer',
  off: 'no_answer',
  wrong_number: 'wrong_number',
  refused: 'not_interested',
};

const conflict = () => new AppError('CONFLICT', '这通电话刚被另一个窗口记录过，请刷新后再记录。');

/**
 * Hears of every attempt recorded on an open call, inside the recording transaction, after the call
 * was written (`state`: the call's state now). Throwing an AppError refuses the whole attempt
 * (nothing saved): e.g. a complaint callback reached without the customer's verdict.
 */
export interface CallRecordedListener {
  callRecorded(
    trx: Db,
    ctx: CallContext,
    at: string,
    call: CallRow,
    input: ParsedInputOf<'calls.record'>,
    state: CallState,
  ): Promise<void>;
}

export class CallsService {
  private readonly listeners: CallRecordedListener[] = [];

  /** Adds a listener (see CallRecordedListener); returns this. */
  listen(listener: CallRecordedListener): this {
    this.listeners.push(listener);
    return this;
  }

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly queue: RevisitQueueService,
    readonly invitations: InvitationsService,
    readonly appointments: AppointmentsService,
  ) {}

  // ---- the call screen ----

  async get(input: ParsedInputOf<'calls.get'>): Promise<CallDetail> {
    const key = await canonicalCallKey(this.db, input.key);
    const entry = await this.queue.entry(key);
    return this.detail(key, entry);
  }

  private async detail(key: string, entry: QueueEntry): Promise<CallDetail> {
    const settings = await readRevisitSettings(this.db);
    const call = await this.callByKey(this.db, key);
    const roId = call ? call.ro_id : entry.roId;
    const vehicleId = call ? call.vehicle_id : entry.vehicleId;
    const customerId = call ? call.customer_id : entry.customerId;
    const kind = parseCallKey(key)?.kind ?? entry.kind;
    const [customer, vehicle, repairOrder, attempts, earlierCalls, problems, questionnaire, appointment] =
      await Promise.all([
        customerId === null
          ? null
          : this.db.selectFrom('customer').selectAll().where('id', '=', customerId).executeTakeFirst(),
        vehicleId === null
          ? null
          : this.db.selectFrom('vehicle').selectAll().where('id', '=', vehicleId).executeTakeFirst(),
        roId === null ? null : this.repairOrder(roId),
        call ? this.attempts(call.id) : [],
        this.earlierCalls(call?.id ?? null, customerId, vehicleId),
        call ? problemsOfCall(this.db, call.id) : [],
        call?.questionnaire_id
          ? questionnaireById(this.db, call.questionnaire_id)
          : this.currentFor(kind === 'callback' ? (entry.forKind ?? kind) : kind, settings),
        call?.appointment_id ? this.appointment(call.appointment_id) : null,
      ]);
    return {
      entry,
      customer: customer
        ? {
            id: customer.id,
            name: customer.name,
            mobile: customer.mobile,
            otherPhones: (JSON.parse(customer.other_phones) as string[]).join('、'),
            address: customer.address,
            postalCode: customer.postal_code,
            birthday: customer.birthday,
            preferredCallTime: customer.preferred_call_time,
            notes: customer.notes,
          }
        : null,
      vehicle: vehicle
        ? {
            id: vehicle.id,
            plate: vehicle.plate,
            vin: vehicle.vin,
            model: vehicle.model,
            color: vehicle.color,
            deliveryDate: vehicle.delivery_date,
          }
        : null,
      repairOrder,
      earlierCalls,
      attempts,
      questionnaire,
      answers: call ? (JSON.parse(call.answers_json) as Answer[]) : [],
      words: call?.words ?? '',
      problemFixed: (call?.problem_fixed as ProblemFixed | null) ?? null,
      suggestions: call?.suggestions ?? '',
      state: (call?.state as CallState | undefined) ?? null,
      closedAt: call?.closed_at ?? null,
      closedBy: call?.closed_by ?? null,
      problems,
      appointment,
    };
  }

  private currentFor(kind: CallDetail['entry']['kind'], settings: RevisitSettings): Promise<Questionnaire | null> {
    const questionnaireKind = questionnaireKindFor(kind, settings);
    return questionnaireKind ? currentQuestionnaire(this.db, questionnaireKind) : Promise.resolve(null);
  }

  private async repairOrder(roId: number): Promise<CallDetail['repairOrder']> {
    const [ro, lines] = await Promise.all([
      this.db.selectFrom('repair_order').selectAll().where('id', '=', roId).executeTakeFirst(),
      this.db
        .selectFrom('ro_labor_line')
        .select('description')
        .where('ro_id', '=', roId)
        .orderBy('line_no')
        .orderBy('id')
        .execute(),
    ]);
    if (!ro) return null;
    return {
      id: ro.id,
      roNumber: ro.ro_number,
      type: ro.type,
      advisor: ro.advisor_name,
      openedAt: ro.opened_at,
      deliveredAt: ro.delivered_at,
      totalFen: ro.total_fen,
      complaint: ro.complaint,
      declinedWork: ro.declined_work,
      work: lines.map((l) => l.description).filter((d) => d.trim() !== ''),
    };
  }

  private async attempts(callId: number): Promise<CallAttempt[]> {
    const rows = await this.db
      .selectFrom('revisit_attempt')
      .selectAll()
      .where('call_id', '=', callId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      outcome: r.outcome as CallOutcome,
      callbackAt: r.callback_at,
      note: r.note,
      by: r.by_name,
    }));
  }

  /** The customer's other calls, newest first: 回访 calls attempted, and the invitation reminder calls of their vehicles. */
  private async earlierCalls(
    callId: number | null,
    customerId: number | null,
    vehicleId: number | null,
  ): Promise<EarlierCall[]> {
    if (customerId === null && vehicleId === null) return [];
    let revisits = this.db
      .selectFrom('revisit_call as k')
      .select((eb) => [
        'k.kind',
        'k.closed_at',
        'k.closed_by',
        'k.last_attempt_at',
        'k.last_outcome',
        'k.words',
        eb
          .selectFrom('revisit_attempt as a')
          .select('a.by_name')
          .whereRef('a.call_id', '=', 'k.id')
          .orderBy('a.at', 'desc')
          .orderBy('a.id', 'desc')
          .limit(1)
          .as('last_by'),
      ])
      .where('k.attempts', '>', 0)
      // A reminder call of an invitation row is written to the invitation calls too (every attempt, with
      // the words): listed from there, once.
      .where('k.invitation_row_id', 'is', null);
    revisits =
      customerId !== null
        ? revisits.where('k.customer_id', '=', customerId)
        : revisits.where('k.vehicle_id', '=', vehicleId);
    if (callId !== null) revisits = revisits.where('k.id', '!=', callId);
    const vehicleIds =
      customerId !== null
        ? (await this.db.selectFrom('vehicle').select('id').where('owner_id', '=', customerId).execute()).map(
            (v) => v.id,
          )
        : [];
    if (vehicleId !== null && !vehicleIds.includes(vehicleId)) vehicleIds.push(vehicleId);
    const [revisitRows, invitationRows] = await Promise.all([
      revisits.orderBy('k.last_attempt_at', 'desc').limit(20).execute(),
      vehicleIds.length === 0
        ? []
        : this.db
            .selectFrom('invitation_call as c')
            .innerJoin('invitation_row as r', 'r.id', 'c.row_id')
            .select(['c.at', 'c.result', 'c.words', 'c.by_name'])
            .where('r.vehicle_id', 'in', vehicleIds.slice(0, 200))
            .orderBy('c.at', 'desc')
            .limit(20)
            .execute(),
    ]);
    const calls: EarlierCall[] = [
      ...revisitRows.map((r) => ({
        at: r.closed_at ?? r.last_attempt_at ?? '',
        kind: r.kind as EarlierCall['kind'],
        outcome: (r.last_outcome ?? '') as CallOutcome,
        words: r.words,
        by: r.closed_by ?? r.last_by ?? '',
      })),
      ...invitationRows.map((r) => ({
        at: r.at,
        kind: 'reminder' as const,
        outcome: r.result,
        words: r.words,
        by: r.by_name,
      })),
    ];
    // Instants of one store compare as text only within one offset; by the moment they stand for.
    return calls.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, 20);
  }

  /** The appointment booked in the call, as the front desk's list shows it (state, arrival). */
  private async appointment(id: number): Promise<Appointment | null> {
    const row = await this.db.selectFrom('appointment').select('date').where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const day = await this.appointments.list({ date: row.date, to: row.date, state: 'all' });
    return day.find((a) => a.id === id) ?? null;
  }

  /**
   * The call record. `lock` inside a recording transaction: a second counter recording the same call
   * at the same moment waits for the first and then reads what it wrote (PostgreSQL: FOR UPDATE), so
   * its attempt is added after the first's, or kept beside an already closed call — never lost.
   */
  private callByKey(db: Db, key: string, lock = false): Promise<CallRow | undefined> {
    const q = db.selectFrom('revisit_call').selectAll().where('call_key', '=', key);
    return (lock ? forUpdate(db, q) : q).executeTakeFirst();
  }

  // ---- recording ----

  async record(input: ParsedInputOf<'calls.record'>, ctx: CallContext): Promise<RecordedCall> {
    const now = this.clock.now();
    const at = nowInstant(now);
    const today = at.slice(0, 10);
    const settings = await readRevisitSettings(this.db);
    const outcome = input.outcome;
    const callbackAt = outcome === 'call_back' ? this.checkCallback(input.callbackAt, now, settings) : null;
    if (input.appointment !== null && outcome !== 'reached')
      throw AppError.validation('appointment', '预约', '只有“已接通”的电话才能登记预约');
    const key = await canonicalCallKey(this.db, input.key);
    // The queue says what the call is about and whether the customer may be phoned at all.
    const entry = await this.queue.entry(key, undefined, settings);
    if (entry.state === 'skipped')
      throw new AppError('CONFLICT', `这通电话不打：${entry.skipReason ?? '客户拒绝电话联系'}。`);
    const by = actorName(ctx);

    const result = await this.db.transaction().execute(async (trx) => {
      const call = (await this.callByKey(trx, key, true)) ?? (await this.createCall(trx, key, entry, at));
      await trx
        .insertInto('revisit_attempt')
        .values({
          call_id: call.id,
          at,
          outcome,
          callback_at: callbackAt,
          note: input.note,
          by_user_id: ctx.session.user?.id ?? null,
          by_name: by,
        })
        .execute();
      const attempted = { attempts: call.attempts + 1, last_attempt_at: at, last_outcome: outcome, updated_at: at };

      if (call.state !== 'open') {
        // Closed by someone else meanwhile: the attempt is kept, their answers stand.
        if (!(await this.updateCall(trx, call, attempted))) throw conflict();
        await writeAudit(trx, ctx, at, {
          action: 'revisitCall.attempt',
          entity: 'revisit_call',
          entityId: call.id,
          after: { key, outcome, note: input.note, alreadyClosed: { at: call.closed_at, by: call.closed_by } },
        });
        return {
          closed: false,
          gaveUp: false,
          alreadyClosed: { at: call.closed_at ?? call.updated_at, by: call.closed_by ?? '' },
        };
      }

      if (input.customer !== null) await patchCustomerFromCall(trx, ctx, at, call.customer_id, input.customer, key);

      const closing = { closed_at: at, closed_by: by, callback_at: null };
      let state: CallState = 'open';
      let gaveUp = false;
      let audit: Record<string, unknown> = {};

      if (outcome === 'reached') {
        const asked = await this.answered(trx, call, input, settings);
        const answeredAny = asked.answers.some((a) => a.value !== null);
        const problems = problemsOf(asked.dissatisfied, input.problemFixed === 'no');
        if (problems.size > 0 && input.words === '')
          throw AppError.validation(
            'words',
            '用户原话',
            asked.dissatisfied.length > 0
              ? `“${asked.dissatisfied.map((q) => q.text).join('、')}”不满意，请记下客户的原话`
              : '问题未解决，请记下客户的原话',
          );
        let appointmentId: number | null = null;
        if (input.appointment !== null) {
          if (call.vehicle_id === null)
            throw AppError.validation('appointment', '预约', '这通电话没有对应的车辆，请在预约登记里为客户新建预约');
          appointmentId = await this.appointments.book(
            trx,
            {
              vehicleId: call.vehicle_id,
              customerId: call.customer_id,
              date: input.appointment.date,
              time: input.appointment.time,
              purpose: input.appointment.purpose,
              advisor: input.appointment.advisor,
              note: input.appointment.note,
              source: call.invitation_row_id !== null ? 'invitation' : 'call',
              callId: call.id,
              invitationRowId: call.invitation_row_id,
            },
            ctx,
            at,
            'appointment.',
          );
        }
        state = 'done';
        const values = {
          ...attempted,
          ...closing,
          state,
          // Nothing answered (the customer declined the questions): no version is marked as used.
          questionnaire_id: answeredAny ? asked.questionnaireId : null,
          answers_json: JSON.stringify(answeredAny ? asked.answers : []),
          words: input.words,
          problem_fixed: input.problemFixed,
          suggestions: input.suggestions,
          is_problem: problems.size > 0 ? 1 : 0,
          appointment_id: appointmentId,
        };
        if (!(await this.updateCall(trx, call, values))) throw conflict();
        await createProblems(trx, ctx, at, call.id, problems, input.words);
        audit = {
          questionnaireId: values.questionnaire_id,
          answers: answeredAny ? asked.answers : [],
          words: input.words,
          problemFixed: input.problemFixed,
          suggestions: input.suggestions,
          problems: [...problems.keys()],
          appointmentId,
        };
        if (call.invitation_row_id !== null)
          await this.invitations.writeCall(
            trx,
            ctx,
            at,
            {
              rowId: call.invitation_row_id,
              result: input.appointment ? 'booked' : 'reached',
              bookedFor: input.appointment?.date ?? null,
              bookedTime: input.appointment?.time ?? null,
              words: input.words,
            },
            { book: false },
          );
      } else {
        if (UNREACHED_OUTCOMES.includes(outcome)) {
          const tried = await trx
            .selectFrom('revisit_attempt')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('call_id', '=', call.id)
            .where('outcome', 'in', [...UNREACHED_OUTCOMES])
            // This round only: a reopened complaint's callback starts again on its new due day.
            .where('at', '>=', call.due_on)
            .executeTakeFirstOrThrow();
          const late = daysBetween(call.due_on, today) > settings.maxDays;
          gaveUp = Number(tried.n) >= settings.maxAttempts || late;
          state = gaveUp ? 'unreached' : 'open';
          audit = { notReached: Number(tried.n), daysSinceDue: daysBetween(call.due_on, today), gaveUp };
        } else if (outcome === 'wrong_number') state = 'unreached';
        else if (outcome === 'refused') state = 'done';
        const values =
          state === 'open'
            ? { ...attempted, callback_at: callbackAt }
            : { ...attempted, ...closing, state, ...(outcome === 'refused' ? { words: input.words } : {}) };
        if (!(await this.updateCall(trx, call, values))) throw conflict();
        if (outcome === 'refused') audit = { words: input.words };
        const invitationResult = INVITATION_RESULT[outcome];
        if (call.invitation_row_id !== null && invitationResult)
          await this.invitations.writeCall(
            trx,
            ctx,
            at,
            { rowId: call.invitation_row_id, result: invitationResult, bookedFor: null, words: input.words },
            { book: false },
          );
      }
      // The complaints, comebacks and lost-customer work hear of the attempt in the same transaction.
      for (const listener of this.listeners)
        await listener.callRecorded(trx, ctx, at, { ...call, call_key: key }, input, state);
      await writeAudit(trx, ctx, at, {
        action: 'revisitCall.attempt',
        entity: 'revisit_call',
        entityId: call.id,
        after: {
          key,
          outcome,
          outcomeLabel: CALL_OUTCOME_LABELS[outcome],
          callbackAt,
          note: input.note,
          state,
          attempt: attempted.attempts,
          ...audit,
        },
      });
      return { closed: state !== 'open', gaveUp, alreadyClosed: null };
    });
    return { detail: await this.get({ key }), ...result };
  }

  /** The call record, made by the first attempt (or the SMS/letter offered for a call never tried). */
  private async createCall(trx: Db, key: string, entry: QueueEntry, at: string): Promise<CallRow> {
    const parsed = parseCallKey(key);
    await trx
      .insertInto('revisit_call')
      .values({
        call_key: key,
        kind: parsed?.kind ?? entry.kind,
        ro_id: entry.roId,
        vehicle_id: entry.vehicleId,
        customer_id: entry.customerId,
        invitation_row_id: parsed?.kind === 'reminder' && parsed.on === 'row' ? parsed.id : null,
        appointment_id: null,
        due_on: entry.dueOn,
        callback_at: null,
        state: 'open',
        closed_at: null,
        closed_by: null,
        questionnaire_id: null,
        problem_fixed: null,
        follow_up_channel: null,
        follow_up_at: null,
        last_attempt_at: null,
        last_outcome: null,
        created_at: at,
        updated_at: at,
      })
      // Two windows making it at once: the second finds the first's.
      .onConflict((oc) => oc.column('call_key').doNothing())
      .execute();
    const call = await this.callByKey(trx, key, true);
    if (!call) throw conflict();
    return call;
  }

  /** A callback: not in the past (store clock), inside business hours at the store's wall clock. */
  private checkCallback(callbackAt: string | null, now: Date, settings: RevisitSettings): string {
    if (callbackAt === null) throw AppError.validation('callbackAt', '回电时间', '约回电请填写回电时间');
    const zone = timeZoneOf(now);
    const local = nowInstant(new Date(Date.parse(callbackAt)), zone);
    if (Date.parse(callbackAt) < now.getTime())
      throw AppError.validation(
        'callbackAt',
        '回电时间',
        `${local.slice(0, 10)} ${local.slice(11, 16)} 已经过了（现在 ${nowInstant(now).slice(11, 16)}），请填写稍后的时间`,
      );
    const time = local.slice(11, 16);
    const hours = settings.businessHours;
    if (time < hours.from || time >= hours.to)
      throw AppError.validation(
        'callbackAt',
        '回电时间',
        `${time} 不在营业时间 ${hours.from}-${hours.to} 之内，请和客户约营业时间内的时间`,
      );
    return local;
  }

  /** The questionnaire version asked and the answers checked against it. */
  private async answered(trx: Db, call: CallRow, input: ParsedInputOf<'calls.record'>, settings: RevisitSettings) {
    const kind = questionnaireKindFor(call.kind as CallDetail['entry']['kind'], settings);
    let questionnaire: Questionnaire | null = null;
    if (input.questionnaireId !== null) {
      questionnaire = await questionnaireById(trx, input.questionnaireId);
      // Any version of the call's questionnaire: one edited since the screen opened keeps these answers' version.
      // A 7-day call may carry either the 7-day or the CSI questions (the merge setting may change meanwhile).
      const mine =
        questionnaire !== null &&
        (questionnaire.kind === kind ||
          (call.kind === 'followup7' && (questionnaire.kind === 'followup7' || questionnaire.kind === 'csi')));
      if (!mine)
        throw AppError.validation(
          'questionnaireId',
          '问卷',
          '不是这通电话的问卷（可能是别的电话的），请刷新后重新填写',
        );
    } else if (input.answers.length > 0) {
      questionnaire = kind ? await currentQuestionnaire(trx, kind) : null;
      if (!questionnaire) throw AppError.validation('answers', '问卷回答', '这类电话没有问卷，不能记录回答');
    }
    if (!questionnaire) return { questionnaireId: null, answers: [] as Answer[], dissatisfied: [] };
    const checked = checkAnswers(questionnaire, input.answers, settings);
    return { questionnaireId: questionnaire.id, ...checked };
  }

  /** Writes the call under its version; false when another writer got there first. */
  private async updateCall(
    trx: Db,
    call: CallRow,
    values: Partial<Omit<Selectable<RevisitCallTable>, 'id' | 'version'>>,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('revisit_call')
      .set({ ...values, version: call.version + 1 })
      .where('id', '=', call.id)
      .where('version', '=', call.version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * After 未接通: the SMS or letter sent instead (counted; the SMS batch picks these up). Also for a
   * call the queue shows as 未接通 without being closed (its days ran out, tried or never tried):
   * choosing closes it as 未接通 now.
   */
  async offer(input: ParsedInputOf<'calls.offer'>, ctx: CallContext): Promise<CallDetail> {
    const at = nowInstant(this.clock.now());
    const key = await canonicalCallKey(this.db, input.key);
    const entry = await this.queue.entry(key);
    await this.db.transaction().execute(async (trx) => {
      const existing = await this.callByKey(trx, key, true);
      const given = existing?.state === 'unreached' || (entry.state === 'unreached' && existing?.state !== 'done');
      if (!given)
        throw AppError.validation(
          'key',
          '回访电话',
          '这通电话没有以“未接通”结束，不能改发短信或信件；请先记录每次拨打的结果',
        );
      const call = existing ?? (await this.createCall(trx, key, entry, at));
      if (call.state === 'unreached' && call.follow_up_channel === input.channel) return;
      const closing =
        call.state === 'open'
          ? { state: 'unreached', closed_at: at, closed_by: actorName(ctx), callback_at: null }
          : {};
      if (
        !(await this.updateCall(trx, call, {
          ...closing,
          follow_up_channel: input.channel,
          follow_up_at: at,
          updated_at: at,
        }))
      )
        throw conflict();
      await writeAudit(trx, ctx, at, {
        action: 'revisitCall.offer',
        entity: 'revisit_call',
        entityId: call.id,
        before: { state: call.state, channel: call.follow_up_channel, at: call.follow_up_at },
        after: { key, state: 'unreached', channel: input.channel, at },
      });
    });
    return this.get({ key });
  }

  // ---- problem calls ----

  async problems(input: ParsedInputOf<'callProblems.list'>): Promise<CallProblem[]> {
    return listProblems(this.db, input);
  }

  async updateProblem(input: ParsedInputOf<'callProblems.update'>, ctx: CallContext): Promise<CallProblem> {
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute((trx) => updateProblem(trx, input, ctx, at));
    return problemById(this.db, input.id);
  }

  // ---- questionnaires ----

  async questionnaires(input: ParsedInputOf<'questionnaires.list'>): Promise<Questionnaire[]> {
    return listQuestionnaires(this.db, input);
  }

  async saveQuestionnaire(input: ParsedInputOf<'questionnaires.save'>, ctx: CallContext): Promise<Questionnaire> {
    const at = nowInstant(this.clock.now());
    const id = await this.db.transaction().execute(async (trx) => {
      return saveQuestionnaire(trx, input, ctx, at);
    });
    return (await questionnaireById(this.db, id))!;
  }

  // ---- settings ----

  async settings(): Promise<RevisitSettings> {
    return readRevisitSettings(this.db);
  }

  async saveSettings(input: ParsedInputOf<'revisitSettings.save'>, ctx: CallContext): Promise<RevisitSettings> {
    const at = nowInstant(this.clock.now());
    const settings = checkRevisitSettings(input);
    await this.db.transaction().execute(async (trx) => {
      const before = await readRevisitSettings(trx);
      await writeRevisitSettings(trx, settings);
      await writeAudit(trx, ctx, at, {
        action: 'revisitSettings.save',
        entity: 'app_setting',
        entityId: null,
        before,
        after: settings,
      });
    });
    return settings;
  }
}
