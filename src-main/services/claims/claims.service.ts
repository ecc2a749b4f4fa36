import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { Claim, ClaimRow, ClaimSettings } from '../../../src-shared/domain/claims';
import { AppError } from '../../../src-shared/errors';
import { todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import { readClaimSettings } from './claims-settings';

const notYet = () => new AppError('INTERNAL', '索赔单尚未完成');

/**
 * 索赔单: a warranty RO's claim from 待填报 to 已结算 (see src-shared/domain/claims.ts, the model).
 * Every write is one transaction, audited, version-checked ("someone else changed it").
 */
export class ClaimsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  today(): string {
    return todayDate(this.clock.now());
  }

  async settings(): Promise<ClaimSettings> {
    return readClaimSettings(this.db);
  }

  async saveSettings(_input: ParsedInputOf<'claimSettings.save'>, _ctx: CallContext): Promise<ClaimSettings> {
    throw notYet();
  }

  async list(_input: ParsedInputOf<'claims.list'>): Promise<{ rows: ClaimRow[]; total: number }> {
    throw notYet();
  }

  async get(_roId: number): Promise<Claim> {
    throw notYet();
  }

  async save(_input: ParsedInputOf<'claims.save'>, _ctx: CallContext): Promise<Claim> {
    throw notYet();
  }

  async report(_input: ParsedInputOf<'claims.report'>, _ctx: CallContext): Promise<Claim> {
    throw notYet();
  }

  async review(_input: ParsedInputOf<'claims.review'>, _ctx: CallContext): Promise<Claim> {
    throw notYet();
  }

  async approve(_input: ParsedInputOf<'claims.approve'>, _ctx: CallContext): Promise<Claim> {
    throw notYet();
  }

  async reject(_input: ParsedInputOf<'claims.reject'>, _ctx: CallContext): Promise<Claim> {
    throw notYet();
  }

  async addOldPart(_input: ParsedInputOf<'oldParts.add'>, _ctx: CallContext): Promise<Claim> {
    throw notYet();
  }

  async removeOldPart(_input: ParsedInputOf<'oldParts.remove'>, _ctx: CallContext): Promise<Claim> {
    throw notYet();
  }
}
