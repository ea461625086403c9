import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDeviceError } from './errors';
import { decodeWedgeKeys, recogniseWedgeScan, wedgeKeysFor, WedgeScanDetector, type WedgeKey, type WedgeKeyOutcome, type WedgeLayout } from './keyboard-wedge';

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

/** ICAO 9303's specimen MRZs (TD3 passport, TD1 ID card) and a pre-application code of the demo's shape. */
const TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';
const TD1 = 'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<';
const TD2 = 'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6';
const CODE = 'MDG1-MINOKAMOBRAZILAA-JWWPURRWNUYYNGXL';

describe('recogniseWedgeScan', () => {
  it('knows the scans a counter reads: TD1, TD2, TD3 and pre-application codes, in any case', () => {
    assert.deepEqual(recogniseWedgeScan(TD3), { kind: 'mrz', complete: true });
    assert.deepEqual(recogniseWedgeScan(TD1), { kind: 'mrz', complete: true });
    assert.deepEqual(recogniseWedgeScan(TD2), { kind: 'mrz', complete: true });
    assert.deepEqual(recogniseWedgeScan(CODE), { kind: 'pre_application', complete: true });
    assert.deepEqual(recogniseWedgeScan(CODE.toLowerCase()), { kind: 'pre_application', complete: true }, 'Caps Lock on');
  });

  it('says when an MRZ has more lines to come', () => {
    assert.deepEqual(recogniseWedgeScan(TD3.split('\n')[0]!), { kind: 'mrz', complete: false });
    assert.deepEqual(recogniseWedgeScan(TD1.split('\n').slice(0, 2).join('\n')), { kind: 'mrz', complete: false });
  });

  it('is not fooled by what a person types', () => {
    for (const text of ['oliveira', 'oliveira camila', 'MDG1-', 'MDG1-ABC', `${CODE}X`, `x${CODE}`, 'A'.repeat(44), '<'.repeat(10), `${TD3}\nX`, TD3.replace('<', ' '), `${TD3.split('\n')[0]}\n${TD1.split('\n')[0]}`, '', '2026-12-19']) {
      assert.equal(recogniseWedgeScan(text), undefined, text);
    }
  });
});

