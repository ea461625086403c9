// The PC/SC driver against a fake `smartcard` module: error mapping, removal probing, events, release.
// The real stack (pcscd + vpcd) is exercised by pcsc.integration.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeviceError, type DeviceErrorCode } from '../../../../shared/devices/errors';
import { PcscDriver, pcscFailureCode, type PcscEvent, type SmartcardModule } from './pcsc';

const PRESENT = 0x20;
const EMPTY = 0x10;
const RESET = 1;
const LEAVE = 0;
const T0 = 1;
const T1 = 2;

const rejectsWith = (code: DeviceErrorCode) => (error: unknown) => {
  assert.ok(isDeviceError(error, code), `expected ${code}, got ${String(error)}`);
  return true;
};

interface FakeState {
  readers: { name: string; state: number; atr: Buffer | null }[];
  /** What the next transmits do, in order; a string rejects with that native message. */
  answers: (Buffer | string | 'hang')[];
  sent: Buffer[];
  disconnects: number[];
  resets: number;
  statusError?: string;
  connectError?: string[];
  contextError?: string;
  listError?: string;
  monitorCallback?: (event: { type: string; reader: string; state: number; atr: Buffer | null }) => void;
  monitorStops: number;
  contextsClosed: number;
}

function fakeModule(state: FakeState): SmartcardModule {
  class Card {
    constructor(readonly protocol: number) {}
    transmit(command: Buffer) {
      state.sent.push(Buffer.from(command));
      const next = state.answers.shift();
      if (next === 'hang') return new Promise<Buffer>(() => undefined);
      if (typeof next === 'string') return Promise.reject(new Error(next));
      return Promise.resolve(next ?? Buffer.from([0x6f, 0x00]));
    }
    getStatus() {
      if (state.statusError) throw new Error(state.statusError);
      return { state: PRESENT, protocol: this.protocol, atr: Buffer.from([0x3b, 0x88, 0x80, 0x01]) };
    }
    disconnect(disposition?: number) {
      state.disconnects.push(disposition ?? -1);
    }
    reconnect(_share: number, _protocols: number, initialization: number) {
      if (initialization === RESET) state.resets++;
      return Promise.resolve(this.protocol);
    }
  }
  class Context {
    isValid = true;
    constructor() {
      if (state.contextError) throw new Error(state.contextError);
    }
    listReaders() {
      if (state.listError) throw new Error(state.listError);
      return state.readers.map((r) => ({
        ...r,
        connect: (_share: number, protocols: number) => {
          const failure = state.connectError?.shift();
          if (failure) return Promise.reject(new Error(failure));
          return Promise.resolve(new Card(protocols & T1 ? T1 : T0));
        },
      }));
    }
    close() {
      this.isValid = false;
      state.contextsClosed++;
    }
  }
  class ReaderMonitor {
    start(callback: FakeState['monitorCallback']) {
      state.monitorCallback = callback;
    }
    stop() {
      state.monitorStops++;
    }
  }
  return {
    Context,
    ReaderMonitor,
    SCARD_SHARE_SHARED: 2,
    SCARD_PROTOCOL_T0: T0,
    SCARD_PROTOCOL_T1: T1,
    SCARD_LEAVE_CARD: LEAVE,
    SCARD_RESET_CARD: RESET,
    SCARD_STATE_PRESENT: PRESENT,
  };
}

function setup(overrides: Partial<FakeState> = {}) {
  const state: FakeState = {
    readers: [{ name: 'Reader 00 00', state: PRESENT, atr: Buffer.from([0x3b, 0x88, 0x80, 0x01]) }],
    answers: [],
    sent: [],
    disconnects: [],
    resets: 0,
    monitorStops: 0,
    contextsClosed: 0,
    ...overrides,
  };
  const driver = PcscDriver.open({ load: () => fakeModule(state), removalProbeMs: 120, transmitTimeoutMs: 100, monitorRestartMs: 10 });
  return { state, driver };
}

