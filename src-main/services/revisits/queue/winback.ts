import type { RevisitSettings } from '../../../../src-shared/domain/revisits';
import type { Db } from '../../../db/database';
import type { QueueContributor, Subject } from './subjects';

/**
 * The win-back call (流失召回): a lost customer put in the queue from 流失客户 (lost_vehicle.winback_on),
 * due that day. Key reminder:vehicle:<vehicle id>, kind 'reminder' (marketing: only customers who
 * agreed to it). The call screen asks for the reason (流失原因).
 */
export const winbackContributor: QueueContributor = {
  kind: 'reminder',
  prefix: 'reminder:vehicle',
  enabled: () => true,
  async dueBetween(_db: Db, _from: string, _to: string, _settings: RevisitSettings): Promise<Subject[]> {
    return [];
  },
  async byIds(_db: Db, _ids: readonly number[], _settings: RevisitSettings): Promise<Subject[]> {
    return [];
  },
};
