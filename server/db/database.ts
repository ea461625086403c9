/**
 * The database port. Every request runs in one transaction as the runtime role (madoguchi_app: NOSUPERUSER,
 * NOBYPASSRLS, owns nothing) bound to its tenant by `bind_tenant()` with a MAC only the server can make
 * (server/db/binding.ts, migration 013), so row-level security — not application code — keeps 美濃加茂市 and
 * 坂祝町 apart, SQL run as the runtime role cannot pick a tenant, and nothing carries over to the next
 * transaction on a pooled connection.
 */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** tenantId null runs with no tenant: every tenant-owned table then reads empty and refuses writes. */
  transaction<T>(tenantId: string | null, work: (sql: Sql) => Promise<T>): Promise<T>;
  /** Re-binds an open transaction of this database to another tenant (the handoff claim's audit rows only). */
  bindTenant(sql: Sql, tenantId: string): Promise<void>;
  close(): Promise<void>;
}

/** Raised for SQLSTATE 23505 etc.; carries the code so callers can map it to an API error. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
