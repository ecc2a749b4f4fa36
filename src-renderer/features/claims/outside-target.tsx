import { CloseOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { RO_TYPE_LABELS } from '../../../src-shared/domain/enums';
import type { SearchHit } from '../../../src-shared/domain/records';
import { useApi } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

/** What an outside-service order is about: a vehicle (and its owner), often its RO. */
export interface OutsideTarget {
  roId: number | null;
  vehicleId: number | null;
  customerId: number | null;
  /** As the clerk reads it: plate · VIN · owner · RO. */
  text: string;
}

export const NO_TARGET: OutsideTarget = { roId: null, vehicleId: null, customerId: null, text: '' };

/** A vehicle's ROs the order may be linked to (newest first; warranty ones are the usual choice). */
interface RoChoice {
  id: number;
  label: string;
  warranty: boolean;
}

/**
 * Finds the vehicle or RO by plate, VIN or RO number (the quick search every screen uses). An RO
 * brings its vehicle and customer; a vehicle brings its owner and offers its ROs to link.
 * `roOnly`: only an RO is asked for (closing an order whose vehicle is known).
 */
export function OutsideTargetPick({
  value,
  onChange,
  roOnly = false,
}: {
  value: OutsideTarget;
  onChange(target: OutsideTarget): void;
  roOnly?: boolean;
}) {
  const { t, label } = useI18n();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [roChoices, setRoChoices] = useState<RoChoice[]>([]);

  const pickRo = async (id: number) => {
    setBusy(true);
    try {
      const result = await api.invoke('repairOrders.get', { id });
      if (!result.ok) {
        setProblem(result.error.message);
        return;
      }
      const ro = result.value;
      setHits([]);
      onChange({
        roId: ro.id,
        vehicleId: ro.vehicleId,
        customerId: ro.customerId,
        text: [ro.vehicle.plate, ro.vehicle.vin, ro.customer?.name, `${t('修理单')} ${ro.roNumber}`]
          .filter(Boolean)
          .join(' · '),
      });
    } finally {
      setBusy(false);
    }
  };

  const pickVehicle = async (id: number) => {
    setBusy(true);
    try {
      const result = await api.invoke('vehicles.get', { id });
      if (!result.ok) {
        setProblem(result.error.message);
        return;
      }
      const v = result.value;
      setHits([]);
      setRoChoices(
        v.history.slice(0, 20).map((h) => ({
          id: h.roId,
          warranty: h.type === 'warranty',
          label: `${h.roNumber} · ${h.openedAt.slice(0, 10)} · ${label(RO_TYPE_LABELS[h.type])}`,
        })),
      );
      onChange({
        roId: null,
        vehicleId: v.id,
        customerId: v.owner?.id ?? null,
        text: [v.plate, v.vin, v.owner?.name].filter(Boolean).join(' · '),
      });
    } finally {
      setBusy(false);
    }
  };

  const find = async (typed: string) => {
    const q = typed.trim();
    setProblem(null);
    setHits([]);
    if (!q) return;
    setBusy(true);
    try {
      const result = await api.invoke(
        'search.quick',
        roOnly ? { text: q, limit: 10, kind: 'repairOrder' } : { text: q, limit: 10 },
      );
      if (!result.ok) {
        setProblem(result.error.message);
        return;
      }
      const found = result.value.filter((h) => h.kind === 'repairOrder' || (!roOnly && h.kind === 'vehicle'));
      if (found.length === 0) setProblem(t('没有找到“{text}”', { text: q }));
      else if (found.length === 1) {
        const only = found[0]!;
        if (only.kind === 'repairOrder') await pickRo(only.id);
        else await pickVehicle(only.id);
      } else setHits(found);
    } finally {
      setBusy(false);
    }
  };

  const chosen = value.vehicleId !== null || value.roId !== null;
  return (
    <div className="outside-target">
      {chosen ? (
        <Flex gap={6} align="center" wrap className="outside-target-chosen">
          <Tag color="blue" className="outside-target-text">
            {value.text}
          </Tag>
          <Button
            size="small"
            type="text"
            icon={<CloseOutlined />}
            aria-label={t('重新选择')}
            onClick={() => {
              setRoChoices([]);
              onChange(NO_TARGET);
            }}
          />
          {!roOnly && value.roId === null && roChoices.length > 0 && (
            <Select<number>
              size="small"
              allowClear
              placeholder={t('关联修理单（可稍后在返回时关联）')}
              options={roChoices.map((c) => ({ value: c.id, label: c.label }))}
              onChange={(id) => id !== undefined && void pickRo(id)}
              popupMatchSelectWidth={false}
              style={{ minWidth: 260 }}
              className="outside-target-ro"
              aria-label={t('关联修理单')}
            />
          )}
        </Flex>
      ) : (
        <Input.Search
          allowClear
          placeholder={roOnly ? t('修理单号') : t('车牌、车架号或修理单号')}
          aria-label={roOnly ? t('修理单号') : t('车牌、车架号或修理单号')}
          enterButton={<SearchOutlined />}
          loading={busy}
          onSearch={(v) => void find(v)}
          className="outside-target-search"
        />
      )}
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
      {hits.length > 0 && (
        <Flex gap={4} wrap className="outside-target-hits">
          {hits.map((h) => (
            <Tag.CheckableTag
              key={`${h.kind}:${h.id}`}
              checked={false}
              onChange={() => void (h.kind === 'repairOrder' ? pickRo(h.id) : pickVehicle(h.id))}
              className="outside-target-hit"
              data-kind={h.kind}
            >
              {h.kind === 'repairOrder' ? t('修理单') : t('车辆')} {h.title}{' '}
              <span className="muted small">{h.subtitle}</span>
            </Tag.CheckableTag>
          ))}
        </Flex>
      )}
    </div>
  );
}
