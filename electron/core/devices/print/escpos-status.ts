import { DeviceError } from '../../../../shared/devices/errors';

/**
 * Decoding what an ESC/POS printer sends back (Epson's ESC/POS reference, e.g.
 * https://download4.epson.biz/sec_pubs/pos/reference_en/escpos/dle_eot.html): real-time DLE EOT replies, Automatic
 * Status Back (ASB) frames, and the GS r reply we append to every job as its end-of-job marker. Replies arrive on
 * one byte stream in any mix (ASB is unsolicited), so `ReplyReader` first tells them apart by bit pattern
 * (Citizen CT-S310 §5.3):
 *
 *   DLE EOT reply       0xx1xx10   one byte
 *   ASB, first byte     0xx1xx00   then three bytes 0xx0xxxx (sent back to back)
 *   GS r / GS I reply   0xx0xxxx   one byte, outside an ASB frame
 *   XON / XOFF          11h / 13h
 *   GS ( H fn 48 reply  37h 22h d1 d2 d3 d4 00h (process-id response, newer Epson TM)
 *
 * Decoders throw DeviceError('printer_error', { reply: 'malformed' }) for a byte that is not the reply they
 * were given; they never return a half-trusted status. No resident data ever passes through here.
 */

/** printer_error kinds (shared/devices/errors.ts); 'unspecified' when DLE EOT 2 says "error" without details. */
export type PrinterErrorKind = 'cutter' | 'unrecoverable' | 'recoverable' | 'overheat' | 'unspecified';

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  error: PrinterErrorKind | null;
}

export const ALL_CLEAR: Readonly<PrinterStatus> = Object.freeze({ online: true, coverOpen: false, paperEnd: false, paperNearEnd: false, error: null });

function malformed(reply: string, byte: number): DeviceError {
  return new DeviceError('printer_error', { reply: 'malformed' }, `${reply} reply byte 0x${byte.toString(16).padStart(2, '0')}`);
}

function isByte(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xff;
}

export const isDleEotReply = (b: number): boolean => isByte(b) && (b & 0x93) === 0x12;
export const isAsbFirstByte = (b: number): boolean => isByte(b) && (b & 0x93) === 0x10;
/** GS r / GS I replies and ASB bytes 2–4 share this pattern; context (inside an ASB frame or not) decides. */
export const isPlainReply = (b: number): boolean => isByte(b) && (b & 0x90) === 0x00;

/** DLE EOT 1 (printer status). */
export interface PrinterStatusByte {
  drawerHigh: boolean;
  offline: boolean;
  waitingForRecovery: boolean;
  feedButton: boolean;
}
/** DLE EOT 2 (offline cause). */
export interface OfflineCauseByte {
  coverOpen: boolean;
  feedingByButton: boolean;
  stoppedByPaperEnd: boolean;
  errorOccurred: boolean;
}
/** DLE EOT 3 (error cause). */
export interface ErrorCauseByte {
  recoverable: boolean;
  cutter: boolean;
  unrecoverable: boolean;
  autoRecoverable: boolean;
}
/** DLE EOT 4 (roll paper sensor). */
export interface PaperSensorByte {
  nearEnd: boolean;
  end: boolean;
}

function checkDleEot(n: number, byte: number): void {
  if (!isDleEotReply(byte)) throw malformed(`DLE EOT ${n}`, byte);
}

export function decodeDleEot1(byte: number): PrinterStatusByte {
  checkDleEot(1, byte);
  return { drawerHigh: (byte & 0x04) !== 0, offline: (byte & 0x08) !== 0, waitingForRecovery: (byte & 0x20) !== 0, feedButton: (byte & 0x40) !== 0 };
}

export function decodeDleEot2(byte: number): OfflineCauseByte {
  checkDleEot(2, byte);
  return { coverOpen: (byte & 0x04) !== 0, feedingByButton: (byte & 0x08) !== 0, stoppedByPaperEnd: (byte & 0x20) !== 0, errorOccurred: (byte & 0x40) !== 0 };
}

