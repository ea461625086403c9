import { DeviceError } from '../../../../../shared/devices/errors';
import { concatBytes, zeroPadTo } from './bytes';
import { codeValue, dateValue, utf8Text } from './field-values';
import { findTag, parseTlvs, requireTag, type Tlv } from './tlv';
import type {
  Jpeg2000Image,
  MmrTiffImage,
  PeriodOfStay,
  PrintedEntries,
  SecondGenerationPermissions,
  Sex,
  WorkRestriction,
} from './types';

/**
 * The files of a gen-2 card (types 05/06; 第２世代在留カード等仕様書 Ver 1.1, 3.3). All text is UTF-8 / ASCII codes.
 *
 * | DF  | P1 | content |
 * |-----|----|---------|
 * | DF1 | 81 | C2 card number (SM) |
 * | DF1 | 83 | C5…CD, CE printed entries, 73 B (05) / 46 B (06) (SM) |
 * | DF1 | 84 | D0 name image (TIFF MMR, ≤ 2500) + D1 face (JPEG 2000, ≤ 3000) (SM) |
 * | DF1 | 86 | DFD1 address image (TIFF MMR) (SM) — P1 86 is the *face* on gen 1 |
 * | DF2 | 81 / 82 / 83 | D5 D6 D7 / D8 / D9 DE (05); 06 has only 83 (D9 DE) |
 * | DF3 | 82 | DC signature + DD certificate (signature.ts) |
 */

export const SECOND_GENERATION_FILES = {
  cardNumber: 0x81,
  printedEntries: 0x83,
  nameAndFace: 0x84,
  addressImage: 0x86,
  permissions: 0x81,
  renewalApplication: 0x82,
  other: 0x83,
  signature: 0x82,
} as const;

const TAG = {
  cardNumber: 0xc2,
  cardExpiry: 0xc5,
  birthDate: 0xc6,
  sex: 0xc7,
  nationality: 0xc8,
  statusOfResidence: 0xc9,
  permissionType: 0xca,
  permissionDate: 0xcb,
  workRestriction: 0xcc,
  periodExpiry: 0xcd,
  periodOfStay: 0xce,
  nameImage: 0xd0,
  facePhoto: 0xd1,
  addressImage: 0xdfd1,
  comprehensivePermission: 0xd5,
  comprehensivePermissionExpiry: 0xd6,
  individualPermission: 0xd7,
  renewalApplication: 0xd8,
  commissionerNote: 0xd9,
  remarks: 0xde,
} as const;

/** The signed form of the printed entries is their values, concatenated, 53 bytes (06: 34, zero-padded to 53). */
export const SIGNED_PRINTED_ENTRIES_LENGTH = 53;

const SEX: Readonly<Record<string, Sex>> = { '1': 'male', '2': 'female', '3': 'unspecified' };
const WORK_RESTRICTION: Readonly<Record<string, WorkRestriction>> = {
  '1': 'none',
  '2': 'per-status',
  '4': 'as-designated',
  '9': 'not-permitted',
};

function lookup<T>(table: Readonly<Record<string, T>>, code: string | undefined, what: string): T | undefined {
  if (code === undefined) return undefined;
  if (!Object.hasOwn(table, code)) throw new DeviceError('card_protocol', {}, `${what}: unknown code`);
  return table[code];
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DeviceError('card_protocol', {}, `${what}: missing`);
  return value;
}

/** C2: the 12-character number the chip holds. */
export function parseCardNumberFile(file: Uint8Array): string {
  const code = codeValue(requireTag(parseTlvs(file), TAG.cardNumber), 'card number');
  if (code === undefined || !/^[A-Z0-9]{12}$/.test(code)) throw new DeviceError('card_protocol', {}, 'card number: not 12 characters');
  return code;
}

export function parsePeriodOfStay(value: Uint8Array | undefined): PeriodOfStay | undefined {
  const code = codeValue(value, 'period of stay');
  if (code === undefined) return undefined;
  if (code === '0000') return { kind: 'indefinite' };
  if (/^\d{4}$/.test(code)) return { kind: 'years-months', years: Number(code.slice(0, 2)), months: Number(code.slice(2)) };
  if (/^\d{3}$/.test(code)) return { kind: 'days', days: Number(code) };
  throw new DeviceError('card_protocol', {}, 'period of stay: unknown form');
}

