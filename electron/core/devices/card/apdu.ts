/**
 * ISO/IEC 7816-4 short command APDUs and status words, as the card applications use them. Builders return
 * fresh byte arrays; nothing here talks to a card. Everything that can fail throws DeviceError: a builder
 * with impossible arguments is a programming error ('card_protocol'), a response too short to carry a status
 * word is a broken answer ('card_protocol').
 */
import { DeviceError } from '../../../../shared/devices/errors';

/** Status words the card applications act on (ISO/IEC 7816-4 and JICSAP: 63 Cx wrong PIN with x tries left, 69 84 locked, 69 82 security status not satisfied). */
export const SW = {
  OK: 0x9000,
  END_OF_FILE: 0x6282, // fewer bytes than Le before the end of the EF: the data is still valid
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982, // read before VERIFY
  AUTH_METHOD_BLOCKED: 0x6984, // the PIN is locked: every attempt answers this
  REFERENCE_DATA_UNUSABLE: 0x6983,
  NO_CURRENT_EF: 0x6986,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

export const INS = {
  SELECT: 0xa4,
  VERIFY: 0x20,
  READ_BINARY: 0xb0,
  GET_RESPONSE: 0xc0,
  GET_DATA: 0xca,
} as const;

/** Largest READ BINARY offset: P1 bit 8 set would mean a short EF identifier instead of an offset. */
export const MAX_READ_OFFSET = 0x7fff;
/** Largest Le of a short APDU (sent as 00). */
export const MAX_SHORT_LE = 256;

function invalid(detail: string): DeviceError {
  return new DeviceError('card_protocol', {}, detail);
}

function byte(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw invalid(`${what} is not a byte`);
  return value;
}

/** Le 1..256 as its one-byte encoding (256 → 00). */
function encodeLe(le: number): number {
  if (!Number.isInteger(le) || le < 1 || le > MAX_SHORT_LE) throw invalid('Le out of range 1..256');
  return le === MAX_SHORT_LE ? 0 : le;
}

/** A short APDU: case 1 (header), 2 (+Le), 3 (+Lc data) or 4 (+Lc data Le). */
export function commandApdu(cla: number, ins: number, p1: number, p2: number, data?: Uint8Array, le?: number): Uint8Array {
  const header = [byte(cla, 'CLA'), byte(ins, 'INS'), byte(p1, 'P1'), byte(p2, 'P2')];
  const body = data ?? new Uint8Array(0);
  if (body.length > 255) throw invalid('Lc above 255 needs an extended APDU');
  const out = new Uint8Array(4 + (body.length > 0 ? 1 + body.length : 0) + (le === undefined ? 0 : 1));
  out.set(header, 0);
  let at = 4;
  if (body.length > 0) {
    out[at++] = body.length;
    out.set(body, at);
    at += body.length;
  }
  if (le !== undefined) out[at] = encodeLe(le);
  return out;
}

/** SELECT by DF name (AID). P2 0C: no FCI wanted, which is what both government cards expect. */
export function selectDf(dfName: Uint8Array, p2 = 0x0c): Uint8Array {
  if (dfName.length < 1 || dfName.length > 16) throw invalid('DF name must be 1..16 bytes');
  return commandApdu(0x00, INS.SELECT, 0x04, p2, dfName);
}

/** SELECT an EF under the current DF by its 2-byte file identifier. */
export function selectEf(fileId: number, p2 = 0x0c): Uint8Array {
  if (!Number.isInteger(fileId) || fileId < 0 || fileId > 0xffff) throw invalid('file id is not 2 bytes');
  return commandApdu(0x00, INS.SELECT, 0x02, p2, Uint8Array.of(fileId >> 8, fileId & 0xff));
}

/**
 * VERIFY with reference data. P2 80 = specific reference data of the currently selected key EF, so the key
 * EF must be SELECTed first. The returned APDU carries the secret: callers wipe it after sending.
 */
export function verify(referenceData: Uint8Array, p2 = 0x80): Uint8Array {
  if (referenceData.length < 1) throw invalid('VERIFY without data is the retry query');
  return commandApdu(0x00, INS.VERIFY, 0x00, p2, referenceData);
}

/** VERIFY without data: answers 63Cx (x tries left), 6984 (locked) or 9000, and does not use up a try. */
export function verifyRetryQuery(p2 = 0x80): Uint8Array {
  return commandApdu(0x00, INS.VERIFY, 0x00, p2);
}

/** READ BINARY of the current EF: P1P2 is a 15-bit offset, Le 1..256. */
export function readBinary(offset: number, le: number): Uint8Array {
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_READ_OFFSET) throw invalid('READ BINARY offset out of 15 bits');
  return commandApdu(0x00, INS.READ_BINARY, offset >> 8, offset & 0xff, undefined, le);
}

