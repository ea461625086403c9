import type { NewHousehold } from '../../shared/api/schemas';
import { nameSearchKeys } from '../../shared/domain/name-search';
import { appendAudit } from '../audit/chain';
import type { Sql } from '../db/database';
import { ApiError, errors } from '../http/errors';

/**
 * 転入 of people who are not in the register yet. The counter sends the household moving in with the visit
 * (`CreateVisitRequest.newHousehold`); it stays pending with the visit — outside `households` and `residents`, so
 * no search, household read or department queue sees it — and the visit's submission registers it in the same
 * transaction (so a visit abandoned before its submission leaves nothing registered).
 */

/** The life events that bring a household not yet in the register. */
export const MOVING_IN_EVENTS: ReadonlySet<string> = new Set(['moving_in', 'moving_in_from_abroad']);

/** The 続柄 of the head of household: a new household has exactly one. */
export const HEAD_OF_HOUSEHOLD = '世帯主';

const intakeErrors = {
  notMovingIn: () => new ApiError(422, 'new_household_not_moving_in', '登録されていない世帯は、転入の来庁でだけ受け付けます。'),
  alreadyRegistered: (field: string) =>
    new ApiError(409, 'already_registered', 'この番号の世帯または住民はすでに登録されています。転入の入力をやり直してください。', { field }),
};

/**
 * What the register needs of a household before it may be kept pending: the rules of the 住民票 that the schema
 * alone cannot say. Field paths only in the error (the values are personal data).
 */
function invalidFields(household: NewHousehold): string[] {
  const fields: string[] = [];
  const seen = new Set<string>();
  household.members.forEach((member, i) => {
    if (seen.has(member.residentId) || member.residentId === household.householdId) fields.push(`newHousehold.members.${i}.residentId`);
    seen.add(member.residentId);
    // 国籍等 is a recorded item of every foreign resident (住基法 30条の45).
    if (member.kind === 'foreign' && !member.nationality) fields.push(`newHousehold.members.${i}.nationality`);
  });
  // Exactly one 世帯主: the others' 続柄 is to them (住基法 7条4号).
  const heads = household.members.filter((member) => member.relation === HEAD_OF_HOUSEHOLD).length;
  if (heads !== 1) fields.push('newHousehold.members.relation');
  return fields;
}

/**
 * An id already registered in this tenant is a 409. Another tenant's ids are invisible here (RLS), so they are as
 * free as any random id and the answer tells nothing about them.
 */
async function refuseRegisteredIds(sql: Sql, household: NewHousehold): Promise<void> {
  const [taken] = await sql.query<{ field: string }>(
    `SELECT 'newHousehold.householdId' AS field FROM households WHERE household_id = $1
     UNION ALL SELECT 'newHousehold.members.residentId' FROM residents WHERE resident_id = ANY($2::uuid[])
     LIMIT 1`,
    [household.householdId, household.members.map((member) => member.residentId)],
  );
  if (taken) throw intakeErrors.alreadyRegistered(taken.field);
}

/** Checks a new household and keeps it pending with the visit (already inserted). */
export async function keepPending(sql: Sql, tenantId: string, visitId: string, lifeEvent: string, household: NewHousehold): Promise<void> {
  if (!MOVING_IN_EVENTS.has(lifeEvent)) throw intakeErrors.notMovingIn();
  const fields = invalidFields(household);
  if (fields.length > 0) throw errors.invalidRequest(fields);
  await refuseRegisteredIds(sql, household);
  await sql.query('INSERT INTO pending_households (tenant_id, visit_id, household_id, resident_ids, household) VALUES ($1, $2, $3, $4, $5)', [
    tenantId,
    visitId,
    household.householdId,
    household.members.map((member) => member.residentId),
    JSON.stringify(household),
  ]);
}

