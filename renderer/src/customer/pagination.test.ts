import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageRange, pageStarts } from './pagination';

/** Blocks of the given heights stacked with a gap, as the measuring layout places them. */
function stack(heights: number[], gap = 10) {
  let top = 0;
  return heights.map((height) => {
    const box = { top, height };
    top += height + gap;
    return box;
  });
}

describe('customer display pages', () => {
  it('keeps everything on one page when it fits', () => {
    assert.deepEqual(pageStarts(stack([100, 100, 100]), [], 320), [0]);
  });

  it('starts a new page where the next block would overflow, counting the gaps', () => {
    // 100 + 10 + 100 + 10 + 100 = 320 > 300: the third block goes to page 2.
    assert.deepEqual(pageStarts(stack([100, 100, 100, 100, 100]), [], 300), [0, 2, 4]);
  });

  it('never leaves a heading alone at the bottom of a page', () => {
    // Blocks: text, heading, card, card. The card after the heading does not fit: the heading moves with it.
    assert.deepEqual(pageStarts(stack([150, 40, 150, 150]), [false, true, false, false], 320), [0, 1, 3]);
  });

  it('gives a block taller than the page a page of its own instead of looping', () => {
    assert.deepEqual(pageStarts(stack([100, 900, 100]), [], 300), [0, 1, 2]);
  });

  it('clamps the page number to the pages there are', () => {
    assert.deepEqual(pageRange([0, 2, 4], 1, 5), [2, 4]);
    assert.deepEqual(pageRange([0, 2, 4], 2, 5), [4, 5]);
    assert.deepEqual(pageRange([0, 2, 4], 7, 5), [4, 5]);
    assert.deepEqual(pageRange([0], 0, 3), [0, 3]);
  });
});
