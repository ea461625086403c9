import { randomBytes } from 'node:crypto';
import type { VirtualCard } from '../../transport';
import { concatBytes, equalBytes, wipe } from '../bytes';
import { parseResidenceCardNumber } from '../card-number';
import { cipherSuiteFor, deriveAccessKey, deriveSessionKey, pad80, type CipherSuite } from '../crypto';
import { DF_AID, type DedicatedFile } from '../commands';
import type { ResidenceCardType } from '../types';
import { parseCommandApdu, type CommandApdu } from './command-apdu';

/**
 * A residence card in software, first or second generation, playing the card side of the protocol the way
 * the specifications describe it:
 *
 * - MF EF01/EF02 (P1 8B/8A) readable by anyone;
 * - GET CHALLENGE, then MUTUAL AUTHENTICATE: checks M.IFD with its own key (from its own card number) and
 *   RND.ICC, answers E.ICC ‖ M.ICC and keeps KSenc (3DES/Retail MAC on gen 1, AES/CMAC on gen 2);
 * - VERIFY of the card number under secure messaging (63 00 when it is not this card's number);
 * - DF1 files only by SM READ BINARY after VERIFY; DF2/DF3 by plain READ BINARY after VERIFY; before it,
 *   every DF1/DF2/DF3 read answers 69 82.
 *
 * Synthetic data only (see synthetic-cards.ts). Errors inside the card never escape: it answers 6F 00.
 */

/** The files of one card, by DF and READ BINARY P1 (0x80 | SFI), each at its full capacity. */
export interface ResidenceCardProfile {
  readonly cardType: ResidenceCardType;
  /** The number the card's keys come from and VERIFY compares with. */
  readonly cardNumber: string;
  readonly files: Readonly<Record<'MF' | DedicatedFile, Map<number, Uint8Array>>>;
}

export interface VirtualResidenceCardOptions {
  /** Source of RND.ICC (8) and K.ICC (16); default node:crypto. Tests inject the official vectors. */
  readonly random?: (length: number) => Uint8Array;
}

type Location = 'MF' | DedicatedFile;

const SW = {
  ok: 0x9000,
  endOfFile: 0x6282, // fewer bytes than Le before the end of the file
  verificationFailed: 0x6300,
  wrongLength: 0x6700,
  securityStatus: 0x6982,
  conditionsOfUse: 0x6985,
  noCurrentEf: 0x6986,
  smDataObjects: 0x6988,
  wrongParameters: 0x6a86,
  notFound: 0x6a82,
  offsetOutOfRange: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
  noPreciseDiagnosis: 0x6f00,
} as const;

function answer(sw: number, data: Uint8Array = new Uint8Array()): Uint8Array {
  return concatBytes(data, Uint8Array.of(sw >> 8, sw & 0xff));
}

/** ISO 14443-B card through PC/SC: 3B 88 80 01 + 8 bytes of ATQB/ATTRIB data + TCK (synthetic values). */
function typeBAtr(): Uint8Array {
  const body = Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
  let tck = 0;
  for (const byte of body.subarray(1)) tck ^= byte;
  return concatBytes(body, Uint8Array.of(tck));
}

export class VirtualResidenceCard implements VirtualCard {
  readonly atr = typeBAtr();
  private readonly suite: CipherSuite;
  private readonly accessKey: Uint8Array;
  private readonly numberBytes: Uint8Array;
  private readonly random: (length: number) => Uint8Array;
  // volatile state
  private location: Location = 'MF';
  private currentEf: Uint8Array | undefined;
  private challenge: Uint8Array | undefined;
  private sessionKey: Uint8Array | undefined;
  private verified = false;

