import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** PINs are stored as scrypt(pin, salt); the salt is random per user. */
export function hashPin(pin: string, salt: string = randomBytes(16).toString('hex')): { salt: string; hash: string } {
  return { salt, hash: scryptSync(pin, salt, 32).toString('hex') };
}

export function verifyPin(pin: string, salt: string, hash: string): boolean {
  const candidate = scryptSync(pin, salt, 32);
  const stored = Buffer.from(hash, 'hex');
  return stored.length === candidate.length && timingSafeEqual(stored, candidate);
}
