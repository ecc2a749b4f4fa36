import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo } from 'react';
import { z } from 'zod';
import { type ApiClient, ApiProvider, createApiClient, useQuery } from './api/client';
import type { Transport } from './api/transport';
import { ArchivePending } from './components/archive-pending';
import { StoreClockProvider } from './components/store-clock';
import { LoginPage } from './features/setup/login.page';
import { SetupWizard } from './features/setup/setup-wizard.page';
import { AppInfoProvider } from './features/shell/app-info';
import { AppShell } from './features/shell/app-shell';
import { DamagedArchivePage } from './features/shell/damaged-archive.page';
import { I18nProvider, type Lang, useI18n } from './i18n/i18n';

// Built-in zod messages in Chinese, as the dispatcher has them, for any rule without its own text.
z.config(z.locales.zhCN());

const FONT_FAMILY =
  "'Noto Sans SC', -apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Hiragino Sans GB', sans-serif";

const theme: ThemeConfig = {
  token: {
    fontFamily: FONT_FAMILY,
    fontSize: 14,
    borderRadius: 4,
    colorPrimary: '#1d5fbf',
  },
  components: {
    Layout: { headerHeight: 52, headerPadding: '0 16px', siderBg: '#12243d', headerBg: '#ffffff' },
    Menu: { darkItemBg: '#12243d', darkSubMenuItemBg: '#12243d', darkItemSelectedBg: '#1d5fbf' },
    Table: { cellPaddingBlockSM: 6 },
  },
};

/** The whole UI over one transport; tests render this with a transport to a real archive. */
export function App({ transport, initialLang }: { transport: Transport; initialLang?: Lang }) {
  const client = useMemo(() => createApiClient(transport), [transport]);
  return (
    <I18nProvider initialLang={initialLang}>
      <Themed client={client} />
    </I18nProvider>
  );
}

function Themed({ client }: { client: ApiClient }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme} componentSize="medium">
      <AntApp className="app-root">
        <ApiProvider client={client}>
          <StoreClockProvider>
            <SessionGate />
          </StoreClockProvider>
        </ApiProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** First run → set-up wizard; nobody at the counter → login; otherwise the work. */
function SessionGate() {
  const { data: info, error, reload } = useQuery('app.getInfo', {});
  // A damaged archive is not opened: the clerk sees what happened and the way to a restore, nothing else.
  if (error?.code === 'ARCHIVE_DAMAGED') return <DamagedArchivePage error={error} onRestored={reload} />;
  if (!info) return <ArchivePending error={error} retry={reload} />;
  return (
    <AppInfoProvider value={{ info, reload }}>
      {info.needsSetup ? <SetupWizard /> : info.currentUser === null ? <LoginPage /> : <AppShell />}
    </AppInfoProvider>
  );
}
