import { Checkbox, Tooltip } from 'antd';
import { useSyncExternalStore } from 'react';
import { useI18n } from '../../i18n/i18n';
import { useAppInfo } from '../shell/app-info';

/**
 * 显示完整姓名和电话: exports and printouts that leave the counter (daily report, the hand-off for
 * sales) mask names and phones; a service manager may tick this to have them in full, which the
 * archive writes to the audit log. One choice for the window, so a preview and its exports agree;
 * it counts only while a manager is logged in.
 */
let chosen = false;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function choose(value: boolean): void {
  chosen = value;
  for (const l of listeners) l();
}

/** True only when a manager is logged in and ticked the box. */
export function useUnmasked(): boolean {
  const { info } = useAppInfo();
  const value = useSyncExternalStore(subscribe, () => chosen);
  return value && info.currentUser?.role === 'manager';
}

/** `{ unmasked: true }` to spread into an export's input when unmasked, else nothing. */
export function unmaskedInput(unmasked: boolean): { unmasked?: true } {
  return unmasked ? { unmasked: true } : {};
}

/** The tick box, shown to service managers only. */
export function UnmaskCheckbox() {
  const { t } = useI18n();
  const { info } = useAppInfo();
  const value = useUnmasked();
  if (info.currentUser?.role !== 'manager') return null;
  return (
    <Tooltip title={t('默认遮蔽：王**、138****5678。发给厂家、销售部等门店以外的人时请保持遮蔽。')}>
      <Checkbox className="unmask-choice" checked={value} onChange={(e) => choose(e.target.checked)}>
        {t('显示完整姓名和电话（仅服务经理，记录在操作日志）')}
      </Checkbox>
    </Tooltip>
  );
}
