import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeviceError, type DeviceErrorCode } from '../../../../shared/devices/errors';
import { detectCardKind } from './card-kind';
import { MyNumberTextAp, readCardUid, readMyNumberCard } from './mynumber';
import { transportFor } from './sim/in-process';
import { SYNTHETIC_MYNUMBER_HOLDER, VirtualMyNumberCard } from './sim/virtual-mynumber-card';
import { VirtualStaffCard } from './sim/virtual-staff-card';
import type { CardTransport, VirtualCard } from './transport';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const PIN = SYNTHETIC_MYNUMBER_HOLDER.pin;
const WRONG = '9999';

const rejectsWith = (code: DeviceErrorCode, params?: Record<string, unknown>) => (error: unknown) => {
  assert.ok(isDeviceError(error, code), `expected ${code}, got ${String(error)}`);
  if (params) assert.deepEqual(error.params, params);
  return true;
};

/** Records the commands a transport sends (INS and P1P2 only: the VERIFY data stays out of the log). */
function recorded(transport: CardTransport) {
  const commands: string[] = [];
  return {
    commands,
    transport: {
      atr: transport.atr,
      transmit(apdu: Uint8Array) {
        commands.push(hex(apdu.subarray(0, 4)) + (apdu[1] === 0xa4 ? `:${hex(apdu.subarray(5))}` : ''));
        return transport.transmit(apdu);
      },
    } satisfies CardTransport,
  };
}

describe('readMyNumberCard (in-process virtual card)', () => {
  it('reads the 4 attributes, and the 個人番号 only when asked', async () => {
    const card = new VirtualMyNumberCard();
    const attributes = await readMyNumberCard(transportFor(card), { pin: PIN, individualNumber: false });
    assert.deepEqual(attributes, {
      name: SYNTHETIC_MYNUMBER_HOLDER.name,
      address: SYNTHETIC_MYNUMBER_HOLDER.address,
      birthDate: '1980-01-01',
      sex: 2,
    });
    assert.equal('individualNumber' in attributes, false);
    const all = await readMyNumberCard(transportFor(card), { pin: PIN, individualNumber: true });
    assert.equal(all.individualNumber, '123456789018');
    assert.equal(all.name, SYNTHETIC_MYNUMBER_HOLDER.name);
  });

  it('sends the reference sequence and never touches EF 0001 when the number is not asked for', async () => {
    const card = new VirtualMyNumberCard();
    const { transport, commands } = recorded(transportFor(card));
    await readMyNumberCard(transport, { pin: PIN, individualNumber: false });
    assert.deepEqual(commands, [
      '00A4040C:D3921000310001010408',
      '00A4020C:0011',
      '00200080',
      '00200080',
      '00A4020C:0002',
      '00B00000',
      '00B00007',
    ]);
    assert.equal(card.verifyCount, 1);
    assert.equal(card.retryQueryCount, 1);
  });

  it('reads long addresses (81 xx and 82 xx yy), FF filler, 61xx chaining, other values', async () => {
    const holder = {
      name: 'ＮＧＵＹＥＮ　ＶＡＮ　Ａ',
      address: '北海道札幌市中央区北一条西二丁目１番地　札幌市役所本庁舎１２３４５号室'.repeat(6),
      birthDate: '2000-02-29',
      sex: 9 as const,
      individualNumber: '983205673214',
      pin: '0000',
    };
    for (const options of [{ filler: 0xff as const }, { responseChunk: 16 }, {}]) {
      const card = new VirtualMyNumberCard({ ...holder, ...options });
      const { individualNumber, pin, ...expected } = holder;
      const read = await readMyNumberCard(transportFor(card), { pin, individualNumber: true });
      assert.deepEqual(read, { ...expected, individualNumber });
    }
  });

  it('refuses a PIN that is not 4 ASCII digits before sending anything', async () => {
    for (const pin of ['123', '12345', 'abcd', '１２３４', '12 4', '', ' 1234', '1234\n']) {
      const card = new VirtualMyNumberCard();
      await assert.rejects(readMyNumberCard(transportFor(card), { pin, individualNumber: true }), rejectsWith('pin_format'));
      await assert.rejects(new MyNumberTextAp(transportFor(card)).verifyPin(pin), rejectsWith('pin_format'));
      assert.equal(card.commandCount, 0, JSON.stringify(pin));
    }
    const card = new VirtualMyNumberCard();
    await assert.rejects(
      readMyNumberCard(transportFor(card), { pin: 1234 as unknown as string, individualNumber: false }),
      rejectsWith('pin_format'),
    );
    assert.equal(card.commandCount, 0);
  });
});

