import { Alert, App, Descriptions, Input, Modal, Spin, Typography } from 'antd';
import { useState } from 'react';
import { type ArchiveCounts, BACKUP_KIND_LABELS, type BackupEntry } from '../../../src-shared/contract/backup.contract';
import { useApi, useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { useI18n } from '../../i18n/i18n';

export function sizeText(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function useCountsText(): (c: ArchiveCounts | null) => string {
  const { t } = useI18n();
  return (c) =>
    c
      ? t('客户 {c}，车辆 {v}，修理单 {r}', {
          c: c.customers.toLocaleString('en-US'),
          v: c.vehicles.toLocaleString('en-US'),
          r: c.repairOrders.toLocaleString('en-US'),
        })
      : '—';
}

/**
 * 恢复: shows what the backup holds (checked now), what the archive holds, and restores only after
 * 恢复 is typed. The main side keeps the current state first (a verified backup, or the damaged file
 * moved aside) and reopens the archive.
 */
export function RestoreModal({
  entry,
  onClose,
  onRestored,
}: {
  entry: BackupEntry;
  onClose(): void;
  onRestored(): void;
}) {
  const api = useApi();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const countsText = useCountsText();
  const previewQuery = useQuery('backup.restorePreview', { id: entry.id, where: entry.where });
  const preview = previewQuery.data ?? null;
  const [restoreProblem, setProblem] = useState<string | null>(null);
  const problem = restoreProblem ?? previewQuery.error?.message ?? null;
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const restore = async () => {
    setBusy(true);
    const r = await api.invoke('backup.restore', { id: entry.id, where: entry.where, confirm: '恢复' });
    setBusy(false);
    if (!r.ok) {
      setProblem(r.error.message);
      return;
    }
    message.success(
      t('已从 {date} 的备份恢复档案库（{counts}）。恢复前的状态保存在 {file}。', {
        date: instantText(entry.createdAt),
        counts: countsText(r.value.counts),
        file: r.value.safetyCopy || '—',
      }),
      8,
    );
    api.invalidate();
    onRestored();
  };
  return (
    <Modal
      open
      title={t('从备份恢复档案库')}
      okText={t('恢复')}
      cancelText={t('取消')}
      okButtonProps={{ danger: true, disabled: !preview?.ok || typed.trim() !== '恢复', loading: busy }}
      cancelButtonProps={{ disabled: busy }}
      onOk={restore}
      onCancel={busy ? undefined : onClose}
      maskClosable={false}
      destroyOnHidden
      width={600}
    >
      {!preview && !problem && <Spin />}
      {problem && <Alert type="error" showIcon title={problem} className="card-note" />}
      {preview && (
        <>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'date', label: t('备份时间'), children: instantText(entry.createdAt) },
              { key: 'kind', label: t('类别'), children: label(BACKUP_KIND_LABELS[entry.kind]) },
              { key: 'where', label: t('位置'), children: <span className="path-text">{entry.file}</span> },
              { key: 'counts', label: t('备份中'), children: countsText(preview.counts) },
              { key: 'current', label: t('现在的档案库'), children: countsText(preview.current) },
              {
                key: 'schema',
                label: t('数据结构版本'),
                children: <span className="mono">{preview.schemaVersion}</span>,
              },
              {
                key: 'check',
                label: t('完整性检查'),
                children: preview.integrity === 'ok' ? t('通过') : preview.integrity,
              },
            ]}
          />
          {preview.problem ? (
            <Alert type="error" showIcon title={preview.problem} className="card-note" />
          ) : (
            <>
              <Alert
                type="warning"
                showIcon
                className="card-note"
                title={t(
                  '恢复后，档案库回到备份时的样子，之后的修改都不在了。恢复前会先把现在的档案库另存为“恢复前备份”，需要时可以再恢复回来。',
                )}
              />
              <Typography.Paragraph>{t('确认请输入“恢复”两个字：')}</Typography.Paragraph>
              <Input
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                aria-label={t('确认恢复')}
                placeholder="恢复"
                disabled={busy}
              />
            </>
          )}
        </>
      )}
    </Modal>
  );
}

/** 恢复演练: restores into a temporary place, opens and compares; the archive is not touched. */
export function DrillModal({ entry, onClose }: { entry: BackupEntry; onClose(): void }) {
  const { t } = useI18n();
  const countsText = useCountsText();
  const drill = useQuery('backup.drill', { id: entry.id, where: entry.where });
  const report = drill.data ?? null;
  const problem = drill.error?.message ?? null;
  return (
    <Modal open title={t('恢复演练')} footer={null} onCancel={onClose} destroyOnHidden width={600}>
      {!report && !problem && (
        <div>
          <Spin /> {t('正在把备份恢复到临时位置并检查……')}
        </div>
      )}
      {problem && <Alert type="error" showIcon title={problem} />}
      {report && (
        <>
          <Alert
            type={report.ok ? 'success' : 'error'}
            showIcon
            className="card-note"
            title={
              report.ok
                ? t('演练通过：这个备份可以恢复，内容与备份时记录的一致。')
                : t('演练发现问题：{p}', { p: report.problems.join(' ') })
            }
          />
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'date', label: t('备份时间'), children: instantText(entry.createdAt) },
              {
                key: 'check',
                label: t('完整性检查'),
                children: report.integrity === 'ok' ? t('通过') : report.integrity,
              },
              {
                key: 'sum',
                label: t('校验值'),
                children:
                  report.checksumMatches === null ? t('未记录') : report.checksumMatches ? t('一致') : t('不一致'),
              },
              { key: 'opens', label: t('本版本能打开'), children: report.opens ? t('是') : t('否') },
              { key: 'counts', label: t('恢复出的记录'), children: countsText(report.counts) },
              { key: 'recorded', label: t('备份时记录'), children: countsText(report.recorded) },
              { key: 'time', label: t('用时'), children: t('{s} 秒', { s: (report.millis / 1000).toFixed(1) }) },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
