import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomerView, DevicesView, StaffView } from '../../shared/contract';
import { DeviceError } from '../../shared/devices/errors';
import { FAKE_PASSWORD, FakeDevices, requestId, signIn, testHost } from './test-support';

/** Identification from the counter's devices: card reads and scans land in the visit (staff-only), failures are typed. */
describe('CounterHost with devices', () => {
  async function atIdentify() {
    const devices = new FakeDevices();
    const { host, cloud, logs } = testHost('test-terminal', { devices });
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}) => host.invoke('staff', channel, { requestId: requestId(), ...input });
    const started = await call('startVisit');
    assert.ok(started.ok);
    const staffView = async () => ((await host.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView }).value;
    const customerView = async () => ((await host.invoke('customer', 'getCustomerSnapshot', {})) as { ok: true; value: CustomerView }).value;
    return { host, cloud, logs, devices, call, staffView, customerView };
  }

  it('reads the My Number card with the PIN, matches the register by name and birth date, and shows it to staff only', async () => {
    const { devices, cloud, call, staffView, customerView, logs } = await atIdentify();
    const tries = await (await atIdentify()).host.invoke('staff', 'getCardPinTries', {});
    assert.deepEqual(tries, { ok: true, value: { triesLeft: 3, locked: false } });
    const read = await call('readMyNumberCard', { pin: '1234' });
    assert.ok(read.ok, JSON.stringify(read));
    assert.deepEqual(devices.pinsTried, ['1234']);
    assert.deepEqual(cloud.searches.at(-1), { q: '山田　一郎', birthDate: '1991-05-01' });
    const identification = (await staffView()).visit?.identification;
    assert.equal(identification?.source, 'mynumber_card');
    assert.deepEqual(identification?.matches.map((m) => m.residentId), ['20000000-0000-4000-8000-000000000001']);
    // The customer screen learns nothing from a card read, and the PIN is in no log line.
    assert.equal(JSON.stringify(await customerView()).includes('山田'), false);
    assert.equal(JSON.stringify(logs).includes('1234'), false);
  });

  it('a wrong PIN is a typed device error with the tries left; a locked card says so and records nothing', async () => {
    const { devices, call, staffView, host } = await atIdentify();
    const wrong = await call('readMyNumberCard', { pin: '0000' });
    assert.deepEqual(!wrong.ok && wrong.error.details, { device: 'cardReader', code: 'pin_wrong', params: { triesLeft: 2 } });
    assert.equal(!wrong.ok && wrong.error.code, 'device');
    assert.deepEqual(await host.invoke('staff', 'getCardPinTries', {}), { ok: true, value: { triesLeft: 2, locked: false } });
    await call('readMyNumberCard', { pin: '0000' });
    const locked = await call('readMyNumberCard', { pin: '0000' });
    assert.equal(!locked.ok && (locked.error.details as { code: string }).code, 'pin_locked');
    const after = await call('readMyNumberCard', { pin: '1234' });
    assert.equal(!after.ok && (after.error.details as { code: string }).code, 'pin_locked');
    assert.equal(devices.pinsTried.length, 3, 'no PIN reaches the card once it is locked');
    assert.equal((await staffView()).visit?.identification, null);
    // The contract refuses anything but four digits before the host sees it.
    const format = await call('readMyNumberCard', { pin: '12a4' });
    assert.equal(!format.ok && format.error.code, 'invalid_input');
  });

  it('a card pulled mid-read gives card_removed and leaves the visit as it was', async () => {
    const { devices, call, staffView } = await atIdentify();
    const before = await staffView();
    devices.nextFailure = new DeviceError('card_removed');
    const read = await call('readMyNumberCard', { pin: '1234' });
    assert.deepEqual(!read.ok && read.error.details, { device: 'cardReader', code: 'card_removed', params: {} });
    const after = await staffView();
    assert.equal(after.rev, before.rev, 'nothing half-applied');
    assert.equal(after.visit?.identification, null);
  });

  it('a residence card is matched by its card number; a wrong number is card_number_mismatch', async () => {
    const { cloud, call, staffView } = await atIdentify();
    const wrong = await call('readResidenceCard', { cardNumber: 'ZZ12345678ZZ' });
    assert.equal(!wrong.ok && (wrong.error.details as { code: string }).code, 'card_number_mismatch');
    assert.ok((await call('readResidenceCard', { cardNumber: 'ab12345678cd' })).ok);
    assert.deepEqual(cloud.searches.at(-1), { residenceCardNumber: 'AB12345678CD' });
    const identification = (await staffView()).visit?.identification;
    assert.equal(identification?.signature, 'valid');
    assert.equal(JSON.stringify(identification).includes('AB12345678CD'), false, 'the card number is a lookup key, not shown');
    assert.equal(identification?.matches.length, 1);
  });

  it("keeps the residence card's pictures in the host for that read only: fetched by staff, never in a view", async () => {
    const { host, call, staffView, customerView, devices } = await atIdentify();
    const images = () => host.invoke('staff', 'getIdentificationImages', {});
    assert.deepEqual(await images(), { ok: true, value: { images: null } });
    assert.ok((await call('readResidenceCard', { cardNumber: 'AB12345678CD' })).ok);
    assert.deepEqual(await images(), { ok: true, value: { images: devices.cardImages } });
    // The pictures ride on no push: neither window's view carries them.
    for (const view of [await staffView(), await customerView()]) assert.equal(JSON.stringify(view).includes('data:image/png'), false);
    assert.equal((await host.invoke('customer', 'getIdentificationImages', {})).ok, false);
    // A newer read (here the My Number card) has no pictures; the residence card's are gone with it.
    assert.ok((await call('readMyNumberCard', { pin: '1234' })).ok);
    assert.deepEqual(await images(), { ok: true, value: { images: null } });
    assert.ok((await call('readResidenceCard', { cardNumber: 'AB12345678CD' })).ok);
    assert.ok((await call('endVisit')).ok);
    assert.ok((await call('startVisit')).ok);
    assert.deepEqual(await images(), { ok: true, value: { images: null } }, 'a new visit starts without the last one\'s pictures');
  });

  it('a keyboard-wedge MRZ scan and a HID scan identify too; garbled scans are typed errors', async () => {
    const { devices, call, staffView, cloud } = await atIdentify();
    const garbled = await call('submitScan', { text: '%%%' });
    assert.deepEqual(!garbled.ok && garbled.error.details, { device: 'scanner', code: 'scan_garbled', params: {} });
    assert.ok((await call('submitScan', { text: 'P<JPNYAMADA<<ICHIRO' })).ok);
    assert.deepEqual(cloud.searches.at(-1), { q: 'YAMADA ICHIRO', birthDate: '1991-05-01' });
    devices.scan({ kind: 'identity', identity: { source: 'passport_mrz', name: '山田　翔', alphabetName: null, birthDate: '2019-05-01', sex: 1, address: null, signature: null } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual((await staffView()).visit?.identification?.matches.map((m) => m.name), ['山田　翔']);
  });

  it('cards are read only in the identification step, and only by the staff window', async () => {
    const { call, host } = await atIdentify();
    const customer = await host.invoke('customer', 'readMyNumberCard', { requestId: requestId(), pin: '1234' });
    assert.equal(!customer.ok && customer.error.code, 'forbidden');
    const hits = (await host.invoke('staff', 'searchResidents', { q: '山田' })) as { ok: true; value: { results: { householdId: string }[] } };
    await call('selectHousehold', { householdId: hits.value.results[0]!.householdId });
    await call('nextStep');
    const late = await call('readMyNumberCard', { pin: '1234' });
    assert.equal(!late.ok && late.error.code, 'invalid_state');
  });

  it('pushes device changes to the staff window, and signs in with the staff card on the reader', async () => {
    const devices = new FakeDevices();
    const { host, cloud } = testHost('test-terminal', { devices });
    const seen: DevicesView[] = [];
    host.subscribe('staff', (event, payload) => event === 'devicesChanged' && seen.push(payload as DevicesView));
    const customerEvents: string[] = [];
    host.subscribe('customer', (event) => customerEvents.push(event));
    devices.change({ cardReader: { ...devices.view.cardReader, card: 'none' } });
    assert.equal(seen.at(-1)?.cardReader.card, 'none');
    assert.deepEqual(customerEvents, [], 'the customer window never hears of devices');
    let login: unknown;
    const original = cloud.login;
    cloud.login = async (request) => ((login = request), original(request));
    const signedIn = await host.invoke('staff', 'signIn', { requestId: requestId(), loginId: 'minokamo.counter', password: FAKE_PASSWORD, secondFactor: { kind: 'cardReader' } });
    assert.ok(signedIn.ok, JSON.stringify(signedIn));
    assert.deepEqual((login as { secondFactor: unknown }).secondFactor, { kind: 'card', uid: '04A1B2C3D4E5F6' });
  });

  it('"search again" refreshes the devices for signed-in staff only, and never for the customer window', async () => {
    const devices = new FakeDevices();
    const { host } = testHost('test-terminal', { devices });
    const before = await host.invoke('staff', 'refreshDevices', { requestId: requestId() });
    assert.equal(!before.ok && before.error.code, 'invalid_state');
    assert.equal((await host.invoke('customer', 'refreshDevices', { requestId: requestId() })).ok, false);
    assert.equal(devices.refreshes, 0);
    await signIn(host);
    const refreshed = await host.invoke('staff', 'refreshDevices', { requestId: requestId() });
    assert.deepEqual(refreshed, { ok: true, value: devices.snapshot() });
    assert.equal(devices.refreshes, 1);
  });
});

