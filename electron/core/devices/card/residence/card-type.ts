import { DeviceError } from '../../../../../shared/devices/errors';
import { parseFirstTlv } from './tlv';
import type { ResidenceCardType, ResidenceDocumentKind } from './types';

/**
 * MF EF02 (card type, tag C1) and MF EF01 (common data, tag C0), readable without authentication. The card
 * type decides the generation, and the generation decides the cryptography: it is read and checked *before*
 * anything is authenticated (a gen-2 card answering 63 00 is never retried with 3DES).
 */

export interface CardTypeInfo {
  readonly cardType: ResidenceCardType;
  readonly generation: 1 | 2;
  readonly kind: ResidenceDocumentKind;
}

const TAG_COMMON_DATA = 0xc0;
const TAG_CARD_TYPE = 0xc1;

const CARD_TYPES: Readonly<Record<ResidenceCardType, CardTypeInfo>> = {
  '1': { cardType: '1', generation: 1, kind: 'residence-card' },
  '2': { cardType: '2', generation: 1, kind: 'special-permanent-resident-certificate' },
  '05': { cardType: '05', generation: 2, kind: 'residence-card' },
  '06': { cardType: '06', generation: 2, kind: 'special-permanent-resident-certificate' },
};

/** Short ASCII codes (JIS X 0201 range); anything outside printable ASCII makes the object malformed. */
export function asciiCode(value: Uint8Array, what: string): string {
  for (const byte of value) {
    if (byte < 0x20 || byte > 0x7e) throw new DeviceError('card_protocol', {}, `${what}: not printable ASCII`);
  }
  return String.fromCharCode(...value);
}

/**
 * The C1 object (filler after it is ignored). `07`/`08` (特定在留カード, integrated with the My Number card)
 * use another application and key-delivery scheme and are refused as unsupported, like any unknown type.
 */
export function parseCardType(file: Uint8Array): CardTypeInfo {
  const object = parseFirstTlv(file);
  if (object.tag !== TAG_CARD_TYPE) throw new DeviceError('card_protocol', {}, 'card type: tag is not C1');
  const code = asciiCode(object.value, 'card type');
  const info = Object.hasOwn(CARD_TYPES, code) ? CARD_TYPES[code as ResidenceCardType] : undefined;
  if (!info) throw new DeviceError('card_unsupported', { cardType: code.length <= 2 ? code : '?' }, 'not a gen-1/gen-2 residence card type');
  return info;
}

/** The C0 object: the specification version string. */
export function parseCommonData(file: Uint8Array): string {
  const object = parseFirstTlv(file);
  if (object.tag !== TAG_COMMON_DATA) throw new DeviceError('card_protocol', {}, 'common data: tag is not C0');
  return asciiCode(object.value, 'common data').trim();
}
