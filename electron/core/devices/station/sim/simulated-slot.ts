import type { DevicesView } from '../../../../../shared/contract/views';
import { DeviceError } from '../../../../../shared/devices/errors';
import { transportFor, type InProcessTransport } from '../../card/sim/in-process';
import type { CardTransport, VirtualCard } from '../../card/transport';
import { SerialQueue, type CardSlot } from '../card-slot';

export type SimulatedCardKind = 'mynumber' | 'residence' | 'staff';

/**
 * A card reader with virtual cards that staff (or a test) put on and take off, for the demo and the
 * end-to-end tests. The cards are stateful VirtualCards, so a PIN counter or a lock survives taking the card
 * off and putting it back, like a real card. Taking the card off during a read fails that read with
 * 'card_removed', exactly where a real reader would.
 */
export class SimulatedCardSlot implements CardSlot {
  readonly driver = 'simulator';
  private current: { kind: SimulatedCardKind; card: VirtualCard } | null = null;
  private active: InProcessTransport | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly queue = new SerialQueue();

  constructor(private readonly cards: Readonly<Record<SimulatedCardKind, VirtualCard>>) {}

  state(): DevicesView['cardReader'] {
    return { status: 'ready', driver: this.driver, reader: 'Madoguchi Virtual Reader', card: this.current?.kind ?? 'none' };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Puts a card on the reader (taking off whatever was there), or takes the card off ('none'). */
  put(kind: SimulatedCardKind | 'none'): void {
    this.active?.remove();
    this.active = null;
    this.current = kind === 'none' ? null : { kind, card: this.cards[kind] };
    for (const listener of this.listeners) listener();
  }

  /** The virtual card of a kind (tests look at its counters). */
  card(kind: SimulatedCardKind): VirtualCard {
    return this.cards[kind];
  }

  withCard<T>(use: (transport: CardTransport) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      if (!this.current) throw new DeviceError('card_absent');
      const transport = transportFor(this.current.card);
      this.active = transport;
      try {
        return await use(transport);
      } finally {
        if (this.active === transport) this.active = null;
      }
    });
  }

  async close(): Promise<void> {
    this.put('none');
  }
}