describe('WedgeScanDetector', () => {
  const feed = (detector: WedgeScanDetector, keys: readonly WedgeKey[]): WedgeKeyOutcome[] => keys.map((k) => detector.push(k));
  const actions = (outcomes: readonly WedgeKeyOutcome[]) => outcomes.map((o) => o.action);

  it('lets fast typing through: "oliveira" + Enter at 5 ms a key is no scan, and no key is held', () => {
    const detector = new WedgeScanDetector({ layout: 'jis' });
    const outcomes = feed(detector, wedgeKeysFor('oliveira\n', 'jis', { startAt: 1000, intervalMs: 5 }));
    assert.deepEqual(actions(outcomes), Array(9).fill('type'));
    assert.deepEqual(outcomes.map((o) => o.startsBurst), [true, ...Array(8).fill(false)]);
  });

  it('lets Tabs and a held key through', () => {
    const detector = new WedgeScanDetector({ layout: 'us' });
    const tabs = feed(detector, [key('Tab', 0), key('Tab', 4), key('Tab', 8), key('Tab', 12, true)]);
    assert.deepEqual(actions(tabs), ['type', 'type', 'type', 'type']);
    const held = feed(detector, [...Array.from({ length: 30 }, (_, i) => key('KeyA', 100 + i * 5, false, { repeat: i > 0 })), key('Enter', 260)]);
    assert.ok(held.every((o) => o.action === 'type'));
  });

  it('reports a pre-application code at its Enter, and only there', () => {
    const detector = new WedgeScanDetector({ layout: 'jis' });
    const keys = wedgeKeysFor(`${CODE}\n`, 'jis', { startAt: 1000, intervalMs: 4 });
    const outcomes = feed(detector, keys);
    assert.deepEqual(actions(outcomes.slice(0, -1)), Array(keys.length - 1).fill('type'), 'every key before the Enter reaches the field');
    assert.equal(outcomes[0]?.startsBurst, true);
    assert.deepEqual(outcomes.at(-1), { startsBurst: false, action: 'scan', scan: { text: CODE, kind: 'pre_application', startedAt: 1000, endedAt: keys.at(-1)!.timeStamp } });
  });

  it('holds the Enters between MRZ lines and reports the whole MRZ at the last one', () => {
    for (const mrz of [TD1, TD2, TD3]) {
      const detector = new WedgeScanDetector({ layout: 'us' });
      const outcomes = feed(detector, wedgeKeysFor(`${mrz}\n`, 'us', { startAt: 0, intervalMs: 3 }));
      const enters = outcomes.filter((o) => o.action !== 'type');
      assert.deepEqual(actions(enters), [...Array(mrz.split('\n').length - 1).fill('hold'), 'scan']);
      const last = outcomes.at(-1)!;
      assert.equal(last.action === 'scan' && last.scan.text, mrz);
    }
  });

  it('needs the whole burst within the gap: the same code typed slowly, or with a pause, is typing', () => {
    const slow = new WedgeScanDetector({ layout: 'us' });
    assert.ok(feed(slow, wedgeKeysFor(`${CODE}\n`, 'us', { intervalMs: 40 })).every((o) => o.action === 'type'));
    const paused = new WedgeScanDetector({ layout: 'us' });
    const keys = wedgeKeysFor(`${CODE}\n`, 'us', { intervalMs: 4 }).map((k, i) => (i >= 10 ? { ...k, timeStamp: k.timeStamp + 100 } : k));
    const outcomes = feed(paused, keys);
    assert.equal(outcomes.at(-1)?.action, 'type');
    assert.equal(outcomes[10]?.startsBurst, true);
  });

  it('starts afresh after an Enter that was no scan, so a scan right after typing is still read', () => {
    const detector = new WedgeScanDetector({ layout: 'us' });
    feed(detector, wedgeKeysFor('abc\n', 'us', { startAt: 0, intervalMs: 5 }));
    const outcomes = feed(detector, wedgeKeysFor(`${CODE}\n`, 'us', { startAt: 25, intervalMs: 4 }));
    assert.equal(outcomes[0]?.startsBurst, true);
    assert.equal(outcomes.at(-1)?.action, 'scan');
  });

  it('never takes a burst with a key no scanner sends, or a longer one than the bound', () => {
    const detector = new WedgeScanDetector({ layout: 'jis' });
    const garbled = [key('Backquote', 0), ...wedgeKeysFor(`${CODE}\n`, 'jis', { startAt: 3, intervalMs: 3 })];
    assert.equal(feed(detector, garbled).at(-1)?.action, 'type');
    const bounded = new WedgeScanDetector({ layout: 'jis', maxKeys: 20 });
    assert.equal(feed(bounded, wedgeKeysFor(`${CODE}\n`, 'jis', { startAt: 1000 })).at(-1)?.action, 'type');
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

  it('any key sequence: the detector never throws, lets every non-Enter key through, and reports only recognised scans', () => {
    const codes = fc.oneof(
      fc.constantFrom('KeyA', 'KeyZ', 'Digit0', 'Digit2', 'Enter', 'NumpadEnter', 'ShiftLeft', 'ControlLeft', 'IntlYen', 'IntlRo', 'Backquote', 'Quote', 'Equal', 'Numpad5', 'Lang1', 'Convert', 'CapsLock', 'Tab', 'Comma'),
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
      fc.property(fc.array(wedgeKey, { maxLength: 40 }), layout, fc.integer({ min: 0, max: 60 }), (keys, chosen, maxGapMs) => {
        const detector = new WedgeScanDetector({ layout: chosen, maxGapMs, maxKeys: 16 });
        for (const k of keys) {
          const outcome = detector.push(k);
          if (k.code !== 'Enter' && k.code !== 'NumpadEnter') assert.equal(outcome.action, 'type');
          if (outcome.action === 'scan') assert.equal(recogniseWedgeScan(outcome.scan.text)?.complete, true);
        }
      }),
      runs,
    );
  });

  it('typed text that is no scan is never held or taken, however fast', () => {
    fc.assert(
      fc.property(asciiText, layout, fc.integer({ min: 0, max: 30 }), (text, chosen, intervalMs) => {
        fc.pre(!text.split('\n').some((part) => recogniseWedgeScan(part) !== undefined));
        const detector = new WedgeScanDetector({ layout: chosen });
        for (const k of wedgeKeysFor(`${text}\n`, chosen, { intervalMs })) assert.equal(detector.push(k).action, 'type');
      }),
      runs,
    );
  });

  it('a pre-application code of any id comes out whole at its Enter, whatever the key interval under the limit', () => {
    const base32 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), minLength: 8, maxLength: 32 });
    const mac = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(base32, mac, layout, fc.integer({ min: 1, max: 30 }), (id, tag, chosen, intervalMs) => {
        const code = `MDG1-${id}-${tag}`;
        const detector = new WedgeScanDetector({ layout: chosen });
        const outcomes = wedgeKeysFor(`${code}\n`, chosen, { startAt: 500, intervalMs }).map((k) => detector.push(k));
        const last = outcomes.at(-1)!;
        assert.equal(last.action === 'scan' && last.scan.text, code);
        assert.ok(outcomes.slice(0, -1).every((o) => o.action === 'type'));
      }),
      runs,
    );
  });
});
