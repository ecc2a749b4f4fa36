import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import { USER_ROLE_LABELS } from '../../../src-shared/domain/enums';
import { maskName, maskPhone } from '../../../src-shared/domain/masking';
import {
  RETENTION_YEARS_OFF,
  type RetentionPreview,
  type RetentionResult,
  type RetentionSettings,
} from '../../../src-shared/domain/privacy';
import { addMonths } from '../../../src-shared/domain/service-due';
import { AppError } from '../../../src-shared/errors';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import { type Accounts, pinRefusal } from '../system/accounts';
import { customerData } from './customer-export';
import { type DisclosedDocument, disclosureFor } from './disclosure';
import { affectedBy, anonymise, countsOf, vehicleCounts } from './retention';

/** app_setting key of the retention rule (years; absent or 0 = off). */
export const RETENTION_SETTING = 'privacy.retention_years';
const SAMPLE_SIZE = 20;

/**
 * 个人信息保护: the retention rule (anonymise customers and vehicles with no visit for N years:
 * preview, then a service manager's approval with their PIN, one transaction, audited with ids
 * only) and one customer's data on request. Masking of exports lives in disclosure.ts.
 */
export class PrivacyService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: Accounts,
  ) {}

  async settings(): Promise<RetentionSettings> {
    const row = await this.db
      .selectFrom('app_setting')
      .select('value')
      .where('key', '=', RETENTION_SETTING)
      .executeTakeFirst();
    const years = row ? Number(row.value) : RETENTION_YEARS_OFF;
    return { years: Number.isInteger(years) ? years : RETENTION_YEARS_OFF };
  }

  async setRetention(input: ParsedInputOf<'privacy.setRetention'>, ctx: CallContext): Promise<RetentionSettings> {
    const at = nowInstant(this.clock.now());
    const before = await this.settings();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('app_setting')
        .values({ key: RETENTION_SETTING, value: String(input.years) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(input.years) }))
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'privacy.setRetention',
        entity: 'app_setting',
        entityId: null,
        before,
        after: { years: input.years },
      });
    });
    return { years: input.years };
  }

  /** The day before which a customer counts as gone: today minus the years. */
  private cutoffFor(years: number): string {
    return addMonths(todayDate(this.clock.now()), -12 * years);
  }

  private async yearsOr(years: number | undefined): Promise<number> {
    if (years !== undefined) return years;
    const set = (await this.settings()).years;
    if (set === RETENTION_YEARS_OFF)
      throw AppError.validation(
        'years',
        '年数',
        '客户信息保存年限没有设置（不匿名化）。请先在“个人信息保护”中设置年限，或在预览时填写年数。',
      );
    return set;
  }

  async retentionPreview(input: ParsedInputOf<'privacy.retentionPreview'>): Promise<RetentionPreview> {
    const years = await this.yearsOr(input.years);
    const cutoff = this.cutoffFor(years);
    const { affected, idle } = await affectedBy(this.db, cutoff);
    const sampled = idle.slice(0, SAMPLE_SIZE);
    const vehicles = await vehicleCounts(
      this.db,
      sampled.map((c) => c.id),
    );
    return {
      years,
      cutoff,
      ...countsOf(affected),
      sample: sampled.map((c) => ({
        customerId: c.id,
        maskedName: maskName(c.name),
        maskedPhone: maskPhone(c.mobile),
        lastSeenOn: c.lastSeenOn,
        vehicles: vehicles.get(c.id) ?? 0,
      })),
    };
  }

  /**
   * The manager's approval: their own PIN again (under the PIN guessing rules), the preview's cutoff
   * and counts sent back; anything different (a new day, a visit since) is refused, so what is
   * anonymised is exactly what the manager saw.
   */
  async retentionApply(input: ParsedInputOf<'privacy.retentionApply'>, ctx: CallContext): Promise<RetentionResult> {
    const user = ctx.session.user;
    if (!user) throw new AppError('UNAUTHORIZED', '匿名化客户信息前，请服务经理先选择自己并输入 PIN。');
    if (user.role !== 'manager')
      throw new AppError(
        'FORBIDDEN',
        `匿名化客户信息需要服务经理批准。当前用户 ${user.name}（${USER_ROLE_LABELS[user.role]}）无此权限。`,
      );
    const cutoff = this.cutoffFor(input.years);
    if (cutoff !== input.cutoff)
      throw new AppError(
        'CONFLICT',
        `预览的截止日期是 ${input.cutoff}，现在按 ${input.years} 年应为 ${cutoff}（日期已变）。请重新预览后再批准。`,
      );
    const row = await this.db.selectFrom('app_user').selectAll().where('id', '=', user.id).executeTakeFirst();
    if (!row) throw new AppError('UNAUTHORIZED', '当前用户已不存在，请重新登录。');
    const attempt = await this.accounts.attemptPin(row, input.pin, ctx, 'privacy.retentionApply');
    if (!attempt.ok) throw pinRefusal(attempt, row.name, 'PIN 不对，请服务经理重新输入自己的 PIN');
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const { affected } = await affectedBy(trx, cutoff);
      const counts = countsOf(affected);
      if (counts.customers !== input.expectedCustomers || counts.vehicles !== input.expectedVehicles)
        throw new AppError(
          'CONFLICT',
          `预览后档案有变化：现在是 ${counts.customers} 位客户、${counts.vehicles} 辆车（预览时 ${input.expectedCustomers} 位、${input.expectedVehicles} 辆）。没有匿名化任何记录，请重新预览后再批准。`,
          { expected: { customers: input.expectedCustomers, vehicles: input.expectedVehicles }, now: counts },
        );
      await anonymise(trx, affected, at);
      // Ids only: the log must not keep what was just removed.
      await writeAudit(trx, ctx, at, {
        action: 'privacy.retentionApply',
        entity: 'customer',
        entityId: null,
        after: {
          years: input.years,
          cutoff,
          ...counts,
          customerIds: affected.customerIds,
          vehicleIds: affected.vehicleIds,
        },
      });
      return { years: input.years, cutoff, at, ...counts };
    });
  }

  /** For outputs made outside a service (the command line's JSON and tables): the same check and audit. */
  async disclose(ctx: CallContext, unmasked: boolean, what: DisclosedDocument) {
    return disclosureFor(this.db, this.clock, ctx, unmasked, what);
  }

  /** PIPL access right: the customer's data as one JSON file; the export itself is audited. */
  async exportCustomer(input: ParsedInputOf<'privacy.exportCustomer'>, ctx: CallContext): Promise<ExportedFile> {
    const now = this.clock.now();
    const at = nowInstant(now);
    const data = await customerData(this.db, input.customerId, at);
    const content = Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8');
    const fileName = `客户个人信息_${input.customerId}_${todayDate(now)}.json`;
    await this.db.transaction().execute((trx) =>
      writeAudit(trx, ctx, at, {
        action: 'privacy.exportCustomer',
        entity: 'customer',
        entityId: input.customerId,
        after: { fileName, bytes: content.length },
      }),
    );
    return {
      fileName,
      mimeType: 'application/json',
      contentBase64: content.toString('base64'),
      bytes: content.length,
    };
  }
}
