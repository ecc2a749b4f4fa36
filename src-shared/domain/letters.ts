/**
 * Letters (信件): templates with merge fields, holiday dates, and batches printed in the same order
 * as their envelopes. The merge-field check lives here so the editor refuses exactly what the
 * service refuses.
 */

export const LETTER_KINDS = ['invitation', 'first_service_thanks', 'purchase_thanks', 'holiday', 'birthday'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];
export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  invitation: '定期保养邀请信',
  first_service_thanks: '首保感谢信',
  purchase_thanks: '购车感谢信',
  holiday: '节日问候',
  birthday: '生日问候',
};

/** The merge fields a template may use, in the order the editor's palette shows them. */
export const MERGE_FIELDS = [
  '客户称呼',
  '客户姓名',
  '车牌',
  '车型',
  '下次保养日期',
  '下次保养里程',
  '服务顾问',
  '门店名称',
  '门店电话',
  '门店地址',
  '今天',
  '节日',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export type TemplatePart<F extends string = MergeField> = { text: string } | { field: F };

/** Why a template text cannot be saved, or the parts it is made of. */
export type TemplateParse<F extends string = MergeField> =
  | { ok: true; parts: TemplatePart<F>[] }
  | { ok: false; message: string; field?: string };

/**
 * Splits a template text into literal text and merge fields. `{字段}` must be one of `fields`
 * (MERGE_FIELDS for letters; SMS adds its own, see SMS_MERGE_FIELDS); a `{` without its `}` (or the
 * reverse, or nested) is refused. Full-width ｛｝ count as braces too, so a field typed with the
 * Chinese keyboard is not printed literally.
 */
export function parseTemplate<F extends string = MergeField>(
  text: string,
  fields: readonly F[] = MERGE_FIELDS as readonly string[] as readonly F[],
): TemplateParse<F> {
  const parts: TemplatePart<F>[] = [];
  let literal = '';
  let i = 0;
  const s = text.replace(/｛/g, '{').replace(/｝/g, '}');
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '}') return { ok: false, message: `第 ${lineOf(s, i)} 行有多余的“}”（缺少配对的“{”）` };
    if (ch !== '{') {
      literal += ch;
      i++;
      continue;
    }
    const close = s.indexOf('}', i + 1);
    const nextOpen = s.indexOf('{', i + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close))
      return { ok: false, message: `第 ${lineOf(s, i)} 行的“{”没有配对的“}”` };
    const name = s.slice(i + 1, close).trim();
    if (!(fields as readonly string[]).includes(name))
      return { ok: false, message: `未知的合并字段 {${name}}`, field: name };
    if (literal) parts.push({ text: literal });
    literal = '';
    parts.push({ field: name as F });
    i = close + 1;
  }
  if (literal) parts.push({ text: literal });
  return { ok: true, parts };
}

function lineOf(s: string, index: number): number {
  return s.slice(0, index).split('\n').length;
}

/** The first problem of a template (letterhead, then body), or null when it can be saved. */
export function templateProblem(t: { letterhead: string; body: string }): string | null {
  for (const [label, text] of [
    ['信头', t.letterhead],
    ['正文', t.body],
  ] as const) {
    const p = parseTemplate(text);
    if (!p.ok) return `${label}：${p.message}`;
  }
  return null;
}

/** Logo: a PNG or JPEG as a data: URL, at most this many bytes of image. */
export const LOGO_MAX_BYTES = 200 * 1024;
export const LOGO_DATA_URL = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;

export interface LetterTemplate {
  id: number;
  kind: LetterKind;
  name: string;
  letterhead: string;
  body: string;
  /** Uploaded logo (data: URL), or null. */
  logo: string | null;
  /** Print the logo: the uploaded one, else the app's (resources/icon.png). */
  showLogo: boolean;
  updatedAt: string;
  updatedBy: string;
}

export type LetterSource = { listId: number } | { from: string; to: string } | { queue: true };
export type LetterSourceKind = 'list' | 'range' | 'queue';

export type LetterItemStatus = 'pending' | 'misprint' | 'sent';
export const LETTER_ITEM_STATUS_LABELS: Record<LetterItemStatus, string> = {
  pending: '待确认',
  misprint: '打错待重印',
  sent: '已寄出',
};

export interface LetterBatchItem {
  id: number;
  /** 1-based; letters and envelopes print in this order (postcode, then name). */
  position: number;
  customerId: number;
  vehicleId: number | null;
  listRowIds: number[];
  queueIds: number[];
  name: string;
  addressee: string;
  address: string;
  postalCode: string;
  plate: string | null;
  model: string;
  status: LetterItemStatus;
  /** How many times it was marked misprinted (and reprinted). */
  misprints: number;
  sentOn: string | null;
}

export interface LetterCannotMail {
  customerId: number;
  name: string;
  plate: string | null;
  reason: string;
}

export interface LetterBatchSummary {
  id: number;
  kind: LetterKind;
  title: string;
  sourceKind: LetterSourceKind;
  templateName: string;
  holiday: string;
  items: number;
  sent: number;
  misprints: number;
  cannotMail: number;
  createdAt: string;
  createdBy: string;
  confirmedAt: string | null;
}

export interface LetterBatch extends LetterBatchSummary {
  listId: number | null;
  from: string | null;
  to: string | null;
  templateId: number | null;
  rows: LetterBatchItem[];
  cannotMailRows: LetterCannotMail[];
}

export interface Holiday {
  name: string;
  date: string;
  lunar: boolean;
}
