/**
 * Keyboard-wedge scanners: scanners that pretend to be a keyboard and "type" what they read. Supported as a
 * fallback only (HID POS, USB usage page 0x8C, is the way), because what arrives as characters depends on things the
 * scanner does not know:
 * - the OS keyboard layout: the scanner sends key positions for its own configured country, and the OS turns them
 *   into characters with the PC's layout — a US-configured scanner's Shift+2 (`@`) arrives as `"` on a JIS PC;
 * - the IME: with Japanese input on, `a` becomes `あ` and `-` becomes `ー`.
 *
 * So the renderer hands over physical key positions (`KeyboardEvent.code`, which neither the layout nor the IME
 * changes) and this module maps them back through the table of the layout the scanner is configured for.
 * (Unverified on real hardware: Windows with MS-IME on, where keydown's `key` reads "Process" — `code` should
 * still be the position.)
 *
 * The burst detector tells a scan from a person without ever holding a person's key back: every key reaches the
 * focused field as typed. A burst (keys each at most a few milliseconds apart) becomes a scan only when it ends
 * with Enter and its text is recognisably something a counter scanner reads — an MRZ or a pre-application code
 * (`recogniseWedgeScan`); only then does the caller take the scanned text back out of the field and keep that
 * Enter from the page. A fast typist's "oliveira" + Enter, Tabs, held keys and IME input are never a scan.
 * Pure: no DOM, no timers — the caller feeds keydowns and acts on what each one turns out to be.
 */
import { DeviceError } from './errors';

export type WedgeLayout = 'us' | 'jis';

/** What is needed of a keydown; a DOM KeyboardEvent fits as it is. */
export interface WedgeKey {
  /** Physical key position (UI Events `code`): 'KeyA', 'Digit2', 'IntlYen'… */
  readonly code: string;
  readonly shiftKey: boolean;
  /** Milliseconds, any monotonic origin (the event's `timeStamp`). */
  readonly timeStamp: number;
  readonly ctrlKey?: boolean;
  readonly altKey?: boolean;
  readonly metaKey?: boolean;
  /** An auto-repeat of a held key: a person, never a scanner. */
  readonly repeat?: boolean;
}

/** [unshifted, shifted]; undefined = the position types nothing a code could contain. */
type KeyChars = readonly [string | undefined, string | undefined];

/** Keys that type the same on US (ANSI 101/104) and JIS (106/109) keyboards. */
const COMMON: Readonly<Record<string, KeyChars>> = {
  ...Object.fromEntries(
    [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter) => [`Key${letter}`, [letter.toLowerCase(), letter] as const]),
  ),
  Space: [' ', ' '],
  Tab: ['\t', undefined],
  Enter: ['\n', '\n'],
  NumpadEnter: ['\n', '\n'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
};

/**
 * The numeric keypad (Num Lock on) types the same everywhere; shifted it becomes cursor keys on Windows. Listed
 * last so that `wedgeKeysFor` types digits on the main row, as scanners do.
 */
const NUMPAD: Readonly<Record<string, KeyChars>> = {
  ...Object.fromEntries([...'0123456789'].map((digit) => [`Numpad${digit}`, [digit, undefined] as const])),
  NumpadDecimal: ['.', undefined],
  NumpadAdd: ['+', undefined],
  NumpadSubtract: ['-', undefined],
  NumpadMultiply: ['*', undefined],
  NumpadDivide: ['/', undefined],
};

/** Shifted digits: the first place the layouts part (US Shift+2 `@`, JIS Shift+2 `"`; JIS Shift+0 types nothing). */
function digits(shifted: string): Record<string, KeyChars> {
  return Object.fromEntries(
    [...'1234567890'].map((digit, i) => [`Digit${digit}`, [digit, shifted[i] === ' ' ? undefined : shifted[i]] as const]),
  );
}

const LAYOUTS: Readonly<Record<WedgeLayout, Readonly<Record<string, KeyChars>>>> = {
  us: {
    ...COMMON,
    ...digits('!@#$%^&*()'),
    Minus: ['-', '_'],
    Equal: ['=', '+'],
    BracketLeft: ['[', '{'],
    BracketRight: [']', '}'],
    Backslash: ['\\', '|'],
    Semicolon: [';', ':'],
    Quote: ["'", '"'],
    Backquote: ['`', '~'],
    ...NUMPAD,
  },
  // JIS: the same positions carry other symbols; IntlYen (¥|) and IntlRo (\_) exist only here. Both type the
  // byte 0x5C, which Japanese fonts draw as ¥, so both decode to '\'. Backquote is 半角/全角 (the IME toggle),
  // and 無変換/変換/カタカナひらがな type nothing: a scan containing them is garbled.
  jis: {
    ...COMMON,
    ...digits(`!"#$%&'() `),
    Minus: ['-', '='],
    Equal: ['^', '~'],
    IntlYen: ['\\', '|'],
    BracketLeft: ['@', '`'],
    BracketRight: ['[', '{'],
    Semicolon: [';', '+'],
    Quote: [':', '*'],
    Backslash: [']', '}'],
    IntlRo: ['\\', '_'],
    ...NUMPAD,
  },
};

