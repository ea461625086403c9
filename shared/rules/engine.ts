/**
 * The rules engine (手続き判定): given a tenant's procedure catalog (data) and a household's life event, which
 * procedures each member needs, and why.
 *
 * Pure: no I/O, no clock, no Node or DOM APIs. Dates are 'YYYY-MM-DD' strings; ages are legal ages on the
 * event date (./dates).
 *
 * - Only entries of the event's life event that are in force on the event date count
 *   (effectiveFrom ≤ eventDate ≤ effectiveTo, both inclusive, either end open when absent/null).
 * - Each counted entry's `condition` is parsed with ConditionSchema; an invalid one throws CatalogConditionError.
 * - Member-level condition → one judgement per matching member.
 * - Household-level condition (mentions `householdHasChildUntilFiscalYearEndOfAge`, with role 'parent') → ONE
 *   judgement for the household, given to the 世帯主 if they match, otherwise to the first matching member
 *   (e.g. 児童手当 is claimed once per household). Its reasons are that member's.
 * - A condition mentioning `requested` is never judged (staff add it by hand).
 * - deadline = base + deadlineDays, one day less when deadlineCountsEventDay (出生届: 14 days counting
 *   the day of birth); null when deadlineDays is null. The base is the event date, or the date the entry's
 *   deadlineFrom names when the event carries it (死亡届: the day the death became known; 児童手当 at 転入: the
 *   転出予定日).
 * - Household-level claimant: among the matching members, one who is not a dependent spouse (第3号) — the
 *   main earner claims 児童手当 — then the 世帯主, then the first.
 * - Order: catalog order, then member order.
 */
import { ConditionSchema, conditionKeys, evaluate } from './conditions';
import type { Condition, Reason } from './conditions';
import { addDays, compare, isIsoDate, legalAge } from './dates';
import type { IsoDate } from './dates';
import { eventKindsOf, LIFE_EVENTS } from './types';
import type { EventInput, Member } from './types';

export type { Condition, ConditionKey, Evaluation, EvaluationContext, OneOrMany, Reason, ReasonCode } from './conditions';
export { ConditionSchema, evaluate, isParentOf, REASON_CODES } from './conditions';
export type { EventInput, EventKind, HealthInsurance, LifeEvent, Member, Pension, ResidenceCategory } from './types';
export { EVENT_KINDS, eventKindsOf } from './types';
export { newbornNationality } from './conditions';
export type { IsoDate, SchoolStage } from './dates';

/** One procedure of a tenant's catalog, as the engine reads it (texts and fees are for the caller). */
export interface CatalogEntry {
  procedureId: string;
  /** A LifeEvent, or another grouping the engine never judges (e.g. 'certificate'). */
  lifeEvent: string;
  department: string;
  /** Condition JSON in the vocabulary of ./conditions; validated here. */
  condition: unknown;
  deadlineDays: number | null;
  /** The deadline counts the event day as day 1 (初日算入), e.g. 出生届. Default false. */
  deadlineCountsEventDay?: boolean;
  /** What the deadline counts from: the event date (default), or a date the event may carry (see DEADLINE_BASES). */
  deadlineFrom?: DeadlineBase;
  feeYen: number;
  effectiveFrom?: IsoDate;
  effectiveTo?: IsoDate | null;
}

export interface Judgement {
  procedureId: string;
  /** The member the procedure is for; for a household-level procedure, the claimant (世帯主 preferred). */
  residentId: string | null;
  department: string;
  reasons: Reason[];
  deadline: IsoDate | null;
}

/** Dates a deadline may count from besides the event date, and the EventInput field that carries each. */
export const DEADLINE_BASES = { event: 'eventDate', death_known: 'deathKnownDate', planned_move_out: 'plannedMoveOutDate' } as const satisfies Record<string, keyof EventInput>;
export type DeadlineBase = keyof typeof DEADLINE_BASES;

/** A catalog entry whose condition does not fit the vocabulary. */
export class CatalogConditionError extends Error {
  override readonly name = 'CatalogConditionError';

