import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { useI18n } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { useAppInfo } from './app-info';

/** Polled so the colour changes while the window stays open. */
const POLL_MS = 60_000;

/**
 * The status bar's backup piece: when the last good backup was taken (store local time, as
 * recorded), red when it is too old or the last one failed; a click opens 设置 → 备份与恢复.
 */
export function BackupStatus() {
  const { t } = useI18n();
  const { reload: reloadInfo } = useAppInfo();
  const status = useQuery('backup.status', {});
  const { reload } = status;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const s = status.data;
  // Found damaged while open (the background check): the app shows the restore page instead.
  useEffect(() => {
    if (s?.damage) reloadInfo();
  }, [s?.damage, reloadInfo]);
  if (!s) return null;
  // A shared archive on a server: backed up by the server, never "overdue" here.
  if (s.server)
    return (
      <Tooltip title={s.server} placement="bottom">
        <Button
          type="text"
          size="small"
          className="backup-status backup-status-server"
          icon={<SafetyCertificateOutlined />}
          onClick={() => void navigate('/settings?section=backup')}
          aria-label={t('备份状态')}
        >
          {t('服务器备份')}
        </Button>
      </Tooltip>
    );
  const bad =
    s.stale || s.lastError !== null || (s.secondPlace !== null && !s.secondPlace.ok && s.secondPlace.at !== null);
  const text = s.running
    ? t('正在备份……')
    : s.lastGood
      ? t('备份 {at}', { at: instantText(s.lastGood.at).slice(5) })
      : t('尚未备份');
  const tip = s.lastError
    ? s.lastError.message
    : s.stale
      ? t('超过 {h} 小时没有成功备份。点击查看。', { h: s.staleAfterHours })
      : s.secondPlace && !s.secondPlace.ok && s.secondPlace.message
        ? s.secondPlace.message
        : t('上次成功备份的时间。点击打开“备份与恢复”。');
  return (
    <Tooltip title={tip} placement="bottom">
      <Button
        type="text"
        size="small"
        className={bad ? 'backup-status backup-status-bad' : 'backup-status'}
        style={bad ? { color: '#cf1322' } : undefined}
        icon={bad ? <WarningOutlined /> : <SafetyCertificateOutlined />}
        onClick={() => void navigate('/settings?section=backup')}
        aria-label={t('备份状态')}
      >
        {text}
      </Button>
    </Tooltip>
  );
}
