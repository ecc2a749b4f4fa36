/** Money is kept in integer fen. `¥1,234.50`, `1234.5元` → 123450; null if it is not an amount. */
export function parseYuanToFen(text: string): number | null {
  const s = text
    .trim()
    .replace(/[¥￥,，\s]/g, '')
    .replace(/元$/, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(s)) return null;
  const negative = s.startsWith('-');
  const [whole = '0', frac = ''] = s.replace('-', '').split('.');
  const fen = Number(whole) * 100 + Number(`${frac}00`.slice(0, 2));
  if (!Number.isSafeInteger(fen)) return null;
  return negative ? -fen : fen;
}

export function formatFen(fen: number): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}¥${yuan}.${cents}`;
}
