/** English for the 投诉 area's phrases (lost). */
export const LOST_EN = {} as const;
