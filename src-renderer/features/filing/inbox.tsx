import { DeleteOutlined, EyeOutlined, LinkOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Input, Modal, Radio, Space, Table, Typography } from 'antd';
import { type HTMLAttributes, useEffect, useState } from 'react';
import {
  type FilingTarget,
  type FolderCheck,
  type InboxScan,
  SCAN_MIME_LABELS,
} from '../../../src-shared/domain/filing';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { LoadError } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { placeText } from './papers.card';
import { ScanDrop } from './scan-drop';
import { ScanPreviewModal } from './scan-preview';

type Acting = { scan: InboxScan; step: 'preview' | 'attach' | 'discard' } | null;

/**
 * 待处理扫描件: scans from the watched scanner folder (or dropped in without a paper) that were not
 * attached by their file name; each previewed, attached to a paper (附到…) or taken away (去掉)
 * with a reason. 立即检查扫描文件夹 takes in the folder's new files now.
 */
/** onPaperChanged: a scan went onto a paper (straight by its name, or by 附到…), for lists showing it. */
export function InboxCard({ onPaperChanged }: { onPaperChanged?(paperId: number): void } = {}) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const { data, error, reload, loading } = useQuery('scans.inbox', {});
  const [acting, setActing] = useState<Acting>(null);
  const [checking, setChecking] = useState(false);
  const [check, setCheck] = useState<FolderCheck | null>(null);
  const [checkError, setCheckError] = useState<AppErrorShape | null>(null);
  const rows = data ?? [];

  const checkFolder = async () => {
    setChecking(true);
    setCheckError(null);
    const result = await api.invoke('scans.checkFolder', {});
    setChecking(false);
    if (result.ok) setCheck(result.value);
    else setCheckError(result.error);
  };

  return (
    <Card
      size="small"
      className="section inbox-card"
      title={data ? t('待处理扫描件（{n}）', { n: rows.length }) : t('待处理扫描件')}
      extra={
        <Space size={8} wrap>
          <ScanDrop
            paperId={null}
            buttonLabel={t('上传到待处理')}
            className="inbox-drop"
            onUploaded={(scan) => {
              // Named after an RO (or a VIN) whose paper is filed: it went straight to that paper.
              if (scan.paperId !== null) {
                message.success(t('{name} 已附到已归档的资料上', { name: scan.originalName }));
                onPaperChanged?.(scan.paperId);
              }
              reload();
            }}
          />
          <Button size="small" icon={<SyncOutlined />} loading={checking} onClick={() => void checkFolder()}>
            {t('立即检查扫描文件夹')}
          </Button>
        </Space>
      }
    >
      {checkError && <Alert type="error" showIcon title={checkError.message} className="folder-check" />}
      {check && (
        <Alert
          type={check.refused.length > 0 ? 'warning' : check.folder ? 'success' : 'info'}
          showIcon
          closable
          onClose={() => setCheck(null)}
          className="folder-check"
          title={
            check.folder
              ? t('扫描文件夹 {folder}：取进 {picked} 份，认出 {matched} 份，未取 {refused} 份', {
                  folder: check.folder,
                  picked: check.picked,
                  matched: check.matched,
                  refused: check.refused.length,
                })
              : t('还没有设置扫描文件夹（归档设置）')
          }
          description={
            check.refused.length > 0 ? (
              <ul className="folder-refused">
                {check.refused.map((r) => (
                  <li key={r.name}>
                    <span className="mono">{r.name}</span>：{r.reason}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <Table<InboxScan>
          rowKey="id"
          size="small"
          loading={loading && !data}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
          className="inbox-table"
          locale={{ emptyText: t('没有待处理的扫描件') }}
          onRow={(s) => ({ 'data-scan': s.scan.id, 'data-name': s.scan.originalName }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('文件'),
              key: 'name',
              render: (_: unknown, s) => (
                <div className="inbox-cell">
                  <span className="mono">{s.scan.originalName || s.scan.sha256.slice(0, 12)}</span>
                  <span className="muted small">
                    {SCAN_MIME_LABELS[s.scan.mime]} · {Math.max(1, Math.round(s.scan.bytes / 1024))} KB
                  </span>
                </div>
              ),
            },
            {
              title: t('来源'),
              key: 'source',
              width: 150,
              render: (_: unknown, s) => (
                <div className="inbox-cell">
                  <span>{s.source === 'watch' ? t('扫描文件夹') : t('上传')}</span>
                  <span className="muted small">{instantText(s.scan.addedAt)}</span>
                </div>
              ),
            },
            {
              title: t('认出的修理单 / 车辆'),
              key: 'matched',
              width: 200,
              render: (_: unknown, s) =>
                s.matchedRo ? (
                  <span className="mono">{s.matchedRo.roNumber}</span>
                ) : s.matchedVehicle ? (
                  <span>{s.matchedVehicle.plate ?? s.matchedVehicle.vin}</span>
                ) : (
                  <span className="muted">{t('未认出')}</span>
                ),
            },
            {
              title: t('操作'),
              key: 'actions',
              width: 230,
              render: (_: unknown, s) => (
                <Space size={4}>
                  <Button size="small" icon={<EyeOutlined />} onClick={() => setActing({ scan: s, step: 'preview' })}>
                    {t('预览')}
                  </Button>
                  <Button
                    size="small"
                    type="primary"
                    icon={<LinkOutlined />}
                    className="inbox-attach"
                    onClick={() => setActing({ scan: s, step: 'attach' })}
                  >
                    {t('附到…')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => setActing({ scan: s, step: 'discard' })}
                  >
                    {t('去掉')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      {acting?.step === 'preview' && (
        <ScanPreviewModal
          scanId={acting.scan.scan.id}
          title={acting.scan.scan.originalName || t('扫描件预览')}
          onClose={() => setActing(null)}
        />
      )}
      {acting?.step === 'attach' && (
        <AttachModal scan={acting.scan} onAttached={onPaperChanged} onClose={() => setActing(null)} />
      )}
      {acting?.step === 'discard' && <DiscardModal scan={acting.scan} onClose={() => setActing(null)} />}
    </Card>
  );
}

/** The papers of a looked-up RO or vehicle a scan can be attached to (the filed ones). */
function filedPapers(target: FilingTarget | null) {
  return (target?.kinds ?? []).flatMap((k) => (k.filed ? [k.filed] : []));
}

/** 附到…: the matched RO's (or vehicle's) papers, or another number typed; one chosen. */
function AttachModal({
  scan,
  onAttached,
  onClose,
}: {
  scan: InboxScan;
  onAttached?(paperId: number): void;
  onClose(): void;
}) {
  const { t, label } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const first = scan.matchedRo?.roNumber ?? scan.matchedVehicle?.vin ?? scan.matchedVehicle?.plate ?? '';
  const [text, setText] = useState(first);
  const [target, setTarget] = useState<FilingTarget | null>(null);
  const [paperId, setPaperId] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);

  const lookup = async (value: string) => {
    const trimmed = value.trim();
    if (!trimmed) return;
    setError(null);
    setBusy(true);
    const result = await api.invoke('filing.lookup', { text: trimmed });
    setBusy(false);
    if (!result.ok) {
      setTarget(null);
      setError(result.error);
      return;
    }
    setTarget(result.value);
    // The one paper there is, or the one whose kind the file name says (RO2611280043-问诊表.png).
    const papers = filedPapers(result.value);
    const named = papers.filter((p) => scan.scan.originalName.includes(p.kindLabel));
    const only = papers.length === 1 ? papers : named.length === 1 ? named : [];
    setPaperId(only[0]?.id ?? null);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: looks the matched number up once, on opening
  useEffect(() => {
    if (first) void lookup(first);
  }, []);

  const attach = async () => {
    if (paperId === null) return;
    setBusy(true);
    setError(null);
    const result = await api.invoke('scans.attach', { scanId: scan.scan.id, paperId });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    message.success(
      t('扫描件已附到 {what}', {
        what: `${label(result.value.kindLabel)} ${result.value.roNumber ?? result.value.plate ?? ''}`,
      }),
    );
    onAttached?.(result.value.id);
    onClose();
  };

  const papers = filedPapers(target);
  return (
    <Modal
      open
      title={t('把扫描件附到资料上：{name}', { name: scan.scan.originalName || '—' })}
      okText={t('附上')}
      cancelText={t('返回')}
      okButtonProps={{ disabled: paperId === null, className: 'attach-ok' }}
      confirmLoading={busy}
      onOk={() => void attach()}
      onCancel={onClose}
      destroyOnHidden
      width={620}
      className="attach-modal"
    >
      <Input.Search
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => void lookup(v)}
        placeholder={t('修理单号、车架号或车牌')}
        enterButton={t('查找')}
        className="attach-lookup"
        autoFocus
      />
      {error && <Alert type="error" showIcon title={error.message} className="attach-error" />}
      {target && (
        <Typography.Paragraph className="muted attach-target">
          {[target.ro?.roNumber, target.vehicle?.plate, target.vehicle?.model, target.customer?.name]
            .filter(Boolean)
            .join(' · ')}
        </Typography.Paragraph>
      )}
      {target &&
        (papers.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={t('这里还没有归档的资料：请先在归档台归档，再附扫描件')}
          />
        ) : (
          <Radio.Group value={paperId} onChange={(e) => setPaperId(e.target.value as number)} className="attach-papers">
            <Flex vertical gap={6}>
              {papers.map((p) => (
                <Radio key={p.id} value={p.id} data-paper={p.id}>
                  <span>{label(p.kindLabel)}</span>{' '}
                  <Typography.Text type="secondary">{placeText(t, p)}</Typography.Text>
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        ))}
    </Modal>
  );
}

/** 去掉: the scan leaves the inbox (kept in the audit trail), with a reason. */
function DiscardModal({ scan, onClose }: { scan: InboxScan; onClose(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const discard = async () => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('scans.discard', { scanId: scan.scan.id, reason });
    setBusy(false);
    if (result.ok) onClose();
    else setError(result.error);
  };
  return (
    <Modal
      open
      title={t('去掉扫描件：{name}', { name: scan.scan.originalName || '—' })}
      okText={t('去掉')}
      okButtonProps={{ danger: true }}
      cancelText={t('返回')}
      confirmLoading={busy}
      onOk={() => void discard()}
      onCancel={onClose}
      destroyOnHidden
      className="discard-modal"
    >
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('原因（如：扫错了、重复）')}
        autoSize={{ minRows: 2, maxRows: 4 }}
        maxLength={200}
        autoFocus
      />
      {error && <Alert type="error" showIcon title={error.message} className="discard-error" />}
    </Modal>
  );
}
