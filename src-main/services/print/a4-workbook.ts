import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../lazy-exceljs';

/**
 * The one-sheet A4 workbook the counter's lists are exported as (首保登记交接单, 预约登记表,
 * 今日电话单): the app and store as author, the header row frozen and repeated on every printed
 * page, fitted to the page's width, the store and title in the page header, "第 N 页 / 共 M 页" at
 * the foot. Each export adds its own title rows, columns and cells.
 */
export async function a4Workbook(options: {
  title: string;
  sheetName: string;
  storeName: string;
  createdAt: Date;
  /** The row of the column headers (rows above it hold the export's title). */
  headerRow: number;
  orientation: 'portrait' | 'landscape';
}): Promise<{ workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet }> {
  // Loaded on first use: ExcelJS is ~1 MB of JS the host does not need to start.
  const exceljs = await loadExcelJs();
  const workbook = new exceljs.Workbook();
  workbook.creator = 'ClerkDesk 售后信息员工作台';
  workbook.company = options.storeName;
  workbook.title = options.title;
  workbook.created = options.createdAt;
  workbook.modified = options.createdAt;
  const { headerRow } = options;
  const sheet = workbook.addWorksheet(options.sheetName, {
    views: [{ state: 'frozen', ySplit: headerRow, activeCell: `A${headerRow + 1}` }],
    pageSetup: {
      paperSize: 9,
      orientation: options.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${headerRow}:${headerRow}`,
    },
    headerFooter: {
      oddHeader: `&L${options.storeName.replace(/&/g, '&&')}&R${options.title}`,
      oddFooter: '&C第 &P 页 / 共 &N 页',
    },
  });
  return { workbook, sheet };
}

const THIN = { style: 'thin' as const, color: { argb: 'FF9AA6B5' } };
/** The table's cell border, on the header and every row. */
export const CELL_BORDER: Partial<ExcelJS.Borders> = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const HEADER_FILL = 'FFDCE3EC';

/**
 * The top of such a sheet: the store and the document's name (row 1), one line of what it covers
 * (row 2), the column headers (shaded, bordered) on `headerRow`, and a line saying so when the
 * table is empty.
 */
export function a4SheetHeading(
  sheet: ExcelJS.Worksheet,
  options: {
    title: string;
    sub: string;
    headers: readonly string[];
    headerRow: number;
    /** Written under the headers when there are no rows; null when there are. */
    whenEmpty: string | null;
  },
): void {
  const width = options.headers.length;
  const title = sheet.getRow(1);
  title.getCell(1).value = options.title.trim();
  title.getCell(1).font = { bold: true, size: 14, color: { argb: 'FF1F3A5F' } };
  title.height = 24;
  sheet.mergeCells(1, 1, 1, width);
  sheet.getRow(2).getCell(1).value = options.sub;
  sheet.mergeCells(2, 1, 2, width);

  const header = sheet.getRow(options.headerRow);
  header.values = [...options.headers];
  header.height = 20;
  header.eachCell((cell) => {
    cell.style = {
      font: { bold: true },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } },
      alignment: { vertical: 'middle', horizontal: 'center' },
      border: CELL_BORDER,
    };
  });
  if (options.whenEmpty !== null) {
    sheet.getRow(options.headerRow + 1).getCell(1).value = options.whenEmpty;
    sheet.mergeCells(options.headerRow + 1, 1, options.headerRow + 1, width);
  }
}
