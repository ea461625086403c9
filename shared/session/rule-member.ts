import { eventKindsOf, type EventInput, type Member } from '../rules/engine';
import { parsePeriodOfStay } from '../rules/residence-status';
import type { EventDetails, VisitLifeEvent, VisitMember } from './visit';

/** A household member as the rules engine reads them (only the fields rules may depend on). */
export function ruleMember(m: VisitMember): Member {
  return {
    residentId: m.residentId,
    relation: m.relation,
    birthDate: m.birthDate,
    sex: m.sex,
    kind: m.kind,
    healthInsurance: m.healthInsurance,
    pension: m.pension,
    careCertified: m.careCertified,
    hasMyNumberCard: m.hasMyNumberCard,
    hasResidenceCard: m.hasResidenceCard,
    residenceCategory: m.residenceCategory ?? null,
    nationality: m.nationality ?? null,
    residenceStatus: m.residenceStatus ?? null,
    periodOfStay: parsePeriodOfStay(m.periodOfStay),
    stayExpiresOn: m.stayExpiresOn ?? null,
  };
}

/** The sub-kind of the visit's details, only for an event that has sub-kinds (engine: required there, absent elsewhere). */
export function ruleEventKind(lifeEvent: VisitLifeEvent, details: EventDetails): Pick<EventInput, 'eventKind'> {
  return details.eventKind && eventKindsOf(lifeEvent).includes(details.eventKind) ? { eventKind: details.eventKind } : {};
}

/** The dates of the visit's details that deadlines count from (each only for the life event it belongs to). */
export function ruleEventDates(lifeEvent: VisitLifeEvent, details: EventDetails): Pick<EventInput, 'eventDate' | 'deathKnownDate' | 'plannedMoveOutDate'> {
  return {
    eventDate: details.eventDate,
    ...(lifeEvent === 'death' && details.deathKnownDate ? { deathKnownDate: details.deathKnownDate } : {}),
    ...(lifeEvent === 'moving_in' && details.plannedMoveOutDate ? { plannedMoveOutDate: details.plannedMoveOutDate } : {}),
  };
}
