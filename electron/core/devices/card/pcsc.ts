/**
 * The PC/SC driver: readers, card events and card connections through the `smartcard` package (N-API, so
 * one build serves Node 20 and Electron's Node 24). It is an optional dependency — a machine without a
 * compiler or without libpcsclite has none — so it is loaded lazily, and "cannot load" is just
 * DeviceError('pcsc_unavailable') like a stopped pcscd.
 *
 * The native layer reports failures as plain Errors whose message comes from a fixed table of PC/SC codes
 * ("Card was removed", "Transaction failed"…). Those are mapped here to DeviceError codes; the raw errors
 * never leave this file. A transmit that merely fails ("Transaction failed", or an answer without a status
 * word — what vpcd gives when the card is pulled mid-exchange) is followed by a short probe of the card
 * status to tell 'card_removed' from 'card_io'.
 *
 * The binding's disconnect is synchronous: with SCARD_RESET_CARD it would block this thread (the Electron
 * main process) while the reader resets the card. So a card is reset with the asynchronous reconnect and then
 * let go with SCARD_LEAVE_CARD, which does not touch it.
 */
import { createRequire } from 'node:module';
import { DeviceError, type DeviceErrorCode } from '../../../../shared/devices/errors';
import { transmitWithResponseChaining } from './apdu';
import type { CardTransport } from './transport';

// --- The part of `smartcard` this driver uses, declared structurally so that type-checking does not depend
// --- on the optional package being installed.

interface NativeCard {
  readonly protocol: number;
  transmit(command: Buffer, options?: { maxRecvLength?: number }): Promise<Buffer>;
  getStatus(): { state: number; protocol: number; atr: Buffer };
  disconnect(disposition?: number): void;
  reconnect(shareMode?: number, protocol?: number, initialization?: number): Promise<number>;
}

interface NativeReader {
  readonly name: string;
  readonly state: number;
  readonly atr: Buffer | null;
  connect(shareMode?: number, protocol?: number): Promise<NativeCard>;
}

interface NativeContext {
  readonly isValid: boolean;
  listReaders(): NativeReader[];
  close(): void;
}

interface NativeMonitorEvent {
  type: string;
  /** The reader name; for 'error' the error message. */
  reader: string;
  state: number;
  atr: Buffer | null;
}

interface NativeReaderMonitor {
  start(callback: (event: NativeMonitorEvent) => void): void;
  stop(): void;
}

export interface SmartcardModule {
  Context: new () => NativeContext;
  ReaderMonitor: new () => NativeReaderMonitor;
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_RESET_CARD: number;
  SCARD_STATE_PRESENT: number;
}

let loaded: SmartcardModule | undefined;

/** Loads `smartcard` once. Missing package, missing libpcsclite or a bad build → 'pcsc_unavailable'. */
export function loadSmartcard(): SmartcardModule {
  if (loaded) return loaded;
  let candidate: Partial<SmartcardModule> | undefined;
  try {
    candidate = createRequire(import.meta.url)('smartcard') as Partial<SmartcardModule>;
  } catch {
    throw new DeviceError('pcsc_unavailable', {}, 'the smartcard module cannot be loaded');
  }
  if (typeof candidate.Context !== 'function' || typeof candidate.ReaderMonitor !== 'function') {
    throw new DeviceError('pcsc_unavailable', {}, 'the smartcard module has an unexpected shape');
  }
  loaded = candidate as SmartcardModule;
  return loaded;
}

// --- Error mapping.

/** The native messages (smartcard's pcsc_errors.h and its own checks) this driver knows; no data in them. */
const NATIVE_MESSAGES = new Map<string, DeviceErrorCode | undefined>([
  ['Card was removed', 'card_removed'],
  ['No smart card present', 'card_absent'],
  ['PC/SC service not running', 'pcsc_unavailable'],
  ['PC/SC service stopped', 'pcsc_unavailable'],
  ['Context is not valid', 'pcsc_unavailable'],
  ['No readers available', 'reader_missing'],
  ['Unknown reader', 'reader_missing'],
  ['Reader unavailable', 'reader_missing'],
  ['Sharing violation', 'card_io'],
  ['Card was reset', 'card_io'], // another application reset it: the session state on the card is gone
  ['Card is unpowered', 'card_io'],
  ['Card is unresponsive', 'card_io'],
  ['Card is not supported', 'card_unsupported'],
  ['Protocol mismatch', 'card_io'],
  ['Operation timed out', 'card_io'],
  ['Card is not connected', 'card_io'],
  // These say nothing about why: a removal probe decides.
  ['Transaction failed', undefined],
  ['Communication error', undefined],
  ['Internal error', undefined],
  ['Invalid handle', undefined],
  ['Unknown PC/SC error', undefined],
]);

function nativeMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : '';
  // Only messages from the fixed table go into details; anything else could quote data.
  return NATIVE_MESSAGES.has(message) ? message : 'unrecognised failure';
}

/** The DeviceError code a native failure stands for, or undefined when only a probe can tell. */
export function pcscFailureCode(error: unknown): DeviceErrorCode | undefined {
  return NATIVE_MESSAGES.get(nativeMessage(error));
}

function mapped(error: unknown, step: string, fallback: DeviceErrorCode): DeviceError {
  if (error instanceof DeviceError) return error;
  return new DeviceError(pcscFailureCode(error) ?? fallback, {}, `${step}: ${nativeMessage(error)}`);
}

const T1_REFUSED = new Set(['Protocol mismatch', 'Card is unresponsive']);

const TIMED_OUT = Symbol('timed out');
const EMPTY_RESPONSE = Symbol('empty response');

/**
 * Bounds a native call. When it settles after the deadline, `late` disposes of what it produced (a card
 * handle connected too late must still be released).
 */
function withDeadline<T>(work: Promise<T>, ms: number, late?: (value: T) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let expired = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(TIMED_OUT);
    }, ms);
  });
  work.then(
    (value) => {
      if (expired) late?.(value);
    },
    () => undefined,
  );
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// --- Public shapes.

export interface PcscReaderInfo {
  name: string;
  cardPresent: boolean;
  /** The ATR of the card on the reader, when there is one. */
  atr: Uint8Array | undefined;
}

export type PcscEvent =
  | { type: 'reader-attached'; reader: string }
  | { type: 'reader-detached'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: Uint8Array }
  | { type: 'card-removed'; reader: string }
  /** PC/SC trouble while watching (pcscd stopped…). Watching restarts by itself. */
  | { type: 'error'; error: DeviceError };

export type PcscProtocol = 'T=0' | 'T=1' | 'other';

/** A connected card: the CardTransport the card applications use, plus its release. */
export interface PcscConnection extends CardTransport {
  readonly reader: string;
  readonly protocol: PcscProtocol;
  /**
   * Releases the card, after any exchange in flight. 'reset' (the default) resets it, which clears the
   * security status a verified PIN left: the next application on this reader cannot read the card without
   * the PIN. Idempotent; never rejects.
   */
  disconnect(disposition?: 'reset' | 'leave'): Promise<void>;
}

export interface PcscDriverOptions {
  /** How to load the binding; tests inject a fake. */
  load?: () => SmartcardModule;
  /** Bound on one APDU exchange; default 10 s. */
  transmitTimeoutMs?: number;
  /** Bound on connecting to a card; default 5 s. */
  connectTimeoutMs?: number;
  /** After an unexplained transmit failure, how long to watch for the card having left; default 1.5 s. */
  removalProbeMs?: number;
  /** Pause before watching again after a PC/SC error; default 2 s. */
  monitorRestartMs?: number;
}

export interface CardMatch {
  reader?: (name: string) => boolean;
  atr?: Uint8Array;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

export class PcscDriver {
  private ctx: NativeContext | undefined;
  private monitor: NativeReaderMonitor | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(event: PcscEvent) => void>();
  private readonly connections = new Set<Connection>();
  private closed = false;
  readonly transmitTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly removalProbeMs: number;
  private readonly monitorRestartMs: number;

  private constructor(
    private readonly sc: SmartcardModule,
    options: PcscDriverOptions,
  ) {
    this.transmitTimeoutMs = options.transmitTimeoutMs ?? 10_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.removalProbeMs = options.removalProbeMs ?? 1_500;
    this.monitorRestartMs = options.monitorRestartMs ?? 2_000;
  }

  /** Loads the binding and establishes a PC/SC context. Throws 'pcsc_unavailable' when either fails. */
  static open(options: PcscDriverOptions = {}): PcscDriver {
    let sc: SmartcardModule;
    try {
      sc = (options.load ?? loadSmartcard)();
    } catch (error) {
      throw error instanceof DeviceError ? error : new DeviceError('pcsc_unavailable', {}, 'the PC/SC binding cannot be loaded');
    }
    const driver = new PcscDriver(sc, options);
    driver.context(); // fail now, not at the first use
    return driver;
  }

