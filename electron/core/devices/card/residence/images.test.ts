import { loadImage } from '@napi-rs/canvas';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeJpeg2000, decodeMmrTiff, jpeg2000Codestream, loadOpenJpeg, pngDataUrl, type Bitmap } from './images';
import { t6Tiff, type BilevelImage } from './sim/t6-tiff';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** A binary PBM (P4) as a bilevel image. */
function readPbm(bytes: Uint8Array): BilevelImage {
  const header = Buffer.from(bytes.subarray(0, 32)).toString('latin1').match(/^P4\s+(\d+)\s+(\d+)\s/);
  assert.ok(header);
  const width = Number(header[1]);
  const height = Number(header[2]);
  const body = bytes.subarray(header[0].length);
  const rowBytes = Math.ceil(width / 8);
  return { width, height, black: (x, y) => ((body[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1) === 1 };
}

function assertSamePixels(decoded: Bitmap | null, expected: BilevelImage): void {
  assert.ok(decoded, 'decoded');
  assert.deepEqual([decoded.width, decoded.height], [expected.width, expected.height]);
  let differing = 0;
  for (let y = 0; y < expected.height; y++) {
    for (let x = 0; x < expected.width; x++) {
      const dark = decoded.rgba[(y * expected.width + x) * 4]! < 128;
      if (dark !== expected.black(x, y)) differing++;
    }
  }
  assert.equal(differing, 0, `${differing} pixels differ`);
}

describe('residence-card images: MMR (CCITT T.6) TIFF', () => {
  it('decodes a libtiff-made Group 4 TIFF to exactly the pixels it was made from', () => {
    const expected = readPbm(fixture('name.pbm'));
    let black = 0;
    for (let y = 0; y < expected.height; y++) for (let x = 0; x < expected.width; x++) if (expected.black(x, y)) black++;
    assert.ok(black > 500, 'the picture has text on it');
    assertSamePixels(decodeMmrTiff({ format: 'tiff-mmr', bytes: fixture('name-g4.tif') }), expected);
  });

  it('decodes with the zero filler a card file carries after the image', () => {
    const bytes = fixture('name-g4.tif');
    const padded = new Uint8Array(2500);
    padded.set(bytes);
    assertSamePixels(decodeMmrTiff({ format: 'tiff-mmr', bytes: padded }), readPbm(fixture('name.pbm')));
  });

  it("the virtual cards' encoder round-trips through the decoder, for any picture (runs across the 64, 1728 and 2560 code boundaries too)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2700 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (width, height, seed) => {
        // Long runs and short ones: a pixel flips colour rarely on some lines and often on others.
        const flip = (x: number, y: number) => (Math.imul(x + 1, 2654435761) ^ Math.imul(y + 7, seed | 1)) >>> 0;
        const rows = Array.from({ length: height }, (_, y) => {
          const row: boolean[] = [];
          let on = y % 2 === 1;
          for (let x = 0; x < width; x++) {
            if (flip(x, y) % (y % 3 === 0 ? 997 : 5) === 0) on = !on;
            row.push(on);
          }
          return row;
        });
        const image: BilevelImage = { width, height, black: (x, y) => rows[y]![x]! };
        assertSamePixels(decodeMmrTiff({ format: 'tiff-mmr', bytes: t6Tiff(image) }), image);
      }),
      { numRuns: 300 },
    );
  });

  it('anything else is "cannot show", not a crash: garbage, a truncated file, an empty one', () => {
    const tiff = fixture('name-g4.tif');
    for (const bytes of [new Uint8Array(0), new Uint8Array(100).fill(0x4d), tiff.subarray(0, 12), Uint8Array.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8])]) {
      assert.equal(decodeMmrTiff({ format: 'tiff-mmr', bytes }), null);
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const decoded = decodeMmrTiff({ format: 'tiff-mmr', bytes });
        assert.ok(decoded === null || decoded.rgba.length === decoded.width * decoded.height * 4);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('residence-card images: JPEG 2000 face photo', () => {
  async function encodeGrey(width: number, height: number, pixel: (x: number, y: number) => number): Promise<Uint8Array> {
    const encoder = new (await loadOpenJpeg()).J2KEncoder();
    try {
      const raw = encoder.getDecodedBuffer({ width, height, bitsPerSample: 8, componentCount: 1, isSigned: false, isUsingColorSpace: false });
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * width + x] = pixel(x, y);
      encoder.setQuality(true, 0);
      encoder.encode();
      return encoder.getEncodedBuffer().slice();
    } finally {
      encoder.delete();
    }
  }
  const pixel = (x: number, y: number) => (x * 5 + y * 3) & 0xff;

  it('decodes a codestream, the same inside a JP2 file, and with zero filler after it', async () => {
    const codestream = await encodeGrey(40, 50, pixel);
    const box = (type: string, body: Uint8Array) => {
      const out = new Uint8Array(8 + body.length);
      new DataView(out.buffer).setUint32(0, out.length);
      out.set(Buffer.from(type, 'latin1'), 4);
      out.set(body, 8);
      return out;
    };
    const jp2 = Buffer.concat([box('jP  ', Uint8Array.from([0x0d, 0x0a, 0x87, 0x0a])), box('ftyp', Buffer.from('jp2 \0\0\0\0jp2 ', 'latin1')), box('jp2c', codestream)]);
    assert.deepEqual(new Uint8Array(jpeg2000Codestream(new Uint8Array(jp2))), codestream);
    const padded = new Uint8Array(3000);
    padded.set(codestream);
    for (const bytes of [codestream, new Uint8Array(jp2), padded]) {
      const decoded = await decodeJpeg2000({ format: 'jpeg2000', bytes });
      assert.ok(decoded);
      assert.deepEqual([decoded.width, decoded.height], [40, 50]);
      // Lossless: every grey level back, as RGB.
      for (const [x, y] of [[0, 0], [39, 0], [17, 33], [39, 49]] as const) {
        assert.deepEqual([...decoded.rgba.subarray((y * 40 + x) * 4, (y * 40 + x) * 4 + 4)], [pixel(x, y), pixel(x, y), pixel(x, y), 255]);
      }
    }
  });

  it('a truncated or foreign stream is "cannot show"', async () => {
    const codestream = await encodeGrey(48, 48, pixel);
    for (const bytes of [codestream.subarray(0, 40), new Uint8Array(64), Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])]) {
      assert.equal(await decodeJpeg2000({ format: 'jpeg2000', bytes }), null);
    }
  });

  it('a huge declared size and mutated streams give a picture or null, never a crash, and decoding still works after', async () => {
    const codestream = await encodeGrey(48, 48, pixel);
    const huge = codestream.slice();
    new DataView(huge.buffer).setUint32(8, 60_000); // Xsiz
    new DataView(huge.buffer).setUint32(12, 60_000); // Ysiz
    assert.equal(await decodeJpeg2000({ format: 'jpeg2000', bytes: huge }), null);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 42, max: codestream.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), async (edits) => {
        const mutated = codestream.slice();
        for (const [at, value] of edits) mutated[at] = value;
        const decoded = await decodeJpeg2000({ format: 'jpeg2000', bytes: mutated });
        assert.ok(decoded === null || (decoded.width === 48 && decoded.height === 48));
      }),
      { numRuns: 300 },
    );
    assert.ok(await decodeJpeg2000({ format: 'jpeg2000', bytes: codestream }), 'the decoder still works');
  });

  it('hands the staff window a PNG of the same size', async () => {
    const decoded = await decodeJpeg2000({ format: 'jpeg2000', bytes: await encodeGrey(44, 60, pixel) });
    const url = pngDataUrl(decoded!);
    assert.match(url, /^data:image\/png;base64,/);
    const png = await loadImage(Buffer.from(url.split(',')[1]!, 'base64'));
    assert.deepEqual([png.width, png.height], [44, 60]);
  });
});
