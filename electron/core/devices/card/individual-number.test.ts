import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDeviceError } from '../../../../shared/devices/errors';
import { individualNumberCheckDigit, isValidIndividualNumber } from './individual-number';

describe('個人番号 check digit (総務省令第85号 §5)', () => {
  it('accepts the synthetic test numbers', () => {
    assert.equal(individualNumberCheckDigit('12345678901'), 8);
    assert.equal(individualNumberCheckDigit('98320567321'), 4);
    assert.ok(isValidIndividualNumber('123456789018'));
    assert.ok(isValidIndividualNumber('983205673214'));
  });

  it('rejects every other last digit, and anything that is not 12 ASCII digits', () => {
    for (let d = 0; d <= 9; d++) {
      if (d !== 8) assert.equal(isValidIndividualNumber(`12345678901${d}`), false);
    }
    for (const bad of ['', '12345678901', '1234567890188', '12345678901８', '12345678901a', ' 123456789018']) {
      assert.equal(isValidIndividualNumber(bad), false, bad);
    }
    assert.throws(() => individualNumberCheckDigit('1234'), (e) => isDeviceError(e, 'card_protocol'));
  });

  it('catches every single-digit change, except where r moves between 0 and 1 (2000 runs)', () => {
    // An independent reading of the rule: weights 2..7, 2..6 from the right; digits 0 for r 0 and 1 alike.
    const remainder = (first11: string) =>
      [...first11].reverse().reduce((sum, c, i) => sum + Number(c) * (i < 6 ? i + 2 : i - 4), 0) % 11;
    const valid = fc.stringMatching(/^[0-9]{11}$/).map((first11) => first11 + String(individualNumberCheckDigit(first11)));
    fc.assert(
      fc.property(valid, fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 }), (number, position, delta) => {
        assert.ok(isValidIndividualNumber(number));
        const digit = (Number(number[position]) + delta) % 10;
        const changed = number.slice(0, position) + digit + number.slice(position + 1);
        const blindSpot = position < 11 && remainder(number.slice(0, 11)) <= 1 && remainder(changed.slice(0, 11)) <= 1;
        assert.equal(isValidIndividualNumber(changed), blindSpot);
      }),
      { numRuns: 2000 },
    );
  });
});
