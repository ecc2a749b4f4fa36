/**
 * Printed paper (信件与打印): envelopes (GB/T 1416), letters, settlement sheets, binder labels.
 * Every print goes through the one print service in src-main/services/print.
 */

/** Chinese standard envelopes (GB/T 1416), printed landscape; millimetres. */
export const ENVELOPE_SIZES = ['DL', 'ZL', 'C5', 'C4'] as const;
export type EnvelopeSize = (typeof ENVELOPE_SIZES)[number];
export const ENVELOPE_DIMENSIONS: Record<EnvelopeSize, { widthMm: number; heightMm: number; label: string }> = {
  DL: { widthMm: 220, heightMm: 110, label: '5号（DL）220×110' },
  ZL: { widthMm: 230, heightMm: 120, label: '6号（ZL）230×120' },
  C5: { widthMm: 229, heightMm: 162, label: '7号（C5）229×162' },
  C4: { widthMm: 324, heightMm: 229, label: '9号（C4）324×229' },
};

/** Who a letter and its envelope go to, as the batch sorts and prints them. */
export interface MailRecipient {
  customerId: number;
  vehicleId: number | null;
  /** The invitation-list row, when the batch comes from a list (marked sent after printing). */
  listRowId: number | null;
  name: string;
  /** 先生 / 女士 when known; '' prints "先生/女士". A company name prints as it is. */
  salutation: string;
  address: string;
  postalCode: string;
  plate: string | null;
  model: string;
  nextServiceOn: string | null;
  nextServiceKm: number | null;
  advisor: string;
}

/** A recipient that cannot be mailed, with why (listed, never printed blank). */
export interface UnmailableRecipient {
  customerId: number;
  vehicleId: number | null;
  listRowId: number | null;
  name: string;
  plate: string | null;
  reason: string;
}

export interface MailRecipients {
  /** Sorted by postcode, then name: letters and envelopes print in this same order. */
  mailable: MailRecipient[];
  cannotMail: UnmailableRecipient[];
}