/** Modifier keydowns say nothing by themselves; their effect is on the next key's flags. */
const MODIFIERS = new Set(['ShiftLeft', 'ShiftRight', 'ControlLeft', 'ControlRight', 'AltLeft', 'AltRight', 'MetaLeft', 'MetaRight']);

function isEnter(key: WedgeKey): boolean {
  return key.code === 'Enter' || key.code === 'NumpadEnter';
}

function garbled(detail: string): DeviceError {
  // No key code in the detail: the keys of a scan are its content.
  return new DeviceError('scan_garbled', {}, detail);
}

/**
 * The characters a scanner configured for `layout` meant by these keydowns. Enter is '\n'. Throws
 * DeviceError('scan_garbled') for a key that types no character in that layout or a Ctrl/Alt/Meta combination
 * (control characters arrive that way; they cannot be told apart reliably).
 */
export function decodeWedgeKeys(keys: readonly WedgeKey[], layout: WedgeLayout): string {
  const table = Object.hasOwn(LAYOUTS, layout) ? LAYOUTS[layout] : undefined;
  if (!table) throw garbled('unknown scanner layout');
  let text = '';
  for (const key of keys) {
    if (MODIFIERS.has(key.code)) continue;
    if (key.ctrlKey || key.altKey || key.metaKey) throw garbled('a control combination');
    const chars = Object.hasOwn(table, key.code) ? table[key.code] : undefined;
    const char = chars?.[key.shiftKey ? 1 : 0];
    if (char === undefined) throw garbled('a key without a character in the scanner layout');
    text += char;
  }
  return text;
}

/**
 * The keydowns a scanner configured for `layout` sends for `text` (Shift pressed before shifted characters),
 * `intervalMs` apart. For tests and the scanner simulator. Throws DeviceError('scan_garbled') for a character the
 * layout cannot type — like a real scanner, which cannot send kanji at all.
 */
export function wedgeKeysFor(text: string, layout: WedgeLayout, { startAt = 0, intervalMs = 4 } = {}): WedgeKey[] {
  const table = LAYOUTS[layout];
  const keys: WedgeKey[] = [];
  let timeStamp = startAt;
  const press = (code: string, shiftKey: boolean) => {
    keys.push({ code, shiftKey, timeStamp });
    timeStamp += intervalMs;
  };
  for (const char of text) {
    const found = Object.entries(table).find(([, chars]) => chars[0] === char || chars[1] === char);
    if (!found) throw garbled('a character the scanner layout cannot type');
    const [code, chars] = found;
    const shifted = chars[0] !== char;
    if (shifted) press('ShiftLeft', true);
    press(code, shifted);
  }
  return keys;
}

/** MRZ shapes (ICAO 9303): TD1 ID cards 3 × 30, TD2 2 × 36, TD3 passports 2 × 44 characters of [A-Z0-9<]. */
const MRZ_SHAPES: readonly { readonly lines: number; readonly length: number }[] = [
  { lines: 3, length: 30 },
  { lines: 2, length: 36 },
  { lines: 2, length: 44 },
];
const MRZ_LINE = /^[A-Z0-9<]+$/;
/** The Madoguchi pre-application code, `MDG1-<Base32 id>-<16 Base32 MAC>` (electron/core/devices/scan/qr-payload.ts). */
const PRE_APPLICATION_CODE = /^MDG1-[A-Z2-7]{8,32}-[A-Z2-7]{16}$/;

export type WedgeScanKind = 'mrz' | 'pre_application';

/** A burst's text (lines joined by '\n', without the final Enter) as far as scans go. */
export type WedgeRecognition =
  /** a whole scan */
  | { readonly kind: WedgeScanKind; readonly complete: true }
  /** the first lines of an MRZ whose last line is still coming */
  | { readonly kind: 'mrz'; readonly complete: false }
  /** not something a counter scanner reads: a person's typing */
  | undefined;

/**
 * Whether a burst's text is recognisably a scan. Only shapes a person cannot produce by accident count: an MRZ
 * (every line the same MRZ length, [A-Z0-9<] with at least one filler '<') or a pre-application code. Case is
 * ignored, as the host ignores it: a wedge scanner with Caps Lock on sends lower case.
 */
