import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiErrorBody, AuditQuery, AuditResponse, AuditVerifyResponse, PrintRecordRequest, PrintRecordResponse } from '../../shared/api/schemas';
import { appendAudit, verifyChain } from '../audit/chain';
import { asStaff, asStaffOnce, type AppContext } from '../http/context';
import { errors } from '../http/errors';

/** The operation log is searchable by supervisors and tenant admins (特定個人情報の安全管理措置: access records). */
export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/audit', {
    schema: { tags: ['audit'], summary: 'Search the operation log', querystring: AuditQuery, response: { 200: AuditResponse, 401: ApiErrorBody, 403: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, ['supervisor', 'tenant_admin'], async (sql) => {
        const q = request.query;
        const rows = await sql.query<{ seq: string; at: Date; staff_id: string | null; terminal_id: string | null; action: string; resident_id: string | null; purpose: string | null; detail: unknown }>(
          `SELECT seq, at, staff_id, terminal_id, action, resident_id, purpose, detail FROM audit_log
            WHERE seq > $1 AND ($2::uuid IS NULL OR resident_id = $2) AND ($3::uuid IS NULL OR staff_id = $3)
            ORDER BY seq LIMIT $4`,
          [q.afterSeq, q.residentId ?? null, q.staffId ?? null, q.limit],
        );
        return {
          entries: rows.map((row) => ({
            seq: Number(row.seq),
            at: new Date(row.at).toISOString(),
            staffId: row.staff_id,
            terminalId: row.terminal_id,
            action: row.action,
            residentId: row.resident_id,
            purpose: row.purpose,
            detail: row.detail,
          })),
        };
      }),
  });

  // Printing is the only sanctioned way data leaves the counter network, so every print is recorded.
  r.post('/v1/audit/prints', {
    schema: {
      tags: ['audit'],
      summary: 'Record that a document about these residents was printed (idempotent)',
      body: PrintRecordRequest,
      response: { 201: PrintRecordResponse, 400: ApiErrorBody, 401: ApiErrorBody, 404: ApiErrorBody, 422: ApiErrorBody },
    },
    handler: async (request, reply) => {
      const result = await asStaffOnce(ctx, request, 'any', async (sql, staff) => {
        const ids = [...new Set(request.body.residentIds)];
        // The visit a print refers to must be this tenant's, like its residents: another tenant's answers as a missing one.
        if (request.body.visitId) {
          const [visit] = await sql.query('SELECT 1 FROM visits WHERE visit_id = $1', [request.body.visitId]);
          if (!visit) throw errors.notFound('来庁記録');
        }
        for (const residentId of ids) {
          const [resident] = await sql.query('SELECT 1 FROM residents WHERE resident_id = $1', [residentId]);
          if (!resident) throw errors.notFound('住民');
        }
        for (const residentId of ids) {
          await appendAudit(
            sql,
            staff.tenantId,
            { staffId: staff.staffId, terminalId: staff.terminalId, action: 'print', residentId, purpose: request.body.document, detail: request.body.visitId ? { visitId: request.body.visitId } : {} },
            ctx.now(),
          );
        }
        return { status: 201, body: { entries: ids.length } };
      });
      reply.code(result.status as 201);
      return result.body;
    },
  });

  r.get('/v1/audit/verify', {
    schema: { tags: ['audit'], summary: "Verify the tenant's hash chain", response: { 200: AuditVerifyResponse, 401: ApiErrorBody, 403: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, ['supervisor', 'tenant_admin'], async (sql, staff) => {
        const verdict = await verifyChain(sql, staff.tenantId);
        if (!verdict.ok) ctx.events.emit({ code: 'audit_verify_failed', tenantId: staff.tenantId, staffId: staff.staffId, terminalId: staff.terminalId, source: request.ip, count: verdict.entries, detail: { firstBrokenSeq: verdict.firstBrokenSeq, via: 'api' } });
        return { ok: verdict.ok, entries: verdict.entries, firstBrokenSeq: verdict.firstBrokenSeq };
      }),
  });
}
