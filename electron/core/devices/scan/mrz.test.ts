import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeviceError, isDeviceError } from '../../../../shared/devices/errors';
import { detectMrzFormat, normalizeMrzLines, parseMrz, type MrzDocument } from './mrz';

/** ICAO 9303-3 §4.9, written here independently of the code under test: 0–9, A–Z = 10–35, < = 0; weights 7 3 1. */
function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const char = field[i]!;
    const value = char === '<' ? 0 : /[0-9]/.test(char) ? Number(char) : char.charCodeAt(0) - 55;
    sum += value * [7, 3, 1][i % 3]!;
  }
  return String(sum % 10);
}

const fill = (text: string, length: number) => text.padEnd(length, '<');

/** TD3 passport (ICAO 9303-4 specimen, state changed to JPN), every check digit computed. */
function td3({ number = 'L898902C3', birth = '740812', sex = 'F', expiry = '120415', personal = 'ZE184226B', state = 'JPN', code = 'P<' } = {}) {
  const line1 = fill(`${code}${state}ERIKSSON<<ANNA<MARIA`, 44);
  const personalField = fill(personal, 14);
  const head = `${number}${checkDigit(number)}${state}${birth}${checkDigit(birth)}${sex}${expiry}${checkDigit(expiry)}${personalField}${personal ? checkDigit(personalField) : '<'}`;
  const composite = checkDigit(head.slice(0, 10) + head.slice(13, 20) + head.slice(21, 43));
  return [line1, head + composite];
}

/** TD2 (ICAO 9303-6 specimen layout, state JPN). */
function td2({ number = 'D23145890', birth = '740812', expiry = '120415' } = {}) {
  const line1 = fill('I<JPNERIKSSON<<ANNA<MARIA', 36);
  const head = `${number}${checkDigit(number)}JPN${birth}${checkDigit(birth)}F${expiry}${checkDigit(expiry)}<<<<<<<`;
  const composite = checkDigit(head.slice(0, 10) + head.slice(13, 20) + head.slice(21, 35));
  return [line1, head + composite];
}

/** TD1 (ICAO 9303-5 specimen layout): issuing state and nationality given separately. */
function td1({ number = 'D23145890', state = 'JPN', nationality = 'JPN', birth = '740812', expiry = '120415', optional2 = '', name = 'ERIKSSON<<ANNA<MARIA' } = {}) {
  // Numbers over 9 characters: 9 in place, '<' in the check digit slot, the rest + check digit in the optional field.
  const numberField = number.length <= 9 ? `${fill(number, 9)}${checkDigit(fill(number, 9))}` : `${number.slice(0, 9)}<${number.slice(9)}${checkDigit(number)}`;
  const line1 = fill(`I<${state}${numberField}`, 30);
  const line2Head = fill(`${birth}${checkDigit(birth)}F${expiry}${checkDigit(expiry)}${nationality}${optional2}`, 29);
  const composite = checkDigit(line1.slice(5, 30) + line2Head.slice(0, 7) + line2Head.slice(8, 15) + line2Head.slice(18, 29));
  return [line1, line2Head + composite, fill(name, 30)];
}

const TODAY = new Date(2025, 10, 27); // 2025-11-27, local time
const read = (lines: readonly string[], options = {}) => parseMrz(lines.join('\r\n'), { today: TODAY, ...options });

function assertError(run: () => unknown, code: string, field?: string) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DeviceError, `not a DeviceError: ${String(error)}`);
    assert.equal(error.code, code);
    if (field !== undefined) assert.equal(error.params.field, field);
    return true;
  });
}

/** Replaces one character of one line. */
function mutate(lines: readonly string[], line: number, column: number, char: string): string[] {
  return lines.map((text, i) => (i === line ? text.slice(0, column) + char + text.slice(column + 1) : text));
}

/** The next digit, so a check digit is always wrong after the change. */
const otherDigit = (digit: string) => String((Number(digit) + 1) % 10);

describe('check digits (the test’s own function)', () => {
  it('matches the worked example of ICAO 9303 (its specimen passport number): L898902C3 → 6', () => {
    assert.equal(checkDigit('L898902C3'), '6');
  });
});

