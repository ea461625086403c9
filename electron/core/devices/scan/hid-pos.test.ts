import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Encoding from 'encoding-japanese';
import fc from 'fast-check';
import { DeviceError, isDeviceError } from '../../../../shared/devices/errors';
import { scannerReports } from './fake-node-hid';
import { HidPosAssembler, parseHidPosReport, type HidPosScan } from './hid-pos';
import { decodeScanBytes } from './scan-text';
import { symbologyOfAim } from './symbology';

const utf8 = (text: string) => new TextEncoder().encode(text);
const shiftJis = (text: string) => Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }));

/** Feeds reports; returns the scans and the errors in order. */
function feed(assembler: HidPosAssembler, reports: readonly Uint8Array[]) {
  const scans: HidPosScan[] = [];
  const errors: DeviceError[] = [];
  for (const report of reports) {
    try {
      const scan = assembler.push(report);
      if (scan) scans.push(scan);
    } catch (error) {
      if (!(error instanceof DeviceError)) throw error;
      errors.push(error);
    }
  }
  return { scans, errors };
}

function report(overrides: Record<number, number>, base = scannerReports(utf8('ABC'))[0]!): Uint8Array {
  const copy = Uint8Array.from(base);
  for (const [index, value] of Object.entries(overrides)) copy[Number(index)] = value;
  return copy;
}

const isGarbled = (error: unknown) => isDeviceError(error, 'scan_garbled');

describe('parseHidPosReport', () => {
  it('reads the report id, length, AIM identifier, data and continuation flag', () => {
    const [only] = scannerReports(utf8('4901234567894'), ']E0');
    const part = parseHidPosReport(only!);
    assert.equal(part.aim, ']E0');
    assert.equal(new TextDecoder().decode(part.data), '4901234567894');
    assert.equal(part.more, false);
  });

  it('takes an all-zero identifier as none sent', () => {
    const part = parseHidPosReport(report({ 2: 0, 3: 0, 4: 0 }));
    assert.equal(part.aim, '');
  });

  it('reads a zero-padded longer buffer by its first 64 bytes', () => {
    const padded = new Uint8Array(65);
    padded.set(scannerReports(utf8('ABC'))[0]!);
    assert.equal(new TextDecoder().decode(parseHidPosReport(padded).data), 'ABC');
  });

  it('rejects short reports, other report ids, lengths over 56, bad flags and bad identifiers as scan_garbled', () => {
    assert.throws(() => parseHidPosReport(new Uint8Array(63)), isGarbled);
    assert.throws(() => parseHidPosReport(new Uint8Array(0)), isGarbled);
    assert.throws(() => parseHidPosReport(report({ 0: 0x01 })), isGarbled);
    assert.throws(() => parseHidPosReport(report({ 1: 57 })), isGarbled);
    assert.throws(() => parseHidPosReport(report({ 63: 2 })), isGarbled);
    assert.throws(() => parseHidPosReport(report({ 2: 0x5b })), isGarbled); // '[' instead of ']'
    assert.throws(() => parseHidPosReport(report({ 3: 0x21 })), isGarbled);
  });
});

describe('symbologyOfAim', () => {
  it('names the symbologies the counter meets, case-sensitively, and nothing else', () => {
    assert.equal(symbologyOfAim(']Q1'), 'qr');
    assert.equal(symbologyOfAim(']C0'), 'code128');
    assert.equal(symbologyOfAim(']C1'), 'gs1-128');
    assert.equal(symbologyOfAim(']E0'), 'ean13');
    assert.equal(symbologyOfAim(']E4'), 'ean8');
    assert.equal(symbologyOfAim(']d2'), 'datamatrix');
    assert.equal(symbologyOfAim(']L2'), 'pdf417');
    assert.equal(symbologyOfAim(']e0'), 'gs1-databar');
    assert.equal(symbologyOfAim(']X0'), 'unknown');
    assert.equal(symbologyOfAim(']Z6'), 'unknown');
    assert.equal(symbologyOfAim(''), 'unknown');
  });
});

