import { Card, Table } from 'antd';
import { useState } from 'react';
import type { ImportBatch } from '../../../src-shared/domain/imports';
import { useQuery } from '../../api/client';
import { instantText } from '../../components/format';
import { LoadError } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import { ENCODING_LABELS } from './import-labels';

const PAGE_SIZE = 10;

/** 导入记录: every committed file, newest first, paged by the server. */
export function ImportHistory() {
  const { t, label } = useI18n();
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useQuery(
    'imports.history',
    { page, pageSize: PAGE_SIZE },
    { keepPrevious: true },
  );
  const count = (title: string, key: keyof ImportBatch) => ({
    title,
    key,
    dataIndex: key,
    width: 100,
    align: 'right' as const,
    render: (v: number) => <span className="money">{v.toLocaleString('en-US')}</span>,
  });
  return (
    <Card size="small" title={t('导入记录')} className="section import-history">
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<ImportBatch>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.rows ?? []}
        className="archive-table"
        scroll={{ x: 1120 }}
        locale={{ emptyText: t('还没有导入过') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          size: 'small',
          onChange: setPage,
        }}
        columns={[
          { title: t('时间'), key: 'at', dataIndex: 'at', width: 140, render: (v: string) => instantText(v) },
          { title: t('文件'), key: 'fileName', dataIndex: 'fileName', ellipsis: true },
          {
            title: t('编码'),
            key: 'encoding',
            dataIndex: 'encoding',
            width: 110,
            render: (v: ImportBatch['encoding']) => label(ENCODING_LABELS[v]),
          },
          count(t('数据行'), 'rows'),
          count(t('新增'), 'imported'),
          count(t('更新'), 'updated'),
          count(t('无变化'), 'unchanged'),
          count(t('重复'), 'duplicates'),
          count(t('拒绝'), 'rejected'),
          { title: t('导入人'), key: 'by', dataIndex: 'by', width: 90, ellipsis: true },
        ]}
      />
    </Card>
  );
}
