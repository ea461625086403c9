/**
 * The HID POS scanner driver: finds the scanners attached to the counter PC, reads their input reports through
 * node-hid and hands out whole scans (or 'scan_garbled') to the host.
 *
 * - Scanners are HID collections on usage page 0x8C (HID POS bar code scanner). The report layout is only known
 *   for some models, so a VID/PID allow-list (from the terminal's configuration) can narrow the match.
 *   Keyboard-wedge scanners are not reachable this way at all: the OS owns keyboards.
 * - Enumeration is a full USB walk and costly, so it runs on demand: once at start, then whenever the host's
 *   hot-plug trigger calls `refresh()` (the `usb` package's attach/detach events, or a clerk's "search again").
 *   There is no polling loop.
 * - node-hid is a native module. It is loaded lazily, on the first refresh, and a failure to load or enumerate
 *   (prebuild missing, libudev/libusb missing on Linux, no hidraw permission) becomes an 'unavailable' status the
 *   host can show — never a crash of the main process.
 * - The node-hid module is a parameter: tests pass a fake (fake-node-hid.ts) at exactly the node-hid boundary.
 *
 * Nothing here logs scan contents: a scan may be a passport MRZ.
 */
import { clearTimeout, setTimeout } from 'node:timers';
import { DeviceError, isDeviceError } from '../../../../shared/devices/errors';
import { silentLogger, type Logger } from '../log';
import { HidPosAssembler, type HidPosScan } from './hid-pos';

export const HID_POS_USAGE_PAGE = 0x8c;

/** The part of node-hid's `Device` the driver reads. */
export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly path?: string | undefined;
  readonly usagePage?: number | undefined;
  readonly product?: string | undefined;
}