describe('parseMrz', () => {
  it('reads the TD3 passport specimen (state JPN)', () => {
    const expected: MrzDocument = {
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'JPN',
      documentNumber: 'L898902C3',
      nationality: 'JPN',
      birthDate: '1974-08-12',
      sex: 'female',
      expiryDate: '2012-04-15',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      optionalData: 'ZE184226B',
      autocorrected: false,
    };
    assert.deepEqual(read(td3()), expected);
  });

  it('reads the TD2 specimen', () => {
    const document = read(td2());
    assert.equal(document.format, 'TD2');
    assert.equal(document.documentCode, 'I');
    assert.equal(document.documentNumber, 'D23145890');
    assert.equal(document.birthDate, '1974-08-12');
    assert.equal(document.expiryDate, '2012-04-15');
    assert.equal(document.surname, 'ERIKSSON');
    assert.equal(document.givenNames, 'ANNA MARIA');
    assert.equal(document.optionalData, undefined);
  });

  it('reads the TD1 specimen', () => {
    const document = read(td1());
    assert.equal(document.format, 'TD1');
    assert.equal(document.documentNumber, 'D23145890');
    assert.equal(document.birthDate, '1974-08-12');
    assert.equal(document.surname, 'ERIKSSON');
    assert.equal(document.givenNames, 'ANNA MARIA');
  });

  it('reads a JPN-issued TD1 card of a foreign national, with optional data and a one-part name', () => {
    const document = read(td1({ state: 'JPN', nationality: 'VNM', birth: '950301', expiry: '300228', optional2: 'AB12', name: 'NGUYEN' }));
    assert.equal(document.issuingState, 'JPN');
    assert.equal(document.nationality, 'VNM');
    assert.equal(document.birthDate, '1995-03-01');
    assert.equal(document.expiryDate, '2030-02-28');
    assert.equal(document.optionalData2, 'AB12');
    assert.equal(document.surname, 'NGUYEN');
    assert.equal(document.givenNames, '');
  });

  it('reads a TD1 document number longer than nine characters (ICAO 9303-5 overflow into the optional field)', () => {
    const document = read(td1({ number: 'D23145890734' }));
    assert.equal(document.documentNumber, 'D23145890734');
    assert.equal(document.optionalData, undefined);
  });

  it('takes raw scanner text: CR/LF or LF, padding spaces, lower case, a missing line break', () => {
    const lines = td3();
    const expected = read(lines);
    assert.deepEqual(parseMrz(`  ${lines[0]!.toLowerCase()} \n${lines[1]}  \r\n\r\n`, { today: TODAY }), expected);
    assert.deepEqual(parseMrz(`${lines[0]}${lines[1]}\r`, { today: TODAY }), expected);
    assert.deepEqual(parseMrz(`\u0002${lines[0]}\r${lines[1]}\u0003`, { today: TODAY }), expected); // STX … ETX framing
    assert.deepEqual(normalizeMrzLines('ａｂ＜\r\n12'), ['AB<', '12']);
  });

  it('detects the format by line count and length only', () => {
    assert.equal(detectMrzFormat(td1()), 'TD1');
    assert.equal(detectMrzFormat(td2()), 'TD2');
    assert.equal(detectMrzFormat(td3()), 'TD3');
    assert.equal(detectMrzFormat([...td3(), 'X']), undefined);
    assert.equal(detectMrzFormat([td3()[0]!, td2()[1]!]), undefined);
  });

  it('puts a two-digit birth year in the past: 19YY when 20YY would be a day still to come', () => {
    assert.equal(read(td3({ birth: '251127' })).birthDate, '2025-11-27');
    assert.equal(read(td3({ birth: '251128' })).birthDate, '1925-11-28');
    assert.equal(read(td3({ birth: '000229' })).birthDate, '2000-02-29');
    assert.equal(read(td3({ birth: '74<<<<' })).birthDate, '1974'); // unknown month and day
    assert.equal(read(td3({ birth: '7408<<' })).birthDate, '1974-08');
  });

  it('puts an expiry year within fifty years of today', () => {
    assert.equal(read(td3({ expiry: '350101' })).expiryDate, '2035-01-01');
    assert.equal(read(td3({ expiry: '991231' })).expiryDate, '1999-12-31');
  });

  it('refuses dates that do not exist', () => {
    assertError(() => read(td3({ birth: '010229' })), 'mrz_format', 'birthDate');
    assertError(() => read(td3({ expiry: '300431' })), 'mrz_format', 'expirationDate');
    assertError(() => read(td3({ expiry: '30<<<<' })), 'mrz_format', 'expirationDate');
  });

  it('reads M, F, < and the 2021 X for sex', () => {
    assert.equal(read(td3({ sex: 'M' })).sex, 'male');
    assert.equal(read(td3({ sex: '<' })).sex, 'unspecified');
    assert.equal(read(td3({ sex: 'X' })).sex, 'unspecified');
    assertError(() => read(td3({ sex: 'Q' })), 'mrz_format', 'sex');
  });

  it('corrects OCR look-alikes protected by check digits, and says so', () => {
    const lines = mutate(td3(), 1, 15, 'O'); // birth date 740812 read as 74O812
    const document = read(lines);
    assert.equal(document.birthDate, '1974-08-12');
    assert.equal(document.autocorrected, true);
    assert.throws(() => read(lines, { autocorrect: false }), (error) => isDeviceError(error));
  });

  it('names the field whose check digit is wrong', () => {
    const lines = td3();
    assertError(() => read(mutate(lines, 1, 9, otherDigit(lines[1]![9]!))), 'mrz_check_digit', 'documentNumber');
    assertError(() => read(mutate(lines, 1, 19, otherDigit(lines[1]![19]!))), 'mrz_check_digit', 'birthDate');
    assertError(() => read(mutate(lines, 1, 27, otherDigit(lines[1]![27]!))), 'mrz_check_digit', 'expirationDate');
    assertError(() => read(mutate(lines, 1, 42, otherDigit(lines[1]![42]!))), 'mrz_check_digit', 'optionalData');
    assertError(() => read(mutate(lines, 1, 43, otherDigit(lines[1]![43]!))), 'mrz_check_digit', 'composite');

    // A misread inside a field: that field's own check digit is named, not the composite one it also breaks.
    assertError(() => read(mutate(lines, 1, 16, otherDigit(lines[1]![16]!))), 'mrz_check_digit', 'birthDate');
    assertError(() => read(mutate(lines, 1, 2, 'X')), 'mrz_check_digit', 'documentNumber');

    const card = td1();
    assertError(() => read(mutate(card, 0, 14, otherDigit(card[0]![14]!))), 'mrz_check_digit', 'documentNumber');
    assertError(() => read(mutate(card, 1, 6, otherDigit(card[1]![6]!))), 'mrz_check_digit', 'birthDate');
    assertError(() => read(mutate(card, 1, 14, otherDigit(card[1]![14]!))), 'mrz_check_digit', 'expirationDate');
    assertError(() => read(mutate(card, 1, 29, otherDigit(card[1]![29]!))), 'mrz_check_digit', 'composite');
    // The optional data of a TD1 is covered by the composite digit only.
    assertError(() => read(mutate(card, 1, 20, 'Z')), 'mrz_check_digit', 'composite');

    const td2Lines = td2();
    assertError(() => read(mutate(td2Lines, 1, 35, otherDigit(td2Lines[1]![35]!))), 'mrz_check_digit', 'composite');
  });

  it('refuses anything that is not a TD1/TD2/TD3 MRZ as mrz_format', () => {
    assertError(() => parseMrz(''), 'mrz_format');
    assertError(() => parseMrz('https://example.jp/'), 'mrz_format');
    assertError(() => parseMrz(td3().join('\n').replace('P<', 'P#')), 'mrz_format');
    assertError(() => parseMrz(`${td3().join('\n')}\n${'<'.repeat(44)}`), 'mrz_format');
    assertError(() => parseMrz('A'.repeat(600)), 'mrz_format');
    assertError(() => read(td3({ code: 'V<' })), 'mrz_format', 'documentCode'); // a visa (MRV-A): not read
    assertError(() => read(td3({ state: 'UTO' })), 'mrz_format', 'issuingState'); // the fictional specimen state
  });

  it('puts no document data into errors', () => {
    const lines = td3();
    try {
      read(mutate(lines, 1, 19, otherDigit(lines[1]![19]!)));
      assert.fail('expected an error');
    } catch (error) {
      const text = `${(error as Error).message} ${JSON.stringify((error as DeviceError).params)}`;
      for (const secret of ['L898902C3', '740812', 'ERIKSSON', 'ANNA']) assert.ok(!text.includes(secret), text);
    }
  });
});

