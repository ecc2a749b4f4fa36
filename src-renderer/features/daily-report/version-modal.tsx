import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { ExportButtons } from './export-buttons';
import { PrintPreviewModal } from './print-preview';
import { Findings, ReportFigures } from './report-figures';

/** One signed version exactly as signed (dailyReport.version): read only, never rebuilt. */
export function VersionModal({ date, version, onClose }: { date: string; version: number; onClose(): void }) {
  const { t } = useI18n();
  const { data, error, reload } = useQuery('dailyReport.version', { date, version });
  const [previewing, setPreviewing] = useState(false);
  return (
    <Modal
      open
      title={t('{date} 日报 第 {n} 版（签字版，只读）', { date, n: version })}
      onCancel={onClose}
      width={1180}
      className="version-modal"
      destroyOnHidden
      footer={
        <Button key="close" onClick={onClose}>
          {t('关闭')}
        </Button>
      }
    >
      <Loaded data={data} error={error} reload={reload}>
        {(snapshot) => (
          <div className="report-readonly">
            <Alert
              type="success"
              showIcon
              icon={<LockOutlined />}
              className="section"
              title={t('已签字：{by} {at}，已冻结', {
                by: snapshot.signature.by,
                at: instantText(snapshot.signature.at),
              })}
              description={
                <>
                  {t('核对：{by} {at}', { by: snapshot.confirmedBy, at: instantText(snapshot.confirmedAt) })}
                  {snapshot.reason && <div>{t('更正原因：{reason}', { reason: snapshot.reason })}</div>}
                </>
              }
              action={<ExportButtons date={date} version={version} onPreview={() => setPreviewing(true)} />}
            />
            <ReportFigures figures={snapshot.figures} />
            <Card size="small" title={t('签字时的核对结果')} className="section">
              <Findings checks={snapshot.checks} readOnly />
            </Card>
            <Typography.Text type="secondary" className="small">
              {t('报表指纹：{fp}', { fp: snapshot.fingerprint.slice(0, 16) })}
            </Typography.Text>
          </div>
        )}
      </Loaded>
      {previewing && <PrintPreviewModal date={date} version={version} onClose={() => setPreviewing(false)} />}
    </Modal>
  );
}
