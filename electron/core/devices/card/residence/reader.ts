import type { X509Certificate } from 'node:crypto';
import { DeviceError } from '../../../../../shared/devices/errors';
import type { CardTransport } from '../transport';
import { authenticate, type HostNonceSource, type SecureSession } from './authentication';
import { wipe } from './bytes';
import { requireResidenceCardNumber, type ResidenceCardNumber } from './card-number';
import { parseCardType, parseCommonData, type CardTypeInfo } from './card-type';
import {
  exchange,
  expectOk,
  MF_CARD_TYPE,
  MF_COMMON_DATA,
  readBinaryShort,
  readBinaryWhole,
  selectDf,
  SW_OK,
  swText,
  type DedicatedFile,
} from './commands';
import { cipherSuiteFor } from './crypto';
import {
  FIRST_GENERATION_FILES,
  firstGenerationPermissions,
  parseAddressEntries,
  parseFirstGenerationFace,
  parseFrontImage,
} from './first-generation-files';
import {
  parseAddressImage,
  parseCardNumberFile,
  parseNameAndFace,
  parsePrintedEntries,
  parseSecondGenerationPermissions,
  printedEntriesSignedData,
  SECOND_GENERATION_FILES,
} from './second-generation-files';
import { buildSmReadBinary, unwrapSmResponse } from './secure-messaging';
import { firstGenerationSignedData, parseSignatureFile, secondGenerationSignedData, verifyCardSignature } from './signature';
import { readTlvHeader } from './tlv';
import type { FirstGenerationResidenceCard, ResidenceCardRead, SecondGenerationResidenceCard } from './types';

/**
 * Reads a residence card (在留カード) or special permanent resident certificate (特別永住者証明書), first or second
 * generation, with the card number staff typed from the card face:
 *
 * 1. MF card type (C1) and common data (C0), no authentication. The generation is decided here, before any
 *    cryptography; unknown types and the My Number-integrated 07/08 are refused ('card_unsupported').
 * 2. GET CHALLENGE, MUTUAL AUTHENTICATE, VERIFY of the number under secure messaging (authentication.ts).
 * 3. DF1 under secure messaging, DF2 and DF3 in plain (access needs the VERIFY above).
 * 4. The issuer signature over the images / printed entries, and the signer certificate against the trust list.
 *
 * The result is built only when every step succeeded: a card removed mid-read is DeviceError('card_removed')
 * and nothing read before it leaves this function. Only DeviceError is ever thrown. Nothing is logged here.
 */

export interface ReadResidenceCardOptions {
  /**
   * The issuer (CA) certificates a card's signer certificate must be issued by: ISA's published CA
   * certificates in production (from configuration), synthetic ones in tests. Without any, every card reads
   * with signature status 'untrusted-issuer' (or 'invalid').
   */
  readonly trustedIssuers?: readonly X509Certificate[];
  /** Test hook: the host's RND.IFD and K.IFD (default: fresh random bytes from node:crypto). */
  readonly hostNonces?: HostNonceSource;
}

export async function readResidenceCard(
  transport: CardTransport,
  cardNumberInput: string,
  options: ReadResidenceCardOptions = {},
): Promise<ResidenceCardRead> {
  const cardNumber = requireResidenceCardNumber(cardNumberInput);
  const type = parseCardType(await readMfObject(transport, MF_CARD_TYPE, 'card type'));
  const specVersion = parseCommonData(await readMfObject(transport, MF_COMMON_DATA, 'common data'));
  const session = await authenticate(transport, cipherSuiteFor(type.generation), cardNumber, options.hostNonces);
  try {
    const context: ReadContext = { transport, session, type, specVersion, trustedIssuers: options.trustedIssuers ?? [] };
    return type.generation === 1 ? await readFirstGeneration(context) : await readSecondGeneration(context, cardNumber);
  } finally {
    wipe(session.sessionKey);
  }
}

interface ReadContext {
  readonly transport: CardTransport;
  readonly session: SecureSession;
  readonly type: CardTypeInfo;
  readonly specVersion: string;
  readonly trustedIssuers: readonly X509Certificate[];
}

/**
 * An MF object read with short Le: the 2-byte TLV header first, then exactly the object (a fixed Le of 03
 * would cut the gen-2 type `C1 02 30 35`). A card that cannot answer these is not a residence card.
 */
async function readMfObject(transport: CardTransport, p1: number, what: string): Promise<Uint8Array> {
  const read = async (length: number): Promise<Uint8Array> => {
    const response = await exchange(transport, readBinaryShort(p1, length));
    if (response.sw !== SW_OK) throw new DeviceError('card_unsupported', {}, `MF ${what} answered ${swText(response.sw)}`);
    if (response.data.length < length) throw new DeviceError('card_protocol', {}, `MF ${what}: short answer`);
    return response.data.subarray(0, length);
  };
  let prefix = await read(2);
  let header = readTlvHeader(prefix);
  if (!header) {
    // Long-form length: 81 xx / 82 xx yy follow the tag.
    const lengthBytes = (prefix[1] ?? 0) & 0x7f;
    prefix = await read(2 + lengthBytes);
    header = readTlvHeader(prefix);
  }
  const total = header ? header.headerLength + header.valueLength : 0;
  if (!header || total > 256) throw new DeviceError('card_protocol', {}, `MF ${what}: implausible object`);
  return read(total);
}

