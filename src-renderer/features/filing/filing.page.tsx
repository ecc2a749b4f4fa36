import { Tabs } from 'antd';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import type { Route } from '../../router/hash-router';
import { navigate } from '../../router/hash-router';
import { BinderPage } from './binder.page';
import { BindersTab } from './binders.tab';
import { DeskTab } from './desk.tab';
import { HandoverTab } from './handover.tab';
import { LoansTab } from './loans.tab';
import { MissingTab } from './missing.tab';
import { type FilingTab, type FilingView, filingTabPath } from './paths';
import { RetentionTab } from './retention.tab';
import './filing.css';

/** 归档: the filing desk, binders, the sales hand-over, borrowing, what is missing, retention. */
export function FilingPage({ view, route }: { view: FilingView; route: Route }) {
  const { t } = useI18n();
  if (view.page === 'binder') return <BinderPage key={view.id} id={view.id} />;
  return (
    <div className="page filing-page">
      <PageHeader title={t('归档')} />
      <Tabs
        activeKey={view.tab}
        onChange={(key) => void navigate(filingTabPath(key as FilingTab))}
        items={[
          { key: 'desk', label: t('归档台') },
          { key: 'binders', label: t('资料夹') },
          { key: 'handover', label: t('销售交接') },
          { key: 'loans', label: t('借阅') },
          { key: 'missing', label: t('缺失检查') },
          { key: 'retention', label: t('保管期限') },
        ]}
        className="archive-tabs"
      />
      <TabBody tab={view.tab} route={route} />
    </div>
  );
}

function TabBody({ tab, route }: { tab: FilingTab; route: Route }) {
  switch (tab) {
    case 'desk':
      return <DeskTab route={route} />;
    case 'binders':
      return <BindersTab route={route} />;
    case 'handover':
      return <HandoverTab route={route} />;
    case 'loans':
      return <LoansTab route={route} />;
    case 'missing':
      return <MissingTab route={route} />;
    case 'retention':
      return <RetentionTab route={route} />;
  }
}
