import { DeleteOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { type HTMLAttributes, type Key, useState } from 'react';
import type { Destruction, RetentionDue } from '../../../src-shared/domain/filing';
import { isRealDate } from '../../../src-shared/validation/dates';
import { useApi, useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route, withQuery } from '../../router/hash-router';
import { HtmlPreviewModal } from '../daily-report/print-preview';
import { downloadBase64 } from '../import/file-bytes';
import { useCan } from '../shell/permissions';
import { filingTabPath } from './paths';

/**
 * 保管期限: the papers past their period as of a day (by default the store's today), which a
 * service manager approves for destruction (销毁, with a reason; their scans go with them); then
 * the destructions done, each with its printable 销毁清单. Nothing is deleted automatically.
 */
export function RetentionTab({ route }: { route: Route }) {
  const { t } = useI18n();
  const today = useStoreToday();
  const can = useCan();
  const asked = route.query.get('asOf');
  const asOf = asked && isRealDate(asked) ? asked : today;
  const { data, error, reload, loading } = useQuery('retention.due', { asOf }, { keepPrevious: true });
  const [selected, setSelected] = useState<number[]>([]);
  const [approving, setApproving] = useState(false);
  const [printing, setPrinting] = useState<number | null>(null);
  const mayDestroy = can('destructions.create');
  const rows = data?.rows ?? [];

  return (
    <div className="filing-checks">
      <Alert
        type="info"
        showIcon
        className="retention-note"
        title={t('过了保管期限的资料不会自动删除：只有服务经理批准销毁后，才记为已销毁，其扫描件随之删除。')}
      />
      <Card
        size="small"
        className="section retention-card"
        title={t('超过保管期限的资料')}
        extra={
          <Flex gap={8} align="center" wrap>
            <span className="muted">{t('截至')}</span>
            <DatePicker
              size="small"
              value={dayjs(asOf)}
              allowClear={false}
              onChange={(d) => {
                if (!d) return;
                setSelected([]);
                const day = d.format('YYYY-MM-DD');
                void navigate(withQuery(filingTabPath('retention'), { asOf: day === today ? undefined : day }), {
                  replace: true,
                });
              }}
              aria-label={t('截至')}
              className="retention-as-of"
            />
            {mayDestroy ? (
              <Button
                size="small"
                type="primary"
                danger
                icon={<DeleteOutlined />}
                disabled={selected.length === 0}
                onClick={() => setApproving(true)}
                className="approve-destruction"
              >
                {selected.length > 0 ? t('批准销毁（{n}）', { n: selected.length }) : t('批准销毁')}
              </Button>
            ) : (
              <Tag className="needs-manager">{t('需服务经理批准')}</Tag>
            )}
          </Flex>
        }
      >
        <Typography.Paragraph type="secondary" className="card-note small">
          {t(
            '保管年限按资料类型（归档设置），从资料所属月份的月底算起；争议（有投诉）和事故（保险理赔）的修理单资料、设为永久保存的资料不在此列。',
          )}
        </Typography.Paragraph>
        {data && (
          <div className="muted small retention-total">
            {data.total > rows.length
              ? t('共 {n} 份，显示前 {m} 份', { n: data.total, m: rows.length })
              : t('共 {n} 份', { n: data.total })}
          </div>
        )}
        <Loaded data={data} error={error} reload={reload}>
          {() => (
            <RetentionTable
              rows={rows}
              loading={loading}
              selected={selected}
              onSelect={mayDestroy ? setSelected : null}
            />
          )}
        </Loaded>
      </Card>
      <DestructionsCard onPrint={setPrinting} />
      {approving && (
        <ApproveModal
          papers={rows.filter((r) => selected.includes(r.paperId))}
          onClose={(done) => {
            setApproving(false);
            if (done) {
              setSelected([]);
              setPrinting(done.id);
            }
          }}
        />
      )}
      {printing !== null && <DestructionPrintPreview id={printing} onClose={() => setPrinting(null)} />}
    </div>
  );
}

function RetentionTable({
  rows,
  loading,
  selected,
  onSelect,
}: {
  rows: RetentionDue[];
  loading: boolean;
  selected: number[];
  onSelect: ((ids: number[]) => void) | null;
}) {
  const { t } = useI18n();
  return (
    <Table<RetentionDue>
      rowKey="paperId"
      size="small"
      dataSource={rows}
      loading={loading}
      className="retention-table"
      pagination={{ pageSize: 100, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t('没有超过保管期限的资料') }}
      rowSelection={
        onSelect
          ? {
              selectedRowKeys: selected,
              onChange: (keys: Key[]) => onSelect(keys.map(Number)),
              preserveSelectedRowKeys: true,
            }
          : undefined
      }
      onRow={(r) => ({ 'data-paper': r.paperId, 'data-ro': r.roNumber ?? '' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('资料类型'), key: 'kind', width: 160, render: (_: unknown, r) => r.kindLabel },
        { title: t('修理单'), key: 'ro', width: 140, className: 'mono', render: (_: unknown, r) => r.roNumber ?? '—' },
        { title: t('车牌'), key: 'plate', width: 110, render: (_: unknown, r) => r.plate ?? '—' },
        { title: t('资料夹'), key: 'binder', render: (_: unknown, r) => r.binderTitle ?? '—' },
        { title: t('资料日期'), key: 'docDate', dataIndex: 'docDate', width: 100, className: 'nowrap' },
        { title: t('保管至'), key: 'keepUntil', dataIndex: 'keepUntil', width: 100, className: 'nowrap' },
      ]}
    />
  );
}

/** 批准销毁: the count, a reason, the manager's approval (destructions.create). */
function ApproveModal({ papers, onClose }: { papers: RetentionDue[]; onClose(done: Destruction | null): void }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.invoke('destructions.create', { paperIds: papers.map((p) => p.paperId), reason });
      if (result.ok) {
        message.success(t('已批准销毁 {n} 份，销毁单号 {no}', { n: result.value.papers.length, no: result.value.no }));
        onClose(result.value);
      } else setError(result.error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('批准销毁 {n} 份资料？', { n: papers.length })}
      okText={t('批准销毁')}
      okButtonProps={{ danger: true }}
      cancelText={t('取消')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(null)}
      destroyOnHidden
      className="approve-destruction-modal"
    >
      <Typography.Paragraph>
        {t('这 {n} 份资料已超过保管期限。批准后记为已销毁，其扫描件一并删除，不能恢复；请按销毁清单销毁纸质资料。', {
          n: papers.length,
        })}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon className="card-note" title={error} />}
      <Form layout="vertical">
        <Form.Item label={t('销毁原因')}>
          <Input.TextArea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={200}
            rows={2}
            placeholder={t('如：超过保管期限，按档案管理规定销毁')}
            id="destruction_reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 销毁记录: each destruction with its papers and the printable 销毁清单. */
function DestructionsCard({ onPrint }: { onPrint(id: number): void }) {
  const { t } = useI18n();
  const { data, error, reload } = useQuery('destructions.list', {});
  return (
    <Card size="small" className="section destructions-card" title={t('销毁记录')}>
      <Loaded data={data} error={error} reload={reload}>
        {(list) => (
          <Table<Destruction>
            rowKey="id"
            size="small"
            dataSource={list}
            className="destructions-table"
            pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: t('还没有销毁记录') }}
            onRow={(d) => ({ 'data-no': d.no }) as HTMLAttributes<HTMLElement>}
            expandable={{
              expandedRowRender: (d) => (
                <Table<RetentionDue>
                  rowKey="paperId"
                  size="small"
                  dataSource={d.papers}
                  pagination={false}
                  className="destruction-papers"
                  columns={[
                    { title: t('资料类型'), key: 'kind', render: (_: unknown, r) => r.kindLabel },
                    { title: t('修理单'), key: 'ro', render: (_: unknown, r) => r.roNumber ?? '—' },
                    { title: t('车牌'), key: 'plate', render: (_: unknown, r) => r.plate ?? '—' },
                    { title: t('资料夹'), key: 'binder', render: (_: unknown, r) => r.binderTitle ?? '—' },
                    { title: t('资料日期'), key: 'docDate', dataIndex: 'docDate' },
                    { title: t('保管至'), key: 'keepUntil', dataIndex: 'keepUntil' },
                  ]}
                />
              ),
            }}
            columns={[
              { title: t('销毁单号'), key: 'no', dataIndex: 'no', width: 120, className: 'mono' },
              {
                title: t('批准'),
                key: 'approved',
                width: 220,
                render: (_: unknown, d) => (
                  <span>
                    {d.approvedBy} <span className="muted small">{instantText(d.approvedAt)}</span>
                  </span>
                ),
              },
              {
                title: t('份数'),
                key: 'papers',
                width: 70,
                align: 'right',
                render: (_: unknown, d) => d.papers.length,
              },
              {
                title: t('删除扫描件'),
                key: 'scans',
                width: 96,
                align: 'right',
                render: (_: unknown, d) => d.scansDeleted,
              },
              { title: t('原因'), key: 'reason', render: (_: unknown, d) => d.reason || '—' },
              {
                title: '',
                key: 'print',
                width: 130,
                render: (_: unknown, d) => (
                  <Button
                    size="small"
                    type="link"
                    icon={<PrinterOutlined />}
                    onClick={() => onPrint(d.id)}
                    className="print-destruction"
                  >
                    {t('打印销毁清单')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}

/** 销毁清单 in the print preview, with 导出 PDF. */
function DestructionPrintPreview({ id, onClose }: { id: number; onClose(): void }) {
  const query = useQuery('destructions.html', { id });
  return (
    <HtmlPreviewModal
      query={query}
      onClose={onClose}
      sendRequest={{ doc: 'destructionList', id }}
      footerExtra={<DestructionPdfButton id={id} />}
    />
  );
}

function DestructionPdfButton({ id }: { id: number }) {
  const { t } = useI18n();
  const api = useApi();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const result = await api.invoke('destructions.pdf', { id });
      if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
      else message.error(result.error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<FilePdfOutlined />} loading={busy} onClick={() => void run()} className="destruction-pdf">
      {t('导出 PDF')}
    </Button>
  );
}
