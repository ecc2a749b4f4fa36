import type { ReportsContractMethod } from '../../../src-shared/contract/reports.contract';
import type { Handler } from '../../api/handlers';
import type { ReportsService } from './reports.service';
import type { StatisticsService } from './statistics.service';

export interface ReportServices {
  reports: ReportsService;
  statistics: StatisticsService;
}

/** 统计: contract → services, merged into the one handler map in api/handlers.ts. */
export function reportsHandlers(s: ReportServices): { [M in ReportsContractMethod]: Handler<M> } {
  return {
    'reports.weekly': (input) => s.reports.weekly(input),
    'reports.monthly': (input) => s.reports.monthly(input),
    'reports.html': (input, ctx) => s.reports.html(input, ctx),
    'reports.pdf': (input, ctx) => s.reports.pdf(input, ctx),
    'reports.xlsx': (input, ctx) => s.reports.xlsx(input, ctx),
    'reports.recordPrinted': (input, ctx) => s.reports.recordPrinted(input, ctx),
    'reports.deliveries': (input) => s.reports.deliveries(input),
    'statistics.view': (input) => s.statistics.view(input),
    'statistics.records': (input) => s.statistics.records(input),
  };
}
