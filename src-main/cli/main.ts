import { parseArgs } from 'node:util';
import type { MethodName, OutputOf } from '../../src-shared/contract/index';
import { RO_STATUS_LABELS, RO_TYPE_LABELS, VEHICLE_STATUS_LABELS } from '../../src-shared/domain/enums';
import type { SearchHit } from '../../src-shared/domain/records';
import { AppError, type AppErrorShape } from '../../src-shared/errors';
import { formatFen } from '../../src-shared/validation/money';
import { createDispatcher, type Dispatch } from '../api/dispatcher';
import type { Services } from '../api/handlers';
import { createHandlers, createServices } from '../api/handlers';
import { type Archive, openArchive, resolveArchivePath } from '../db/database';
import { type CallContext, Session } from '../services/context';
import { formatAppointments, parseAppointmentsArgs, runAppointmentsCommand } from './appointments-command';
import { type AuditArgs, formatAudit, parseAuditArgs, runAuditCommand } from './audit-command';
import { BACKUP_COMMANDS, BACKUP_HELP, runBackupCommand } from './backup-command';
import { formatMethods, listMethods, parseCallArgs, runCallCommand } from './call-command';
import { callsJson, formatCalls, parseCallsArgs, runCallsCommand } from './calls-command';
import { type ClaimsArgs, claimsJsonOutput, formatClaims, parseClaimsArgs, runClaimsCommand } from './claims-command';
import { formatComebacks, parseComebacksArgs, runComebacksCommand } from './comebacks-command';
import { formatComplaints, parseComplaintsArgs, runComplaintsCommand } from './complaints-command';
import {
  DailyReportCommandFailure,
  formatDailyReportResult,
  parseDailyReportArgs,
  runDailyReportCommand,
} from './daily-report-command';
import { type EndOfDayArgs, formatEndOfDay, parseEndOfDayArgs, runEndOfDayCommand } from './end-of-day-command';
import { type FilingArgs, filingJson, formatFiling, parseFilingArgs, runFilingCommand } from './filing-command';
import { formatFirstServiceResult, parseFirstServiceArgs, runFirstServiceCommand } from './first-service-command';
import { formatImportSummary, ImportCommandFailure, readImportFile, runImportCommand } from './import-command';
import {
  disclosedPreview,
  formatInvitations,
  invitationJsonRows,
  parseInvitationsArgs,
  runInvitationsCommand,
} from './invitations-command';
import {
  formatChurn,
  formatLostCustomers,
  parseChurnArgs,
  parseLostCustomersArgs,
  runChurnCommand,
  runLostCustomersCommand,
} from './lost-customers-command';
import { MIGRATE_ARCHIVE_HELP, runMigrateArchiveCommand, seedDemoOnServer } from './migrate-archive-command';
import { PrintCommandFailure, parsePrintArgs, runPrintCommand } from './print-command';
import { formatReportResult, parseReportArgs, type ReportArgs, runReportCommand } from './report-command';