  constructor(
    readonly profile: ResidenceCardProfile,
    options: VirtualResidenceCardOptions = {},
  ) {
    const number = parseResidenceCardNumber(profile.cardNumber);
    if (!number) throw new RangeError('the virtual card needs a 12-character card number');
    this.suite = cipherSuiteFor(profile.cardType === '1' || profile.cardType === '2' ? 1 : 2);
    this.accessKey = deriveAccessKey(number);
    this.numberBytes = new TextEncoder().encode(number);
    this.random = options.random ?? ((length) => new Uint8Array(randomBytes(length)));
  }

  reset(): void {
    this.location = 'MF';
    this.currentEf = undefined;
    this.challenge = undefined;
    wipe(this.sessionKey);
    this.sessionKey = undefined;
    this.verified = false;
  }

  process(apdu: Uint8Array): Uint8Array {
    try {
      const command = parseCommandApdu(apdu);
      if (!command) return answer(SW.wrongLength);
      if (command.cla === 0x00) {
        switch (command.ins) {
          case 0xa4:
            return this.select(command);
          case 0xb0:
            return this.readBinary(command);
          case 0x84:
            return this.getChallenge(command);
          case 0x82:
            return this.mutualAuthenticate(command);
          default:
            return answer(SW.insNotSupported);
        }
      }
      if (command.cla === 0x08) {
        if (command.ins === 0x20) return this.verifySecure(command);
        if (command.ins === 0xb0) return this.readBinarySecure(command);
        return answer(SW.insNotSupported);
      }
      return answer(SW.claNotSupported);
    } catch {
      return answer(SW.noPreciseDiagnosis);
    }
  }

  private select(command: CommandApdu): Uint8Array {
    if (command.p1 === 0x00 && command.data.length === 2 && command.data[0] === 0x3f && command.data[1] === 0x00) {
      this.location = 'MF';
      this.currentEf = undefined;
      return answer(SW.ok);
    }
    if (command.p1 !== 0x04) return answer(SW.wrongParameters);
    const df = (Object.keys(DF_AID) as DedicatedFile[]).find((name) => equalBytes(DF_AID[name], command.data));
    if (!df) return answer(SW.notFound);
    this.location = df;
    this.currentEf = undefined;
    return answer(SW.ok);
  }

  /** The file a READ BINARY names: by SFI in P1 (offset in P2), or the current EF (offset in P1 P2). */
  private target(command: CommandApdu): { file: Uint8Array; offset: number } | number {
    if (command.p1 & 0x80) {
      if (command.p1 & 0x60) return SW.wrongParameters;
      const file = this.profile.files[this.location].get(command.p1);
      if (!file) return SW.notFound;
      this.currentEf = file;
      return { file, offset: command.p2 };
    }
    if (!this.currentEf) return SW.noCurrentEf;
    return { file: this.currentEf, offset: (command.p1 << 8) | command.p2 };
  }

  private slice(file: Uint8Array, offset: number, le: number, extended: boolean): { data: Uint8Array; sw: number } | number {
    if (offset > file.length) return SW.offsetOutOfRange;
    const available = file.length - offset;
    const wholeFile = extended && le === 65536; // extended Le 0000: everything from the offset
    const count = Math.min(le, available);
    const sw = !wholeFile && count < le ? SW.endOfFile : SW.ok;
    return { data: file.slice(offset, offset + count), sw };
  }

  private readBinary(command: CommandApdu): Uint8Array {
    if (command.le === undefined || command.data.length > 0) return answer(SW.wrongLength);
    // Access rules: MF is free; DF1 needs SM (so never plain); DF2/DF3 need the card number verified.
    if (this.location === 'DF1') return answer(SW.securityStatus);
    if (this.location !== 'MF' && !this.verified) return answer(SW.securityStatus);
    const target = this.target(command);
    if (typeof target === 'number') return answer(target);
    const read = this.slice(target.file, target.offset, command.le, command.extended);
    return typeof read === 'number' ? answer(read) : answer(read.sw, read.data);
  }

  private getChallenge(command: CommandApdu): Uint8Array {
    if (command.p1 !== 0 || command.p2 !== 0) return answer(SW.wrongParameters);
    if (command.le !== 8 || command.data.length > 0) return answer(SW.wrongLength);
    this.challenge = this.random(8).slice(0, 8);
    return answer(SW.ok, this.challenge);
  }