/** The residents a visit's procedures and forms may name besides registered ones: its pending newcomers. */
export async function pendingResidentIds(sql: Sql, visitId: string): Promise<Set<string>> {
  const [row] = await sql.query<{ resident_ids: string[] }>('SELECT resident_ids FROM pending_households WHERE visit_id = $1 AND registered_at IS NULL', [visitId]);
  return new Set(row?.resident_ids ?? []);
}

export interface Registered {
  householdId: string | null;
  residentIds: string[];
}

/** 世帯番号 for a household registered at the counter: 'T' and the receipt number of the 転入 that made it. */
const householdNumberOf = (receiptNumber: string) => `T${receiptNumber}`;

/**
 * Registers the visit's pending household and members, inside the submission's transaction: households and
 * residents rows (became_resident_on = the day they moved in, with the 転出証明書 items), the visit then points at
 * the household, and one audit row per resident. Nothing pending (or registered by an earlier submission of the
 * visit): nothing to do.
 */
export async function registerPending(
  sql: Sql,
  context: { tenantId: string; visitId: string; submissionId: string; receiptNumber: string; staffId: string; terminalId: string; now: Date },
): Promise<Registered> {
  const [pending] = await sql.query<{ household: NewHousehold }>('SELECT household FROM pending_households WHERE visit_id = $1 AND registered_at IS NULL FOR UPDATE', [
    context.visitId,
  ]);
  if (!pending) return { householdId: null, residentIds: [] };
  const household = pending.household;
  // Registered in the meantime by another visit's submission (the same intake entered twice): refused as a whole.
  await refuseRegisteredIds(sql, household);
  await sql.query('INSERT INTO households (tenant_id, household_id, household_number, address) VALUES ($1, $2, $3, $4)', [
    context.tenantId,
    household.householdId,
    householdNumberOf(context.receiptNumber),
    household.address,
  ]);
  for (const member of household.members) {
    // The search keys are derived here like every other writer's; the n-gram trigger (002) indexes them.
    const keys = nameSearchKeys({ name: member.name, kana: member.nameKana, alphabet: member.alphabetName, alias: null, aliasKana: null });
    const columns: Record<string, unknown> = {
      tenant_id: context.tenantId,
      resident_id: member.residentId,
      household_id: household.householdId,
      relation: member.relation,
      kind: member.kind,
      name: member.name,
      name_kana: member.nameKana,
      alphabet_name: member.alphabetName,
      birth_date: member.birthDate,
      sex: member.sex,
      nationality: member.nationality,
      residence_category: member.residenceCategory,
      residence_status: member.residenceStatus,
      period_of_stay: member.periodOfStay,
      stay_expires_on: member.stayExpiresOn,
      residence_card_number: member.residenceCardNumber?.toUpperCase() ?? null,
      has_my_number_card: member.hasMyNumberCard,
      became_resident_on: household.movedInOn,
      previous_address: member.previousAddress,
      moved_out_on: member.movedOutOn,
      honseki: member.honseki,
      hittousha: member.hittousha,
      landing_permission: member.landingPermission ? JSON.stringify(member.landingPermission) : null,
      intake: household.intake,
      name_key: keys.nameKey,
      kana_key: keys.kanaKey,
      alphabet_key: keys.alphabetKey,
      updated_at: context.now.toISOString(),
    };
    const names = Object.keys(columns);
    await sql.query(`INSERT INTO residents (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(columns));
    await appendAudit(
      sql,
      context.tenantId,
      {
        staffId: context.staffId,
        terminalId: context.terminalId,
        action: 'create',
        residentId: member.residentId,
        purpose: 'moving_in_registration',
        detail: { visitId: context.visitId, submissionId: context.submissionId, householdId: household.householdId, intake: household.intake },
      },
      context.now,
    );
  }
  await sql.query('UPDATE pending_households SET registered_at = $2, submission_id = $3 WHERE visit_id = $1', [context.visitId, context.now.toISOString(), context.submissionId]);
  await sql.query('UPDATE visits SET household_id = $2 WHERE visit_id = $1', [context.visitId, household.householdId]);
  return { householdId: household.householdId, residentIds: household.members.map((member) => member.residentId) };
}
