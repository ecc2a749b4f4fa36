import { createContext, useContext } from 'react';
import type { AppInfo } from '../../../src-shared/contract/index';

export interface AppInfoState {
  info: AppInfo;
  reload(): void;
}

const AppInfoContext = createContext<AppInfoState | null>(null);

export const AppInfoProvider = AppInfoContext.Provider;

/** Store name, archive counts and place, and who is at the counter, as main last said. */
export function useAppInfo(): AppInfoState {
  const state = useContext(AppInfoContext);
  if (!state) throw new Error('useAppInfo outside AppInfoProvider');
  return state;
}
