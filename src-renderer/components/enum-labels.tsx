import { Tag } from 'antd';
import type { MileageSource } from '../../src-shared/domain/enums';
import {
  PAYER_LABELS,
  type Payer,
  RO_STATUS_LABELS,
  RO_TYPE_LABELS,
  type RoStatus,
  type RoType,
  VEHICLE_STATUS_LABELS,
  type VehicleStatus,
} from '../../src-shared/domain/enums';
import { useI18n } from '../i18n/i18n';

/** Select options for a code list with the clerk's Chinese labels (translated when English is on). */
export function enumOptions<C extends string>(
  codes: readonly C[],
  labels: Record<C, string>,
  label: (zh: string) => string,
) {
  return codes.map((code) => ({ value: code, label: label(labels[code]) }));
}

const RO_STATUS_COLOR: Record<RoStatus, string> = {
  in_repair: 'orange',
  completed: 'blue',
  delivered: 'green',
  settled: 'default',
};

const RO_TYPE_COLOR: Record<RoType, string> = {
  first_service: 'cyan',
  periodic_service: 'blue',
  repair: 'default',
  body_paint: 'purple',
  warranty: 'gold',
  insurance: 'magenta',
  comeback: 'red',
};

const VEHICLE_STATUS_COLOR: Record<VehicleStatus, string> = {
  active: 'green',
  lost: 'orange',
  sold: 'default',
  scrapped: 'default',
};

export const MILEAGE_SOURCE_LABELS: Record<MileageSource, string> = {
  ro: '修理单',
  manual: '手工录入',
  import: '导入',
  demo: '示例数据',
};

export function RoStatusTag({ status }: { status: RoStatus }) {
  const { label } = useI18n();
  return <Tag color={RO_STATUS_COLOR[status]}>{label(RO_STATUS_LABELS[status])}</Tag>;
}

export function RoTypeTag({ type }: { type: RoType }) {
  const { label } = useI18n();
  return <Tag color={RO_TYPE_COLOR[type]}>{label(RO_TYPE_LABELS[type])}</Tag>;
}

export function VehicleStatusTag({ status }: { status: VehicleStatus }) {
  const { label } = useI18n();
  return <Tag color={VEHICLE_STATUS_COLOR[status]}>{label(VEHICLE_STATUS_LABELS[status])}</Tag>;
}

export function PayerText({ payer }: { payer: Payer }) {
  const { label } = useI18n();
  return <>{label(PAYER_LABELS[payer])}</>;
}
