import { loadImage } from '@napi-rs/canvas';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeviceError } from '../../../../shared/devices/errors';
import { testIssuer } from '../card/residence/sim/test-keys';
import type { VirtualMyNumberCard } from '../card/sim/virtual-mynumber-card';
import { encodePreApplicationCode } from '../scan/qr-payload';
import { DEMO_CARD_PIN, demoCards } from '../../../demo/cards';
import { SimulatedCardSlot } from './sim/simulated-slot';
import { DeviceStation } from './station';

const KEY = new Uint8Array(32).fill(7);

function station() {
  const slot = new SimulatedCardSlot(demoCards('212113'));
  const devices = new DeviceStation({
    card: slot,
    scanner: null,
    wedgeLayout: 'jis',
    printer: null,
    residenceCardIssuers: [testIssuer(1), testIssuer(2)],
    preApplicationKeys: [KEY],
    now: () => new Date('2026-11-27T00:00:00Z'),
  });
  return { slot, devices };
}

async function rejects(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => isDeviceError(error) && error.code === code);
}

/** The station over the in-process virtual cards of the demo: the real card code, no PC/SC. */
describe('DeviceStation (simulated reader, demo cards)', () => {
  it('reads the demo My Number card: the 4 attributes, never the 個人番号', async () => {
    const { slot, devices } = station();
    await rejects(devices.readMyNumberCard(DEMO_CARD_PIN), 'card_absent');
    slot.put('mynumber');
    assert.equal(devices.snapshot().cardReader.card, 'mynumber');
    assert.deepEqual(await devices.pinTriesLeft(), { triesLeft: 3, locked: false });
    const read = await devices.readMyNumberCard(DEMO_CARD_PIN);
    assert.equal(read.name, '髙橋　翔太');
    assert.equal(read.birthDate, '1992-11-12');
    assert.match(read.address ?? '', /^岐阜県美濃加茂市/);
    assert.equal(JSON.stringify(read).includes('123456789018'), false);
  });

  it('reads the 個人番号 only when asked for it, with the 4 items', async () => {
    const { slot, devices } = station();
    slot.put('mynumber');
    const read = await devices.readIndividualNumber(DEMO_CARD_PIN);
    assert.equal(read.individualNumber, '123456789018');
    assert.equal(read.identity.name, '髙橋　翔太');
    assert.equal(JSON.stringify(devices.snapshot()).includes('123456789018'), false);
  });

  it('counts wrong PINs down, reports the lock, and sends no VERIFY to a locked card', async () => {
    const { slot, devices } = station();
    slot.put('mynumber');
    const card = slot.card('mynumber') as VirtualMyNumberCard;
    await rejects(devices.readMyNumberCard('0000'), 'pin_wrong');
    assert.deepEqual(await devices.pinTriesLeft(), { triesLeft: 2, locked: false });
    assert.equal(devices.snapshot().lastError?.code, 'pin_wrong');
    await rejects(devices.readMyNumberCard('0000'), 'pin_wrong');
    await rejects(devices.readMyNumberCard('0000'), 'pin_locked');
    const verifies = card.verifyCount;
    await rejects(devices.readMyNumberCard(DEMO_CARD_PIN), 'pin_locked');
    assert.equal(card.verifyCount, verifies, 'no further VERIFY once locked');
    // Taken off and put back, the card is still locked: the counter lives on the card.
    slot.put('none');
    slot.put('mynumber');
    assert.deepEqual(await devices.pinTriesLeft(), { triesLeft: 0, locked: true });
  });

  it('a card taken off during the read fails with card_removed', async () => {
    const { slot, devices } = station();
    slot.put('mynumber');
    const reading = devices.readMyNumberCard(DEMO_CARD_PIN);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    slot.put('none');
    await rejects(reading, 'card_removed');
    assert.equal(devices.snapshot().lastError?.code, 'card_removed');
  });

  it('reads the demo residence card by its number, signature valid against the configured issuer', async () => {
    const { slot, devices } = station();
    slot.put('residence');
    await rejects(devices.readResidenceCard('ZZ00000000ZZ'), 'card_number_mismatch');
    const read = await devices.readResidenceCard('AC60207638RV');
    assert.deepEqual(
      { source: read.source, birthDate: read.birthDate, sex: read.sex, signature: read.signature, residenceCardNumber: read.residenceCardNumber },
      { source: 'residence_card', birthDate: '1993-02-24', sex: 2, signature: 'valid', residenceCardNumber: 'AC60207638RV' },
    );
    // Gen 2: the face photo, the name and the address as pictures for staff; no whole-face picture.
    const sizes: Record<string, [number, number] | null> = {};
    const { generation, ...pictures } = read.images!;
    assert.equal(generation, 2);
    for (const [key, url] of Object.entries(pictures)) {
      sizes[key] = url ? await loadImage(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64')).then((png) => [png.width, png.height] as [number, number]) : null;
    }
    assert.deepEqual(sizes.face, [90, 112]);
    assert.equal(sizes.front, null);
    assert.ok(sizes.name && sizes.name[0] > 100, 'the name picture holds a line of text');
    assert.ok(sizes.address && sizes.address[0] > sizes.name![0], 'the address is longer than the name');
  });

  it('test read tells the kind of card and the tries left, and reads no one\'s data', async () => {
    const { slot, devices } = station();
    slot.put('mynumber');
    const read = await devices.testCardRead();
    assert.deepEqual({ kind: read.kind, pinTriesLeft: read.pinTriesLeft }, { kind: 'mynumber', pinTriesLeft: 3 });
    assert.match(read.atr, /^3B8880/);
    assert.equal((slot.card('mynumber') as VirtualMyNumberCard).verifyCount, 0);
    slot.put('residence');
    assert.equal((await devices.testCardRead()).kind, 'residence');
    slot.put('staff');
    assert.deepEqual((await devices.testCardRead()).kind, 'staff');
  });

  it('reads the staff card UID for sign-in', async () => {
    const { slot, devices } = station();
    slot.put('staff');
    assert.equal(await devices.readStaffCardUid(), '04A1B2C3D4E5F6');
  });

  it('understands scans: MRZ identifies, a pre-application code gives its id, garbage is typed', () => {
    const { devices } = station();
    const td3 = ['P<JPNERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36JPN7408122F1204159ZE184226B<<<<<10'].join('\n');
    const scan = devices.parseScan(td3);
    assert.equal(scan.kind === 'identity' && scan.identity.alphabetName, 'ERIKSSON ANNA MARIA');
    assert.equal(scan.kind === 'identity' && scan.identity.birthDate, '1974-08-12');
    const broken = td3.replace('7408122', '7408123');
    assert.throws(() => devices.parseScan(broken), (error: unknown) => isDeviceError(error, 'mrz_check_digit'));
    const code = encodePreApplicationCode('ABCDEFGH', KEY);
    assert.deepEqual(devices.parseScan(code), { kind: 'pre_application', applicationId: 'ABCDEFGH' });
    assert.throws(() => devices.parseScan(code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A')), (error: unknown) => isDeviceError(error, 'qr_signature'));
    assert.deepEqual(devices.parseScan('4901234567894'), { kind: 'barcode', symbology: 'unknown', text: '4901234567894' });
  });
});
