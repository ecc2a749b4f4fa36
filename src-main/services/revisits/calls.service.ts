import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type {
  CallDetail,
  CallProblem,
  Questionnaire,
  RecordedCall,
  RevisitSettings,
} from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { RevisitQueueService } from './revisit-queue.service';

const notYet = () => new AppError('INTERNAL', '回访电话尚未完成');

/** One call: the screen's facts, recording attempts, problem calls, questionnaires, settings. TODO(track A2). */
export class CallsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly queue: RevisitQueueService,
  ) {}

  async get(_input: ParsedInputOf<'calls.get'>): Promise<CallDetail> {
    throw notYet();
  }
  async record(_input: ParsedInputOf<'calls.record'>, _ctx: CallContext): Promise<RecordedCall> {
    throw notYet();
  }
  async offer(_input: ParsedInputOf<'calls.offer'>, _ctx: CallContext): Promise<CallDetail> {
    throw notYet();
  }
  async problems(_input: ParsedInputOf<'callProblems.list'>): Promise<CallProblem[]> {
    throw notYet();
  }
  async updateProblem(_input: ParsedInputOf<'callProblems.update'>, _ctx: CallContext): Promise<CallProblem> {
    throw notYet();
  }
  async questionnaires(_input: ParsedInputOf<'questionnaires.list'>): Promise<Questionnaire[]> {
    throw notYet();
  }
  async saveQuestionnaire(_input: ParsedInputOf<'questionnaires.save'>, _ctx: CallContext): Promise<Questionnaire> {
    throw notYet();
  }
  async settings(): Promise<RevisitSettings> {
    throw notYet();
  }
  async saveSettings(_input: ParsedInputOf<'revisitSettings.save'>, _ctx: CallContext): Promise<RevisitSettings> {
    throw notYet();
  }
}
