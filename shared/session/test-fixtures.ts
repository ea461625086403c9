import type { ProcedureLine, VisitHousehold } from './visit';

/** A Brazilian household (father and son, residence cards; the son under 支援措置) for session tests. */
export const HOUSEHOLD: VisitHousehold = {
  householdId: 'h1',
  address: '岐阜県美濃加茂市太田町1-1',
  members: [
    { residentId: 'r1', name: 'Silva João', nameKana: 'シルバ　ジョアン', alphabetName: 'SILVA JOAO', birthDate: '1991-03-01', sex: 1, relation: '世帯主', kind: 'foreign', healthInsurance: 'national', pension: 'national', careCertified: false, hasMyNumberCard: false, hasResidenceCard: true, supportMeasure: false },
    { residentId: 'r2', name: 'Silva Pedro', nameKana: 'シルバ　ペドロ', alphabetName: 'SILVA PEDRO', birthDate: '2019-05-01', sex: 1, relation: '子', kind: 'foreign', healthInsurance: 'national', pension: 'none', careCertified: false, hasMyNumberCard: false, hasResidenceCard: true, supportMeasure: true },
  ],
};

export const LINES: ProcedureLine[] = [
  { procedureId: 'moving_in_notification', residentId: 'r1', department: '市民課', deadline: '2026-12-11', feeYen: 0, reasons: [{ code: 'everyone', params: {} }], source: 'judged', included: true, note: '' },
  { procedureId: 'school_transfer', residentId: 'r2', department: '学校教育課', deadline: null, feeYen: 0, reasons: [{ code: 'school_age', params: { age: 7, stage: 'elementary' } }], source: 'judged', included: true, note: '' },
];

