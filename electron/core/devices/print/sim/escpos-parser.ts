/**
 * An incremental ESC/POS command parser for the printer emulator. It only finds command boundaries and
 * arguments; what a command does to the paper is printer-model.ts's business. Because command lengths do not
 * depend on printer state, boundaries can be found as bytes arrive: that is how the emulator answers
 * real-time commands (DLE EOT) at once while the rest waits in the "receive buffer".
 *
 * Safe on garbage: every byte sequence yields commands (unknown ones as `ignored` / `garbage`), never an
 * exception, and memory stays bounded — a command announcing more than `maxCommandBytes` of data is reported
 * as `oversize` and its payload skipped as it streams past, not buffered.
 */

export type EscPosCommand =
  | { op: 'text'; bytes: Uint8Array }
  | { op: 'lf' }
  | { op: 'cr' }
  | { op: 'ht' }
  | { op: 'init' }
  | { op: 'codepage'; n: number }
  | { op: 'intl'; n: number }
  | { op: 'kanji-code-system'; n: number }
  | { op: 'kanji-on' }
  | { op: 'kanji-off' }
  | { op: 'kanji-print-mode'; n: number }
  | { op: 'print-mode'; n: number }
  | { op: 'char-size'; n: number }
  | { op: 'align'; n: number }
  | { op: 'abs-pos'; dots: number }
  | { op: 'rel-pos'; dots: number }
  | { op: 'left-margin'; dots: number }
  | { op: 'area-width'; dots: number }
  | { op: 'right-spacing'; n: number }
  | { op: 'kanji-spacing'; left: number; right: number }
  | { op: 'feed'; dots?: number; lines?: number }
  | { op: 'raster'; source: 'GS v 0' | 'ESC *'; width: number; height: number; bits: Uint8Array }
  | { op: 'graphics-store'; source: 'GS ( L' | 'GS 8 L'; tone: number; width: number; height: number; bits: Uint8Array }
  | { op: 'graphics-print'; source: 'GS ( L' | 'GS 8 L' }
  | { op: 'barcode'; m: number; data: Uint8Array }
  | { op: 'qr-store'; data: Uint8Array }
  | { op: 'qr-print' }
  | { op: 'qr-setting'; fn: number }
  | { op: 'cut'; mode: number }
  | { op: 'asb'; n: number }
  | { op: 'status-request'; n: number }
  | { op: 'printer-id'; n: number }
  | { op: 'process-id'; id: Uint8Array }
  /** DLE EOT n: real-time status. */
  | { op: 'rt-status'; n: number }
  /** DLE ENQ n: real-time recovery (1 = continue, 2 = clear buffers). */
  | { op: 'rt-recover'; n: number }
  | { op: 'rt-other' }
  /** A known command with no effect in the emulator (line spacing, emphasis, drawer…). */
  | { op: 'ignored'; name: string }
  /** A byte that starts no command. */
  | { op: 'garbage'; byte: number }
  /** A command whose declared data exceeds the limit: reported, its payload skipped. */
  | { op: 'oversize'; name: string; bytes: number };

export const REALTIME_OPS = new Set<EscPosCommand['op']>(['rt-status', 'rt-recover', 'rt-other']);

type Step = { cmd: EscPosCommand; len: number } | { need: number } | { oversize: string; total: number };

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

const u16 = (buf: Uint8Array, i: number) => (buf[i] as number) | ((buf[i + 1] as number) << 8);

// ESC x n (3 bytes) commands with no emulator effect; the mapped ones are handled in the switch.
const ESC_ONE_ARG = new Set([0x2d, 0x45, 0x47, 0x4d, 0x33, 0x7b, 0x56, 0x72, 0x3d, 0x55, 0x25, 0x3f, 0x54, 0x65, 0x4b, 0x20, 0x52, 0x74, 0x21, 0x61, 0x4a, 0x64]);
const GS_ONE_ARG = new Set([0x21, 0x61, 0x72, 0x49, 0x42, 0x48, 0x66, 0x68, 0x77, 0x62, 0x2f, 0x7c, 0x54, 0x45]);
const FS_ONE_ARG = new Set([0x43, 0x21, 0x2d, 0x57]);

export class EscPosParser {
  private buf: Uint8Array = new Uint8Array(0);
  private need = 0;
  private skip = 0;

