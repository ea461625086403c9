/**
 * The seam under all card logic: one connected card that answers command APDUs. Implemented by the PC/SC
 * driver (a real reader through pcscd / WinSCard), and in tests by an in-process virtual card. Card
 * applications (My Number text AP, residence card) only ever see this interface.
 */
export interface CardTransport {
  /** Sends one command APDU and resolves to the response APDU (data ‖ SW1 SW2). Throws DeviceError
   *  ('card_removed' when the card left the reader, 'card_io' when the reader stopped answering). */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** The card's ATR as the reader reported it. */
  readonly atr: Uint8Array;
}

/**
 * The card side of a simulator: answers one command APDU at a time, synchronously, with its own state
 * (PIN counters, selected file…). The same object serves in-process tests (`transportFor`) and the vpcd
 * link to the real pcscd stack.
 */
export interface VirtualCard {
  readonly atr: Uint8Array;
  /** Power on / reset: drop the volatile state (selected files, security status), keep the persistent one. */
  reset(): void;
  process(apdu: Uint8Array): Uint8Array;
}
