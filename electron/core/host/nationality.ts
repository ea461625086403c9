import countries from 'i18n-iso-countries';

/**
 * A nationality as the register keeps it: ISO 3166-1 alpha-2 (BR, PH, VN…). What reaches the counter is not
 * always that: a passport's MRZ and the residence card give the alpha-3 code (ICAO 9303 writes Germany as a
 * bare `D`), and a 転出証明書 gives the country's name, which the clerk types as it is printed (ブラジル).
 * i18n-iso-countries holds the ISO table and the country names (its Node entry registers every locale); this
 * runs in the host only, so the renderer bundles none of it. Null when nothing here names a country.
 */
export function nationalityCode(given: string | null | undefined): string | null {
  const text = given?.trim() ?? '';
  if (text === '') return null;
  const upper = text.toUpperCase();
  if (upper === 'D') return 'DE';
  if (/^[A-Z]{2}$/.test(upper)) return countries.isValid(upper) ? upper : null;
  if (/^[A-Z]{3}$/.test(upper)) return countries.alpha3ToAlpha2(upper) ?? null;
  return countries.getAlpha2Code(text, 'ja') ?? countries.getAlpha2Code(text, 'en') ?? null;
}