export function decodeDleEot3(byte: number): ErrorCauseByte {
  checkDleEot(3, byte);
  return { recoverable: (byte & 0x04) !== 0, cutter: (byte & 0x08) !== 0, unrecoverable: (byte & 0x20) !== 0, autoRecoverable: (byte & 0x40) !== 0 };
}

export function decodeDleEot4(byte: number): PaperSensorByte {
  checkDleEot(4, byte);
  // Either bit of a pair set counts: models differ in whether they set one or both.
  return { nearEnd: (byte & 0x0c) !== 0, end: (byte & 0x60) !== 0 };
}

/** The most serious error named by the error-cause bits; the order decides what staff are told first. */
function errorKind(cause: { unrecoverable: boolean; cutter: boolean; recoverable: boolean; autoRecoverable: boolean }): PrinterErrorKind | null {
  if (cause.unrecoverable) return 'unrecoverable';
  if (cause.cutter) return 'cutter';
  if (cause.recoverable) return 'recoverable';
  if (cause.autoRecoverable) return 'overheat';
  return null;
}

export interface DleEotReplies {
  /** DLE EOT 1 */
  printer: number;
  /** DLE EOT 2 */
  offlineCause: number;
  /** DLE EOT 3, asked only when DLE EOT 2 reports an error */
  errorCause?: number;
  /** DLE EOT 4 */
  paper: number;
}

/** The pre-flight status from the DLE EOT 1/2/4 (+3) replies. */
export function statusFromDleEot(replies: DleEotReplies): PrinterStatus {
  const printer = decodeDleEot1(replies.printer);
  const cause = decodeDleEot2(replies.offlineCause);
  const paper = decodeDleEot4(replies.paper);
  let error: PrinterErrorKind | null = null;
  if (cause.errorOccurred) {
    error = replies.errorCause === undefined ? 'unspecified' : (errorKind(decodeDleEot3(replies.errorCause)) ?? 'unspecified');
  }
  const paperEnd = cause.stoppedByPaperEnd || paper.end;
  return { online: !printer.offline, coverOpen: cause.coverOpen, paperEnd, paperNearEnd: paper.nearEnd || paperEnd, error };
}

/** A 4-byte ASB frame. */
export function decodeAsb(bytes: ArrayLike<number>): PrinterStatus {
  if (bytes.length !== 4) throw new DeviceError('printer_error', { reply: 'malformed' }, `ASB frame of ${bytes.length} bytes`);
  const [b0, b1, b2, b3] = [bytes[0] as number, bytes[1] as number, bytes[2] as number, bytes[3] as number];
  if (!isAsbFirstByte(b0)) throw malformed('ASB 1', b0);
  for (const [i, b] of [b1, b2, b3].entries()) if (!isPlainReply(b)) throw malformed(`ASB ${i + 2}`, b);
  const error = errorKind({ recoverable: (b1 & 0x04) !== 0, cutter: (b1 & 0x08) !== 0, unrecoverable: (b1 & 0x20) !== 0, autoRecoverable: (b1 & 0x40) !== 0 });
  const paperEnd = (b2 & 0x0c) !== 0;
  return { online: (b0 & 0x08) === 0, coverOpen: (b0 & 0x20) !== 0, paperEnd, paperNearEnd: (b2 & 0x03) !== 0 || paperEnd, error };
}

/** The GS r 1 reply (paper sensor status): bits 0–1 near end, bits 2–3 paper end. */
export function decodeGsR1(byte: number): PaperSensorByte {
  if (!isPlainReply(byte)) throw malformed('GS r 1', byte);
  return { nearEnd: (byte & 0x03) !== 0, end: (byte & 0x0c) !== 0 };
}

/** True when the status forbids sending a job: cover open, paper end, an error, offline. Near end alone does not (staff change the roll between customers). */
export function blocksPrinting(status: PrinterStatus): boolean {
  return !status.online || status.coverOpen || status.paperEnd || status.error !== null;
}

