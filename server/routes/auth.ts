import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorBody, IdParam, LoginRequest, LoginResponse, StaffProfile } from '../../shared/api/schemas';
import { appendAudit } from '../audit/chain';
import { newSessionToken, tokenHash, verifyCardUid, verifyPassword, verifyTotp } from '../auth/credentials';
import { asStaffOnce, asStaff, type AppContext } from '../http/context';
import { ApiError, errors } from '../http/errors';
import { LoginThrottle } from '../auth/throttle';
import { loginRef } from '../security/events';

/** A well-formed scrypt hash of nothing: checked against when there is no account, to even out timing. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

interface StaffRow {
  staff_id: string;
  display_name: string;
  role: StaffProfile['role'];
  department: string | null;
  password_hash: string;
  card_uid_mac: string | null;
  totp_secret: string | null;
  totp_last_step: string | number | null;
  active: boolean;
}

/** The answer to a throttled login: typed, with the wait in seconds (also as Retry-After). Says nothing of the id. */
const throttled = (retryAfterSeconds: number) =>
  new ApiError(429, 'login_throttled', 'ログインの失敗が続いたため、しばらくログインを受け付けません。表示された時間をおいてから、もう一度お試しください。', { retryAfterSeconds });

const UnlockResponse = z.object({ staffId: z.string().uuid(), unlocked: z.literal(true) });

/**
 * Staff login with two factors: password AND (staff IC card UID or TOTP). The schema makes both mandatory,
 * and both are checked before anything is said about either, so neither factor alone ever yields a session
 * or reveals which one was wrong.
 *
 * Failures are throttled (server/auth/throttle.ts) per source, per login id from that source, and per login id
 * from sources that name no registered terminal — with back-off, never a lock: what an attacker does from
 * elsewhere cannot keep the clerk at the counter terminal out. Known and unknown ids take the same path, the
 * same password-hash work and get the same answers. A supervisor can clear an account's counts
 * (POST /v1/staff/{id}/unlock). Every failure and unlock is audited, and each throttled (id, source) once a
 * minute — never the password or code.
 */
