import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorBody, boundedRecord, codeText, ImportedCatalogProcedure, ImportedResident, writtenText } from '../../shared/api/schemas';
import { nameSearchKeys } from '../../shared/domain/name-search';
import { validateCatalog } from '../../shared/rules/engine';
import { appendAudit } from '../audit/chain';
import { errors } from '../http/errors';
import { asStaff, asStaffOnce, type AppContext } from '../http/context';
import { isoDate, toResident, type ResidentRow } from './residents';

/**
 * Per-tenant export and import (公共SaaS: the tenant owns its data and can take it in and out). Runs under
 * the caller's tenant like everything else, so RLS guarantees an export holds only that tenant's rows and
 * an import can write only into it.
 */
const ExportHousehold = z.object({ householdId: z.uuid(), householdNumber: codeText(32), postalCode: z.string().regex(/^\d{3}-?\d{4}$/).nullable(), address: writtenText(200).min(1) });
/** 事前申請 as the resident sent them online (the QR code at the counter carries the id). */
const ExportPreApplication = z.object({
  applicationId: z.string().regex(/^[A-Z2-7]{8,32}$/),
  lifeEvent: z.string().min(1).max(64),
  data: boundedRecord(z.string().max(1000).nullable(), 50),
  createdAt: z.iso.datetime({ offset: true }),
});
/** A catalog row as exported: its place in the catalog travels with it (the counter lists procedures in that order). */
const ExportCatalogProcedure = ImportedCatalogProcedure;
export const TenantExport = z.object({
  format: z.literal('madoguchi-tenant-export/1'),
  tenantId: z.string().max(16),
  exportedAt: z.string().max(40),
  // Bounded by the body limit first; these say what one import may hold at most.
  households: z.array(ExportHousehold).max(100_000),
  residents: z.array(ImportedResident).max(200_000),
  // An export taken before sortOrder was exported imports in its array order.
  catalog: z.array(ExportCatalogProcedure).max(5_000),
  // Added after the first exports were taken: an export without it still imports.
  preApplications: z.array(ExportPreApplication).max(100_000).default([]),
});
const ImportResult = z.object({ households: z.number().int(), residents: z.number().int(), catalog: z.number().int(), preApplications: z.number().int() });

