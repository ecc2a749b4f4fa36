import { USER_ROLE_LABELS, type UserRole } from '../domain/enums';
import { contract, METHOD_NAMES } from './index';
import { allows } from './roles';

const COLUMNS: UserRole[] = ['clerk', 'advisor', 'manager', 'admin'];

/** Rules that depend on the record or the input, enforced by the service named. */
const NOTES = [
  '“无需登录”：登录界面需要的少数操作；其余全部要先选择用户并输入 PIN。',
  '命令行（`npm run cli`）没有 PIN 登录：能打开档案库文件的人本就拥有全部数据，故按管理员处理。',
  '每次调用都按档案库中用户**当前**的角色和启用状态检查；被停用的用户在下一次操作时退出，被降级的用户立即按新角色处理。',
  '`dailyReport.sign`：由在柜台的用户提交，但签字人必须是服务经理本人（输入其 PIN）；管理员若要签字，须另设为服务经理。先检查日报状态，再检查 PIN。',
  '`repairOrders.create` / `repairOrders.update`：服务顾问不能新增或修改计入**已签字**日报那一天的修理单（由信息员修改并更正日报）。',
  '`users.list`：登录界面只列出在用的用户（姓名和角色）；包括停用用户的列表只有管理员能看。',
  'PIN：同一用户连续输错 3 次后每次需等待（1 秒、2 秒、4 秒……），连续输错 10 次锁定，只有管理员能在“设置 → 用户”中解除；登录和日报签字都适用。',
  '无操作超过设定的分钟数（默认 15，管理员可改，0 为不自动退出）自动退出；后台轮询（如导入进度）不算操作。',
  '被拒绝的调用记入操作日志（同一用户、同一操作、同一原因每分钟记一条）。',
];

/** The role matrix as Markdown, generated from the contract's roles (docs/roles.md is this text). */
export function roleMatrixMarkdown(): string {
  const lines = [
    '# 角色与权限 / Roles',
    '',
    '由 `src-shared/contract/*.contract.ts` 中每个操作声明的角色生成（`npx tsx scripts/role-matrix.ts --write`），',
    '由调度器（dispatcher）对窗口、浏览器和命令行统一检查。测试 `tests/api/roles.test.ts` 保证本文件与代码一致。',
    '',
    `| 操作 | 说明 | ${COLUMNS.map((r) => USER_ROLE_LABELS[r]).join(' | ')} |`,
    `|---|---|${COLUMNS.map(() => ':-:').join('|')}|`,
  ];
  for (const method of [...METHOD_NAMES].sort()) {
    const def = contract[method];
    const cells =
      def.roles === 'open'
        ? COLUMNS.map(() => '无需登录')
        : COLUMNS.map((role) => (allows(def.roles, role) ? '✓' : ''));
    lines.push(`| \`${method}\` | ${def.doc.replace(/\|/g, '\\|')} | ${cells.join(' | ')} |`);
  }
  lines.push('', '说明：', '');
  for (const note of NOTES) lines.push(`- ${note}`);
  return `${lines.join('\n')}\n`;
}
