import { FolderOpenOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Progress, Select, Spin, Steps, Typography, Upload } from 'antd';
import { useState } from 'react';
import { MAX_IMPORT_BASE64 } from '../../../src-shared/contract/imports.contract';
import type { ColumnMapping, ImportJob } from '../../../src-shared/domain/imports';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { areaForPath } from '../shell/areas';
import { readFileAsBase64 } from './file-bytes';
import { ImportHistory } from './import-history';
import {
  type FollowedJob,
  fileOfJob,
  forgetFile,
  type HeldFile,
  holdFile,
  isRunning,
  useImportJob,
} from './import-job';
import { PHASE_LABELS } from './import-labels';
import { ImportPreviewView } from './import-preview';
import { ImportResultView } from './import-result';
import './import.css';

export const IMPORT_PATH = '/daily/import';

/** Base64 is 4/3 of the bytes: the largest file the contract takes. */
const MAX_FILE_BYTES = Math.floor((MAX_IMPORT_BASE64 / 4) * 3);

/**
 * 导入修理单: the day's DMS export (CSV in any Chinese encoding, or XLSX) is read and checked by
 * main without writing anything; the clerk sees what would change and what is refused, fixes the
 * column mapping if needed, then confirms. Every step survives leaving the page.
 */
export function ImportPage() {
  const { t } = useI18n();
  const api = useApi();
  const followed = useImportJob();
  const { job } = followed;
  const [reading, setReading] = useState<{ fileName: string; fraction: number } | null>(null);
  const [startError, setStartError] = useState<AppErrorShape | null>(null);
  const [presetName, setPresetName] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const area = areaForPath(IMPORT_PATH);
  const stepItems = useStepItems();

  const start = async (held: HeldFile, mapping?: ColumnMapping): Promise<void> => {
    setBusy(true);
    setStartError(null);
    const previous = followed.job;
    const result = await api.invoke('imports.start', {
      fileName: held.fileName,
      contentBase64: held.contentBase64,
      ...(presetName ? { presetName } : {}),
      ...(mapping ? { mapping: mapping as Required<ColumnMapping> } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setStartError(result.error);
      return;
    }
    held.jobIds.add(result.value.jobId);
    followed.follow(result.value);
    // The earlier check of the same file is of no use any more: let main drop it.
    if (previous && previous.jobId !== result.value.jobId && (isRunning(previous) || previous.phase === 'ready'))
      void api.invoke('imports.cancel', { jobId: previous.jobId });
  };

  const chooseFile = async (file: File): Promise<void> => {
    setStartError(null);
    if (file.size > MAX_FILE_BYTES) {
      setStartError({ code: 'VALIDATION', message: t('文件太大（最大 64 MB），请按日期分开导出') });
      return;
    }
    setReading({ fileName: file.name, fraction: 0 });
    let content: string;
    try {
      content = await readFileAsBase64(file, (fraction) => setReading({ fileName: file.name, fraction }));
    } catch {
      setReading(null);
      setStartError({
        code: 'VALIDATION',
        message: t('读不了文件“{name}”。请确认文件没有被其他程序占用，然后重新选择。', { name: file.name }),
      });
      return;
    }
    setReading(null);
    if (followed.job && !isRunning(followed.job) && followed.job.phase !== 'ready') followed.clear();
    await start(holdFile(file.name, content));
  };

  const startOver = (): void => {
    const current = followed.job;
    if (current && (isRunning(current) || current.phase === 'ready'))
      void api.invoke('imports.cancel', { jobId: current.jobId });
    forgetFile();
    followed.clear();
    setStartError(null);
  };

  const remap = async (mapping: Required<ColumnMapping>): Promise<void> => {
    const held = fileOfJob(followed.jobId);
    if (held) await start(held, mapping);
  };

  const commit = async (jobId: string): Promise<void> => {
    setBusy(true);
    setStartError(null);
    const result = await api.invoke('imports.commit', { jobId });
    setBusy(false);
    if (result.ok) followed.follow(result.value);
    else setStartError(result.error);
  };

  const cancel = async (jobId: string): Promise<void> => {
    const result = await api.invoke('imports.cancel', { jobId });
    if (result.ok) followed.follow(result.value);
    else setStartError(result.error);
  };

  return (
    <div className="page import-page">
      <PageHeader
        crumbs={area ? [{ label: t(area.label), to: area.path }, { label: t('导入修理单') }] : undefined}
        title={t('导入修理单')}
        subtitle={t('DMS 导出的 CSV 或 Excel 文件')}
      />
      <Card size="small" className="section">
        <Steps size="small" current={stepOf(job, reading !== null)} items={stepItems} className="import-steps" />
      </Card>
      <CurrentStep
        followed={followed}
        reading={reading}
        startError={startError}
        busy={busy}
        presetName={presetName}
        setPresetName={setPresetName}
        onFile={(file) => void chooseFile(file)}
        onRemap={(m) => void remap(m)}
        onCommit={(id) => void commit(id)}
        onCancel={(id) => void cancel(id)}
        onStartOver={startOver}
      />
      <ImportHistory />
    </div>
  );
}

function useStepItems() {
  const { t } = useI18n();
  return [{ title: t('选择文件') }, { title: t('读取和检查') }, { title: t('核对后确认导入') }, { title: t('完成') }];
}

function stepOf(job: ImportJob | null, reading: boolean): number {
  if (reading || job === null) return reading ? 1 : 0;
  switch (job.phase) {
    case 'reading':
    case 'checking':
      return 1;
    case 'ready':
    case 'committing':
      return 2;
    case 'done':
      return 4;
    default:
      return 0;
  }
}

function CurrentStep({
  followed,
  reading,
  startError,
  busy,
  presetName,
  setPresetName,
  onFile,
  onRemap,
  onCommit,
  onCancel,
  onStartOver,
}: {
  followed: FollowedJob;
  reading: { fileName: string; fraction: number } | null;
  startError: AppErrorShape | null;
  busy: boolean;
  presetName: string | undefined;
  setPresetName: (name: string | undefined) => void;
  onFile: (file: File) => void;
  onRemap: (mapping: Required<ColumnMapping>) => void;
  onCommit: (jobId: string) => void;
  onCancel: (jobId: string) => void;
  onStartOver: () => void;
}) {
  const { t } = useI18n();
  const { job, jobId } = followed;

  if (reading) return <ReadingCard fileName={reading.fileName} fraction={reading.fraction} />;
  if (jobId !== null && job === null)
    return (
      <Card size="small" className="section">
        <Flex gap={12} align="center">
          <Spin />
          <span className="muted">{t('正在找回上次的导入任务……')}</span>
        </Flex>
      </Card>
    );
  if (job && isRunning(job)) return <JobProgress job={job} onCancel={() => onCancel(job.jobId)} />;
  if (job?.phase === 'ready' && job.preview)
    return (
      <>
        <StartError error={startError} />
        <ImportPreviewView
          job={job}
          preview={job.preview}
          canRemap={fileOfJob(job.jobId) !== null}
          busy={busy}
          onRemap={onRemap}
          onCommit={() => onCommit(job.jobId)}
          onStartOver={onStartOver}
        />
      </>
    );
  if (job?.phase === 'done' && job.result)
    return <ImportResultView job={job} result={job.result} onStartOver={onStartOver} />;

  return (
    <>
      {job?.phase === 'cancelled' && (
        <Alert
          type="info"
          showIcon
          className="section"
          title={t('已取消导入“{name}”，档案没有改动。', { name: job.fileName })}
        />
      )}
      {job?.phase === 'failed' && (
        <Alert
          type="error"
          showIcon
          className="section"
          title={t('“{name}”没有导入', { name: job.fileName })}
          description={job.error ?? undefined}
        />
      )}
      {followed.error && !job && (
        <Alert
          type="warning"
          showIcon
          className="section"
          title={t('上次的导入任务已经不在了（可能 ClerkDesk 重新启动过），档案没有改动。请重新选择文件。')}
        />
      )}
      <FilePicker
        error={startError}
        busy={busy}
        presetName={presetName}
        setPresetName={setPresetName}
        onFile={onFile}
      />
    </>
  );
}

/** The file's own problem without the field label (“文件内容：”), which tells the clerk nothing here. */
function fileProblem(error: AppErrorShape): string {
  const fields = error.details?.fields ?? [];
  const only = fields.length === 1 ? fields[0] : undefined;
  return only && only.path === 'contentBase64' ? only.message : error.message;
}

function StartError({ error }: { error: AppErrorShape | null }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      className="section import-error"
      title={t('不能导入这个文件')}
      description={fileProblem(error)}
    />
  );
}

function FilePicker({
  error,
  busy,
  presetName,
  setPresetName,
  onFile,
}: {
  error: AppErrorShape | null;
  busy: boolean;
  presetName: string | undefined;
  setPresetName: (name: string | undefined) => void;
  onFile: (file: File) => void;
}) {
  const { t } = useI18n();
  const presets = useQuery('imports.presets', {});
  return (
    <Card size="small" title={t('选择文件')} className="section">
      <StartError error={error} />
      <Upload.Dragger
        accept=".csv,.xlsx,.xls"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          onFile(file);
          return Upload.LIST_IGNORE;
        }}
        className="import-drop"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('把 DMS 导出的修理单文件拖到这里')}</p>
        <p className="ant-upload-hint">
          {t('CSV（UTF-8、GBK、GB18030 都可以）或 Excel .xlsx；旧的 .xls 请先在 Excel 里另存为 .xlsx')}
        </p>
        <Button icon={<FolderOpenOutlined />} loading={busy}>
          {t('选择文件')}
        </Button>
      </Upload.Dragger>
      <Flex gap={8} align="center" wrap className="import-preset-row">
        <span className="muted">{t('列对应方案')}</span>
        <Select<string | undefined>
          allowClear
          value={presetName}
          onChange={(v) => setPresetName(v)}
          placeholder={t('自动识别表头')}
          options={(presets.data ?? []).map((p) => ({ value: p.name, label: p.name }))}
          notFoundContent={t('还没有保存的方案')}
          style={{ width: 240 }}
          aria-label={t('列对应方案')}
        />
        <Typography.Text type="secondary">{t('导入前只读取和检查，不会改动档案；确认后才写入。')}</Typography.Text>
      </Flex>
    </Card>
  );
}

