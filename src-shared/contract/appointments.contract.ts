import { z } from 'zod';
import type { ExportedFile } from '../domain/daily-report';
import { APPOINTMENT_PURPOSES, type Appointment } from '../domain/revisits';
import { command, query } from './define';
import { date, id, multilineProse, prose } from './fields';
import { unmasked } from './privacy.contract';
import { timeOfDay } from './revisits.contract';
import { ROLES } from './roles';

/** 预约登记: from a call (calls.record, invitations.recordCall 已预约) or a customer who phones in. */
export const appointmentsContract = {
  /** The day's appointments (今日预约), by time; arrival is matched when an RO of the vehicle opens that day. */
  'appointments.list': query<Appointment[]>()(
    z
      .object({
        date: date.optional(),
        to: date.optional(),
        state: z.enum(['booked', 'arrived', 'no_show', 'cancelled', 'all']).default('all'),
      })
      .strict(),
    '预约登记（某天或一段时间）',
    ROLES.anyone,
  ),
  'appointments.create': command<Appointment>()(
    z
      .object({
        vehicleId: id,
        customerId: id.nullable().default(null),
        date,
        time: timeOfDay.nullable().default(null),
        purpose: z.enum(APPOINTMENT_PURPOSES, '预约目的应为 首保/定保/维修/钣喷/其他 之一'),
        advisor: prose(20).default(''),
        note: multilineProse(200).default(''),
      })
      .strict(),
    '登记预约（客户来电）',
    ROLES.anyone,
  ),
  'appointments.cancel': command<Appointment>()(
    z.object({ id, reason: prose(100).refine((s) => s.length > 0, '请写明取消原因') }).strict(),
    '取消预约',
    ROLES.anyone,
  ),
  'appointments.sheetHtml': query<{ title: string; html: string }>()(
    z.object({ date: date.optional(), unmasked }).strict(),
    '今日预约打印预览',
    ROLES.anyone,
  ),
  'appointments.sheetXlsx': query<ExportedFile>()(
    z.object({ date: date.optional(), unmasked }).strict(),
    '今日预约 Excel',
    ROLES.anyone,
  ),
};

export type AppointmentsContractMethod = keyof typeof appointmentsContract;
