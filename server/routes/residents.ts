import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiErrorBody, Household, IdParam, Resident, SearchQuery, SearchResponse, ViewQuery } from '../../shared/api/schemas';
import { queryKeys } from '../../shared/domain/name-search';
import { appendAudit } from '../audit/chain';
import type { Sql } from '../db/database';
import { asStaff, type AppContext } from '../http/context';
import { errors } from '../http/errors';

export interface ResidentRow {
  resident_id: string;
  household_id: string;
  relation: string;
  kind: 'japanese' | 'foreign';
  name: string;
  name_kana: string | null;
  furigana_status: Resident['furiganaStatus'];
  alphabet_name: string | null;
  alias: string | null;
  alias_kana: string | null;
  birth_date: Date | string;
  sex: 1 | 2 | 9;
  nationality: string | null;
  residence_category: string | null;
  residence_status: string | null;
  period_of_stay: string | null;
  stay_expires_on: Date | string | null;
  residence_card_number: string | null;
  health_insurance: Resident['healthInsurance'];
  pension: Resident['pension'];
  care_certified: boolean;
  has_my_number_card: boolean;
  support_measure: boolean;
  became_resident_on: Date | string;
  status: 'active' | 'removed';
  version: number;
}

/** DATE columns come back as Date (pg, PGlite) at local midnight UTC; the API speaks YYYY-MM-DD. */
export function isoDate(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const y = value.getUTCFullYear();
  const m = String(value.getUTCMonth() + 1).padStart(2, '0');
  const d = String(value.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function toResident(row: ResidentRow): Resident {
  return {
    residentId: row.resident_id,
    householdId: row.household_id,
    relation: row.relation,
    kind: row.kind,
    name: row.name,
    nameKana: row.name_kana,
    furiganaStatus: row.furigana_status,
    alphabetName: row.alphabet_name,
    alias: row.alias,
    aliasKana: row.alias_kana,
    birthDate: isoDate(row.birth_date),
    sex: row.sex,
    nationality: row.nationality,
    residenceCategory: row.residence_category,
    residenceStatus: row.residence_status,
    periodOfStay: row.period_of_stay,
    stayExpiresOn: row.stay_expires_on ? isoDate(row.stay_expires_on) : null,
    residenceCardNumber: row.residence_card_number,
    healthInsurance: row.health_insurance,
    pension: row.pension,
    careCertified: row.care_certified,
    hasMyNumberCard: row.has_my_number_card,
    supportMeasure: row.support_measure,
    becameResidentOn: isoDate(row.became_resident_on),
    status: row.status,
    version: row.version,
  };
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Name search across kanji (異体字-folded), kana (hiragana/katakana, width, small kana folded), 通称 and
 * alphabet names, optionally narrowed by date of birth — staff almost always have it. The query itself is
 * not logged or stored: the audit row keeps a hash of it and the result count.
 */
export async function searchResidents(sql: Sql, query: { q: string; birthDate?: string; limit: number }): Promise<ResidentRow[]> {
  const keys = queryKeys(query.q);
  const name = likeEscape(keys.nameKey);
  const kana = keys.kanaKey ? likeEscape(keys.kanaKey) : null;
  const alphabet = keys.alphabetKey ? likeEscape(keys.alphabetKey) : null;
  return sql.query<ResidentRow>(
    `SELECT * FROM residents
      WHERE status = 'active'
        AND ($4::date IS NULL OR birth_date = $4::date)
        AND (name_key LIKE '%' || $1 || '%'
             OR alias_key LIKE '%' || $1 || '%'
             OR ($2::text IS NOT NULL AND (kana_key LIKE '%' || $2 || '%' OR alias_kana_key LIKE '%' || $2 || '%'))
             OR ($3::text IS NOT NULL AND alphabet_key LIKE '%' || $3 || '%'))
      ORDER BY kana_key NULLS LAST, birth_date, resident_id
      LIMIT $5`,
    [name, kana, alphabet, query.birthDate ?? null, query.limit],
  );
}

export function residentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/residents', {
    schema: { tags: ['residents'], summary: 'Search residents by name (kanji, kana, 通称, alphabet) and date of birth', querystring: SearchQuery, response: { 200: SearchResponse, 400: ApiErrorBody, 401: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, 'any', async (sql, staff) => {
        const rows = await searchResidents(sql, request.query);
        await appendAudit(
          sql,
          staff.tenantId,
          {
            staffId: staff.staffId,
            terminalId: staff.terminalId,
            action: 'search',
            purpose: 'counter_service',
            detail: {
              queryHash: createHash('sha256').update(`${staff.tenantId}:${request.query.q}`).digest('hex').slice(0, 16),
              withBirthDate: Boolean(request.query.birthDate),
              results: rows.length,
              residentIds: rows.map((row) => row.resident_id),
            },
          },
          ctx.now(),
        );
        return {
          results: rows.map((row) => {
            const full = toResident(row);
            return {
              residentId: full.residentId,
              householdId: full.householdId,
              name: full.name,
              nameKana: full.nameKana,
              alphabetName: full.alphabetName,
              alias: full.alias,
              birthDate: full.birthDate,
              sex: full.sex,
              kind: full.kind,
              supportMeasure: full.supportMeasure,
            };
          }),
        };
      }),
  });

  r.get('/v1/residents/:id', {
    schema: { tags: ['residents'], summary: 'One resident record (audited view)', params: IdParam, querystring: ViewQuery, response: { 200: Resident, 401: ApiErrorBody, 404: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, 'any', async (sql, staff) => {
        const [row] = await sql.query<ResidentRow>('SELECT * FROM residents WHERE resident_id = $1', [request.params.id]);
        if (!row) throw errors.notFound('住民');
        await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'view', residentId: row.resident_id, purpose: request.query.purpose }, ctx.now());
        return toResident(row);
      }),
  });

  r.get('/v1/households/:id', {
    schema: { tags: ['residents'], summary: 'A household with its members (audited view of each)', params: IdParam, querystring: ViewQuery, response: { 200: Household, 401: ApiErrorBody, 404: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, 'any', async (sql, staff) => {
        const [household] = await sql.query<{ household_id: string; household_number: string; postal_code: string | null; address: string }>(
          'SELECT * FROM households WHERE household_id = $1',
          [request.params.id],
        );
        if (!household) throw errors.notFound('世帯');
        const members = await sql.query<ResidentRow>(
          `SELECT * FROM residents WHERE household_id = $1 AND status = 'active'
            ORDER BY (relation = '世帯主') DESC, birth_date`,
          [request.params.id],
        );
        for (const member of members) {
          await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'view', residentId: member.resident_id, purpose: request.query.purpose }, ctx.now());
        }
        return {
          householdId: household.household_id,
          householdNumber: household.household_number,
          postalCode: household.postal_code,
          address: household.address,
          members: members.map(toResident),
        };
      }),
  });
}
