import { DeviceError } from '../../../../../shared/devices/errors';
import { codeValue, cp932Text, dateValue } from './field-values';
import { findTag, parseTlvs, requireTag } from './tlv';
import type { FirstGenerationAddressEntry, FirstGenerationPermissions, Jpeg2000Image, MmrTiffImage } from './types';

/**
 * The files of a gen-1 card (types 1/2; 在留カード等仕様書 Ver 1.5, 3.3):
 *
 * | DF  | P1 | content |
 * |-----|----|---------|
 * | DF1 | 85 | D0 front face image, TIFF MMR, ≤ 7000 B (SM) |
 * | DF1 | 86 | D1 face photo, JPEG 2000, ≤ 3000 B (SM) |
 * | DF2 | 81 | 住居地: D2 date, D3 municipality code, D4 address (cp932) |
 * | DF2 | 82 / 83 / 84 | D5 / D6 / D7 back-side remarks (residence cards only) |
 * | DF3 | 82 | DA signature + DB certificate (signature.ts) |
 */

export const FIRST_GENERATION_FILES = {
  frontImage: 0x85,
  facePhoto: 0x86,
  address: 0x81,
  comprehensivePermission: 0x82,
  individualPermission: 0x83,
  renewalApplication: 0x84,
  signature: 0x82,
} as const;

const TAG_FRONT_IMAGE = 0xd0;
const TAG_FACE_PHOTO = 0xd1;
const TAG_ADDRESS_DATE = 0xd2;
const TAG_MUNICIPALITY = 0xd3;
const TAG_ADDRESS = 0xd4;

export function parseFrontImage(file: Uint8Array): MmrTiffImage {
  return { format: 'tiff-mmr', bytes: requireTag(parseTlvs(file), TAG_FRONT_IMAGE).slice() };
}

export function parseFirstGenerationFace(file: Uint8Array): Jpeg2000Image {
  return { format: 'jpeg2000', bytes: requireTag(parseTlvs(file), TAG_FACE_PHOTO).slice() };
}

/**
 * 住居地 entries. The file holds D2/D3/D4 groups (one group on the cards seen so far, room for a history):
 * each D2 starts a new entry; an entry without an address text (blank filler) is dropped.
 */
export function parseAddressEntries(file: Uint8Array): FirstGenerationAddressEntry[] {
  type Draft = { date?: string; municipalityCode?: string; address?: string; seen: Set<number> };
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  for (const object of parseTlvs(file)) {
    if (object.tag !== TAG_ADDRESS_DATE && object.tag !== TAG_MUNICIPALITY && object.tag !== TAG_ADDRESS) continue;
    if (!current || object.tag === TAG_ADDRESS_DATE || current.seen.has(object.tag)) {
      current = { seen: new Set() };
      drafts.push(current);
    }
    current.seen.add(object.tag);
    if (object.tag === TAG_ADDRESS_DATE) current.date = dateValue(object.value, 'address date');
    else if (object.tag === TAG_MUNICIPALITY) current.municipalityCode = codeValue(object.value, 'municipality code');
    else current.address = cp932Text(object.value);
  }
  const entries: FirstGenerationAddressEntry[] = [];
  for (const { date, municipalityCode, address } of drafts) {
    if (address === undefined) continue;
    entries.push({
      ...(date !== undefined ? { date } : {}),
      ...(municipalityCode !== undefined ? { municipalityCode } : {}),
      address,
    });
  }
  return entries;
}

/** One of the D5/D6/D7 remark files; undefined when the remark is blank. */
export function parseRemark(file: Uint8Array, tag: 0xd5 | 0xd6 | 0xd7): string | undefined {
  const objects = parseTlvs(file);
  const value = findTag(objects, tag);
  if (value === undefined && objects.length > 0) throw new DeviceError('card_protocol', {}, 'remark file without its tag');
  return cp932Text(value);
}

export function firstGenerationPermissions(files: {
  comprehensive: Uint8Array;
  individual: Uint8Array;
  renewal: Uint8Array;
}): FirstGenerationPermissions {
  const comprehensivePermission = parseRemark(files.comprehensive, 0xd5);
  const individualPermission = parseRemark(files.individual, 0xd6);
  const renewalApplication = parseRemark(files.renewal, 0xd7);
  return {
    ...(comprehensivePermission !== undefined ? { comprehensivePermission } : {}),
    ...(individualPermission !== undefined ? { individualPermission } : {}),
    ...(renewalApplication !== undefined ? { renewalApplication } : {}),
  };
}
