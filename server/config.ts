import { securityEventsConfigFromEnv, type SecurityEventsConfig } from './security/events';
import path from 'node:path';

/** Backend settings, from the environment (`npm run server`). */
export interface ServerConfig {
  port: number;
  host: string;
  /** Embedded PGlite data directory; unset → in memory. Ignored when databaseUrl is set. */
  dataDir?: string;
  /** PostgreSQL server as the runtime role. */
  databaseUrl?: string;
  /** PostgreSQL server as the schema owner, for migrations. */
  databaseOwnerUrl?: string;
  demo: boolean;
  /** Keys the HMAC of staff card UIDs. Required outside demo mode. */
  secret: string;
  sessionHours: number;
  idleMinutes: number;
  idempotencyRetentionDays: number;
  /**
   * The tenant binding key (hex, MADOGUCHI_BINDING_KEY) for a PostgreSQL runtime without DATABASE_OWNER_URL;
   * with an owner URL (and on PGlite) it is read from the database at start-up.
   */
  bindingKeyHex?: string;
  /** Where security events go besides the database: JSON lines (SECURITY_EVENTS_JSONL) and syslog collectors (SECURITY_EVENTS_SYSLOG). */
  securityEvents?: SecurityEventsConfig;
  /**
   * The audit chain's HMAC key (hex, ≥ 32 bytes, MADOGUCHI_AUDIT_KEY). Held by the server only, never by the
   * database: a superuser who rewrites audit rows cannot make links that verify. Demo default in demo mode only.
   */
  auditKeyHex?: string;
  /** The Ed25519 seed (hex, 32 bytes, MADOGUCHI_AUDIT_SIGNING_KEY) that signs audit checkpoints. Demo default in demo mode only. */
  auditSigningKeyHex?: string;
  /** Where signed checkpoints are appended (<tenant>.jsonl), outside the database. Unset → none written. */
  auditCheckpointDir?: string;
  /** Minutes between periodic checkpoints (default 15). */
  auditCheckpointMinutes?: number;
}

export const DEMO_SECRET = 'madoguchi-demo-secret-not-for-production';

export function configFromEnv(env: NodeJS.ProcessEnv): ServerConfig {
  const demo = env.DEMO === '1';
  const secret = env.MADOGUCHI_SECRET ?? (demo ? DEMO_SECRET : '');
  if (!secret) throw new Error('MADOGUCHI_SECRET is required (or DEMO=1 for the demo)');
  if (!demo && (!env.MADOGUCHI_AUDIT_KEY || !env.MADOGUCHI_AUDIT_SIGNING_KEY)) {
    throw new Error('MADOGUCHI_AUDIT_KEY and MADOGUCHI_AUDIT_SIGNING_KEY (hex) are required (or DEMO=1 for the demo)');
  }
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    dataDir: env.DATA_DIR || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseOwnerUrl: env.DATABASE_OWNER_URL || undefined,
    demo,
    secret,
    sessionHours: 8,
    idleMinutes: 15,
    idempotencyRetentionDays: Math.max(30, Number(env.IDEMPOTENCY_RETENTION_DAYS ?? 35)),
    bindingKeyHex: env.MADOGUCHI_BINDING_KEY || undefined,
    securityEvents: securityEventsConfigFromEnv(env),
    auditKeyHex: env.MADOGUCHI_AUDIT_KEY || undefined,
    auditSigningKeyHex: env.MADOGUCHI_AUDIT_SIGNING_KEY || undefined,
    auditCheckpointDir: env.MADOGUCHI_AUDIT_CHECKPOINT_DIR || (env.DATA_DIR ? path.join(path.dirname(path.resolve(env.DATA_DIR)), 'audit-checkpoints') : undefined),
    auditCheckpointMinutes: Math.min(24 * 60, Math.max(1, Number(env.MADOGUCHI_AUDIT_CHECKPOINT_MINUTES ?? 15) || 15)),
  };
}
