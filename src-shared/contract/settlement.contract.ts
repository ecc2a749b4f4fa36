import { z } from 'zod';
import type { ExportedFile } from '../domain/daily-report';
import { SETTLEMENT_FORMS } from '../domain/settlement';
import { query } from './define';
import { id } from './fields';
import { ROLES } from './roles';

const settlementInput = z
  .object({
    roId: id,
    form: z.enum(SETTLEMENT_FORMS, '纸张应为 a4（A4）或 continuous（241mm 连续纸）').default('a4'),
  })
  .strict();

export const settlementContract = {
  /** One RO's 结算单 as HTML, the font placeholder left in: for the preview and printing from the window. */
  'settlement.html': query<{ title: string; html: string }>()(settlementInput, '结算单打印预览', ROLES.anyone),
  /** The same sheet as PDF through the print service (A4, or 241 × 279.4 mm continuous form). */
  'settlement.pdf': query<ExportedFile & { pages: number }>()(settlementInput, '导出结算单 PDF', ROLES.anyone),
};
