import type { MethodName, OutputOf, ParsedInputOf } from '../../src-shared/contract/index';
import type { Archive } from '../db/database';
import { appointmentsHandlers } from '../services/appointments/appointments.handlers';
import { AppointmentsService } from '../services/appointments/appointments.service';
import { AppointmentTasks } from '../services/appointments/appointments.tasks';
import { CustomersService } from '../services/archive/customers.service';
import { RepairOrdersService } from '../services/archive/repair-orders.service';
import { VehiclesService } from '../services/archive/vehicles.service';
import { AuditLogService } from '../services/audit/audit-log.service';
import { backupHandlers } from '../services/backup/backup.handlers';
import { BackupService } from '../services/backup/backup.service';
import { claimsHandlers } from '../services/claims/claims.handlers';
import { ClaimsService } from '../services/claims/claims.service';
import { ClaimTasks } from '../services/claims/claims.tasks';
import { OldPartsService } from '../services/claims/old-parts.service';
import { OutsideServiceService } from '../services/claims/outside-service.service';
import { StatementsService } from '../services/claims/statements.service';
import { ComebacksService } from '../services/comebacks/comebacks.service';
import { ComebackTasks } from '../services/comebacks/comebacks.tasks';
import { ComplaintFormsService } from '../services/complaints/complaint-forms.service';
import { complaintsHandlers } from '../services/complaints/complaints.handlers';
import { ComplaintsService } from '../services/complaints/complaints.service';
import { ComplaintTasks } from '../services/complaints/complaints.tasks';
import { type CallContext, type Clock, clockFromEnvironment, StoreClock } from '../services/context';
import { DailyReportService } from '../services/daily-report/daily-report.service';
import { DailyReportExportService } from '../services/daily-report/daily-report-export.service';
import { filingHandlers } from '../services/filing/filing.handlers';
import { FilingService } from '../services/filing/filing.service';
import { FilingTasks } from '../services/filing/filing.tasks';
import { HandoversService } from '../services/filing/handovers.service';
import { LoansService } from '../services/filing/loans.service';
import { MissingService } from '../services/filing/missing.service';
import { RetentionService } from '../services/filing/retention.service';
import { FirstServiceService } from '../services/first-service/first-service.service';
import { FirstServiceTasks } from '../services/first-service/first-service.tasks';
import { ImportsService } from '../services/imports/imports.service';
import { InvitationsService } from '../services/invitations/invitations.service';
import { ServiceDueService } from '../services/invitations/service-due.service';
import { VehicleChanges } from '../services/invitations/vehicle-changes';
import { LettersService } from '../services/letters/letters.service';
import { LostCustomersService } from '../services/lost-customers/lost-customers.service';
import type { PdfRenderer } from '../services/print/pdf-renderer';
import { PrintService } from '../services/print/print.service';
import { PrintJobsService } from '../services/print/print-jobs.service';
import type { PrinterPort } from '../services/print/printer';
import { EnvelopesService } from '../services/printing/envelopes.service';
import { privacyHandlers } from '../services/privacy/privacy.handlers';
import { PrivacyService } from '../services/privacy/privacy.service';
import { ReconciliationService } from '../services/reconciliation/reconciliation.service';
import { reportsHandlers } from '../services/reports/reports.handlers';
import { ReportsService } from '../services/reports/reports.service';
import { ReportTasks } from '../services/reports/reports.tasks';
import { StatisticsService } from '../services/reports/statistics.service';
import { CallSheetService } from '../services/revisits/call-sheet.service';
import { CallsService } from '../services/revisits/calls.service';
import { RevisitQueueService } from '../services/revisits/revisit-queue.service';
import { revisitsHandlers } from '../services/revisits/revisits.handlers';
import { RevisitTasks } from '../services/revisits/revisits.tasks';
import { ScanStore, scanFolderFor } from '../services/scans/scan-store';
import { ScansService } from '../services/scans/scans.service';
import { SearchService } from '../services/search/search.service';
import { SettlementService } from '../services/settlement/settlement.service';
import { smsHandlers } from '../services/sms/sms.handlers';
import { SmsService } from '../services/sms/sms.service';
import { ACCOUNTS, Accounts } from '../services/system/accounts';
import { type ArchiveChoice, ArchiveLocationService } from '../services/system/archive-location.service';
import { SystemService, storeTimeZoneOf } from '../services/system/system.service';
import { DailyReportTasks } from '../services/today/daily-report.tasks';
import { ImportTasks } from '../services/today/imports.tasks';
import { InvitationTasks } from '../services/today/invitations.tasks';
import { ReconciliationTasks } from '../services/today/reconciliation.tasks';
import { TodayService } from '../services/today/today.service';

