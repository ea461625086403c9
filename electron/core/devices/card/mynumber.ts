/**
 * The My Number card's 券面事項入力補助AP (text input support AP): the 4 attributes (name, address, birth
 * date, sex) and, only when a procedure legally needs it, the 個人番号 — both behind the 4-digit
 * 券面事項入力補助用暗証番号. Protocol: ISO/IEC 7816-4 short APDUs (SELECT by DF name, VERIFY, READ BINARY) and the
 * retry query of JICSAP (VERIFY without data: answers 63 Cx and uses no try); records in BER-TLV (./tlv).
 *
 * PIN rules (J-LIS, https://support.iam-jpki.jp/password/passwordgalocksareteimasu): the PIN locks after 3 wrong
 * entries in a row and only the municipality can unlock it, so
 *   - the format is checked before anything is sent ('pin_format');
 *   - every VERIFY is preceded by the non-consuming retry query, and none is sent when the PIN is locked;
 *   - nothing here ever retries VERIFY: one call, at most one attempt.
 * Nothing here logs; errors carry codes and tries left, never the PIN, the number or the attributes.
 */
import { DeviceError } from '../../../../shared/devices/errors';
import {
  MAX_SHORT_LE,
  parseResponse,
  readBinary,
  selectDf,
  selectEf,
  SW,
  swHex,
  triesFromSw,
  verify,
  verifyRetryQuery,
} from './apdu';
import { asDeviceError } from './device-error';
import { isValidIndividualNumber } from './individual-number';
import { childrenOf, parseTlv, readTlvHeader, requireTlv } from './tlv';
import type { CardTransport } from './transport';

export { readCardUid } from './staff-card';

/** 券面事項入力補助AP. */
export const TEXT_AP_AID = Uint8Array.of(0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08);

export const TEXT_AP_FILES = {
  individualNumber: 0x0001,
  attributes: 0x0002,
  /** Key EF of the 4-digit 券面事項入力補助用暗証番号. */
  pin: 0x0011,
} as const;

export const TEXT_AP_TAGS = {
  individualNumber: 0xff10,
  attributes: 0xff20,
  offsetTable: 0xdf21,
  name: 0xdf22,
  address: 0xdf23,
  birthDate: 0xdf24,
  sex: 0xdf25,
} as const;

/** A correct entry resets the counter to this. */
export const PIN_MAX_TRIES = 3;

/** ISO 5218: 1 male, 2 female, 9 not applicable. */
export type Sex = 1 | 2 | 9;

export interface MyNumberAttributes {
  /** 氏名, as on the card (surname and given name separated by U+3000). */
  name: string;
  /** 住所, as on the card. */
  address: string;
  /** 生年月日, 'YYYY-MM-DD'. */
  birthDate: string;
  sex: Sex;
}

export type PinStatus =
  | { state: 'open'; triesLeft: number }
  | { state: 'locked' }
  /** Already verified in this card session (the retry query answers 9000). */
  | { state: 'verified' };

/** Biggest attributes object we accept: names and addresses are short, and this bounds the READ rounds. */
const MAX_ATTRIBUTES_BYTES = 4096;
/** FF 10 0C + 12 digits, and what one first read of 17 bytes (as jpki/myna does) covers with filler. */
const MAX_INDIVIDUAL_NUMBER_BYTES = 64;
const INDIVIDUAL_NUMBER_FIRST_READ = 0x11;
/** FF 20 82 xx yy fits in 5; 7 is the read the reference transcripts use. */
const ATTRIBUTES_HEADER_READ = 7;

const PIN_PATTERN = /^[0-9]{4}$/;

function protocol(detail: string): DeviceError {
  return new DeviceError('card_protocol', {}, detail);
}

/** Throws 'pin_format' unless the PIN is exactly 4 ASCII digits. Called before any APDU. */
export function checkPinFormat(pin: unknown): asserts pin is string {
  if (typeof pin !== 'string' || !PIN_PATTERN.test(pin)) throw new DeviceError('pin_format');
}

/** Reads the answer to the non-consuming retry query. */
export function pinStatusFromSw(sw: number): PinStatus {
  if (sw === SW.OK) return { state: 'verified' };
  if (sw === SW.AUTH_METHOD_BLOCKED || sw === SW.REFERENCE_DATA_UNUSABLE) return { state: 'locked' };
  const tries = triesFromSw(sw);
  if (tries === 0) return { state: 'locked' };
  if (tries !== undefined) return { state: 'open', triesLeft: tries };
  throw protocol(`PIN retry query: SW ${swHex(sw)}`);
}

// ignoreBOM: the value is returned exactly as stored, even one starting with U+FEFF.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw protocol(`${what} is not UTF-8`);
  }
}

function asciiDigits(bytes: Uint8Array, count: number, what: string): string {
  if (bytes.length !== count || !bytes.every((b) => b >= 0x30 && b <= 0x39)) throw protocol(`${what} is not ${count} digits`);
  return String.fromCharCode(...bytes);
}