  private dropSession(): void {
    wipe(this.sessionKey);
    this.sessionKey = undefined;
    this.verified = false;
  }

  private mutualAuthenticate(command: CommandApdu): Uint8Array {
    if (command.data.length !== 40) return answer(SW.wrongLength);
    const challenge = this.challenge;
    this.challenge = undefined; // one attempt per challenge
    this.dropSession(); // a new authentication replaces the old security state, whatever its outcome
    if (!challenge) return answer(SW.conditionsOfUse);
    const eIfd = command.data.subarray(0, 32);
    const mIfd = command.data.subarray(32, 40);
    if (!equalBytes(this.suite.cryptogramMac(this.accessKey, eIfd), mIfd)) return answer(SW.verificationFailed);
    const plain = this.suite.decrypt(this.accessKey, eIfd); // RND.IFD ‖ RND.ICC ‖ K.IFD
    if (!equalBytes(plain.subarray(8, 16), challenge)) return answer(SW.verificationFailed);
    const kIcc = this.random(16).slice(0, 16);
    const eIcc = this.suite.encrypt(this.accessKey, concatBytes(challenge, plain.subarray(0, 8), kIcc));
    const mIcc = this.suite.cryptogramMac(this.accessKey, eIcc);
    this.sessionKey = deriveSessionKey(plain.subarray(16, 32), kIcc);
    wipe(plain, kIcc);
    return answer(SW.ok, concatBytes(eIcc, mIcc));
  }

  /** `86 <L> 01 <cipher>` → plaintext, or a status word when the object or its padding is wrong. */
  private openSecureObject(data: Uint8Array, key: Uint8Array): Uint8Array | number {
    if (data[0] !== 0x86 || data.length < 3 || data[1] !== data.length - 2 || data[2] !== 0x01) return SW.smDataObjects;
    const cipher = data.subarray(3);
    if (cipher.length === 0 || cipher.length % this.suite.blockSize !== 0) return SW.smDataObjects;
    const plain = this.suite.decrypt(key, cipher);
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    if (end < 0 || plain[end] !== 0x80) return SW.smDataObjects;
    return plain.subarray(0, end);
  }

  private verifySecure(command: CommandApdu): Uint8Array {
    if (command.p1 !== 0x00 || command.p2 !== 0x86) return answer(SW.wrongParameters);
    if (!this.sessionKey) return answer(SW.conditionsOfUse);
    const number = this.openSecureObject(command.data, this.sessionKey);
    if (typeof number === 'number') return answer(number);
    this.verified = equalBytes(number, this.numberBytes);
    return answer(this.verified ? SW.ok : SW.verificationFailed);
  }

  private readBinarySecure(command: CommandApdu): Uint8Array {
    if (!this.sessionKey || !this.verified) return answer(SW.securityStatus);
    // Command data: the Le object 96 02 XX XX (0000 = the whole file).
    const le = command.data;
    if (le.length !== 4 || le[0] !== 0x96 || le[1] !== 0x02) return answer(SW.smDataObjects);
    const wanted = ((le[2] ?? 0) << 8) | (le[3] ?? 0);
    const target = this.target(command);
    if (typeof target === 'number') return answer(target);
    const read = this.slice(target.file, target.offset, wanted === 0 ? 65536 : wanted, wanted === 0);
    if (typeof read === 'number') return answer(read);
    const cipher = this.suite.encrypt(this.sessionKey, pad80(read.data, this.suite.blockSize));
    const length = cipher.length + 1;
    const lengthBytes = length < 0x80 ? [length] : length <= 0xff ? [0x81, length] : [0x82, length >> 8, length & 0xff];
    return answer(read.sw, concatBytes(Uint8Array.of(0x86, ...lengthBytes, 0x01), cipher));
  }
}