describe('PcscDriver (fake binding)', { timeout: 10_000 }, () => {
  it('says pcsc_unavailable when the binding cannot load or the service is down', () => {
    assert.throws(
      () =>
        PcscDriver.open({
          load: () => {
            throw new Error('Cannot find module');
          },
        }),
      rejectsWith('pcsc_unavailable'),
    );
    const state = { contextError: 'PC/SC service not running' } as FakeState;
    assert.throws(() => PcscDriver.open({ load: () => fakeModule(state) }), rejectsWith('pcsc_unavailable'));
  });

  it('maps the native messages it knows and leaves the vague ones to a probe', () => {
    assert.equal(pcscFailureCode(new Error('Card was removed')), 'card_removed');
    assert.equal(pcscFailureCode(new Error('PC/SC service not running')), 'pcsc_unavailable');
    assert.equal(pcscFailureCode(new Error('Unknown reader')), 'reader_missing');
    assert.equal(pcscFailureCode(new Error('Transaction failed')), undefined);
    assert.equal(pcscFailureCode(new Error('123456789018')), undefined, 'unknown text is not echoed');
    assert.equal(pcscFailureCode('nonsense'), undefined);
  });

  it('lists readers with presence and ATR', async () => {
    const { driver, state } = setup();
    state.readers.push({ name: 'Reader 01 00', state: EMPTY, atr: null });
    assert.deepEqual(driver.listReaders(), [
      { name: 'Reader 00 00', cardPresent: true, atr: Uint8Array.of(0x3b, 0x88, 0x80, 0x01) },
      { name: 'Reader 01 00', cardPresent: false, atr: undefined },
    ]);
    await driver.close();
  });

  it('connects with T=1, falls back for T=0-only cards, and refuses missing readers and cards', async () => {
    const { driver, state } = setup();
    const connection = await driver.connect('Reader 00 00');
    assert.equal(connection.protocol, 'T=1');
    assert.deepEqual([...connection.atr], [0x3b, 0x88, 0x80, 0x01]);
    state.connectError = ['Protocol mismatch'];
    assert.equal((await driver.connect('Reader 00 00')).protocol, 'T=1', 'T0|T1 on the second try');
    state.connectError = ['Sharing violation'];
    await assert.rejects(driver.connect('Reader 00 00'), rejectsWith('card_io'));
    await assert.rejects(driver.connect('Nope'), rejectsWith('reader_missing'));
    state.readers[0]!.state = EMPTY;
    await assert.rejects(driver.connect('Reader 00 00'), rejectsWith('card_absent'));
    await driver.close();
  });

  it('follows 61xx and wipes its copy of each command', async () => {
    const { driver, state } = setup();
    const connection = await driver.connect('Reader 00 00');
    state.answers.push(Buffer.from('01026102', 'hex'), Buffer.from('03049000', 'hex'));
    const response = await connection.transmit(Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x04));
    assert.equal(Buffer.from(response).toString('hex'), '010203049000');
    assert.equal(state.sent[1]!.toString('hex'), '00c0000002');
    assert.ok(state.sent.length === 2);
    await driver.close();
  });

  it('maps transmit failures: removed, vague + gone, vague + still there, timeout, service down', async () => {
    const { driver, state } = setup();
    const connection = await driver.connect('Reader 00 00');
    const apdu = Uint8Array.of(0x00, 0xa4, 0x04, 0x0c);

    state.answers.push('Card was removed');
    await assert.rejects(connection.transmit(apdu), rejectsWith('card_removed'));

    state.answers.push('Transaction failed');
    state.statusError = 'Card was removed';
    await assert.rejects(connection.transmit(apdu), rejectsWith('card_removed'));
    state.statusError = undefined;

    state.answers.push('Transaction failed');
    setTimeout(() => (state.readers[0]!.state = EMPTY), 30); // pcscd notices a little later
    await assert.rejects(connection.transmit(apdu), rejectsWith('card_removed'));
    state.readers[0]!.state = PRESENT;

    state.answers.push('Transaction failed');
    const started = Date.now();
    await assert.rejects(connection.transmit(apdu), rejectsWith('card_io'));
    assert.ok(Date.now() - started >= 100, 'the probe waited before saying card_io');

    state.answers.push('hang');
    await assert.rejects(connection.transmit(apdu), rejectsWith('card_io'));

    state.answers.push('PC/SC service not running');
    await assert.rejects(connection.transmit(apdu), rejectsWith('pcsc_unavailable'));

    state.answers.push('Communication error'); // and pcscd is gone: the probe cannot ask either
    state.listError = 'PC/SC service not running';
    await assert.rejects(connection.transmit(apdu), rejectsWith('pcsc_unavailable'));
    state.listError = undefined;

    // A later exchange on the same connection still works (one failure does not wedge the queue).
    state.answers.push(Buffer.from('9000', 'hex'));
    assert.equal(Buffer.from(await connection.transmit(apdu)).toString('hex'), '9000');
    await driver.close();
  });

  it('emits reader and card events, restarts watching after an error, stops with the last listener', async () => {
    const { driver, state } = setup();
    const events: PcscEvent[] = [];
    const unsubscribe = driver.subscribe((event) => events.push(event));
    const atr = Buffer.from([0x3b, 0x88]);
    state.monitorCallback!({ type: 'reader-attached', reader: 'R', state: PRESENT, atr });
    state.monitorCallback!({ type: 'card-removed', reader: 'R', state: EMPTY, atr: null });
    state.monitorCallback!({ type: 'card-inserted', reader: 'R', state: PRESENT, atr });
    state.monitorCallback!({ type: 'reader-detached', reader: 'R', state: 0, atr: null });
    const before = state.monitorCallback;
    state.monitorCallback!({ type: 'error', reader: 'PC/SC service stopped', state: 0, atr: null });
    assert.deepEqual(
      events.map((e) => e.type + ('reader' in e ? `:${e.reader}` : '')),
      ['reader-attached:R', 'card-inserted:R', 'card-removed:R', 'card-inserted:R', 'reader-detached:R', 'error'],
    );
    const error = events.at(-1);
    assert.ok(error?.type === 'error' && error.error.code === 'pcsc_unavailable');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(state.monitorStops, 1);
    assert.notEqual(state.monitorCallback, before, 'watching started again');
    unsubscribe();
    assert.equal(state.monitorStops, 2);
    await driver.close();
  });

  it('waits for a matching card and for its removal', async () => {
    const { driver, state } = setup();
    state.readers[0]!.state = EMPTY;
    const waiting = driver.waitForCard({ reader: (name) => name.startsWith('Reader'), atr: Uint8Array.of(0x3b, 0x01) }, 1000);
    state.monitorCallback!({ type: 'card-inserted', reader: 'Reader 00 00', state: PRESENT, atr: Buffer.from([0x3b, 0x02]) });
    state.monitorCallback!({ type: 'card-inserted', reader: 'Reader 00 00', state: PRESENT, atr: Buffer.from([0x3b, 0x01]) });
    assert.deepEqual(await waiting, { reader: 'Reader 00 00', atr: Uint8Array.of(0x3b, 0x01) });
    await assert.rejects(driver.waitForCard({}, 30), rejectsWith('card_absent'));
    await driver.waitForRemoval('Reader 00 00', 100);
    await driver.close();
  });

  it('close() resets open cards, stops watching, closes the context, and is idempotent', async () => {
    const { driver, state } = setup();
    const first = await driver.connect('Reader 00 00');
    await driver.connect('Reader 00 00');
    await first.disconnect('leave');
    await first.disconnect('reset'); // already released: nothing more happens
    assert.equal(state.resets, 0);
    driver.subscribe(() => undefined);
    await Promise.all([driver.close(), driver.close()]);
    // The reset goes through the asynchronous reconnect; the synchronous disconnect never touches the card.
    assert.equal(state.resets, 1);
    assert.deepEqual(state.disconnects, [LEAVE, LEAVE]);
    assert.equal(state.monitorStops, 1);
    assert.equal(state.contextsClosed, 1);
    await assert.rejects(first.transmit(Uint8Array.of(0, 0, 0, 0)), rejectsWith('card_io'));
    assert.throws(() => driver.listReaders(), rejectsWith('pcsc_unavailable'));
  });
});
