import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { Appointment, AppointmentPurpose, AppointmentSource } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { VehicleChangeListener } from '../invitations/vehicle-changes';

const notYet = () => new AppError('INTERNAL', '预约登记尚未完成');

/** 预约登记; arrival matched when an RO of the vehicle opens on the day (a VehicleChangeListener). TODO(track C). */
export class AppointmentsService implements VehicleChangeListener {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  async vehiclesChanged(_trx: Db, _vehicleIds: readonly number[], _at: string): Promise<void> {}

  /**
   * Books an appointment inside the caller's transaction (a call's 已预约, an invitation call's
   * 已预约): validated (not in the past), audited; returns the appointment's id.
   */
  async book(
    _trx: Db,
    _booking: {
      vehicleId: number;
      customerId: number | null;
      date: string;
      time: string | null;
      purpose: AppointmentPurpose;
      advisor: string;
      note: string;
      source: AppointmentSource;
      callId: number | null;
      invitationRowId: number | null;
    },
    _ctx: CallContext,
    _at: string,
  ): Promise<number> {
    throw notYet();
  }

  async list(_input: ParsedInputOf<'appointments.list'>): Promise<Appointment[]> {
    throw notYet();
  }
  async create(_input: ParsedInputOf<'appointments.create'>, _ctx: CallContext): Promise<Appointment> {
    throw notYet();
  }
  async cancel(_input: ParsedInputOf<'appointments.cancel'>, _ctx: CallContext): Promise<Appointment> {
    throw notYet();
  }
  async sheetHtml(
    _input: ParsedInputOf<'appointments.sheetHtml'>,
    _ctx: CallContext,
  ): Promise<{ title: string; html: string }> {
    throw notYet();
  }
  async sheetXlsx(_input: ParsedInputOf<'appointments.sheetXlsx'>, _ctx: CallContext): Promise<ExportedFile> {
    throw notYet();
  }
}
