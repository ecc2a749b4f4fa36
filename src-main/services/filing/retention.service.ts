import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { Destruction, FilingSettings, RetentionDue } from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import { nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { lockForTransaction } from '../../db/dialect';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import type { PrintService } from '../print/print.service';
import type { ScanStore } from '../scans/scan-store';
import { destructionPrintHtml } from './destruction.print';
import { kindOf, readFilingSettings } from './filing-settings';
import { titleOf } from './paper-queries';
import { keepUntil } from './required-papers';

/** An RO of this type is an accident file (保险理赔): its papers are kept for good. */
export const ACCIDENT_RO_TYPE = 'insurance';

/**
 * The first day a paper of a kind kept `years` is past its period, as of `asOf`: a paper is past
 * when asOf > keepUntil = the end of (its month + years), i.e. when its docDate is before the
 * first day of (asOf's month − years). 2026-04-01, 2 years → 2024-04-01 (2024-03-xx is past).
 */
export function pastCutoff(asOf: string, years: number): string {
  return `${String(Number(asOf.slice(0, 4)) - years).padStart(4, '0')}-${asOf.slice(5, 7)}-01`;
}

/** What a paper is called in a message: RO number or plate, and its kind. */
const paperName = (r: { ro_number: string | null; plate: string | null; kindLabel: string; id: number }) =>
  `${r.ro_number ?? r.plate ?? `#${r.id}`} ${r.kindLabel}`;

/** The papers with their RO, vehicle (the paper's or its RO's) and binder, for RetentionDue. */
function papersQuery(db: Db) {
  return db
    .selectFrom('paper as p')
    .leftJoin('repair_order as r', 'r.id', 'p.ro_id')
    .leftJoin('vehicle as v', (j) => j.on((eb) => eb('v.id', '=', eb.fn.coalesce('p.vehicle_id', 'r.vehicle_id'))))
    .leftJoin('binder as b', 'b.id', 'p.binder_id')
    .leftJoin('vehicle as bv', 'bv.id', 'b.vehicle_id')
    .select([
      'p.id',
      'p.kind',
      'p.doc_date',
      'p.state',
      'p.binder_id',
      'p.keep_forever',
      'r.ro_number',
      'v.plate',
      'b.scheme as b_scheme',
      'b.series as b_series',
      'b.month as b_month',
      'b.volume as b_volume',
      'bv.plate as bag_plate',
      'bv.vin as bag_vin',
    ]);
}

/** Papers past their period as of `asOf`: filed or received, not kept for good. */
function dueQuery(db: Db, settings: FilingSettings, asOf: string) {
  const periods = settings.kinds.filter((k) => k.retentionYears !== null);
  return papersQuery(db)
    .where('p.state', 'in', ['filed', 'received'])
    .where('p.keep_forever', '=', 0)
    .where((eb) => eb.or([eb('r.type', 'is', null), eb('r.type', '<>', ACCIDENT_RO_TYPE)]))
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('complaint as k').select('k.id').whereRef('k.ro_id', '=', 'p.ro_id'))),
    )
    .where((eb) =>
      eb.or(
        periods.length === 0
          ? [eb.lit(false)]
          : periods.map((k) =>
              eb.and([eb('p.kind', '=', k.code), eb('p.doc_date', '<', pastCutoff(asOf, k.retentionYears as number))]),
            ),
      ),
    );
}

type PaperRow = Awaited<ReturnType<ReturnType<typeof papersQuery>['execute']>>[number];

/**
 * 保管期限: each kind's period from the paper's month (永久 for kinds without one and papers kept
 * for good: disputes, accidents); what is past it; a manager-approved destruction (销毁清单,
 * printable, audited) that marks the papers destroyed and deletes their scans when no other paper
 * uses them. Nothing is ever deleted automatically.
 */
