/**
 * The card side's view of a command APDU (ISO 7816-4 cases 1–4, short and extended length), for the virtual
 * residence card. Returns undefined for a malformed APDU, which the card answers with 67 00.
 */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
  /** Expected response length; undefined when absent. 256 (short) / 65536 (extended) when coded as zero. */
  readonly le?: number;
  readonly extended: boolean;
}

export function parseCommandApdu(apdu: Uint8Array): CommandApdu | undefined {
  if (apdu.length < 4) return undefined;
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = apdu;
  const header = { cla, ins, p1, p2 };
  const body = apdu.subarray(4);
  if (body.length === 0) return { ...header, data: new Uint8Array(), extended: false }; // case 1
  const first = body[0] ?? 0;
  if (body.length === 1) return { ...header, data: new Uint8Array(), le: first === 0 ? 256 : first, extended: false }; // case 2S
  if (first !== 0) {
    // short Lc
    const lc = first;
    if (body.length === 1 + lc) return { ...header, data: body.subarray(1), extended: false }; // case 3S
    if (body.length === 2 + lc) {
      const le = body[1 + lc] ?? 0;
      return { ...header, data: body.subarray(1, 1 + lc), le: le === 0 ? 256 : le, extended: false }; // case 4S
    }
    return undefined;
  }
  // 00 then two bytes: extended length
  if (body.length === 3) {
    const le = ((body[1] ?? 0) << 8) | (body[2] ?? 0);
    return { ...header, data: new Uint8Array(), le: le === 0 ? 65536 : le, extended: true }; // case 2E
  }
  if (body.length < 3) return undefined;
  const lc = ((body[1] ?? 0) << 8) | (body[2] ?? 0);
  if (lc === 0) return undefined;
  if (body.length === 3 + lc) return { ...header, data: body.subarray(3), extended: true }; // case 3E
  if (body.length === 5 + lc) {
    const le = ((body[3 + lc] ?? 0) << 8) | (body[4 + lc] ?? 0);
    return { ...header, data: body.subarray(3, 3 + lc), le: le === 0 ? 65536 : le, extended: true }; // case 4E
  }
  return undefined;
}