  /** The context, established again after PC/SC came back (a restarted pcscd invalidates the old one). */
  private context(): NativeContext {
    if (this.closed) throw new DeviceError('pcsc_unavailable', {}, 'driver closed');
    if (this.ctx?.isValid) return this.ctx;
    try {
      this.ctx = new this.sc.Context();
    } catch (error) {
      this.ctx = undefined;
      throw mapped(error, 'establish context', 'pcsc_unavailable');
    }
    return this.ctx;
  }

  /** Forgets a context that PC/SC no longer honours, so the next call establishes a new one. */
  private dropContextOn(error: DeviceError): DeviceError {
    if (error.code === 'pcsc_unavailable' && this.ctx) {
      try {
        this.ctx.close();
      } catch {
        // already unusable
      }
      this.ctx = undefined;
    }
    return error;
  }

  private nativeReaders(): NativeReader[] {
    const ctx = this.context();
    try {
      return ctx.listReaders();
    } catch (error) {
      throw this.dropContextOn(mapped(error, 'list readers', 'pcsc_unavailable'));
    }
  }

  listReaders(): PcscReaderInfo[] {
    return this.nativeReaders().map((reader) => {
      const cardPresent = (reader.state & this.sc.SCARD_STATE_PRESENT) !== 0;
      return { name: reader.name, cardPresent, atr: cardPresent && reader.atr ? new Uint8Array(reader.atr) : undefined };
    });
  }

  /**
   * Reader and card events. The first subscriber starts watching (and gets 'reader-attached' for every
   * reader there is, plus 'card-inserted' for cards already on them); the last one leaving stops it.
   */
  subscribe(listener: (event: PcscEvent) => void): () => void {
    if (this.closed) throw new DeviceError('pcsc_unavailable', {}, 'driver closed');
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.startMonitor();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopMonitor();
    };
  }