type Call = (channel: string, input?: Record<string, unknown>, role?: 'staff' | 'customer') => ReturnType<ReturnType<typeof testHost>['host']['invoke']>;

/** From the procedures step: review, the resident confirms and signs, staff submit. */
async function confirmSignSubmit(call: Call): Promise<void> {
  await call('nextStep');
  await call('nextStep');
  await call('confirm', {}, 'customer');
  await call('nextStep');
  await call('sign', { svg: 'M 0 0 L 1 1' }, 'customer');
  assert.ok((await call('submitVisit')).ok);
}

describe('CounterHost receipts', () => {
  it('prints the finished visit receipt once per receipt number, previews it, and marks a reprint', async () => {
    const devices = new FakeDevices();
    const { host } = testHost('test-terminal', { devices });
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}, role: 'staff' | 'customer' = 'staff') => host.invoke(role, channel, { requestId: requestId(), ...input });
    const early = await call('printReceipt');
    assert.equal(!early.ok && early.error.code, 'invalid_state', 'no receipt before the visit is submitted');
    await call('startVisit');
    await call('setCustomerLanguage', { language: 'pt-BR' });
    const hits = (await host.invoke('staff', 'searchResidents', { q: '山田' })) as { ok: true; value: { results: { householdId: string }[] } };
    await call('selectHousehold', { householdId: hits.value.results[0]!.householdId });
    await call('nextStep');
    await call('chooseLifeEvent', { lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町2-2', previousAddress: '浜松市' } });
    await call('setProcedure', { procedureId: 'resident_certificate', residentId: null, included: true, note: '勤務先に提出' });
    await confirmSignSubmit(call);

    const first = await call('printReceipt');
    assert.ok(first.ok, JSON.stringify(first));
    const again = await call('printReceipt');
    assert.deepEqual(again, first);
    assert.equal(devices.jobs.size, 1, 'one receipt per receipt number');
    const job = devices.jobs.get('receipt:2026-000001')!;
    assert.equal(job.state, 'CONFIRMED');
    // ¥300 for the certificate: a 領収書 with the Portuguese lines beneath, and no name or address of the household.
    assert.match(job.markup, /領収書/);
    assert.match(job.markup, /2026-000001/);
    assert.match(job.markup, /Recibo/);
    assert.equal(/山田|太田町/.test(job.markup), false);
    assert.deepEqual(await host.invoke('staff', 'getReceiptJob', {}), { ok: true, value: { job: first.ok ? first.value : null } });
    const preview = (await host.invoke('staff', 'getReceiptPreview', {})) as { ok: true; value: { svg: string } };
    assert.match(preview.value.svg, /^<svg/);

    const reprint = await call('reprintReceipt', { jobId: 'receipt:2026-000001' });
    assert.ok(reprint.ok);
    assert.equal(reprint.ok && (reprint.value as { reprintOf: string }).reprintOf, 'receipt:2026-000001');
    const missing = await call('reprintReceipt', { jobId: 'receipt:none' });
    assert.equal(!missing.ok && missing.error.code, 'device');
  });
});

