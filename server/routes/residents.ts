import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiErrorBody, Household, IdParam, PreApplication, PreApplicationIdParam, Resident, SearchQuery, SearchResponse, ViewQuery } from '../../shared/api/schemas';
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

/** Gram size per key kind: bigrams for kanji names (2+2 characters), trigrams for kana and alphabet. */
export const GRAM_SIZE = { n: 2, k: 3, a: 3 } as const;

/** Character n-grams of a search key, exactly as migration 002's search_grams() makes them (by code point). */
export function searchGrams(kind: keyof typeof GRAM_SIZE, key: string): string[] {
  const chars = Array.from(key);
  const size = GRAM_SIZE[kind];
  const grams = new Set<string>();
  for (let i = 0; i + size <= chars.length; i += 1) grams.add(`${kind}:${chars.slice(i, i + size).join('')}`);
  return [...grams];
}

/**
 * Name search across kanji (異体字-folded), kana (hiragana/katakana, width, small kana folded), 通称 and
 * alphabet names, optionally narrowed by date of birth — staff almost always have it. Keys long enough to
 * have grams go through the n-gram index (resident_grams: every gram of the query present), then LIKE
 * confirms them as substrings; shorter keys match as prefixes through the btree indexes. Both index paths
 * use only leakproof operators, so they stay usable under row-level security.
 * The query itself is not logged or stored: the audit row keeps a hash of it and the result count.
 */
/** A search hit: the resident with their household's address, so staff can tell people of the same name apart. */
type FoundRow = ResidentRow & { household_address: string };

export async function searchResidents(sql: Sql, query: { q: string; birthDate?: string; limit: number }): Promise<FoundRow[]> {
  const keys = queryKeys(query.q);
  // Only punctuation, spaces or invisible characters: nothing to search for (and never "match everything").
  if (!keys.nameKey && !keys.kanaKey && !keys.alphabetKey) throw errors.emptySearch();
  const params: unknown[] = [query.birthDate ?? null, query.limit];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // One index-friendly SELECT per key kind; their union is the candidate set.
  const branches: string[] = [];
  // With a birth date the birth_date index leaves a handful of rows: match every key as a substring there.
  if (query.birthDate) {
    const contains = ([['name_key', 'alias_key', keys.nameKey], ['kana_key', 'alias_kana_key', keys.kanaKey]] as const)
      .filter(([, , key]) => key)
      .flatMap(([a, b, key]) => {
        const p = add(`%${likeEscape(key!)}%`);
        return [`${a} LIKE ${p}`, `${b} LIKE ${p}`];
      });
    const words = keys.alphabetKey?.split(' ').filter(Boolean) ?? [];
    if (words.length > 0) contains.push(`(${words.map((word) => `alphabet_key LIKE ${add(`%${likeEscape(word)}%`)}`).join(' AND ')})`);
    return sql.query<FoundRow>(
      `SELECT r.*, h.address AS household_address FROM residents r
         JOIN households h ON h.tenant_id = r.tenant_id AND h.household_id = r.household_id
        WHERE r.status = 'active' AND r.birth_date = $1::date AND (${contains.join(' OR ')})
        ORDER BY r.kana_key NULLS LAST, r.birth_date, r.resident_id LIMIT $2`,
      params,
    );
  }
  const branch = (kind: keyof typeof GRAM_SIZE, columns: string[], key: string | null) => {
    if (!key) return;
    const grams = searchGrams(kind, key);
    if (grams.length > 0) {
      const p = add(`%${likeEscape(key)}%`);
      branches.push(
        `SELECT resident_id FROM residents WHERE resident_id IN (
           SELECT resident_id FROM resident_grams WHERE gram = ANY(${add(grams)}::text[])
            GROUP BY resident_id HAVING count(*) = ${add(grams.length)})
           AND (${columns.map((column) => `${column} LIKE ${p}`).join(' OR ')})`,
      );
    } else {
      // One whole pattern parameter, so the planner turns the prefix into a btree range.
      const p = add(`${likeEscape(key)}%`);
      branches.push(`SELECT resident_id FROM residents WHERE ${columns.map((column) => `${column} LIKE ${p}`).join(' OR ')}`);
    }
  };
  branch('n', ['name_key', 'alias_key'], keys.nameKey);
  branch('k', ['kana_key', 'alias_kana_key'], keys.kanaKey);
  // Alphabet names: every word of the query must appear, in any order ("silva joao" finds
  // "SILVA SANTOS JOAO"); the longest word drives the index.
  const words = keys.alphabetKey?.split(' ').filter(Boolean) ?? [];
  if (words.length > 1) {
    const longest = [...words].sort((a, b) => b.length - a.length)[0]!;
    const grams = searchGrams('a', longest);
    const likes = words.map((word) => `alphabet_key LIKE ${add(`%${likeEscape(word)}%`)}`).join(' AND ');
    branches.push(
      grams.length > 0
        ? `SELECT resident_id FROM residents WHERE resident_id IN (
             SELECT resident_id FROM resident_grams WHERE gram = ANY(${add(grams)}::text[])
              GROUP BY resident_id HAVING count(*) = ${add(grams.length)}) AND ${likes}`
        : `SELECT resident_id FROM residents WHERE ${likes}`,
    );
  } else {
    branch('a', ['alphabet_key'], keys.alphabetKey);
  }
  // The household's address joins on its primary key in the same statement (no second round trip per search).
  return sql.query<FoundRow>(
    `SELECT r.*, h.address AS household_address FROM residents r
       JOIN households h ON h.tenant_id = r.tenant_id AND h.household_id = r.household_id
      WHERE r.status = 'active'
        AND ($1::date IS NULL OR r.birth_date = $1::date)
        AND r.resident_id IN (${branches.join(' UNION ')})
      ORDER BY r.kana_key NULLS LAST, r.birth_date, r.resident_id
      LIMIT $2`,
    params,
  );
}

