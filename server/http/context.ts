import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { StaffProfile } from '../../shared/api/schemas';
import { tenantOfToken, tokenHash } from '../auth/credentials';
import type { LoginThrottle } from '../auth/throttle';
import type { ServerConfig } from '../config';
import type { Database, Sql } from '../db/database';
import type { SecurityEvents } from '../security/events';
import type { AnomalyWatch } from '../security/anomalies';
import { ApiError, errors } from './errors';

export interface AppContext {
  db: Database;
  config: ServerConfig;
  now: () => Date;
  /** Login failure counts (one per app unless a test shares or inspects one). */
  loginThrottle?: LoginThrottle;
  /** The security event stream for monitoring (server/security/events.ts). */
  events: SecurityEvents;
  /** Evaluates the tenant's anomaly rules now and then, after its requests (server/security/anomalies.ts). */
  anomalies?: AnomalyWatch;
}

/** When each tenant's old idempotency keys were last purged (in this process). */
const lastPurge = new Map<string, number>();
const PURGE_EVERY_MS = 3_600_000;

/**
 * Keys are kept for the configured retention (at least 30 days: the counter's offline mode replays within
 * that window) and then dropped — lazily, at most hourly per tenant, inside a request already scoped to it,
 * because RLS lets no process see every tenant's rows at once.
 */
async function purgeOldKeys(sql: Sql, tenantId: string, now: Date, retentionDays: number): Promise<void> {
  const last = lastPurge.get(tenantId) ?? 0;
  if (now.getTime() - last < PURGE_EVERY_MS) return;
  lastPurge.set(tenantId, now.getTime());
  const cutoff = new Date(now.getTime() - Math.max(30, retentionDays) * 86_400_000);
  await sql.query('DELETE FROM idempotency_keys WHERE created_at < $1', [cutoff.toISOString()]);
}

export type StaffRoleName = StaffProfile['role'];

interface SessionRow {
  staff_id: string;
  terminal_id: string;
  display_name: string;
  role: StaffRoleName;
  department: string | null;
  expires_at: Date;
  last_seen_at: Date;
  active: boolean;
}

/**
 * Runs `work` in one transaction scoped to the caller's tenant, after checking the session. The tenant comes
 * from the session token the server issued — never from a header the client could change — so a 坂祝町
 * session can only ever set '215015'.
 */
export async function asStaff<T>(
  ctx: AppContext,
  request: FastifyRequest,
  roles: readonly StaffRoleName[] | 'any',
  work: (sql: Sql, staff: StaffProfile) => Promise<T>,
): Promise<T> {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const tenantId = token ? tenantOfToken(token) : null;
  if (!token || !tenantId) throw errors.unauthenticated();
  const admitted = { value: false };
  try {
    return await inTenant(ctx, request, token, tenantId, roles, work, admitted);
  } finally {
    // After the transaction, and only for a live session: a made-up token starts no evaluation.
    if (admitted.value) ctx.anomalies?.touch(tenantId);
  }
}

async function inTenant<T>(
  ctx: AppContext,
  request: FastifyRequest,
  token: string,
  tenantId: string,
  roles: readonly StaffRoleName[] | 'any',
  work: (sql: Sql, staff: StaffProfile) => Promise<T>,
  admitted: { value: boolean },
): Promise<T> {
  return ctx.db.transaction(tenantId, async (sql) => {
    const now = ctx.now();
    const [session] = await sql.query<SessionRow>(
      `SELECT s.staff_id, s.terminal_id, s.expires_at, s.last_seen_at, f.display_name, f.role, f.department, f.active
         FROM staff_sessions s JOIN staff f USING (tenant_id, staff_id)
        WHERE s.token_hash = $1`,
      [tokenHash(token)],
    );
    const idleLimit = ctx.config.idleMinutes * 60_000;
    if (!session || !session.active || new Date(session.expires_at) <= now || now.getTime() - new Date(session.last_seen_at).getTime() > idleLimit) {
      throw errors.unauthenticated();
    }
    admitted.value = true;
    if (roles !== 'any' && !roles.includes(session.role)) throw errors.forbidden();
    await sql.query('UPDATE staff_sessions SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash(token), now.toISOString()]);
    const staff: StaffProfile = {
      staffId: session.staff_id,
      tenantId,
      displayName: session.display_name,
      role: session.role,
      department: session.department,
      terminalId: session.terminal_id,
    };
    try {
      return await work(sql, staff);
    } catch (error) {
      // Every isolation check answers an id this tenant does not hold with 404 — another tenant's record and a
      // missing one alike (RLS cannot tell them apart, and the answer must not). Clerks reach records from
      // search results, so such a miss is worth a look: a cross-tenant denial for the monitoring team.
      if (error instanceof ApiError && error.status === 404) {
        ctx.events.emit({
          code: 'reference_denied',
          tenantId,
          staffId: staff.staffId,
          terminalId: staff.terminalId,
          source: request.ip,
          detail: { method: request.method, operation: request.routeOptions.url, reason: error.code },
        });
      }
      throw error;
    }
  });
}

export interface Reply<T> {
  status: number;
  body: T;
}

/**
 * A mutating request: authenticated, and answered once per Idempotency-Key. The key row is inserted in the
 * same transaction as the change, so the change and its stored answer commit or roll back together; a
 * concurrent duplicate waits on the key's unique index and then returns the stored answer.
 */
export async function asStaffOnce<T>(
  ctx: AppContext,
  request: FastifyRequest,
  roles: readonly StaffRoleName[] | 'any',
  work: (sql: Sql, staff: StaffProfile) => Promise<Reply<T>>,
): Promise<Reply<T>> {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length < 8 || key.length > 128) throw errors.idempotencyKeyRequired();
  return asStaff(ctx, request, roles, async (sql, staff) => {
    await purgeOldKeys(sql, staff.tenantId, ctx.now(), ctx.config.idempotencyRetentionDays);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([request.method, request.routeOptions.url, request.params, staff.staffId, request.body ?? null]))
      .digest('base64url');
    const inserted = await sql.query(
      `INSERT INTO idempotency_keys (tenant_id, key, staff_id, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING key`,
      [staff.tenantId, key, staff.staffId, fingerprint, ctx.now().toISOString()],
    );
    if (inserted.length === 0) {
      const [stored] = await sql.query<{ fingerprint: string; status_code: number | null; response: unknown }>(
        'SELECT fingerprint, status_code, response FROM idempotency_keys WHERE key = $1',
        [key],
      );
      if (!stored || stored.fingerprint !== fingerprint || stored.status_code === null) throw errors.idempotencyKeyReused();
      return { status: stored.status_code, body: stored.response as T };
    }
    const reply = await work(sql, staff);
    await sql.query('UPDATE idempotency_keys SET status_code = $2, response = $3 WHERE key = $1', [key, reply.status, JSON.stringify(reply.body)]);
    return reply;
  });
}
