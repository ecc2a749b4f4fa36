/**
 * 结算单 (settlement sheet): printed at delivery from a repair order, on A4 or on 241 mm
 * continuous form for dot-matrix printers (domain.md "Printing facts").
 */

export const SETTLEMENT_FORMS = ['a4', 'continuous'] as const;
export type SettlementForm = (typeof SETTLEMENT_FORMS)[number];

export const SETTLEMENT_FORM_LABELS: Record<SettlementForm, string> = {
  a4: 'A4',
  continuous: '241mm 连续纸',
};

/** Page size of each form, in millimetres (portrait). 241 × 279.4 mm is 9.5 × 11 in fanfold paper. */
export const SETTLEMENT_PAGE_MM: Record<SettlementForm, { widthMm: number; heightMm: number }> = {
  a4: { widthMm: 210, heightMm: 297 },
  continuous: { widthMm: 241, heightMm: 279.4 },
};
