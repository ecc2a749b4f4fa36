import type { z } from 'zod';
import type { Result } from '../errors';
import { appointmentsContract } from './appointments.contract';
import { archiveContract } from './archive.contract';
import { auditContract } from './audit.contract';
import { backupContract } from './backup.contract';
import { claimsContract } from './claims.contract';
import { complaintsContract } from './complaints.contract';
import { dailyReportContract } from './daily-report.contract';
import type { MethodDef } from './define';
import { filingContract } from './filing.contract';
import { importsContract } from './imports.contract';
import { invitationsContract } from './invitations.contract';
import { lettersContract } from './letters.contract';
import { printContract } from './print.contract';
import { printingContract } from './printing.contract';
import { privacyContract } from './privacy.contract';
import { reconciliationContract } from './reconciliation.contract';
import { reportsContract } from './reports.contract';
import { revisitsContract } from './revisits.contract';
import { settlementContract } from './settlement.contract';
import { smsContract } from './sms.contract';
import { systemContract } from './system.contract';

/** Every operation of ClerkDesk, by name. The IPC channel, the HTTP routes and the CLI all derive from it. */
export const contract = {
  ...systemContract,
  ...archiveContract,
  ...importsContract,
  ...reconciliationContract,
  ...dailyReportContract,
  ...invitationsContract,
  ...lettersContract,
  ...printingContract,
  ...printContract,
  ...settlementContract,
  ...auditContract,
  ...privacyContract,
  ...backupContract,
  ...revisitsContract,
  ...appointmentsContract,
  ...smsContract,
  ...complaintsContract,
  ...filingContract,
  ...claimsContract,
  ...reportsContract,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller may send (defaults still optional). */
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives after validation and normalisation. */
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = Contract[M] extends MethodDef<z.ZodType, infer O> ? O : never;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

/** The single function each door exposes: the Electron preload, the HTTP client and tests use it. */
export type Invoke = <M extends MethodName>(method: M, input: InputOf<M>) => Promise<Result<OutputOf<M>>>;

export type { AppInfo, SeedSummary } from './system.contract';
