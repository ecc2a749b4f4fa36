import { CloudUploadOutlined, ExperimentOutlined, HistoryOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  BACKUP_KIND_LABELS,
  type BackupEntry,
  type BackupSettings,
} from '../../../src-shared/contract/backup.contract';
import { useApi, useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { useRoute } from '../../router/hash-router';
import { useAppInfo } from '../shell/app-info';
import { DrillModal, RestoreModal, sizeText, useCountsText } from './backup-restore';

/** 备份与恢复 (设置): the last good backup, 立即备份, the list, the second place, schedule and retention, restore, drill. */
export function BackupCard() {
  const api = useApi();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const { info, reload: reloadInfo } = useAppInfo();
  const countsText = useCountsText();
  const isAdmin = info.currentUser?.role === 'admin';
  const status = useQuery('backup.status', {});
  const list = useQuery('backup.list', {});
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState<BackupEntry | null>(null);
  const [drilling, setDrilling] = useState<BackupEntry | null>(null);

  // Opened from the status bar (#/settings?section=backup): bring the card into view (after the
  // shell's own scroll to the top of a new page).
  const section = useRoute().query.get('section');
  useEffect(() => {
    if (section !== 'backup') return;
    const timer = setTimeout(() => document.getElementById('backup')?.scrollIntoView?.({ block: 'start' }), 50);
    return () => clearTimeout(timer);
  }, [section]);

  const backupNow = async () => {
    setBusy(true);
    const r = await api.invoke('backup.create', {});
    setBusy(false);
    if (!r.ok) {
      message.error(r.error.message);
      return;
    }
    message.success(t('已备份（{counts}），完整性检查通过。', { counts: countsText(r.value.counts) }));
  };

  const s = status.data;
  // A shared archive on a server: the server's own backup applies; nothing to do here.
  if (info.archiveKind === 'server' || s?.server)
    return (
      <Card size="small" id="backup" title={t('备份与恢复')} className="section">
        <Alert
          type="info"
          showIcon
          className="card-note backup-server-note"
          title={t('共享档案库由服务器备份')}
          description={s?.server ?? undefined}
        />
      </Card>
    );
  return (
    <Card
      size="small"
      id="backup"
      title={t('备份与恢复')}
      className="section"
      extra={
        <Button type="primary" size="small" icon={<CloudUploadOutlined />} onClick={backupNow} loading={busy}>
          {busy ? t('正在备份……') : t('立即备份')}
        </Button>
      }
    >
      {s && (
        <Space direction="vertical" style={{ width: '100%' }} className="card-note">
          <Alert
            type={s.stale ? 'error' : 'success'}
            showIcon
            title={
              s.lastGood
                ? t('上次成功备份：{at}（{kind}）', {
                    at: instantText(s.lastGood.at),
                    kind: label(BACKUP_KIND_LABELS[s.lastGood.kind]),
                  })
                : t('还没有备份。')
            }
            description={
              s.stale
                ? t('超过 {h} 小时没有成功备份了。请点“立即备份”，并检查下面的提示。', { h: s.staleAfterHours })
                : undefined
            }
          />
          {s.lastError && <Alert type="error" showIcon title={s.lastError.message} />}
          {s.secondPlace && !s.secondPlace.ok && s.secondPlace.message && (
            <Alert type="warning" showIcon title={s.secondPlace.message} />
          )}
          {s.lastCheck && !s.lastCheck.ok && (
            <Alert type="error" showIcon title={t('完整性检查发现问题：{d}', { d: s.lastCheck.detail })} />
          )}
        </Space>
      )}
      <Typography.Paragraph type="secondary" className="card-note">
        {t(
          '备份在档案库旁边的 backups 文件夹，可再复制一份到 U 盘或网络文件夹。ClerkDesk 运行时按间隔自动备份，退出时再备份一次；每个备份都先通过完整性检查才保存。',
        )}
      </Typography.Paragraph>
      <Loaded data={list.data} error={list.error} reload={list.reload}>
        {(entries) => (
          <Table<BackupEntry>
            size="small"
            rowKey={(e) => `${e.where}/${e.id}`}
            dataSource={entries}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: t('还没有备份。') }}
            columns={[
              { title: t('备份时间'), key: 'at', render: (_, e) => instantText(e.createdAt) },
              { title: t('类别'), key: 'kind', render: (_, e) => label(BACKUP_KIND_LABELS[e.kind]) },
              { title: t('大小'), key: 'size', render: (_, e) => sizeText(e.bytes) },
              { title: t('记录数'), key: 'counts', render: (_, e) => countsText(e.counts) },
              {
                title: t('位置'),
                key: 'where',
                render: (_, e) => (
                  <Tag title={e.file} color={e.where === 'second' ? 'blue' : undefined}>
                    {e.where === 'second' ? t('第二位置') : t('本机')}
                  </Tag>
                ),
              },
              {
                title: '',
                key: 'actions',
                render: (_, e) => (
                  <Space size={4}>
                    <Button size="small" icon={<ExperimentOutlined />} onClick={() => setDrilling(e)}>
                      {t('演练')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      icon={<HistoryOutlined />}
                      disabled={!isAdmin}
                      title={isAdmin ? undefined : t('只有管理员可以恢复。')}
                      onClick={() => setRestoring(e)}
                    >
                      {t('恢复')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      <BackupSettingsForm isAdmin={isAdmin} onSaved={status.reload} />
      {restoring && (
        <RestoreModal
          entry={restoring}
          onClose={() => setRestoring(null)}
          onRestored={() => {
            setRestoring(null);
            reloadInfo();
          }}
        />
      )}
      {drilling && <DrillModal entry={drilling} onClose={() => setDrilling(null)} />}
    </Card>
  );
}

function BackupSettingsForm({ isAdmin, onSaved }: { isAdmin: boolean; onSaved(): void }) {
  const api = useApi();
  const { info } = useAppInfo();
  const { message } = App.useApp();
  const { t } = useI18n();
  const settings = useQuery('backup.settings', {});
  const [form] = Form.useForm<Omit<BackupSettings, 'secondPlace'> & { secondPlace: string }>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ ...settings.data, secondPlace: settings.data.secondPlace ?? '' });
  }, [settings.data, form]);
  const save = async () => {
    const values = form.getFieldsValue();
    setSaving(true);
    const r = await api.invoke('backup.updateSettings', { ...values, secondPlace: values.secondPlace.trim() || null });
    setSaving(false);
    if (!r.ok) {
      message.error(r.error.message);
      return;
    }
    message.success(t('备份设置已保存'));
    onSaved();
  };
  const number = (name: keyof BackupSettings, text: string, max: number, min = 0) => (
    <Form.Item name={name} label={text}>
      <InputNumber min={min} max={max} disabled={!isAdmin} style={{ width: 90 }} aria-label={text} />
    </Form.Item>
  );
  return (
    <Form form={form} layout="vertical" className="card-note" disabled={!isAdmin}>
      <Typography.Title level={5}>{t('备份设置')}</Typography.Title>
      {!isAdmin && <Alert type="info" showIcon title={t('只有管理员可以修改备份设置和恢复。')} className="card-note" />}
      <Form.Item
        name="secondPlace"
        label={t('第二备份位置（U 盘或网络文件夹）')}
        extra={t('填写完整的文件夹路径，如 E:\\ClerkDesk备份 或 \\\\服务器\\共享\\备份。留空表示不复制。')}
      >
        <Input
          placeholder="E:\ClerkDesk备份"
          aria-label={t('第二备份位置')}
          addonAfter={
            // The desktop window has the system's folder dialog; the browser types the path.
            info.door === 'ipc' ? (
              <Button
                type="link"
                size="small"
                disabled={!isAdmin}
                onClick={async () => {
                  const r = await api.invoke('backup.chooseFolder', {});
                  if (!r.ok) message.error(r.error.message);
                  else if (r.value.path) form.setFieldValue('secondPlace', r.value.path);
                }}
              >
                {t('选择文件夹…')}
              </Button>
            ) : undefined
          }
        />
      </Form.Item>
      <Flex gap={16} wrap>
        {number('intervalHours', t('自动备份间隔（小时）'), 168, 1)}
        {number('staleAfterHours', t('超过几小时未备份显示红色'), 720, 1)}
        {number('keepDaily', t('保留每日备份'), 60)}
        {number('keepWeekly', t('保留每周备份'), 52)}
        {number('keepMonthly', t('保留每月备份'), 120)}
        {number('keepManual', t('手动/升级前/恢复前各保留'), 100, 1)}
      </Flex>
      <Button onClick={save} loading={saving} disabled={!isAdmin}>
        {t('保存备份设置')}
      </Button>
    </Form>
  );
}
