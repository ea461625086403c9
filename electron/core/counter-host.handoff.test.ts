import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { HostResult, StaffView } from '../../shared/contract';
import { handoffKey } from './host/handoff';
import { requestId, signIn, testHost } from './test-support';

async function ok<T>(promise: Promise<HostResult<unknown>>): Promise<T> {
  const result = await promise;
  assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
  return result.value as T;
}

function counter() {
  const { host, cloud, logs } = testHost('test-terminal', { newId: randomUUID });
  const call = (channel: string, input: Record<string, unknown> = {}, role: 'staff' | 'customer' = 'staff') => host.invoke(role, channel, { requestId: requestId(), ...input });
  const view = async () => (await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}))).visit!;
  return { host, cloud, logs, call, view };
}

/** 特例転入 at the counter: the 転出 side makes the handoff after the submission; the 転入 side claims it into the intake. */
describe('CounterHost handoff (特例転入 between member towns)', () => {
  /** The fake household's 転出 to 坂祝町 (a member town), judged, confirmed and signed, up to the submission. */
  async function movingOutSigned(destinationTenantId: string | null = '215015') {
    const c = counter();
    await signIn(c.host);
    await ok(c.call('startVisit'));
    await ok(c.call('selectHousehold', { householdId: '10000000-0000-4000-8000-000000000001' }));
    await ok(c.call('nextStep'));
    await ok(c.call('chooseLifeEvent', { lifeEvent: 'moving_out', details: { eventDate: '2026-12-05', newAddress: '岐阜県加茂郡坂祝町取組46-18', previousAddress: '', destinationTenantId } }));
    await ok(c.call('nextStep'));
    await ok(c.call('nextStep'));
    await ok(c.call('confirm', {}, 'customer'));
    await ok(c.call('nextStep'));
    await ok(c.call('sign', { svg: 'M 0 0 L 10 10' }, 'customer'));
    return c;
  }

  it('lists the other member towns for the 転出 step', async () => {
    const { host } = counter();
    await signIn(host);
    assert.deepEqual(await ok(host.invoke('staff', 'listMemberTowns', {})), { towns: [{ tenantId: '215015', nameJa: '坂祝町' }] });
  });

  it('makes the handoff of the whole household when a 転出 to a member town is submitted, once however often retried, and never logs the code', async () => {
    const { call, view, cloud, logs } = await movingOutSigned();
    await ok(call('submitVisit'));
    const visit = await view();
    assert.equal(visit.result?.receiptNumber, '2026-000001');
    assert.deepEqual(visit.result?.handoff, { status: 'created', destinationTenantId: '215015', destinationName: '坂祝町', destinationNameEn: 'Sakahogi Town', code: 'ABCDE-FGHJK', expiresOn: '2027-01-04' });
    const [key, body] = [...cloud.handoffs][0]!;
    assert.equal(key, handoffKey(visit.visitId));
    assert.deepEqual(body, { visitId: '30000000-0000-4000-8000-000000000001', destinationTenantId: '215015', residentIds: ['20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002'], movingOutOn: '2026-12-05' });
    // Submitted again (a lost answer) and retried by staff: still one handoff, the same code.
    await ok(call('submitVisit'));
    await ok(call('retryHandoff'));
    assert.equal(cloud.handoffs.size, 1);
    assert.equal((await view()).result?.handoff?.status, 'created');
    assert.equal(JSON.stringify(logs).includes('FGHJK'), false);
  });

  it('keeps the receipt when the handoff cannot be made, and a retry makes it with the same request', async () => {
    const { call, view, cloud } = await movingOutSigned();
    cloud.handoffOutages = 2;
    await ok(call('submitVisit'));
    const failed = await view();
    assert.equal(failed.result?.receiptNumber, '2026-000001', 'the submission stands');
    assert.equal(failed.step, 'finish');
    assert.deepEqual(failed.result?.handoff, { status: 'failed', destinationTenantId: '215015', error: { code: 'unavailable', message: 'the cloud backend cannot be reached' } });
    const again = await call('retryHandoff');
    assert.equal(!again.ok && again.error.code, 'unavailable', 'a retry that fails says so');
    await ok(call('retryHandoff'));
    assert.equal((await view()).result?.handoff?.status, 'created');
    assert.deepEqual([...cloud.handoffs.keys()], [handoffKey(failed.visitId)]);
    assert.equal(cloud.submissions.size, 1, 'the submission was not sent again');
  });

  it('makes no handoff for a 転出 elsewhere, and refuses a retry there', async () => {
    const { call, view, cloud } = await movingOutSigned(null);
    await ok(call('submitVisit'));
    assert.equal((await view()).result?.handoff, undefined);
    assert.equal(cloud.handoffs.size, 0);
    const retry = await call('retryHandoff');
    assert.equal(!retry.ok && retry.error.code, 'invalid_state');
  });

  describe('the town they move to', () => {
    async function atIdentify() {
      const c = counter();
      await signIn(c.host);
      await ok(c.call('startVisit'));
      return c;
    }

    it('claims with the code as printed or typed loosely, and the claimed family fills the intake draft to complete', async () => {
      const { call, view } = await atIdentify();
      await ok(call('claimHandoff', { code: ' abcde fghjk', birthDate: '2020-02-02' }));
      const intake = (await view()).intake!;
      assert.equal(intake.source, 'handoff');
      assert.equal(intake.previousAddress, '岐阜県加茂郡坂祝町取組46番地18');
      assert.equal(intake.movedOutOn, '2026-11-25');
      assert.equal(intake.address, '', 'the new address is asked at the counter');
      assert.equal(intake.movedInOn, '2026-11-25', 'the day they moved in starts as the 転出予定日');
      assert.deepEqual(
        intake.members.map((m) => [m.residentId, m.relation, m.name, m.nameKana, m.birthDate, m.sex, m.foreign, m.honseki, m.hittousha, m.hasMyNumberCard]),
        [
          ['60000000-0000-4000-8000-000000000001', '世帯主', '山田　一郎', 'ヤマダ　イチロウ', '1991-05-01', 1, false, '岐阜県加茂郡坂祝町取組46番地', '山田　一郎', true],
          ['60000000-0000-4000-8000-000000000002', '子', '山田　翔', 'ヤマダ　ショウ', '2020-02-02', 1, false, '岐阜県加茂郡坂祝町取組46番地', '山田　一郎', false],
        ],
      );
      // Not complete until staff add what the counter asks: the new address.
      const incomplete = await call('confirmIntake');
      assert.deepEqual(!incomplete.ok && (incomplete.error.details as { fields: string[] }).fields, ['intake.address']);
      const { version: _v, source: _s, householdId: _h, ...edit } = intake;
      await ok(call('editIntake', { edit: { ...edit, address: '岐阜県美濃加茂市太田町1-1', movedInOn: '2026-11-26', members: edit.members.map((m) => ({ ...m, healthInsurance: 'national' })) } }));
      await ok(call('confirmIntake'));
      const household = (await view()).household!;
      assert.equal(household.isNew, true);
      assert.deepEqual(household.members.map((m) => [m.residentId, m.healthInsurance]), [
        ['60000000-0000-4000-8000-000000000001', 'national'],
        ['60000000-0000-4000-8000-000000000002', 'national'],
      ]);
    });

    it('needs a 世帯主 among those claimed before it confirms', async () => {
      const { call, view } = await atIdentify();
      await ok(call('claimHandoff', { code: 'ABCDE-FGHJK', birthDate: '1991-05-01' }));
      const { version: _v, source: _s, householdId: _h, ...edit } = (await view()).intake!;
      await ok(call('editIntake', { edit: { ...edit, address: '美濃加茂市太田町1-1', movedInOn: '2026-11-26', members: edit.members.map((m) => ({ ...m, relation: m.relation === '世帯主' ? '妻' : m.relation })) } }));
      const headless = await call('confirmIntake');
      assert.deepEqual(!headless.ok && (headless.error.details as { fields: string[] }).fields, ['intake.members.head']);
    });

    it('answers a wrong code, a wrong birth date and a used code with the backend’s refusal, and changes nothing', async () => {
      const { call, view, host } = await atIdentify();
      const rev = (await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}))).rev;
      for (const input of [{ code: 'ZZZZZ-ZZZZZ', birthDate: '1991-05-01' }, { code: 'ABCDE-FGHJK', birthDate: '1990-01-01' }]) {
        const refused = await call('claimHandoff', input);
        assert.deepEqual(!refused.ok && [refused.error.code, (refused.error.details as { code: string }).code], ['rejected', 'handoff_not_found']);
      }
      assert.equal((await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}))).rev, rev);
      assert.equal((await view()).intake, null);
      // A code that does not look like one is refused at the door (the contract's HandoffCode).
      const malformed = await call('claimHandoff', { code: 'ABC', birthDate: '1991-05-01' });
      assert.equal(!malformed.ok && malformed.error.code, 'invalid_input');
      // Claimed in this visit, then again from another counter's visit: refused as used.
      await ok(call('claimHandoff', { code: 'ABCDE-FGHJK', birthDate: '1991-05-01' }));
      await ok(call('endVisit'));
      await ok(call('startVisit'));
      const used = await call('claimHandoff', { code: 'ABCDE-FGHJK', birthDate: '1991-05-01' });
      assert.deepEqual(!used.ok && (used.error.details as { code: string }).code, 'handoff_claimed');
    });

    it('a repeated claim (an answer lost on the way) gets the same members, not a refusal', async () => {
      const { call, view } = await atIdentify();
      await ok(call('claimHandoff', { code: 'ABCDE-FGHJK', birthDate: '1991-05-01' }));
      const first = (await view()).intake!.members.map((m) => m.residentId);
      await ok(call('claimHandoff', { code: 'abcdefghjk', birthDate: '1991-05-01' }));
      assert.deepEqual((await view()).intake!.members.map((m) => m.residentId), first);
    });

    it('is done in the identification step only', async () => {
      const { call } = await atIdentify();
      await ok(call('selectHousehold', { householdId: '10000000-0000-4000-8000-000000000001' }));
      await ok(call('nextStep'));
      const late = await call('claimHandoff', { code: 'ABCDE-FGHJK', birthDate: '1991-05-01' });
      assert.equal(!late.ok && late.error.code, 'invalid_state');
    });
  });
});
