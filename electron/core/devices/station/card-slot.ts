import type { DevicesView } from '../../../../shared/contract/views';
import type { CardTransport } from '../card/transport';

/**
 * One card reader as the station sees it: what is on it, and exclusive use of the card for one read.
 * Implemented over PC/SC (./pcsc-slot) and over in-process virtual cards (./sim/simulated-slot).
 */
export interface CardSlot {
  readonly driver: string;
  state(): DevicesView['cardReader'];
  /** Something changed on the reader (card put on or taken off, reader attached or gone). */
  onChange(listener: () => void): () => void;
  /** Connects to the card on the reader, runs `use`, disconnects. Reads never overlap. */
  withCard<T>(use: (transport: CardTransport) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Runs async jobs one at a time (a card answers one conversation at a time). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
