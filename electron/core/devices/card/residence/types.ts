/**
 * What a residence-card read returns. Everything here is resident data: it goes to the staff window for
 * comparison with the card face and with the resident, and is never logged.
 *
 * The name (both generations), the whole front face (gen 1) and the address (gen 2) exist on the chip only as
 * images; staff read them and type or confirm the text. Images are returned exactly as stored on the card
 * (values may carry trailing zero filler up to their maximum size).
 */

/** `1`/`2`: gen 1 residence card / special permanent resident certificate; `05`/`06`: the same in gen 2. */
export type ResidenceCardType = '1' | '2' | '05' | '06';

export type ResidenceDocumentKind = 'residence-card' | 'special-permanent-resident-certificate';

/** TIFF with MMR (CCITT T.6 style) compression: front face, name and address images. */
export interface MmrTiffImage {
  readonly format: 'tiff-mmr';
  readonly bytes: Uint8Array;
}

/** JPEG 2000: the face photo. */
export interface Jpeg2000Image {
  readonly format: 'jpeg2000';
  readonly bytes: Uint8Array;
}

/**
 * - 'valid': the card's data verifies against its signer certificate, and that certificate was issued by one
 *   of the configured trusted issuers.
 * - 'invalid': the data does not verify against the signature (altered data, or unusable signature material).
 * - 'untrusted-issuer': the data verifies against the card's own certificate, but no configured issuer issued
 *   that certificate.
 *
 * A valid signature proves integrity only, not that the card is still valid (revocation is an online query).
 */
export type SignatureStatus = 'valid' | 'invalid' | 'untrusted-issuer';

export interface SignatureCheck {
  readonly status: SignatureStatus;
  /** Subject of the trusted issuer certificate that issued the card's signer certificate ('valid' only). */
  readonly issuer?: string;
}

interface ResidenceCardCommon {
  readonly cardType: ResidenceCardType;
  readonly kind: ResidenceDocumentKind;
  /** MF common data (tag C0), the specification version the card was written to, e.g. "0001". */
  readonly specVersion: string;
  readonly signature: SignatureCheck;
}

// --- gen 1 ---------------------------------------------------------------------------------------------------

/** One 住居地 entry of the back side (DF2 EF01, tags D2/D3/D4). */
export interface FirstGenerationAddressEntry {
  /** D2, ISO date the entry was written, if present. */
  readonly date?: string;
  /** D3, the 6-digit local government code, if present. */
  readonly municipalityCode?: string;
  /** D4, decoded from Shift_JIS (cp932). */
  readonly address: string;
}

/** The back-side remarks of a gen-1 residence card (DF2 EF02–EF04), as the text on the card (cp932). */
export interface FirstGenerationPermissions {
  /** D5: 資格外活動許可欄 (comprehensive permission). */
  readonly comprehensivePermission?: string;
  /** D6: 資格外活動許可欄 (individual permission). */
  readonly individualPermission?: string;
  /** D7: 在留期間更新等許可申請欄. */
  readonly renewalApplication?: string;
}

export interface FirstGenerationResidenceCard extends ResidenceCardCommon {
  readonly generation: 1;
  readonly cardType: '1' | '2';
  /** The whole front face (name, birth date, status… are in this image, not in text). */
  readonly frontImage: MmrTiffImage;
  readonly facePhoto: Jpeg2000Image;
  readonly addresses: readonly FirstGenerationAddressEntry[];
  /** Residence cards only; empty for special permanent resident certificates. */
  readonly permissions: FirstGenerationPermissions;
}

// --- gen 2 ---------------------------------------------------------------------------------------------------

export type Sex = 'male' | 'female' | 'unspecified';

/** CC: 就労制限の有無. */
export type WorkRestriction =
  | 'none' // 1: 就労制限なし
  | 'per-status' // 2: 在留資格に基づく就労活動のみ可
  | 'as-designated' // 4: 指定書により指定された就労活動のみ可
  | 'not-permitted'; // 9: 就労不可

/** CE: 在留期間. `0000` is indefinite (永住者), `YYMM` years and months, `DDD` days. */
export type PeriodOfStay =
  | { readonly kind: 'indefinite' }
  | { readonly kind: 'years-months'; readonly years: number; readonly months: number }
  | { readonly kind: 'days'; readonly days: number };

/** DF1 EF02 券面記載事項. Dates are ISO `YYYY-MM-DD`; codes are the card's codes (tables are not on the chip). */
export interface PrintedEntries {
  /** C5: 有効期間の満了日 (card expiry). */
  readonly cardExpiry: string;
  /** C6: 生年月日. */
  readonly birthDate: string;
  /** C7. */
  readonly sex: Sex;
  /** C8: 国籍・地域 code. */
  readonly nationalityCode: string;
  /** C9: 在留資格 code. */
  readonly statusOfResidenceCode?: string;
  /** CE: 在留期間. */
  readonly periodOfStay?: PeriodOfStay;
  /** CA: 許可の種類 code (residence cards). */
  readonly permissionTypeCode?: string;
  /** CB: 許可年月日 (residence cards). */
  readonly permissionDate?: string;
  /** CC (residence cards). */
  readonly workRestriction?: WorkRestriction;
  /** CD: 在留期間の満了日 (residence cards). */
  readonly periodExpiry?: string;
}

/** DF2 of a gen-2 card: the back-side entries, as the card's codes. */
export interface SecondGenerationPermissions {
  /** D5: 資格外活動許可 (包括) code: 0 none, 1 / 2 permitted (residence cards). */
  readonly comprehensivePermissionCode?: string;
  /** D6: its expiry, ISO. */
  readonly comprehensivePermissionExpiry?: string;
  /** D7: 個別許可 exists (residence cards). */
  readonly individualPermission?: boolean;
  /** D8: 在留期間更新等許可申請中 (residence cards). */
  readonly renewalApplicationPending?: boolean;
  /** D9: 出入国在留管理庁長官の記載あり. */
  readonly commissionerNote?: boolean;
  /** DE: the free text (UTF-8). */
  readonly remarks?: string;
}

export interface SecondGenerationResidenceCard extends ResidenceCardCommon {
  readonly generation: 2;
  readonly cardType: '05' | '06';
  /** C2: the number the chip holds (equal to the entered one, which VERIFY proved). */
  readonly cardNumber: string;
  readonly printed: PrintedEntries;
  readonly nameImage: MmrTiffImage;
  readonly facePhoto: Jpeg2000Image;
  /** DFD1: 住居地 exists only as an image on gen 2. */
  readonly addressImage: MmrTiffImage;
  readonly permissions: SecondGenerationPermissions;
}

export type ResidenceCardRead = FirstGenerationResidenceCard | SecondGenerationResidenceCard;
