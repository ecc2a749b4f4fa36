/** English for the 投诉 area's phrases (comebacks). */
export const COMEBACKS_EN = {} as const;
