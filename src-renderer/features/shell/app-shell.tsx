import { DownOutlined, LogoutOutlined, SearchOutlined, UserOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Input, Layout, Menu, Modal, Segmented, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { USER_ROLE_LABELS } from '../../../src-shared/domain/enums';
import { useApi, useQuery } from '../../api/client';
import { Kbd, Loaded, shortcut } from '../../components/page';
import { type Lang, useI18n } from '../../i18n/i18n';
import { navigate, useRoute } from '../../router/hash-router';
import { QuickSearchProvider, useQuickSearch } from '../search/quick-search';
import { LoginForm } from '../setup/login.page';
import { useAppInfo } from './app-info';
import { AREAS, areaForPath } from './areas';
import { BackupStatus } from './backup-status';
import { RoutedPage } from './routes';

/** How often the shell asks whether this door is still logged in (a passive call: not activity). */
const SESSION_POLL_MS = 30_000;

export function AppShell() {
  const { reload } = useAppInfo();
  // The archive side ends an idle session; asking now and then brings up the login screen with the
  // reason even when nobody touches the screen (app.getInfo does not count as activity).
  useEffect(() => {
    const timer = setInterval(reload, SESSION_POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <QuickSearchProvider>
      <Shell />
    </QuickSearchProvider>
  );
}

function Shell() {
  const route = useRoute();
  const { t } = useI18n();
  const [collapsed, setCollapsed] = useState(false);
  const area = areaForPath(route.path);
  const content = `${route.path}`;

  // A new page starts at the top.
  useEffect(() => {
    if (content) document.querySelector('.shell-content')?.scrollTo?.(0, 0);
  }, [content]);

  return (
    <Layout className="shell">
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={200}
        collapsedWidth={56}
        className="shell-sider"
      >
        <div className="brand" title="ClerkDesk 售后信息员工作台">
          {collapsed ? 'CD' : 'ClerkDesk'}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={area ? [area.key] : []}
          onClick={({ key }) => {
            const target = AREAS.find((a) => a.key === key);
            if (target) void navigate(target.path);
          }}
          items={AREAS.map((a) => ({
            key: a.key,
            icon: a.icon,
            label: (
              <span className={a.ready ? undefined : 'menu-not-ready'}>
                {t(a.label)}
                {!a.ready && !collapsed && <span className="menu-soon">{t('待开放')}</span>}
              </span>
            ),
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Header />
        <Layout.Content className="shell-content">
          <RoutedPage route={route} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function Header() {
  const { info } = useAppInfo();
  const { t, lang, setLang } = useI18n();
  const quickSearch = useQuickSearch();
  return (
    <Layout.Header className="shell-header">
      <div className="store-name" title={info.storeName ?? ''}>
        {info.storeName}
      </div>
      <Tooltip title={t('快速搜索（{key}）', { key: shortcut('Ctrl+K') })} placement="bottom">
        <Input
          className="header-search"
          prefix={<SearchOutlined />}
          suffix={<Kbd>{shortcut('Ctrl+K')}</Kbd>}
          placeholder={t('搜索车牌、手机号、姓名、工单号')}
          value=""
          onChange={(e) => quickSearch.open(e.target.value)}
          onClick={() => quickSearch.open()}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'ArrowDown') quickSearch.open();
          }}
          aria-label={t('快速搜索')}
        />
      </Tooltip>
      <div className="header-spacer" />
      <BackupStatus />
      <Segmented<Lang>
        size="small"
        value={lang}
        onChange={setLang}
        options={[
          { value: 'zh', label: '中文' },
          { value: 'en', label: 'English' },
        ]}
        aria-label={t('界面语言')}
      />
      <UserMenu />
    </Layout.Header>
  );
}

function UserMenu() {
  const api = useApi();
  const { message } = App.useApp();
  const { info } = useAppInfo();
  const { t, label } = useI18n();
  const [switching, setSwitching] = useState(false);
  const user = info.currentUser;
  if (!user) return null;
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'switch', icon: <UserSwitchOutlined />, label: t('切换用户') },
            { key: 'logout', icon: <LogoutOutlined />, label: t('退出当前用户') },
          ],
          onClick: async ({ key }) => {
            if (key === 'switch') setSwitching(true);
            if (key === 'logout') {
              const result = await api.invoke('session.logout', {});
              if (!result.ok) message.error(result.error.message);
            }
          },
        }}
      >
        <Button type="text" className="user-button" aria-label={t('当前用户')}>
          <UserOutlined /> {user.name} <span className="muted">{label(USER_ROLE_LABELS[user.role])}</span>{' '}
          <DownOutlined />
        </Button>
      </Dropdown>
      {switching && <SwitchUserModal currentUserId={user.id} onClose={() => setSwitching(false)} />}
    </>
  );
}

function SwitchUserModal({ currentUserId, onClose }: { currentUserId: number; onClose(): void }) {
  const { t } = useI18n();
  const users = useQuery('users.list', { includeInactive: false });
  return (
    <Modal open title={t('切换用户')} footer={null} onCancel={onClose} destroyOnHidden width={520}>
      <Loaded data={users.data} error={users.error} reload={users.reload}>
        {(list) => <LoginForm users={list} onDone={onClose} key={currentUserId} />}
      </Loaded>
    </Modal>
  );
}
