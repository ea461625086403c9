import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CustomerViewSchema, StaffViewSchema } from '../contract/views';
import { customerView, staffView } from './projection';
import { initialSession, reduceSession, type CounterSession, type SessionAction } from './state';
import { HOUSEHOLD, LINES } from './test-fixtures';

function session(...actions: SessionAction[]): CounterSession {
  return actions.reduce<CounterSession>(
    (state, action) => {
      const result = reduceSession(state, action);
      assert.ok(result.ok, action.type);
      return result.state;
    },
    { ...initialSession('terminal-secret-42'), staff: { staffId: 'staff-secret-7', displayName: '職員 秘密子', role: 'counter' as const, tenantId: '212113', tenantName: '美濃加茂市' } },
  );
}

const NOTE = '支援措置対象：住所非開示';
const identify = session(
  { type: 'customerDisplayChanged', status: 'connected' },
  { type: 'startVisit', visitId: 'visit-internal-id-9', startedAt: '2026-11-27T09:00:00.000Z' },
  { type: 'setCustomerLanguage', language: 'en' },
  { type: 'householdSelected', household: HOUSEHOLD },
  { type: 'setStaffNote', text: NOTE },
);
const procedures = session(
  { type: 'startVisit', visitId: 'visit-internal-id-9', startedAt: '2026-11-27T09:00:00.000Z' },
  { type: 'setCustomerLanguage', language: 'en' },
  { type: 'householdSelected', household: HOUSEHOLD },
  { type: 'nextStep' },
  { type: 'lifeEventChosen', lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町1-1', previousAddress: '浜松市' }, procedures: LINES },
  { type: 'nextStep' },
  { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included: false, note: '私立校に通うため不要' },
  { type: 'setStaffNote', text: NOTE },
);

/** The resident could not sign: the clerk wrote the name for them (代筆). */
const proxySigned = session(
  { type: 'startVisit', visitId: 'visit-internal-id-9', startedAt: '2026-11-27T09:00:00.000Z' },
  { type: 'householdSelected', household: HOUSEHOLD },
  { type: 'nextStep' },
  { type: 'lifeEventChosen', lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町1-1', previousAddress: '浜松市' }, procedures: LINES },
  { type: 'nextStep' },
  { type: 'nextStep' },
  { type: 'customerConfirmed', at: '2026-11-27T09:05:00.000Z' },
  { type: 'nextStep' },
  { type: 'signedByProxy', reason: 'other', note: '骨折で右手にギプス', writtenName: 'シルバ・ジョアン', at: '2026-11-27T09:06:00.000Z' },
);

describe('projections', () => {
  it('the customer view carries only the allow-listed fields', () => {
    const view = customerView(procedures);
    assert.deepEqual(Object.keys(view).sort(), ['confirmed', 'eventDate', 'language', 'lifeEvent', 'members', 'mode', 'newAddress', 'previousAddress', 'procedures', 'receiptNumber', 'rev', 'signed', 'step', 'stepCount', 'stepIndex']);
    assert.ok(view.mode === 'visit');
    for (const member of view.members) assert.deepEqual(Object.keys(member).sort(), ['alphabetName', 'birthDate', 'name', 'nameKana', 'refusal', 'relation']);
    assert.equal(CustomerViewSchema.safeParse(view).success, true);
  });

  it('shows the household only from the procedures step on, and only included procedures', () => {
    const early = customerView(identify);
    assert.ok(early.mode === 'visit' && early.members.length === 0 && early.procedures.length === 0);
    assert.ok(early.eventDate === null && early.newAddress === null && early.previousAddress === null);
    assert.ok(!JSON.stringify(early).includes('Silva'));
    const later = customerView(procedures);
    assert.ok(later.mode === 'visit');
    assert.deepEqual(later.members.map((m) => m.name), ['Silva João', 'Silva Pedro']);
    // What the forms will say, for the resident to check: registered names, birth dates, 続柄, both addresses, the date.
    assert.deepEqual(later.members[1], { name: 'Silva Pedro', nameKana: 'シルバ　ペドロ', alphabetName: 'SILVA PEDRO', birthDate: '2019-05-01', relation: '子', refusal: null });
    assert.deepEqual([later.previousAddress, later.newAddress, later.eventDate], ['浜松市', '美濃加茂市太田町1-1', '2026-11-27']);
    assert.deepEqual(later.procedures, [{ procedureId: 'moving_in_notification', member: 0, department: '市民課', deadline: '2026-12-11', feeYen: 0 }]);
  });

  it('no staff-only value reaches the customer view', () => {
    for (const state of [identify, procedures]) {
      const wire = JSON.stringify(customerView(state));
      for (const secret of [NOTE, '私立校', 'terminal-secret-42', 'visit-internal-id-9', '職員 秘密子', 'supportMeasure', 'staffNote', 'residentId', 'healthInsurance', '"pension"', 'hasMyNumberCard', '"kind"', '"sex"', 'reasons', '岐阜県']) {
        assert.ok(!wire.includes(secret), `customer view leaks ${secret}`);
      }
      for (const id of ['r1', 'r2', 'h1']) assert.ok(!wire.includes(`"${id}"`), `customer view leaks the id ${id}`);
    }
  });

  it('an idle customer view is nothing but rev and mode', () => {
    const ended = reduceSession(procedures, { type: 'endVisit' });
    assert.ok(ended.ok);
    assert.deepEqual(customerView(ended.state), { rev: procedures.rev + 1, mode: 'idle' });
  });

  it('a 代筆 shows the resident only that the visit is signed; staff see who wrote it and why', () => {
    const customer = customerView(proxySigned);
    assert.ok(customer.mode === 'visit' && customer.signed);
    const wire = JSON.stringify(customer);
    for (const secret of ['骨折', 'other', 'proxy', 'シルバ・ジョアン', '職員 秘密子', 'staff-secret-7']) assert.ok(!wire.includes(secret), `customer view leaks ${secret}`);
    const staff = staffView(proxySigned);
    assert.equal(StaffViewSchema.safeParse(staff).success, true);
    assert.equal(staff.visit?.signed, true);
    assert.deepEqual(staff.visit?.proxySignature, { staffName: '職員 秘密子', reason: 'other', note: '骨折で右手にギプス', writtenName: 'シルバ・ジョアン', at: '2026-11-27T09:06:00.000Z' });
    assert.equal(staffView(procedures).visit?.proxySignature, null, 'no 代筆, nothing to show');
  });

  it('the strict customer schema rejects any extra field, so a leak fails instead of shipping', () => {
    const view = customerView(procedures);
    assert.equal(CustomerViewSchema.safeParse({ ...view, staffNote: NOTE }).success, false);
    assert.ok(view.mode === 'visit');
    assert.equal(CustomerViewSchema.safeParse({ ...view, members: [{ ...view.members[0], supportMeasure: true }] }).success, false);
    assert.equal(CustomerViewSchema.safeParse({ rev: 1, mode: 'idle', household: [] }).success, false);
    assert.equal(CustomerViewSchema.safeParse({ ...view, members: [{ ...view.members[0], sex: 1 }] }).success, false);
    assert.equal(CustomerViewSchema.safeParse({ ...view, householdAddress: HOUSEHOLD.address }).success, false);
  });

  it('the staff view is complete, says what blocks the next step, and is a copy', () => {
    const view = staffView(procedures);
    assert.equal(StaffViewSchema.safeParse(view).success, true);
    assert.equal(view.visit?.staffNote, NOTE);
    assert.equal(view.visit?.household?.members[1]?.supportMeasure, true);
    assert.equal(view.visit?.canUndo, true);
    assert.equal(staffView(identify).visit?.blocker, null);
    view.visit!.household!.members[0]!.name = 'changed';
    assert.equal(procedures.visit?.household?.members[0]?.name, 'Silva João');
  });

  it('a member the 転入 refuses: the resident sees the reason code only, never the status or nationality; staff see all, and nobody left means no next step', () => {
    const refusing = {
      ...HOUSEHOLD,
      members: HOUSEHOLD.members.map((m, i) =>
        i === 1 ? { ...m, kind: 'foreign' as const, nationality: 'VN', residenceStatus: 'temporary_visitor' as const, residenceStatusText: '短期滞在', periodOfStay: '90日', refusal: 'short_term_stay' as const } : m,
      ),
    };
    const state = session(
      { type: 'startVisit', visitId: 'visit-internal-id-9', startedAt: '2026-11-27T09:00:00.000Z' },
      { type: 'householdSelected', household: HOUSEHOLD },
      { type: 'nextStep' },
      { type: 'lifeEventChosen', lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町1-1', previousAddress: 'Hà Nội' }, procedures: LINES, household: refusing },
      { type: 'nextStep' },
    );
    const view = customerView(state);
    assert.ok(view.mode === 'visit');
    assert.deepEqual(view.members.map((m) => m.refusal), [null, 'short_term_stay']);
    assert.equal(CustomerViewSchema.safeParse(view).success, true);
    const wire = JSON.stringify(view);
    for (const secret of ['temporary_visitor', '短期滞在', '"VN"', '90日', 'nationality', 'residenceStatus']) assert.ok(!wire.includes(secret), `customer view leaks ${secret}`);
    assert.equal(staffView(state).visit?.household?.members[1]?.residenceStatus, 'temporary_visitor');
    assert.equal(staffView(state).visit?.blocker, null);
    const nobody = session(
      { type: 'startVisit', visitId: 'visit-internal-id-9', startedAt: '2026-11-27T09:00:00.000Z' },
      { type: 'householdSelected', household: HOUSEHOLD },
      { type: 'nextStep' },
      { type: 'lifeEventChosen', lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町1-1', previousAddress: 'Hà Nội' }, procedures: LINES, household: { ...HOUSEHOLD, members: HOUSEHOLD.members.map((m) => ({ ...m, refusal: 'short_term_stay' as const })) } },
      { type: 'nextStep' },
    );
    assert.equal(staffView(nobody).visit?.blocker, 'no member of the household may be registered');
  });
});