describe('MRZ properties', () => {
  const runs = { numRuns: 2000 };
  const outcome = (run: () => MrzDocument): MrzDocument | DeviceError => {
    try {
      return run();
    } catch (error) {
      if (error instanceof DeviceError && (error.code === 'mrz_format' || error.code === 'mrz_check_digit')) return error;
      throw error;
    }
  };
  const mrzChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<');

  it('any string gives a document or an MRZ DeviceError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 120 })), (text) => {
        outcome(() => parseMrz(text, { today: TODAY }));
      }),
      runs,
    );
  });

  it('any lines of MRZ characters and MRZ lengths give a document or an MRZ DeviceError', () => {
    const line = fc.constantFrom(30, 36, 44).chain((length) => fc.string({ unit: mrzChar, minLength: length, maxLength: length }));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n', '\r', ' '), (lines, separator) => {
        outcome(() => parseMrz(lines.join(separator), { today: TODAY }));
      }),
      runs,
    );
  });

  it('mutated valid MRZs never crash, and a changed digit in a date or a check digit never gives a document', () => {
    const specimens = [td1(), td2(), td3(), td1({ number: 'D23145890734' })];
    // Where the dates and their check digits sit: [line, from, to) per specimen.
    const protectedSpans: Record<number, [number, number, number][]> = {
      0: [[1, 0, 7], [1, 8, 15]],
      1: [[1, 13, 20], [1, 21, 28]],
      2: [[1, 13, 20], [1, 21, 28]],
      3: [[1, 0, 7], [1, 8, 15]],
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: specimens.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.oneof(mrzChar, fc.string({ unit: 'binary', maxLength: 2 }))), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (which, mutations, autocorrect) => {
          const original = specimens[which]!;
          let lines = original;
          for (const [line, column, char] of mutations) {
            const row = line % lines.length;
            lines = mutate(lines, row, column % (lines[row]!.length + 1), char);
          }
          const result = outcome(() => parseMrz(lines.join('\n'), { today: TODAY, autocorrect }));

          // One digit replaced by another digit inside a date or its check digit: the 7-3-1 weights are coprime
          // with 10, so the check digit must catch it.
          const [first] = mutations;
          if (mutations.length === 1 && first) {
            const row = first[0] % original.length;
            const column = first[1] % (original[row]!.length + 1);
            const before = original[row]![column];
            const inProtected = protectedSpans[which]!.some(([l, from, to]) => l === row && column >= from && column < to);
            if (inProtected && before !== undefined && /^[0-9]$/.test(before) && /^[0-9]$/.test(first[2]) && first[2] !== before) {
              assert.ok(result instanceof DeviceError, `changed ${before}→${first[2]} at ${row}:${column} was accepted`);
            }
          }
        },
      ),
      runs,
    );
  });
  it('every single-digit misread in a number, a date or a check digit is refused', () => {
    const specimens = [td1(), td2(), td3(), td1({ number: 'D23145890734' })];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: specimens.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 9 }), fc.boolean(), (which, pick, shift, autocorrect) => {
        const lines = specimens[which]!;
        const digits: [number, number][] = [];
        // Every digit on the lines that carry numbers, dates and check digits (TD1: lines 1–2; TD2/TD3: line 2).
        lines.forEach((line, row) => {
          if (row === lines.length - 1 && lines.length === 3) return; // TD1 name line
          if (row === 0 && lines.length === 2) return; // TD2/TD3 name line
          for (let column = 0; column < line.length; column++) if (/[0-9]/.test(line[column]!)) digits.push([row, column]);
        });
        const [row, column] = digits[pick % digits.length]!;
        const changed = String((Number(lines[row]![column]) + shift) % 10);
        assert.throws(
          () => parseMrz(mutate(lines, row, column, changed).join('\n'), { today: TODAY, autocorrect }),
          (error: unknown) => isDeviceError(error, 'mrz_check_digit'),
        );
      }),
      runs,
    );
  });
});