/** DF1 EF02 券面記載事項. */
export function parsePrintedEntries(file: Uint8Array): PrintedEntries {
  const objects = parseTlvs(file);
  const value = (tag: number) => findTag(objects, tag);
  const optional = <K extends keyof PrintedEntries>(key: K, v: PrintedEntries[K] | undefined) =>
    (v === undefined ? {} : { [key]: v }) as Partial<Pick<PrintedEntries, K>>;
  return {
    cardExpiry: required(dateValue(value(TAG.cardExpiry), 'card expiry'), 'card expiry'),
    birthDate: required(dateValue(value(TAG.birthDate), 'birth date'), 'birth date'),
    sex: required(lookup(SEX, codeValue(value(TAG.sex), 'sex'), 'sex'), 'sex'),
    nationalityCode: required(codeValue(value(TAG.nationality), 'nationality'), 'nationality'),
    ...optional('statusOfResidenceCode', codeValue(value(TAG.statusOfResidence), 'status of residence')),
    ...optional('periodOfStay', parsePeriodOfStay(value(TAG.periodOfStay))),
    ...optional('permissionTypeCode', codeValue(value(TAG.permissionType), 'permission type')),
    ...optional('permissionDate', dateValue(value(TAG.permissionDate), 'permission date')),
    ...optional('workRestriction', lookup(WORK_RESTRICTION, codeValue(value(TAG.workRestriction), 'work restriction'), 'work restriction')),
    ...optional('periodExpiry', dateValue(value(TAG.periodExpiry), 'period expiry')),
  };
}

/**
 * What the signature covers of DF1 EF02: the values of its objects in file order, headers excluded, padded
 * with zeros to 53 bytes (a 06 certificate has 34 bytes of values).
 */
export function printedEntriesSignedData(file: Uint8Array): Uint8Array {
  const values = parseTlvs(file).map((object: Tlv) => object.value);
  return zeroPadTo(concatBytes(...values), SIGNED_PRINTED_ENTRIES_LENGTH);
}

export interface NameAndFace {
  readonly nameImage: MmrTiffImage;
  readonly facePhoto: Jpeg2000Image;
}

/** DF1 EF03: D0 name image and D1 face photo, in one file. */
export function parseNameAndFace(file: Uint8Array): NameAndFace {
  const objects = parseTlvs(file);
  return {
    nameImage: { format: 'tiff-mmr', bytes: requireTag(objects, TAG.nameImage).slice() },
    facePhoto: { format: 'jpeg2000', bytes: requireTag(objects, TAG.facePhoto).slice() },
  };
}

/** DF1 EF04: the DFD1 address image. */
export function parseAddressImage(file: Uint8Array): MmrTiffImage {
  return { format: 'tiff-mmr', bytes: requireTag(parseTlvs(file), TAG.addressImage).slice() };
}

function flag(value: Uint8Array | undefined, what: string): boolean | undefined {
  const code = codeValue(value, what);
  if (code === undefined) return undefined;
  if (code !== '0' && code !== '1') throw new DeviceError('card_protocol', {}, `${what}: not 0/1`);
  return code === '1';
}

/** The DF2 files of the card, merged (each tag may be in any of them; a tag in two files is malformed). */
export function parseSecondGenerationPermissions(files: readonly Uint8Array[]): SecondGenerationPermissions {
  const objects = files.flatMap((file) => parseTlvs(file));
  const value = (tag: number) => findTag(objects, tag);
  const comprehensivePermissionCode = codeValue(value(TAG.comprehensivePermission), 'comprehensive permission');
  const comprehensivePermissionExpiry = dateValue(value(TAG.comprehensivePermissionExpiry), 'comprehensive permission expiry');
  const individualPermission = flag(value(TAG.individualPermission), 'individual permission');
  const renewalApplicationPending = flag(value(TAG.renewalApplication), 'renewal application');
  const commissionerNote = flag(value(TAG.commissionerNote), 'commissioner note');
  const remarks = utf8Text(value(TAG.remarks));
  return {
    ...(comprehensivePermissionCode !== undefined ? { comprehensivePermissionCode } : {}),
    ...(comprehensivePermissionExpiry !== undefined ? { comprehensivePermissionExpiry } : {}),
    ...(individualPermission !== undefined ? { individualPermission } : {}),
    ...(renewalApplicationPending !== undefined ? { renewalApplicationPending } : {}),
    ...(commissionerNote !== undefined ? { commissionerNote } : {}),
    ...(remarks !== undefined ? { remarks } : {}),
  };
}
