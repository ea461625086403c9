import type { Sql } from './database';

/**
 * Startup self-check: the server refuses to serve if tenant isolation could be bypassed.
 * Runs as the runtime role, with no tenant set.
 */
export async function isolationProblems(sql: Sql): Promise<string[]> {
  const problems: string[] = [];
  const [role] = await sql.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(
    'SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
  );
  if (!role) problems.push('the current role is unknown');
  else {
    if (role.rolsuper) problems.push(`role ${role.rolname} is a superuser (superusers bypass row-level security)`);
    if (role.rolbypassrls) problems.push(`role ${role.rolname} has BYPASSRLS`);
  }
  const owned = await sql.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p') AND pg_get_userbyid(c.relowner) = current_user`,
  );
  for (const { relname } of owned) problems.push(`the runtime role owns ${relname} (an owner can disable RLS)`);

  const unprotected = await sql.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        AND NOT (c.relrowsecurity AND c.relforcerowsecurity)`,
  );
  for (const { relname } of unprotected) problems.push(`table ${relname} has tenant_id but RLS is not enabled and forced`);

  // The tenant binding (migration 013): the runtime role must not read its key nor write bindings itself.
  const [binding] = await sql.query<{ key: boolean; write: boolean }>(
    `SELECT has_table_privilege('tenant_binding_key', 'SELECT, INSERT, UPDATE, DELETE') AS key,
            has_table_privilege('tenant_bindings', 'SELECT, INSERT, UPDATE, DELETE') AS write`,
  );
  if (binding?.key) problems.push('the runtime role can reach the tenant binding key');
  if (binding?.write) problems.push('the runtime role can read or write tenant bindings itself');

  const views = await sql.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'v'
        AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false)`,
  );
  for (const { relname } of views) problems.push(`view ${relname} is not security_invoker`);
  return problems;
}