  constructor(private readonly maxCommandBytes = 1 << 20) {}

  /** Bytes held for an unfinished command. */
  get pendingBytes(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): EscPosCommand[] {
    let data = chunk;
    if (this.skip > 0) {
      const n = Math.min(this.skip, data.length);
      this.skip -= n;
      data = data.subarray(n);
    }
    if (data.length === 0) return [];
    this.buf = this.buf.length === 0 ? Uint8Array.from(data) : concat(this.buf, data);
    if (this.buf.length < this.need) return [];
    const out: EscPosCommand[] = [];
    let off = 0;
    this.need = 0;
    while (off < this.buf.length) {
      const step = parseOne(this.buf, off, this.maxCommandBytes);
      if ('need' in step) {
        this.need = step.need;
        break;
      }
      if ('oversize' in step) {
        out.push({ op: 'oversize', name: step.oversize, bytes: step.total });
        const here = Math.min(step.total, this.buf.length - off);
        off += here;
        this.skip = step.total - here;
        if (this.skip > 0) break;
        continue;
      }
      out.push(step.cmd);
      off += step.len;
    }
    this.buf = this.buf.slice(off);
    if (this.skip > 0) this.buf = new Uint8Array(0);
    else this.need = Math.max(0, this.need - off);
    return out;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Ensures `total` bytes are available from `i`, or that the command is reported oversize. */
function sized(buf: Uint8Array, i: number, total: number, name: string, max: number, make: () => EscPosCommand): Step {
  if (total > max) return { oversize: name, total };
  if (buf.length - i < total) return { need: i + total };
  return { cmd: make(), len: total };
}

function parseOne(buf: Uint8Array, i: number, max: number): Step {
  const b = buf[i] as number;
  if (b >= 0x20) {
    let j = i;
    while (j < buf.length && (buf[j] as number) >= 0x20) j++;
    return { cmd: { op: 'text', bytes: buf.slice(i, j) }, len: j - i };
  }
  switch (b) {
    case 0x0a:
      return { cmd: { op: 'lf' }, len: 1 };
    case 0x0d:
      return { cmd: { op: 'cr' }, len: 1 };
    case 0x09:
      return { cmd: { op: 'ht' }, len: 1 };
    case DLE:
      return parseDle(buf, i);
    case ESC:
      return parseEsc(buf, i, max);
    case FS:
      return parseFs(buf, i, max);
    case GS:
      return parseGs(buf, i, max);
    default:
      return { cmd: { op: 'ignored', name: `ctl ${b}` }, len: 1 };
  }
}

function parseDle(buf: Uint8Array, i: number): Step {
  if (buf.length - i < 3) return buf.length - i < 2 || [0x04, 0x05, 0x14].includes(buf[i + 1] as number) ? { need: i + 3 } : { cmd: { op: 'garbage', byte: DLE }, len: 1 };
  const c = buf[i + 1] as number;
  const n = buf[i + 2] as number;
  if (c === 0x04) return { cmd: { op: 'rt-status', n }, len: 3 };
  if (c === 0x05) return { cmd: { op: 'rt-recover', n }, len: 3 };
  if (c === 0x14) {
    // DLE DC4 fn: pulse (1), power-off (2), clear buffer (8: d1..d7), others 2 more bytes
    const total = n === 8 ? 10 : n === 7 ? 4 : 5;
    if (buf.length - i < total) return { need: i + total };
    return { cmd: { op: 'rt-other' }, len: total };
  }
  return { cmd: { op: 'garbage', byte: DLE }, len: 1 };
}

function parseEsc(buf: Uint8Array, i: number, max: number): Step {
  if (buf.length - i < 2) return { need: i + 2 };
  const c = buf[i + 1] as number;
  const have = buf.length - i;
  switch (c) {
    case 0x40:
      return { cmd: { op: 'init' }, len: 2 };
    case 0x32:
    case 0x3c:
    case 0x53:
    case 0x4c:
    case 0x0c:
    case 0x69:
    case 0x6d:
      if (c === 0x69 || c === 0x6d) return { cmd: { op: 'cut', mode: c }, len: 2 };
      return { cmd: { op: 'ignored', name: `ESC ${c}` }, len: 2 };
    case 0x24:
    case 0x5c:
      if (have < 4) return { need: i + 4 };
      return { cmd: c === 0x24 ? { op: 'abs-pos', dots: u16(buf, i + 2) } : { op: 'rel-pos', dots: (u16(buf, i + 2) << 16) >> 16 }, len: 4 };
    case 0x70:
      if (have < 5) return { need: i + 5 };
      return { cmd: { op: 'ignored', name: 'ESC p' }, len: 5 };
    case 0x63:
      if (have < 4) return { need: i + 4 };
      return { cmd: { op: 'ignored', name: 'ESC c' }, len: 4 };
    case 0x57:
      if (have < 10) return { need: i + 10 };
      return { cmd: { op: 'ignored', name: 'ESC W' }, len: 10 };
    case 0x44: {
      // ESC D n1 … nk NUL (tab stops, k ≤ 32)
      for (let j = i + 2; j < Math.min(buf.length, i + 35); j++) if (buf[j] === 0) return { cmd: { op: 'ignored', name: 'ESC D' }, len: j - i + 1 };
      return have >= 35 ? { cmd: { op: 'ignored', name: 'ESC D' }, len: 35 } : { need: i + have + 1 };
    }
    case 0x2a: {
      // ESC * m nL nH d1…dk: column bit image; k = n (8-dot) or 3n (24-dot)
      if (have < 5) return { need: i + 5 };
      const m = buf[i + 2] as number;
      const n = u16(buf, i + 3);
      const k = m === 0 || m === 1 ? n : m === 32 || m === 33 ? 3 * n : -1;
      if (k < 0) return { cmd: { op: 'garbage', byte: ESC }, len: 1 };
      return sized(buf, i, 5 + k, 'ESC *', max, () => {
        const rows = k === n ? 8 : 24;
        return { op: 'raster', source: 'ESC *', width: n, height: rows, bits: columnToRaster(buf.subarray(i + 5, i + 5 + k), n, rows) };
      });
    }
    case 0x26: {
      // ESC & y c1 c2 [x d1…d(y×x)]…: user-defined characters
      if (have < 5) return { need: i + 5 };
      const y = buf[i + 2] as number;
      const c1 = buf[i + 3] as number;
      const c2 = buf[i + 4] as number;
      if (c2 < c1 || y > 3) return { cmd: { op: 'garbage', byte: ESC }, len: 1 };
      let j = i + 5;
      for (let ch = c1; ch <= c2; ch++) {
        if (j >= buf.length) return { need: j + 1 };
        const x = buf[j] as number;
        j += 1 + y * x;
        if (j - i > max) return { oversize: 'ESC &', total: j - i };
      }
      if (j > buf.length) return { need: j };
      return { cmd: { op: 'ignored', name: 'ESC &' }, len: j - i };
    }
    default:
      if (ESC_ONE_ARG.has(c)) {
        if (have < 3) return { need: i + 3 };
        const n = buf[i + 2] as number;
        switch (c) {
          case 0x74:
            return { cmd: { op: 'codepage', n }, len: 3 };
          case 0x52:
            return { cmd: { op: 'intl', n }, len: 3 };
          case 0x21:
            return { cmd: { op: 'print-mode', n }, len: 3 };
          case 0x61:
            return { cmd: { op: 'align', n: n >= 48 ? n - 48 : n }, len: 3 };
          case 0x20:
            return { cmd: { op: 'right-spacing', n }, len: 3 };
          case 0x4a:
            return { cmd: { op: 'feed', dots: n }, len: 3 };
          case 0x64:
            return { cmd: { op: 'feed', lines: n }, len: 3 };
          default:
            return { cmd: { op: 'ignored', name: `ESC ${c}` }, len: 3 };
        }
      }
      return { cmd: { op: 'ignored', name: `ESC ${c}` }, len: 2 };
  }
}

function parseFs(buf: Uint8Array, i: number, max: number): Step {
  if (buf.length - i < 2) return { need: i + 2 };
  const c = buf[i + 1] as number;
  const have = buf.length - i;
  if (c === 0x26) return { cmd: { op: 'kanji-on' }, len: 2 };
  if (c === 0x2e) return { cmd: { op: 'kanji-off' }, len: 2 };
  if (FS_ONE_ARG.has(c)) {
    if (have < 3) return { need: i + 3 };
    const n = buf[i + 2] as number;
    if (c === 0x43) return { cmd: { op: 'kanji-code-system', n }, len: 3 };
    if (c === 0x21) return { cmd: { op: 'kanji-print-mode', n }, len: 3 };
    return { cmd: { op: 'ignored', name: `FS ${c}` }, len: 3 };
  }
  if (c === 0x53 || c === 0x3f || c === 0x70) {
    if (have < 4) return { need: i + 4 };
    if (c === 0x53) return { cmd: { op: 'kanji-spacing', left: buf[i + 2] as number, right: buf[i + 3] as number }, len: 4 };
    return { cmd: { op: 'ignored', name: `FS ${c}` }, len: 4 };
  }
  if (c === 0x32) return sized(buf, i, 76, 'FS 2', max, () => ({ op: 'ignored', name: 'FS 2' }));
  if (c === 0x28) {
    if (have < 5) return { need: i + 5 };
    return sized(buf, i, 5 + u16(buf, i + 3), 'FS (', max, () => ({ op: 'ignored', name: `FS ( ${buf[i + 2]}` }));
  }
  return { cmd: { op: 'ignored', name: `FS ${c}` }, len: 2 };
}

function parseGs(buf: Uint8Array, i: number, max: number): Step {
  if (buf.length - i < 2) return { need: i + 2 };
  const c = buf[i + 1] as number;
  const have = buf.length - i;
  switch (c) {
    case 0x24:
    case 0x5c:
    case 0x4c:
    case 0x57:
    case 0x50:
      if (have < 4) return { need: i + 4 };
      if (c === 0x4c) return { cmd: { op: 'left-margin', dots: u16(buf, i + 2) }, len: 4 };
      if (c === 0x57) return { cmd: { op: 'area-width', dots: u16(buf, i + 2) }, len: 4 };
      return { cmd: { op: 'ignored', name: `GS ${c}` }, len: 4 };
    case 0x3a:
      return { cmd: { op: 'ignored', name: 'GS :' }, len: 2 };
    case 0x5e:
      if (have < 5) return { need: i + 5 };
      return { cmd: { op: 'ignored', name: 'GS ^' }, len: 5 };
    case 0x56: {
      if (have < 3) return { need: i + 3 };
      const m = buf[i + 2] as number;
      if ([0, 1, 48, 49].includes(m)) return { cmd: { op: 'cut', mode: m }, len: 3 };
      if ([65, 66, 97, 98, 103, 104].includes(m)) return have < 4 ? { need: i + 4 } : { cmd: { op: 'cut', mode: m }, len: 4 };
      return { cmd: { op: 'garbage', byte: GS }, len: 1 };
    }
    case 0x76: {
      // GS v 0 m xL xH yL yH d1…dk, k = x × y (x in bytes)
      if (have < 8) return { need: i + 8 };
      if (buf[i + 2] !== 0x30) return { cmd: { op: 'garbage', byte: GS }, len: 1 };
      const x = u16(buf, i + 4);
      const y = u16(buf, i + 6);
      return sized(buf, i, 8 + x * y, 'GS v 0', max, () => ({ op: 'raster', source: 'GS v 0', width: x * 8, height: y, bits: buf.slice(i + 8, i + 8 + x * y) }));
    }
    case 0x6b: {
      // GS k m: m 0–6 data NUL-terminated; m 65–79 n then n bytes
      if (have < 3) return { need: i + 3 };
      const m = buf[i + 2] as number;
      if (m <= 6) {
        for (let j = i + 3; j < Math.min(buf.length, i + 3 + 256); j++) if (buf[j] === 0) return { cmd: { op: 'barcode', m, data: buf.slice(i + 3, j) }, len: j - i + 1 };
        return have >= 3 + 256 ? { cmd: { op: 'garbage', byte: GS }, len: 1 } : { need: i + have + 1 };
      }
      if (m >= 65 && m <= 79) {
        if (have < 4) return { need: i + 4 };
        const n = buf[i + 3] as number;
        return sized(buf, i, 4 + n, 'GS k', max, () => ({ op: 'barcode', m, data: buf.slice(i + 4, i + 4 + n) }));
      }
      return { cmd: { op: 'garbage', byte: GS }, len: 1 };
    }
    case 0x28: {
      // GS ( x pL pH …
      if (have < 5) return { need: i + 5 };
      const x = buf[i + 2] as number;
      const p = u16(buf, i + 3);
      return sized(buf, i, 5 + p, `GS ( ${String.fromCharCode(x)}`, max, () => gsParen(x, buf.subarray(i + 5, i + 5 + p)));
    }
    case 0x38: {
      // GS 8 L p1 p2 p3 p4 m fn …: GS ( L with a 32-bit length
      if (have < 7) return { need: i + 7 };
      if (buf[i + 2] !== 0x4c) return { cmd: { op: 'garbage', byte: GS }, len: 1 };
      const p = ((buf[i + 3] as number) | ((buf[i + 4] as number) << 8) | ((buf[i + 5] as number) << 16)) + (buf[i + 6] as number) * 0x1000000;
      return sized(buf, i, 7 + p, 'GS 8 L', max, () => graphics('GS 8 L', buf.subarray(i + 7, i + 7 + p)));
    }
    case 0x2a: {
      // GS * x y d1…d(x×y×8): downloaded bit image
      if (have < 4) return { need: i + 4 };
      const total = 4 + (buf[i + 2] as number) * (buf[i + 3] as number) * 8;
      return sized(buf, i, total, 'GS *', max, () => ({ op: 'ignored', name: 'GS *' }));
    }
    default:
      if (GS_ONE_ARG.has(c)) {
        if (have < 3) return { need: i + 3 };
        const n = buf[i + 2] as number;
        switch (c) {
          case 0x21:
            return { cmd: { op: 'char-size', n }, len: 3 };
          case 0x61:
            return { cmd: { op: 'asb', n }, len: 3 };
          case 0x72:
            return { cmd: { op: 'status-request', n }, len: 3 };
          case 0x49:
            return { cmd: { op: 'printer-id', n }, len: 3 };
          default:
            return { cmd: { op: 'ignored', name: `GS ${c}` }, len: 3 };
        }
      }
      return { cmd: { op: 'ignored', name: `GS ${c}` }, len: 2 };
  }
}

function gsParen(x: number, body: Uint8Array): EscPosCommand {
  switch (x) {
    case 0x4c: // 'L' graphics
      return graphics('GS ( L', body);
    case 0x6b: {
      // 'k' 2D codes: cn fn …; QR is cn 49
      const cn = body[0];
      const fn = body[1];
      if (cn === 49 && fn === 80 && body.length >= 3) return { op: 'qr-store', data: body.slice(3) };
      if (cn === 49 && fn === 81) return { op: 'qr-print' };
      return { op: 'qr-setting', fn: fn ?? -1 };
    }
    case 0x48: {
      // 'H' fn 48 m 48 d1..d4: process-id response request
      if (body.length === 6 && body[0] === 48 && body[1] === 48) return { op: 'process-id', id: body.slice(2, 6) };
      return { op: 'ignored', name: 'GS ( H' };
    }
    default:
      return { op: 'ignored', name: `GS ( ${x}` };
  }
}

/** GS ( L / GS 8 L body: m fn …; fn 2/50 prints the buffer, fn 112 stores a raster graphic. */
function graphics(source: 'GS ( L' | 'GS 8 L', body: Uint8Array): EscPosCommand {
  const fn = body[1];
  if (body[0] === 48 && (fn === 2 || fn === 50)) return { op: 'graphics-print', source };
  if (body[0] === 48 && fn === 112 && body.length >= 10) {
    const tone = body[2] as number;
    const width = u16(body, 6);
    const height = u16(body, 8);
    return { op: 'graphics-store', source, tone, width, height, bits: body.slice(10) };
  }
  return { op: 'ignored', name: `${source} fn ${fn ?? -1}` };
}

/** ESC * column data (each byte a vertical run of 8 dots, 1 or 3 bytes per column) to row-major bits. */
function columnToRaster(data: Uint8Array, columns: number, rows: number): Uint8Array {
  const bytesPerRow = Math.ceil(columns / 8);
  const out = new Uint8Array(bytesPerRow * rows);
  const perColumn = rows / 8;
  for (let x = 0; x < columns; x++) {
    for (let k = 0; k < perColumn; k++) {
      const byte = data[x * perColumn + k] ?? 0;
      for (let bit = 0; bit < 8; bit++) {
        if (byte & (0x80 >> bit)) {
          const y = k * 8 + bit;
          out[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
        }
      }
    }
  }
  return out;
}
