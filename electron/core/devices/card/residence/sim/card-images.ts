import { createCanvas } from '@napi-rs/canvas';
import { registerPrintFonts } from '../../../print/fonts';
import { DEMO_FACE_JPEG2000_BASE64 } from './demo-face';
import { t6Tiff } from './t6-tiff';

/**
 * The pictures of the virtual residence cards, decodable like a real card's: text drawn in the bundled print
 * font, thresholded to black and white and stored as a T.6 TIFF (name, address, gen-1 front face), and one
 * synthetic face (a drawn silhouette, no person) as JPEG 2000. Synchronous, so card profiles stay plain data.
 */

/** Text lines as a bilevel T.6 TIFF, at most `capacity` bytes (a card file's image size limit). */
export function textTiff(lines: readonly string[], options: { fontPx?: number; width?: number; capacity: number }): Uint8Array {
  registerPrintFonts();
  const fontPx = options.fontPx ?? 22;
  const lineHeight = Math.round(fontPx * 1.4);
  const font = `${fontPx}px "BIZ UDPGothic", sans-serif`;
  const probe = createCanvas(1, 1).getContext('2d');
  probe.font = font;
  const width = options.width ?? Math.ceil(Math.max(...lines.map((line) => probe.measureText(line).width)) + 16);
  const height = lineHeight * lines.length + 8;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000';
  ctx.font = font;
  ctx.textBaseline = 'middle';
  lines.forEach((line, i) => ctx.fillText(line, 8, 4 + lineHeight * i + lineHeight / 2));
  const pixels = ctx.getImageData(0, 0, width, height).data;
  const tiff = t6Tiff({ width, height, black: (x, y) => pixels[(y * width + x) * 4]! < 128 });
  if (tiff.length > options.capacity) throw new RangeError(`card image of ${tiff.length} bytes exceeds ${options.capacity}`);
  return tiff;
}

/** The synthetic face photo (JPEG 2000 codestream, 90×112 grey; made by ./make-demo-face.ts). */
export function demoFacePhoto(): Uint8Array {
  return Uint8Array.from(Buffer.from(DEMO_FACE_JPEG2000_BASE64, 'base64'));
}
