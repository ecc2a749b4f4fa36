import { CheckOutlined, DownloadOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Input,
  Modal,
  Row,
  Select,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import {
  type ColumnMapping,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  type ImportCounts,
  type ImportField,
  type ImportFlag,
  type ImportJob,
  type ImportPreview,
  type ImportProblem,
} from '../../../src-shared/domain/imports';
import { useApi } from '../../api/client';
import { instantText } from '../../components/format';
import { type I18n, useI18n } from '../../i18n/i18n';
import { downloadBase64 } from './file-bytes';
import { ENCODING_LABELS, FLAG_KIND_LABELS } from './import-labels';

/** What the check found, before anything is written: counts, refused lines, lines to look at, the mapping. */
export function ImportPreviewView({
  job,
  preview,
  canRemap,
  busy,
  onRemap,
  onCommit,
  onStartOver,
}: {
  job: ImportJob;
  preview: ImportPreview;
  /** The file's content is still in memory, so another mapping can be checked. */
  canRemap: boolean;
  busy: boolean;
  onRemap: (mapping: Required<ColumnMapping>) => void;
  onCommit: () => void;
  onStartOver: () => void;
}) {
  const { t, label } = useI18n();
  const { modal } = App.useApp();
  const c = preview.counts;
  const blocked = preview.missingRequired.length > 0;

  const confirmCommit = () =>
    modal.confirm({
      title: t('确认导入“{name}”？', { name: preview.fileName }),
      width: 480,
      content: <CommitSummary counts={c} flags={preview.flags.length} />,
      okText: t('确认导入'),
      cancelText: t('取消'),
      onOk: onCommit,
    });

  return (
    <>
      <Card
        size="small"
        className="section import-preview"
        title={
          <span>
            {preview.fileName} <Tag className="import-encoding">{encodingText(preview, label)}</Tag>
          </span>
        }
      >
        {preview.alreadyImported && (
          <Alert
            type="warning"
            showIcon
            className="card-note"
            title={t('这个文件在 {at} 由 {by} 导入过', {
              at: instantText(preview.alreadyImported.at),
              by: preview.alreadyImported.by,
            })}
            description={t('再导入一次不会重复建单：相同的修理单只会更新有变化的地方。')}
          />
        )}
        <Flex gap={28} wrap className="import-facts">
          <span>
            <span className="muted">{t('编码')}</span> {encodingText(preview, label)}
          </span>
          <span>
            <span className="muted">{t('表头')}</span>{' '}
            {t('第 {n} 行，{count} 列', { n: preview.headerLine, count: preview.headers.length })}
            {preview.headerLine > 1 && (
              <span className="muted">{t('（上面 {n} 行标题已跳过）', { n: preview.headerLine - 1 })}</span>
            )}
          </span>
          <span>
            <span className="muted">{t('数据行')}</span> {c.rows.toLocaleString('en-US')}
            {c.rows > 0 && <span className="muted">{t('（不含空行和合计行）')}</span>}
          </span>
        </Flex>
        <CountsRow counts={c} />
        {blocked && (
          <Alert
            type="error"
            showIcon
            className="card-note"
            title={t('文件里找不到这些必需的列，请在下面的“列对应”里指定后再导入：')}
            description={missingText(preview.missingRequired, t, label)}
          />
        )}
        <Flex gap={8} align="center" wrap className="import-actions">
          <Tooltip title={blocked ? t('还有必需的列没有指定') : undefined}>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              onClick={confirmCommit}
              disabled={blocked || busy}
              loading={busy}
            >
              {t('确认导入')}
            </Button>
          </Tooltip>
          <Button icon={<ReloadOutlined />} onClick={onStartOver} disabled={busy}>
            {t('重新选择文件')}
          </Button>
          <Typography.Text type="secondary">{t('确认后一次写入全部合格的行；被拒绝的行不会导入。')}</Typography.Text>
        </Flex>
      </Card>
      <RejectedTable jobId={job.jobId} rejected={preview.rejected} />
      <FlagsTable
        flags={preview.flags}
        note={t(
          '这些行可以导入，但和档案里已有的信息不一致。档案里原有的信息不会被覆盖，请导入后核对，需要时在档案里手工修改。',
        )}
      />
      <MappingCard job={job} preview={preview} canRemap={canRemap} busy={busy} onRemap={onRemap} />
    </>
  );
}

/** The missing required fields; plate and VIN are one requirement (either identifies the vehicle). */
function missingText(fields: ImportField[], t: I18n['t'], label: I18n['label']): string {
  const either = fields.includes('plate') && fields.includes('vin');
  const names = fields
    .filter((f) => !either || (f !== 'plate' && f !== 'vin'))
    .map((f) => label(IMPORT_FIELD_LABELS[f]));
  if (either)
    names.push(t('{a}或{b}（至少一个）', { a: label(IMPORT_FIELD_LABELS.plate), b: label(IMPORT_FIELD_LABELS.vin) }));
  return names.join('、');
}

function encodingText(
  preview: { encoding: ImportPreview['encoding']; sheet?: string | null },
  label: (zh: string) => string,
) {
  const name = label(ENCODING_LABELS[preview.encoding]);
  return preview.sheet ? `${name} · ${preview.sheet}` : name;
}

export function CountsRow({ counts }: { counts: ImportCounts }) {
  const { t } = useI18n();
  const items: { key: string; title: string; value: number; tone?: 'good' | 'bad' }[] = [
    { key: 'new', title: t('新增'), value: counts.new, tone: 'good' },
    { key: 'changed', title: t('有变化'), value: counts.changed },
    { key: 'unchanged', title: t('无变化'), value: counts.unchanged },
    { key: 'duplicates', title: t('重复行'), value: counts.duplicates },
    { key: 'rejected', title: t('拒绝'), value: counts.rejected, tone: counts.rejected > 0 ? 'bad' : undefined },
  ];
  return (
    <Row gutter={[16, 8]} className="import-counts">
      {items.map((item) => (
        <Col key={item.key} xs={12} sm={8} md={4}>
          <Statistic
            title={item.title}
            value={item.value}
            className={item.tone ? `import-count-${item.tone}` : undefined}
            data-count={item.key}
          />
        </Col>
      ))}
    </Row>
  );
}

function CommitSummary({ counts, flags }: { counts: ImportCounts; flags: number }) {
  const { t } = useI18n();
  const lines: ReactNode[] = [
    t('新增修理单 {n} 张', { n: counts.new }),
    t('更新修理单 {n} 张', { n: counts.changed }),
    t('无变化 {n} 张（不改动）', { n: counts.unchanged }),
  ];
  if (counts.duplicates > 0) lines.push(t('重复行 {n} 行（只算一次）', { n: counts.duplicates }));
  if (counts.rejected > 0) lines.push(t('拒绝 {n} 行（不导入，可下载后改正再导入）', { n: counts.rejected }));
  if (flags > 0) lines.push(t('需要核对 {n} 行（导入，但不覆盖档案里原有的信息）', { n: flags }));
  return (
    <ul className="import-confirm-list">
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list built above
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}

/** The refused lines, sortable by line, and the way to get them back as a file to fix. */
export function RejectedTable({ jobId, rejected }: { jobId: string; rejected: ImportProblem[] }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  if (rejected.length === 0) return null;

  const download = async () => {
    setDownloading(true);
    const result = await api.invoke('imports.rejectedFile', { jobId });
    setDownloading(false);
    if (!result.ok) {
      message.error(result.error.message);
      return;
    }
    downloadBase64(result.value.fileName, result.value.contentBase64);
    message.success(t('已下载 {name}（{n} 行）', { name: result.value.fileName, n: result.value.rows }));
  };

  return (
    <Card
      size="small"
      className="section import-rejected"
      title={t('被拒绝的行（{n}）', { n: rejected.length })}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void download()} loading={downloading}>
          {t('下载被拒绝的行')}
        </Button>
      }
    >
      <div className="muted card-note">
        {t('这些行不会导入。下载后的文件保持原来的编码和格式，在 Excel 里改正后可以再导入。')}
      </div>
      <Table<ImportProblem & { key: string }>
        size="small"
        rowKey="key"
        dataSource={rejected.map((p, i) => ({ ...p, key: `${p.line}-${i}` }))}
        pagination={{ defaultPageSize: 10, hideOnSinglePage: true, showSizeChanger: true, size: 'small' }}
        className="archive-table"
        columns={[
          {
            title: t('行号'),
            key: 'line',
            dataIndex: 'line',
            width: 80,
            align: 'right',
            sorter: (a, b) => a.line - b.line,
            defaultSortOrder: 'ascend',
          },
          { title: t('列'), key: 'column', dataIndex: 'column', width: 140, ellipsis: true },
          {
            title: t('原值'),
            key: 'value',
            dataIndex: 'value',
            width: 220,
            ellipsis: true,
            render: (v: string) =>
              v === '' ? <span className="muted">{t('（空）')}</span> : <span className="mono">{v}</span>,
          },
          { title: t('原因'), key: 'reason', dataIndex: 'reason' },
        ]}
      />
    </Card>
  );
}

