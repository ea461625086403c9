import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { ApiErrorBody, ClaimedHandoff, ClaimHandoffRequest, CreateHandoffRequest, Handoff, handoffCodeLetters, MemberTownsResponse, type Newcomer } from '../../shared/api/schemas';
import { appendAudit, type AuditInput } from '../audit/chain';
import type { Sql } from '../db/database';
import { asStaff, asStaffOnce, type AppContext } from '../http/context';
import { ApiError, errors } from '../http/errors';
import { dateInJapan } from '../../shared/domain/dates';
import { addDays } from '../../shared/rules/dates';
import { toResident, type ResidentRow } from './residents';

/**
 * 特例転入 between member towns of this cloud (both on this one backend). The town the residents leave (A) makes,
 * after their 転出 is submitted, a handoff for the town they move to (B): a row in A's tenant holding only the
 * 転出証明書 items, claimable by B's staff with the one-time code printed on the 転出 receipt and one member's
 * birth date. B reads it only through the SECURITY DEFINER function claim_handoff() (migration 009), which
 * takes the caller's tenant from current_tenant(); every other table stays as isolated as before.
 */

/** How long after the 転出予定日 the receiving town may claim (the 転入届 is due within 14 days of moving in). */
export const HANDOFF_VALID_DAYS = 30;
/** Refused claims a clerk may make in the window before the backend stops answering them for a while. */
export const CLAIM_ATTEMPTS = 10;
const CLAIM_WINDOW_MS = 15 * 60_000;

/** Crockford-like Base32 without 0/1/I/O, which are misread from paper. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_LENGTH = 10; // 50 bits

/**
 * The code of a handoff: an HMAC of its random id under the server secret, so the replay of the creating request
 * (Idempotency-Key) answers the same code while neither the code nor anything it is derived from readably is
 * stored — the row keeps only `codeHash`. Printed as XXXXX-XXXXX.
 */
export function handoffCode(secret: string, handoffId: string): string {
  const digest = createHmac('sha256', secret).update(`madoguchi-handoff:${handoffId}`).digest();
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) {
    const bit = i * 5;
    const value = ((digest.readUInt16BE(Math.floor(bit / 8)) >> (11 - (bit % 8))) & 0x1f) >>> 0;
    code += CODE_ALPHABET[value];
  }
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The stored form of a code: keyed (a database reader cannot try the 2^50 codes) and bound to the destination. */
export function handoffCodeHash(secret: string, destinationTenantId: string, code: string): string {
  return createHmac('sha256', secret).update(`madoguchi-handoff-code:${destinationTenantId}:${handoffCodeLetters(code)}`).digest('hex');
}

const handoffErrors = {
  notMovingOut: () => new ApiError(422, 'handoff_not_moving_out', '引継ぎは、送信済みの転出の来庁からだけ作れます。'),
  notSubmitted: () => new ApiError(422, 'handoff_not_submitted', '転出の届出を送信してから、引継ぎを作ってください。'),
  unknownDestination: () => new ApiError(422, 'handoff_unknown_destination', '転出先は、この自治体クラウドに参加している他の市町村を指定してください。'),
  exists: () => new ApiError(409, 'handoff_exists', 'この来庁の引継ぎはすでに作成されています。受付票のコードを使ってください。'),
  expiredAlready: () => new ApiError(422, 'handoff_expired', '転出予定日から30日を過ぎているため、引継ぎは作れません。転出証明書で転入の手続きをしてください。'),
  // The same answer for an unknown code and a wrong birth date: nothing tells which was wrong.
  notFound: () => new ApiError(404, 'handoff_not_found', 'コードと生年月日に合う引継ぎがありません。転出の受付票のコードと、転入する方の生年月日を確かめてください。'),
  claimed: () => new ApiError(409, 'handoff_claimed', 'この引継ぎはすでに受け取られています。同じ世帯の転入がすでに受け付けられていないか確かめてください。'),
  expired: () => new ApiError(410, 'handoff_expired', '引継ぎの有効期限（転出予定日から30日）が過ぎています。転出証明書で転入の手続きをしてください。'),
  throttled: () => new ApiError(429, 'handoff_throttled', '引継ぎの受取りに続けて失敗したため、しばらく受け付けません。15分ほどおいてから、コードを確かめて入力してください。'),
};

type HandedOffItems = Omit<Newcomer, 'residentId'>;

type MoverRow = ResidentRow & { household_address: string; honseki: string | null; hittousha: string | null; landing_permission: Newcomer['landingPermission'] };

