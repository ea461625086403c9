import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorBody, LoginRequest, LoginResponse, StaffProfile } from '../../shared/api/schemas';
import { appendAudit } from '../audit/chain';
import { newSessionToken, tokenHash, verifyCardUid, verifyPassword, verifyTotp } from '../auth/credentials';
import { asStaffOnce, asStaff, type AppContext } from '../http/context';
import { errors } from '../http/errors';

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
  failed_attempts: number;
  locked_until: Date | null;
  active: boolean;
}

/**
 * Staff login with two factors: password AND (staff IC card UID or TOTP). The schema makes both mandatory,
 * and both are checked before anything is said about either, so neither factor alone ever yields a session
 * or reveals which one was wrong. Failures count towards a temporary lockout.
 */
export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/v1/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Staff login (password + staff card or TOTP)',
      body: LoginRequest,
      response: { 200: LoginResponse, 401: ApiErrorBody, 403: ApiErrorBody, 423: ApiErrorBody },
    },
    handler: async (request) => {
      const input = request.body;
      const outcome = await ctx.db.transaction(input.tenantId, async (sql) => {
        const now = ctx.now();
        const [tenant] = await sql.query<{ name_ja: string; name_en: string }>('SELECT name_ja, name_en FROM tenants WHERE tenant_id = $1', [input.tenantId]);
        if (!tenant) {
          // An unknown municipality answers exactly like an unknown login id (and takes as long).
          await verifyPassword(input.password, DUMMY_HASH);
          return { error: errors.invalidCredentials() };
        }
        const [staff] = await sql.query<StaffRow>('SELECT * FROM staff WHERE login_id = $1', [input.loginId]);
        const [terminal] = await sql.query<{ active: boolean }>('SELECT active FROM terminals WHERE terminal_id = $1', [input.terminalId]);
        const audit = (action: 'login' | 'login_failed', staffId: string | null, detail: Record<string, unknown>) =>
          appendAudit(sql, input.tenantId, { staffId, terminalId: terminal ? input.terminalId : null, action, detail }, now);

        if (!staff || !staff.active) {
          // Still spend the time of a password check, so response timing does not reveal valid login ids.
          await verifyPassword(input.password, DUMMY_HASH);
          await audit('login_failed', null, { reason: 'unknown_login' });
          return { error: errors.invalidCredentials() };
        }
        if (staff.locked_until && new Date(staff.locked_until) > now) {
          await audit('login_failed', staff.staff_id, { reason: 'locked' });
          return { error: errors.locked(new Date(staff.locked_until)) };
        }
        const passwordOk = await verifyPassword(input.password, staff.password_hash);
        const factor = input.secondFactor;
        const totpStep = factor.kind === 'totp' ? verifyTotp(factor.code, staff.totp_secret, now.getTime()) : null;
        const factorOk =
          factor.kind === 'card'
            ? verifyCardUid(factor.uid, staff.card_uid_mac, ctx.config.secret)
            : totpStep !== null && (staff.totp_last_step === null || totpStep > Number(staff.totp_last_step));
        if (!passwordOk || !factorOk) {
          const attempts = staff.failed_attempts + 1;
          const lockedUntil = attempts >= ctx.config.lockoutThreshold ? new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000) : null;
          await sql.query('UPDATE staff SET failed_attempts = $2, locked_until = $3 WHERE staff_id = $1', [
            staff.staff_id,
            lockedUntil ? 0 : attempts,
            lockedUntil?.toISOString() ?? null,
          ]);
          await audit('login_failed', staff.staff_id, { reason: 'bad_credentials', factor: factor.kind, locked: lockedUntil !== null });
          return { error: lockedUntil ? errors.locked(lockedUntil) : errors.invalidCredentials() };
        }
        if (!terminal?.active) {
          await audit('login_failed', staff.staff_id, { reason: 'unknown_terminal' });
          return { error: errors.unknownTerminal() };
        }
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
            tenant: { tenantId: input.tenantId, nameJa: tenant.name_ja, nameEn: tenant.name_en },
          },
        };
      });
      // The failure bookkeeping above is committed before the error is raised.
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    },
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
