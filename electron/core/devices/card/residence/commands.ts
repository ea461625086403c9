import { DeviceError, isDeviceError } from '../../../../../shared/devices/errors';
import type { CardTransport } from '../transport';
import { concatBytes } from './bytes';

/**
 * The plain command APDUs of the residence card (spec chapter 4 of both generations) and the one way every
 * command is sent. Minimal on purpose: the card-wide apdu.ts is being written in parallel.
 */

/** The DFs, 16-byte AIDs (identical in both generations). */
export const DF_AID = {
  DF1: Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x02, ...new Array<number>(10).fill(0)),
  DF2: Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x03, ...new Array<number>(10).fill(0)),
  DF3: Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x04, ...new Array<number>(10).fill(0)),
} as const;
export type DedicatedFile = keyof typeof DF_AID;

/** READ BINARY P1 with short-EF-identifier addressing: 0x80 | SFI, read right after selecting the parent. */
export const MF_COMMON_DATA = 0x8b;
export const MF_CARD_TYPE = 0x8a;

export const SW_OK = 0x9000;
export const SW_VERIFICATION_FAILED = 0x6300; // VERIFY: wrong number; MUTUAL AUTHENTICATE: cryptogram rejected
export const SW_SECURITY_STATUS = 0x6982;

export interface ResponseApdu {
  readonly data: Uint8Array;
  readonly sw: number;
}

export function splitResponse(response: Uint8Array): ResponseApdu {
  if (response.length < 2) throw new DeviceError('card_protocol', {}, 'response shorter than a status word');
  const sw = ((response[response.length - 2] ?? 0) << 8) | (response[response.length - 1] ?? 0);
  return { data: response.subarray(0, response.length - 2), sw };
}

export function swText(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Sends one command. The transport answers DeviceError ('card_removed', 'card_io') by contract; anything else
 * it might throw is turned into 'card_io' so nothing but DeviceError ever leaves the reader.
 */
export async function exchange(transport: CardTransport, command: Uint8Array): Promise<ResponseApdu> {
  let response: Uint8Array;
  try {
    response = await transport.transmit(command);
  } catch (error) {
    if (isDeviceError(error)) throw error;
    throw new DeviceError('card_io', {}, 'transport failed without a device error');
  }
  return splitResponse(response);
}

/** The response data of a command that must answer 90 00; `step` names the command for the developer detail. */
export function expectOk(response: ResponseApdu, step: string): Uint8Array {
  if (response.sw !== SW_OK) throw new DeviceError('card_protocol', {}, `${step} answered ${swText(response.sw)}`);
  return response.data;
}

export function selectDf(df: DedicatedFile): Uint8Array {
  return concatBytes(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c, 0x10), DF_AID[df]);
}

/** READ BINARY with a short Le (1–256 bytes; 256 is coded 00). */
export function readBinaryShort(p1: number, le: number): Uint8Array {
  return Uint8Array.of(0x00, 0xb0, p1, 0x00, le & 0xff);
}

/** READ BINARY of the whole file: extended Le `00 00 00` (= "everything", spec 4.2.5). */
export function readBinaryWhole(p1: number): Uint8Array {
  return Uint8Array.of(0x00, 0xb0, p1, 0x00, 0x00, 0x00, 0x00);
}

export const GET_CHALLENGE = Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08);

export function mutualAuthenticate(eIfd: Uint8Array, mIfd: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(0x00, 0x82, 0x00, 0x00, 0x28), eIfd, mIfd, Uint8Array.of(0x00));
}