export class RetentionService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly store: ScanStore,
    readonly print: PrintService,
  ) {}

  private toDue(settings: FilingSettings, r: PaperRow): RetentionDue {
    const kind = kindOf(settings, r.kind);
    return {
      paperId: r.id,
      kindLabel: kind?.label ?? r.kind,
      roNumber: r.ro_number,
      plate: r.plate,
      binderTitle: r.b_scheme
        ? titleOf(
            settings,
            { scheme: r.b_scheme, series: r.b_series, month: r.b_month, volume: r.b_volume ?? 1 },
            r.bag_plate,
            r.bag_vin,
          )
        : null,
      docDate: r.doc_date,
      keepUntil: keepUntil(kind, r.doc_date, false) ?? '',
    };
  }

  async due(input: ParsedInputOf<'retention.due'>): Promise<{ rows: RetentionDue[]; total: number }> {
    const settings = await readFilingSettings(this.db);
    const asOf = input.asOf ?? todayDate(this.clock.now());
    const [rows, count] = await Promise.all([
      dueQuery(this.db, settings, asOf).orderBy('p.doc_date').orderBy('p.id').limit(input.limit).execute(),
      dueQuery(this.db, settings, asOf)
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map((r) => this.toDue(settings, r)), total: Number(count.n) };
  }

  /**
   * 销毁 (a manager, by the contract's roles): the chosen papers, all past their period today and
   * none out on loan, are marked destroyed under a new 销毁清单 XH2026-001; a binder left with no
   * paper in it is destroyed too; their scans are removed and each scan file deleted when no other
   * paper (or the inbox) still uses the same bytes. Audited with the list.
   */
  async destroy(input: ParsedInputOf<'destructions.create'>, ctx: CallContext): Promise<Destruction> {
    const settings = await readFilingSettings(this.db);
    const nowDate = this.clock.now();
    const now = nowInstant(nowDate);
    const today = todayDate(nowDate);
    const ids = [...new Set(input.paperIds)];
    const { id, filesToDelete } = await this.db.transaction().execute(async (trx) => {
      const due = await dueQuery(trx, settings, today).where('p.id', 'in', ids).execute();
      const dueIds = new Set(due.map((r) => r.id));
      const others = ids.filter((i) => !dueIds.has(i));
      if (others.length > 0) {
        const rows = await papersQuery(trx).where('p.id', 'in', others).orderBy('p.id').execute();
        const absent = others.filter((i) => !rows.some((r) => r.id === i));
        if (absent.length > 0) throw AppError.notFound('资料', absent.join('、'));
        const names = rows.map((r) => paperName({ ...r, kindLabel: kindOf(settings, r.kind)?.label ?? r.kind }));
        throw AppError.validation(
          'paperIds',
          '要销毁的资料',
          `${names.slice(0, 5).join('、')}${names.length > 5 ? ` 等 ${names.length} 份` : ''} 未超过保管期限或须永久保存（或已销毁、已撤销），不能销毁`,
        );
      }
      const lent = await trx
        .selectFrom('loan as l')
        .select(['l.paper_id', 'l.binder_id', 'l.borrower'])
        .where('l.returned_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('l.paper_id', 'in', ids),
            eb('l.binder_id', 'in', trx.selectFrom('paper').select('binder_id').where('id', 'in', ids)),
          ]),
        )
        .execute();
      if (lent.length > 0) {
        const names = due
          .filter((r) => lent.some((l) => l.paper_id === r.id || (l.binder_id !== null && r.binder_id === l.binder_id)))
          .map((r) => paperName({ ...r, kindLabel: kindOf(settings, r.kind)?.label ?? r.kind }));
        throw AppError.validation(
          'paperIds',
          '要销毁的资料',
          `${names.slice(0, 5).join('、')}${names.length > 5 ? ` 等 ${names.length} 份` : ''} 已借出未归还（${[...new Set(lent.map((l) => l.borrower))].join('、')}），归还后才能销毁`,
        );
      }

      const year = today.slice(0, 4);
      const prefix = `XH${year}-`;
      // Two counters destroying at once on a server take turns for the year's next number.
      await lockForTransaction(trx, `destruction_no:${year}`);
      const last = await trx
        .selectFrom('destruction')
        .select((eb) => eb.fn.max('no').as('no'))
        .where('no', '>=', prefix)
        .where('no', '<', `${prefix}~`)
        .executeTakeFirst();
      const seq = last?.no ? Number(last.no.slice(prefix.length)) + 1 : 1;
      const no = `${prefix}${String(seq).padStart(3, '0')}`;
      const inserted = await trx
        .insertInto('destruction')
        .values({
          no,
          approved_by: actorName(ctx),
          approved_by_user_id: ctx.session.user?.id ?? null,
          approved_at: now,
          reason: input.reason.trim(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const destructionId = inserted.id;
      await trx
        .updateTable('paper')
        .set((eb) => ({
          state: 'destroyed',
          destroyed_at: now,
          destruction_id: destructionId,
          updated_at: now,
          version: eb('version', '+', 1),
        }))
        .where('id', 'in', ids)
        .execute();

      // Binders left with no paper in them (every one destroyed) are destroyed.
      const binderIds = [...new Set(due.map((r) => r.binder_id).filter((b): b is number => b !== null))];
      const emptied =
        binderIds.length === 0
          ? []
          : await trx
              .selectFrom('binder as b')
              .select(['b.id', 'b.state'])
              .where('b.id', 'in', binderIds)
              .where('b.state', '<>', 'destroyed')
              .where((eb) =>
                eb.not(
                  eb.exists(
                    eb
                      .selectFrom('paper as q')
                      .select('q.id')
                      .whereRef('q.binder_id', '=', 'b.id')
                      .where('q.state', 'in', ['filed', 'received']),
                  ),
                ),
              )
              .execute();
      if (emptied.length > 0)
        await trx
          .updateTable('binder')
          .set((eb) => ({ state: 'destroyed', destroyed_at: now, updated_at: now, version: eb('version', '+', 1) }))
          .where(
            'id',
            'in',
            emptied.map((b) => b.id),
          )
          .execute();

      // Scans follow their paper: removed; a file goes when nothing still alive uses its bytes.
      const scans = await trx
        .selectFrom('scan')
        .select(['id', 'sha256'])
        .where('paper_id', 'in', ids)
        .where('removed_at', 'is', null)
        .execute();
      let gone: string[] = [];
      if (scans.length > 0) {
        await trx
          .updateTable('scan')
          .set({ removed_at: now, removed_by: actorName(ctx) })
          .where(
            'id',
            'in',
            scans.map((s) => s.id),
          )
          .execute();
        const shas = [...new Set(scans.map((s) => s.sha256))];
        const stillUsed = await trx
          .selectFrom('scan as s')
          .leftJoin('paper as q', 'q.id', 's.paper_id')
          .select('s.sha256')
          .distinct()
          .where('s.sha256', 'in', shas)
          .where('s.removed_at', 'is', null)
          .where((eb) => eb.or([eb('s.paper_id', 'is', null), eb('q.state', '<>', 'destroyed')]))
          .execute();
        const used = new Set(stillUsed.map((s) => s.sha256));
        gone = shas.filter((s) => !used.has(s));
        if (gone.length > 0)
          await trx
            .updateTable('scan_blob')
            .set({ deleted_at: now })
            .where('sha256', 'in', gone)
            .where('deleted_at', 'is', null)
            .execute();
      }
      await trx
        .updateTable('destruction')
        .set({ scans_deleted: gone.length })
        .where('id', '=', destructionId)
        .execute();

      await writeAudit(trx, ctx, now, {
        action: 'destructions.create',
        entity: 'destruction',
        entityId: destructionId,
        after: {
          no,
          reason: input.reason.trim(),
          papers: due.map((r) => {
            const d = this.toDue(settings, r);
            return {
              id: d.paperId,
              kind: r.kind,
              ro: d.roNumber,
              plate: d.plate,
              binder: d.binderTitle,
              docDate: d.docDate,
              keepUntil: d.keepUntil,
            };
          }),
          bindersDestroyed: emptied.map((b) => b.id),
          scansRemoved: scans.length,
          scanFilesDeleted: gone,
        },
      });
      return { id: destructionId, filesToDelete: gone };
    });
    // The files go once the destruction is committed (a rolled-back one keeps them).
    for (const sha of filesToDelete) await this.store.delete(sha);
    return this.read(id);
  }

  async list(): Promise<Destruction[]> {
    return this.readMany(null);
  }

  private async read(id: number): Promise<Destruction> {
    const [d] = await this.readMany([id]);
    if (!d) throw AppError.notFound('销毁清单', id);
    return d;
  }

  /** Destructions (newest first) with their papers, in two statements. */
  private async readMany(ids: number[] | null): Promise<Destruction[]> {
    const settings = await readFilingSettings(this.db);
    let q = this.db.selectFrom('destruction').selectAll();
    if (ids !== null) q = q.where('id', 'in', ids);
    const rows = await q.orderBy('approved_at', 'desc').orderBy('id', 'desc').execute();
    if (rows.length === 0) return [];
    const papers = await papersQuery(this.db)
      .select('p.destruction_id')
      .where(
        'p.destruction_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('p.doc_date')
      .orderBy('p.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      no: r.no,
      approvedBy: r.approved_by,
      approvedAt: r.approved_at,
      reason: r.reason,
      papers: papers.filter((p) => p.destruction_id === r.id).map((p) => this.toDue(settings, p)),
      scansDeleted: r.scans_deleted,
    }));
  }

  private async page(id: number): Promise<{ title: string; html: string; pages: number }> {
    const destruction = await this.read(id);
    const store = await this.db.selectFrom('store_profile').select('name').executeTakeFirst();
    return destructionPrintHtml(destruction, {
      storeName: store?.name ?? '',
      printedAt: nowInstant(this.clock.now()),
    });
  }

  async html(input: ParsedInputOf<'destructions.html'>, _ctx?: CallContext): Promise<PrintableHtml> {
    return this.page(input.id);
  }

  async pdf(input: ParsedInputOf<'destructions.pdf'>): Promise<ExportedFile & { pages: number }> {
    const page = await this.page(input.id);
    const { pdf, pages } = await this.print.pdf(page.html);
    return {
      fileName: `${page.title.replace(/\s+/g, '_')}.pdf`,
      mimeType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
      bytes: pdf.length,
      pages,
    };
  }
}
