import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { Complaint, ComplaintSettings, ComplaintSummary } from '../../../src-shared/domain/complaints';
import type { CallState } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { CallRecordedListener, CallRow } from '../revisits/calls.service';
import { readComplaintSettings } from './complaint-settings';

const notYet = () => new AppError('INTERNAL', '投诉登记尚未完成');

/**
 * 投诉: the complaints closed loop. Registered from any channel or from a problem call; handled by
 * its owner (actions); resolved; called back (二次回访, in the 回访 queue as callback:complaint:N)
 * until the customer's verdict closes it (是否闭环) or 不满意 reopens it. Deadlines: 处理时效 in
 * hours, the resolution in Chinese working days (working-days.ts).
 */
export class ComplaintsService implements CallRecordedListener {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  async list(_input: ParsedInputOf<'complaints.list'>): Promise<ComplaintSummary[]> {
    throw notYet();
  }

  async get(_id: number): Promise<Complaint> {
    throw notYet();
  }

  async create(_input: ParsedInputOf<'complaints.create'>, _ctx: CallContext): Promise<Complaint> {
    throw notYet();
  }

  async update(_input: ParsedInputOf<'complaints.update'>, _ctx: CallContext): Promise<Complaint> {
    throw notYet();
  }

  async addAction(_input: ParsedInputOf<'complaints.addAction'>, _ctx: CallContext): Promise<Complaint> {
    throw notYet();
  }

  async resolve(_input: ParsedInputOf<'complaints.resolve'>, _ctx: CallContext): Promise<Complaint> {
    throw notYet();
  }

  async recordCallback(_input: ParsedInputOf<'complaints.recordCallback'>, _ctx: CallContext): Promise<Complaint> {
    throw notYet();
  }

  settings(): Promise<ComplaintSettings> {
    return readComplaintSettings(this.db);
  }

  async saveSettings(_input: ParsedInputOf<'complaintSettings.save'>, _ctx: CallContext): Promise<ComplaintSettings> {
    throw notYet();
  }

  /** A complaint callback (callback:complaint:N) recorded from the 回访 queue. */
  async callRecorded(
    _trx: Db,
    _ctx: CallContext,
    _at: string,
    _call: CallRow,
    _input: ParsedInputOf<'calls.record'>,
    _state: CallState,
  ): Promise<void> {}
}