describe('decodeScanBytes', () => {
  it('reads UTF-8, and Shift_JIS (kanji and half-width katakana) when the bytes are not UTF-8', () => {
    assert.deepEqual(decodeScanBytes(utf8('転入届 ｶﾅ')), { text: '転入届 ｶﾅ', encoding: 'utf-8' });
    assert.deepEqual(decodeScanBytes(shiftJis('転入届 ｶﾅ ?')), { text: '転入届 ｶﾅ ?', encoding: 'shift_jis' });
  });

  it('refuses bytes that are neither, or Shift_JIS without a Unicode character', () => {
    assert.throws(() => decodeScanBytes(Uint8Array.of(0x81, 0x20)), isGarbled); // lead byte, no trail byte
    assert.throws(() => decodeScanBytes(Uint8Array.of(0xff, 0xfe, 0x41)), isGarbled);
    assert.throws(() => decodeScanBytes(Uint8Array.of(0xf0, 0x40)), isGarbled); // user-defined area (gaiji)
  });
});

describe('HidPosAssembler', () => {
  it('returns a one-report scan at once', () => {
    const { scans, errors } = feed(new HidPosAssembler(), scannerReports(utf8('MDG1-ABCDEFGH'), ']Q1'));
    assert.deepEqual(errors, []);
    assert.equal(scans.length, 1);
    assert.equal(scans[0]!.symbology, 'qr');
    assert.equal(scans[0]!.aim, ']Q1');
    assert.equal(scans[0]!.text, 'MDG1-ABCDEFGH');
    assert.equal(scans[0]!.encoding, 'utf-8');
  });

  it('reassembles a scan over several reports, a UTF-8 character split across two of them', () => {
    const text = `${'A'.repeat(55)}住民票の写し${'B'.repeat(60)}`; // 住 straddles the 56-byte boundary
    const reports = scannerReports(utf8(text));
    assert.equal(reports.length, 3);
    const assembler = new HidPosAssembler();
    assert.equal(assembler.push(reports[0]!), undefined);
    assert.equal(assembler.pending, true);
    assert.equal(assembler.push(reports[1]!), undefined);
    const scan = assembler.push(reports[2]!);
    assert.equal(scan?.text, text);
    assert.equal(scan?.bytes.length, utf8(text).length);
    assert.equal(assembler.pending, false);
  });

  it('reassembles a Shift_JIS QR payload', () => {
    const text = '氏名：山田太郎　住所：東京都千代田区霞が関１－１－１　ﾔﾏﾀﾞ ﾀﾛｳ';
    const { scans } = feed(new HidPosAssembler(), scannerReports(shiftJis(text)));
    assert.equal(scans[0]?.text, text);
    assert.equal(scans[0]?.encoding, 'shift_jis');
  });

  it('reports a scan longer than the bound once, skips the rest of it, and reads the next scan', () => {
    const assembler = new HidPosAssembler({ maxScanBytes: 100 });
    const long = scannerReports(utf8('X'.repeat(150)));
    const { scans, errors } = feed(assembler, [...long, ...scannerReports(utf8('NEXT'))]);
    assert.equal(errors.length, 1);
    assert.ok(isGarbled(errors[0]));
    assert.deepEqual(
      scans.map((scan) => scan.text),
      ['NEXT'],
    );
  });

  it('does not pass the tail of a broken scan off as a scan (continuation without its start)', () => {
    const parts = scannerReports(utf8('Y'.repeat(150)), ']Q1');
    const broken = report({ 1: 99 }, parts[0]); // bad length, flag still says "more follow"
    const { scans, errors } = feed(new HidPosAssembler(), [broken, parts[1]!, parts[2]!, ...scannerReports(utf8('OK'))]);
    assert.equal(errors.length, 1);
    assert.deepEqual(
      scans.map((scan) => scan.text),
      ['OK'],
    );
  });

  it('refuses a report of another symbology in the middle of a scan', () => {
    const qr = scannerReports(utf8('Q'.repeat(100)), ']Q1');
    const ean = scannerReports(utf8('4901234567894'), ']E0');
    const { scans, errors } = feed(new HidPosAssembler(), [qr[0]!, ...ean, ...scannerReports(utf8('AFTER'), ']Q1')]);
    assert.equal(errors.length, 1);
    assert.deepEqual(
      scans.map((scan) => scan.text),
      ['AFTER'],
    );
  });

  it('ends the skipping at a report of another symbology: that is a new scan, not the tail', () => {
    const parts = scannerReports(utf8('Y'.repeat(150)), ']Q1');
    const { scans, errors } = feed(new HidPosAssembler(), [report({ 1: 99 }, parts[0]), ...scannerReports(utf8('4901234567894'), ']E0')]);
    assert.equal(errors.length, 1);
    assert.deepEqual(
      scans.map((scan) => scan.symbology),
      ['ean13'],
    );
  });

  it('refuses an empty scan and undecodable bytes', () => {
    assert.throws(() => new HidPosAssembler().push(scannerReports(new Uint8Array(0))[0]!), isGarbled);
    assert.throws(() => new HidPosAssembler().push(scannerReports(Uint8Array.of(0x81, 0x20))[0]!), isGarbled);
  });

  it('abandons an unfinished scan on request', () => {
    const assembler = new HidPosAssembler();
    assembler.push(scannerReports(utf8('Z'.repeat(80)))[0]!);
    assert.equal(assembler.abandon(), true);
    assert.equal(assembler.abandon(), false);
    assert.equal(assembler.push(scannerReports(utf8('FRESH'))[0]!)?.text, 'FRESH');
  });
});

