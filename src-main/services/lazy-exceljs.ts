import type ExcelJS from 'exceljs';

/**
 * ExcelJS is big (about 1 MB of JS and its zip and XML libraries): loaded on the first call that
 * reads or writes a workbook, not when the host starts (issue 10: nothing heavy before first use).
 */
export async function loadExcelJs(): Promise<typeof ExcelJS> {
  const mod = (await import('exceljs')) as unknown as { default?: typeof ExcelJS } & typeof ExcelJS;
  return mod.default ?? mod;
}
