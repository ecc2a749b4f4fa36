import { Tabs } from 'antd';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route } from '../../router/hash-router';
import { EnvelopesTab } from './envelopes.tab';
import { LettersPrintTab } from './letters.tab';
import { SettlementTab } from './settlement.tab';

/** 信件与打印: one tab per kind of printed paper; every print goes through the one print service. */
export const PRINTING_TABS = ['letters', 'envelopes', 'settlement'] as const;
export type PrintingTab = (typeof PRINTING_TABS)[number];

export function printingTab(route: Route): PrintingTab | null {
  const [, second, third] = route.segments;
  if (third !== undefined) return null;
  if (second === undefined) return 'letters';
  return (PRINTING_TABS as readonly string[]).includes(second) ? (second as PrintingTab) : null;
}

export function PrintingPage({ tab, route }: { tab: PrintingTab; route: Route }) {
  const { t } = useI18n();
  return (
    <div className="page printing-page">
      <PageHeader title={t('信件与打印')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(`/letters/${key}`)}
        items={[
          { key: 'letters', label: t('信件') },
          { key: 'envelopes', label: t('信封与校准') },
          { key: 'settlement', label: t('结算单') },
        ]}
        className="archive-tabs"
      />
      {tab === 'letters' ? (
        <LettersPrintTab route={route} />
      ) : tab === 'envelopes' ? (
        <EnvelopesTab route={route} />
      ) : (
        <SettlementTab route={route} />
      )}
    </div>
  );
}
