/**
 * The database port. Every request runs in one transaction as the runtime role (madoguchi_app: NOSUPERUSER,
 * NOBYPASSRLS, owns nothing) with the tenant set transaction-locally (`set_config('app.tenant_id', …, true)`),
 * so row-level security — not application code — keeps 美濃加茂市 and 坂祝町 apart, and nothing leaks to the
 * next transaction on a pooled connection.
 */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** tenantId null runs with no tenant: every tenant-owned table then reads empty and refuses writes. */
  transaction<T>(tenantId: string | null, work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Raised for SQLSTATE 23505 etc.; carries the code so callers can map it to an API error. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
