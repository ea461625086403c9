/**
 * A stateful simulator of the My Number card's 券面事項入力補助AP (its files, APDUs, status words, PIN counter and
 * TLV records, as ./mynumber reads them), modelled on what the open-source readers' fake cards answer (jpki/myna). The same object serves in-process tests (`transportFor`) and
 * the real PC/SC stack through vpcd (`VpcdLink`).
 *
 * Persistent (survives reset(), like the card's EEPROM): the PIN retry counter.
 * Volatile (dropped by reset() and by selecting a DF): selected DF/EF, PIN verified, pending GET RESPONSE data.
 *
 * All data is synthetic. The counters (`verifyCount`, `commandCount`…) let tests assert what reached the
 * card, e.g. that no VERIFY is sent once the PIN is locked.
 */
import { INS, SW } from '../apdu';
import { TEXT_AP_AID, TEXT_AP_FILES, TEXT_AP_TAGS, PIN_MAX_TRIES, type Sex } from '../mynumber';
import { concatBytes, encodeTlv } from '../tlv';
import type { VirtualCard } from '../transport';
import { parseCommandApdu, respond, sameBytes, withTck } from './command-apdu';

/** Other APs of the card: SELECT answers 9000, nothing inside is simulated. */
const OTHER_APS = [
  Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01), // 公的個人認証AP
  Uint8Array.of(0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02), // 券面事項確認AP
  Uint8Array.of(0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00), // 住基AP
];

/** PC/SC synthetic ATR of a contactless Type B card: 3B 88 80 01, 8 historical bytes, TCK. */
export const MYNUMBER_CARD_ATR = withTck([0x3b, 0x88, 0x80, 0x01, 0, 0, 0, 0, 0, 0, 0, 0]);

export interface VirtualMyNumberCardOptions {
  name?: string;
  address?: string;
  /** 'YYYY-MM-DD'. */
  birthDate?: string;
  sex?: Sex;
  /** 12 digits; not validated, so tests can put a wrong check digit on a card. */
  individualNumber?: string;
  /** The 4-digit PIN. */
  pin?: string;
  /** Tries left when the card is made (3 on a fresh card, 0 = locked). */
  triesLeft?: number;
  /** Byte that fills each EF after its object: real cards have 00 or FF there. */
  filler?: 0x00 | 0xff;
  /** When set, answers carrying more data than this come in parts announced by 61xx (GET RESPONSE). */
  responseChunk?: number;
  atr?: Uint8Array;
}

export const SYNTHETIC_MYNUMBER_HOLDER = {
  name: '番号　花子',
  address: '東京都千代田区霞が関１－２－３',
  birthDate: '1980-01-01',
  sex: 2 as Sex,
  individualNumber: '123456789018',
  pin: '1234',
} as const;

const FILLER_BYTES = 16;
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/** EF 0001: FF10 0C + 12 ASCII digits, then filler. */
export function individualNumberFile(individualNumber: string, filler: number = 0x00): Uint8Array {
  return concatBytes([encodeTlv(TEXT_AP_TAGS.individualNumber, ascii(individualNumber)), new Uint8Array(2).fill(filler)]);
}

/**
 * EF 0002: FF20 { DF21 offset table, DF22 name, DF23 address, DF24 birth date, DF25 sex }, then filler. Long
 * values take the 81 xx / 82 xx yy length forms, as a long address does on real cards.
 */
