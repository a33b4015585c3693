/**
 * Password hashes with scrypt (a memory-hard KDF, in Node's crypto), stored
 * as "scrypt$N$r$p$salt$hash" so parameters can be raised later and old
 * hashes still verify.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ToolError } from '../../errors/index.js';

const params = { N: 16384, r: 8, p: 1 };
const keyLength = 32;
export const minPasswordLength = 8;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem: 128 * N * r * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  if ([...password].length < minPasswordLength) throw new ToolError('PASSWORD_TOO_SHORT', { min: minPasswordLength });
  const salt = randomBytes(16);
  const key = await derive(password, salt, params.N, params.r, params.p);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !N || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(N), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash that no password matches, for users who must not log in. */
export const lockedPasswordHash = 'locked';
