import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * Staff credentials. Passwords: scrypt (Node's built-in, memory-hard) with a per-password salt. Staff IC
 * card UIDs are stored only as an HMAC under the server secret, so a database dump does not reveal card
 * numbers. TOTP via otpauth (RFC 6238), ±1 step for clock drift.
 */

const SCRYPT = { N: 1 << 15, r: 8, p: 1, keylen: 32, maxmem: 64 * 1024 * 1024 };

function scryptAsync(password: string, salt: Buffer, options = SCRYPT): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, options.keylen, { N: options.N, r: options.r, p: options.p, maxmem: options.maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), {
    ...SCRYPT,
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keylen: expected.length,
  });
  return timingSafeEqual(actual, expected);
}

export function cardUidMac(uid: string, secret: string): string {
  return createHmac('sha256', secret).update(uid.trim().toUpperCase()).digest('base64url');
}

export function verifyCardUid(uid: string, storedMac: string | null, secret: string): boolean {
  if (!storedMac) return false;
  const a = Buffer.from(cardUidMac(uid, secret));
  const b = Buffer.from(storedMac);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function totpFor(secretBase32: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), digits: 6, period: 30, algorithm: 'SHA1' });
}

/**
 * The accepted TOTP time step, or null. Callers store it and refuse a step not newer than the last one
 * accepted, so an overheard code cannot be replayed within its validity window (RFC 6238 §5.2).
 */
export function verifyTotp(code: string, secretBase32: string | null, now = Date.now()): number | null {
  if (!secretBase32) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 30_000) + delta;
}

/** Session tokens carry their tenant in clear (to scope the lookup under RLS) and 256 random bits. */
export function newSessionToken(tenantId: string): string {
  return `${tenantId}.${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function tenantOfToken(token: string): string | null {
  const match = /^(\d{6})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return match?.[1] ?? null;
}
