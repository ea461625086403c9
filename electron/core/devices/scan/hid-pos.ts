/**
 * HID POS bar code scanners (USB usage page 0x8C): the scanned-data input report and the reassembly of scans that
 * do not fit one report.
 *
 * Report layout (USB HID POS usage page 0x8C; the Access-IS LSR118 manual and a Honeywell Voyager capture agree; other models are
 * unverified, hence the VID/PID allow-list in hid-scanner.ts):
 *
 *   byte 0      report id 0x02
 *   byte 1      number of data bytes in this report, at most 56
 *   bytes 2–4   AIM symbology identifier `]` + code + modifier (zeros when the scanner sends none)
 *   bytes 5–60  data, zero-filled after the length
 *   byte 61     vendor code id, byte 62 reserved (both ignored)
 *   byte 63     1 = more reports of this scan follow, 0 = last report
 *
 * Everything here is pure: the driver feeds reports in and gets scans or a DeviceError('scan_garbled') out.
 */
import { DeviceError } from '../../../../shared/devices/errors';
import { decodeScanBytes, type ScanEncoding } from './scan-text';
import { symbologyOfAim, type Symbology } from './symbology';

export const HID_POS_SCANNED_DATA_REPORT_ID = 0x02;
export const HID_POS_REPORT_BYTES = 64;
export const HID_POS_MAX_DATA_BYTES = 56;
const DATA_OFFSET = 5;
const CONTINUATION_FLAG_INDEX = 63;

/** One scanned-data report, validated. */
export interface HidPosReport {
  /** `]Q1` etc., or '' when the scanner sent no identifier. */
  readonly aim: string;
  readonly data: Uint8Array;
  /** More reports of the same scan follow. */
  readonly more: boolean;
}

/** One complete scan. `bytes` are exactly what the scanner read; `text` is their decoding. */
export interface HidPosScan {
  readonly symbology: Symbology;
  readonly aim: string;
  readonly text: string;
  readonly bytes: Uint8Array;
  readonly encoding: ScanEncoding;
}

function garbled(detail: string): DeviceError {
  return new DeviceError('scan_garbled', {}, detail);
}

/**
 * Validates one input report. A report longer than 64 bytes is read by its first 64: some platforms hand over the
 * descriptor's maximum report size, zero-padded. Never reads past the end of `report`.
 */
export function parseHidPosReport(report: Uint8Array): HidPosReport {
  if (report.length < HID_POS_REPORT_BYTES) throw garbled(`report of ${report.length} bytes`);
  if (report[0] !== HID_POS_SCANNED_DATA_REPORT_ID) throw garbled(`report id ${report[0]}`);
  const length = report[1] ?? 0;
  if (length > HID_POS_MAX_DATA_BYTES) throw garbled(`data length ${length}`);
  const flag = report[CONTINUATION_FLAG_INDEX];
  if (flag !== 0 && flag !== 1) throw garbled(`continuation flag ${flag}`);
  return { aim: readAim(report), data: report.slice(DATA_OFFSET, DATA_OFFSET + length), more: flag === 1 };
}

/** Bytes 2–4: `]`, a letter, a letter or digit (ISO/IEC 15424); all zero = no identifier. */
function readAim(report: Uint8Array): string {
  const [bracket = 0, code = 0, modifier = 0] = report.subarray(2, 5);
  if (bracket === 0 && code === 0 && modifier === 0) return '';
  const isLetter = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
  const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;
  if (bracket !== 0x5d || !isLetter(code) || !(isLetter(modifier) || isDigit(modifier))) throw garbled('symbology identifier');
  return String.fromCharCode(bracket, code, modifier);
}

/**
 * What can still be read from a report that failed validation: whether the rest of its scan is still coming and,
 * if its identifier is intact, which scan that rest belongs to.
 */
function salvage(report: Uint8Array): { more: boolean; aim: string | undefined } {
  const more = report.length >= HID_POS_REPORT_BYTES && report[CONTINUATION_FLAG_INDEX] !== 0;
  if (report.length < DATA_OFFSET) return { more, aim: undefined };
  try {
    return { more, aim: readAim(report) || undefined };
  } catch {
    return { more, aim: undefined };
  }
}

