/**
 * Which forms of a visit carry the 個人番号 (番号法), and where it stands for each: read from the holder's My
 * Number card, still to be read (the member has a card), or not to be had at this counter (no card: the form
 * goes without it and the department asks for it). One function for the host (whom it may read) and the staff
 * screen (whom it asks for, and what it warns about before submitting), so the two never disagree.
 */
import type { ProcedureLine, VisitHousehold } from './visit';

export type IndividualNumberState = 'read' | 'to_read' | 'no_card';

export interface IndividualNumberNeed {
  procedureId: string;
  residentId: string;
  state: IndividualNumberState;
}

interface VisitLike {
  household: Pick<VisitHousehold, 'members'> | null;
  procedures: readonly Pick<ProcedureLine, 'procedureId' | 'residentId' | 'included' | 'needsIndividualNumber'>[];
  individualNumberRead: readonly string[];
}

/** Every included procedure whose form carries the 個人番号, for one member each, in procedure order. */
export function individualNumberNeeds(visit: VisitLike): IndividualNumberNeed[] {
  const members = new Map(visit.household?.members.map((m) => [m.residentId, m]) ?? []);
  return visit.procedures.flatMap((line) => {
    if (!line.included || !line.needsIndividualNumber || line.residentId === null) return [];
    const state: IndividualNumberState = visit.individualNumberRead.includes(line.residentId)
      ? 'read'
      : members.get(line.residentId)?.hasMyNumberCard
        ? 'to_read'
        : 'no_card';
    return [{ procedureId: line.procedureId, residentId: line.residentId, state }];
  });
}

/** The members whose card the counter may read now: a form of theirs needs the number and they hold a card. */
export function membersToRead(visit: VisitLike): string[] {
  return [...new Set(individualNumberNeeds(visit).filter((need) => need.state === 'to_read').map((need) => need.residentId))];
}
