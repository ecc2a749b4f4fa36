import { z } from 'zod';
import type { DailyReportSnapshot, DailyReportView, ExportedFile, PaperEntry } from '../domain/daily-report';
import { RO_STATUSES, RO_TYPES } from '../domain/enums';
import type { DayTasks } from '../domain/today';
import { command, query } from './define';
import { date, fen, id, multilineProse, pin, plate, prose } from './fields';
import { unmasked } from './privacy.contract';
import { scannedRoNumber } from './reconciliation.contract';
import { ROLES } from './roles';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM（如 2026-11）');

/** What the clerk saw: confirm and sign are refused when the figures have changed since. */
const fingerprint = z.string().regex(/^[0-9a-f]{16,64}$/, '报表指纹不对，请刷新日报后再操作');

const version = z.number('应为版本号').int('应为整数版本号').min(1, '版本号从 1 开始').max(10_000);

const paperEntryInput = z
  .object({
    date,
    /** Present when editing an entry. */
    id: id.optional(),
    roNumber: scannedRoNumber,
    plate: z.union([z.literal(''), plate]).default(''),
    customerName: prose(40).default(''),
    advisor: prose(20).default(''),
    type: z.enum(RO_TYPES, '类型应为 首保/定保/一般维修/钣喷/索赔/保险理赔/返修 之一'),
    status: z.enum(RO_STATUSES, '状态应为 在修/已完工/已交车/已结算 之一'),
    openedOn: date,
    laborFen: fen.min(0, '金额不能为负数').default(0),
    partsFen: fen.min(0, '金额不能为负数').default(0),
    /** Defaults to labour + parts; other fees may make it larger, never smaller. */
    totalFen: fen.min(0, '金额不能为负数').optional(),
    note: multilineProse(200).default(''),
  })
  .strict()
  .refine((v) => v.openedOn <= v.date, { message: '进厂日期不能晚于日报日期', path: ['openedOn'] })
  .refine((v) => v.totalFen === undefined || v.totalFen >= v.laborFen + v.partsFen, {
    message: '合计不能小于工时费与材料费之和',
    path: ['totalFen'],
  });

export const dailyReportContract = {
  /** The day's report: figures, tally findings, status, signature, versions, paper entries. */
  'dailyReport.get': query<DailyReportView>()(z.object({ date }).strict(), '某一天的日报', ROLES.anyone),
  /** One version exactly as signed. */
  'dailyReport.version': query<DailyReportSnapshot>()(
    z.object({ date, version }).strict(),
    '查看已签字的某一版日报',
    ROLES.anyone,
  ),
  /** 核对确认: refused while a finding blocks, or when the figures changed since they were shown. */
  'dailyReport.confirm': command<DailyReportView>()(
    z.object({ date, fingerprint }).strict(),
    '核对确认，交服务经理签字',
    ROLES.counter,
  ),
  'dailyReport.unconfirm': command<DailyReportView>()(z.object({ date }).strict(), '撤回核对', ROLES.counter),
  /**
   * 服务经理签字: the signer (a manager) gives their own PIN at the counter; the session user does
   * not change. A wrong PIN or a non-manager is refused and written to the audit log.
   */
  'dailyReport.sign': command<DailyReportView>()(
    z.object({ date, signerId: id, pin, fingerprint }).strict(),
    '服务经理签字（冻结为快照）',
    ROLES.counter,
  ),
  /** After signing: a new version to correct, with the reason; it needs signing again. */
  'dailyReport.startCorrection': command<DailyReportView>()(
    z.object({ date, reason: multilineProse(200).refine((s) => s.length > 0, '请写明更正原因') }).strict(),
    '更正已签字的日报（新版本，需重新签字）',
    ROLES.counter,
  ),
  'dailyReport.savePaperEntry': command<PaperEntry>()(
    paperEntryInput,
    '纸质补录：只有纸质单、系统里没有的修理单',
    ROLES.counter,
  ),
  'dailyReport.removePaperEntry': command<DailyReportView>()(
    z.object({ date, id }).strict(),
    '删除一条纸质补录',
    ROLES.counter,
  ),
  /** One day, or a month (one sheet per section, a date column, a row per day on 汇总). */
  'dailyReport.exportXlsx': query<ExportedFile>()(
    z
      .object({ date: date.optional(), month: month.optional(), unmasked })
      .strict()
      .refine((v) => (v.date === undefined) !== (v.month === undefined), {
        message: '请选择一天（date）或一个月（month）',
        path: ['date'],
      }),
    '导出日报 Excel（XLSX）',
    ROLES.counter,
  ),
  /** A4 PDF through the print service; a signed version prints its snapshot and signature. */
  'dailyReport.exportPdf': query<ExportedFile & { pages: number }>()(
    z.object({ date, version: version.optional(), unmasked }).strict(),
    '导出日报 PDF（A4）',
    ROLES.counter,
  ),
  /** The same pages as HTML, for the preview and for printing from the window. */
  'dailyReport.printHtml': query<{ title: string; html: string }>()(
    z.object({ date, version: version.optional(), unmasked }).strict(),
    '日报打印预览',
    ROLES.counter,
  ),
  /** 今日工作台: what is due today, contributed by every area. */
  'today.tasks': query<DayTasks>()(
    z.object({ date: date.optional() }).strict(),
    '今日工作台：今天要做的事',
    ROLES.anyone,
  ),
  /** 今日遗漏检查: what must not be left open overnight. */
  'today.endOfDay': query<DayTasks>()(z.object({ date: date.optional() }).strict(), '今日遗漏检查', ROLES.anyone),
};
