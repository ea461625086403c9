import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prefilledForms } from './forms';
import type { ProcedureLine, VisitHousehold } from './visit';
import { NEWBORN_ID_PREFIX } from './visit';

const member = (residentId: string, name: string, relation: string) => ({
  residentId, name, nameKana: 'カナ', alphabetName: null, birthDate: '1990-01-01', sex: 1 as const, relation, kind: 'japanese' as const,
  healthInsurance: 'national' as const, pension: 'national' as const, careCertified: false, hasMyNumberCard: false, hasResidenceCard: false, supportMeasure: false,
});
const household: VisitHousehold = {
  householdId: 'h1',
  address: '岐阜県美濃加茂市太田町1-1',
  members: [member('r1', '山田　一郎', '世帯主'), { ...member(`${NEWBORN_ID_PREFIX}v1`, '山田　花', '子'), birthDate: '2026-11-20' }],
};
const line = (procedureId: string, residentId: string | null, included = true): ProcedureLine => ({
  procedureId, residentId, department: '市民課', deadline: null, feeYen: 0, reasons: [], source: 'judged', included, note: '',
});
const details = { eventDate: '2026-11-20', newAddress: '', previousAddress: '' };

describe('prefilledForms', () => {
  it('fills one form per included procedure from the record and the event; excluded ones are not sent', () => {
    const forms = prefilledForms({ household, details, procedures: [line('birth_notification', `${NEWBORN_ID_PREFIX}v1`), line('national_pension', 'r1'), line('resident_certificate', null, false)] });
    assert.deepEqual(forms.map((f) => f.formId), ['birth_notification', 'national_pension']);
    // The newborn has no resident record yet: the form carries the child's data but no residentId.
    assert.equal(forms[0]!.residentId, undefined);
    assert.equal(forms[0]!.fields.name, '山田　花');
    assert.equal(forms[0]!.fields.birthDate, '2026-11-20');
    assert.equal(forms[1]!.residentId, 'r1');
    assert.deepEqual(forms[1]!.fields, {
      name: '山田　一郎', nameKana: 'カナ', birthDate: '1990-01-01', relation: '世帯主',
      eventDate: '2026-11-20', newAddress: '', previousAddress: '', householdAddress: '岐阜県美濃加茂市太田町1-1',
    });
  });

  it('has nothing to fill before the household and the event are known', () => {
    assert.deepEqual(prefilledForms({ household: null, details, procedures: [line('x', null)] }), []);
    assert.deepEqual(prefilledForms({ household, details: null, procedures: [line('x', null)] }), []);
  });
});
