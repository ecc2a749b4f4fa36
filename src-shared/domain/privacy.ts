/**
 * Personal data under PIPL (个人信息保护): masking in exports, marketing consent, retention
 * (anonymising customers with no visit for N years) and one customer's data on request.
 */

/** The reason shown where a customer is left out of marketing (letters, greetings, calls). */
export const REASON_NO_MARKETING_CONSENT = '不同意营销联系';

/** The label an anonymised customer gets instead of the name. */
export const anonymisedCustomerName = (id: number) => `已匿名客户#${id}`;
/** The plate column of an anonymised vehicle (the archive needs a plate or a VIN). */
export const anonymisedPlate = (id: number) => `匿名车辆#${id}`;

/** 0 = retention off (the default): nothing is ever anonymised. */
export const RETENTION_YEARS_OFF = 0;
export const RETENTION_YEARS_MIN = 3;
export const RETENTION_YEARS_MAX = 30;

export interface RetentionSettings {
  /** 0 when off. */
  years: number;
}

/** One customer the rule would anonymise, for the manager to look over (masked). */
export interface RetentionSample {
  customerId: number;
  maskedName: string;
  maskedPhone: string;
  /** The last RO, voucher, delivery or edit of the customer or their vehicles (YYYY-MM-DD). */
  lastSeenOn: string;
  vehicles: number;
}

export interface RetentionCounts {
  customers: number;
  vehicles: number;
  /** Copies of their name/phone/plate on invitation lists and letter batches. */
  invitationRows: number;
  letterItems: number;
  /** Audit entries about them whose payload (names, phones) is replaced by a marker. */
  auditEntries: number;
}

export interface RetentionPreview extends RetentionCounts {
  years: number;
  /** Customers not seen since before this day (today minus the years) are anonymised. */
  cutoff: string;
  /** The first 20, oldest first. */
  sample: RetentionSample[];
}

export interface RetentionResult extends RetentionCounts {
  years: number;
  cutoff: string;
  at: string;
}

/** An unmasked export or printout: who asked, for what (written to the audit log). */
export interface UnmaskRequest {
  unmasked?: boolean;
}
