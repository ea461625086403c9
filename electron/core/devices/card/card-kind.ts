/**
 * What was put on the reader: a My Number card, a residence card (在留カード / 特別永住者証明書), a staff IC
 * card, or something else. Decided from the ATR and SELECT probes that touch no secret: no VERIFY, no READ.
 */
import type { DeviceError } from '../../../../shared/devices/errors';
import { parseResponse, selectDf, SW } from './apdu';
import { asDeviceError } from './device-error';
import { TEXT_AP_AID } from './mynumber';
import { readCardUid } from './staff-card';
import type { CardTransport } from './transport';

export type CardKind = 'mynumber' | 'residence' | 'staff' | 'unknown';

/** DF1 of the residence card (在留カード等仕様書): answers 9000 to SELECT on residence cards only. */
export const RESIDENCE_CARD_DF1_AID = Uint8Array.of(
  0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
);

/**
 * PC/SC part 3 ATR of a contactless *storage* card (MIFARE, FeliCa…): 3B 8F 80 01 80 4F 0C A0 00 00 03 06 …
 * (RID A0 00 00 03 06 in the historical bytes). Such cards have no ISO 7816-4 applications, so they are not
 * sent SELECTs at all.
 */
export function isStorageCardAtr(atr: Uint8Array): boolean {
  const prefix = [0x3b, 0x8f, 0x80, 0x01, 0x80, 0x4f, 0x0c, 0xa0, 0x00, 0x00, 0x03, 0x06];
  return atr.length >= prefix.length && prefix.every((b, i) => atr[i] === b);
}

/** The card (or reader) left, or PC/SC went away: no later probe can answer, so these are not "no". */
function isFatal(error: DeviceError): boolean {
  return error.code === 'card_removed' || error.code === 'pcsc_unavailable' || error.code === 'reader_missing';
}

async function answersSelect(transport: CardTransport, aid: Uint8Array): Promise<boolean> {
  try {
    return parseResponse(await transport.transmit(selectDf(aid))).sw === SW.OK;
  } catch (error) {
    const failure = asDeviceError(error);
    if (isFatal(failure)) throw failure;
    return false; // a card that chokes on SELECT is not one of ours
  }
}

async function hasUid(transport: CardTransport): Promise<boolean> {
  try {
    await readCardUid(transport);
    return true;
  } catch (error) {
    const failure = asDeviceError(error);
    if (isFatal(failure)) throw failure;
    return false;
  }
}

/**
 * My Number: the text input support AP answers SELECT. Residence: DF1 answers SELECT. Staff: anything else
 * with a UID. Throws DeviceError only when the card or PC/SC goes away during the probe.
 */
export async function detectCardKind(transport: CardTransport): Promise<CardKind> {
  if (!isStorageCardAtr(transport.atr)) {
    if (await answersSelect(transport, TEXT_AP_AID)) return 'mynumber';
    if (await answersSelect(transport, RESIDENCE_CARD_DF1_AID)) return 'residence';
  }
  return (await hasUid(transport)) ? 'staff' : 'unknown';
}
