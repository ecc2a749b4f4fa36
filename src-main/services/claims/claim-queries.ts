import type { Claim, ClaimRow, ClaimSettings, ClaimStatus } from '../../../src-shared/domain/claims';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';

const notYet = () => new AppError('INTERNAL', '索赔单查询尚未完成');

/** What the claims list filters on (the contract's claims.list, plus the day the due states are judged on). */
export interface ClaimFilter {
  status: ClaimStatus | 'open' | 'all';
  /** Deadline on or before the day and not reported (待填报/已驳回). */
  dueBefore?: string | undefined;
  /** Settled (结算) in this month. */
  month?: string | undefined;
  /** Approved (通过) in this month: the statement's claims. */
  approvedIn?: string | undefined;
  text?: string | undefined;
  limit?: number | undefined;
  today: string;
}

/**
 * THE loader of claims (one mapping from rows to the domain): the warranty ROs since
 * settings.openFrom with their claim row when it exists (待填报 from the RO alone otherwise).
 * Sorted: overdue and due-soon first, then by deadline, then RO number.
 */
export async function readClaimRows(
  _db: Db,
  _settings: ClaimSettings,
  _filter: ClaimFilter,
): Promise<{ rows: ClaimRow[]; total: number }> {
  throw notYet();
}

/** One claim in full (rounds, old parts, lines, outside orders). Not a warranty RO: NOT_FOUND. */
export async function readClaim(_db: Db, _settings: ClaimSettings, _roId: number, _today: string): Promise<Claim> {
  throw notYet();
}