export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const throttle = ctx.loginThrottle ?? new LoginThrottle();

  r.post('/v1/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Staff login (password + staff card or TOTP); failures are throttled per source and account (429 with Retry-After)',
      body: LoginRequest,
      response: { 200: LoginResponse, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 429: ApiErrorBody },
    },
    handler: async (request, reply) => {
      const input = request.body;
      let tenantKnown = false;
      const outcome = await ctx.db.transaction(input.tenantId, async (sql) => {
        const now = ctx.now();
        const [tenant] = await sql.query<{ name_ja: string; name_en: string }>('SELECT name_ja, name_en FROM tenants WHERE tenant_id = $1', [input.tenantId]);
        tenantKnown = Boolean(tenant);
        const [terminal] = tenant ? await sql.query<{ active: boolean }>('SELECT active FROM terminals WHERE terminal_id = $1', [input.terminalId]) : [];
        const attempt = { source: request.ip, tenantId: input.tenantId, loginId: input.loginId, registeredTerminal: terminal?.active === true };
        const audit = (action: 'login' | 'login_failed', staffId: string | null, detail: Record<string, unknown>) =>
          tenant ? appendAudit(sql, input.tenantId, { staffId, terminalId: terminal ? input.terminalId : null, action, detail }, now) : Promise.resolve();
        // For monitoring: the login id as typed is never in an event, only its keyed hash (server/security/events.ts).
        const securityEvent = (code: 'login_failed' | 'login_throttled', staffId: string | null, detail: Record<string, string | number>) =>
          ctx.events.emit({
            code,
            tenantId: tenant ? input.tenantId : null,
            staffId,
            terminalId: terminal ? input.terminalId : null,
            source: request.ip,
            detail: { loginRef: loginRef(ctx.config.secret, input.tenantId, input.loginId), registeredTerminal: attempt.registeredTerminal, ...detail },
          });

        // Before any password work: a throttled source spends nothing of ours, and learns nothing.
        const wait = throttle.waitMs(attempt, now.getTime());
        if (wait > 0) {
          if (throttle.auditRefusal(attempt, now.getTime())) {
            await audit('login_failed', null, { reason: 'throttled' });
            securityEvent('login_throttled', null, { retryAfterSeconds: Math.ceil(wait / 1000) });
          }
          return { error: throttled(Math.ceil(wait / 1000)) };
        }
        const [staff] = tenant ? await sql.query<StaffRow>('SELECT * FROM staff WHERE login_id = $1', [input.loginId]) : [];
        if (!staff || !staff.active) {
          // An unknown municipality or login id answers exactly like a wrong password, after the same hash work.
          await verifyPassword(input.password, DUMMY_HASH);
          throttle.failed(attempt, now.getTime());
          await audit('login_failed', null, { reason: 'unknown_login' });
          securityEvent('login_failed', null, { reason: 'unknown_login' });
          return { error: errors.invalidCredentials() };
        }
        const passwordOk = await verifyPassword(input.password, staff.password_hash);
        const factor = input.secondFactor;
        const totpStep = factor.kind === 'totp' ? verifyTotp(factor.code, staff.totp_secret, now.getTime()) : null;
        const factorOk =
          factor.kind === 'card'
            ? verifyCardUid(factor.uid, staff.card_uid_mac, ctx.config.secret)
            : totpStep !== null && (staff.totp_last_step === null || totpStep > Number(staff.totp_last_step));
        if (!passwordOk || !factorOk) {
          throttle.failed(attempt, now.getTime());
          // Counted for the supervisor's view; it locks nothing (a count anyone can raise must not lock a clerk out).
          await sql.query('UPDATE staff SET failed_attempts = failed_attempts + 1 WHERE staff_id = $1', [staff.staff_id]);
          await audit('login_failed', staff.staff_id, { reason: 'bad_credentials', factor: factor.kind });
          securityEvent('login_failed', staff.staff_id, { reason: 'bad_credentials', factor: factor.kind });
          return { error: errors.invalidCredentials() };
        }
        if (!terminal?.active) {
          await audit('login_failed', staff.staff_id, { reason: 'unknown_terminal' });
          securityEvent('login_failed', staff.staff_id, { reason: 'unknown_terminal' });
          return { error: errors.unknownTerminal() };
        }
        throttle.succeeded(attempt);
        await sql.query('UPDATE staff SET failed_attempts = 0, locked_until = NULL, totp_last_step = coalesce($2, totp_last_step) WHERE staff_id = $1', [
          staff.staff_id,
          totpStep,
        ]);
        const token = newSessionToken(input.tenantId);
        const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000);
        await sql.query(
          `INSERT INTO staff_sessions (tenant_id, token_hash, staff_id, terminal_id, created_at, last_seen_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $5, $6)`,
          [input.tenantId, tokenHash(token), staff.staff_id, input.terminalId, now.toISOString(), expiresAt.toISOString()],
        );
        await audit('login', staff.staff_id, { factor: factor.kind });
        return {
          value: {
            token,
            expiresAt: expiresAt.toISOString(),
            idleTimeoutSeconds: ctx.config.idleMinutes * 60,
            staff: {
              staffId: staff.staff_id,
              tenantId: input.tenantId,
              displayName: staff.display_name,
              role: staff.role,
              department: staff.department,
              terminalId: input.terminalId,
            },
            tenant: { tenantId: input.tenantId, nameJa: tenant!.name_ja, nameEn: tenant!.name_en },
          },
        };
      });
      // Login failures are what one of the anomaly rules counts.
      if (tenantKnown) ctx.anomalies?.touch(input.tenantId);
      // The failure bookkeeping above is committed before the error is raised.
      if ('error' in outcome && outcome.error) {
        const retryAfter = (outcome.error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
        throw outcome.error;
      }
      return outcome.value;
    },
  });

  r.post('/v1/staff/:id/unlock', {
    schema: {
      tags: ['admin'],
      summary: "A supervisor clears a staff member's login failures and throttles (every source), e.g. after a clerk was kept waiting (idempotent)",
      params: IdParam,
      response: { 200: UnlockResponse, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 422: ApiErrorBody },
    },
    handler: async (request) =>
      (
        await asStaffOnce(ctx, request, ['supervisor', 'tenant_admin'], async (sql, staff) => {
          const [target] = await sql.query<{ login_id: string }>(
            'UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE staff_id = $1 RETURNING login_id',
            [request.params.id],
          );
          if (!target) throw errors.notFound('職員');
          throttle.reset(staff.tenantId, target.login_id);
          await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'update', purpose: 'login_unlock', detail: { staffId: request.params.id } }, ctx.now());
          ctx.events.emit({ code: 'login_unlocked', tenantId: staff.tenantId, staffId: staff.staffId, terminalId: staff.terminalId, source: request.ip, detail: { targetStaffId: request.params.id } });
          return { status: 200, body: { staffId: request.params.id, unlocked: true as const } };
        })
      ).body,
  });

  r.post('/v1/auth/logout', {
    schema: { tags: ['auth'], summary: 'End this session', response: { 200: z.object({ ok: z.literal(true) }), 401: ApiErrorBody } },
    handler: async (request) =>
      (
        await asStaffOnce(ctx, request, 'any', async (sql, staff) => {
          const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
          await sql.query('DELETE FROM staff_sessions WHERE token_hash = $1', [tokenHash(token)]);
          await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'logout' }, ctx.now());
          return { status: 200, body: { ok: true as const } };
        })
      ).body,
  });

  r.get('/v1/me', {
    schema: { tags: ['auth'], summary: 'The signed-in staff member', response: { 200: StaffProfile, 401: ApiErrorBody } },
    handler: async (request) => asStaff(ctx, request, 'any', async (_sql, staff) => staff),
  });
}
