import type { SmsContractMethod } from '../../../src-shared/contract/sms.contract';
import type { Handler } from '../../api/handlers';
import type { SmsService } from './sms.service';

/** 短信: contract → service, merged into the one handler map in api/handlers.ts. */
export function smsHandlers(sms: SmsService): { [M in SmsContractMethod]: Handler<M> } {
  return {
    'sms.templates': () => sms.templates(),
    'sms.saveTemplate': (input, ctx) => sms.saveTemplate(input, ctx),
    'sms.preview': (input) => sms.preview(input),
    'sms.createBatch': (input, ctx) => sms.createBatch(input, ctx),
    'sms.batches': (input) => sms.batches(input),
    'sms.batch': (input) => sms.batch(input),
    'sms.export': (input, ctx) => sms.export(input, ctx),
    'sms.markSent': (input, ctx) => sms.markSent(input, ctx),
  };
}
