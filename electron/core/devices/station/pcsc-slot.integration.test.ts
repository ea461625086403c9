// The station on the real PC/SC stack: PcscCardSlot → pcsc.ts → pcscd → vpcd (second slot, port 35964, so it
// never meets the card tests on the first) → a virtual card in a worker thread. Skips and says why without
// pcscd, except with MADOGUCHI_TEST_PCSC=1 (CI), where that is a failure.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isDeviceError } from '../../../../shared/devices/errors';
import { PcscDriver } from '../card/pcsc';
import { VpcdCardThread } from '../card/sim/card-thread';
import { SYNTHETIC_MYNUMBER_HOLDER } from '../card/sim/virtual-mynumber-card';
import { syntheticFirstGenerationCard } from '../card/residence/sim/synthetic-cards';
import { testIssuer } from '../card/residence/sim/test-keys';
import { PcscCardSlot } from './pcsc-slot';
import { DeviceStation } from './station';

const REQUIRED = process.env.MADOGUCHI_TEST_PCSC === '1';
const PORT = 35964;
const READER = 'Virtual PCD 00 01';

function reachable(): string | null {
  try {
    const driver = PcscDriver.open();
    const found = driver.listReaders().some((reader) => reader.name.includes(READER));
    void driver.close();
    return found ? null : `pcscd runs but has no "${READER}" reader`;
  } catch (error) {
    return `pcscd not reachable (${isDeviceError(error) ? error.code : String(error)}); start it with scripts/ci-pcscd.sh`;
  }
}
const reason = reachable();

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('DeviceStation over PC/SC (vpcd)', { skip: reason && !REQUIRED ? `skipped: ${reason}` : false, timeout: 120_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('sees cards come and go, tells their kind, reads the My Number card, the staff card and residence cards of both generations', async () => {
    assert.equal(reason, null, reason ?? '');
    const slot = PcscCardSlot.open(READER);
    const station = new DeviceStation({ card: slot, scanner: null, wedgeLayout: null, printer: null, residenceCardIssuers: [testIssuer(1), testIssuer(2)], preApplicationKeys: [], now: () => new Date() });
    cleanups.push(() => station.close());
    assert.equal(station.snapshot().cardReader.status, 'ready');
    assert.equal(station.snapshot().cardReader.reader, READER);

    const mynumber = await VpcdCardThread.start({ kind: 'mynumber' }, { port: PORT });
    cleanups.push(() => mynumber.close());
    await mynumber.insert();
    await until(() => station.snapshot().cardReader.card === 'mynumber', 'the My Number card to be recognised');
    assert.deepEqual(await station.pinTriesLeft(), { triesLeft: 3, locked: false });
    await assert.rejects(station.readMyNumberCard('9999'), (error: unknown) => isDeviceError(error, 'pin_wrong'));
    assert.deepEqual(await station.pinTriesLeft(), { triesLeft: 2, locked: false });
    const read = await station.readMyNumberCard(SYNTHETIC_MYNUMBER_HOLDER.pin);
    assert.deepEqual({ name: read.name, birthDate: read.birthDate, address: read.address, sex: read.sex }, {
      name: SYNTHETIC_MYNUMBER_HOLDER.name,
      birthDate: SYNTHETIC_MYNUMBER_HOLDER.birthDate,
      address: SYNTHETIC_MYNUMBER_HOLDER.address,
      sex: SYNTHETIC_MYNUMBER_HOLDER.sex,
    });
    await mynumber.remove();
    await until(() => station.snapshot().cardReader.card === 'none', 'the card to be taken off');
    await assert.rejects(station.readMyNumberCard(SYNTHETIC_MYNUMBER_HOLDER.pin), (error: unknown) => isDeviceError(error, 'card_absent'));

    const staff = await VpcdCardThread.start({ kind: 'staff', options: { uid: Uint8Array.of(0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6) } }, { port: PORT });
    cleanups.push(() => staff.close());
    await staff.insert();
    await until(() => station.snapshot().cardReader.card === 'staff', 'the staff card to be recognised');
    assert.equal(await station.readStaffCardUid(), '04A1B2C3D4E5F6');
    await staff.remove();
    await until(() => station.snapshot().cardReader.card === 'none', 'the staff card to be taken off');

    // Residence cards of both generations, the whole read (authentication, secure messaging, signature) over PC/SC.
    for (const [cardType, cardNumber, birthDate] of [['05', 'UV23456789WX', '1990-04-15'], ['1', null, null]] as const) {
      const residence = await VpcdCardThread.start({ kind: 'residence', cardType }, { port: PORT });
      cleanups.push(() => residence.close());
      await residence.insert();
      await until(() => station.snapshot().cardReader.card === 'residence', `the residence card (type ${cardType}) to be recognised`);
      const number = cardNumber ?? syntheticFirstGenerationCard('1').profile.cardNumber;
      await assert.rejects(station.readResidenceCard('ZZ00000000ZZ'), (error: unknown) => isDeviceError(error, 'card_number_mismatch'));
      const read = await station.readResidenceCard(number);
      assert.equal(read.signature, 'valid', `type ${cardType}: signature`);
      assert.equal(read.birthDate, birthDate);
      if (cardType === '1') assert.ok(read.address, 'gen 1: the address is text on the chip');
      await residence.remove();
      await until(() => station.snapshot().cardReader.card === 'none', 'the residence card to be taken off');
    }
  });
});
