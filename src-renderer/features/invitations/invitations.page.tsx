import { Tabs } from 'antd';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route } from '../../router/hash-router';
import { CallQueueTab } from './call-queue.tab';
import { CandidatesTab } from './candidates.tab';
import { FirstServiceTab } from './first-service.tab';
import { LettersTab } from './letters.tab';
import { InvitationListPage } from './list.page';
import { ListsTab } from './lists.tab';
import { NewListPage } from './new-list.page';
import { INVITATION_TABS, type InvitationTab, tabPath } from './paths';
import './invitations.css';

/** What an address under /invitations shows; null when there is no such page. */
export type InvitationsView =
  | { tab: 'lists'; page: 'lists' | 'new' }
  | { tab: 'lists'; page: 'list'; id: number }
  | { tab: Exclude<InvitationTab, 'lists'> };

export function invitationsView(route: Route): InvitationsView | null {
  const [, second, third, fourth] = route.segments;
  if (fourth !== undefined) return null;
  if (second === undefined) return third === undefined ? { tab: 'lists', page: 'lists' } : null;
  if (second === 'new' && third === undefined) return { tab: 'lists', page: 'new' };
  if (second === 'lists') {
    const id = Number(third);
    return Number.isSafeInteger(id) && id > 0 ? { tab: 'lists', page: 'list', id } : null;
  }
  if (third !== undefined) return null;
  // 待首保车辆 is also reachable as 首保登记表's ?tab=candidates.
  if (second === 'first-service' && route.query.get('tab') === 'candidates') return { tab: 'candidates' };
  if ((INVITATION_TABS as readonly string[]).includes(second) && second !== 'lists')
    return { tab: second as Exclude<InvitationTab, 'lists'> };
  return null;
}

/** 招揽/首保: invitation lists and their calls, the first-service register, candidates, letters waiting. */
export function InvitationsPage({ view, route }: { view: InvitationsView; route: Route }) {
  const { t } = useI18n();
  return (
    <div className="page invitations-page">
      <PageHeader title={t('招揽/首保')} />
      <Tabs
        activeKey={view.tab}
        onChange={(key) => void navigate(tabPath(key as InvitationTab))}
        items={[
          { key: 'lists', label: t('定保招揽一览表') },
          { key: 'calls', label: t('今日电话') },
          { key: 'first-service', label: t('首保登记表') },
          { key: 'candidates', label: t('待首保车辆') },
          { key: 'letters', label: t('感谢信') },
        ]}
        className="archive-tabs"
      />
      <TabBody view={view} route={route} />
    </div>
  );
}

function TabBody({ view, route }: { view: InvitationsView; route: Route }) {
  switch (view.tab) {
    case 'lists':
      if (view.page === 'new')
        return <NewListPage key={route.query.toString()} from={route.query.get('from')} to={route.query.get('to')} />;
      if (view.page === 'list') return <InvitationListPage key={view.id} id={view.id} />;
      return <ListsTab route={route} />;
    case 'calls':
      return <CallQueueTab />;
    case 'first-service':
      return <FirstServiceTab route={route} />;
    case 'candidates':
      return <CandidatesTab />;
    case 'letters':
      return <LettersTab />;
  }
}
