import type { FilingContractMethod } from '../../../src-shared/contract/filing.contract';
import type { Handler } from '../../api/handlers';
import type { ScansService } from '../scans/scans.service';
import type { FilingService } from './filing.service';
import type { HandoversService } from './handovers.service';
import type { LoansService } from './loans.service';
import type { MissingService } from './missing.service';
import type { RetentionService } from './retention.service';

export interface FilingServices {
  filing: FilingService;
  handovers: HandoversService;
  loans: LoansService;
  missing: MissingService;
  retention: RetentionService;
  scans: ScansService;
}

/** 归档: contract → services, merged into the one handler map in api/handlers.ts. */
export function filingHandlers(s: FilingServices): { [M in FilingContractMethod]: Handler<M> } {
  return {
    'filingSettings.get': () => s.filing.settings(),
    'filingSettings.save': (input, ctx) => s.filing.saveSettings(input, ctx),
    'filing.lookup': (input) => s.filing.lookup(input.text),
    'filing.file': (input, ctx) => s.filing.file(input, ctx),
    'filing.fileReceived': (input, ctx) => s.filing.fileReceived(input, ctx),
    'filing.remove': (input, ctx) => s.filing.remove(input, ctx),
    'filing.keepForever': (input, ctx) => s.filing.keepForever(input, ctx),
    'papers.get': (input) => s.filing.paper(input.id),
    'papers.where': (input) => s.filing.where(input),
    'papers.received': () => s.filing.received(),
    'scans.upload': (input, ctx) => s.scans.upload(input, ctx),
    'scans.attach': (input, ctx) => s.scans.attach(input, ctx),
    'scans.discard': (input, ctx) => s.scans.discard(input, ctx),
    'scans.inbox': () => s.scans.inbox(),
    'scans.content': (input, ctx) => s.scans.content(input.id, ctx),
    'scans.checkFolder': (_input, ctx) => s.scans.checkFolder(ctx),
    'scans.verify': (_input, ctx) => s.scans.verify(ctx),
    'binders.list': (input) => s.filing.binders(input),
    'binders.get': (input) => s.filing.binder(input.id),
    'binders.completeness': (input) => s.filing.completeness(input.id),
    'binders.update': (input, ctx) => s.filing.updateBinder(input, ctx),
    'binders.bind': (input, ctx) => s.filing.bind(input, ctx),
    'binders.reopen': (input, ctx) => s.filing.reopen(input, ctx),
    'binders.send': (input, ctx) => s.filing.send(input, ctx),
    'binders.labelsHtml': (input, ctx) => s.filing.labelsHtml(input, ctx),
    'binders.labelsPdf': (input) => s.filing.labelsPdf(input),
    'handovers.create': (input, ctx) => s.handovers.create(input, ctx),
    'handovers.list': (input) => s.handovers.list(input),
    'handovers.fileVouchers': (input, ctx) => s.handovers.fileVouchers(input, ctx),
    'loans.list': (input) => s.loans.list(input),
    'loans.lend': (input, ctx) => s.loans.lend(input, ctx),
    'loans.return': (input, ctx) => s.loans.giveBack(input, ctx),
    'filing.missing': (input) => s.missing.month(input.month),
    'healthUploads.list': (input) => s.missing.healthUploads(input),
    'healthUploads.mark': (input, ctx) => s.missing.markUploaded(input, ctx),
    'filing.incompleteFiles': (input) => s.missing.incompleteFiles(input.date),
    'retention.due': (input) => s.retention.due(input),
    'destructions.create': (input, ctx) => s.retention.destroy(input, ctx),
    'destructions.list': () => s.retention.list(),
    'destructions.html': (input, ctx) => s.retention.html(input, ctx),
    'destructions.pdf': (input) => s.retention.pdf(input),
  };
}