describe('PIN tries (3 in a row, then locked until the municipality resets it)', () => {
  it('shows fewer tries before each wrong attempt, then locks and sends no further VERIFY', async () => {
    const card = new VirtualMyNumberCard();
    const ap = new MyNumberTextAp(transportFor(card));
    assert.equal(await ap.triesLeft(), 3);
    await assert.rejects(ap.verifyPin(WRONG), rejectsWith('pin_wrong', { triesLeft: 2 }));
    assert.equal(await ap.triesLeft(), 2);
    await assert.rejects(ap.verifyPin(WRONG), rejectsWith('pin_wrong', { triesLeft: 1 }));
    assert.equal(await ap.triesLeft(), 1);
    await assert.rejects(ap.verifyPin(WRONG), rejectsWith('pin_locked', { lockedNow: true }));
    assert.equal(await ap.triesLeft(), 0);
    assert.equal(card.verifyCount, 3);

    // Locked: neither a wrong nor the right PIN reaches the card any more, in this session or the next.
    await assert.rejects(ap.verifyPin(WRONG), rejectsWith('pin_locked', {}));
    await assert.rejects(ap.verifyPin(PIN), rejectsWith('pin_locked', {}));
    await assert.rejects(readMyNumberCard(transportFor(card), { pin: PIN, individualNumber: true }), rejectsWith('pin_locked'));
    assert.equal(card.verifyCount, 3);
    assert.deepEqual((await ap.pinStatus()).state, 'locked');
  });

  it('keeps the count across sessions; the right PIN resets it to 3', async () => {
    const card = new VirtualMyNumberCard();
    await assert.rejects(readMyNumberCard(transportFor(card), { pin: WRONG, individualNumber: false }), rejectsWith('pin_wrong', { triesLeft: 2 }));
    await assert.rejects(readMyNumberCard(transportFor(card), { pin: WRONG, individualNumber: false }), rejectsWith('pin_wrong', { triesLeft: 1 }));
    assert.equal(await new MyNumberTextAp(transportFor(card)).triesLeft(), 1);
    await readMyNumberCard(transportFor(card), { pin: PIN, individualNumber: false });
    assert.equal(await new MyNumberTextAp(transportFor(card)).triesLeft(), 3);
  });

  it('never retries: one call, at most one VERIFY', async () => {
    const card = new VirtualMyNumberCard();
    await assert.rejects(readMyNumberCard(transportFor(card), { pin: WRONG, individualNumber: true }), rejectsWith('pin_wrong'));
    assert.equal(card.verifyCount, 1);
  });

  it('refuses to send VERIFY to a card locked before it reached us', async () => {
    const card = new VirtualMyNumberCard({ triesLeft: 0 });
    await assert.rejects(readMyNumberCard(transportFor(card), { pin: PIN, individualNumber: false }), rejectsWith('pin_locked'));
    assert.equal(card.verifyCount, 0);
    assert.equal(card.retryQueryCount, 1);
  });

  it('counts a PIN already verified in the session as full tries', async () => {
    const card = new VirtualMyNumberCard({ triesLeft: 2 });
    const transport = transportFor(card);
    const ap = new MyNumberTextAp(transport);
    await ap.verifyPin(PIN);
    assert.equal(await ap.triesLeft(), 3);
  });
});

