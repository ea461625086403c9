import type { X509Certificate } from 'node:crypto';
import type { DevicesView } from '../../../../shared/contract/views';
import { DeviceError, isDeviceError } from '../../../../shared/devices/errors';
import { MyNumberTextAp, readMyNumberCard } from '../card/mynumber';
import { detectCardKind } from '../card/card-kind';
import { readCardUid } from '../card/staff-card';
import { readResidenceCard, type PrintedEntries } from '../card/residence';
import { residenceCardImages } from '../card/residence/images';
import { parseMrz } from '../scan/mrz';
import { decodePreApplicationCode, PRE_APPLICATION_PREFIX } from '../scan/qr-payload';
import type { DevicePort, IdentityRead, PrintJobSummary, PrintRequest, ScanResult } from '../port';
import type { CardTransport } from '../card/transport';
import type { CardSlot } from './card-slot';

/** A printer as the station drives it (./printer-port wraps the ESC/POS job protocol and the ledger). */
export interface PrinterPort {
  state(): DevicesView['printer'];
  onChange(listener: () => void): () => void;
  print(request: PrintRequest): Promise<PrintJobSummary>;
  reprint(originalJobId: string, newJobId: string): Promise<PrintJobSummary>;
  job(jobId: string): PrintJobSummary | null;
  /** Asks the printer for its status (prints nothing). */
  refresh(): Promise<unknown>;
  close(): Promise<void>;
}

/** A scanner the host drives itself (HID POS); keyboard-wedge scans arrive through the staff window instead. */
export interface HostScannerPort {
  readonly driver: string;
  status(): DevicesView['scanner']['status'];
  hotplug(): DevicesView['scanner']['hotplug'];
  /** Enumerates again (a scanner plugged in where hot-plug has no signal). */
  refresh(): Promise<void>;
  onScan(listener: (text: string) => void): () => void;
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface StationOptions {
  /** Demo counters: the simulated reader whose virtual cards staff can put on and take off. */
  simulator?: { put(kind: 'mynumber' | 'residence' | 'staff' | 'none'): void };
  card: CardSlot | null;
  scanner: HostScannerPort | null;
  /** Keyboard-wedge scanners: the layout they type with (decoded in the staff window). */
  wedgeLayout: 'us' | 'jis' | null;
  printer: PrinterPort | null;
  /** 出入国在留管理庁 CA certificates the residence-card signatures must chain to (IT configuration). */
  residenceCardIssuers: readonly X509Certificate[];
  /** This municipality's keys for pre-application codes (newest first). */
  preApplicationKeys: readonly Uint8Array[];
  now: () => Date;
}

/** Looks like MRZ text: lines of '<'-padded capitals. */
/** 在留期間 as the card face writes it (「3年」「1年6月」「90日」「無期限」). */
function periodText(period: NonNullable<PrintedEntries['periodOfStay']>): string {
  if (period.kind === 'indefinite') return '無期限';
  if (period.kind === 'days') return `${period.days}日`;
  return [period.years ? `${period.years}年` : '', period.months ? `${period.months}月` : ''].join('');
}

/**
 * The residence items a gen-2 card has as text (nationality, 在留期間, its end): they prefill an intake. The chip
 * holds the 在留資格 as a 10-digit code whose table we do not have; passed on as it is, it would read as a status
 * the rules do not know (and warn about). So it is left out — staff type the 在留資格 from the card face — unless
 * the chip carries it as words.
 */
function residenceItems(printed: PrintedEntries): Pick<IdentityRead, 'nationality' | 'residenceStatus' | 'periodOfStay' | 'stayExpiresOn'> {
  const status = printed.statusOfResidenceCode;
  return {
    nationality: printed.nationalityCode,
    ...(status && !/^\d+$/.test(status) ? { residenceStatus: status } : {}),
    ...(printed.periodOfStay ? { periodOfStay: periodText(printed.periodOfStay) } : {}),
    ...(printed.periodExpiry ? { stayExpiresOn: printed.periodExpiry } : {}),
  };
}

const MRZ_SHAPE = /^[A-Z0-9<\s]{30,}$/;

/**
 * The counter's devices behind the host's DevicePort: the card reader (My Number card, residence card, staff
 * card), scanners, the receipt printer. Keeps the last device failure for the staff window and diagnostics,
 * and never holds a PIN, a card number or what a card said beyond the call that read it.
 */
export class DeviceStation implements DevicePort {
  private readonly changeListeners = new Set<(view: DevicesView) => void>();
  private readonly scanListeners = new Set<(scan: ScanResult) => void>();
  private lastError: DevicesView['lastError'] = null;
  private readonly unsubscribe: (() => void)[] = [];
  readonly simulator: DevicePort['simulator'];

