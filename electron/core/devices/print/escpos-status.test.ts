import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeviceError, isDeviceError } from '../../../../shared/devices/errors';
import {
  ALL_CLEAR,
  ReplyReader,
  blocksPrinting,
  decodeAsb,
  decodeDleEot1,
  decodeDleEot2,
  decodeDleEot3,
  decodeDleEot4,
  decodeGsR1,
  statusError,
  statusFromDleEot,
  type StatusReply,
} from './escpos-status';

describe('escpos-status: decoding printer replies', () => {
  it('all clear: DLE EOT 1/2/4 = 0x12', () => {
    assert.deepEqual(statusFromDleEot({ printer: 0x12, offlineCause: 0x12, paper: 0x12 }), ALL_CLEAR);
  });

  it('paper out answers 0x1A, 0x32, 0x7E to DLE EOT 1, 2, 4', () => {
    const status = statusFromDleEot({ printer: 0x1a, offlineCause: 0x32, paper: 0x7e });
    assert.deepEqual(status, { online: false, coverOpen: false, paperEnd: true, paperNearEnd: true, error: null });
    assert.equal(blocksPrinting(status), true);
    assert.equal(statusError(status)?.code, 'printer_paper_out');
  });

  it('cover open, and receiptio\'s masks agree', () => {
    const b2 = 0x16;
    assert.equal((b2 & 0x97) === 0x16, true);
    const status = statusFromDleEot({ printer: 0x1a, offlineCause: b2, paper: 0x12 });
    assert.equal(status.coverOpen, true);
    assert.equal(statusError(status)?.code, 'printer_cover_open');
  });

  it('paper near end is a status, not a refusal', () => {
    const status = statusFromDleEot({ printer: 0x12, offlineCause: 0x12, paper: 0x1e });
    assert.equal(status.paperNearEnd, true);
    assert.equal(status.paperEnd, false);
    assert.equal(blocksPrinting(status), false);
  });

  it('error kinds from DLE EOT 3', () => {
    const kind = (b3?: number) => statusFromDleEot({ printer: 0x3a, offlineCause: 0x52, paper: 0x12, ...(b3 === undefined ? {} : { errorCause: b3 }) }).error;
    assert.equal(kind(0x1a), 'cutter');
    assert.equal(kind(0x32), 'unrecoverable');
    assert.equal(kind(0x16), 'recoverable');
    assert.equal(kind(0x52), 'overheat');
    assert.equal(kind(0x3a), 'unrecoverable'); // cutter + unrecoverable: the worse one
    assert.equal(kind(undefined), 'unspecified');
    assert.deepEqual(statusError(statusFromDleEot({ printer: 0x3a, offlineCause: 0x52, paper: 0x12, errorCause: 0x1a }))?.params, { kind: 'cutter' });
  });

  it('single-byte decoders name their bits', () => {
    assert.deepEqual(decodeDleEot1(0x7e), { drawerHigh: true, offline: true, waitingForRecovery: true, feedButton: true });
    assert.deepEqual(decodeDleEot2(0x7e), { coverOpen: true, feedingByButton: true, stoppedByPaperEnd: true, errorOccurred: true });
    assert.deepEqual(decodeDleEot3(0x12), { recoverable: false, cutter: false, unrecoverable: false, autoRecoverable: false });
    assert.deepEqual(decodeDleEot4(0x16), { nearEnd: true, end: false });
  });

  it('ASB frames', () => {
    assert.deepEqual(decodeAsb([0x10, 0, 0, 0]), ALL_CLEAR);
    assert.deepEqual(decodeAsb([0x38, 0, 0, 0]), { online: false, coverOpen: true, paperEnd: false, paperNearEnd: false, error: null });
    assert.deepEqual(decodeAsb([0x18, 0, 0x0f, 0]), { online: false, coverOpen: false, paperEnd: true, paperNearEnd: true, error: null });
    assert.equal(decodeAsb([0x10, 0, 0x03, 0]).paperNearEnd, true);
    assert.equal(decodeAsb([0x18, 0x08, 0, 0]).error, 'cutter');
  });

  it('GS r 1 reply', () => {
    assert.deepEqual(decodeGsR1(0x00), { nearEnd: false, end: false });
    assert.deepEqual(decodeGsR1(0x03), { nearEnd: true, end: false });
    assert.deepEqual(decodeGsR1(0x0f), { nearEnd: true, end: true });
  });

  it('rejects a byte of the wrong reply kind with DeviceError printer_error', () => {
    assert.throws(() => decodeDleEot1(0x10), (e) => isDeviceError(e, 'printer_error') && e.params.reply === 'malformed');
    assert.throws(() => decodeGsR1(0x12), (e) => isDeviceError(e, 'printer_error'));
    assert.throws(() => decodeAsb([0x12, 0, 0, 0]), (e) => isDeviceError(e, 'printer_error'));
    assert.throws(() => decodeAsb([0x10, 0, 0]), (e) => isDeviceError(e, 'printer_error'));
    assert.throws(() => decodeDleEot4(256), (e) => isDeviceError(e, 'printer_error'));
  });

  it('ReplyReader tells DLE EOT, ASB, GS r, XON/XOFF and process-id apart, across chunk boundaries', () => {
    const stream = [0x12, 0x18, 0x00, 0x0f, 0x00, 0x00, 0x13, 0x11, 0x37, 0x22, 0x41, 0x42, 0x43, 0x44, 0x00, 0x03, 0xff];
    const kinds = (replies: StatusReply[]) => replies.map((r) => r.kind);
    const whole = new ReplyReader().push(stream);
    assert.deepEqual(kinds(whole), ['dle-eot', 'asb', 'gs-r', 'xoff', 'xon', 'process-id', 'gs-r', 'unknown']);
    assert.deepEqual(whole.find((r) => r.kind === 'process-id'), { kind: 'process-id', id: 'ABCD' });
    const asb = whole.find((r) => r.kind === 'asb');
    assert.equal(asb?.kind === 'asb' && asb.status.paperEnd, true);
    for (let cut = 1; cut < stream.length; cut++) {
      const reader = new ReplyReader();
      assert.deepEqual([...reader.push(stream.slice(0, cut)), ...reader.push(stream.slice(cut))], whole, `split at ${cut}`);
    }
  });

  it('a broken ASB frame yields unknown bytes, then reading goes on', () => {
    const replies = new ReplyReader().push([0x10, 0x00, 0x12]);
    assert.deepEqual(replies, [{ kind: 'unknown', byte: 0x10 }, { kind: 'unknown', byte: 0x00 }, { kind: 'dle-eot', byte: 0x12 }]);
  });

  const typedOrDeviceError = (f: () => unknown) => {
    try {
      const value = f();
      assert.equal(typeof value, 'object');
    } catch (error) {
      assert.ok(error instanceof DeviceError, `not a DeviceError: ${String(error)}`);
    }
  };

  it('property: every decoder on any byte gives a typed result or a DeviceError', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 300 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 0, maxLength: 6 }), (b, frame) => {
        for (const decode of [decodeDleEot1, decodeDleEot2, decodeDleEot3, decodeDleEot4, decodeGsR1]) typedOrDeviceError(() => decode(b));
        typedOrDeviceError(() => decodeAsb(frame));
        typedOrDeviceError(() => statusFromDleEot({ printer: b, offlineCause: frame[0] ?? 0x12, paper: frame[1] ?? 0x12, errorCause: frame[2] ?? 0x12 }));
      }),
      { numRuns: 3000 },
    );
  });

  it('property: ReplyReader on random bytes and random chunking never throws and only yields typed replies', () => {
    const kinds = new Set(['dle-eot', 'asb', 'gs-r', 'process-id', 'xon', 'xoff', 'unknown']);
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 32 }), { maxLength: 8 }), (chunks) => {
        const reader = new ReplyReader();
        for (const chunk of chunks) for (const reply of reader.push(chunk)) assert.ok(kinds.has(reply.kind));
      }),
      { numRuns: 3000 },
    );
  });
});
