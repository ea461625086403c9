/**
 * Pages for the customer display: a resident at the counter does not scroll, so content that does not fit
 * the screen is split into pages they turn with large buttons. The split is measured in the browser (the
 * blocks' real heights in the resident's language and font), never guessed from character counts.
 */

/** One block's place in the measuring layout: its top edge relative to the area, and its height, in px. */
export interface BlockBox {
  top: number;
  height: number;
}

/**
 * The index of the first block of each page, packing blocks in order while they fit `available` px. A block
 * marked keep-with-next (a heading) never ends a page: it moves on with the block it introduces. A single block
 * taller than a page gets a page of its own (the area then scrolls rather than hiding it).
 */
export function pageStarts(boxes: readonly BlockBox[], keepWithNext: readonly boolean[], available: number): number[] {
  const starts = [0];
  let start = 0;
  for (let i = 0; i < boxes.length; i += 1) {
    const box = boxes[i]!;
    const first = boxes[start]!;
    if (i > start && box.top + box.height - first.top > available) {
      let cut = i;
      while (cut - 1 > start && keepWithNext[cut - 1]) cut -= 1;
      starts.push(cut);
      start = cut;
    }
  }
  return starts;
}

/** The blocks [from, to) of page `page` given the page starts. */
export function pageRange(starts: readonly number[], page: number, total: number): [number, number] {
  const index = Math.min(Math.max(page, 0), starts.length - 1);
  return [starts[index] ?? 0, starts[index + 1] ?? total];
}