/** 'YYYYMMDD' → 'YYYY-MM-DD', refusing dates that do not exist. */
function birthDateFrom(bytes: Uint8Array): string {
  const digits = asciiDigits(bytes, 8, 'birth date');
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1800 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw protocol('birth date is not a calendar date');
  }
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

function sexFrom(bytes: Uint8Array): Sex {
  if (bytes.length === 1) {
    if (bytes[0] === 0x31) return 1;
    if (bytes[0] === 0x32) return 2;
    if (bytes[0] === 0x39) return 9;
  }
  throw protocol('sex is not an ISO 5218 code 1, 2 or 9');
}

/** Parses EF 0002: FF20 { DF21 offsets, DF22 name, DF23 address, DF24 birth date, DF25 sex }, filler after. */
export function parseAttributes(file: Uint8Array): MyNumberAttributes {
  const outer = requireTlv(parseTlv(file), TEXT_AP_TAGS.attributes, 'attributes object FF20');
  const fields = childrenOf(outer);
  return {
    name: decodeUtf8(requireTlv(fields, TEXT_AP_TAGS.name, 'name DF22').value, 'name'),
    address: decodeUtf8(requireTlv(fields, TEXT_AP_TAGS.address, 'address DF23').value, 'address'),
    birthDate: birthDateFrom(requireTlv(fields, TEXT_AP_TAGS.birthDate, 'birth date DF24').value),
    sex: sexFrom(requireTlv(fields, TEXT_AP_TAGS.sex, 'sex DF25').value),
  };
}

/** Parses EF 0001: FF10 with 12 ASCII digits, filler after; the check digit must hold. */
export function parseIndividualNumber(file: Uint8Array): string {
  const object = requireTlv(parseTlv(file), TEXT_AP_TAGS.individualNumber, 'individual number FF10');
  const digits = asciiDigits(object.value, 12, 'individual number');
  if (!isValidIndividualNumber(digits)) throw protocol('individual number check digit does not hold');
  return digits;
}

/** Runs a card step so that whatever escapes it is a DeviceError (the transport contract, enforced). */
async function guarded<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw asDeviceError(error);
  }
}

function pinBytes(pin: string): Uint8Array {
  return Uint8Array.from(pin, (c) => c.charCodeAt(0));
}

/**
 * One session with the text input support AP on a connected card. Not re-entrant: one call at a time.
 * The verified state lives on the card; it lasts until the card is reset, removed or another DF is selected.
 */
export class MyNumberTextAp {
  constructor(private readonly transport: CardTransport) {}

  /** SELECT the AP; any refusal means this is not a My Number card ('card_unsupported'). */
  selectApplication(): Promise<void> {
    return guarded(() => this.selectTextAp());
  }

  private async selectTextAp(): Promise<void> {
    const { sw } = parseResponse(await this.transport.transmit(selectDf(TEXT_AP_AID)));
    if (sw !== SW.OK) throw new DeviceError('card_unsupported', {}, `SELECT text AP: SW ${swHex(sw)}`);
  }

  private async selectFile(fileId: number): Promise<void> {
    const { sw } = parseResponse(await this.transport.transmit(selectEf(fileId)));
    const name = `SELECT EF ${swHex(fileId)}`;
    // A text AP without one of its EFs is a card version we do not know.
    if (sw === SW.FILE_NOT_FOUND) throw new DeviceError('card_unsupported', {}, `${name}: not found`);
    if (sw !== SW.OK) throw protocol(`${name}: SW ${swHex(sw)}`);
  }

  /** SELECT AP, SELECT the PIN key EF, retry query. Uses up no try. */
  pinStatus(): Promise<PinStatus> {
    return guarded(async () => {
      await this.selectTextAp();
      await this.selectFile(TEXT_AP_FILES.pin);
      return pinStatusFromSw(parseResponse(await this.transport.transmit(verifyRetryQuery())).sw);
    });
  }

  /**
   * Tries left before the PIN locks: 0 when locked. A PIN already verified in this session counts as
   * PIN_MAX_TRIES, since the correct entry reset the counter.
   */
  async triesLeft(): Promise<number> {
    const status = await this.pinStatus();
    if (status.state === 'open') return status.triesLeft;
    return status.state === 'locked' ? 0 : PIN_MAX_TRIES;
  }

  /**
   * One attempt at the PIN (the retry query first). Throws 'pin_format' (nothing sent), 'pin_locked' (locked
   * before: no VERIFY sent; or this attempt used up the last try: params.lockedNow), 'pin_wrong' with
   * params.triesLeft. The UI shows triesLeft() before asking, and asks for confirmation at 1 (that try, if wrong, locks the card).
   */
  async verifyPin(pin: string): Promise<void> {
    checkPinFormat(pin);
    const status = await this.pinStatus();
    await guarded(() => this.attempt(pin, status));
  }

