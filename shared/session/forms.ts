import type { Visit } from './state';
import { NEWBORN_ID_PREFIX } from './visit';

/** One prefilled form (申請書) of a visit: what staff review and what is submitted. The resident writes nothing. */
export interface PrefilledForm {
  /** The procedure the form belongs to (its form in the tenant's catalog). */
  formId: string;
  /** The resident the form is about; absent for a household-level or newborn procedure. */
  residentId?: string;
  fields: Record<string, string | null>;
}

/** Field order as staff see them on the review step (and as forms list them). */
export const FORM_FIELDS = ['name', 'nameKana', 'birthDate', 'relation', 'eventDate', 'newAddress', 'previousAddress', 'householdAddress'] as const;

/**
 * Every form of the included procedures, filled from the resident record and the event staff entered. One
 * pure function for the staff review and the submission, so what staff check is exactly what is sent.
 */
export function prefilledForms(visit: Pick<Visit, 'household' | 'details' | 'procedures'>): PrefilledForm[] {
  if (!visit.household || !visit.details) return [];
  const members = new Map(visit.household.members.map((m) => [m.residentId, m]));
  const details = visit.details;
  return visit.procedures
    .filter((line) => line.included)
    .map((line) => {
      const member = line.residentId ? members.get(line.residentId) : undefined;
      const recorded = member && !member.residentId.startsWith(NEWBORN_ID_PREFIX);
      return {
        formId: line.procedureId,
        ...(recorded ? { residentId: member.residentId } : {}),
        fields: {
          ...(member ? { name: member.name, nameKana: member.nameKana, birthDate: member.birthDate, relation: member.relation } : {}),
          eventDate: details.eventDate,
          newAddress: details.newAddress,
          previousAddress: details.previousAddress,
          householdAddress: visit.household!.address,
        },
      };
    });
}
