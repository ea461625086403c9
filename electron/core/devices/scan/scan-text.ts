/**
 * Turning the raw bytes of a scan into text. HID POS hands over bytes, not characters, and QR codes in Japan come
 * in two encodings: modern generators write UTF-8 (usually without an ECI marker), older ones and many municipal
 * forms write Shift_JIS (QR Kanji mode). Nothing in the report says which, so: UTF-8 if the bytes are valid UTF-8
 * (Japanese Shift_JIS text almost never is), otherwise Shift_JIS — and if it is neither, the scan is garbled
 * rather than shown as mojibake or with replacement characters a clerk might copy into a form.
 */
import Encoding from 'encoding-japanese';
import { DeviceError } from '../../../../shared/devices/errors';

export type ScanEncoding = 'utf-8' | 'shift_jis';

export interface ScanText {
  readonly text: string;
  readonly encoding: ScanEncoding;
}

// fatal: invalid UTF-8 must fail, not turn into U+FFFD. The BOM, if a generator wrote one, is dropped.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeScanBytes(bytes: Uint8Array): ScanText {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try Shift_JIS below
  }
  if (!isWellFormedShiftJis(bytes)) throw new DeviceError('scan_garbled', {}, 'neither UTF-8 nor Shift_JIS');
  const text = Encoding.convert(bytes, { to: 'UNICODE', from: 'SJIS', type: 'string' });
  // encoding-japanese writes '?' for a well-formed pair it has no character for (user-defined area, unassigned
  // cells) and never fails, so a '?' that was not a 0x3F byte in the input means a character was lost.
  if (countOf(text, '?') !== bytes.reduce((count, byte) => count + (byte === 0x3f ? 1 : 0), 0)) {
    throw new DeviceError('scan_garbled', {}, 'Shift_JIS bytes without a Unicode character');
  }
  return { text, encoding: 'shift_jis' };
}

/**
 * The byte structure of Shift_JIS (JIS X 0208 with the usual vendor rows): single bytes 00–7F (ASCII) and A1–DF
 * (half-width katakana); two-byte characters lead 81–9F or E0–FC, trail 40–7E or 80–FC. Checked here because
 * encoding-japanese silently swallows malformed sequences.
 */
function isWellFormedShiftJis(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte <= 0x7f || (byte >= 0xa1 && byte <= 0xdf)) continue;
    const isLead = (byte >= 0x81 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xfc);
    const trail = bytes[i + 1];
    if (!isLead || trail === undefined || trail < 0x40 || trail === 0x7f || trail > 0xfc) return false;
    i++;
  }
  return true;
}

function countOf(text: string, character: string): number {
  let count = 0;
  for (const c of text) if (c === character) count++;
  return count;
}