/** Accepted lines that differ from the archive: shown, never silently overwritten. */
export function FlagsTable({ flags, note }: { flags: ImportFlag[]; note: string }) {
  const { t } = useI18n();
  if (flags.length === 0) return null;
  return (
    <Card size="small" className="section import-flags" title={t('需要核对的行（{n}）', { n: flags.length })}>
      <Alert type="info" showIcon className="card-note" title={note} />
      <Table<ImportFlag & { key: string }>
        size="small"
        rowKey="key"
        dataSource={flags.map((f, i) => ({ ...f, key: `${f.line}-${i}` }))}
        pagination={{ defaultPageSize: 10, hideOnSinglePage: true, size: 'small' }}
        className="archive-table"
        columns={[
          {
            title: t('行号'),
            key: 'line',
            dataIndex: 'line',
            width: 80,
            align: 'right',
            sorter: (a, b) => a.line - b.line,
            defaultSortOrder: 'ascend',
          },
          {
            title: t('类别'),
            key: 'kind',
            dataIndex: 'kind',
            width: 150,
            render: (kind: ImportFlag['kind']) => <Tag color="orange">{t(FLAG_KIND_LABELS[kind])}</Tag>,
          },
          { title: t('说明'), key: 'message', dataIndex: 'message' },
        ]}
      />
    </Card>
  );
}

