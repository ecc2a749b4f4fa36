import type { RevisitsContractMethod } from '../../../src-shared/contract/revisits.contract';
import type { Handler } from '../../api/handlers';
import type { CallSheetService } from './call-sheet.service';
import type { CallsService } from './calls.service';
import type { RevisitQueueService } from './revisit-queue.service';

/** 回访: contract → services, merged into the one handler map in api/handlers.ts. */
export function revisitsHandlers(
  queue: RevisitQueueService,
  calls: CallsService,
  sheet: CallSheetService,
): { [M in RevisitsContractMethod]: Handler<M> } {
  return {
    'calls.queue': (input) => queue.queue(input),
    'calls.get': (input) => calls.get(input),
    'calls.record': (input, ctx) => calls.record(input, ctx),
    'calls.offer': (input, ctx) => calls.offer(input, ctx),
    'calls.sheetHtml': (input, ctx) => sheet.sheetHtml(input, ctx),
    'calls.sheetPdf': (input, ctx) => sheet.sheetPdf(input, ctx),
    'calls.sheetXlsx': (input, ctx) => sheet.sheetXlsx(input, ctx),
    'callProblems.list': (input) => calls.problems(input),
    'callProblems.update': (input, ctx) => calls.updateProblem(input, ctx),
    'callProblems.formHtml': (input, ctx) => sheet.problemFormHtml(input, ctx),
    'questionnaires.list': (input) => calls.questionnaires(input),
    'questionnaires.save': (input, ctx) => calls.saveQuestionnaire(input, ctx),
    'revisitSettings.get': () => calls.settings(),
    'revisitSettings.save': (input, ctx) => calls.saveSettings(input, ctx),
  };
}