/** The part of node-hid's `HIDAsync` the driver uses. Reports arrive as Buffers, which are Uint8Arrays. */
export interface HidInputDevice {
  on(event: 'data', listener: (report: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  removeListener(event: 'data', listener: (report: Uint8Array) => void): unknown;
  close(): Promise<void>;
}

/** The part of the node-hid module the driver uses. */
export interface NodeHidApi {
  devicesAsync(): Promise<readonly HidDeviceInfo[]>;
  readonly HIDAsync: { open(path: string): Promise<HidInputDevice> };
}

export type NodeHidLoader = () => Promise<NodeHidApi>;

export interface VidPid {
  readonly vendorId: number;
  readonly productId: number;
}

/** A scanner as the host may show and log it: no serial number, nothing about what it scanned. */
export interface HidScannerInfo extends VidPid {
  readonly path: string;
  readonly product?: string | undefined;
}

export type HidScannerStatus =
  | { readonly state: 'not_started' }
  /** node-hid could not be loaded or could not enumerate; `detail` is the platform's message, for IT. */
  | { readonly state: 'unavailable'; readonly reason: 'hid_module' | 'enumeration'; readonly detail: string }
  /** `scanners` are open and reading; `failed` matched but could not be opened (permissions, in use). */
  | {
      readonly state: 'ready';
      readonly scanners: readonly HidScannerInfo[];
      readonly failed: readonly { readonly scanner: HidScannerInfo; readonly detail: string }[];
    }
  | { readonly state: 'closed' };

export interface ScannerScan extends HidPosScan {
  readonly scanner: HidScannerInfo;
}

export interface HidScannerOptions {
  /**
   * Accept only these models. Omitted or empty: every HID POS scanner (the device settings' default is `[]`,
   * meaning "no limit"; a usage page 0x8C device can only deliver scans, like any keyboard could).
   */
  readonly allow?: readonly VidPid[];
  /** How node-hid is obtained; tests pass a fake. */
  readonly loadNodeHid?: NodeHidLoader;
  /**
   * How long the rest of a multi-report scan may take. Reports of one scan follow each other within
   * milliseconds; a scan still unfinished after this lost its last report and is reported garbled.
   */
  readonly partialScanTimeoutMs?: number;
  readonly maxScanBytes?: number;
  readonly log?: Logger;
}

export const DEFAULT_PARTIAL_SCAN_TIMEOUT_MS = 1000;

/** Loads the real node-hid, checking its shape so a broken install is reported rather than failing later. */
export const loadNodeHid: NodeHidLoader = async () => {
  const loaded: unknown = await import('node-hid');
  // Under Node's ESM loader the CommonJS exports are named exports; a bundler may put them under `default`.
  for (const candidate of [loaded, (loaded as { default?: unknown } | null)?.default]) {
    if (isNodeHidApi(candidate)) return candidate;
  }
  throw new Error('node-hid loaded without devicesAsync / HIDAsync.open');
};

function isNodeHidApi(value: unknown): value is NodeHidApi {
  const api = value as Partial<Record<'devicesAsync' | 'HIDAsync', unknown>> | null | undefined;
  return (
    typeof api?.devicesAsync === 'function' &&
    typeof (api.HIDAsync as { open?: unknown } | null | undefined)?.open === 'function'
  );
}

interface OpenScanner {
  readonly info: HidScannerInfo;
  readonly device: HidInputDevice;
  readonly assembler: HidPosAssembler;
  readonly onData: (report: Uint8Array) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  closed: boolean;
}

export class HidScannerDriver {
  readonly #options: HidScannerOptions;
  readonly #log: Logger;
  readonly #open = new Map<string, OpenScanner>();
  readonly #scanListeners = new Set<(scan: ScannerScan) => void>();
  readonly #errorListeners = new Set<(error: DeviceError, scanner: HidScannerInfo) => void>();
  readonly #statusListeners = new Set<(status: HidScannerStatus) => void>();
  #hid: Promise<NodeHidApi> | undefined;
  #status: HidScannerStatus = { state: 'not_started' };
  #failed: { readonly scanner: HidScannerInfo; readonly detail: string }[] = [];
  /** Refreshes run one after another: a hot-plug storm must not open the same scanner twice. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(options: HidScannerOptions = {}) {
    this.#options = options;
    this.#log = options.log ?? silentLogger;
  }

  get status(): HidScannerStatus {
    return this.#status;
  }

  onScan(listener: (scan: ScannerScan) => void): () => void {
    return subscribe(this.#scanListeners, listener);
  }

  /** Scans that could not be read (always a DeviceError, today 'scan_garbled'). */
  onError(listener: (error: DeviceError, scanner: HidScannerInfo) => void): () => void {
    return subscribe(this.#errorListeners, listener);
  }

  onStatus(listener: (status: HidScannerStatus) => void): () => void {
    return subscribe(this.#statusListeners, listener);
  }

  /**
   * Enumerates now: opens newly attached scanners, lets go of those that disappeared, keeps the rest reading.
   * Never rejects; the outcome is the returned (and published) status.
   */
  refresh(): Promise<HidScannerStatus> {
    // Anything unexpected from the native side (an odd device list) is an enumeration failure, not a rejection.
    const run = this.#queue.then(() => this.#refresh()).catch((error: unknown) => this.#unavailable('enumeration', error));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Stops reading and closes every scanner. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    await Promise.all([...this.#open.values()].map((scanner) => this.#closeScanner(scanner)));
    this.#setStatus({ state: 'closed' });
  }

  async #refresh(): Promise<HidScannerStatus> {
    if (this.#closed) return this.#status;
    let hid: NodeHidApi;
    try {
      this.#hid ??= (this.#options.loadNodeHid ?? loadNodeHid)();
      hid = await this.#hid;
    } catch (error) {
      this.#hid = undefined; // try again on the next refresh (IT may have fixed the install)
      return this.#unavailable('hid_module', error);
    }
    let devices: readonly HidDeviceInfo[];
    try {
      devices = await hid.devicesAsync();
    } catch (error) {
      // node-hid loads its native part on first use, so a missing libudev/libusb shows up here.
      return this.#unavailable('enumeration', error);
    }
    if (this.#closed) return this.#status;

    const wanted = new Map<string, HidScannerInfo>();
    for (const device of devices) {
      const info = this.#asScanner(device);
      if (info) wanted.set(info.path, info);
    }
    for (const [path, scanner] of this.#open) {
      if (!wanted.has(path)) await this.#closeScanner(scanner, 'scanner.detached');
    }
    this.#failed = [];
    for (const info of wanted.values()) {
      if (this.#open.has(info.path)) continue;
      try {
        const device = await hid.HIDAsync.open(info.path);
        if (this.#closed) {
          await device.close().catch(() => undefined);
          return this.#status;
        }
        this.#attach(info, device);
      } catch (error) {
        this.#failed.push({ scanner: info, detail: messageOf(error) });
        this.#log({ level: 'warn', event: 'scanner.open_failed', vendorId: info.vendorId, productId: info.productId });
      }
    }
    this.#publishReady();
    return this.#status;
  }

  #asScanner(device: HidDeviceInfo): HidScannerInfo | undefined {
    if (device.usagePage !== HID_POS_USAGE_PAGE || !device.path) return undefined;
    const allow = this.#options.allow;
    if (allow && allow.length > 0 && !allow.some((model) => model.vendorId === device.vendorId && model.productId === device.productId)) {
      return undefined;
    }
    return { vendorId: device.vendorId, productId: device.productId, path: device.path, product: device.product };
  }

  #attach(info: HidScannerInfo, device: HidInputDevice): void {
    const scanner: OpenScanner = {
      info,
      device,
      assembler: new HidPosAssembler({ maxScanBytes: this.#options.maxScanBytes }),
      onData: (report) => this.#onReport(scanner, report),
      timer: undefined,
      closed: false,
    };
    this.#open.set(info.path, scanner);
    // The error listener stays for the device's whole life: an 'error' emitted with no listener would throw.
    device.on('error', () => {
      if (scanner.closed) return;
      // node-hid reports a read failure when the scanner is unplugged; it is gone until the next refresh.
      void this.#closeScanner(scanner, 'scanner.lost').then(() => this.#publishReady());
    });
    device.on('data', scanner.onData);
    this.#log({ level: 'info', event: 'scanner.opened', vendorId: info.vendorId, productId: info.productId });
  }

  #onReport(scanner: OpenScanner, report: Uint8Array): void {
    if (scanner.closed) return;
    let scan: HidPosScan | undefined;
    try {
      scan = scanner.assembler.push(report);
    } catch (error) {
      this.#emitError(isDeviceError(error) ? error : new DeviceError('scan_garbled'), scanner.info);
    }
    this.#armPartialTimer(scanner);
    if (scan) this.#emit(this.#scanListeners, { ...scan, scanner: scanner.info });
  }

  #armPartialTimer(scanner: OpenScanner): void {
    clearTimeout(scanner.timer);
    scanner.timer = undefined;
    if (!scanner.assembler.pending) return;
    scanner.timer = setTimeout(() => {
      scanner.timer = undefined;
      if (!scanner.closed && scanner.assembler.abandon()) {
        this.#emitError(new DeviceError('scan_garbled', {}, 'multi-report scan not finished in time'), scanner.info);
      }
    }, this.#options.partialScanTimeoutMs ?? DEFAULT_PARTIAL_SCAN_TIMEOUT_MS);
    scanner.timer.unref(); // a pending scan must not keep the process alive
  }

  async #closeScanner(scanner: OpenScanner, event?: string): Promise<void> {
    if (scanner.closed) return;
    scanner.closed = true;
    clearTimeout(scanner.timer);
    this.#open.delete(scanner.info.path);
    scanner.device.removeListener('data', scanner.onData);
    try {
      await scanner.device.close();
    } catch {
      // already gone (unplugged): nothing left to release
    }
    if (event) this.#log({ level: 'info', event, vendorId: scanner.info.vendorId, productId: scanner.info.productId });
  }

  #unavailable(reason: 'hid_module' | 'enumeration', error: unknown): HidScannerStatus {
    const detail = messageOf(error);
    this.#log({ level: 'error', event: 'scanner.unavailable', reason, detail });
    this.#setStatus({ state: 'unavailable', reason, detail });
    return this.#status;
  }

  #publishReady(): void {
    if (this.#closed) return;
    this.#setStatus({ state: 'ready', scanners: [...this.#open.values()].map((s) => s.info), failed: [...this.#failed] });
  }

  #setStatus(status: HidScannerStatus): void {
    this.#status = status;
    this.#emit(this.#statusListeners, status);
  }

  #emitError(error: DeviceError, scanner: HidScannerInfo): void {
    const { vendorId, productId } = scanner;
    this.#log({ level: 'warn', event: 'scanner.scan_failed', code: error.code, vendorId, productId });
    for (const listener of [...this.#errorListeners]) this.#call(() => listener(error, scanner));
  }

  #emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of [...listeners]) this.#call(() => listener(value));
  }

  /** A listener's bug must not stop the scanner or reach node-hid's read loop; it is logged by name only. */
  #call(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#log({ level: 'error', event: 'scanner.listener_failed', error: error instanceof Error ? error.name : typeof error });
    }
  }
}

function subscribe<T>(listeners: Set<T>, listener: T): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
