import { createCanvas, ImageData } from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import type { CardImages } from '../../../../../shared/contract/views';
import type { Jpeg2000Image, MmrTiffImage, ResidenceCardRead } from './types';

/**
 * The residence card's images as the clerk sees them. On both generations the holder's name (and on gen 1 the
 * whole front face, on gen 2 the address) exist on the chip only as images, and the face photo is what staff
 * compare with the person at the counter (本人確認). Chromium displays neither JPEG 2000 nor MMR (CCITT T.6)
 * TIFF, so the host decodes them and hands the staff window PNGs:
 *   - JPEG 2000 with OpenJPEG compiled to WebAssembly (@cornerstonejs/codec-openjpeg: maintained for medical
 *     imaging, no native build, the same in Node and Electron);
 *   - T.6 TIFF with utif2 (pure JS; the codes are checked against a libtiff-made file in the tests).
 * A picture that does not decode is not a failed read: the text data and the signature stand, and the staff
 * window says the picture cannot be shown.
 */

export interface Bitmap {
  readonly width: number;
  readonly height: number;
  /** RGBA, 8 bits per channel. */
  readonly rgba: Uint8ClampedArray;
}

/** Bounds a card image cannot exceed (the card files hold at most 7000 bytes; real ones are a few hundred pixels). */
const MAX_SIDE = 4096;

function checkedSize(width: number, height: number): boolean {
  return Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE;
}

// --- MMR TIFF ------------------------------------------------------------------------------------------------

interface Utif {
  decode(buffer: ArrayBuffer): ({ width: number; height: number; data: Uint8Array } & Record<string, unknown>)[];
  decodeImage(buffer: ArrayBuffer, ifd: object): void;
  toRGBA8(ifd: object): Uint8Array;
}

let utif: Utif | undefined;
function loadUtif(): Utif {
  // utif2 is a CommonJS file that assigns module.exports; createRequire keeps that working in every bundle.
  utif ??= createRequire(import.meta.url)('utif2') as Utif;
  return utif;
}

/** Decodes a card TIFF (bilevel, T.6) to RGBA; null when it is not a decodable TIFF. */
export function decodeMmrTiff(image: MmrTiffImage): Bitmap | null {
  try {
    const UTIF = loadUtif();
    const buffer = image.bytes.slice().buffer; // a copy: the decoder keeps references into it
    const [ifd] = UTIF.decode(buffer);
    if (!ifd) return null;
    // The size the file claims, checked before the decoder allocates for it (a card is not trusted input).
    const declared = (tag: string) => (Array.isArray(ifd[tag]) ? (ifd[tag] as number[])[0] : undefined) ?? 0;
    if (!checkedSize(declared('t256'), declared('t257'))) return null;
    UTIF.decodeImage(buffer, ifd);
    if (!checkedSize(ifd.width, ifd.height)) return null;
    const rgba = UTIF.toRGBA8(ifd);
    if (rgba.length !== ifd.width * ifd.height * 4) return null;
    return { width: ifd.width, height: ifd.height, rgba: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length) };
  } catch {
    return null;
  }
}

// --- JPEG 2000 -----------------------------------------------------------------------------------------------

interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}
interface J2KEncoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorSpace: boolean }): Uint8Array;
  setQuality(lossless: boolean, quality: number): void;
  setCompressionRatio(layer: number, ratio: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}
export interface OpenJpeg {
  J2KDecoder: new () => J2KDecoder;
  J2KEncoder: new () => J2KEncoder;
}

let openjpeg: Promise<OpenJpeg> | undefined;
/** The OpenJPEG module, instantiated once per process (its own console output silenced: it logs every decode). */
export function loadOpenJpeg(): Promise<OpenJpeg> {
  openjpeg ??= (async () => {
    const factory = createRequire(import.meta.url)('@cornerstonejs/codec-openjpeg') as (overrides: object) => Promise<OpenJpeg>;
    return factory({ print: () => undefined, printErr: () => undefined });
  })();
  return openjpeg;
}