export interface HidPosAssemblerOptions {
  /**
   * Longest scan accepted, in bytes. A QR code holds at most 7,089 digits (sent as one byte each), so 8 KiB covers
   * every real symbol; the bound keeps a scanner stuck on "more follows" from growing memory without end.
   */
  readonly maxScanBytes?: number;
}

export const DEFAULT_MAX_SCAN_BYTES = 8192;

/**
 * Reassembles one scanner's reports into scans.
 *
 * Reports carry no sequence number, so a lost or broken report is only visible from context. When a scan breaks
 * (a malformed report, a report of another symbology in the middle, too long), the assembler reports
 * 'scan_garbled' once and then skips the rest of that scan — the continuation reports whose start was rejected —
 * up to its last report, instead of passing its tail off as a scan of its own. A report with a different
 * identifier ends the skipping: it is a new scan, not the tail.
 */
export class HidPosAssembler {
  readonly #maxScanBytes: number;
  readonly #maxParts: number;
  #state: 'idle' | 'assembling' | 'skipping' = 'idle';
  /** The identifier of the scan being assembled, or of the broken scan being skipped ('' = none sent). */
  #aim = '';
  /** While skipping: the broken scan's identifier was unreadable, so every report up to a last one is skipped. */
  #skipAny = false;
  #parts: Uint8Array[] = [];
  #size = 0;
  #partCount = 0;

  constructor(options: HidPosAssemblerOptions = {}) {
    this.#maxScanBytes = options.maxScanBytes ?? DEFAULT_MAX_SCAN_BYTES;
    // Empty continuation reports do not grow the size, so their number is bounded too.
    this.#maxParts = Math.ceil(this.#maxScanBytes / HID_POS_MAX_DATA_BYTES) + 1;
  }

  /** A multi-report scan has started and not finished. */
  get pending(): boolean {
    return this.#state === 'assembling';
  }

  /**
   * Feeds one input report. Returns the scan when this report completes one, undefined while more are expected or
   * while the rest of a broken scan is skipped. Throws DeviceError('scan_garbled') and nothing else.
   */
  push(report: Uint8Array): HidPosScan | undefined {
    let part: HidPosReport;
    try {
      part = parseHidPosReport(report);
    } catch (error) {
      const { more, aim } = salvage(report);
      this.#breakScan(more, this.#state === 'assembling' ? this.#aim || aim : aim);
      throw error;
    }

    if (this.#state === 'skipping') {
      if (this.#skipAny || part.aim === '' || part.aim === this.#aim) {
        if (!part.more) this.#reset();
        return undefined;
      }
      this.#reset(); // another symbology: a new scan, not the tail of the broken one
    }

    if (this.#state === 'assembling' && part.aim !== '' && part.aim !== this.#aim) {
      this.#breakScan(part.more, part.aim);
      throw garbled('a report of another symbology inside a multi-report scan');
    }
    if (this.#size + part.data.length > this.#maxScanBytes || this.#partCount + 1 > this.#maxParts) {
      this.#breakScan(part.more, this.#state === 'assembling' ? this.#aim : part.aim);
      throw garbled(`scan longer than ${this.#maxScanBytes} bytes`);
    }

    if (this.#state === 'idle') this.#aim = part.aim;
    this.#state = 'assembling';
    if (part.data.length > 0) this.#parts.push(part.data);
    this.#size += part.data.length;
    this.#partCount++;
    if (part.more) return undefined;

    const aim = this.#aim;
    const bytes = concat(this.#parts, this.#size);
    this.#reset();
    if (bytes.length === 0) throw garbled('empty scan');
    const { text, encoding } = decodeScanBytes(bytes);
    return { symbology: symbologyOfAim(aim), aim, text, bytes, encoding };
  }

  /**
   * Drops an unfinished scan (the driver calls this when the rest does not arrive in time). Returns whether there
   * was one, so the caller can report it as garbled.
   */
  abandon(): boolean {
    const had = this.#state === 'assembling';
    this.#reset();
    return had;
  }

  #breakScan(moreFollows: boolean, aim: string | undefined): void {
    this.#reset();
    if (moreFollows) {
      this.#state = 'skipping';
      this.#aim = aim ?? '';
      this.#skipAny = aim === undefined || aim === '';
    }
  }

  #reset(): void {
    this.#state = 'idle';
    this.#aim = '';
    this.#skipAny = false;
    this.#parts = [];
    this.#size = 0;
    this.#partCount = 0;
  }
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
