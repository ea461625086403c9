import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AnomalyRules, ApiErrorBody, SecurityEventsQuery, SecurityEventsResponse, type SecurityEventEntry } from '../../shared/api/schemas';
import { appendAudit } from '../audit/chain';
import { asStaff, asStaffOnce, type AppContext } from '../http/context';

interface EventRow {
  event_id: string;
  at: Date | string;
  code: z.infer<typeof SecurityEventEntry>['code'];
  severity: z.infer<typeof SecurityEventEntry>['severity'];
  staff_id: string | null;
  terminal_id: string | null;
  source: string | null;
  count: number | null;
  detail: Record<string, string | number | boolean>;
}

/**
 * The supervisors' view of their tenant's security events (the same events the operator's collector gets),
 * newest first, paged; and the tenant's anomaly rules, which the tenant admin sets.
 */
export function securityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/security/events', {
    schema: {
      tags: ['audit'],
      summary: "This tenant's recent security events, newest first (ids and codes only); page with `before` = the previous page's `next`",
      querystring: SecurityEventsQuery,
      response: { 200: SecurityEventsResponse, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody },
    },
    handler: async (request) =>
      asStaff(ctx, request, ['supervisor', 'tenant_admin'], async (sql) => {
        const [beforeAt, beforeId] = request.query.before?.split('/') ?? [null, null];
        const rows = await sql.query<EventRow>(
          `SELECT event_id, at, code, severity, staff_id, terminal_id, source, count, detail FROM security_events
            WHERE $1::timestamptz IS NULL OR (at, event_id) < ($1::timestamptz, $2::uuid)
            ORDER BY at DESC, event_id DESC LIMIT $3`,
          [beforeAt, beforeId, request.query.limit + 1],
        );
        const page = rows.slice(0, request.query.limit);
        const last = page[page.length - 1];
        return {
          events: page.map((row) => ({
            eventId: row.event_id,
            at: new Date(row.at).toISOString(),
            code: row.code,
            severity: row.severity,
            staffId: row.staff_id,
            terminalId: row.terminal_id,
            source: row.source,
            count: row.count,
            detail: row.detail,
          })),
          next: rows.length > request.query.limit && last ? `${new Date(last.at).toISOString()}/${last.event_id}` : null,
        };
      }),
  });

  r.get('/v1/security/anomaly-rules', {
    schema: { tags: ['admin'], summary: "This tenant's anomaly rules", response: { 200: AnomalyRules, 401: ApiErrorBody, 403: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, ['supervisor', 'tenant_admin'], async (sql) => {
        const rows = await sql.query<{ rule_id: string; kind: 'residents_viewed_per_hour'; threshold: number; opens_at: string | null; closes_at: string | null; enabled: boolean }>(
          'SELECT rule_id, kind, threshold, opens_at::text AS opens_at, closes_at::text AS closes_at, enabled FROM anomaly_rules ORDER BY rule_id LIMIT 20',
        );
        return {
          rules: rows.map((row) => ({ ruleId: row.rule_id, kind: row.kind, threshold: row.threshold, opensAt: row.opens_at?.slice(0, 5) ?? null, closesAt: row.closes_at?.slice(0, 5) ?? null, enabled: row.enabled })),
        };
      }),
  });

  r.put('/v1/security/anomaly-rules', {
    schema: {
      tags: ['admin'],
      summary: "Replace this tenant's anomaly rules (tenant admin; idempotent)",
      body: AnomalyRules,
      response: { 200: AnomalyRules, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 422: ApiErrorBody },
    },
    handler: async (request) =>
      (
        await asStaffOnce(ctx, request, ['tenant_admin'], async (sql, staff) => {
          const rules = request.body.rules;
          await sql.query('DELETE FROM anomaly_rules');
          for (const rule of rules) {
            await sql.query(
              'INSERT INTO anomaly_rules (tenant_id, rule_id, kind, threshold, opens_at, closes_at, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7)',
              [staff.tenantId, rule.ruleId, rule.kind, rule.threshold, rule.opensAt, rule.closesAt, rule.enabled],
            );
          }
          await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'update', purpose: 'anomaly_rules', detail: { rules: rules.length } }, ctx.now());
          return { status: 200, body: { rules } };
        })
      ).body,
  });
}