async function select(transport: CardTransport, df: DedicatedFile): Promise<void> {
  expectOk(await exchange(transport, selectDf(df)), `SELECT ${df}`);
}

/** A whole EF of the selected DF under secure messaging; the caller wipes the plaintext. */
async function readSecure(context: ReadContext, p1: number): Promise<Uint8Array> {
  const data = expectOk(await exchange(context.transport, buildSmReadBinary(p1)), `SM READ BINARY ${p1.toString(16)}`);
  return unwrapSmResponse(context.session.suite, context.session.sessionKey, data);
}

async function readPlain(context: ReadContext, p1: number): Promise<Uint8Array> {
  return expectOk(await exchange(context.transport, readBinaryWhole(p1)), `READ BINARY ${p1.toString(16)}`);
}

/** Reads and parses one secure file, wiping the decrypted buffer once the parser has copied what it keeps. */
async function secureFile<T>(context: ReadContext, p1: number, parse: (file: Uint8Array) => T): Promise<T> {
  const file = await readSecure(context, p1);
  try {
    return parse(file);
  } finally {
    wipe(file);
  }
}

async function readFirstGeneration(context: ReadContext): Promise<FirstGenerationResidenceCard> {
  const { transport, type } = context;
  const files = FIRST_GENERATION_FILES;
  if (type.cardType !== '1' && type.cardType !== '2') throw new DeviceError('card_protocol', {}, 'generation and card type disagree');

  await select(transport, 'DF1');
  const frontImage = await secureFile(context, files.frontImage, parseFrontImage);
  const facePhoto = await secureFile(context, files.facePhoto, parseFirstGenerationFace);

  await select(transport, 'DF2');
  const addresses = parseAddressEntries(await readPlain(context, files.address));
  // The remarks files exist on residence cards only (type 1).
  const permissions =
    type.cardType === '1'
      ? firstGenerationPermissions({
          comprehensive: await readPlain(context, files.comprehensivePermission),
          individual: await readPlain(context, files.individualPermission),
          renewal: await readPlain(context, files.renewalApplication),
        })
      : {};

  await select(transport, 'DF3');
  const signatureFile = parseSignatureFile(await readPlain(context, files.signature), 1);
  const signedData = firstGenerationSignedData(frontImage.bytes, facePhoto.bytes);
  const signature = verifyCardSignature({ generation: 1, signedData, signatureFile, trustedIssuers: context.trustedIssuers });
  wipe(signedData);

  return {
    generation: 1,
    cardType: type.cardType,
    kind: type.kind,
    specVersion: context.specVersion,
    signature,
    frontImage,
    facePhoto,
    addresses,
    permissions,
  };
}

async function readSecondGeneration(context: ReadContext, cardNumber: ResidenceCardNumber): Promise<SecondGenerationResidenceCard> {
  const { transport, type } = context;
  const files = SECOND_GENERATION_FILES;
  if (type.cardType !== '05' && type.cardType !== '06') throw new DeviceError('card_protocol', {}, 'generation and card type disagree');

  await select(transport, 'DF1');
  const chipNumber = await secureFile(context, files.cardNumber, parseCardNumberFile);
  if (chipNumber !== cardNumber) throw new DeviceError('card_protocol', {}, 'the chip holds another number than the verified one');
  const { printed, signedPrinted } = await secureFile(context, files.printedEntries, (file) => ({
    printed: parsePrintedEntries(file),
    signedPrinted: printedEntriesSignedData(file).slice(),
  }));
  const { nameImage, facePhoto } = await secureFile(context, files.nameAndFace, parseNameAndFace);
  const addressImage = await secureFile(context, files.addressImage, parseAddressImage);

  await select(transport, 'DF2');
  // 05 has three DF2 files; 06 only the "other" one (P1 83).
  const df2Files =
    type.cardType === '05'
      ? [await readPlain(context, files.permissions), await readPlain(context, files.renewalApplication), await readPlain(context, files.other)]
      : [await readPlain(context, files.other)];
  const permissions = parseSecondGenerationPermissions(df2Files);

  await select(transport, 'DF3');
  const signatureFile = parseSignatureFile(await readPlain(context, files.signature), 2);
  const signedData = secondGenerationSignedData(signedPrinted, facePhoto.bytes, nameImage.bytes);
  const signature = verifyCardSignature({ generation: 2, signedData, signatureFile, trustedIssuers: context.trustedIssuers });
  wipe(signedData, signedPrinted);

  return {
    generation: 2,
    cardType: type.cardType,
    kind: type.kind,
    specVersion: context.specVersion,
    signature,
    cardNumber: chipNumber,
    printed,
    nameImage,
    facePhoto,
    addressImage,
    permissions,
  };
}
