import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Something that can run a script of several statements (PGlite `exec`, pg `query` without parameters). */
export interface ScriptRunner {
  exec(script: string): Promise<void>;
  rows<R>(text: string): Promise<R[]>;
}

/** Beside this module in the source tree; the build copies the folder next to each bundle that embeds it. */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Applies server/db/migrations/*.sql in name order, once each, as the schema owner. One migration set for
 * PGlite and PostgreSQL alike. Each file runs in its own transaction with its bookkeeping row.
 */
export async function migrate(runner: ScriptRunner, dir = MIGRATIONS_DIR): Promise<string[]> {
  await runner.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const done = new Set((await runner.rows<{ name: string }>('SELECT name FROM schema_migrations')).map((row) => row.name));
  const applied: string[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.sql')).sort()) {
    if (done.has(name)) continue;
    const script = readFileSync(path.join(dir, name), 'utf8');
    await runner.exec(`BEGIN;\n${script}\n;INSERT INTO schema_migrations (name) VALUES ('${name.replace(/'/g, "''")}');\nCOMMIT;`);
    applied.push(name);
  }
  return applied;
}
