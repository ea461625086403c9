import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeviceError, isDeviceError } from './errors';
import { decodeWedgeKeys, wedgeKeysFor, WedgeScanDetector, type WedgeKey, type WedgeLayout } from './keyboard-wedge';

const key = (code: string, timeStamp: number, shiftKey = false, extra: Partial<WedgeKey> = {}): WedgeKey => ({ code, shiftKey, timeStamp, ...extra });
const isGarbled = (error: unknown) => isDeviceError(error, 'scan_garbled');
/** Every printable ASCII character: both layouts can type them all, from different keys. */
const PRINTABLE_ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
const SYMBOLS = '@"&\'()*+:[]_=~^`{}|\\';

describe('decodeWedgeKeys', () => {
  it('reads a scanner configured for US keys', () => {
    const keys = [key('ShiftLeft', 0, true), key('KeyM', 1, true), key('Digit1', 2), key('Minus', 3), key('ShiftLeft', 4, true), key('Digit2', 5, true), key('Enter', 6)];
    assert.equal(decodeWedgeKeys(keys, 'us'), 'M1-@\n');
  });

  it('reads JIS positions: Shift+2 is ", BracketLeft is @, IntlYen and IntlRo are \\', () => {
    const keys = [key('Digit2', 0, true), key('BracketLeft', 1), key('IntlYen', 2), key('IntlRo', 3), key('IntlRo', 4, true), key('Quote', 5), key('Equal', 6)];
    assert.equal(decodeWedgeKeys(keys, 'jis'), '"@\\\\_:^');
  });

  it('gives the same text for the same scan typed with US and with JIS positions', () => {
    const text = `P<JPN${SYMBOLS} 0123456789 abc XYZ,./;<>?!#$%-`;
    const us = wedgeKeysFor(text, 'us');
    const jis = wedgeKeysFor(text, 'jis');
    assert.notDeepEqual(us, jis); // the symbols sit on other keys…
    assert.equal(decodeWedgeKeys(us, 'us'), text); // …yet each decodes to the same text
    assert.equal(decodeWedgeKeys(jis, 'jis'), text);
  });

  it('shows why the scanner layout must be configured: US keys read as JIS change the symbols', () => {
    assert.notEqual(decodeWedgeKeys(wedgeKeysFor('a@b', 'us'), 'jis'), 'a@b');
    assert.equal(decodeWedgeKeys(wedgeKeysFor('a@b', 'us'), 'jis'), 'a"b');
  });

  it('refuses keys that type no character in the layout, and control combinations', () => {
    assert.throws(() => decodeWedgeKeys([key('Backquote', 0)], 'jis'), isGarbled); // 半角/全角
    assert.throws(() => decodeWedgeKeys([key('IntlYen', 0)], 'us'), isGarbled);
    assert.throws(() => decodeWedgeKeys([key('Digit0', 0, true)], 'jis'), isGarbled);
    assert.throws(() => decodeWedgeKeys([key('Convert', 0)], 'jis'), isGarbled); // 変換
    assert.throws(() => decodeWedgeKeys([key('KeyJ', 0, false, { ctrlKey: true })], 'us'), isGarbled);
    assert.throws(() => decodeWedgeKeys([key('__proto__', 0)], 'us'), isGarbled);
    assert.throws(() => decodeWedgeKeys([key('KeyA', 0)], 'dvorak' as WedgeLayout), isGarbled);
  });

  it('cannot type what a keyboard cannot: kanji', () => {
    assert.throws(() => wedgeKeysFor('住民票', 'jis'), isGarbled);
  });
});