describe('HID POS properties', () => {
  const runs = { numRuns: 2000 };
  const onlyDeviceErrors = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof DeviceError) || error.code !== 'scan_garbled') throw error;
    }
  };

  it('any byte array fed as a report gives a scan, nothing, or scan_garbled', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        onlyDeviceErrors(() => parseHidPosReport(bytes));
        onlyDeviceErrors(() => new HidPosAssembler().push(bytes));
      }),
      runs,
    );
  });

  /** Reports that are mostly well formed, so the assembler's states are reached, not only its first check. */
  const plausibleReport = fc
    .record({
      id: fc.constantFrom(0x02, 0x02, 0x02, 0x01),
      length: fc.oneof(fc.integer({ min: 0, max: 56 }), fc.integer({ min: 0, max: 255 })),
      aim: fc.constantFrom(']Q1', ']Q1', ']E0', ']C1', '', '[x!'),
      data: fc.uint8Array({ maxLength: 56 }),
      flag: fc.constantFrom(0, 1, 1, 1, 7),
      size: fc.constantFrom(64, 64, 64, 65, 12),
    })
    .map(({ id, length, aim, data, flag, size }) => {
      const bytes = new Uint8Array(size);
      bytes[0] = id;
      bytes[1] = length;
      for (let i = 0; i < aim.length; i++) bytes[2 + i] = aim.charCodeAt(i);
      bytes.set(data.subarray(0, Math.max(0, size - 5)), 5);
      if (size > 63) bytes[63] = flag;
      return bytes;
    });

  it('any sequence of reports gives only scans or scan_garbled, and after abandon() a clean scan reads', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(plausibleReport, fc.uint8Array({ minLength: 60, maxLength: 70 })), { maxLength: 12 }),
        fc.integer({ min: 60, max: 400 }),
        (reports, maxScanBytes) => {
          const assembler = new HidPosAssembler({ maxScanBytes });
          for (const one of reports) onlyDeviceErrors(() => assembler.push(one));
          assembler.abandon();
          assert.equal(assembler.push(scannerReports(utf8('CLEAN'), ']Q1')[0]!)?.text, 'CLEAN');
        },
      ),
      runs,
    );
  });

  it('any text, split into reports the way a scanner does, comes back byte for byte', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), (text) => {
        const bytes = utf8(text);
        const { scans, errors } = feed(new HidPosAssembler(), scannerReports(bytes));
        assert.deepEqual(errors, []);
        assert.equal(scans.length, 1);
        assert.deepEqual(scans[0]!.bytes, bytes);
        assert.equal(scans[0]!.text, new TextDecoder().decode(bytes));
      }),
      runs,
    );
  });
});
