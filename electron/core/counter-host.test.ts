import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomerView, HostResult, StaffView } from '../../shared/contract';
import { SubmissionRequest } from '../../shared/api/schemas';
import { CloudError } from './cloud-client';
import { FAKE_PASSWORD, fakeCatalog, fakeHousehold, requestId, signIn, testHost } from './test-support';

async function ok<T>(promise: Promise<HostResult<unknown>>): Promise<T> {
  const result = await promise;
  assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
  return result.value as T;
}

describe('CounterHost', () => {
  it('runs a staff command and publishes a staff view and a customer view with the same new rev', async () => {
    const { host } = testHost();
    await signIn(host);
    const staff: unknown[] = [];
    const customer: unknown[] = [];
    host.subscribe('staff', (event, payload) => staff.push([event, payload]));
    host.subscribe('customer', (event, payload) => customer.push([event, payload]));

    const ack = await ok<{ rev: number }>(host.invoke('staff', 'startVisit', { requestId: requestId() }));
    assert.equal(ack.rev, 2, 'sign-in was rev 1');
    assert.equal(staff.length, 1);
    assert.equal(customer.length, 1);
    const [staffEvent, staffPayload] = staff[0] as [string, StaffView];
    const [customerEvent, customerPayload] = customer[0] as [string, CustomerView];
    assert.equal(staffEvent, 'staffViewChanged');
    assert.equal(customerEvent, 'customerViewChanged');
    assert.equal(staffPayload.rev, 2);
    assert.equal(customerPayload.rev, 2);
    assert.equal(customerPayload.mode, 'visit');
  });

  it('never pushes a staff view to a customer subscriber, and skips customer pushes that change nothing visible', async () => {
    const { host } = testHost();
    await signIn(host);
    const customer: [string, CustomerView][] = [];
    host.subscribe('customer', (event, payload) => customer.push([event, payload as CustomerView]));
    await ok(host.invoke('staff', 'startVisit', { requestId: requestId() }));
    await ok(host.invoke('staff', 'setStaffNote', { requestId: requestId(), text: 'DV等支援措置の対象者。住所を口頭で読み上げないこと' }));
    assert.equal(customer.length, 1, 'the staff note must not cause a customer push');
    assert.ok(customer.every(([event]) => event === 'customerViewChanged'));
    assert.ok(!JSON.stringify(customer).includes('支援措置'));
  });

  it('answers a repeated mutating call once: same result, applied once', async () => {
    const { host } = testHost();
    await signIn(host);
    await ok(host.invoke('staff', 'startVisit', { requestId: requestId() }));
    await ok(host.invoke('staff', 'selectHousehold', { requestId: requestId(), householdId: fakeHousehold().householdId }));
    const id = requestId();
    const first = await host.invoke('staff', 'nextStep', { requestId: id });
    const again = await Promise.all(Array.from({ length: 5 }, () => host.invoke('staff', 'nextStep', { requestId: id })));
    for (const result of again) assert.deepEqual(result, first);
    const view = await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
    assert.equal(view.visit?.step, 'lifeEvent', 'nextStep applied exactly once');
  });

  it('rejects a request id reused for a different request', async () => {
    const { host } = testHost();
    await signIn(host);
    const id = requestId();
    await ok(host.invoke('staff', 'startVisit', { requestId: id }));
    const reused = await host.invoke('staff', 'nextStep', { requestId: id });
    assert.equal(!reused.ok && reused.error.code, 'invalid_input');
  });

  it('enforces the contract roles: the customer window cannot call staff commands or read the staff view', async () => {
    const { host, logs } = testHost();
    for (const [channel, input] of [
      ['startVisit', { requestId: requestId() }],
      ['getStaffSnapshot', {}],
      ['setStaffNote', { requestId: requestId(), text: 'x' }],
    ] as const) {
      const result = await host.invoke('customer', channel, input);
      assert.equal(!result.ok && result.error.code, 'forbidden', channel);
    }
    const staff = await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
    assert.equal(staff.rev, 0);
    assert.ok(logs.some((entry) => entry.event === 'call.forbidden'));
  });

  it('lets the resident choose a language from the customer window during a visit', async () => {
    const { host } = testHost();
    await signIn(host);
    await ok(host.invoke('staff', 'startVisit', { requestId: requestId() }));
    await ok(host.invoke('customer', 'chooseLanguage', { requestId: requestId(), language: 'en' }));
    const view = await ok<CustomerView>(host.invoke('customer', 'getCustomerSnapshot', {}));
    assert.equal(view.mode === 'visit' && view.language, 'en');
  });

  it('returns typed errors for unknown calls, events, bad input and calls that do not fit the state', async () => {
    const { host } = testHost();
    await signIn(host);
    const code = async (channel: string, input: unknown) => {
      const result = await host.invoke('staff', channel, input);
      return result.ok ? 'ok' : result.error.code;
    };
    assert.equal(await code('deleteEverything', {}), 'unknown_channel');
    assert.equal(await code('staffViewChanged', {}), 'unknown_channel');
    assert.equal(await code('__proto__', {}), 'unknown_channel');
    assert.equal(await code('startVisit', {}), 'invalid_input');
    assert.equal(await code('startVisit', { requestId: 'not-a-uuid' }), 'invalid_input');
    assert.equal(await code('startVisit', { requestId: requestId(), extra: 1 }), 'invalid_input');
    assert.equal(await code('setCustomerLanguage', { requestId: requestId(), language: 'xx' }), 'invalid_input');
    assert.equal(await code('setStaffNote', { requestId: requestId(), text: 'x'.repeat(2001) }), 'invalid_input');
    assert.equal(await code('nextStep', { requestId: requestId() }), 'invalid_state');
  });

  it('answers a step change the step is not ready for with `blocked` and the step, so staff are told what is missing', async () => {
    const { host } = testHost();
    await signIn(host);
    await ok(host.invoke('staff', 'startVisit', { requestId: requestId() }));
    const before = await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
    const early = await host.invoke('staff', 'nextStep', { requestId: requestId() });
    assert.ok(!early.ok);
    assert.equal(early.error.code, 'blocked');
    assert.deepEqual(early.error.details, { step: 'identify' });
    assert.equal(early.error.message, before.visit?.blocker, 'the same blocker the staff view carries');
    const after = await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
    assert.equal(after.rev, before.rev, 'nothing changed');
    assert.equal(after.visit?.step, 'identify');
  });

  it('never logs call inputs: a typed note or an invalid value stays out of the log', async () => {
    const { host, logs } = testHost();
    await signIn(host);
    await ok(host.invoke('staff', 'startVisit', { requestId: requestId() }));
    await host.invoke('staff', 'setStaffNote', { requestId: requestId(), text: '山田太郎 090-1234-5678' });
    await host.invoke('staff', 'setStaffNote', { requestId: requestId(), text: 42 });
    await host.invoke('staff', 'setCustomerLanguage', { requestId: requestId(), language: '佐藤花子' });
    await host.invoke('customer', 'setStaffNote', { requestId: requestId(), text: '鈴木一郎' });
    const logged = JSON.stringify(logs);
    assert.ok(logs.length >= 2, 'the invalid and forbidden calls were logged');
    for (const secret of ['山田太郎', '090-1234-5678', '佐藤花子', '鈴木一郎']) assert.ok(!logged.includes(secret), secret);
  });

  it('reports the customer display and publishes the change to staff', async () => {
    const { host } = testHost();
    const seen: StaffView[] = [];
    host.subscribe('staff', (_event, payload) => seen.push(payload as StaffView));
    host.setCustomerDisplay('connected');
    host.setCustomerDisplay('connected');
    host.setCustomerDisplay('missing');
    assert.deepEqual(seen.map((view) => [view.rev, view.customerDisplay]), [[1, 'connected'], [2, 'missing']]);
  });

  it('stops pushing to a listener once it unsubscribes', async () => {
    const { host } = testHost();
    await signIn(host);
    let count = 0;
    const unsubscribe = host.subscribe('staff', () => count++);
    await ok(host.invoke('staff', 'startVisit', { requestId: requestId() }));
    unsubscribe();
    await ok(host.invoke('staff', 'setCustomerLanguage', { requestId: requestId(), language: 'en' }));
    assert.equal(count, 1);
  });

  it('runs the visit end to end against the cloud port: household, judged procedures, confirmation, signature, one submission', async () => {
    const { host, cloud } = testHost();
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}, role: 'staff' | 'customer' = 'staff') => host.invoke(role, channel, { requestId: requestId(), ...input });
    await ok(call('startVisit'));
    const hits = await ok<{ results: { householdId: string }[] }>(host.invoke('staff', 'searchResidents', { q: '山田' }));
    await ok(call('selectHousehold', { householdId: hits.results[0]!.householdId }));
    await ok(call('nextStep'));
    await ok(call('chooseLifeEvent', { lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町2-2', previousAddress: '浜松市' } }));
    let view = await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
    // The fake catalog: everyone moves in; only the 35-year-old national-pension head gets the pension procedure.
    assert.deepEqual(view.visit?.procedures.map((p) => `${p.procedureId}:${p.residentId?.slice(-1)}`), ['moving_in_notification:1', 'moving_in_notification:2', 'national_pension:1']);
    assert.equal(view.visit?.procedures[0]?.deadline, '2026-12-11');

    // Removing a judged procedure or adding one needs a reason.
    const noReason = await call('setProcedure', { procedureId: 'national_pension', residentId: view.visit!.procedures[2]!.residentId, included: false, note: '' });
    assert.equal(!noReason.ok && noReason.error.code, 'invalid_input');
    await ok(call('setProcedure', { procedureId: 'resident_certificate', residentId: null, included: true, note: '勤務先に提出' }));
    const added = (await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}))).visit?.procedures.find((p) => p.procedureId === 'resident_certificate');
    assert.equal(added?.deadline, '2026-12-11', 'a hand-added procedure gets its catalog deadline like a judged one');
    const unknown = await call('setProcedure', { procedureId: 'not_in_catalog', residentId: null, included: true, note: 'x' });
    assert.equal(!unknown.ok && unknown.error.code, 'invalid_input');
    await ok(call('nextStep'));
    await ok(call('nextStep'));

    // Only the resident confirms and signs, from the customer window.
    const staffConfirm = await call('confirm');
    assert.equal(!staffConfirm.ok && staffConfirm.error.code, 'forbidden');
    await ok(call('confirm', {}, 'customer'));
    await ok(call('nextStep'));
    await ok(call('sign', { svg: 'M 0 0 L 10 10' }, 'customer'));

    const submitId = requestId();
    const [a, b] = await Promise.all([host.invoke('staff', 'submitVisit', { requestId: submitId }), host.invoke('staff', 'submitVisit', { requestId: submitId })]);
    assert.deepEqual(a, b);
    await ok(call('submitVisit'));
    assert.equal(cloud.visits.size, 1, 'one visit created however often submit is called');
    assert.equal(cloud.submissions.size, 1);
    const submitted = [...cloud.submissions.values()][0] as { feeItems: unknown; signatureSvg: string; forms: { formId: string; fields: Record<string, unknown> }[] };
    assert.deepEqual(submitted.feeItems, [{ procedureId: 'resident_certificate', count: 1 }]);
    assert.equal(submitted.signatureSvg, 'M 0 0 L 10 10');
    assert.equal(submitted.forms[0]?.fields.newAddress, '美濃加茂市太田町2-2', 'forms are prefilled, the resident writes nothing');
    view = await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
    assert.equal(view.visit?.step, 'finish');
    assert.equal(view.visit?.result?.receiptNumber, '2026-000001');
    const customer = await ok<CustomerView>(host.invoke('customer', 'getCustomerSnapshot', {}));
    assert.equal(customer.mode === 'visit' && customer.receiptNumber, '2026-000001');
  });

  it('takes a 代筆 from staff at the sign step: the resident sees only "signed", the backend gets the proxy record instead of a drawing', async () => {
    const { host, cloud, logs } = testHost();
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}, role: 'staff' | 'customer' = 'staff') => host.invoke(role, channel, { requestId: requestId(), ...input });
    const codeOf = async (result: Promise<HostResult<unknown>>) => {
      const answer = await result;
      return answer.ok ? 'ok' : answer.error.code;
    };
    await ok(call('startVisit'));
    await ok(call('selectHousehold', { householdId: fakeHousehold().householdId }));
    await ok(call('nextStep'));
    await ok(call('chooseLifeEvent', { lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町2-2', previousAddress: '浜松市' } }));
    await ok(call('nextStep'));
    await ok(call('nextStep'));
    await ok(call('confirm', {}, 'customer'));
    const proxy = { reason: 'other', note: '右手を骨折', writtenName: '山田 一郎（代筆）' };
    assert.equal(await codeOf(call('signByProxy', proxy)), 'invalid_state', 'not before the signature step');
    await ok(call('nextStep'));

    assert.equal(await codeOf(call('signByProxy', proxy, 'customer')), 'forbidden', 'only staff write a 代筆');
    for (const bad of [{ ...proxy, note: '  ' }, { ...proxy, reason: 'bored' }, { ...proxy, writtenName: ' ' }, { ...proxy, writtenName: 'x'.repeat(101) }, { ...proxy, note: 'x'.repeat(201) }, { note: '', writtenName: '山田' }]) {
      assert.equal(await codeOf(call('signByProxy', bad)), 'invalid_input', JSON.stringify(bad).slice(0, 60));
    }
    const noNote = await call('signByProxy', { ...proxy, note: '' });
    assert.deepEqual(!noNote.ok && noNote.error.details, { fields: ['note'] }, '"other" says which field is missing');

    const pushed: CustomerView[] = [];
    host.subscribe('customer', (_event, payload) => pushed.push(payload as CustomerView));
    await ok(call('signByProxy', proxy));
    const customer = await ok<CustomerView>(host.invoke('customer', 'getCustomerSnapshot', {}));
    assert.ok(customer.mode === 'visit' && customer.signed);
    assert.equal(pushed.length, 1, 'the resident screen learns that it is signed');
    for (const secret of ['右手を骨折', '代筆', 'other', '窓口 花子', '00000000-0000-4000-8000-000000000009']) {
      assert.ok(!JSON.stringify([customer, pushed]).includes(secret), `customer view leaks ${secret}`);
    }
    const staff = await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
    assert.deepEqual(staff.visit?.proxySignature, { staffName: '窓口 花子', reason: 'other', note: '右手を骨折', writtenName: '山田 一郎（代筆）', at: '2026-11-27T00:00:00.000Z' });
    assert.equal(await codeOf(call('sign', { svg: 'M 0 0 L 1 1' }, 'customer')), 'invalid_state', 'a late drawing does not replace the 代筆');

    await ok(call('submitVisit'));
    const submitted = [...cloud.submissions.values()][0] as Record<string, unknown>;
    assert.equal(submitted.signatureSvg, undefined);
    assert.deepEqual(submitted.proxySignature, { staffId: '00000000-0000-4000-8000-000000000009', reason: 'other', note: '右手を骨折', writtenName: '山田 一郎（代筆）', signedAt: '2026-11-27T00:00:00.000Z' });
    assert.ok(SubmissionRequest.safeParse(submitted).success, 'the body is what the backend accepts');
    const logged = JSON.stringify(logs);
    for (const secret of ['右手を骨折', '山田 一郎']) assert.ok(!logged.includes(secret), `the log holds ${secret}`);
  });

  it('undoes the visit one change at a time through the contract', async () => {
    const { host } = testHost();
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}) => host.invoke('staff', channel, { requestId: requestId(), ...input });
    await ok(call('startVisit'));
    await ok(call('selectHousehold', { householdId: fakeHousehold().householdId }));
    await ok(call('nextStep'));
    await ok(call('chooseLifeEvent', { lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '', previousAddress: '' } }));
    const snapshot = () => ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
    const trail: [string | undefined, boolean | undefined][] = [];
    while ((await snapshot()).visit?.canUndo) {
      await ok(call('undo'));
      const visit = (await snapshot()).visit;
      trail.push([visit?.step, visit?.household !== null]);
    }
    assert.deepEqual(trail, [
      ['lifeEvent', true],
      ['identify', true],
      ['identify', false],
    ]);
  });

  it('judges a death for the member staff name as deceased, and refuses a death without one', async () => {
    const { host } = testHost();
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}) => host.invoke('staff', channel, { requestId: requestId(), ...input });
    await ok(call('startVisit'));
    const hits = await ok<{ results: { householdId: string; residentId: string }[] }>(host.invoke('staff', 'searchResidents', { q: '山田' }));
    await ok(call('selectHousehold', { householdId: hits.results[0]!.householdId }));
    const details = { eventDate: '2026-11-20', newAddress: '', previousAddress: '' };
    const missing = await call('chooseLifeEvent', { lifeEvent: 'death', details });
    assert.equal(!missing.ok && missing.error.code, 'invalid_input');
    const stranger = await call('chooseLifeEvent', { lifeEvent: 'death', details: { ...details, deceasedResidentId: '29999999-0000-4000-8000-000000000000' } });
    assert.equal(!stranger.ok && stranger.error.code, 'invalid_input', 'the deceased must be a member of this household');
    const head = '20000000-0000-4000-8000-000000000001';
    await ok(call('chooseLifeEvent', { lifeEvent: 'death', details: { ...details, deceasedResidentId: head } }));
    const view = await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
    // The head died and one member remains: the death registration for the head, no 世帯主変更 (needs two left).
    assert.deepEqual(view.visit?.procedures.map((p) => `${p.procedureId}:${p.residentId}`), [`death_notification:${head}`]);
    assert.equal(view.visit?.details?.deceasedResidentId, head);
  });

  it('judges a divorce by the sub-kind staff chose, and refuses one without it or with another event\'s', async () => {
    const { host } = testHost();
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}) => host.invoke('staff', channel, { requestId: requestId(), ...input });
    await ok(call('startVisit'));
    await ok(call('selectHousehold', { householdId: fakeHousehold().householdId }));
    const details = { eventDate: '2026-11-20', newAddress: '', previousAddress: '' };
    for (const eventKind of [undefined, null, 'renewal']) {
      const refused = await call('chooseLifeEvent', { lifeEvent: 'divorce', details: { ...details, eventKind } });
      assert.deepEqual(!refused.ok && [refused.error.code, refused.error.details], ['invalid_input', { fields: ['details.eventKind'] }], String(eventKind));
    }
    await ok(call('chooseLifeEvent', { lifeEvent: 'divorce', details: { ...details, eventKind: 'court' } }));
    const snapshot = () => ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
    assert.equal((await snapshot()).visit?.details?.eventKind, 'court');
    // An event without sub-kinds keeps none.
    await ok(call('chooseLifeEvent', { lifeEvent: 'moving_in', details: { ...details, eventKind: 'court' } }));
    assert.equal((await snapshot()).visit?.details?.eventKind, null);
  });

  it('counts a deadline from the day the death became known or from the 転出予定日 when staff enter it', async () => {
    const { host, cloud } = testHost();
    // 死亡届: 7 days counting the day the death became known; 転入届 here counts from the 転出予定日 (as 児童手当 does).
    const from = { death_notification: 'death_known', moving_in_notification: 'planned_move_out' } as const;
    cloud.catalog = async () => ({
      procedures: fakeCatalog().map((e) => (e.procedureId in from ? { ...e, deadlineDays: 7, deadlineCountsEventDay: true, deadlineFrom: from[e.procedureId as keyof typeof from] } : e)),
    });
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}) => host.invoke('staff', channel, { requestId: requestId(), ...input });
    const deadlines = async () => (await ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}))).visit?.procedures.map((p) => `${p.procedureId}:${p.deadline}`);
    await ok(call('startVisit'));
    const hits = await ok<{ results: { householdId: string }[] }>(host.invoke('staff', 'searchResidents', { q: '山田' }));
    await ok(call('selectHousehold', { householdId: hits.results[0]!.householdId }));
    const head = '20000000-0000-4000-8000-000000000001';
    const death = { eventDate: '2026-11-20', newAddress: '', previousAddress: '', deceasedResidentId: head };
    await ok(call('chooseLifeEvent', { lifeEvent: 'death', details: { ...death, deathKnownDate: '2026-11-25' } }));
    assert.deepEqual(await deadlines(), ['death_notification:2026-12-01']);
    await ok(call('chooseLifeEvent', { lifeEvent: 'death', details: death }));
    assert.deepEqual(await deadlines(), ['death_notification:2026-11-26'], 'without it, from the day of death');
    const early = await call('chooseLifeEvent', { lifeEvent: 'death', details: { ...death, deathKnownDate: '2026-11-19' } });
    assert.equal(!early.ok && early.error.code, 'invalid_input', 'a death cannot become known before it happened');
    // The 転出予定日 counts only for 転入 (and a 死亡's known day is ignored there).
    await ok(call('chooseLifeEvent', { lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '', previousAddress: '', plannedMoveOutDate: '2026-11-20', deathKnownDate: '2026-11-30' } }));
    // Only the entry that says so counts from it: 国民年金 keeps its 14 days from the move.
    assert.deepEqual(await deadlines(), ['moving_in_notification:2026-11-26', 'moving_in_notification:2026-11-26', 'national_pension:2026-12-11']);
  });

  it('passes a refused sign-in through as a typed error, and never logs the password', async () => {
    const { host, logs } = testHost();
    const refused = await host.invoke('staff', 'signIn', { requestId: requestId(), loginId: 'counter', password: 'wrong-password-xyz', secondFactor: { kind: 'totp', code: '123456' } });
    assert.equal(!refused.ok && refused.error.code, 'rejected');
    assert.equal(!refused.ok && (refused.error.details as { code: string }).code, 'invalid_credentials');
    const started = await host.invoke('staff', 'startVisit', { requestId: requestId() });
    assert.equal(!started.ok && started.error.code, 'invalid_state', 'no visit before sign-in');
    await host.invoke('staff', 'signIn', { requestId: requestId(), loginId: 'counter', password: 'x'.repeat(300), secondFactor: { kind: 'card', uid: 'ZZ' } });
    await signIn(host);
    const logged = JSON.stringify(logs);
    for (const secret of ['wrong-password-xyz', FAKE_PASSWORD, '123456', 'xxxxxxxx']) assert.ok(!logged.includes(secret), secret);
  });

  it('exports the guidance sheet through the PDF port, and says so when the host cannot print', async () => {
    const { host } = testHost();
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}) => host.invoke('staff', channel, { requestId: requestId(), ...input });
    const early = await host.invoke('staff', 'exportGuidePdf', {});
    assert.equal(!early.ok && early.error.code, 'invalid_state', 'nothing to list before a visit has procedures');
    await ok(call('startVisit'));
    await ok(call('selectHousehold', { householdId: fakeHousehold().householdId }));
    await ok(call('nextStep'));
    await ok(call('chooseLifeEvent', { lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '', previousAddress: '' } }));
    const unavailable = await host.invoke('staff', 'exportGuidePdf', {});
    assert.equal(!unavailable.ok && unavailable.error.code, 'unavailable');

    const printed: string[] = [];
    const { host: withPdf, cloud: printCloud } = testHost('t', {
      renderPdf: async (page) => {
        printed.push(page);
        return new TextEncoder().encode('%PDF-1.7 fake');
      },
    });
    await signIn(withPdf);
    const c2 = (channel: string, input: Record<string, unknown> = {}) => withPdf.invoke('staff', channel, { requestId: requestId(), ...input });
    await ok(c2('startVisit'));
    await ok(c2('selectHousehold', { householdId: fakeHousehold().householdId }));
    await ok(c2('nextStep'));
    await ok(c2('chooseLifeEvent', { lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '', previousAddress: '' } }));
    const pdf = await ok<{ fileName: string; pdfBase64: string }>(withPdf.invoke('staff', 'exportGuidePdf', {}));
    assert.deepEqual(printed, ['guide']);
    assert.deepEqual(printCloud.prints, [{ document: 'tetsuzuki_annai', residentIds: fakeHousehold().members.map((m) => m.residentId) }], 'the print is audited');
    assert.equal(Buffer.from(pdf.pdfBase64, 'base64').toString(), '%PDF-1.7 fake');
    assert.match(pdf.fileName, /^tetsuzuki-annai-.+\.pdf$/);
    const customer = await withPdf.invoke('customer', 'exportGuidePdf', {});
    assert.equal(!customer.ok && customer.error.code, 'forbidden');
  });

  it('lets a request id be retried after a transient failure, but not after a real answer', async () => {
    const { host, cloud } = testHost();
    const login = cloud.login;
    let down = true;
    cloud.login = async (request) => {
      if (down) throw new CloudError('unavailable', 0, null);
      return login(request);
    };
    const input = { requestId: requestId(), loginId: 'counter', password: FAKE_PASSWORD, secondFactor: { kind: 'card', uid: '04A1B2C3D4E5F6' } };
    const first = await host.invoke('staff', 'signIn', input);
    assert.equal(!first.ok && first.error.code, 'unavailable');
    down = false;
    const retried = await host.invoke('staff', 'signIn', input);
    assert.ok(retried.ok, 'the same request id runs again once the backend is back');
    down = true;
    assert.deepEqual(await host.invoke('staff', 'signIn', input), retried, 'a real answer is kept');
  });
});
