import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { SettlementForm } from '../../../src-shared/domain/settlement';
import { nowInstant } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { RepairOrdersService } from '../archive/repair-orders.service';
import type { Clock } from '../context';
import type { ServiceDueService } from '../invitations/service-due.service';
import type { PrintService } from '../print/print.service';
import { type SettlementPrintData, settlementPrintHtml } from './settlement.print';

/** 结算单: one RO printed for the customer at delivery, through the one print service. */
export class SettlementService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly repairOrders: RepairOrdersService,
    readonly serviceDue: ServiceDueService,
    readonly print: PrintService,
  ) {}

  /** The RO with its lines, the store header and the next service (the RO's own, else the vehicle's summary). */
  async data(roId: number): Promise<SettlementPrintData> {
    const ro = await this.repairOrders.get({ id: roId });
    const store = await this.db.selectFrom('store_profile').select(['name', 'address', 'phone']).executeTakeFirst();
    let nextService: SettlementPrintData['nextService'] = {
      date: ro.nextServiceDate,
      mileage: ro.nextServiceMileage,
      fromSummary: false,
    };
    if (ro.nextServiceDate === null && ro.nextServiceMileage === null) {
      const due = (await this.serviceDue.vehicleSummary(ro.vehicleId))?.due ?? null;
      if (due) nextService = { date: due.dueOn, mileage: due.dueKm, fromSummary: true };
    }
    return {
      store: { name: store?.name ?? '', address: store?.address ?? '', phone: store?.phone ?? '' },
      ro,
      nextService,
      printedAt: nowInstant(this.clock.now()),
    };
  }

  async html(roId: number, form: SettlementForm): Promise<{ title: string; html: string }> {
    return settlementPrintHtml(await this.data(roId), form);
  }

  async pdf(input: ParsedInputOf<'settlement.pdf'>): Promise<ExportedFile & { pages: number }> {
    const data = await this.data(input.roId);
    const page = settlementPrintHtml(data, input.form);
    const { pdf, pages } = await this.print.pdf(page.html);
    const fileName = `结算单_${data.ro.roNumber}${input.form === 'continuous' ? '_241mm' : ''}.pdf`;
    return {
      fileName,
      mimeType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
      bytes: pdf.length,
      pages,
    };
  }
}