export type Handler<M extends MethodName> = (
  input: ParsedInputOf<M>,
  ctx: CallContext,
) => OutputOf<M> | Promise<OutputOf<M>>;
/** Contract → service, plus the accounts the dispatcher checks every call against. */
export type Handlers = { [M in MethodName]: Handler<M> } & { readonly [ACCOUNTS]?: Accounts };

export interface Services {
  /** Who may do what now: users' current roles, PIN limits, idle logout, refusals. */
  accounts: Accounts;
  auditLog: AuditLogService;
  system: SystemService;
  /** 设置 → 档案库: which archive this PC opens (from the next start). */
  archiveLocation: ArchiveLocationService;
  customers: CustomersService;
  vehicles: VehiclesService;
  repairOrders: RepairOrdersService;
  search: SearchService;
  imports: ImportsService;
  reconciliation: ReconciliationService;
  dailyReports: DailyReportService;
  dailyReportExport: DailyReportExportService;
  print: PrintService;
  printJobs: PrintJobsService;
  today: TodayService;
  serviceDue: ServiceDueService;
  invitations: InvitationsService;
  firstService: FirstServiceService;
  letters: LettersService;
  settlement: SettlementService;
  envelopes: EnvelopesService;
  privacy: PrivacyService;
  backup: BackupService;
  revisitQueue: RevisitQueueService;
  calls: CallsService;
  callSheet: CallSheetService;
  appointments: AppointmentsService;
  sms: SmsService;
  complaints: ComplaintsService;
  comebacks: ComebacksService;
  lostCustomers: LostCustomersService;
  complaintForms: ComplaintFormsService;
  filing: FilingService;
  handovers: HandoversService;
  loans: LoansService;
  missing: MissingService;
  retention: RetentionService;
  scans: ScansService;
  claims: ClaimsService;
  oldParts: OldPartsService;
  outsideService: OutsideServiceService;
  statements: StatementsService;
  reports: ReportsService;
  statistics: StatisticsService;
}

