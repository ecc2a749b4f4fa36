import { EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Radio, Select, Table, Tag } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import {
  CONTACT_CHANNEL_LABELS,
  CONTACT_CHANNELS,
  type ContactChannel,
  type ContactPreference,
  NO_CONTACT_REASON_LABELS,
  NO_CONTACT_REASONS,
  type NoContactReason,
} from '../../../src-shared/domain/invitations';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi, useQuery } from '../../api/client';
import { enumOptions } from '../../components/enum-labels';
import { applyServerErrors, SaveErrorAlert } from '../../components/form-support';
import { instantText } from '../../components/format';
import { Loaded } from '../../components/page';
import { useI18n } from '../../i18n/i18n';

interface ChannelRow {
  channel: ContactChannel;
  pref: ContactPreference | null;
}

/** 联系意愿: per channel (信件/电话/短信) whether the customer may be contacted, and why not. */
export function ContactPrefsCard({ customerId }: { customerId: number }) {
  const { t, label } = useI18n();
  const { data, error, reload } = useQuery('contactPrefs.get', { customerId });
  const [editing, setEditing] = useState<ChannelRow | null>(null);
  return (
    <Card size="small" title={t('联系意愿')} className="section contact-prefs">
      <Loaded data={data} error={error} reload={reload}>
        {(prefs) => (
          <Table<ChannelRow>
            rowKey="channel"
            size="small"
            pagination={false}
            dataSource={CONTACT_CHANNELS.map((channel) => ({
              channel,
              pref: prefs.find((p) => p.channel === channel) ?? null,
            }))}
            onRow={(r) => ({ 'data-channel': r.channel }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('渠道'),
                key: 'channel',
                width: 80,
                render: (_: unknown, r) => label(CONTACT_CHANNEL_LABELS[r.channel]),
              },
              {
                title: t('可以联系'),
                key: 'allowed',
                width: 110,
                render: (_: unknown, r) =>
                  r.pref && !r.pref.allowed ? (
                    <Tag color="red" className="pref-state">
                      {t('不联系')}
                    </Tag>
                  ) : (
                    <Tag color="green" className="pref-state">
                      {t('可以')}
                    </Tag>
                  ),
              },
              {
                title: t('原因'),
                key: 'reason',
                width: 150,
                render: (_: unknown, r) => (r.pref?.reason ? label(NO_CONTACT_REASON_LABELS[r.pref.reason]) : '—'),
              },
              { title: t('说明'), key: 'note', render: (_: unknown, r) => r.pref?.note || '—' },
              {
                title: t('修改'),
                key: 'updated',
                width: 190,
                render: (_: unknown, r) =>
                  r.pref ? (
                    <span className="muted small">
                      {r.pref.updatedBy} {instantText(r.pref.updatedAt)}
                    </span>
                  ) : (
                    <span className="muted small">{t('未设置（可以联系）')}</span>
                  ),
              },
              {
                title: '',
                key: 'edit',
                width: 70,
                render: (_: unknown, r) => (
                  <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                    {t('修改')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {editing && <PrefModal customerId={customerId} row={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

interface PrefValues {
  allowed: boolean;
  reason?: NoContactReason | null;
  note?: string;
}

function PrefModal({ customerId, row, onClose }: { customerId: number; row: ChannelRow; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { t, label } = useI18n();
  const [form] = Form.useForm<PrefValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const allowed = Form.useWatch('allowed', form);
  const submit = async (values: PrefValues) => {
    setBusy(true);
    const result = await api.invoke('contactPrefs.set', {
      customerId,
      channel: row.channel,
      allowed: values.allowed,
      reason: values.allowed ? null : (values.reason ?? null),
      note: values.note ?? '',
    });
    setBusy(false);
    if (result.ok) {
      message.success(t('联系意愿已保存'));
      onClose();
      return;
    }
    const shown = applyServerErrors(form, result.error, (p) =>
      ['allowed', 'reason', 'note'].includes(p) ? [p] : null,
    );
    if (shown.length === 0) setError(result.error);
  };
  return (
    <Modal
      open
      title={t('联系意愿：{channel}', { channel: label(CONTACT_CHANNEL_LABELS[row.channel]) })}
      okText={t('保存')}
      cancelText={t('取消')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      className="contact-pref-modal"
    >
      <SaveErrorAlert error={error} onClose={() => setError(null)} />
      <Form<PrefValues>
        name="pref"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          allowed: row.pref?.allowed ?? true,
          reason: row.pref?.reason ?? null,
          note: row.pref?.note ?? '',
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="allowed" label={t('可以联系吗')}>
          <Radio.Group optionType="button">
            <Radio value={true}>{t('可以联系')}</Radio>
            <Radio value={false}>{t('不再联系')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="reason" label={t('原因')} hidden={allowed !== false}>
          <Select
            allowClear
            placeholder={t('选择原因')}
            options={enumOptions(NO_CONTACT_REASONS, NO_CONTACT_REASON_LABELS, label)}
          />
        </Form.Item>
        <Form.Item name="note" label={t('说明')}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('如：2026-11 电话里说车已卖给亲戚')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
