import type { ComplaintsContractMethod } from '../../../src-shared/contract/complaints.contract';
import type { Handler } from '../../api/handlers';
import type { ComebacksService } from '../comebacks/comebacks.service';
import type { LostCustomersService } from '../lost-customers/lost-customers.service';
import type { ComplaintFormsService } from './complaint-forms.service';
import type { ComplaintsService } from './complaints.service';

/** 投诉、返修、流失: contract → services, merged into the one handler map in api/handlers.ts. */
export function complaintsHandlers(
  complaints: ComplaintsService,
  comebacks: ComebacksService,
  lost: LostCustomersService,
  forms: ComplaintFormsService,
): { [M in ComplaintsContractMethod]: Handler<M> } {
  return {
    'complaints.list': (input) => complaints.list(input),
    'complaints.get': (input) => complaints.get(input.id),
    'complaints.create': (input, ctx) => complaints.create(input, ctx),
    'complaints.update': (input, ctx) => complaints.update(input, ctx),
    'complaints.addAction': (input, ctx) => complaints.addAction(input, ctx),
    'complaints.resolve': (input, ctx) => complaints.resolve(input, ctx),
    'complaints.recordCallback': (input, ctx) => complaints.recordCallback(input, ctx),
    'complaints.formHtml': (input, ctx) => forms.formHtml(input, ctx),
    'complaints.confirmationHtml': (input, ctx) => forms.confirmationHtml(input, ctx),
    'complaintSettings.get': () => complaints.settings(),
    'complaintSettings.save': (input, ctx) => complaints.saveSettings(input, ctx),
    'comebacks.list': (input) => comebacks.list(input),
    'comebacks.confirm': (input, ctx) => comebacks.confirm(input, ctx),
    'comebacks.dismiss': (input, ctx) => comebacks.dismiss(input, ctx),
    'comebacks.mark': (input, ctx) => comebacks.mark(input, ctx),
    'comebacks.close': (input, ctx) => comebacks.close(input, ctx),
    'comebacks.rate': (input) => comebacks.rate(input),
    'comebacks.sheetHtml': (input, ctx) => forms.comebackSheetHtml(input, ctx),
    'lostCustomers.list': (input) => lost.list(input),
    'lostCustomers.recordReason': (input, ctx) => lost.recordReason(input, ctx),
    'lostCustomers.winback': (input, ctx) => lost.winback(input, ctx),
    'lostCustomers.xlsx': (input, ctx) => lost.xlsx(input, ctx),
    'churn.months': (input) => lost.churn(input),
  };
}