export function attributesFile(
  holder: { name: string; address: string; birthDate: string; sex: Sex },
  filler: number = 0x00,
): Uint8Array {
  const utf8 = new TextEncoder();
  const fields = [
    encodeTlv(TEXT_AP_TAGS.name, utf8.encode(holder.name)),
    encodeTlv(TEXT_AP_TAGS.address, utf8.encode(holder.address)),
    encodeTlv(TEXT_AP_TAGS.birthDate, ascii(holder.birthDate.replaceAll('-', ''))),
    encodeTlv(TEXT_AP_TAGS.sex, ascii(String(holder.sex))),
  ];
  const tableLength = 2 + 8; // DF21 08 + four 2-byte offsets
  const innerLength = tableLength + fields.reduce((sum, field) => sum + field.length, 0);
  const outerHeaderLength = encodeTlv(TEXT_AP_TAGS.attributes, new Uint8Array(innerLength)).length - innerLength;
  // The offset table points at each field's tag from the start of the file.
  const table = new Uint8Array(8);
  let at = outerHeaderLength + tableLength;
  fields.forEach((field, i) => {
    table[2 * i] = at >> 8;
    table[2 * i + 1] = at & 0xff;
    at += field.length;
  });
  const outer = encodeTlv(TEXT_AP_TAGS.attributes, concatBytes([encodeTlv(TEXT_AP_TAGS.offsetTable, table), ...fields]));
  return concatBytes([outer, new Uint8Array(FILLER_BYTES).fill(filler)]);
}

type Selected = 'none' | 'text-ap' | 'other-ap';

export class VirtualMyNumberCard implements VirtualCard {
  readonly atr: Uint8Array;
  private readonly pin: Uint8Array;
  private readonly files: ReadonlyMap<number, Uint8Array>;
  private readonly responseChunk: number | undefined;

  // Persistent.
  private tries: number;
  private counters = { commands: 0, verify: 0, retryQueries: 0, resets: 0 };

  // Volatile.
  private df: Selected = 'none';
  private ef: number | undefined;
  private verified = false;
  private pending: { data: Uint8Array; sw: number } | undefined;

  constructor(options: VirtualMyNumberCardOptions = {}) {
    const d = SYNTHETIC_MYNUMBER_HOLDER;
    const holder = {
      name: options.name ?? d.name,
      address: options.address ?? d.address,
      birthDate: options.birthDate ?? d.birthDate,
      sex: options.sex ?? d.sex,
      individualNumber: options.individualNumber ?? d.individualNumber,
      pin: options.pin ?? d.pin,
    };
    const filler = options.filler ?? 0x00;
    this.atr = options.atr ?? MYNUMBER_CARD_ATR;
    this.pin = ascii(holder.pin);
    this.tries = options.triesLeft ?? PIN_MAX_TRIES;
    this.responseChunk = options.responseChunk;
    this.files = new Map([
      [TEXT_AP_FILES.individualNumber, individualNumberFile(holder.individualNumber, filler)],
      [TEXT_AP_FILES.attributes, attributesFile(holder, filler)],
    ]);
  }

  /** Tries left on the card's counter (0 = locked). */
  get triesLeft(): number {
    return this.tries;
  }
  /** VERIFY commands carrying a PIN that reached the card (the ones that can use up a try). */
  get verifyCount(): number {
    return this.counters.verify;
  }
  /** VERIFY commands without data (the non-consuming retry query). */
  get retryQueryCount(): number {
    return this.counters.retryQueries;
  }
  /** Every command APDU processed. */
  get commandCount(): number {
    return this.counters.commands;
  }
  get resetCount(): number {
    return this.counters.resets;
  }

  reset(): void {
    this.counters.resets++;
    this.df = 'none';
    this.ef = undefined;
    this.verified = false;
    this.pending = undefined;
  }

  process(apdu: Uint8Array): Uint8Array {
    this.counters.commands++;
    const command = parseCommandApdu(apdu);
    const pending = this.pending;
    this.pending = undefined; // any command but GET RESPONSE drops what was not fetched
    if (!command) return respond(SW.WRONG_LENGTH);
    if (command.cla !== 0x00) return respond(SW.CLA_NOT_SUPPORTED);
    switch (command.ins) {
      case INS.SELECT:
        return this.select(command.p1, command.data);
      case INS.VERIFY:
        return this.verify(command.p1, command.p2, command.data);
      case INS.READ_BINARY:
        return this.chunked(this.readBinary(command.p1, command.p2, command.le));
      case INS.GET_RESPONSE:
        return pending ? this.chunked(pending, command.le) : respond(SW.NO_PRECISE_DIAGNOSIS);
      default:
        return respond(SW.INS_NOT_SUPPORTED);
    }
  }