/** Only the 転出証明書 items of a resident (no ids, no insurance, no support measures, no card data beyond its number). */
function certificateItems(row: MoverRow, movingOutOn: string): HandedOffItems {
  const { relation, kind, name, nameKana, alphabetName, birthDate, sex, nationality, residenceCategory, residenceStatus, periodOfStay, stayExpiresOn, residenceCardNumber, hasMyNumberCard } = toResident(row);
  return {
    relation, kind, name, nameKana, alphabetName, birthDate, sex, nationality, residenceCategory, residenceStatus, periodOfStay, stayExpiresOn, residenceCardNumber, hasMyNumberCard,
    previousAddress: row.household_address,
    movedOutOn: movingOutOn,
    honseki: row.honseki,
    hittousha: row.hittousha,
    landingPermission: row.landing_permission,
  };
}

/**
 * The one place the backend writes into a tenant other than the session's: the source town's own audit rows for a
 * claim of its handoff, in the claim's transaction (both commit or neither). The tenant is set back before
 * anything else runs.
 */
async function auditInSourceTown(ctx: AppContext, sql: Sql, sourceTenantId: string, sessionTenantId: string, entries: AuditInput[], now: Date): Promise<void> {
  // Re-bound by the server with its key (migration 013): SQL of the runtime role could not switch tenants itself.
  await ctx.db.bindTenant(sql, sourceTenantId);
  try {
    for (const entry of entries) await appendAudit(sql, sourceTenantId, entry, now);
  } finally {
    await ctx.db.bindTenant(sql, sessionTenantId);
  }
}

