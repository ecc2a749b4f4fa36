import type { CallKind } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';

/**
 * Call keys (QueueEntry.key): `followup7:ro:N`, `csi:ro:N`, `delivery:vehicle:N`, `reminder:row:N`
 * (an invitation row), `reminder:appointment:N` (a no-show), and `callback:call:N`, another name
 * for call N (a callback continues the call under its own key). What a key is about (the RO,
 * vehicle, customer, due day) is the queue's to say: RevisitQueueService.entry.
 */
const KEY = /^(followup7|csi|delivery|reminder|callback):(ro|vehicle|row|call|appointment|complaint):(\d{1,12})$/;

export function parseCallKey(key: string): { kind: CallKind; on: string; id: number } | null {
  const m = KEY.exec(key);
  if (!m) return null;
  return { kind: m[1] as CallKind, on: m[2]!, id: Number(m[3]) };
}

/** The call record's key for a queue key: `callback:call:N` is call N's own key; others are themselves. */
export async function canonicalCallKey(db: Db, key: string): Promise<string> {
  const parsed = parseCallKey(key);
  if (parsed?.kind === 'callback' && parsed.on === 'call') {
    const call = await db.selectFrom('revisit_call').select('call_key').where('id', '=', parsed.id).executeTakeFirst();
    if (!call) throw AppError.notFound('回访电话', key);
    return call.call_key;
  }
  return key;
}
