import type { Db } from '../../db/database';
import type { CallContext } from '../context';

/**
 * Appends one entry to the audit log inside the caller's transaction, so the change and its
 * record commit together or not at all.
 */
export async function writeAudit(
  trx: Db,
  ctx: CallContext,
  at: string,
  entry: { action: string; entity: string; entityId: number | null; before?: unknown; after?: unknown },
): Promise<void> {
  const user = ctx.session.user;
  await trx
    .insertInto('audit_log')
    .values({
      at,
      user_id: user?.id ?? null,
      actor: user ? user.name : ctx.door === 'cli' ? 'cli' : 'system',
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
