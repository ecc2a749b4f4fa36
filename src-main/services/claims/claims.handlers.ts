import type { ClaimsContractMethod } from '../../../src-shared/contract/claims.contract';
import type { Handler } from '../../api/handlers';
import type { ClaimsService } from './claims.service';
import type { OldPartsService } from './old-parts.service';
import type { OutsideServiceService } from './outside-service.service';
import type { StatementsService } from './statements.service';

export interface ClaimServices {
  claims: ClaimsService;
  oldParts: OldPartsService;
  outsideService: OutsideServiceService;
  statements: StatementsService;
}

/** 三包/索赔: contract → services, merged into the one handler map in api/handlers.ts. */
export function claimsHandlers(s: ClaimServices): { [M in ClaimsContractMethod]: Handler<M> } {
  return {
    'claimSettings.get': () => s.claims.settings(),
    'claimSettings.save': (input, ctx) => s.claims.saveSettings(input, ctx),
    'claims.list': (input) => s.claims.list(input),
    'claims.get': (input) => s.claims.get(input.roId),
    'claims.save': (input, ctx) => s.claims.save(input, ctx),
    'claims.report': (input, ctx) => s.claims.report(input, ctx),
    'claims.review': (input, ctx) => s.claims.review(input, ctx),
    'claims.approve': (input, ctx) => s.claims.approve(input, ctx),
    'claims.reject': (input, ctx) => s.claims.reject(input, ctx),
    'oldParts.list': (input) => s.oldParts.list(input),
    'oldParts.add': (input, ctx) => s.claims.addOldPart(input, ctx),
    'oldParts.remove': (input, ctx) => s.claims.removeOldPart(input, ctx),
    'oldParts.return': (input, ctx) => s.oldParts.returnParts(input, ctx),
    'oldParts.scrap': (input, ctx) => s.oldParts.scrap(input, ctx),
    'oldParts.tagsHtml': (input, ctx) => s.oldParts.tagsHtml(input, ctx),
    'outsideService.list': (input) => s.outsideService.list(input),
    'outsideService.get': (input) => s.outsideService.get(input.id),
    'outsideService.signOut': (input, ctx) => s.outsideService.signOut(input, ctx),
    'outsideService.update': (input, ctx) => s.outsideService.update(input, ctx),
    'outsideService.close': (input, ctx) => s.outsideService.close(input, ctx),
    'statements.list': (input) => s.statements.list(input),
    'statements.get': (input) => s.statements.get(input.month),
    'statements.requestInvoice': (input, ctx) => s.statements.requestInvoice(input, ctx),
    'statements.recordInvoice': (input, ctx) => s.statements.recordInvoice(input, ctx),
    'statements.recordPaid': (input, ctx) => s.statements.recordPaid(input, ctx),
    'statements.html': (input, ctx) => s.statements.html(input, ctx),
    'statements.pdf': (input) => s.statements.pdf(input),
    'statements.xlsx': (input) => s.statements.xlsx(input),
  };
}
