import type { AppointmentsContractMethod } from '../../../src-shared/contract/appointments.contract';
import type { Handler } from '../../api/handlers';
import type { AppointmentsService } from './appointments.service';

/** 预约登记: contract → service, merged into the one handler map in api/handlers.ts. */
export function appointmentsHandlers(appointments: AppointmentsService): {
  [M in AppointmentsContractMethod]: Handler<M>;
} {
  return {
    'appointments.list': (input) => appointments.list(input),
    'appointments.create': (input, ctx) => appointments.create(input, ctx),
    'appointments.cancel': (input, ctx) => appointments.cancel(input, ctx),
    'appointments.sheetHtml': (input, ctx) => appointments.sheetHtml(input, ctx),
    'appointments.sheetXlsx': (input, ctx) => appointments.sheetXlsx(input, ctx),
  };
}