  constructor(private readonly options: StationOptions) {
    this.simulator = options.simulator ? { putCard: (kind) => options.simulator!.put(kind) } : undefined;
    const changed = () => this.changed();
    if (options.card) this.unsubscribe.push(options.card.onChange(changed));
    if (options.printer) this.unsubscribe.push(options.printer.onChange(changed));
    if (options.scanner) {
      this.unsubscribe.push(options.scanner.onChange(changed));
      this.unsubscribe.push(
        options.scanner.onScan((text) => {
          try {
            const scan = this.parseScan(text);
            for (const listener of this.scanListeners) listener(scan);
          } catch {
            // parseScan recorded the failure as lastError; the staff window sees it.
          }
        }),
      );
    }
  }

  snapshot(): DevicesView {
    const { card, scanner, printer, wedgeLayout } = this.options;
    return {
      cardReader: card?.state() ?? { status: 'disabled', driver: 'none', reader: null, card: 'none' },
      scanner: scanner
        ? { status: scanner.status(), driver: scanner.driver, wedgeLayout, hotplug: scanner.hotplug() }
        : { status: wedgeLayout ? 'ready' : 'disabled', driver: wedgeLayout ? 'wedge' : 'none', wedgeLayout, hotplug: null },
      printer: printer?.state() ?? { status: 'disabled', driver: 'none', address: null, unknownJobs: 0 },
      simulator: this.simulator ? { cards: ['mynumber', 'residence', 'staff'] } : null,
      lastError: this.lastError,
    };
  }

  async refresh(): Promise<DevicesView> {
    // Card readers need no asking: PC/SC reports readers and cards as they come and go.
    await Promise.all([this.options.scanner?.refresh(), this.options.printer?.refresh()]);
    this.changed();
    return this.snapshot();
  }

