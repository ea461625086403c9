/**
 * AIM symbology identifiers (ISO/IEC 15424): `]` + a code character + a modifier, sent by the scanner in front of
 * the data. Only the code character names the symbology; the modifier says options (check digit sent, FNC1, ECI…).
 * The host cares about the symbology only to route a scan (a QR may be a pre-application code, an EAN-13 is never
 * one), so unlisted or vendor-private identifiers (`]X`, `]Z`, Honeywell's own) are 'unknown', not an error.
 */
export type Symbology =
  | 'qr'
  | 'datamatrix'
  | 'pdf417'
  | 'aztec'
  | 'maxicode'
  | 'code128'
  | 'gs1-128'
  | 'code39'
  | 'code93'
  | 'codabar'
  | 'itf'
  | 'ean13'
  | 'ean8'
  | 'gs1-databar'
  | 'unknown';

// Case matters: `]d` is Data Matrix, `]e` GS1 DataBar, `]z` Aztec; `]E` is EAN/UPC, `]Z` non-barcode data.
const BY_CODE_CHARACTER: Readonly<Record<string, Symbology>> = {
  Q: 'qr',
  d: 'datamatrix',
  L: 'pdf417',
  z: 'aztec',
  U: 'maxicode',
  A: 'code39',
  G: 'code93',
  F: 'codabar',
  I: 'itf',
  e: 'gs1-databar',
};

/** The symbology an AIM identifier (`]Q1`, `]C0`, `]E4`…) names; '' (no identifier sent) is 'unknown'. */
export function symbologyOfAim(aim: string): Symbology {
  if (aim.length !== 3 || aim[0] !== ']') return 'unknown';
  const code = aim[1] ?? '';
  const modifier = aim[2] ?? '';
  if (code === 'C') return modifier === '1' ? 'gs1-128' : 'code128'; // ]C1: FNC1 in first position = GS1-128
  // ]E0 EAN-13 (UPC-A travels as EAN-13), ]E3 EAN-13 with its add-on, ]E4 EAN-8; ]E1/]E2 are bare add-ons.
  if (code === 'E') return modifier === '4' ? 'ean8' : modifier === '0' || modifier === '3' ? 'ean13' : 'unknown';
  return Object.hasOwn(BY_CODE_CHARACTER, code) ? (BY_CODE_CHARACTER[code] ?? 'unknown') : 'unknown';
}
