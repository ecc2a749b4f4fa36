/**
 * What kind of file the bytes are, and the message for the old binary Excel format: the host needs
 * only these before handing a file to the import worker, so they live apart from the CSV/XLSX
 * readers (papaparse, iconv-lite, ExcelJS) that load in the worker alone.
 */
export type FileKind = 'xls' | 'xlsx' | 'text';

export function sniffKind(buf: Uint8Array): FileKind {
  if (buf.length >= 4 && buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) return 'xls';
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'xlsx';
  return 'text';
}

export const XLS_MESSAGE =
  '这是旧版 Excel 97-2003 (.xls) 文件，无法直接读取。请在 Excel 或 WPS 中打开它，“另存为” Excel 工作簿 (.xlsx) 或 CSV 后再导入。';
