/**
 * The card side's view of a command APDU, for the simulators. Short APDUs only (both government cards are
 * read with short APDUs); anything that does not parse is answered 6700 by the caller.
 */

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Empty for case 1 and 2. */
  data: Uint8Array;
  /** Expected length 1..256 (case 2 and 4); undefined for case 1 and 3. */
  le: number | undefined;
}

/** Splits a short command APDU by its case; undefined when the lengths do not add up. */
export function parseCommandApdu(apdu: Uint8Array): CommandApdu | undefined {
  if (apdu.length < 4) return undefined;
  const [cla, ins, p1, p2] = [apdu[0]!, apdu[1]!, apdu[2]!, apdu[3]!];
  const empty = new Uint8Array(0);
  if (apdu.length === 4) return { cla, ins, p1, p2, data: empty, le: undefined };
  const b4 = apdu[4]!;
  if (apdu.length === 5) return { cla, ins, p1, p2, data: empty, le: b4 === 0 ? 256 : b4 };
  if (b4 === 0) return undefined; // extended length: not spoken here
  const data = apdu.slice(5, 5 + b4);
  if (apdu.length === 5 + b4) return { cla, ins, p1, p2, data, le: undefined };
  if (apdu.length === 6 + b4) {
    const le = apdu[5 + b4]!;
    return { cla, ins, p1, p2, data, le: le === 0 ? 256 : le };
  }
  return undefined;
}

/** data ‖ SW1 SW2. */
export function respond(sw: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** The ATR with its TCK (XOR of T0 .. last historical byte), which T=1-capable ATRs must carry. */
export function withTck(atrWithoutTck: readonly number[]): Uint8Array {
  const tck = atrWithoutTck.slice(1).reduce((x, b) => x ^ b, 0);
  return Uint8Array.from([...atrWithoutTck, tck]);
}
