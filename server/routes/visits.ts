import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiErrorBody,
  CatalogQuery,
  CatalogResponse,
  CreateVisitRequest,
  DepartmentQueue,
  IdParam,
  SubmissionRequest,
  SubmissionResponse,
  UpdateProcedureRequest,
  Visit,
} from '../../shared/api/schemas';
import { dateInJapan } from '../../shared/domain/dates';
import { fiscalYearOf } from '../../shared/rules/dates';
import { appendAudit } from '../audit/chain';
import type { Sql } from '../db/database';
import { asStaff, asStaffOnce, type AppContext } from '../http/context';
import { ApiError, errors } from '../http/errors';
import { keepPending, pendingResidentIds, registerPending } from './intake';
import { isoDate } from './residents';

/**
 * A visit is submitted once: its procedure set gets one receipt. A second submission is a conflict the counter
 * can act on (the visit is already done) — unless it replays the first one's Idempotency-Key, which answers
 * the stored receipt before this check is reached.
 */
const alreadySubmitted = () =>
  new ApiError(409, 'visit_already_submitted', 'この来庁はすでに送信され、受付番号が付いています。続けて手続きをする場合は、新しい来庁として受け付けてください。');

interface CatalogRow {
  procedure_id: string;
  life_event: string;
  department: string;
  condition: unknown;
  deadline_days: number | null;
  deadline_counts_event_day: boolean;
  deadline_from: 'event' | 'death_known' | 'planned_move_out';
  needs_individual_number: boolean;
  fee_yen: number;
  texts: Record<string, { title: string; explanation: string; bring: string }>;
  effective_from: Date | string;
  effective_to: Date | string | null;
}

/** The catalog in force on a date (effective-dated configuration, never constants in code). */
async function catalogOn(sql: Sql, on: string, lifeEvent?: string): Promise<CatalogRow[]> {
  return sql.query<CatalogRow>(
    `SELECT * FROM catalog_procedures
      WHERE effective_from <= $1::date AND (effective_to IS NULL OR effective_to >= $1::date)
        AND ($2::text IS NULL OR life_event = $2)
      ORDER BY life_event, sort_order, procedure_id`,
    [on, lifeEvent ?? null],
  );
}

async function loadVisit(sql: Sql, visitId: string): Promise<z.infer<typeof Visit>> {
  const [visit] = await sql.query<{ visit_id: string; life_event: string; household_id: string | null; status: 'open' | 'finished' | 'cancelled'; language: string; created_at: Date }>(
    'SELECT * FROM visits WHERE visit_id = $1',
    [visitId],
  );
  if (!visit) throw errors.notFound('来庁記録');
  const procedures = await sql.query<{ procedure_id: string; resident_id: string | null; department: string; status: 'waiting' | 'in_progress' | 'done' | 'cancelled'; reason: string }>(
    'SELECT procedure_id, resident_id, department, status, reason FROM visit_procedures WHERE visit_id = $1 ORDER BY department, procedure_id, resident_id',
    [visitId],
  );
  const submissions = await sql.query<{ receipt_number: string; fee_yen: number; drawn: boolean; proxy: boolean; created_at: Date }>(
    'SELECT receipt_number, fee_yen, signature_svg IS NOT NULL AS drawn, proxy_signature IS NOT NULL AS proxy, created_at FROM submissions WHERE visit_id = $1 ORDER BY created_at',
    [visitId],
  );
  return {
    submissions: submissions.map((row) => ({ receiptNumber: row.receipt_number, feeYen: row.fee_yen, signed: row.drawn || row.proxy, proxySigned: row.proxy, createdAt: new Date(row.created_at).toISOString() })),
    visitId: visit.visit_id,
    lifeEvent: visit.life_event,
    householdId: visit.household_id,
    status: visit.status,
    language: visit.language,
    createdAt: new Date(visit.created_at).toISOString(),
    procedures: procedures.map((p) => ({ procedureId: p.procedure_id, residentId: p.resident_id, department: p.department, status: p.status, reason: p.reason })),
  };
}

