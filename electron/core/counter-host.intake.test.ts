import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { HostResult, StaffView } from '../../shared/contract';
import type { IntakeDraft, IntakeMemberDraft } from '../../shared/session/intake';
import { fakeHousehold, FakeDevices, requestId, signIn, testHost } from './test-support';

async function ok<T>(promise: Promise<HostResult<unknown>>): Promise<T> {
  const result = await promise;
  assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
  return result.value as T;
}

/** 転入 of people not in the register: the intake draft in the host, its confirmation, and its submission. */
describe('CounterHost intake', () => {
  async function atIntake(source = 'moving_out_certificate') {
    const devices = new FakeDevices();
    const { host, cloud } = testHost('test-terminal', { devices, newId: randomUUID });
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}, role: 'staff' | 'customer' = 'staff') => host.invoke(role, channel, { requestId: requestId(), ...input });
    await ok(call('startVisit'));
    await ok(call('startIntake', { source }));
    const view = async () => (await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}))).visit!;
    const draft = async () => (await view()).intake!;
    return { host, cloud, devices, call, view, draft };
  }

  const household = (draft: IntakeDraft, members: Partial<IntakeMemberDraft>[]) => ({
    address: '坂祝町取組46-18',
    movedInOn: '2026-12-01',
    previousAddress: '名古屋市中区三の丸3-1-1',
    movedOutOn: '2026-11-30',
    members: draft.members.map((m, i) => ({ ...m, ...members[i] })),
  });

  it('turns a nationality typed as the 転出証明書 prints it into the register’s code, and names one that is no country', async () => {
    const { call, view, draft } = await atIntake();
    const member = { name: 'SILVA RAFAEL', alphabetName: 'SILVA RAFAEL', birthDate: '1989-03-10', sex: 1 as const, foreign: true, residenceCardNumber: 'AB12345678CD' };
    await ok(call('editIntake', { edit: household(await draft(), [{ ...member, nationality: 'アトランティス' }]) }));
    const refused = await call('confirmIntake');
    assert.deepEqual(!refused.ok && [refused.error.code, (refused.error.details as { fields: string[] }).fields], ['invalid_input', ['intake.members.0.nationality']]);
    assert.equal((await view()).household, null);
    await ok(call('editIntake', { edit: household(await draft(), [{ ...member, nationality: 'ブラジル' }]) }));
    await ok(call('confirmIntake'));
    assert.equal((await draft()).members[0]!.nationality, 'BR');
    assert.equal((await view()).household?.isNew, true);
  });

  it('keeps the draft in the host, makes every id, and turns it into a new household the visit judges and submits', async () => {
    const { call, view, draft, cloud, host } = await atIntake();
    const head = (await draft()).members[0]!;
    assert.equal(head.relation, '世帯主', 'the first person of a 転出証明書 is the head');
    const added = await ok<{ residentId: string }>(call('addIntakeMember'));
    await ok(call('addIntakeMember'));
    const ids = (await draft()).members.map((m) => m.residentId);
    assert.equal(new Set(ids).size, 3);
    // The head's sex is not entered yet: no spouse is guessed for the second person; the third is most likely a 子.
    assert.deepEqual((await draft()).members.map((m) => [m.relation, m.sex]), [['世帯主', null], ['', null], ['子', null]]);
    assert.equal(ids[1], added.residentId);

    // Incomplete: the host names the fields, nothing becomes the household.
    const incomplete = await call('confirmIntake');
    assert.equal(!incomplete.ok && incomplete.error.code, 'invalid_input');
    assert.ok(!incomplete.ok && (incomplete.error.details as { fields: string[] }).fields.includes('intake.members.1.birthDate'));
    assert.equal((await view()).household, null);

    await ok(
      call('editIntake', {
        edit: household(await draft(), [
          { name: '鈴木 一郎', nameKana: 'スズキ イチロウ', birthDate: '1988-04-02', sex: 1, honseki: '愛知県名古屋市中区三の丸三丁目1番', hittousha: '鈴木 一郎' },
          { relation: '妻', name: '鈴木 花子', birthDate: '1990-07-15', sex: 2 },
          { relation: '子', name: '鈴木 翔', birthDate: '2019-05-20', sex: 1 },
        ]),
      }),
    );
    assert.equal((await view()).canUndo, true, 'starting and adding are undoable; typing alone adds no undo steps');
    await ok(call('confirmIntake'));
    const confirmed = await view();
    assert.equal(confirmed.household?.isNew, true);
    assert.deepEqual(confirmed.household?.members.map((m) => m.residentId), ids);

    // The customer screen learns nothing of the intake: not in the identification step, and never the 本籍.
    const customer = JSON.stringify(((await host.invoke('customer', 'getCustomerSnapshot', {})) as { ok: true; value: unknown }).value);
    assert.equal(customer.includes('鈴木'), false);

    await ok(call('nextStep'));
    await ok(call('chooseLifeEvent', { lifeEvent: 'moving_in', details: { eventDate: '2026-12-01', newAddress: '坂祝町取組46-18', previousAddress: '名古屋市中区三の丸3-1-1' } }));
    const judged = await view();
    assert.deepEqual(
      judged.procedures.map((p) => `${p.procedureId}:${ids.indexOf(p.residentId!)}`),
      ['moving_in_notification:0', 'moving_in_notification:1', 'moving_in_notification:2'],
      'the fake catalog: everyone moves in; nobody is in the national pension yet',
    );
    await ok(call('nextStep'));
    const customerNow = JSON.stringify(((await host.invoke('customer', 'getCustomerSnapshot', {})) as { ok: true; value: unknown }).value);
    assert.equal(customerNow.includes('鈴木 花子'), true, 'the resident checks their own names from the procedures step');
    assert.equal(customerNow.includes('三の丸三丁目'), false, 'the 本籍 stays with staff');
    await ok(call('nextStep'));
    await ok(call('confirm', {}, 'customer'));
    await ok(call('nextStep'));
    await ok(call('sign', { svg: 'M 0 0 L 10 10' }, 'customer'));
    await ok(call('submitVisit'));

    const created = [...cloud.visits.values()][0] as { householdId?: string; newHousehold?: { householdId: string; intake: string; members: { residentId: string; honseki: string | null; kind: string }[] }; procedures: { residentId?: string }[] };
    assert.equal(created.householdId, undefined, 'a new household goes as newHousehold, not as a register id');
    assert.equal(created.newHousehold?.householdId, (await draft()).householdId);
    assert.equal(created.newHousehold?.intake, 'moving_out_certificate');
    assert.deepEqual(created.newHousehold?.members.map((m) => m.residentId), ids);
    assert.equal(created.newHousehold?.members[0]?.honseki, '愛知県名古屋市中区三の丸三丁目1番');
    assert.deepEqual(created.procedures.map((p) => p.residentId), ids, 'the procedures name the new residents');
    const forms = ([...cloud.submissions.values()][0] as { forms: { residentId?: string }[] }).forms;
    assert.deepEqual(forms.map((f) => f.residentId), ids);
    assert.deepEqual((await view()).result?.registered, { householdId: created.newHousehold?.householdId, residentIds: ids });
  });

  it('a My Number card read at a 転入 fills the person with its four items, and the address it still shows is the 前住所', async () => {
    const { call, draft, view, cloud } = await atIntake('moving_out_certificate');
    const searchesBefore = cloud.searches.length;
    await ok(call('readMyNumberCard', { pin: '1234' }));
    const after = await draft();
    assert.deepEqual(
      [after.members.length, after.members[0]?.name, after.members[0]?.birthDate, after.members[0]?.sex, after.members[0]?.relation, after.previousAddress],
      [1, fakeHousehold().members[0]!.name, fakeHousehold().members[0]!.birthDate, 1, '世帯主', '岐阜県美濃加茂市太田町1-1'],
    );
    assert.equal(cloud.searches.length, searchesBefore, 'nothing searched in the register');
    assert.equal((await view()).identification, null);
    // A 前住所 staff typed is theirs: a second read does not replace it.
    await ok(call('editIntake', { edit: { address: '', movedInOn: '', previousAddress: '名古屋市中区三の丸3-1-1', movedOutOn: '', members: after.members } }));
    await ok(call('readMyNumberCard', { pin: '1234' }));
    assert.equal((await draft()).previousAddress, '名古屋市中区三の丸3-1-1');
  });

  it('a residence card whose signature does not verify fills nothing: a typed device error, the draft unchanged', async () => {
    const { call, draft, devices } = await atIntake('from_abroad');
    for (const status of ['invalid', 'untrusted-issuer'] as const) {
      devices.residenceSignature = status;
      const before = await draft();
      const read = await call('readResidenceCard', { cardNumber: 'AB12345678CD' });
      assert.deepEqual(!read.ok && [read.error.code, (read.error.details as { code: string; params: unknown }).code, (read.error.details as { params: unknown }).params], ['device', 'signature_invalid', { status }]);
      assert.deepEqual(await draft(), before);
    }
    devices.residenceSignature = 'valid';
    await ok(call('readResidenceCard', { cardNumber: 'AB12345678CD' }));
    assert.equal((await draft()).members[0]?.residenceCardNumber, 'AB12345678CD');
  });

  it('an MRZ scan and a residence card read fill the person they describe instead of searching the register', async () => {
    const { call, draft, cloud, view } = await atIntake('from_abroad');
    const searchesBefore = cloud.searches.length;
    await ok(call('submitScan', { text: 'P<JPNYAMADA<<ICHIRO' }));
    let members = (await draft()).members;
    assert.equal(members.length, 1);
    assert.equal(members[0]?.alphabetName, 'YAMADA ICHIRO');
    assert.equal(members[0]?.foreign, true);
    // The card of the same person (same birth date) completes them; nothing was searched.
    await ok(call('readResidenceCard', { cardNumber: 'AB12345678CD' }));
    members = (await draft()).members;
    assert.equal(members.length, 1);
    assert.equal(members[0]?.residenceCardNumber, 'AB12345678CD');
    assert.equal(cloud.searches.length, searchesBefore);
    assert.equal((await view()).identification, null);
    // A second passport of the same person adds no one; without a card, the landing permission is needed.
    await ok(call('submitScan', { text: 'P<JPNYAMADA<<ICHIRO' }));
    assert.equal((await draft()).members.length, 1);
    const second = await ok<{ residentId: string }>(call('addIntakeMember', { foreign: true }));
    const base = await draft();
    const edit = {
      address: '坂祝町取組1-1',
      movedInOn: '2026-12-01',
      previousAddress: 'ブラジル',
      movedOutOn: '',
      members: base.members.map((m) => (m.residentId === second.residentId ? { ...m, relation: '妻', alphabetName: 'YAMADA ANA', birthDate: '1993-01-01', sex: 2, nationality: 'BRA' } : { ...m, nationality: 'BRA' })),
    };
    await ok(call('editIntake', { edit }));
    const noCard = await call('confirmIntake');
    assert.deepEqual(!noCard.ok && (noCard.error.details as { fields: string[] }).fields, ['intake.members.1.landingPermission']);
    await ok(call('editIntake', { edit: { ...edit, members: edit.members.map((m) => (m.residentId === second.residentId ? { ...m, landingGrantedOn: '2026-11-28', landingPort: '中部空港' } : m)) } }));
    await ok(call('confirmIntake'));
    assert.deepEqual((await view()).household?.members.map((m) => [m.name, m.kind, m.hasResidenceCard]), [
      ['YAMADA ICHIRO', 'foreign', true],
      ['YAMADA ANA', 'foreign', false],
    ]);
  });

  it('refuses an edit with control characters or members the host did not make, and a changed draft needs confirming again', async () => {
    const { call, draft, view } = await atIntake();
    const base = await draft();
    const bad = await call('editIntake', { edit: { ...household(base, [{ name: '鈴木\u202Eイチロー' }]) } });
    assert.equal(!bad.ok && bad.error.code, 'invalid_input');
    const foreignId = await call('editIntake', { edit: { ...household(base, []), members: [{ ...base.members[0]!, residentId: randomUUID() }] } });
    assert.equal(!foreignId.ok && foreignId.error.code, 'invalid_state');
    const whole = household(base, [{ name: '鈴木 一郎', birthDate: '1988-04-02', sex: 1 }]);
    await ok(call('editIntake', { edit: whole }));
    await ok(call('confirmIntake'));
    assert.equal((await view()).household?.isNew, true);
    await ok(call('editIntake', { edit: { ...whole, address: '坂祝町酒倉1' } }));
    assert.equal((await view()).household, null, 'what was confirmed is no longer what the form says');
    await ok(call('undo'));
    assert.equal((await view()).household?.address, '坂祝町取組46-18', 'undo brings the confirmed household back');
  });
});