/** Excel's column letters (A, B, … Z, AA …), as the clerk sees them when opening the file. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const NOT_IMPORTED = -1;

function MappingCard({
  job,
  preview,
  canRemap,
  busy,
  onRemap,
}: {
  job: ImportJob;
  preview: ImportPreview;
  canRemap: boolean;
  busy: boolean;
  onRemap: (mapping: Required<ColumnMapping>) => void;
}) {
  const { t, label } = useI18n();
  const [saving, setSaving] = useState(false);
  const missing = new Set<ImportField>(preview.missingRequired);
  const options = [
    { value: NOT_IMPORTED, label: t('不导入') },
    ...preview.headers.map((h, i) => ({ value: i, label: `${columnLetter(i)} · ${h || t('（无表头）')}` })),
  ];
  const change = (field: ImportField, value: number) => {
    const next = Object.fromEntries(
      IMPORT_FIELDS.map((f) => [
        f,
        f === field ? (value === NOT_IMPORTED ? null : value) : (preview.mapping[f] ?? null),
      ]),
    ) as Required<ColumnMapping>;
    onRemap(next);
  };
  return (
    <Card
      size="small"
      className="section import-mapping"
      title={t('列对应')}
      extra={
        <Button icon={<SaveOutlined />} onClick={() => setSaving(true)}>
          {t('保存为方案')}
        </Button>
      }
    >
      <div className="muted card-note">
        {canRemap
          ? t('每个档案字段取文件里的哪一列。改动后会用新的对应重新检查这个文件。')
          : t('文件内容已不在内存里（页面刷新过）。要改列对应，请重新选择文件。')}
      </div>
      <Row gutter={[16, 8]}>
        {IMPORT_FIELDS.map((field) => {
          const id = `map-${field}`;
          const index = preview.mapping[field];
          return (
            <Col key={field} xs={24} md={12} xl={8}>
              <Flex
                gap={8}
                align="center"
                className={missing.has(field) ? 'mapping-item mapping-missing' : 'mapping-item'}
              >
                <label htmlFor={id} className="mapping-label">
                  {label(IMPORT_FIELD_LABELS[field])}
                </label>
                <Select<number>
                  id={id}
                  value={index === null || index === undefined ? NOT_IMPORTED : index}
                  onChange={(v) => change(field, v)}
                  options={options}
                  disabled={!canRemap || busy}
                  status={missing.has(field) ? 'error' : undefined}
                  showSearch={{ optionFilterProp: 'label' }}
                  className="grow"
                  aria-label={label(IMPORT_FIELD_LABELS[field])}
                />
              </Flex>
            </Col>
          );
        })}
      </Row>
      <SavePresetModal open={saving} jobId={job.jobId} onClose={() => setSaving(false)} />
    </Card>
  );
}

function SavePresetModal({ open, jobId, onClose }: { open: boolean; jobId: string; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const trimmed = name.trim();
    if (!trimmed) {
      setError(t('请填写方案名称'));
      return;
    }
    setSaving(true);
    const result = await api.invoke('imports.savePreset', { name: trimmed, jobId });
    setSaving(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    message.success(t('已保存方案“{name}”，下次导入时可以选用。', { name: result.value.name }));
    setError(null);
    onClose();
  };
  return (
    <Modal
      open={open}
      title={t('保存为方案')}
      okText={t('保存')}
      cancelText={t('取消')}
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('按表头文字记住这次的列对应，同一个 DMS 导出的文件下次可以直接选用。')}
      </Typography.Paragraph>
      <label htmlFor="preset-name" className="muted">
        {t('方案名称')}
      </label>
      <Input
        id="preset-name"
        value={name}
        maxLength={60}
        onChange={(e) => {
          setName(e.target.value);
          setError(null);
        }}
        onPressEnter={() => void save()}
        placeholder={t('如：DMS 每日修理单')}
        status={error ? 'error' : undefined}
      />
      {error && <div className="field-error">{error}</div>}
    </Modal>
  );
}
