import type { Resident } from '../../../shared/api/schemas';
import type { VisitMember } from '../../../shared/session/visit';
import type { z } from 'zod';
import { residenceCategoryCode, residenceStatusCode } from '../../../shared/rules/residence-status';

/** What the visit reads of a person: a register member, or a newcomer confirmed at intake with what the counter asked. */
export type MemberRecord = Pick<
  z.infer<typeof Resident>,
  'residentId' | 'name' | 'nameKana' | 'alphabetName' | 'birthDate' | 'sex' | 'relation' | 'kind' | 'healthInsurance' | 'pension' | 'careCertified' | 'hasMyNumberCard' | 'residenceCardNumber' | 'supportMeasure'
> &
  Partial<Pick<z.infer<typeof Resident>, 'nationality' | 'residenceCategory' | 'residenceStatus' | 'periodOfStay' | 'stayExpiresOn'>>;

/** A household member as the visit keeps them: what the rules and the forms need. */
export function visitMember(m: MemberRecord): VisitMember {
  return {
    residentId: m.residentId,
    name: m.name,
    nameKana: m.nameKana,
    alphabetName: m.alphabetName,
    birthDate: m.birthDate,
    sex: m.sex,
    relation: m.relation,
    kind: m.kind,
    healthInsurance: m.healthInsurance,
    pension: m.pension,
    careCertified: m.careCertified,
    hasMyNumberCard: m.hasMyNumberCard,
    hasResidenceCard: m.residenceCardNumber !== null,
    supportMeasure: m.supportMeasure,
    // The register's Japanese texts become the rules' codes here, once (a text no code names stays visible to staff).
    ...(m.kind === 'foreign'
      ? {
          nationality: m.nationality ?? null,
          residenceCategory: residenceCategoryCode(m.residenceCategory),
          residenceStatus: residenceStatusCode(m.residenceStatus),
          residenceStatusText: m.residenceStatus ?? null,
          periodOfStay: m.periodOfStay ?? null,
          stayExpiresOn: m.stayExpiresOn ?? null,
        }
      : {}),
  };
}
