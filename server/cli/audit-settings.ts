import path from 'node:path';
import { DEMO_AUDIT_KEY_HEX, auditKeyFromHex } from '../audit/chain';
import { DEMO_AUDIT_SIGNING_KEY_HEX } from '../audit/checkpoint';
import type { Database } from '../db/database';
import { bindingKeyFromHex } from '../db/binding';
import { openPglite } from '../db/pglite';
import { openPostgres } from '../db/postgres';

/** The audit CLIs' shared settings (environment), with the demo keys as defaults only under DEMO=1. */
export const env = process.env;
export const demo = env.DEMO === '1';

export function usage(message: string): never {
  process.stderr.write(`${path.basename(process.argv[1] ?? 'audit')}: ${message}\n`);
  process.exit(2);
}

export function tenantsFromArgs(): string[] {
  const tenants = process.argv.slice(2).filter((arg) => /^\d{6}$/.test(arg));
  return tenants.length ? tenants : ['212113', '215015'];
}

export function auditKey(): Buffer {
  return auditKeyFromHex(env.MADOGUCHI_AUDIT_KEY || (demo ? DEMO_AUDIT_KEY_HEX : undefined)) ?? usage('MADOGUCHI_AUDIT_KEY (hex, at least 32 bytes) is required');
}

export function signingKeyHex(): string | undefined {
  return env.MADOGUCHI_AUDIT_SIGNING_KEY || (demo ? DEMO_AUDIT_SIGNING_KEY_HEX : undefined);
}

export function checkpointDir(): string {
  return env.MADOGUCHI_AUDIT_CHECKPOINT_DIR || (env.DATA_DIR ? path.join(path.dirname(path.resolve(env.DATA_DIR)), 'audit-checkpoints') : usage('MADOGUCHI_AUDIT_CHECKPOINT_DIR is required'));
}

/** The database as for `npm run server`: DATA_DIR (PGlite), or DATABASE_URL as the runtime role with MADOGUCHI_BINDING_KEY. */
export async function openDatabase(): Promise<Database> {
  if (env.DATABASE_URL) {
    const bindingKey = bindingKeyFromHex(env.MADOGUCHI_BINDING_KEY) ?? usage('MADOGUCHI_BINDING_KEY (hex) is required with DATABASE_URL: the tenant binding key');
    return openPostgres(env.DATABASE_URL, bindingKey, 1);
  }
  const embedded = await openPglite(env.DATA_DIR || undefined);
  await embedded.lockToRuntimeRole();
  return embedded;
}
