import type { RevisitSettings } from '../../../../src-shared/domain/revisits';
import type { Db } from '../../../db/database';
import type { QueueContributor, Subject } from './subjects';

/**
 * The complaint callback (投诉二次回访): a resolved complaint, due from the day it was resolved,
 * to be called within the store's days (投诉设置). Key callback:complaint:<complaint id>, kind
 * 'callback' (the call screen shows the complaint and records the verdict and 是否闭环).
 */
export const complaintCallbackContributor: QueueContributor = {
  kind: 'callback',
  prefix: 'callback:complaint',
  enabled: () => true,
  async dueBetween(_db: Db, _from: string, _to: string, _settings: RevisitSettings): Promise<Subject[]> {
    return [];
  },
  async byIds(_db: Db, _ids: readonly number[], _settings: RevisitSettings): Promise<Subject[]> {
    return [];
  },
};