describe('WedgeScanDetector', () => {
  const scanKeys = (text: string, layout: WedgeLayout, startAt = 1000, intervalMs = 4) => wedgeKeysFor(`${text}\n`, layout, { startAt, intervalMs });

  it('reports a fast burst ending with Enter once the keyboard is quiet', () => {
    const detector = new WedgeScanDetector({ layout: 'jis' });
    const keys = scanKeys('MDG1-ABC', 'jis');
    for (const k of keys) assert.equal(detector.push(k), undefined);
    const end = keys.at(-1)!.timeStamp;
    assert.equal(detector.flush(end + 10), undefined, 'not yet quiet');
    assert.deepEqual(detector.flush(end + 31), { text: 'MDG1-ABC', startedAt: 1000, endedAt: end });
  });

  it('also closes the burst on the next, later key', () => {
    const detector = new WedgeScanDetector({ layout: 'us' });
    for (const k of scanKeys('4901234567894', 'us')) detector.push(k);
    assert.equal(detector.push(key('KeyA', 5000))?.text, '4901234567894');
  });

  it('keeps a multi-line MRZ one scan, lines joined by \\n', () => {
    const detector = new WedgeScanDetector({ layout: 'us' });
    const mrz = 'P<JPNERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36JPN7408122F1204159ZE184226B<<<<<10';
    const keys = scanKeys(mrz, 'us');
    for (const k of keys) detector.push(k);
    assert.equal(detector.flush(keys.at(-1)!.timeStamp + 100)?.text, mrz);
  });

  it('ignores a person typing, a burst without Enter, a held key, and a lone fast key + Enter', () => {
    const detector = new WedgeScanDetector({ layout: 'us' });
    for (const k of wedgeKeysFor('hello\n', 'us', { startAt: 0, intervalMs: 120 })) assert.equal(detector.push(k), undefined);
    assert.equal(detector.flush(10_000), undefined);

    for (const k of wedgeKeysFor('NOENTER', 'us', { startAt: 20_000 })) detector.push(k);
    assert.equal(detector.flush(30_000), undefined);

    for (let i = 0; i < 20; i++) detector.push(key('KeyA', 40_000 + i * 25, false, { repeat: i > 0 }));
    detector.push(key('Enter', 40_000 + 20 * 25));
    assert.equal(detector.flush(50_000), undefined);

    detector.push(key('KeyA', 60_000));
    detector.push(key('Enter', 60_005));
    assert.equal(detector.flush(70_000), undefined);
  });

  it('reports a scan it cannot decode as scan_garbled and then reads the next one', () => {
    const detector = new WedgeScanDetector({ layout: 'jis' });
    for (const k of [key('KeyA', 0), key('Backquote', 3), key('KeyB', 6), key('Enter', 9)]) detector.push(k);
    assert.throws(() => detector.flush(100), isGarbled);
    for (const k of scanKeys('OK12', 'jis', 200)) detector.push(k);
    assert.equal(detector.flush(1000)?.text, 'OK12');
  });

  it('bounds a burst: an endless one is garbled, not kept', () => {
    const detector = new WedgeScanDetector({ layout: 'us', maxKeys: 50 });
    for (const k of scanKeys('A'.repeat(100), 'us')) detector.push(k);
    assert.throws(() => detector.flush(1e9), isGarbled);
  });
});

describe('keyboard-wedge properties', () => {
  const runs = { numRuns: 2000 };
  const layout = fc.constantFrom<WedgeLayout>('us', 'jis');
  const asciiText = fc.string({ unit: fc.constantFrom(...PRINTABLE_ASCII, '\n', '\t'), maxLength: 60 });

  it('any text a keyboard can type decodes back to itself, and US and JIS scans of it agree', () => {
    fc.assert(
      fc.property(asciiText, (text) => {
        const us = decodeWedgeKeys(wedgeKeysFor(text, 'us'), 'us');
        const jis = decodeWedgeKeys(wedgeKeysFor(text, 'jis'), 'jis');
        assert.equal(us, text);
        assert.equal(jis, text);
      }),
      runs,
    );
  });

  it('any key sequence gives text, no scan, or scan_garbled — nothing else', () => {
    const codes = fc.oneof(
      fc.constantFrom('KeyA', 'KeyZ', 'Digit0', 'Digit2', 'Enter', 'NumpadEnter', 'ShiftLeft', 'ControlLeft', 'IntlYen', 'IntlRo', 'Backquote', 'Quote', 'Equal', 'Numpad5', 'Lang1', 'Convert', 'CapsLock'),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''),
      fc.string({ maxLength: 12 }),
    );
    const wedgeKey = fc.record(
      {
        code: codes,
        shiftKey: fc.boolean(),
        timeStamp: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double()),
        ctrlKey: fc.boolean(),
        altKey: fc.boolean(),
        repeat: fc.boolean(),
      },
      { requiredKeys: ['code', 'shiftKey', 'timeStamp'] },
    );
    fc.assert(
      fc.property(fc.array(wedgeKey, { maxLength: 40 }), layout, fc.integer({ min: 0, max: 60 }), fc.option(fc.double()), (keys, chosen, maxGapMs, flushAt) => {
        const only = (run: () => unknown) => {
          try {
            run();
          } catch (error) {
            if (!(error instanceof DeviceError) || error.code !== 'scan_garbled') throw error;
          }
        };
        only(() => decodeWedgeKeys(keys, chosen));
        const detector = new WedgeScanDetector({ layout: chosen, maxGapMs, maxKeys: 16 });
        for (const k of keys) only(() => detector.push(k));
        only(() => detector.flush(flushAt ?? Number.POSITIVE_INFINITY));
      }),
      runs,
    );
  });

  it('a scan of any typeable text, fed key by key, comes out whole whatever the key interval under the limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...PRINTABLE_ASCII), minLength: 2, maxLength: 60 }),
        layout,
        fc.integer({ min: 1, max: 30 }),
        (text, chosen, intervalMs) => {
          const detector = new WedgeScanDetector({ layout: chosen });
          const keys = wedgeKeysFor(`${text}\n`, chosen, { startAt: 500, intervalMs });
          for (const k of keys) assert.equal(detector.push(k), undefined);
          assert.equal(detector.flush(keys.at(-1)!.timeStamp + 31)?.text, text);
        },
      ),
      runs,
    );
  });
});
