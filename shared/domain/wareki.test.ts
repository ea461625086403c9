import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatWareki } from './wareki';

describe('formatWareki', () => {
  it('writes dates in the Japanese era, 元年 for the first year, switching on the era day', () => {
    assert.equal(formatWareki('2026-11-27'), '令和8年11月27日');
    assert.equal(formatWareki('2019-05-01'), '令和元年5月1日');
    assert.equal(formatWareki('2019-04-30'), '平成31年4月30日');
    assert.equal(formatWareki('1989-01-08'), '平成元年1月8日');
    assert.equal(formatWareki('1989-01-07'), '昭和64年1月7日');
  });

  it('refuses anything but an ISO date', () => {
    assert.throws(() => formatWareki('2026/11/27'), RangeError);
  });
});