/** The DeviceError that names why a status blocks printing; the most specific cause wins. */
export function statusError(status: PrinterStatus): DeviceError | null {
  if (status.coverOpen) return new DeviceError('printer_cover_open');
  if (status.paperEnd) return new DeviceError('printer_paper_out');
  if (status.error !== null) return new DeviceError('printer_error', status.error === 'unspecified' ? {} : { kind: status.error });
  if (!status.online) return new DeviceError('printer_offline');
  return null;
}

export type StatusReply =
  | { kind: 'dle-eot'; byte: number }
  | { kind: 'asb'; bytes: [number, number, number, number]; status: PrinterStatus }
  | { kind: 'gs-r'; byte: number }
  | { kind: 'process-id'; id: string }
  | { kind: 'xon' }
  | { kind: 'xoff' }
  /** A byte that fits no reply pattern (line noise, a printer of another command set). */
  | { kind: 'unknown'; byte: number };

/**
 * Splits the printer's reply stream into typed replies. Stateful only for multi-byte frames (ASB, the
 * process-id response), so replies split across TCP segments are reassembled.
 */
export class ReplyReader {
  private frame: number[] = [];
  private expect: 'none' | 'asb' | 'process-id' = 'none';

  push(chunk: ArrayLike<number>): StatusReply[] {
    const out: StatusReply[] = [];
    for (let i = 0; i < chunk.length; i++) this.byte((chunk[i] as number) & 0xff, out);
    return out;
  }

  private byte(b: number, out: StatusReply[]): void {
    if (this.expect === 'asb') {
      if (isPlainReply(b)) {
        this.frame.push(b);
        if (this.frame.length === 4) {
          const bytes = this.frame as [number, number, number, number];
          this.reset();
          out.push({ kind: 'asb', bytes, status: decodeAsb(bytes) });
        }
        return;
      }
      // A broken frame: report what we had and read this byte afresh.
      for (const x of this.frame) out.push({ kind: 'unknown', byte: x });
      this.reset();
    } else if (this.expect === 'process-id') {
      this.frame.push(b);
      if (this.frame.length === 2 && b !== 0x22) {
        for (const x of this.frame) out.push({ kind: 'unknown', byte: x });
        this.reset();
      } else if (this.frame.length === 7) {
        const frame = this.frame;
        this.reset();
        if (frame[6] === 0x00) out.push({ kind: 'process-id', id: String.fromCharCode(...frame.slice(2, 6)) });
        else for (const x of frame) out.push({ kind: 'unknown', byte: x });
      }
      return;
    }
    if (b === 0x11) out.push({ kind: 'xon' });
    else if (b === 0x13) out.push({ kind: 'xoff' });
    else if (b === 0x37) {
      this.expect = 'process-id';
      this.frame = [b];
    } else if (isDleEotReply(b)) out.push({ kind: 'dle-eot', byte: b });
    else if (isAsbFirstByte(b)) {
      this.expect = 'asb';
      this.frame = [b];
    } else if (isPlainReply(b)) out.push({ kind: 'gs-r', byte: b });
    else out.push({ kind: 'unknown', byte: b });
  }

  private reset(): void {
    this.frame = [];
    this.expect = 'none';
  }
}

/** The ESC/POS bytes the host sends for status (kept here so printer, emulator and tests agree). */
export const STATUS_COMMANDS = {
  dleEot: (n: 1 | 2 | 3 | 4) => Uint8Array.of(0x10, 0x04, n),
  /** GS a n: enable ASB for drawer, online/offline, error and paper roll sensor (bits 0–3). */
  asbOn: Uint8Array.of(0x1d, 0x61, 0x0f),
  asbOff: Uint8Array.of(0x1d, 0x61, 0x00),
  /** GS r 1: paper sensor status, answered when the printer reaches it: our end-of-job marker. */
  gsR1: Uint8Array.of(0x1d, 0x72, 0x01),
} as const;
