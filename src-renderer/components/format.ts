import { formatFen } from '../../src-shared/validation/money';

/** ¥1,234.50 from integer fen. */
export function money(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : formatFen(fen);
}

/**
 * The archive writes instants in the store's local time with the offset (2026-11-22T08:30:00+08:00);
 * show that wall-clock time as written, whatever zone this PC is set to.
 */
export function instantText(instant: string | null | undefined): string {
  return instant ? instant.slice(0, 16).replace('T', ' ') : '—';
}

export function dateText(date: string | null | undefined): string {
  return date ? date.slice(0, 10) : '—';
}

export function mileageText(km: number | null | undefined): string {
  return km === null || km === undefined ? '—' : `${km.toLocaleString('en-US')} km`;
}

/** 元 as typed into a number box → integer fen; null stays null. */
export function yuanToFen(yuan: number | null | undefined): number | null {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return null;
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: number | null | undefined): number | null {
  return fen === null || fen === undefined ? null : fen / 100;
}

/** The clerk reads a mobile in groups: 138 0013 8000. */
export function phoneText(phone: string | null | undefined): string {
  if (!phone) return '—';
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
}
