import type { Member } from '../rules/engine';
import type { VisitMember } from './visit';

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
  };
}
