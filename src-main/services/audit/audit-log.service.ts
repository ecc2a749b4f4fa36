import { sql } from 'kysely';
import type { AuditEntry } from '../../../src-shared/contract/audit.contract';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { Page } from '../../../src-shared/domain/records';
import type { Db } from '../../db/database';
import { likeIgnoringCase } from '../../db/dialect';

/** `%` and `_` typed by the user are searched as themselves. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * Reads the audit log for the viewer and the CLI. Times are compared as stored (the store's local
 * time with its offset), so a day filter means the store's day.
 */
export class AuditLogService {
  constructor(private readonly db: Db) {}

  async list(input: ParsedInputOf<'audit.list'>): Promise<Page<AuditEntry> & { actions: string[] }> {
    let q = this.db.selectFrom('audit_log');
    if (input.from !== undefined) q = q.where('at', '>=', input.from);
    // Every stored time of the day `to` sorts before `to` + 'T99'.
    if (input.to !== undefined) q = q.where('at', '<', `${input.to}T99`);
    if (input.userId !== undefined) q = q.where('user_id', '=', input.userId);
    if (input.action !== undefined) {
      const action = input.action;
      q = q.where((eb) =>
        eb.or([eb('action', '=', action), eb(sql<string>`substr(action, 1, ${action.length + 1})`, '=', `${action}.`)]),
      );
    }
    if (input.entity !== undefined) q = q.where('entity', '=', input.entity);
    if (input.entityId !== undefined) q = q.where('entity_id', '=', input.entityId);
    if (input.text !== undefined) {
      const pattern = likePattern(input.text);
      // ASCII letters match either case on both databases (SQLite's LIKE; PostgreSQL's ILIKE).
      const columns = ['actor', 'action', 'entity', 'before_json', 'after_json'] as const;
      q = q.where(
        sql<boolean>`(${sql.join(
          columns.map((c) => likeIgnoringCase(this.db, sql.ref(c), pattern)),
          sql` OR `,
        )})`,
      );
    }
    const [total, rows, actions] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q
        .selectAll()
        .orderBy('id', 'desc')
        .limit(input.pageSize)
        .offset((input.page - 1) * input.pageSize)
        .execute(),
      this.db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
    ]);
    return {
      rows: rows.map((r) => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before_json,
        after: r.after_json,
      })),
      total: Number(total.n),
      page: input.page,
      pageSize: input.pageSize,
      actions: actions.map((a) => a.action),
    };
  }
}