  private async attempt(pin: string, status: PinStatus): Promise<void> {
    if (status.state === 'locked') throw new DeviceError('pin_locked');
    const secret = pinBytes(pin);
    const command = verify(secret);
    secret.fill(0);
    let response: Uint8Array;
    try {
      response = await this.transport.transmit(command);
    } finally {
      command.fill(0); // the PIN does not linger in memory longer than the exchange
    }
    const { sw } = parseResponse(response);
    if (sw === SW.OK) return;
    const tries = triesFromSw(sw);
    if (tries === 0) throw new DeviceError('pin_locked', { lockedNow: true });
    if (tries !== undefined) throw new DeviceError('pin_wrong', { triesLeft: tries });
    if (sw === SW.AUTH_METHOD_BLOCKED || sw === SW.REFERENCE_DATA_UNUSABLE) throw new DeviceError('pin_locked');
    throw protocol(`VERIFY: SW ${swHex(sw)}`);
  }

  /** READ BINARY at `offset`; 6282 (end of file before Le bytes) still carries valid data. */
  private async readChunk(offset: number, le: number): Promise<Uint8Array> {
    const { data, sw } = parseResponse(await this.transport.transmit(readBinary(offset, le)));
    if (sw === SW.SECURITY_NOT_SATISFIED) throw protocol('READ BINARY before the PIN was verified');
    if (sw !== SW.OK && sw !== SW.END_OF_FILE) throw protocol(`READ BINARY: SW ${swHex(sw)}`);
    return data.subarray(0, le);
  }

  /**
   * Reads the TLV object at the start of the current EF: a first read that holds at least the header, then
   * the rest from where the first one ended. Returns exactly the object's bytes (no filler).
   */
  private async readObject(firstLe: number, maxBytes: number): Promise<Uint8Array> {
    const first = await this.readChunk(0, firstLe);
    const header = readTlvHeader(first);
    const total = header.headerLength + header.length;
    if (total > maxBytes) throw protocol('object longer than expected');
    const object = new Uint8Array(total);
    let got = Math.min(first.length, total);
    object.set(first.subarray(0, got));
    while (got < total) {
      const chunk = await this.readChunk(got, Math.min(MAX_SHORT_LE, total - got));
      if (chunk.length === 0) throw protocol('READ BINARY returned no data before the end of the object');
      const take = Math.min(chunk.length, total - got);
      object.set(chunk.subarray(0, take), got);
      got += take;
    }
    return object;
  }

  /** Name, address, birth date, sex from EF 0002. The PIN must have been verified in this session. */
  readAttributes(): Promise<MyNumberAttributes> {
    return guarded(async () => {
      await this.selectFile(TEXT_AP_FILES.attributes);
      return parseAttributes(await this.readObject(ATTRIBUTES_HEADER_READ, MAX_ATTRIBUTES_BYTES));
    });
  }

  /** The 12-digit 個人番号 from EF 0001, check digit verified. The PIN must have been verified. */
  readIndividualNumber(): Promise<string> {
    return guarded(async () => {
      await this.selectFile(TEXT_AP_FILES.individualNumber);
      return parseIndividualNumber(await this.readObject(INDIVIDUAL_NUMBER_FIRST_READ, MAX_INDIVIDUAL_NUMBER_BYTES));
    });
  }
}

export interface ReadMyNumberCardOptions {
  pin: string;
  /** Read the 個人番号 too. Only for procedures that legally need it (番号法); otherwise leave it false. */
  individualNumber: boolean;
}

export type MyNumberCardRead = MyNumberAttributes & { individualNumber?: string };

/**
 * Verifies the PIN (one attempt) and reads the 4 attributes, and the 個人番号 when asked. All or nothing: a
 * card removed at any point gives 'card_removed' and no partial result. Throws only DeviceError.
 */
export async function readMyNumberCard(
  transport: CardTransport,
  options: ReadMyNumberCardOptions & { individualNumber: true },
): Promise<MyNumberAttributes & { individualNumber: string }>;
export async function readMyNumberCard(
  transport: CardTransport,
  options: ReadMyNumberCardOptions & { individualNumber: false },
): Promise<MyNumberAttributes>;
export async function readMyNumberCard(transport: CardTransport, options: ReadMyNumberCardOptions): Promise<MyNumberCardRead>;
export async function readMyNumberCard(transport: CardTransport, options: ReadMyNumberCardOptions): Promise<MyNumberCardRead> {
  checkPinFormat(options.pin);
  try {
    const ap = new MyNumberTextAp(transport);
    await ap.verifyPin(options.pin);
    const attributes = await ap.readAttributes();
    if (!options.individualNumber) return attributes;
    const individualNumber = await ap.readIndividualNumber();
    return { ...attributes, individualNumber };
  } catch (error) {
    throw asDeviceError(error);
  }
}
