/**
 * A virtual card on the vpcd reader, run in a worker thread. Tests and the bench use this rather than a
 * VpcdLink on their own thread, because of how vpcd works: pcscd polls the card's presence by asking it for
 * its ATR over the vpcd socket while holding the reader, and several `smartcard` calls (listing readers,
 * card status, disconnect) are synchronous. A card answering from the thread blocked in such a call never
 * answers, and pcscd and the test wait for each other forever. In its own thread the card always answers.
 *
 * The card is described by a spec (built inside the worker); its counters come back through stats().
 */
import { Worker } from 'node:worker_threads';
import { DeviceError, DEVICE_ERROR_CODES, type DeviceErrorCode } from '../../../../../shared/devices/errors';
import type { SyntheticHolder } from '../residence/sim/synthetic-cards';
import type { VirtualMyNumberCardOptions } from './virtual-mynumber-card';
import type { VirtualStaffCardOptions } from './virtual-staff-card';
import type { VpcdLinkOptions } from './vpcd-link';

export type VirtualCardSpec =
  | { kind: 'mynumber'; options?: VirtualMyNumberCardOptions }
  | { kind: 'staff'; options?: VirtualStaffCardOptions }
  /** A synthetic residence card of that generation's type (1/2 first generation, 05/06 second), signed by the TEST-ONLY issuer. */
  | { kind: 'residence'; cardType: '1' | '2' }
  /**
   * A second-generation card may be made out to a holder (number, birth date, sex, nationality, name and address
   * pictures), e.g. a demo resident an end-to-end test reads; still signed by the TEST-ONLY issuer over that data.
   */
  | { kind: 'residence'; cardType: '05' | '06'; holder?: SyntheticHolder };

export interface VirtualCardStats {
  /** Command APDUs the card processed. */
  commandCount: number;
  /** VERIFY commands carrying a PIN (My Number card; 0 for others). */
  verifyCount: number;
  /** VERIFY commands without data, the retry query (My Number card). */
  retryQueryCount: number;
  /** The card's PIN counter (My Number card). */
  triesLeft: number;
  resetCount: number;
}

export type CardThreadRequest =
  | { id: number; op: 'insert' | 'remove' | 'stats' }
  | { id: number; op: 'removeAfter'; count: number };

/** A request before the thread gives it an id. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

export type CardThreadReply =
  | { id: number; ok: true; value?: VirtualCardStats }
  | { id: number; ok: false; code: DeviceErrorCode; detail: string };

export interface CardThreadData {
  spec: VirtualCardSpec;
  link: VpcdLinkOptions;
}

/** Bound on any request to the worker. */
const REQUEST_TIMEOUT_MS = 10_000;

function workerSource(): string {
  const ownUrl = import.meta.url;
  const typescript = ownUrl.endsWith('.ts');
  const entry = new URL(`./card-thread-worker${typescript ? '.ts' : '.js'}`, ownUrl).href;
  // Run from TypeScript (tests, bench via tsx), the worker needs tsx's loader, which workers do not inherit.
  const loader = typescript ? import.meta.resolve('tsx/esm/api') : undefined;
  return loader
    ? `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`
    : `import(${JSON.stringify(entry)});`;
}

export class VpcdCardThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: CardThreadReply) => void; timer: NodeJS.Timeout }>();
  private ended: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    /** The card's ATR, as pcscd will report it. */
    readonly atr: Uint8Array,
  ) {
    // A worker that dies answers nothing more: fail what is waiting now rather than at each timeout.
    worker.on('error', () => this.failPending('card thread crashed'));
    worker.on('exit', () => this.failPending('card thread ended'));
    worker.on('message', (reply: CardThreadReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      clearTimeout(waiter.timer);
      this.pending.delete(reply.id);
      // Only keep the process alive while a request is out: a forgotten card must not hang a test run.
      if (this.pending.size === 0) worker.unref();
      waiter.resolve(reply);
    });
  }

  private failPending(detail: string): void {
    for (const [id, waiter] of this.pending) {
      clearTimeout(waiter.timer);
      this.pending.delete(id);
      waiter.resolve({ id, ok: false, code: 'card_io', detail });
    }
  }

  /** Starts the worker with the card (not yet on the reader). */
  static start(spec: VirtualCardSpec, link: VpcdLinkOptions = {}): Promise<VpcdCardThread> {
    const data: CardThreadData = { spec, link };
    const worker = new Worker(workerSource(), { eval: true, workerData: data });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new DeviceError('card_io', {}, 'card thread did not start'));
      }, REQUEST_TIMEOUT_MS);
      worker.once('error', () => {
        clearTimeout(timer);
        reject(new DeviceError('card_io', {}, 'card thread failed to start'));
      });
      worker.once('message', (ready: { atr: Uint8Array }) => {
        clearTimeout(timer);
        worker.unref();
        resolve(new VpcdCardThread(worker, new Uint8Array(ready.atr)));
      });
    });
  }

  private request(message: Unnumbered<CardThreadRequest>): Promise<VirtualCardStats | undefined> {
    if (this.ended) return Promise.reject(new DeviceError('card_io', {}, 'card thread closed'));
    const id = this.nextId++;
    this.worker.ref();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker.unref();
        reject(new DeviceError('card_io', {}, `card thread did not answer ${message.op}`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, {
        timer,
        resolve: (reply) => {
          if (reply.ok) resolve(reply.value);
          else {
            const code = (DEVICE_ERROR_CODES as readonly string[]).includes(reply.code) ? reply.code : 'card_io';
            reject(new DeviceError(code, {}, reply.detail));
          }
        },
      });
      this.worker.postMessage({ ...message, id } as CardThreadRequest);
    });
  }

  /** Connects the card to vpcd: pcscd sees it arrive. */
  async insert(): Promise<void> {
    await this.request({ op: 'insert' });
  }

  /** Disconnects it: pcscd sees it leave. */
  async remove(): Promise<void> {
    await this.request({ op: 'remove' });
  }

  /** Answers `count` more APDUs, then drops off the reader instead of answering the next one. */
  async removeAfter(count: number): Promise<void> {
    await this.request({ op: 'removeAfter', count });
  }

  async stats(): Promise<VirtualCardStats> {
    const stats = await this.request({ op: 'stats' });
    if (!stats) throw new DeviceError('card_io', {}, 'card thread sent no stats');
    return stats;
  }

  /** Takes the card off the reader and ends the worker. Idempotent. */
  close(): Promise<void> {
    this.ended ??= (async () => {
      try {
        await this.request({ op: 'remove' });
      } catch {
        // ending anyway
      }
      await this.worker.terminate();
    })();
    return this.ended;
  }
}
