/** English for the 归档 area's phrases (binders, hand-over, borrowing, missing, retention, settings). */
export const BINDERS_EN = {} as const;
