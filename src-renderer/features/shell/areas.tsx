import {
  AlertOutlined,
  BarChartOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FolderOpenOutlined,
  HomeOutlined,
  IdcardOutlined,
  NotificationOutlined,
  PhoneOutlined,
  PrinterOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Phrase } from '../../i18n/i18n';

/** The clerk's day, area by area, in the order of the left navigation. */
export interface Area {
  key: string;
  path: string;
  label: Phrase;
  icon: ReactNode;
  /** Built in this version. Areas not built yet say what will come, and show no made-up data. */
  ready: boolean;
  /** What the area will hold (from the clerk's job description). */
  coming?: Phrase[];
}

export const AREAS: Area[] = [
  { key: 'today', path: '/today', label: '今日工作台', icon: <HomeOutlined />, ready: true },
  // 回访: the day's calls, problem customers, appointments, SMS (features/revisits/).
  { key: 'revisits', path: '/revisits/calls', label: '回访', icon: <PhoneOutlined />, ready: true },
  // 日报 area: 对单 and the report itself (features/reconciliation/daily.page.tsx).
  { key: 'daily-reports', path: '/daily/reconcile', label: '日报', icon: <FileDoneOutlined />, ready: true },
  // 招揽/首保 area: invitation lists, calls, first-service register (features/invitations/).
  { key: 'invitations', path: '/invitations', label: '招揽/首保', icon: <NotificationOutlined />, ready: true },
  // 信件与打印: each tab says plainly what is not built yet (features/printing).
  { key: 'letters', path: '/letters', label: '信件与打印', icon: <PrinterOutlined />, ready: true },
  // 归档: the filing desk, binders, hand-over, borrowing, missing papers, retention (features/filing/).
  { key: 'filing', path: '/filing/desk', label: '归档', icon: <FolderOpenOutlined />, ready: true },
  // 三包/索赔: claims to the manufacturer, old parts, outside service, the monthly statement (features/claims/).
  { key: 'claims', path: '/claims/list', label: '三包/索赔', icon: <FileProtectOutlined />, ready: true },
  { key: 'archive', path: '/archive/customers', label: '档案', icon: <IdcardOutlined />, ready: true },
  // 投诉: complaints closed loop, comebacks, lost customers and churn (features/complaints/).
  { key: 'complaints', path: '/complaints/list', label: '投诉', icon: <AlertOutlined />, ready: true },
  // 统计: the charts, the Monday report and the monthly report (features/statistics/).
  { key: 'statistics', path: '/statistics', label: '统计', icon: <BarChartOutlined />, ready: true },
  { key: 'settings', path: '/settings', label: '设置', icon: <SettingOutlined />, ready: true },
];

export function areaForPath(path: string): Area | undefined {
  const first = path.split('/').filter(Boolean)[0] ?? 'today';
  return AREAS.find((a) => a.path.split('/').filter(Boolean)[0] === first);
}
