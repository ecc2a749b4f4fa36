/** English for the 回访 area's phrases (appointments); spread into EN (src-renderer/i18n/en.ts). */
export const APPOINTMENTS_EN = {} as const satisfies Record<string, string>;