describe('CounterHost and the 個人番号', () => {
  it('reads it only for a procedure that needs it, keeps it out of every view and log, and sends it only in that form', async () => {
    const devices = new FakeDevices();
    const { host, cloud, logs } = testHost('test-terminal', { devices });
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}, role: 'staff' | 'customer' = 'staff') => host.invoke(role, channel, { requestId: requestId(), ...input });
    await call('startVisit');
    const hits = (await host.invoke('staff', 'searchResidents', { q: '山田' })) as { ok: true; value: { results: { householdId: string }[] } };
    await call('selectHousehold', { householdId: hits.value.results[0]!.householdId });
    const tooEarly = await call('readIndividualNumber', { pin: '1234' });
    assert.equal(!tooEarly.ok && tooEarly.error.code, 'invalid_state', 'no procedure needs it yet');
    await call('nextStep');
    await call('chooseLifeEvent', { lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町2-2', previousAddress: '浜松市' } });
    const head = '20000000-0000-4000-8000-000000000001';
    // Another person's card (the demo's only card belongs to another household): said as such, not as a card
    // fault, and the number is forgotten.
    const ownCard = devices.readIndividualNumber;
    devices.readIndividualNumber = async (pin: string) => ({ ...(await ownCard(pin)), identity: { ...(await ownCard(pin)).identity, name: '髙橋　翔太', birthDate: '1992-11-12' } });
    const stranger = await call('readIndividualNumber', { pin: '1234' });
    assert.deepEqual(!stranger.ok && [stranger.error.code, stranger.error.details], ['invalid_input', { reason: 'not_household_member' }]);
    devices.readIndividualNumber = ownCard;
    assert.ok((await call('readIndividualNumber', { pin: '1234' })).ok);
    const staff = (await host.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView };
    assert.deepEqual(staff.value.visit?.individualNumberRead, [head]);
    assert.equal(staff.value.visit?.procedures.find((p) => p.procedureId === 'national_pension')?.needsIndividualNumber, true);
    const number = devices.individualNumber;
    assert.equal(JSON.stringify(staff.value).includes(number), false, 'never in the staff view');
    assert.equal(JSON.stringify((await host.invoke('customer', 'getCustomerSnapshot', {})) as object).includes(number), false);

    await confirmSignSubmit(call);
    const submitted = [...cloud.submissions.values()][0] as { forms: { formId: string; residentId?: string; fields: Record<string, unknown> }[] };
    const withNumber = submitted.forms.filter((form) => form.fields.individualNumber !== undefined);
    assert.deepEqual(withNumber.map((form) => `${form.formId}:${form.residentId}`), [`national_pension:${head}`]);
    assert.equal(withNumber[0]!.fields.individualNumber, number);
    assert.equal(JSON.stringify(logs).includes(number), false, 'never logged');
    await call('endVisit');
    await call('startVisit');
    assert.deepEqual(((await host.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView }).value.visit?.individualNumberRead, []);
  });
});

describe('CounterHost and pre-applications', () => {
  it('a pre-application QR code fetches what the resident entered online, matches them and sets their language', async () => {
    const devices = new FakeDevices();
    const { host } = testHost('test-terminal', { devices });
    await signIn(host);
    const call = (channel: string, input: Record<string, unknown> = {}) => host.invoke('staff', channel, { requestId: requestId(), ...input });
    await call('startVisit');
    const unknown = await call('submitScan', { text: 'MDG1-NOSUCHAAAAAA-XXXX' });
    assert.equal(!unknown.ok && unknown.error.code, 'rejected');
    assert.ok((await call('submitScan', { text: 'MDG1-YAMADAAAAAAA-XXXX' })).ok);
    const view = ((await host.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView }).value;
    assert.equal(view.visit?.identification?.source, 'pre_application');
    assert.deepEqual(view.visit?.identification?.prefill, { lifeEvent: 'moving_in', eventDate: '2026-11-20', newAddress: '美濃加茂市太田町9-9', previousAddress: '浜松市' });
    assert.deepEqual(view.visit?.identification?.matches.map((m) => m.name), ['山田　一郎']);
    assert.equal(view.visit?.customerLanguage, 'pt-BR');
  });
});