export function adminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/admin/export', {
    schema: { tags: ['admin'], summary: "Export this tenant's residents, households, catalog and pre-applications", response: { 200: TenantExport, 401: ApiErrorBody, 403: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, ['tenant_admin'], async (sql, staff) => {
        const households = await sql.query<{ household_id: string; household_number: string; postal_code: string | null; address: string }>('SELECT * FROM households ORDER BY household_number');
        const residents = await sql.query<ResidentRow>('SELECT * FROM residents ORDER BY household_id, resident_id');
        const catalog = await sql.query<{ procedure_id: string; life_event: string; department: string; condition: unknown; deadline_days: number | null; deadline_counts_event_day: boolean; deadline_from: 'event' | 'death_known' | 'planned_move_out'; needs_individual_number: boolean; fee_yen: number; texts: Record<string, { title: string; explanation: string; bring: string }>; sort_order: number; effective_from: Date; effective_to: Date | null }>(
          'SELECT * FROM catalog_procedures ORDER BY sort_order, procedure_id, effective_from',
        );
        const preApplications = await sql.query<{ application_id: string; life_event: string; data: Record<string, string | null>; created_at: Date | string }>(
          'SELECT application_id, life_event, data, created_at FROM pre_applications ORDER BY application_id',
        );
        await appendAudit(
          sql,
          staff.tenantId,
          { staffId: staff.staffId, terminalId: staff.terminalId, action: 'export', detail: { households: households.length, residents: residents.length, preApplications: preApplications.length } },
          ctx.now(),
        );
        ctx.events.emit({ code: 'admin_export', tenantId: staff.tenantId, staffId: staff.staffId, terminalId: staff.terminalId, source: request.ip, count: residents.length, detail: { households: households.length, residents: residents.length, preApplications: preApplications.length } });
        return {
          format: 'madoguchi-tenant-export/1' as const,
          tenantId: staff.tenantId,
          exportedAt: ctx.now().toISOString(),
          households: households.map((h) => ({ householdId: h.household_id, householdNumber: h.household_number, postalCode: h.postal_code, address: h.address })),
          residents: residents.map(toResident),
          catalog: catalog.map((c) => ({
            procedureId: c.procedure_id,
            lifeEvent: c.life_event,
            department: c.department,
            condition: c.condition,
            deadlineDays: c.deadline_days,
            deadlineCountsEventDay: c.deadline_counts_event_day,
            deadlineFrom: c.deadline_from,
            needsIndividualNumber: c.needs_individual_number,
            feeYen: c.fee_yen,
            texts: c.texts,
            sortOrder: c.sort_order,
            effectiveFrom: isoDate(c.effective_from),
            effectiveTo: c.effective_to ? isoDate(c.effective_to) : null,
          })),
          preApplications: preApplications.map((p) => ({ applicationId: p.application_id, lifeEvent: p.life_event, data: p.data, createdAt: new Date(p.created_at).toISOString() })),
        };
      }),
  });

  r.post('/v1/admin/import', {
    schema: { tags: ['admin'], summary: 'Import (upsert) an export into this tenant (idempotent)', body: TenantExport, response: { 200: ImportResult, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 422: ApiErrorBody } },
    handler: async (request) =>
      (
        await asStaffOnce(ctx, request, ['tenant_admin'], async (sql, staff) => {
          const data = request.body;
          // Every condition is checked before anything is written: a bad row refuses the whole import (the
          // transaction rolls back), naming the procedure and the path inside the export.
          const invalid = data.catalog.flatMap((c, index) =>
            validateCatalog([c]).flatMap((error) =>
              error.issues.map((issue) => ({ procedureId: error.procedureId, path: ['catalog', index, 'condition', ...issue.path].map(String).join('.'), message: issue.message })),
            ),
          );
          if (invalid.length > 0) throw errors.invalidCatalog(invalid);
          // Every household a resident names is in this export or already this tenant's: another tenant's id answers
          // like a missing one (404), before anything is written, instead of a foreign-key refusal half-way.
          const imported = new Set(data.households.map((h) => h.householdId));
          const named = [...new Set(data.residents.map((p) => p.householdId).filter((id) => !imported.has(id)))];
          if (named.length > 0) {
            const [found] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM households WHERE household_id = ANY($1::uuid[])', [named]);
            if (found?.n !== named.length) throw errors.notFound('世帯');
          }
          for (const h of data.households) {
            await sql.query(
              `INSERT INTO households (tenant_id, household_id, household_number, postal_code, address) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (tenant_id, household_id) DO UPDATE SET household_number = EXCLUDED.household_number, postal_code = EXCLUDED.postal_code, address = EXCLUDED.address`,
              [staff.tenantId, h.householdId, h.householdNumber, h.postalCode, h.address],
            );
          }
          for (const p of data.residents) {
            const keys = nameSearchKeys({ name: p.name, kana: p.nameKana, alphabet: p.alphabetName, alias: p.alias, aliasKana: p.aliasKana });
            const values = [
              staff.tenantId, p.residentId, p.householdId, p.relation, p.kind, p.name, p.nameKana, p.furiganaStatus, p.alphabetName, p.alias, p.aliasKana,
              p.birthDate, p.sex, p.nationality, p.residenceCategory, p.residenceStatus, p.periodOfStay, p.stayExpiresOn, p.residenceCardNumber,
              p.healthInsurance, p.pension, p.careCertified, p.hasMyNumberCard, p.supportMeasure, p.becameResidentOn, p.status,
              keys.nameKey, keys.kanaKey, keys.alphabetKey, keys.aliasKey, keys.aliasKanaKey,
            ];
            const columns = [
              'tenant_id', 'resident_id', 'household_id', 'relation', 'kind', 'name', 'name_kana', 'furigana_status', 'alphabet_name', 'alias', 'alias_kana',
              'birth_date', 'sex', 'nationality', 'residence_category', 'residence_status', 'period_of_stay', 'stay_expires_on', 'residence_card_number',
              'health_insurance', 'pension', 'care_certified', 'has_my_number_card', 'support_measure', 'became_resident_on', 'status',
              'name_key', 'kana_key', 'alphabet_key', 'alias_key', 'alias_kana_key',
            ];
            const updates = columns.slice(2).map((c) => `${c} = EXCLUDED.${c}`).join(', ');
            await sql.query(
              `INSERT INTO residents (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
               ON CONFLICT (tenant_id, resident_id) DO UPDATE SET ${updates}, version = residents.version + 1, updated_at = now()`,
              values,
            );
            await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'import', residentId: p.residentId }, ctx.now());
          }
          for (const [index, c] of data.catalog.entries()) {
            await sql.query(
              `INSERT INTO catalog_procedures (tenant_id, procedure_id, life_event, department, condition, deadline_days, fee_yen, texts, sort_order, effective_from, effective_to, deadline_counts_event_day, needs_individual_number, deadline_from)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
               ON CONFLICT (tenant_id, procedure_id, effective_from) DO UPDATE SET life_event = EXCLUDED.life_event, department = EXCLUDED.department,
                 condition = EXCLUDED.condition, deadline_days = EXCLUDED.deadline_days, deadline_counts_event_day = EXCLUDED.deadline_counts_event_day, deadline_from = EXCLUDED.deadline_from, needs_individual_number = EXCLUDED.needs_individual_number, fee_yen = EXCLUDED.fee_yen, texts = EXCLUDED.texts, sort_order = EXCLUDED.sort_order, effective_to = EXCLUDED.effective_to`,
              [staff.tenantId, c.procedureId, c.lifeEvent, c.department, JSON.stringify(c.condition), c.deadlineDays, c.feeYen, JSON.stringify(c.texts), c.sortOrder ?? index, c.effectiveFrom, c.effectiveTo, c.deadlineCountsEventDay, c.needsIndividualNumber, c.deadlineFrom],
            );
          }
          for (const p of data.preApplications) {
            // What a resident sent is never rewritten (the app role may not UPDATE it): an id already here keeps
            // its answers, so importing the same export twice changes nothing.
            await sql.query(
              `INSERT INTO pre_applications (tenant_id, application_id, life_event, data, created_at) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (tenant_id, application_id) DO NOTHING`,
              [staff.tenantId, p.applicationId, p.lifeEvent, JSON.stringify(p.data), p.createdAt],
            );
          }
          const counts = { households: data.households.length, residents: data.residents.length, catalog: data.catalog.length, preApplications: data.preApplications.length };
          const who = { tenantId: staff.tenantId, staffId: staff.staffId, terminalId: staff.terminalId, source: request.ip };
          ctx.events.emit({ code: 'admin_import', ...who, count: counts.residents, detail: counts });
          // The import is how a catalog is published today: the monitoring team sees every change of the rules.
          if (counts.catalog > 0) ctx.events.emit({ code: 'catalog_published', ...who, count: counts.catalog, detail: { procedures: counts.catalog } });
          return { status: 200, body: counts };
        })
      ).body,
  });
}
