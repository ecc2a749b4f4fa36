import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { DailyReportView, PaperEntry } from '../../../src-shared/domain/daily-report';
import {
  RO_STATUS_LABELS,
  RO_STATUSES,
  RO_TYPE_LABELS,
  RO_TYPES,
  type RoStatus,
  type RoType,
} from '../../../src-shared/domain/enums';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { enumOptions, RoStatusTag, RoTypeTag } from '../../components/enum-labels';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { fenToYuan, money, yuanToFen } from '../../components/format';
import { useI18n } from '../../i18n/i18n';

/** 纸质补录: ROs that exist only in the paper folder, entered with the report and marked as paper. */
export function PaperEntriesCard({ view }: { view: DailyReportView }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [editing, setEditing] = useState<PaperEntry | 'new' | null>(null);
  const frozen = view.status === 'signed';
  const remove = async (entry: PaperEntry) => {
    const result = await api.invoke('dailyReport.removePaperEntry', { date: view.date, id: entry.id });
    if (result.ok) message.success(t('已删除纸质补录 {ro}', { ro: entry.roNumber }));
    else message.error(result.error.message);
  };
  const columns: TableColumnsType<PaperEntry> = [
    { title: t('工单号'), dataIndex: 'roNumber', width: 130, render: (v: string) => <span className="mono">{v}</span> },
    {
      title: t('车牌号/客户'),
      key: 'vehicle',
      width: 150,
      ellipsis: true,
      render: (_: unknown, e) => (
        <>
          {e.plate ?? ''} <span className="muted">{e.customerName}</span>
        </>
      ),
    },
    { title: t('服务顾问'), dataIndex: 'advisor', width: 80, ellipsis: true },
    { title: t('类型'), key: 'type', width: 88, render: (_: unknown, e) => <RoTypeTag type={e.type} /> },
    { title: t('状态'), key: 'status', width: 76, render: (_: unknown, e) => <RoStatusTag status={e.status} /> },
    { title: t('进厂日期'), dataIndex: 'openedOn', width: 96 },
    {
      title: t('合计'),
      dataIndex: 'totalFen',
      align: 'right',
      width: 100,
      render: (v: number, e) => (
        <Tooltip title={`${t('工时费')} ${money(e.laborFen)}，${t('材料费')} ${money(e.partsFen)}`}>
          <span className="money">{money(v)}</span>
        </Tooltip>
      ),
    },
    { title: t('备注'), dataIndex: 'note', ellipsis: true },
    {
      title: '',
      key: 'actions',
      width: 76,
      render: (_: unknown, e) =>
        frozen ? null : (
          <span className="row-actions">
            <Tooltip title={t('修改')}>
              <Button
                type="text"
                size="small"
                icon={<EditOutlined />}
                aria-label={t('修改纸质补录 {ro}', { ro: e.roNumber })}
                onClick={() => setEditing(e)}
              />
            </Tooltip>
            <Popconfirm
              title={t('删除纸质补录 {ro}？', { ro: e.roNumber })}
              description={t('删除后这张单不再计入日报。')}
              okText={t('删除')}
              okButtonProps={{ danger: true }}
              cancelText={t('取消')}
              onConfirm={() => remove(e)}
            >
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('删除纸质补录 {ro}', { ro: e.roNumber })}
              />
            </Popconfirm>
          </span>
        ),
    },
  ];
  return (
    <Card
      size="small"
      className="section paper-entries"
      title={t('纸质补录（{n}）', { n: view.paperEntries.length })}
      extra={
        frozen ? (
          <span className="muted small">{t('已签字，不能修改')}</span>
        ) : (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('添加纸质补录')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" className="card-note">
        {t('只在纸质单夹里有、DMS 和档案里都没有的修理单，在这里补录；日报上标为“纸质”。DMS 补录后请删除这里的记录。')}
      </Typography.Paragraph>
      <Table<PaperEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={view.paperEntries}
        pagination={false}
        tableLayout="fixed"
        // Ten columns do not fit the report's main column at 1440 px: scroll inside the card.
        scroll={{ x: 900 }}
        className="paper-table"
        locale={{ emptyText: t('没有纸质补录') }}
      />
      {editing !== null && (
        <PaperEntryModal date={view.date} entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Card>
  );
}

interface PaperValues {
  roNumber?: string;
  plate?: string;
  customerName?: string;
  advisor?: string;
  type?: RoType;
  status?: RoStatus;
  openedOn?: Dayjs;
  laborFen?: number | null;
  partsFen?: number | null;
  totalFen?: number | null;
  note?: string;
}

function PaperEntryModal({ date, entry, onClose }: { date: string; entry: PaperEntry | null; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const [form] = Form.useForm<PaperValues>();
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const initial: PaperValues = entry
    ? {
        roNumber: entry.roNumber,
        plate: entry.plate ?? '',
        customerName: entry.customerName,
        advisor: entry.advisor,
        type: entry.type,
        status: entry.status,
        openedOn: dayjs(entry.openedOn),
        laborFen: fenToYuan(entry.laborFen),
        partsFen: fenToYuan(entry.partsFen),
        totalFen: fenToYuan(entry.totalFen),
        note: entry.note,
      }
    : {
        type: 'repair',
        status: 'in_repair',
        openedOn: dayjs(date),
        plate: '',
        customerName: '',
        advisor: '',
        note: '',
      };

  const submit = async (v: PaperValues) => {
    setBusy(true);
    setError(null);
    const total = yuanToFen(v.totalFen);
    const result = await api.invoke('dailyReport.savePaperEntry', {
      date,
      ...(entry ? { id: entry.id } : {}),
      roNumber: v.roNumber ?? '',
      plate: v.plate ?? '',
      customerName: v.customerName ?? '',
      advisor: v.advisor ?? '',
      type: v.type ?? 'repair',
      status: v.status ?? 'in_repair',
      openedOn: v.openedOn ? v.openedOn.format('YYYY-MM-DD') : '',
      laborFen: yuanToFen(v.laborFen) ?? 0,
      partsFen: yuanToFen(v.partsFen) ?? 0,
      ...(total === null ? {} : { totalFen: total }),
      note: v.note ?? '',
    });
    setBusy(false);
    if (result.ok) {
      message.success(t('已保存纸质补录 {ro}', { ro: result.value.roNumber }));
      onClose();
      return;
    }
    setError(result.error);
    applyServerErrors(form, result.error, (path) => (path === 'date' || path === 'id' ? null : [path]));
  };

  const moneyItem = (name: keyof PaperValues, title: string, extra?: string) => (
    <Form.Item name={name} label={title} extra={extra}>
      <InputNumber<number> min={0} precision={2} style={{ width: '100%' }} />
    </Form.Item>
  );

  return (
    <Modal
      open
      title={entry ? t('修改纸质补录') : t('添加纸质补录')}
      okText={t('保存')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={680}
      className="paper-entry-modal"
    >
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form<PaperValues>
        name="paper"
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        onValuesChange={() => error && setError(null)}
        className="paper-entry-form"
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="roNumber" label={t('工单号')} rules={[{ required: true, message: t('请填写工单号') }]}>
              <Input className="mono" autoComplete="off" maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="plate" label={t('车牌号')}>
              <Input autoComplete="off" maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="customerName" label={t('客户')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="advisor" label={t('服务顾问')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="type" label={t('维修类别')}>
              <Select options={enumOptions(RO_TYPES, RO_TYPE_LABELS, label)} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="status" label={t('状态')}>
              <Select options={enumOptions(RO_STATUSES, RO_STATUS_LABELS, label)} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="openedOn" label={t('进厂日期')} rules={[{ required: true, message: t('请选择进厂日期') }]}>
              <DatePicker allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>{moneyItem('laborFen', t('工时费（元）'))}</Col>
          <Col span={8}>{moneyItem('partsFen', t('材料费（元）'))}</Col>
          <Col span={8}>{moneyItem('totalFen', t('合计（元）'), t('不填则为工时费 + 材料费'))}</Col>
          <Col span={24}>
            <Form.Item name="note" label={t('备注')}>
              <Input.TextArea rows={2} maxLength={200} placeholder={t('如：DMS 未录入，纸质单在服务顾问处')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
