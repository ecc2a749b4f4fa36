/** English for the 回访 area's phrases (sms); spread into EN (src-renderer/i18n/en.ts). */
export const SMS_EN = {} as const satisfies Record<string, string>;
