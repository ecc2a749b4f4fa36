import { Tabs } from 'antd';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import type { Route } from '../../router/hash-router';
import { navigate } from '../../router/hash-router';
import { ChurnTab } from './churn.tab';
import { ComebacksTab } from './comebacks.tab';
import { ComplaintPage } from './complaint.page';
import { ComplaintFormPage } from './complaint-form.page';
import { ComplaintsTab } from './complaints.tab';
import { LostTab } from './lost.tab';
import { type ComplaintsView, type ComplaintTab, complaintTabPath } from './paths';
import './complaints.css';

/** 投诉: complaints (closed loop), comebacks (返修), lost customers and the churn rate. */
export function ComplaintsPage({ view, route }: { view: ComplaintsView; route: Route }) {
  const { t } = useI18n();
  if (view.page === 'complaint') return <ComplaintPage key={view.id} id={view.id} />;
  if (view.page === 'new') return <ComplaintFormPage key={route.path + route.query} route={route} />;
  return (
    <div className="page complaints-page">
      <PageHeader title={t('投诉')} />
      <Tabs
        activeKey={view.tab}
        onChange={(key) => void navigate(complaintTabPath(key as ComplaintTab))}
        items={[
          { key: 'list', label: t('投诉登记') },
          { key: 'comebacks', label: t('返修') },
          { key: 'lost', label: t('流失客户') },
          { key: 'churn', label: t('流失率') },
        ]}
        className="archive-tabs"
      />
      <TabBody tab={view.tab} route={route} />
    </div>
  );
}

function TabBody({ tab, route }: { tab: ComplaintTab; route: Route }) {
  switch (tab) {
    case 'list':
      return <ComplaintsTab route={route} />;
    case 'comebacks':
      return <ComebacksTab route={route} />;
    case 'lost':
      return <LostTab route={route} />;
    case 'churn':
      return <ChurnTab route={route} />;
  }
}