  constructor(
    readonly procedureId: string,
    readonly issues: readonly { path: readonly PropertyKey[]; message: string }[],
  ) {
    super(`invalid condition in procedure ${procedureId}: ${issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

/** An event the engine cannot judge (bad dates, unknown ids). */
export class EventInputError extends Error {
  override readonly name = 'EventInputError';
}

/** Parses one entry's condition, or throws CatalogConditionError naming the procedure. */
export function parseCondition(procedureId: string, condition: unknown): Condition {
  const result = ConditionSchema.safeParse(condition);
  if (!result.success) throw new CatalogConditionError(procedureId, result.error.issues);
  return result.data;
}

/** Checks every entry's condition (for the admin import): the errors, empty when the catalog is valid. */
export function validateCatalog(catalog: readonly Pick<CatalogEntry, 'procedureId' | 'condition'>[]): CatalogConditionError[] {
  const errors: CatalogConditionError[] = [];
  for (const entry of catalog) {
    try {
      parseCondition(entry.procedureId, entry.condition);
    } catch (error) {
      if (error instanceof CatalogConditionError) errors.push(error);
      else throw error;
    }
  }
  return errors;
}

/** Whether the condition is judged once per household (see the module comment). */
export function isHouseholdLevel(condition: Condition): boolean {
  return conditionKeys(condition).has('householdHasChildUntilFiscalYearEndOfAge');
}

export function isInForce(entry: Pick<CatalogEntry, 'effectiveFrom' | 'effectiveTo'>, on: IsoDate): boolean {
  if (entry.effectiveFrom && compare(entry.effectiveFrom, on) > 0) return false;
  if (entry.effectiveTo && compare(on, entry.effectiveTo) > 0) return false;
  return true;
}

export function deadlineOf(
  entry: Pick<CatalogEntry, 'deadlineDays' | 'deadlineCountsEventDay' | 'deadlineFrom'>,
  event: Pick<EventInput, 'eventDate' | 'deathKnownDate' | 'plannedMoveOutDate'>,
): IsoDate | null {
  if (entry.deadlineDays === null) return null;
  const base = event[DEADLINE_BASES[entry.deadlineFrom ?? 'event']] ?? event.eventDate;
  return addDays(base, entry.deadlineDays - (entry.deadlineCountsEventDay ? 1 : 0));
}

/** The household's claimant among the matching members (see the module comment). */
function claimant<T extends { member: Member }>(matches: readonly T[]): T | undefined {
  const earners = matches.filter((m) => m.member.pension !== 'dependent_spouse');
  const pool = earners.length > 0 ? earners : matches;
  return pool.find((m) => m.member.relation === '世帯主') ?? pool[0];
}

function checkEvent(event: EventInput): void {
  if (!LIFE_EVENTS.includes(event.lifeEvent)) throw new EventInputError(`unknown life event: ${String(event.lifeEvent)}`);
  if (!isIsoDate(event.eventDate)) throw new EventInputError(`eventDate is not a YYYY-MM-DD date: ${event.eventDate}`);
  const ids = new Set<string>();
  for (const member of event.members) {
    if (ids.has(member.residentId)) throw new EventInputError(`member ${member.residentId} appears twice`);
    ids.add(member.residentId);
    if (!isIsoDate(member.birthDate)) throw new EventInputError(`member ${member.residentId}: birthDate is not a YYYY-MM-DD date: ${member.birthDate}`);
    if (compare(member.birthDate, event.eventDate) > 0) throw new EventInputError(`member ${member.residentId} is born after the event date`);
  }
  for (const [field, id] of [['newbornResidentId', event.newbornResidentId], ['deceasedResidentId', event.deceasedResidentId]] as const) {
    if (id !== undefined && !ids.has(id)) throw new EventInputError(`${field} ${id} is not one of the members`);
  }
  for (const field of ['deathKnownDate', 'plannedMoveOutDate'] as const) {
    const date = event[field];
    if (date !== undefined && !isIsoDate(date)) throw new EventInputError(`${field} is not a YYYY-MM-DD date: ${date}`);
  }
  // The sub-kind belongs to the event: required where it has sub-kinds (its procedures depend on it), else absent.
  const kinds = eventKindsOf(event.lifeEvent);
  if (kinds.length > 0 && !(event.eventKind !== undefined && kinds.includes(event.eventKind))) throw new EventInputError(`${event.lifeEvent} needs its sub-kind (${kinds.join(' | ')})`);
  if (kinds.length === 0 && event.eventKind !== undefined) throw new EventInputError(`${event.lifeEvent} has no sub-kind`);
  // A death cannot become known before it happened.
  if (event.deathKnownDate !== undefined && compare(event.deathKnownDate, event.eventDate) < 0) throw new EventInputError('deathKnownDate is before the date of death');
}

/** The procedures the event needs, member by member, with the reasons. Throws CatalogConditionError, EventInputError. */
export function judgeProcedures(catalog: readonly CatalogEntry[], event: EventInput): Judgement[] {
  checkEvent(event);
  const judgements: Judgement[] = [];
  for (const entry of catalog) {
    if (entry.lifeEvent !== event.lifeEvent || !isInForce(entry, event.eventDate)) continue;
    const condition = parseCondition(entry.procedureId, entry.condition);
    const deadline = deadlineOf(entry, event);
    const matches = event.members.flatMap((member) => {
      const result = evaluate(condition, member, event);
      return result.matched ? [{ member, reasons: result.reasons }] : [];
    });
    const chosen = isHouseholdLevel(condition) ? [claimant(matches)].filter((m) => m !== undefined) : matches;
    for (const { member, reasons } of chosen) {
      judgements.push({ procedureId: entry.procedureId, residentId: member.residentId, department: entry.department, reasons, deadline });
    }
  }
  return judgements;
}

/** Legal age of a member on the event date (for display beside the judgements). */
export function memberAge(event: Pick<EventInput, 'eventDate'>, member: { birthDate: IsoDate }): number {
  return legalAge(member.birthDate, event.eventDate);
}
