import { DeviceError } from '../../../../../../shared/devices/errors';
import type { CardTransport, VirtualCard } from '../../transport';

/**
 * A CardTransport straight onto a VirtualCard, in-process, for unit tests of the residence-card reader. The
 * card-wide sim/ will have its own adapter (and the vpcd link); this one only adds what these tests need:
 * pulling the card after a number of commands, and watching the commands go by.
 */
export interface InProcessTransportOptions {
  /** The card leaves the reader after this many commands: the next transmit throws 'card_removed'. */
  readonly removeAfter?: number;
  /** Sees every command and its response (tests only: these are APDU bytes, never log them). */
  readonly onExchange?: (command: Uint8Array, response: Uint8Array) => void;
}

export function connectVirtualCard(card: VirtualCard, options: InProcessTransportOptions = {}): CardTransport {
  card.reset(); // power on
  let sent = 0;
  return {
    atr: card.atr,
    async transmit(apdu: Uint8Array): Promise<Uint8Array> {
      if (options.removeAfter !== undefined && sent >= options.removeAfter) {
        throw new DeviceError('card_removed', {}, 'the virtual card was pulled');
      }
      sent++;
      const response = card.process(apdu.slice());
      options.onExchange?.(apdu, response);
      return response;
    },
  };
}