  private select(p1: number, data: Uint8Array): Uint8Array {
    if (p1 === 0x04) {
      // A DF selection drops the security status of the previous one (conservative: real cards may keep it
      // when the same DF is selected again, so the reader code must not rely on either).
      this.verified = false;
      this.ef = undefined;
      if (sameBytes(data, TEXT_AP_AID)) this.df = 'text-ap';
      else if (OTHER_APS.some((aid) => sameBytes(data, aid))) this.df = 'other-ap';
      else return respond(SW.FILE_NOT_FOUND);
      return respond(SW.OK);
    }
    if (p1 === 0x02) {
      if (this.df !== 'text-ap' || data.length !== 2) return respond(SW.FILE_NOT_FOUND);
      const fileId = (data[0]! << 8) | data[1]!;
      if (fileId !== TEXT_AP_FILES.pin && !this.files.has(fileId)) return respond(SW.FILE_NOT_FOUND);
      this.ef = fileId;
      return respond(SW.OK);
    }
    return respond(SW.WRONG_P1P2);
  }

  private verify(p1: number, p2: number, data: Uint8Array): Uint8Array {
    if (p1 !== 0x00 || p2 !== 0x80) return respond(SW.WRONG_P1P2);
    if (this.ef !== TEXT_AP_FILES.pin) return respond(SW.NO_CURRENT_EF);
    if (data.length === 0) {
      this.counters.retryQueries++;
      if (this.tries === 0) return respond(SW.AUTH_METHOD_BLOCKED);
      return this.verified ? respond(SW.OK) : respond(0x63c0 | this.tries);
    }
    this.counters.verify++;
    if (this.tries === 0) return respond(SW.AUTH_METHOD_BLOCKED);
    if (sameBytes(data, this.pin)) {
      this.tries = PIN_MAX_TRIES;
      this.verified = true;
      return respond(SW.OK);
    }
    this.tries--;
    this.verified = false;
    return respond(0x63c0 | this.tries);
  }

  private readBinary(p1: number, p2: number, le: number | undefined): { data: Uint8Array; sw: number } {
    const none = new Uint8Array(0);
    if (le === undefined) return { data: none, sw: SW.WRONG_LENGTH };
    if (p1 & 0x80) return { data: none, sw: SW.FUNCTION_NOT_SUPPORTED }; // short EF id form: not simulated
    if (this.ef === undefined) return { data: none, sw: SW.NO_CURRENT_EF };
    const file = this.files.get(this.ef);
    if (!file) return { data: none, sw: 0x6981 }; // the key EF cannot be read
    if (!this.verified) return { data: none, sw: SW.SECURITY_NOT_SATISFIED };
    const offset = (p1 << 8) | p2;
    if (offset >= file.length) return { data: none, sw: SW.WRONG_P1P2 };
    const data = file.slice(offset, offset + le);
    return { data, sw: data.length < le ? SW.END_OF_FILE : SW.OK };
  }

  /** Answers in full, or the first part and 61xx when responseChunk asks for T=0-style chaining. */
  private chunked(answer: { data: Uint8Array; sw: number }, le?: number): Uint8Array {
    const limit = Math.min(this.responseChunk ?? Infinity, le ?? Infinity);
    if (answer.data.length <= limit) return respond(answer.sw, answer.data);
    const rest = answer.data.subarray(limit);
    this.pending = { data: rest, sw: answer.sw };
    return respond(0x6100 | (rest.length >= 256 ? 0 : rest.length), answer.data.subarray(0, limit));
  }
}
