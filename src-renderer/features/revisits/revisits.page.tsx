import { Tabs } from 'antd';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { AppointmentsTab } from './appointments.tab';
import { CallPage } from './call.page';
import { CallsTab } from './calls.tab';
import { type RevisitsView, type RevisitTab, revisitTabPath } from './paths';
import { ProblemsTab } from './problems.tab';
import { SmsTab } from './sms.tab';
import './revisits.css';

/** 回访: the morning's calls, the problem customers they found, appointments and SMS batches. */
export function RevisitsPage({ view }: { view: RevisitsView }) {
  const { t } = useI18n();
  if (view.page === 'call') return <CallPage key={view.key} callKey={view.key} />;
  return (
    <div className="page revisits-page">
      <PageHeader title={t('回访')} />
      <Tabs
        activeKey={view.tab}
        onChange={(key) => void navigate(revisitTabPath(key as RevisitTab))}
        items={[
          { key: 'calls', label: t('今日电话') },
          { key: 'problems', label: t('问题客户') },
          { key: 'appointments', label: t('预约登记') },
          { key: 'sms', label: t('短信') },
        ]}
        className="archive-tabs"
      />
      <TabBody tab={view.tab} />
    </div>
  );
}

function TabBody({ tab }: { tab: RevisitTab }) {
  switch (tab) {
    case 'calls':
      return <CallsTab />;
    case 'problems':
      return <ProblemsTab />;
    case 'appointments':
      return <AppointmentsTab />;
    case 'sms':
      return <SmsTab />;
  }
}