  onChange(listener: (view: DevicesView) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onScan(listener: (scan: ScanResult) => void): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  pinTriesLeft(): Promise<{ triesLeft: number; locked: boolean }> {
    return this.cardCall(async (transport) => {
      const ap = new MyNumberTextAp(transport);
      await ap.selectApplication();
      const status = await ap.pinStatus();
      if (status.state === 'locked') return { triesLeft: 0, locked: true };
      return { triesLeft: status.state === 'open' ? status.triesLeft : 3, locked: false };
    });
  }

  readMyNumberCard(pin: string): Promise<IdentityRead> {
    // The 4 attributes only: the 個人番号 is read inside a procedure that legally needs it, never to identify.
    return this.cardCall(async (transport) => {
      const read = await readMyNumberCard(transport, { pin, individualNumber: false });
      return { source: 'mynumber_card', name: read.name, alphabetName: null, birthDate: read.birthDate, sex: read.sex, address: read.address, signature: null };
    });
  }

  readIndividualNumber(pin: string): Promise<{ identity: IdentityRead; individualNumber: string }> {
    return this.cardCall(async (transport) => {
      const read = await readMyNumberCard(transport, { pin, individualNumber: true });
      return {
        identity: { source: 'mynumber_card', name: read.name, alphabetName: null, birthDate: read.birthDate, sex: read.sex, address: read.address, signature: null },
        individualNumber: read.individualNumber,
      };
    });
  }

  async readResidenceCard(cardNumber: string): Promise<IdentityRead> {
    const read = await this.cardCall((transport) => readResidenceCard(transport, cardNumber, { trustedIssuers: this.options.residenceCardIssuers }));
    // Decoded after the card conversation: the reader is free again while the pictures are drawn.
    const images = await residenceCardImages(read);
    const sex = read.generation === 2 ? ({ male: 1, female: 2, unspecified: 9 } as const)[read.printed.sex] : null;
    return {
      source: 'residence_card',
      // The name exists on the chip only as a picture (images.name): staff compare it with the card face.
      name: null,
      alphabetName: null,
      birthDate: read.generation === 2 ? read.printed.birthDate : null,
      sex,
      address: read.generation === 1 ? (read.addresses.at(-1)?.address ?? null) : null,
      signature: read.signature.status,
      ...(read.generation === 2 ? residenceItems(read.printed) : {}),
      residenceCardNumber: cardNumber,
      images,
    };
  }

  testCardRead(): Promise<{ kind: 'mynumber' | 'residence' | 'staff' | 'unknown'; atr: string; pinTriesLeft: number | null }> {
    return this.cardCall(async (transport) => {
      const kind = await detectCardKind(transport);
      let pinTriesLeft: number | null = null;
      if (kind === 'mynumber') {
        const ap = new MyNumberTextAp(transport);
        await ap.selectApplication();
        const status = await ap.pinStatus();
        pinTriesLeft = status.state === 'locked' ? 0 : status.state === 'open' ? status.triesLeft : null;
      }
      return { kind, atr: Buffer.from(transport.atr).toString('hex').toUpperCase(), pinTriesLeft };
    });
  }

  readStaffCardUid(): Promise<string> {
    return this.cardCall((transport) => readCardUid(transport));
  }

  parseScan(text: string): ScanResult {
    const trimmed = text.trim();
    try {
      if (trimmed.toUpperCase().startsWith(`${PRE_APPLICATION_PREFIX}-`)) {
        return { kind: 'pre_application', applicationId: decodePreApplicationCode(trimmed, this.options.preApplicationKeys).applicationId };
      }
      if (MRZ_SHAPE.test(trimmed.toUpperCase()) && trimmed.includes('<')) {
        const mrz = parseMrz(trimmed, { today: this.options.now() });
        const sex = ({ male: 1, female: 2, unspecified: 9 } as const)[mrz.sex];
        return {
          kind: 'identity',
          identity: {
            source: mrz.format === 'TD3' ? 'passport_mrz' : 'id_card_mrz',
            name: null,
            alphabetName: [mrz.surname, mrz.givenNames].filter(Boolean).join(' '),
            birthDate: /^\d{4}-\d{2}-\d{2}$/.test(mrz.birthDate) ? mrz.birthDate : null,
            sex,
            address: null,
            signature: null,
            ...(/^[A-Z]{3}$/.test(mrz.nationality) ? { nationality: mrz.nationality } : {}),
          },
        };
      }
      if (trimmed.length === 0) throw new DeviceError('scan_garbled');
      return { kind: 'barcode', symbology: 'unknown', text: trimmed };
    } catch (error) {
      throw this.failed('scanner', error);
    }
  }

  print(request: PrintRequest): Promise<PrintJobSummary> {
    return this.printerCall((printer) => printer.print(request));
  }

  reprint(originalJobId: string, newJobId: string): Promise<PrintJobSummary> {
    return this.printerCall((printer) => printer.reprint(originalJobId, newJobId));
  }

  printJob(jobId: string): PrintJobSummary | null {
    return this.options.printer?.job(jobId) ?? null;
  }

  private async printerCall(use: (printer: PrinterPort) => Promise<PrintJobSummary>): Promise<PrintJobSummary> {
    if (!this.options.printer) throw this.failed('printer', new DeviceError('printer_offline', {}, 'no printer configured'));
    let job: PrintJobSummary;
    try {
      job = await use(this.options.printer);
    } catch (error) {
      throw this.failed('printer', error);
    }
    // The job's own failure (nothing printed, or outcome unknown) is the printer's last error for staff.
    if (job.error) this.failed('printer', new DeviceError(job.error.code, job.error.params));
    else this.changed();
    return job;
  }

  async close(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    await Promise.all([this.options.card?.close(), this.options.scanner?.close(), this.options.printer?.close()]);
  }

  private async cardCall<T>(use: (transport: CardTransport) => Promise<T>): Promise<T> {
    if (!this.options.card) throw this.failed('cardReader', new DeviceError('reader_missing', {}, 'no card reader configured'));
    try {
      return await this.options.card.withCard(use);
    } catch (error) {
      throw this.failed('cardReader', error);
    }
  }

  /** Records a failure for the staff window (code and params only) and returns it as a DeviceError. */
  private failed(device: 'cardReader' | 'scanner' | 'printer', error: unknown): DeviceError {
    const typed = isDeviceError(error) ? error : new DeviceError(device === 'printer' ? 'printer_error' : device === 'scanner' ? 'scan_garbled' : 'card_io', {}, (error as Error)?.name);
    this.lastError = { device, code: typed.code, params: { ...typed.params }, at: this.options.now().toISOString() };
    this.changed();
    return typed;
  }

  private changed(): void {
    const view = this.snapshot();
    for (const listener of this.changeListeners) listener(view);
  }
}
