import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { Page } from '../../../src-shared/domain/records';
import type { SmsBatch, SmsBatchPreview, SmsTemplate } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';

const notYet = () => new AppError('INTERNAL', '短信批次尚未完成');

/** 短信 batches for the store's own SMS platform. TODO(track C). */
export class SmsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  async templates(): Promise<SmsTemplate[]> {
    throw notYet();
  }
  async saveTemplate(_input: ParsedInputOf<'sms.saveTemplate'>, _ctx: CallContext): Promise<SmsTemplate> {
    throw notYet();
  }
  async preview(_input: ParsedInputOf<'sms.preview'>): Promise<SmsBatchPreview> {
    throw notYet();
  }
  async createBatch(_input: ParsedInputOf<'sms.createBatch'>, _ctx: CallContext): Promise<SmsBatch> {
    throw notYet();
  }
  async batches(_input: ParsedInputOf<'sms.batches'>): Promise<Page<Omit<SmsBatch, 'messages'>>> {
    throw notYet();
  }
  async batch(_input: ParsedInputOf<'sms.batch'>): Promise<SmsBatch> {
    throw notYet();
  }
  async export(_input: ParsedInputOf<'sms.export'>, _ctx: CallContext): Promise<ExportedFile> {
    throw notYet();
  }
  async markSent(_input: ParsedInputOf<'sms.markSent'>, _ctx: CallContext): Promise<SmsBatch> {
    throw notYet();
  }
}
