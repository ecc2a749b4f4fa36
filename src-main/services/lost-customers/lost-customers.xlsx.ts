/**
 * 流失客户名单 as an A4 workbook: the store and what it covers on top, one row per vehicle (most
 * recently lost first, as on the screen), names and phones as the disclosure allows (the caller masks them).
 */
import {
  LOST_LEVEL_LABELS,
  LOST_REASON_LABELS,
  LOST_STAGE_LABELS,
  type LostCustomer,
  type LostLevel,
} from '../../../src-shared/domain/complaints';
import { textWidth } from '../daily-report/daily-report.xlsx';
import { a4SheetHeading, a4Workbook, CELL_BORDER } from '../print/a4-workbook';

export const LOST_SHEET_NAME = '流失客户';
export const LOST_SHEET_HEADERS = [
  '序号',
  '类别',
  '车牌',
  '车型',
  '车架号',
  '客户',
  '电话',
  '上次进厂',
  '未回厂（月）',
  '上次里程',
  '估计现在里程',
  '流失阶段',
  '错过招揽',
  '流失原因',
  '召回电话',
] as const;
export const LOST_SHEET_HEADER_ROW = 4;

const WINBACK_LABELS = { open: '待打', done: '已打', unreached: '未接通' } as const;

const cells = (r: LostCustomer, i: number): (string | number | null)[] => [
  i + 1,
  LOST_LEVEL_LABELS[r.level],
  r.plate,
  r.model || null,
  r.vin,
  r.customer,
  r.phone,
  r.lastVisit,
  r.monthsAway,
  r.lastMileage,
  r.estimatedMileage,
  LOST_STAGE_LABELS[r.stage],
  r.missedInvitations,
  r.reason ? `${LOST_REASON_LABELS[r.reason]}${r.reasonWords ? `：${r.reasonWords}` : ''}` : null,
  r.winbackOn ? `${r.winbackOn} ${r.winbackState ? WINBACK_LABELS[r.winbackState] : ''}`.trim() : null,
];

export async function lostCustomersWorkbook(
  rows: readonly LostCustomer[],
  context: {
    storeName: string;
    createdAt: Date;
    asOf: string;
    level: LostLevel | 'all';
    lostMonths: number;
    atRiskMonths: number;
    unmasked: boolean;
  },
): Promise<Buffer> {
  const title = `流失客户名单 ${context.asOf}`;
  const { workbook, sheet } = await a4Workbook({
    title,
    sheetName: LOST_SHEET_NAME,
    storeName: context.storeName,
    createdAt: context.createdAt,
    headerRow: LOST_SHEET_HEADER_ROW,
    orientation: 'landscape',
  });
  const widths = LOST_SHEET_HEADERS.map((h) => textWidth(h));
  rows.forEach((r, i) => {
    cells(r, i).forEach((v, c) => {
      if (v !== null) widths[c] = Math.max(widths[c]!, textWidth(String(v)));
    });
  });
  sheet.columns = widths.map((w, i) => ({
    width: Math.min(Math.max(w + 2, i === 0 ? 6 : 8), 40),
    style: { alignment: { vertical: 'top', wrapText: i === 13 } },
  }));
  const which =
    context.level === 'all'
      ? `${LOST_LEVEL_LABELS.lost}和${LOST_LEVEL_LABELS.at_risk}`
      : LOST_LEVEL_LABELS[context.level];
  a4SheetHeading(sheet, {
    title: `${context.storeName}　流失客户名单`,
    sub: `截至 ${context.asOf}　${which} ${rows.length} 辆（已流失：超过 ${context.lostMonths} 个月未回厂；流失预警：${context.atRiskMonths}-${context.lostMonths} 个月）${context.unmasked ? '' : '　姓名和电话已遮蔽'}`,
    headers: LOST_SHEET_HEADERS,
    headerRow: LOST_SHEET_HEADER_ROW,
    whenEmpty: rows.length === 0 ? '没有符合条件的流失客户' : null,
  });
  rows.forEach((r, i) => {
    const row = sheet.getRow(LOST_SHEET_HEADER_ROW + 1 + i);
    row.values = cells(r, i);
    for (let col = 1; col <= LOST_SHEET_HEADERS.length; col++) row.getCell(col).border = CELL_BORDER;
  });
  sheet.autoFilter = `A${LOST_SHEET_HEADER_ROW}:O${LOST_SHEET_HEADER_ROW + Math.max(rows.length, 1)}`;
  const content = await workbook.xlsx.writeBuffer();
  return Buffer.from(content as ArrayBuffer);
}