function ReadingCard({ fileName, fraction }: { fileName: string; fraction: number }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={fileName} className="section import-progress">
      <Progress percent={Math.floor(fraction * 100)} status="active" />
      <div className="muted">{t('正在读入文件……')}</div>
    </Card>
  );
}

function JobProgress({ job, onCancel }: { job: ImportJob; onCancel: () => void }) {
  const { t } = useI18n();
  const percent = job.total > 0 ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0;
  return (
    <Card
      size="small"
      title={job.fileName}
      className="section import-progress"
      extra={
        <Button onClick={onCancel} danger={job.phase === 'committing'}>
          {t('取消')}
        </Button>
      }
    >
      <Flex gap={16} align="center">
        <strong className="import-phase">{job.waitingFor ? t('等待中') : t(PHASE_LABELS[job.phase])}</strong>
        <Progress percent={percent} status="active" className="grow" />
        <span className="money muted import-count">
          {job.total > 0
            ? t('{done} / {total} 行', {
                done: job.done.toLocaleString('en-US'),
                total: job.total.toLocaleString('en-US'),
              })
            : t('{done} 行', { done: job.done.toLocaleString('en-US') })}
        </span>
      </Flex>
      {job.waitingFor && (
        <Alert
          type="info"
          showIcon
          className="import-waiting"
          role="status"
          title={t('正在等待另一台电脑的导入完成…（已等待 {time}）', {
            time:
              job.waitingFor.seconds < 60
                ? t('{s} 秒', { s: String(job.waitingFor.seconds) })
                : t('{m} 分 {s} 秒', {
                    m: String(Math.floor(job.waitingFor.seconds / 60)),
                    s: String(job.waitingFor.seconds % 60),
                  }),
          })}
        />
      )}
      <div className="muted card-note">
        {job.waitingFor
          ? t('另一台电脑的导入写完后，这里会自动开始写入；在此之前档案不会被改动。')
          : job.phase === 'committing'
            ? t('正在一次写入全部合格的行；现在取消，已写入的会全部撤回。')
            : t('检查期间可以离开这个页面做别的事，回来后会接着显示。')}
      </div>
    </Card>
  );
}
