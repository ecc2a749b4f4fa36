/** English for the 回访 area's phrases (calls); spread into EN (src-renderer/i18n/en.ts). */
export const CALLS_EN = {} as const satisfies Record<string, string>;
