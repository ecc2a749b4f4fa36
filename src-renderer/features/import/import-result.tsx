import { FileSearchOutlined, ReconciliationOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Result } from 'antd';
import type { ImportJob, ImportResult } from '../../../src-shared/domain/imports';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { navigate, withQuery } from '../../router/hash-router';
import { FlagsTable, RejectedTable } from './import-preview';

/** Where the clerk goes next: reconciling the day against the paper ROs, or the ROs themselves. */
export const RECONCILE_PATH = '/daily/reconcile';

/** After the one transaction: what was written, and what still needs the clerk. */
export function ImportResultView({
  job,
  result,
  onStartOver,
}: {
  job: ImportJob;
  result: ImportResult;
  onStartOver: () => void;
}) {
  const { t } = useI18n();
  const n = (value: number) => value.toLocaleString('en-US');
  const today = useStoreToday();
  const parts = [
    t('新增 {n} 张修理单', { n: n(result.imported) }),
    t('更新 {n} 张', { n: n(result.updated) }),
    t('无变化 {n} 张', { n: n(result.unchanged) }),
    t('新建客户 {n} 位', { n: n(result.customersCreated) }),
    t('新建车辆 {n} 辆', { n: n(result.vehiclesCreated) }),
  ];
  if (result.duplicates > 0) parts.push(t('重复行 {n} 行', { n: n(result.duplicates) }));
  if (result.rejected.length > 0) parts.push(t('拒绝 {n} 行', { n: n(result.rejected.length) }));
  return (
    <>
      <Card size="small" className="section import-result">
        <Result
          status="success"
          title={t('“{name}”已导入', { name: job.fileName })}
          subTitle={
            <>
              <div className="import-result-summary">{parts.join('、')}</div>
              <div className="muted">{t('用时 {s} 秒', { s: (result.millis / 1000).toFixed(1) })}</div>
            </>
          }
          extra={[
            <Button
              key="reconcile"
              type="primary"
              icon={<ReconciliationOutlined />}
              onClick={() => void navigate(withQuery(RECONCILE_PATH, { date: today }))}
            >
              {t('去对单')}
            </Button>,
            <Button
              key="orders"
              icon={<FileSearchOutlined />}
              onClick={() => void navigate(withQuery('/archive/repair-orders', { from: today, to: today }))}
            >
              {t('查看今天的修理单')}
            </Button>,
            <Button key="again" icon={<UploadOutlined />} onClick={onStartOver}>
              {t('再导入一个文件')}
            </Button>,
          ]}
        />
      </Card>
      <RejectedTable jobId={job.jobId} rejected={result.rejected} />
      <FlagsTable
        flags={result.flags}
        note={t(
          '这些行已经导入，但和档案里已有的信息不一致；档案里原有的信息没有被覆盖。请核对，需要时在档案里手工修改。',
        )}
      />
    </>
  );
}