  private emit(event: PcscEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // a listener's bug must not stop the others or the native callback
      }
    }
  }

  private startMonitor(): void {
    if (this.monitor || this.closed || this.listeners.size === 0) return;
    const monitor = new this.sc.ReaderMonitor();
    try {
      monitor.start((event) => this.onMonitorEvent(monitor, event));
      this.monitor = monitor;
    } catch (error) {
      this.emit({ type: 'error', error: mapped(error, 'watch readers', 'pcsc_unavailable') });
      this.scheduleRestart();
    }
  }

  private stopMonitor(): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const monitor = this.monitor;
    this.monitor = undefined;
    try {
      monitor?.stop();
    } catch {
      // stopping is best effort
    }
  }

  private scheduleRestart(): void {
    if (this.restartTimer || this.closed) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.startMonitor();
    }, this.monitorRestartMs);
  }

  private onMonitorEvent(monitor: NativeReaderMonitor, event: NativeMonitorEvent): void {
    if (monitor !== this.monitor) return; // a stopped monitor's last events
    const atr = event.atr ? new Uint8Array(event.atr) : new Uint8Array(0);
    switch (event.type) {
      case 'reader-attached':
        this.emit({ type: 'reader-attached', reader: event.reader });
        if ((event.state & this.sc.SCARD_STATE_PRESENT) !== 0) this.emit({ type: 'card-inserted', reader: event.reader, atr });
        return;
      case 'reader-detached':
        this.emit({ type: 'reader-detached', reader: event.reader });
        return;
      case 'card-inserted':
        this.emit({ type: 'card-inserted', reader: event.reader, atr });
        return;
      case 'card-removed':
        this.emit({ type: 'card-removed', reader: event.reader });
        return;
      case 'error': {
        // The native monitor keeps its context; after pcscd went away that context is dead, so start afresh.
        const error = mapped({ message: event.reader }, 'watch readers', 'pcsc_unavailable');
        this.emit({ type: 'error', error });
        setImmediate(() => {
          if (this.monitor !== monitor) return;
          this.stopMonitor();
          this.scheduleRestart();
        });
        return;
      }
      default:
        return;
    }
  }

  /**
   * Resolves with the first card on a reader that matches (one already there counts). Times out with
   * 'card_absent'.
   */
  waitForCard(match: CardMatch = {}, timeoutMs = 10_000): Promise<{ reader: string; atr: Uint8Array }> {
    const fits = (reader: string, atr: Uint8Array) =>
      (match.reader?.(reader) ?? true) && (match.atr === undefined || sameBytes(match.atr, atr));
    return new Promise((resolve, reject) => {
      let unsubscribe: () => void = () => undefined;
      const timer = setTimeout(() => finish(new DeviceError('card_absent', {}, 'no matching card in time')), timeoutMs);
      const finish = (outcome: DeviceError | { reader: string; atr: Uint8Array }) => {
        clearTimeout(timer);
        unsubscribe();
        if (outcome instanceof DeviceError) reject(outcome);
        else resolve(outcome);
      };
      try {
        unsubscribe = this.subscribe((event) => {
          if (event.type === 'card-inserted' && fits(event.reader, event.atr)) finish({ reader: event.reader, atr: event.atr });
        });
        const present = this.listReaders().find((r) => r.cardPresent && r.atr && fits(r.name, r.atr));
        if (present?.atr) finish({ reader: present.name, atr: present.atr });
      } catch (error) {
        finish(mapped(error, 'wait for card', 'pcsc_unavailable'));
      }
    });
  }

  /** Resolves once the reader has no card (at once if it has none). Times out with 'card_io'. */
  waitForRemoval(readerName: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      let unsubscribe: () => void = () => undefined;
      const timer = setTimeout(() => finish(new DeviceError('card_io', {}, 'card still on the reader')), timeoutMs);
      const finish = (failure?: DeviceError) => {
        clearTimeout(timer);
        unsubscribe();
        if (failure) reject(failure);
        else resolve();
      };
      try {
        unsubscribe = this.subscribe((event) => {
          if ((event.type === 'card-removed' || event.type === 'reader-detached') && event.reader === readerName) finish();
        });
        const reader = this.listReaders().find((r) => r.name === readerName);
        if (!reader?.cardPresent) finish();
      } catch (error) {
        finish(mapped(error, 'wait for removal', 'pcsc_unavailable'));
      }
    });
  }

  /**
   * Connects to the card on `readerName`, shared, T=1 preferred (the contactless readers' ISO 14443-4
   * cards speak it), T=0 accepted. Throws 'reader_missing', 'card_absent', 'pcsc_unavailable', 'card_io'.
   */
  async connect(readerName: string): Promise<PcscConnection> {
    const reader = this.nativeReaders().find((r) => r.name === readerName);
    if (!reader) throw new DeviceError('reader_missing', {}, 'no such reader');
    if ((reader.state & this.sc.SCARD_STATE_PRESENT) === 0) throw new DeviceError('card_absent');
    const release = (card: NativeCard) => {
      try {
        card.disconnect(this.sc.SCARD_LEAVE_CARD); // connected too late: nothing was done with it
      } catch {
        // gone already
      }
    };
    const attempt = (protocols: number) =>
      withDeadline(reader.connect(this.sc.SCARD_SHARE_SHARED, protocols), this.connectTimeoutMs, release);
    let card: NativeCard;
    try {
      try {
        card = await attempt(this.sc.SCARD_PROTOCOL_T1);
      } catch (error) {
        // A card that cannot do T=1 (contact T=0 cards) gets whatever protocol it offers.
        if (!T1_REFUSED.has(nativeMessage(error))) throw error;
        card = await attempt(this.sc.SCARD_PROTOCOL_T0 | this.sc.SCARD_PROTOCOL_T1);
      }
    } catch (error) {
      if (error === TIMED_OUT) throw new DeviceError('card_io', {}, 'connect timed out');
      throw this.dropContextOn(mapped(error, 'connect', 'card_io'));
    }
    let atr: Uint8Array;
    try {
      atr = new Uint8Array(card.getStatus().atr);
    } catch (error) {
      release(card);
      throw mapped(error, 'card status', 'card_io');
    }
    const protocol: PcscProtocol =
      card.protocol === this.sc.SCARD_PROTOCOL_T1 ? 'T=1' : card.protocol === this.sc.SCARD_PROTOCOL_T0 ? 'T=0' : 'other';
    const connection = new Connection(this, this.sc, card, readerName, atr, protocol);
    this.connections.add(connection);
    return connection;
  }

  /** @internal */
  forget(connection: Connection): void {
    this.connections.delete(connection);
  }

  /** @internal Whether the reader still shows a card; undefined when PC/SC cannot say (service gone). */
  cardPresentOn(readerName: string): boolean | undefined {
    try {
      return this.listReaders().find((r) => r.name === readerName)?.cardPresent ?? false;
    } catch {
      return undefined;
    }
  }

  private closing: Promise<void> | undefined;

  /**
   * Releases everything: stops watching, resets and disconnects open cards, closes the context. After this
   * the process can exit. Idempotent; never rejects.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopMonitor();
      this.listeners.clear();
      await Promise.all([...this.connections].map((connection) => connection.disconnect('reset')));
      this.closed = true;
      try {
        this.ctx?.close();
      } catch {
        // closing is best effort
      }
      this.ctx = undefined;
    })();
    return this.closing;
  }
}

// Room for an extended-length answer (pcsc-lite MAX_BUFFER_SIZE_EXTENDED): residence cards send whole files of several KB.
const MAX_RESPONSE = 65_538;

class Connection implements PcscConnection {
  private queue: Promise<unknown> = Promise.resolve();
  private released = false;

  constructor(
    private readonly driver: PcscDriver,
    private readonly sc: SmartcardModule,
    private readonly card: NativeCard,
    readonly reader: string,
    readonly atr: Uint8Array,
    readonly protocol: PcscProtocol,
  ) {}

  /** One exchange at a time on the handle, whatever the callers do. */
  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const run = this.queue.then(() => transmitWithResponseChaining((command) => this.exchange(command), apdu));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async exchange(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.released) throw new DeviceError('card_io', {}, 'connection released');
    const command = Buffer.from(apdu);
    try {
      const response = await withDeadline(this.card.transmit(command, { maxRecvLength: MAX_RESPONSE }), this.driver.transmitTimeoutMs);
      // No status word at all: the exchange broke off (vpcd answers so when the card leaves mid-command).
      if (response.length < 2) throw EMPTY_RESPONSE;
      return new Uint8Array(response);
    } catch (error) {
      throw await this.explain(error);
    } finally {
      command.fill(0); // a VERIFY's copy of the PIN does not outlive the exchange
    }
  }

  /** Names a transmit failure; an unexplained one becomes 'card_removed' if the card turns out to be gone. */
  private async explain(error: unknown): Promise<DeviceError> {
    const code = error === TIMED_OUT || error === EMPTY_RESPONSE ? undefined : pcscFailureCode(error);
    const step =
      error === TIMED_OUT ? 'transmit timed out' : error === EMPTY_RESPONSE ? 'transmit: no status word' : `transmit: ${nativeMessage(error)}`;
    if (code === 'card_absent') return new DeviceError('card_removed', {}, step);
    if (code) return new DeviceError(code, {}, step);
    const card = await this.probeCard();
    if (card === 'left') return new DeviceError('card_removed', {}, step);
    if (card === 'unknown') return new DeviceError('pcsc_unavailable', {}, step);
    return new DeviceError('card_io', {}, step);
  }

  /**
   * Watches the card status for a short while: pcscd notices a pulled card within its polling period.
   * 'unknown' when PC/SC itself stopped answering.
   */
  private async probeCard(): Promise<'left' | 'present' | 'unknown'> {
    const until = Date.now() + this.driver.removalProbeMs;
    for (;;) {
      try {
        this.card.getStatus();
      } catch (error) {
        const code = pcscFailureCode(error);
        if (code === 'card_removed' || code === 'card_absent') return 'left';
      }
      const present = this.driver.cardPresentOn(this.reader);
      if (present === false) return 'left';
      if (present === undefined) return 'unknown';
      if (Date.now() >= until) return 'present';
      await sleep(50);
    }
  }

  private releasing: Promise<void> | undefined;

  disconnect(disposition: 'reset' | 'leave' = 'reset'): Promise<void> {
    this.releasing ??= this.release(disposition);
    return this.releasing;
  }

  private async release(disposition: 'reset' | 'leave'): Promise<void> {
    this.released = true; // refuse new exchanges at once; the one in flight may finish
    this.driver.forget(this);
    await this.queue;
    const letGo = () => {
      try {
        this.card.disconnect(this.sc.SCARD_LEAVE_CARD);
      } catch {
        // the card or the service is gone: nothing left to release
      }
    };
    if (disposition === 'leave') return letGo();
    const reset = this.card.reconnect(
      this.sc.SCARD_SHARE_SHARED,
      this.sc.SCARD_PROTOCOL_T0 | this.sc.SCARD_PROTOCOL_T1,
      this.sc.SCARD_RESET_CARD,
    );
    try {
      await withDeadline(reset, this.driver.connectTimeoutMs);
      letGo();
    } catch (error) {
      // Removed, or the service went away: let go now. Still resetting past the deadline: let go after it,
      // since disconnecting a handle in use would block this thread until the reset ends.
      if (error === TIMED_OUT) reset.then(letGo, letGo);
      else letGo();
    }
  }
}
