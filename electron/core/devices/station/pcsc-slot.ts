import type { DevicesView } from '../../../../shared/contract/views';
import { DeviceError, isDeviceError } from '../../../../shared/devices/errors';
import { detectCardKind, type CardKind } from '../card/card-kind';
import { PcscDriver } from '../card/pcsc';
import type { CardTransport } from '../card/transport';
import { SerialQueue, type CardSlot } from './card-slot';

/**
 * The counter's PC/SC reader (pcscd on Linux, WinSCard on Windows, CryptoTokenKit on macOS). Which reader: the
 * first whose name contains the configured text, or the first one. What kind of card lies on it is found out
 * when it is put on (a SELECT probe, no PIN), so the staff window offers the right form.
 */
export class PcscCardSlot implements CardSlot {
  readonly driver = 'pcsc';
  private readonly listeners = new Set<() => void>();
  private readonly queue = new SerialQueue();
  private card: CardKind | 'none' = 'none';
  private status: DevicesView['cardReader']['status'] = 'no_reader';
  private readerName: string | null = null;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly driver_: PcscDriver | null,
    private readonly wanted: string | null,
  ) {
    if (!driver_) {
      this.status = 'unavailable';
      this.unsubscribe = () => undefined;
      return;
    }
    this.unsubscribe = driver_.subscribe((event) => {
      if (event.type === 'error') this.status = 'unavailable';
      if (event.type === 'card-removed' && event.reader === this.readerName) this.card = 'none';
      this.refresh();
      if (event.type === 'card-inserted' && event.reader === this.readerName) void this.classify();
    });
    this.refresh();
    if (this.readerName) void this.classify();
  }

  /** Opens PC/SC; where it cannot be loaded (no pcscd, no library) the slot reports 'unavailable'. */
  static open(wanted: string | null): PcscCardSlot {
    let driver: PcscDriver | null = null;
    try {
      driver = PcscDriver.open();
    } catch (error) {
      if (!isDeviceError(error)) throw error;
    }
    return new PcscCardSlot(driver, wanted);
  }

  state(): DevicesView['cardReader'] {
    return { status: this.status, driver: this.driver, reader: this.readerName, card: this.card };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  withCard<T>(use: (transport: CardTransport) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      if (!this.driver_) throw new DeviceError('pcsc_unavailable');
      if (!this.readerName) throw new DeviceError('reader_missing');
      const connection = await this.driver_.connect(this.readerName);
      try {
        return await use(connection);
      } finally {
        // Reset: a PIN verified for this read must not leave the card open for the next one.
        await connection.disconnect('reset');
      }
    });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.driver_?.close();
  }

  private refresh(): void {
    if (!this.driver_) return;
    try {
      const readers = this.driver_.listReaders();
      const reader = readers.find((r) => (this.wanted ? r.name.includes(this.wanted) : true)) ?? null;
      this.readerName = reader?.name ?? null;
      this.status = reader ? 'ready' : 'no_reader';
      if (!reader?.cardPresent) this.card = 'none';
    } catch (error) {
      if (!isDeviceError(error)) throw error;
      this.status = 'unavailable';
      this.readerName = null;
      this.card = 'none';
    }
    for (const listener of this.listeners) listener();
  }

  private async classify(): Promise<void> {
    try {
      this.card = await this.withCard((transport) => detectCardKind(transport));
    } catch (error) {
      this.card = isDeviceError(error, 'card_absent') || isDeviceError(error, 'card_removed') ? 'none' : 'unknown';
    }
    for (const listener of this.listeners) listener();
  }
}
