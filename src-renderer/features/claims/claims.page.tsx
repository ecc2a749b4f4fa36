import { Tabs } from 'antd';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import type { Route } from '../../router/hash-router';
import { navigate } from '../../router/hash-router';
import { ClaimPage } from './claim.page';
import { ClaimsListTab } from './list.tab';
import { OldPartsTab } from './old-parts.tab';
import { OutsideTab } from './outside.tab';
import { type ClaimsTab, type ClaimsView, claimsTabPath } from './paths';
import { StatementsTab } from './statements.tab';
import './claims.css';

/** 三包/索赔: claims to the manufacturer, old parts, outside-service orders, the monthly statement. */
export function ClaimsPage({ view, route }: { view: ClaimsView; route: Route }) {
  const { t } = useI18n();
  if (view.page === 'claim') return <ClaimPage key={view.roId} roId={view.roId} />;
  return (
    <div className="page claims-page">
      <PageHeader title={t('三包/索赔')} />
      <Tabs
        activeKey={view.tab}
        onChange={(key) => void navigate(claimsTabPath(key as ClaimsTab))}
        items={[
          { key: 'list', label: t('索赔单') },
          { key: 'old-parts', label: t('旧件') },
          { key: 'outside', label: t('外出服务') },
          { key: 'statements', label: t('服务费结算') },
        ]}
        className="archive-tabs"
      />
      <TabBody tab={view.tab} route={route} />
    </div>
  );
}

function TabBody({ tab, route }: { tab: ClaimsTab; route: Route }) {
  switch (tab) {
    case 'list':
      return <ClaimsListTab route={route} />;
    case 'old-parts':
      return <OldPartsTab route={route} />;
    case 'outside':
      return <OutsideTab route={route} />;
    case 'statements':
      return <StatementsTab route={route} />;
  }
}