export function handoffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // The towns a 転出 can be handed to: every other member town (names and codes, read through member_towns() of
  // migration 011; nothing of their data). Not audited: it reads no resident.
  r.get('/v1/member-towns', {
    schema: { tags: ['visits'], summary: '特例転入: the other member towns of this cloud (code and names only)', response: { 200: MemberTownsResponse, 401: ApiErrorBody, 403: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, ['counter', 'supervisor'], async (sql, staff) => {
        const rows = await sql.query<{ tenant_id: string; name_ja: string; name_en: string }>('SELECT tenant_id, name_ja, name_en FROM member_towns()');
        return { towns: rows.filter((row) => row.tenant_id !== staff.tenantId).map((row) => ({ tenantId: row.tenant_id, nameJa: row.name_ja, nameEn: row.name_en })) };
      }),
  });

  r.post('/v1/handoffs', {
    schema: {
      tags: ['visits'],
      summary: '特例転入: hand the 転出証明書 items of a submitted 転出 to the member town they move to; answers the one-time code for the receipt (idempotent)',
      body: CreateHandoffRequest,
      response: { 201: Handoff, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody, 422: ApiErrorBody },
    },
    handler: async (request, reply) => {
      const result = await asStaffOnce(ctx, request, ['counter', 'supervisor'], async (sql, staff) => {
        const body = request.body;
        const now = ctx.now();
        const [visit] = await sql.query<{ life_event: string; household_id: string | null }>('SELECT life_event, household_id FROM visits WHERE visit_id = $1', [body.visitId]);
        if (!visit) throw errors.notFound('来庁記録');
        const movers = await sql.query<MoverRow>(
          `SELECT r.*, h.address AS household_address FROM residents r JOIN households h USING (tenant_id, household_id)
            WHERE r.resident_id = ANY($1::uuid[]) AND r.household_id = $2 ORDER BY (r.relation = '世帯主') DESC, r.birth_date, r.resident_id`,
          [body.residentIds, visit.household_id],
        );
        if (movers.length !== new Set(body.residentIds).size) throw errors.notFound('住民');
        if (visit.life_event !== 'moving_out') throw handoffErrors.notMovingOut();
        const [submitted] = await sql.query('SELECT 1 FROM submissions WHERE visit_id = $1 LIMIT 1', [body.visitId]);
        if (!submitted) throw handoffErrors.notSubmitted();
        const [member] = await sql.query<{ ok: boolean }>('SELECT member_town($1) AS ok', [body.destinationTenantId]);
        if (body.destinationTenantId === staff.tenantId || !member?.ok) throw handoffErrors.unknownDestination();
        const expiresOn = addDays(body.movingOutOn, HANDOFF_VALID_DAYS);
        if (expiresOn < dateInJapan(now)) throw handoffErrors.expiredAlready();
        const [existing] = await sql.query('SELECT 1 FROM handoffs WHERE visit_id = $1', [body.visitId]);
        if (existing) throw handoffErrors.exists();

        const handoffId = randomUUID();
        const code = handoffCode(ctx.config.secret, handoffId);
        const items = movers.map((row) => certificateItems(row, body.movingOutOn));
        await sql.query(
          `INSERT INTO handoffs (tenant_id, handoff_id, visit_id, destination_tenant, code_hash, items, birth_dates, resident_ids, moving_out_on, expires_on, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7::date[], $8::uuid[], $9, $10, $11, $12)`,
          [
            staff.tenantId,
            handoffId,
            body.visitId,
            body.destinationTenantId,
            handoffCodeHash(ctx.config.secret, body.destinationTenantId, code),
            JSON.stringify(items),
            items.map((item) => item.birthDate),
            movers.map((row) => row.resident_id),
            body.movingOutOn,
            expiresOn,
            staff.staffId,
            now.toISOString(),
          ],
        );
        for (const row of movers) {
          await appendAudit(
            sql,
            staff.tenantId,
            { staffId: staff.staffId, terminalId: staff.terminalId, action: 'create', residentId: row.resident_id, purpose: 'handoff', detail: { handoffId, visitId: body.visitId, destinationTenantId: body.destinationTenantId } },
            now,
          );
        }
        // The stored answer (Idempotency-Key) leaves the code out; the handler derives it again below.
        return { status: 201, body: { handoffId, visitId: body.visitId, destinationTenantId: body.destinationTenantId, expiresOn, members: movers.length } };
      });
      reply.code(result.status as 201);
      return { ...result.body, code: handoffCode(ctx.config.secret, result.body.handoffId) };
    },
  });

  r.post('/v1/handoffs/claim', {
    schema: {
      tags: ['visits'],
      summary: "特例転入: the receiving town claims a member town's handoff with the code on the 転出 receipt and one member's birth date; once only (idempotent)",
      body: ClaimHandoffRequest,
      response: { 200: ClaimedHandoff, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody, 410: ApiErrorBody, 429: ApiErrorBody },
    },
    handler: async (request, reply) => {
      const result = await asStaffOnce<z.infer<typeof ClaimedHandoff> | ApiErrorBody>(ctx, request, ['counter', 'supervisor'], async (sql, staff) => {
        const now = ctx.now();
        const [recent] = await sql.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_log WHERE staff_id = $1 AND purpose = 'handoff_claim_refused' AND at > $2",
          [staff.staffId, new Date(now.getTime() - CLAIM_WINDOW_MS).toISOString()],
        );
        if ((recent?.n ?? 0) >= CLAIM_ATTEMPTS) throw handoffErrors.throttled();
        const [claim] = await sql.query<{ outcome: 'not_found' | 'claimed' | 'expired' | 'claimed_now'; source_tenant: string; handoff_id: string; items: HandedOffItems[]; resident_ids: string[] }>(
          'SELECT * FROM claim_handoff($1, $2::date, $3::date, $4::timestamptz)',
          [handoffCodeHash(ctx.config.secret, staff.tenantId, request.body.code), request.body.birthDate, dateInJapan(now), now.toISOString()],
        );
        if (!claim || claim.outcome !== 'claimed_now') {
          // A refusal is an answer (stored, committed), not a rollback: its audit row is what the throttle counts.
          const outcome = claim?.outcome ?? 'not_found';
          await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'search', purpose: 'handoff_claim_refused', detail: { outcome } }, now);
          // Never the code or birth date typed: a run of misses from one clerk is what the monitoring team watches.
          ctx.events.emit({ code: 'handoff_claim_refused', tenantId: staff.tenantId, staffId: staff.staffId, terminalId: staff.terminalId, source: request.ip, count: (recent?.n ?? 0) + 1, detail: { outcome } });
          const error = outcome === 'claimed' ? handoffErrors.claimed() : outcome === 'expired' ? handoffErrors.expired() : handoffErrors.notFound();
          return { status: error.status, body: { code: error.code, message: error.message } };
        }
        // Fresh ids made here, in the receiving town: the source town's resident ids never leave it.
        const members: Newcomer[] = claim.items.map((item) => ({ residentId: randomUUID(), ...item }));
        await auditInSourceTown(
          ctx,
          sql,
          claim.source_tenant,
          staff.tenantId,
          claim.resident_ids.map((residentId) => ({ staffId: null, terminalId: null, action: 'export', residentId, purpose: 'handoff', detail: { handoffId: claim.handoff_id, destinationTenantId: staff.tenantId } })),
          now,
        );
        await appendAudit(
          sql,
          staff.tenantId,
          { staffId: staff.staffId, terminalId: staff.terminalId, action: 'import', purpose: 'handoff', detail: { handoffId: claim.handoff_id, sourceTenantId: claim.source_tenant, residentIds: members.map((m) => m.residentId) } },
          now,
        );
        return { status: 200, body: { handoffId: claim.handoff_id, sourceTenantId: claim.source_tenant, members } };
      });
      // The refusal's status with its error body; the route's schema declares each.
      reply.code(result.status as 200);
      return result.body as z.infer<typeof ClaimedHandoff>;
    },
  });
}
