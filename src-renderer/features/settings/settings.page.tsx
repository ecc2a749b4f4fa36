import { Button, Card, Col, Descriptions, Radio, Row, Typography } from 'antd';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { useAppInfo } from '../shell/app-info';
import { RoleGate, useCan } from '../shell/permissions';
import { ArchiveLocationCard } from './archive-location.card';
import { AuditLogCard } from './audit-log.card';
import { BackupCard } from './backup.card';
import { ClaimSettingsCard } from './claim-settings';
import { ComplaintSettingsCard } from './complaint-settings';
import { DemoDataCard } from './demo-data.card';
import { FilingSettingsCard } from './filing-settings';
import { PrivacyCard } from './privacy.card';
import { QuestionnairesCard } from './questionnaires';
import { RevisitSettingsCard } from './revisit-settings';
import { SecurityCard } from './security.card';
import { ServiceRulesCard } from './service-rules.card';
import { StoreProfileCard } from './store-profile.card';
import { UsersCard } from './users.card';

export function SettingsPage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <PageHeader title={t('设置')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <RoleGate method="store.update" title="门店信息">
            <StoreProfileCard />
          </RoleGate>
        </Col>
        <Col xs={24} xl={12}>
          <LanguageCard />
          <ArchiveCard />
        </Col>
        <Col xs={24}>
          <UsersCard />
        </Col>
        <Col xs={24}>
          <RoleGate method="serviceRules.save" title="保养规则">
            <ServiceRulesCard />
          </RoleGate>
        </Col>
        <Col xs={24}>
          <RoleGate method="revisitSettings.save" title="回访设置">
            <RevisitSettingsCard />
          </RoleGate>
        </Col>
        <Col xs={24}>
          <RoleGate method="questionnaires.save" title="回访问卷">
            <QuestionnairesCard />
          </RoleGate>
        </Col>
        <Col xs={24}>
          <RoleGate method="complaintSettings.save" title="投诉、返修、流失设置">
            <ComplaintSettingsCard />
          </RoleGate>
        </Col>
        <Col xs={24}>
          <RoleGate method="filingSettings.save" title="归档设置">
            <FilingSettingsCard />
          </RoleGate>
        </Col>
        <Col xs={24}>
          <RoleGate method="claimSettings.save" title="索赔设置">
            <ClaimSettingsCard />
          </RoleGate>
        </Col>
        <Col xs={24}>
          <RoleGate method="security.update" title="自动退出">
            <SecurityCard />
          </RoleGate>
        </Col>
        <Col xs={24}>
          <RoleGate method="audit.list" title="操作日志">
            <AuditLogCard />
          </RoleGate>
        </Col>
        <Col xs={24}>
          <PrivacyCard />
        </Col>
        <Col xs={24}>
          <BackupCard />
        </Col>
        <Col xs={24}>
          <DemoDataCard />
        </Col>
      </Row>
    </div>
  );
}

function LanguageCard() {
  const { t, lang, setLang } = useI18n();
  return (
    <Card size="small" title={t('界面语言')} className="section">
      <Radio.Group value={lang} onChange={(e) => setLang(e.target.value)} optionType="button">
        <Radio value="zh">中文</Radio>
        <Radio value="en">English</Radio>
      </Radio.Group>
      <Typography.Paragraph type="secondary" className="card-note">
        {t('只改变界面文字；档案内容和系统提示信息仍为中文。')}
      </Typography.Paragraph>
    </Card>
  );
}

function ArchiveCard() {
  const { t } = useI18n();
  const { info, reload } = useAppInfo();
  const can = useCan();
  return (
    <Card
      size="small"
      title={t('档案库')}
      className="section"
      extra={
        <Button size="small" onClick={reload}>
          {t('刷新')}
        </Button>
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'path',
            label: t('档案库位置'),
            children: (
              <Typography.Text copyable className="path-text">
                {info.archivePath}
              </Typography.Text>
            ),
          },
          {
            key: 'kind',
            label: t('档案库类型'),
            children:
              info.archiveKind === 'server'
                ? t(
                    '共享服务器（PostgreSQL），几个柜台同时使用；由服务器自己备份。扫描件文件只保存在本机，别的柜台打不开。',
                  )
                : t('本机文件（由 ClerkDesk 自动备份）'),
          },
          { key: 'schema', label: t('数据结构版本'), children: <span className="mono">{info.schemaVersion}</span> },
          { key: 'version', label: t('程序版本'), children: info.version },
          {
            key: 'counts',
            label: t('记录数'),
            children: t('客户 {c}，车辆 {v}，修理单 {r}', {
              c: info.counts.customers.toLocaleString('en-US'),
              v: info.counts.vehicles.toLocaleString('en-US'),
              r: info.counts.repairOrders.toLocaleString('en-US'),
            }),
          },
          {
            key: 'door',
            label: t('连接方式'),
            children: info.door === 'ipc' ? t('桌面程序') : t('浏览器（本机服务）'),
          },
        ]}
      />
      {/* Where this PC's archive is, from the next start: the admin's (the others see only the above). */}
      {can('archiveLocation.set') && <ArchiveLocationCard />}
    </Card>
  );
}
