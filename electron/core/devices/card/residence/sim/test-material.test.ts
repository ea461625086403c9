import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { TEST_MATERIAL } from './test-material';

describe('embedded test material', () => {
  it('equals the fixture files (regenerate with fixtures/embed.ts after make-fixtures.sh)', () => {
    for (const [name, base64] of Object.entries(TEST_MATERIAL)) {
      assert.equal(base64, readFileSync(new URL(`../fixtures/${name}`, import.meta.url)).toString('base64'), name);
    }
  });
});
