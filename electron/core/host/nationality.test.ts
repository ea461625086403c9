import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nationalityCode } from './nationality';

describe('nationalityCode: what a document or a clerk gives, as the register keeps it (ISO alpha-2)', () => {
  it('takes the alpha-3 code of an MRZ or a residence card, and ICAO 9303’s D for Germany', () => {
    assert.equal(nationalityCode('BRA'), 'BR');
    assert.equal(nationalityCode('PHL'), 'PH');
    assert.equal(nationalityCode('vnm'), 'VN');
    assert.equal(nationalityCode('D'), 'DE');
  });
  it('keeps a valid alpha-2 code and reads a country named as a 転出証明書 prints it', () => {
    assert.equal(nationalityCode(' pe '), 'PE');
    assert.equal(nationalityCode('ブラジル'), 'BR');
    assert.equal(nationalityCode('Vietnam'), 'VN');
    assert.equal(nationalityCode('フィリピン'), 'PH');
  });
  it('names no country for what is none: a specimen state, stateless codes, unknown text, nothing', () => {
    for (const given of ['UTO', 'XXA', 'ZZ', 'ブラジリア', '', '   ', null, undefined]) assert.equal(nationalityCode(given), null, String(given));
  });
});
