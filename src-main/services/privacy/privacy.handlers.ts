import type { Handler } from '../../api/handlers';
import type { PrivacyService } from './privacy.service';

type PrivacyMethod =
  | 'privacy.settings'
  | 'privacy.setRetention'
  | 'privacy.retentionPreview'
  | 'privacy.retentionApply'
  | 'privacy.exportCustomer';

/** 个人信息保护: contract → service, merged into the one handler map in api/handlers.ts. */
export function privacyHandlers(privacy: PrivacyService): { [M in PrivacyMethod]: Handler<M> } {
  return {
    'privacy.settings': () => privacy.settings(),
    'privacy.setRetention': (input, ctx) => privacy.setRetention(input, ctx),
    'privacy.retentionPreview': (input) => privacy.retentionPreview(input),
    'privacy.retentionApply': (input, ctx) => privacy.retentionApply(input, ctx),
    'privacy.exportCustomer': (input, ctx) => privacy.exportCustomer(input, ctx),
  };
}