export function recogniseWedgeScan(text: string): WedgeRecognition {
  const upper = text.toUpperCase();
  if (PRE_APPLICATION_CODE.test(upper)) return { kind: 'pre_application', complete: true };
  const lines = upper.split('\n');
  if (!upper.includes('<') || !lines.every((line) => MRZ_LINE.test(line))) return undefined;
  for (const shape of MRZ_SHAPES) {
    if (!lines.every((line) => line.length === shape.length)) continue;
    if (lines.length === shape.lines) return { kind: 'mrz', complete: true };
    if (lines.length < shape.lines) return { kind: 'mrz', complete: false };
  }
  return undefined;
}

export interface WedgeScan {
  /** The scanned text; a multi-line read (an MRZ) has its lines joined by '\n', the final Enter removed. */
  readonly text: string;
  readonly kind: WedgeScanKind;
  readonly startedAt: number;
  readonly endedAt: number;
}

/**
 * What one keydown turned out to be.
 * - 'type': the page's key, to be left alone (every key of a person, and every scanner key before its final Enter);
 * - 'hold': an Enter between the lines of an MRZ still arriving: not the page's (it would submit a form);
 * - 'scan': the Enter that ends a scan: not the page's; the scan's text is to be taken back out of the field.
 */
export type WedgeKeyOutcome = {
  /** This key opened a new burst: what the focused field holds now is what a scan would be taken back to. */
  readonly startsBurst: boolean;
} & ({ readonly action: 'type' | 'hold' } | { readonly action: 'scan'; readonly scan: WedgeScan });

export interface WedgeScanDetectorOptions {
  /** The keyboard country the scanner is configured for (its setup barcode), not the PC's. */
  readonly layout: WedgeLayout;
  /**
   * Longest pause between two keys of one scan. Scanners type a key every few ms; auto-repeat of a held key is
   * about 33 ms (and marked as a repeat). Default 30.
   */
  readonly maxGapMs?: number;
  /** Bound on one burst's keys; a longer one is no scan. Default 512 (an MRZ is 92 keys, a pre-application code 55). */
  readonly maxKeys?: number;
}

/**
 * Groups keydowns into bursts (every key at most `maxGapMs` after the previous one) and tells, at each Enter,
 * whether the burst so far is a scan. A multi-line MRZ (line, Enter, line, Enter) stays one burst: its inner
 * Enters are held, its last one ends the scan. A burst with a key no scanner sends (auto-repeat, a key without a
 * character in the layout, a control combination) or with too many keys is no scan. Never throws.
 */
export class WedgeScanDetector {
  readonly #layout: WedgeLayout;
  readonly #maxGapMs: number;
  readonly #maxKeys: number;
  /** The burst's decoded text so far; null once the burst cannot be a scan. */
  #text: string | null = null;
  #keys = 0;
  #startedAt = 0;
  /** The previous key's time; undefined: the next key opens a burst. */
  #last: number | undefined;

  constructor(options: WedgeScanDetectorOptions) {
    this.#layout = options.layout;
    this.#maxGapMs = options.maxGapMs ?? 30;
    this.#maxKeys = options.maxKeys ?? 512;
  }

  push(key: WedgeKey): WedgeKeyOutcome {
    const gap = this.#last === undefined ? Number.NaN : key.timeStamp - this.#last;
    // NaN or a clock going backwards also opens a new burst: such keys were not typed by one scanner in one go.
    const startsBurst = !(gap >= 0 && gap <= this.#maxGapMs);
    if (startsBurst) {
      this.#text = '';
      this.#keys = 0;
      this.#startedAt = key.timeStamp;
    }
    this.#last = key.timeStamp;
    this.#keys += 1;
    if (!isEnter(key)) {
      this.#text = this.#append(key);
      return { startsBurst, action: 'type' };
    }
    const text = this.#text;
    const recognised = key.repeat || this.#keys > this.#maxKeys || text === null ? undefined : recogniseWedgeScan(text);
    if (recognised && !recognised.complete) {
      this.#text = `${text}\n`;
      return { startsBurst, action: 'hold' };
    }
    // Any other Enter ends the burst: what follows it starts afresh.
    this.#last = undefined;
    if (!recognised || text === null) return { startsBurst, action: 'type' };
    return { startsBurst, action: 'scan', scan: { text, kind: recognised.kind, startedAt: this.#startedAt, endedAt: key.timeStamp } };
  }

  /** Forgets the burst (e.g. when the listener stops). */
  reset(): void {
    this.#last = undefined;
    this.#text = null;
  }

  /** The burst's text with this key, or null: auto-repeat, a control combination or a key without a character. */
  #append(key: WedgeKey): string | null {
    if (this.#text === null || key.repeat) return null;
    try {
      return this.#text + decodeWedgeKeys([key], this.#layout);
    } catch {
      return null;
    }
  }
}
