import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { z } from 'zod';
import type { CatalogProcedure } from '../../shared/api/schemas';
import type { HostResult, StaffView } from '../../shared/contract';
import { intakeWarnings, type IntakeDraft, type IntakeMemberDraft } from '../../shared/session/intake';
import { DEMO_CATALOGS } from '../../server/demo/catalog';
import { visitMember } from './host/visit-member';
import { fakeHousehold, FakeDevices, requestId, signIn, testHost } from './test-support';

async function ok<T>(promise: Promise<HostResult<unknown>>): Promise<T> {
  const result = await promise;
  assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
  return result.value as T;
}

/** 美濃加茂市's demo catalog as the backend answers it. */
const minokamo = (): z.infer<typeof CatalogProcedure>[] =>
  DEMO_CATALOGS['212113']!.map((entry) => ({
    ...entry,
    deadlineCountsEventDay: entry.deadlineCountsEventDay ?? false,
    deadlineFrom: entry.deadlineFrom ?? 'event',
    needsIndividualNumber: entry.needsIndividualNumber ?? false,
    effectiveFrom: '2024-04-01',
    effectiveTo: null,
  }));

/** Residence status in a real visit: the register's texts and the intake reach the rules; who may not be registered is refused. */
describe('CounterHost residence status', () => {
  async function atIntake() {
    const { host, cloud } = testHost('test-terminal', { devices: new FakeDevices(), newId: randomUUID });
    cloud.catalog = async () => ({ procedures: minokamo() });
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}, role: 'staff' | 'customer' = 'staff') => host.invoke(role, channel, { requestId: requestId(), ...input });
    await ok(call('startVisit'));
    await ok(call('startIntake', { source: 'from_abroad' }));
    await ok(call('addIntakeMember', { foreign: true }));
    await ok(call('addIntakeMember', { foreign: true }));
    const view = async () => (await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}))).visit!;
    const draft = async () => (await view()).intake!;
    const customer = async () => JSON.stringify(((await host.invoke('customer', 'getCustomerSnapshot', {})) as { ok: true; value: unknown }).value);
    return { host, cloud, call, view, draft, customer };
  }

  const family = (draft: IntakeDraft, members: Partial<IntakeMemberDraft>[]) => ({
    address: '美濃加茂市太田町3-3',
    movedInOn: '2026-12-01',
    previousAddress: 'ベトナム',
    movedOutOn: '',
    members: draft.members.map((m, i) => ({ ...m, nationality: 'VN', sex: 1 as const, ...members[i] })),
  });
  const head = { relation: '世帯主', alphabetName: 'NGUYEN VAN AN', birthDate: '1990-02-01', residenceStatus: '技術・人文知識・国際業務', periodOfStay: '5年', residenceCardNumber: 'AB12345678CD' };
  const visitor = { relation: '母', alphabetName: 'TRAN THI BINH', birthDate: '1962-06-01', sex: 2 as const, residenceStatus: '短期滞在', periodOfStay: '90日', landingGrantedOn: '2026-11-28', landingPort: '中部空港' };
  const son = { relation: '子', alphabetName: 'NGUYEN VAN CUONG', birthDate: '2018-09-01', residenceStatus: '家族滞在', periodOfStay: '5年', residenceCardNumber: 'CD87654321EF' };
  const moveIn = { lifeEvent: 'moving_in', details: { eventDate: '2026-12-01', newAddress: '美濃加茂市太田町3-3', previousAddress: 'ベトナム' } };

  it('a visitor on 短期滞在 in a family from abroad: warned at intake, refused at judgement, left out of the registration', async () => {
    const { call, view, draft, customer, cloud } = await atIntake();
    await ok(call('editIntake', { edit: family(await draft(), [head, visitor, son]) }));
    const ids = (await draft()).members.map((m) => m.residentId);
    // Staff are warned before confirming (the form shows the same list).
    assert.deepEqual(intakeWarnings(await draft()).map((w) => [w.index, w.kind === 'refusal' ? w.reason : w.kind]), [[1, 'short_term_stay']]);
    await ok(call('confirmIntake'));
    const confirmed = (await view()).household!.members;
    assert.deepEqual(
      confirmed.map((m) => [m.residenceStatus, m.residenceCategory, m.periodOfStay]),
      [
        ['engineer_humanities_international', 'mid_long_term', '5年'],
        ['temporary_visitor', null, '90日'],
        ['dependent', 'mid_long_term', '5年'],
      ],
    );

    await ok(call('nextStep'));
    await ok(call('chooseLifeEvent', moveIn));
    const judged = await view();
    assert.deepEqual(judged.household!.members.map((m) => m.refusal), [null, 'short_term_stay', null]);
    const who = (id: string | null) => ['head', 'visitor', 'son'][ids.indexOf(id!)];
    assert.deepEqual(judged.procedures.map((p) => `${p.procedureId} ${who(p.residentId)}`).sort(), [
      'child_allowance head',
      'child_medical_subsidy son',
      'moving_in_notification head',
      'moving_in_notification son',
      'national_health_insurance_join head',
      'national_health_insurance_join son',
      'national_pension head',
      'residence_card_address head',
      'residence_card_address son',
      'school_transfer son',
    ]);
    // No procedure can be added by hand for the refused visitor.
    const added = await call('setProcedure', { procedureId: 'moving_in_notification', residentId: ids[1], included: true, note: '本人の希望' });
    assert.equal(!added.ok && added.error.code, 'invalid_input');

    await ok(call('nextStep'));
    const wire = await customer();
    assert.ok(wire.includes('"refusal":"short_term_stay"'), 'the resident learns the reason code of the refusal');
    for (const secret of ['短期滞在', 'temporary_visitor', '90日', '"VN"']) assert.ok(!wire.includes(secret), `customer view leaks ${secret}`);

    await ok(call('nextStep'));
    await ok(call('confirm', {}, 'customer'));
    await ok(call('nextStep'));
    await ok(call('sign', { svg: 'M 0 0 L 10 10' }, 'customer'));
    await ok(call('submitVisit'));
    const created = [...cloud.visits.values()][0] as { newHousehold: { members: { residentId: string; residenceCategory: string | null; residenceStatus: string | null }[] } };
    assert.deepEqual(
      created.newHousehold.members.map((m) => [m.residentId, m.residenceCategory, m.residenceStatus]),
      [
        [ids[0], '中長期在留者', '技術・人文知識・国際業務'],
        [ids[2], '中長期在留者', '家族滞在'],
      ],
      'the refused visitor is not registered; the others with the register’s category text',
    );
  });

  it('a 世帯主 who may not be registered is said at confirmation: staff make one of those who stay the 世帯主', async () => {
    const { call, view, draft } = await atIntake();
    await ok(call('editIntake', { edit: family(await draft(), [{ ...visitor, relation: '世帯主' }, { ...head, relation: '子' }, { ...son, relation: '孫' }]) }));
    const refused = await call('confirmIntake');
    assert.deepEqual(!refused.ok && [refused.error.code, (refused.error.details as { fields: string[] }).fields], ['invalid_input', ['intake.members.head']]);
    assert.equal((await view()).household, null, 'nothing confirmed');
    // The son who stays becomes the 世帯主 (the 続柄 relative to him); now it confirms.
    await ok(call('editIntake', { edit: family(await draft(), [{ ...visitor, relation: '母' }, head, son]) }));
    await ok(call('confirmIntake'));
    assert.equal((await view()).household?.isNew, true);
  });

  it('nobody may be registered: no procedures, no next step, and the reason for each', async () => {
    const { call, view, draft } = await atIntake();
    await ok(call('editIntake', { edit: family(await draft(), [{ ...visitor, relation: '世帯主' }, { ...visitor, relation: '夫', alphabetName: 'LE VAN DUNG', sex: 1, residenceStatus: '外交', periodOfStay: '3年' }, { ...visitor, relation: '子', alphabetName: 'LE THI EM', birthDate: '2010-01-01', residenceStatus: '留学', periodOfStay: '3月' }]) }));
    await ok(call('confirmIntake'));
    await ok(call('nextStep'));
    await ok(call('chooseLifeEvent', moveIn));
    const judged = await view();
    assert.deepEqual(judged.household!.members.map((m) => m.refusal), ['short_term_stay', 'diplomatic_status', 'stay_three_months_or_less']);
    assert.deepEqual(judged.procedures, []);
    await ok(call('nextStep'));
    assert.equal((await view()).blocker, 'no member of the household may be registered');
    const next = await call('nextStep');
    assert.equal(next.ok, false, 'a 転入 of nobody cannot go on to the review');
  });

  it("a 特別永住者 in the register: the category text reaches the rules, and the newborn gets 特別永住許可", async () => {
    const { host, cloud } = testHost('test-terminal', { devices: new FakeDevices(), newId: randomUUID });
    cloud.catalog = async () => ({ procedures: minokamo() });
    const registered = fakeHousehold();
    registered.members = registered.members.slice(0, 1).map((m) => ({ ...m, kind: 'foreign' as const, nationality: 'KR', residenceCategory: '特別永住者', residenceCardNumber: 'AB12345678CD' }));
    cloud.household = async () => registered;
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}) => host.invoke('staff', channel, { requestId: requestId(), ...input });
    await ok(call('startVisit'));
    await ok(call('selectHousehold', { householdId: registered.householdId }));
    await ok(call('nextStep'));
    await ok(call('chooseLifeEvent', { lifeEvent: 'birth', details: { eventDate: '2026-12-01', newAddress: '', previousAddress: '', newborn: { name: '山田 蓮', nameKana: '', birthDate: '2026-11-28', sex: 1 } } }));
    const judged = (await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}))).visit!;
    const baby = judged.household!.members.find((m) => m.residentId.startsWith('newborn:'))!;
    assert.deepEqual([baby.kind, baby.residenceCategory], ['foreign', 'transitional']);
    assert.deepEqual(judged.procedures.filter((p) => p.residentId === baby.residentId).map((p) => p.procedureId).sort(), ['birth_notification', 'child_medical_subsidy_birth', 'national_health_insurance_join_birth', 'special_permanent_permission']);
  });

  it('visitMember maps the register’s texts to codes; an unknown 在留資格 stays as text for staff, never a crash', () => {
    const [record] = fakeHousehold().members;
    const foreign = { ...record!, kind: 'foreign' as const, nationality: 'PH', residenceCategory: '中長期在留者', residenceStatus: '日本人の配偶者等', periodOfStay: '3年', stayExpiresOn: '2028-04-01' };
    assert.deepEqual(
      (({ nationality, residenceCategory, residenceStatus, residenceStatusText, periodOfStay, stayExpiresOn }) => ({ nationality, residenceCategory, residenceStatus, residenceStatusText, periodOfStay, stayExpiresOn }))(visitMember(foreign)),
      { nationality: 'PH', residenceCategory: 'mid_long_term', residenceStatus: 'spouse_of_japanese', residenceStatusText: '日本人の配偶者等', periodOfStay: '3年', stayExpiresOn: '2028-04-01' },
    );
    const odd = visitMember({ ...foreign, residenceStatus: '観光ビザ', residenceCategory: '不明' });
    assert.deepEqual([odd.residenceStatus, odd.residenceStatusText, odd.residenceCategory], [null, '観光ビザ', null]);
    assert.equal(visitMember(record!).residenceStatus, undefined, 'a Japanese national carries none');
  });
});
