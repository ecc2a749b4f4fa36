import type { Db } from '../../db/database';
import type { Term } from './search-terms';

/** Swaps a record's search keys inside the caller's transaction; keys are recomputed from the record, not looked up. */
export async function replaceTerms(trx: Db, before: Term[], after: Term[]): Promise<void> {
  const key = (t: Term) => `${t.term}\u0000${t.kind}\u0000${t.entity_id}\u0000${t.field}`;
  const keep = new Set(after.map(key));
  const had = new Set(before.map(key));
  for (const t of before) {
    if (keep.has(key(t))) continue;
    await trx
      .deleteFrom('search_term')
      .where('term', '=', t.term)
      .where('kind', '=', t.kind)
      .where('entity_id', '=', t.entity_id)
      .where('field', '=', t.field)
      .execute();
  }
  const added = after.filter((t) => !had.has(key(t)));
  if (added.length > 0)
    await trx
      .insertInto('search_term')
      .values(added)
      .onConflict((oc) => oc.doNothing())
      .execute();
}
