import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeviceError, isDeviceError } from '../../../../shared/devices/errors';
import { decodeWedgeKeys, wedgeKeysFor } from '../../../../shared/devices/keyboard-wedge';
import { decodeBase32, encodeBase32 } from './base32';
import { scannerReports } from './fake-node-hid';
import { HidPosAssembler } from './hid-pos';
import { decodePreApplicationCode, encodePreApplicationCode } from './qr-payload';

/** Deterministic 32-byte tenant keys for the tests. */
const key = (name: string) => new Uint8Array(createHash('sha256').update(name).digest());
const TENANT_A = key('tenant A');
const TENANT_A_OLD = key('tenant A, previous key');
const TENANT_B = key('tenant B');
const ID = 'KRSXG5CTMVRXEZLU'; // Base32 of 10 bytes, as the backend makes them

const isCode = (code: string) => (error: unknown) => isDeviceError(error) && error.code === code;

describe('Base32 (RFC 4648, no padding)', () => {
  it('matches the RFC 4648 §10 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) {
      assert.equal(encodeBase32(new TextEncoder().encode(plain)), encoded);
      assert.equal(new TextDecoder().decode(decodeBase32(encoded)), plain);
    }
  });

  it('accepts only the canonical text of a byte string', () => {
    assert.equal(decodeBase32('MZ'), undefined); // non-zero unused bits
    assert.equal(decodeBase32('MZX'), undefined); // a length no byte count encodes to
    assert.equal(decodeBase32('my'), undefined); // lower case
    assert.equal(decodeBase32('M1'), undefined); // not in the alphabet
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        assert.deepEqual(decodeBase32(encodeBase32(bytes)), bytes);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('pre-application codes', () => {
  it('round-trips: MDG1-<id>-<16-character MAC>, all in QR alphanumeric mode', () => {
    const code = encodePreApplicationCode(ID, TENANT_A);
    assert.match(code, /^MDG1-KRSXG5CTMVRXEZLU-[A-Z2-7]{16}$/);
    assert.match(code, /^[0-9A-Z $%*+\-./:]+$/);
    assert.deepEqual(decodePreApplicationCode(code, [TENANT_A]), { applicationId: ID });
  });

  it('is typed by the same keys on US and JIS keyboards, so a wedge scanner set to either country works', () => {
    const code = encodePreApplicationCode(ID, TENANT_A);
    assert.deepEqual(wedgeKeysFor(code, 'us'), wedgeKeysFor(code, 'jis'));
    assert.equal(decodeWedgeKeys(wedgeKeysFor(code, 'us'), 'jis'), code);
  });

  it('reads what a scanner adds or changes: CR/LF suffix, lower case from Caps Lock', () => {
    const code = encodePreApplicationCode(ID, TENANT_A);
    assert.deepEqual(decodePreApplicationCode(`${code}\r\n`, [TENANT_A]), { applicationId: ID });
    assert.deepEqual(decodePreApplicationCode(code.toLowerCase(), [TENANT_A]), { applicationId: ID });
  });

  it('arrives intact through the HID POS reports of a QR scan', () => {
    const code = encodePreApplicationCode(ID, TENANT_A);
    const scan = new HidPosAssembler().push(scannerReports(new TextEncoder().encode(code), ']Q1')[0]!);
    assert.deepEqual(decodePreApplicationCode(scan!.text, [TENANT_A]), { applicationId: ID });
  });

  it('refuses a changed MAC, a changed id, another tenant’s key — and verifies with a previous key during rotation', () => {
    const code = encodePreApplicationCode(ID, TENANT_A);
    const last = code.at(-1) === 'A' ? 'B' : 'A';
    assert.throws(() => decodePreApplicationCode(code.slice(0, -1) + last, [TENANT_A]), isCode('qr_signature'));
    assert.throws(() => decodePreApplicationCode(code.replace(ID, 'KRSXG5CTMVRXEZLA'), [TENANT_A]), isCode('qr_signature'));
    assert.throws(() => decodePreApplicationCode(code, [TENANT_B]), isCode('qr_signature'));
    assert.deepEqual(decodePreApplicationCode(encodePreApplicationCode(ID, TENANT_A_OLD), [TENANT_A, TENANT_A_OLD]), { applicationId: ID });
  });

  it('refuses codes when no usable key is configured', () => {
    const code = encodePreApplicationCode(ID, TENANT_A);
    assert.throws(() => decodePreApplicationCode(code, []), isCode('qr_signature'));
    assert.throws(() => decodePreApplicationCode(code, [new Uint8Array(16)]), isCode('qr_signature'));
    assert.throws(() => encodePreApplicationCode(ID, new Uint8Array(8)), isCode('qr_signature'));
  });

  it('refuses anything that is not such a code as qr_invalid', () => {
    const code = encodePreApplicationCode(ID, TENANT_A);
    for (const garbage of [
      '',
      'hello',
      '4901234567894',
      'https://madoguchi.example.jp/a/KRSXG5CTMVRXEZLU',
      code.replace('MDG1', 'MDG2'),
      code.replace('MDG1-', 'MDG1:'),
      code.slice(0, -1), // 15-character MAC
      `${code}A`,
      code.replace(ID, 'KRSXG5CTMVRXEZL'), // 15 characters: no byte count encodes to that
      code.replace(ID, 'ABC'),
      code.replace(ID, `${ID}0`),
      `MDG1-${'A'.repeat(200)}`,
    ]) {
      assert.throws(() => decodePreApplicationCode(garbage, [TENANT_A]), isCode('qr_invalid'), garbage);
    }
    assert.throws(() => encodePreApplicationCode('not-base32', TENANT_A), isCode('qr_invalid'));
  });

  it('any string gives an application id or qr_invalid / qr_signature', () => {
    const base32 = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
    const shaped = fc
      .tuple(fc.string({ unit: base32, maxLength: 34 }), fc.string({ unit: base32, minLength: 14, maxLength: 18 }), fc.constantFrom('MDG1-', 'mdg1-', 'MDG1', 'MDG1--'))
      .map(([id, mac, prefix]) => `${prefix}${id}-${mac}`);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 160 }), shaped), (text) => {
        try {
          decodePreApplicationCode(text, [TENANT_A, TENANT_B]);
        } catch (error) {
          if (!(error instanceof DeviceError) || (error.code !== 'qr_invalid' && error.code !== 'qr_signature')) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
