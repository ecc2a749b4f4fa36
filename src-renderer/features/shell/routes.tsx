import { Button, Result } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route } from '../../router/hash-router';
import { ArchivePage } from '../archive/archive.page';
import { CustomerDetailPage } from '../archive/customer-detail.page';
import { CustomerFormPage } from '../archive/customer-form.page';
import type { ArchiveTab } from '../archive/list-state';
import { RepairOrderDetailPage } from '../archive/repair-order-detail.page';
import { RepairOrderFormPage } from '../archive/repair-order-form.page';
import { VehicleDetailPage } from '../archive/vehicle-detail.page';
import { VehicleFormPage } from '../archive/vehicle-form.page';
import { ClaimsPage } from '../claims/claims.page';
import { claimsView } from '../claims/paths';
import { NotYetPage } from '../coming/not-yet.page';
import { ComplaintsPage } from '../complaints/complaints.page';
import { complaintsView } from '../complaints/paths';
import { FilingPage } from '../filing/filing.page';
import { filingView } from '../filing/paths';
import { ImportPage } from '../import/import.page';
import { InvitationsPage, invitationsView } from '../invitations/invitations.page';
import { PrintingPage, printingTab } from '../printing/printing.page';
import { DailyPage, isDailyTab } from '../reconciliation/daily.page';
import { revisitsView } from '../revisits/paths';
import { RevisitsPage } from '../revisits/revisits.page';
import { SettingsPage } from '../settings/settings.page';
import { statisticsTab } from '../statistics/paths';
import { StatisticsPage } from '../statistics/statistics.page';
import { EndOfDayPage } from '../today/end-of-day.page';
import { TodayPage } from '../today/today.page';
import { AREAS } from './areas';
import { RoleGate } from './permissions';

function recordId(text: string | undefined): number | null {
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function optionalId(text: string | null): number | undefined {
  return recordId(text ?? undefined) ?? undefined;
}

/** Address → page. Keys make a new page start fresh (a form for another record, say). */
export function RoutedPage({ route }: { route: Route }) {
  const [first, second, third, fourth] = route.segments;
  if (first === undefined || (first === 'today' && second === undefined)) return <TodayPage />;
  if (first === 'today' && second === 'end-of-day' && third === undefined) return <EndOfDayPage route={route} />;
  if (first === 'settings') return <SettingsPage />;
  if (first === 'daily' && isDailyTab(second) && third === undefined)
    return <DailyPage tab={second ?? 'reconcile'} route={route} />;
  if (first === 'archive') {
    const tab = (second ?? 'customers') as ArchiveTab;
    if (!['customers', 'vehicles', 'repair-orders'].includes(tab)) return <NotFound />;
    if (third === undefined) return <ArchivePage tab={tab} route={route} />;
    if (third === 'new') {
      if (tab === 'customers') return <CustomerFormPage key="new" />;
      if (tab === 'vehicles')
        return <VehicleFormPage key={route.path + route.query} ownerId={optionalId(route.query.get('ownerId'))} />;
      return (
        <RepairOrderFormPage
          key={route.path + route.query}
          vehicleId={optionalId(route.query.get('vehicleId'))}
          roNumber={route.query.get('roNumber') ?? undefined}
        />
      );
    }
    const id = recordId(third);
    if (id === null) return <NotFound />;
    if (fourth === 'edit') {
      if (tab === 'customers') return <CustomerFormPage key={id} id={id} />;
      if (tab === 'vehicles') return <VehicleFormPage key={id} id={id} />;
      return <RepairOrderFormPage key={id} id={id} />;
    }
    if (fourth !== undefined) return <NotFound />;
    if (tab === 'customers') return <CustomerDetailPage key={id} id={id} />;
    if (tab === 'vehicles') return <VehicleDetailPage key={id} id={id} />;
    return <RepairOrderDetailPage key={id} id={id} />;
  }
  if (first === 'daily' && second === 'import' && third === undefined)
    return (
      <RoleGate method="imports.start" title="导入 DMS 修理单">
        <ImportPage />
      </RoleGate>
    );
  if (first === 'invitations') {
    const view = invitationsView(route);
    return view ? <InvitationsPage view={view} route={route} /> : <NotFound />;
  }
  if (first === 'revisits') {
    const view = revisitsView(route.segments);
    return view ? <RevisitsPage view={view} /> : <NotFound />;
  }
  if (first === 'complaints') {
    const view = complaintsView(route.segments);
    return view ? <ComplaintsPage view={view} route={route} /> : <NotFound />;
  }
  if (first === 'claims') {
    const view = claimsView(route.segments);
    return view ? <ClaimsPage view={view} route={route} /> : <NotFound />;
  }
  if (first === 'filing') {
    const view = filingView(route.segments);
    return view ? <FilingPage view={view} route={route} /> : <NotFound />;
  }
  if (first === 'statistics') {
    const tab = statisticsTab(route.segments);
    return tab ? <StatisticsPage tab={tab} route={route} /> : <NotFound />;
  }
  if (first === 'letters') {
    const tab = printingTab(route);
    return tab ? <PrintingPage tab={tab} route={route} /> : <NotFound />;
  }
  const area = AREAS.find((a) => !a.ready && a.path === `/${first}`);
  if (area && second === undefined) return <NotYetPage area={area} />;
  return <NotFound />;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('没有这个页面')}
      subTitle={t('地址可能输错了，或者这条记录不存在。')}
      extra={
        <Button type="primary" onClick={() => void navigate('/today')}>
          {t('回到今日工作台')}
        </Button>
      }
    />
  );
}
