import { ExportOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { downloadBase64 } from '../import/file-bytes';

/**
 * 导出该客户的个人信息 (PIPL access right): everything the archive holds about this customer, as a
 * JSON file for the customer who asked; the export is written to the audit log.
 */
export function ExportCustomerDataButton({ customerId }: { customerId: number }) {
  const api = useApi();
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = () =>
    modal.confirm({
      title: t('导出该客户的个人信息？'),
      content: t(
        '将导出档案中关于该客户的全部信息（客户资料、车辆、修理单、里程、联系意愿、招揽和信件记录、相关操作日志），用于客户本人查阅。导出会记录在操作日志中；请只交给客户本人。',
      ),
      okText: t('导出'),
      cancelText: t('取消'),
      onOk: async () => {
        setBusy(true);
        const result = await api.invoke('privacy.exportCustomer', { customerId });
        setBusy(false);
        if (!result.ok) {
          message.error(result.error.message);
          return;
        }
        downloadBase64(result.value.fileName, result.value.contentBase64);
        message.success(t('已导出 {file}', { file: result.value.fileName }));
      },
    });
  return (
    <Tooltip title={t('个人信息查阅请求（《个人信息保护法》）')}>
      <Button icon={<ExportOutlined />} loading={busy} onClick={run} className="export-customer-data">
        {t('导出该客户的个人信息')}
      </Button>
    </Tooltip>
  );
}