export function visitRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/catalog', {
    schema: { tags: ['catalog'], summary: "The tenant's procedure catalog in force on a date", querystring: CatalogQuery, response: { 200: CatalogResponse, 401: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, 'any', async (sql) => {
        const rows = await catalogOn(sql, request.query.on ?? dateInJapan(ctx.now()), request.query.lifeEvent);
        return {
          procedures: rows.map((row) => ({
            procedureId: row.procedure_id,
            lifeEvent: row.life_event,
            department: row.department,
            condition: row.condition,
            deadlineDays: row.deadline_days,
            deadlineCountsEventDay: row.deadline_counts_event_day,
            deadlineFrom: row.deadline_from,
            needsIndividualNumber: row.needs_individual_number,
            feeYen: row.fee_yen,
            texts: row.texts,
            effectiveFrom: isoDate(row.effective_from),
            effectiveTo: row.effective_to ? isoDate(row.effective_to) : null,
          })),
        };
      }),
  });

  r.post('/v1/visits', {
    schema: { tags: ['visits'], summary: 'Open a one-stop visit with its judged procedures (idempotent)', body: CreateVisitRequest, response: { 201: Visit, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody, 422: ApiErrorBody } },
    handler: async (request, reply) => {
      const result = await asStaffOnce(ctx, request, ['counter', 'supervisor'], async (sql, staff) => {
        const body = request.body;
        const now = ctx.now();
        const catalog = new Map((await catalogOn(sql, dateInJapan(now))).map((row) => [row.procedure_id, row]));
        if (body.householdId) {
          const [household] = await sql.query('SELECT 1 FROM households WHERE household_id = $1', [body.householdId]);
          if (!household) throw errors.notFound('世帯');
        }
        const visitId = randomUUID();
        await sql.query(
          'INSERT INTO visits (tenant_id, visit_id, life_event, household_id, language, created_by, terminal_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [staff.tenantId, visitId, body.lifeEvent, body.householdId ?? null, body.language, staff.staffId, staff.terminalId, now.toISOString()],
        );
        // A household moving in is kept pending with the visit; its procedures may name its members.
        if (body.newHousehold) await keepPending(sql, staff.tenantId, visitId, body.lifeEvent, body.newHousehold);
        const newcomers = new Set(body.newHousehold?.members.map((member) => member.residentId) ?? []);
        for (const procedure of body.procedures) {
          const entry = catalog.get(procedure.procedureId);
          if (!entry) throw errors.unknownProcedure(procedure.procedureId);
          if (procedure.residentId && !newcomers.has(procedure.residentId)) {
            const [resident] = await sql.query('SELECT 1 FROM residents WHERE resident_id = $1', [procedure.residentId]);
            if (!resident) throw errors.notFound('住民');
          }
          await sql.query(
            `INSERT INTO visit_procedures (tenant_id, visit_id, procedure_id, resident_id, department, reason)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
            [staff.tenantId, visitId, procedure.procedureId, procedure.residentId ?? null, entry.department, procedure.reason],
          );
        }
        // Registered residents only: a newcomer's first audit row is its registration (the pending ones may never be).
        const residentIds = [...new Set(body.procedures.flatMap((p) => (p.residentId && !newcomers.has(p.residentId) ? [p.residentId] : [])))];
        for (const residentId of residentIds) {
          await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'create', residentId, purpose: body.lifeEvent, detail: { visitId } }, now);
        }
        if (body.newHousehold) {
          await appendAudit(
            sql,
            staff.tenantId,
            { staffId: staff.staffId, terminalId: staff.terminalId, action: 'create', purpose: 'moving_in_pending', detail: { visitId, householdId: body.newHousehold.householdId, members: newcomers.size, intake: body.newHousehold.intake } },
            now,
          );
        }
        return { status: 201, body: await loadVisit(sql, visitId) };
      });
      reply.code(result.status as 201);
      return result.body;
    },
  });

  r.get('/v1/visits/:id', {
    schema: { tags: ['visits'], summary: 'A visit with its procedures', params: IdParam, response: { 200: Visit, 401: ApiErrorBody, 404: ApiErrorBody } },
    handler: async (request) => asStaff(ctx, request, 'any', (sql) => loadVisit(sql, request.params.id)),
  });

  r.put('/v1/visits/:id/procedures/:procedureId', {
    schema: {
      tags: ['visits'],
      summary: "Set a procedure's status in its owning department (idempotent)",
      params: z.object({ id: z.uuid(), procedureId: z.string().max(64) }),
      body: UpdateProcedureRequest,
      response: { 200: Visit, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 422: ApiErrorBody },
    },
    handler: async (request) =>
      (
        await asStaffOnce(ctx, request, 'any', async (sql, staff) => {
          const [row] = await sql.query<{ department: string; resident_id: string | null }>(
            'SELECT department, resident_id FROM visit_procedures WHERE visit_id = $1 AND procedure_id = $2 AND resident_id IS NOT DISTINCT FROM $3',
            [request.params.id, request.params.procedureId, request.body.residentId],
          );
          if (!row) throw errors.notFound('手続き');
          // Department staff act on their own department's procedures; counter staff and supervisors on all.
          if (staff.role === 'department' && staff.department !== row.department) throw errors.forbidden();
          await sql.query(
            'UPDATE visit_procedures SET status = $4 WHERE visit_id = $1 AND procedure_id = $2 AND resident_id IS NOT DISTINCT FROM $3',
            [request.params.id, request.params.procedureId, request.body.residentId, request.body.status],
          );
          await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'update', residentId: row.resident_id, purpose: request.params.procedureId, detail: { visitId: request.params.id, status: request.body.status } }, ctx.now());
          return { status: 200, body: await loadVisit(sql, request.params.id) };
        })
      ).body,
  });

  r.get('/v1/departments/:department/queue', {
    schema: {
      tags: ['visits'],
      summary: "What is waiting for a department (its part of every open visit)",
      params: z.object({ department: z.string().min(1).max(64) }),
      response: { 200: DepartmentQueue, 401: ApiErrorBody },
    },
    handler: async (request) =>
      asStaff(ctx, request, 'any', async (sql) => {
        const rows = await sql.query<{ visit_id: string; life_event: string; created_at: Date; procedure_id: string; resident_id: string | null; department: string; status: 'waiting' | 'in_progress' | 'done' | 'cancelled'; reason: string }>(
          `SELECT p.visit_id, v.life_event, v.created_at, p.procedure_id, p.resident_id, p.department, p.status, p.reason
             FROM visit_procedures p JOIN visits v USING (tenant_id, visit_id)
            WHERE p.department = $1 AND p.status IN ('waiting', 'in_progress') AND v.status = 'open'
              -- A household moving in is not the department's until the submission registers it.
              AND NOT EXISTS (SELECT 1 FROM pending_households ph WHERE ph.tenant_id = v.tenant_id AND ph.visit_id = v.visit_id AND ph.registered_at IS NULL)
            ORDER BY v.created_at, p.visit_id, p.procedure_id`,
          [request.params.department],
        );
        return {
          items: rows.map((row) => ({
            visitId: row.visit_id,
            lifeEvent: row.life_event,
            createdAt: new Date(row.created_at).toISOString(),
            procedureId: row.procedure_id,
            residentId: row.resident_id,
            department: row.department,
            status: row.status,
            reason: row.reason,
          })),
        };
      }),
  });

  r.post('/v1/visits/:id/submissions', {
    schema: {
      tags: ['visits'],
      summary: 'Submit the filled forms and the signature (drawn by the resident, or 代筆 by the clerk); the fee and a gap-free receipt number are assigned (idempotent)',
      params: IdParam,
      body: SubmissionRequest,
      response: { 201: SubmissionResponse, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody, 422: ApiErrorBody },
    },
    handler: async (request, reply) => {
      const result = await asStaffOnce(ctx, request, ['counter', 'supervisor'], async (sql, staff) => {
        const now = ctx.now();
        const visit = await loadVisit(sql, request.params.id);
        const proxy = request.body.proxySignature;
        // A 代筆 is the act of the clerk who submits it: it cannot be recorded in another staff member's name.
        if (proxy && proxy.staffId !== staff.staffId) throw errors.proxySignerMismatch();
        const catalog = new Map((await catalogOn(sql, dateInJapan(now))).map((row) => [row.procedure_id, row]));
        let fee = 0;
        for (const item of request.body.feeItems) {
          const entry = catalog.get(item.procedureId);
          if (!entry) throw errors.unknownProcedure(item.procedureId);
          fee += entry.fee_yen * item.count;
        }
        // Every resident a form names must be this tenant's (RLS hides others: they simply are not found), or one
        // of this visit's newcomers, whom this submission registers.
        const newcomers = await pendingResidentIds(sql, visit.visitId);
        for (const residentId of new Set(request.body.forms.flatMap((form) => (form.residentId && !newcomers.has(form.residentId) ? [form.residentId] : [])))) {
          const [resident] = await sql.query('SELECT 1 FROM residents WHERE resident_id = $1', [residentId]);
          if (!resident) throw errors.notFound('住民');
        }
        // After the request's own checks: FOR UPDATE on the visit serialises two first submissions of it; the unique
        // index (migration 011) backs this up.
        await sql.query('SELECT 1 FROM visits WHERE visit_id = $1 FOR UPDATE', [visit.visitId]);
        const [earlier] = await sql.query('SELECT 1 FROM submissions WHERE visit_id = $1 LIMIT 1', [visit.visitId]);
        if (earlier) throw alreadySubmitted();
        const year = fiscalYearOf(dateInJapan(now));
        // Allocated in this transaction: if anything below fails, the number is rolled back with it.
        await sql.query('INSERT INTO receipt_counters (tenant_id, fiscal_year) VALUES ($1, $2) ON CONFLICT DO NOTHING', [staff.tenantId, year]);
        const [counter] = await sql.query<{ last_number: number }>(
          'UPDATE receipt_counters SET last_number = last_number + 1 WHERE fiscal_year = $1 RETURNING last_number',
          [year],
        );
        const receiptNumber = `${year}-${String(counter?.last_number ?? 0).padStart(6, '0')}`;
        const submissionId = randomUUID();
        await sql.query(
          `INSERT INTO submissions (tenant_id, submission_id, visit_id, receipt_number, fee_yen, forms, signature_svg, proxy_signature, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            staff.tenantId,
            submissionId,
            visit.visitId,
            receiptNumber,
            fee,
            JSON.stringify(request.body.forms),
            request.body.signatureSvg ?? null,
            proxy ? JSON.stringify({ staffId: proxy.staffId, reason: proxy.reason, note: proxy.note, writtenName: proxy.writtenName, signedAt: proxy.signedAt }) : null,
            staff.staffId,
            now.toISOString(),
          ],
        );
        // In the submission's transaction: registered with it, or not at all.
        const registered = await registerPending(sql, { tenantId: staff.tenantId, visitId: visit.visitId, submissionId, receiptNumber, staffId: staff.staffId, terminalId: staff.terminalId, now });
        const residentIds = [...new Set(request.body.forms.flatMap((form) => (form.residentId ? [form.residentId] : [])))];
        for (const residentId of residentIds) {
          await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'create', residentId, purpose: visit.lifeEvent, detail: { submissionId, receiptNumber } }, now);
        }
        // The 代筆 gets its own entry: who wrote (the row's staff id) and the reason code; the name written and
        // the note stay with the submission, never in the log.
        if (proxy) {
          await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'create', purpose: 'proxy_signature', detail: { visitId: visit.visitId, submissionId, receiptNumber, reason: proxy.reason } }, now);
        }
        return { status: 201, body: { submissionId, visitId: visit.visitId, receiptNumber, feeYen: fee, createdAt: now.toISOString(), registered } };
      });
      reply.code(result.status as 201);
      return result.body;
    },
  });
}
