/**
 * The staff IC card as the second login factor: only its UID matters (the server keeps an HMAC of it, never
 * the UID itself — server/auth/credentials.ts). The UID is a credential: never log it.
 */
import { DeviceError } from '../../../../shared/devices/errors';
import { getDataUid, parseResponse, SW, swHex } from './apdu';
import { asDeviceError } from './device-error';
import type { CardTransport } from './transport';

/** ISO 14443-A UIDs are 4, 7 or 10 bytes, a Type B PUPI 4, a FeliCa IDm 8. */
const MIN_UID_BYTES = 4;
const MAX_UID_BYTES = 10;

/** Parses the answer to GET DATA UID (FF CA 00 00 00) into uppercase hex. */
export function uidFromResponse(response: Uint8Array): string {
  const { data, sw } = parseResponse(response);
  // 6A81: the reader does not offer the pseudo-APDU for this card; anything else non-9000 as well.
  if (sw !== SW.OK) throw new DeviceError('card_unsupported', {}, `GET DATA UID: SW ${swHex(sw)}`);
  if (data.length < MIN_UID_BYTES || data.length > MAX_UID_BYTES) throw new DeviceError('card_protocol', {}, 'UID length out of range');
  return Array.from(data, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
}

/** The card's UID as uppercase hex (e.g. "04A23B7A"). Throws only DeviceError. */
export async function readCardUid(transport: CardTransport): Promise<string> {
  try {
    return uidFromResponse(await transport.transmit(getDataUid()));
  } catch (error) {
    throw asDeviceError(error);
  }
}