const HELP = `ClerkDesk 售后信息员工作台 — 命令行

用法: clerkdesk <命令> [参数] [--db FILE] [--json]
      （开发时：npm run --silent cli -- <命令> …；桌面程序：ClerkDesk --cli <命令> …）

命令:
  info                                 档案库概况（位置、版本、记录数）
  seed-demo [--seed N] [--years N] [--until YYYY-MM-DD]
                                       在空档案库中生成示例数据（默认 1 年，截止昨天）；--db postgres://… 时先生成在
                                       临时文件中，再核对后复制到服务器上的空数据库
  search TEXT [--limit N]              快速搜索：车牌片段、手机号或后4位、车架号后6/8位、姓名、拼音首字母、工单号
  show customer KEY                    客户档案（KEY：编号或手机号）
  show vehicle KEY                     车辆档案与车历卡（KEY：编号、车牌或车架号）
  show ro KEY                          修理单及其车辆和客户（KEY：编号或工单号）
  import FILE [--preset NAME] [--dry-run]
                                       导入 DMS 导出的修理单（CSV：UTF-8/GBK/GB18030；XLSX）：先检查，
                                       再一次写入全部合格行；被拒绝的行列出行号和原因；--dry-run 只检查不写入
  daily-report --date YYYY-MM-DD --format json|xlsx|pdf [--out FILE]
                                       某一天的日报：json 输出到屏幕（或 --out 文件），xlsx、pdf 写入 --out 文件；
                                       已签字的日报按签字时的快照输出
  daily-report --month YYYY-MM --format xlsx --out FILE
                                       一个月的日报（到今天为止）导出为一个 Excel 文件
  first-service handoff --date YYYY-MM-DD [--format json|xlsx|pdf --out FILE]
                                       某天新登记的首保凭证（交给销售部的首保登记交接单）：--json 输出到屏幕，
                                       xlsx、pdf 写入 --out 文件
  calls [--date YYYY-MM-DD]            某天的回访电话（今日电话），按顺序：现在可打、稍后、逾期，再是不打、已完成、未接通；
                                       --json 输出 [{kind, ro, plate, customer, phone, due, window, state, attempts}]
  calls sheet [--date YYYY-MM-DD] --format pdf|xlsx --out FILE
                                       今日电话单（A4 PDF 或 Excel），离开电脑打电话时用
  appointments --date YYYY-MM-DD      某天的预约（今日预约），按时间；--json 输出
                                       [{date, time, plate, model, customer, phone, purpose, advisor, note, state, ro, source}]
  complaints --from YYYY-MM-DD --to YYYY-MM-DD
                                       登记日期在这段时间内的投诉（新的在前）；--json 输出 [{no, channel, customer, plate,
                                       ro, level, departments, openedAt, respondBy, resolveBy, status, verdict}]
  comebacks --from YYYY-MM-DD --to YYYY-MM-DD
                                       返修（待确认、已交服务经理、已处理、不算返修），各带状态；--json 输出
                                       [{key, state, source, date, plate, vin, customer, phone, earlierRo, ro, days, words, …}]
  lost-customers [--as-of YYYY-MM-DD] [--level lost|at_risk|all]
                                       流失客户（久未回厂的车辆，默认截至今天、已流失）；--json 输出
                                       [{plate, vin, customer, phone, lastVisit, lastMileage, estimatedMileage, stage, reason}]
  churn --month YYYY-MM                某月的流失率（第 N−6 月进厂的车辆中此后 6 个月未再进厂的比例）及首保→二保保留率
  invitations --from YYYY-MM-DD --to YYYY-MM-DD
                                       这段时间到期首保/定保的车辆（招揽一览表的依据；不含已卖、报废、流失、
                                       勿扰、已预约和已在其他一览表的车辆）；--json 输出
                                       {plate, vin, customer, phone, kind, dueDate, dueMileage, estimatedMileage, lastVisit}
  print settlement --ro 工单号 [--form a4|continuous] --format pdf|html --out FILE
                                       修理单的结算单：A4（默认）或 241mm 连续纸（针式打印机），写入 --out 文件
  print envelopes --list 名单编号|--from YYYY-MM-DD --to YYYY-MM-DD [--size DL|ZL|C5|C4] [--printer 打印机]
        --format pdf|html --out FILE   招揽名单客户的信封（国标 GB/T 1416，每页一个信封，按邮编排序，
                                       套用该打印机的校准偏移；缺地址或邮编的客户不打印）
  print letters --list 名单编号|--from YYYY-MM-DD --to YYYY-MM-DD|--queue [--kind invitation|first_service_thanks|
        purchase_thanks|holiday|birthday] --format pdf|html --out FILE
                                       保存一批信件并导出（A4，每封一页，与信封同样按邮编排序；
                                       --queue 为待寄感谢信；缺地址或邮编的客户列出原因，不打印）

  filing missing --month YYYY-MM       某月应归档而未归档的资料；--json 输出
                                       [{kind, kindLabel, ro, vin, plate, customer, reason, since}]
  filing file --ro 工单号 --kind 类型 [--scan 文件] [--yes]
                                       把修理单的一份资料归档（类型写代码或名称，如 settlement 或 结算单），显示放进哪个
                                       资料夹、第几位、放在哪里；--scan 同时保存扫描件；资料夹已装订/寄回时先询问
                                       （退出码 3），确定放入加 --yes
  filing where --ro 工单号 | --vin 车架号
                                       修理单或车辆的全部资料（资料夹、月份、位置、存放处、扫描件、借给谁）和还缺什么
  claims [--status 状态] [--due-before YYYY-MM-DD]
                                       索赔单（不写 --status 为全部；状态写代码或名称：draft 待填报、reported 已上报、
                                       reviewing 审核中、approved 已通过、rejected 已驳回、settled 已结算、open 未结算）；
                                       --due-before 为上报期限在这一天或之前、还没上报的；--json 输出
                                       [{ro, claimNo, plate, vin, status, deadline, amountFen}]
  claims statement --month YYYY-MM --format json|xlsx|pdf [--out FILE]
                                       某月服务费结算（当月审核通过的索赔单、按类型金额、开票回款）：json 输出到屏幕
                                       （或 --out 文件），xlsx、pdf 写入 --out 文件
  report weekly [--week YYYY-Www] --format json|xlsx|pdf [--out FILE]
                                       周报（ISO 周，周一至周日，如 2026-W48；默认上周）：回访、满意度、问题客户、
                                       返修、投诉、招揽、预约
  report monthly [--month YYYY-MM] --format json|xlsx|pdf [--out FILE]
                                       月报（默认上月）：满意度表、投诉处理表、流失率、首保、招揽转化、进厂台次、
                                       归档、索赔；json 输出到屏幕（或 --out 文件），xlsx、pdf 写入 --out 文件
                                       （不写 --out 时按“周报_2026-W48.pdf”保存在当前文件夹），并登记为已交
  end-of-day [--date YYYY-MM-DD]       下班前遗漏检查（各项工作）；--json 输出 [{area, item, count, details, state}]

  audit --from YYYY-MM-DD --to YYYY-MM-DD [--user 姓名]
                                       操作日志（按门店日期，含被拒绝的操作）；--json 输出
                                       [{id, at, user, userId, action, record, before, after}]

${BACKUP_HELP}
${MIGRATE_ARCHIVE_HELP}

  methods [--json]                     全部操作（每个界面能做的事）及说明和可调用的角色，按区域分组；
                                       --json 输出 [{method, area, doc, roles, rolesLabel, mutates, input}]（input 为 JSON Schema）
  call METHOD [--input JSON|@文件|-] [--unmasked]
                                       调用任意一个操作（与窗口经过同一个分派器），结果以 JSON 输出；--input 为输入
                                       （JSON 文本、@文件.json 或 - 表示标准输入，默认 {}）；输入有误退出码 2，其他失败 1；
                                       客户姓名和电话默认遮蔽，--unmasked 输出完整（记录在操作日志）

选项:
  --db FILE     档案库文件（默认：环境变量 CLERKDESK_DB，或用户数据目录下 ClerkDesk/archive.sqlite）
  --json        输出 JSON（供程序使用）
  --unmasked    call 的结果、日报、首保交接单、到期名单、预约、今日电话、投诉、返修、流失客户、缺失资料输出完整姓名和电话（默认遮蔽为 王**、138****5678；记录在操作日志）
  -h, --help    显示本帮助
`;

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

