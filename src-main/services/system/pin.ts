import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * PINs are stored as scrypt(pin, salt); the salt is random per user. scrypt runs on libuv's thread
 * pool (never scryptSync): a flood of logins must not hold up everyone else's calls.
 */
function scryptAsync(pin: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, 32, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPin(
  pin: string,
  salt: string = randomBytes(16).toString('hex'),
): Promise<{ salt: string; hash: string }> {
  return { salt, hash: (await scryptAsync(pin, salt)).toString('hex') };
}

export async function verifyPin(pin: string, salt: string, hash: string): Promise<boolean> {
  const candidate = await scryptAsync(pin, salt);
  const stored = Buffer.from(hash, 'hex');
  return stored.length === candidate.length && timingSafeEqual(stored, candidate);
}

/** Only for the demo seeder, which writes its few users in one synchronous batch. */
export function hashPinSync(pin: string, salt: string): { salt: string; hash: string } {
  return { salt, hash: scryptSync(pin, salt, 32).toString('hex') };
}
