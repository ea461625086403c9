/**
 * A minimal ITU-T T.6 (CCITT Group 4, "MMR") encoder and TIFF writer, for the virtual residence cards: their
 * name, address and front-face images must decode like a real card's. Every line is coded in horizontal
 * mode (a pair of run lengths per code word), which T.6 allows anywhere; a real card's encoder also uses the
 * vertical and pass modes and so compresses better, and the product's decoder reads all three (the decoder
 * is checked against a libtiff-made file in ../images.test.ts, this encoder against that decoder).
 *
 * Run-length code words: ITU-T T.4 tables 2 and 3 (terminating codes 0–63, make-up codes 64–1728, and the
 * extended make-up codes 1792–2560 shared by both colours).
 */

const TERMINATING_WHITE = (
  '00110101,000111,0111,1000,1011,1100,1110,1111,10011,10100,00111,01000,001000,000011,110100,110101,' +
  '101010,101011,0100111,0001100,0001000,0010111,0000011,0000100,0101000,0101011,0010011,0100100,0011000,00000010,00000011,00011010,' +
  '00011011,00010010,00010011,00010100,00010101,00010110,00010111,00101000,00101001,00101010,00101011,00101100,00101101,00000100,00000101,00001010,' +
  '00001011,01010010,01010011,01010100,01010101,00100100,00100101,01011000,01011001,01011010,01011011,01001010,01001011,00110010,00110011,00110100'
).split(',');
const TERMINATING_BLACK = (
  '0000110111,010,11,10,011,0011,0010,00011,000101,000100,0000100,0000101,0000111,00000100,00000111,000011000,' +
  '0000010111,0000011000,0000001000,00001100111,00001101000,00001101100,00000110111,00000101000,00000010111,00000011000,000011001010,000011001011,000011001100,000011001101,000001101000,000001101001,' +
  '000001101010,000001101011,000011010010,000011010011,000011010100,000011010101,000011010110,000011010111,000001101100,000001101101,000011011010,000011011011,000001010100,000001010101,000001010110,000001010111,' +
  '000001100100,000001100101,000001010010,000001010011,000000100100,000000110111,000000111000,000000100111,000000101000,000001011000,000001011001,000000101011,000000101100,000001011010,000001100110,000001100111'
).split(',');
/** 64, 128, … 1728. */
const MAKEUP_WHITE = (
  '11011,10010,010111,0110111,00110110,00110111,01100100,01100101,01101000,01100111,011001100,011001101,011010010,011010011,011010100,011010101,011010110,' +
  '011010111,011011000,011011001,011011010,011011011,010011000,010011001,010011010,011000,010011011'
).split(',');
const MAKEUP_BLACK = (
  '0000001111,000011001000,000011001001,000001011011,000000110011,000000110100,000000110101,0000001101100,0000001101101,0000001001010,0000001001011,0000001001100,' +
  '0000001001101,0000001110010,0000001110011,0000001110100,0000001110101,0000001110110,0000001110111,0000001010010,0000001010011,0000001010100,0000001010101,0000001011010,' +
  '0000001011011,0000001100100,0000001100101'
).split(',');
/** 1792, 1856, … 2560 (both colours). */
const MAKEUP_EXTENDED = '00000001000,00000001100,00000001101,000000010010,000000010011,000000010100,000000010101,000000010110,000000010111,000000011100,000000011101,000000011110,000000011111'.split(',');

const HORIZONTAL = '001';
const EOFB = '000000000001000000000001';

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;
  write(code: string): void {
    for (const bit of code) {
      this.current = (this.current << 1) | (bit === '1' ? 1 : 0);
      if (++this.used === 8) {
        this.bytes.push(this.current);
        this.current = 0;
        this.used = 0;
      }
    }
  }
  finish(): Uint8Array {
    if (this.used > 0) this.bytes.push(this.current << (8 - this.used));
    return Uint8Array.from(this.bytes);
  }
}

function writeRun(out: BitWriter, length: number, black: boolean): void {
  let left = length;
  while (left >= 2560) {
    out.write(MAKEUP_EXTENDED[12]!);
    left -= 2560;
  }
  if (left >= 1792) {
    out.write(MAKEUP_EXTENDED[Math.floor((left - 1792) / 64)]!);
    left %= 64;
  } else if (left >= 64) {
    out.write((black ? MAKEUP_BLACK : MAKEUP_WHITE)[Math.floor(left / 64) - 1]!);
    left %= 64;
  }
  out.write((black ? TERMINATING_BLACK : TERMINATING_WHITE)[left]!);
}

/** A bilevel image: `black(x, y)` for each pixel. */
export interface BilevelImage {
  readonly width: number;
  readonly height: number;
  black(x: number, y: number): boolean;
}

/** The T.6 data of the image: per line, white/black run pairs in horizontal mode; then EOFB. */
export function encodeT6(image: BilevelImage): Uint8Array {
  const out = new BitWriter();
  for (let y = 0; y < image.height; y++) {
    // Runs alternate white, black, white…, the first white run possibly empty.
    const runs: number[] = [];
    let color = false;
    let run = 0;
    for (let x = 0; x < image.width; x++) {
      if (image.black(x, y) === color) run++;
      else {
        runs.push(run);
        color = !color;
        run = 1;
      }
    }
    runs.push(run);
    if (runs.length % 2 === 1) runs.push(0);
    for (let i = 0; i < runs.length; i += 2) {
      out.write(HORIZONTAL);
      writeRun(out, runs[i]!, false);
      writeRun(out, runs[i + 1]!, true);
    }
  }
  out.write(EOFB);
  return out.finish();
}

/** A big-endian TIFF holding one T.6 strip (Compression 4, WhiteIsZero), as card images are stored. */
export function t6Tiff(image: BilevelImage): Uint8Array {
  const strip = encodeT6(image);
  const tags: [tag: number, type: 3 | 4, value: number][] = [
    [256, 4, image.width], // ImageWidth
    [257, 4, image.height], // ImageLength
    [258, 3, 1], // BitsPerSample
    [259, 3, 4], // Compression: CCITT T.6
    [262, 3, 0], // PhotometricInterpretation: WhiteIsZero
    [266, 3, 1], // FillOrder: most significant bit first
    [273, 4, 0], // StripOffsets (patched below)
    [277, 3, 1], // SamplesPerPixel
    [278, 4, image.height], // RowsPerStrip
    [279, 4, strip.length], // StripByteCounts
  ];
  const ifdOffset = 8;
  const ifdLength = 2 + tags.length * 12 + 4;
  const stripOffset = ifdOffset + ifdLength;
  const out = new Uint8Array(stripOffset + strip.length);
  const view = new DataView(out.buffer);
  out.set([0x4d, 0x4d, 0x00, 0x2a]);
  view.setUint32(4, ifdOffset);
  view.setUint16(ifdOffset, tags.length);
  tags.forEach(([tag, type, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    view.setUint16(at, tag);
    view.setUint16(at + 2, type);
    view.setUint32(at + 4, 1);
    if (type === 3) view.setUint16(at + 8, value);
    else view.setUint32(at + 8, tag === 273 ? stripOffset : value);
  });
  view.setUint32(ifdOffset + 2 + tags.length * 12, 0); // no next IFD
  out.set(strip, stripOffset);
  return out;
}