class CliFailure extends Error {
  constructor(
    readonly error: AppErrorShape,
    readonly exitCode: number,
  ) {
    super(error.message);
  }
}

async function call<M extends MethodName>(
  dispatch: Dispatch,
  ctx: CallContext,
  method: M,
  input: unknown,
): Promise<OutputOf<M>> {
  const result = await dispatch(method, input, ctx);
  if (!result.ok) throw new CliFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
  return result.value as OutputOf<M>;
}

function table(rows: string[][]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - width(cell)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const KIND_LABEL: Record<SearchHit['kind'], string> = { customer: '客户', vehicle: '车辆', repairOrder: '修理单' };
const FIELD_LABEL: Record<SearchHit['matchedOn'], string> = {
  plate: '车牌',
  vin: '车架号',
  phone: '电话',
  name: '姓名',
  pinyin: '拼音',
  roNumber: '工单号',
};

async function resolveKey(dispatch: Dispatch, ctx: CallContext, kind: SearchHit['kind'], key: string): Promise<number> {
  if (/^\d{1,9}$/.test(key)) return Number(key);
  const hits = await call(dispatch, ctx, 'search.quick', { text: key, limit: 50 });
  const exact = hits.filter((h) => h.kind === kind && h.exact);
  const candidates = exact.length > 0 ? exact : hits.filter((h) => h.kind === kind);
  if (candidates.length === 0) throw new CliFailure(AppError.notFound(KIND_LABEL[kind], key).toShape(), 1);
  if (candidates.length > 1 && exact.length !== 1)
    throw new CliFailure(
      {
        code: 'CONFLICT',
        message: `“${key}”对应多条${KIND_LABEL[kind]}：${candidates
          .slice(0, 5)
          .map((c) => `${c.title}(#${c.id})`)
          .join('、')}，请用编号或更完整的关键字。`,
      },
      1,
    );
  return candidates[0]!.id;
}

export interface CliOptions {
  /** better-sqlite3 built for another runtime (the desktop app's `--cli`: Electron's ABI). */
  nativeBinding?: string;
  /** `call … --input -`: standard input (tests give their own). */
  readStdin?: () => string;
}

export async function runCli(
  argv: string[],
  io: CliIO,
  env: NodeJS.ProcessEnv = process.env,
  options: CliOptions = {},
): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        seed: { type: 'string' },
        years: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string' },
        preset: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        date: { type: 'string' },
        month: { type: 'string' },
        week: { type: 'string' },
        'as-of': { type: 'string' },
        level: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        ro: { type: 'string' },
        form: { type: 'string' },
        list: { type: 'string' },
        size: { type: 'string' },
        printer: { type: 'string' },
        kind: { type: 'string' },
        queue: { type: 'boolean', default: false },
        user: { type: 'string' },
        unmasked: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        vin: { type: 'string' },
        scan: { type: 'string' },
        status: { type: 'string' },
        'due-before': { type: 'string' },
        input: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`参数有误：${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    io.out(HELP);
    return command || values.help ? 0 : 2;
  }
  const json = values.json === true;
  const known = [
    'info',
    'seed-demo',
    'search',
    'show',
    'import',
    'daily-report',
    'first-service',
    'invitations',
    'appointments',
    'calls',
    'complaints',
    'comebacks',
    'lost-customers',
    'churn',
    'print',
    'audit',
    'filing',
    'claims',
    'report',
    'end-of-day',
    'methods',
    'call',
    'migrate-archive',
    ...BACKUP_COMMANDS,
  ];
  if (!known.includes(command)) {
    io.err(`未知命令：${command}\n\n${HELP}`);
    return 2;
  }
  // The archive file itself (backup, restore, check), not the dispatcher: see backup-command.ts.
  const backupCommand = BACKUP_COMMANDS.find((c) => c === command);
  if (backupCommand) return runBackupCommand(backupCommand, rest, values, io, env);
  if (command === 'migrate-archive') return runMigrateArchiveCommand(values, io, table);
  // The contract itself: no archive needed.
  if (command === 'methods') {
    const methods = listMethods(json);
    io.out(json ? JSON.stringify(methods, null, 2) : formatMethods(methods, table));
    return 0;
  }
  const intOption = (name: string, value: unknown, fallback?: number): number | undefined => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !/^\d+$/.test(value))
      throw new CliFailure({ code: 'VALIDATION', message: `--${name}：应为整数，现在是“${String(value)}”` }, 2);
    return Number(value);
  };

  let archive: Archive | null = null;
  let services: Services | null = null;
  try {
    const importFile = command === 'import' ? readImportFile(rest[0], env) : null;
    const reportArgs = command === 'daily-report' ? parseDailyReportArgs(values, env) : null;
    const firstServiceArgs = command === 'first-service' ? parseFirstServiceArgs(rest, values, env) : null;
    const invitationsArgs = command === 'invitations' ? parseInvitationsArgs(rest, values) : null;
    const appointmentsArgs = command === 'appointments' ? parseAppointmentsArgs(rest, values) : null;
    const callsArgs = command === 'calls' ? parseCallsArgs(rest, values, env) : null;
    const complaintsArgs = command === 'complaints' ? parseComplaintsArgs(rest, values) : null;
    const comebacksArgs = command === 'comebacks' ? parseComebacksArgs(rest, values) : null;
    const lostArgs = command === 'lost-customers' ? parseLostCustomersArgs(rest, values) : null;
    const churnArgs = command === 'churn' ? parseChurnArgs(rest, values) : null;
    const printArgs = command === 'print' ? parsePrintArgs(rest, values, env) : null;
    const auditArgs: AuditArgs | null = command === 'audit' ? parseAuditArgs(rest, values) : null;
    const filingArgs: FilingArgs | null = command === 'filing' ? parseFilingArgs(rest, values, env) : null;
    const claimsArgs: ClaimsArgs | null = command === 'claims' ? parseClaimsArgs(rest, values, env) : null;
    const periodReportArgs: ReportArgs | null = command === 'report' ? parseReportArgs(rest, values, env) : null;
    const endOfDayArgs: EndOfDayArgs | null = command === 'end-of-day' ? parseEndOfDayArgs(rest, values) : null;
    const callArgs = command === 'call' ? parseCallArgs(rest, values, options.readStdin) : null;
    const path = resolveArchivePath(typeof values.db === 'string' ? values.db : null, env);
    // No other callers to keep answering: SQLite may wait for another writer itself.
    archive = await openArchive(path, {
      busyTimeoutMs: 5000,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    services = createServices(archive);
    const dispatch = createDispatcher(createHandlers(services), {
      onInternalError: (method, error) => io.err(`[${method}] ${(error as Error)?.stack ?? String(error)}`),
    });
    const ctx: CallContext = { door: 'cli', session: new Session() };
    const print = (value: unknown, human: () => string) => io.out(json ? JSON.stringify(value, null, 2) : human());

    switch (command) {
      case 'info': {
        const info = await call(dispatch, ctx, 'app.getInfo', {});
        print(info, () =>
          table([
            ['档案库', info.archivePath],
            ['版本', `${info.version}（数据结构 ${info.schemaVersion}）`],
            ['门店', info.storeName ?? '（尚未设置）'],
            ['客户', String(info.counts.customers)],
            ['车辆', String(info.counts.vehicles)],
            ['修理单', String(info.counts.repairOrders)],
          ]),
        );
        return 0;
      }
      case 'seed-demo': {
        const input = {
          seed: intOption('seed', values.seed, 1),
          years: intOption('years', values.years, 1),
          ...(typeof values.until === 'string' ? { until: values.until } : {}),
        };
        if (!json) io.err(`正在生成示例数据（${input.years} 年）…`);
        const summary =
          archive.dialect === 'postgres'
            ? await seedDemoOnServer(archive, input)
            : await call(dispatch, ctx, 'demo.seed', input);
        print(
          summary,
          () =>
            `已生成示例数据：${summary.customers} 位客户、${summary.vehicles} 辆车、${summary.repairOrders} 张修理单（${summary.from} 至 ${summary.until}），用时 ${(summary.millis / 1000).toFixed(1)} 秒。\n档案库：${archive?.path}`,
        );
        return 0;
      }
      case 'search': {
        const text = rest.join(' ');
        const hits = await call(dispatch, ctx, 'search.quick', { text, limit: intOption('limit', values.limit, 50) });
        print(hits, () =>
          hits.length === 0
            ? `没有找到“${text}”。`
            : table([
                ['类别', '编号', '名称', '说明', '匹配'],
                ...hits.map((h) => [
                  KIND_LABEL[h.kind],
                  String(h.id),
                  h.title,
                  h.subtitle,
                  `${FIELD_LABEL[h.matchedOn]}${h.exact ? '' : '（部分）'}`,
                ]),
              ]),
        );
        return 0;
      }
      case 'import': {
        const summary = await runImportCommand(dispatch, ctx, io, {
          file: importFile!,
          preset: typeof values.preset === 'string' ? values.preset : undefined,
          dryRun: values['dry-run'] === true,
          json,
        });
        print(summary, () => formatImportSummary(summary));
        return 0;
      }
      case 'daily-report': {
        const result = await runDailyReportCommand(dispatch, ctx, services, reportArgs!);
        // The JSON report is what --format json asks for; --json only changes how a written file is reported.
        if (result.file === null) io.out(JSON.stringify(result.json, null, 2));
        else print(result.file, () => formatDailyReportResult(result, reportArgs!));
        return 0;
      }
      case 'first-service': {
        const result = await runFirstServiceCommand(dispatch, ctx, firstServiceArgs!, (document) =>
          services!.privacy.disclose(ctx, true, { document, scope: { date: firstServiceArgs!.date } }),
        );
        // --json or --format json: the sheet as JSON; otherwise a table, or where the file went.
        if (result.file === null && firstServiceArgs!.format === 'json') io.out(JSON.stringify(result.sheet, null, 2));
        else print(result.file ?? result.sheet, () => formatFirstServiceResult(result, firstServiceArgs!, table));
        return 0;
      }
      case 'print': {
        const result = await runPrintCommand(dispatch, ctx, services, printArgs!);
        print(
          { path: result.path, fileName: result.fileName, bytes: result.bytes, pages: result.pages },
          () => result.message,
        );
        return 0;
      }
      case 'filing': {
        const args = filingArgs!;
        const result = await runFilingCommand(
          dispatch,
          ctx,
          args,
          (document) =>
            services!.privacy.disclose(ctx, true, {
              document,
              scope: args.sub === 'missing' ? { month: args.month } : {},
            }),
          json,
        );
        print(filingJson(result), () => formatFiling(result, table));
        return 0;
      }
      case 'claims': {
        const result = await runClaimsCommand(dispatch, ctx, claimsArgs!);
        if (result.sub === 'list' && result.total > result.rows.length)
          io.err(
            `注意：共 ${result.total} 张索赔单，只输出了前 ${result.rows.length} 张，请用 --status 或 --due-before 缩小范围。`,
          );
        // The statement's JSON is what --format json asks for; --json only changes how a written file is reported.
        if (result.sub === 'statement' && result.json !== null) io.out(JSON.stringify(result.json, null, 2));
        else print(claimsJsonOutput(result), () => formatClaims(result, table));
        return 0;
      }
      case 'report': {
        const result = await runReportCommand(dispatch, ctx, periodReportArgs!);
        // The report's JSON is what --format json asks for; --json only changes how a written file is reported.
        if (result.file === null) io.out(JSON.stringify(result.json, null, 2));
        else print(result.file, () => formatReportResult(result));
        return 0;
      }
      case 'call': {
        const args = callArgs!;
        const value = await runCallCommand(dispatch, ctx, args, (document) =>
          services!.privacy.disclose(ctx, true, { document, scope: { method: args.method } }),
        );
        io.out(JSON.stringify(value, null, 2));
        return 0;
      }
      case 'end-of-day': {
        const result = await runEndOfDayCommand(dispatch, ctx, endOfDayArgs!);
        print(result.rows, () => formatEndOfDay(result, table));
        return 0;
      }
      case 'audit': {
        const rows = await runAuditCommand(dispatch, ctx, auditArgs!);
        print(rows, () => formatAudit(rows, table));
        return 0;
      }
      case 'calls': {
        const result = await runCallsCommand(
          dispatch,
          ctx,
          callsArgs!,
          (document) =>
            services!.privacy.disclose(ctx, true, {
              document,
              scope: { date: callsArgs!.sub === 'queue' ? callsArgs!.date : null },
            }),
          json,
        );
        print(callsJson(result), () => formatCalls(result, table));
        return 0;
      }
      case 'complaints': {
        const args = complaintsArgs!;
        const rows = await runComplaintsCommand(
          dispatch,
          ctx,
          args,
          (document) => services!.privacy.disclose(ctx, true, { document, scope: { from: args.from, to: args.to } }),
          json,
        );
        print(rows, () => formatComplaints(rows, args, table));
        return 0;
      }
      case 'comebacks': {
        const args = comebacksArgs!;
        const rows = await runComebacksCommand(
          dispatch,
          ctx,
          args,
          (document) => services!.privacy.disclose(ctx, true, { document, scope: { from: args.from, to: args.to } }),
          json,
        );
        print(rows, () => formatComebacks(rows, args, table));
        return 0;
      }
      case 'lost-customers': {
        const args = lostArgs!;
        const rows = await runLostCustomersCommand(
          dispatch,
          ctx,
          args,
          (document) => services!.privacy.disclose(ctx, true, { document, scope: { asOf: args.asOf } }),
          json,
        );
        print(rows, () => formatLostCustomers(rows, args, table));
        return 0;
      }
      case 'churn': {
        const month = await runChurnCommand(dispatch, ctx, churnArgs!);
        print(month, () => formatChurn(month));
        return 0;
      }
      case 'appointments': {
        const args = appointmentsArgs!;
        const rows = await runAppointmentsCommand(
          dispatch,
          ctx,
          args,
          (document) => services!.privacy.disclose(ctx, true, { document, scope: { date: args.date } }),
          json,
        );
        print(rows, () => formatAppointments(rows, args.date, table));
        return 0;
      }
      case 'invitations': {
        const args = invitationsArgs!;
        if (args.unmasked)
          await services.privacy.disclose(ctx, true, {
            document: json ? '到期招揽名单 JSON' : '到期招揽名单（命令行表格）',
            scope: { from: args.from, to: args.to },
          });
        const preview = disclosedPreview(await runInvitationsCommand(dispatch, ctx, args), args.unmasked);
        print(invitationJsonRows(preview), () => formatInvitations(preview, table));
        return 0;
      }
      case 'show': {
        const [what, ...keyParts] = rest;
        const key = keyParts.join(' ').trim();
        if (!what || !['customer', 'vehicle', 'ro'].includes(what) || key === '') {
          io.err('用法：show customer|vehicle|ro KEY');
          return 2;
        }
        if (what === 'customer') {
          const id = await resolveKey(dispatch, ctx, 'customer', key);
          const c = await call(dispatch, ctx, 'customers.get', { id });
          print(c, () =>
            [
              table([
                ['客户', `${c.name}（#${c.id}）`],
                ['手机', c.mobile ?? ''],
                ['其他电话', c.otherPhones.join('、')],
                ['地址', `${c.address} ${c.postalCode}`.trim()],
                ['生日', c.birthday ?? ''],
                ['勿扰', c.doNotContact ? '是' : '否'],
              ]),
              '',
              '名下车辆：',
              table(c.vehicles.map((v) => [v.plate ?? '', v.vin ?? '', v.model, VEHICLE_STATUS_LABELS[v.status]])),
            ].join('\n'),
          );
        } else if (what === 'vehicle') {
          const id = await resolveKey(dispatch, ctx, 'vehicle', key);
          const v = await call(dispatch, ctx, 'vehicles.get', { id });
          print(v, () =>
            [
              table([
                ['车牌', `${v.plate ?? ''}（#${v.id}）`],
                ['车架号', v.vin ?? ''],
                ['车型', `${v.model} ${v.color}`.trim()],
                ['交车日期', v.deliveryDate ?? ''],
                ['车主', v.owner ? `${v.owner.name} ${v.owner.mobile ?? ''}` : ''],
                ['状态', VEHICLE_STATUS_LABELS[v.status]],
                ['最新里程', v.latestMileage === null ? '' : `${v.latestMileage} 公里`],
              ]),
              '',
              `车历卡（${v.history.length} 次进厂）：`,
              table([
                ['日期', '工单号', '里程', '类别', '项目', '金额', '服务顾问'],
                ...v.history.map((h) => [
                  h.openedAt.slice(0, 10),
                  h.roNumber,
                  h.mileageIn === null ? '' : String(h.mileageIn),
                  RO_TYPE_LABELS[h.type],
                  h.work,
                  formatFen(h.totalFen),
                  h.advisorName,
                ]),
              ]),
            ].join('\n'),
          );
        } else {
          const ro = await call(
            dispatch,
            ctx,
            'repairOrders.get',
            /^\d{1,9}$/.test(key) ? { id: Number(key) } : { roNumber: key },
          );
          print(ro, () =>
            [
              table([
                ['工单号', `${ro.roNumber}（#${ro.id}）`],
                ['进厂', `${ro.openedAt.slice(0, 16).replace('T', ' ')}  ${ro.mileageIn ?? ''} 公里`],
                ['类别/状态', `${RO_TYPE_LABELS[ro.type]} / ${RO_STATUS_LABELS[ro.status]}`],
                ['服务顾问', ro.advisorName],
                ['车辆', `${ro.vehicle.plate ?? ''} ${ro.vehicle.vin ?? ''} ${ro.vehicle.model}`.trim()],
                ['客户', ro.customer ? `${ro.customer.name} ${ro.customer.mobile ?? ''}` : ''],
                [
                  '工时费/材料费/合计',
                  `${formatFen(ro.laborFen)} / ${formatFen(ro.partsFen)} / ${formatFen(ro.totalFen)}`,
                ],
              ]),
              '',
              '工时：',
              table(ro.laborLines.map((l) => [String(l.lineNo), l.description, formatFen(l.amountFen)])),
              '材料：',
              table(
                ro.partLines.map((p) => [
                  String(p.lineNo),
                  p.partNumber,
                  p.name,
                  String(p.quantity),
                  formatFen(p.amountFen),
                ]),
              ),
            ].join('\n'),
          );
        }
        return 0;
      }
    }
    return 2;
  } catch (error) {
    const shape =
      error instanceof CliFailure ||
      error instanceof ImportCommandFailure ||
      error instanceof DailyReportCommandFailure ||
      error instanceof PrintCommandFailure
        ? error.error
        : error instanceof AppError
          ? error.toShape()
          : null;
    const exitCode =
      error instanceof CliFailure || error instanceof DailyReportCommandFailure || error instanceof PrintCommandFailure
        ? error.exitCode
        : 1;
    if (shape) {
      if (json) io.out(JSON.stringify({ ok: false, error: shape }, null, 2));
      io.err(`错误：${shape.message}`);
      return exitCode;
    }
    io.err(`内部错误：${(error as Error)?.stack ?? String(error)}`);
    return 1;
  } finally {
    // The PDF browser, if one was started, ends with the command.
    await services?.print.close();
    await archive?.close();
  }
}

/**
 * The CLI as a process: standard output and error, the exit code. Run by this file as an entry
 * (tsx, out/cli/main.js), by bin/clerkdesk.mjs and by the desktop app's `--cli` switch.
 */
export async function runCliProcess(argv: string[], options: CliOptions = {}): Promise<number> {
  // `… --json | head`: a reader that stops early closes the pipe; that is the end of the output, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return runCli(
    argv,
    { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
    process.env,
    options,
  );
}

const isEntry = process.argv[1] !== undefined && /cli[\\/]main\.(ts|js|mjs)$/.test(process.argv[1]);
if (isEntry) {
  runCliProcess(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