export function createServices(
  archive: Archive,
  baseClock: Clock = clockFromEnvironment(),
  options: {
    pdfRenderer?: PdfRenderer;
    /** The machine's printers, for printing without the dialog: the desktop window only. */
    printer?: PrinterPort;
    /** Writes touching more vehicles than this refresh their derived data afterwards (tests lower it). */
    deferVehicleChangesAbove?: number;
    /** The host's backup service (schedule, restore); otherwise one for this archive that cannot restore. */
    backup?: BackupService;
    /** How the window or the browser host chose its archive; without it the location cannot be changed. */
    archiveChoice?: ArchiveChoice;
  } = {},
): Services {
  // Every service reads "now" in the store's time zone, loaded here and followed on store.update.
  const clock = new StoreClock(baseClock, storeTimeZoneOf(archive));
  const reconciliation = new ReconciliationService(archive.db, clock);
  const accounts = new Accounts(archive, clock);
  const dailyReports = new DailyReportService(archive.db, clock, reconciliation, accounts);
  const print = new PrintService({ pdfRenderer: options.pdfRenderer, printer: options.printer });
  const serviceDue = new ServiceDueService(archive.db, clock);
  // An invitation call's 已预约 and a 回访 call's appointment are booked through appointments.
  const appointments = new AppointmentsService(archive.db, clock);
  const invitations = new InvitationsService(archive.db, clock, serviceDue, appointments);
  // Who hears about vehicles whose ROs, readings or fields were written: the summary first, then 回厂.
  const vehicleChanges = new VehicleChanges(archive.db, options.deferVehicleChangesAbove)
    .add(serviceDue)
    .add(invitations)
    .add(appointments);
  serviceDue.attach(vehicleChanges);
  appointments.attach(vehicleChanges);
  const firstService = new FirstServiceService(archive.db, clock, print, vehicleChanges);
  const repairOrders = new RepairOrdersService(archive.db, clock, vehicleChanges);
  const revisitQueue = new RevisitQueueService(archive.db, clock);
  const complaints = new ComplaintsService(archive.db, clock);
  const comebacks = new ComebacksService(archive.db, clock);
  const lostCustomers = new LostCustomersService(archive.db, clock, serviceDue);
  // A complaint callback, a comeback named on a call and a lost customer's reason are recorded with the call.
  const calls = new CallsService(archive.db, clock, revisitQueue, invitations, appointments)
    .listen(complaints)
    .listen(comebacks)
    .listen(lostCustomers);
  // 归档: papers, binders and scans (kept beside the archive file, named by their SHA-256).
  const scanStore = new ScanStore(scanFolderFor(archive.path));
  const scans = new ScansService(archive.db, clock, scanStore);
  const missing = new MissingService(archive.db, clock);
  const filing = new FilingService(archive.db, clock, missing, scans, print);
  // 已归档 in the first-service register files the vouchers' papers too.
  firstService.fileVouchersWith(filing);
  const loans = new LoansService(archive.db, clock);
  // 三包/索赔: claims by RO, old parts, outside-service orders, the monthly statement.
  const claims = new ClaimsService(archive.db, clock);
  const services: Omit<Services, 'printJobs'> = {
    accounts,
    auditLog: new AuditLogService(archive.db),
    system: new SystemService(archive, clock, {
      afterSeed: () => serviceDue.rebuildAll(),
      accounts,
      onTimeZone: (timeZone) => clock.setTimeZone(timeZone),
    }),
    archiveLocation: new ArchiveLocationService(archive, clock, options.archiveChoice),
    customers: new CustomersService(archive.db, clock),
    vehicles: new VehiclesService(archive.db, clock, vehicleChanges),
    repairOrders,
    search: new SearchService(archive.db),
    imports: new ImportsService(archive, clock, { vehicleChanges }),
    reconciliation,
    dailyReports,
    dailyReportExport: new DailyReportExportService(archive.db, clock, dailyReports, print),
    print,
    // The Today board and the end-of-day check: one contributor per area, in the order shown.
    today: new TodayService(clock, [
      new ImportTasks(archive.db),
      new ReconciliationTasks(reconciliation),
      new DailyReportTasks(dailyReports),
      new InvitationTasks(invitations),
      new FirstServiceTasks(firstService),
      new RevisitTasks(archive.db, revisitQueue, calls),
      new AppointmentTasks(appointments, revisitQueue),
      new ComplaintTasks(complaints),
      new ComebackTasks(comebacks),
      new FilingTasks(archive.db, missing, loans),
      new ClaimTasks(archive.db, claims),
      new ReportTasks(archive.db),
    ]),
    revisitQueue,
    calls,
    callSheet: new CallSheetService(archive.db, clock, revisitQueue, print),
    appointments,
    sms: new SmsService(archive.db, clock),
    complaints,
    comebacks,
    lostCustomers,
    complaintForms: new ComplaintFormsService(archive.db, clock, complaints, comebacks, print),
    filing,
    handovers: new HandoversService(archive.db, clock, filing),
    loans,
    missing,
    retention: new RetentionService(archive.db, clock, scanStore, print),
    scans,
    claims,
    oldParts: new OldPartsService(archive.db, clock, print),
    outsideService: new OutsideServiceService(archive.db, clock),
    statements: new StatementsService(archive.db, clock, print),
    // 统计: the weekly and monthly reports, their exports, the statistics page.
    reports: new ReportsService(archive.db, clock, print),
    statistics: new StatisticsService(archive.db, clock),
    serviceDue,
    invitations,
    firstService,
    letters: new LettersService(archive.db, clock, print, invitations),
    settlement: new SettlementService(archive.db, clock, repairOrders, serviceDue, print),
    envelopes: new EnvelopesService(archive.db, clock, print),
    privacy: new PrivacyService(archive.db, clock, accounts),
    backup:
      options.backup ??
      new BackupService({
        archivePath: archive.path,
        clock,
        nativeBinding: archive.nativeBinding,
        live: () => archive.sqlite,
        db: () => archive.db,
      }),
  };
  // 直接打印 makes each document through the service behind its preview.
  return { ...services, printJobs: new PrintJobsService(archive.db, clock, print, services) };
}

