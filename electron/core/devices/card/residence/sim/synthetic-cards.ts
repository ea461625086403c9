import { constants, sign } from 'node:crypto';
import Encoding from 'encoding-japanese';
import { concatBytes, zeroPadTo } from '../bytes';
import { printedEntriesSignedData } from '../second-generation-files';
import { firstGenerationSignedData, secondGenerationSignedData } from '../signature';
import { encodeTlv } from '../tlv';
import type {
  FirstGenerationAddressEntry,
  FirstGenerationPermissions,
  PrintedEntries,
  SecondGenerationPermissions,
} from '../types';
import { demoFacePhoto, textTiff } from './card-images';
import { testSigner } from './test-keys';
import type { ResidenceCardProfile } from './virtual-residence-card';

/**
 * Synthetic residence cards for the virtual card: made-up numbers, dates and codes, decodable images (./card-images), and a
 * real signature by the TEST-ONLY signer of ../fixtures over exactly the data the specification says is
 * signed. Nothing here is or resembles a real person.
 *
 * Files are written the way the card writes them: at full capacity with zero filler; gen-2 image values at
 * their maximum sizes (appendix 2 shows `D0 82 09 C4`, `D1 82 0B B8`); gen-1 image values at their real
 * length (so the reader's zero padding to 7000/3000 for the signature is exercised).
 */

/** ASCII codes and gen-2 text (UTF-8). */
const utf8 = (text: string) => new TextEncoder().encode(text);
const cp932 = (text: string) => Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }));

/** The file: its objects, then zero filler up to the capacity. */
function file(capacity: number, ...objects: Uint8Array[]): Uint8Array {
  const content = concatBytes(...objects);
  if (content.length > capacity) throw new RangeError('synthetic file larger than its capacity');
  return zeroPadTo(content, capacity);
}

const tlv = (tag: number, value: Uint8Array | string) => encodeTlv(tag, typeof value === 'string' ? utf8(value) : value);

function commonData(): Uint8Array {
  return file(6, tlv(0xc0, '0001'));
}

// --- gen 1 ---------------------------------------------------------------------------------------------------

export interface SyntheticFirstGenerationCard {
  readonly profile: ResidenceCardProfile;
  readonly expected: {
    readonly frontImage: Uint8Array;
    readonly facePhoto: Uint8Array;
    readonly addresses: readonly FirstGenerationAddressEntry[];
    readonly permissions: FirstGenerationPermissions;
  };
}

export function syntheticFirstGenerationCard(cardType: '1' | '2' = '1'): SyntheticFirstGenerationCard {
  const cardNumber = cardType === '1' ? 'AB12345678CD' : 'AB98765432CD';
  const address = '東京都千代田区霞が関１－２－３　ハイツ髙橋１０１号';
  // Gen 1 has no text for the name, birth date or status: only this picture of the card face.
  const frontImage = textTiff(
    [
      cardType === '1' ? '在留カード　SAMPLE HOLDER ONE' : '特別永住者証明書　SAMPLE HOLDER TWO',
      '生年月日 1988年07月20日　性別 F',
      '国籍・地域 ベトナム',
      `住居地 ${address.slice(0, 11)}`,
      cardType === '1' ? '在留資格 技術・人文知識・国際業務' : '',
    ].filter(Boolean),
    { fontPx: 16, capacity: 7000 },
  );
  const facePhoto = demoFacePhoto();
  const comprehensive = '許可（原則週２８時間以内・風俗営業等の従事を除く）';

  const signer = testSigner(1);
  const signature = sign('sha256', firstGenerationSignedData(frontImage, facePhoto), {
    key: signer.privateKey,
    padding: constants.RSA_PKCS1_PADDING,
  });

  const df2 = new Map<number, Uint8Array>([
    [0x81, file(342, tlv(0xd2, '20240401'), tlv(0xd3, '131016'), tlv(0xd4, zeroPadTo(cp932(address), 320)))],
  ]);
  if (cardType === '1') {
    df2.set(0x82, file(122, tlv(0xd5, cp932(comprehensive))));
    df2.set(0x83, file(122, tlv(0xd6, new Uint8Array(0))));
    df2.set(0x84, file(3, tlv(0xd7, '1')));
  }

  return {
    profile: {
      cardType,
      cardNumber,
      files: {
        MF: new Map([
          [0x8b, commonData()],
          [0x8a, file(3, tlv(0xc1, cardType))],
        ]),
        DF1: new Map([
          [0x85, file(7004, tlv(0xd0, frontImage))],
          [0x86, file(3004, tlv(0xd1, facePhoto))],
        ]),
        DF2: df2,
        DF3: new Map([[0x82, file(1464, tlv(0xda, signature), tlv(0xdb, signer.certificate))]]),
      },
    },
    expected: {
      frontImage,
      facePhoto,
      addresses: [{ date: '2024-04-01', municipalityCode: '131016', address }],
      permissions: cardType === '1' ? { comprehensivePermission: comprehensive, renewalApplication: '1' } : {},
    },
  };
}

// --- gen 2 ---------------------------------------------------------------------------------------------------

export interface SyntheticSecondGenerationCard {
  readonly profile: ResidenceCardProfile;
  readonly expected: {
    readonly cardNumber: string;
    readonly printed: PrintedEntries;
    readonly nameImage: Uint8Array;
    readonly facePhoto: Uint8Array;
    readonly addressImage: Uint8Array;
    readonly permissions: SecondGenerationPermissions;
  };
}

