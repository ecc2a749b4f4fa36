import type { ImportEncoding, ImportFlagKind, ImportPhase } from '../../../src-shared/domain/imports';
import type { Phrase } from '../../i18n/i18n';

/** Names of encodings are the same in both languages; translated with label() where they are not. */
export const ENCODING_LABELS: Record<ImportEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8（带 BOM）',
  gbk: 'GBK',
  gb18030: 'GB18030',
  xlsx: 'XLSX',
};

export const PHASE_LABELS: Record<ImportPhase, Phrase> = {
  reading: '读取中',
  checking: '检查中',
  ready: '待确认',
  committing: '写入中',
  done: '已导入',
  cancelled: '已取消',
  failed: '没有完成',
};

export const FLAG_KIND_LABELS: Record<ImportFlagKind, Phrase> = {
  plateVinConflict: '车牌与车架号不一致',
  phoneChanged: '电话不同',
  ownerChanged: '车主不同',
  mileageBackwards: '里程倒退',
  statusBackwards: '状态倒退',
};
