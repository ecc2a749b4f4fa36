const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const LETTER = 'A-HJ-NP-Z';
const ALNUM = 'A-HJ-NP-Z0-9';

const REGULAR_PLATE = new RegExp(`^[${PROVINCES}][${LETTER}][${ALNUM}]{4}[${ALNUM}挂学警港澳]$`);
// New-energy plates: small cars 京AD12345 / 京AF1K234, large vehicles 京A12345D.
const NEW_ENERGY_PLATE = new RegExp(`^[${PROVINCES}][${LETTER}](?:[DF][${ALNUM}]\\d{4}|\\d{5}[DF])$`);

export function isValidPlate(plate: string): boolean {
  return REGULAR_PLATE.test(plate) || NEW_ENERGY_PLATE.test(plate);
}

export function isNewEnergyPlate(plate: string): boolean {
  return NEW_ENERGY_PLATE.test(plate);
}

export const PROVINCE_ABBREVIATIONS = PROVINCES;

const VIN_VALUES: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The check digit a VIN should carry at position 9 (GB 16735 / ISO 3779), or null if a character is not allowed. */
export function vinCheckDigit(vin: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = vin[i] ?? '';
    const value = /[0-9]/.test(ch) ? Number(ch) : VIN_VALUES[ch];
    if (value === undefined) return null;
    sum += value * (VIN_WEIGHTS[i] ?? 0);
  }
  const rest = sum % 11;
  return rest === 10 ? 'X' : String(rest);
}

export type VinProblem = 'length' | 'characters' | 'checkDigit';

export function vinProblem(vin: string): VinProblem | null {
  if (vin.length !== 17) return 'length';
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return 'characters';
  return vinCheckDigit(vin) === vin[8] ? null : 'checkDigit';
}

export function isValidVin(vin: string): boolean {
  return vinProblem(vin) === null;
}

/** Makes a VIN valid by writing the right check digit at position 9 (used by demo data and tests). */
export function withCheckDigit(vin: string): string {
  const digit = vinCheckDigit(`${vin.slice(0, 8)}0${vin.slice(9)}`);
  return `${vin.slice(0, 8)}${digit ?? '0'}${vin.slice(9)}`;
}

export function isMobile(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone);
}

export function isLandline(phone: string): boolean {
  return /^0\d{2,3}-\d{7,8}(-\d{1,6})?$/.test(phone);
}

export function isValidPostalCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}