describe('reading errors', () => {
  it('surfaces a card removed at any point of the read as card_removed, with no result', async () => {
    const total = transportFor(new VirtualMyNumberCard());
    await readMyNumberCard(total, { pin: PIN, individualNumber: true });
    assert.equal(total.sent, 9);
    for (let after = 0; after < total.sent; after++) {
      const transport = transportFor(new VirtualMyNumberCard(), { removeAfter: after });
      let result: unknown;
      await assert.rejects(async () => {
        result = await readMyNumberCard(transport, { pin: PIN, individualNumber: true });
      }, rejectsWith('card_removed'));
      assert.equal(result, undefined);
      assert.equal(transport.sent, after);
    }
  });

  it('refuses a 個人番号 whose check digit does not hold, and reads the attributes regardless', async () => {
    const card = new VirtualMyNumberCard({ individualNumber: '123456789012' });
    await assert.rejects(readMyNumberCard(transportFor(card), { pin: PIN, individualNumber: true }), rejectsWith('card_protocol'));
    const attributes = await readMyNumberCard(transportFor(card), { pin: PIN, individualNumber: false });
    assert.equal(attributes.sex, 2);
  });

  it('says card_protocol (6982) when reading before the PIN is verified', async () => {
    const ap = new MyNumberTextAp(transportFor(new VirtualMyNumberCard()));
    await ap.selectApplication();
    await assert.rejects(ap.readAttributes(), rejectsWith('card_protocol'));
  });

  it('says card_unsupported for a card without the text input support AP', async () => {
    const staff = new VirtualStaffCard();
    await assert.rejects(readMyNumberCard(transportFor(staff), { pin: PIN, individualNumber: false }), rejectsWith('card_unsupported'));
  });

  it('turns a simulator crash into a DeviceError', async () => {
    const broken: VirtualCard = {
      atr: new Uint8Array([0x3b]),
      reset() {},
      process() {
        throw new TypeError('boom');
      },
    };
    await assert.rejects(readMyNumberCard(transportFor(broken), { pin: PIN, individualNumber: false }), rejectsWith('card_io'));
    const raw: CardTransport = {
      atr: new Uint8Array(0),
      transmit: () => Promise.reject(new Error('not a DeviceError')),
    };
    await assert.rejects(readMyNumberCard(raw, { pin: PIN, individualNumber: false }), rejectsWith('card_io'));
    await assert.rejects(readCardUid(raw), rejectsWith('card_io'));
  });
});

describe('staff card UID and card kinds', () => {
  it('reads the UID as uppercase hex', async () => {
    assert.equal(await readCardUid(transportFor(new VirtualStaffCard())), '04A23B7A');
    const felica = new VirtualStaffCard({ uid: Uint8Array.of(0x01, 0x2e, 0x4c, 0xd3, 0x5a, 0x0b, 0xff, 0x10) });
    assert.equal(await readCardUid(transportFor(felica)), '012E4CD35A0BFF10');
    await assert.rejects(readCardUid(transportFor(new VirtualMyNumberCard())), rejectsWith('card_unsupported'));
  });

  it('tells My Number, residence, staff and unknown cards apart', async () => {
    const residence: VirtualCard = {
      atr: new VirtualMyNumberCard().atr,
      reset() {},
      process(apdu) {
        const dfName = hex(apdu.subarray(5));
        return apdu[1] === 0xa4 && dfName === 'D392F0004F0200000000000000000000' ? Uint8Array.of(0x90, 0) : Uint8Array.of(0x6a, 0x82);
      },
    };
    const mute: VirtualCard = { atr: Uint8Array.of(0x3b, 0x00), reset() {}, process: () => Uint8Array.of(0x6d, 0x00) };
    assert.equal(await detectCardKind(transportFor(new VirtualMyNumberCard())), 'mynumber');
    assert.equal(await detectCardKind(transportFor(residence)), 'residence');
    const staff = new VirtualStaffCard();
    assert.equal(await detectCardKind(transportFor(staff)), 'staff');
    assert.equal(staff.commandCount, 1, 'a storage-card ATR gets no SELECT');
    assert.equal(await detectCardKind(transportFor(new VirtualStaffCard({ atr: Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01) }))), 'staff');
    assert.equal(await detectCardKind(transportFor(mute)), 'unknown');
  });

  it('lets card_removed through the probe', async () => {
    await assert.rejects(detectCardKind(transportFor(new VirtualMyNumberCard(), { removeAfter: 0 })), rejectsWith('card_removed'));
  });

  it('sends no VERIFY and no READ while detecting', async () => {
    const card = new VirtualMyNumberCard();
    await detectCardKind(transportFor(card));
    assert.equal(card.verifyCount + card.retryQueryCount, 0);
    assert.equal(card.commandCount, 1);
  });
});
