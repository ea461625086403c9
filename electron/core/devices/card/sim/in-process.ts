/**
 * A CardTransport straight onto a VirtualCard, for unit tests: no PC/SC, no sockets. It behaves like the
 * PC/SC transport where the card applications can tell — asynchronous answers, 61xx/6Cxx followed for them,
 * removal surfacing as DeviceError('card_removed') — and can pull the card out after a given number of APDUs.
 */
import { DeviceError } from '../../../../../shared/devices/errors';
import { transmitWithResponseChaining } from '../apdu';
import type { CardTransport, VirtualCard } from '../transport';

export interface InProcessTransport extends CardTransport {
  /** Command APDUs that reached the card (GET RESPONSE rounds included). */
  readonly sent: number;
  readonly removed: boolean;
  /** Takes the card off the reader now: every later transmit throws 'card_removed'. */
  remove(): void;
  /** Lets `count` more APDUs through, then the card leaves: the next transmit throws 'card_removed'. */
  removeAfter(count: number): void;
}

export interface InProcessOptions {
  /** Same as calling removeAfter(n) right away. */
  removeAfter?: number;
}

/** Powers the card on (reset) and returns a transport onto it. */
export function transportFor(card: VirtualCard, options: InProcessOptions = {}): InProcessTransport {
  card.reset();
  let sent = 0;
  let removed = false;
  let removeAt = options.removeAfter ?? Infinity;

  const sendRaw = async (apdu: Uint8Array): Promise<Uint8Array> => {
    // Answer on a later turn, as a reader does, so callers cannot accidentally depend on synchronous replies.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!removed && sent >= removeAt) removed = true;
    if (removed) throw new DeviceError('card_removed', {}, 'virtual card removed');
    sent++;
    try {
      return card.process(apdu.slice()).slice();
    } catch {
      throw new DeviceError('card_io', {}, 'virtual card failed');
    }
  };

  return {
    atr: card.atr.slice(),
    get sent() {
      return sent;
    },
    get removed() {
      return removed;
    },
    remove() {
      removed = true;
    },
    removeAfter(count: number) {
      removeAt = sent + count;
    },
    transmit: (apdu) => transmitWithResponseChaining(sendRaw, apdu),
  };
}
