import type { CardImages, DevicesView, PrintJobView } from '../../../shared/contract/views';
import type { PrintJobKind } from '../../../shared/devices/print-jobs';
import type { Identification } from '../../../shared/session/visit';

/**
 * What the host core needs from the counter's devices. The real implementation (./station) composes the
 * PC/SC card reader, HID POS / keyboard-wedge scanners and the ESC/POS printer from the workstation's device
 * settings; unit tests use a fake. Every failure is a DeviceError (shared/devices/errors) with a typed code.
 */

/** What a card or document says about its holder, before it is matched against the resident register. */
export type IdentityRead = Omit<Identification, 'readAt' | 'matches'> & {
  /** Residence card: the card number (a lookup key, never displayed or logged). */
  residenceCardNumber?: string;
  /** Residence card: its pictures, decoded for the staff window (kept by the host outside the session). */
  images?: CardImages;
};

/** A scan the host understood. */
export type ScanResult =
  | { kind: 'identity'; identity: IdentityRead }
  | { kind: 'pre_application'; applicationId: string }
  | { kind: 'barcode'; symbology: string; text: string };

export interface PrintRequest {
  /** Stable id of what is printed (e.g. `receipt:<receiptNumber>`): the same id is never printed twice unmarked. */
  jobId: string;
  kind: PrintJobKind;
  /** The receipt / ticket number printed on it (a reprint quotes it). */
  number: string;
  /** receiptline markup (built by ./print/receipt). */
  markup: string;
}

/** A print job as staff see it: the staff view's shape, returned by the device layer as is. */
export type PrintJobSummary = PrintJobView;

export interface DevicePort {
  snapshot(): DevicesView;
  /** Enumerates the scanner and asks the printer for its status again; resolves with the new snapshot. */
  refresh(): Promise<DevicesView>;
  /** Device state changed (card inserted/removed, printer status, reader attached…). */
  onChange(listener: (view: DevicesView) => void): () => void;
  /** A scan from a scanner the host drives (HID POS); keyboard-wedge scans come in through `parseScan`. */
  onScan(listener: (scan: ScanResult) => void): () => void;
  pinTriesLeft(): Promise<{ triesLeft: number; locked: boolean }>;
  readMyNumberCard(pin: string): Promise<IdentityRead>;
  readResidenceCard(cardNumber: string): Promise<IdentityRead>;
  /** The 4 items and the 個人番号, for a form that legally needs the number. The caller keeps it out of every log and view. */
  readIndividualNumber(pin: string): Promise<{ identity: IdentityRead; individualNumber: string }>;
  readStaffCardUid(): Promise<string>;
  /** Diagnostics: what card lies on the reader, without a PIN and without reading anyone's data. */
  testCardRead(): Promise<{ kind: 'mynumber' | 'residence' | 'staff' | 'unknown'; atr: string; pinTriesLeft: number | null }>;
  /** Decodes scanned text (MRZ lines, a pre-application code, a plain barcode); throws DeviceError if garbled. */
  parseScan(text: string): ScanResult;
  /** Prints once per jobId: a repeat returns the job as it stands and prints nothing. */
  print(request: PrintRequest): Promise<PrintJobSummary>;
  /** Staff reprint of a CONFIRMED or UNKNOWN job as `newJobId`, marked 再発行 / REPRINT with the original number. */
  reprint(originalJobId: string, newJobId: string): Promise<PrintJobSummary>;
  printJob(jobId: string): PrintJobSummary | null;
  /** Demo counters only: put a virtual card on the simulated reader, or take it off. */
  readonly simulator?: { putCard(kind: 'mynumber' | 'residence' | 'staff' | 'none'): void };
  close(): Promise<void>;
}
