import { HistoryOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { BACKUP_KIND_LABELS, type BackupEntry } from '../../../src-shared/contract/backup.contract';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { RestoreModal, sizeText, useCountsText } from '../settings/backup-restore';

/**
 * 档案库损坏: the archive was not opened (damaged, missing, or another program's file). A plain
 * message, the backups found next to it, and the restore; nothing else, so nothing is written
 * into a damaged file. No login: the users are in the archive that cannot be read.
 */
export function DamagedArchivePage({ error, onRestored }: { error: AppErrorShape; onRestored(): void }) {
  const { t, label } = useI18n();
  const countsText = useCountsText();
  const list = useQuery('backup.list', {});
  const [restoring, setRestoring] = useState<BackupEntry | null>(null);
  return (
    <div className="page" style={{ maxWidth: 960, margin: '0 auto' }}>
      <Result
        status="error"
        title={t('档案库损坏')}
        subTitle={error.message}
        extra={
          <Typography.Paragraph type="secondary">
            {t('请选择一个备份来恢复，通常是最近的一个。恢复前，现在的文件会原样保留在档案库旁边。')}
          </Typography.Paragraph>
        }
      />
      <Card size="small" title={t('找到的备份')}>
        <Loaded data={list.data} error={list.error} reload={list.reload}>
          {(entries) =>
            entries.length === 0 ? (
              <Alert
                type="warning"
                showIcon
                title={t(
                  '档案库旁边的 backups 文件夹里没有找到备份。请联系管理员：用命令行 restore 从 U 盘等位置的备份恢复。',
                )}
              />
            ) : (
              <Table<BackupEntry>
                size="small"
                rowKey={(e) => `${e.where}/${e.id}`}
                dataSource={entries}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  {
                    title: t('备份时间'),
                    key: 'at',
                    render: (_, e, i) => (
                      <>
                        {instantText(e.createdAt)} {i === 0 && <Tag color="green">{t('最近')}</Tag>}
                      </>
                    ),
                  },
                  { title: t('类别'), key: 'kind', render: (_, e) => label(BACKUP_KIND_LABELS[e.kind]) },
                  { title: t('记录数'), key: 'counts', render: (_, e) => countsText(e.counts) },
                  { title: t('大小'), key: 'size', render: (_, e) => sizeText(e.bytes) },
                  {
                    title: t('位置'),
                    key: 'where',
                    render: (_, e) => (e.where === 'second' ? t('第二位置') : t('本机')),
                  },
                  {
                    title: '',
                    key: 'restore',
                    render: (_, e, i) => (
                      <Button
                        size="small"
                        type={i === 0 ? 'primary' : 'default'}
                        icon={<HistoryOutlined />}
                        onClick={() => setRestoring(e)}
                      >
                        {t('恢复这个备份')}
                      </Button>
                    ),
                  },
                ]}
              />
            )
          }
        </Loaded>
      </Card>
      {restoring && (
        <RestoreModal
          entry={restoring}
          onClose={() => setRestoring(null)}
          onRestored={() => {
            setRestoring(null);
            onRestored();
          }}
        />
      )}
    </div>
  );
}