/** The codestream inside a JP2 file (its `jp2c` box), or the bytes as they are when they are a bare codestream. */
export function jpeg2000Codestream(bytes: Uint8Array): Uint8Array {
  const isJp2 = bytes.length >= 12 && bytes[4] === 0x6a && bytes[5] === 0x50 && bytes[6] === 0x20 && bytes[7] === 0x20;
  if (!isJp2) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    let length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    let header = 8;
    if (length === 1 && offset + 16 <= bytes.length) {
      length = Number(view.getBigUint64(offset + 8));
      header = 16;
    }
    // A box length of 0 means "to the end of the file" (the codestream box usually is the last one).
    const end = length === 0 ? bytes.length : offset + length;
    if (type === 'jp2c') return bytes.subarray(offset + header, Math.min(end, bytes.length));
    if (length < header || end > bytes.length) break;
    offset = end;
  }
  return bytes;
}

/** Width and height from the codestream's SIZ segment (right after SOC), or null when it has none. */
export function jpeg2000Size(codestream: Uint8Array): { width: number; height: number } | null {
  if (codestream.length < 22 || codestream[0] !== 0xff || codestream[1] !== 0x4f || codestream[2] !== 0xff || codestream[3] !== 0x51) return null;
  const view = new DataView(codestream.buffer, codestream.byteOffset, codestream.byteLength);
  // SIZ: Lsiz(2) Rsiz(2) Xsiz(4) Ysiz(4) XOsiz(4) YOsiz(4) …
  const width = view.getUint32(8) - view.getUint32(16);
  const height = view.getUint32(12) - view.getUint32(20);
  return { width, height };
}

/** Decodes the face photo to RGBA; null when it does not decode. */
export async function decodeJpeg2000(image: Jpeg2000Image): Promise<Bitmap | null> {
  let decoder: J2KDecoder | undefined;
  try {
    const codestream = jpeg2000Codestream(image.bytes);
    // The declared size is checked before OpenJPEG allocates for it.
    const size = jpeg2000Size(codestream);
    if (!size || !checkedSize(size.width, size.height)) return null;
    decoder = new (await loadOpenJpeg()).J2KDecoder();
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    decoder.decode();
    const { width, height, bitsPerSample, componentCount } = decoder.getFrameInfo();
    // A truncated or foreign stream "decodes" to 0×0; only 8-bit grey or colour is a card photo.
    if (!checkedSize(width, height) || bitsPerSample !== 8 || (componentCount !== 1 && componentCount !== 3)) return null;
    const pixels = decoder.getDecodedBuffer();
    if (pixels.length < width * height * componentCount) return null;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const [r, g, b] = componentCount === 1 ? [pixels[i]!, pixels[i]!, pixels[i]!] : [pixels[i * 3]!, pixels[i * 3 + 1]!, pixels[i * 3 + 2]!];
      rgba.set([r, g, b, 255], i * 4);
    }
    return { width, height, rgba };
  } catch {
    // An Emscripten module that aborted stays unusable: the next picture gets a fresh instance.
    openjpeg = undefined;
    decoder = undefined;
    return null;
  } finally {
    decoder?.delete(); // WebAssembly memory is not garbage-collected
  }
}

/** A bitmap as a PNG data URL for an <img> in the staff window. */
export function pngDataUrl(bitmap: Bitmap): string {
  const canvas = createCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d').putImageData(new ImageData(bitmap.rgba, bitmap.width, bitmap.height), 0, 0);
  return `data:image/png;base64,${canvas.toBuffer('image/png').toString('base64')}`;
}

const png = (bitmap: Bitmap | null): string | null => (bitmap ? pngDataUrl(bitmap) : null);

/** Every picture of a residence-card read as the staff window shows it. */
export async function residenceCardImages(read: ResidenceCardRead): Promise<CardImages> {
  const face = png(await decodeJpeg2000(read.facePhoto));
  if (read.generation === 1) return { generation: 1, face, name: null, address: null, front: png(decodeMmrTiff(read.frontImage)) };
  return { generation: 2, face, name: png(decodeMmrTiff(read.nameImage)), address: png(decodeMmrTiff(read.addressImage)), front: null };
}
