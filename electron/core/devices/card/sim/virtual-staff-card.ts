/**
 * A staff IC card as a contactless reader presents it: a storage card (MIFARE / FeliCa class) with a PC/SC
 * part 3 ATR, whose only useful answer is its UID to GET DATA (FF CA 00 00 00). On a real reader the reader
 * itself answers that pseudo-APDU; through vpcd this object plays both. Synthetic UIDs only.
 */
import { INS, SW } from '../apdu';
import type { VirtualCard } from '../transport';
import { parseCommandApdu, respond } from './command-apdu';

/** PC/SC part 3 ATR of a MIFARE Classic 1K: 3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A. */
export const STAFF_CARD_ATR = Uint8Array.of(
  0x3b, 0x8f, 0x80, 0x01, 0x80, 0x4f, 0x0c, 0xa0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6a,
);

export interface VirtualStaffCardOptions {
  /** The UID: 4, 7 or 10 bytes (8 for a FeliCa IDm). */
  uid?: Uint8Array;
  atr?: Uint8Array;
}

export class VirtualStaffCard implements VirtualCard {
  readonly atr: Uint8Array;
  readonly uid: Uint8Array;
  private commands = 0;

  constructor(options: VirtualStaffCardOptions = {}) {
    this.atr = options.atr ?? STAFF_CARD_ATR;
    this.uid = options.uid ?? Uint8Array.of(0x04, 0xa2, 0x3b, 0x7a);
  }

  get commandCount(): number {
    return this.commands;
  }

  reset(): void {
    // A storage card keeps nothing volatile that matters here.
  }

  process(apdu: Uint8Array): Uint8Array {
    this.commands++;
    const command = parseCommandApdu(apdu);
    if (!command) return respond(SW.WRONG_LENGTH);
    if (command.cla !== 0xff) return respond(SW.CLA_NOT_SUPPORTED); // no ISO 7816-4 applications
    if (command.ins !== INS.GET_DATA) return respond(SW.INS_NOT_SUPPORTED);
    if (command.p1 !== 0x00 || command.p2 !== 0x00) return respond(SW.FUNCTION_NOT_SUPPORTED);
    // PC/SC part 3: Le 00 = the whole UID; a smaller Le gets 6Cxx with the right length.
    const le = command.le ?? 256;
    if (le !== 256 && le < this.uid.length) return respond(0x6c00 | this.uid.length);
    return respond(SW.OK, this.uid);
  }
}
