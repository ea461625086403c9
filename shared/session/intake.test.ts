import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { likelyRelation } from './intake';

describe('likelyRelation (the 続柄 a person added to an intake starts with)', () => {
  const person = (relation: string, sex: 1 | 2 | 9 | null = null) => ({ relation, sex });
  it('is 世帯主 while the household has none', () => {
    assert.equal(likelyRelation([]), '世帯主');
    assert.equal(likelyRelation([person('子', 1)]), '世帯主');
  });
  it('is the spouse of the 世帯主 second (妻 of a man, 夫 of a woman), and nothing when the head’s sex is unknown', () => {
    assert.equal(likelyRelation([person('世帯主', 1)]), '妻');
    assert.equal(likelyRelation([person('世帯主', 2)]), '夫');
    assert.equal(likelyRelation([person('世帯主', null)]), '');
    assert.equal(likelyRelation([person('世帯主', 9)]), '');
  });
  it('is 子 after that, and when the second person is not the spouse', () => {
    assert.equal(likelyRelation([person('世帯主', 1), person('妻', 2)]), '子');
    assert.equal(likelyRelation([person('世帯主', 1), person('子', 1)]), '子');
    assert.equal(likelyRelation([person('世帯主', 2), person('夫', 1), person('子', 2)]), '子');
  });
});