/** GET RESPONSE for the bytes a 61xx announced (xx = 00 means 256). */
export function getResponse(le: number): Uint8Array {
  return commandApdu(0x00, INS.GET_RESPONSE, 0x00, 0x00, undefined, le === 0 ? MAX_SHORT_LE : le);
}

/** PC/SC part 3 pseudo-APDU answered by the reader itself: the contactless UID (or FeliCa IDm). */
export function getDataUid(): Uint8Array {
  return Uint8Array.of(0xff, INS.GET_DATA, 0x00, 0x00, 0x00);
}

export interface ResponseApdu {
  /** The response data, a view into the response (without SW1 SW2). */
  data: Uint8Array;
  sw: number;
}

/** Splits a response APDU into data and status word; fewer than 2 bytes is not an answer. */
export function parseResponse(response: Uint8Array): ResponseApdu {
  if (response.length < 2) throw invalid('response shorter than a status word');
  const n = response.length;
  return { data: response.subarray(0, n - 2), sw: (response[n - 2]! << 8) | response[n - 1]! };
}

/** "6982" — for error details: a status word is not personal data, the data bytes are and never go here. */
export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** 63Cx → x; anything else → undefined. */
export function triesFromSw(sw: number): number | undefined {
  return (sw & 0xfff0) === 0x63c0 ? sw & 0x0f : undefined;
}

/** The response data when the status word is 9000, else DeviceError('card_protocol') naming the step. */
export function expectOk(response: Uint8Array, step: string): Uint8Array {
  const { data, sw } = parseResponse(response);
  if (sw !== SW.OK) throw invalid(`${step}: SW ${swHex(sw)}`);
  return data;
}

/** Upper bound on GET RESPONSE rounds and collected bytes, so a card that keeps answering 61xx cannot hang us. */
const MAX_CHAINED_ROUNDS = 64;
const MAX_CHAINED_BYTES = 64 * 1024;

/**
 * Sends one command and follows the transport-level status words so card applications never see them:
 * 61xx → GET RESPONSE until the last part (T=0 style chaining, which some contactless readers pass through),
 * 6Cxx → the same case-2 command again with Le = xx. Every CardTransport implementation sends through this.
 */
export async function transmitWithResponseChaining(
  send: (apdu: Uint8Array) => Promise<Uint8Array>,
  apdu: Uint8Array,
): Promise<Uint8Array> {
  let response = await send(apdu);
  // Wrong Le: only a bodiless case-2 command is safe to repeat as-is with the corrected Le.
  if (response.length === 2 && response[0] === 0x6c && apdu.length === 5) {
    const again = apdu.slice();
    again[4] = response[1]!;
    response = await send(again);
  }
  const parts: Uint8Array[] = [];
  let collected = 0;
  for (let round = 0; response.length >= 2 && response[response.length - 2] === 0x61; round++) {
    if (round >= MAX_CHAINED_ROUNDS) throw invalid('too many GET RESPONSE rounds');
    const part = response.subarray(0, response.length - 2);
    collected += part.length;
    if (collected > MAX_CHAINED_BYTES) throw invalid('chained response too long');
    parts.push(part);
    response = await send(getResponse(response[response.length - 1]!));
  }
  if (parts.length === 0) return response;
  parts.push(response);
  const out = new Uint8Array(collected + response.length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