/** Contract → service. A new method is one contract entry plus one line here; the compiler insists on both. */
export function createHandlers(s: Services): Handlers {
  return {
    [ACCOUNTS]: s.accounts,
    'app.getInfo': (_input, ctx) => s.system.info(ctx),
    'setup.complete': (input, ctx) => s.system.completeSetup(input, ctx),
    'clock.today': () => s.system.clockReading(),
    'store.get': () => s.system.getStore(),
    'store.update': (input, ctx) => s.system.updateStore(input, ctx),
    'users.list': (input, ctx) => s.system.listUsers(input.includeInactive, ctx),
    'users.create': (input, ctx) => s.system.createUser(input, ctx),
    'users.update': (input, ctx) => s.system.updateUser(input, ctx),
    'users.unlock': (input, ctx) => s.system.unlockUser(input.id, ctx),
    'security.get': () => s.accounts.security(),
    'security.update': (input, ctx) => s.accounts.updateSecurity(input, ctx),
    'audit.list': (input) => s.auditLog.list(input),
    'session.login': (input, ctx) => s.system.login(input, ctx),
    'session.logout': (_input, ctx) => s.system.logout(ctx),
    'demo.seed': (input, ctx) => s.system.seed(input, ctx),
    'archiveLocation.get': () => s.archiveLocation.get(),
    'archiveLocation.testServer': (input) => s.archiveLocation.testServer(input),
    'archiveLocation.set': (input, ctx) => s.archiveLocation.set(input, ctx),
    'customers.list': (input) => s.customers.list(input),
    'customers.get': (input) => s.customers.get(input.id),
    'customers.create': (input, ctx) => s.customers.create(input, ctx),
    'customers.update': (input, ctx) => s.customers.update(input, ctx),
    'vehicles.list': (input) => s.vehicles.list(input),
    'vehicles.get': (input) => s.vehicles.get(input.id),
    'vehicles.create': (input, ctx) => s.vehicles.create(input, ctx),
    'vehicles.update': (input, ctx) => s.vehicles.update(input, ctx),
    'vehicles.addMileage': (input, ctx) => s.vehicles.addMileage(input, ctx),
    'repairOrders.list': (input) => s.repairOrders.list(input),
    'repairOrders.get': (input) => s.repairOrders.get(input),
    'repairOrders.create': (input, ctx) => s.repairOrders.create(input, ctx),
    'repairOrders.update': (input, ctx) => s.repairOrders.update(input, ctx),
    'search.quick': (input) => s.search.quick(input.text, input.limit, input.kind),
    'imports.start': (input, ctx) => s.imports.start(input, ctx),
    'imports.job': (input) => s.imports.getJob(input.jobId),
    'imports.commit': (input, ctx) => s.imports.commit(input.jobId, ctx),
    'imports.cancel': (input) => s.imports.cancel(input.jobId),
    'imports.rejectedFile': (input) => s.imports.rejectedFile(input.jobId),
    'imports.history': (input) => s.imports.history(input.page, input.pageSize),
    'imports.presets': () => s.imports.presets(),
    'imports.savePreset': (input, ctx) => s.imports.savePreset(input, ctx),
    'reconciliation.getDay': (input) => s.reconciliation.getDay(input.date),
    'reconciliation.summary': (input) => s.reconciliation.summary(input.date),
    'reconciliation.tick': (input, ctx) => s.reconciliation.tick(input, ctx),
    'reconciliation.untick': (input, ctx) => s.reconciliation.untick(input, ctx),
    'reconciliation.setPaperStatus': (input, ctx) => s.reconciliation.setPaperStatus(input, ctx),
    'reconciliation.annotate': (input, ctx) => s.reconciliation.annotate(input, ctx),
    'reconciliation.complete': (input, ctx) => s.reconciliation.complete(input, ctx),
    'reconciliation.reopen': (input, ctx) => s.reconciliation.reopen(input, ctx),
    'dailyReport.get': (input) => s.dailyReports.get(input.date),
    'dailyReport.version': (input) => s.dailyReports.version(input.date, input.version),
    'dailyReport.confirm': (input, ctx) => s.dailyReports.confirm(input, ctx),
    'dailyReport.unconfirm': (input, ctx) => s.dailyReports.unconfirm(input, ctx),
    'dailyReport.sign': (input, ctx) => s.dailyReports.sign(input, ctx),
    'dailyReport.startCorrection': (input, ctx) => s.dailyReports.startCorrection(input, ctx),
    'dailyReport.savePaperEntry': (input, ctx) => s.dailyReports.savePaperEntry(input, ctx),
    'dailyReport.removePaperEntry': (input, ctx) => s.dailyReports.removePaperEntry(input, ctx),
    'dailyReport.exportXlsx': (input, ctx) => s.dailyReportExport.exportXlsx(input, ctx),
    'dailyReport.exportPdf': (input, ctx) => s.dailyReportExport.exportPdf(input, ctx),
    'dailyReport.printHtml': (input, ctx) => s.dailyReportExport.printHtml(input, ctx),
    'today.tasks': (input) => s.today.tasks(input.date),
    'today.endOfDay': (input) => s.today.endOfDay(input.date),
    'serviceRules.list': () => s.serviceDue.listRules(),
    'serviceRules.save': (input, ctx) => s.serviceDue.saveRule(input, ctx),
    'serviceRules.remove': (input, ctx) => s.serviceDue.removeRule(input, ctx),
    'vehicles.serviceSummary': (input) => s.serviceDue.vehicleSummary(input.vehicleId),
    'invitations.due': (input) => s.invitations.dueIn(input),
    'invitations.create': (input, ctx) => s.invitations.create(input, ctx),
    'invitations.lists': (input) => s.invitations.lists(input),
    'invitations.get': (input) => s.invitations.get(input.id),
    'invitations.addRow': (input, ctx) => s.invitations.addRow(input, ctx),
    'invitations.removeRow': (input, ctx) => s.invitations.removeRow(input, ctx),
    'invitations.restoreRow': (input, ctx) => s.invitations.restoreRow(input, ctx),
    'invitations.recordCall': (input, ctx) => s.invitations.recordCall(input, ctx),
    'invitations.markLetterSent': (input, ctx) => s.invitations.markLetterSent(input, ctx),
    'invitations.callQueue': (input) => s.invitations.callQueue(input),
    'contactPrefs.get': (input) => s.invitations.contactPrefs(input.customerId),
    'contactPrefs.set': (input, ctx) => s.invitations.setContactPref(input, ctx),
    'firstService.register': (input, ctx) => s.firstService.register(input, ctx),
    'firstService.list': (input) => s.firstService.list(input),
    'firstService.markFiled': (input, ctx) => s.firstService.markFiled(input, ctx),
    'firstService.handoff': (input) => s.firstService.handoff(input.date),
    'firstService.handOver': (input, ctx) => s.firstService.handOver(input, ctx),
    'firstService.handoffXlsx': (input, ctx) => s.firstService.handoffXlsx(input.date, input.unmasked, ctx),
    'firstService.handoffPdf': (input, ctx) => s.firstService.handoffPdf(input.date, input.unmasked, ctx),
    'firstService.handoffHtml': (input, ctx) => s.firstService.handoffHtml(input.date, input.unmasked, ctx),
    'firstService.candidates': (input) => s.firstService.candidates(input.withinDays),
    'letters.queue': (input) => s.firstService.letterQueue(input.includePrinted),
    'letterTemplates.list': () => s.letters.listTemplates(),
    'letterTemplates.save': (input, ctx) => s.letters.saveTemplate(input, ctx),
    'letterTemplates.preview': (input) => s.letters.preview(input),
    'letterHolidays.list': (input) => s.letters.holidays(input.year),
    'letterBatches.recipients': (input) => s.letters.recipients(input),
    'letterBatches.create': (input, ctx) => s.letters.createBatch(input, ctx),
    'letterBatches.lettersHtml': (input) => s.letters.lettersPreview(input),
    'letterBatches.lettersPdf': (input) => s.letters.lettersPdf(input),
    'letterBatches.envelopesHtml': (input) => s.letters.envelopesPreview(input, s.envelopes),
    'letterBatches.envelopesPdf': (input) => s.letters.envelopesPdf(input, s.envelopes),
    'letterBatches.confirm': (input, ctx) => s.letters.confirm(input, ctx),
    'letterBatches.list': (input) => s.letters.listBatches(input),
    'letterBatches.get': (input) => s.letters.getBatch(input.id),
    'settlement.html': (input) => s.settlement.html(input.roId, input.form),
    'settlement.pdf': (input) => s.settlement.pdf(input),
    'mail.recipients': (input) => s.envelopes.recipients(input),
    'envelopes.html': (input) => s.envelopes.envelopesPreview(input),
    'envelopes.pdf': (input) => s.envelopes.envelopesPdf(input),
    'calibration.list': () => s.envelopes.calibrations(),
    'calibration.set': (input, ctx) => s.envelopes.setCalibration(input, ctx),
    'calibration.testPageHtml': (input) => s.envelopes.testPageHtml(input),
    'calibration.testPagePdf': (input) => s.envelopes.testPagePdf(input),
    'labels.binderHtml': (input) => s.envelopes.binderHtml(input.month),
    'labels.binderPdf': (input) => s.envelopes.binderPdf(input.month),
    'print.printers': () => s.printJobs.printers(),
    'print.send': (input, ctx) => s.printJobs.send(input, ctx),
    ...privacyHandlers(s.privacy),
    ...backupHandlers(s.backup),
    ...revisitsHandlers(s.revisitQueue, s.calls, s.callSheet),
    ...complaintsHandlers(s.complaints, s.comebacks, s.lostCustomers, s.complaintForms),
    ...appointmentsHandlers(s.appointments),
    ...smsHandlers(s.sms),
    ...filingHandlers(s),
    ...claimsHandlers(s),
    ...reportsHandlers(s),
  };
}