/** Residents holding the residence card with this number (normally one), optionally narrowed by name / birth date. */
async function searchByResidenceCard(sql: Sql, query: { q?: string; birthDate?: string; residenceCardNumber: string; limit: number }): Promise<FoundRow[]> {
  const rows = await sql.query<FoundRow>(
    `SELECT r.*, h.address AS household_address FROM residents r
       JOIN households h ON h.tenant_id = r.tenant_id AND h.household_id = r.household_id
      WHERE r.status = 'active' AND r.residence_card_number = $1 AND ($2::date IS NULL OR r.birth_date = $2::date)
      ORDER BY r.birth_date, r.resident_id LIMIT $3`,
    [query.residenceCardNumber.toUpperCase(), query.birthDate ?? null, query.limit],
  );
  if (query.q === undefined || rows.length === 0) return rows;
  const byName = new Set((await searchResidents(sql, { q: query.q, ...(query.birthDate ? { birthDate: query.birthDate } : {}), limit: 100 })).map((row) => row.resident_id));
  return rows.filter((row) => byName.has(row.resident_id));
}

export function residentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/residents', {
    schema: { tags: ['residents'], summary: 'Search residents by name (kanji, kana, 通称, alphabet), date of birth, or residence card number',
      // What the querystring's refinement says, where a client reads it (OpenAPI 3.0 parameters cannot say "one of").
      description: 'At least one of `q` and `residenceCardNumber` is required (400 invalid_request naming `querystring.q` otherwise); with both, both must match.',
      querystring: SearchQuery, response: { 200: SearchResponse, 400: ApiErrorBody, 401: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, 'any', async (sql, staff) => {
        const { q, residenceCardNumber, birthDate, limit } = request.query;
        const rows = residenceCardNumber
          ? await searchByResidenceCard(sql, { residenceCardNumber, limit, ...(q ? { q } : {}), ...(birthDate ? { birthDate } : {}) })
          : await searchResidents(sql, { q: q!, limit, ...(birthDate ? { birthDate } : {}) });
        await appendAudit(
          sql,
          staff.tenantId,
          {
            staffId: staff.staffId,
            terminalId: staff.terminalId,
            action: 'search',
            purpose: 'counter_service',
            detail: {
              // Keyed, so names cannot be confirmed by hashing guesses; equal queries still match for review.
              queryHash: createHmac('sha256', ctx.config.secret).update(`${staff.tenantId}:${q ?? ''}:${residenceCardNumber ?? ''}`).digest('hex').slice(0, 32),
              withResidenceCard: Boolean(residenceCardNumber),
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
              address: row.household_address,
            };
          }),
        };
      }),
  });

  r.get('/v1/pre-applications/:id', {
    schema: { tags: ['residents'], summary: 'A pre-application brought to the counter as a QR code (audited view)', params: PreApplicationIdParam, response: { 200: PreApplication, 401: ApiErrorBody, 404: ApiErrorBody } },
    handler: async (request) =>
      asStaff(ctx, request, 'any', async (sql, staff) => {
        const [row] = await sql.query<{ application_id: string; life_event: string; data: Record<string, string | null>; created_at: Date | string }>(
          'SELECT application_id, life_event, data, created_at FROM pre_applications WHERE application_id = $1',
          [request.params.id],
        );
        if (!row) throw errors.notFound('事前申請');
        await appendAudit(sql, staff.tenantId, { staffId: staff.staffId, terminalId: staff.terminalId, action: 'view', purpose: 'pre_application', detail: { applicationId: row.application_id } }, ctx.now());
        return {
          applicationId: row.application_id,
          lifeEvent: row.life_event,
          name: row.data.name ?? '',
          birthDate: row.data.birthDate ?? '',
          eventDate: row.data.eventDate ?? null,
          newAddress: row.data.newAddress ?? '',
          previousAddress: row.data.previousAddress ?? '',
          language: row.data.language ?? null,
          createdAt: new Date(row.created_at).toISOString(),
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