/** Who a synthetic gen-2 residence card (type 05) is for; the demo makes cards for its demo residents. */
export interface SyntheticHolder {
  readonly cardNumber: string;
  /** 'YYYY-MM-DD'. */
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
  /** ISO 3166-1 alpha-3, as the card stores it. */
  readonly nationalityCode: string;
  /** The name as printed (Latin letters), drawn into the name image. */
  readonly name?: string;
  /** The address, drawn into the address image. */
  readonly address?: string;
}

export function syntheticSecondGenerationCard(cardType: '05' | '06' = '05', holder?: SyntheticHolder): SyntheticSecondGenerationCard {
  const residenceCard = cardType === '05';
  const cardNumber = holder?.cardNumber ?? (residenceCard ? 'UV23456789WX' : 'SP34567890QR');
  const birth = holder?.birthDate ?? '1990-04-15';
  const sex = holder?.sex ?? 'female';
  const nationality = holder?.nationalityCode ?? 'VNM';
  // Values at their fixed widths: 53 bytes for 05, 34 for 06 (spec 3.3.4.4).
  const printedObjects = residenceCard
    ? [
        tlv(0xc5, '20300131'),
        tlv(0xc6, birth.replace(/-/g, '')),
        tlv(0xc7, sex === 'male' ? '1' : '2'),
        tlv(0xc8, nationality),
        tlv(0xc9, '0000000016'),
        tlv(0xce, '0300'),
        tlv(0xca, '01'),
        tlv(0xcb, '20250201'),
        tlv(0xcc, '2'),
        tlv(0xcd, '20280131'),
      ]
    : [tlv(0xc5, '20330630'), tlv(0xc6, '19750101'), tlv(0xc7, '1'), tlv(0xc8, 'KOR'), tlv(0xc9, '0000000099'), tlv(0xce, '0000')];
  const printedFile = file(residenceCard ? 73 : 46, ...printedObjects);
  const printed: PrintedEntries = residenceCard
    ? {
        cardExpiry: '2030-01-31',
        birthDate: birth,
        sex,
        nationalityCode: nationality,
        statusOfResidenceCode: '0000000016',
        periodOfStay: { kind: 'years-months', years: 3, months: 0 },
        permissionTypeCode: '01',
        permissionDate: '2025-02-01',
        workRestriction: 'per-status',
        periodExpiry: '2028-01-31',
      }
    : {
        cardExpiry: '2033-06-30',
        birthDate: '1975-01-01',
        sex: 'male',
        nationalityCode: 'KOR',
        statusOfResidenceCode: '0000000099',
        periodOfStay: { kind: 'indefinite' },
      };

  // Gen 2 has the name and the address only as pictures (values at their maximum sizes, zero filled).
  const nameImage = zeroPadTo(textTiff([holder?.name ?? (residenceCard ? 'SAMPLE HOLDER THREE' : 'SAMPLE HOLDER FOUR')], { capacity: 2500 }), 2500);
  const facePhoto = zeroPadTo(demoFacePhoto(), 3000);
  const addressImage = zeroPadTo(textTiff([holder?.address ?? '東京都千代田区霞が関１－２－３'], { fontPx: 18, capacity: 2500 }), 2500);

  const signer = testSigner(2);
  const signedData = secondGenerationSignedData(printedEntriesSignedData(printedFile), facePhoto, nameImage);
  const signature = sign('sha256', signedData, { key: signer.privateKey, dsaEncoding: 'ieee-p1363' });

  const remarks = '資格外活動許可書記載の内容による';
  const df2 = residenceCard
    ? new Map<number, Uint8Array>([
        [0x81, file(22, tlv(0xd5, zeroPadTo(utf8('1'), 7)), tlv(0xd6, '20290131'), tlv(0xd7, '0'))],
        [0x82, file(3, tlv(0xd8, '1'))],
        [0x83, file(207, tlv(0xd9, '1'), tlv(0xde, zeroPadTo(utf8(remarks), 200)))],
      ])
    : new Map<number, Uint8Array>([[0x83, file(207, tlv(0xd9, '0'), tlv(0xde, new Uint8Array(200)))]]);
  const permissions: SecondGenerationPermissions = residenceCard
    ? {
        comprehensivePermissionCode: '1',
        comprehensivePermissionExpiry: '2029-01-31',
        individualPermission: false,
        renewalApplicationPending: true,
        commissionerNote: true,
        remarks,
      }
    : { commissionerNote: false };

  return {
    profile: {
      cardType,
      cardNumber,
      files: {
        MF: new Map([
          [0x8b, commonData()],
          [0x8a, file(4, tlv(0xc1, cardType))],
        ]),
        DF1: new Map([
          [0x81, file(14, tlv(0xc2, cardNumber))],
          [0x83, printedFile],
          [0x84, file(5508, tlv(0xd0, nameImage), tlv(0xd1, facePhoto))],
          [0x86, file(2505, tlv(0xdfd1, addressImage))],
        ]),
        DF2: df2,
        DF3: new Map([[0x82, file(704, tlv(0xdc, signature), tlv(0xdd, signer.certificate))]]),
      },
    },
    expected: { cardNumber, printed, nameImage, facePhoto, addressImage, permissions },
  };
}
