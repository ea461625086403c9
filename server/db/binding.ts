import { createHmac } from 'node:crypto';
import type { Sql } from './database';

/**
 * The tenant binding of a transaction (migration 013). The server proves to the database which tenant a
 * transaction is for with an HMAC of (tenant, backend pid, transaction id) under a key that only the schema owner
 * can read; `bind_tenant()` checks it and records the binding where the runtime role cannot write. So SQL run as
 * the runtime role — an injection included — cannot choose a tenant: it has no key, and a MAC fits one
 * transaction only.
 */
export type BindingKey = Buffer;

export function bindingMac(key: BindingKey, tenantId: string, pid: number | string, xid: string): string {
  return createHmac('sha256', key).update(`${tenantId}|${pid}|${xid}`).digest('hex');
}

/** Binds the open transaction of `sql` to `tenantId` (again, if it was bound to another). */
export async function bindTenant(sql: Sql, key: BindingKey, tenantId: string): Promise<void> {
  const [row] = await sql.query<{ pid: number; xid: string }>('SELECT pg_backend_pid() AS pid, pg_current_xact_id()::text AS xid');
  if (!row) throw new Error('no backend pid / transaction id');
  await sql.query('SELECT bind_tenant($1, $2)', [tenantId, bindingMac(key, tenantId, row.pid, row.xid)]);
}

/** The key, read with the schema owner's rights (the runtime role is refused). */
export async function readBindingKey(query: <R>(text: string) => Promise<R[]>): Promise<BindingKey> {
  const [row] = await query<{ key: string }>("SELECT encode(key, 'hex') AS key FROM tenant_binding_key");
  if (!row) throw new Error('no tenant binding key in the database (migration 013 not applied?)');
  return Buffer.from(row.key, 'hex');
}

/** A key given as hex (MADOGUCHI_BINDING_KEY), for a runtime that has no owner connection to read it with. */
export function bindingKeyFromHex(hex: string | undefined): BindingKey | undefined {
  return hex && /^([0-9a-f]{2}){32,}$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}
