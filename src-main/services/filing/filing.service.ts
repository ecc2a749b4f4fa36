import { sql } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { RoType } from '../../../src-shared/domain/enums';
import {
  BINDER_STATE_LABELS,
  type Binder,
  type BinderCompleteness,
  type BinderDetail,
  BUILTIN_DOC_KIND_LABELS,
  BUILTIN_DOC_KINDS,
  DOC_SUBJECT_LABELS,
  type DocKind,
  type FiledPapers,
  type FilingSettings,
  type FilingTarget,
  type Paper,
  type PaperWhereabouts,
} from '../../../src-shared/domain/filing';
import { normalizeRoNumber } from '../../../src-shared/domain/reconciliation';
import { AppError } from '../../../src-shared/errors';
import { dateOf, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import { normalizePlate, normalizeVin } from '../../../src-shared/validation/normalize';
import type { Db } from '../../db/database';
import { likeIgnoringCase } from '../../db/dialect';
import { writeAudit } from '../audit/audit';
import { actorName, type CallContext, type Clock } from '../context';
import type { PrintService } from '../print/print.service';
import type { ScansService } from '../scans/scans.service';
import { FIELD, KIND } from '../search/search-terms';
import { type BinderSheet, binderSheetsHtml } from './binder-sheets.print';
import { kindOf, readFilingSettings, writeFilingSettings } from './filing-settings';
import type { MissingService } from './missing.service';
import { readBinder, readBinders, readPaper, readPapers, titleOf } from './paper-queries';
import { isChecked, isMajorRepair, requiredKindsForRo, requiredKindsForVehicle } from './required-papers';

/** Capacity of a vehicle's own bag: one position per paper, it never "fills". */
const VEHICLE_BAG_CAPACITY = 1000;
const STALE = (what: string) => new AppError('CONFLICT', `${what}刚被别人改过，请刷新后再试。`);

/** What a paper is for, resolved: the RO (RO papers), the vehicle and the customer. */
export interface PaperSubject {
  roId: number | null;
  vehicleId: number | null;
  customerId: number | null;
}

/** One paper to put into its binder: a new one, or a received one (existingId). */
export interface PaperToFile {
  existingId?: number;
  kind: DocKind;
  subject: PaperSubject;
  docDate: string;
  receivedOn: string;
  receivedFrom?: string;
  handoverId?: number | null;
  note?: string;
}

/** Where a paper goes (planned before anything is written). */
interface Placement {
  binderId: number | null;
  /** New binder: its row. */
  create: {
    scheme: 'monthly' | 'vehicle';
    series: string | null;
    month: string | null;
    volume: number;
    vehicleId: number | null;
    shelf: string;
    capacity: number;
  } | null;
  title: string;
  shelf: string;
  state: string;
  position: number;
  /** A new position is taken (else the subject's slot is shared). */
  newPosition: boolean;
  note: string | null;
}

const monthEnd = (month: string) => `${month}-31`;
const monthStart = (month: string) => `${month}-01`;

/**
 * 归档台 and 资料夹: settings, finding what a scanned number is, filing papers into their binder
 * and position (one keystroke after the scan), taking one out (soft delete), where a paper is, and
 * the binders' life (shelf, 装订, 寄回, reopen) with their labels and cover sheets.
 */
export class FilingService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly missing: MissingService,
    readonly scans: ScansService,
    readonly print: PrintService,
  ) {}

  private today(): string {
    return todayDate(this.clock.now());
  }

  // ---- settings ----

  async settings(): Promise<FilingSettings> {
    return readFilingSettings(this.db);
  }

  async saveSettings(input: ParsedInputOf<'filingSettings.save'>, ctx: CallContext): Promise<FilingSettings> {
    const at = nowInstant(this.clock.now());
    const kinds: DocKind[] = input.kinds.map((k) => ({
      ...k,
      builtin: (BUILTIN_DOC_KINDS as readonly string[]).includes(k.code),
    }));
    for (const code of BUILTIN_DOC_KINDS)
      if (!kinds.some((k) => k.code === code))
        throw AppError.validation(
          'kinds',
          '资料类型',
          `内置类型“${BUILTIN_DOC_KIND_LABELS[code]}”不能删除（不用时可以停用）`,
        );
    const next: FilingSettings = { ...input, kinds };
    return this.db.transaction().execute(async (trx) => {
      const before = await readFilingSettings(trx);
      const used = await trx
        .selectFrom('paper')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('kind')
        .execute();
      const papersOf = new Map(used.map((u) => [u.kind, Number(u.n)]));
      for (const old of before.kinds) {
        const n = papersOf.get(old.code) ?? 0;
        if (n === 0) continue;
        const i = kinds.findIndex((k) => k.code === old.code);
        const now = kinds[i];
        if (!now)
          throw AppError.validation('kinds', '资料类型', `“${old.label}”已有 ${n} 份资料，不能删除（不用时可以停用）`);
        if (now.subject !== old.subject)
          throw AppError.validation(
            `kinds.${i}.subject`,
            '归属',
            `“${old.label}”已有 ${n} 份资料，归属不能从“${DOC_SUBJECT_LABELS[old.subject]}”改为“${DOC_SUBJECT_LABELS[now.subject]}”`,
          );
      }
      await writeFilingSettings(trx, next);
      await writeAudit(trx, ctx, at, {
        action: 'filingSettings.save',
        entity: 'app_setting',
        entityId: null,
        before,
        after: next,
      });
      return readFilingSettings(trx);
    });
  }

  // ---- lookup ----

  async lookup(text: string): Promise<FilingTarget> {
    const settings = await this.settings();
    const typed = text.trim();
    const roNumber = normalizeRoNumber(typed);
    const ro = await this.db
      .selectFrom('repair_order')
      .select(['id', 'vehicle_id'])
      .where('ro_number', '=', roNumber)
      .executeTakeFirst();
    if (ro) return this.targetForRo(settings, ro.id);
    const vehicleId = await this.findVehicle(typed);
    if (vehicleId !== null) return this.targetForVehicle(settings, vehicleId);
    throw new AppError('NOT_FOUND', `找不到修理单号、车架号或车牌为“${typed}”的记录，请确认后重新扫描或输入。`);
  }

  /** VIN (17, or its last 6 or more when unique) or plate → the vehicle. */
  private async findVehicle(typed: string): Promise<number | null> {
    const vin = normalizeVin(typed);
    if (/^[A-Z0-9]{17}$/.test(vin)) {
      const v = await this.db.selectFrom('vehicle').select('id').where('vin', '=', vin).executeTakeFirst();
      if (v) return v.id;
    }
    const plate = normalizePlate(typed);
    if (plate.length > 0) {
      const v = await this.db.selectFrom('vehicle').select('id').where('plate', '=', plate).executeTakeFirst();
      if (v) return v.id;
    }
    if (/^[A-Z0-9]{6,16}$/.test(vin)) {
      // The search index holds every VIN's last 6: candidates, then the full suffix typed.
      const rows = await this.db
        .selectFrom('search_term as t')
        .innerJoin('vehicle as v', 'v.id', 't.entity_id')
        .select(['v.id', 'v.vin'])
        .where('t.term', '=', vin.slice(-6))
        .where('t.kind', '=', KIND.vehicle)
        .where('t.field', '=', FIELD.vin)
        .execute();
      let ids = [...new Set(rows.filter((r) => r.vin?.endsWith(vin)).map((r) => r.id))];
      if (ids.length === 0) {
        // Vehicles written without search terms (older data): the suffix itself, a scan, only when nothing matched.
        const direct = await this.db
          .selectFrom('vehicle')
          .select('id')
          .where(likeIgnoringCase(this.db, sql.ref('vin'), `%${vin}`))
          .limit(5)
          .execute();
        ids = direct.map((r) => r.id);
      }
      if (ids.length > 1)
        throw new AppError(
          'CONFLICT',
          `车架号后 ${vin.length} 位“${vin}”对应 ${ids.length} 辆车，请多输入几位或输入车牌。`,
        );
      if (ids.length === 1) return ids[0] ?? null;
    }
    return null;
  }

  private async roFacts(db: Db, roId: number) {
    const ro = await db
      .selectFrom('repair_order')
      .select(['id', 'ro_number', 'vehicle_id', 'customer_id', 'type', 'status', 'opened_at', 'settled_at'])
      .where('id', '=', roId)
      .executeTakeFirst();
    if (!ro) throw AppError.notFound('修理单', roId);
    const hours = await db
      .selectFrom('ro_labor_line')
      .select((eb) => eb.fn.sum<number>('hours').as('h'))
      .where('ro_id', '=', roId)
      .executeTakeFirst();
    return { ...ro, laborHours: Number(hours?.h ?? 0), docDate: dateOf(ro.settled_at ?? ro.opened_at) };
  }

  private async vehicleTarget(vehicleId: number) {
    const v = await this.db
      .selectFrom('vehicle as v')
      .leftJoin('customer as c', 'c.id', 'v.owner_id')
      .select([
        'v.id',
        'v.plate',
        'v.vin',
        'v.model',
        'v.delivery_date',
        'c.id as c_id',
        'c.name as c_name',
        'c.created_at as c_created',
      ])
      .where('v.id', '=', vehicleId)
      .executeTakeFirst();
    if (!v) throw AppError.notFound('车辆', vehicleId);
    return v;
  }

  private async targetForRo(settings: FilingSettings, roId: number): Promise<FilingTarget> {
    const ro = await this.roFacts(this.db, roId);
    const v = await this.vehicleTarget(ro.vehicle_id);
    const customer =
      ro.customer_id !== null
        ? await this.db
            .selectFrom('customer')
            .select(['id', 'name'])
            .where('id', '=', ro.customer_id)
            .executeTakeFirst()
        : v.c_id !== null
          ? { id: v.c_id, name: v.c_name ?? '' }
          : undefined;
    const required = isChecked(settings, ro.docDate)
      ? requiredKindsForRo(settings, { type: ro.type, laborHours: ro.laborHours })
      : [];
    const subject: PaperSubject = { roId: ro.id, vehicleId: ro.vehicle_id, customerId: ro.customer_id };
    const kinds = settings.kinds.filter((k) => k.active && k.subject === 'ro');
    return {
      ro: {
        id: ro.id,
        roNumber: ro.ro_number,
        type: ro.type as RoType,
        status: ro.status,
        settledOn: ro.settled_at ? dateOf(ro.settled_at) : null,
        major: isMajorRepair(settings, { type: ro.type, laborHours: ro.laborHours }),
      },
      vehicle: { id: v.id, plate: v.plate, vin: v.vin, model: v.model },
      customer: customer ? { id: customer.id, name: customer.name } : null,
      kinds: await this.kindsFiled(settings, kinds, required, { roIds: [ro.id] }),
      place: await this.placeFor(settings, kinds, required, subject, ro.docDate),
      recentRos: [],
    };
  }

  private async targetForVehicle(settings: FilingSettings, vehicleId: number): Promise<FilingTarget> {
    const v = await this.vehicleTarget(vehicleId);
    const required =
      v.delivery_date !== null && isChecked(settings, v.delivery_date) ? requiredKindsForVehicle(settings) : [];
    const kinds = settings.kinds.filter((k) => k.active && k.subject === 'vehicle');
    const recent = await this.db
      .selectFrom('repair_order')
      .select(['id', 'ro_number', 'opened_at', 'type', 'status'])
      .where('vehicle_id', '=', vehicleId)
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .limit(5)
      .execute();
    const subject: PaperSubject = { roId: null, vehicleId, customerId: null };
    return {
      ro: null,
      vehicle: { id: v.id, plate: v.plate, vin: v.vin, model: v.model },
      customer: v.c_id !== null ? { id: v.c_id, name: v.c_name ?? '' } : null,
      kinds: await this.kindsFiled(settings, kinds, required, { vehicleIds: [vehicleId] }),
      place: await this.placeFor(settings, kinds, required, subject, this.today()),
      recentRos: recent.map((r) => ({
        id: r.id,
        roNumber: r.ro_number,
        openedOn: dateOf(r.opened_at),
        type: r.type as RoType,
        status: r.status,
      })),
    };
  }

  /** Each kind with the paper of it already in hand (the latest; an RO's own). */
  private async kindsFiled(
    settings: FilingSettings,
    kinds: DocKind[],
    required: DocKind[],
    of: { roIds?: number[]; vehicleIds?: number[] },
  ): Promise<FilingTarget['kinds']> {
    const papers = await readPapers(this.db, settings, {
      ...of,
      kinds: kinds.map((k) => k.code),
      states: ['filed', 'received'],
      today: this.today(),
    });
    return kinds.map((k) => ({
      code: k.code,
      label: k.label,
      required: required.some((r) => r.code === k.code),
      filed:
        papers.find(
          (p) =>
            p.kind === k.code &&
            (k.subject !== 'ro' || p.roId === of.roIds?.[0]) &&
            (k.subject !== 'vehicle' || p.roId === null),
        ) ?? null,
    }));
  }

  /** Where the next paper would go: the first required kind not in hand, else the first kind. */
  private async placeFor(
    settings: FilingSettings,
    kinds: DocKind[],
    required: DocKind[],
    subject: PaperSubject,
    docDate: string,
  ): Promise<FilingTarget['place']> {
    const kind = required[0] ?? kinds[0];
    if (!kind) return null;
    try {
      const p = await this.plan(this.db, settings, kind, subject, docDate);
      return { binderTitle: p.title, position: p.position, shelf: p.shelf };
    } catch (e) {
      if (e instanceof AppError && e.code === 'CONFLICT') return null;
      throw e;
    }
  }

  // ---- the placement model ----

  /** Where a paper of `kind` for `subject` dated `docDate` goes now (nothing written). */
  private async plan(
    db: Db,
    settings: FilingSettings,
    kind: DocKind,
    subject: PaperSubject,
    docDate: string,
  ): Promise<Placement> {
    if (kind.scheme === 'vehicle') {
      if (subject.vehicleId === null)
        throw AppError.validation('vehicleId', '车辆', `“${kind.label}”放在一车一档里，请先扫描车架号或车牌`);
      const v = await db
        .selectFrom('vehicle')
        .select(['plate', 'vin'])
        .where('id', '=', subject.vehicleId)
        .executeTakeFirst();
      if (!v) throw AppError.notFound('车辆', subject.vehicleId);
      const bag = await db
        .selectFrom('binder')
        .selectAll()
        .where('vehicle_id', '=', subject.vehicleId)
        .executeTakeFirst();
      const title = titleOf(settings, { scheme: 'vehicle', series: null, month: null, volume: 1 }, v.plate, v.vin);
      if (!bag)
        return {
          binderId: null,
          create: {
            scheme: 'vehicle',
            series: null,
            month: null,
            volume: 1,
            vehicleId: subject.vehicleId,
            shelf: settings.vehicleBagShelf,
            capacity: VEHICLE_BAG_CAPACITY,
          },
          title,
          shelf: settings.vehicleBagShelf,
          state: 'open',
          position: 1,
          newPosition: true,
          note: `新建车辆档案袋“${title}”`,
        };
      return {
        binderId: bag.id,
        create: null,
        title,
        shelf: bag.shelf,
        state: bag.state,
        position: bag.positions + 1,
        newPosition: true,
        note: null,
      };
    }
    const month = docDate.slice(0, 7);
    const series = settings.series.find((s) => s.key === kind.series);
    const title = (volume: number) =>
      titleOf(settings, { scheme: 'monthly', series: kind.series, month, volume }, null, null);
    // The subject's slot in this series' month, if it has one already.
    let slotQ = db
      .selectFrom('paper as p')
      .innerJoin('binder as b', 'b.id', 'p.binder_id')
      .select(['b.id', 'b.volume', 'b.shelf', 'b.state', 'p.position'])
      .where('b.series', '=', kind.series)
      .where('b.month', '=', month)
      .where('b.state', '<>', 'destroyed')
      .where('p.state', 'in', ['filed', 'removed']);
    if (kind.subject === 'ro') slotQ = slotQ.where('p.ro_id', '=', subject.roId);
    else if (kind.subject === 'vehicle')
      slotQ = slotQ.where('p.ro_id', 'is', null).where('p.vehicle_id', '=', subject.vehicleId);
    else
      slotQ = slotQ
        .where('p.ro_id', 'is', null)
        .where('p.vehicle_id', 'is', null)
        .where('p.customer_id', '=', subject.customerId);
    const slot = await slotQ.orderBy('b.volume', 'desc').limit(1).executeTakeFirst();
    if (slot && slot.position !== null)
      return {
        binderId: slot.id,
        create: null,
        title: title(slot.volume),
        shelf: slot.shelf,
        state: slot.state,
        position: slot.position,
        newPosition: false,
        note: null,
      };
    const volumes = await db
      .selectFrom('binder')
      .selectAll()
      .where('series', '=', kind.series)
      .where('month', '=', month)
      .orderBy('volume', 'desc')
      .execute();
    const maxVolume = volumes[0]?.volume ?? 0;
    const current = volumes.find((b) => b.state !== 'destroyed');
    const shelf = series?.shelf ?? '';
    const capacity = series?.capacity ?? 200;
    if (!current || current.positions >= current.capacity) {
      const volume = maxVolume + 1;
      return {
        binderId: null,
        create: { scheme: 'monthly', series: kind.series, month, volume, vehicleId: null, shelf, capacity },
        title: title(volume),
        shelf,
        state: 'open',
        position: 1,
        newPosition: true,
        note: current
          ? `“${title(current.volume)}”已满（${current.capacity} 个位置），已开新的第 ${volume} 册`
          : `新建资料夹“${title(volume)}”`,
      };
    }
    return {
      binderId: current.id,
      create: null,
      title: title(current.volume),
      shelf: current.shelf,
      state: current.state,
      position: current.positions + 1,
      newPosition: true,
      note: null,
    };
  }

  /** The paper of the kind already in hand for the subject (RO kinds: per RO; others: per subject and month). */
  private async duplicateOf(
    db: Db,
    settings: FilingSettings,
    kind: DocKind,
    subject: PaperSubject,
    docDate: string,
    exceptId?: number,
  ): Promise<Paper | null> {
    let q = db
      .selectFrom('paper')
      .select('id')
      .where('kind', '=', kind.code)
      .where('state', 'in', ['filed', 'received']);
    if (kind.subject === 'ro') q = q.where('ro_id', '=', subject.roId);
    else {
      const month = docDate.slice(0, 7);
      q = q
        .where('doc_date', '>=', monthStart(month))
        .where('doc_date', '<=', monthEnd(month))
        .where('ro_id', 'is', null);
      q =
        kind.subject === 'vehicle'
          ? q.where('vehicle_id', '=', subject.vehicleId)
          : q.where('vehicle_id', 'is', null).where('customer_id', '=', subject.customerId);
    }
    if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
    const row = await q.limit(1).executeTakeFirst();
    return row ? readPaper(db, row.id, { settings }) : null;
  }

  private static whereItIs(p: Paper): string {
    const of =
      p.subject === 'ro'
        ? `修理单 ${p.roNumber ?? ''}`
        : p.subject === 'vehicle'
          ? `车辆 ${p.plate ?? p.vin ?? ''}`
          : `客户 ${p.customerName ?? ''}`;
    if (p.state === 'received') return `${of}的“${p.kindLabel}”已收到（${p.receivedOn}），尚未归档，不能重复登记`;
    return `${of}的“${p.kindLabel}”已归档在“${p.binderTitle ?? ''}”第 ${p.position ?? '?'} 位（${p.shelf ?? ''}），不能重复归档`;
  }

  /**
   * Files the papers inside the caller's transaction, one after another (the second paper of an
   * RO finds the first one's slot). Refuses a kind already in hand, a destroyed binder, and a
   * bound or sent binder unless confirmed. Audits each paper. Returns the ids and the notes.
   */
  async fileIn(
    trx: Db,
    ctx: CallContext,
    at: string,
    settings: FilingSettings,
    papers: PaperToFile[],
    confirmClosedBinder: boolean,
  ): Promise<{ paperIds: number[]; notes: string[] }> {
    const by = actorName(ctx);
    const paperIds: number[] = [];
    const notes: string[] = [];
    const attachedFor = new Set<string>();
    for (const item of papers) {
      const { kind, subject } = item;
      const dup = await this.duplicateOf(trx, settings, kind, subject, item.docDate, item.existingId);
      if (dup) throw new AppError('CONFLICT', FilingService.whereItIs(dup), { paperId: dup.id });
      const place = await this.plan(trx, settings, kind, subject, item.docDate);
      if (place.state === 'destroyed')
        throw new AppError('CONFLICT', `资料夹“${place.title}”已销毁，不能再放入资料。`, {
          binder: place.title,
          state: place.state,
        });
      if ((place.state === 'bound' || place.state === 'sent') && !confirmClosedBinder)
        throw new AppError('CONFLICT', `资料夹“${place.title}”${BINDER_STATE_LABELS[place.state]}，确定要放入吗？`, {
          confirm: 'closedBinder',
          binder: place.title,
          state: place.state,
        });
      let binderId = place.binderId;
      if (place.create) {
        const created = await trx
          .insertInto('binder')
          .values({
            scheme: place.create.scheme,
            series: place.create.series,
            month: place.create.month,
            volume: place.create.volume,
            vehicle_id: place.create.vehicleId,
            shelf: place.create.shelf,
            state: 'open',
            capacity: place.create.capacity,
            positions: 1,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        binderId = created.id;
        await writeAudit(trx, ctx, at, {
          action: 'binders.open',
          entity: 'binder',
          entityId: binderId,
          after: { title: place.title, shelf: place.shelf },
        });
      } else if (place.newPosition && binderId !== null) {
        await trx
          .updateTable('binder')
          .set((eb) => ({ positions: eb('positions', '+', 1), updated_at: at }))
          .where('id', '=', binderId)
          .execute();
      }
      if (binderId === null) throw new AppError('INTERNAL', '归档失败：没有资料夹');
      if (place.note && !notes.includes(place.note)) notes.push(place.note);
      const values = {
        state: 'filed',
        binder_id: binderId,
        position: place.position,
        filed_at: at,
        filed_by: by,
        updated_at: at,
      };
      let paperId: number;
      if (item.existingId !== undefined) {
        const r = await trx
          .updateTable('paper')
          .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
          .where('id', '=', item.existingId)
          .where('state', '=', 'received')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw STALE('这份资料');
        paperId = item.existingId;
      } else {
        const r = await trx
          .insertInto('paper')
          .values({
            ...values,
            kind: kind.code,
            ro_id: subject.roId,
            vehicle_id: subject.vehicleId,
            customer_id: subject.customerId,
            doc_date: item.docDate,
            received_on: item.receivedOn,
            received_from: item.receivedFrom ?? '',
            handover_id: item.handoverId ?? null,
            note: item.note ?? '',
            created_at: at,
            created_by: by,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        paperId = r.id;
      }
      paperIds.push(paperId);
      await writeAudit(trx, ctx, at, {
        action: item.existingId !== undefined ? 'filing.fileReceived' : 'filing.file',
        entity: 'paper',
        entityId: paperId,
        after: { kind: kind.code, ...subject, docDate: item.docDate, binder: place.title, position: place.position },
      });
      // The inbox scans named after the RO (or the vehicle) go to the first paper filed for it.
      const key = subject.roId !== null ? `ro:${subject.roId}` : `v:${subject.vehicleId}`;
      if ((subject.roId !== null || subject.vehicleId !== null) && !attachedFor.has(key)) {
        attachedFor.add(key);
        const n = await this.scans.attachMatched(
          trx,
          ctx,
          at,
          { roId: subject.roId, vehicleId: subject.vehicleId },
          paperId,
        );
        if (n > 0) notes.push(`已附上待处理的扫描件 ${n} 份`);
      }
    }
    return { paperIds, notes };
  }

  /** Files the papers and reads them back (with the first one's binder) in the same transaction. */
  private async fileAndRead(
    trx: Db,
    ctx: CallContext,
    at: string,
    settings: FilingSettings,
    items: PaperToFile[],
    confirmClosedBinder: boolean,
  ): Promise<FiledPapers> {
    const { paperIds, notes } = await this.fileIn(trx, ctx, at, settings, items, confirmClosedBinder);
    return this.filedPapers(trx, settings, paperIds, notes);
  }

  async filedPapers(db: Db, settings: FilingSettings, paperIds: number[], notes: string[]): Promise<FiledPapers> {
    const papers = await readPapers(db, settings, { ids: paperIds, today: this.today() });
    const ordered = paperIds.map((id) => papers.find((p) => p.id === id)).filter((p): p is Paper => p !== undefined);
    const first = ordered[0]?.binderId ?? null;
    return {
      papers: ordered,
      binder: first !== null ? await readBinder(db, settings, first, this.today()) : null,
      notes,
    };
  }

  /** The vehicle and customer of an RO (not found: the clerk is told). */
  private static async roOwner(db: Db, roId: number) {
    const ro = await db
      .selectFrom('repair_order')
      .select(['vehicle_id', 'customer_id'])
      .where('id', '=', roId)
      .executeTakeFirst();
    if (!ro) throw AppError.notFound('修理单', roId);
    return ro;
  }

  /** The subject a paper of the kind is for, from what was scanned (RO → its vehicle and customer; vehicle → none else). */
  async subjectFor(db: Db, kind: DocKind, ref: PaperSubject, path = 'kinds'): Promise<PaperSubject> {
    if (kind.subject === 'ro') {
      if (ref.roId === null) throw AppError.validation(path, '资料类型', `“${kind.label}”属于修理单，请先扫描修理单号`);
      const ro = await FilingService.roOwner(db, ref.roId);
      return { roId: ref.roId, vehicleId: ro.vehicle_id, customerId: ro.customer_id };
    }
    let vehicleId = ref.vehicleId;
    let customerId = ref.customerId;
    if (ref.roId !== null && (vehicleId === null || customerId === null)) {
      const ro = await FilingService.roOwner(db, ref.roId);
      vehicleId ??= ro.vehicle_id;
      customerId ??= ro.customer_id;
    }
    if (kind.subject === 'vehicle') {
      if (vehicleId === null)
        throw AppError.validation(path, '资料类型', `“${kind.label}”属于车辆，请先扫描车架号或车牌`);
      const v = await db.selectFrom('vehicle').select('id').where('id', '=', vehicleId).executeTakeFirst();
      if (!v) throw AppError.notFound('车辆', vehicleId);
      return { roId: null, vehicleId, customerId: null };
    }
    if (customerId === null && vehicleId !== null) {
      const v = await db.selectFrom('vehicle').select('owner_id').where('id', '=', vehicleId).executeTakeFirst();
      customerId = v?.owner_id ?? null;
    }
    if (customerId === null) throw AppError.validation(path, '资料类型', `“${kind.label}”属于客户，请先找到客户`);
    const c = await db.selectFrom('customer').select('id').where('id', '=', customerId).executeTakeFirst();
    if (!c) throw AppError.notFound('客户', customerId);
    return { roId: null, vehicleId: null, customerId };
  }

  /** An active kind of the settings, or the clerk is told which one is wrong. */
  static activeKind(settings: FilingSettings, code: string, path: string): DocKind {
    const kind = kindOf(settings, code);
    if (!kind) throw AppError.validation(path, '资料类型', `没有“${code}”这种资料类型`);
    if (!kind.active) throw AppError.validation(path, '资料类型', `“${kind.label}”已停用，请在归档设置里启用后再归档`);
    return kind;
  }

  /**
   * 首保凭证 as papers, inside the caller's transaction (the register's 已归档 and the hand-over's
   * 首保凭证归档 agree): each voucher's vehicle gets a first_service_voucher paper dated the day the
   * voucher was registered (received), filed into its binder; one received already is filed; one
   * filed already stays where it is (its id is returned, with a note).
   */
  async fileVoucherPapers(
    trx: Db,
    ctx: CallContext,
    at: string,
    voucherIds: readonly number[],
    confirmClosedBinder: boolean,
  ): Promise<{ paperIds: number[]; notes: string[] }> {
    const settings = await readFilingSettings(trx);
    const kind = kindOf(settings, 'first_service_voucher');
    if (!kind) throw new AppError('INTERNAL', '归档设置里没有“首保凭证”这种资料类型');
    const vouchers = await trx
      .selectFrom('first_service_voucher as f')
      .leftJoin('vehicle as v', 'v.id', 'f.vehicle_id')
      .select(['f.id', 'f.voucher_no', 'f.vehicle_id', 'f.created_at', 'f.advisor_name', 'v.plate'])
      .where('f.id', 'in', [...voucherIds])
      .execute();
    const items: PaperToFile[] = [];
    const kept: number[] = [];
    const notes: string[] = [];
    for (const id of voucherIds) {
      const f = vouchers.find((x) => x.id === id);
      if (!f) throw AppError.notFound('首保凭证', `#${id}`);
      const existing = await trx
        .selectFrom('paper')
        .select(['id', 'state', 'doc_date', 'received_on'])
        .where('kind', '=', kind.code)
        .where('vehicle_id', '=', f.vehicle_id)
        .where('ro_id', 'is', null)
        .where('state', 'in', ['received', 'filed'])
        .orderBy('id')
        .executeTakeFirst();
      if (existing?.state === 'filed') {
        kept.push(existing.id);
        notes.push(`首保凭证 ${f.voucher_no}（${f.plate ?? ''}）已归档过，未重复归档`);
        continue;
      }
      const day = dateOf(f.created_at);
      items.push({
        ...(existing ? { existingId: existing.id } : {}),
        kind,
        subject: { roId: null, vehicleId: f.vehicle_id, customerId: null },
        docDate: existing?.doc_date ?? day,
        receivedOn: existing?.received_on ?? day,
        receivedFrom: f.advisor_name,
        note: `首保凭证 ${f.voucher_no}`,
      });
    }
    const filed = await this.fileIn(trx, ctx, at, settings, items, confirmClosedBinder);
    return { paperIds: [...filed.paperIds, ...kept], notes: [...filed.notes, ...notes] };
  }

  async file(input: ParsedInputOf<'filing.file'>, ctx: CallContext): Promise<FiledPapers> {
    const at = nowInstant(this.clock.now());
    const today = this.today();
    const receivedOn = input.receivedOn ?? today;
    if (receivedOn > today) throw AppError.validation('receivedOn', '收到日期', `不能晚于今天（${today}）`);
    const settings = await this.settings();
    const kinds = input.kinds.map((code, i) => FilingService.activeKind(settings, code, `kinds.${i}`));
    kinds.forEach((k, i) => {
      if (kinds.findIndex((x) => x.code === k.code) !== i)
        throw AppError.validation(`kinds.${i}`, '资料类型', `“${k.label}”选了两次，同一种资料只归档一份`);
    });
    const ref: PaperSubject = { roId: input.roId, vehicleId: input.vehicleId, customerId: input.customerId };
    return this.db.transaction().execute(async (trx) => {
      const items: PaperToFile[] = [];
      let roDocDate: string | null = null;
      for (const [i, kind] of kinds.entries()) {
        const subject = await this.subjectFor(trx, kind, ref, `kinds.${i}`);
        if (kind.subject === 'ro' && subject.roId !== null && roDocDate === null) {
          const r = await trx
            .selectFrom('repair_order')
            .select(['opened_at', 'settled_at'])
            .where('id', '=', subject.roId)
            .executeTakeFirstOrThrow();
          roDocDate = dateOf(r.settled_at ?? r.opened_at);
        }
        items.push({
          kind,
          subject,
          docDate: kind.subject === 'ro' ? (roDocDate ?? receivedOn) : receivedOn,
          receivedOn,
          note: input.note,
        });
      }
      return this.fileAndRead(trx, ctx, at, settings, items, input.confirmClosedBinder);
    });
  }

  async fileReceived(input: ParsedInputOf<'filing.fileReceived'>, ctx: CallContext): Promise<FiledPapers> {
    const at = nowInstant(this.clock.now());
    const settings = await this.settings();
    const ids = [...new Set(input.paperIds)];
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('paper').selectAll().where('id', 'in', ids).execute();
      const items: PaperToFile[] = [];
      for (const id of ids) {
        const r = rows.find((x) => x.id === id);
        if (!r) throw AppError.notFound('资料', id);
        if (r.state !== 'received') {
          const p = await readPaper(trx, id, { settings });
          throw new AppError(
            'CONFLICT',
            `${p.plate ?? p.roNumber ?? ''} 的“${p.kindLabel}”${p.state === 'filed' ? '已归档' : '已撤销或销毁'}，不是待归档的资料。`,
          );
        }
        const kind = kindOf(settings, r.kind);
        if (!kind) throw AppError.validation('paperIds', '资料类型', `没有“${r.kind}”这种资料类型`);
        items.push({
          existingId: r.id,
          kind,
          subject: { roId: r.ro_id, vehicleId: r.vehicle_id, customerId: r.customer_id },
          docDate: r.doc_date,
          receivedOn: r.received_on,
        });
      }
      return this.fileAndRead(trx, ctx, at, settings, items, input.confirmClosedBinder);
    });
  }

  /** A paper's row changed when its version still matches (else someone else changed it), audited, read back. */
  private async changePaper(
    trx: Db,
    ctx: CallContext,
    at: string,
    settings: FilingSettings,
    input: { paperId: number; version: number },
    action: string,
    set: Record<string, string | number | null>,
    audit: { before: unknown; after: unknown },
  ): Promise<Paper> {
    await FilingService.updateVersioned(trx, ctx, at, 'paper', input.paperId, input.version, action, set, audit);
    return readPaper(trx, input.paperId, { settings, today: this.today() });
  }

  /**
   * A paper's or binder's row updated under its version (version + 1, updated_at) and audited; a
   * version that moved meanwhile is the "someone else changed it" refusal, nothing written.
   */
  private static async updateVersioned(
    trx: Db,
    ctx: CallContext,
    at: string,
    table: 'paper' | 'binder',
    id: number,
    version: number,
    action: string,
    set: Record<string, string | number | null>,
    audit: { before: unknown; after: unknown },
  ): Promise<void> {
    // Both tables have id, version and updated_at; the set is checked by the callers.
    const r = await trx
      .updateTable(table as 'paper')
      .set((eb) => ({ ...set, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw STALE(table === 'paper' ? '这份资料' : '这个资料夹');
    await writeAudit(trx, ctx, at, { action, entity: table, entityId: id, ...audit });
  }

  async remove(input: ParsedInputOf<'filing.remove'>, ctx: CallContext): Promise<Paper> {
    const at = nowInstant(this.clock.now());
    const settings = await this.settings();
    return this.db.transaction().execute(async (trx) => {
      const before = await readPaper(trx, input.paperId, { settings, today: this.today() });
      if (before.state === 'removed' || before.state === 'destroyed')
        throw new AppError(
          'CONFLICT',
          `这份“${before.kindLabel}”${before.state === 'removed' ? '已撤销' : '已销毁'}。`,
        );
      if (before.loan && before.loan.paperId === before.id)
        throw new AppError('CONFLICT', `这份“${before.kindLabel}”已借给${before.loan.borrower}，归还后再撤销。`);
      return this.changePaper(
        trx,
        ctx,
        at,
        settings,
        input,
        'filing.remove',
        { state: 'removed', removed_at: at, removed_by: actorName(ctx), removed_reason: input.reason.trim() },
        {
          before: { state: before.state, binder: before.binderTitle, position: before.position },
          after: { state: 'removed', reason: input.reason.trim() },
        },
      );
    });
  }

  async keepForever(input: ParsedInputOf<'filing.keepForever'>, ctx: CallContext): Promise<Paper> {
    const at = nowInstant(this.clock.now());
    const settings = await this.settings();
    return this.db.transaction().execute(async (trx) => {
      const before = await readPaper(trx, input.paperId, { settings });
      if (before.state === 'destroyed') throw new AppError('CONFLICT', `这份“${before.kindLabel}”已销毁。`);
      return this.changePaper(
        trx,
        ctx,
        at,
        settings,
        input,
        'filing.keepForever',
        { keep_forever: input.keepForever ? 1 : 0 },
        {
          before: { keepForever: before.keepForever },
          after: { keepForever: input.keepForever, reason: input.reason.trim() },
        },
      );
    });
  }

  async paper(id: number): Promise<Paper> {
    return readPaper(this.db, id, { settings: await this.settings(), today: this.today() });
  }

  /** The papers in hand or filed (and destroyed ones, for the record); removed ones are left out. */
  async where(input: ParsedInputOf<'papers.where'>): Promise<PaperWhereabouts> {
    const settings = await this.settings();
    if (
      input.roId !== null &&
      !(await this.db.selectFrom('repair_order').select('id').where('id', '=', input.roId).executeTakeFirst())
    )
      throw AppError.notFound('修理单', input.roId);
    if (
      input.vehicleId !== null &&
      !(await this.db.selectFrom('vehicle').select('id').where('id', '=', input.vehicleId).executeTakeFirst())
    )
      throw AppError.notFound('车辆', input.vehicleId);
    if (
      input.customerId !== null &&
      !(await this.db.selectFrom('customer').select('id').where('id', '=', input.customerId).executeTakeFirst())
    )
      throw AppError.notFound('客户', input.customerId);
    const papers = await readPapers(this.db, settings, {
      roIds: input.roId !== null ? [input.roId] : [],
      vehicleIds: input.vehicleId !== null ? [input.vehicleId] : [],
      customerIds: input.customerId !== null ? [input.customerId] : [],
      states: ['received', 'filed', 'destroyed'],
      today: this.today(),
    });
    const missing = await this.missing.forSubject(input);
    return { papers, missing };
  }

  async received(): Promise<Paper[]> {
    return readPapers(this.db, await this.settings(), { states: ['received'], order: 'received', today: this.today() });
  }

  // ---- binders ----

  async binders(input: ParsedInputOf<'binders.list'>): Promise<Binder[]> {
    return readBinders(this.db, await this.settings(), {
      scheme: input.vehicleId !== undefined ? 'vehicle' : input.scheme,
      series: input.series,
      month: input.month,
      state: input.state,
      vehicleId: input.vehicleId,
      today: this.today(),
    });
  }

  async binder(id: number): Promise<BinderDetail> {
    const settings = await this.settings();
    const binder = await readBinder(this.db, settings, id, this.today());
    const papers = await readPapers(this.db, settings, {
      binderId: id,
      states: ['filed', 'removed', 'destroyed'],
      order: 'position',
      today: this.today(),
    });
    return { binder, papers };
  }

  async completeness(id: number): Promise<BinderCompleteness> {
    const settings = await this.settings();
    const binder = await readBinder(this.db, settings, id, this.today());
    const missing =
      binder.scheme === 'monthly' && binder.series !== null && binder.month !== null
        ? await this.missing.forSeriesMonth(binder.series, binder.month)
        : await this.missing.forSubject({ roId: null, vehicleId: binder.vehicleId, customerId: null });
    const row = await this.db
      .selectFrom('paper as p')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('p.binder_id', '=', id)
      .where('p.state', '=', 'filed')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('scan as s')
              .select('s.id')
              .whereRef('s.paper_id', '=', 'p.id')
              .where('s.removed_at', 'is', null),
          ),
        ),
      )
      .executeTakeFirst();
    return { binder, missing, withoutScan: Number(row?.n ?? 0) };
  }

  /** A binder's row changed when its version still matches (else someone else changed it), audited, read back. */
  private async changeBinder(
    trx: Db,
    ctx: CallContext,
    at: string,
    input: { id: number; version: number },
    action: string,
    set: Record<string, string | null>,
    audit: { before: unknown; after: unknown },
  ): Promise<Binder> {
    await FilingService.updateVersioned(trx, ctx, at, 'binder', input.id, input.version, action, set, audit);
    return readBinder(trx, await readFilingSettings(trx), input.id, this.today());
  }

  private async binderForChange(trx: Db, id: number, version: number): Promise<Binder> {
    const b = await readBinder(trx, await readFilingSettings(trx), id, this.today());
    if (b.version !== version) throw STALE('这个资料夹');
    return b;
  }

  async updateBinder(input: ParsedInputOf<'binders.update'>, ctx: CallContext): Promise<Binder> {
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const b = await this.binderForChange(trx, input.id, input.version);
      if (b.state === 'destroyed') throw new AppError('CONFLICT', `资料夹“${b.title}”已销毁。`);
      return this.changeBinder(
        trx,
        ctx,
        at,
        input,
        'binders.update',
        { shelf: input.shelf.trim() },
        {
          before: { shelf: b.shelf },
          after: { shelf: input.shelf.trim() },
        },
      );
    });
  }

  async bind(input: ParsedInputOf<'binders.bind'>, ctx: CallContext): Promise<Binder> {
    const at = nowInstant(this.clock.now());
    const b = await readBinder(this.db, await this.settings(), input.id, this.today());
    if (b.version !== input.version) throw STALE('这个资料夹');
    if (b.state !== 'open')
      throw new AppError('CONFLICT', `资料夹“${b.title}”${BINDER_STATE_LABELS[b.state]}，只有在用的资料夹可以装订。`);
    const { missing } = await this.completeness(input.id);
    if (missing.length > 0 && !input.confirmIncomplete)
      throw new AppError('CONFLICT', `资料夹“${b.title}”还缺 ${missing.length} 份资料，确定要装订吗？`, {
        confirm: 'incomplete',
        missing: missing.length,
      });
    return this.db.transaction().execute(async (trx) => {
      await this.binderForChange(trx, input.id, input.version);
      return this.changeBinder(
        trx,
        ctx,
        at,
        input,
        'binders.bind',
        { state: 'bound', bound_at: at, bound_by: actorName(ctx) },
        {
          before: { state: b.state },
          after: { state: 'bound', missing: missing.length },
        },
      );
    });
  }

  async reopen(input: ParsedInputOf<'binders.reopen'>, ctx: CallContext): Promise<Binder> {
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const b = await this.binderForChange(trx, input.id, input.version);
      if (b.state !== 'bound' && b.state !== 'sent')
        throw new AppError(
          'CONFLICT',
          `资料夹“${b.title}”${BINDER_STATE_LABELS[b.state]}，只有已装订或已寄回的可以重新打开。`,
        );
      return this.changeBinder(
        trx,
        ctx,
        at,
        input,
        'binders.reopen',
        { state: 'open', bound_at: null, bound_by: null, sent_on: null, sent_to: null, sent_by: null },
        {
          before: { state: b.state, boundAt: b.boundAt, sentOn: b.sentOn, sentTo: b.sentTo },
          after: { state: 'open', reason: input.reason.trim() },
        },
      );
    });
  }

  async send(input: ParsedInputOf<'binders.send'>, ctx: CallContext): Promise<Binder> {
    const at = nowInstant(this.clock.now());
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const b = await this.binderForChange(trx, input.id, input.version);
      if (b.state !== 'bound')
        throw new AppError('CONFLICT', `资料夹“${b.title}”${BINDER_STATE_LABELS[b.state]}，装订后才能寄回。`);
      if (input.sentOn > today) throw AppError.validation('sentOn', '寄回日期', `不能晚于今天（${today}）`);
      const boundOn = b.boundAt ? dateOf(b.boundAt) : null;
      if (boundOn !== null && input.sentOn < boundOn)
        throw AppError.validation('sentOn', '寄回日期', `不能早于装订日期（${boundOn}）`);
      const sentTo = input.sentTo.trim();
      return this.changeBinder(
        trx,
        ctx,
        at,
        input,
        'binders.send',
        { state: 'sent', sent_on: input.sentOn, sent_to: sentTo, sent_by: actorName(ctx) },
        {
          before: { state: b.state },
          after: { state: 'sent', sentOn: input.sentOn, sentTo },
        },
      );
    });
  }

  // ---- labels and cover sheets ----

  private async sheets(ids: readonly number[]): Promise<{ sheets: BinderSheet[]; storeName: string }> {
    const settings = await this.settings();
    const unique = [...new Set(ids)];
    const binders = await readBinders(this.db, settings, { ids: unique, today: this.today() });
    for (const id of unique) if (!binders.some((b) => b.id === id)) throw AppError.notFound('资料夹', id);
    const sheets: BinderSheet[] = [];
    for (const id of unique) {
      const binder = binders.find((b) => b.id === id) as Binder;
      const papers = await readPapers(this.db, settings, { binderId: id, states: ['filed'], order: 'position' });
      const byKind = new Map<string, number>();
      for (const p of papers) byKind.set(p.kindLabel, (byKind.get(p.kindLabel) ?? 0) + 1);
      const roNumbers = papers
        .map((p) => p.roNumber)
        .filter((x): x is string => x !== null)
        .sort();
      const vehicle =
        binder.vehicleId !== null
          ? await this.db.selectFrom('vehicle').select(['model']).where('id', '=', binder.vehicleId).executeTakeFirst()
          : undefined;
      sheets.push({
        binder,
        seriesLabel:
          binder.series !== null
            ? (settings.series.find((s) => s.key === binder.series)?.label ?? binder.series)
            : null,
        firstRo: roNumbers[0] ?? null,
        lastRo: roNumbers[roNumbers.length - 1] ?? null,
        byKind: [...byKind.entries()].map(([label, count]) => ({ label, count })),
        model: vehicle?.model ?? null,
      });
    }
    const store = await this.db.selectFrom('store_profile').select('name').executeTakeFirst();
    return { sheets, storeName: store?.name ?? '' };
  }

  async labelsHtml(input: ParsedInputOf<'binders.labelsHtml'>, _ctx?: CallContext): Promise<PrintableHtml> {
    const { sheets, storeName } = await this.sheets(input.ids);
    return binderSheetsHtml(sheets, { storeName, printedAt: nowInstant(this.clock.now()) });
  }

  async labelsPdf(input: ParsedInputOf<'binders.labelsPdf'>): Promise<ExportedFile & { pages: number }> {
    const page = await this.labelsHtml(input);
    const { pdf, pages } = await this.print.pdf(page.html);
    return {
      fileName: `资料夹标签_${nowInstant(this.clock.now()).slice(0, 10)}.pdf`,
      mimeType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
      bytes: pdf.length,
      pages,
    };
  }
}
