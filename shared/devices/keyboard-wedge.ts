/**
 * Keyboard-wedge scanners: scanners that pretend to be a keyboard and "type" what they read. Supported as a
 * fallback only (HID POS is the way, cards.md §4.1), because what arrives as characters depends on things the
 * scanner does not know:
 * - the OS keyboard layout: the scanner sends key positions for its own configured country, and the OS turns them
 *   into characters with the PC's layout — a US-configured scanner's Shift+2 (`@`) arrives as `"` on a JIS PC;
 * - the IME: with Japanese input on, `a` becomes `あ` and `-` becomes `ー`.
 *
 * So the renderer hands over physical key positions (`KeyboardEvent.code`, which neither the layout nor the IME
 * changes) and this module maps them back through the table of the layout the scanner is configured for.
 * (Unverified on real hardware: Windows with MS-IME on, where keydown's `key` reads "Process" — `code` should
 * still be the position; cards.md §9.5.)
 *
 * The burst detector tells a scan from a person: a scanner types a whole code within a few milliseconds per key
 * and ends it with Enter; a person is far slower. Pure: no DOM, no timers — the caller feeds keydowns and calls
 * `flush` when the keyboard has been quiet.
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

export interface WedgeScan {
  /** The scanned text; a multi-line read (an MRZ) has its lines joined by '\n', the final Enter removed. */
  readonly text: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface WedgeScanDetectorOptions {
  /** The keyboard country the scanner is configured for (its setup barcode), not the PC's. */
  readonly layout: WedgeLayout;
  /**
   * Longest pause between two keys of one scan. Scanners type a key every few ms; auto-repeat of a held key is
   * about 33 ms; people are slower than 50 ms. Default 30.
   */
  readonly maxGapMs?: number;
  /** Fewest characters (before the final Enter) a scan has. Default 2: a stray fast key + Enter is no scan. */
  readonly minLength?: number;
  /** Bound on one burst's keys; a longer one is garbled. Default 8192 (an MRZ is 90, a QR in wedge mode a few hundred). */
  readonly maxKeys?: number;
}

interface Burst {
  readonly keys: readonly WedgeKey[];
  /** The latest key that is not a modifier: a scan's is Enter. */
  readonly end: WedgeKey | undefined;
  readonly overflow: boolean;
}

/**
 * Groups keydowns into bursts and reports the bursts that are scans: every key at most `maxGapMs` after the
 * previous one, the last one Enter. A burst ends when the next key comes later than that — or when `flush` is
 * called after a quiet `maxGapMs` — so a multi-line MRZ (line, Enter, line, Enter) stays one scan.
 * Everything else (a person typing, a held key) is not a scan and is dropped here; the page handles it as usual.
 */
export class WedgeScanDetector {
  readonly #layout: WedgeLayout;
  readonly #maxGapMs: number;
  readonly #minLength: number;
  readonly #maxKeys: number;
  /** The burst so far, up to `maxKeys` of its keys. */
  #keys: WedgeKey[] = [];
  /** The burst's latest key and latest non-modifier key, kept even past the bound: gaps and the final Enter
   *  are judged on them. */
  #last: WedgeKey | undefined;
  #end: WedgeKey | undefined;
  #overflow = false;

  constructor(options: WedgeScanDetectorOptions) {
    this.#layout = options.layout;
    this.#maxGapMs = options.maxGapMs ?? 30;
    this.#minLength = options.minLength ?? 2;
    this.#maxKeys = options.maxKeys ?? 8192;
  }

  /**
   * Feeds one keydown. Returns the scan that this key's lateness has just closed, if the closed burst was one.
   * Throws DeviceError('scan_garbled') when the closed burst was a scan but cannot be decoded; the key itself is
   * kept either way, as the start of the next burst.
   */
  push(key: WedgeKey): WedgeScan | undefined {
    const gap = this.#last === undefined ? 0 : key.timeStamp - this.#last.timeStamp;
    // NaN or a clock going backwards also closes the burst: such keys were not typed by one scanner in one go.
    const closed = this.#last !== undefined && !(gap >= 0 && gap <= this.#maxGapMs) ? this.#take() : undefined;
    if (this.#keys.length < this.#maxKeys) this.#keys.push(key);
    else this.#overflow = true;
    this.#last = key;
    if (!MODIFIERS.has(key.code)) this.#end = key;
    return closed ? this.#judge(closed) : undefined;
  }

  /** Call when no key came for a while (a timer slightly over `maxGapMs`); closes the burst if it is over. */
  flush(now: number): WedgeScan | undefined {
    if (this.#last === undefined || now - this.#last.timeStamp <= this.#maxGapMs) return undefined;
    return this.#judge(this.#take());
  }

  reset(): void {
    this.#take();
  }

  #take(): Burst {
    const burst = { keys: this.#keys, end: this.#end, overflow: this.#overflow };
    this.#keys = [];
    this.#last = undefined;
    this.#end = undefined;
    this.#overflow = false;
    return burst;
  }

  #judge({ keys, end, overflow }: Burst): WedgeScan | undefined {
    if (end === undefined || !isEnter(end) || end.repeat || keys.some((key) => key.repeat)) return undefined;
    if (overflow) throw garbled('scan longer than the key bound');
    const typed = keys.filter((key) => !MODIFIERS.has(key.code)).slice(0, -1); // without the final Enter
    if (typed.length < this.#minLength) return undefined;
    return { text: decodeWedgeKeys(typed, this.#layout), startedAt: keys[0]?.timeStamp ?? end.timeStamp, endedAt: end.timeStamp };
  }
}
